// SPDX-License-Identifier: Apache-2.0
// Event slots and per-flow serialization (SP7).
//
// Every event in the controller occupies one slot (an event-queue element) from the cycle it enters
// the table pipeline until its dispatch (events without a flow) or its done (events with a flow).
// Slot life: Free -> Res (in the table pipeline) -> Wait (behind an earlier event of its flow) or
// Ready (head of its flow: may fetch) -> Fetch (state read, workspaces, dispatch) -> Active (in
// process on the tiles) -> Done (write-back in progress) -> Free.
//
// Serialization: the events of one flow form a chain in decision order (= arrival order). A new
// event of flow F finds the chain's tail by comparing F with every slot (NumSlots comparators) and
// links behind it; with no chain it is the head. Only a head fetches, and the next event becomes
// head only when the previous one is released by its done. Events of other flows are independent.
// A hit whose flow already holds MaxPerFlow slots is not queued: it leaves at once as LkBusy
// without workspace, so one stalled flow can hold at most MaxPerFlow slots and never starves the
// others. Inserts and timeouts are never refused this way (a timeout must not be lost).
//
// Admission takes two cycles (A1, A2 below): the result leaves two cycles after the decision.
//
// Release: the done's block write is issued in the cycle of rel_i; the successor becomes Ready in
// the next cycle, so its state read always sees the written block.
`default_nettype none
`include "baton_assert.svh"

module baton_lookup_slots
  import baton_lookup_pkg::*;
