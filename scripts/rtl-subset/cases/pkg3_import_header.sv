// SPDX-License-Identifier: Apache-2.0
// CASE: import pkg::* in the module header, used in the port list
// VERDICT: allowed
`default_nettype none
package pkg3_pkg;
  typedef struct packed {
    logic [3:0] a;
    logic [3:0] b;
  } pair_t;
endpackage
module top
  import pkg3_pkg::*;
(
  input  pair_t      p_i,
  output logic [4:0] s_o
);
  assign s_o = {1'b0, p_i.a} + {1'b0, p_i.b};
endmodule
