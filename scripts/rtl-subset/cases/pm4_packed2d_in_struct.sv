// SPDX-License-Identifier: Apache-2.0
// CASE: packed 2-D array member inside a struct, indexed with a variable
// VERDICT: allowed
`default_nettype none
module top (
  input  logic [33:0] d_i,
  input  logic [1:0]  i_i,
  output logic [7:0]  y_o
);
  typedef struct packed {
    logic [1:0]      sel;
    logic [3:0][7:0] lanes;
  } pkt_t;
  pkt_t p;
  logic [1:0] k;
  assign p   = pkt_t'(d_i);
  assign k   = i_i ^ p.sel;
  assign y_o = p.lanes[k];
endmodule
