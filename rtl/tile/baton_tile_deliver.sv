// SPDX-License-Identifier: Apache-2.0
// Context delivery (PM4 at the tile, PM12): takes a ctx_t for an idle thread, writes it into the
// context RAM one word per cycle and finds the entry pc (docs/abi.md section 3).
//
// Engine mode: the partition table is a small associative table of (valid, partition id) slots,
// and a RAM (ptab) holding, for slot s, words 4s+0 = base (code address of the first
// instruction), 4s+1 = end (exclusive), 4s+2 = {entry count [31:16], entry-table start [15:0]};
// entry tables are further ptab words holding entry pcs (the layout is baton_abi_pkg's Ld*). EntryOffset: pc = base + 4*entry,
// missing unless pc < end. EntryIndex: pc = ptab[start + entry], missing unless entry < count.
// A missing partition or entry ends the packet at once with DropNoPartition; no instruction runs.
// Bare mode: the context is stored as all zeros and the thread starts at BootAddr.
//
// The context words are read straight from ctx_i, which the sender holds stable until ready, so
// no input register is needed; ctx_ready_o rises in the last cycle (accepting the transfer).
// Context RAM writes from the pipeline have priority (cw_gnt_i); the sequencer waits for a free
// cycle. Word 15 receives the pending thread operation: 0, or DROP/DropNoPartition when missing.
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
  localparam int unsigned CtxAddrW  = $clog2(NumThreads * CtxWords),
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

  // Loader: partition slots and the ptab RAM.
  input  logic                part_wr_i,
  input  logic [SlotW-1:0]    part_slot_i,
  input  logic                part_valid_i,
  input  logic [PartW-1:0]    part_id_i,
  input  logic                ptab_wr_i,
  input  logic [PtabW-1:0]    ptab_addr_i,
  input  logic [31:0]         ptab_data_i,

  // Context RAM write port (shared, the pipeline has priority).
  output logic                cw_req_o,
  output logic [CtxAddrW-1:0] cw_addr_o,
  output logic [31:0]         cw_data_o,
  input  logic                cw_gnt_i,

  // To the core: the thread enters StLoad at start, then boots at pc or ends (ok = 0).
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

  // ---- Sequencer state ------------------------------------------------------------------------
  // The stored context words are CtxWordPktHandle..CtxWordArg3 (tile id and thread index are
  // constants of the core), written in order, then the pending-operation word; WordAllDone
  // means all are written.
  localparam logic [4:0] WordLastStored = 5'(CtxWordArg3);
  localparam logic [4:0] WordPendOp     = 5'(CtxRamPendOp);
  localparam logic [4:0] WordAllDone    = 5'(CtxWords);
  `ASSERT_INIT(CtxWordOrder_A, CtxWordPktHandle == '0 && CtxWordTileId > CtxWordArg3 &&
                               CtxWordThreadId > CtxWordArg3 && CtxWords <= 16)

  logic            busy_q;
  logic [ThrW-1:0] thr_q;
  logic [4:0]      word_q;     // next context word to write (below)
  logic [2:0]      look_q;     // lookup phase 0..5 (5 = done)

  logic start;
  assign start = !busy_q && ctx_valid_i && thr_idle_i[ThrW'(ctx_thread_i)];

  // ---- Partition slots (associative on the partition id) ----------------------------------------
  logic [PartSlots-1:0]            pv_q;
  logic [PartSlots-1:0][PartW-1:0] pid_q;
  logic                            hit_q;
  logic [SlotW-1:0]                slot_q;
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

  // ---- Partition-table RAM ------------------------------------------------------------------
  logic [PtabW-1:0] pt_raddr;
  logic [31:0]      pt_rdata, unused_pt_a;

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
    .b_req_i   (busy_q),
    .b_we_i    (1'b0),
    .b_addr_i  (pt_raddr),
    .b_wdata_i ('0),
    .b_be_i    (1'b1),
    .b_rdata_o (pt_rdata)
  );

  // Lookup: phase 0 reads base, 1 reads end, 2 reads the entry info, 3 reads the entry-table
  // element, 4 captures it, 5 = done.
  logic [31:0] base_q, end_q, epc_q;
  logic [15:0] count_q;
  logic [16:0] eidx;
  logic        eidx_ok_q;

  assign eidx = 17'(pt_rdata[LdPtabEntryCountLsb-1:0]) + 17'(ctx_i.entry);

  always_comb begin
    unique case (look_q)
      3'd0:    pt_raddr = PtabW'(32'(slot_q) * LdPtabWordsPerSlot + LdPtabWordBase);
      3'd1:    pt_raddr = PtabW'(32'(slot_q) * LdPtabWordsPerSlot + LdPtabWordEnd);
      3'd2:    pt_raddr = PtabW'(32'(slot_q) * LdPtabWordsPerSlot + LdPtabWordEntries);
      default: pt_raddr = PtabW'(eidx);
    endcase
  end

  always_ff @(posedge clk_i) begin
    if (busy_q) begin
      unique case (look_q)
        3'd1: base_q <= pt_rdata;
        3'd2: end_q  <= pt_rdata;
        3'd3: begin
          count_q   <= pt_rdata[31:LdPtabEntryCountLsb];
          eidx_ok_q <= (32'(eidx) < PtabWords);
        end
        3'd4: epc_q <= pt_rdata;
        default: ;
      endcase
    end
  end

  logic [31:0] off_pc;
  logic        entry_ok;
  assign off_pc = base_q + {15'd0, ctx_i.entry, 2'b00};

  always_comb begin
    if (BareMode != 0) begin
      entry_ok = 1'b1;
    end else if (ctx_i.entry_kind == EntryOffset) begin
      entry_ok = hit_q && (off_pc < end_q);
    end else begin
      entry_ok = hit_q && eidx_ok_q && (16'(ctx_i.entry) < count_q);
    end
  end

  // ---- Context words ------------------------------------------------------------------------
  logic [31:0] word_data;
  always_comb begin
    word_data = '0;
    if (BareMode == 0) begin
      unique case (word_q[CtxWordW-1:0])
        CtxWordPktHandle:  word_data = 32'(ctx_i.pkt_handle);
        CtxWordPktLen:     word_data = 32'(ctx_i.pkt_len);
        CtxWordInPort:     word_data = 32'(ctx_i.in_port);
        CtxWordArrival:    word_data = ctx_i.arrival;
        CtxWordSeq:        word_data = 32'(ctx_i.seq);
        CtxWordFlow:       word_data = 32'(ctx_i.flow);
        CtxWordEventType:  word_data = 32'(ctx_i.event_type);
        CtxWordTargetPart: word_data = 32'(ctx_i.target_part);
        CtxWordEntryWord:  word_data = {16'd0, ctx_i.entry_kind, ctx_i.entry};
        CtxWordSp:         word_data = ctx_i.sp;
        CtxWordArg0:       word_data = ctx_i.args[0];
        CtxWordArg1:       word_data = ctx_i.args[1];
        CtxWordArg2:       word_data = ctx_i.args[2];
        CtxWordArg3:       word_data = ctx_i.args[3];
        default: word_data = entry_ok ? 32'd0 : {5'd0, OpDrop, DropNoPartition, 16'd0};
      endcase
    end else if (word_q == WordPendOp) begin
      word_data = 32'd0;
    end
  end

  logic look_done, all_written;
  assign look_done   = (BareMode != 0) || (look_q == 3'd5);
  assign all_written = (word_q == WordAllDone);

  // The pending-operation word depends on the lookup, so it waits for it.
  assign cw_req_o  = busy_q && !all_written && ((word_q != WordPendOp) || look_done);
  assign cw_addr_o = CtxAddrW'((32'(thr_q) << CtxWordW) | 32'(word_q[CtxWordW-1:0]));
  assign cw_data_o = word_data;

  logic finish;
  assign finish = busy_q && all_written && look_done;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      busy_q <= 1'b0;
      thr_q  <= '0;
      word_q <= '0;
      look_q <= '0;
      hit_q  <= 1'b0;
      slot_q <= '0;
    end else begin
      if (start) begin
        busy_q <= 1'b1;
        thr_q  <= ThrW'(ctx_thread_i);
        word_q <= '0;
        look_q <= '0;
        hit_q  <= hit_d;
        slot_q <= slot_d;
      end else if (busy_q) begin
        if (cw_req_o && cw_gnt_i) word_q <= (word_q == WordLastStored) ? WordPendOp : word_q + 5'd1;
        if (look_q != 3'd5) look_q <= look_q + 3'd1;
        if (finish) busy_q <= 1'b0;
      end
    end
  end

  assign ctx_ready_o  = finish;
  assign dlv_start_o  = start;
  assign dlv_start_thread_o = ThrW'(ctx_thread_i);
  assign dlv_done_o   = finish;
  assign dlv_thread_o = thr_q;
  assign dlv_ok_o     = entry_ok;
  assign dlv_pc_o     = (BareMode != 0) ? 32'(BootAddr) :
                        (ctx_i.entry_kind == EntryOffset) ? off_pc : epc_q;
  assign dlv_handle_o = (BareMode != 0) ? '0 : ctx_i.pkt_handle;

  `ASSERT_STABLE(CtxIn_A, ctx_valid_i, ctx_ready_o, {ctx_i, ctx_thread_i})
  `ASSERT_NEVER(CtxThreadRange_A, ctx_valid_i && (32'(ctx_thread_i) >= NumThreads))
  `ASSERT_NEVER(PartSlotRange_A, part_wr_i && (32'(part_slot_i) >= PartSlots))
  `ASSERT(EntryPcAligned_A, (finish && entry_ok) |-> (dlv_pc_o[1:0] == 2'b00))

endmodule
