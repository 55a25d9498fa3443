// SPDX-License-Identifier: Apache-2.0
// CASE: streaming {>>{a, b}} packing two fields on the right-hand side
// VERDICT: allowed
`default_nettype none
module top (
  input  logic [7:0]  a_i,
  input  logic [3:0]  b_i,
  output logic [11:0] y_o
);
  assign y_o = {>>{b_i, a_i}};
endmodule
