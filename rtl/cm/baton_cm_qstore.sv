// SPDX-License-Identifier: Apache-2.0
// Context store of the context manager: Capacity slots shared by NumParts queues, each queue a
// singly linked list kept sorted by its key, so the head of a queue is a table read.
//
// Insert (ins_i): registered. An insert requested in cycle c is written at the end of c+1 from
// registers (the insert stage), so the caller's late decision only loads one flop and the
// insertion point is computed from flops alone. The entry goes into the lowest free slot (chosen a
// cycle ahead from the next-state valid vector) and is linked in after the last entry
// of its queue whose key is not younger (serial-number order: a is older than b when a - b is
// negative modulo 2^KeyW). Equal keys therefore keep their insertion order, and a queue whose keys
// only grow (the CM's FIFO stamps) appends at its tail. The insertion point is found in the same
// cycle without walking the list: every slot holds its own key and a copy of its successor's key
// (nkey), so "the new key falls between me and my successor" is one pair of comparisons per slot
// on registered values, and exactly one slot of the queue answers (the list is sorted); no slot
// answering means the new entry becomes the head.
//
// Pop (pop_i): the head of queue pop_part_i leaves; its slot is the head table entry, which drives
// the store RAM's read address directly (the context appears on pop_data_o one cycle later), and
// the successor becomes the head. A pop sees every insert requested at least two cycles before it
// (written by the end of the previous cycle); an insert in the insert stage during the pop, into
// the queue being popped, is placed as if the head had already left. The CM pops two cycles after
// its pick, so an entry enqueued in the pick cycle is in the queue when the head is taken.
//
// Also per slot: the cycle at which the entry has waited the imbalance threshold, counted from the
// cycle of ins_i, and the sticky "old" flag (old_o: per queue, some stored entry is old).
`default_nettype none

`include "baton_assert.svh"

