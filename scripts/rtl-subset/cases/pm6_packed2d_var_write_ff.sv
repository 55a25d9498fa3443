// SPDX-License-Identifier: Apache-2.0
// CASE: variable-index write of one element of a packed 2-D register in always_ff
// VERDICT: allowed
`default_nettype none
module top (
  input  logic            clk_i,
  input  logic            rst_ni,
  input  logic            we_i,
  input  logic [1:0]      i_i,
  input  logic [7:0]      d_i,
  output logic [3:0][7:0] q_o
);
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) q_o <= '0;
    else if (we_i) q_o[i_i] <= d_i;
  end
endmodule
