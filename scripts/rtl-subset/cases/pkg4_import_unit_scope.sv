// SPDX-License-Identifier: Apache-2.0
// CASE: import pkg::* at compilation-unit ($unit) scope, outside any module
// VERDICT: forbidden(unit-scope)
`default_nettype none
package pkg4_pkg;
  localparam logic [7:0] Key = 8'h3c;
endpackage
import pkg4_pkg::*;
module top (
  input  logic [7:0] a_i,
  output logic [7:0] y_o
);
  assign y_o = a_i ^ Key;
endmodule
