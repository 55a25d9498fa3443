// SPDX-License-Identifier: Apache-2.0
// CASE: arithmetic right shift of signed logic and signed comparison
// VERDICT: allowed
`default_nettype none
module top (
  input  logic signed [15:0] a_i,
  input  logic        [3:0]  sh_i,
  output logic signed [15:0] y_o,
  output logic               neg_o
);
  assign y_o   = a_i >>> sh_i;
  assign neg_o = a_i < 16'sd0;
endmodule
