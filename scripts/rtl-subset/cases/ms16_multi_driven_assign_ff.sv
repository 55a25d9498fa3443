// SPDX-License-Identifier: Apache-2.0
// CASE: one variable driven by both a continuous assign (one bit) and an always_ff (must be rejected)
// EXPECT: error
// VERDICT: forbidden(lint)
`default_nettype none
module top (
  input  logic       clk_i,
  input  logic [3:0] d_i,
  output logic [3:0] q_o
);
  always_ff @(posedge clk_i) q_o <= d_i;
  assign q_o[1] = 1'b0;
endmodule
