// SPDX-License-Identifier: Apache-2.0
// CASE: hierarchical reference to a signal inside a submodule instance (u_sub.t)
// VERDICT: forbidden(hier-ref)
`default_nettype none
module ms9_sub (
  input  logic [3:0] a_i,
  output logic [3:0] y_o
);
  logic [3:0] t;
  assign t   = a_i + 4'd3;
  assign y_o = t ^ 4'hf;
endmodule
module top (
  input  logic [3:0] a_i,
  output logic [3:0] y_o,
  output logic [3:0] t_o
);
  ms9_sub u_sub (.a_i(a_i), .y_o(y_o));
  assign t_o = u_sub.t;
endmodule
