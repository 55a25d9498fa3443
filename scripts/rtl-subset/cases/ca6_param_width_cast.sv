// SPDX-License-Identifier: Apache-2.0
// CASE: size cast with a parameter width W'(x)
// VERDICT: allowed
`default_nettype none
module top #(
  parameter int unsigned W = 5
) (
  input  logic [7:0]   a_i,
  output logic [W-1:0] y_o
);
  assign y_o = W'(a_i) + W'(a_i >> W);
endmodule
