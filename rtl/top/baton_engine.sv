// SPDX-License-Identifier: Apache-2.0
// Baton engine top (issue #6): NumTiles processing tiles, the context manager, the ingress, the
// egress, the shared-memory interconnect with the packet buffer, stacks, rodata and data, the
// dedicated context link (PM10), the loader port and the AXI4-Lite CSR port. docs/engine.md
// describes the block diagram, the parameters, the loader protocol and the address map.
//
//   s_*   (NumPorts AXI4-Stream in) -> ingress -> packet buffer (one write port per input port)
//                                             -> dispatcher -> CM disp_*; order append -> egress
//   CM dlv_*[t] -> tile t context-in;   tile t op port -> context link -> CM mig_*/free_*
//                                                                     -> completions -> egress
//   tiles' dmem ports + loader -> baton_smem_xbar -> packet buffer / stacks / rodata / data
//   egress -> m_* (NumPorts AXI4-Stream out), host_* (AXI4-Stream, tuser = ingress port)
//   egress frees slots -> ingress allocator
//
// Loader port (ld_*): used at start-up, before traffic. ld_dest_i selects the target:
//   LdDestCodeStore : the pager's code store, one 32-bit word: ld_addr_i is its byte address
//                     (descriptors, pages and entry pcs; docs/pager.md);
//   LdDestShared    : shared memory, one 32-bit word: ld_addr_i is the byte address in the
//                     rodata or data window.
// (LdDest* and the parameter defaults are ABI constants, baton_abi_pkg.) The tiles' IMEMs and
// partition tables are written only by the pager (baton_pager), which loads partitions on
// register commands and on the context manager's load requests. Code-store writes are always
// ready; shared-memory writes wait for the interconnect.
`default_nettype none

`include "baton_assert.svh"

module baton_engine
  import baton_abi_pkg::*;
  import baton_pkg::*;
