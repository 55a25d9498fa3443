// SPDX-License-Identifier: Apache-2.0
// CASE: one always_ff updating several registers under different enables (datapath not reset)
// VERDICT: allowed
`default_nettype none
module top (
  input  logic       clk_i,
  input  logic       rst_ni,
  input  logic       a_en_i,
  input  logic       b_en_i,
  input  logic [7:0] d_i,
  output logic [7:0] a_o,
  output logic [7:0] b_o,
  output logic       v_o
);
  logic [7:0] a_q, b_q;
  logic       v_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) v_q <= 1'b0;
    else if (a_en_i) v_q <= ~v_q;
  end
  always_ff @(posedge clk_i) begin
    if (a_en_i) a_q <= d_i;
    if (b_en_i) b_q <= a_q + d_i;
  end
  assign a_o = a_q;
  assign b_o = b_q;
  assign v_o = v_q;
endmodule
