// SPDX-License-Identifier: Apache-2.0
// CASE: package-scoped references pkg::Param and pkg::type_t without import
// VERDICT: allowed
`default_nettype none
package pkg1_pkg;
  localparam int unsigned W = 6;
  typedef logic [W-1:0] word_t;
endpackage
module top (
  input  pkg1_pkg::word_t a_i,
  output pkg1_pkg::word_t y_o
);
  assign y_o = a_i + pkg1_pkg::word_t'(pkg1_pkg::W);
endmodule
