// SPDX-License-Identifier: Apache-2.0
// CASE: one-cycle SVA with $past, $stable, $rose and $fell
// VERDICT: allowed
`default_nettype none
module top (
  input  logic       clk_i,
  input  logic       rst_ni,
  input  logic       a_i,
  input  logic [3:0] d_i,
  output logic       q_o,
  output logic [3:0] r_o
);
  always_ff @(posedge clk_i) begin
    q_o <= a_i;
    r_o <= d_i;
  end
`ifndef SYNTHESIS
  a_past:   assert property (@(posedge clk_i) disable iff (!rst_ni) q_o == $past(a_i));
  a_stable: assert property (@(posedge clk_i) disable iff (!rst_ni) $stable(r_o) || !$stable(r_o));
  a_rose:   assert property (@(posedge clk_i) disable iff (!rst_ni) $rose(q_o) |-> q_o);
  a_fell:   assert property (@(posedge clk_i) disable iff (!rst_ni) $fell(q_o) |-> !q_o);
`endif
endmodule
