// SPDX-License-Identifier: Apache-2.0
// CASE: always_comb with default assignments first, then overrides in if/case
// VERDICT: allowed
`default_nettype none
module top (
  input  logic [1:0] sel_i,
  input  logic [7:0] a_i,
  input  logic [7:0] b_i,
  output logic [7:0] y_o,
  output logic       hit_o
);
  always_comb begin
    y_o   = a_i;
    hit_o = 1'b0;
    if (sel_i[0]) begin
      y_o   = b_i;
      hit_o = 1'b1;
    end
    if (sel_i[1]) y_o = a_i ^ b_i;
  end
endmodule
