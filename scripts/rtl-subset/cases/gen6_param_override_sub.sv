// SPDX-License-Identifier: Apache-2.0
// CASE: submodule parameter override #(.W()) and a localparam derived in the child
// VERDICT: allowed
`default_nettype none
module gen6_acc #(
  parameter int unsigned W = 4
) (
  input  logic         clk_i,
  input  logic         rst_ni,
  input  logic [W-1:0] d_i,
  output logic [W-1:0] q_o
);
  localparam logic [W-1:0] Init = W'(W);
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) q_o <= Init;
    else         q_o <= q_o + d_i;
  end
endmodule
module top (
  input  logic       clk_i,
  input  logic       rst_ni,
  input  logic [9:0] d_i,
  output logic [9:0] q_o,
  output logic [2:0] r_o
);
  gen6_acc #(.W(10)) u_wide (.clk_i(clk_i), .rst_ni(rst_ni), .d_i(d_i), .q_o(q_o));
  gen6_acc #(.W(3)) u_narrow (.clk_i(clk_i), .rst_ni(rst_ni), .d_i(d_i[2:0] ^ d_i[9:7]), .q_o(r_o));
endmodule
