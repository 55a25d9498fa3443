// SPDX-License-Identifier: Apache-2.0
// CASE: $bits of a package type sets a port width
// VERDICT: allowed
`default_nettype none
package bi3_pkg;
  typedef struct packed {
    logic [2:0] k;
    logic [8:0] v;
  } kv_t;
endpackage
module top (
  input  logic [$bits(bi3_pkg::kv_t)-1:0] d_i,
  output logic [$bits(bi3_pkg::kv_t)-1:0] y_o
);
  assign y_o = ~d_i;
endmodule
