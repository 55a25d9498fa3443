// SPDX-License-Identifier: Apache-2.0
// CASE: local packed struct variable, field writes and whole-struct read
// VERDICT: allowed
`default_nettype none
module top (
  input  logic [3:0] a_i,
  input  logic [3:0] b_i,
  output logic [7:0] y_o
);
  typedef struct packed {
    logic [3:0] hi;
    logic [3:0] lo;
  } byte_t;
  byte_t s;
  always_comb begin
    s.hi = a_i & b_i;
    s.lo = a_i | b_i;
  end
  assign y_o = s;
endmodule
