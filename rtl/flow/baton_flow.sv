// SPDX-License-Identifier: Apache-2.0
// Flow state in the engine (SP3, SP5, SP7, SP8; docs/flow-state.md "Engine integration"): the
// lookup controller (baton_lookup_sys) between the ingress dispatcher and the context manager,
// the workspace staging the tiles pull from (baton_flow_stage), the write-back path and the
// registers (baton_flow_csr).
//
//   in_*    contexts from the ingress with their flow key and their class's lookup mode. Mode 0
//           passes the context on (fs_status = none); modes 1 (find) and 2 (find or insert) send
//           it to the controller, whose dispatch (serialized per flow, workspaces staged first)
//           becomes the context with fs_status and fs_slot. ctx.flow stays the ingress's ordering
//           bucket: it travels as the request's tag.
//   out_*   to the context manager's dispatch input: the controller's events and the passed-on
//           contexts, round robin.
//   pull_*  per tile, workspace pulls (round robin, one per cycle); rsp_* the answer to all tiles.
//   wb_*    per tile, write-backs (round robin), applied to the staging and given to the controller.
//   drop_*  the context manager's drop channel runs through here: a dropped context that holds its
//           flow ends its event with an empty done write-back.
//   cmd_*   per tile, lookup-window register stores (round robin): timer_set / timer_cancel go to
//           the controller at once with the flow index the tile recorded; timer_class sets the
//           class of this event's later timer_set (the controller's timer record carries the class
//           in its partition field; the class table routes the timeout event when it fires);
//           delete marks the event's slot, and the event's done write-back then sends the delete;
//           gen_event queues a generated event (a FIFO of NumSlots entries in front of the
//           controller). Stores of an event that does not hold its flow are counted and ignored.
//   Events without a packet (timeout, generated) leave the controller as contexts that need a
//   packet-buffer slot: they take the ingress's prefetched event slot (ev_slot_*), are appended to
//   the egress unordered (ord_*) and are routed by the event class table (class_*), pkt_len 0.
// Nothing waits for the controller's initialization but lookups: in_ready_o is low for a context
// with a lookup mode until the table is cleared (STATUS.INIT_DONE).
`default_nettype none
`include "baton_assert.svh"

module baton_flow
  import baton_abi_pkg::*;
  import baton_pkg::*;
  import baton_lookup_pkg::*;
