// SPDX-License-Identifier: Apache-2.0
// Egress ordering unit: releases the completions of each ordering bucket strictly in the order
// in which the ingress appended them, one release per cycle.
//
// All state is indexed by packet handle, so it is bounded by the slot count and can never
// overflow: a bucket is a linked list of live handles (next_q/has_next_q per handle), its head
// marked by head_q, and the only per-bucket state is the tail handle, in a RAM. A bucket is empty
// when its stored tail is no longer live in that bucket (released, or reused by another bucket),
// so a release never has to write the bucket RAM.
//
//   append (2 stages): read tail[bucket]; next cycle link the new handle behind the tail, or
//                      make it the head of an empty bucket, and write tail[bucket].
//   completion:        done[handle] and the release record (destination, payload) are stored.
//   unordered append:  (app_free_i) a handle in no bucket, head at once: events without a packet
//                      (timeout and generated events, docs/flow-state.md) are released as they
//                      complete, so they never wait behind packets of a bucket.
//   release:           any handle that is live, head and done, whose destination can take it
//                      (dest_ok_i), round robin over handles; its successor becomes the head.
//
// MutEarlyRelease = 1 is a deliberately broken unit for the test suite's mutation check: the
// first completion that arrives behind an unfinished predecessor is released at once.
`default_nettype none
`include "baton_assert.svh"

