// SPDX-License-Identifier: Apache-2.0
// CASE: ASSERT_INIT with an illegal parameter value: every tool must stop with an error
// EXPECT: error
// VERDICT: required
`default_nettype none
`include "baton_assert.svh"
module top #(
  parameter int unsigned Depth = 6
) (
  input  logic [7:0] a_i,
  output logic [7:0] y_o
);
  `ASSERT_INIT(DepthPow2, Depth > 0 && (Depth & (Depth - 1)) == 0)
  assign y_o = a_i + 8'(Depth);
endmodule
