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
//   cycle a        op_valid_i (the caller has already reserved the event slot); hash the key
//   a+1   s1       read bucket h0 of bank 0 and bucket h1 of bank 1 (or, for a delete or timeout,
//                  the bucket of its flow index in both banks)
//   a+1+L C1       buckets arrive; compare the key with every way, every stash entry and the keys
//                  of the last L+3 decisions in 24-bit slices, register the slice results
//   a+2+L C2       reduce the slices; replay the decisions taken up to the previous cycle onto the
//                  per-way valid and match bits
//   a+3+L D        replay the decision of the previous cycle, decide, write (one way of one bank,
//                  or the stash)
//   a+4+L R        the registered decision becomes a status and a flow index
//   a+5+L          dec_valid_o / dec_o (registered)
// A decision taken less than L+3 cycles before D is not yet in the bucket data that C1 compared,
// so C2 and D replay the last L+3 writes from a history register onto the per-way valid and match
// bits (write forwarding); C1 has already compared the key with each of those writes' keys, so the
// key never goes through the forwarding multiplexers, and D itself replays only one write. With it
// every decision sees every earlier one: results are exactly those of a sequential table, at one
// operation per cycle. Each stage has a few levels of logic, for an FPGA clock.
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
  localparam int unsigned Hist       = Latency + 3;
  localparam int unsigned SliceW     = 24;                                // compare slice
  localparam int unsigned NumSl      = (LkKeyW + SliceW - 1) / SliceW;

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

  // ---- s1: read the buckets -------------------------------------------------------------------
  // The key is hashed in the cycle the operation is taken (from op_i, which the caller drives from
  // its request input) and the bucket indices are registered with it, so that s1 only chooses
  // between them and a flow index's bucket on the way to the memories' address pins.
  logic                 s1_valid_q;
  lk_top_t              s1_q;
  logic [1:0][BktW-1:0] op_hash, s1_hash_q, s1_bkt;
  logic [31:0]          unused_crc;
  loc_t                 s1_loc;

  baton_lookup_hash #(
    .BktW     (BktW),
    .HashKind (HashKind)
  ) u_hash (
    .key_i    (op_i.key),
    .bucket_o (op_hash),
    .crc_o    (unused_crc)
  );

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) s1_valid_q <= 1'b0;
    else         s1_valid_q <= op_valid_i;
  end
  // Loaded every cycle (s1_valid_q qualifies it): no enable fanning out from the caller's arbiter.
  always_ff @(posedge clk_i) begin
    s1_q      <= op_i;
    s1_hash_q <= op_hash;
  end

  assign s1_loc = decode(s1_q.flow);
  logic unused_s1_loc;
  assign unused_s1_loc = ^{s1_loc.in_table, s1_loc.in_stash, s1_loc.bank, s1_loc.way, s1_loc.sidx};
  // Deletes and timeouts read the bucket of their flow index in both banks.
  always_comb begin
    for (int unsigned k = 0; k < 2; k++) begin
      s1_bkt[k] = (s1_q.kind == LkOpReq) ? s1_hash_q[k] : s1_loc.bucket;
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

  // ---- C1: compare in slices --------------------------------------------------------------------
  // The key is compared in SliceW-bit slices; the slice results are registered and reduced in C2,
  // so neither stage has the whole 312-bit compare tree.
  logic                 c_valid;
  lk_top_t              c_op;
  logic [1:0][BktW-1:0] c_bkt;

  assign c_valid = dl_valid_q[Latency-1];
  assign c_op    = dl_op_q[Latency-1];
  assign c_bkt   = dl_bkt_q[Latency-1];

  typedef lk_entry_t [Ways-1:0] bucket_t;
  typedef logic [NumSl-1:0]     sl_t;      // per-slice equality of two keys

  function automatic sl_t slice_eq(input flow_key_t a, input flow_key_t b);
    logic [NumSl*SliceW-1:0] x;
    sl_t                     r;
    x = (NumSl*SliceW)'(a ^ b);
    for (int unsigned i = 0; i < NumSl; i++) r[i] = ~|x[i*SliceW +: SliceW];
    slice_eq = r;
  endfunction

  hist_t [Hist-1:0]             hist_q;      // [0] = decision of the previous cycle
  logic [StashSize-1:0]         stash_valid_q;
  flow_key_t                    stash_key_q [StashSize];
  logic                         st_set_last_q;   // D wrote a stash entry in the previous cycle
  logic [SIdxW-1:0]             st_set_idx_q;

  // The operations ahead: Y in C2 (decides in the cycle before this one) and Z in D (decides in
  // this cycle); declared here because C1 compares with their keys.
  logic                 c2_valid_q, d_valid_q;
  lk_top_t              c2_op_q, d_op_q;
  logic [1:0][BktW-1:0] c2_bkt_q, d_bkt_q;

  bucket_t [1:0]                 c_raw;
  logic [1:0][Ways-1:0]          c1_way_v;
  sl_t [1:0][Ways-1:0]           c1_way_sl;
  sl_t [StashSize-1:0]           c1_st_sl;
  sl_t                           c1_y_sl, c1_z_sl;
  sl_t [Hist-3:0]                c1_h_sl;    // with hist_q[i], i = 0 .. Hist-3

  always_comb begin
    for (int unsigned k = 0; k < 2; k++) begin
      c_raw[k] = bucket_t'(rd_data_i[k]);
      for (int unsigned w = 0; w < Ways; w++) begin
        c1_way_v[k][w]  = c_raw[k][w].valid;
        c1_way_sl[k][w] = slice_eq(c_raw[k][w].key, c_op.key);
      end
    end
    for (int unsigned s = 0; s < StashSize; s++) c1_st_sl[s] = slice_eq(stash_key_q[s], c_op.key);
    c1_y_sl = slice_eq(c2_op_q.key, c_op.key);
    c1_z_sl = slice_eq(d_op_q.key, c_op.key);
    for (int unsigned i = 0; i < Hist - 2; i++) c1_h_sl[i] = slice_eq(hist_q[i].entry.key, c_op.key);
  end

  // ---- C2: reduce, replay the older decisions ------------------------------------------------------
  logic [1:0][Ways-1:0]          c2_way_v_q;
  sl_t [1:0][Ways-1:0]           c2_way_sl_q;
  sl_t [StashSize-1:0]           c2_st_sl_q;
  sl_t                           c2_y_sl_q, c2_z_sl_q;
  sl_t [Hist-3:0]                c2_h_sl_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) c2_valid_q <= 1'b0;
    else         c2_valid_q <= c_valid;
  end
  always_ff @(posedge clk_i) begin
    if (c_valid) begin
      c2_op_q     <= c_op;
      c2_bkt_q    <= c_bkt;
      c2_way_v_q  <= c1_way_v;
      c2_way_sl_q <= c1_way_sl;
      c2_st_sl_q  <= c1_st_sl;
      c2_y_sl_q   <= c1_y_sl;
      c2_z_sl_q   <= c1_z_sl;
      c2_h_sl_q   <= c1_h_sl;
    end
  end

  // In this cycle hist_q[0] is Z's decision and hist_q[j], j >= 1, was hist_q[j-1] when C1
  // compared; Y decides now in D and is replayed there.
  logic [Hist-2:0]           c2_hist_eq;
  logic [1:0][Ways-1:0]      c2_v, c2_m;
  logic [StashSize-1:0]      c2_st;
  logic                      c2_eq_y;
  logic [1:0]                c2_bkt_y;

  always_comb begin
    c2_hist_eq[0] = &c2_z_sl_q;
    for (int unsigned j = 1; j < Hist - 1; j++) c2_hist_eq[j] = &c2_h_sl_q[j-1];
    for (int unsigned k = 0; k < 2; k++) begin
      for (int unsigned w = 0; w < Ways; w++) begin
        c2_v[k][w] = c2_way_v_q[k][w];
        c2_m[k][w] = c2_way_v_q[k][w] && (&c2_way_sl_q[k][w]);
      end
    end
    for (int j = Hist - 2; j >= 0; j--) begin
      for (int unsigned k = 0; k < 2; k++) begin
        for (int unsigned w = 0; w < Ways; w++) begin
          if (hist_q[j].valid && (hist_q[j].bank == k[0]) && (hist_q[j].bucket == c2_bkt_q[k]) &&
              (hist_q[j].way == WayW'(w))) begin
            c2_v[k][w] = hist_q[j].entry.valid;
            c2_m[k][w] = hist_q[j].entry.valid && c2_hist_eq[j];
          end
        end
      end
    end
    // A key written into the stash by Z was not yet in stash_key_q when C1 compared.
    for (int unsigned s = 0; s < StashSize; s++) begin
      c2_st[s] = (st_set_last_q && (st_set_idx_q == SIdxW'(s))) ? c2_hist_eq[0] : (&c2_st_sl_q[s]);
    end
    c2_eq_y = &c2_y_sl_q;
    // Y writes (if it writes) bucket d_bkt_q[bank]: an insert into bank b writes its bucket
    // d_bkt_q[b]; a delete reads and writes the bucket of its flow index in both banks.
    for (int unsigned k = 0; k < 2; k++) c2_bkt_y[k] = (d_bkt_q[k] == c2_bkt_q[k]);
  end

  // ---- D: replay the last decision, decide, write ---------------------------------------------------
  logic [1:0][Ways-1:0] d_v_q, d_m_q;
  logic [StashSize-1:0] d_st_q;
  logic                 d_eq_y_q;
  logic [1:0]           d_bkt_y_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) d_valid_q <= 1'b0;
    else         d_valid_q <= c2_valid_q;
  end
  always_ff @(posedge clk_i) begin
    if (c2_valid_q) begin
      d_v_q     <= c2_v;
      d_m_q     <= c2_m;
      d_st_q    <= c2_st;
      d_eq_y_q  <= c2_eq_y;
      d_bkt_y_q <= c2_bkt_y;
      d_op_q    <= c2_op_q;
      d_bkt_q   <= c2_bkt_q;
    end
  end

  logic                 d_valid;
  lk_top_t              d_op;
  logic [1:0][BktW-1:0] d_bkt;
  assign d_valid = d_valid_q;
  assign d_op    = d_op_q;
  assign d_bkt   = d_bkt_q;

  // hist_q[0] is Y's decision, taken in the previous cycle.
  logic [1:0][Ways-1:0] v_tab;
  logic [1:0][Ways-1:0] m_tab;
  logic [StashSize-1:0] m_st;

  always_comb begin
    v_tab = d_v_q;
    m_tab = d_m_q;
    for (int unsigned k = 0; k < 2; k++) begin
      for (int unsigned w = 0; w < Ways; w++) begin
        if (hist_q[0].valid && (hist_q[0].bank == k[0]) && d_bkt_y_q[k] &&
            (hist_q[0].way == WayW'(w))) begin
          v_tab[k][w] = hist_q[0].entry.valid;
          m_tab[k][w] = hist_q[0].entry.valid && d_eq_y_q;
        end
      end
    end
    // The stash valid bits are current; a key written into the stash by Y is not in d_st_q.
    for (int unsigned s = 0; s < StashSize; s++) begin
      m_st[s] = stash_valid_q[s] &&
                ((st_set_last_q && (st_set_idx_q == SIdxW'(s))) ? d_eq_y_q : d_st_q[s]);
    end
  end

  // Hit and free-entry search.
  logic                  hit;
  logic [1:0][WayW:0]    cnt;
  logic [1:0][WayW-1:0]  ffree;
  logic [1:0]            has_free;
  logic [SIdxW-1:0]      sfree;
  logic                  has_sfree;

  always_comb begin
    hit      = (|m_tab) || (|m_st);
    cnt      = '0;
    ffree    = '0;
    has_free = '0;
    for (int unsigned k = 0; k < 2; k++) begin
      for (int unsigned w = 0; w < Ways; w++) begin
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
      if (!stash_valid_q[s] && !has_sfree) begin
        sfree     = SIdxW'(s);
        has_sfree = 1'b1;
      end
    end
  end

  loc_t            d_loc;
  logic            ins_bank;
  logic            tab_we;      // write one way of one bank
  logic            tab_bank;
  logic [WayW-1:0] tab_way;
  lk_entry_t       tab_entry;
  logic            st_set, st_clr;
  logic            target_valid;

  assign d_loc    = decode(d_op.flow);
  logic unused_d_loc;   // the bucket of a flow index is in d_bkt
  assign unused_d_loc = ^d_loc.bucket;
  // d-left: the less loaded bucket, ties to bank 0.
  assign ins_bank = (cnt[1] < cnt[0]);
  assign target_valid = d_loc.in_table ? v_tab[d_loc.bank][d_loc.way] :
                        d_loc.in_stash ? stash_valid_q[d_loc.sidx] : 1'b0;

  // The actions only; the status and flow index are formed in R from what D registers.
  always_comb begin
    tab_we    = 1'b0;
    tab_bank  = d_loc.bank;
    tab_way   = d_loc.way;
    tab_entry = '0;
    st_set    = 1'b0;
    st_clr    = 1'b0;
    unique case (d_op.kind)
      LkOpReq: begin
        tab_entry = '{valid: 1'b1, key: d_op.key};
        tab_bank  = ins_bank;
        tab_way   = ffree[ins_bank];
        if (!hit && d_op.insert) begin
          tab_we = has_free[0] || has_free[1];
          st_set = !(has_free[0] || has_free[1]) && has_sfree;
        end
      end
      LkOpDel: begin
        tab_we = target_valid && d_loc.in_table;
        st_clr = target_valid && d_loc.in_stash;
      end
      default: begin  // LkOpTmo: reads only
      end
    endcase
  end

  // ---- R: status and flow index ----------------------------------------------------------------------
  typedef struct packed {
    lk_op_e               kind;
    logic                 insert;
    logic [LkTagW-1:0]    tag;
    logic [LkSlotW-1:0]   slot;
    logic [FlowW-1:0]     flow;       // of a delete or timeout
    logic [1:0][BktW-1:0] bkt;
    logic [1:0][Ways-1:0] m_tab;
    logic [StashSize-1:0] m_st;
    logic                 hit;
    logic                 has_free;
    logic                 ins_bank;
    logic [WayW-1:0]      ins_way;
    logic                 has_sfree;
    logic [SIdxW-1:0]     sfree;
    logic                 target_valid;
  } r_t;

  logic r_valid_q;
  r_t   r_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) r_valid_q <= 1'b0;
    else         r_valid_q <= d_valid;
  end
  always_ff @(posedge clk_i) begin
    if (d_valid) begin
      r_q <= '{kind: d_op.kind, insert: d_op.insert, tag: d_op.tag, slot: d_op.slot,
               flow: d_op.flow, bkt: d_bkt, m_tab: m_tab, m_st: m_st, hit: hit,
               has_free: has_free[0] || has_free[1], ins_bank: ins_bank,
               ins_way: ffree[ins_bank], has_sfree: has_sfree, sfree: sfree,
               target_valid: target_valid};
    end
  end

  lk_status_e       r_status;
  logic [FlowW-1:0] r_flow, r_hit_flow;

  always_comb begin
    r_hit_flow = '0;
    for (int unsigned k = 0; k < 2; k++) begin
      for (int unsigned w = 0; w < Ways; w++) begin
        if (r_q.m_tab[k][w]) r_hit_flow = r_hit_flow | flow_of(k[0], r_q.bkt[k], WayW'(w));
      end
    end
    for (int unsigned s = 0; s < StashSize; s++) begin
      if (r_q.m_st[s]) r_hit_flow = r_hit_flow | FlowW'(TableSlots + s);
    end
  end

  always_comb begin
    r_status = LkMiss;
    r_flow   = r_q.flow;
    unique case (r_q.kind)
      LkOpReq: begin
        if (r_q.hit) begin
          r_status = LkHit;
          r_flow   = r_hit_flow;
        end else if (!r_q.insert) begin
          r_status = LkMiss;
          r_flow   = '0;
        end else if (r_q.has_free) begin
          r_status = LkInserted;
          r_flow   = flow_of(r_q.ins_bank, r_q.bkt[r_q.ins_bank], r_q.ins_way);
        end else if (r_q.has_sfree) begin
          r_status = LkInserted;
          r_flow   = FlowW'(TableSlots + 32'(r_q.sfree));
        end else begin
          r_status = LkFull;
          r_flow   = '0;
        end
      end
      LkOpDel: r_status = r_q.target_valid ? LkDeleted : LkDelMiss;
      LkOpTmo: r_status = r_q.target_valid ? LkTimeout : LkTmoStale;
      LkOpGen: r_status = r_q.target_valid ? LkGenerated : LkTmoStale;
      default: r_status = LkMiss;  // no other operation exists
    endcase
  end

  // ---- Registered results, writes and history ------------------------------------------------------
  logic                 dec_valid_q;
  lk_res_t              dec_q;
  logic [1:0]           wr_req_q;
  logic [1:0][BktW-1:0] wr_addr_q;
  logic [Ways-1:0]      wr_way_oh_q;
  lk_entry_t            wr_entry_q;
  logic [31:0]          used_q, stash_used_q;
  logic                 st_clr_last_q;   // D cleared a stash entry in the previous cycle
  hist_t                hist_new;

  assign hist_new = '{valid: d_valid && tab_we, bank: tab_bank, bucket: d_bkt[tab_bank],
                      way: tab_way, entry: tab_entry};

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      dec_valid_q   <= 1'b0;
      wr_req_q      <= '0;
      hist_q        <= '0;
      stash_valid_q <= '0;
      used_q        <= '0;
      stash_used_q  <= '0;
      st_set_last_q <= 1'b0;
      st_clr_last_q <= 1'b0;
    end else begin
      st_set_last_q <= d_valid && st_set;
      st_clr_last_q <= d_valid && st_clr;
      dec_valid_q   <= r_valid_q;
      wr_req_q[0]   <= d_valid && tab_we && !tab_bank;
      wr_req_q[1]   <= d_valid && tab_we && tab_bank;
      hist_q[0]     <= hist_new;
      for (int unsigned j = 1; j < Hist; j++) hist_q[j] <= hist_q[j-1];
      if (d_valid && st_set) stash_valid_q[sfree] <= 1'b1;
      if (d_valid && st_clr) stash_valid_q[d_loc.sidx] <= 1'b0;
      // Occupancy follows the registered results, off the decide path.
      if (dec_valid_q && (dec_q.status == LkInserted)) used_q <= used_q + 1'b1;
      if (dec_valid_q && (dec_q.status == LkDeleted)) used_q <= used_q - 1'b1;
      if (st_set_last_q) stash_used_q <= stash_used_q + 1'b1;
      if (st_clr_last_q) stash_used_q <= stash_used_q - 1'b1;
    end
  end

  always_ff @(posedge clk_i) begin
    if (r_valid_q) begin
      // Only a request has a tag, and a delete no slot.
      dec_q <= '{kind: r_q.kind, status: r_status, tag: (r_q.kind == LkOpReq) ? r_q.tag : '0,
                 flow: r_flow, slot: (r_q.kind == LkOpDel) ? '0 : r_q.slot};
    end
    if (d_valid) begin
      // A write goes to bucket d_bkt[bank] of its bank (see c2_bkt_y).
      wr_addr_q   <= d_bkt;
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
      wr_addr_o[k] = init_q ? init_ptr_q : wr_addr_q[k];
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
