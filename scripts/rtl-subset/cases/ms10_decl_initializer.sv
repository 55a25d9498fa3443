// SPDX-License-Identifier: Apache-2.0
// CASE: variable declaration initialiser used as the power-up value of a register (no reset)
// VERDICT: forbidden(decl-init)
`default_nettype none
module top (
  input  logic       clk_i,
  input  logic       en_i,
  output logic [3:0] q_o
);
  logic [3:0] cnt_q = 4'd9;
  always_ff @(posedge clk_i) if (en_i) cnt_q <= cnt_q + 4'd1;
  assign q_o = cnt_q;
endmodule
