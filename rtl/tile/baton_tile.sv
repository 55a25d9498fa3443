// SPDX-License-Identifier: Apache-2.0
// Baton processing tile (PM2, PM3, PM9, PM12, PM14, PM15): a barrel-threaded RV32IM(+Zbb) core
// with NumThreads hardware threads, its paged instruction memory, tile-local scratch/workspace
// memory, per-thread contexts, a shared-memory port, a context-in port and a thread-operation
// port. The contract with firmware and with the ISS is docs/abi.md; the micro-architecture is
// described in docs/tile.md.
//
// Ports
//   ctx_*      context delivery: ctx_t plus the thread index chosen by the context manager; the
//              thread must be idle (thread_idle_o). Taken after ~16 cycles (ctx_ready_o).
//   op_*       thread operations (MIGRATE/SEND/DROP/TO_HOST/DONE, faults as DROP); the thread is
//              idle again in the cycle after the transfer.
//   dmem_*     shared memory (packet, stack, rodata, data windows; bare mode: DMEM): one request
//              channel, performed in order of acceptance; reads are answered on the response
//              channel (valid/ready), tagged with the thread, at least one cycle after their
//              request, in any order across threads; writes have no response.
//   ld_*       loader: kind 0 IMEM word (addr = word index), 1 page slot (addr = slot,
//              data = {resident [31], code page number}), 2 partition slot (addr = slot,
//              data = {valid [31], partition id [7:0]}), 3 partition-table word (addr = index).
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
  output logic [1:0]             perf_retire_o

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
  localparam int unsigned CtxAddrW    = $clog2(NumThreads * CtxWords);
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

  // ---- Context RAM: one context window (CtxWords words) per thread ------------------------------
  logic                core_ctx_we, core_ctx_re;
  logic [CtxAddrW-1:0] core_ctx_waddr, core_ctx_raddr;
  logic [31:0]         core_ctx_wdata, ctx_rdata;
  logic                dlv_cw_req, dlv_cw_gnt;
  logic [CtxAddrW-1:0] dlv_cw_addr;
  logic [31:0]         dlv_cw_data;
  logic                opu_cr_req, opu_cr_gnt;
  logic [CtxAddrW-1:0] opu_cr_addr;
  logic [31:0]         unused_ctx_a;

  assign dlv_cw_gnt = !core_ctx_we;
  assign opu_cr_gnt = !core_ctx_re;

  baton_ram_2p #(
    .Width (32),
    .Depth (NumThreads * CtxWords)
  ) u_ctx_ram (
    .clk_i     (clk_i),
    .a_req_i   (core_ctx_we || dlv_cw_req),
    .a_we_i    (1'b1),
    .a_addr_i  (core_ctx_we ? core_ctx_waddr : dlv_cw_addr),
    .a_wdata_i (core_ctx_we ? core_ctx_wdata : dlv_cw_data),
    .a_be_i    (1'b1),
    .a_rdata_o (unused_ctx_a),
    .b_req_i   (core_ctx_re || opu_cr_req),
    .b_we_i    (1'b0),
    .b_addr_i  (core_ctx_re ? core_ctx_raddr : opu_cr_addr),
    .b_wdata_i ('0),
    .b_be_i    (1'b1),
    .b_rdata_o (ctx_rdata)
  );

  // ---- Tile-local memory: scratch and workspace of every thread ----------------------------------
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
    .rdata_o (lm_rdata)
  );

  // ---- Delivery ---------------------------------------------------------------------------------
  logic                  dlv_start, dlv_done, dlv_ok;
  logic [ThrW-1:0]       dlv_thread, dlv_start_thread;
  logic [31:0]           dlv_pc;
  logic [PktHandleW-1:0] dlv_handle;

  baton_tile_deliver #(
    .NumThreads (NumThreads),
    .BareMode   (BareMode),
    .BootAddr   (BootAddr),
    .PartSlots  (PartSlots),
    .PtabWords  (PtabWords)
  ) u_deliver (
    .clk_i        (clk_i),
    .rst_ni       (rst_ni),
    .ctx_valid_i  (ctx_valid_i),
    .ctx_ready_o  (ctx_ready_o),
    .ctx_i        (ctx_i),
    .ctx_thread_i (ctx_thread_i),
    .thr_idle_i   (thread_idle_o),
    .part_wr_i    (ld_part),
    .part_slot_i  (SlotW'(ld_addr_i)),
    .part_valid_i (ld_data_i[LdSlotValidBit]),
    .part_id_i    (ld_data_i[PartW-1:0]),
    .ptab_wr_i    (ld_ptab),
    .ptab_addr_i  (PtabW'(ld_addr_i)),
    .ptab_data_i  (ld_data_i),
    .cw_req_o     (dlv_cw_req),
    .cw_addr_o    (dlv_cw_addr),
    .cw_data_o    (dlv_cw_data),
    .cw_gnt_i     (dlv_cw_gnt),
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

  baton_tile_opout #(
    .NumThreads (NumThreads),
    .TileId     (TileId)
  ) u_opout (
    .clk_i         (clk_i),
    .rst_ni        (rst_ni),
    .thr_end_i     (thr_end),
    .cr_req_o      (opu_cr_req),
    .cr_addr_o     (opu_cr_addr),
    .cr_gnt_i      (opu_cr_gnt),
    .cr_rdata_i    (ctx_rdata),
    .op_valid_o    (op_valid_o),
    .op_ready_i    (op_ready_i),
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
    .DmemBytes      (DmemBytes)
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
    .thr_end_o         (thr_end),
    .opu_done_i        (opu_done),
    .opu_thread_i      (opu_thread),
    .ctx_we_o          (core_ctx_we),
    .ctx_waddr_o       (core_ctx_waddr),
    .ctx_wdata_o       (core_ctx_wdata),
    .ctx_re_o          (core_ctx_re),
    .ctx_raddr_o       (core_ctx_raddr),
    .ctx_rdata_i       (ctx_rdata),
    .lm_req_o          (lm_req),
    .lm_we_o           (lm_we),
    .lm_addr_o         (lm_addr),
    .lm_be_o           (lm_be),
    .lm_wdata_o        (lm_wdata),
    .lm_rdata_i        (lm_rdata),
    .dmem_req_valid_o  (dmem_req_valid_o),
    .dmem_req_ready_i  (dmem_req_ready_i),
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
    .retire_o          (perf_retire_o)
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
  `ASSERT_NEVER(CtxWriteCollision_A, core_ctx_re && dlv_cw_req && !core_ctx_we &&
                (core_ctx_raddr == dlv_cw_addr))

endmodule
