// SPDX-License-Identifier: Apache-2.0
// CASE: two-dimensional unpacked array m[4][4] written and read with variable indices
// VERDICT: allowed
`default_nettype none
module top (
  input  logic       clk_i,
  input  logic       we_i,
  input  logic [1:0] r_i,
  input  logic [1:0] c_i,
  input  logic [7:0] d_i,
  output logic [7:0] q_o
);
  logic [7:0] m [4][4];
  always_ff @(posedge clk_i) if (we_i) m[r_i][c_i] <= d_i;
  assign q_o = m[c_i][r_i];
endmodule
