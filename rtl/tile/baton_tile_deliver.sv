// SPDX-License-Identifier: Apache-2.0
// Context delivery (PM4 at the tile, PM12): takes a ctx_t for an idle thread in one cycle and
// finds the entry pc in the next (docs/abi.md section 3, docs/tile.md "Hand-off").
//
//   A (accept)  the thread's context record (baton_tile_ctxbank) and its carried registers
//               (x2, x10..x13 in baton_tile_regfile) are written from ctx_i; the partition slot is
//               found by an associative compare and the entry-table element is read.
//   B (resolve) the entry pc: EntryOffset: base + 4*entry, missing unless pc < end; EntryIndex:
//               the element read in A, missing unless entry < count. The thread becomes ready
//               (or, when missing, ends at once with DROP/DropNoPartition; no instruction runs).
// One delivery can be accepted every cycle; a thread's first instruction can issue in the cycle
// after B.
//
// Engine mode: the partition table is a small associative table of (valid, partition id) slots,
// per-slot words (base, end, {entry count [31:16], entry-table start [15:0]}) held in flip-flops
// so that A needs no RAM read for them, and a RAM (ptab) holding the same words and the entry
// tables (the layout is baton_abi_pkg's Ld*). Bare mode: the context is stored as all zeros, a0 is
// the thread index and the thread starts at BootAddr.
//
// ctx_i is taken in the cycle of ctx_ready_o: ready when the named thread is idle and the
// register file does not write a carried register in that cycle (its five LUT RAMs have one
// write port each), so at most one cycle later than the thread became idle now and then.
`default_nettype none

`include "baton_assert.svh"

module baton_tile_deliver
  import baton_abi_pkg::*;
  import baton_pkg::*;
  import baton_tile_pkg::*;
