// SPDX-License-Identifier: Apache-2.0
// CASE: the real baton_pkg: $bits(ctx_t) and struct field access through the package
// FILES: rtl/pkg/baton_abi_pkg.sv rtl/pkg/baton_pkg.sv
// VERDICT: allowed
`default_nettype none
module top
  import baton_abi_pkg::*;
  import baton_pkg::*;
(
  input  logic     clk_i,
  input  logic     rst_ni,
  input  logic     valid_i,
  input  mig_req_t req_i,
  output logic [CtxW-1:0] ctx_o,
  output logic [PartW-1:0] part_o,
  output logic     idx_o
);
  ctx_t ctx_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) ctx_q <= '0;
    else if (valid_i) begin
      ctx_q <= req_i.ctx;
      ctx_q.args[0] <= req_i.ctx.args[1] ^ {26'b0, req_i.src_tile};
    end
  end
  assign ctx_o  = ctx_q;
  assign part_o = ctx_q.target_part + PartW'(req_i.src_thread) + PartW'(req_i.from_thread);
  assign idx_o  = (ctx_q.entry_kind == EntryIndex);
endmodule
