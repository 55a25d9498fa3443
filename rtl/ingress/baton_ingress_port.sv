// SPDX-License-Identifier: Apache-2.0
// One ingress port: an AXI4-Stream input written to the packet buffer by baton_pktbuf_writer,
// parsed on the fly (the first bytes of each frame are captured from the beats as they are
// written, then baton_ingress_parse runs on them; the buffer is never read back), with the
// hardware drops of docs/feature-set.md 3.1 and the port's counters.
//
// Per frame, at its last beat, exactly one of (first match):
//   no slot when the first beat arrived -> drop_buffer_full (0x85)
//   tuser set                           -> drop_tuser (H1, 0x89)
//   longer than min(max_frame, SlotBytes) -> drop_oversize (H2, 0x88)
//   shorter than min_frame              -> drop_runt (H3, 0x87)
//   otherwise                           -> one record (slot, length, arrival, parse results)
// H1..H3 reach the writer as its tuser flag, so the writer gives the slot back (free_*).
// A first beat waits (tready low) while no slot is prefetched for this port but the allocator
// still has one to hand out; it is dropped as buffer-full only when the allocator is empty.
// The port also stalls while its slot-free request waits for the shared free port, and while the
// packet buffer cannot take a beat (mem_ready_i low: its write staging for this port is full).
// A dropped frame's slot is offered back only once the packet buffer has written every beat this
// port gave it (mem_idle_i), so a late beat of the dropped frame can never land in the slot's
// next frame; the port is stalled meanwhile, so the staging only drains.
`default_nettype none
`include "baton_assert.svh"

