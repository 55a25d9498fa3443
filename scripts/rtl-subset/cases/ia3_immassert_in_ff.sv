// SPDX-License-Identifier: Apache-2.0
// CASE: immediate assert inside always_ff guarded by reset
// VERDICT: allowed
`default_nettype none
module top (
  input  logic       clk_i,
  input  logic       rst_ni,
  input  logic [3:0] a_i,
  output logic [3:0] q_o
);
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) q_o <= 4'd1;
    else begin
      q_o <= a_i | 4'd1;
      assert (q_o != 4'd0);
    end
  end
endmodule
