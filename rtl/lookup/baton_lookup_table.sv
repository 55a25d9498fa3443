// SPDX-License-Identifier: Apache-2.0
// Flow table (SP3): turns a flow key into a local flow proxy (flow index) with a d-left hash table.
//
// Organisation: two banks of BucketsPerBank buckets, Ways entries per bucket, each bank in its own
// external memory (one bucket per word, one lane per way), plus a StashSize-entry stash in
// registers for keys whose two buckets are both full. A key may live in bucket h0(key) of bank 0,
// bucket h1(key) of bank 1 (baton_lookup_hash) or in the stash. The flow index is the entry's
// position: {bank, bucket, way} for bank entries, 2*BucketsPerBank*Ways + i for stash entry i.
// Entries never move, so a flow keeps its index for its lifetime.
//
// Insert (on a miss with insert set): into the less loaded of the two buckets (ties: bank 0), at
// its lowest free way; if both are full, into the lowest free stash entry; otherwise the request is
// refused with LkFull (counted by the caller). An insert never overwrites a valid entry.
//
// Pipeline (one operation per cycle, no stalls), memory latency L:
//   cycle a        op_valid_i (the caller has already reserved the event slot)
//   a+1   s1       hash the key (or decode the flow index of a delete / timeout) and read bucket
//                  h0 of bank 0 and bucket h1 of bank 1
//   a+1+L C        buckets arrive; compare the key with every way, every stash entry and every
//                  recent decision's key (the wide compares), register the match bits
//   a+2+L D        apply recent decisions to the match bits, decide, write
//   a+3+L          dec_valid_o / dec_o (registered); the write reaches memory in this cycle
// A decision taken less than L+3 cycles ago is not yet in the bucket data that C read, so D
// replays the last L+2 writes from a history register onto the per-way valid and match bits
// (write forwarding); C has already compared the key with each of those writes' keys. With it every
// decision sees every earlier one: results are exactly those of a sequential table, at one
// operation per cycle. Splitting compare (wide, shallow) from decide (narrow, deeper) keeps both
// short on an FPGA; the key never goes through the forwarding multiplexers.
//
// After reset the table clears both banks (BucketsPerBank cycles); init_done_o rises after that.
`default_nettype none
`include "baton_assert.svh"

module baton_lookup_table
  import baton_lookup_pkg::*;
