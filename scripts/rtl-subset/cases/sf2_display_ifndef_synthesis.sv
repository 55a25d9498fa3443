// SPDX-License-Identifier: Apache-2.0
// CASE: $display in always_ff guarded by `ifndef SYNTHESIS, plus an unguarded $display
// VERDICT: allowed
`default_nettype none
module top (
  input  logic       clk_i,
  input  logic       err_i,
  input  logic [7:0] d_i,
  output logic [7:0] q_o
);
  always_ff @(posedge clk_i) begin
    q_o <= d_i;
`ifndef SYNTHESIS
    if (err_i && d_i == 8'hff) $display("guarded message %0d", d_i);
`endif
    if (err_i && d_i == 8'hfe) $display("unguarded message %0d", d_i);
  end
endmodule
