// SPDX-License-Identifier: Apache-2.0
// CASE: static cast of a vector to an enum type, state_e'(x)
// VERDICT: allowed
`default_nettype none
module top (
  input  logic [1:0] d_i,
  output logic [1:0] y_o,
  output logic       is_b_o
);
  typedef enum logic [1:0] {
    A = 2'd0,
    B = 2'd1,
    C = 2'd2,
    D = 2'd3
  } abc_e;
  abc_e e;
  assign e      = abc_e'(d_i ^ 2'b01);
  assign is_b_o = (e == B);
  assign y_o    = e;
endmodule
