// SPDX-License-Identifier: Apache-2.0
// CASE: explicit net declarations (wire logic, wire) with continuous assignments
// VERDICT: allowed
`default_nettype none
module top (
  input  wire logic [3:0] a_i,
  output wire logic [3:0] y_o
);
  wire logic [3:0] t;
  wire [3:0] u;
  assign t   = a_i ^ 4'h5;
  assign u   = t + 4'd1;
  assign y_o = u;
endmodule
