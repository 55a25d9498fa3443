// SPDX-License-Identifier: Apache-2.0
// CASE: unpacked array of structs, field read with constant indices
// VERDICT: allowed
`default_nettype none
module top (
  input  logic       clk_i,
  input  logic       we_i,
  input  logic [1:0] wa_i,
  input  logic [11:0] d_i,
  output logic [3:0] t0_o,
  output logic [7:0] d3_o
);
  typedef struct packed {
    logic [3:0] tag;
    logic [7:0] data;
  } ent_t;
  ent_t tab_q [4];
  always_ff @(posedge clk_i) if (we_i) tab_q[wa_i] <= ent_t'(d_i);
  assign t0_o = tab_q[0].tag;
  assign d3_o = tab_q[3].data;
endmodule
