// SPDX-License-Identifier: Apache-2.0
// CASE: the real ctx_t in an unpacked array (a small context queue) with field writes by index
// FILES: rtl/pkg/baton_abi_pkg.sv rtl/pkg/baton_pkg.sv
// VERDICT: allowed
`default_nettype none
module top
  import baton_pkg::*;
(
  input  logic        clk_i,
  input  logic        we_i,
  input  logic [1:0]  wa_i,
  input  logic [1:0]  ra_i,
  input  ctx_t        ctx_i,
  input  logic [31:0] sp_i,
  output ctx_t        ctx_o,
  output logic [9:0]  ctx_w_o
);
  assign ctx_w_o = 10'(CtxW);
  ctx_t q_q [4];
  always_ff @(posedge clk_i) begin
    if (we_i) begin
      q_q[wa_i]    <= ctx_i;
      q_q[wa_i].sp <= sp_i;
    end
  end
  assign ctx_o = q_q[ra_i];
endmodule
