// SPDX-License-Identifier: Apache-2.0
// Baton shared-memory interconnect (PM10): the tiles' dmem ports (and the loader) to the packet
// buffer, the per-packet stacks, rodata, data and (ScratchBytes > 0) the flow-state scratchpad of
// the lookup window (SP12, docs/abi.md section 13: engine-global words from FsScratchOffset).
//
// Every window is split into NumBanks banks by word interleave: the low bits of the global word
// index (packet buffer: the DataW-wide beat {handle, beat}, skewed as below; stack: {handle,
// word}; rodata, data: the word) select the bank, so the headers of different packets,
// consecutive stack words and table lookups spread over the banks. Per bank one requester is
// granted per cycle (round robin, baton_rr_arb); a requester is granted in at most one bank per
// cycle because it has one request channel, so its requests are performed in order of acceptance.
//
// The packet buffer's bank is skewed by the slot: beat k of slot h lives in bank (k + h) mod
// NumBanks (word (h, k >> log2 NumBanks) inside it), so the first beats of different packets, which
// hold the headers every tile reads and, with wide beats, the whole of a short frame, do not all
// fall into bank 0. Consecutive beats of one frame still rotate through the banks.
//
// Each packet-buffer bank is a true dual-port RAM. Port B serves the egress readers (pr_*, one per
// output stream): per bank one reader is granted per cycle (round robin), data the next cycle, so
// up to NumBanks beats leave per cycle; readers streaming consecutive beats fall into step on
// different banks. Port A performs one ingress writer beat (pw_*, one writer per input port) if
// any is waiting for the bank, else one requester access. A writer beat is staged in a small
// per-writer set of entries (WrDepth) and written by its bank within a few cycles (round robin over
// the writers per bank; see the staging section), sooner than the ingress dispatches the frame, so
// a tile never reads a beat before it is written. A writer may write only while pw_ready_o (a
// staging entry is free; a flop, so no path from the banks reaches the ingress): short frames
// back to back can aim every writer at one bank, and the ingress then holds its input stream. A
// requester's packet-buffer access waits while a writer uses the bank.
//
// Registered at the requester side in both directions. A request is decoded (window, bank, word
// in the bank) as it arrives and taken into a per-requester port register (baton_spill_reg, two
// entries), so req_ready_o is a flop: "the port register has room", independent of the banks'
// decode and arbitration. The banks arbitrate among the port registers' heads; a request is
// performed when its bank grants it (perf_o), in order of acceptance per requester. Reads return
// one cycle after the grant into a per-requester response FIFO with a registered output, tagged
// with the thread, so a response is offered at the earliest three cycles after its request was
// accepted (accept, grant, RAM read, FIFO output). A requester has at most RspDepth reads granted
// and not yet taken from its FIFO, so the FIFO never overflows whatever rsp_ready does. Writes
// are posted: performed when granted, at the earliest in the cycle after their acceptance.
`default_nettype none

`include "baton_assert.svh"

module baton_smem_xbar
  import baton_abi_pkg::*;
  import baton_pkg::*;
