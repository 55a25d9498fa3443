// SPDX-License-Identifier: Apache-2.0
// CASE: '{default: '0} resets a whole unpacked array register
// VERDICT: allowed
`default_nettype none
module top (
  input  logic       clk_i,
  input  logic       rst_ni,
  input  logic       we_i,
  input  logic [1:0] wa_i,
  input  logic [1:0] ra_i,
  input  logic [7:0] d_i,
  output logic [7:0] q_o
);
  logic [7:0] regs_q [4];
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) regs_q <= '{default: '0};
    else if (we_i) regs_q[wa_i] <= d_i;
  end
  assign q_o = regs_q[ra_i];
endmodule
