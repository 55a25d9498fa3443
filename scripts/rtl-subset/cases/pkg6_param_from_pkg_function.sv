// SPDX-License-Identifier: Apache-2.0
// CASE: package localparam computed by a package function, used as a module width
// VERDICT: allowed
`default_nettype none
package pkg6_pkg;
  function automatic int unsigned bits_for(int unsigned n);
    return (n <= 1) ? 1 : $clog2(n);
  endfunction
  localparam int unsigned NumQ = 20;
  localparam int unsigned QW   = bits_for(NumQ);
endpackage
module top (
  input  logic [pkg6_pkg::QW-1:0] q_i,
  output logic [pkg6_pkg::QW-1:0] y_o
);
  assign y_o = (q_i == pkg6_pkg::QW'(pkg6_pkg::NumQ - 1)) ? '0 : q_i + 1'b1;
endmodule