#(
  parameter int unsigned NumThreads = 4,
  parameter bit          BareMode   = 1'b0,
  parameter int unsigned BootAddr   = 0,
  parameter int unsigned PartSlots  = 4,
  parameter int unsigned PtabWords  = 64,
  localparam int unsigned ThrW      = baton_util_pkg::idx_w(NumThreads),
  localparam int unsigned SlotW     = baton_util_pkg::idx_w(PartSlots),
  localparam int unsigned PtabW     = $clog2(PtabWords)
) (
  input  logic                clk_i,
  input  logic                rst_ni,

  input  logic                ctx_valid_i,
  output logic                ctx_ready_o,
  input  ctx_t                ctx_i,
  input  logic [ThreadW-1:0]  ctx_thread_i,

  input  logic [NumThreads-1:0] thr_idle_i,
  // The register file writes a carried register in this cycle: a load would collide.
  input  logic                hold_i,

  // Loader: partition slots and the ptab RAM.
  input  logic                part_wr_i,
  input  logic [SlotW-1:0]    part_slot_i,
  input  logic                part_valid_i,
  input  logic [PartW-1:0]    part_id_i,
  input  logic                ptab_wr_i,
  input  logic [PtabW-1:0]    ptab_addr_i,
  input  logic [31:0]         ptab_data_i,

  // A: the thread's context record and carried registers.
  output logic                rec_we_o,
  output logic [ThrW-1:0]     rec_thread_o,
  output ctx_t                rec_ctx_o,
  output logic [4:0][31:0]    rec_regs_o,

  // B: the verdict, written as the thread's pending operation.
  output logic                pend_we_o,
  output logic [ThrW-1:0]     pend_thread_o,
  output logic [26:0]         pend_o,

  // To the core: the thread enters StLoad in A, then boots at pc or ends (ok = 0) in B.
  output logic                dlv_start_o,
  output logic [ThrW-1:0]     dlv_start_thread_o,
  output logic                dlv_done_o,
  output logic [ThrW-1:0]     dlv_thread_o,
  output logic                dlv_ok_o,
  output logic [31:0]         dlv_pc_o,
  output logic [PktHandleW-1:0] dlv_handle_o
);

  `ASSERT_INIT(NumThreadsLegal_A, NumThreads >= 1 && NumThreads <= 8)
  `ASSERT_INIT(BootAddrLegal_A, (BootAddr % 4) == 0)
  `ASSERT_INIT(PartSlotsLegal_A, PartSlots >= 1 && PartSlots <= 64)
  `ASSERT_INIT(PtabWordsLegal_A, PtabWords >= LdPtabWordsPerSlot * PartSlots && PtabWords <= 65536 &&
                                 (PtabWords & (PtabWords - 1)) == 0)

  logic start;
  assign start = ctx_valid_i && thr_idle_i[ThrW'(ctx_thread_i)] && !hold_i;

  // ---- Partition slots (associative on the partition id) ----------------------------------------
  logic [PartSlots-1:0]            pv_q;
  logic [PartSlots-1:0][PartW-1:0] pid_q;
  logic                            hit_d;
  logic [SlotW-1:0]                slot_d;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      pv_q <= '0;
    end else if (part_wr_i) begin
      pv_q[part_slot_i] <= part_valid_i;
    end
  end

  always_ff @(posedge clk_i) begin
    if (part_wr_i) pid_q[part_slot_i] <= part_id_i;
  end

  always_comb begin
    hit_d  = 1'b0;
    slot_d = '0;
    for (int unsigned s = 0; s < PartSlots; s++) begin
      if (pv_q[s] && (pid_q[s] == ctx_i.target_part)) begin
        hit_d  = 1'b1;
        slot_d = SlotW'(s);
      end
    end
  end

  // ---- Per-slot words in flip-flops (copies of ptab words 4s+0..2, written by the loader) -------
  logic [PartSlots-1:0][31:0] base_q, end_q, info_q;
  for (genvar s = 0; s < PartSlots; s++) begin : gen_slot
    always_ff @(posedge clk_i) begin
      if (ptab_wr_i && (32'(ptab_addr_i) == s * LdPtabWordsPerSlot + LdPtabWordBase)) base_q[s] <= ptab_data_i;
      if (ptab_wr_i && (32'(ptab_addr_i) == s * LdPtabWordsPerSlot + LdPtabWordEnd)) end_q[s] <= ptab_data_i;
      if (ptab_wr_i && (32'(ptab_addr_i) == s * LdPtabWordsPerSlot + LdPtabWordEntries)) info_q[s] <= ptab_data_i;
    end
  end

  // ---- A: entry-table read ------------------------------------------------------------------
  logic [16:0]      eidx;
  logic [PtabW-1:0] pt_raddr;
  logic [31:0]      pt_rdata, unused_pt_a;
  assign eidx     = 17'(info_q[slot_d][LdPtabEntryCountLsb-1:0]) + 17'(ctx_i.entry);
  assign pt_raddr = PtabW'(eidx);

  baton_ram_2p #(
    .Width (32),
    .Depth (PtabWords)
  ) u_ptab (
    .clk_i     (clk_i),
    .a_req_i   (ptab_wr_i),
    .a_we_i    (1'b1),
    .a_addr_i  (ptab_addr_i),
    .a_wdata_i (ptab_data_i),
    .a_be_i    (1'b1),
    .a_rdata_o (unused_pt_a),
    .b_req_i   (start),
    .b_we_i    (1'b0),
    .b_addr_i  (pt_raddr),
    .b_wdata_i ('0),
    .b_be_i    (1'b1),
    .b_rdata_o (pt_rdata)
  );

  // ---- A -> B register ----------------------------------------------------------------------
  logic                  b_valid_q;
  logic [ThrW-1:0]       b_thr_q;
  logic                  b_hit_q, b_eidx_ok_q;
  logic [SlotW-1:0]      b_slot_q;
  entry_kind_e           b_kind_q;
  logic [EntryW-1:0]     b_entry_q;
  logic [PktHandleW-1:0] b_handle_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      b_valid_q <= 1'b0;
    end else begin
      b_valid_q <= start;
    end
  end

  always_ff @(posedge clk_i) begin
    if (start) begin
      b_thr_q     <= ThrW'(ctx_thread_i);
      b_hit_q     <= hit_d;
      b_slot_q    <= slot_d;
      b_eidx_ok_q <= (32'(eidx) < PtabWords);
      b_kind_q    <= ctx_i.entry_kind;
      b_entry_q   <= ctx_i.entry;
      b_handle_q  <= ctx_i.pkt_handle;
    end
  end

  // ---- B: entry pc ----------------------------------------------------------------------------
  logic [31:0] off_pc, b_base, b_end;
  logic [15:0] b_count;
  logic        entry_ok;
  assign b_base = base_q[b_slot_q];
  assign b_end  = end_q[b_slot_q];
  assign b_count = info_q[b_slot_q][31:LdPtabEntryCountLsb];
  assign off_pc = b_base + {15'd0, b_entry_q, 2'b00};

  always_comb begin
    if (BareMode != 0) begin
      entry_ok = 1'b1;
    end else if (b_kind_q == EntryOffset) begin
      entry_ok = b_hit_q && (off_pc < b_end);
    end else begin
      entry_ok = b_hit_q && b_eidx_ok_q && (16'(b_entry_q) < b_count);
    end
  end

  // ---- Outputs --------------------------------------------------------------------------------
  assign ctx_ready_o        = start;
  assign rec_we_o           = start;
  assign rec_thread_o       = ThrW'(ctx_thread_i);
  assign rec_ctx_o          = (BareMode != 0) ? '0 : ctx_i;
  always_comb begin
    rec_regs_o = '0;
    if (BareMode != 0) begin
      rec_regs_o[1] = 32'(ctx_thread_i);  // a0 = thread index
    end else begin
      rec_regs_o[0] = ctx_i.sp;
      for (int unsigned k = 0; k < 4; k++) rec_regs_o[k + 1] = ctx_i.args[k];
    end
  end

  assign pend_we_o          = b_valid_q;
  assign pend_thread_o      = b_thr_q;
  assign pend_o             = entry_ok ? 27'd0 : {OpDrop, DropNoPartition, 16'd0};

  assign dlv_start_o        = start;
  assign dlv_start_thread_o = ThrW'(ctx_thread_i);
  assign dlv_done_o         = b_valid_q;
  assign dlv_thread_o       = b_thr_q;
  assign dlv_ok_o           = entry_ok;
  assign dlv_pc_o           = (BareMode != 0) ? 32'(BootAddr) :
                              (b_kind_q == EntryOffset) ? off_pc : pt_rdata;
  assign dlv_handle_o       = (BareMode != 0) ? '0 : b_handle_q;

  `ASSERT_STABLE(CtxIn_A, ctx_valid_i, ctx_ready_o, {ctx_i, ctx_thread_i})
  `ASSERT_NEVER(CtxThreadRange_A, ctx_valid_i && (32'(ctx_thread_i) >= NumThreads))
  `ASSERT_NEVER(PartSlotRange_A, part_wr_i && (32'(part_slot_i) >= PartSlots))
  `ASSERT(EntryPcAligned_A, (b_valid_q && entry_ok) |-> (dlv_pc_o[1:0] == 2'b00))
  `ASSERT_NEVER(SameThreadTwice_A, start && b_valid_q && (ThrW'(ctx_thread_i) == b_thr_q))

endmodule
