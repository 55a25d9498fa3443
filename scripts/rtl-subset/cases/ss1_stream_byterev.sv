// SPDX-License-Identifier: Apache-2.0
// CASE: streaming operator {<<8{x}} for a byte swap (network byte order)
// VERDICT: allowed
`default_nettype none
module top (
  input  logic [31:0] a_i,
  output logic [31:0] y_o
);
  assign y_o = {<<8{a_i}};
endmodule
