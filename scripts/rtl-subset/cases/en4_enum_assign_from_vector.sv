// SPDX-License-Identifier: Apache-2.0
// CASE: implicit assignment of a plain vector to an enum variable (illegal without a cast)
// VERDICT: forbidden(lint)
`default_nettype none
module top (
  input  logic [1:0] d_i,
  output logic [1:0] y_o
);
  typedef enum logic [1:0] {
    A = 2'd0,
    B = 2'd1,
    C = 2'd2,
    D = 2'd3
  } abc_e;
  abc_e e;
  always_comb e = d_i;
  assign y_o = e;
endmodule
