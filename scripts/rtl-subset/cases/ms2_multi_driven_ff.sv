// SPDX-License-Identifier: Apache-2.0
// CASE: one variable driven from two always_ff blocks (must be rejected)
// EXPECT: error
// VERDICT: forbidden(synth)
`default_nettype none
module top (
  input  logic       clk_i,
  input  logic       a_en_i,
  input  logic       b_en_i,
  input  logic [3:0] d_i,
  output logic [3:0] q_o
);
  always_ff @(posedge clk_i) if (a_en_i) q_o <= d_i;
  always_ff @(posedge clk_i) if (b_en_i) q_o <= ~d_i;
endmodule