module baton_cm_qstore #(
  parameter int unsigned NumParts = 16,
  parameter int unsigned Capacity = 64,
  parameter int unsigned KeyW     = 32,
  parameter int unsigned DataW    = 296,
  parameter int unsigned WaitW    = 16,
  localparam int unsigned PartIdxW = baton_util_pkg::idx_w(NumParts),
  localparam int unsigned SlotW    = baton_util_pkg::idx_w(Capacity)
) (
  input  logic                clk_i,
  input  logic                rst_ni,

  // Insert an entry (the caller guarantees a free slot: docs/cm.md, deadlock freedom)
  input  logic                ins_i,
  input  logic [PartIdxW-1:0] ins_part_i,
  input  logic [KeyW-1:0]     ins_key_i,
  input  logic [DataW-1:0]    ins_data_i,

  // Take the head of a queue (the caller guarantees the queue is not empty)
  input  logic                pop_i,
  input  logic [PartIdxW-1:0] pop_part_i,
  output logic [DataW-1:0]    pop_data_o,  // the popped context, in the cycle after the pop

  // Imbalance: threshold in force at the insert (0: never old), per queue "an entry is old"
  input  logic [WaitW-1:0]    thresh_i,
  output logic [NumParts-1:0] old_o
);

  `ASSERT_INIT(NumPartsLegal_A, NumParts >= 1 && NumParts <= 256)
  `ASSERT_INIT(CapacityLegal_A, Capacity >= 2 && Capacity <= 1024)
  `ASSERT_INIT(KeyWLegal_A, KeyW >= 2)
  `ASSERT_INIT(DataWLegal_A, DataW >= 1)
  `ASSERT_INIT(WaitWLegal_A, WaitW >= 1 && WaitW <= 32)

  // a is older than b (serial-number order).
  function automatic logic older(logic [KeyW-1:0] a, logic [KeyW-1:0] b);
    logic [KeyW-1:0] diff;
    diff = a - b;
    return diff[KeyW-1];
  endfunction

  // ---- Per-slot and per-queue state ------------------------------------------------------------
  // Packed arrays written slot by slot with explicit enables: an unpacked array written from a
  // loop becomes a memory with one write port per iteration, which synthesis expands into
  // priority logic per word and port (about 15 000 LUT4 more at C = 64).
  logic [Capacity-1:0]                valid_q, valid_d;
  logic [Capacity-1:0]                last_q;  // no successor (tail of its queue)
  logic [Capacity-1:0][PartIdxW-1:0]  part_q;
  logic [Capacity-1:0][KeyW-1:0]      key_q;
  logic [Capacity-1:0][KeyW-1:0]      nkey_q;  // key of the successor (when not last)
  logic [Capacity-1:0][SlotW-1:0]     next_q;  // successor slot (when not last)
  logic [NumParts-1:0][SlotW-1:0]     head_q, head_d;

  // ---- Insert stage: the request of the previous cycle ----------------------------------------------
  // Loaded every cycle (only the valid bit depends on ins_i), so the caller's late insert decision
  // drives one flop instead of the enables of the slot registers.
  logic                ins_q;
  logic [PartIdxW-1:0] ins_part_q;
  logic [KeyW-1:0]     ins_key_q;
  logic [DataW-1:0]    ins_data_q;
  logic [WaitW-1:0]    ins_due_q;
  logic                ins_armed_q;
  logic [WaitW-1:0]    now_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      ins_q <= 1'b0;
    end else begin
      ins_q <= ins_i;
    end
  end

  always_ff @(posedge clk_i) begin
    ins_part_q  <= ins_part_i;
    ins_key_q   <= ins_key_i;
    ins_data_q  <= ins_data_i;
    ins_due_q   <= now_q + thresh_i;
    ins_armed_q <= thresh_i != '0;
  end

  // ---- Free slot for the insert -----------------------------------------------------------------
  // The lowest free slot of the next cycle, chosen from the next-state valid vector and registered:
  // the same slot as an encoder on valid_q would give, without the encoder on the insert path.
  logic [SlotW-1:0]    alloc_idx, alloc_nxt_idx;
  logic                alloc_any, alloc_nxt_any;
  logic [Capacity-1:0] alloc_oh, alloc_nxt_oh;

  // ---- Pop: the head table names the slot ----------------------------------------------------------
  logic [SlotW-1:0] pop_slot;
  logic             pop_same;

  assign pop_slot = head_q[pop_part_i];
  // Insert and pop on one queue in one cycle: the insert sees the queue without its head. Not
  // qualified by ins_q, so the whole insert computation is independent of whether the insert
  // happens.
  assign pop_same = pop_i && (pop_part_i == ins_part_q);

  // ---- Insert: find the predecessor ---------------------------------------------------------------
  logic [Capacity-1:0] cand, pred_oh;
  logic                nonempty, pred_found;
  logic [SlotW-1:0]    pred_next, new_next;
  logic [KeyW-1:0]     pred_nkey, new_nkey;
  logic                pred_last, new_last;

  always_comb begin
    nonempty   = 1'b0;
    pred_next  = '0;
    pred_nkey  = '0;
    pred_last  = 1'b0;
    for (int unsigned s = 0; s < Capacity; s++) begin
      cand[s] = valid_q[s] && (part_q[s] == ins_part_q) &&
                !(pop_same && pop_slot == SlotW'(s));
      // Not younger than the new key, and the successor (if any) is younger: the list is
      // sorted, so at most one slot of the queue satisfies both.
      pred_oh[s] = cand[s] && !older(ins_key_q, key_q[s]) &&
                   (last_q[s] || older(ins_key_q, nkey_q[s]));
      nonempty = nonempty || cand[s];
      // One-hot AND-OR instead of a multiplexer on an encoded index: shallower.
      if (pred_oh[s]) begin
        pred_next = pred_next | next_q[s];
        pred_nkey = pred_nkey | nkey_q[s];
        pred_last = pred_last | last_q[s];
      end
    end
    pred_found = |pred_oh;
    // The new entry takes the predecessor's successor, or becomes the head in front of the
    // current head (which, when that head leaves now, is its successor).
    if (pred_found) begin
      new_next = pred_next;
      new_nkey = pred_nkey;
      new_last = pred_last;
    end else if (pop_same) begin
      new_next = next_q[pop_slot];
      new_nkey = nkey_q[pop_slot];
      new_last = !nonempty;
    end else begin
      new_next = head_q[ins_part_q];
      new_nkey = key_q[head_q[ins_part_q]];
      new_last = !nonempty;
    end
  end

  // ---- Next state --------------------------------------------------------------------------------
  always_comb begin
    valid_d = valid_q;
    head_d  = head_q;
    if (pop_i) begin
      valid_d[pop_slot] = 1'b0;
      head_d[pop_part_i] = next_q[pop_slot];
    end
    if (ins_q) begin
      valid_d[alloc_idx] = 1'b1;
      if (!pred_found) head_d[ins_part_q] = alloc_idx;
    end
  end

  baton_prio_enc #(
    .Width (Capacity),
    .Msb   (0)
  ) u_alloc (
    .in_i     (~valid_d),
    .idx_o    (alloc_nxt_idx),
    .onehot_o (alloc_nxt_oh),
    .valid_o  (alloc_nxt_any)
  );

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      valid_q   <= '0;
      alloc_idx <= '0;
      alloc_oh  <= Capacity'(1);
      alloc_any <= 1'b1;
    end else begin
      valid_q   <= valid_d;
      alloc_idx <= alloc_nxt_idx;
      alloc_oh  <= alloc_nxt_oh;
      alloc_any <= alloc_nxt_any;
    end
  end

  // Links and keys are qualified by valid_q, so they need no reset. A slot is written as the new
  // entry (the free slot) or as the predecessor (a valid slot), never both.
  always_ff @(posedge clk_i) begin
    head_q <= head_d;
  end

  for (genvar s = 0; s < Capacity; s++) begin : gen_slot
    logic we_new, we_pred;
    assign we_new  = ins_q && alloc_oh[s];
    assign we_pred = ins_q && pred_oh[s];

    always_ff @(posedge clk_i) begin
      if (we_new) begin
        part_q[s] <= ins_part_q;
        key_q[s]  <= ins_key_q;
      end
      if (we_new || we_pred) begin
        next_q[s] <= we_new ? new_next : alloc_idx;
        nkey_q[s] <= we_new ? new_nkey : ins_key_q;
        last_q[s] <= we_new && new_last;
      end
    end
  end

  // ---- Context RAM: written at the free slot, read at the head ------------------------------------
  logic [DataW-1:0] unused_ram_a_rdata;

  baton_ram_2p #(
    .Width        (DataW),
    .Depth        (Capacity),
    .ByteEn       (0),
    .TrueDualPort (0)
  ) u_ram (
    .clk_i     (clk_i),
    .a_req_i   (ins_q),
    .a_we_i    (1'b1),
    .a_addr_i  (alloc_idx),
    .a_wdata_i (ins_data_q),
    .a_be_i    (1'b1),
    .a_rdata_o (unused_ram_a_rdata),
    .b_req_i   (pop_i),
    .b_we_i    (1'b0),
    .b_addr_i  (pop_slot),
    .b_wdata_i ('0),
    .b_be_i    (1'b1),
    .b_rdata_o (pop_data_o)
  );

  // ---- Imbalance ---------------------------------------------------------------------------------
  logic [Capacity-1:0]            old_q, old_d, armed_q;
  logic [Capacity-1:0][WaitW-1:0] due_q;  // cycle at which the entry becomes old

  always_comb begin
    old_d = old_q;
    for (int unsigned s = 0; s < Capacity; s++) begin
      // The counter passes every value, so equality finds the moment the wait reaches the
      // threshold (one comparator per slot, no subtractor); the flag is sticky from then on.
      if (valid_q[s] && armed_q[s] && now_q == due_q[s]) old_d[s] = 1'b1;
    end
    // The entry counts from the cycle of ins_i, one before it is written: with a threshold of
    // one it is old as it is written.
    if (ins_q) old_d[alloc_idx] = ins_armed_q && now_q == ins_due_q;
    old_o = '0;
    for (int unsigned p = 0; p < NumParts; p++) begin
      for (int unsigned s = 0; s < Capacity; s++) begin
        if (valid_q[s] && old_q[s] && part_q[s] == PartIdxW'(p)) old_o[p] = 1'b1;
      end
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      old_q <= '0;
      now_q <= '0;
    end else begin
      old_q <= old_d;
      now_q <= now_q + 1'b1;
    end
  end

  always_ff @(posedge clk_i) begin
    for (int unsigned s = 0; s < Capacity; s++) begin
      if (ins_q && alloc_oh[s]) begin
        due_q[s]   <= ins_due_q;
        armed_q[s] <= ins_armed_q;
      end
    end
  end

  // ---- Checks -------------------------------------------------------------------------------------
  logic unused_alloc;
  assign unused_alloc = alloc_any;

  `ASSERT(InsertFindsSlot_A, !ins_q || (alloc_any && !valid_q[alloc_idx]))
  // The registered choice is the lowest free slot, as an encoder on valid_q would give.
  `ASSERT(AllocOneHot_A, !alloc_any || alloc_oh == (Capacity'(1) << alloc_idx))
  logic [Capacity-1:0] alloc_below;
  assign alloc_below = (Capacity'(1) << alloc_idx) - Capacity'(1);
  `ASSERT(AllocLowestFree_A, alloc_any ? (!valid_q[alloc_idx] &&
                                          (valid_q & alloc_below) == alloc_below) : &valid_q)
  // The checks are computed here and asserted as single bits: Verilator 5.006 miscompiles the
  // sampling of the wide packed arrays when an assertion reads them directly.
  logic                pop_ok;
  logic [Capacity-1:0] link_ok;
  always_comb begin
    pop_ok = valid_q[pop_slot] && (part_q[pop_slot] == pop_part_i);
    // Every link points at a valid slot of the same queue whose key equals the copy and is
    // not older: the lists stay sorted.
    for (int unsigned s = 0; s < Capacity; s++) begin
      link_ok[s] = !(valid_q[s] && !last_q[s]) ||
                   (valid_q[next_q[s]] && part_q[next_q[s]] == part_q[s] &&
                    nkey_q[s] == key_q[next_q[s]] && !older(nkey_q[s], key_q[s]));
    end
  end
  `ASSERT(PopQueueNotEmpty_A, !pop_i || pop_ok)
  `ASSERT(InsertOnePredecessor_A, !ins_q || $countones(pred_oh) <= 1)
  `ASSERT(LinksSorted_A, &link_ok)

endmodule