#(
  parameter int unsigned BucketsPerBank = 8192,
  parameter int unsigned Ways           = 4,
  parameter int unsigned StashSize      = 8,
  parameter int unsigned Latency        = 2,
  parameter bit          HashKind       = 1'b0,
  localparam int unsigned BktW          = $clog2(BucketsPerBank),
  localparam int unsigned BucketW       = Ways * LkEntryW
) (
  input  logic                     clk_i,
  input  logic                     rst_ni,
  output logic                     init_done_o,
  // Operations: one per cycle, always taken (only after init_done_o).
  input  logic                     op_valid_i,
  input  lk_top_t                  op_i,
  // Decisions, in operation order.
  output logic                     dec_valid_o,
  output lk_res_t                  dec_o,
  // Bank memories (baton_lookup_mem with Lanes = Ways).
  output logic [1:0]               rd_req_o,
  output logic [1:0][BktW-1:0]     rd_addr_o,
  input  logic [1:0][BucketW-1:0]  rd_data_i,
  output logic [1:0]               wr_req_o,
  output logic [1:0][BktW-1:0]     wr_addr_o,
  output logic [1:0][BucketW-1:0]  wr_data_o,
  output logic [1:0][Ways-1:0]     wr_be_o,
  // Occupancy.
  output logic [31:0]              used_o,
  output logic [31:0]              stash_used_o
);

  localparam int unsigned FlowW      = baton_pkg::FlowW;
  localparam int unsigned WayW       = baton_util_pkg::idx_w(Ways);
  localparam int unsigned TableSlots = 2 * BucketsPerBank * Ways;
  localparam int unsigned NumFlows   = TableSlots + StashSize;
  localparam int unsigned SIdxW      = baton_util_pkg::idx_w(StashSize);
  localparam int unsigned Hist       = Latency + 2;

  `ASSERT_INIT(BucketsLegal_A, (BucketsPerBank >= 2) && (BucketsPerBank <= 65536) &&
                               ((BucketsPerBank & (BucketsPerBank - 1)) == 0))
  `ASSERT_INIT(WaysLegal_A, (Ways >= 2) && (Ways <= 8) && ((Ways & (Ways - 1)) == 0))
  `ASSERT_INIT(StashLegal_A, (StashSize >= 1) && (StashSize <= 32))
  `ASSERT_INIT(LatencyLegal_A, (Latency >= 1) && (Latency <= 16))
  `ASSERT_INIT(FlowsFit_A, NumFlows <= (1 << FlowW))

  typedef struct packed {
    logic             in_table;
    logic             in_stash;
    logic             bank;
    logic [BktW-1:0]  bucket;
    logic [WayW-1:0]  way;
    logic [SIdxW-1:0] sidx;
  } loc_t;

  typedef struct packed {
    logic            valid;
    logic            bank;
    logic [BktW-1:0] bucket;
    logic [WayW-1:0] way;
    lk_entry_t       entry;
  } hist_t;

  // Where a flow index lives.
  function automatic loc_t decode(input logic [FlowW-1:0] f);
    loc_t l;
    l = '0;
    if (f < FlowW'(TableSlots)) begin
      l.in_table = 1'b1;
      l.way      = f[WayW-1:0];
      l.bucket   = f[WayW +: BktW];
      l.bank     = f[WayW + BktW];
    end else if (f < FlowW'(NumFlows)) begin
      l.in_stash = 1'b1;
      l.sidx     = SIdxW'(f - FlowW'(TableSlots));
    end
    decode = l;
  endfunction

  function automatic logic [FlowW-1:0] flow_of(input logic bank, input logic [BktW-1:0] bucket,
                                               input logic [WayW-1:0] way);
    flow_of = FlowW'({bank, bucket, way});
  endfunction

  // ---- Initialisation: clear both banks -----------------------------------------------------------
  logic            init_q;
  logic [BktW-1:0] init_ptr_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      init_q     <= 1'b1;
      init_ptr_q <= '0;
    end else if (init_q) begin
      init_ptr_q <= init_ptr_q + 1'b1;
      if (init_ptr_q == BktW'(BucketsPerBank - 1)) init_q <= 1'b0;
    end
  end
  assign init_done_o = !init_q;

  // ---- s1: hash ---------------------------------------------------------------------------------
  logic    s1_valid_q;
  lk_top_t s1_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) s1_valid_q <= 1'b0;
    else         s1_valid_q <= op_valid_i;
  end
  always_ff @(posedge clk_i) begin
    if (op_valid_i) s1_q <= op_i;
  end

  logic [1:0][BktW-1:0] s1_hash, s1_bkt;
  logic [31:0]          unused_crc;
  loc_t                 s1_loc;

  baton_lookup_hash #(
    .BktW     (BktW),
    .HashKind (HashKind)
  ) u_hash (
    .key_i    (s1_q.key),
    .bucket_o (s1_hash),
    .crc_o    (unused_crc)
  );

  assign s1_loc = decode(s1_q.flow);
  logic unused_s1_loc;
  assign unused_s1_loc = ^{s1_loc.in_table, s1_loc.in_stash, s1_loc.bank, s1_loc.way, s1_loc.sidx};
  // Deletes and timeouts read the bucket of their flow index in both banks.
  always_comb begin
    for (int unsigned k = 0; k < 2; k++) begin
      s1_bkt[k] = (s1_q.kind == LkOpReq) ? s1_hash[k] : s1_loc.bucket;
    end
  end

  assign rd_req_o  = {2{s1_valid_q}};
  assign rd_addr_o = s1_bkt;

  // Operation travels alongside the memory read.
  logic [Latency-1:0]                dl_valid_q;
  lk_top_t [Latency-1:0]             dl_op_q;
  logic [Latency-1:0][1:0][BktW-1:0] dl_bkt_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      dl_valid_q <= '0;
    end else begin
      dl_valid_q[0] <= s1_valid_q;
      for (int unsigned s = 1; s < Latency; s++) dl_valid_q[s] <= dl_valid_q[s-1];
    end
  end
  always_ff @(posedge clk_i) begin
    dl_op_q[0]  <= s1_q;
    dl_bkt_q[0] <= s1_bkt;
    for (int unsigned s = 1; s < Latency; s++) begin
      dl_op_q[s]  <= dl_op_q[s-1];
      dl_bkt_q[s] <= dl_bkt_q[s-1];
    end
  end

  // ---- C: compare -------------------------------------------------------------------------------
  logic                 c_valid;
  lk_top_t              c_op;
  logic [1:0][BktW-1:0] c_bkt;

  assign c_valid = dl_valid_q[Latency-1];
  assign c_op    = dl_op_q[Latency-1];
  assign c_bkt   = dl_bkt_q[Latency-1];

  typedef lk_entry_t [Ways-1:0] bucket_t;

  hist_t [Hist-1:0]             hist_q;      // [0] = decision of the previous cycle
  logic [StashSize-1:0]         stash_valid_q;
  flow_key_t                    stash_key_q [StashSize];

  // The operation in D (deciding in this cycle); declared here because C compares with its key.
  logic                 d_valid_q;
  lk_top_t              d_op;
  logic [1:0][BktW-1:0] d_bkt;

  bucket_t [1:0]           c_raw;
  logic [1:0][Ways-1:0]    c_way_v, c_way_m;    // valid / valid and same key, as read
  logic [StashSize-1:0]    c_st_eq;             // stash key equal (valid applied in D)
  logic [Hist-1:0]         c_hist_eq;           // key equal to the write D sees as hist_q[j]

  always_comb begin
    for (int unsigned k = 0; k < 2; k++) begin
      c_raw[k] = bucket_t'(rd_data_i[k]);
      for (int unsigned w = 0; w < Ways; w++) begin
        c_way_v[k][w] = c_raw[k][w].valid;
        c_way_m[k][w] = c_raw[k][w].valid && (c_raw[k][w].key == c_op.key);
      end
    end
    for (int unsigned s = 0; s < StashSize; s++) c_st_eq[s] = (stash_key_q[s] == c_op.key);
    // In the next cycle the decision now taken in D is hist_q[0] and hist_q[j] moves to j+1.
    c_hist_eq[0] = (d_op.key == c_op.key);
    for (int unsigned j = 1; j < Hist; j++) c_hist_eq[j] = (hist_q[j-1].entry.key == c_op.key);
  end

  // ---- D: decide --------------------------------------------------------------------------------
  logic [1:0][Ways-1:0] d_way_v_q, d_way_m_q;
  logic [StashSize-1:0] d_st_eq_q;
  logic [Hist-1:0]      d_hist_eq_q;
  lk_top_t              d_op_q;
  logic [1:0][BktW-1:0] d_bkt_q;
  logic                 st_set_last_q;   // D wrote a stash entry in the previous cycle
  logic [SIdxW-1:0]     st_set_idx_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) d_valid_q <= 1'b0;
    else         d_valid_q <= c_valid;
  end
  always_ff @(posedge clk_i) begin
    if (c_valid) begin
      d_way_v_q   <= c_way_v;
      d_way_m_q   <= c_way_m;
      d_st_eq_q   <= c_st_eq;
      d_hist_eq_q <= c_hist_eq;
      d_op_q      <= c_op;
      d_bkt_q     <= c_bkt;
    end
  end

  logic d_valid;
  assign d_valid = d_valid_q;
  assign d_op    = d_op_q;
  assign d_bkt   = d_bkt_q;

  // Write forwarding: replay recent writes, oldest first, onto the valid and match bits read.
  logic [1:0][Ways-1:0] v_tab;
  logic [1:0][Ways-1:0] m_tab;
  logic [StashSize-1:0] m_st;

  always_comb begin
    v_tab = d_way_v_q;
    m_tab = d_way_m_q;
    for (int j = Hist - 1; j >= 0; j--) begin
      for (int unsigned k = 0; k < 2; k++) begin
        for (int unsigned w = 0; w < Ways; w++) begin
          if (hist_q[j].valid && (hist_q[j].bank == k[0]) && (hist_q[j].bucket == d_bkt[k]) &&
              (hist_q[j].way == WayW'(w))) begin
            v_tab[k][w] = hist_q[j].entry.valid;
            m_tab[k][w] = hist_q[j].entry.valid && d_hist_eq_q[j];
          end
        end
      end
    end
    // The stash valid bits are current; a key written into the stash in the previous cycle was
    // not yet in stash_key_q when C compared.
    for (int unsigned s = 0; s < StashSize; s++) begin
      m_st[s] = stash_valid_q[s] &&
                ((st_set_last_q && (st_set_idx_q == SIdxW'(s))) ? d_hist_eq_q[0] : d_st_eq_q[s]);
    end
  end

  // Hit and free-entry search.
  logic                  hit;
  logic [FlowW-1:0]      hit_flow;
  logic [1:0][WayW:0]    cnt;
  logic [1:0][WayW-1:0]  ffree;
  logic [1:0]            has_free;
  logic [SIdxW-1:0]      sfree;
  logic                  has_sfree;

  always_comb begin
    hit      = 1'b0;
    hit_flow = '0;
    cnt      = '0;
    ffree    = '0;
    has_free = '0;
    for (int unsigned k = 0; k < 2; k++) begin
      for (int unsigned w = 0; w < Ways; w++) begin
        if (m_tab[k][w]) begin
          hit      = 1'b1;
          hit_flow = flow_of(k[0], d_bkt[k], WayW'(w));
        end
        if (v_tab[k][w]) cnt[k] = cnt[k] + 1'b1;
      end
      for (int unsigned w = 0; w < Ways; w++) begin
        if (!v_tab[k][w] && !has_free[k]) begin
          ffree[k]    = WayW'(w);
          has_free[k] = 1'b1;
        end
      end
    end
    sfree     = '0;
    has_sfree = 1'b0;
    for (int unsigned s = 0; s < StashSize; s++) begin
      if (m_st[s]) begin
        hit      = 1'b1;
        hit_flow = FlowW'(TableSlots + s);
      end
    end
    for (int unsigned s = 0; s < StashSize; s++) begin
      if (!stash_valid_q[s] && !has_sfree) begin
        sfree     = SIdxW'(s);
        has_sfree = 1'b1;
      end
    end
  end

  loc_t            d_loc;
  logic            ins_bank;
  lk_status_e      d_status;
  logic [FlowW-1:0] d_flow;
  logic            tab_we;      // write one way of one bank
  logic            tab_bank;
  logic [BktW-1:0] tab_bucket;
  logic [WayW-1:0] tab_way;
  lk_entry_t       tab_entry;
  logic            st_set, st_clr;
  logic            target_valid;

  assign d_loc    = decode(d_op.flow);
  // d-left: the less loaded bucket, ties to bank 0.
  assign ins_bank = (cnt[1] < cnt[0]);
  assign target_valid = d_loc.in_table ? v_tab[d_loc.bank][d_loc.way] :
                        d_loc.in_stash ? stash_valid_q[d_loc.sidx] : 1'b0;

  always_comb begin
    d_status   = LkMiss;
    d_flow     = d_op.flow;
    tab_we     = 1'b0;
    tab_bank   = 1'b0;
    tab_bucket = d_loc.bucket;
    tab_way    = d_loc.way;
    tab_entry  = '0;
    st_set     = 1'b0;
    st_clr     = 1'b0;
    case (d_op.kind)
      LkOpReq: begin
        tab_entry = '{valid: 1'b1, key: d_op.key};
        if (hit) begin
          d_status = LkHit;
          d_flow   = hit_flow;
        end else if (!d_op.insert) begin
          d_status = LkMiss;
          d_flow   = '0;
        end else if (has_free[0] || has_free[1]) begin
          d_status   = LkInserted;
          tab_we     = 1'b1;
          tab_bank   = ins_bank;
          tab_bucket = d_bkt[ins_bank];
          tab_way    = ffree[ins_bank];
          d_flow     = flow_of(ins_bank, d_bkt[ins_bank], ffree[ins_bank]);
        end else if (has_sfree) begin
          d_status = LkInserted;
          st_set   = 1'b1;
          d_flow   = FlowW'(TableSlots + 32'(sfree));
        end else begin
          d_status = LkFull;
          d_flow   = '0;
        end
      end
      LkOpDel: begin
        d_status = target_valid ? LkDeleted : LkDelMiss;
        tab_we   = target_valid && d_loc.in_table;
        tab_bank = d_loc.bank;
        st_clr   = target_valid && d_loc.in_stash;
      end
      LkOpTmo: begin
        d_status = target_valid ? LkTimeout : LkTmoStale;
      end
      default: begin  // no other operation exists
        d_status = LkMiss;
      end
    endcase
  end

  // ---- Registered results, writes and history ------------------------------------------------------
  logic                 dec_valid_q;
  lk_res_t              dec_q;
  logic [1:0]           wr_req_q;
  logic [BktW-1:0]      wr_addr_q;
  logic [Ways-1:0]      wr_way_oh_q;
  lk_entry_t            wr_entry_q;
  logic [31:0]          used_q, stash_used_q;
  hist_t                hist_new;

  assign hist_new = '{valid: d_valid && tab_we, bank: tab_bank, bucket: tab_bucket, way: tab_way,
                      entry: tab_entry};

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      dec_valid_q   <= 1'b0;
      wr_req_q      <= '0;
      hist_q        <= '0;
      stash_valid_q <= '0;
      used_q        <= '0;
      stash_used_q  <= '0;
      st_set_last_q <= 1'b0;
    end else begin
      st_set_last_q <= d_valid && st_set;
      dec_valid_q <= d_valid;
      wr_req_q[0] <= d_valid && tab_we && !tab_bank;
      wr_req_q[1] <= d_valid && tab_we && tab_bank;
      hist_q[0]   <= hist_new;
      for (int unsigned j = 1; j < Hist; j++) hist_q[j] <= hist_q[j-1];
      if (d_valid && st_set) stash_valid_q[sfree] <= 1'b1;
      if (d_valid && st_clr) stash_valid_q[d_loc.sidx] <= 1'b0;
      if (d_valid && (d_status == LkInserted)) used_q <= used_q + 1'b1;
      if (d_valid && (d_status == LkDeleted)) used_q <= used_q - 1'b1;
      if (d_valid && st_set) stash_used_q <= stash_used_q + 1'b1;
      if (d_valid && st_clr) stash_used_q <= stash_used_q - 1'b1;
    end
  end

  always_ff @(posedge clk_i) begin
    if (d_valid) begin
      dec_q       <= '{kind: d_op.kind, status: d_status, tag: d_op.tag, flow: d_flow,
                       slot: d_op.slot};
      wr_addr_q   <= tab_bucket;
      wr_way_oh_q <= {{(Ways - 1){1'b0}}, 1'b1} << tab_way;
      wr_entry_q  <= tab_entry;
    end
    // Every free stash entry takes D's key, so the entry an insert claims holds it; a free
    // entry's key is never compared (matches require the valid bit). The enable then depends on
    // the valid bits only, not on the decision.
    for (int unsigned s = 0; s < StashSize; s++) begin
      if (!stash_valid_q[s]) stash_key_q[s] <= d_op.key;
    end
    if (d_valid && st_set) st_set_idx_q <= sfree;
  end

  assign dec_valid_o  = dec_valid_q;
  assign dec_o        = dec_q;
  assign used_o       = used_q;
  assign stash_used_o = stash_used_q;

  // During initialisation every way of every bucket is cleared.
  always_comb begin
    for (int unsigned k = 0; k < 2; k++) begin
      wr_req_o[k]  = init_q || wr_req_q[k];
      wr_addr_o[k] = init_q ? init_ptr_q : wr_addr_q;
      wr_be_o[k]   = init_q ? '1 : wr_way_oh_q;
      for (int unsigned w = 0; w < Ways; w++) begin
        wr_data_o[k][w*LkEntryW +: LkEntryW] = init_q ? '0 : wr_entry_q;
      end
    end
  end

  // ---- Checks ------------------------------------------------------------------------------------
  `ASSERT_NEVER(OpDuringInit_A, op_valid_i && init_q)
  // The table never holds two proxies for one key, and an insert never overwrites a valid entry
  // (no silent eviction). Both are registered first: an assertion that reads the wide bucket
  // directly makes Verilator 5.006 emit C++ that does not compile.
  logic two_proxies_q, overwrite_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      two_proxies_q <= 1'b0;
      overwrite_q   <= 1'b0;
    end else begin
      two_proxies_q <= d_valid && (d_op.kind == LkOpReq) && !$onehot0({m_tab, m_st});
      overwrite_q   <= d_valid && tab_we && tab_entry.valid && v_tab[tab_bank][tab_way];
    end
  end
  `ASSERT_NEVER(OneProxyPerKey_A, two_proxies_q)
  `ASSERT_NEVER(InsertOverwrites_A, overwrite_q)
  `ASSERT_NEVER(StashOverwrites_A, d_valid && st_set && stash_valid_q[sfree])
  `ASSERT(UsedInRange_A, used_q <= NumFlows)
  `ASSERT(StashUsedInRange_A, stash_used_q <= StashSize)

endmodule
