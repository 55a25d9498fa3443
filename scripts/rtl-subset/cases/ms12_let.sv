// SPDX-License-Identifier: Apache-2.0
// CASE: let declaration used as a small parameterized expression
// VERDICT: forbidden(let)
`default_nettype none
module top (
  input  logic [7:0] a_i,
  input  logic [7:0] b_i,
  output logic [7:0] y_o
);
  let max8(x, y) = (x > y) ? x : y;
  assign y_o = max8(a_i, b_i);
endmodule
