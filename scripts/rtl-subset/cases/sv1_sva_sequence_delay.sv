// SPDX-License-Identifier: Apache-2.0
// CASE: concurrent assertion with a multi-cycle sequence (##1 .. ##2), beyond one-cycle SVA
// VERDICT: forbidden(sva-sequence)
`default_nettype none
module top (
  input  logic clk_i,
  input  logic rst_ni,
  input  logic a_i,
  output logic q_o
);
  always_ff @(posedge clk_i) q_o <= a_i;
`ifndef SYNTHESIS
  a_seq: assert property (@(posedge clk_i) disable iff (!rst_ni) a_i ##1 a_i |-> ##[1:2] q_o);
`endif
endmodule
