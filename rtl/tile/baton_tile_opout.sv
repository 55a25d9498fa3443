// SPDX-License-Identifier: Apache-2.0
// Thread-operation port (PM3): when a thread has retired its last instruction (a thread
// operation or a fault), this unit builds its thread_op_t in one cycle from the thread's context
// record (baton_tile_ctxbank) and carried registers (baton_tile_regfile) and offers it on the op
// port; the thread becomes idle when the op is taken. The next ending thread's record is built in
// the cycle its predecessor is taken, so back-to-back operations leave one per cycle.
//
// Fast path: a thread whose thread operation retires in the core's execute stage in this cycle
// (end_*; faults take the normal path) has its record built from that stage's operands directly,
// when the output register is free and no other thread waits, so its op is offered in the cycle
// after execute (one cycle earlier than through the ended-thread pick).
//
// The pending operation is {op [26:24], arg or partition [23:16], entry word [15:0]}. For MIGRATE
// the target partition and entry word come from it, and sp and arg0..arg3 are the thread's x2 and
// x10..x13; every other field is the context as delivered, with the current pkt_len (the same
// record the ISS builds, docs/abi.md section 2).
//
// Threads that end together are served in round-robin order.
`default_nettype none

`include "baton_assert.svh"

module baton_tile_opout
  import baton_abi_pkg::*;
  import baton_pkg::*;
  import baton_tile_pkg::*;
#(
  parameter int unsigned NumThreads = 4,
  parameter int unsigned TileId     = 0,
  localparam int unsigned ThrW      = baton_util_pkg::idx_w(NumThreads)
) (
  input  logic                        clk_i,
  input  logic                        rst_ni,

  input  logic [NumThreads-1:0]       thr_end_i,
  // The pending operation of this ended thread is written in this cycle: not a candidate yet.
  input  logic                        pend_busy_i,
  input  logic [ThrW-1:0]             pend_busy_thread_i,

  // A thread operation is in the core's execute stage in this cycle, with its pending op;
  // end_ok_i: its operands are legal (it retires rather than faults).
  input  logic                        end_valid_i,
  input  logic                        end_ok_i,
  input  logic [ThrW-1:0]             end_thread_i,
  input  logic [26:0]                 end_pend_i,

  // The record, pending operation and carried registers of the selected thread (sel_thread_o).
  output logic [ThrW-1:0]             sel_thread_o,
  input  ctx_t                        ctx_i,
  input  logic [26:0]                 pend_i,
  input  logic [4:0][31:0]            spill_regs_i,

  output logic                        op_valid_o,
  input  logic                        op_ready_i,
  output thread_op_t                  op_o,

  output logic                        done_o,
  output logic [ThrW-1:0]             done_thread_o
);

  `ASSERT_INIT(NumThreadsLegal_A, NumThreads >= 1 && NumThreads <= 8)
  `ASSERT_INIT(TileIdLegal_A, TileId < 64)

  logic            valid_q;
  logic [ThrW-1:0] thr_q, last_q;
  logic            take;        // the offered op is taken in this cycle
  assign take = valid_q && op_ready_i;

  // Round-robin pick among ending threads, starting after the last one served; the thread whose
  // op is offered is not a candidate (it stays ended until the cycle after it is taken).
  logic            pick_any;
  logic [ThrW-1:0] pick;
  always_comb begin
    pick_any = 1'b0;
    pick     = '0;
    for (int unsigned k = 1; k <= NumThreads; k++) begin
      automatic int unsigned t = 32'(last_q) + k;
      if (t >= NumThreads) t = t - NumThreads;
      if (!pick_any && thr_end_i[t] && !(valid_q && thr_q == ThrW'(t)) &&
          !(pend_busy_i && pend_busy_thread_i == ThrW'(t))) begin
        pick_any = 1'b1;
        pick     = ThrW'(t);
      end
    end
  end

  // The record register loads whenever it is free and there is a candidate (its enable does not
  // wait for the fast path's operand check, a long path with a wide fan-out); whether the loaded
  // record is offered (valid) does.
  logic            load, fast, offer;
  logic [ThrW-1:0] sel;
  assign fast           = end_valid_i && !pick_any && (!valid_q || op_ready_i);
  assign load           = (pick_any || end_valid_i) && (!valid_q || op_ready_i);
  assign offer          = load && (pick_any || end_ok_i);
  assign sel            = pick_any ? pick : end_thread_i;
  assign sel_thread_o   = sel;

  // The record of the selected thread.
  thread_op_t rec;
  logic [26:0] pend;
  always_comb begin
    pend           = fast ? end_pend_i : pend_i;
    rec            = '0;
    rec.op         = thread_op_e'(pend[26:24]);
    rec.src_tile   = TileW'(TileId);
    rec.src_thread = ThreadW'(sel);
    rec.ctx        = ctx_i;
    if (pend[26:24] == OpMigrate) begin
      rec.ctx.target_part = pend[23:16];
      rec.ctx.entry_kind  = entry_kind_e'(pend[EntryKindBit]);
      rec.ctx.entry       = pend[EntryW-1:0];
      rec.ctx.sp          = spill_regs_i[0];
      for (int unsigned k = 0; k < 4; k++) rec.ctx.args[k] = spill_regs_i[k + 1];
    end else begin
      rec.arg = pend[23:16];
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      valid_q <= 1'b0;
      thr_q   <= '0;
      last_q  <= ThrW'(NumThreads - 1);
    end else begin
      if (offer) begin
        valid_q <= 1'b1;
        thr_q   <= sel;
        last_q  <= sel;
      end else if (take || load) begin
        valid_q <= 1'b0;
      end
    end
  end

  // Not reset: op_valid_o qualifies it.
  thread_op_t op_q;
  always_ff @(posedge clk_i) begin
    if (load) op_q <= rec;
  end

  assign op_valid_o    = valid_q;
  assign op_o          = op_q;
  assign done_o        = take;
  assign done_thread_o = thr_q;

  `ASSERT_STABLE(OpOut_A, op_valid_o, op_ready_i, op_o)
  `ASSERT(ServedThreadEnds_A, valid_q |-> thr_end_i[thr_q])
  `ASSERT_NEVER(EndingThreadNotEnded_A, end_valid_i && thr_end_i[end_thread_i])
  `ASSERT(FastOffersARetiringOp_A, (fast && offer) |-> end_ok_i)

endmodule
