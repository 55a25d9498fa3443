// SPDX-License-Identifier: Apache-2.0
// CASE: positional assignment pattern '{x, y} on a packed struct
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
  always_comb p = '{a_i + 4'd1, b_i};
  assign y_o = p;
endmodule
