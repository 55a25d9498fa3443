// SPDX-License-Identifier: Apache-2.0
// CASE: `default_nettype none turns a misspelt net into an error (implicit nets are illegal)
// EXPECT: error
// VERDICT: required
`default_nettype none
module top (
  input  logic [3:0] a_i,
  output logic [3:0] y_o
);
  logic [3:0] t;
  assign t   = a_i + 4'd1;
  assign y_o = tt;
endmodule
