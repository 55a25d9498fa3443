// SPDX-License-Identifier: Apache-2.0
// CASE: implicit port connections .name and .*
// VERDICT: forbidden(implicit-conn)
`default_nettype none
module ms4_sub (
  input  logic [3:0] a_i,
  input  logic [3:0] b_i,
  output logic [3:0] y_o
);
  assign y_o = a_i - b_i;
endmodule
module top (
  input  logic [3:0] a_i,
  input  logic [3:0] b_i,
  output logic [3:0] y_o,
  output logic [3:0] z_o
);
  ms4_sub u_named (.a_i, .b_i, .y_o);
  ms4_sub u_star (.*, .y_o(z_o));
endmodule
