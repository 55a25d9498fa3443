// SPDX-License-Identifier: Apache-2.0
// CASE: inside with a set of variables (not constants)
// VERDICT: forbidden(lint)
`default_nettype none
module top (
  input  logic [3:0] a_i,
  input  logic [3:0] b_i,
  input  logic [3:0] c_i,
  output logic       y_o
);
  assign y_o = a_i inside {b_i, c_i, [b_i:c_i]};
endmodule
