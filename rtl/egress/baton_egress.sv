// SPDX-License-Identifier: Apache-2.0
// The engine's egress: per-bucket output ordering, completions, output streams and counters.
//
//   order append (ingress)  -> baton_egress_order (per-bucket release order, one release/cycle)
//   completion (thread_op_t)-> decoded to a destination: port p, host, or "free only"
//   release                 -> per-destination request FIFO -> baton_pktbuf_reader (one per port
//                              and one for the host) -> AXI4-Stream; each streamer has a
//                              packet-buffer read port of its own (the packet buffer grants it,
//                              per bank, mem_gnt_i), so the outputs stream at once
//                           -> DROP / DONE / SEND to a missing port: slot freed, no output
//   slot frees              -> one per streamer held in a register (the streamer's last read waits
//                              while it is full) and the releases that send nothing, round robin
//                              onto the allocator's one free port
//   every release           -> one counter increment (baton_egress_counters)
//
// The completion channel carries baton_pkg::thread_op_t as is (src_tile/src_thread ignored).
// Counters (64-bit, read through the CNT_SEL snapshot):
//   0x000..0x0ff drops by reason code, 0x100 + p packets sent on port p, 0x110 to-host packets,
//   0x111 DONE completions.
// A SEND to a port >= NumPorts counts as drop DropBadPort; a SEND or TO_HOST whose ctx.pkt_len
// is 0 or longer than a slot counts as DropMalformed; any other op (OpMigrate) counts as drop
// code 0x00.
`default_nettype none
`include "baton_assert.svh"

module baton_egress
  import baton_abi_pkg::*;
  import baton_pkg::*;
