// SPDX-License-Identifier: Apache-2.0
// CASE: input port with a default value, left unconnected at the instance
// VERDICT: forbidden(port-default)
`default_nettype none
module ms3_sub (
  input  logic [3:0] a_i,
  input  logic       inv_i = 1'b1,
  output logic [3:0] y_o
);
  assign y_o = inv_i ? ~a_i : a_i;
endmodule
module top (
  input  logic [3:0] a_i,
  output logic [3:0] y_o
);
  ms3_sub u_sub (.a_i(a_i), .y_o(y_o));
endmodule
