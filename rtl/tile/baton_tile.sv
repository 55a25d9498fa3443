// SPDX-License-Identifier: Apache-2.0
// Baton processing tile (PM2, PM3, PM9, PM12, PM14, PM15): a barrel-threaded RV32IM(+Zbb) core
// with NumThreads hardware threads, its paged instruction memory, tile-local scratch/workspace
// memory, per-thread contexts, a shared-memory port, a context-in port and a thread-operation
// port. The contract with firmware and with the ISS is docs/abi.md; the micro-architecture is
// described in docs/tile.md.
//
// Ports
//   ctx_*      context delivery: ctx_t plus the thread index chosen by the context manager; taken
//              in the cycle it is offered when that thread is idle (thread_idle_o) and the core
//              does not write a carried register (x2, x10..x13) in that cycle, one per cycle; the
//              thread's first instruction issues two cycles later.
//   op_*       thread operations (MIGRATE/SEND/DROP/TO_HOST/DONE, faults as DROP), offered in the
//              cycle after the thread's last instruction leaves execute when the port is free;
//              the thread is idle again in the cycle after the transfer.
//   dmem_*     shared memory (packet, stack, rodata, data windows; bare mode: DMEM): one request
//              channel, performed in order of acceptance; reads are answered on the response
//              channel (valid/ready), tagged with the thread, at least one cycle after their
//              request, in any order across threads; writes have no response.
//   ld_*       loader: kind 0 IMEM word (addr = word index), 1 page slot (addr = slot,
//              data = {resident [31], code page number}), 2 partition slot (addr = slot,
//              data = {valid [31], partition id [7:0]}), 3 partition-table word (addr = index).
//   perf_*     events for counters and benchmarks: issue, retire count, the first instruction of
//              a delivered context (start) and a retired MIGRATE (mig), with the packet handle.
//   rvfi_*     retire port, two lanes, only with `define BATON_RVFI (simulation).
`default_nettype none

`include "baton_assert.svh"

module baton_tile
  import baton_abi_pkg::*;
  import baton_pkg::*;
  import baton_tile_pkg::*;
