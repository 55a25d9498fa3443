// SPDX-License-Identifier: Apache-2.0
// Baton context manager (PM3-PM7, PM10, PM13; the measurements PM11 uses).
//
// Contexts arrive as migration requests from the tiles over the dedicated context link (one
// valid/ready channel per tile) and as new contexts from the dispatcher. Each is delivered to a
// free hardware thread on a tile that holds its target partition, either directly (bypass, when
// the partition's queue is empty and such a thread is idle) or through the partition's queue in a
// shared context store. docs/cm.md describes the behaviour cycle by cycle, the
// deadlock-freedom argument and the register map; tb/model/cm implements the same behaviour.
//
// Pipeline (one request accepted and one delivery decided per cycle):
//   S0 accept  : round-robin over the tile links and the dispatcher; a migration frees its thread.
//   S1 decide  : drop (no such partition), bypass to a thread, or enqueue in the store.
//   engine     : each cycle picks one non-empty queue that has an eligible thread (round-robin
//                over partitions; queued work goes before a bypass), reserves the thread;
//   IN insert  : (cycle after S1, inside baton_cm_qstore) an enqueued context is linked into its
//                queue from registers, so the late enqueue decision drives one flop;
//   PK         : the pick waits one cycle, so the enqueue of the pick cycle has been written;
//   PP pop     : the head of the picked queue is a table read (each queue is a linked list kept
//                sorted by FIFO stamp or arrival age, baton_cm_qstore) that addresses the store RAM;
//   RD         : loads the context into the tile's two-entry delivery queue.
// Bypass: accepted in c, delivered (valid) in c+2. Queued: thread freed in f, delivered in f+5.
`default_nettype none

`include "baton_assert.svh"

module baton_cm
  import baton_abi_pkg::*;
  import baton_pkg::*;
