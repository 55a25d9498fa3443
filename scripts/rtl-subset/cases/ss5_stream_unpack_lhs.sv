// SPDX-License-Identifier: Apache-2.0
// CASE: streaming operator on the left-hand side, {<<8{a, b}} = x
// VERDICT: allowed
`default_nettype none
module top (
  input  logic [15:0] a_i,
  output logic [7:0]  hi_o,
  output logic [7:0]  lo_o
);
  always_comb {<<8{hi_o, lo_o}} = a_i;
endmodule
