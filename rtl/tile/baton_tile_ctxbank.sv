// SPDX-License-Identifier: Apache-2.0
// Per-thread contexts of a tile (PM3, PM4 at the tile): the context as delivered, the current
// pkt_len and the pending thread operation, one record per thread in flip-flops.
//
// Flip-flops rather than a RAM because the hand-off needs the whole record at once: a delivery
// writes it in one cycle (the sender's ctx_t straight into the thread's record, no multiplexer in
// front of the flip-flops except for pkt_len), and the thread-operation port reads it in one
// cycle. The context window loads of the firmware read one word of it (docs/abi.md section 3):
// the word multiplexer sits in the core's write-back stage, off the execute stage.
//
// The pending operation is {op [26:24], arg or target partition [23:16], entry word [15:0]},
// written by the core when a thread ends (its last instruction, a fault, or a missing partition).
`default_nettype none

`include "baton_assert.svh"

module baton_tile_ctxbank
  import baton_abi_pkg::*;
  import baton_pkg::*;
#(
  parameter int unsigned NumThreads = 4,
  localparam int unsigned ThrW      = baton_util_pkg::idx_w(NumThreads)
) (
  input  logic                             clk_i,
  input  logic                             rst_ni,

  // Delivery: the whole record of one thread.
  input  logic                             dlv_we_i,
  input  logic [ThrW-1:0]                  dlv_thread_i,
  input  ctx_t                             dlv_ctx_i,

  // The delivery's verdict: no operation pending, or DROP when the partition or entry is missing.
  input  logic                             dlv_pend_we_i,
  input  logic [ThrW-1:0]                  dlv_pend_thread_i,
  input  logic [26:0]                      dlv_pend_i,

  // The core: a pkt_len store, and the pending operation of a thread that ends.
  input  logic                             len_we_i,
  input  logic [ThrW-1:0]                  len_thread_i,
  input  logic [PktLenW-1:0]               len_i,
  input  logic                             pend_we_i,
  input  logic [ThrW-1:0]                  pend_thread_i,
  input  logic [26:0]                      pend_i,

  // Every record, read by the core's load path and the thread-operation port.
  output ctx_t [NumThreads-1:0]            ctx_o,
  output logic [NumThreads-1:0][26:0]      pend_o
);

  `ASSERT_INIT(NumThreadsLegal_A, NumThreads >= 1 && NumThreads <= 8)

  ctx_t [NumThreads-1:0]       ctx_q;
  logic [NumThreads-1:0][26:0] pend_q;

  // Data only: a thread's record is written by its delivery before anything reads it.
  for (genvar t = 0; t < NumThreads; t++) begin : gen_thr
    logic dlv_here, len_here, pend_here, dlv_pend_here;
    assign dlv_here  = dlv_we_i && (dlv_thread_i == ThrW'(t));
    assign len_here  = len_we_i && (len_thread_i == ThrW'(t));
    assign pend_here = pend_we_i && (pend_thread_i == ThrW'(t));
    assign dlv_pend_here = dlv_pend_we_i && (dlv_pend_thread_i == ThrW'(t));

    always_ff @(posedge clk_i) begin
      if (dlv_here) begin
        ctx_q[t] <= dlv_ctx_i;
      end else if (len_here) begin
        ctx_q[t].pkt_len <= len_i;
      end
      if (dlv_pend_here) begin
        pend_q[t] <= dlv_pend_i;
      end else if (pend_here) begin
        pend_q[t] <= pend_i;
      end
    end
  end

  assign ctx_o  = ctx_q;
  assign pend_o = pend_q;

  logic unused_rst;
  assign unused_rst = rst_ni;

  `ASSERT_NEVER(DlvThreadRange_A, dlv_we_i && (32'(dlv_thread_i) >= NumThreads))
  `ASSERT_NEVER(LenDuringDelivery_A, dlv_we_i && len_we_i && (dlv_thread_i == len_thread_i))
  `ASSERT_NEVER(PendDuringDelivery_A, dlv_pend_we_i && pend_we_i &&
                                      (dlv_pend_thread_i == pend_thread_i))

endmodule