module baton_ingress_port #(
  parameter int unsigned DataW     = 64,
  parameter int unsigned NumSlots  = 64,
  parameter int unsigned SlotBytes = 2048,
  parameter bit          FlowKeys  = 1'b0,  // extract the flow key (SP3) for the lookup controller
  localparam int unsigned Lanes    = DataW / 8,
  localparam int unsigned HandleW  = baton_util_pkg::idx_w(NumSlots),
  localparam int unsigned MemAddrW = HandleW + $clog2(SlotBytes / Lanes),
  localparam int unsigned HashBytes = 36
) (
  input  logic                   clk_i,
  input  logic                   rst_ni,
  input  logic [31:0]            now_i,
  input  logic [15:0]            min_frame_i,
  input  logic [15:0]            max_frame_i,
  input  logic [2:0]             in_class_i,   // the port's class for the flow key (PORT_CLASS_*)
  // AXI4-Stream in
  input  logic                   s_tvalid_i,
  output logic                   s_tready_o,
  input  logic [DataW-1:0]       s_tdata_i,
  input  logic [Lanes-1:0]       s_tkeep_i,
  input  logic                   s_tlast_i,
  input  logic                   s_tuser_i,
  // Prefetched slot for this port, and whether the allocator could still supply one
  input  logic                   alloc_valid_i,
  output logic                   alloc_ready_o,
  input  logic [HandleW-1:0]     alloc_handle_i,
  input  logic                   alloc_more_i,
  // Slot given back (dropped frame), held until taken
  output logic                   free_valid_o,
  input  logic                   free_ready_i,
  output logic [HandleW-1:0]     free_handle_o,
  // Packet-buffer write port
  output logic                   mem_req_o,
  input  logic                   mem_ready_i,
  input  logic                   mem_idle_i,
  output logic [MemAddrW-1:0]    mem_addr_o,
  output logic [DataW-1:0]       mem_wdata_o,
  output logic [Lanes-1:0]       mem_be_o,
  // One record per kept frame
  output logic                   rec_valid_o,
  input  logic                   rec_ready_i,
  output logic [HandleW-1:0]     rec_handle_o,
  output logic [15:0]            rec_len_o,
  output logic [31:0]            rec_arrival_o,
  output logic [31:0]            rec_word_o,
  output logic [15:0]            rec_ethertype_o,
  output logic [7:0]             rec_event_o,
  output logic [8*HashBytes-1:0] rec_hash_data_o,
  output logic [5:0]             rec_hash_len_o,
  output baton_lookup_pkg::flow_key_t rec_key_o,  // zero unless FlowKeys
  output baton_lookup_pkg::flow_key_t rec_ckey_o, // the connection key's directional key (the
                                                  // quote's for an ICMP error): zero unless FlowKeys
  output logic [16:0]            rec_echo_o,      // {ICMP echo, identifier} of rec_ckey_o: zero unless FlowKeys
  output logic [12:0]            rec_vlan_o,      // {tagged, outer VLAN id}: the SP4 VLAN channel
  output logic [16:0]            rec_l4sum_o,     // {present, L4 sum}: ctx.args[3]
  // Observation (docs/engine.md, "Observation port"): one event per frame, in frame order.
  // obs_admit_o: the frame was stored in slot obs_handle_o (its descriptor was taken);
  // obs_drop_o: the frame ended and was dropped with reason obs_reason_o. An admit always
  // belongs to an earlier frame than a drop in the same cycle.
  output logic                   obs_admit_o,
  output logic [HandleW-1:0]     obs_handle_o,
  output logic                   obs_drop_o,
  output logic [7:0]             obs_reason_o,
  // Counters (saturating)
  output logic [31:0]            cnt_rx_o,
  output logic [31:0]            cnt_buffer_full_o,
  output logic [31:0]            cnt_oversize_o,
  output logic [31:0]            cnt_runt_o,
  output logic [31:0]            cnt_tuser_o
);
  `ASSERT_INIT(DataWLegal_A, DataW >= 8 && DataW <= 512 && (DataW & (DataW - 1)) == 0)
  `ASSERT_INIT(SlotBytesLegal_A, SlotBytes >= 128 && SlotBytes <= 32768 && (SlotBytes & (SlotBytes - 1)) == 0)
  `ASSERT_INIT(NumSlotsLegal_A, NumSlots >= 2 && (NumSlots & (NumSlots - 1)) == 0)

  localparam int unsigned ParseBytes = 96;  // baton_ingress_parse's HdrBytes
  // baton_ingress_key's quote window (ICMP errors' quoted datagrams) is longer than the parse's.
  localparam int unsigned KeepBytes  = FlowKeys ? baton_abi_pkg::QuoteWindow : ParseBytes;
  localparam int unsigned HdrBeats   = (KeepBytes + Lanes - 1) / Lanes;
  localparam int unsigned CapBytes   = HdrBeats * Lanes;
  localparam int unsigned BeatIdxW   = $clog2(HdrBeats + 1);

  // ---- Input gating and the writer ------------------------------------------------------------
  logic in_frame_q, stored_q, big_q, free_pend_q;
  logic [15:0] len_q;
  logic [HandleW-1:0] free_handle_q;
  logic first, go, w_tvalid, w_tready, beat, w_tuser;
  logic w_free_valid, w_alloc_ready;
  logic [HandleW-1:0] w_free_handle;
  logic desc_valid, desc_ready;
  logic [HandleW-1:0] desc_handle;
  logic [15:0] desc_len;
  logic [31:0] desc_arrival;

  assign first    = !in_frame_q;
  assign go       = !free_pend_q && !(first && !alloc_valid_i && alloc_more_i);
  assign w_tvalid = s_tvalid_i && go;
  assign s_tready_o = w_tready && go;
  assign beat     = w_tvalid && w_tready;

  // Length and limits of the frame so far, including this beat.
  logic [15:0] beat_bytes, len_new, max_eff;
  logic        big_new, stored, h_tuser, h_over, h_runt;
  always_comb begin
    beat_bytes = '0;
    for (int unsigned i = 0; i < Lanes; i++) beat_bytes = beat_bytes + 16'(s_tkeep_i[i]);
  end
  assign len_new = (first ? 16'd0 : len_q) + beat_bytes;
  assign big_new = (first ? 1'b0 : big_q) || 32'(len_new) > SlotBytes;
  assign max_eff = (32'(max_frame_i) < SlotBytes) ? max_frame_i : 16'(SlotBytes);
  assign stored  = first ? alloc_valid_i : stored_q;
  assign h_tuser = s_tuser_i;
  assign h_over  = big_new || len_new > max_eff;
  assign h_runt  = len_new < min_frame_i;
  assign w_tuser = h_tuser || h_over || h_runt;

  baton_pktbuf_writer #(
    .DataW    (DataW),
    .NumSlots (NumSlots),
    .SlotBytes(SlotBytes),
    .MinBytes (1)
  ) u_writer (
    .clk_i             (clk_i),
    .rst_ni            (rst_ni),
    .now_i             (now_i),
    .s_tvalid_i        (w_tvalid),
    .s_tready_o        (w_tready),
    .s_tdata_i         (s_tdata_i),
    .s_tkeep_i         (s_tkeep_i),
    .s_tlast_i         (s_tlast_i),
    .s_tuser_i         (w_tuser),
    .alloc_valid_i     (alloc_valid_i),
    .alloc_ready_o     (w_alloc_ready),
    .alloc_handle_i    (alloc_handle_i),
    .free_valid_o      (w_free_valid),
    .free_handle_o     (w_free_handle),
    .mem_req_o         (mem_req_o),
    .mem_ready_i       (mem_ready_i),
    .mem_addr_o        (mem_addr_o),
    .mem_wdata_o       (mem_wdata_o),
    .mem_be_o          (mem_be_o),
    .desc_valid_o      (desc_valid),
    .desc_ready_i      (desc_ready),
    .desc_handle_o     (desc_handle),
    .desc_len_o        (desc_len),
    .desc_arrival_o    (desc_arrival),
    .drop_buffer_full_o(),
    .drop_oversize_o   (),
    .drop_runt_o       (),
    .drop_tuser_o      ()
  );

  // The writer takes the offer at every first beat; only a real offer is taken.
  assign alloc_ready_o = w_alloc_ready && alloc_valid_i;

  // ---- Frame state, slot frees and counters ---------------------------------------------------
  logic [31:0] rx_q, full_q, over_q, runt_q, tuser_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      in_frame_q  <= 1'b0;
      free_pend_q <= 1'b0;
      rx_q        <= '0;
      full_q      <= '0;
      over_q      <= '0;
      runt_q      <= '0;
      tuser_q     <= '0;
    end else begin
      if (free_valid_o && free_ready_i) free_pend_q <= 1'b0;
      if (w_free_valid) free_pend_q <= 1'b1;
      if (beat) begin
        in_frame_q <= !s_tlast_i;
        if (s_tlast_i) begin
          rx_q <= rx_q + {31'd0, rx_q != '1};
          if (!stored)      full_q  <= full_q + {31'd0, full_q != '1};
          else if (h_tuser) tuser_q <= tuser_q + {31'd0, tuser_q != '1};
          else if (h_over)  over_q  <= over_q + {31'd0, over_q != '1};
          else if (h_runt)  runt_q  <= runt_q + {31'd0, runt_q != '1};
        end
      end
    end
  end

  always_ff @(posedge clk_i) begin
    if (beat) begin
      len_q    <= len_new;
      big_q    <= big_new;
      stored_q <= stored;
    end
    if (w_free_valid) free_handle_q <= w_free_handle;
  end

  // ---- Observation -----------------------------------------------------------------------------
  assign obs_admit_o  = desc_valid && desc_ready;
  assign obs_handle_o = desc_handle;
  assign obs_drop_o   = beat && s_tlast_i && (!stored || w_tuser);
  always_comb begin
    // Same priority as the counters.
    if (!stored)      obs_reason_o = baton_abi_pkg::DropBufferFull;
    else if (h_tuser) obs_reason_o = baton_abi_pkg::DropTuserError;
    else if (h_over)  obs_reason_o = baton_abi_pkg::DropOversize;
    else              obs_reason_o = baton_abi_pkg::DropRunt;
  end

  assign free_valid_o  = free_pend_q && mem_idle_i;
  assign free_handle_o = free_handle_q;

  // ---- Header capture --------------------------------------------------------------------------
  logic [CapBytes-1:0][7:0] hdr_q;
  logic [BeatIdxW-1:0]      beat_idx_q, beat_idx;
  assign beat_idx = first ? '0 : beat_idx_q;

  always_ff @(posedge clk_i) begin
    if (beat) begin
      if (32'(beat_idx) < HdrBeats) begin
        hdr_q[32'(beat_idx) * Lanes +: Lanes] <= s_tdata_i;
        beat_idx_q <= beat_idx + 1'b1;
      end else begin
        beat_idx_q <= beat_idx;
      end
    end
  end

  // ---- Frame sum for the L4 checksum (baton_ingress_l4sum): every byte, as 16-bit big-endian
  //      words from the frame's first byte, so a byte at an even offset is a high byte ------------
  logic [31:0] fsum_q, beat_sum;
  if (Lanes >= 2) begin : gen_fsum_words
    // Every beat but the last is full, so each starts at an even offset: lane 2k is a high byte.
    always_comb begin
      beat_sum = '0;
      for (int unsigned k = 0; k < Lanes / 2; k++) begin
        beat_sum = beat_sum + 32'({s_tkeep_i[2*k] ? s_tdata_i[16*k +: 8] : 8'd0,
                                   s_tkeep_i[2*k+1] ? s_tdata_i[16*k+8 +: 8] : 8'd0});
      end
    end
  end else begin : gen_fsum_bytes
    // One byte per beat: its offset's parity is the frame length's so far.
    assign beat_sum = s_tkeep_i[0] ? 32'(s_tdata_i[7:0]) << ((!first && len_q[0]) ? 0 : 8) : '0;
  end
  always_ff @(posedge clk_i) begin
    if (beat) fsum_q <= (first ? 32'd0 : fsum_q) + beat_sum;
  end

  // ---- Parse (while the descriptor waits; the next frame's first beat only comes once the
  //      descriptor has been taken, so hdr_q is stable) and the record register ---------------
  logic [31:0]            p_word;
  logic [15:0]            p_etype;
  logic [7:0]             p_event;
  logic [8*HashBytes-1:0] p_hash_data;
  logic [5:0]             p_hash_len;

  if (CapBytes > KeepBytes) begin : gen_unused_cap
    logic unused_cap;
    assign unused_cap = ^hdr_q[CapBytes-1:KeepBytes];
  end

  baton_ingress_parse u_parse (
    .hdr_i      (hdr_q[ParseBytes-1:0]),
    .len_i      (desc_len),
    .word_o     (p_word),
    .ethertype_o(p_etype),
    .event_o    (p_event),
    .hash_data_o(p_hash_data),
    .hash_len_o (p_hash_len)
  );

  logic [16:0] p_l4sum;
  baton_ingress_l4sum u_l4sum (
    .hdr_i (hdr_q[ParseBytes-1:0]),
    .len_i (desc_len),
    .word_i(p_word),
    .fsum_i(fsum_q),
    .sum_o (p_l4sum)
  );

  // The flow key beside the parser (combinational, from the same header bytes and parse word).
  baton_lookup_pkg::flow_key_t p_key, p_ckey;
  logic [16:0] p_echo;
  if (FlowKeys) begin : gen_key
    baton_ingress_key u_key (
      .hdr_i      (hdr_q[KeepBytes-1:0]),
      .len_i      (desc_len),
      .word_i     (p_word),
      .in_class_i (in_class_i),
      .key_o      (p_key),
      .ckey_o     (p_ckey),
      .echo_o     (p_echo)
    );
  end else begin : gen_no_key
    assign p_key  = '0;
    assign p_ckey = '0;
    assign p_echo = '0;
    logic unused_class;
    assign unused_class = ^in_class_i;
  end

  // The outer tag's VLAN id for the channel (docs/ingress.md "Channels"): the rule of the flow
  // key's vlan field (a tag counted by the parser, its TCI in the frame).
  logic [12:0] p_vlan;
  assign p_vlan = {p_word[17:16] != 2'd0 && desc_len >= 16'd18, hdr_q[14][3:0], hdr_q[15]};

  logic rec_valid_q;
  assign desc_ready = !rec_valid_q || rec_ready_i;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      rec_valid_q <= 1'b0;
    end else if (desc_ready) begin
      rec_valid_q <= desc_valid;
    end
  end

  always_ff @(posedge clk_i) begin
    if (desc_ready && desc_valid) begin
      rec_handle_o    <= desc_handle;
      rec_len_o       <= desc_len;
      rec_arrival_o   <= desc_arrival;
      rec_word_o      <= p_word;
      rec_ethertype_o <= p_etype;
      rec_event_o     <= p_event;
      rec_hash_data_o <= p_hash_data;
      rec_hash_len_o  <= p_hash_len;
      rec_key_o       <= p_key;
      rec_ckey_o      <= p_ckey;
      rec_echo_o      <= p_echo;
      rec_vlan_o      <= p_vlan;
      rec_l4sum_o     <= p_l4sum;
    end
  end

  assign rec_valid_o       = rec_valid_q;
  assign cnt_rx_o          = rx_q;
  assign cnt_buffer_full_o = full_q;
  assign cnt_oversize_o    = over_q;
  assign cnt_runt_o        = runt_q;
  assign cnt_tuser_o       = tuser_q;

  `ASSERT_STABLE(RecContract_A, rec_valid_o, rec_ready_i,
                 {rec_handle_o, rec_len_o, rec_arrival_o, rec_word_o, rec_hash_len_o})
  `ASSERT_STABLE(FreeContract_A, free_valid_o, free_ready_i, free_handle_o)
  // A free request arrives only while none is pending (the port stalls meanwhile).
  `ASSERT_NEVER(FreeOverrun_A, w_free_valid && free_pend_q)
endmodule
