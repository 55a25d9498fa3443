// SPDX-License-Identifier: Apache-2.0
// CASE: ASSERT_INIT (generate-if + $error) with a legal parameter value: must build
// VERDICT: allowed
`default_nettype none
`include "baton_assert.svh"
module top #(
  parameter int unsigned Depth = 8
) (
  input  logic [7:0] a_i,
  output logic [7:0] y_o
);
  `ASSERT_INIT(DepthPow2, Depth > 0 && (Depth & (Depth - 1)) == 0)
  assign y_o = a_i + 8'(Depth);
endmodule