#(
  parameter int unsigned NumParts       = 16,  // code partitions (queues)
  parameter int unsigned Capacity       = 64,  // contexts the store holds (and admission limit)
  parameter int unsigned NumTiles       = 4,
  parameter int unsigned ThreadsPerTile = 4,
  localparam int unsigned CntW          = $clog2(Capacity + 1)
) (
  input  logic                                   clk_i,
  input  logic                                   rst_ni,

  // Context link: migration requests, one channel per tile (PM3, PM10)
  input  logic     [NumTiles-1:0]                mig_valid_i,
  output logic     [NumTiles-1:0]                mig_ready_o,
  input  mig_req_t [NumTiles-1:0]                mig_req_i,

  // New contexts from the dispatcher
  input  logic                                   disp_valid_i,
  output logic                                   disp_ready_o,
  input  ctx_t                                   disp_ctx_i,

  // A thread let go of its packet without migrating (send, drop, to-host, done); no handshake
  input  logic     [NumTiles-1:0]                free_valid_i,
  input  logic     [NumTiles-1:0][ThreadW-1:0]   free_thread_i,

  // Delivery: per tile, a context and the thread that runs it
  output logic     [NumTiles-1:0]                dlv_valid_o,
  input  logic     [NumTiles-1:0]                dlv_ready_i,
  output ctx_t     [NumTiles-1:0]                dlv_ctx_o,
  output logic     [NumTiles-1:0][ThreadW-1:0]   dlv_thread_o,

  // Contexts that cannot be delivered (migration to a missing partition)
  output logic                                   drop_valid_o,
  input  logic                                   drop_ready_i,
  output ctx_t                                   drop_ctx_o,
  output drop_reason_e                           drop_reason_o,

  // Load requests for partitions that no tile holds (PM13)
  output logic                                   load_valid_o,
  input  logic                                   load_ready_i,
  output logic     [PartW-1:0]                   load_part_o,
  output logic     [NumParts-1:0]                load_requested_o,

  // A queue's oldest entry waited at least the threshold (PM11)
  output logic     [NumParts-1:0]                imbalance_o,

  // For the pager (docs/pager.md): per thread, busy (holds or awaits a context) and the partition
  // of that context; per partition, contexts wait in its queue. One TILES bit set or cleared by
  // hardware (it wins over a register write to the same partition's TILES in the same cycle).
  output logic     [NumTiles-1:0][ThreadsPerTile-1:0]            thr_busy_o,
  output logic     [NumTiles-1:0][ThreadsPerTile-1:0][PartW-1:0] thr_part_o,
  output logic     [NumParts-1:0]                waiting_o,
  input  logic                                   tiles_wr_i,
  input  logic                                   tiles_set_i,
  input  logic     [PartW-1:0]                   tiles_part_i,
  input  logic     [TileW-1:0]                   tiles_tile_i,

  // Register bus (docs/cm.md has the map; baton_axil_regbus wraps it in AXI4-Lite)
  input  logic                                   reg_req_i,
  input  logic                                   reg_we_i,
  input  logic     [15:0]                        reg_addr_i,
  input  logic     [31:0]                        reg_wdata_i,
  input  logic     [3:0]                         reg_wstrb_i,
  output logic     [31:0]                        reg_rdata_o,
  output logic                                   reg_error_o
);

  `ASSERT_INIT(NumPartsLegal_A, NumParts >= 1 && NumParts <= (1 << PartW))
  `ASSERT_INIT(CapacityLegal_A, Capacity >= 2 && Capacity <= 1024)
  `ASSERT_INIT(NumTilesLegal_A, NumTiles >= 1 && NumTiles <= (1 << TileW))
  `ASSERT_INIT(ThreadsPerTileLegal_A, ThreadsPerTile >= 1 && ThreadsPerTile <= (1 << ThreadW))

  localparam int unsigned NumIn    = NumTiles + 1;  // tile links, then the dispatcher
  localparam int unsigned InIdxW   = $clog2(NumIn);
  localparam int unsigned PartIdxW = baton_util_pkg::idx_w(NumParts);
  localparam int unsigned TileIdxW = baton_util_pkg::idx_w(NumTiles);
  localparam int unsigned ThrIdxW  = baton_util_pkg::idx_w(ThreadsPerTile);
  // FIFO stamps are per queue; the live entries of a FIFO queue span fewer than Capacity
  // consecutive stamps, so one bit more than the slot index keeps their comparison wrap-safe.
  localparam int unsigned StampW   = $clog2(Capacity) + 1;
  localparam int unsigned KeyW     = TimeW;
  localparam int unsigned WaitW    = 16;  // cycle counter width for the imbalance threshold
  localparam int unsigned ReqW     = $bits(mig_req_t);
  // Deliveries in flight per tile (decided, not yet taken by the tile): two let the tile's next
  // context wait in the CM while the tile accepts the current one.
  localparam int unsigned OutDepth = 2;
  localparam int unsigned OutCntW  = $clog2(OutDepth + 1);

  // ---- Configuration (CSR block) ---------------------------------------------------------------
  logic [NumParts-1:0][NumTiles-1:0] tile_mask;
  logic [NumParts-1:0]               age_mode_req, absent;
  logic                              bypass_en;
  logic [15:0]                       imb_thresh;

  // ---- State -----------------------------------------------------------------------------------
  logic [NumTiles-1:0][ThreadsPerTile-1:0] busy_q, busy_d;     // thread holds or awaits a context
  logic [NumTiles-1:0][ThreadsPerTile-1:0][PartW-1:0] thr_part_q;  // partition of that context
  logic [NumTiles-1:0][OutCntW-1:0]        out_cnt_q, out_cnt_d;  // deliveries in flight to tile
  logic [NumParts-1:0][CntW-1:0]           avail_q, avail_d;   // waiting (unpicked) entries
  logic [NumParts-1:0][StampW-1:0]         stamp_q, stamp_d;   // next FIFO stamp per queue
  logic [NumParts-1:0]                     mode_q, mode_d;     // effective order: 1 = age
  logic [CntW-1:0]                         inflight_q, inflight_d;
  logic [CntW-1:0]                         stored_q, stored_d;
  // Registered forms of "tile t can take a delivery" and "queue p has waiting entries", computed
  // from the next state (the late delivery and pick select between two precomputed values), so
  // the engine's eligibility starts from flops (TileOkRegistered_A, AvailNonZero_A).
  logic [NumTiles-1:0]                     tile_ok_q, tile_ok_d;
  logic [NumParts-1:0]                     avail_nz_q, avail_nz_d;
  // Round-robin pointers as priority masks (bit i set: i is at or after the pointer; all clear
  // is pointer 0), so the next pointer is a prefix OR of the one-hot grant.
  logic [NumParts-1:0]                     part_pmask_q, part_pmask_d;
  logic [NumTiles-1:0]                     tile_pmask_q, tile_pmask_d;

  // ---- S0: accept one request per cycle --------------------------------------------------------
  logic [NumIn-1:0]          in_valid, in_ready;
  logic [NumIn-1:0][ReqW-1:0] in_data;
  logic                      arb_valid;
  logic [ReqW-1:0]           arb_data_raw;
  mig_req_t                  arb_data;
  logic [InIdxW-1:0]         arb_idx;
  logic                      admit_ok, s0_take, accept, acc_from_thread, acc_new;
  logic                      s1_valid_q, s1_leave;
  ctx_t                      s1_ctx_q;

  // A request that brings a new context into the engine (dispatcher, or a tile request that frees
  // no thread) is admitted only while fewer than Capacity contexts are alive: this keeps room in
  // the store for every migration (docs/cm.md, deadlock freedom).
  assign admit_ok = inflight_q < CntW'(Capacity);

  always_comb begin
    for (int unsigned t = 0; t < NumTiles; t++) begin
      in_valid[t] = mig_valid_i[t] && (mig_req_i[t].from_thread || admit_ok);
      in_data[t]  = mig_req_i[t];
    end
    in_valid[NumTiles]             = disp_valid_i && admit_ok;
    in_data[NumTiles]              = '0;
    in_data[NumTiles][CtxW-1:0]    = disp_ctx_i;
  end

  baton_rr_arb #(
    .N     (NumIn),
    .Width (ReqW),
    .Lock  (0)
  ) u_in_arb (
    .clk_i       (clk_i),
    .rst_ni      (rst_ni),
    .req_valid_i (in_valid),
    .req_ready_o (in_ready),
    .req_data_i  (in_data),
    .out_valid_o (arb_valid),
    .out_ready_i (s0_take),
    .out_data_o  (arb_data_raw),
    .out_idx_o   (arb_idx)
  );

  assign arb_data        = mig_req_t'(arb_data_raw);
  assign mig_ready_o     = in_ready[NumTiles-1:0];
  assign disp_ready_o    = in_ready[NumTiles];
  assign s0_take         = !s1_valid_q || s1_leave;
  assign accept          = arb_valid && s0_take;
  assign acc_from_thread = accept && arb_data.from_thread;
  assign acc_new         = accept && !arb_data.from_thread;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      s1_valid_q <= 1'b0;
    end else if (s0_take) begin
      s1_valid_q <= accept;
    end
  end

  always_ff @(posedge clk_i) begin
    if (accept) s1_ctx_q <= arb_data.ctx;
  end

  // ---- S1: classify ----------------------------------------------------------------------------
  logic [PartW-1:0]    s1_part;
  logic                s1_exists, s1_in_range, s1_drop, s1_enq;
  logic [PartIdxW-1:0] s1_pidx;
  logic                drop_valid_q, drop_load;
  ctx_t                drop_ctx_q;

  assign s1_part     = s1_ctx_q.target_part;
  assign s1_exists   = 32'(s1_part) < NumParts;
  assign s1_pidx     = s1_exists ? s1_part[PartIdxW-1:0] : '0;
  assign s1_in_range = s1_exists && !absent[s1_pidx];
  assign s1_drop     = s1_valid_q && !s1_in_range;
  // Only a drop can stall S1 (its output register is busy); bypass and enqueue always proceed.
  assign s1_leave    = !s1_drop || !drop_valid_q;
  assign drop_load   = s1_drop && !drop_valid_q;

  // ---- Delivery engine ------------------------------------------------------------------------
  // Pick pipeline registers (declared here, driven below).
  logic                pk_valid_q, pp_valid_q, rd_valid_q;
  logic [PartIdxW-1:0] pk_pidx_q, pp_pidx_q, rd_pidx_q;
  logic [NumTiles-1:0]     tile_ok;
  logic [NumParts-1:0]     part_elig;
  logic                    q_valid, s1_byp_ok, do_byp, deliver;
  logic [PartIdxW-1:0]     q_idx, sel_pidx;
  logic [NumParts-1:0]     q_oh;
  logic                    tile_found, thr_found;
  logic [TileIdxW-1:0]     sel_tile;
  logic [ThrIdxW-1:0]      sel_thr;

  // A tile can take a delivery when fewer than OutDepth deliveries are in flight to it and one of
  // its threads is free (registered: tile_ok_q).
  assign tile_ok = tile_ok_q;
  always_comb begin
    for (int unsigned p = 0; p < NumParts; p++) begin
      part_elig[p] = avail_nz_q[p] && |(tile_mask[p] & tile_ok);
    end
  end

  baton_cm_rr_pick #(
    .N (NumParts)
  ) u_part_pick (
    .req_i    (part_elig),
    .mask_i   (part_pmask_q),
    .valid_o  (q_valid),
    .idx_o    (q_idx),
    .onehot_o (q_oh)
  );

  // Queued work goes first (it is older); a bypass uses the engine when no queue can deliver.
  // A bypass also waits while a queued context of its partition is still on its way to a tile,
  // so contexts of a FIFO queue reach the tiles in the order they were accepted.
  logic s1_pick_inflight;
  assign s1_pick_inflight = (pk_valid_q && pk_pidx_q == s1_pidx) ||
                            (pp_valid_q && pp_pidx_q == s1_pidx) ||
                            (rd_valid_q && rd_pidx_q == s1_pidx);
  assign s1_byp_ok = s1_valid_q && s1_in_range && bypass_en && !avail_nz_q[s1_pidx] &&
                     !s1_pick_inflight && |(tile_mask[s1_pidx] & tile_ok);
  assign do_byp    = !q_valid && s1_byp_ok;
  assign deliver   = q_valid || do_byp;
  assign sel_pidx  = q_valid ? q_idx : s1_pidx;
  assign s1_enq    = s1_valid_q && s1_in_range && !do_byp;

  // The tile each partition would get (first ready tile holding it at or after the tile
  // pointer) and each tile's lowest free thread are computed for all partitions and tiles in
  // parallel, from flops, beside the partition pick; the pick (and the bypass candidate) then
  // only selects among them instead of running a tile choice after the pick. The state updates
  // (busy, in-flight counts, pointers, thread partitions) take the choice one-hot: an AND-OR of
  // the one-hot pick with the partitions' one-hot tiles, then the tile's one-hot thread.
  logic [NumParts-1:0][TileIdxW-1:0] part_tile;
  logic [NumParts-1:0][NumTiles-1:0] part_tile_oh;
  logic [NumParts-1:0]               part_tile_found;
  logic [NumTiles-1:0][ThrIdxW-1:0]  tile_thr;
  logic [NumTiles-1:0][ThreadsPerTile-1:0] tile_thr_oh;
  logic [NumTiles-1:0]               tile_thr_found;
  logic                              q_tile_found, b_tile_found, q_thr_found, b_thr_found;
  logic [TileIdxW-1:0]               q_tile, b_tile;
  logic [ThrIdxW-1:0]                q_thr, b_thr;
  logic [NumTiles-1:0]               q_tile_oh, b_tile_oh, dlv_tile_oh;

  for (genvar p = 0; p < NumParts; p++) begin : gen_part_tile
    baton_cm_rr_pick #(
      .N (NumTiles)
    ) u_tile_pick (
      .req_i    (tile_mask[p] & tile_ok),
      .mask_i   (tile_pmask_q),
      .valid_o  (part_tile_found[p]),
      .idx_o    (part_tile[p]),
      .onehot_o (part_tile_oh[p])
    );
  end

  for (genvar t = 0; t < NumTiles; t++) begin : gen_tile_thr
    logic [ThreadsPerTile-1:0] unused_thr_oh, below;
    baton_prio_enc #(
      .Width (ThreadsPerTile),
      .Msb   (0)
    ) u_thr_pick (
      .in_i     (~busy_q[t]),
      .idx_o    (tile_thr[t]),
      .onehot_o (unused_thr_oh),
      .valid_o  (tile_thr_found[t])
    );
    // The same thread one-hot, built directly: free and no free thread below it.
    always_comb begin
      below = '0;
      for (int unsigned h = 1; h < ThreadsPerTile; h++) below[h] = below[h-1] | !busy_q[t][h-1];
      tile_thr_oh[t] = ~busy_q[t] & ~below;
    end
  end

  // One-hot tile of the delivery: the picked partition's tile, else the bypass candidate's.
  always_comb begin
    q_tile_oh = '0;
    for (int unsigned p = 0; p < NumParts; p++) begin
      if (q_oh[p]) q_tile_oh = q_tile_oh | part_tile_oh[p];
    end
  end
  assign b_tile_oh   = part_tile_oh[s1_pidx];
  assign dlv_tile_oh = q_tile_oh | (do_byp ? b_tile_oh : '0);

  assign q_tile       = part_tile[q_idx];
  assign q_tile_found = part_tile_found[q_idx];
  assign b_tile       = part_tile[s1_pidx];
  assign b_tile_found = part_tile_found[s1_pidx];
  assign q_thr        = tile_thr[q_tile];
  assign q_thr_found  = tile_thr_found[q_tile];
  assign b_thr        = tile_thr[b_tile];
  assign b_thr_found  = tile_thr_found[b_tile];

  assign sel_tile   = q_valid ? q_tile : b_tile;
  assign sel_thr    = q_valid ? q_thr : b_thr;
  assign tile_found = q_valid ? q_tile_found : b_tile_found;
  assign thr_found  = q_valid ? q_thr_found : b_thr_found;

  // ---- Context store: one sorted linked list per queue ---------------------------------------------
  // FIFO queues order by a per-queue stamp placed in the key's top bits (their keys only grow, so
  // an insert appends at the tail), age queues by arrival time; one list insert serves both.
  logic [KeyW-1:0]     enq_key;
  logic [CtxW-1:0]     ram_rdata;
  logic [NumParts-1:0] part_old;

  assign enq_key = mode_q[s1_pidx] ? s1_ctx_q.arrival
                                   : {stamp_q[s1_pidx], {(KeyW - StampW){1'b0}}};

  // PP: the head of the picked queue is a table read that addresses the store RAM directly. The
  // store writes an enqueue a cycle after S1 decides it; popping two cycles after the pick (PK,
  // then PP) lets an entry enqueued in the pick cycle take part, as it does in the model.
  logic [TileIdxW-1:0] pk_tile_q, pp_tile_q;
  logic [ThrIdxW-1:0]  pk_thr_q, pp_thr_q;

  baton_cm_qstore #(
    .NumParts (NumParts),
    .Capacity (Capacity),
    .KeyW     (KeyW),
    .DataW    (CtxW),
    .WaitW    (WaitW)
  ) u_qstore (
    .clk_i      (clk_i),
    .rst_ni     (rst_ni),
    .ins_i      (s1_enq),
    .ins_part_i (s1_pidx),
    .ins_key_i  (enq_key),
    .ins_data_i (s1_ctx_q),
    .pop_i      (pp_valid_q),
    .pop_part_i (pp_pidx_q),
    .pop_data_o (ram_rdata),
    .thresh_i   (imb_thresh),
    .old_o      (part_old)
  );

  // ---- RD: into the delivery register ----------------------------------------------------------
  logic [TileIdxW-1:0] rd_tile_q;
  logic [ThrIdxW-1:0]  rd_thr_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      pk_valid_q <= 1'b0;
      pp_valid_q <= 1'b0;
      rd_valid_q <= 1'b0;
    end else begin
      pk_valid_q <= q_valid;
      pp_valid_q <= pk_valid_q;
      rd_valid_q <= pp_valid_q;
    end
  end

  always_ff @(posedge clk_i) begin
    if (q_valid) begin
      pk_pidx_q <= q_idx;
      pk_tile_q <= sel_tile;
      pk_thr_q  <= sel_thr;
    end
    if (pk_valid_q) begin
      pp_pidx_q <= pk_pidx_q;
      pp_tile_q <= pk_tile_q;
      pp_thr_q  <= pk_thr_q;
    end
    if (pp_valid_q) begin
      rd_pidx_q <= pp_pidx_q;
      rd_tile_q <= pp_tile_q;
      rd_thr_q  <= pp_thr_q;
    end
  end

  // Per tile a two-entry delivery queue: the tile's next context waits behind the one it is
  // accepting, so a tile can take a delivery every cycle. Entries leave in the order they were
  // loaded; a queued context (decided earlier) is loaded before a bypass of the same cycle.
  //
  // The payload is written speculatively: every free entry that this cycle's bypass would fill
  // takes S1's context and the tile's lowest free thread (the thread a bypass to this tile gets)
  // whether or not the bypass happens; only the fill count depends on the bypass decision. The
  // entry selects come from registers and the tile's handshake, so the late bypass decision
  // drives two count bits per tile instead of the enables of the context registers. An entry
  // written that way without a bypass lies beyond the fill count and is never offered.
  for (genvar t = 0; t < NumTiles; t++) begin : gen_out
    localparam logic [TileIdxW-1:0] Tile = TileIdxW'(t);
    logic                load_rd, load_byp, hs;
    logic [OutCntW-1:0]  fill_q, fill_d, kept;
    // Entry 0 is offered; entry 1 waits behind it.
    ctx_t                ent0_ctx_q, ent0_ctx_d, ent1_ctx_q, ent1_ctx_d;
    logic [ThrIdxW-1:0]  ent0_thr_q, ent0_thr_d, ent1_thr_q, ent1_thr_d;
    logic [ThrIdxW-1:0]  free_thr;

    assign load_rd  = rd_valid_q && (rd_tile_q == Tile);
    assign load_byp = do_byp && b_tile_oh[t];
    assign hs       = (fill_q != '0) && dlv_ready_i[t];

    // The thread a bypass to this tile is given (b_thr when b_tile is this tile).
    assign free_thr = tile_thr[t];

    // At most OutDepth deliveries are reserved, so a write finds at most one entry kept (and
    // none is written while two are kept); the read of an earlier pick goes in front of this
    // cycle's bypass.
    always_comb begin
      kept = fill_q - OutCntW'(hs);
      if (kept == '0) begin
        ent0_ctx_d = load_rd ? ctx_t'(ram_rdata) : s1_ctx_q;
        ent0_thr_d = load_rd ? rd_thr_q : free_thr;
      end else begin
        ent0_ctx_d = hs ? ent1_ctx_q : ent0_ctx_q;
        ent0_thr_d = hs ? ent1_thr_q : ent0_thr_q;
      end
      if (32'(kept) >= OutDepth) begin
        ent1_ctx_d = ent1_ctx_q;
        ent1_thr_d = ent1_thr_q;
      end else if (kept != '0 && load_rd) begin
        ent1_ctx_d = ctx_t'(ram_rdata);
        ent1_thr_d = rd_thr_q;
      end else begin
        ent1_ctx_d = s1_ctx_q;
        ent1_thr_d = free_thr;
      end
      fill_d = kept + OutCntW'(load_rd) + OutCntW'(load_byp);
    end

    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) begin
        fill_q <= '0;
      end else begin
        fill_q <= fill_d;
      end
    end

    always_ff @(posedge clk_i) begin
      ent0_ctx_q <= ent0_ctx_d;
      ent0_thr_q <= ent0_thr_d;
      ent1_ctx_q <= ent1_ctx_d;
      ent1_thr_q <= ent1_thr_d;
    end

    assign dlv_valid_o[t]  = fill_q != '0;
    assign dlv_ctx_o[t]    = ent0_ctx_q;
    assign dlv_thread_o[t] = ThreadW'(ent0_thr_q);

    `ASSERT(OutNeverOverfills_A, 32'(fill_d) <= OutDepth)
    `ASSERT(OutFullNoLoad_A, 32'(kept) < OutDepth || !(load_rd || load_byp))
    `ASSERT(OutBypassThread_A, !load_byp || free_thr == b_thr)
    `ASSERT(OutFillReserved_A, fill_q <= out_cnt_q[t])
    // A per-tile copy of the payload: sampling the whole output array trips Verilator 5.006.
    logic [CtxW+ThrIdxW-1:0] chk_payload;
    assign chk_payload = {ent0_ctx_q, ent0_thr_q};
    `ASSERT_STABLE(DlvChannel_A, dlv_valid_o[t], dlv_ready_i[t], chk_payload)
    `ASSERT_KNOWN(DlvValidKnown_A, dlv_valid_o[t])
  end

  // ---- Next state: threads, tiles, queues, counters ---------------------------------------------
  logic [TileIdxW-1:0] acc_tile;
  logic [ThrIdxW-1:0]  acc_thr;
  logic [NumTiles-1:0] frees;
  logic [CntW-1:0]     num_frees, inflight_base, stored_base;
  logic [NumParts-1:0] avail_inc, avail_dec;
  logic [NumTiles-1:0][ThreadsPerTile-1:0] busy_clr;
  logic [NumTiles-1:0][OutCntW-1:0]        cnt_kept;
  logic [NumTiles-1:0]                     ok_dlv, ok_nodlv;

  assign acc_tile = TileIdxW'(arb_idx);
  assign acc_thr  = ThrIdxW'(arb_data.src_thread);

  always_comb begin
    // Frees and migrations clear busy threads; a delivery sets a free one (never the same
    // thread: FreeBusyThread_A, MigFromBusyThread_A), so the order does not matter.
    busy_clr = busy_q;
    if (acc_from_thread) busy_clr[acc_tile][acc_thr] = 1'b0;
    for (int unsigned t = 0; t < NumTiles; t++) begin
      if (free_valid_i[t]) busy_clr[t][ThrIdxW'(free_thread_i[t])] = 1'b0;
    end
    for (int unsigned t = 0; t < NumTiles; t++) begin
      busy_d[t] = busy_clr[t] | (dlv_tile_oh[t] ? tile_thr_oh[t] : '0);
    end

    // A tile's in-flight count: the handshake (early) and the delivery (late, one-hot) select
    // among the count, count - 1 and count + 1.
    for (int unsigned t = 0; t < NumTiles; t++) begin
      if (dlv_tile_oh[t] && !(dlv_valid_o[t] && dlv_ready_i[t])) begin
        out_cnt_d[t] = out_cnt_q[t] + 1'b1;
      end else if (!dlv_tile_oh[t] && dlv_valid_o[t] && dlv_ready_i[t]) begin
        out_cnt_d[t] = out_cnt_q[t] - 1'b1;
      end else begin
        out_cnt_d[t] = out_cnt_q[t];
      end
    end

    // Next tile_ok, with and without a delivery to the tile this cycle, from the early terms.
    for (int unsigned t = 0; t < NumTiles; t++) begin
      cnt_kept[t] = out_cnt_q[t] - OutCntW'(dlv_valid_o[t] && dlv_ready_i[t]);
      ok_nodlv[t] = (32'(cnt_kept[t]) < OutDepth) && !(&busy_clr[t]);
      ok_dlv[t]   = (32'(cnt_kept[t]) + 1 < OutDepth) && !(&(busy_clr[t] | tile_thr_oh[t]));
      tile_ok_d[t] = dlv_tile_oh[t] ? ok_dlv[t] : ok_nodlv[t];
    end

    // The enqueue and the pick come late in the cycle: they select among the counts plus and
    // minus one, computed from the flops, instead of feeding an adder.
    stamp_d = stamp_q;
    for (int unsigned p = 0; p < NumParts; p++) begin
      avail_inc[p] = s1_enq && s1_pidx == PartIdxW'(p);
      avail_dec[p] = q_oh[p];
      if (avail_inc[p] && !avail_dec[p]) begin
        avail_d[p]    = avail_q[p] + 1'b1;
        avail_nz_d[p] = 1'b1;
      end else if (avail_dec[p] && !avail_inc[p]) begin
        avail_d[p]    = avail_q[p] - 1'b1;
        avail_nz_d[p] = avail_q[p] != CntW'(1);
      end else begin
        avail_d[p]    = avail_q[p];
        avail_nz_d[p] = avail_nz_q[p];
      end
      if (avail_inc[p]) stamp_d[p] = stamp_q[p] + 1'b1;
    end

    // A queue's order changes only while it has no waiting entry, so its keys never mix.
    mode_d = mode_q;
    for (int unsigned p = 0; p < NumParts; p++) begin
      if (avail_q[p] == '0 && !(s1_enq && s1_pidx == PartIdxW'(p))) mode_d[p] = age_mode_req[p];
    end

    num_frees = '0;
    for (int unsigned t = 0; t < NumTiles; t++) begin
      frees[t]  = free_valid_i[t];
      num_frees = num_frees + CntW'(frees[t]);
    end
    // The accept and the enqueue come late: they select between a count and the count + 1.
    inflight_base = inflight_q - num_frees - CntW'(drop_load);
    inflight_d    = acc_new ? inflight_base + 1'b1 : inflight_base;
    stored_base   = stored_q - CntW'(pp_valid_q);
    stored_d      = s1_enq ? stored_base + 1'b1 : stored_base;

    // Pointers to the grant plus one: the bits above the one-hot grant (none after the last).
    part_pmask_d = part_pmask_q;
    if (q_valid) begin
      part_pmask_d[0] = 1'b0;
      for (int unsigned p = 1; p < NumParts; p++) part_pmask_d[p] = part_pmask_d[p-1] | q_oh[p-1];
    end
    tile_pmask_d = tile_pmask_q;
    if (deliver) begin
      tile_pmask_d[0] = 1'b0;
      for (int unsigned t = 1; t < NumTiles; t++) begin
        tile_pmask_d[t] = tile_pmask_d[t-1] | dlv_tile_oh[t-1];
      end
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      busy_q     <= '0;
      out_cnt_q  <= '0;
      avail_q    <= '0;
      stamp_q    <= '0;
      mode_q     <= '0;
      inflight_q <= '0;
      stored_q   <= '0;
      tile_ok_q  <= '1;
      avail_nz_q <= '0;
      part_pmask_q <= '0;
      tile_pmask_q <= '0;
    end else begin
      busy_q     <= busy_d;
      out_cnt_q  <= out_cnt_d;
      avail_q    <= avail_d;
      stamp_q    <= stamp_d;
      mode_q     <= mode_d;
      inflight_q <= inflight_d;
      stored_q   <= stored_d;
      tile_ok_q  <= tile_ok_d;
      avail_nz_q <= avail_nz_d;
      part_pmask_q <= part_pmask_d;
      tile_pmask_q <= tile_pmask_d;
    end
  end

  // ---- Drop output -----------------------------------------------------------------------------
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      drop_valid_q <= 1'b0;
    end else if (drop_load) begin
      drop_valid_q <= 1'b1;
    end else if (drop_ready_i) begin
      drop_valid_q <= 1'b0;
    end
  end

  always_ff @(posedge clk_i) begin
    if (drop_load) drop_ctx_q <= s1_ctx_q;
  end

  assign drop_valid_o  = drop_valid_q;
  assign drop_ctx_o    = drop_ctx_q;
  assign drop_reason_o = DropNoPartition;

  // ---- Load requests (PM13) and imbalance (PM11) -------------------------------------------------
  logic [NumParts-1:0] requested_q, requested_d, pend_q, pend_d, imb_q, imb_d;
  logic                load_valid_q, load_take, pend_any;
  logic [PartIdxW-1:0] load_idx_q, pend_idx;
  logic [NumParts-1:0] unused_pend_oh;

  baton_prio_enc #(
    .Width (NumParts),
    .Msb   (0)
  ) u_load_pick (
    .in_i     (pend_q),
    .idx_o    (pend_idx),
    .onehot_o (unused_pend_oh),
    .valid_o  (pend_any)
  );

  assign load_take = pend_any && (!load_valid_q || load_ready_i);

  always_comb begin
    for (int unsigned p = 0; p < NumParts; p++) begin
      // Requested while no tile holds the partition and contexts wait for it.
      requested_d[p] = (tile_mask[p] == '0) &&
                       (requested_q[p] || avail_q[p] != '0 ||
                        (s1_enq && s1_pidx == PartIdxW'(p)));
      pend_d[p] = requested_d[p] && (pend_q[p] || !requested_q[p]) &&
                  !(load_take && pend_idx == PartIdxW'(p));
      imb_d[p] = part_old[p];
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      requested_q  <= '0;
      pend_q       <= '0;
      imb_q        <= '0;
      load_valid_q <= 1'b0;
      load_idx_q   <= '0;
    end else begin
      requested_q <= requested_d;
      pend_q      <= pend_d;
      imb_q       <= imb_d;
      if (load_take) begin
        load_valid_q <= 1'b1;
        load_idx_q   <= pend_idx;
      end else if (load_ready_i) begin
        load_valid_q <= 1'b0;
      end
    end
  end

  assign load_valid_o     = load_valid_q;
  assign load_part_o      = PartW'(load_idx_q);
  assign load_requested_o = requested_q;
  assign imbalance_o      = imb_q;

  // ---- CSR block -------------------------------------------------------------------------------
  logic [NumParts-1:0] ev_enq, ev_deq, ev_byp;

  always_comb begin
    ev_enq = '0;
    ev_deq = '0;
    ev_byp = '0;
    if (s1_enq) ev_enq[s1_pidx] = 1'b1;
    ev_deq = q_oh;
    if (do_byp) ev_byp[s1_pidx] = 1'b1;
  end

  baton_cm_csr #(
    .NumParts       (NumParts),
    .Capacity       (Capacity),
    .NumTiles       (NumTiles),
    .ThreadsPerTile (ThreadsPerTile)
  ) u_csr (
    .clk_i            (clk_i),
    .rst_ni           (rst_ni),
    .reg_req_i        (reg_req_i),
    .reg_we_i         (reg_we_i),
    .reg_addr_i       (reg_addr_i),
    .reg_wdata_i      (reg_wdata_i),
    .reg_wstrb_i      (reg_wstrb_i),
    .reg_rdata_o      (reg_rdata_o),
    .reg_error_o      (reg_error_o),
    .tile_mask_o      (tile_mask),
    .age_mode_o       (age_mode_req),
    .absent_o         (absent),
    .bypass_en_o      (bypass_en),
    .imb_thresh_o     (imb_thresh),
    .age_mode_eff_i   (mode_q),
    .load_requested_i (requested_q),
    .imbalance_i      (imb_q),
    .depth_i          (avail_q),
    .inflight_i       (inflight_q),
    .stored_i         (stored_q),
    .busy_i           (busy_q),
    .hw_tiles_wr_i    (tiles_wr_i),
    .hw_tiles_set_i   (tiles_set_i),
    .hw_tiles_part_i  (tiles_part_i),
    .hw_tiles_tile_i  (tiles_tile_i),
    .ev_enq_i         (ev_enq),
    .ev_deq_i         (ev_deq),
    .ev_byp_i         (ev_byp),
    .ev_mig_i         (acc_from_thread),
    .ev_new_i         (acc_new),
    .ev_drop_i        (drop_load),
    .ev_dlv_i         (deliver),
    .ev_admit_stall_i (disp_valid_i && !admit_ok)
  );

  // ---- Pager view ------------------------------------------------------------------------------
  for (genvar t = 0; t < NumTiles; t++) begin : gen_thr_part
    for (genvar h = 0; h < ThreadsPerTile; h++) begin : gen_thr
      always_ff @(posedge clk_i) begin
        if (dlv_tile_oh[t] && tile_thr_oh[t][h]) thr_part_q[t][h] <= PartW'(sel_pidx);
      end
    end
  end
  assign thr_busy_o = busy_q;
  assign thr_part_o = thr_part_q;
  always_comb begin
    for (int unsigned p = 0; p < NumParts; p++) waiting_o[p] = avail_q[p] != '0;
  end

  // ---- Checks ----------------------------------------------------------------------------------
  logic unused_ctx;
  assign unused_ctx = ^{arb_data.src_tile, tile_found, thr_found,
                        arb_data.src_thread};

`ifndef BATON_NO_ASSERT
  logic [CntW:0] busy_count;
  always_comb begin
    busy_count = '0;
    for (int unsigned t = 0; t < NumTiles; t++) begin
      for (int unsigned h = 0; h < ThreadsPerTile; h++) begin
        busy_count = busy_count + (CntW+1)'(busy_q[t][h]);
      end
    end
  end
`endif

  // Deliveries go only to a free thread of a tile that holds the partition and has no delivery
  // in flight.
  `ASSERT(DeliverFindsTile_A, !deliver || (tile_found && thr_found))
  `ASSERT(DeliverFreeThread_A, !deliver || !busy_q[sel_tile][sel_thr])
  `ASSERT(DeliverTileHolds_A, !deliver || tile_mask[sel_pidx][sel_tile])
  `ASSERT(DeliverTileRoom_A, !deliver || 32'(out_cnt_q[sel_tile]) < OutDepth)
  `ASSERT(BypassQueueEmpty_A, !do_byp || avail_q[s1_pidx] == '0)
  // The registered eligibility terms equal their definitions on the current state.
  logic [NumTiles-1:0] chk_tile_ok;
  logic [NumParts-1:0] chk_avail_nz;
  always_comb begin
    for (int unsigned t = 0; t < NumTiles; t++) begin
      chk_tile_ok[t] = (32'(out_cnt_q[t]) < OutDepth) && !(&busy_q[t]);
    end
    for (int unsigned p = 0; p < NumParts; p++) chk_avail_nz[p] = avail_q[p] != '0;
  end
  `ASSERT(TileOkRegistered_A, tile_ok_q == chk_tile_ok)
  `ASSERT(AvailNonZero_A, avail_nz_q == chk_avail_nz)
  // The one-hot choices name the same partition, tile and thread as the encoded ones.
  `ASSERT(PickOneHot_A, q_valid ? q_oh == (NumParts'(1) << q_idx) : q_oh == '0)
  `ASSERT(DeliverTileOneHot_A, deliver ? dlv_tile_oh == (NumTiles'(1) << sel_tile)
                                       : dlv_tile_oh == '0)
  `ASSERT(DeliverThreadOneHot_A, !deliver ||
          tile_thr_oh[sel_tile] == (ThreadsPerTile'(1) << sel_thr))
  // The store: a slot is handed out only when free, never overfills, and a pick finds its head.
  `ASSERT(StoredNeverAboveCap_A, stored_q <= CntW'(Capacity))
  // Deadlock freedom: every live context is in S1, the store or a thread, and there are never
  // more than Capacity of them.
  `ASSERT(InflightNeverAboveCap_A, inflight_q <= CntW'(Capacity))
  // A picked context counts both as stored and on its (reserved) thread until it is popped.
  `ASSERT(InflightAccounted_A, 32'(inflight_q) + 32'(pk_valid_q) + 32'(pp_valid_q) ==
          32'(s1_valid_q) + 32'(stored_q) + 32'(busy_count))
  // Protocol of the tiles: a migration or free names a busy thread of that tile.
  `ASSERT(MigFromBusyThread_A, !acc_from_thread ||
          (32'(arb_data.src_thread) < ThreadsPerTile && busy_q[acc_tile][acc_thr]))
  `ASSERT(MigSrcTileMatches_A, !accept || 32'(arb_idx) == NumTiles ||
          32'(arb_data.src_tile) == 32'(arb_idx))
  for (genvar t = 0; t < NumTiles; t++) begin : gen_free_chk
    localparam logic [TileIdxW-1:0] Tile = TileIdxW'(t);
    `ASSERT(FreeBusyThread_A, !free_valid_i[t] || (32'(free_thread_i[t]) < ThreadsPerTile &&
            busy_q[t][ThrIdxW'(free_thread_i[t])]))
    `ASSERT_NEVER(FreeAndMigrate_A, free_valid_i[t] && acc_from_thread &&
                  acc_tile == Tile && acc_thr == ThrIdxW'(free_thread_i[t]))
  end
  `ASSERT_STABLE(DropChannel_A, drop_valid_o, drop_ready_i, drop_ctx_o)
  `ASSERT_STABLE(LoadChannel_A, load_valid_o, load_ready_i, load_part_o)
  `ASSERT_KNOWN(DropValidKnown_A, drop_valid_o)
  `ASSERT_KNOWN(LoadValidKnown_A, load_valid_o)

endmodule
