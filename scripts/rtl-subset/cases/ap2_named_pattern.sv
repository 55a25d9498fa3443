// SPDX-License-Identifier: Apache-2.0
// CASE: named assignment pattern '{a: x, b: y} building a packed struct
// VERDICT: allowed
`default_nettype none
module top (
  input  logic [3:0] a_i,
  input  logic [7:0] b_i,
  output logic [11:0] y_o
);
  typedef struct packed {
    logic [3:0] a;
    logic [7:0] b;
  } pair_t;
  pair_t p;
  assign p = '{b: b_i ^ 8'h0f, a: ~a_i};
  assign y_o = p;
endmodule
