// SPDX-License-Identifier: Apache-2.0
// CASE: size cast N'(expr)
// VERDICT: allowed
`default_nettype none
module top (
  input  logic [7:0]  a_i,
  input  logic [7:0]  b_i,
  output logic [8:0]  s_o,
  output logic [3:0]  t_o
);
  assign s_o = 9'(a_i) + 9'(b_i);
  assign t_o = 4'(a_i ^ b_i);
endmodule
