// SPDX-License-Identifier: Apache-2.0
// Thread-operation port (PM3): when a thread has retired its last instruction (a thread
// operation or a fault), this unit reads the thread's context back from the context RAM, builds
// the thread_op_t and offers it on the op port; the thread becomes idle when the op is taken.
//
// Context RAM word CtxRamPendOp holds the pending operation {op [26:24], arg or partition
// [23:16], entry word [15:0]}. For MIGRATE the target partition and entry word come from it (the
// pipeline also copied x2 and x10..x13 into the sp and arg words); every other field is the
// context as delivered, with the current pkt_len.
//
// Reads use the context RAM read port when the pipeline does not (cr_gnt_i). Threads that end
// together are served in round-robin order.
`default_nettype none

`include "baton_assert.svh"

module baton_tile_opout
  import baton_abi_pkg::*;
  import baton_pkg::*;
  import baton_tile_pkg::*;
#(
  parameter int unsigned NumThreads = 4,
  parameter int unsigned TileId     = 0,
  localparam int unsigned ThrW      = baton_util_pkg::idx_w(NumThreads),
  localparam int unsigned CtxAddrW  = $clog2(NumThreads * CtxWords)
) (
  input  logic                  clk_i,
  input  logic                  rst_ni,

  input  logic [NumThreads-1:0] thr_end_i,

  output logic                  cr_req_o,
  output logic [CtxAddrW-1:0]   cr_addr_o,
  input  logic                  cr_gnt_i,
  input  logic [31:0]           cr_rdata_i,

  output logic                  op_valid_o,
  input  logic                  op_ready_i,
  output thread_op_t            op_o,

  output logic                  done_o,
  output logic [ThrW-1:0]       done_thread_o
);

  `ASSERT_INIT(NumThreadsLegal_A, NumThreads >= 1 && NumThreads <= 8)
  `ASSERT_INIT(TileIdLegal_A, TileId < 64)

  typedef enum logic [1:0] {
    SIdle = 2'd0,
    SRead = 2'd1,
    SOffer = 2'd2
  } state_e;

  state_e          state_q;
  logic [ThrW-1:0] thr_q, last_q;
  // Words read: the stored context words CtxWordPktHandle..CtxWordArg3, then the pending
  // operation (CtxRamPendOp), which completes the record.
  logic [CtxWordW-1:0] rd_word_q;  // next word to read
  logic            cap_q;         // a read was granted last cycle
  logic [CtxWordW-1:0] cap_word_q;
  logic            last_read_q;   // the word captured next is the last one

  // Round-robin pick among ending threads, starting after the last one served.
  logic            pick_any;
  logic [ThrW-1:0] pick;
  always_comb begin
    pick_any = 1'b0;
    pick     = '0;
    for (int unsigned k = 1; k <= NumThreads; k++) begin
      automatic int unsigned t = 32'(last_q) + k;
      if (t >= NumThreads) t = t - NumThreads;
      if (!pick_any && thr_end_i[t]) begin
        pick_any = 1'b1;
        pick     = ThrW'(t);
      end
    end
  end

  assign cr_req_o  = (state_q == SRead) && !last_read_q;
  assign cr_addr_o = CtxAddrW'((32'(thr_q) << CtxWordW) | 32'(rd_word_q));

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q     <= SIdle;
      thr_q       <= '0;
      last_q      <= ThrW'(NumThreads - 1);
      rd_word_q   <= '0;
      cap_q       <= 1'b0;
      cap_word_q  <= '0;
      last_read_q <= 1'b0;
    end else begin
      cap_q <= 1'b0;
      unique case (state_q)
        SIdle: begin
          if (pick_any) begin
            state_q     <= SRead;
            thr_q       <= pick;
            rd_word_q   <= '0;
            last_read_q <= 1'b0;
          end
        end
        SRead: begin
          if (cr_req_o && cr_gnt_i) begin
            cap_q      <= 1'b1;
            cap_word_q <= rd_word_q;
            rd_word_q  <= (rd_word_q == CtxWordArg3) ? CtxRamPendOp : rd_word_q + 1'b1;
            if (rd_word_q == CtxRamPendOp) last_read_q <= 1'b1;
          end
          if (cap_q && cap_word_q == CtxRamPendOp) state_q <= SOffer;
        end
        SOffer: begin
          if (op_ready_i) begin
            state_q <= SIdle;
            last_q  <= thr_q;
          end
        end
        default: state_q <= SIdle;
      endcase
    end
  end

  // The record under construction; not reset (op_valid_o qualifies it).
  thread_op_t op_q;
  always_ff @(posedge clk_i) begin
    if (state_q == SIdle && pick_any) begin
      op_q            <= '0;
      op_q.src_tile   <= TileW'(TileId);
      op_q.src_thread <= ThreadW'(pick);
    end else if (cap_q) begin
      unique case (cap_word_q)
        CtxWordPktHandle:  op_q.ctx.pkt_handle  <= cr_rdata_i[PktHandleW-1:0];
        CtxWordPktLen:     op_q.ctx.pkt_len     <= cr_rdata_i[PktLenW-1:0];
        CtxWordInPort:     op_q.ctx.in_port     <= cr_rdata_i[PortW-1:0];
        CtxWordArrival:    op_q.ctx.arrival     <= cr_rdata_i[TimeW-1:0];
        CtxWordSeq:        op_q.ctx.seq         <= cr_rdata_i[SeqW-1:0];
        CtxWordFlow:       op_q.ctx.flow        <= cr_rdata_i[FlowW-1:0];
        CtxWordEventType:  op_q.ctx.event_type  <= cr_rdata_i[EventW-1:0];
        CtxWordTargetPart: op_q.ctx.target_part <= cr_rdata_i[PartW-1:0];
        CtxWordEntryWord: begin
          op_q.ctx.entry_kind <= entry_kind_e'(cr_rdata_i[EntryKindBit]);
          op_q.ctx.entry      <= cr_rdata_i[EntryW-1:0];
        end
        CtxWordSp:         op_q.ctx.sp          <= cr_rdata_i;
        CtxWordArg0:       op_q.ctx.args[0]     <= cr_rdata_i;
        CtxWordArg1:       op_q.ctx.args[1]     <= cr_rdata_i;
        CtxWordArg2:       op_q.ctx.args[2]     <= cr_rdata_i;
        CtxWordArg3:       op_q.ctx.args[3]     <= cr_rdata_i;
        CtxRamPendOp: begin
          op_q.op <= thread_op_e'(cr_rdata_i[26:24]);
          if (cr_rdata_i[26:24] == OpMigrate) begin
            op_q.arg              <= '0;
            op_q.ctx.target_part  <= cr_rdata_i[23:16];
            op_q.ctx.entry_kind   <= entry_kind_e'(cr_rdata_i[15]);
            op_q.ctx.entry        <= cr_rdata_i[EntryW-1:0];
          end else begin
            op_q.arg <= cr_rdata_i[23:16];
          end
        end
        default: ;
      endcase
    end
  end

  assign op_valid_o    = (state_q == SOffer);
  assign op_o          = op_q;
  assign done_o        = (state_q == SOffer) && op_ready_i;
  assign done_thread_o = thr_q;

  `ASSERT_STABLE(OpOut_A, op_valid_o, op_ready_i, op_o)
  `ASSERT(ServedThreadEnds_A, (state_q != SIdle) |-> thr_end_i[thr_q])

endmodule
