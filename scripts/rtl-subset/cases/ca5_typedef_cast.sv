// SPDX-License-Identifier: Apache-2.0
// CASE: cast to a typedef (word_t'(x)) and to a struct type
// VERDICT: allowed
`default_nettype none
module top (
  input  logic [5:0]  a_i,
  output logic [11:0] y_o,
  output logic [1:0]  hi_o,
  output logic [3:0]  lo_o
);
  typedef logic [11:0] word_t;
  typedef struct packed {
    logic [1:0] hi;
    logic [3:0] lo;
  } split_t;
  split_t s;
  assign y_o  = word_t'(a_i) << 3;
  assign s    = split_t'(a_i);
  assign hi_o = s.hi;
  assign lo_o = s.lo;
endmodule
