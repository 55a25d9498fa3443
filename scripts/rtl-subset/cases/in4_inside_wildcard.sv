// SPDX-License-Identifier: Apache-2.0
// CASE: inside with a wildcard (?) pattern, which compares with ==?
// VERDICT: allowed
`default_nettype none
module top (
  input  logic [3:0] a_i,
  output logic       y_o
);
  assign y_o = a_i inside {4'b1??0, 4'b0011};
endmodule
