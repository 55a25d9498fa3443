// SPDX-License-Identifier: Apache-2.0
// CASE: one package importing types from another (package-to-package dependency)
// VERDICT: allowed
`default_nettype none
package pkg8_a_pkg;
  typedef logic [5:0] id_t;
endpackage
package pkg8_b_pkg;
  import pkg8_a_pkg::id_t;
  typedef struct packed {
    id_t        id;
    logic [1:0] prio;
  } tag_t;
endpackage
module top (
  input  pkg8_b_pkg::tag_t t_i,
  output pkg8_a_pkg::id_t  y_o
);
  assign y_o = t_i.id + pkg8_a_pkg::id_t'(t_i.prio);
endmodule
