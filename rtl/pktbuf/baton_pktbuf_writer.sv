// SPDX-License-Identifier: Apache-2.0
// Ingress packet writer: takes frames from an AXI4-Stream port, stores each in its own
// packet-buffer slot and emits a descriptor (slot handle, length, arrival time) per stored frame.
//
// Frames that cannot be kept are consumed to their last beat and dropped with a reason, counted:
//   no free slot at the first beat      -> DropBufferFull
//   longer than the slot (SlotBytes)    -> DropOversize (the slot is freed)
//   shorter than MinBytes               -> DropRunt     (the slot is freed)
//   tuser set on the last beat          -> DropTuserError (the slot is freed)
// The slot memory port takes a beat in any cycle with mem_ready_i, which must not depend on this
// cycle's mem_req_o; the input stream waits (tready low) while it is low. A new frame is accepted
// only while the descriptor register is free, so a frame's descriptor never waits behind the next
// frame.
`default_nettype none
`include "baton_assert.svh"

module baton_pktbuf_writer #(
  parameter int unsigned DataW     = 64,
  parameter int unsigned NumSlots  = 64,
  parameter int unsigned SlotBytes = 2048,
  parameter int unsigned MinBytes  = 60,
  localparam int unsigned Lanes    = DataW / 8,
  localparam int unsigned HandleW  = baton_util_pkg::idx_w(NumSlots),
  localparam int unsigned BeatsPerSlot = SlotBytes / Lanes,
  localparam int unsigned BeatW    = baton_util_pkg::idx_w(BeatsPerSlot),
  localparam int unsigned MemAddrW = HandleW + BeatW,
  localparam int unsigned LenW     = 16
) (
  input  logic                clk_i,
  input  logic                rst_ni,
  input  logic [31:0]         now_i,        // free-running cycle counter: the arrival time
  // AXI4-Stream in
  input  logic                s_tvalid_i,
  output logic                s_tready_o,
  input  logic [DataW-1:0]    s_tdata_i,
  input  logic [Lanes-1:0]    s_tkeep_i,
  input  logic                s_tlast_i,
  input  logic                s_tuser_i,
  // Slot allocator
  input  logic                alloc_valid_i,
  output logic                alloc_ready_o,
  input  logic [HandleW-1:0]  alloc_handle_i,
  output logic                free_valid_o,
  output logic [HandleW-1:0]  free_handle_o,
  // Packet-buffer write port
  output logic                mem_req_o,
  input  logic                mem_ready_i,   // the memory takes a beat this cycle (else hold)
  output logic [MemAddrW-1:0] mem_addr_o,
  output logic [DataW-1:0]    mem_wdata_o,
  output logic [Lanes-1:0]    mem_be_o,
  // Descriptor of each stored frame
  output logic                desc_valid_o,
  input  logic                desc_ready_i,
  output logic [HandleW-1:0]  desc_handle_o,
  output logic [LenW-1:0]     desc_len_o,
  output logic [31:0]         desc_arrival_o,
  // Drop counters (saturating)
  output logic [31:0]         drop_buffer_full_o,
  output logic [31:0]         drop_oversize_o,
  output logic [31:0]         drop_runt_o,
  output logic [31:0]         drop_tuser_o
);
  `ASSERT_INIT(DataWLegal_A, DataW >= 8 && DataW <= 512 && (DataW & (DataW - 1)) == 0)
  `ASSERT_INIT(SlotBytesLegal_A, SlotBytes >= 2 * Lanes && (SlotBytes & (SlotBytes - 1)) == 0 && SlotBytes <= 32768)
  `ASSERT_INIT(NumSlotsLegal_A, NumSlots >= 2 && (NumSlots & (NumSlots - 1)) == 0)
  `ASSERT_INIT(MinBytesLegal_A, MinBytes <= SlotBytes)

  // Per-frame state: inside a frame, whether it is being stored or discarded, where it goes.
  logic               in_frame_q, storing_q, over_q;
  logic [HandleW-1:0] handle_q;
  logic [LenW-1:0]    len_q;
  logic [31:0]        arrival_q;
  logic               desc_valid_q;
  logic [HandleW-1:0] desc_handle_q;
  logic [LenW-1:0]    desc_len_q;
  logic [31:0]        desc_arrival_q;
  logic [31:0]        cnt_full_q, cnt_over_q, cnt_runt_q, cnt_tuser_q;

  // A frame starts only when the descriptor register will be free at its end.
  logic first_beat, beat, store, start_store;
  logic [LenW-1:0] beat_bytes, len_new;
  logic            over_new;
  logic            keep;

  assign first_beat  = !in_frame_q;
  assign s_tready_o  = mem_ready_i && (!first_beat || !desc_valid_q || desc_ready_i);
  assign beat        = s_tvalid_i && s_tready_o;
  assign start_store = first_beat && alloc_valid_i;
  assign alloc_ready_o = beat && first_beat;  // take the offered slot at the first beat
  assign store       = first_beat ? start_store : storing_q;

  always_comb begin
    beat_bytes = '0;
    for (int unsigned i = 0; i < Lanes; i++) beat_bytes = beat_bytes + LenW'(s_tkeep_i[i]);
  end
  assign len_new  = (first_beat ? '0 : len_q) + beat_bytes;
  assign over_new = (first_beat ? 1'b0 : over_q) || (32'(len_new) > SlotBytes);

  // Write the beat while the frame still fits in its slot.
  assign mem_req_o   = beat && store && !over_new;
  assign mem_addr_o  = {first_beat ? alloc_handle_i : handle_q, BeatW'((first_beat ? '0 : len_q) / LenW'(Lanes))};
  assign mem_wdata_o = s_tdata_i;
  assign mem_be_o    = s_tkeep_i;

  // At the last beat: keep the frame, or give its slot back.
  assign keep          = store && !over_new && !s_tuser_i && 32'(len_new) >= MinBytes;
  assign free_valid_o  = beat && s_tlast_i && store && !keep;
  assign free_handle_o = first_beat ? alloc_handle_i : handle_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      in_frame_q   <= 1'b0;
      storing_q    <= 1'b0;
      desc_valid_q <= 1'b0;
      cnt_full_q   <= '0;
      cnt_over_q   <= '0;
      cnt_runt_q   <= '0;
      cnt_tuser_q  <= '0;
    end else begin
      if (desc_valid_q && desc_ready_i) desc_valid_q <= 1'b0;
      if (beat) begin
        in_frame_q <= !s_tlast_i;
        if (first_beat) storing_q <= start_store;
        if (s_tlast_i) begin
          if (keep) begin
            desc_valid_q <= 1'b1;
          end else if (!store) begin
            cnt_full_q <= cnt_full_q + {31'b0, cnt_full_q != '1};
          end else if (over_new) begin
            cnt_over_q <= cnt_over_q + {31'b0, cnt_over_q != '1};
          end else if (s_tuser_i) begin
            cnt_tuser_q <= cnt_tuser_q + {31'b0, cnt_tuser_q != '1};
          end else begin
            cnt_runt_q <= cnt_runt_q + {31'b0, cnt_runt_q != '1};
          end
        end
      end
    end
  end

  always_ff @(posedge clk_i) begin
    if (beat) begin
      len_q  <= len_new;
      over_q <= over_new;
      if (first_beat) begin
        handle_q  <= alloc_handle_i;
        arrival_q <= now_i;
      end
      if (s_tlast_i && keep) begin
        desc_handle_q  <= first_beat ? alloc_handle_i : handle_q;
        desc_len_q     <= len_new;
        desc_arrival_q <= first_beat ? now_i : arrival_q;
      end
    end
  end

  assign desc_valid_o       = desc_valid_q;
  assign desc_handle_o      = desc_handle_q;
  assign desc_len_o         = desc_len_q;
  assign desc_arrival_o     = desc_arrival_q;
  assign drop_buffer_full_o = cnt_full_q;
  assign drop_oversize_o    = cnt_over_q;
  assign drop_runt_o        = cnt_runt_q;
  assign drop_tuser_o       = cnt_tuser_q;

  `ASSERT_STABLE(DescContract_A, desc_valid_o, desc_ready_i, {desc_handle_o, desc_len_o, desc_arrival_o})
  // Only the last beat of a frame may be partial, and its bytes start at lane 0.
  `ASSERT(KeepContiguous_A, s_tvalid_i |-> ((s_tkeep_i & (s_tkeep_i + 1'b1)) == '0))
  `ASSERT(KeepFullBeforeLast_A, (s_tvalid_i && !s_tlast_i) |-> (s_tkeep_i == '1))
endmodule
