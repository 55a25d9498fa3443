// SPDX-License-Identifier: Apache-2.0
// Per-thread contexts of a tile (PM3, PM4 at the tile): the context as delivered, the current
// pkt_len and the pending thread operation, one record per thread.
//
// The hand-off needs the whole record at once: a delivery writes it in one cycle, and the
// thread-operation port reads it in one cycle. The delivered part is a small RAM with
// asynchronous reads (LUT RAM on an FPGA: one 16 x 4 cell per 4 bits and read port, instead of
// flip-flops and a multiplexer per bit), written only by deliveries; read port A serves the
// thread-operation port, port B the context-window loads in the core's write-back stage.
// pkt_len (written by deliveries and by the core's stores) and the pending operation (written by
// a delivery's verdict and by the core when a thread ends, possibly in the same cycle for two
// threads) are flip-flops.
//
// The pending operation is {op [26:24], arg or target partition [23:16], entry word [15:0]}.
`default_nettype none

`include "baton_assert.svh"

module baton_tile_ctxbank
  import baton_abi_pkg::*;
  import baton_pkg::*;
#(
  parameter int unsigned NumThreads = 4,
  localparam int unsigned ThrW      = baton_util_pkg::idx_w(NumThreads)
) (
  input  logic                        clk_i,
  input  logic                        rst_ni,

  // Delivery: the whole record of one thread.
  input  logic                        dlv_we_i,
  input  logic [ThrW-1:0]             dlv_thread_i,
  input  ctx_t                        dlv_ctx_i,

  // The delivery's verdict: no operation pending, or DROP when the partition or entry is missing.
  input  logic                        dlv_pend_we_i,
  input  logic [ThrW-1:0]             dlv_pend_thread_i,
  input  logic [26:0]                 dlv_pend_i,

  // The core: a pkt_len store, and the pending operation of a thread that ends.
  input  logic                        len_we_i,
  input  logic [ThrW-1:0]             len_thread_i,
  input  logic [PktLenW-1:0]          len_i,
  input  logic                        pend_we_i,
  input  logic [ThrW-1:0]             pend_thread_i,
  input  logic [26:0]                 pend_i,

  // Read port A (thread-operation port): record with the current pkt_len, and the pending op.
  input  logic [ThrW-1:0]             a_thread_i,
  output ctx_t                        a_ctx_o,
  output logic [26:0]                 a_pend_o,
  // Read port B (context-window loads).
  input  logic [ThrW-1:0]             b_thread_i,
  output ctx_t                        b_ctx_o
);

  `ASSERT_INIT(NumThreadsLegal_A, NumThreads >= 1 && NumThreads <= 8)

  // Data only: a thread's record is written by its delivery before anything reads it.
  logic [CtxW-1:0] rec_mem [NumThreads];
  always_ff @(posedge clk_i) begin
    if (dlv_we_i) rec_mem[dlv_thread_i] <= dlv_ctx_i;
  end

  logic [NumThreads-1:0][PktLenW-1:0] len_q;
  logic [NumThreads-1:0][26:0]        pend_q;
  for (genvar t = 0; t < NumThreads; t++) begin : gen_thr
    always_ff @(posedge clk_i) begin
      if (dlv_we_i && (dlv_thread_i == ThrW'(t))) begin
        len_q[t] <= dlv_ctx_i.pkt_len;
      end else if (len_we_i && (len_thread_i == ThrW'(t))) begin
        len_q[t] <= len_i;
      end
      if (dlv_pend_we_i && (dlv_pend_thread_i == ThrW'(t))) begin
        pend_q[t] <= dlv_pend_i;
      end else if (pend_we_i && (pend_thread_i == ThrW'(t))) begin
        pend_q[t] <= pend_i;
      end
    end
  end

  always_comb begin
    a_ctx_o         = ctx_t'(rec_mem[a_thread_i]);
    a_ctx_o.pkt_len = len_q[a_thread_i];
    b_ctx_o         = ctx_t'(rec_mem[b_thread_i]);
    b_ctx_o.pkt_len = len_q[b_thread_i];
  end
  assign a_pend_o = pend_q[a_thread_i];

  logic unused_rst;
  assign unused_rst = rst_ni;

  `ASSERT_NEVER(DlvThreadRange_A, dlv_we_i && (32'(dlv_thread_i) >= NumThreads))
  `ASSERT_NEVER(LenDuringDelivery_A, dlv_we_i && len_we_i && (dlv_thread_i == len_thread_i))
  `ASSERT_NEVER(PendDuringDelivery_A, dlv_pend_we_i && pend_we_i &&
                                      (dlv_pend_thread_i == pend_thread_i))

endmodule
