// SPDX-License-Identifier: Apache-2.0
// CASE: logic signed declarations, sign extension by a size cast and a signed multiply-add
// VERDICT: allowed
`default_nettype none
module top (
  input  logic signed [7:0]  a_i,
  input  logic signed [7:0]  b_i,
  input  logic signed [3:0]  c_i,
  output logic signed [17:0] y_o
);
  logic signed [17:0] ext;
  assign ext = 18'(c_i);
  assign y_o = a_i * b_i + ext;
endmodule
