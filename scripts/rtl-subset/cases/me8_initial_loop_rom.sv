// SPDX-License-Identifier: Apache-2.0
// CASE: ROM contents computed by a for loop in an initial block
// VERDICT: allowed
`default_nettype none
module top (
  input  logic       clk_i,
  input  logic [4:0] a_i,
  output logic [7:0] y_o
);
  logic [7:0] rom [32];
  initial begin
    for (int i = 0; i < 32; i++) rom[i] = 8'((i * 37) ^ (i >> 1));
  end
  always_ff @(posedge clk_i) y_o <= rom[a_i];
endmodule
