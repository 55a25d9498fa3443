// SPDX-License-Identifier: Apache-2.0
// CASE: packed union viewing the same bits as two struct layouts
// VERDICT: allowed
`default_nettype none
module top (
  input  logic [15:0] d_i,
  output logic [7:0]  a_o,
  output logic [3:0]  b_o
);
  typedef struct packed {
    logic [7:0] hi;
    logic [7:0] lo;
  } bytes_t;
  typedef struct packed {
    logic [3:0] n3;
    logic [3:0] n2;
    logic [3:0] n1;
    logic [3:0] n0;
  } nibs_t;
  typedef union packed {
    bytes_t b;
    nibs_t  n;
  } view_u;
  view_u v;
  assign v   = view_u'(d_i);
  assign a_o = v.b.lo + v.b.hi;
  assign b_o = v.n.n2 ^ v.n.n1;
endmodule
