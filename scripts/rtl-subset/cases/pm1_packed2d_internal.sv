// SPDX-License-Identifier: Apache-2.0
// CASE: internal packed 2-D array, element read with a variable index
// VERDICT: allowed
`default_nettype none
module top (
  input  logic [31:0] a_i,
  input  logic [1:0]  sel_i,
  output logic [7:0]  y_o
);
  logic [3:0][7:0] bytes;
  assign bytes = a_i;
  assign y_o   = bytes[sel_i];
endmodule
