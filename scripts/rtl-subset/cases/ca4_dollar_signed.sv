// SPDX-License-Identifier: Apache-2.0
// CASE: $signed/$unsigned system functions in a sign-extending multiply
// VERDICT: allowed
`default_nettype none
module top (
  input  logic [7:0]  a_i,
  input  logic [7:0]  b_i,
  output logic [15:0] y_o
);
  assign y_o = $signed(a_i) * $signed(b_i);
endmodule