#(
  parameter int unsigned NumPorts        = 4,
  parameter int unsigned DataW           = 64,
  parameter int unsigned NumSlots        = 64,
  parameter int unsigned NumBuckets      = 1024,
  parameter int unsigned SlotBytes       = 2048,
  parameter int unsigned ReqDepth        = 2,
  parameter bit          MutEarlyRelease = 1'b0,
  localparam int unsigned Lanes    = DataW / 8,
  localparam int unsigned HandleW  = baton_util_pkg::idx_w(NumSlots),
  localparam int unsigned BucketW  = baton_util_pkg::idx_w(NumBuckets),
  localparam int unsigned BeatsPerSlot = SlotBytes / Lanes,
  localparam int unsigned BeatW    = baton_util_pkg::idx_w(BeatsPerSlot),
  localparam int unsigned MemAddrW = HandleW + BeatW
) (
  input  logic                               clk_i,
  input  logic                               rst_ni,
  // Order append from the ingress, in dispatch order
  input  logic                               app_valid_i,
  output logic                               app_ready_o,
  input  logic [BucketW-1:0]                 app_bucket_i,
  input  logic [SeqW-1:0]                    app_seq_i,
  input  logic [HandleW-1:0]                 app_handle_i,
  input  logic                               app_free_i,    // unordered (an event without a packet)
  // Completions
  input  logic                               cpl_valid_i,
  output logic                               cpl_ready_o,
  input  thread_op_t                         cpl_i,
  // Packet-buffer read ports, one per streamer (ports 0..NumPorts-1, then the host): a read
  // happens in a cycle with mem_req_o and mem_gnt_i, data the next cycle
  output logic [NumPorts:0]                  mem_req_o,
  input  logic [NumPorts:0]                  mem_gnt_i,
  output logic [NumPorts:0][MemAddrW-1:0]    mem_addr_o,
  input  logic [NumPorts:0][DataW-1:0]       mem_rdata_i,
  // Packet-buffer allocator free port
  output logic                               free_valid_o,
  output logic [HandleW-1:0]                 free_handle_o,
  // Output ports (AXI4-Stream)
  output logic [NumPorts-1:0]                tx_tvalid_o,
  input  logic [NumPorts-1:0]                tx_tready_i,
  output logic [NumPorts-1:0][DataW-1:0]     tx_tdata_o,
  output logic [NumPorts-1:0][Lanes-1:0]     tx_tkeep_o,
  output logic [NumPorts-1:0]                tx_tlast_o,
  // Host stream (AXI4-Stream, tuser = ingress port)
  output logic                               host_tvalid_o,
  input  logic                               host_tready_i,
  output logic [DataW-1:0]                   host_tdata_o,
  output logic [Lanes-1:0]                   host_tkeep_o,
  output logic                               host_tlast_o,
  output logic [PortW-1:0]                   host_tuser_o,
  // Observation: every release (one per packet, in release order); obs_code_o is the counter
  // index the release increments: 0x000..0x0ff drop reason, 0x100 + p sent on port p, 0x110 to
  // the host, 0x111 DONE. Frames leave each output in the order of their releases.
  output logic                               obs_rel_o,
  output logic [HandleW-1:0]                 obs_handle_o,
  output logic [8:0]                         obs_code_o,
  // Register bus
  input  logic                               reg_req_i,
  input  logic                               reg_we_i,
  input  logic [15:0]                        reg_addr_i,
  input  logic [31:0]                        reg_wdata_i,
  input  logic [3:0]                         reg_wstrb_i,
  output logic [31:0]                        reg_rdata_o,
  output logic                               reg_error_o
);
  `ASSERT_INIT(NumPortsLegal_A, NumPorts >= 1 && NumPorts <= 16)
  `ASSERT_INIT(DataWLegal_A, DataW >= 8 && DataW <= 512 && (DataW & (DataW - 1)) == 0)
  `ASSERT_INIT(NumSlotsLegal_A, NumSlots >= 2 && NumSlots <= 65536)
  `ASSERT_INIT(NumBucketsLegal_A, NumBuckets >= 2 && (NumBuckets & (NumBuckets - 1)) == 0 &&
                                  NumBuckets <= (1 << FlowW))
  `ASSERT_INIT(SlotBytesLegal_A, SlotBytes >= 2 * Lanes && (SlotBytes & (SlotBytes - 1)) == 0 &&
                                 SlotBytes <= 32768)
  `ASSERT_INIT(ReqDepthLegal_A, ReqDepth >= 1 && ReqDepth <= 16)

  localparam int unsigned NumOut   = NumPorts + 1;          // streamers: ports, then the host
  localparam int unsigned HostDest = NumPorts;
  localparam int unsigned FreeDest = NumPorts + 1;
  localparam int unsigned NumDest  = NumPorts + 2;
  localparam int unsigned DestW    = $clog2(NumDest);
  localparam int unsigned LenW     = $clog2(SlotBytes) + 1;
  localparam int unsigned CntIdxW  = EgCntIdxW;
  localparam int unsigned PayloadW = CntIdxW + LenW + PortW;
  localparam int unsigned ReqW     = HandleW + LenW + PortW;
  // Counter index map (CNT_SEL): baton_abi_pkg's EgCnt*.
  localparam logic [CntIdxW-1:0] CntTx     = EgCntTxBase;
  localparam logic [CntIdxW-1:0] CntToHost = EgCntToHost;
  localparam logic [CntIdxW-1:0] CntDone   = EgCntDone;

  // ---- Completion decode -----------------------------------------------------------------------
  logic [DestW-1:0]    cpl_dest;
  logic [CntIdxW-1:0]  cpl_cnt;
  logic                len_ok;
  logic [HandleW-1:0]  cpl_handle;

  assign len_ok     = cpl_i.ctx.pkt_len != '0 && 32'(cpl_i.ctx.pkt_len) <= SlotBytes;
  assign cpl_handle = cpl_i.ctx.pkt_handle[HandleW-1:0];

  always_comb begin
    cpl_dest = DestW'(FreeDest);
    cpl_cnt  = CntIdxW'(DropNone);
    unique case (cpl_i.op)
      OpSend: begin
        if (32'(cpl_i.arg) >= NumPorts) begin
          cpl_cnt = CntIdxW'(DropBadPort);
        end else if (!len_ok) begin
          cpl_cnt = CntIdxW'(DropMalformed);
        end else begin
          cpl_dest = DestW'(cpl_i.arg);
          cpl_cnt  = CntTx | CntIdxW'(cpl_i.arg);
        end
      end
      OpToHost: begin
        if (!len_ok) begin
          cpl_cnt = CntIdxW'(DropMalformed);
        end else begin
          cpl_dest = DestW'(HostDest);
          cpl_cnt  = CntToHost;
        end
      end
      OpDrop:  cpl_cnt = CntIdxW'(cpl_i.arg);
      OpDone:  cpl_cnt = CntDone;
      default: cpl_cnt = CntIdxW'(DropNone);
    endcase
  end

  // ---- Ordering unit ---------------------------------------------------------------------------
  logic [NumDest-1:0]  dest_ok;
  logic                rel_fire;
  logic [HandleW-1:0]  rel_handle;
  logic [DestW-1:0]    rel_dest;
  logic [PayloadW-1:0] rel_payload;
  logic [CntIdxW-1:0]  rel_cnt;
  logic [LenW-1:0]     rel_len;
  logic [PortW-1:0]    rel_port;
  logic                held;
  logic [$clog2(NumSlots + 1)-1:0] live_count;

  baton_egress_order #(
    .NumSlots       (NumSlots),
    .NumBuckets     (NumBuckets),
    .NumDest        (NumDest),
    .PayloadW       (PayloadW),
    .MutEarlyRelease(MutEarlyRelease)
  ) u_order (
    .clk_i        (clk_i),
    .rst_ni       (rst_ni),
    .app_valid_i  (app_valid_i),
    .app_ready_o  (app_ready_o),
    .app_bucket_i (app_bucket_i),
    .app_seq_i    (app_seq_i),
    .app_handle_i (app_handle_i),
    .app_free_i   (app_free_i),
    .cpl_valid_i  (cpl_valid_i),
    .cpl_ready_o  (cpl_ready_o),
    .cpl_handle_i (cpl_handle),
    .cpl_dest_i   (cpl_dest),
    .cpl_payload_i({cpl_cnt, LenW'(cpl_i.ctx.pkt_len), cpl_i.ctx.in_port}),
    .dest_ok_i    (dest_ok),
    .rel_fire_o   (rel_fire),
    .rel_handle_o (rel_handle),
    .rel_dest_o   (rel_dest),
    .rel_payload_o(rel_payload),
    .held_o       (held),
    .live_count_o (live_count)
  );
  assign {rel_cnt, rel_len, rel_port} = rel_payload;
  assign obs_rel_o    = rel_fire;
  assign obs_handle_o = rel_handle;
  assign obs_code_o   = rel_cnt;

  // ---- Destinations: request FIFOs and streamers -----------------------------------------------
  logic [NumOut-1:0]               rq_in_ready, rq_valid, rq_ready;
  logic [NumOut-1:0][ReqW-1:0]     rq_data;
  logic [NumOut-1:0]               st_free, fp_valid_q, fp_gnt;
  logic [NumOut-1:0][HandleW-1:0]  st_free_handle, fp_handle_q;
  logic [NumOut-1:0]               o_tvalid, o_tready, o_tlast;
  logic [NumOut-1:0][DataW-1:0]    o_tdata;
  logic [NumOut-1:0][Lanes-1:0]    o_tkeep;
  logic [NumOut-1:0][PortW-1:0]    o_tuser;
  logic                            snap_pending;

  for (genvar o = 0; o < NumOut; o++) begin : gen_out
    baton_fifo_sync #(.Width(ReqW), .Depth(ReqDepth), .FallThrough(0)) u_req (
      .clk_i      (clk_i),
      .rst_ni     (rst_ni),
      .in_valid_i (rel_fire && 32'(rel_dest) == o),
      .in_ready_o (rq_in_ready[o]),
      .in_data_i  ({rel_handle, rel_len, rel_port}),
      .out_valid_o(rq_valid[o]),
      .out_ready_i(rq_ready[o]),
      .out_data_o (rq_data[o]),
      .count_o    (),
      .full_o     (),
      .empty_o    ()
    );

    baton_pktbuf_reader #(
      .DataW    (DataW),
      .NumSlots (NumSlots),
      .SlotBytes(SlotBytes),
      .UserW    (PortW)
    ) u_stream (
      .clk_i        (clk_i),
      .rst_ni       (rst_ni),
      .req_valid_i  (rq_valid[o]),
      .req_ready_o  (rq_ready[o]),
      .req_handle_i (rq_data[o][ReqW-1 -: HandleW]),
      .req_len_i    (16'(rq_data[o][PortW +: LenW])),
      .req_user_i   (rq_data[o][PortW-1:0]),
      .mem_req_o    (mem_req_o[o]),
      .mem_gnt_i    (mem_gnt_i[o]),
      .mem_addr_o   (mem_addr_o[o]),
      .mem_rdata_i  (mem_rdata_i[o]),
      .free_valid_o (st_free[o]),
      .free_ready_i (!fp_valid_q[o]),
      .free_handle_o(st_free_handle[o]),
      .m_tvalid_o   (o_tvalid[o]),
      .m_tready_i   (o_tready[o]),
      .m_tdata_o    (o_tdata[o]),
      .m_tkeep_o    (o_tkeep[o]),
      .m_tlast_o    (o_tlast[o]),
      .m_tuser_o    (o_tuser[o])
    );
    assign dest_ok[o] = rq_in_ready[o] && !snap_pending;
  end

  for (genvar p = 0; p < NumPorts; p++) begin : gen_ports
    assign tx_tvalid_o[p] = o_tvalid[p];
    assign o_tready[p]    = tx_tready_i[p];
    assign tx_tdata_o[p]  = o_tdata[p];
    assign tx_tkeep_o[p]  = o_tkeep[p];
    assign tx_tlast_o[p]  = o_tlast[p];
  end
  assign host_tvalid_o      = o_tvalid[NumPorts];
  assign o_tready[NumPorts] = host_tready_i;
  assign host_tdata_o       = o_tdata[NumPorts];
  assign host_tkeep_o       = o_tkeep[NumPorts];
  assign host_tlast_o       = o_tlast[NumPorts];
  assign host_tuser_o       = o_tuser[NumPorts];

  // ---- Slot frees: per streamer one pending free (its last read waits while the register is
  // full), and the releases that send nothing (through a small FIFO); round robin onto the
  // allocator's free port, one per cycle ---------------------------------------------------------
  localparam int unsigned FreeSrc = NumOut + 1;

  logic               fq_in_ready, fq_valid, fq_gnt;
  logic [HandleW-1:0] fq_handle;

  for (genvar o = 0; o < NumOut; o++) begin : gen_free_pend
    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) begin
        fp_valid_q[o] <= 1'b0;
      end else if (st_free[o]) begin
        fp_valid_q[o] <= 1'b1;
      end else if (fp_gnt[o]) begin
        fp_valid_q[o] <= 1'b0;
      end
    end
    always_ff @(posedge clk_i) begin
      if (st_free[o]) fp_handle_q[o] <= st_free_handle[o];
    end
    `ASSERT_NEVER(FreeOverwrite_A, st_free[o] && fp_valid_q[o])
  end

  baton_fifo_sync #(.Width(HandleW), .Depth(2), .FallThrough(0)) u_free_q (
    .clk_i      (clk_i),
    .rst_ni     (rst_ni),
    .in_valid_i (rel_fire && 32'(rel_dest) == FreeDest),
    .in_ready_o (fq_in_ready),
    .in_data_i  (rel_handle),
    .out_valid_o(fq_valid),
    .out_ready_i(fq_gnt),
    .out_data_o (fq_handle),
    .count_o    (),
    .full_o     (),
    .empty_o    ()
  );
  assign dest_ok[FreeDest] = fq_in_ready && !snap_pending;

  baton_rr_arb #(
    .N     (FreeSrc),
    .Width (HandleW),
    .Lock  (0)
  ) u_free_arb (
    .clk_i       (clk_i),
    .rst_ni      (rst_ni),
    .req_valid_i ({fq_valid, fp_valid_q}),
    .req_ready_o ({fq_gnt, fp_gnt}),
    .req_data_i  ({fq_handle, fp_handle_q}),
    .out_valid_o (free_valid_o),
    .out_ready_i (1'b1),
    .out_data_o  (free_handle_o),
    .out_idx_o   ()
  );

  // ---- Counters and registers ------------------------------------------------------------------
  // The map, its decoder and the error responses are baton_egress_regs, generated by PeakRDL from
  // rtl/egress/baton_egress_regs.rdl (docs/registers.md; table in docs/egress.md). CLEAR and
  // CNT_SEL are external registers, acted on here in the write's cycle.
  logic [CntIdxW-1:0] sel_q, sel_d;
  logic               wr_clear, wr_sel;
  logic               snap_valid;
  logic [63:0]        snap, held_q;
  logic               rb_rd_ack, rb_rd_err, rb_wr_ack, rb_wr_err, rb_stall_rd, rb_stall_wr;
  logic [31:0]        rb_rd_data, rb_biten;

  baton_egress_regs_pkg::baton_egress_regs__in_t  hwif_in;
  baton_egress_regs_pkg::baton_egress_regs__out_t hwif_out;

  assign rb_biten = {{8{reg_wstrb_i[3]}}, {8{reg_wstrb_i[2]}}, {8{reg_wstrb_i[1]}}, {8{reg_wstrb_i[0]}}};

  baton_egress_regs u_regs (
    .clk                  (clk_i),
    .arst_n               (rst_ni),
    .s_cpuif_req          (reg_req_i),
    .s_cpuif_req_is_wr    (reg_we_i),
    .s_cpuif_addr         ({reg_addr_i[15:2], 2'b00}),
    .s_cpuif_wr_data      (reg_wdata_i),
    .s_cpuif_wr_biten     (rb_biten),
    .s_cpuif_req_stall_wr (rb_stall_wr),
    .s_cpuif_req_stall_rd (rb_stall_rd),
    .s_cpuif_rd_ack       (rb_rd_ack),
    .s_cpuif_rd_err       (rb_rd_err),
    .s_cpuif_rd_data      (rb_rd_data),
    .s_cpuif_wr_ack       (rb_wr_ack),
    .s_cpuif_wr_err       (rb_wr_err),
    .hwif_in              (hwif_in),
    .hwif_out             (hwif_out)
  );
  assign reg_rdata_o = rb_rd_data;
  assign reg_error_o = reg_req_i && (reg_we_i ? rb_wr_err : rb_rd_err);

  // A write takes effect when the strobe of byte 0 is set (both registers live in bits [8:0]).
  assign wr_clear = hwif_out.CLEAR.req && hwif_out.CLEAR.req_is_wr && hwif_out.CLEAR.wr_biten.CLEAR &&
                    hwif_out.CLEAR.wr_data.CLEAR;
  assign wr_sel   = hwif_out.CNT_SEL.req && hwif_out.CNT_SEL.req_is_wr && hwif_out.CNT_SEL.wr_biten.INDEX[0];
  assign sel_d    = {hwif_out.CNT_SEL.wr_biten.INDEX[8] ? hwif_out.CNT_SEL.wr_data.INDEX[8] : sel_q[8],
                     hwif_out.CNT_SEL.wr_data.INDEX[7:0]};
  assign hwif_in.CLEAR.wr_ack   = hwif_out.CLEAR.req && hwif_out.CLEAR.req_is_wr;
  assign hwif_in.CNT_SEL.wr_ack = hwif_out.CNT_SEL.req && hwif_out.CNT_SEL.req_is_wr;
  assign hwif_in.CNT_SEL.rd_ack = hwif_out.CNT_SEL.req && !hwif_out.CNT_SEL.req_is_wr;
  assign hwif_in.CNT_SEL.rd_data = '{VALID: snap_valid, _reserved_30_9: '0, INDEX: sel_q};

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      sel_q  <= '0;
      held_q <= '0;
    end else begin
      if (wr_sel) sel_q <= sel_d;
      if (wr_clear) held_q <= '0;
      else if (held) held_q <= held_q + 1'b1;
    end
  end

  baton_egress_counters #(.NumCnt(1 << CntIdxW), .CntW(64)) u_cnt (
    .clk_i         (clk_i),
    .rst_ni        (rst_ni),
    .inc_i         (rel_fire),
    .inc_idx_i     (rel_cnt),
    .clear_i       (wr_clear),
    .sel_we_i      (wr_sel),
    .sel_idx_i     (sel_d),
    .snap_pending_o(snap_pending),
    .snap_valid_o  (snap_valid),
    .snap_o        (snap)
  );

  assign hwif_in.INFO.NUM_PORTS.next = 8'(NumPorts);
  assign hwif_in.INFO.NUM_SLOTS.next = 16'(NumSlots);
  assign hwif_in.CNT_LO.VALUE.next   = snap[31:0];
  assign hwif_in.CNT_HI.VALUE.next   = snap[63:32];
  assign hwif_in.HELD_LO.VALUE.next  = held_q[31:0];
  assign hwif_in.HELD_HI.VALUE.next  = held_q[63:32];
  assign hwif_in.LIVE.COUNT.next     = 32'(live_count);

  `ASSERT(RegAckInRequestCycle_A, reg_req_i |-> (reg_we_i ? rb_wr_ack : rb_rd_ack))
  `ASSERT_NEVER(RegNeverStalls_A, rb_stall_rd || rb_stall_wr)

  logic unused_regs;
  assign unused_regs = ^{hwif_out.CLEAR.wr_data, hwif_out.CLEAR.wr_biten,
                         hwif_out.CNT_SEL.wr_data, hwif_out.CNT_SEL.wr_biten,
                         rb_stall_rd, rb_stall_wr};

  logic unused;
  assign unused = ^{cpl_i.src_tile, cpl_i.src_thread, cpl_i.ctx.pkt_handle, cpl_i.ctx.arrival,
                    cpl_i.ctx.seq, cpl_i.ctx.flow, cpl_i.ctx.event_type, cpl_i.ctx.target_part,
                    cpl_i.ctx.entry_kind, cpl_i.ctx.entry, cpl_i.ctx.sp, cpl_i.ctx.args,
                    reg_addr_i[1:0], o_tuser[NumPorts-1:0]};

  // ---- Assertions ------------------------------------------------------------------------------
  `ASSERT_STABLE(AppendContract_A, app_valid_i, app_ready_o, {app_bucket_i, app_seq_i, app_handle_i})
  `ASSERT_STABLE(CplContract_A, cpl_valid_i, cpl_ready_o, cpl_i)
  `ASSERT_NEVER(CplHandleRange_A, cpl_valid_i && 32'(cpl_i.ctx.pkt_handle) >= NumSlots)
  `ASSERT_NEVER(CplMigrate_A, cpl_valid_i && cpl_i.op == OpMigrate)
  for (genvar p = 0; p < NumPorts; p++) begin : gen_tx_assert
    `ASSERT_STABLE(TxContract_A, tx_tvalid_o[p], tx_tready_i[p],
                   {tx_tdata_o[p], tx_tkeep_o[p], tx_tlast_o[p]})
  end
  `ASSERT_STABLE(HostContract_A, host_tvalid_o, host_tready_i,
                 {host_tdata_o, host_tkeep_o, host_tlast_o, host_tuser_o})
endmodule
