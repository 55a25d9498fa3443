// SPDX-License-Identifier: Apache-2.0
// CASE: combinational unsigned divide and remainder by a variable (8-bit)
// VERDICT: allowed
`default_nettype none
module top (
  input  logic [7:0] a_i,
  input  logic [7:0] b_i,
  output logic [7:0] q_o,
  output logic [7:0] r_o
);
  assign q_o = (b_i == 8'd0) ? 8'hff : a_i / b_i;
  assign r_o = (b_i == 8'd0) ? a_i : a_i % b_i;
endmodule
