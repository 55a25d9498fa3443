// SPDX-License-Identifier: Apache-2.0
// CASE: equality of two packed structs and a struct in a ternary
// VERDICT: allowed
`default_nettype none
module top (
  input  logic [7:0] a_i,
  input  logic [7:0] b_i,
  output logic       eq_o,
  output logic [7:0] y_o
);
  typedef struct packed {
    logic [2:0] k;
    logic [4:0] v;
  } kv_t;
  kv_t a, b;
  assign a    = kv_t'(a_i);
  assign b    = kv_t'(b_i);
  assign eq_o = (a == b);
  assign y_o  = (a.k > b.k) ? a : b;
endmodule