#(
  parameter int unsigned NumTiles       = EngineDefNumTiles,
  parameter int unsigned ThreadsPerTile = EngineDefThreadsPerTile,
  parameter int unsigned NumPorts       = EngineDefNumPorts,
  parameter int unsigned DataW          = EngineDefDataW,
  parameter int unsigned NumSlots       = EngineDefNumSlots,
  parameter int unsigned NumBanks       = 8,
  parameter int unsigned NumParts       = EngineDefNumParts,
  parameter int unsigned Capacity       = 48,
  parameter int unsigned NumBuckets     = 1024,
  parameter int unsigned ImemBytes      = EngineDefImemBytes,
  parameter int unsigned PageBytes      = EngineDefPageBytes,
  parameter int unsigned PartSlots      = EngineDefPartSlots,
  parameter int unsigned PtabWords      = EngineDefPtabWords,
  parameter int unsigned CodeStoreBytes = EngineDefCodeStoreBytes,  // the pager's code store
  parameter int unsigned RodataBytes    = EngineDefRodataBytes,  // reference firmware: 256 B
  parameter int unsigned DataBytes      = EngineDefDataBytes,    // data + config blob at 0x1_0000
  parameter int unsigned WatchdogBudget = EngineDefWatchdogBudget,
  // Flow state (docs/flow-state.md "Engine integration"): the lookup controller between the
  // ingress and the context manager, workspaces in the tiles. Default table: 2 x 4096 buckets x 8
  // ways + 8 stash = 65,544 flows (8 ways: the first refused insert comes at a higher load than
  // with 4, docs/lookup.md).
  parameter bit          FlowState      = 1'b0,
  parameter int unsigned FlowBuckets    = 4096,   // per bank
  parameter int unsigned FlowWays       = 8,
  parameter int unsigned FlowStash      = 8,
  parameter int unsigned FlowSlots      = 64,     // events in the controller
  parameter int unsigned FlowMaxPerFlow = 8,
  localparam int unsigned SlotBytes     = EngineDefSlotBytes,
  localparam int unsigned StackBytes    = EngineDefStackBytes,
  localparam int unsigned Lanes         = DataW / 8,
  localparam int unsigned SlotCntW      = $clog2(NumSlots + 1),
  localparam int unsigned HandleW       = $clog2(NumSlots)
) (
  input  logic                              clk_i,
  input  logic                              rst_ni,

  // Ingress ports (AXI4-Stream)
  input  logic [NumPorts-1:0]               s_tvalid_i,
  output logic [NumPorts-1:0]               s_tready_o,
  input  logic [NumPorts-1:0][DataW-1:0]    s_tdata_i,
  input  logic [NumPorts-1:0][Lanes-1:0]    s_tkeep_i,
  input  logic [NumPorts-1:0]               s_tlast_i,
  input  logic [NumPorts-1:0]               s_tuser_i,

  // Egress ports (AXI4-Stream)
  output logic [NumPorts-1:0]               m_tvalid_o,
  input  logic [NumPorts-1:0]               m_tready_i,
  output logic [NumPorts-1:0][DataW-1:0]    m_tdata_o,
  output logic [NumPorts-1:0][Lanes-1:0]    m_tkeep_o,
  output logic [NumPorts-1:0]               m_tlast_o,

  // Host stream (AXI4-Stream, tuser = ingress port)
  output logic                              host_tvalid_o,
  input  logic                              host_tready_i,
  output logic [DataW-1:0]                  host_tdata_o,
  output logic [Lanes-1:0]                  host_tkeep_o,
  output logic                              host_tlast_o,
  output logic [PortW-1:0]                  host_tuser_o,

  // Observation port (docs/engine.md, "Observation port"): no back-pressure, for testbenches
  // and debug probes. Per ingress port, a frame stored in a slot or dropped with a reason; per
  // egress release, the slot and its counter index (drop reason, port, host or DONE). Per tile,
  // the hand-off events with the packet's slot: a MIGRATE retired (mig), the first instruction of
  // a delivered context issued (start).
  output logic [NumTiles-1:0]               obs_mig_o,
  output logic [NumTiles-1:0][HandleW-1:0]  obs_mig_handle_o,
  output logic [NumTiles-1:0]               obs_start_o,
  output logic [NumTiles-1:0][HandleW-1:0]  obs_start_handle_o,
  output logic [NumPorts-1:0]               obs_rx_admit_o,
  output logic [NumPorts-1:0][HandleW-1:0]  obs_rx_handle_o,
  output logic [NumPorts-1:0]               obs_rx_drop_o,
  output logic [NumPorts-1:0][7:0]          obs_rx_reason_o,
  output logic                              obs_rel_o,
  output logic [HandleW-1:0]                obs_rel_handle_o,
  output logic [8:0]                        obs_rel_code_o,
  // FlowState: an event without a packet (timeout, generated) took a slot: its event type and
  // flow index
  output logic                              obs_ev_o,
  output logic [HandleW-1:0]                obs_ev_handle_o,
  output logic [EventW-1:0]                 obs_ev_type_o,
  output logic [FlowW-1:0]                  obs_ev_flow_o,

  // Free packet-buffer slots (status for MAC-side flow control, e.g. PAUSE generation)
  output logic [SlotCntW-1:0]               free_slots_o,

  // Loader
  input  logic                              ld_valid_i,
  output logic                              ld_ready_o,
  input  logic [7:0]                        ld_dest_i,
  input  logic [31:0]                       ld_addr_i,
  input  logic [31:0]                       ld_data_i,

  // AXI4-Lite CSR port (20-bit addresses, docs/engine.md)
  input  logic                              axil_awvalid_i,
  output logic                              axil_awready_o,
  input  logic [19:0]                       axil_awaddr_i,
  input  logic                              axil_wvalid_i,
  output logic                              axil_wready_o,
  input  logic [31:0]                       axil_wdata_i,
  input  logic [3:0]                        axil_wstrb_i,
  output logic                              axil_bvalid_o,
  input  logic                              axil_bready_i,
  output logic [1:0]                        axil_bresp_o,
  input  logic                              axil_arvalid_i,
  output logic                              axil_arready_o,
  input  logic [19:0]                       axil_araddr_i,
  output logic                              axil_rvalid_o,
  input  logic                              axil_rready_i,
  output logic [31:0]                       axil_rdata_o,
  output logic [1:0]                        axil_rresp_o
);

  `ASSERT_INIT(NumTilesLegal_A, NumTiles >= 1 && NumTiles <= 8)
  `ASSERT_INIT(ThreadsLegal_A, ThreadsPerTile >= 1 && ThreadsPerTile <= 8)
  `ASSERT_INIT(NumPortsLegal_A, NumPorts >= 1 && NumPorts <= 16 && NumPorts <= NumBanks)
  `ASSERT_INIT(DataWLegal_A, DataW >= 32 && DataW <= 512 && (DataW & (DataW - 1)) == 0)
  `ASSERT_INIT(NumSlotsLegal_A, NumSlots >= 4 && NumSlots <= 1024 &&
               (NumSlots & (NumSlots - 1)) == 0)
  `ASSERT_INIT(NumBanksLegal_A, NumBanks >= 2 && NumBanks <= 64)
  `ASSERT_INIT(NumPartsLegal_A, NumParts >= 1 && NumParts <= 256)
  `ASSERT_INIT(CapacityLegal_A, Capacity >= 2 && Capacity <= 1024)
  `ASSERT_INIT(NumBucketsLegal_A, NumBuckets >= 2 && (NumBuckets & (NumBuckets - 1)) == 0)
  `ASSERT_INIT(ImemBytesLegal_A, ImemBytes >= PageBytes && (ImemBytes % PageBytes) == 0)
  `ASSERT_INIT(PageBytesLegal_A, PageBytes >= 64 && (PageBytes & (PageBytes - 1)) == 0)
  `ASSERT_INIT(PartSlotsLegal_A, PartSlots >= 1 && PartSlots <= 64)
  `ASSERT_INIT(PtabWordsLegal_A, PtabWords >= 4 * PartSlots)
  `ASSERT_INIT(CodeStoreLegal_A, CodeStoreBytes >= 1024 &&
               (CodeStoreBytes & (CodeStoreBytes - 1)) == 0)
  `ASSERT_INIT(RodataBytesLegal_A, RodataBytes >= 1024)
  `ASSERT_INIT(DataBytesLegal_A, DataBytes >= 1024)
  `ASSERT_INIT(WatchdogLegal_A, WatchdogBudget < 32'h8000_0000)

  localparam int unsigned BucketW  = $clog2(NumBuckets);
  localparam int unsigned MemAddrW = HandleW + $clog2(SlotBytes / Lanes);
  localparam int unsigned NumReq   = NumTiles + 1;   // tiles and the loader
  localparam int unsigned ThrW     = ThreadW;

  // ---- Reset ---------------------------------------------------------------------------------
  logic rst_n;
  baton_rst_sync u_rst (
    .clk_i  (clk_i),
    .rst_ni (rst_ni),
    .rst_no (rst_n)
  );

  // ---- CSR -----------------------------------------------------------------------------------
  logic        reg_req, reg_we, reg_error;
  logic [19:0] reg_addr;
  logic [31:0] reg_wdata, reg_rdata;
  logic [3:0]  reg_wstrb;

  baton_axil_regbus #(
    .AddrW (20)
  ) u_axil (
    .clk_i       (clk_i),
    .rst_ni      (rst_n),
    .awvalid_i   (axil_awvalid_i),
    .awready_o   (axil_awready_o),
    .awaddr_i    (axil_awaddr_i),
    .wvalid_i    (axil_wvalid_i),
    .wready_o    (axil_wready_o),
    .wdata_i     (axil_wdata_i),
    .wstrb_i     (axil_wstrb_i),
    .bvalid_o    (axil_bvalid_o),
    .bready_i    (axil_bready_i),
    .bresp_o     (axil_bresp_o),
    .arvalid_i   (axil_arvalid_i),
    .arready_o   (axil_arready_o),
    .araddr_i    (axil_araddr_i),
    .rvalid_o    (axil_rvalid_o),
    .rready_i    (axil_rready_i),
    .rdata_o     (axil_rdata_o),
    .rresp_o     (axil_rresp_o),
    .reg_req_o   (reg_req),
    .reg_we_o    (reg_we),
    .reg_addr_o  (reg_addr),
    .reg_wdata_o (reg_wdata),
    .reg_wstrb_o (reg_wstrb),
    .reg_rdata_i (reg_rdata),
    .reg_error_i (reg_error)
  );

  logic [4:0]        tgt_req;
  logic              tgt_we;
  logic [15:0]       tgt_addr;
  logic [31:0]       tgt_wdata;
  logic [3:0]        tgt_wstrb;
  logic [4:0][31:0]  tgt_rdata;
  logic [4:0]        tgt_error;
  logic [31:0]       now;

  logic [NumTiles-1:0]      tile_issue;
  logic [NumTiles-1:0][1:0] tile_retire;
  logic [NumTiles-1:0][PktHandleW-1:0] tile_start_handle, tile_mig_handle;
  logic                     stat_cpl;
  logic [NumTiles-1:0]      stat_mig;
  logic                     cm_load_valid, cm_load_ready;

  baton_engine_csr #(
    .NumTiles       (NumTiles),
    .ThreadsPerTile (ThreadsPerTile),
    .NumPorts       (NumPorts),
    .NumSlots       (NumSlots)
  ) u_csr (
    .clk_i         (clk_i),
    .rst_ni        (rst_n),
    .reg_req_i     (reg_req),
    .reg_we_i      (reg_we),
    .reg_addr_i    (reg_addr),
    .reg_wdata_i   (reg_wdata),
    .reg_wstrb_i   (reg_wstrb),
    .reg_rdata_o   (reg_rdata),
    .reg_error_o   (reg_error),
    .tgt_req_o     (tgt_req),
    .tgt_we_o      (tgt_we),
    .tgt_addr_o    (tgt_addr),
    .tgt_wdata_o   (tgt_wdata),
    .tgt_wstrb_o   (tgt_wstrb),
    .tgt_rdata_i   (tgt_rdata),
    .tgt_error_i   (tgt_error),
    .tile_issue_i  (tile_issue),
    .tile_retire_i (tile_retire),
    .cpl_i         (stat_cpl),
    .mig_i         (stat_mig),
    .load_req_i    (cm_load_valid && cm_load_ready),
    .now_o         (now)
  );

  // ---- Shared-memory interconnect ------------------------------------------------------------
  logic [NumReq-1:0]                  sm_req_valid, sm_req_ready, sm_req_we, sm_wr_pend;
  logic [NumReq-1:0][31:0]            sm_req_addr, sm_req_wdata;
  logic [NumReq-1:0][3:0]             sm_req_be;
  logic [NumReq-1:0][ThrW-1:0]        sm_req_thread;
  logic [NumReq-1:0][PktHandleW-1:0]  sm_req_handle;
  logic [NumReq-1:0]                  sm_rsp_valid, sm_rsp_ready;
  logic [NumReq-1:0][ThrW-1:0]        sm_rsp_thread;
  logic [NumReq-1:0][31:0]            sm_rsp_rdata;
  logic [NumPorts-1:0]                pw_req, pw_ready, pw_idle;
  logic [NumPorts-1:0][MemAddrW-1:0]  pw_addr;
  logic [NumPorts-1:0][DataW-1:0]     pw_wdata;
  logic [NumPorts-1:0][Lanes-1:0]     pw_be;
  // Egress readers: one per output port, then the host stream
  logic [NumPorts:0]                  pr_req, pr_gnt;
  logic [NumPorts:0][MemAddrW-1:0]    pr_addr;
  logic [NumPorts:0][DataW-1:0]       pr_rdata;
  logic [NumReq-1:0]                  unused_stall;
  logic                               unused_ld_wr_pend;  // the loader's writes need no hold
  assign unused_ld_wr_pend = sm_wr_pend[NumTiles];

  baton_smem_xbar #(
    .NumReq      (NumReq),
    .NumBanks    (NumBanks),
    .NumSlots    (NumSlots),
    .SlotBytes   (SlotBytes),
    .StackBytes  (StackBytes),
    .RodataBytes (RodataBytes),
    .DataBytes   (DataBytes),
    .ScratchBytes (FlowState ? FsScratchBytes : 0),
    .DataW       (DataW),
    .RspDepth    (8),
    .NumWr       (NumPorts),
    .NumRd       (NumPorts + 1),
    .WrDepth     ((NumPorts + 2 > 16) ? 16 : NumPorts + 2)
  ) u_smem (
    .clk_i        (clk_i),
    .rst_ni       (rst_n),
    .req_valid_i  (sm_req_valid),
    .req_ready_o  (sm_req_ready),
    .req_we_i     (sm_req_we),
    .req_addr_i   (sm_req_addr),
    .req_be_i     (sm_req_be),
    .req_wdata_i  (sm_req_wdata),
    .req_thread_i (sm_req_thread),
    .req_handle_i (sm_req_handle),
    .rsp_valid_o  (sm_rsp_valid),
    .rsp_ready_i  (sm_rsp_ready),
    .rsp_thread_o (sm_rsp_thread),
    .rsp_rdata_o  (sm_rsp_rdata),
    .pw_req_i     (pw_req),
    .pw_ready_o   (pw_ready),
    .pw_idle_o    (pw_idle),
    .pw_addr_i    (pw_addr),
    .pw_wdata_i   (pw_wdata),
    .pw_be_i      (pw_be),
    .pr_req_i     (pr_req),
    .pr_gnt_o     (pr_gnt),
    .pr_addr_i    (pr_addr),
    .pr_rdata_o   (pr_rdata),
    .stall_o      (unused_stall),
    .perf_o       (),
    .wr_pend_o    (sm_wr_pend)
  );

  // Loader: shared memory as requester NumTiles (writes only), the pager's code store.
  logic ld_shared, ld_code;
  assign ld_shared = (ld_dest_i == LdDestShared);
  assign ld_code   = (ld_dest_i == LdDestCodeStore);
  assign sm_req_valid[NumTiles]  = ld_valid_i && ld_shared;
  assign sm_req_we[NumTiles]     = 1'b1;
  assign sm_req_addr[NumTiles]   = ld_addr_i;
  assign sm_req_be[NumTiles]     = 4'hF;
  assign sm_req_wdata[NumTiles]  = ld_data_i;
  assign sm_req_thread[NumTiles] = '0;
  assign sm_req_handle[NumTiles] = '0;
  assign sm_rsp_ready[NumTiles]  = 1'b1;
  assign ld_ready_o = ld_shared ? sm_req_ready[NumTiles] : 1'b1;

  // ---- Ingress -------------------------------------------------------------------------------
  logic                   disp_valid, disp_ready, ing_valid, ing_ready;
  ctx_t                   disp_ctx, ing_ctx;
  baton_lookup_pkg::flow_key_t ing_key;
  logic [1:0]             ing_mode;
  logic                   ord_valid, ord_ready;
  logic [FlowW-1:0]       ord_bucket;
  logic [SeqW-1:0]        ord_seq;
  logic [PktHandleW-1:0]  ord_handle;
  logic                   eg_free_valid;
  logic [HandleW-1:0]     eg_free_handle;
  logic                   ev_slot_valid, ev_slot_ready;
  logic [HandleW-1:0]     ev_slot_handle;
  logic [63:0]            class_en;
  logic [63:0][7:0]       class_part;
  logic [63:0][14:0]      class_entry;
  logic                   fs_ord_valid, fs_ord_ready, ing_ord_ready;
  logic [HandleW-1:0]     fs_ord_handle;

  baton_ingress #(
    .NumPorts   (NumPorts),
    .DataW      (DataW),
    .NumSlots   (NumSlots),
    .SlotBytes  (SlotBytes),
    .NumBuckets (NumBuckets),
    .StackBytes (StackBytes),
    .FlowKeys   (FlowState)
  ) u_ingress (
    .clk_i            (clk_i),
    .rst_ni           (rst_n),
    .now_i            (now),
    .s_tvalid_i       (s_tvalid_i),
    .s_tready_o       (s_tready_o),
    .s_tdata_i        (s_tdata_i),
    .s_tkeep_i        (s_tkeep_i),
    .s_tlast_i        (s_tlast_i),
    .s_tuser_i        (s_tuser_i),
    .mem_req_o        (pw_req),
    .mem_ready_i      (pw_ready),
    .mem_idle_i       (pw_idle),
    .mem_addr_o       (pw_addr),
    .mem_wdata_o      (pw_wdata),
    .mem_be_o         (pw_be),
    .eg_free_valid_i  (eg_free_valid),
    .eg_free_handle_i (eg_free_handle),
    .free_slots_o     (free_slots_o),
    .ev_slot_valid_o  (ev_slot_valid),
    .ev_slot_ready_i  (ev_slot_ready),
    .ev_slot_handle_o (ev_slot_handle),
    .class_en_o       (class_en),
    .class_part_o     (class_part),
    .class_entry_o    (class_entry),
    .disp_valid_o     (ing_valid),
    .disp_ready_i     (ing_ready),
    .disp_ctx_o       (ing_ctx),
    .disp_key_o       (ing_key),
    .disp_mode_o      (ing_mode),
    .ord_valid_o      (ord_valid),
    .ord_ready_i      (ing_ord_ready),
    .ord_bucket_o     (ord_bucket),
    .ord_seq_o        (ord_seq),
    .ord_handle_o     (ord_handle),
    .obs_admit_o      (obs_rx_admit_o),
    .obs_handle_o     (obs_rx_handle_o),
    .obs_drop_o       (obs_rx_drop_o),
    .obs_reason_o     (obs_rx_reason_o),
    .reg_req_i        (tgt_req[1]),
    .reg_we_i         (tgt_we),
    .reg_addr_i       (tgt_addr),
    .reg_wdata_i      (tgt_wdata),
    .reg_wstrb_i      (tgt_wstrb),
    .reg_rdata_o      (tgt_rdata[1]),
    .reg_error_o      (tgt_error[1])
  );

  // ---- Flow state ------------------------------------------------------------------------------
  logic                                       fs_rsp_valid;
  baton_lookup_pkg::lk_pull_rsp_t             fs_rsp;
  logic [NumTiles-1:0]                        fs_pull_valid, fs_pull_ready, fs_wb_valid, fs_wb_ready;
  baton_lookup_pkg::lk_pull_t [NumTiles-1:0]  fs_pull;
  baton_lookup_pkg::lk_wb_t [NumTiles-1:0]    fs_wb;
  logic [NumTiles-1:0]                        fs_cmd_valid, fs_cmd_ready;
  baton_lookup_pkg::lk_fw_cmd_t [NumTiles-1:0] fs_cmd;
  logic                                       link_drop_valid, link_drop_ready;
  logic                                       cm_drop_valid, cm_drop_ready;
  ctx_t                                       cm_drop_ctx;

  if (FlowState) begin : gen_flow
    baton_flow #(
      .NumTiles       (NumTiles),
      .BucketsPerBank (FlowBuckets),
      .Ways           (FlowWays),
      .StashSize      (FlowStash),
      .NumSlots       (FlowSlots),
      .MaxPerFlow     (FlowMaxPerFlow),
      .PktSlots       (NumSlots),
      .StackBytes     (StackBytes)
    ) u_flow (
      .clk_i        (clk_i),
      .rst_ni       (rst_n),
      .now_i        (now),
      .in_valid_i   (ing_valid),
      .in_ready_o   (ing_ready),
      .in_ctx_i     (ing_ctx),
      .in_key_i     (ing_key),
      .in_mode_i    (ing_mode),
      .out_valid_o  (disp_valid),
      .out_ready_i  (disp_ready),
      .out_ctx_o    (disp_ctx),
      .pull_valid_i (fs_pull_valid),
      .pull_ready_o (fs_pull_ready),
      .pull_i       (fs_pull),
      .rsp_valid_o  (fs_rsp_valid),
      .rsp_o        (fs_rsp),
      .wb_valid_i   (fs_wb_valid),
      .wb_ready_o   (fs_wb_ready),
      .wb_i         (fs_wb),
      .cmd_valid_i  (fs_cmd_valid),
      .cmd_ready_o  (fs_cmd_ready),
      .cmd_i        (fs_cmd),
      .ev_slot_valid_i  (ev_slot_valid),
      .ev_slot_ready_o  (ev_slot_ready),
      .ev_slot_handle_i (ev_slot_handle),
      .ord_valid_o  (fs_ord_valid),
      .ord_ready_i  (fs_ord_ready),
      .ord_handle_o (fs_ord_handle),
      .class_en_i   (class_en),
      .class_part_i (class_part),
      .class_entry_i (class_entry),
      .obs_ev_o        (obs_ev_o),
      .obs_ev_handle_o (obs_ev_handle_o),
      .obs_ev_type_o   (obs_ev_type_o),
      .obs_ev_flow_o   (obs_ev_flow_o),
      .drop_valid_i (cm_drop_valid),
      .drop_ready_o (cm_drop_ready),
      .drop_ctx_i   (cm_drop_ctx),
      .drop_valid_o (link_drop_valid),
      .drop_ready_i (link_drop_ready),
      .reg_req_i    (tgt_req[4]),
      .reg_we_i     (tgt_we),
      .reg_addr_i   (tgt_addr),
      .reg_wdata_i  (tgt_wdata),
      .reg_wstrb_i  (tgt_wstrb),
      .reg_rdata_o  (tgt_rdata[4]),
      .reg_error_o  (tgt_error[4])
    );
  end else begin : gen_no_flow
    assign disp_valid      = ing_valid;
    assign ing_ready       = disp_ready;
    assign disp_ctx        = ing_ctx;
    assign fs_pull_ready   = '0;
    assign fs_rsp_valid    = 1'b0;
    assign fs_rsp          = '0;
    assign fs_wb_ready     = '0;
    assign fs_cmd_ready    = '0;
    assign ev_slot_ready   = 1'b0;
    assign fs_ord_valid    = 1'b0;
    assign fs_ord_handle   = '0;
    assign obs_ev_o        = 1'b0;
    assign obs_ev_handle_o = '0;
    assign obs_ev_type_o   = '0;
    assign obs_ev_flow_o   = '0;
    assign link_drop_valid = cm_drop_valid;
    assign cm_drop_ready   = link_drop_ready;
    assign tgt_rdata[4]    = '0;
    assign tgt_error[4]    = tgt_req[4];  // no flow-state registers in this engine
    logic unused_flow;
    assign unused_flow = ^{ing_key, ing_mode, fs_pull_valid, fs_pull, fs_wb_valid, fs_wb, tgt_req[4],
                           fs_cmd_valid, fs_cmd, ev_slot_valid, ev_slot_handle, class_en, class_part,
                           class_entry, fs_ord_ready};
  end

  // ---- Context manager -----------------------------------------------------------------------
  logic     [NumTiles-1:0]              mig_valid, mig_ready;
  mig_req_t [NumTiles-1:0]              mig_req;
  logic     [NumTiles-1:0]              free_valid;
  logic     [NumTiles-1:0][ThrW-1:0]    free_thread;
  logic     [NumTiles-1:0]              dlv_valid, dlv_ready;
  ctx_t     [NumTiles-1:0]              dlv_ctx;
  logic     [NumTiles-1:0][ThrW-1:0]    dlv_thread;
  drop_reason_e                         cm_drop_reason;
  logic     [PartW-1:0]                 cm_load_part;
  logic     [NumParts-1:0]              unused_load_requested, cm_imbalance;
  logic     [NumTiles-1:0][ThreadsPerTile-1:0]            cm_thr_busy;
  logic     [NumTiles-1:0][ThreadsPerTile-1:0][PartW-1:0] cm_thr_part;
  logic     [NumParts-1:0]              cm_waiting;
  logic                                 pg_tiles_wr, pg_tiles_set;
  logic     [PartW-1:0]                 pg_tiles_part;
  logic     [TileW-1:0]                 pg_tiles_tile;

  baton_cm #(
    .NumParts       (NumParts),
    .Capacity       (Capacity),
    .NumTiles       (NumTiles),
    .ThreadsPerTile (ThreadsPerTile)
  ) u_cm (
    .clk_i            (clk_i),
    .rst_ni           (rst_n),
    .mig_valid_i      (mig_valid),
    .mig_ready_o      (mig_ready),
    .mig_req_i        (mig_req),
    .disp_valid_i     (disp_valid),
    .disp_ready_o     (disp_ready),
    .disp_ctx_i       (disp_ctx),
    .free_valid_i     (free_valid),
    .free_thread_i    (free_thread),
    .dlv_valid_o      (dlv_valid),
    .dlv_ready_i      (dlv_ready),
    .dlv_ctx_o        (dlv_ctx),
    .dlv_thread_o     (dlv_thread),
    .drop_valid_o     (cm_drop_valid),
    .drop_ready_i     (cm_drop_ready),
    .drop_ctx_o       (cm_drop_ctx),
    .drop_reason_o    (cm_drop_reason),
    .load_valid_o     (cm_load_valid),
    .load_ready_i     (cm_load_ready),
    .load_part_o      (cm_load_part),
    .load_requested_o (unused_load_requested),
    .imbalance_o      (cm_imbalance),
    .thr_busy_o       (cm_thr_busy),
    .thr_part_o       (cm_thr_part),
    .waiting_o        (cm_waiting),
    .tiles_wr_i       (pg_tiles_wr),
    .tiles_set_i      (pg_tiles_set),
    .tiles_part_i     (pg_tiles_part),
    .tiles_tile_i     (pg_tiles_tile),
    .reg_req_i        (tgt_req[0]),
    .reg_we_i         (tgt_we),
    .reg_addr_i       (tgt_addr),
    .reg_wdata_i      (tgt_wdata),
    .reg_wstrb_i      (tgt_wstrb),
    .reg_rdata_o      (tgt_rdata[0]),
    .reg_error_o      (tgt_error[0])
  );

  // ---- Pager ---------------------------------------------------------------------------------
  localparam int unsigned CsAw = $clog2(CodeStoreBytes / 4);
  logic [NumTiles-1:0]             pg_tl_valid, dlv_take;
  logic [NumTiles-1:0][PartW-1:0]  dlv_part;
  logic [1:0]                      pg_tl_kind;
  logic [23:0]                     pg_tl_addr;
  logic [31:0]                     pg_tl_data;
  logic                            unused_pg_busy;

  for (genvar t = 0; t < NumTiles; t++) begin : gen_dlv_obs
    assign dlv_take[t] = dlv_valid[t] && dlv_ready[t];
    assign dlv_part[t] = dlv_ctx[t].target_part;
  end

  baton_pager #(
    .NumTiles       (NumTiles),
    .ThreadsPerTile (ThreadsPerTile),
    .NumParts       (NumParts),
    .ImemBytes      (ImemBytes),
    .PageBytes      (PageBytes),
    .PartSlots      (PartSlots),
    .PtabWords      (PtabWords),
    .StoreBytes     (CodeStoreBytes)
  ) u_pager (
    .clk_i        (clk_i),
    .rst_ni       (rst_n),
    .cs_wr_i      (ld_valid_i && ld_code),
    .cs_word_i    (ld_addr_i[CsAw+1:2]),
    .cs_wdata_i   (ld_data_i),
    .load_valid_i (cm_load_valid),
    .load_ready_o (cm_load_ready),
    .load_part_i  (cm_load_part),
    .thr_busy_i   (cm_thr_busy),
    .thr_part_i   (cm_thr_part),
    .waiting_i    (cm_waiting),
    .imbalance_i  (cm_imbalance),
    .tiles_wr_o   (pg_tiles_wr),
    .tiles_set_o  (pg_tiles_set),
    .tiles_part_o (pg_tiles_part),
    .tiles_tile_o (pg_tiles_tile),
    .dlv_i        (dlv_take),
    .dlv_part_i   (dlv_part),
    .tl_valid_o   (pg_tl_valid),
    .tl_kind_o    (pg_tl_kind),
    .tl_addr_o    (pg_tl_addr),
    .tl_data_o    (pg_tl_data),
    .busy_o       (unused_pg_busy),
    .reg_req_i    (tgt_req[3]),
    .reg_we_i     (tgt_we),
    .reg_addr_i   (tgt_addr),
    .reg_wdata_i  (tgt_wdata),
    .reg_wstrb_i  (tgt_wstrb),
    .reg_rdata_o  (tgt_rdata[3]),
    .reg_error_o  (tgt_error[3])
  );

  // ---- Tiles ---------------------------------------------------------------------------------
  logic       [NumTiles-1:0] op_valid, op_ready, op_hold, link_op_valid, link_op_ready;
  thread_op_t [NumTiles-1:0] op;

  for (genvar t = 0; t < NumTiles; t++) begin : gen_tile
    logic                       unused_ld_ready;
    logic [ThreadsPerTile-1:0]  unused_idle;

    baton_tile #(
      .NumThreads     (ThreadsPerTile),
      .TileId         (t),
      .NumPorts       (NumPorts),
      .WatchdogBudget (WatchdogBudget),
      .PageBytes      (PageBytes),
      .ImemBytes      (ImemBytes),
      .PacketBytes    (SlotBytes),
      .StackBytes     (StackBytes),
      .RodataBytes    (RodataBytes),
      .DataBytes      (DataBytes),
      .PartSlots      (PartSlots),
      .PtabWords      (PtabWords),
      .FlowState      (FlowState)
    ) u_tile (
      .clk_i             (clk_i),
      .rst_ni            (rst_n),
      .ctx_valid_i       (dlv_valid[t]),
      .ctx_ready_o       (dlv_ready[t]),
      .ctx_i             (dlv_ctx[t]),
      .ctx_thread_i      (dlv_thread[t]),
      .thread_idle_o     (unused_idle),
      .op_valid_o        (op_valid[t]),
      .op_ready_i        (op_ready[t]),
      .op_o              (op[t]),
      .fs_pull_valid_o   (fs_pull_valid[t]),
      .fs_pull_ready_i   (fs_pull_ready[t]),
      .fs_pull_o         (fs_pull[t]),
      .fs_rsp_valid_i    (fs_rsp_valid),
      .fs_rsp_i          (fs_rsp),
      .fs_wb_valid_o     (fs_wb_valid[t]),
      .fs_wb_ready_i     (fs_wb_ready[t]),
      .fs_wb_o           (fs_wb[t]),
      .fs_cmd_valid_o    (fs_cmd_valid[t]),
      .fs_cmd_ready_i    (fs_cmd_ready[t]),
      .fs_cmd_o          (fs_cmd[t]),
      .dmem_req_valid_o  (sm_req_valid[t]),
      .dmem_req_ready_i  (sm_req_ready[t]),
      .dmem_req_we_o     (sm_req_we[t]),
      .dmem_req_addr_o   (sm_req_addr[t]),
      .dmem_req_be_o     (sm_req_be[t]),
      .dmem_req_wdata_o  (sm_req_wdata[t]),
      .dmem_req_thread_o (sm_req_thread[t]),
      .dmem_req_handle_o (sm_req_handle[t]),
      .dmem_rsp_valid_i  (sm_rsp_valid[t]),
      .dmem_rsp_ready_o  (sm_rsp_ready[t]),
      .dmem_rsp_thread_i (sm_rsp_thread[t]),
      .dmem_rsp_rdata_i  (sm_rsp_rdata[t]),
      .ld_valid_i        (pg_tl_valid[t]),
      .ld_ready_o        (unused_ld_ready),
      .ld_kind_i         (pg_tl_kind),
      .ld_addr_i         (pg_tl_addr),
      .ld_data_i         (pg_tl_data),
      .perf_issue_o      (tile_issue[t]),
      .perf_retire_o     (tile_retire[t]),
      .perf_start_o      (obs_start_o[t]),
      .perf_start_handle_o (tile_start_handle[t]),
      .perf_mig_o        (obs_mig_o[t]),
      .perf_mig_handle_o (tile_mig_handle[t])
    );
  end : gen_tile

  // A tile's thread operation waits while one of its stores is in its request register or in the
  // interconnect's port register: whoever reads the packet next (the egress, another tile) must
  // see the store, and the tile offers an operation as early as the cycle after the last
  // instruction. Conservative per tile (any thread's store holds every thread's operation); a
  // store waits there only for its bank.
  for (genvar t = 0; t < NumTiles; t++) begin : gen_op_hold
    assign op_hold[t]       = (sm_req_valid[t] && sm_req_we[t]) || sm_wr_pend[t];
    assign link_op_valid[t] = op_valid[t] && !op_hold[t];
    assign op_ready[t]      = link_op_ready[t] && !op_hold[t];
  end

  // The packet handle is the slot (the upper bits are zero).
  logic [NumTiles-1:0][PktHandleW-HandleW-1:0] unused_obs_handle_hi;
  for (genvar t = 0; t < NumTiles; t++) begin : gen_obs_hop
    assign obs_start_handle_o[t] = tile_start_handle[t][HandleW-1:0];
    assign obs_mig_handle_o[t]   = tile_mig_handle[t][HandleW-1:0];
    assign unused_obs_handle_hi[t] = tile_start_handle[t][PktHandleW-1:HandleW] ^
                                     tile_mig_handle[t][PktHandleW-1:HandleW];
  end

  // ---- Context link and completions ----------------------------------------------------------
  logic       cpl_valid, cpl_ready;
  thread_op_t cpl;

  baton_ctx_link #(
    .NumTiles (NumTiles)
  ) u_link (
    .clk_i         (clk_i),
    .rst_ni        (rst_n),
    .op_valid_i    (link_op_valid),
    .op_ready_o    (link_op_ready),
    .op_i          (op),
    .mig_valid_o   (mig_valid),
    .mig_ready_i   (mig_ready),
    .mig_req_o     (mig_req),
    .free_valid_o  (free_valid),
    .free_thread_o (free_thread),
    .drop_valid_i  (link_drop_valid),
    .drop_ready_o  (link_drop_ready),
    .drop_ctx_i    (cm_drop_ctx),
    .drop_reason_i (cm_drop_reason),
    .cpl_valid_o   (cpl_valid),
    .cpl_ready_i   (cpl_ready),
    .cpl_o         (cpl),
    .stat_cpl_o    (stat_cpl),
    .stat_mig_o    (stat_mig)
  );

  // ---- Egress --------------------------------------------------------------------------------
  // The order-append port: an event without a packet (flow state, unordered) goes first; the
  // ingress's append waits that cycle.
  assign fs_ord_ready  = ord_ready;
  assign ing_ord_ready = ord_ready && !fs_ord_valid;

  baton_egress #(
    .NumPorts   (NumPorts),
    .DataW      (DataW),
    .NumSlots   (NumSlots),
    .NumBuckets (NumBuckets),
    .SlotBytes  (SlotBytes)
  ) u_egress (
    .clk_i         (clk_i),
    .rst_ni        (rst_n),
    .app_valid_i   (ord_valid || fs_ord_valid),
    .app_ready_o   (ord_ready),
    .app_bucket_i  (ord_bucket[BucketW-1:0]),
    .app_seq_i     (ord_seq),
    .app_handle_i  (fs_ord_valid ? fs_ord_handle : ord_handle[HandleW-1:0]),
    .app_free_i    (fs_ord_valid),
    .cpl_valid_i   (cpl_valid),
    .cpl_ready_o   (cpl_ready),
    .cpl_i         (cpl),
    .mem_req_o     (pr_req),
    .mem_gnt_i     (pr_gnt),
    .mem_addr_o    (pr_addr),
    .mem_rdata_i   (pr_rdata),
    .free_valid_o  (eg_free_valid),
    .free_handle_o (eg_free_handle),
    .tx_tvalid_o   (m_tvalid_o),
    .tx_tready_i   (m_tready_i),
    .tx_tdata_o    (m_tdata_o),
    .tx_tkeep_o    (m_tkeep_o),
    .tx_tlast_o    (m_tlast_o),
    .host_tvalid_o (host_tvalid_o),
    .host_tready_i (host_tready_i),
    .host_tdata_o  (host_tdata_o),
    .host_tkeep_o  (host_tkeep_o),
    .host_tlast_o  (host_tlast_o),
    .host_tuser_o  (host_tuser_o),
    .obs_rel_o     (obs_rel_o),
    .obs_handle_o  (obs_rel_handle_o),
    .obs_code_o    (obs_rel_code_o),
    .reg_req_i     (tgt_req[2]),
    .reg_we_i      (tgt_we),
    .reg_addr_i    (tgt_addr),
    .reg_wdata_i   (tgt_wdata),
    .reg_wstrb_i   (tgt_wstrb),
    .reg_rdata_o   (tgt_rdata[2]),
    .reg_error_o   (tgt_error[2])
  );

  // Only the handle and bucket bits the egress indexes by are used; the loader never reads.
  logic unused_ord;
  assign unused_ord = ^{ord_bucket, ord_handle, sm_rsp_valid[NumTiles], sm_rsp_thread[NumTiles],
                        sm_rsp_rdata[NumTiles]};

  `ASSERT(LoaderDestLegal_A, !ld_valid_i || ld_shared || ld_code, clk_i, rst_n)

endmodule