#(
  parameter int unsigned NumTiles       = 4,
  parameter int unsigned BucketsPerBank = 8192,
  parameter int unsigned Ways           = 4,
  parameter int unsigned StashSize      = 8,
  parameter int unsigned NumSlots       = 64,
  parameter int unsigned MaxPerFlow     = 8,
  parameter int unsigned TableLatency   = 2,
  parameter int unsigned StateLatency   = 2,
  parameter int unsigned TimerLatency   = 2,
  parameter int unsigned ScratchWords   = 4096,
  parameter int unsigned PktSlots       = 64,     // packet-buffer slots (handle width)
  parameter int unsigned StackBytes     = 2048,   // per-packet stack (a packetless event's sp)
  localparam int unsigned HandleW       = baton_util_pkg::idx_w(PktSlots)
) (
  input  logic                         clk_i,
  input  logic                         rst_ni,
  input  logic [TimeW-1:0]             now_i,

  input  logic                         in_valid_i,
  output logic                         in_ready_o,
  input  ctx_t                         in_ctx_i,
  input  flow_key_t                    in_key_i,
  input  logic [1:0]                   in_mode_i,

  output logic                         out_valid_o,
  input  logic                         out_ready_i,
  output ctx_t                         out_ctx_o,

  input  logic [NumTiles-1:0]          pull_valid_i,
  output logic [NumTiles-1:0]          pull_ready_o,
  input  lk_pull_t [NumTiles-1:0]      pull_i,
  output logic                         rsp_valid_o,
  output lk_pull_rsp_t                 rsp_o,

  input  logic [NumTiles-1:0]          wb_valid_i,
  output logic [NumTiles-1:0]          wb_ready_o,
  input  lk_wb_t [NumTiles-1:0]        wb_i,

  input  logic [NumTiles-1:0]          cmd_valid_i,
  output logic [NumTiles-1:0]          cmd_ready_o,
  input  lk_fw_cmd_t [NumTiles-1:0]    cmd_i,

  input  logic                         ev_slot_valid_i,
  output logic                         ev_slot_ready_o,
  input  logic [HandleW-1:0]           ev_slot_handle_i,
  output logic                         ord_valid_o,
  input  logic                         ord_ready_i,
  output logic [HandleW-1:0]           ord_handle_o,
  input  logic [63:0]                  class_en_i,
  input  logic [63:0][7:0]             class_part_i,
  input  logic [63:0][14:0]            class_entry_i,
  // Observation: an event without a packet took a slot (handle, event type, flow index)
  output logic                         obs_ev_o,
  output logic [HandleW-1:0]           obs_ev_handle_o,
  output logic [EventW-1:0]            obs_ev_type_o,
  output logic [FlowW-1:0]             obs_ev_flow_o,

  input  logic                         drop_valid_i,
  output logic                         drop_ready_o,
  input  ctx_t                         drop_ctx_i,
  output logic                         drop_valid_o,
  input  logic                         drop_ready_i,

  input  logic                         reg_req_i,
  input  logic                         reg_we_i,
  input  logic [15:0]                  reg_addr_i,
  input  logic [31:0]                  reg_wdata_i,
  input  logic [3:0]                   reg_wstrb_i,
  output logic [31:0]                  reg_rdata_o,
  output logic                         reg_error_o
);

  `ASSERT_INIT(NumTilesLegal_A, NumTiles >= 1 && NumTiles <= 64)
  `ASSERT_INIT(NumSlotsLegal_A, NumSlots >= 2 && NumSlots <= (1 << FsSlotW) &&
                                (NumSlots & (NumSlots - 1)) == 0)
  `ASSERT_INIT(FlowsLegal_A, (2 * BucketsPerBank * Ways + StashSize) <= (1 << FlowW))
  // ctx.flow (the ordering bucket) rides in the 16-bit tag.
  `ASSERT_INIT(TagHoldsBucket_A, LkTagW >= 16)

  // ---- Registers ------------------------------------------------------------------------------
  logic [255:0]      part_layer;
  logic              init_done;
  lk_stats_t         stats;
  logic [31:0]       n_pulls_q, n_wbs_q, n_cmds_q, n_ign_q, n_gens_q, n_evs_q;
  logic [23:0][31:0] counters;
  assign counters = {n_evs_q, n_gens_q, n_ign_q, n_cmds_q, n_wbs_q, n_pulls_q, stats.stash_used, stats.used, stats.cmd_errors,
                     stats.wb_errors, stats.wb_conflicts, stats.dones, stats.dispatched,
                     stats.tmo_stale, stats.tmo_events, stats.tmo_fired, stats.del_misses,
                     stats.deletes, stats.busy, stats.full, stats.misses, stats.inserts,
                     stats.hits, stats.lookups};

  baton_flow_csr u_csr (
    .clk_i        (clk_i),
    .rst_ni       (rst_ni),
    .reg_req_i    (reg_req_i),
    .reg_we_i     (reg_we_i),
    .reg_addr_i   (reg_addr_i),
    .reg_wdata_i  (reg_wdata_i),
    .reg_wstrb_i  (reg_wstrb_i),
    .reg_rdata_o  (reg_rdata_o),
    .reg_error_o  (reg_error_o),
    .part_layer_o (part_layer),
    .init_done_i  (init_done),
    .counters_i   (counters)
  );

  // ---- Input: lookup or pass on ---------------------------------------------------------------
  logic   look, lk_req_valid, lk_req_ready, byp_valid, byp_ready;
  lk_req_t lk_req;
  assign look         = (in_mode_i != 2'd0);
  assign lk_req_valid = in_valid_i && look && init_done;
  assign byp_valid    = in_valid_i && !look;
  assign in_ready_o   = look ? (init_done && lk_req_ready) : byp_ready;

  always_comb begin
    lk_req        = '0;
    lk_req.tag    = LkTagW'(in_ctx_i.flow);
    lk_req.insert = (in_mode_i == 2'd2);
    lk_req.key    = in_key_i;
    lk_req.ctx    = in_ctx_i;
  end

  // ---- The controller -------------------------------------------------------------------------
  logic                  disp_valid, disp_ready, ctl_wb_ready, stage_wb_ready;
  lk_disp_t              disp;
  logic [LkLayers-1:0]   ws_valid;
  lk_ws_t [LkLayers-1:0] ws;
  logic                  wb_valid, wb_go;
  lk_wb_t                wb;
  logic                  dd_q;   // a delete at the end of an event on its way to the controller
  logic                  dd_wait; // a done that will send a delete waits for a timer command to leave
  logic                  unused_spad_req_ready, unused_spad_rsp_valid, unused_res_valid;
  logic                  unused_fire_valid, lk_cmd_valid, lk_cmd_ready, lk_gen_valid, lk_gen_ready;
  lk_cmd_t               lk_cmd;
  lk_gen_t               lk_gen;
  logic [31:0]           unused_spad_rsp;
  lk_res_t               unused_res;
  lk_expiry_t            unused_fire;

  baton_lookup_sys #(
    .BucketsPerBank (BucketsPerBank),
    .Ways           (Ways),
    .StashSize      (StashSize),
    .NumSlots       (NumSlots),
    .MaxPerFlow     (MaxPerFlow),
    .TableLatency   (TableLatency),
    .StateLatency   (StateLatency),
    .TimerLatency   (TimerLatency),
    .ScratchWords   (ScratchWords)
  ) u_lookup (
    .clk_i            (clk_i),
    .rst_ni           (rst_ni),
    .now_i            (now_i),
    .init_done_o      (init_done),
    .req_valid_i      (lk_req_valid),
    .req_ready_o      (lk_req_ready),
    .req_i            (lk_req),
    .cmd_valid_i      (lk_cmd_valid),
    .cmd_ready_o      (lk_cmd_ready),
    .cmd_i            (lk_cmd),
    .gen_valid_i      (lk_gen_valid),
    .gen_ready_o      (lk_gen_ready),
    .gen_i            (lk_gen),
    .disp_valid_o     (disp_valid),
    .disp_ready_i     (disp_ready),
    .disp_o           (disp),
    .ws_valid_o       (ws_valid),
    .ws_ready_i       ('1),
    .ws_o             (ws),
    .wb_valid_i       (wb_go),
    .wb_ready_o       (ctl_wb_ready),
    .wb_i             (wb),
    // The scratchpad is a region of the shared-memory interconnect (baton_smem_xbar).
    .spad_req_valid_i (1'b0),
    .spad_req_ready_o (unused_spad_req_ready),
    .spad_req_i       ('0),
    .spad_rsp_valid_o (unused_spad_rsp_valid),
    .spad_rsp_ready_i (1'b1),
    .spad_rsp_o       (unused_spad_rsp),
    .res_valid_o      (unused_res_valid),
    .res_o            (unused_res),
    .fire_valid_o     (unused_fire_valid),
    .fire_o           (unused_fire),
    .stats_o          (stats)
  );

  // The controller's event as a context: the ordering bucket back from the tag, the status and slot.
  // An event without a packet (timeout, generated) gets the event slot's handle, its class's
  // partition and entry (the controller carries the class in target_part), a stack and pkt_len 0;
  // its flow field is the flow index (it is in no ordering bucket).
  ctx_t       disp_ctx;
  logic       pktless;
  logic [5:0] ev_cls;
  assign pktless = (disp.status == LkTimeout) || (disp.status == LkGenerated);
  assign ev_cls  = disp.ctx.target_part[5:0];
  always_comb begin
    disp_ctx           = disp.ctx;
    disp_ctx.flow      = FlowW'(disp.tag);
    disp_ctx.fs_status = FsStatusW'(disp.status);
    disp_ctx.fs_slot   = lk_holds(4'(disp.status)) ? disp.slot : '0;
    if (pktless) begin
      disp_ctx             = '0;
      disp_ctx.pkt_handle  = PktHandleW'(ev_slot_handle_i);
      disp_ctx.arrival     = disp.ctx.arrival;  // when the timer fired or the event was generated
      disp_ctx.flow        = disp.ctx.flow;
      disp_ctx.event_type  = disp.ctx.event_type;
      disp_ctx.target_part = class_en_i[ev_cls] ? class_part_i[ev_cls] : '0;
      disp_ctx.entry_kind  = EntryIndex;
      disp_ctx.entry       = class_en_i[ev_cls] ? class_entry_i[ev_cls] : '0;
      disp_ctx.sp          = WinStackBase + 32'(StackBytes);
      disp_ctx.fs_status   = FsStatusW'(disp.status);
      disp_ctx.fs_slot     = disp.slot;
    end
  end

  // ---- To the context manager: controller events and passed-on contexts ---------------------------
  // A packetless event is offered once it has a slot; taking it takes the slot and appends the
  // handle to the egress (the append port gives this unit priority, so it is ready).
  logic [1:0] arb_valid, arb_ready;
  ctx_t [1:0] arb_data;
  logic       unused_arb_idx, disp_offer;
  assign disp_offer = disp_valid && (!pktless || (ev_slot_valid_i && ord_ready_i));
  assign arb_valid  = {byp_valid, disp_offer};
  assign arb_data   = {in_ctx_i, disp_ctx};
  assign disp_ready = arb_ready[0];
  assign byp_ready  = arb_ready[1];

  logic ev_take;
  assign ev_take          = disp_valid && disp_ready && pktless;
  assign ev_slot_ready_o  = ev_take;
  assign ord_valid_o      = ev_take;
  assign ord_handle_o     = ev_slot_handle_i;
  assign obs_ev_o         = ev_take;
  assign obs_ev_handle_o  = ev_slot_handle_i;
  assign obs_ev_type_o    = disp.ctx.event_type;
  assign obs_ev_flow_o    = disp.ctx.flow;

  baton_rr_arb #(.N(2), .data_t(ctx_t), .Lock(1'b1)) u_out_arb (
    .clk_i       (clk_i),
    .rst_ni      (rst_ni),
    .req_valid_i (arb_valid),
    .req_ready_o (arb_ready),
    .req_data_i  (arb_data),
    .out_valid_o (out_valid_o),
    .out_ready_i (out_ready_i),
    .out_data_o  (out_ctx_o),
    .out_idx_o   (unused_arb_idx)
  );

  // ---- Dropped contexts that hold their flow end their event ------------------------------------
  logic               dwb_q;
  logic [LkSlotW-1:0] dwb_slot_q;
  logic               drop_holds, drop_take;
  assign drop_holds   = lk_holds(drop_ctx_i.fs_status);
  assign drop_valid_o = drop_valid_i && !dwb_q;
  assign drop_ready_o = drop_ready_i && !dwb_q;
  assign drop_take    = drop_valid_i && drop_ready_o;

  // ---- Write-backs: tiles and the drop path, round robin ------------------------------------------
  logic [NumTiles:0] wsrc_valid, wsrc_ready;
  lk_wb_t [NumTiles:0] wsrc;
  logic              wb_out_ready;
  logic [baton_util_pkg::idx_w(NumTiles + 1)-1:0] unused_wb_idx;
  always_comb begin
    wsrc_valid           = {dwb_q, wb_valid_i};
    wsrc                 = '0;
    wsrc[NumTiles-1:0]   = wb_i;
    wsrc[NumTiles].slot  = dwb_slot_q;
    wsrc[NumTiles].done  = 1'b1;
  end
  assign wb_ready_o   = wsrc_ready[NumTiles-1:0];
  // A write-back is applied (staging and controller together) only in the cycle the arbiter
  // hands it on: a delete still on its way to the controller holds the next one back.
  assign wb_out_ready = stage_wb_ready && ctl_wb_ready && !dd_q && !dd_wait;
  assign wb_go        = wb_valid && wb_out_ready;

  baton_rr_arb #(.N(NumTiles + 1), .data_t(lk_wb_t), .Lock(1'b1)) u_wb_arb (
    .clk_i       (clk_i),
    .rst_ni      (rst_ni),
    .req_valid_i (wsrc_valid),
    .req_ready_o (wsrc_ready),
    .req_data_i  (wsrc),
    .out_valid_o (wb_valid),
    .out_ready_i (wb_out_ready),
    .out_data_o  (wb),
    .out_idx_o   (unused_wb_idx)
  );

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      dwb_q <= 1'b0;
    end else if (drop_take && drop_holds) begin
      dwb_q <= 1'b1;
    end else if (wsrc_ready[NumTiles]) begin
      dwb_q <= 1'b0;
    end
  end
  always_ff @(posedge clk_i) begin
    if (drop_take) dwb_slot_q <= drop_ctx_i.fs_slot;
  end

  // ---- Lookup-window commands --------------------------------------------------------------------
  // Per controller slot: the event's delete mark (with its flow) and its timer class, reset when
  // the controller dispatches a new event in the slot. A tile holds a thread's write-back while it
  // offers a command of the same thread (baton_tile_flow), and a command is applied in the cycle it
  // is taken, so it acts before the done that follows it.
  localparam int unsigned SIdxW = $clog2(NumSlots);
  localparam logic [5:0]  DefTimerClass = 6'(EvTimeout);  // channel group 0, event type timeout

  logic                             c_valid, c_ready;
  lk_fw_cmd_t                       c;
  logic [baton_util_pkg::idx_w(NumTiles)-1:0] unused_cmd_idx;
  logic [NumSlots-1:0]              del_q;
  logic [NumSlots-1:0][FlowW-1:0]   del_flow_q;
  logic [NumSlots-1:0][5:0]         tcls_q;
  logic                             co_q;       // timer command to the controller
  lk_cmd_t                          co_r_q;
  logic [FlowW-1:0]                 dd_flow_q;
  logic                             gf_in_valid, gf_in_ready;
  logic [$clog2(NumSlots + 1)-1:0]  unused_gf_count;
  logic                             unused_gf_full, unused_gf_empty;

  baton_rr_arb #(.N(NumTiles), .data_t(lk_fw_cmd_t), .Lock(1'b1)) u_cmd_arb (
    .clk_i       (clk_i),
    .rst_ni      (rst_ni),
    .req_valid_i (cmd_valid_i),
    .req_ready_o (cmd_ready_o),
    .req_data_i  (cmd_i),
    .out_valid_o (c_valid),
    .out_ready_i (c_ready),
    .out_data_o  (c),
    .out_idx_o   (unused_cmd_idx)
  );

  logic c_timer, c_class, c_del, c_gen, c_take;
  logic wb_del;  // a done write-back that will send a delete is handed on this cycle
  logic [SIdxW-1:0] c_s;
  assign c_s     = SIdxW'(c.slot);
  assign c_timer = c.holds && ((c.word == 3'd2) || (c.word == 3'd3));
  assign c_class = c.holds && (c.word == 3'd4);
  assign c_del   = c.holds && (c.word == 3'd5);
  assign c_gen   = c.holds && (c.word == 3'd6);
  // A timer command needs the command register (free, and no delete on offer: the controller's
  // command channel offers one of the two and holds it until taken), a generated event room in
  // the FIFO.
  assign c_ready = c_timer ? (!co_q && !dd_q && !wb_del) : c_gen ? gf_in_ready : 1'b1;
  assign c_take  = c_valid && c_ready;
  assign gf_in_valid = c_valid && c_gen;

  logic disp_fire_hold;
  logic [SIdxW-1:0] disp_s;
  assign disp_fire_hold = disp_valid && disp_ready && lk_holds(4'(disp.status));
  assign disp_s         = SIdxW'(disp.slot);

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      del_q  <= '0;
      tcls_q <= {NumSlots{DefTimerClass}};
    end else begin
      if (disp_fire_hold) begin
        del_q[disp_s]  <= 1'b0;
        tcls_q[disp_s] <= DefTimerClass;
      end
      if (c_take && c_del)   del_q[c_s]  <= 1'b1;
      if (c_take && c_class) tcls_q[c_s] <= c.value[5:0];
    end
  end
  always_ff @(posedge clk_i) begin
    if (c_take && c_del) del_flow_q[c_s] <= c.flow;
  end

  // Timer commands, one register; the delete of an ending event has priority over it.
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      co_q <= 1'b0;
    end else if (c_take && c_timer) begin
      co_q <= 1'b1;
    end else if (lk_cmd_ready) begin
      co_q <= 1'b0;
    end
  end
  always_ff @(posedge clk_i) begin
    if (c_take && c_timer) begin
      co_r_q         <= '0;
      co_r_q.op      <= (c.word == 3'd2) ? LkCmdTimerSet : LkCmdTimerCancel;
      co_r_q.flow    <= c.flow;
      co_r_q.timeout <= TimeW'(c.value);
      co_r_q.part    <= PartW'(tcls_q[c_s]);
    end
  end

  // A done write-back of a slot marked for delete sends the delete after it.
  logic wb_done_fire;
  logic [SIdxW-1:0] wb_s;
  assign wb_s         = SIdxW'(wb.slot);
  assign dd_wait      = co_q && wb.done && del_q[wb_s];
  assign wb_done_fire = wb_valid && wb_out_ready && wb.done;
  assign wb_del       = wb_done_fire && del_q[wb_s];
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      dd_q <= 1'b0;
    end else if (wb_del) begin
      dd_q <= 1'b1;
    end else if (lk_cmd_ready) begin
      dd_q <= 1'b0;
    end
  end
  always_ff @(posedge clk_i) begin
    if (wb_del) dd_flow_q <= del_flow_q[wb_s];
  end

  always_comb begin
    lk_cmd_valid = dd_q || co_q;  // never both (see c_ready and dd_wait)
    lk_cmd       = co_r_q;
    if (dd_q) begin
      lk_cmd      = '0;
      lk_cmd.op   = LkCmdDelete;
      lk_cmd.flow = dd_flow_q;
    end
  end

  // Generated events wait in a FIFO for a controller slot.
  lk_gen_t gf_in;
  always_comb begin
    gf_in      = '0;
    gf_in.flow = c.flow;
    gf_in.part = PartW'(c.value[5:0]);
  end
  baton_fifo_sync #(.data_t(lk_gen_t), .Depth(NumSlots), .FallThrough(1'b0)) u_gen_fifo (
    .clk_i       (clk_i),
    .rst_ni      (rst_ni),
    .in_valid_i  (gf_in_valid),
    .in_ready_o  (gf_in_ready),
    .in_data_i   (gf_in),
    .out_valid_o (lk_gen_valid),
    .out_ready_i (lk_gen_ready),
    .out_data_o  (lk_gen),
    .count_o     (unused_gf_count),
    .full_o      (unused_gf_full),
    .empty_o     (unused_gf_empty)
  );

  // ---- Workspace staging and pulls -------------------------------------------------------------
  logic     pull_valid;
  lk_pull_t pull;
  logic [baton_util_pkg::idx_w(NumTiles)-1:0] unused_pull_idx;

  baton_rr_arb #(.N(NumTiles), .data_t(lk_pull_t), .Lock(1'b1)) u_pull_arb (
    .clk_i       (clk_i),
    .rst_ni      (rst_ni),
    .req_valid_i (pull_valid_i),
    .req_ready_o (pull_ready_o),
    .req_data_i  (pull_i),
    .out_valid_o (pull_valid),
    .out_ready_i (1'b1),
    .out_data_o  (pull),
    .out_idx_o   (unused_pull_idx)
  );

  // A write-back is taken by the staging and the controller together.
  baton_flow_stage #(
    .NumSlots (NumSlots)
  ) u_stage (
    .clk_i        (clk_i),
    .rst_ni       (rst_ni),
    .part_layer_i (part_layer),
    .ws_valid_i   (ws_valid),
    .ws_i         (ws),
    .wb_valid_i   (wb_go),
    .wb_ready_o   (stage_wb_ready),
    .wb_i         (wb),
    .pull_valid_i (pull_valid),
    .pull_i       (pull),
    .rsp_valid_o  (rsp_valid_o),
    .rsp_o        (rsp_o)
  );

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      n_pulls_q <= '0;
      n_wbs_q   <= '0;
      n_cmds_q  <= '0;
      n_ign_q   <= '0;
      n_gens_q  <= '0;
      n_evs_q   <= '0;
    end else begin
      if (pull_valid) n_pulls_q <= n_pulls_q + 32'd1;
      if (wb_valid && wb_out_ready) n_wbs_q <= n_wbs_q + 32'd1;
      if (c_take) n_cmds_q <= n_cmds_q + 32'd1;
      if (c_take && !c.holds) n_ign_q <= n_ign_q + 32'd1;
      if (c_take && c_gen) n_gens_q <= n_gens_q + 32'd1;
      if (ev_take) n_evs_q <= n_evs_q + 32'd1;
    end
  end

  logic unused;
  assign unused = ^{unused_spad_req_ready, unused_spad_rsp_valid, unused_spad_rsp, unused_res_valid,
                    unused_res, unused_fire_valid, unused_fire, unused_arb_idx,
                    unused_wb_idx, unused_pull_idx, disp.tiles, drop_ctx_i, unused_cmd_idx,
                    unused_gf_count, unused_gf_full, unused_gf_empty, c.value[31:6]};

  `ASSERT_STABLE(OutContract_A, out_valid_o, out_ready_i, out_ctx_o)
  `ASSERT_NEVER(OneCommandOffered_A, dd_q && co_q)
  // A packetless event takes the prefetched slot and appends in the same cycle.
  `ASSERT_NEVER(EvSlotTaken_A, ev_take && !(ev_slot_valid_i && ord_ready_i))

endmodule
