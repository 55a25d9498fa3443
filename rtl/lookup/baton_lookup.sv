// SPDX-License-Identifier: Apache-2.0
// Lookup controller (SP3, SP5, SP7, SP8, SP9, SP12): flow table, event slots with per-flow
// serialization, workspace copy and masked write-back, flow timers and the dispatcher's scratchpad.
// The large stores (two flow-table banks, flow state, timers) are external memories behind
// fixed-latency ports (baton_lookup_mem in simulation and on FPGAs; see baton_lookup_sys).
//
// Flow of an event: req -> slot reserved -> table pipeline (hash, bucket reads, decide: hit,
// insert or miss) -> res -> chain behind the flow's earlier events -> when head: read the flow's
// state block -> one workspace beat per layer (ws) -> event on disp -> tiles write back (wb), the
// last one with done -> one contiguous masked block write -> slot released, next event of the flow
// becomes head. A timer expiry enters the same path as an event with a known flow; a delete
// command enters the table pipeline. docs/lookup.md has the full description.
`default_nettype none
`include "baton_assert.svh"

module baton_lookup
  import baton_lookup_pkg::*;
#(
  parameter int unsigned BucketsPerBank = 8192,  // per bank; two banks
  parameter int unsigned Ways           = 4,
  parameter int unsigned StashSize      = 8,
  parameter bit          HashKind       = 1'b0,     // 0: CRC-32C, 1: weak (verification)
  parameter int unsigned NumSlots       = 64,    // events in the controller at once
  parameter int unsigned MaxPerFlow     = 8,     // events one flow may hold
  parameter int unsigned TableLatency   = 2,     // read latency of the table banks
  parameter int unsigned StateLatency   = 2,     // read latency of the state memory
  parameter int unsigned TimerLatency   = 2,     // read latency of the timer memory
  parameter int unsigned ScratchWords   = 4096,
  localparam int unsigned BktW          = $clog2(BucketsPerBank),
  localparam int unsigned BucketW       = Ways * LkEntryW,
  localparam int unsigned NumFlows      = 2 * BucketsPerBank * Ways + StashSize,
  localparam int unsigned FlowAw        = $clog2(NumFlows),
  localparam int unsigned TimerW        = $bits(lk_timer_t)
) (
  input  logic                        clk_i,
  input  logic                        rst_ni,
  input  logic [baton_pkg::TimeW-1:0] now_i,        // engine time in cycles
  output logic                        init_done_o,  // memories cleared; inputs are taken
  // Event requests from the dispatcher.
  input  logic                        req_valid_i,
  output logic                        req_ready_o,
  input  lk_req_t                     req_i,
  // Firmware commands: timers, delete.
  input  logic                        cmd_valid_i,
  output logic                        cmd_ready_o,
  input  lk_cmd_t                     cmd_i,
  // Generated events (SP10): an event for a flow index, queued like a timer expiry.
  input  logic                        gen_valid_i,
  output logic                        gen_ready_o,
  input  lk_gen_t                     gen_i,
  // Admitted events.
  output logic                        disp_valid_o,
  input  logic                        disp_ready_i,
  output lk_disp_t                    disp_o,
  // Workspace copies into tile memories, one channel per layer.
  output logic [LkLayers-1:0]         ws_valid_o,
  input  logic [LkLayers-1:0]         ws_ready_i,
  output lk_ws_t [LkLayers-1:0]       ws_o,
  // Write-backs and done from the tiles (always ready).
  input  logic                        wb_valid_i,
  output logic                        wb_ready_o,
  input  lk_wb_t                      wb_i,
  // Scratchpad.
  input  logic                        spad_req_valid_i,
  output logic                        spad_req_ready_o,
  input  lk_spad_req_t                spad_req_i,
  output logic                        spad_rsp_valid_o,
  input  logic                        spad_rsp_ready_i,
  output logic [31:0]                 spad_rsp_o,
  // Observation: every table operation's result; every timer that fired; counters.
  output logic                        res_valid_o,
  output lk_res_t                     res_o,
  output logic                        fire_valid_o,
  output lk_expiry_t                  fire_o,
  output lk_stats_t                   stats_o,
  // Flow-table bank memories.
  output logic [1:0]                  tbl_rd_req_o,
  output logic [1:0][BktW-1:0]        tbl_rd_addr_o,
  input  logic [1:0][BucketW-1:0]     tbl_rd_data_i,
  output logic [1:0]                  tbl_wr_req_o,
  output logic [1:0][BktW-1:0]        tbl_wr_addr_o,
  output logic [1:0][BucketW-1:0]     tbl_wr_data_o,
  output logic [1:0][Ways-1:0]        tbl_wr_be_o,
  // Flow-state memory: one block per flow index.
  output logic                        st_rd_req_o,
  output logic [FlowAw-1:0]           st_rd_addr_o,
  input  logic [LkBlockW-1:0]         st_rd_data_i,
  output logic                        st_wr_req_o,
  output logic [FlowAw-1:0]           st_wr_addr_o,
  output logic [LkBlockW-1:0]         st_wr_data_o,
  output logic [LkBlockBytes-1:0]     st_wr_be_o,
  // Timer memory: one timer per flow index.
  output logic                        tm_rd_req_o,
  output logic [FlowAw-1:0]           tm_rd_addr_o,
  input  logic [TimerW-1:0]           tm_rd_data_i,
  output logic                        tm_wr_req_o,
  output logic [FlowAw-1:0]           tm_wr_addr_o,
  output logic [TimerW-1:0]           tm_wr_data_o
);

  localparam int unsigned FlowW = baton_pkg::FlowW;

  `ASSERT_INIT(BucketsLegal_A, (BucketsPerBank >= 2) && (BucketsPerBank <= 65536))
  `ASSERT_INIT(WaysLegal_A, (Ways >= 2) && (Ways <= 8))
  `ASSERT_INIT(StashLegal_A, (StashSize >= 1) && (StashSize <= 32))
  `ASSERT_INIT(NumSlotsLegal_A, (NumSlots >= 2) && (NumSlots <= (1 << LkSlotW)))
  `ASSERT_INIT(MaxPerFlowLegal_A, (MaxPerFlow >= 1) && (MaxPerFlow <= NumSlots))
  `ASSERT_INIT(TableLatencyLegal_A, (TableLatency >= 1) && (TableLatency <= 16))
  `ASSERT_INIT(StateLatencyLegal_A, (StateLatency >= 1) && (StateLatency <= 16))
  `ASSERT_INIT(TimerLatencyLegal_A, (TimerLatency >= 1) && (TimerLatency <= 16))
  `ASSERT_INIT(ScratchWordsLegal_A, (ScratchWords >= 2) && (ScratchWords <= 65536))
  `ASSERT_INIT(FlowsFit_A, NumFlows <= (1 << FlowW))

  // ---- Initialisation ---------------------------------------------------------------------------------
  logic tbl_init_done, tm_init_done, init_done;
  assign init_done   = tbl_init_done && tm_init_done;
  assign init_done_o = init_done;

  // ---- Command decode ---------------------------------------------------------------------------------
  logic cmd_in_range, cmd_timer, cmd_del, cmd_ignored;
  assign cmd_in_range = (32'(cmd_i.flow) < NumFlows);
  assign cmd_timer    = cmd_in_range && ((cmd_i.op == LkCmdTimerSet) || (cmd_i.op == LkCmdTimerCancel));
  assign cmd_del      = cmd_in_range && (cmd_i.op == LkCmdDelete);
  assign cmd_ignored  = !cmd_timer && !cmd_del;  // nop, or a flow index out of range

  // ---- Entry arbiter: requests, timer expiries, deletes, generated events (round robin) ---------------
  logic                slot_avail;
  logic [LkSlotW-1:0]  alloc_slot;
  logic                exp_valid, exp_ready;
  lk_expiry_t          exp;
  logic                tm_set_ready;
  logic [3:0]          elig, grant;
  logic [1:0]          rr_q;
  // A delete is taken with its timer cancel (one timer write, in the cycle it is accepted) and its
  // table operation waits in del_q for the arbiter, so that the arbiter's inputs do not go through
  // the command decode.
  logic                del_q;
  logic [FlowW-1:0]    del_flow_q;
  logic                del_take;
  // A generated event waits in gen_q the same way (out-of-range flow indices are counted, ignored).
  logic                gen_q;
  lk_gen_t             gen_r_q;
  logic                gen_take, gen_in_range;

  assign elig[0] = init_done && req_valid_i && slot_avail;
  assign elig[1] = init_done && exp_valid && slot_avail;
  assign elig[2] = del_q;
  assign elig[3] = init_done && gen_q && slot_avail;

  always_comb begin
    logic [1:0] idx;
    grant = '0;
    for (int unsigned n = 0; n < 4; n++) begin
      idx = rr_q + 2'(n);  // wraps modulo 4
      if ((grant == '0) && elig[idx]) grant[idx] = 1'b1;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      rr_q <= '0;
    end else if (grant != '0) begin
      rr_q <= grant[0] ? 2'd1 : grant[1] ? 2'd2 : grant[2] ? 2'd3 : 2'd0;
    end
  end

  assign req_ready_o = grant[0];
  assign exp_ready   = grant[1];
  assign cmd_ready_o = init_done && (cmd_ignored || (tm_set_ready && (!cmd_del || !del_q)));
  assign del_take    = cmd_valid_i && cmd_ready_o && cmd_del;

  assign gen_in_range = (32'(gen_i.flow) < NumFlows);
  assign gen_ready_o  = init_done && !gen_q;
  assign gen_take     = gen_valid_i && gen_ready_o && gen_in_range;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      gen_q <= 1'b0;
    end else if (gen_take) begin
      gen_q <= 1'b1;
    end else if (grant[3]) begin
      gen_q <= 1'b0;
    end
  end
  always_ff @(posedge clk_i) begin
    if (gen_take) gen_r_q <= gen_i;
  end

  // The register is free again after its grant (the next delete is taken one cycle later).
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      del_q <= 1'b0;
    end else if (del_take) begin
      del_q <= 1'b1;
    end else if (grant[2]) begin
      del_q <= 1'b0;
    end
  end
  always_ff @(posedge clk_i) begin
    if (del_take) del_flow_q <= cmd_i.flow;
  end

  // Operation into the table pipeline.
  lk_top_t        op;
  lk_payload_t    pl;
  baton_pkg::ctx_t tmo_ctx, gen_ctx;

  always_comb begin
    tmo_ctx             = '0;
    tmo_ctx.flow        = exp.flow;
    tmo_ctx.event_type  = LkEvTimeout;
    tmo_ctx.target_part = exp.part;
    tmo_ctx.arrival     = now_i;
    tmo_ctx.args[0]     = exp.deadline;  // lets firmware tell a stale expiry from its last set
    gen_ctx             = '0;
    gen_ctx.flow        = gen_r_q.flow;
    gen_ctx.event_type  = LkEvGenerated;
    gen_ctx.target_part = gen_r_q.part;
    gen_ctx.arrival     = now_i;
  end

  // Only the kind and the flow index of the operation depend on the grant: the fields an operation
  // does not use are don't-care (the table reads insert and key of requests only, the flow index of
  // deletes and timeouts only, and reports the tag of requests only), so that the arbiter does not
  // fan out over the table's operation register.
  always_comb begin
    op      = '{kind: LkOpDel, insert: req_i.insert, slot: alloc_slot, tag: req_i.tag,
                flow: grant[2] ? del_flow_q : grant[3] ? gen_r_q.flow : exp.flow, key: req_i.key};
    if (grant[0])      op.kind = LkOpReq;
    else if (grant[1]) op.kind = LkOpTmo;
    else if (grant[3]) op.kind = LkOpGen;
    pl = grant[0] ? '{tag: req_i.tag, tiles: req_i.tiles, ctx: req_i.ctx} :
         grant[3] ? '{tag: '0, tiles: '0, ctx: gen_ctx} :
                    '{tag: '0, tiles: exp.tiles, ctx: tmo_ctx};
  end

  // ---- Flow table -------------------------------------------------------------------------------------
  logic    dec_valid;
  lk_res_t dec;
  logic [31:0] used, stash_used;

  baton_lookup_table #(
    .BucketsPerBank (BucketsPerBank),
    .Ways           (Ways),
    .StashSize      (StashSize),
    .Latency        (TableLatency),
    .HashKind       (HashKind)
  ) u_table (
    .clk_i        (clk_i),
    .rst_ni       (rst_ni),
    .init_done_o  (tbl_init_done),
    .op_valid_i   (grant != '0),
    .op_i         (op),
    .dec_valid_o  (dec_valid),
    .dec_o        (dec),
    .rd_req_o     (tbl_rd_req_o),
    .rd_addr_o    (tbl_rd_addr_o),
    .rd_data_i    (tbl_rd_data_i),
    .wr_req_o     (tbl_wr_req_o),
    .wr_addr_o    (tbl_wr_addr_o),
    .wr_data_o    (tbl_wr_data_o),
    .wr_be_o      (tbl_wr_be_o),
    .used_o       (used),
    .stash_used_o (stash_used)
  );

  // ---- Write-backs: registered on entry (the channel is always ready) ----------------------------
  logic   wbr_valid_q;
  lk_wb_t wbr_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) wbr_valid_q <= 1'b0;
    else         wbr_valid_q <= wb_valid_i;
  end
  always_ff @(posedge clk_i) begin
    if (wb_valid_i) wbr_q <= wb_i;
  end

  // ---- Event slots ------------------------------------------------------------------------------------
  logic                pick_valid, pick_ready, pick_read;
  logic [LkSlotW-1:0]  pick_slot;
  logic [FlowW-1:0]    pick_flow;
  lk_status_e          pick_status;
  logic                disp_fire;
  logic                wb_ok;
  logic                blk_valid;
  logic [LkSlotW-1:0]  blk_slot;
  logic [LkBlockW-1:0] blk_data;
  logic [LkBlockBytes-1:0] blk_be;
  logic [FlowW-1:0]    rel_flow;
  logic                rel_new;
  logic [LkSlotW:0]    unused_free_count;

  baton_lookup_slots #(
    .NumSlots   (NumSlots),
    .MaxPerFlow (MaxPerFlow)
  ) u_slots (
    .clk_i         (clk_i),
    .rst_ni        (rst_ni),
    .avail_o       (slot_avail),
    .alloc_slot_o  (alloc_slot),
    .alloc_i       (grant[0] || grant[1] || grant[3]),
    .dec_valid_i   (dec_valid),
    .dec_i         (dec),
    .res_valid_o   (res_valid_o),
    .res_o         (res_o),
    .pick_valid_o  (pick_valid),
    .pick_ready_i  (pick_ready),
    .pick_slot_o   (pick_slot),
    .pick_flow_o   (pick_flow),
    .pick_status_o (pick_status),
    .pick_read_o   (pick_read),
    .disp_i        (disp_fire),
    .disp_slot_i   (disp_o.slot),
    .wb_valid_i    (wbr_valid_q),
    .wb_slot_i     (wbr_q.slot),
    .wb_done_i     (wbr_q.done),
    .wb_ok_o       (wb_ok),
    .rel_i         (blk_valid),
    .rel_slot_i    (blk_slot),
    .rel_flow_o    (rel_flow),
    .rel_new_o     (rel_new),
    .free_count_o  (unused_free_count)
  );

  // ---- State fetch, workspaces, dispatch ------------------------------------------------------------------
  baton_lookup_fetch #(
    .NumSlots (NumSlots),
    .NumFlows (NumFlows),
    .Latency  (StateLatency)
  ) u_fetch (
    .clk_i         (clk_i),
    .rst_ni        (rst_ni),
    .pl_we_i       (grant[0] || grant[1] || grant[3]),
    .pl_slot_i     (alloc_slot),
    .pl_i          (pl),
    .pick_valid_i  (pick_valid),
    .pick_ready_o  (pick_ready),
    .pick_slot_i   (pick_slot),
    .pick_flow_i   (pick_flow),
    .pick_status_i (pick_status),
    .pick_read_i   (pick_read),
    .st_rd_req_o   (st_rd_req_o),
    .st_rd_addr_o  (st_rd_addr_o),
    .st_rd_data_i  (st_rd_data_i),
    .ws_valid_o    (ws_valid_o),
    .ws_ready_i    (ws_ready_i),
    .ws_o          (ws_o),
    .disp_valid_o  (disp_valid_o),
    .disp_ready_i  (disp_ready_i),
    .disp_o        (disp_o),
    .disp_fire_o   (disp_fire)
  );

  // ---- Write-back merge and the block write ----------------------------------------------------------------
  logic wb_conflict;

  assign wb_ready_o = 1'b1;

  baton_lookup_wb #(
    .NumSlots (NumSlots)
  ) u_wb (
    .clk_i       (clk_i),
    .rst_ni      (rst_ni),
    .wb_valid_i  (wb_ok),
    .wb_i        (wbr_q),
    .conflict_o  (wb_conflict),
    .blk_valid_o (blk_valid),
    .blk_slot_o  (blk_slot),
    .blk_data_o  (blk_data),
    .blk_be_o    (blk_be)
  );

  // A new flow's first block is written whole (unwritten bytes zero); later blocks only where
  // written. The write is registered on its way to the memory: it lands in the cycle after the
  // release, and the successor's state read (issued three cycles after the release at the
  // earliest: baton_lookup_slots registers its choice, baton_lookup_fetch the pick) sees it.
  logic                    st_wr_req_q;
  logic [FlowAw-1:0]       st_wr_addr_q;
  logic [LkBlockW-1:0]     st_wr_data_q;
  logic [LkBlockBytes-1:0] st_wr_be_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) st_wr_req_q <= 1'b0;
    else         st_wr_req_q <= blk_valid;
  end
  always_ff @(posedge clk_i) begin
    if (blk_valid) begin
      st_wr_addr_q <= FlowAw'(rel_flow);
      st_wr_data_q <= blk_data;
      st_wr_be_q   <= rel_new ? '1 : blk_be;
    end
  end
  assign st_wr_req_o  = st_wr_req_q;
  assign st_wr_addr_o = st_wr_addr_q;
  assign st_wr_data_o = st_wr_data_q;
  assign st_wr_be_o   = st_wr_be_q;

  // ---- Timers -------------------------------------------------------------------------------------------
  lk_timer_t tm_set;
  logic      tm_set_valid;
  logic      fire_valid;

  assign tm_set_valid = init_done && cmd_valid_i && (cmd_timer || cmd_del) && (!cmd_del || !del_q);
  always_comb begin
    tm_set = '0;
    if (cmd_i.op == LkCmdTimerSet) begin
      tm_set = '{armed: 1'b1, deadline: now_i + cmd_i.timeout, part: cmd_i.part, tiles: cmd_i.tiles};
    end
  end

  baton_lookup_timers #(
    .NumTimers (NumFlows),
    .Latency   (TimerLatency),
    .FifoDepth (TimerLatency + 3)
  ) u_timers (
    .clk_i       (clk_i),
    .rst_ni      (rst_ni),
    .now_i       (now_i),
    .init_done_o (tm_init_done),
    .set_valid_i (tm_set_valid),
    .set_ready_o (tm_set_ready),
    .set_idx_i   (FlowAw'(cmd_i.flow)),
    .set_i       (tm_set),
    .rd_req_o    (tm_rd_req_o),
    .rd_addr_o   (tm_rd_addr_o),
    .rd_data_i   (tm_rd_data_i),
    .wr_req_o    (tm_wr_req_o),
    .wr_addr_o   (tm_wr_addr_o),
    .wr_data_o   (tm_wr_data_o),
    .exp_valid_o (exp_valid),
    .exp_ready_i (exp_ready),
    .exp_o       (exp),
    .fire_o      (fire_valid),
    .fire_info_o (fire_o)
  );
  assign fire_valid_o = fire_valid;

  // ---- Scratchpad -----------------------------------------------------------------------------------------
  baton_lookup_scratch #(
    .Words (ScratchWords)
  ) u_spad (
    .clk_i       (clk_i),
    .rst_ni      (rst_ni),
    .req_valid_i (spad_req_valid_i),
    .req_ready_o (spad_req_ready_o),
    .req_i       (spad_req_i),
    .rsp_valid_o (spad_rsp_valid_o),
    .rsp_ready_i (spad_rsp_ready_i),
    .rsp_o       (spad_rsp_o)
  );

  // ---- Counters ----------------------------------------------------------------------------------------------
  // Sixteen event counters in lk_stats_t order (lookups first); occupancy comes from the table.
  localparam int unsigned NumCnt = 16;
  logic [NumCnt-1:0]          inc;
  logic [NumCnt-1:0][31:0]    cnt_q;
  logic                       cmd_fire;
  assign cmd_fire = cmd_valid_i && cmd_ready_o;

  always_comb begin
    inc     = '0;
    inc[0]  = res_valid_o && (res_o.kind == LkOpReq);
    inc[1]  = res_valid_o && ((res_o.status == LkHit) || (res_o.status == LkBusy));
    inc[2]  = res_valid_o && (res_o.status == LkInserted);
    inc[3]  = res_valid_o && (res_o.status == LkMiss);
    inc[4]  = res_valid_o && (res_o.status == LkFull);
    inc[5]  = res_valid_o && (res_o.status == LkBusy);
    inc[6]  = res_valid_o && (res_o.status == LkDeleted);
    inc[7]  = res_valid_o && (res_o.status == LkDelMiss);
    inc[8]  = fire_valid;
    inc[9]  = res_valid_o && (res_o.status == LkTimeout);
    inc[10] = res_valid_o && (res_o.status == LkTmoStale);
    inc[11] = disp_fire;
    inc[12] = blk_valid;
    inc[13] = wb_conflict;
    inc[14] = wbr_valid_q && !wb_ok;
    inc[15] = (cmd_fire && cmd_ignored && (cmd_i.op != LkCmdNop)) ||
              (gen_valid_i && gen_ready_o && !gen_in_range);
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      cnt_q <= '0;
    end else begin
      for (int unsigned i = 0; i < NumCnt; i++) begin
        if (inc[i]) cnt_q[i] <= cnt_q[i] + 1'b1;
      end
    end
  end

  assign stats_o = '{lookups: cnt_q[0], hits: cnt_q[1], inserts: cnt_q[2], misses: cnt_q[3],
                     full: cnt_q[4], busy: cnt_q[5], deletes: cnt_q[6], del_misses: cnt_q[7],
                     tmo_fired: cnt_q[8], tmo_events: cnt_q[9], tmo_stale: cnt_q[10],
                     dispatched: cnt_q[11], dones: cnt_q[12], wb_conflicts: cnt_q[13],
                     wb_errors: cnt_q[14], cmd_errors: cnt_q[15], used: used,
                     stash_used: stash_used};

  logic unused_rel_flow;
  assign unused_rel_flow = ^rel_flow;

  // ---- Checks ----------------------------------------------------------------------------------------------
  `ASSERT(OneGrant_A, $onehot0(grant))
  `ASSERT_NEVER(DeleteWithoutTimerWrite_A, del_take && !tm_set_ready)

endmodule
