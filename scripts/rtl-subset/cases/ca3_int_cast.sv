// SPDX-License-Identifier: Apache-2.0
// CASE: int'(x) cast in arithmetic, truncated back with a size cast
// VERDICT: allowed
`default_nettype none
module top (
  input  logic [7:0]  a_i,
  input  logic [7:0]  b_i,
  output logic [15:0] y_o
);
  assign y_o = 16'(int'(a_i) * int'(b_i) - 5);
endmodule
