// SPDX-License-Identifier: Apache-2.0
// CASE: always_ff with synchronous active-low reset
// VERDICT: allowed
`default_nettype none
module top (
  input  logic       clk_i,
  input  logic       rst_ni,
  input  logic [3:0] d_i,
  output logic [3:0] q_o
);
  always_ff @(posedge clk_i) begin
    if (!rst_ni) q_o <= '0;
    else         q_o <= q_o ^ d_i;
  end
endmodule
