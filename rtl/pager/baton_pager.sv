// SPDX-License-Identifier: Apache-2.0
// Pager: loads code partitions from the code store into the tiles' instruction memories and
// evicts them (PM2, PM13, PM14; docs/pager.md).
//
// The code store is a RAM of partition descriptors, pages and entry pcs (layout in
// abi/baton_abi.toml [loader.code_store]), written through the engine's loader port before
// traffic. The pager serves one request at a time, from a register command (load or evict a
// partition on a tile or on every tile its placement mask allows) or from the context manager's
// load channel (a context waits for a partition no tile holds). A load picks the allowed tile
// with room (else the one with the most free page slots), evicts the least recently used
// partitions there until the partition fits, copies its pages word by word into free page slots
// through the tile's loader port, writes its partition-table words and partition slot, and only
// then sets the partition's tile bit in the context manager. An eviction first clears the tile
// bit, waits until no thread of the tile holds or awaits a context of the partition, then frees
// its partition slot and page slots. A victim is resident on the tile, not pinned, not the
// partition being loaded, not in use on the tile, and not the only copy of a partition with
// waiting contexts; with none, the load waits (VICTIM_WAIT) and looks again.
//
// The tiles keep running threads of other partitions while a load writes their IMEM (the IMEM
// has a write port of its own) and partition table: the pager only writes slots that no
// delivery can reach.
`default_nettype none

`include "baton_assert.svh"

module baton_pager
  import baton_abi_pkg::*;
  import baton_pkg::*;
