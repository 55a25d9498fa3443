// SPDX-License-Identifier: Apache-2.0
// CASE: one-cycle concurrent assertion with |=> (guarded by `ifndef SYNTHESIS)
// VERDICT: allowed
`default_nettype none
module top (
  input  logic clk_i,
  input  logic rst_ni,
  input  logic a_i,
  output logic q_o
);
  always_ff @(posedge clk_i) q_o <= a_i;
`ifndef SYNTHESIS
  a_next: assert property (@(posedge clk_i) disable iff (!rst_ni) a_i |=> q_o);
`endif
endmodule
