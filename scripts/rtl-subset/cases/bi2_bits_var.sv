// SPDX-License-Identifier: Apache-2.0
// CASE: $bits of a variable
// VERDICT: allowed
`default_nettype none
module top (
  input  logic [9:0] d_i,
  output logic [9:0] y_o
);
  logic [$bits(d_i)-1:0] t;
  assign t = {d_i[0], d_i[$bits(d_i)-1:1]};
  assign y_o = t;
endmodule
