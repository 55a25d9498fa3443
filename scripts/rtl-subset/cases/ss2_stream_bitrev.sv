// SPDX-License-Identifier: Apache-2.0
// CASE: streaming operator {<<{x}} for a bit reversal
// VERDICT: allowed
`default_nettype none
module top (
  input  logic [11:0] a_i,
  output logic [11:0] y_o
);
  assign y_o = {<<{a_i}};
endmodule
