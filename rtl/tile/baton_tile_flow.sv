// SPDX-License-Identifier: Apache-2.0
// Tile side of flow state (SP5, SP7, SP8; docs/flow-state.md "Engine integration", docs/abi.md
// section 13): the per-thread state bank behind workspace bytes 0..31, the lookup-window
// registers flow and status, the workspace pull before a delivery and the write-back beat before a
// thread operation.
//
//   Delivery: a context that holds its flow (ctx.fs_status hit, inserted, timeout or generated)
//   waits here while the tile asks the engine for the workspace of its slot (pull_*); the answer
//   (pull_rsp_*) fills the thread's bank, and only then is the context offered to delivery, so
//   the thread's first instruction sees its flow state. Other contexts pass without delay. Every
//   delivery clears the thread's dirty bits and records its status (and flow index, 0 unless the
//   event holds its flow).
//   Access: the core's loads and stores of workspace bytes 0..31 and loads of the two registers
//   come here instead of the local RAM (acc_*), read data one cycle later, as the RAM's; stores
//   mark their bytes dirty.
//   Commands: a store to a lookup-window command register (timer_set .. gen_event) arrives from the
//   core's request register (cmd_*) and leaves as a command (fs_cmd_*) with the storing thread's
//   slot, flow index and whether its event holds the flow; the engine's flow-state unit acts on it.
//   A thread's write-back waits while the request register holds a command of the same thread.
//   Thread operation: an operation of a context that holds its flow leaves only after its
//   write-back (wb_*: the layer's private portion and the shared portion with the dirty bytes as
//   masks, done unless MIGRATE) was taken, so a migration's next tile pulls a workspace that has it.
`default_nettype none
`include "baton_assert.svh"

module baton_tile_flow
  import baton_abi_pkg::*;
  import baton_pkg::*;
  import baton_lookup_pkg::*;
