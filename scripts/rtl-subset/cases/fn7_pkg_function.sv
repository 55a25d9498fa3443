// SPDX-License-Identifier: Apache-2.0
// CASE: function defined in a package, called with the package scope and via import
// VERDICT: allowed
`default_nettype none
package fn7_pkg;
  function automatic logic [15:0] csum_add(logic [15:0] a, logic [15:0] b);
    logic [16:0] s;
    s = {1'b0, a} + {1'b0, b};
    return s[15:0] + {15'b0, s[16]};
  endfunction
endpackage
module top (
  input  logic [15:0] a_i,
  input  logic [15:0] b_i,
  input  logic [15:0] c_i,
  output logic [15:0] y_o
);
  import fn7_pkg::csum_add;
  assign y_o = fn7_pkg::csum_add(csum_add(a_i, b_i), c_i);
endmodule