#(
  parameter int unsigned NumTiles       = 4,
  parameter int unsigned ThreadsPerTile = 4,
  parameter int unsigned NumParts       = 16,
  parameter int unsigned ImemBytes      = 16384,
  parameter int unsigned PageBytes      = 1024,
  parameter int unsigned PartSlots      = 8,
  parameter int unsigned PtabWords      = 128,
  parameter int unsigned StoreBytes     = 32768,
  localparam int unsigned StoreWords    = StoreBytes / 4,
  localparam int unsigned StoreAw       = $clog2(StoreWords),
  localparam int unsigned LdAddrW       = 24
) (
  input  logic                                                clk_i,
  input  logic                                                rst_ni,

  // Code-store writes (the engine's loader port, before traffic)
  input  logic                                                cs_wr_i,
  input  logic [StoreAw-1:0]                                  cs_word_i,
  input  logic [31:0]                                         cs_wdata_i,

  // The context manager's load channel and the state the victim choice needs
  input  logic                                                load_valid_i,
  output logic                                                load_ready_o,
  input  logic [PartW-1:0]                                    load_part_i,
  input  logic [NumTiles-1:0][ThreadsPerTile-1:0]             thr_busy_i,
  input  logic [NumTiles-1:0][ThreadsPerTile-1:0][PartW-1:0]  thr_part_i,
  input  logic [NumParts-1:0]                                 waiting_i,
  input  logic [NumParts-1:0]                                 imbalance_i,

  // One tile bit of the context manager's TILES (set or clear)
  output logic                                                tiles_wr_o,
  output logic                                                tiles_set_o,
  output logic [PartW-1:0]                                    tiles_part_o,
  output logic [TileW-1:0]                                    tiles_tile_o,

  // Deliveries to the tiles (for the least-recently-used order)
  input  logic [NumTiles-1:0]                                 dlv_i,
  input  logic [NumTiles-1:0][PartW-1:0]                      dlv_part_i,

  // The tiles' loader ports (always ready)
  output logic [NumTiles-1:0]                                 tl_valid_o,
  output logic [1:0]                                          tl_kind_o,
  output logic [LdAddrW-1:0]                                  tl_addr_o,
  output logic [31:0]                                         tl_data_o,

  output logic                                                busy_o,

  // Register bus
  input  logic                                                reg_req_i,
  input  logic                                                reg_we_i,
  input  logic [15:0]                                         reg_addr_i,
  input  logic [31:0]                                         reg_wdata_i,
  input  logic [3:0]                                          reg_wstrb_i,
  output logic [31:0]                                         reg_rdata_o,
  output logic                                                reg_error_o
);

  localparam int unsigned PageSlots   = ImemBytes / PageBytes;
  localparam int unsigned PageWords   = PageBytes / 4;
  localparam int unsigned PageBits    = $clog2(PageBytes);
  localparam int unsigned SlotEntries = (PtabWords - LdPtabWordsPerSlot * PartSlots) / PartSlots;
  localparam int unsigned TileIdxW    = baton_util_pkg::idx_w(NumTiles);
  localparam int unsigned PartIdxW    = baton_util_pkg::idx_w(NumParts);
  localparam int unsigned PgIdxW      = baton_util_pkg::idx_w(PageSlots);
  localparam int unsigned PsIdxW      = baton_util_pkg::idx_w(PartSlots);
  localparam int unsigned PgCntW      = $clog2(PageSlots + 1);
  localparam int unsigned ScanW       = 9;  // scans over tiles (<= 64), partitions (<= 256), slots
  localparam int unsigned DrainCycles = 2;

  `ASSERT_INIT(NumTilesLegal_A, NumTiles >= 1 && NumTiles <= 64)
  `ASSERT_INIT(ThreadsLegal_A, ThreadsPerTile >= 1 && ThreadsPerTile <= 8)
  `ASSERT_INIT(NumPartsLegal_A, NumParts >= 1 && NumParts <= 256)
  `ASSERT_INIT(PagesLegal_A, PageBytes >= 64 && (PageBytes & (PageBytes - 1)) == 0 &&
                             ImemBytes % PageBytes == 0 && PageSlots >= 1 && PageSlots <= 255)
  `ASSERT_INIT(PtabLegal_A, PartSlots >= 1 && PartSlots <= 64 && SlotEntries >= 1 &&
                            SlotEntries <= 255)
  `ASSERT_INIT(StoreLegal_A, StoreBytes >= 4 * LdCsDescWords * NumParts &&
                             (StoreBytes & (StoreBytes - 1)) == 0 && StoreAw <= 30)
  `ASSERT_INIT(AddrLegal_A, 32'(ImemBytes / 4) <= (32'd1 << LdAddrW))

  // ---- Registers -----------------------------------------------------------------------------------
  logic       demand_en, rebal_en, spread_en, cmd_valid, cmd_take;
  logic [31:0] holdoff;
  logic       ev_rebal;
  logic [7:0] cmd_part, cmd_tile;
  logic [1:0] cmd_op;
  logic       ev_load, ev_evict, ev_page, ev_fault, ev_vwait, ev_error;
  logic [7:0] err_code;
  logic [31:0] fault_cycles;

  baton_pager_csr #(
    .StoreWords  (StoreWords),
    .PageSlots   (PageSlots),
    .PartSlots   (PartSlots),
    .SlotEntries (SlotEntries)
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
    .demand_en_o      (demand_en),
    .rebal_en_o       (rebal_en),
    .spread_en_o      (spread_en),
    .holdoff_o        (holdoff),
    .cmd_valid_o      (cmd_valid),
    .cmd_take_i       (cmd_take),
    .cmd_part_o       (cmd_part),
    .cmd_tile_o       (cmd_tile),
    .cmd_op_o         (cmd_op),
    .busy_i           (busy_o),
    .ev_load_i        (ev_load),
    .ev_evict_i       (ev_evict),
    .ev_page_i        (ev_page),
    .ev_fault_i       (ev_fault),
    .fault_cycles_i   (fault_cycles),
    .ev_victim_wait_i (ev_vwait),
    .ev_error_i       (ev_error),
    .ev_rebal_i       (ev_rebal),
    .error_code_i     (err_code)
  );

  // ---- Code store ----------------------------------------------------------------------------------
  logic               cs_rd;
  logic [StoreAw-1:0] cs_raddr;
  logic [31:0]        cs_rdata, unused_cs_a_rdata;

  baton_ram_2p #(
    .Width (32),
    .Depth (StoreWords)
  ) u_store (
    .clk_i     (clk_i),
    .a_req_i   (cs_wr_i),
    .a_we_i    (1'b1),
    .a_addr_i  (cs_word_i),
    .a_wdata_i (cs_wdata_i),
    .a_be_i    (1'b1),
    .a_rdata_o (unused_cs_a_rdata),
    .b_req_i   (cs_rd),
    .b_we_i    (1'b0),
    .b_addr_i  (cs_raddr),
    .b_wdata_i ('0),
    .b_be_i    (1'b1),
    .b_rdata_o (cs_rdata)
  );

  // ---- Residency bookkeeping (the pager's view; the CM's TILES follow it) -------------------------
  logic [NumParts-1:0][NumTiles-1:0]                res_q;        // partition on tile
  logic [NumParts-1:0]                              pinned_q;
  logic [NumTiles-1:0][PageSlots-1:0]               pg_v_q;       // page slot used
  logic [NumTiles-1:0][PageSlots-1:0][PartW-1:0]    pg_p_q;       // by which partition
  logic [NumTiles-1:0][PartSlots-1:0]               ps_v_q;       // partition slot used
  logic [NumTiles-1:0][PartSlots-1:0][PartW-1:0]    ps_p_q;

  // ---- Least-recently-used stamps: per tile, the cycle of the last delivery (or load) -----------
  logic [31:0]                now_q;
  logic                       st_rd, st_wr;
  logic [PartIdxW-1:0]        st_addr;
  logic [NumTiles-1:0][31:0]  st_rdata;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) now_q <= '0;
    else         now_q <= now_q + 32'd1;
  end

  // ---- Request and state ------------------------------------------------------------------------
  typedef enum logic [4:0] {
    StIdle, StDesc, StCheck, StPick, StPickEnd, StRoom, StVscan, StVwait, StEvClear, StEvDrain,
    StEvPslot, StEvPages, StCopy, StMap, StPtab, StEntries, StPslot, StPublish, StNext
  } state_e;

  localparam logic [1:0] OpLoad  = 2'd1;
  localparam logic [1:0] OpEvict = 2'd2;

  state_e              st_q, st_d;
  logic [PartW-1:0]    rq_part_q;
  logic [7:0]          rq_tile_q;
  logic                rq_evict_q, rq_demand_q, rq_bad_op_q, rq_rebal_q;
  logic [31:0]         rq_start_q;
  logic [ScanW-1:0]    cnt_q;        // word, descriptor, scan or drain counter
  logic [15:0]         page_q;       // page of the partition being copied
  // Descriptor
  logic [31:0]         d_flags_q, d_base_q, d_end_q, d_pages_q, d_count_q, d_entries_q;
  logic [63:0]         d_tiles_q;
  // Chosen tile and slots
  logic [TileIdxW-1:0] tile_q, best_tile_q;
  logic                best_found_q;
  logic [PgCntW:0]     best_score_q;
  logic [PgIdxW-1:0]   pslot_pg_q;   // page slot being filled
  logic [PsIdxW-1:0]   pslot_q;      // partition slot of the load
  logic [PartW-1:0]    victim_q;
  logic                victim_found_q;
  logic [31:0]         victim_age_q;
  logic [TileIdxW-1:0] tile_ptr_q;

  // Registered tile write: from the store (word read the cycle before) or an immediate value.
  logic                tw_valid_q, tw_store_q;
  logic [TileIdxW-1:0] tw_tile_q;
  logic [1:0]          tw_kind_q;
  logic [LdAddrW-1:0]  tw_addr_q;
  logic [31:0]         tw_data_q;

  logic                tw_valid_d, tw_store_d;
  logic [1:0]          tw_kind_d;
  logic [LdAddrW-1:0]  tw_addr_d;
  logic [31:0]         tw_data_d;

  // ---- Derived values ------------------------------------------------------------------------------
  logic                d_valid, d_pinned;
  logic [15:0]         d_npages;
  logic [NumTiles-1:0] d_place;
  assign d_valid  = d_flags_q[LdCsDescValidBit];
  assign d_pinned = d_flags_q[LdCsDescPinnedBit];
  assign d_npages = d_flags_q[15:0];
  always_comb begin
    for (int unsigned t = 0; t < NumTiles; t++) d_place[t] = d_tiles_q[t];
  end

  logic [PartIdxW-1:0] rq_pidx;
  assign rq_pidx = PartIdxW'(rq_part_q);

  // Tiles the request may act on: a load, the allowed tiles without the partition; an eviction,
  // the tiles holding it. cmd TILE 255 means every such tile, another value that tile only.
  logic [NumTiles-1:0] sel_mask, cand;
  always_comb begin
    for (int unsigned t = 0; t < NumTiles; t++) begin
      sel_mask[t] = (rq_tile_q == 8'hff) || (32'(rq_tile_q) == t);
    end
    cand = rq_evict_q ? (res_q[rq_pidx] & sel_mask) : (d_place & ~res_q[rq_pidx] & sel_mask);
  end

  // Candidate tiles whose victim scan found nothing since the last wait: with CTRL.SPREAD the next
  // tile choice skips them, so a load waits (StVwait) only after every candidate was scanned.
  logic [NumTiles-1:0] tried_q, pick_cand, untried_other;
  always_comb begin
    pick_cand              = cand & ~tried_q;
    untried_other          = pick_cand;
    untried_other[tile_q]  = 1'b0;
  end

  // Free page and partition slots of the scanned / chosen tile.
  function automatic logic [PgCntW-1:0] free_pages(logic [PageSlots-1:0] used);
    free_pages = '0;
    for (int unsigned k = 0; k < PageSlots; k++) free_pages += PgCntW'(!used[k]);
  endfunction

  logic [TileIdxW-1:0] scan_tile;
  logic [PgCntW-1:0]   scan_free;
  logic                scan_room;
  logic [PgCntW:0]     scan_score;
  logic                room;
  logic [PgIdxW-1:0]   free_pg;
  logic                free_pg_found;
  logic [PsIdxW-1:0]   free_ps;
  logic                free_ps_found;

  always_comb begin
    scan_tile  = TileIdxW'((32'(tile_ptr_q) + 32'(cnt_q)) % NumTiles);
    scan_free  = free_pages(pg_v_q[scan_tile]);
    scan_room  = (32'(scan_free) >= 32'(d_npages)) && !(&ps_v_q[scan_tile]);
    scan_score = {scan_room, scan_free};
    room       = (32'(free_pages(pg_v_q[tile_q])) >= 32'(d_npages)) && !(&ps_v_q[tile_q]);
    free_pg       = '0;
    free_pg_found = 1'b0;
    for (int k = PageSlots - 1; k >= 0; k--) begin
      if (!pg_v_q[tile_q][k]) begin
        free_pg       = PgIdxW'(k);
        free_pg_found = 1'b1;
      end
    end
    free_ps       = '0;
    free_ps_found = 1'b0;
    for (int s = PartSlots - 1; s >= 0; s--) begin
      if (!ps_v_q[tile_q][s]) begin
        free_ps       = PsIdxW'(s);
        free_ps_found = 1'b1;
      end
    end
  end

  // In use: a thread of the chosen tile holds or awaits a context of partition q.
  function automatic logic in_use(logic [ThreadsPerTile-1:0] busy,
                                  logic [ThreadsPerTile-1:0][PartW-1:0] part, logic [PartW-1:0] q);
    in_use = 1'b0;
    for (int unsigned h = 0; h < ThreadsPerTile; h++) in_use |= busy[h] && (part[h] == q);
  endfunction

  // Victim scan: stamps are read one cycle after the address, so the candidate is cnt_q - 1.
  logic [PartW-1:0]    vcand;
  logic [PartIdxW-1:0] vcand_idx;
  logic                vcand_ok;
  logic [31:0]         vcand_age;
  logic [NumTiles-1:0] tile_oh;
  always_comb begin
    tile_oh   = '0;
    tile_oh[tile_q] = 1'b1;
    vcand     = PartW'(cnt_q - ScanW'(1));
    vcand_idx = PartIdxW'(vcand);
    vcand_age = now_q - st_rdata[tile_q];
    vcand_ok  = (cnt_q != '0) && (32'(vcand) < NumParts) && res_q[vcand_idx][tile_q] &&
                !pinned_q[vcand_idx] && (vcand != rq_part_q) &&
                !in_use(thr_busy_i[tile_q], thr_part_i[tile_q], vcand) &&
                !(waiting_i[vcand_idx] && ((res_q[vcand_idx] & ~tile_oh) == '0)) &&
                (!rq_rebal_q || vcand_age >= holdoff);
  end

  // Partition slot of the victim being evicted on the chosen tile.
  logic [PsIdxW-1:0] ev_ps;
  always_comb begin
    ev_ps = '0;
    for (int unsigned s = 0; s < PartSlots; s++) begin
      if (ps_v_q[tile_q][s] && ps_p_q[tile_q][s] == victim_q) ev_ps = PsIdxW'(s);
    end
  end

  logic [PartIdxW-1:0] victim_idx;
  assign victim_idx = PartIdxW'(victim_q);

  logic last_page;  // the page being copied is the partition's last
  assign last_page = 32'(page_q) + 1 == 32'(d_npages);

  logic [31:0] entry_base;
  assign entry_base = LdPtabWordsPerSlot * PartSlots + 32'(pslot_q) * SlotEntries;

  // ---- Next state ----------------------------------------------------------------------------------
  // Rebalancing candidate: an imbalanced partition that some tile holds but not every tile (the
  // descriptor's placement decides later whether one more tile may take it), the first from a
  // rotating pointer; one attempt per hold-off.
  logic [PartIdxW-1:0] rb_ptr_q, rb_idx;
  logic                rb_found;
  logic [31:0]         rb_hold_q;
  logic [PartIdxW-1:0] rb_p;
  always_comb begin
    rb_idx   = '0;
    rb_found = 1'b0;
    rb_p     = '0;
    for (int unsigned k = 0; k < NumParts; k++) begin
      rb_p = PartIdxW'((32'(rb_ptr_q) + k) % NumParts);
      if (!rb_found && imbalance_i[rb_p] && res_q[rb_p] != '0 && !(&res_q[rb_p])) begin
        rb_idx   = rb_p;
        rb_found = 1'b1;
      end
    end
  end

  logic take_cmd, take_load, take_rebal;
  assign take_cmd     = (st_q == StIdle) && cmd_valid;
  assign take_load    = (st_q == StIdle) && !cmd_valid && demand_en && load_valid_i;
  assign take_rebal   = (st_q == StIdle) && !cmd_valid && !(demand_en && load_valid_i) && rebal_en &&
                        rb_found && rb_hold_q == '0;
  assign cmd_take     = take_cmd;
  assign load_ready_o = (st_q == StIdle) && !cmd_valid && demand_en;
  assign busy_o       = (st_q != StIdle);

  logic                err;
  logic [7:0]          err_code_d;

  always_comb begin
    st_d        = st_q;
    cs_rd       = 1'b0;
    cs_raddr    = '0;
    tw_valid_d  = 1'b0;
    tw_store_d  = 1'b0;
    tw_kind_d   = LdKindImem;
    tw_addr_d   = '0;
    tw_data_d   = '0;
    tiles_wr_o  = 1'b0;
    tiles_set_o = 1'b0;
    tiles_part_o = rq_part_q;
    tiles_tile_o = TileW'(tile_q);
    st_rd       = 1'b0;
    st_wr       = 1'b0;
    st_addr     = vcand_idx;
    err         = 1'b0;
    err_code_d  = '0;
    ev_load     = 1'b0;
    ev_evict    = 1'b0;
    ev_page     = 1'b0;
    ev_fault    = 1'b0;
    ev_vwait    = 1'b0;
    ev_rebal    = 1'b0;
    unique case (st_q)
      StIdle: begin
        if (take_cmd || take_load || take_rebal) st_d = StDesc;
      end
      // Words 0..7 of the descriptor, read in cycles 0..7 and captured one cycle later.
      StDesc: begin
        cs_rd    = (32'(cnt_q) < LdCsDescWords);
        cs_raddr = StoreAw'(32'(rq_part_q) * LdCsDescWords + 32'(cnt_q));
        if (32'(cnt_q) == LdCsDescWords) st_d = StCheck;
      end
      StCheck: begin
        if (rq_bad_op_q) begin
          err = 1'b1; err_code_d = 8'd6; st_d = StIdle;
        end else if (32'(rq_part_q) >= NumParts || !d_valid) begin
          err = 1'b1; err_code_d = 8'd1; st_d = StIdle;
        end else if (!rq_evict_q && (d_npages == '0 || 32'(d_npages) > PageSlots ||
                                     d_count_q > SlotEntries)) begin
          err = 1'b1; err_code_d = 8'd2; st_d = StIdle;
        end else if (rq_demand_q && res_q[rq_pidx] != '0) begin
          // A command loaded it since the request was raised: nothing to do.
          st_d = StIdle;
        end else if (rq_evict_q && (d_pinned || cand == '0)) begin
          err = 1'b1; err_code_d = 8'd5; st_d = StIdle;
        end else if (cand == '0) begin
          // Nothing to do: a load on every allowed tile that already holds it is done; a load
          // that no tile may take is an error.
          if ((d_place & sel_mask) == '0) begin
            err = 1'b1; err_code_d = 8'd3;
          end
          st_d = StIdle;
        end else begin
          st_d = StPick;
        end
      end
      // Over the candidate tiles from the rotating pointer: the first with room, else the one
      // with the most free page slots (ties: the first).
      StPick: begin
        if (32'(cnt_q) == NumTiles - 1) st_d = StPickEnd;
      end
      StPickEnd: begin
        st_d = rq_evict_q ? StEvClear : StRoom;
      end
      StRoom: begin
        st_d = room ? StCopy : StVscan;
      end
      StVscan: begin
        st_rd   = 1'b1;
        st_addr = PartIdxW'(cnt_q);
        if (32'(cnt_q) == NumParts) begin
          // A rebalancing load without a cold victim is given up, not waited for; a load tries
          // the other candidate tiles before it waits.
          if (victim_found_q || vcand_ok) begin
            st_d = StEvClear;
          end else if (rq_rebal_q) begin
            st_d = StIdle;
          end else if (spread_en && untried_other != '0) begin
            st_d = StPick;
          end else begin
            st_d = StVwait;
          end
        end
      end
      StVwait: begin
        ev_vwait = 1'b1;
        if (cnt_q == ScanW'(15)) st_d = StPick;
      end
      StEvClear: begin
        tiles_wr_o   = 1'b1;
        tiles_set_o  = 1'b0;
        tiles_part_o = victim_q;
        st_d         = StEvDrain;
      end
      StEvDrain: begin
        if (32'(cnt_q) >= DrainCycles &&
            !in_use(thr_busy_i[tile_q], thr_part_i[tile_q], victim_q)) begin
          st_d = StEvPslot;
        end
      end
      StEvPslot: begin
        tw_valid_d = 1'b1;
        tw_kind_d  = LdKindPartSlot;
        tw_addr_d  = LdAddrW'(ev_ps);
        tw_data_d  = '0;
        st_d       = StEvPages;
      end
      StEvPages: begin
        if (pg_v_q[tile_q][PgIdxW'(cnt_q)] && pg_p_q[tile_q][PgIdxW'(cnt_q)] == victim_q) begin
          tw_valid_d = 1'b1;
          tw_kind_d  = LdKindPageSlot;
          tw_addr_d  = LdAddrW'(cnt_q);
          tw_data_d  = '0;
        end
        if (32'(cnt_q) == PageSlots - 1) begin
          ev_evict = 1'b1;
          // An eviction command goes on with the next tile; a load looks at the room again.
          st_d     = rq_evict_q ? StNext : StRoom;
        end
      end
      // One page: word cnt_q is read from the store now and written to the tile next cycle.
      StCopy: begin
        cs_rd      = 1'b1;
        cs_raddr   = StoreAw'(d_pages_q + 32'(page_q) * PageWords + 32'(cnt_q));
        tw_valid_d = 1'b1;
        tw_store_d = 1'b1;
        tw_kind_d  = LdKindImem;
        tw_addr_d  = LdAddrW'(32'(pslot_pg_q) * PageWords + 32'(cnt_q));
        if (32'(cnt_q) == PageWords - 1) st_d = StMap;
      end
      StMap: begin
        tw_valid_d = 1'b1;
        tw_kind_d  = LdKindPageSlot;
        tw_addr_d  = LdAddrW'(pslot_pg_q);
        tw_data_d  = (32'd1 << LdSlotValidBit) | ((d_base_q >> PageBits) + 32'(page_q));
        ev_page    = 1'b1;
        st_d       = last_page ? StPtab : StCopy;
      end
      StPtab: begin
        tw_valid_d = 1'b1;
        tw_kind_d  = LdKindPtab;
        tw_addr_d  = LdAddrW'(LdPtabWordsPerSlot * 32'(pslot_q) + 32'(cnt_q));
        unique case (32'(cnt_q))
          LdPtabWordBase: tw_data_d = d_base_q;
          LdPtabWordEnd:  tw_data_d = d_end_q;
          default:        tw_data_d = (d_count_q << LdPtabEntryCountLsb) | entry_base;
        endcase
        if (32'(cnt_q) == LdPtabWordEntries) st_d = (d_count_q == '0) ? StPslot : StEntries;
      end
      StEntries: begin
        cs_rd      = 1'b1;
        cs_raddr   = StoreAw'(d_entries_q + 32'(cnt_q));
        tw_valid_d = 1'b1;
        tw_store_d = 1'b1;
        tw_kind_d  = LdKindPtab;
        tw_addr_d  = LdAddrW'(entry_base + 32'(cnt_q));
        if (32'(cnt_q) + 1 == d_count_q) st_d = StPslot;
      end
      StPslot: begin
        tw_valid_d = 1'b1;
        tw_kind_d  = LdKindPartSlot;
        tw_addr_d  = LdAddrW'(pslot_q);
        tw_data_d  = (32'd1 << LdSlotValidBit) | 32'(rq_part_q);
        st_d       = StPublish;
      end
      // The tile has every word (the registered write of StPslot lands this cycle): publish.
      StPublish: begin
        tiles_wr_o  = 1'b1;
        tiles_set_o = 1'b1;
        st_wr       = 1'b1;
        st_addr     = rq_pidx;
        ev_load     = 1'b1;
        ev_fault    = rq_demand_q;
        ev_rebal    = rq_rebal_q;
        st_d        = StNext;
      end
      // A request for every allowed tile goes on while a candidate is left; a page fault is
      // served by one tile.
      StNext: begin
        st_d = (!rq_demand_q && !rq_rebal_q && rq_tile_q == 8'hff && cand != '0) ? StPick : StIdle;
      end
      default: st_d = StIdle;
    endcase
  end

  assign ev_error     = err;
  assign err_code     = err_code_d;
  assign fault_cycles = now_q - rq_start_q;

  // ---- Sequential ----------------------------------------------------------------------------------
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      st_q           <= StIdle;
      cnt_q          <= '0;
      tile_ptr_q     <= '0;
      tw_valid_q     <= 1'b0;
      rb_ptr_q       <= '0;
      rb_hold_q      <= '0;
      res_q          <= '0;
      pinned_q       <= '0;
      pg_v_q         <= '0;
      ps_v_q         <= '0;
      tried_q        <= '0;
    end else begin
      st_q       <= st_d;
      if (st_q == StCheck || st_q == StVwait || st_q == StNext) begin
        tried_q <= '0;
      end else if (st_q == StVscan && st_d == StPick) begin
        tried_q[tile_q] <= 1'b1;
      end
      tw_valid_q <= tw_valid_d;
      if (take_rebal) begin
        rb_hold_q <= holdoff;
        rb_ptr_q  <= PartIdxW'((32'(rb_idx) + 1) % NumParts);
      end else if (rb_hold_q != '0) begin
        rb_hold_q <= rb_hold_q - 32'd1;
      end
      // The counter restarts whenever the state changes.
      cnt_q <= (st_d != st_q) ? '0 : cnt_q + ScanW'(1);
      if (st_q == StCopy && st_d == StMap) cnt_q <= '0;
      unique case (st_q)
        StEvClear: res_q[victim_idx][tile_q] <= 1'b0;
        StEvPslot: ps_v_q[tile_q][ev_ps] <= 1'b0;
        StEvPages: begin
          if (pg_v_q[tile_q][PgIdxW'(cnt_q)] && pg_p_q[tile_q][PgIdxW'(cnt_q)] == victim_q) begin
            pg_v_q[tile_q][PgIdxW'(cnt_q)] <= 1'b0;
          end
        end
        StRoom: begin
          if (room) ps_v_q[tile_q][free_ps] <= 1'b1;
          if (room) pg_v_q[tile_q][free_pg] <= 1'b1;
        end
        StMap: begin
          if (!last_page) pg_v_q[tile_q][free_pg] <= 1'b1;
        end
        StPublish: begin
          res_q[rq_pidx][tile_q] <= 1'b1;
          pinned_q[rq_pidx]      <= d_pinned;
          tile_ptr_q             <= TileIdxW'((32'(tile_q) + 1) % NumTiles);
        end
        default: ;
      endcase
    end
  end

  `ASSERT_NEVER(RoomHasSlots_A, st_q == StRoom && room && !(free_pg_found && free_ps_found))
  `ASSERT_NEVER(NextPageHasSlot_A, st_q == StMap && !last_page && !free_pg_found)
  // The pinned partitions keep their page slots: an eviction never unmaps one of them.
  `ASSERT_NEVER(EvictNeverPinned_A, st_q == StEvClear && pinned_q[victim_idx])
  // Every tile choice finds a tile: StPick is entered only with a candidate left (with SPREAD, an
  // untried one), so tile_q never takes a stale choice.
  `ASSERT_NEVER(PickFindsTile_A, st_q == StPickEnd && !best_found_q)

  always_ff @(posedge clk_i) begin
    tw_store_q <= tw_store_d;
    tw_kind_q  <= tw_kind_d;
    tw_addr_q  <= tw_addr_d;
    tw_data_q  <= tw_data_d;
    tw_tile_q  <= tile_q;
    if (take_cmd) begin
      rq_part_q   <= cmd_part;
      rq_tile_q   <= cmd_tile;
      rq_evict_q  <= (cmd_op == OpEvict);
      rq_bad_op_q <= (cmd_op != OpEvict) && (cmd_op != OpLoad);
      rq_demand_q <= 1'b0;
      rq_rebal_q  <= 1'b0;
      rq_start_q  <= now_q;
    end else if (take_load) begin
      rq_part_q   <= load_part_i;
      rq_tile_q   <= 8'hff;
      rq_evict_q  <= 1'b0;
      rq_bad_op_q <= 1'b0;
      rq_demand_q <= 1'b1;
      rq_rebal_q  <= 1'b0;
      rq_start_q  <= now_q;
    end else if (take_rebal) begin
      rq_part_q   <= PartW'(rb_idx);
      rq_tile_q   <= 8'hff;
      rq_evict_q  <= 1'b0;
      rq_bad_op_q <= 1'b0;
      rq_demand_q <= 1'b0;
      rq_rebal_q  <= 1'b1;
      rq_start_q  <= now_q;
    end
    // Descriptor word cnt_q - 1 arrives now.
    if (st_q == StDesc && cnt_q != '0) begin
      unique case (32'(cnt_q) - 1)
        LdCsDescWordFlags:      d_flags_q   <= cs_rdata;
        LdCsDescWordBase:       d_base_q    <= cs_rdata;
        LdCsDescWordEnd:        d_end_q     <= cs_rdata;
        LdCsDescWordPages:      d_pages_q   <= cs_rdata;
        LdCsDescWordEntryCount: d_count_q   <= cs_rdata;
        LdCsDescWordEntries:    d_entries_q <= cs_rdata;
        LdCsDescWordTilesLo:    d_tiles_q[31:0]  <= cs_rdata;
        LdCsDescWordTilesHi:    d_tiles_q[63:32] <= cs_rdata;
        default: ;
      endcase
    end
    // Tile choice.
    if (st_q == StPick || (st_q != StPick && st_d == StPick)) begin
      if (st_q != StPick) begin
        best_found_q <= 1'b0;
        best_score_q <= '0;
      end else if (pick_cand[scan_tile] && (!best_found_q || scan_score > best_score_q)) begin
        best_found_q <= 1'b1;
        best_score_q <= scan_score;
        best_tile_q  <= scan_tile;
      end
    end
    if (st_q == StPickEnd) tile_q <= best_tile_q;
    // Slots of a load.
    if (st_q == StRoom && room) begin
      pslot_q    <= free_ps;
      pslot_pg_q <= free_pg;
      page_q     <= '0;
    end
    if (st_q == StMap) begin
      page_q     <= page_q + 16'd1;
      if (!last_page) pslot_pg_q <= free_pg;
    end
    if (st_q == StPublish) ps_p_q[tile_q][pslot_q] <= rq_part_q;
    // Only when a slot is allocated: after the last page free_pg may name a used slot (or none).
    if ((st_q == StRoom && room) || (st_q == StMap && !last_page)) begin
      pg_p_q[tile_q][free_pg] <= rq_part_q;
    end
    // Victim: the candidate with the oldest stamp.
    if (st_q == StRoom) begin
      victim_found_q <= 1'b0;
      victim_age_q   <= '0;
    end else if (st_q == StVscan && vcand_ok && (!victim_found_q || vcand_age > victim_age_q)) begin
      victim_found_q <= 1'b1;
      victim_age_q   <= vcand_age;
      victim_q       <= vcand;
    end
    // An eviction command evicts the requested partition.
    if (st_q == StPickEnd && rq_evict_q) victim_q <= rq_part_q;
  end

  // A tile choice starts fresh: best_* are cleared in the cycle that enters StPick (above), and the
  // StPick cycles then score tiles cnt_q = 0 .. NumTiles - 1 from the rotating pointer.

  // ---- Stamp RAMs: port A deliveries, port B the pager (victim scan reads, load writes) ---------
  for (genvar t = 0; t < NumTiles; t++) begin : gen_stamp
    logic [31:0] unused_a;
    baton_ram_2p #(
      .Width (32),
      .Depth (NumParts)
    ) u_stamp (
      .clk_i     (clk_i),
      .a_req_i   (dlv_i[t] && 32'(dlv_part_i[t]) < NumParts),
      .a_we_i    (1'b1),
      .a_addr_i  (PartIdxW'(dlv_part_i[t])),
      .a_wdata_i (now_q),
      .a_be_i    (1'b1),
      .a_rdata_o (unused_a),
      .b_req_i   (st_rd || (st_wr && tile_q == TileIdxW'(t))),
      .b_we_i    (st_wr),
      .b_addr_i  (st_addr),
      .b_wdata_i (now_q),
      .b_be_i    (1'b1),
      .b_rdata_o (st_rdata[t])
    );
  end

  // ---- Tile loader ports ---------------------------------------------------------------------------
  always_comb begin
    tl_valid_o = '0;
    tl_valid_o[tw_tile_q] = tw_valid_q;
  end
  assign tl_kind_o = tw_kind_q;
  assign tl_addr_o = tw_addr_q;
  assign tl_data_o = tw_store_q ? cs_rdata : tw_data_q;

  // A delivery never goes to a tile for a partition the pager has not published there.
  for (genvar t = 0; t < NumTiles; t++) begin : gen_chk
    `ASSERT_NEVER(DeliverResident_A, dlv_i[t] && 32'(dlv_part_i[t]) < NumParts &&
                                     !res_q[PartIdxW'(dlv_part_i[t])][t] &&
                                     !(st_q == StEvDrain && victim_q == dlv_part_i[t] &&
                                       tile_q == TileIdxW'(t)))
  end

endmodule
