// SPDX-License-Identifier: Apache-2.0
// CASE: always_ff with active-low asynchronous reset (lowRISC _d/_q style)
// VERDICT: allowed
`default_nettype none
module top (
  input  logic       clk_i,
  input  logic       rst_ni,
  input  logic       en_i,
  input  logic [7:0] d_i,
  output logic [7:0] q_o
);
  logic [7:0] q_d, q_q;
  always_comb begin
    q_d = q_q;
    if (en_i) q_d = q_q + d_i;
  end
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) q_q <= 8'h5a;
    else         q_q <= q_d;
  end
  assign q_o = q_q;
endmodule
