// SPDX-License-Identifier: Apache-2.0
// CASE: variable logical shifts of a 64-bit value and a rotate built from two shifts
// VERDICT: allowed
`default_nettype none
module top (
  input  logic [63:0] a_i,
  input  logic [5:0]  sh_i,
  output logic [63:0] l_o,
  output logic [31:0] r_o
);
  assign l_o = a_i << sh_i;
  assign r_o = (a_i[31:0] >> sh_i[4:0]) | (a_i[31:0] << (6'd32 - {1'b0, sh_i[4:0]}));
endmodule
