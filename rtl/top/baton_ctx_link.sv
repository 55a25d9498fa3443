// SPDX-License-Identifier: Apache-2.0
// Baton context link (PM10) and completion merge.
//
// Each tile's thread-operation port is split by operation:
//   OpMigrate            -> the context manager's migration channel of that tile (mig_*), as a
//                           mig_req_t with from_thread = 1 (the CM frees the thread in the same
//                           transfer);
//   OpSend/Drop/ToHost/Done -> the completion merge; in the cycle the tile's operation is taken
//                           the CM's free strobe for that tile and thread is raised.
// The completion merge is a locking round-robin arbiter over the tiles' completions and the CM's
// drop output (DropNoPartition, as an OpDrop completion), followed by a spill register, so the
// egress sees one registered valid/ready channel of thread_op_t.
`default_nettype none

`include "baton_assert.svh"

module baton_ctx_link
  import baton_abi_pkg::*;
  import baton_pkg::*;
#(
  parameter int unsigned NumTiles = 4
) (
  input  logic                                clk_i,
  input  logic                                rst_ni,

  // Tiles' thread-operation ports
  input  logic       [NumTiles-1:0]           op_valid_i,
  output logic       [NumTiles-1:0]           op_ready_o,
  input  thread_op_t [NumTiles-1:0]           op_i,

  // Context manager: migrations and free strobes
  output logic       [NumTiles-1:0]           mig_valid_o,
  input  logic       [NumTiles-1:0]           mig_ready_i,
  output mig_req_t   [NumTiles-1:0]           mig_req_o,
  output logic       [NumTiles-1:0]           free_valid_o,
  output logic       [NumTiles-1:0][ThreadW-1:0] free_thread_o,

  // Context manager: contexts it cannot deliver
  input  logic                                drop_valid_i,
  output logic                                drop_ready_o,
  input  ctx_t                                drop_ctx_i,
  input  drop_reason_e                        drop_reason_i,

  // Completions to the egress
  output logic                                cpl_valid_o,
  input  logic                                cpl_ready_i,
  output thread_op_t                          cpl_o,

  // Statistics strobes: a completion of each kind left the merge, a migration was taken
  output logic                                stat_cpl_o,
  output logic       [NumTiles-1:0]           stat_mig_o
);

  `ASSERT_INIT(NumTilesLegal_A, NumTiles >= 1 && NumTiles <= 64)

  localparam int unsigned NumIn = NumTiles + 1;
  localparam int unsigned OpW   = $bits(thread_op_t);
  localparam int unsigned IdxW  = baton_util_pkg::idx_w(NumIn);

  logic       [NumIn-1:0]          arb_valid, arb_ready;
  thread_op_t [NumIn-1:0]          arb_data;
  logic                            merged_valid, merged_ready;
  thread_op_t                      merged;
  logic       [IdxW-1:0]           unused_idx;

  for (genvar t = 0; t < NumTiles; t++) begin : gen_tile
    logic is_mig;
    assign is_mig = (op_i[t].op == OpMigrate);

    assign mig_valid_o[t]            = op_valid_i[t] && is_mig;
    assign mig_req_o[t].from_thread  = 1'b1;
    assign mig_req_o[t].src_tile     = op_i[t].src_tile;
    assign mig_req_o[t].src_thread   = op_i[t].src_thread;
    assign mig_req_o[t].ctx          = op_i[t].ctx;

    assign arb_valid[t] = op_valid_i[t] && !is_mig;
    assign arb_data[t]  = op_i[t];

    assign op_ready_o[t]    = is_mig ? mig_ready_i[t] : arb_ready[t];
    assign free_valid_o[t]  = op_valid_i[t] && !is_mig && arb_ready[t];
    assign free_thread_o[t] = op_i[t].src_thread;
    assign stat_mig_o[t]    = op_valid_i[t] && is_mig && mig_ready_i[t];

    `ASSERT(SrcTileMatches_A, !op_valid_i[t] || (32'(op_i[t].src_tile) == t))
    // The op channel's stability is asserted at its source (baton_tile_opout, OpOut_A); a
    // second copy here makes Verilator 5.006 sample the whole op_i array and emit C++ that does
    // not compile (an undeclared loop variable in the split eval function).
  end : gen_tile

  always_comb begin
    arb_data[NumTiles]            = '0;
    arb_data[NumTiles].op         = OpDrop;
    arb_data[NumTiles].arg        = drop_reason_i;
    arb_data[NumTiles].ctx        = drop_ctx_i;
  end
  assign arb_valid[NumTiles] = drop_valid_i;
  assign drop_ready_o        = arb_ready[NumTiles];

  baton_rr_arb #(
    .N      (NumIn),
    .data_t (thread_op_t),
    .Lock   (1)
  ) u_merge (
    .clk_i       (clk_i),
    .rst_ni      (rst_ni),
    .req_valid_i (arb_valid),
    .req_ready_o (arb_ready),
    .req_data_i  (arb_data),
    .out_valid_o (merged_valid),
    .out_ready_i (merged_ready),
    .out_data_o  (merged),
    .out_idx_o   (unused_idx)
  );

  baton_spill_reg #(
    .Width (OpW)
  ) u_out (
    .clk_i       (clk_i),
    .rst_ni      (rst_ni),
    .in_valid_i  (merged_valid),
    .in_ready_o  (merged_ready),
    .in_data_i   (merged),
    .out_valid_o (cpl_valid_o),
    .out_ready_i (cpl_ready_i),
    .out_data_o  (cpl_o)
  );

  assign stat_cpl_o = cpl_valid_o && cpl_ready_i;

  `ASSERT_STABLE(DropStable_A, drop_valid_i, drop_ready_o, {drop_ctx_i, drop_reason_i})
  `ASSERT_STABLE(CplStable_A, cpl_valid_o, cpl_ready_i, cpl_o)
  `ASSERT(CplNeverMigrate_A, !cpl_valid_o || (cpl_o.op != OpMigrate))

endmodule
