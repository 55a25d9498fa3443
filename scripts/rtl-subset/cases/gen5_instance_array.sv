// SPDX-License-Identifier: Apache-2.0
// CASE: array of instances (u_x[3:0]) with vector port slicing
// VERDICT: allowed
`default_nettype none
module gen5_inv (
  input  logic [1:0] a_i,
  output logic [1:0] y_o
);
  assign y_o = ~a_i + 2'd1;
endmodule
module top (
  input  logic [7:0] a_i,
  output logic [7:0] y_o
);
  gen5_inv u_inv [3:0] (
    .a_i(a_i),
    .y_o(y_o)
  );
endmodule