#(
  parameter int unsigned NumSlots   = 64,
  parameter int unsigned MaxPerFlow = 8
) (
  input  logic                        clk_i,
  input  logic                        rst_ni,
  // Allocation when an event enters the table pipeline.
  output logic                        avail_o,
  output logic [LkSlotW-1:0]          alloc_slot_o,
  input  logic                        alloc_i,
  // Table decisions.
  input  logic                        dec_valid_i,
  input  lk_res_t                     dec_i,
  // Final result of every operation (LkBusy applied), two cycles after the decision.
  output logic                        res_valid_o,
  output lk_res_t                     res_o,
  // The next head to fetch.
  output logic                        pick_valid_o,
  input  logic                        pick_ready_i,
  output logic [LkSlotW-1:0]          pick_slot_o,
  output logic [baton_pkg::FlowW-1:0] pick_flow_o,
  output lk_status_e                  pick_status_o,
  output logic                        pick_read_o,   // read the state (a hit or a timeout)
  // The event left on the dispatch channel.
  input  logic                        disp_i,
  input  logic [LkSlotW-1:0]          disp_slot_i,
  // Write-back check: the slot must be in process.
  input  logic                        wb_valid_i,
  input  logic [LkSlotW-1:0]          wb_slot_i,
  input  logic                        wb_done_i,
  output logic                        wb_ok_o,
  // Release (the done's block write happens in this cycle).
  input  logic                        rel_i,
  input  logic [LkSlotW-1:0]          rel_slot_i,
  output logic [baton_pkg::FlowW-1:0] rel_flow_o,
  output logic                        rel_new_o,
  output logic [LkSlotW:0]            free_count_o
);

  localparam int unsigned FlowW = baton_pkg::FlowW;
  localparam int unsigned CntW  = $clog2(NumSlots + 1);
  localparam int unsigned SIdxW = $clog2(NumSlots);

  `ASSERT_INIT(NumSlotsLegal_A, (NumSlots >= 2) && (NumSlots <= (1 << LkSlotW)))
  `ASSERT_INIT(MaxPerFlowLegal_A, (MaxPerFlow >= 1) && (MaxPerFlow <= NumSlots))

  typedef enum logic [2:0] {
    SFree   = 3'd0,
    SRes    = 3'd1,
    SWait   = 3'd2,
    SReady  = 3'd3,
    SFetch  = 3'd4,
    SActive = 3'd5,
    SDone   = 3'd6
  } slot_state_e;

  function automatic logic has_flow(input lk_status_e s);
    has_flow = (s == LkHit) || (s == LkInserted) || (s == LkTimeout) || (s == LkGenerated);
  endfunction

  slot_state_e              st_q   [NumSlots];
  logic [FlowW-1:0]         flow_q [NumSlots];
  lk_status_e               stat_q [NumSlots];
  logic [SIdxW-1:0]         nxt_q  [NumSlots];
  logic [NumSlots-1:0]      tail_q, nxt_v_q;
  logic [NumSlots-1:0]      hold_q;   // the slot's event holds its flow (the view `holds`, registered)
  logic [NumSlots-1:0]      act_q;    // the slot is Active (in process), registered for the write-back check

  // Slot numbers as array indices (a write-back's slot is range-checked before use).
  logic [SIdxW-1:0] disp_s, wb_s, rel_s;
  assign disp_s = disp_slot_i[SIdxW-1:0];
  assign wb_s   = wb_slot_i[SIdxW-1:0];
  assign rel_s  = rel_slot_i[SIdxW-1:0];
  logic unused_slot_bits;
  assign unused_slot_bits = ^{disp_slot_i, rel_slot_i};

  // ---- Per-slot views -----------------------------------------------------------------------------
  logic [NumSlots-1:0] free_mask, ready_mask, holds;
  always_comb begin
    for (int unsigned i = 0; i < NumSlots; i++) begin
      free_mask[i]  = (st_q[i] == SFree);
      ready_mask[i] = (st_q[i] == SReady);
      holds[i]      = has_flow(stat_q[i]) &&
                      ((st_q[i] == SWait) || (st_q[i] == SReady) || (st_q[i] == SFetch) ||
                       (st_q[i] == SActive) || (st_q[i] == SDone));
    end
  end

  // ---- Allocation ---------------------------------------------------------------------------------
  // The slot the next request or timeout takes is chosen a cycle ahead and registered (av_idx_q),
  // so that the entry arbiter sees a flip-flop; a chosen slot stays free until it is taken.
  logic                av_q;
  logic [SIdxW-1:0]    av_idx_q, av_idx;
  logic [NumSlots-1:0] free_pick, unused_free_oh;
  logic                av_any, alloc_fire;

  assign alloc_fire = alloc_i && av_q;
  always_comb begin
    free_pick = free_mask;
    if (av_q) free_pick[av_idx_q] = 1'b0;
  end
  baton_prio_enc #(
    .Width (NumSlots),
    .Msb   (0)
  ) u_free (
    .in_i     (free_pick),
    .idx_o    (av_idx),
    .onehot_o (unused_free_oh),
    .valid_o  (av_any)
  );
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      av_q     <= 1'b0;
      av_idx_q <= '0;
    end else if (!av_q || alloc_fire) begin
      av_q     <= av_any;
      av_idx_q <= av_idx;
    end
  end

  logic [SIdxW-1:0] alloc_idx;
  assign alloc_idx = av_idx_q;
  assign avail_o   = av_q;
  always_comb begin
    alloc_slot_o              = '0;
    alloc_slot_o[SIdxW-1:0]   = alloc_idx;
  end

  always_comb begin
    free_count_o = '0;
    for (int unsigned i = 0; i < NumSlots; i++) free_count_o = free_count_o + (LkSlotW + 1)'(free_mask[i]);
  end

  // ---- Admission of a decided event: A1 compares, A2 decides -------------------------------------
  // A1 (the cycle dec_i arrives) compares the decided flow with every slot and counts the slots
  // that hold it; A2 (the next cycle) corrects for what changed in between (the event decided in
  // A2 in the previous cycle, a release in this cycle), applies the MaxPerFlow limit and links the
  // event behind its flow's tail.
  logic                dec_event;      // a request or timeout that holds a slot
  logic [NumSlots-1:0] a1_same;
  logic [CntW-1:0]     a1_cnt;
  logic                a1_prev;        // the same flow as the event now in A2
  logic [NumSlots-1:0] a1_tail;
  logic [SIdxW-1:0]    a1_tail_idx;
  logic                a1_tail_any;

  logic                a_valid_q;
  lk_res_t             a_q;
  logic [NumSlots-1:0] a_same_q;
  logic                a_prev_q;
  logic                a_ge0_q, a_ge_m1_q, a_ge_p1_q;   // A1's count >= MaxPerFlow (-1, +1)
  logic                a_tail_any_q;   // A1 found the flow's tail ...
  logic [SIdxW-1:0]    a_tail_idx_q;   // ... in this slot
  logic                a_hf_q, a_hit_q; // the decision holds a flow / is a hit
  logic                last_fin_q;     // the event A2 decided in the previous cycle holds its flow
  logic [SIdxW-1:0]    last_s_q;       // and its slot

  assign dec_event = a_valid_q && (a_q.kind != LkOpDel);

  always_comb begin
    a1_cnt = '0;
    for (int unsigned j = 0; j < NumSlots; j++) begin
      // A slot released in this cycle no longer holds its flow.
      a1_same[j] = hold_q[j] && (flow_q[j] == dec_i.flow) && !(rel_i && (rel_s == SIdxW'(j)));
      a1_cnt     = a1_cnt + CntW'(a1_same[j]);
      a1_tail[j] = a1_same[j] && tail_q[j];
    end
    a1_prev     = dec_event && (a_q.flow == dec_i.flow);
    a1_tail_any = |a1_tail;
    a1_tail_idx = '0;
    for (int unsigned j = 0; j < NumSlots; j++) begin
      if (a1_tail[j]) a1_tail_idx = SIdxW'(j);
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) a_valid_q <= 1'b0;
    else         a_valid_q <= dec_valid_i;
  end
  always_ff @(posedge clk_i) begin
    if (dec_valid_i) begin
      a_q       <= dec_i;
      a_same_q  <= a1_same;
      a_prev_q  <= a1_prev;
      a_ge0_q   <= (32'(a1_cnt) >= MaxPerFlow);
      a_ge_m1_q <= (32'(a1_cnt) + 1 >= MaxPerFlow);
      a_ge_p1_q <= (32'(a1_cnt) >= MaxPerFlow + 1);
      a_tail_any_q <= a1_tail_any;
      a_tail_idx_q <= a1_tail_idx;
      a_hf_q    <= has_flow(dec_i.status);
      a_hit_q   <= (dec_i.status == LkHit);
    end
  end

  logic [NumSlots-1:0] same_flow, tail_match;
  logic                add, sub, at_limit;
  lk_status_e          fin_status;
  logic                fin_flow;       // the event holds its flow
  logic                link;
  logic [SIdxW-1:0]    link_slot;
  logic [SIdxW-1:0]    dec_s;

  assign dec_s = a_q.slot[SIdxW-1:0];
  logic unused_a_slot;
  assign unused_a_slot = ^a_q.slot;
  assign add   = a_prev_q && last_fin_q;
  assign sub   = rel_i && a_same_q[rel_s];

  // The tail of the event's flow: the event A2 admitted in the previous cycle if it is of the
  // same flow and holds it (it is then the newest of the flow), otherwise the tail A1 found unless
  // it is released now (a tail that is released was the flow's only event).
  logic link_full;
  logic [SIdxW-1:0] link_slot_full;
  always_comb begin
    link_full      = 1'b0;
    link_slot_full = '0;
    for (int unsigned j = 0; j < NumSlots; j++) begin
      same_flow[j]  = (a_same_q[j] || (add && (last_s_q == SIdxW'(j)))) &&
                      !(rel_i && (rel_s == SIdxW'(j)));
      tail_match[j] = same_flow[j] && tail_q[j];
      if (tail_match[j]) begin
        link_full      = 1'b1;
        link_slot_full = SIdxW'(j);
      end
    end
    unique case ({add, sub})
      2'b10:   at_limit = a_ge_m1_q;
      2'b01:   at_limit = a_ge_p1_q;
      default: at_limit = a_ge0_q;
    endcase
    fin_status = (a_hit_q && at_limit) ? LkBusy : a_q.status;
    fin_flow   = a_hf_q && !(a_hit_q && at_limit);
    link       = fin_flow &&
                 (add || (a_tail_any_q && !(rel_i && (rel_s == a_tail_idx_q))));
    link_slot  = add ? last_s_q : a_tail_idx_q;
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) last_fin_q <= 1'b0;
    else         last_fin_q <= dec_event && fin_flow;
  end
  always_ff @(posedge clk_i) begin
    last_s_q <= dec_s;
  end

  // ---- Fetch pick ---------------------------------------------------------------------------------
  // Round robin over the Ready slots, chosen a cycle ahead and registered (pk_idx_q): the fetch
  // sees a flip-flop; a chosen slot stays Ready until it is picked.
  logic                pk_q;
  logic [SIdxW-1:0]    pk_idx_q, pk_ptr_q, pk_idx, pick_idx;
  logic [NumSlots-1:0] ready_pick;
  logic                pk_any, pick_fire;

  assign pick_fire = pk_q && pick_ready_i;
  always_comb begin
    int unsigned j;
    ready_pick = ready_mask;
    if (pk_q) ready_pick[pk_idx_q] = 1'b0;
    pk_any = 1'b0;
    pk_idx = '0;
    for (int unsigned i = 0; i < NumSlots; i++) begin
      j = 32'(pk_ptr_q) + i;
      if (j >= NumSlots) j = j - NumSlots;
      if (!pk_any && ready_pick[j]) begin
        pk_any = 1'b1;
        pk_idx = SIdxW'(j);
      end
    end
  end
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      pk_q     <= 1'b0;
      pk_idx_q <= '0;
      pk_ptr_q <= '0;
    end else begin
      if (!pk_q || pick_fire) begin
        pk_q     <= pk_any;
        pk_idx_q <= pk_idx;
      end
      if (pick_fire) pk_ptr_q <= (32'(pk_idx_q) == NumSlots - 1) ? '0 : pk_idx_q + 1'b1;
    end
  end

  assign pick_idx     = pk_idx_q;
  assign pick_valid_o = pk_q;
  always_comb begin
    pick_slot_o             = '0;
    pick_slot_o[SIdxW-1:0]  = pick_idx;
  end
  assign pick_flow_o   = flow_q[pick_idx];
  assign pick_status_o = stat_q[pick_idx];
  assign pick_read_o   = (stat_q[pick_idx] == LkHit) || (stat_q[pick_idx] == LkTimeout) ||
                         (stat_q[pick_idx] == LkGenerated);

  // ---- Write-back check and release lookups ---------------------------------------------------------
  assign wb_ok_o = wb_valid_i && (32'(wb_slot_i) < NumSlots) && act_q[wb_s];

  assign rel_flow_o = flow_q[rel_s];
  assign rel_new_o  = (stat_q[rel_s] == LkInserted);

  // ---- State updates (each source touches a different slot in a cycle) -----------------------------

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      for (int unsigned i = 0; i < NumSlots; i++) st_q[i] <= SFree;
      tail_q  <= '0;
      nxt_v_q <= '0;
      hold_q  <= '0;
      act_q   <= '0;
    end else begin
      if (alloc_fire) st_q[alloc_idx] <= SRes;
      if (dec_event) begin
        if (a_q.status == LkTmoStale) begin
          st_q[dec_s] <= SFree;
        end else begin
          st_q[dec_s] <= link ? SWait : SReady;
        end
        tail_q[dec_s]  <= fin_flow;
        hold_q[dec_s]  <= fin_flow;
        nxt_v_q[dec_s] <= 1'b0;
        if (link) begin
          nxt_v_q[link_slot] <= 1'b1;
          tail_q[link_slot]  <= 1'b0;
        end
      end
      if (pick_fire) st_q[pick_idx] <= SFetch;
      if (disp_i) begin
        st_q[disp_s]  <= has_flow(stat_q[disp_s]) ? SActive : SFree;
        act_q[disp_s] <= has_flow(stat_q[disp_s]);
      end
      if (wb_ok_o && wb_done_i) begin
        st_q[wb_s]  <= SDone;
        act_q[wb_s] <= 1'b0;
      end
      if (rel_i) begin
        st_q[rel_s]    <= SFree;
        tail_q[rel_s]  <= 1'b0;
        hold_q[rel_s]  <= 1'b0;
        nxt_v_q[rel_s] <= 1'b0;
        if (nxt_v_q[rel_s]) st_q[nxt_q[rel_s]] <= SReady;
      end
    end
  end

  always_ff @(posedge clk_i) begin
    if (dec_event) begin
      flow_q[dec_s] <= a_q.flow;
      stat_q[dec_s] <= fin_status;
      if (link) nxt_q[link_slot] <= dec_s;
    end
  end

  // ---- Result ---------------------------------------------------------------------------------------
  logic    res_valid_q;
  lk_res_t res_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) res_valid_q <= 1'b0;
    else         res_valid_q <= a_valid_q;
  end
  always_ff @(posedge clk_i) begin
    if (a_valid_q) res_q <= '{kind: a_q.kind, status: fin_status, tag: a_q.tag, flow: a_q.flow,
                              slot: a_q.slot};
  end
  assign res_valid_o = res_valid_q;
  assign res_o       = res_q;

  // ---- Checks ---------------------------------------------------------------------------------------
  // State of the slots the inputs name, as plain signals for the assertions.
  slot_state_e dec_st, disp_st, rel_st, wake_st;
  assign dec_st  = st_q[dec_s];
  assign disp_st = st_q[disp_s];
  assign rel_st  = st_q[rel_s];
  assign wake_st = st_q[nxt_q[rel_s]];

  `ASSERT_NEVER(AllocWithoutSlot_A, alloc_i && !avail_o)
  `ASSERT_NEVER(DecForUnreservedSlot_A, dec_event && (dec_st != SRes))
  `ASSERT_NEVER(DispatchOfIdleSlot_A, disp_i && (disp_st != SFetch))
  `ASSERT_NEVER(ReleaseOfIdleSlot_A, rel_i && (rel_st != SDone))
  `ASSERT(OneTailPerFlow_A, !dec_event || $onehot0(tail_match))
  `ASSERT(HoldRegistered_A, hold_q == holds)
  logic [NumSlots-1:0] active;
  always_comb begin
    for (int unsigned i = 0; i < NumSlots; i++) active[i] = (st_q[i] == SActive);
  end
  `ASSERT(ActiveRegistered_A, act_q == active)
  `ASSERT(LinkPrecomputed_A, !dec_event || !fin_flow ||
          ((link == link_full) && (!link || (link_slot == link_slot_full))))
  `ASSERT_NEVER(WakeOfNonWaiting_A, rel_i && nxt_v_q[rel_s] && (wake_st != SWait))

  // Per-flow serialization: an event starts its fetch only while no other event of its flow is
  // fetching, in process or writing back.
  logic [NumSlots-1:0] busy_same_flow;
  always_comb begin
    for (int unsigned i = 0; i < NumSlots; i++) begin
      busy_same_flow[i] = holds[i] && ((st_q[i] == SFetch) || (st_q[i] == SActive) ||
                                       (st_q[i] == SDone)) && (flow_q[i] == pick_flow_o);
    end
  end
  `ASSERT_NEVER(OneEventPerFlowInProcess_A, pick_fire && has_flow(pick_status_o) &&
                (|busy_same_flow))

endmodule
