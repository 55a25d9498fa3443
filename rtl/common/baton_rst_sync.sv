// SPDX-License-Identifier: Apache-2.0
// Reset synchronizer: asserts asynchronously, deasserts synchronously.
//
// rst_no falls as soon as rst_ni falls (no clock needed) and rises on the Stages-th rising clock
// edge after rst_ni rises, so every flop it feeds leaves reset on the same edge.
`default_nettype none

`include "baton_assert.svh"

module baton_rst_sync #(
  parameter int unsigned Stages = 2
) (
  input  logic clk_i,
  input  logic rst_ni,   // asynchronous reset in
  output logic rst_no    // synchronized reset out
);

  `ASSERT_INIT(StagesLegal_A, Stages >= 2)

  (* async_reg = "true" *) logic [Stages-1:0] sync_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      sync_q <= '0;
    end else begin
      sync_q <= {sync_q[Stages-2:0], 1'b1};
    end
  end

  assign rst_no = sync_q[Stages-1];

endmodule
