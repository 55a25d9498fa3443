// SPDX-License-Identifier: Apache-2.0
// CASE: inside with a range and single values in an expression
// VERDICT: allowed
`default_nettype none
module top (
  input  logic [7:0] a_i,
  output logic       y_o
);
  assign y_o = a_i inside {[8'd10:8'd20], 8'd33, 8'd200};
endmodule