#(
  parameter int unsigned NumThreads = 4,
  parameter int unsigned TileId     = 0,
  localparam int unsigned ThrW      = baton_util_pkg::idx_w(NumThreads)
) (
  input  logic                 clk_i,
  input  logic                 rst_ni,

  // Contexts from the context manager, and on to delivery
  input  logic                 ctx_valid_i,
  output logic                 ctx_ready_o,
  input  ctx_t                 ctx_i,
  input  logic [ThreadW-1:0]   ctx_thread_i,
  output logic                 dlv_valid_o,
  input  logic                 dlv_ready_i,

  // Workspace pull
  output logic                 pull_valid_o,
  input  logic                 pull_ready_i,
  output lk_pull_t             pull_o,
  input  logic                 pull_rsp_valid_i,
  input  lk_pull_rsp_t         pull_rsp_i,

  // Core accesses (execute stage): state bank word or register (reg_i: word[0] 0 flow, 1 status)
  input  logic                 acc_req_i,
  input  logic                 acc_reg_i,
  input  logic                 acc_we_i,
  input  logic [3:0]           acc_be_i,
  input  logic [31:0]          acc_wdata_i,
  input  logic [ThrW-1:0]      acc_thread_i,
  input  logic [2:0]           acc_word_i,
  output logic [31:0]          acc_rdata_o,

  // Thread operations from the op unit, and on to the context link
  input  logic                 op_valid_i,
  output logic                 op_ready_o,
  input  thread_op_t           op_i,
  output logic                 op_valid_o,
  input  logic                 op_ready_i,

  // Lookup-window command stores (from the core's request register) and on to the engine
  input  logic                 cmd_valid_i,
  output logic                 cmd_ready_o,
  input  logic [ThreadW-1:0]   cmd_thread_i,
  input  logic [2:0]           cmd_word_i,
  input  logic [31:0]          cmd_wdata_i,
  output logic                 fs_cmd_valid_o,
  input  logic                 fs_cmd_ready_i,
  output lk_fw_cmd_t           fs_cmd_o,

  // Write-back
  output logic                 wb_valid_o,
  input  logic                 wb_ready_i,
  output lk_wb_t               wb_o
);

  `ASSERT_INIT(NumThreadsLegal_A, NumThreads >= 1 && NumThreads <= 8)
  `ASSERT_INIT(TileIdLegal_A, TileId < 64)
  `ASSERT_INIT(StateLayout_A, (FsStateBytes == 2 * LkPortionBytes) && (FsPrivateOffset == 0) &&
                              (FsSharedOffset == LkPortionBytes))

  localparam int unsigned Words = FsStateBytes / 4;  // 8

  // ---- Per-thread state --------------------------------------------------------------------
  logic [NumThreads-1:0][Words-1:0][31:0]   bank_q;
  logic [NumThreads-1:0][FsStateBytes-1:0]  dirty_q;
  logic [NumThreads-1:0][FlowW-1:0]         flow_q;
  logic [NumThreads-1:0][FsStatusW-1:0]     status_q;
  logic [NumThreads-1:0][LkLayerW-1:0]      layer_q;
  logic [NumThreads-1:0][LkSlotW-1:0]       slot_q;

  // ---- Delivery: pull, then offer -----------------------------------------------------------
  logic holds_in, req_q, have_q, rsp_here, dlv_take;
  assign holds_in  = lk_holds(ctx_i.fs_status);
  assign rsp_here  = pull_rsp_valid_i && (pull_rsp_i.tile == TileW'(TileId));
  assign dlv_valid_o = ctx_valid_i && (!holds_in || have_q);
  assign ctx_ready_o = dlv_ready_i && (!holds_in || have_q);
  assign dlv_take    = dlv_valid_o && dlv_ready_i;

  assign pull_valid_o  = ctx_valid_i && holds_in && !req_q && !have_q;
  assign pull_o.tile   = TileW'(TileId);
  assign pull_o.thread = ctx_thread_i;
  assign pull_o.slot   = ctx_i.fs_slot;
  assign pull_o.part   = ctx_i.target_part;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      req_q  <= 1'b0;
      have_q <= 1'b0;
    end else begin
      if (pull_valid_o && pull_ready_i) req_q <= 1'b1;
      if (rsp_here) begin
        req_q  <= 1'b0;
        have_q <= 1'b1;
      end
      if (dlv_take) have_q <= 1'b0;
    end
  end

  // ---- Bank, dirty bits, registers ------------------------------------------------------------
  logic [ThrW-1:0] rsp_thr, dlv_thr;
  assign rsp_thr = ThrW'(pull_rsp_i.thread);
  assign dlv_thr = ThrW'(ctx_thread_i);

  for (genvar t = 0; t < NumThreads; t++) begin : gen_thr
    logic acc_here, rsp_thr_here, dlv_here;
    assign acc_here     = acc_req_i && acc_we_i && !acc_reg_i && (acc_thread_i == ThrW'(t));
    assign rsp_thr_here = rsp_here && (rsp_thr == ThrW'(t));
    assign dlv_here     = dlv_take && (dlv_thr == ThrW'(t));

    for (genvar w = 0; w < Words; w++) begin : gen_word
      for (genvar b = 0; b < 4; b++) begin : gen_byte
        always_ff @(posedge clk_i) begin
          if (rsp_thr_here) begin
            bank_q[t][w][8*b +: 8] <= (w < Words / 2) ? pull_rsp_i.priv[32*(w % 4) + 8*b +: 8]
                                                      : pull_rsp_i.shared[32*(w % 4) + 8*b +: 8];
          end else if (acc_here && (acc_word_i == 3'(w)) && acc_be_i[b]) begin
            bank_q[t][w][8*b +: 8] <= acc_wdata_i[8*b +: 8];
          end
        end
      end
    end

    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) begin
        dirty_q[t]  <= '0;
        flow_q[t]   <= '0;
        status_q[t] <= FsStatusW'(FsStNone);
        layer_q[t]  <= '0;
        slot_q[t]   <= '0;
      end else begin
        if (dlv_here) begin
          dirty_q[t]  <= '0;
          status_q[t] <= ctx_i.fs_status;
          slot_q[t]   <= ctx_i.fs_slot;
          if (!holds_in) flow_q[t] <= '0;
        end else if (acc_here) begin
          dirty_q[t][4*acc_word_i +: 4] <= dirty_q[t][4*acc_word_i +: 4] | acc_be_i;
        end
        if (rsp_thr_here) begin
          flow_q[t]  <= pull_rsp_i.flow;
          layer_q[t] <= pull_rsp_i.layer;
        end
      end
    end
  end

  always_ff @(posedge clk_i) begin
    if (acc_req_i) begin
      acc_rdata_o <= !acc_reg_i ? bank_q[acc_thread_i][acc_word_i]
                   : acc_word_i[0] ? 32'(status_q[acc_thread_i]) : 32'(flow_q[acc_thread_i]);
    end
  end

  // ---- Write-back before the thread operation ---------------------------------------------------
  logic            holds_op, sent_q;
  logic [ThrW-1:0] op_thr;
  assign op_thr   = ThrW'(op_i.src_thread);
  assign holds_op = lk_holds(op_i.ctx.fs_status);

  // A command of the same thread still in the request register goes first (the thread stored it
  // before its operation; no command of that thread can appear later, so this never withdraws an
  // offered write-back).
  logic cmd_same;
  assign cmd_same   = cmd_valid_i && (ThrW'(cmd_thread_i) == op_thr);
  assign wb_valid_o = op_valid_i && holds_op && !sent_q && !cmd_same;
  assign op_valid_o = op_valid_i && (!holds_op || sent_q);
  assign op_ready_o = op_ready_i && (!holds_op || sent_q);

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      sent_q <= 1'b0;
    end else if (op_valid_o && op_ready_i) begin
      sent_q <= 1'b0;
    end else if (wb_valid_o && wb_ready_i) begin
      sent_q <= 1'b1;
    end
  end

  always_comb begin
    wb_o           = '0;
    wb_o.slot      = op_i.ctx.fs_slot;
    wb_o.layer     = layer_q[op_thr];
    wb_o.done      = (op_i.op != OpMigrate);
    wb_o.priv_be   = dirty_q[op_thr][FsPrivateOffset +: LkPortionBytes];
    wb_o.shared_be = dirty_q[op_thr][FsSharedOffset +: LkPortionBytes];
    for (int unsigned w = 0; w < 4; w++) begin
      wb_o.priv[32*w +: 32]   = bank_q[op_thr][w];
      wb_o.shared[32*w +: 32] = bank_q[op_thr][4 + w];
    end
  end

  // ---- Commands ------------------------------------------------------------------------------------
  logic [ThrW-1:0] cmd_thr;
  assign cmd_thr        = ThrW'(cmd_thread_i);
  assign fs_cmd_valid_o = cmd_valid_i;
  assign cmd_ready_o    = fs_cmd_ready_i;
  always_comb begin
    fs_cmd_o       = '0;
    fs_cmd_o.slot  = slot_q[cmd_thr];
    fs_cmd_o.flow  = flow_q[cmd_thr];
    fs_cmd_o.holds = lk_holds(status_q[cmd_thr]);
    fs_cmd_o.word  = cmd_word_i;
    fs_cmd_o.value = cmd_wdata_i;
  end

  // Only the flow-state fields, the thread and the partition of the records matter here.
  logic unused_ctx;
  assign unused_ctx = ^{ctx_i, op_i, cmd_thread_i};

  // A thread's bank is filled only while it is idle, so a core store never meets a pull answer.
  `ASSERT_NEVER(FillWhileRunning_A, rsp_here && acc_req_i && acc_we_i && (acc_thread_i == rsp_thr))
  `ASSERT_NEVER(UnaskedAnswer_A, rsp_here && !req_q)
  `ASSERT_STABLE(PullContract_A, pull_valid_o, pull_ready_i, pull_o)
  `ASSERT_STABLE(WbContract_A, wb_valid_o, wb_ready_i, wb_o)
  `ASSERT_STABLE(CmdContract_A, fs_cmd_valid_o, fs_cmd_ready_i, fs_cmd_o)

endmodule
