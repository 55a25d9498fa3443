// SPDX-License-Identifier: Apache-2.0
// Egress packet reader: streams a stored frame out of its packet-buffer slot as AXI4-Stream and
// frees the slot after the last beat has been read. Reads are requested only when the output
// buffer has room for their data, so the synchronous RAM never has to be stalled. The buffer holds
// OutDepth = 3 beats: a read's data reaches the registered output two cycles after the read is
// issued, so three credits keep one beat per cycle flowing when the sink is always ready.
// The read port may be shared: a read happens in a cycle with mem_req_o and mem_gnt_i (tie
// mem_gnt_i high for a port of its own). tuser carries req_user_i on every beat of the frame.
// The slot is freed (free_valid_o, one cycle) with the frame's last read, which is requested only
// while free_ready_i (tie high if every free is taken at once).
`default_nettype none
`include "baton_assert.svh"

module baton_pktbuf_reader #(
  parameter int unsigned DataW     = 64,
  parameter int unsigned NumSlots  = 64,
  parameter int unsigned SlotBytes = 2048,
  parameter int unsigned UserW     = 1,
  localparam int unsigned Lanes    = DataW / 8,
  localparam int unsigned HandleW  = baton_util_pkg::idx_w(NumSlots),
  localparam int unsigned BeatsPerSlot = SlotBytes / Lanes,
  localparam int unsigned BeatW    = baton_util_pkg::idx_w(BeatsPerSlot),
  localparam int unsigned MemAddrW = HandleW + BeatW,
  localparam int unsigned LenW     = 16
) (
  input  logic                clk_i,
  input  logic                rst_ni,
  // Which frame to send
  input  logic                req_valid_i,
  output logic                req_ready_o,
  input  logic [HandleW-1:0]  req_handle_i,
  input  logic [LenW-1:0]     req_len_i,
  input  logic [UserW-1:0]    req_user_i,
  // Packet-buffer read port: a read happens when requested and granted; data the next cycle
  output logic                mem_req_o,
  input  logic                mem_gnt_i,
  output logic [MemAddrW-1:0] mem_addr_o,
  input  logic [DataW-1:0]    mem_rdata_i,
  // Slot release after the frame has been read
  output logic                free_valid_o,
  input  logic                free_ready_i,
  output logic [HandleW-1:0]  free_handle_o,
  // AXI4-Stream out
  output logic                m_tvalid_o,
  input  logic                m_tready_i,
  output logic [DataW-1:0]    m_tdata_o,
  output logic [Lanes-1:0]    m_tkeep_o,
  output logic                m_tlast_o,
  output logic [UserW-1:0]    m_tuser_o
);
  `ASSERT_INIT(DataWLegal_A, DataW >= 8 && DataW <= 512 && (DataW & (DataW - 1)) == 0)
  `ASSERT_INIT(SlotBytesLegal_A, SlotBytes >= 2 * Lanes && (SlotBytes & (SlotBytes - 1)) == 0 && SlotBytes <= 32768)
  `ASSERT_INIT(NumSlotsLegal_A, NumSlots >= 2 && NumSlots <= 65536)
  `ASSERT_INIT(UserWLegal_A, UserW >= 1 && UserW <= 32)

  localparam int unsigned OutW     = DataW + Lanes + 1 + UserW;
  localparam int unsigned OutDepth = 3;

  // Current frame being read.
  logic               busy_q;
  logic [HandleW-1:0] handle_q;
  logic [LenW-1:0]    left_q;    // bytes not yet requested
  logic [BeatW-1:0]   beat_q;
  logic [UserW-1:0]   user_q;
  // The read issued last cycle, whose data arrives now.
  logic               rd_q;
  logic [Lanes-1:0]   rd_keep_q;
  logic               rd_last_q;
  logic [UserW-1:0]   rd_user_q;

  logic [1:0] out_count;  // entries in the output buffer, 0..OutDepth
  logic       issue, last_issue;
  logic [Lanes-1:0] keep;

  // Room for the data of a new read: entries held plus the one in flight stay within OutDepth;
  // the last read also needs the free to be taken.
  assign mem_req_o  = busy_q && (32'(out_count) + 32'(rd_q) < OutDepth) &&
                      (32'(left_q) > Lanes || free_ready_i);
  assign issue      = mem_req_o && mem_gnt_i;
  assign last_issue = issue && 32'(left_q) <= Lanes;
  assign req_ready_o = !busy_q;

  always_comb begin
    keep = '1;
    if (32'(left_q) < Lanes) begin
      for (int unsigned i = 0; i < Lanes; i++) keep[i] = i < 32'(left_q);
    end
  end

  assign mem_addr_o = {handle_q, beat_q};
  assign free_valid_o  = last_issue;  // the slot's last word is read this cycle
  assign free_handle_o = handle_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      busy_q <= 1'b0;
      rd_q   <= 1'b0;
    end else begin
      rd_q <= issue;
      if (req_valid_i && req_ready_o) busy_q <= 1'b1;
      else if (last_issue) busy_q <= 1'b0;
    end
  end

  always_ff @(posedge clk_i) begin
    if (req_valid_i && req_ready_o) begin
      handle_q <= req_handle_i;
      left_q   <= req_len_i;
      beat_q   <= '0;
      user_q   <= req_user_i;
    end else if (issue) begin
      left_q <= left_q - LenW'(Lanes);
      beat_q <= beat_q + 1'b1;
    end
    if (issue) begin
      rd_keep_q <= keep;
      rd_last_q <= last_issue;
      rd_user_q <= user_q;
    end
  end

  logic             out_ready;
  logic [OutW-1:0]  out_data;
  logic [1:0]       fifo_count;

  baton_fifo_sync #(.Width(OutW), .Depth(OutDepth), .FallThrough(0)) u_out (
    .clk_i      (clk_i),
    .rst_ni     (rst_ni),
    .in_valid_i (rd_q),
    .in_ready_o (out_ready),
    .in_data_i  ({rd_user_q, rd_last_q, rd_keep_q, mem_rdata_i}),
    .out_valid_o(m_tvalid_o),
    .out_ready_i(m_tready_i),
    .out_data_o (out_data),
    .count_o    (fifo_count),
    .full_o     (),
    .empty_o    ()
  );
  assign out_count = fifo_count;
  assign {m_tuser_o, m_tlast_o, m_tkeep_o, m_tdata_o} = out_data;

  `ASSERT_NEVER(DataLost_A, rd_q && !out_ready)
  `ASSERT_NEVER(EmptyFrame_A, req_valid_i && req_len_i == '0)
  `ASSERT_NEVER(FrameTooLong_A, req_valid_i && 32'(req_len_i) > SlotBytes)
endmodule