#(
  parameter int unsigned NumReq      = 5,
  parameter int unsigned NumBanks    = 4,
  parameter int unsigned NumSlots    = 64,
  parameter int unsigned SlotBytes   = 2048,
  parameter int unsigned StackBytes  = 2048,
  parameter int unsigned RodataBytes = 32'h0001_0000,
  parameter int unsigned DataBytes   = 32'h0001_0000,
  parameter int unsigned ScratchBytes = 0,            // 0: no scratchpad
  parameter int unsigned DataW       = 64,
  parameter int unsigned RspDepth    = 8,
  parameter int unsigned NumWr       = 1,
  parameter int unsigned NumRd       = 1,
  parameter int unsigned WrDepth     = 4,    // at least NumWr + 1
  localparam int unsigned Lanes      = DataW / 8,
  localparam int unsigned HandleW    = baton_util_pkg::idx_w(NumSlots),
  localparam int unsigned BeatsPerSlot = SlotBytes / Lanes,
  localparam int unsigned BeatW      = baton_util_pkg::idx_w(BeatsPerSlot),
  localparam int unsigned PbAddrW    = HandleW + BeatW
) (
  input  logic                                clk_i,
  input  logic                                rst_ni,

  // Requesters (tile dmem ports, loader): request channel
  input  logic [NumReq-1:0]                   req_valid_i,
  output logic [NumReq-1:0]                   req_ready_o,
  input  logic [NumReq-1:0]                   req_we_i,
  input  logic [NumReq-1:0][31:0]             req_addr_i,
  input  logic [NumReq-1:0][3:0]              req_be_i,
  input  logic [NumReq-1:0][31:0]             req_wdata_i,
  input  logic [NumReq-1:0][ThreadW-1:0]      req_thread_i,
  input  logic [NumReq-1:0][PktHandleW-1:0]   req_handle_i,
  // Requesters: read responses
  output logic [NumReq-1:0]                   rsp_valid_o,
  input  logic [NumReq-1:0]                   rsp_ready_i,
  output logic [NumReq-1:0][ThreadW-1:0]      rsp_thread_o,
  output logic [NumReq-1:0][31:0]             rsp_rdata_o,

  // Ingress writers: one packet-buffer beat each per cycle while ready
  input  logic [NumWr-1:0]                    pw_req_i,
  output logic [NumWr-1:0]                    pw_ready_o,
  output logic [NumWr-1:0]                    pw_idle_o,     // nothing staged (a flop)
  input  logic [NumWr-1:0][PbAddrW-1:0]       pw_addr_i,
  input  logic [NumWr-1:0][DataW-1:0]         pw_wdata_i,
  input  logic [NumWr-1:0][Lanes-1:0]         pw_be_i,
  // Egress readers: a beat is read in a cycle with pr_req_i and pr_gnt_o, data the next cycle
  input  logic [NumRd-1:0]                    pr_req_i,
  output logic [NumRd-1:0]                    pr_gnt_o,
  input  logic [NumRd-1:0][PbAddrW-1:0]       pr_addr_i,
  output logic [NumRd-1:0][DataW-1:0]         pr_rdata_o,

  // A requester offered a request that was not taken this cycle (statistics)
  output logic [NumReq-1:0]                   stall_o,
  // The oldest request in a requester's port register was performed this cycle (observation)
  output logic [NumReq-1:0]                   perf_o,
  // A requester has a write accepted and not yet performed (the engine holds that tile's thread
  // operations meanwhile, so whoever reads the packet next sees the write)
  output logic [NumReq-1:0]                   wr_pend_o
);

  localparam int unsigned BankW      = baton_util_pkg::idx_w(NumBanks);
  localparam int unsigned LaneSelW   = (Lanes > 4) ? $clog2(Lanes / 4) : 1;
  localparam int unsigned WordsPerLn = Lanes / 4;
  localparam int unsigned StackWords = StackBytes / 4;
  localparam int unsigned StackW     = baton_util_pkg::idx_w(StackWords);
  localparam int unsigned PbDepth    = NumSlots * BeatsPerSlot / NumBanks;
  localparam int unsigned StDepth    = NumSlots * StackWords / NumBanks;
  localparam int unsigned RoDepth    = RodataBytes / 4 / NumBanks;
  localparam int unsigned DaDepth    = DataBytes / 4 / NumBanks;
  localparam int unsigned ScDepth    = (ScratchBytes == 0) ? 1 : ScratchBytes / 4 / NumBanks;
  localparam int unsigned ScAW       = (ScDepth > 1) ? $clog2(ScDepth) : 1;
  localparam int unsigned PbAW       = $clog2(PbDepth);
  localparam int unsigned StAW       = $clog2(StDepth);
  localparam int unsigned RoAW       = $clog2(RoDepth);
  localparam int unsigned DaAW       = $clog2(DaDepth);
  localparam int unsigned MaxAW      = 28;
  localparam int unsigned ReqW       = baton_util_pkg::idx_w(NumReq);
  localparam int unsigned RspCntW    = $clog2(RspDepth + 1);
  localparam int unsigned ShW        = (BankW > 0) ? BankW : 1;

  `ASSERT_INIT(NumReqLegal_A, NumReq >= 1 && NumReq <= 65)
  `ASSERT_INIT(NumBanksLegal_A, NumBanks >= 2 && NumBanks <= 64 && (NumBanks & (NumBanks - 1)) == 0)
  `ASSERT_INIT(NumSlotsLegal_A, NumSlots >= 2 && (NumSlots & (NumSlots - 1)) == 0 &&
               NumSlots <= (1 << PktHandleW))
  `ASSERT_INIT(SlotBytesLegal_A, SlotBytes >= 64 && (SlotBytes & (SlotBytes - 1)) == 0 &&
               SlotBytes >= Lanes * NumBanks)
  `ASSERT_INIT(StackBytesLegal_A, StackBytes >= 16 && (StackBytes & (StackBytes - 1)) == 0 &&
               StackBytes >= 4 * NumBanks)
  `ASSERT_INIT(RodataBytesLegal_A, RodataBytes >= 8 * NumBanks &&
               (RodataBytes & (RodataBytes - 1)) == 0 && RodataBytes <= 32'h1000_0000)
  `ASSERT_INIT(DataBytesLegal_A, DataBytes >= 8 * NumBanks &&
               (DataBytes & (DataBytes - 1)) == 0 && DataBytes <= 32'h1000_0000)
  `ASSERT_INIT(DataWLegal_A, DataW >= 32 && DataW <= 512 && (DataW & (DataW - 1)) == 0)
  `ASSERT_INIT(ScratchBytesLegal_A, ScratchBytes == 0 || (ScratchBytes >= 8 * NumBanks &&
               (ScratchBytes & (ScratchBytes - 1)) == 0 &&
               ScratchBytes <= (32'd1 << WindowShift) - FsScratchOffset))
  `ASSERT_INIT(RspDepthLegal_A, RspDepth >= 1 && RspDepth <= 64)
  `ASSERT_INIT(NumWrLegal_A, NumWr >= 1 && NumWr <= NumBanks)
  `ASSERT_INIT(WrDepthLegal_A, WrDepth >= NumWr + 1 && WrDepth <= 16)
  `ASSERT_INIT(NumRdLegal_A, NumRd >= 1 && NumRd <= 32)

  // The packet-buffer bank of beat {handle, beat} (skewed by the slot, see above).
  function automatic logic [BankW-1:0] pb_bank(logic [PbAddrW-1:0] addr);
    return BankW'(addr) + BankW'(addr >> BeatW);
  endfunction

  typedef enum logic [2:0] {
    RegPkt     = 3'd0,
    RegStack   = 3'd1,
    RegRodata  = 3'd2,
    RegData    = 3'd3,
    RegScratch = 3'd4
  } region_e;

  // ---- Request decode (at the port, before the port register) ----------------------------------
  region_e   [NumReq-1:0]             dec_region;
  logic      [NumReq-1:0][BankW-1:0]  dec_bank;
  logic      [NumReq-1:0][MaxAW-1:0]  dec_baddr;   // word index inside the bank
  logic      [NumReq-1:0][LaneSelW-1:0] dec_lane;  // 32-bit word inside a packet-buffer beat

  always_comb begin
    for (int unsigned r = 0; r < NumReq; r++) begin
      logic [63:0] off;
      logic [63:0] gword;
      off           = 64'(req_addr_i[r][WindowShift-1:0]);
      dec_region[r] = RegPkt;
      dec_lane[r]   = '0;
      gword         = '0;
      unique case (req_addr_i[r][31:WindowShift])
        WinPktSel: begin
          dec_region[r] = RegPkt;
          gword = (64'(req_handle_i[r][HandleW-1:0]) << BeatW) |
                  ((off >> $clog2(Lanes)) & (64'(BeatsPerSlot) - 64'd1));
          if (Lanes > 4) dec_lane[r] = LaneSelW'(off >> 2);
        end
        WinStackSel: begin
          dec_region[r] = RegStack;
          gword = (64'(req_handle_i[r][HandleW-1:0]) << StackW) |
                  ((off >> 2) & (64'(StackWords) - 64'd1));
        end
        WinRodataSel: begin
          dec_region[r] = RegRodata;
          gword = off >> 2;
        end
        WinLookupSel: begin
          dec_region[r] = RegScratch;
          gword = (off - 64'(FsScratchOffset)) >> 2;
        end
        default: begin
          dec_region[r] = RegData;
          gword = off >> 2;
        end
      endcase
      dec_bank[r]   = (dec_region[r] == RegPkt) ? pb_bank(PbAddrW'(gword)) : BankW'(gword);
      dec_baddr[r]  = MaxAW'(gword >> ShW);
    end
  end

  // ---- Port registers ------------------------------------------------------------------------
  // One spill register per requester: req_ready_o is its "skid entry free" flop, so no path runs
  // from the banks' arbitration to a requester's ready. Full throughput (one request per cycle).
  localparam int unsigned PortRegW = 1 + 4 + 32 + ThreadW + 3 + BankW + MaxAW + LaneSelW;

  logic      [NumReq-1:0]               req_valid;    // the port register's head
  logic      [NumReq-1:0]               req_ready;    // granted by its bank
  logic      [NumReq-1:0]               req_we;
  logic      [NumReq-1:0][3:0]          req_be;
  logic      [NumReq-1:0][31:0]         req_wdata;
  logic      [NumReq-1:0][ThreadW-1:0]  req_thread;
  region_e   [NumReq-1:0]               req_region;
  logic      [NumReq-1:0][BankW-1:0]    req_bank;
  logic      [NumReq-1:0][MaxAW-1:0]    req_baddr;
  logic      [NumReq-1:0][LaneSelW-1:0] req_lane;
  logic      [NumReq-1:0]               req_credit;   // a read may be granted
  logic      [NumReq-1:0]               req_staged;   // its packet beat is not yet written

  logic [NumReq-1:0][RspCntW-1:0] outst_q;

  for (genvar r = 0; r < NumReq; r++) begin : gen_port
    logic [2:0] head_region;

    baton_spill_reg #(
      .Width (PortRegW)
    ) u_port (
      .clk_i       (clk_i),
      .rst_ni      (rst_ni),
      .in_valid_i  (req_valid_i[r]),
      .in_ready_o  (req_ready_o[r]),
      .in_data_i   ({req_we_i[r], req_be_i[r], req_wdata_i[r], req_thread_i[r], 3'(dec_region[r]),
                     dec_bank[r], dec_baddr[r], dec_lane[r]}),
      .out_valid_o (req_valid[r]),
      .out_ready_i (req_ready[r]),
      .out_data_o  ({req_we[r], req_be[r], req_wdata[r], req_thread[r], head_region, req_bank[r],
                     req_baddr[r], req_lane[r]})
    );
    assign req_region[r] = region_e'(head_region);
    assign req_credit[r] = req_we[r] || (outst_q[r] < RspCntW'(RspDepth));
  end : gen_port


  // ---- Writer staging -----------------------------------------------------------------------
  // Per writer WrDepth entries. A beat arrives into the lowest free entry; every bank writes one
  // waiting beat per cycle, round robin over the writers that have one for it, and of a writer's
  // beats for the bank the oldest (an age matrix), so a beat waits behind at most WrDepth - 1
  // older beats of its writer, each behind at most NumWr - 1 other writers. Within a frame a
  // writer hits a bank once every NumBanks beats, so a beat is written within NumWr cycles and
  // NumWr + 1 entries suffice; short frames back to back can aim a writer at one bank repeatedly,
  // and pw_ready_o then stops it. A requester's packet-buffer access whose beat is still staged
  // waits until it is written (the interlock in the banks' eligibility), so a tile never sees a
  // beat before its write, however long the staging holds it. pw_idle_o says a writer has nothing
  // staged: the ingress gives the slot of a dropped frame back only then, so a staged beat of a
  // freed slot never lands after the next frame's beat at the same address.
  localparam int unsigned WrIdxW = baton_util_pkg::idx_w(NumWr);
  localparam int unsigned WqIdxW = $clog2(WrDepth);

  logic [NumWr-1:0][WrDepth-1:0]              wq_v_q;
  logic [NumWr-1:0][WrDepth-1:0][PbAddrW-1:0] wq_addr_q;
  logic [NumWr-1:0][WrDepth-1:0][DataW-1:0]   wq_data_q;
  logic [NumWr-1:0][WrDepth-1:0][Lanes-1:0]   wq_be_q;
  logic [NumWr-1:0][WrDepth-1:0][WrDepth-1:0] wq_older_q;  // [w][i][j]: entry i came before j

  // Per bank: the granted writer and its entry
  logic [NumBanks-1:0]              wr_hit;
  logic [NumBanks-1:0][WrIdxW-1:0]  wr_idx;
  logic [NumBanks-1:0][NumWr-1:0]   wr_gnt;
  logic [NumBanks-1:0][NumWr-1:0][WqIdxW-1:0] wr_ent;   // per bank and writer: its entry there

  // A requester whose packet-buffer beat is still staged (compared as bank and word in the bank).
  for (genvar r = 0; r < NumReq; r++) begin : gen_staged
    always_comb begin
      req_staged[r] = 1'b0;
      for (int unsigned w = 0; w < NumWr; w++) begin
        for (int unsigned k = 0; k < WrDepth; k++) begin
          if (wq_v_q[w][k] && (pb_bank(wq_addr_q[w][k]) == req_bank[r]) &&
              (PbAW'(wq_addr_q[w][k] >> ShW) == PbAW'(req_baddr[r]))) begin
            req_staged[r] = 1'b1;
          end
        end
      end
    end
  end

  for (genvar w = 0; w < NumWr; w++) begin : gen_wq
    logic [WrDepth-1:0] clr;
    logic [WqIdxW-1:0]  free_idx;
    logic               free_any;
    logic [WrDepth-1:0] unused_free_oh;

    always_comb begin
      clr = '0;
      for (int unsigned b = 0; b < NumBanks; b++) begin
        if (wr_gnt[b][w]) clr[wr_ent[b][w]] = 1'b1;
      end
    end

    baton_prio_enc #(
      .Width (WrDepth),
      .Msb   (0)
    ) u_free (
      .in_i     (~wq_v_q[w]),
      .idx_o    (free_idx),
      .onehot_o (unused_free_oh),
      .valid_o  (free_any)
    );

    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) begin
        wq_v_q[w] <= '0;
      end else begin
        logic [WrDepth-1:0] v;
        v = wq_v_q[w] & ~clr;
        if (pw_req_i[w]) v[free_idx] = 1'b1;
        wq_v_q[w] <= v;
      end
    end

    // A new beat is younger than every entry (an invalid entry's order is never looked at).
    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) begin
        wq_older_q[w] <= '0;
      end else if (pw_req_i[w]) begin
        for (int unsigned j = 0; j < WrDepth; j++) begin
          wq_older_q[w][free_idx][j] <= 1'b0;
          if (WqIdxW'(j) != free_idx) wq_older_q[w][j][free_idx] <= 1'b1;
        end
      end
    end

    always_ff @(posedge clk_i) begin
      if (pw_req_i[w]) begin
        wq_addr_q[w][free_idx] <= pw_addr_i[w];
        wq_data_q[w][free_idx] <= pw_wdata_i[w];
        wq_be_q[w][free_idx]   <= pw_be_i[w];
      end
    end

    // Ready only from the flops: entries freed this cycle count from the next one.
    assign pw_ready_o[w] = free_any;
    assign pw_idle_o[w]  = (wq_v_q[w] == '0);
    `ASSERT(WriteOnlyWhenReady_A, !pw_req_i[w] || pw_ready_o[w])
  end : gen_wq

  logic [NumRd-1:0][BankW-1:0] pr_bank;
  for (genvar r = 0; r < NumRd; r++) begin : gen_pr_bank
    assign pr_bank[r] = pb_bank(pr_addr_i[r]);
  end

  // ---- Banks ---------------------------------------------------------------------------------
  logic [NumBanks-1:0][NumReq-1:0] bank_ready;
  logic [NumBanks-1:0]             bank_gnt;
  logic [NumBanks-1:0][ReqW-1:0]   bank_idx;

  // Read in flight per bank (data next cycle)
  logic [NumBanks-1:0]             rd_q;
  logic [NumBanks-1:0][ReqW-1:0]   rd_req_q;
  logic [NumBanks-1:0][ThreadW-1:0] rd_thread_q;
  region_e [NumBanks-1:0]          rd_region_q;
  logic [NumBanks-1:0][LaneSelW-1:0] rd_lane_q;
  logic [NumBanks-1:0][31:0]       rd_data;
  logic [NumRd-1:0][BankW-1:0]     pr_bank_q;
  logic [NumBanks-1:0][DataW-1:0]  pr_data;
  logic [NumBanks-1:0][NumRd-1:0]  pr_gnt_bank;   // per bank: the granted reader (one-hot)

  for (genvar b = 0; b < NumBanks; b++) begin : gen_bank
    logic [NumReq-1:0] elig;
    logic [NumReq-1:0] unused_data;
    logic              unused_out;
    logic              pw_hit, pr_hit;
    logic [NumRd-1:0]  pr_elig;
    logic [baton_util_pkg::idx_w(NumRd)-1:0] pr_idx;
    logic [NumRd-1:0]  unused_pr_data;
    logic              unused_pr_out;
    logic [NumWr-1:0]  wr_elig;
    logic              unused_wr_data;
    logic [NumWr-1:0]  unused_wr_req_data;

    // Readers: round robin among those whose next beat is in this bank.
    for (genvar r = 0; r < NumRd; r++) begin : gen_pr_elig
      assign pr_elig[r] = pr_req_i[r] && (pr_bank[r] == BankW'(b));
    end
    baton_rr_arb #(
      .N     (NumRd),
      .Width (1),
      .Lock  (0)
    ) u_rd_arb (
      .clk_i       (clk_i),
      .rst_ni      (rst_ni),
      .req_valid_i (pr_elig),
      .req_ready_o (pr_gnt_bank[b]),
      .req_data_i  (unused_pr_data),
      .out_valid_o (pr_hit),
      .out_ready_i (1'b1),
      .out_data_o  (unused_pr_out),
      .out_idx_o   (pr_idx)
    );
    assign unused_pr_data = '0;

    // Per writer: its oldest beat for this bank.
    always_comb begin
      for (int unsigned w = 0; w < NumWr; w++) begin
        logic [WrDepth-1:0] here;
        for (int unsigned k = 0; k < WrDepth; k++) begin
          here[k] = wq_v_q[w][k] && (pb_bank(wq_addr_q[w][k]) == BankW'(b));
        end
        wr_elig[w]   = |here;
        wr_ent[b][w] = '0;
        for (int unsigned k = 0; k < WrDepth; k++) begin
          logic older_here;
          older_here = 1'b0;
          for (int unsigned j = 0; j < WrDepth; j++) begin
            if (j != k && here[j] && wq_older_q[w][j][k]) older_here = 1'b1;
          end
          if (here[k] && !older_here) wr_ent[b][w] = WqIdxW'(k);
        end
      end
    end
    assign unused_wr_req_data = '0;

    baton_rr_arb #(
      .N     (NumWr),
      .Width (1),
      .Lock  (0)
    ) u_wr_arb (
      .clk_i       (clk_i),
      .rst_ni      (rst_ni),
      .req_valid_i (wr_elig),
      .req_ready_o (wr_gnt[b]),
      .req_data_i  (unused_wr_req_data),
      .out_valid_o (wr_hit[b]),
      .out_ready_i (1'b1),
      .out_data_o  (unused_wr_data),
      .out_idx_o   (wr_idx[b])
    );
    assign pw_hit = wr_hit[b];

    always_comb begin
      for (int unsigned r = 0; r < NumReq; r++) begin
        elig[r] = req_valid[r] && (req_bank[r] == BankW'(b)) && req_credit[r] &&
                  !((pw_hit || req_staged[r]) && (req_region[r] == RegPkt));
      end
    end

    baton_rr_arb #(
      .N     (NumReq),
      .Width (1),
      .Lock  (0)
    ) u_arb (
      .clk_i       (clk_i),
      .rst_ni      (rst_ni),
      .req_valid_i (elig),
      .req_ready_o (bank_ready[b]),
      .req_data_i  (unused_data),
      .out_valid_o (bank_gnt[b]),
      .out_ready_i (1'b1),
      .out_data_o  (unused_out),
      .out_idx_o   (bank_idx[b])
    );
    assign unused_data = '0;

    // The granted request
    logic             g_we;
    logic [3:0]       g_be;
    logic [31:0]      g_wdata;
    region_e          g_region;
    logic [MaxAW-1:0] g_addr;
    logic [LaneSelW-1:0] g_lane;
    assign g_we     = req_we[bank_idx[b]];
    assign g_be     = req_be[bank_idx[b]];
    assign g_wdata  = req_wdata[bank_idx[b]];
    assign g_region = req_region[bank_idx[b]];
    assign g_addr   = req_baddr[bank_idx[b]];
    assign g_lane   = req_lane[bank_idx[b]];
    // Only the bits of the largest bank RAM are used.
    logic unused_g_addr;
    assign unused_g_addr = ^g_addr;

    // Packet buffer bank: port A writer or requester, port B reader.
    logic             pa_req, pa_we;
    logic [PbAW-1:0]  pa_addr;
    logic [DataW-1:0] pa_wdata, pa_rdata;
    logic [Lanes-1:0] pa_be;
    always_comb begin
      pa_req   = 1'b0;
      pa_we    = 1'b0;
      pa_addr  = '0;
      pa_wdata = '0;
      pa_be    = '0;
      if (pw_hit) begin
        pa_req   = 1'b1;
        pa_we    = 1'b1;
        pa_addr  = PbAW'(wq_addr_q[wr_idx[b]][wr_ent[b][wr_idx[b]]] >> ShW);
        pa_wdata = wq_data_q[wr_idx[b]][wr_ent[b][wr_idx[b]]];
        pa_be    = wq_be_q[wr_idx[b]][wr_ent[b][wr_idx[b]]];
      end else if (bank_gnt[b] && (g_region == RegPkt)) begin
        pa_req   = 1'b1;
        pa_we    = g_we;
        pa_addr  = PbAW'(g_addr);
        pa_wdata = {WordsPerLn{g_wdata}};
        pa_be    = Lanes'(g_be) << (4 * 32'(g_lane));
      end
    end

    baton_ram_2p #(
      .Width        (DataW),
      .Depth        (PbDepth),
      .ByteEn       (1),
      .TrueDualPort (1)
    ) u_pkt (
      .clk_i     (clk_i),
      .a_req_i   (pa_req),
      .a_we_i    (pa_we),
      .a_addr_i  (pa_addr),
      .a_wdata_i (pa_wdata),
      .a_be_i    (pa_be),
      .a_rdata_o (pa_rdata),
      .b_req_i   (pr_hit),
      .b_we_i    (1'b0),
      .b_addr_i  (PbAW'(pr_addr_i[pr_idx] >> ShW)),
      .b_wdata_i ('0),
      .b_be_i    ('0),
      .b_rdata_o (pr_data[b])
    );

    // Stack, rodata, data (and scratchpad) banks
    logic        st_req, ro_req, da_req, sc_req;
    logic [31:0] st_rdata, ro_rdata, da_rdata, sc_rdata;
    assign sc_req = bank_gnt[b] && (g_region == RegScratch);
    assign st_req = bank_gnt[b] && (g_region == RegStack);
    assign ro_req = bank_gnt[b] && (g_region == RegRodata);
    assign da_req = bank_gnt[b] && (g_region == RegData);

    baton_ram_1p #(
      .Width  (32),
      .Depth  (StDepth),
      .ByteEn (1)
    ) u_stack (
      .clk_i   (clk_i),
      .req_i   (st_req),
      .we_i    (g_we),
      .addr_i  (StAW'(g_addr)),
      .wdata_i (g_wdata),
      .be_i    (g_be),
      .rdata_o (st_rdata)
    );

    baton_ram_1p #(
      .Width  (32),
      .Depth  (RoDepth),
      .ByteEn (1)
    ) u_rodata (
      .clk_i   (clk_i),
      .req_i   (ro_req),
      .we_i    (g_we),
      .addr_i  (RoAW'(g_addr)),
      .wdata_i (g_wdata),
      .be_i    (g_be),
      .rdata_o (ro_rdata)
    );

    baton_ram_1p #(
      .Width  (32),
      .Depth  (DaDepth),
      .ByteEn (1)
    ) u_data (
      .clk_i   (clk_i),
      .req_i   (da_req),
      .we_i    (g_we),
      .addr_i  (DaAW'(g_addr)),
      .wdata_i (g_wdata),
      .be_i    (g_be),
      .rdata_o (da_rdata)
    );

    if (ScratchBytes != 0) begin : gen_scratch
      baton_ram_1p #(
        .Width  (32),
        .Depth  (ScDepth),
        .ByteEn (1)
      ) u_scratch (
        .clk_i   (clk_i),
        .req_i   (sc_req),
        .we_i    (g_we),
        .addr_i  (ScAW'(g_addr)),
        .wdata_i (g_wdata),
        .be_i    (g_be),
        .rdata_o (sc_rdata)
      );
    end else begin : gen_no_scratch
      assign sc_rdata = '0;
      logic unused_sc_req;
      assign unused_sc_req = sc_req;
    end

    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) begin
        rd_q[b] <= 1'b0;
      end else begin
        rd_q[b] <= bank_gnt[b] && !g_we;
      end
    end

    always_ff @(posedge clk_i) begin
      if (bank_gnt[b]) begin
        rd_req_q[b]    <= bank_idx[b];
        rd_thread_q[b] <= req_thread[bank_idx[b]];
        rd_region_q[b] <= g_region;
        rd_lane_q[b]   <= g_lane;
      end
    end

    always_comb begin
      rd_data[b] = da_rdata;
      unique case (rd_region_q[b])
        RegPkt:    rd_data[b] = pa_rdata[32 * rd_lane_q[b] +: 32];
        RegStack:  rd_data[b] = st_rdata;
        RegRodata: rd_data[b] = ro_rdata;
        RegScratch: rd_data[b] = sc_rdata;
        default:   rd_data[b] = da_rdata;
      endcase
    end

    `ASSERT_NEVER(RequesterNeverOnWriterBank_A, pw_hit && bank_gnt[b] && (g_region == RegPkt))
  end : gen_bank

  // A reader is granted in the bank its address names, so at most once per cycle.
  always_comb begin
    pr_gnt_o = '0;
    for (int unsigned b = 0; b < NumBanks; b++) pr_gnt_o |= pr_gnt_bank[b];
  end
  for (genvar r = 0; r < NumRd; r++) begin : gen_pr_data
    always_ff @(posedge clk_i) begin
      if (pr_gnt_o[r]) pr_bank_q[r] <= pr_bank[r];
    end
    assign pr_rdata_o[r] = pr_data[pr_bank_q[r]];
  end
  `ASSERT_NEVER(ReaderGrantWithoutRequest_A, |(pr_gnt_o & ~pr_req_i))

  // ---- Grants --------------------------------------------------------------------------------
  always_comb begin
    req_ready = '0;
    for (int unsigned b = 0; b < NumBanks; b++) req_ready |= bank_ready[b];
  end
  assign perf_o  = req_valid & req_ready;

  // Writes in a port register (at most its two entries).
  for (genvar r = 0; r < NumReq; r++) begin : gen_wr_pend
    logic [1:0] wr_cnt_q;
    logic       wr_in, wr_out;
    assign wr_in  = req_valid_i[r] && req_ready_o[r] && req_we_i[r];
    assign wr_out = perf_o[r] && req_we[r];
    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) begin
        wr_cnt_q <= '0;
      end else begin
        wr_cnt_q <= wr_cnt_q + 2'(wr_in) - 2'(wr_out);
      end
    end
    assign wr_pend_o[r] = (wr_cnt_q != 2'd0);
    `ASSERT_NEVER(WrCountRange_A, wr_cnt_q == 2'd3)
  end
  assign stall_o = req_valid_i & ~req_ready_o;

  // ---- Responses -----------------------------------------------------------------------------
  for (genvar r = 0; r < NumReq; r++) begin : gen_rsp
    logic                    in_valid;
    logic [ThreadW+31:0]     in_data;
    logic                    fifo_in_ready, unused_full, unused_empty;
    logic [$clog2(RspDepth + 1)-1:0] unused_count;
    logic                    issue, retire;

    always_comb begin
      in_valid = 1'b0;
      in_data  = '0;
      for (int unsigned b = 0; b < NumBanks; b++) begin
        if (rd_q[b] && (rd_req_q[b] == ReqW'(r))) begin
          in_valid = 1'b1;
          in_data  = {rd_thread_q[b], rd_data[b]};
        end
      end
    end

    baton_fifo_sync #(
      .Width       (ThreadW + 32),
      .Depth       (RspDepth),
      .FallThrough (0)
    ) u_fifo (
      .clk_i       (clk_i),
      .rst_ni      (rst_ni),
      .in_valid_i  (in_valid),
      .in_ready_o  (fifo_in_ready),
      .in_data_i   (in_data),
      .out_valid_o (rsp_valid_o[r]),
      .out_ready_i (rsp_ready_i[r]),
      .out_data_o  ({rsp_thread_o[r], rsp_rdata_o[r]}),
      .count_o     (unused_count),
      .full_o      (unused_full),
      .empty_o     (unused_empty)
    );

    assign issue  = req_valid[r] && req_ready[r] && !req_we[r];
    assign retire = rsp_valid_o[r] && rsp_ready_i[r];

    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) begin
        outst_q[r] <= '0;
      end else if (issue != retire) begin
        outst_q[r] <= issue ? outst_q[r] + 1'b1 : outst_q[r] - 1'b1;
      end
    end

    // At most one bank answers a requester per cycle, and its FIFO always has room.
    `ASSERT(OneResponsePerCycle_A, $onehot0(bank_hits(rd_q, rd_req_q, ReqW'(r))))
    `ASSERT(RspFifoRoom_A, !in_valid || fifo_in_ready)
    `ASSERT(OutstandingBound_A, outst_q[r] <= RspCntW'(RspDepth))
    `ASSERT_STABLE(RspStable_A, rsp_valid_o[r], rsp_ready_i[r], {rsp_thread_o[r], rsp_rdata_o[r]})
  end : gen_rsp

  function automatic logic [NumBanks-1:0] bank_hits(
      logic [NumBanks-1:0] v, logic [NumBanks-1:0][ReqW-1:0] idx, logic [ReqW-1:0] r);
    logic [NumBanks-1:0] hits;
    for (int unsigned b = 0; b < NumBanks; b++) hits[b] = v[b] && (idx[b] == r);
    return hits;
  endfunction

  // Requesters only reach the shared windows.
  for (genvar r = 0; r < NumReq; r++) begin : gen_req_chk
    `ASSERT(WindowLegal_A, !req_valid_i[r] || (req_addr_i[r][31:WindowShift] == WinPktSel) ||
            (req_addr_i[r][31:WindowShift] == WinStackSel) ||
            (req_addr_i[r][31:WindowShift] == WinRodataSel) ||
            (req_addr_i[r][31:WindowShift] == WinDataSel) ||
            ((ScratchBytes != 0) && (req_addr_i[r][31:WindowShift] == WinLookupSel)))
    `ASSERT(ScratchInRange_A, !req_valid_i[r] || (req_addr_i[r][31:WindowShift] != WinLookupSel) ||
            ((req_addr_i[r][WindowShift-1:0] >= WindowShift'(FsScratchOffset)) &&
             (req_addr_i[r][WindowShift-1:0] < WindowShift'(FsScratchOffset + ScratchBytes))))
    `ASSERT(RodataInRange_A, !req_valid_i[r] || (req_addr_i[r][31:WindowShift] != WinRodataSel) ||
            (req_addr_i[r][WindowShift-1:0] < WindowShift'(RodataBytes)))
    `ASSERT(DataInRange_A, !req_valid_i[r] || (req_addr_i[r][31:WindowShift] != WinDataSel) ||
            (req_addr_i[r][WindowShift-1:0] < WindowShift'(DataBytes)))
    `ASSERT_STABLE(ReqStable_A, req_valid_i[r], req_ready_o[r],
                   {req_we_i[r], req_addr_i[r], req_be_i[r], req_wdata_i[r], req_thread_i[r],
                    req_handle_i[r]})
  end : gen_req_chk


endmodule
