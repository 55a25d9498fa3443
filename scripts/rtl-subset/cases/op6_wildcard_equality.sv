// SPDX-License-Identifier: Apache-2.0
// CASE: wildcard equality ==? with a don't-care mask constant
// VERDICT: allowed
`default_nettype none
module top (
  input  logic [7:0] a_i,
  output logic       y_o,
  output logic       n_o
);
  assign y_o = (a_i ==? 8'b1x0x_zz11);
  assign n_o = (a_i !=? 8'b0000_xxx1);
endmodule
