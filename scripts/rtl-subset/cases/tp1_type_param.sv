// SPDX-License-Identifier: Apache-2.0
// CASE: type parameter (parameter type T) with a default, used for a register stage
// VERDICT: allowed
`default_nettype none
module tp1_reg #(
  parameter type T = logic [7:0]
) (
  input  logic clk_i,
  input  T     d_i,
  output T     q_o
);
  always_ff @(posedge clk_i) q_o <= d_i;
endmodule
module top (
  input  logic       clk_i,
  input  logic [7:0] d_i,
  output logic [7:0] q_o
);
  tp1_reg u_reg (.clk_i(clk_i), .d_i(d_i), .q_o(q_o));
endmodule
