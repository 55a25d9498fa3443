// SPDX-License-Identifier: Apache-2.0
// CASE: the project macros ASSERT, ASSERT_NEVER, ASSERT_KNOWN, ASSERT_STABLE and ASSERT_INIT
// VERDICT: allowed
`default_nettype none
`include "baton_assert.svh"
module top #(
  parameter int unsigned Depth = 4
) (
  input  logic       clk_i,
  input  logic       rst_ni,
  input  logic       valid_i,
  input  logic [7:0] data_i,
  input  logic       ready_i,
  output logic       valid_o,
  output logic [7:0] data_o
);
  logic       valid_q;
  logic [7:0] data_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) valid_q <= 1'b0;
    else if (!valid_q || ready_i) valid_q <= valid_i;
  end
  always_ff @(posedge clk_i) begin
    if (!valid_q || ready_i) data_q <= data_i;
  end
  assign valid_o = valid_q;
  assign data_o  = data_q;
  `ASSERT_INIT(DepthPow2, Depth > 0 && (Depth & (Depth - 1)) == 0)
  `ASSERT(ValidKnownAfterReset, valid_q == 1'b0 || valid_q == 1'b1, clk_i, rst_ni)
  `ASSERT_NEVER(NeverBoth, valid_q && !valid_q, clk_i, rst_ni)
  `ASSERT_KNOWN(ValidKnown, valid_o, clk_i, rst_ni)
  `ASSERT_STABLE(OutHs, valid_o, ready_i, data_o, clk_i, rst_ni)
endmodule
