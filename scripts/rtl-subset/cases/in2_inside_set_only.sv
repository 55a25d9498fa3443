// SPDX-License-Identifier: Apache-2.0
// CASE: inside with a set of constants (no ranges)
// VERDICT: allowed
`default_nettype none
module top (
  input  logic [3:0] a_i,
  output logic       y_o
);
  assign y_o = a_i inside {4'd1, 4'd3, 4'd7, 4'd15};
endmodule