#(
  parameter int unsigned NumThreads     = TileDefNumThreads,
  parameter int unsigned TileId         = 0,
  parameter int unsigned NumPorts       = TileDefNumPorts,
  parameter bit          Zbb            = 1'b1,
  parameter bit          BareMode       = 1'b0,
  parameter int unsigned BootAddr       = 0,
  parameter int unsigned WatchdogBudget = TileDefWatchdogBudget,
  parameter int unsigned CodeBytes      = WinCodeBytes,
  parameter int unsigned PageBytes      = TileDefPageBytes,
  parameter int unsigned ImemBytes      = 4096,
  parameter int unsigned ScratchBytes   = WinScratchBytes,
  parameter int unsigned WorkspaceBytes = WinWorkspaceBytes,
  parameter int unsigned PacketBytes    = WinPktBytes,
  parameter int unsigned StackBytes     = WinStackBytes,
  parameter int unsigned RodataBytes    = WinRodataBytes,
  parameter int unsigned DataBytes      = WinDataBytes,
  parameter int unsigned DmemBytes      = WinBareDmemBytes,
  parameter int unsigned PartSlots      = 4,
  parameter int unsigned PtabWords      = 64,
  parameter bit          FlowState      = 1'b0,  // flow-state bank, lookup registers, pull and write-back
  localparam int unsigned LdAddrW       = 24
) (
  input  logic                   clk_i,
  input  logic                   rst_ni,

  input  logic                   ctx_valid_i,
  output logic                   ctx_ready_o,
  input  ctx_t                   ctx_i,
  input  logic [ThreadW-1:0]     ctx_thread_i,
  output logic [NumThreads-1:0]  thread_idle_o,

  output logic                   op_valid_o,
  input  logic                   op_ready_i,
  output thread_op_t             op_o,

  // Flow state (FlowState; docs/flow-state.md "Engine integration"): workspace pulls, their
  // answers (broadcast, addressed by tile), write-backs.
  output logic                   fs_pull_valid_o,
  input  logic                   fs_pull_ready_i,
  output baton_lookup_pkg::lk_pull_t     fs_pull_o,
  input  logic                   fs_rsp_valid_i,
  input  baton_lookup_pkg::lk_pull_rsp_t fs_rsp_i,
  output logic                   fs_wb_valid_o,
  input  logic                   fs_wb_ready_i,
  output baton_lookup_pkg::lk_wb_t       fs_wb_o,
  output logic                   fs_cmd_valid_o,
  input  logic                   fs_cmd_ready_i,
  output baton_lookup_pkg::lk_fw_cmd_t   fs_cmd_o,

  output logic                   dmem_req_valid_o,
  input  logic                   dmem_req_ready_i,
  output logic                   dmem_req_we_o,
  output logic [31:0]            dmem_req_addr_o,
  output logic [3:0]             dmem_req_be_o,
  output logic [31:0]            dmem_req_wdata_o,
  output logic [ThreadW-1:0]     dmem_req_thread_o,
  output logic [PktHandleW-1:0]  dmem_req_handle_o,
  input  logic                   dmem_rsp_valid_i,
  output logic                   dmem_rsp_ready_o,
  input  logic [ThreadW-1:0]     dmem_rsp_thread_i,
  input  logic [31:0]            dmem_rsp_rdata_i,

  input  logic                   ld_valid_i,
  output logic                   ld_ready_o,
  input  logic [1:0]             ld_kind_i,
  input  logic [LdAddrW-1:0]     ld_addr_i,
  input  logic [31:0]            ld_data_i,

  output logic                   perf_issue_o,
  output logic [1:0]             perf_retire_o,
  output logic                   perf_start_o,
  output logic [PktHandleW-1:0]  perf_start_handle_o,
  output logic                   perf_mig_o,
  output logic [PktHandleW-1:0]  perf_mig_handle_o

`ifdef BATON_RVFI
  ,
  output logic [1:0]             rvfi_valid_o,
  output logic [1:0][ThreadW-1:0] rvfi_thread_o,
  output logic [1:0][31:0]       rvfi_pc_o,
  output logic [1:0][31:0]       rvfi_insn_o,
  output logic [1:0][31:0]       rvfi_pc_next_o,
  output logic [1:0][4:0]        rvfi_rs1_o,
  output logic [1:0][31:0]       rvfi_rs1_val_o,
  output logic [1:0][4:0]        rvfi_rs2_o,
  output logic [1:0][31:0]       rvfi_rs2_val_o,
  output logic [1:0][4:0]        rvfi_rd_o,
  output logic [1:0][31:0]       rvfi_rd_val_o,
  output logic [1:0][31:0]       rvfi_mem_addr_o,
  output logic [1:0][3:0]        rvfi_mem_rmask_o,
  output logic [1:0][3:0]        rvfi_mem_wmask_o,
  output logic [1:0][31:0]       rvfi_mem_rdata_o,
  output logic [1:0][31:0]       rvfi_mem_wdata_o,
  output logic [1:0][3:0]        rvfi_trap_o,
  output logic [1:0][31:0]       rvfi_tval_o,
  output logic [1:0]             rvfi_end_o
`endif
);

  `ASSERT_INIT(NumThreadsLegal_A, NumThreads >= 1 && NumThreads <= 8)
  `ASSERT_INIT(TileIdLegal_A, TileId < 64)
  `ASSERT_INIT(NumPortsLegal_A, NumPorts >= 1 && NumPorts <= 16)
  `ASSERT_INIT(BootAddrLegal_A, (BootAddr % 4) == 0)
  `ASSERT_INIT(WatchdogBudgetLegal_A, WatchdogBudget < 32'h8000_0000)
  `ASSERT_INIT(CodeBytesLegal_A, CodeBytes <= (32'd1 << WindowShift))
  `ASSERT_INIT(PageBytesLegal_A, PageBytes >= 64)
  `ASSERT_INIT(ImemBytesLegal_A, ImemBytes >= 8 && (ImemBytes / 4) <= (1 << LdAddrW))
  `ASSERT_INIT(ScratchBytesLegal_A, ScratchBytes >= 4)
  `ASSERT_INIT(WorkspaceBytesLegal_A, WorkspaceBytes >= 4)
  `ASSERT_INIT(PacketBytesLegal_A, PacketBytes >= 4 && PacketBytes <= 65536)
  `ASSERT_INIT(StackBytesLegal_A, StackBytes >= 4)
  `ASSERT_INIT(RodataBytesLegal_A, RodataBytes <= (32'd1 << WindowShift))
  `ASSERT_INIT(DataBytesLegal_A, DataBytes <= (32'd1 << WindowShift))
  `ASSERT_INIT(DmemBytesLegal_A, DmemBytes <= (32'd1 << WindowShift))
  `ASSERT_INIT(PartSlotsLegal_A, PartSlots >= 1 && PartSlots <= 64)
  `ASSERT_INIT(PtabWordsLegal_A, PtabWords >= 4 * PartSlots && PtabWords <= 65536)

  localparam int unsigned ThrW        = baton_util_pkg::idx_w(NumThreads);
  localparam int unsigned ImemWords   = ImemBytes / 4;
  localparam int unsigned ImemWordW   = baton_util_pkg::idx_w(ImemWords);
  localparam int unsigned ImemSlots   = (BareMode != 0) ? 1 : ImemBytes / PageBytes;
  localparam int unsigned ImemSlotW   = baton_util_pkg::idx_w(ImemSlots);
  localparam int unsigned TagW        = ($clog2(CodeBytes) > $clog2(PageBytes)) ?
                                        $clog2(CodeBytes) - $clog2(PageBytes) : 1;
  localparam int unsigned SlotW       = baton_util_pkg::idx_w(PartSlots);
  localparam int unsigned PtabW       = $clog2(PtabWords);
  localparam int unsigned RegionBytes = (ScratchBytes > WorkspaceBytes) ? ScratchBytes
                                                                        : WorkspaceBytes;
  localparam int unsigned RegionWords = 1 << $clog2(RegionBytes / 4);
  localparam int unsigned LocDepth    = NumThreads * 2 * RegionWords;
  localparam int unsigned LocAddrW    = $clog2(LocDepth);

  // ---- Loader ---------------------------------------------------------------------------------
  logic ld_imem, ld_map, ld_part, ld_ptab;
  assign ld_ready_o = 1'b1;
  assign ld_imem    = ld_valid_i && (ld_kind_i == LdKindImem);
  assign ld_map     = ld_valid_i && (ld_kind_i == LdKindPageSlot);
  assign ld_part    = ld_valid_i && (ld_kind_i == LdKindPartSlot);
  assign ld_ptab    = ld_valid_i && (ld_kind_i == LdKindPtab);

  // ---- Instruction memory ---------------------------------------------------------------------
  logic [31:0] fetch_pc, fetch_insn;
  logic        fetch_hit;

  baton_tile_imem #(
    .BareMode  (BareMode),
    .CodeBytes (CodeBytes),
    .PageBytes (PageBytes),
    .ImemBytes (ImemBytes)
  ) u_imem (
    .clk_i          (clk_i),
    .rst_ni         (rst_ni),
    .fetch_pc_i     (fetch_pc),
    .hit_o          (fetch_hit),
    .rdata_o        (fetch_insn),
    .wr_i           (ld_imem),
    .wr_word_i      (ImemWordW'(ld_addr_i)),
    .wr_data_i      (ld_data_i),
    .map_i          (ld_map),
    .map_slot_i     (ImemSlotW'(ld_addr_i)),
    .map_resident_i (ld_data_i[LdSlotValidBit]),
    .map_page_i     (TagW'(ld_data_i))
  );

  // ---- Context records: one per thread -----------------------------------------------------------
  logic                        rec_we, pend_dlv_we, pend_core_we, len_we;
  logic [ThrW-1:0]             rec_thread, pend_dlv_thread, pend_core_thread, len_thread;
  ctx_t                        rec_ctx;
  logic [26:0]                 pend_dlv, pend_core;
  logic [PktLenW-1:0]          len_val;
  logic [ThrW-1:0]             sel_thread, ld_thread;
  ctx_t                        sel_ctx, ld_ctx;
  logic [26:0]                 sel_pend;

  baton_tile_ctxbank #(
    .NumThreads (NumThreads)
  ) u_ctxbank (
    .clk_i             (clk_i),
    .rst_ni            (rst_ni),
    .dlv_we_i          (rec_we),
    .dlv_thread_i      (rec_thread),
    .dlv_ctx_i         (rec_ctx),
    .dlv_pend_we_i     (pend_dlv_we),
    .dlv_pend_thread_i (pend_dlv_thread),
    .dlv_pend_i        (pend_dlv),
    .len_we_i          (len_we),
    .len_thread_i      (len_thread),
    .len_i             (len_val),
    .pend_we_i         (pend_core_we),
    .pend_thread_i     (pend_core_thread),
    .pend_i            (pend_core),
    .a_thread_i        (sel_thread),
    .a_ctx_o           (sel_ctx),
    .a_pend_o          (sel_pend),
    .b_thread_i        (ld_thread),
    .b_ctx_o           (ld_ctx)
  );

  // ---- Tile-local memory: scratch and workspace of every thread ----------------------------------
  // (ram_rdata is the RAM's; lm_rdata the core's, which the flow-state bank answers for its words.)
  logic                dlv_in_valid, dlv_in_ready, opu_valid, opu_ready;
  logic                fs_req, fs_reg, fs_rd_q;
  logic [ThrW-1:0]     fs_thread;
  logic [2:0]          fs_word;
  logic [31:0]         fs_rdata, ram_rdata;
  logic                lm_req, lm_we;
  logic [LocAddrW-1:0] lm_addr;
  logic [3:0]          lm_be;
  logic [31:0]         lm_wdata, lm_rdata;

  baton_ram_1p #(
    .Width  (32),
    .Depth  (LocDepth),
    .ByteEn (1)
  ) u_local_ram (
    .clk_i   (clk_i),
    .req_i   (lm_req),
    .we_i    (lm_we),
    .addr_i  (lm_addr),
    .wdata_i (lm_wdata),
    .be_i    (lm_be),
    .rdata_o (ram_rdata)
  );

  // ---- Flow state: the state bank and registers, pulls and write-backs ----------------------------
  // The core's request register carries lookup-window stores below the scratchpad (the command
  // registers) as well: those go to the flow-state unit, everything else to the interconnect.
  logic c_req_valid, c_req_ready, c_req_cmd, cmd_ready;
  assign c_req_cmd        = FlowState && (dmem_req_addr_o[31:WindowShift] == WinLookupSel) &&
                            (32'(dmem_req_addr_o[WindowShift-1:0]) < FsScratchOffset);
  assign dmem_req_valid_o = c_req_valid && !c_req_cmd;
  assign c_req_ready      = c_req_cmd ? cmd_ready : dmem_req_ready_i;

  if (FlowState) begin : gen_flow
    baton_tile_flow #(
      .NumThreads (NumThreads),
      .TileId     (TileId)
    ) u_flow (
      .clk_i            (clk_i),
      .rst_ni           (rst_ni),
      .ctx_valid_i      (ctx_valid_i),
      .ctx_ready_o      (ctx_ready_o),
      .ctx_i            (ctx_i),
      .ctx_thread_i     (ctx_thread_i),
      .dlv_valid_o      (dlv_in_valid),
      .dlv_ready_i      (dlv_in_ready),
      .pull_valid_o     (fs_pull_valid_o),
      .pull_ready_i     (fs_pull_ready_i),
      .pull_o           (fs_pull_o),
      .pull_rsp_valid_i (fs_rsp_valid_i),
      .pull_rsp_i       (fs_rsp_i),
      .acc_req_i        (fs_req),
      .acc_reg_i        (fs_reg),
      .acc_we_i         (lm_we),
      .acc_be_i         (lm_be),
      .acc_wdata_i      (lm_wdata),
      .acc_thread_i     (fs_thread),
      .acc_word_i       (fs_word),
      .acc_rdata_o      (fs_rdata),
      .op_valid_i       (opu_valid),
      .op_ready_o       (opu_ready),
      .op_i             (op_o),
      .op_valid_o       (op_valid_o),
      .op_ready_i       (op_ready_i),
      .cmd_valid_i      (c_req_valid && c_req_cmd),
      .cmd_ready_o      (cmd_ready),
      .cmd_thread_i     (dmem_req_thread_o),
      .cmd_word_i       (dmem_req_addr_o[4:2]),
      .cmd_wdata_i      (dmem_req_wdata_o),
      .fs_cmd_valid_o   (fs_cmd_valid_o),
      .fs_cmd_ready_i   (fs_cmd_ready_i),
      .fs_cmd_o         (fs_cmd_o),
      .wb_valid_o       (fs_wb_valid_o),
      .wb_ready_i       (fs_wb_ready_i),
      .wb_o             (fs_wb_o)
    );
    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) fs_rd_q <= 1'b0;
      else         fs_rd_q <= fs_req;
    end
    assign lm_rdata = fs_rd_q ? fs_rdata : ram_rdata;
  end else begin : gen_no_flow
    assign dlv_in_valid    = ctx_valid_i;
    assign ctx_ready_o     = dlv_in_ready;
    assign op_valid_o      = opu_valid;
    assign opu_ready       = op_ready_i;
    assign fs_pull_valid_o = 1'b0;
    assign fs_pull_o       = '0;
    assign fs_wb_valid_o   = 1'b0;
    assign fs_wb_o         = '0;
    assign fs_cmd_valid_o  = 1'b0;
    assign fs_cmd_o        = '0;
    assign cmd_ready       = 1'b0;
    assign fs_rd_q         = 1'b0;
    assign fs_rdata        = '0;
    assign lm_rdata        = ram_rdata;
    logic unused_fs;
    assign unused_fs = ^{fs_pull_ready_i, fs_rsp_valid_i, fs_rsp_i, fs_wb_ready_i, fs_req, fs_reg,
                         fs_thread, fs_word, fs_rd_q, fs_rdata, fs_cmd_ready_i};
  end

  // ---- Delivery ---------------------------------------------------------------------------------
  logic                  dlv_start, dlv_done, dlv_ok;
  logic [ThrW-1:0]       dlv_thread, dlv_start_thread;
  logic [31:0]           dlv_pc;
  logic [PktHandleW-1:0] dlv_handle;
  logic [4:0][31:0]      rec_regs;
  logic                  thop_end, thop_ok;
  logic [ThrW-1:0]       thop_thread;
  logic [26:0]           thop_pend;
  logic                  rf_cw_busy;

  baton_tile_deliver #(
    .NumThreads (NumThreads),
    .BareMode   (BareMode),
    .BootAddr   (BootAddr),
    .PartSlots  (PartSlots),
    .PtabWords  (PtabWords)
  ) u_deliver (
    .clk_i        (clk_i),
    .rst_ni       (rst_ni),
    .ctx_valid_i  (dlv_in_valid),
    .ctx_ready_o  (dlv_in_ready),
    .ctx_i        (ctx_i),
    .ctx_thread_i (ctx_thread_i),
    .thr_idle_i   (thread_idle_o),
    .hold_i       (rf_cw_busy),
    .part_wr_i    (ld_part),
    .part_slot_i  (SlotW'(ld_addr_i)),
    .part_valid_i (ld_data_i[LdSlotValidBit]),
    .part_id_i    (ld_data_i[PartW-1:0]),
    .ptab_wr_i    (ld_ptab),
    .ptab_addr_i  (PtabW'(ld_addr_i)),
    .ptab_data_i  (ld_data_i),
    .rec_we_o     (rec_we),
    .rec_thread_o (rec_thread),
    .rec_ctx_o    (rec_ctx),
    .rec_regs_o   (rec_regs),
    .pend_we_o    (pend_dlv_we),
    .pend_thread_o (pend_dlv_thread),
    .pend_o       (pend_dlv),
    .dlv_start_o  (dlv_start),
    .dlv_start_thread_o (dlv_start_thread),
    .dlv_done_o   (dlv_done),
    .dlv_thread_o (dlv_thread),
    .dlv_ok_o     (dlv_ok),
    .dlv_pc_o     (dlv_pc),
    .dlv_handle_o (dlv_handle)
  );

  // ---- Thread-operation port ----------------------------------------------------------------------
  logic [NumThreads-1:0] thr_end;
  logic                  opu_done;
  logic [ThrW-1:0]       opu_thread;
  logic [4:0][31:0]      spill_regs;

  baton_tile_opout #(
    .NumThreads (NumThreads),
    .TileId     (TileId)
  ) u_opout (
    .clk_i         (clk_i),
    .rst_ni        (rst_ni),
    .thr_end_i     (thr_end),
    .pend_busy_i   (pend_core_we),
    .pend_busy_thread_i (pend_core_thread),
    .end_valid_i   (thop_end),
    .end_ok_i      (thop_ok),
    .end_thread_i  (thop_thread),
    .end_pend_i    (thop_pend),
    .sel_thread_o  (sel_thread),
    .ctx_i         (sel_ctx),
    .pend_i        (sel_pend),
    .spill_regs_i  (spill_regs),
    .op_valid_o    (opu_valid),
    .op_ready_i    (opu_ready),
    .op_o          (op_o),
    .done_o        (opu_done),
    .done_thread_o (opu_thread)
  );

  // ---- Core -------------------------------------------------------------------------------------
  baton_tile_core #(
    .NumThreads     (NumThreads),
    .TileId         (TileId),
    .NumPorts       (NumPorts),
    .Zbb            (Zbb),
    .BareMode       (BareMode),
    .WatchdogBudget (WatchdogBudget),
    .ScratchBytes   (ScratchBytes),
    .WorkspaceBytes (WorkspaceBytes),
    .PacketBytes    (PacketBytes),
    .StackBytes     (StackBytes),
    .RodataBytes    (RodataBytes),
    .DataBytes      (DataBytes),
    .DmemBytes      (DmemBytes),
    .FlowState      (FlowState)
  ) u_core (
    .clk_i             (clk_i),
    .rst_ni            (rst_ni),
    .fetch_pc_o        (fetch_pc),
    .fetch_hit_i       (fetch_hit),
    .fetch_insn_i      (fetch_insn),
    .dlv_start_i       (dlv_start),
    .dlv_start_thread_i (dlv_start_thread),
    .dlv_done_i        (dlv_done),
    .dlv_thread_i      (dlv_thread),
    .dlv_ok_i          (dlv_ok),
    .dlv_pc_i          (dlv_pc),
    .dlv_handle_i      (dlv_handle),
    .thr_idle_o        (thread_idle_o),
    .rf_load_i         (rec_we),
    .rf_load_thread_i  (rec_thread),
    .rf_load_data_i    (rec_regs),
    .rf_spill_thread_i (sel_thread),
    .rf_spill_data_o   (spill_regs),
    .rf_cw_busy_o      (rf_cw_busy),
    .thr_end_o         (thr_end),
    .opu_done_i        (opu_done),
    .opu_thread_i      (opu_thread),
    .len_we_o          (len_we),
    .len_thread_o      (len_thread),
    .len_o             (len_val),
    .pend_we_o         (pend_core_we),
    .pend_thread_o     (pend_core_thread),
    .pend_o            (pend_core),
    .thop_end_o        (thop_end),
    .thop_ok_o         (thop_ok),
    .thop_thread_o     (thop_thread),
    .thop_pend_o       (thop_pend),
    .ctx_thread_o      (ld_thread),
    .ctx_i             (ld_ctx),
    .lm_req_o          (lm_req),
    .lm_we_o           (lm_we),
    .lm_addr_o         (lm_addr),
    .lm_be_o           (lm_be),
    .lm_wdata_o        (lm_wdata),
    .lm_rdata_i        (lm_rdata),
    .fs_req_o          (fs_req),
    .fs_reg_o          (fs_reg),
    .fs_thread_o       (fs_thread),
    .fs_word_o         (fs_word),
    .dmem_req_valid_o  (c_req_valid),
    .dmem_req_ready_i  (c_req_ready),
    .dmem_req_we_o     (dmem_req_we_o),
    .dmem_req_addr_o   (dmem_req_addr_o),
    .dmem_req_be_o     (dmem_req_be_o),
    .dmem_req_wdata_o  (dmem_req_wdata_o),
    .dmem_req_thread_o (dmem_req_thread_o),
    .dmem_req_handle_o (dmem_req_handle_o),
    .dmem_rsp_valid_i  (dmem_rsp_valid_i),
    .dmem_rsp_ready_o  (dmem_rsp_ready_o),
    .dmem_rsp_thread_i (dmem_rsp_thread_i),
    .dmem_rsp_rdata_i  (dmem_rsp_rdata_i),
    .issue_o           (perf_issue_o),
    .retire_o          (perf_retire_o),
    .start_o           (perf_start_o),
    .start_handle_o    (perf_start_handle_o),
    .mig_o             (perf_mig_o),
    .mig_handle_o      (perf_mig_handle_o)
`ifdef BATON_RVFI
    ,
    .rvfi_valid_o      (rvfi_valid_o),
    .rvfi_thread_o     (rvfi_thread_o),
    .rvfi_pc_o         (rvfi_pc_o),
    .rvfi_insn_o       (rvfi_insn_o),
    .rvfi_pc_next_o    (rvfi_pc_next_o),
    .rvfi_rs1_o        (rvfi_rs1_o),
    .rvfi_rs1_val_o    (rvfi_rs1_val_o),
    .rvfi_rs2_o        (rvfi_rs2_o),
    .rvfi_rs2_val_o    (rvfi_rs2_val_o),
    .rvfi_rd_o         (rvfi_rd_o),
    .rvfi_rd_val_o     (rvfi_rd_val_o),
    .rvfi_mem_addr_o   (rvfi_mem_addr_o),
    .rvfi_mem_rmask_o  (rvfi_mem_rmask_o),
    .rvfi_mem_wmask_o  (rvfi_mem_wmask_o),
    .rvfi_mem_rdata_o  (rvfi_mem_rdata_o),
    .rvfi_mem_wdata_o  (rvfi_mem_wdata_o),
    .rvfi_trap_o       (rvfi_trap_o),
    .rvfi_tval_o       (rvfi_tval_o),
    .rvfi_end_o        (rvfi_end_o)
`endif
  );

  logic [LdAddrW-1:0] unused_ld_addr;
  assign unused_ld_addr = ld_addr_i;

  `ASSERT_NEVER(LdImemRange_A, ld_imem && (32'(ld_addr_i) >= ImemWords))

endmodule
