// SPDX-License-Identifier: Apache-2.0
// CASE: typedef of a packed 2-D array used on ports and a bit select of an element
// VERDICT: allowed
`default_nettype none
module top (
  input  logic [15:0] a_i,
  input  logic [1:0]  sel_i,
  input  logic [1:0]  bit_i,
  output logic        y_o,
  output logic [15:0] r_o
);
  typedef logic [3:0][3:0] nibbles_t;
  nibbles_t n;
  assign n   = nibbles_t'(a_i);
  assign y_o = n[sel_i][bit_i];
  assign r_o = {n[0], n[1], n[2], n[3]};
endmodule