module baton_egress_order #(
  parameter int unsigned NumSlots        = 64,
  parameter int unsigned NumBuckets      = 1024,
  parameter int unsigned NumDest         = 6,
  parameter int unsigned PayloadW        = 8,
  parameter bit          MutEarlyRelease = 1'b0,
  localparam int unsigned HandleW = baton_util_pkg::idx_w(NumSlots),
  localparam int unsigned BucketW = baton_util_pkg::idx_w(NumBuckets),
  localparam int unsigned DestW   = baton_util_pkg::idx_w(NumDest),
  localparam int unsigned SeqW    = 16,
  localparam int unsigned CountW  = $clog2(NumSlots + 1)
) (
  input  logic                clk_i,
  input  logic                rst_ni,
  // Order append (ingress, dispatch order); always ready out of reset
  input  logic                app_valid_i,
  output logic                app_ready_o,
  input  logic [BucketW-1:0]  app_bucket_i,
  input  logic [SeqW-1:0]     app_seq_i,
  input  logic [HandleW-1:0]  app_handle_i,
  input  logic                app_free_i,     // unordered: no bucket, released when complete
  // Completion (decoded by the parent into a destination and a payload); always ready out of reset
  input  logic                cpl_valid_i,
  output logic                cpl_ready_o,
  input  logic [HandleW-1:0]  cpl_handle_i,
  input  logic [DestW-1:0]    cpl_dest_i,
  input  logic [PayloadW-1:0] cpl_payload_i,
  // Release: fires (one cycle strobe) only towards a destination whose dest_ok_i is high
  input  logic [NumDest-1:0]  dest_ok_i,
  output logic                rel_fire_o,
  output logic [HandleW-1:0]  rel_handle_o,
  output logic [DestW-1:0]    rel_dest_o,
  output logic [PayloadW-1:0] rel_payload_o,
  // Status
  output logic                held_o,       // a completion arrived behind an unfinished predecessor
  output logic [CountW-1:0]   live_count_o  // handles appended and not yet released
);
  `ASSERT_INIT(NumSlotsLegal_A, NumSlots >= 2 && NumSlots <= 65536)
  `ASSERT_INIT(NumBucketsLegal_A, NumBuckets >= 2 && (NumBuckets & (NumBuckets - 1)) == 0)
  `ASSERT_INIT(NumDestLegal_A, NumDest >= 2 && NumDest <= 64)
  `ASSERT_INIT(PayloadWLegal_A, PayloadW >= 1 && PayloadW <= 64)

  // Both inputs are always ready once out of reset (ready_q is low while reset is asserted).
  logic ready_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) ready_q <= 1'b0;
    else         ready_q <= 1'b1;
  end
  assign app_ready_o = ready_q;
  assign cpl_ready_o = ready_q;

  // ---- Per-handle state ------------------------------------------------------------------------
  logic [NumSlots-1:0] live_q, head_q, done_q, has_next_q, free_q;
  logic [HandleW-1:0]  next_q   [NumSlots];
  logic [BucketW-1:0]  bucket_q [NumSlots];
  logic [DestW-1:0]    dest_q   [NumSlots];
  logic [PayloadW-1:0] pay_q    [NumSlots];

  // ---- Append pipeline -------------------------------------------------------------------------
  // Stage 1 reads tail[bucket]; stage 2 links. A stage-1 read of the bucket that stage 2 writes in
  // the same cycle is undefined in the RAM, so it takes stage 2's handle instead (fwd).
  logic               app_fire;
  logic               s2_valid_q;
  logic [BucketW-1:0] s2_bucket_q;
  logic [HandleW-1:0] s2_handle_q;
  logic               s2_fwd_q;
  logic               s2_free_q;
  logic [HandleW-1:0] s2_fwd_handle_q;
  logic [HandleW-1:0] tail_rdata, tail;
  logic               linked;

  assign app_fire = app_valid_i && app_ready_o;

  baton_ram_2p #(.Width(HandleW), .Depth(NumBuckets)) u_tail (
    .clk_i    (clk_i),
    .a_req_i  (s2_valid_q && !s2_free_q),
    .a_we_i   (1'b1),
    .a_addr_i (s2_bucket_q),
    .a_wdata_i(s2_handle_q),
    .a_be_i   (1'b1),
    .a_rdata_o(),
    .b_req_i  (app_fire),
    .b_we_i   (1'b0),
    .b_addr_i (app_bucket_i),
    .b_wdata_i('0),
    .b_be_i   (1'b1),
    .b_rdata_o(tail_rdata)
  );

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) s2_valid_q <= 1'b0;
    else         s2_valid_q <= app_fire;
  end

  always_ff @(posedge clk_i) begin
    if (app_fire) begin
      s2_bucket_q     <= app_bucket_i;
      s2_handle_q     <= app_handle_i;
      s2_fwd_q        <= s2_valid_q && !s2_free_q && s2_bucket_q == app_bucket_i;
      s2_fwd_handle_q <= s2_handle_q;
      s2_free_q       <= app_free_i;
    end
  end

  // ---- Release choice --------------------------------------------------------------------------
  logic [NumSlots-1:0] ready, above, early;
  logic [HandleW-1:0]  last_q;
  logic [HandleW-1:0]  pick_hi, pick_lo, rel_h;
  logic                any_hi, any_lo;

  always_comb begin
    for (int unsigned h = 0; h < NumSlots; h++) begin
      ready[h] = live_q[h] && done_q[h] && (head_q[h] || early[h]) && dest_ok_i[dest_q[h]];
      above[h] = HandleW'(h) > last_q;
    end
  end

  baton_prio_enc #(.Width(NumSlots)) u_pick_hi (
    .in_i(ready & above), .idx_o(pick_hi), .onehot_o(), .valid_o(any_hi));
  baton_prio_enc #(.Width(NumSlots)) u_pick_lo (
    .in_i(ready), .idx_o(pick_lo), .onehot_o(), .valid_o(any_lo));

  assign rel_h         = any_hi ? pick_hi : pick_lo;
  assign rel_fire_o    = any_lo;
  assign rel_handle_o  = rel_h;
  assign rel_dest_o    = dest_q[rel_h];
  assign rel_payload_o = pay_q[rel_h];

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni)         last_q <= '0;
    else if (rel_fire_o) last_q <= rel_h;
  end

  // The stored tail is the bucket's tail only while it is live in that bucket and not released
  // in this very cycle.
  assign tail   = s2_fwd_q ? s2_fwd_handle_q : tail_rdata;
  assign linked = s2_valid_q && !s2_free_q && 32'(tail) < NumSlots && live_q[tail] && !free_q[tail] &&
                  bucket_q[tail] == s2_bucket_q && !(rel_fire_o && rel_h == tail);

  // ---- Mutation for the test suite: one completion released ahead of its predecessor ---------
  if (MutEarlyRelease != 0) begin : gen_mutant
    logic                used_q;
    logic [NumSlots-1:0] early_q;
    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) begin
        used_q  <= 1'b0;
        early_q <= '0;
      end else begin
        if (rel_fire_o) early_q[rel_h] <= 1'b0;
        if (cpl_valid_i && !used_q && live_q[cpl_handle_i] && !head_q[cpl_handle_i]) begin
          used_q                <= 1'b1;
          early_q[cpl_handle_i] <= 1'b1;
        end
      end
    end
    assign early = early_q;
  end else begin : gen_no_mutant
    assign early = '0;
  end

  // ---- State updates ---------------------------------------------------------------------------
  logic cpl_fire;
  assign cpl_fire = cpl_valid_i && cpl_ready_o;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      live_q     <= '0;
      head_q     <= '0;
      done_q     <= '0;
      has_next_q <= '0;
      free_q     <= '0;
    end else begin
      if (rel_fire_o) begin
        live_q[rel_h]     <= 1'b0;
        head_q[rel_h]     <= 1'b0;
        done_q[rel_h]     <= 1'b0;
        has_next_q[rel_h] <= 1'b0;
        if (has_next_q[rel_h]) head_q[next_q[rel_h]] <= 1'b1;
      end
      if (s2_valid_q) begin
        live_q[s2_handle_q]     <= 1'b1;
        head_q[s2_handle_q]     <= !linked;
        has_next_q[s2_handle_q] <= 1'b0;
        free_q[s2_handle_q]     <= s2_free_q;
        if (linked) has_next_q[tail] <= 1'b1;
      end
      if (cpl_fire) done_q[cpl_handle_i] <= 1'b1;
    end
  end

  always_ff @(posedge clk_i) begin
    if (s2_valid_q) begin
      bucket_q[s2_handle_q] <= s2_bucket_q;
      if (linked) next_q[tail] <= s2_handle_q;
    end
    if (cpl_fire) begin
      dest_q[cpl_handle_i] <= cpl_dest_i;
      pay_q[cpl_handle_i]  <= cpl_payload_i;
    end
  end

  assign held_o       = cpl_fire && !(live_q[cpl_handle_i] && head_q[cpl_handle_i]);
  assign live_count_o = CountW'($countones(live_q));

  // ---- Assertions ------------------------------------------------------------------------------
  `ASSERT_NEVER(CompletedTwice_A, cpl_fire && done_q[cpl_handle_i])
  `ASSERT_NEVER(AppendLive_A, app_fire && live_q[app_handle_i])
  `ASSERT_NEVER(AppendTwiceInFlight_A, app_fire && s2_valid_q && s2_handle_q == app_handle_i)
  `ASSERT_NEVER(HandleRange_A, (app_fire && 32'(app_handle_i) >= NumSlots) ||
                               (cpl_fire && 32'(cpl_handle_i) >= NumSlots))
  `ASSERT_NEVER(DestRange_A, cpl_fire && 32'(cpl_dest_i) >= NumDest)

`ifndef SYNTHESIS
  // Released sequence numbers are consecutive per bucket (simulation-only bookkeeping).
  logic [SeqW-1:0]       seq_q      [NumSlots];
  logic [SeqW-1:0]       rel_seq_q  [NumBuckets];
  logic [NumBuckets-1:0] rel_seen_q;
  logic [SeqW-1:0]       s2_seq_q;
  logic                  seq_gap;

  always_ff @(posedge clk_i) begin
    if (app_fire) s2_seq_q <= app_seq_i;
    if (s2_valid_q) seq_q[s2_handle_q] <= s2_seq_q;
    if (rel_fire_o && !free_q[rel_h]) rel_seq_q[bucket_q[rel_h]] <= seq_q[rel_h];
  end
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni)                          rel_seen_q <= '0;
    else if (rel_fire_o && !free_q[rel_h]) rel_seen_q[bucket_q[rel_h]] <= 1'b1;
  end
  assign seq_gap = rel_fire_o && !free_q[rel_h] && rel_seen_q[bucket_q[rel_h]] &&
                   seq_q[rel_h] != rel_seq_q[bucket_q[rel_h]] + 1'b1;
  `ASSERT_NEVER(ReleasedSeqConsecutive_A, seq_gap)
`else
  logic unused_seq;
  assign unused_seq = ^app_seq_i;
`endif
endmodule
