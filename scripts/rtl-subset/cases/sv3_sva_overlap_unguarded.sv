// SPDX-License-Identifier: Apache-2.0
// CASE: concurrent assertion with |-> NOT guarded by `ifndef SYNTHESIS (seen by synthesis)
// VERDICT: forbidden(synth)
`default_nettype none
module top (
  input  logic clk_i,
  input  logic rst_ni,
  input  logic a_i,
  output logic q_o
);
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) q_o <= 1'b0;
    else         q_o <= a_i;
  end
  a_same: assert property (@(posedge clk_i) disable iff (!rst_ni) a_i |-> a_i);
endmodule
