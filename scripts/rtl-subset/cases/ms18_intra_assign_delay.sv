// SPDX-License-Identifier: Apache-2.0
// CASE: intra-assignment delay (q <= #1 d) in RTL
// VERDICT: forbidden(delay)
`default_nettype none
module top (
  input  logic       clk_i,
  input  logic [3:0] d_i,
  output logic [3:0] q_o
);
  always_ff @(posedge clk_i) q_o <= #1 d_i;
endmodule
