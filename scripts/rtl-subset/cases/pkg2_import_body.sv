// SPDX-License-Identifier: Apache-2.0
// CASE: import pkg::* inside the module body
// VERDICT: allowed
`default_nettype none
package pkg2_pkg;
  localparam logic [7:0] Magic = 8'ha5;
  typedef logic [7:0] byte_t;
endpackage
module top (
  input  logic [7:0] a_i,
  output logic [7:0] y_o
);
  import pkg2_pkg::*;
  byte_t t;
  assign t   = a_i ^ Magic;
  assign y_o = t;
endmodule
