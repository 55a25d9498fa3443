// SPDX-License-Identifier: Apache-2.0
// CASE: $readmemh into a memory whose element type is a packed struct
// VERDICT: allowed
`default_nettype none
module top (
  input  logic       clk_i,
  input  logic [2:0] a_i,
  output logic [3:0] hi_o,
  output logic [7:0] lo_o
);
  typedef struct packed {
    logic [3:0] hi;
    logic [7:0] lo;
  } w_t;
  w_t rom [8];
  initial $readmemh("me9_readmemh_struct.hex", rom);
  w_t q;
  always_ff @(posedge clk_i) q <= rom[a_i];
  assign hi_o = q.hi;
  assign lo_o = q.lo;
endmodule
