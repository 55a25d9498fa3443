// SPDX-License-Identifier: Apache-2.0
// Ingress dispatcher: merges the ports' frame records round-robin, hashes the flow key
// (baton_toeplitz, run-time key), assigns the ordering bucket and its sequence number (one 16-bit
// counter per bucket in a RAM), builds the initial context of the integrated engine contract
// (docs/architecture.md) and offers it to the context manager together with the order-append
// record for the egress.
//
// Timing: a record leaves the port arbiter into the hash (1 cycle), then the bucket's counter is
// read (1 cycle) and written back while the context is loaded into the output register: one frame
// every 2 cycles. After reset the counters are cleared, NumBuckets cycles, before the first frame.
// The context and the order-append record are offered together; each is held until taken, and
// the next context is loaded only when both are gone.
`default_nettype none
`include "baton_assert.svh"

module baton_ingress_disp
  import baton_abi_pkg::*;
  import baton_pkg::*;
#(
  parameter int unsigned NumPorts   = 4,
  parameter int unsigned NumSlots   = 64,
  parameter int unsigned NumBuckets = 1024,
  parameter int unsigned StackBytes = 2048,
  parameter bit          FlowKeys   = 1'b0,  // carry the flow key and lookup mode to disp_*
  localparam int unsigned HandleW   = baton_util_pkg::idx_w(NumSlots),
  localparam int unsigned BucketW   = $clog2(NumBuckets),
  localparam int unsigned HashBytes = 36
) (
  input  logic                                 clk_i,
  input  logic                                 rst_ni,
  // Configuration
  input  logic [319:0]                         key_i,
  input  logic [7:0]                           init_part_i,
  input  logic                                 aff_en_i,
  input  logic [7:0]                           aff_base_i,
  input  logic [3:0]                           aff_log2_i,
  input  logic [31:0]                          port_group_i,   // channel group per port, 2 bits each
  input  logic [15:0]                          port_vlan_i,    // per port: VLAN channels apply
  input  logic [7:0]                           vlan_en_i,      // VLAN channel table (SP4)
  input  logic [7:0][11:0]                     vlan_vid_i,
  input  logic [7:0][1:0]                      vlan_group_i,
  input  logic [63:0]                          class_en_i,     // event class table (SP4)
  input  logic [63:0][7:0]                     class_part_i,
  input  logic [63:0][EntryW-1:0]              class_entry_i,
  input  logic [63:0][1:0]                     class_mode_i,   // lookup mode (0 none, 1 find, 2 insert)
  input  logic [63:0]                          class_conn_i,   // the lookup uses the connection key
  input  logic [63:0]                          class_aff_i,    // partition replica by hash (MP2)
  // Frame records from the ports
  input  logic [NumPorts-1:0]                  rec_valid_i,
  output logic [NumPorts-1:0]                  rec_ready_o,
  input  logic [NumPorts-1:0][HandleW-1:0]     rec_handle_i,
  input  logic [NumPorts-1:0][15:0]            rec_len_i,
  input  logic [NumPorts-1:0][31:0]            rec_arrival_i,
  input  logic [NumPorts-1:0][31:0]            rec_word_i,
  input  logic [NumPorts-1:0][15:0]            rec_ethertype_i,
  input  logic [NumPorts-1:0][7:0]             rec_event_i,
  input  logic [NumPorts-1:0][8*HashBytes-1:0] rec_hash_data_i,
  input  logic [NumPorts-1:0][5:0]             rec_hash_len_i,
  input  baton_lookup_pkg::flow_key_t [NumPorts-1:0] rec_key_i,
  input  baton_lookup_pkg::flow_key_t [NumPorts-1:0] rec_ckey_i, // the connection key's directional key
  input  logic [NumPorts-1:0][16:0]            rec_echo_i,     // {ICMP echo, identifier} of rec_ckey_i
  input  logic [NumPorts-1:0][12:0]            rec_vlan_i,     // {tagged, outer VLAN id}
  input  logic [NumPorts-1:0][16:0]            rec_l4sum_i,    // {present, L4 sum} (args[3])
  // Initial context to the context manager
  output logic                                 disp_valid_o,
  input  logic                                 disp_ready_i,
  output ctx_t                                 disp_ctx_o,
  output baton_lookup_pkg::flow_key_t          disp_key_o,    // zero unless FlowKeys
  output logic [1:0]                           disp_mode_o,   // the class's lookup mode, 0 if no class
  // Order-append record to the egress
  output logic                                 ord_valid_o,
  input  logic                                 ord_ready_i,
  output logic [FlowW-1:0]                     ord_bucket_o,
  output logic [SeqW-1:0]                      ord_seq_o,
  output logic [PktHandleW-1:0]                ord_handle_o,
  // Frames dispatched (saturating)
  output logic [31:0]                          cnt_dispatched_o
);
  `ASSERT_INIT(NumPortsLegal_A, NumPorts >= 1 && NumPorts <= 16)
  `ASSERT_INIT(NumBucketsLegal_A, NumBuckets >= 2 && NumBuckets <= (1 << FlowW) && (NumBuckets & (NumBuckets - 1)) == 0)
  `ASSERT_INIT(StackBytesLegal_A, StackBytes >= 64 && StackBytes <= 65536)
  `ASSERT_INIT(NumSlotsLegal_A, NumSlots >= 2 && NumSlots <= (1 << PktHandleW))

  localparam int unsigned PortIdxW = baton_util_pkg::idx_w(NumPorts);
  // Everything but the hash input travels beside the hash.
  typedef struct packed {
    logic [HandleW-1:0] handle;
    logic [15:0]        len;
    logic [31:0]        arrival;
    logic [31:0]        word;
    logic [15:0]        ethertype;
    logic [7:0]         event_type;
    baton_lookup_pkg::flow_key_t key;
    baton_lookup_pkg::flow_key_t ckey;
    logic [16:0]        echo;
    logic [12:0]        vlan;
    logic [16:0]        l4sum;
  } side_t;
  localparam int unsigned SideW = $bits(side_t);
  localparam int unsigned RecW  = SideW + 8 * HashBytes + 6;

  // ---- Port arbitration --------------------------------------------------------------------------
  logic [NumPorts-1:0][RecW-1:0] rec_packed;
  for (genvar p = 0; p < NumPorts; p++) begin : gen_pack
    side_t s;
    assign s.handle     = rec_handle_i[p];
    assign s.len        = rec_len_i[p];
    assign s.arrival    = rec_arrival_i[p];
    assign s.word       = rec_word_i[p];
    assign s.ethertype  = rec_ethertype_i[p];
    assign s.event_type = rec_event_i[p];
    assign s.key        = FlowKeys ? rec_key_i[p] : '0;
    assign s.ckey       = FlowKeys ? rec_ckey_i[p] : '0;
    assign s.echo       = FlowKeys ? rec_echo_i[p] : '0;
    assign s.vlan       = rec_vlan_i[p];
    assign s.l4sum      = rec_l4sum_i[p];
    assign rec_packed[p] = {s, rec_hash_data_i[p], rec_hash_len_i[p]};
  end

  logic                  arb_valid, arb_ready;
  logic [RecW-1:0]       arb_data;
  logic [PortIdxW-1:0]   arb_idx;

  baton_rr_arb #(.N(NumPorts), .Width(RecW), .Lock(1)) u_arb (
    .clk_i      (clk_i),
    .rst_ni     (rst_ni),
    .req_valid_i(rec_valid_i),
    .req_ready_o(rec_ready_o),
    .req_data_i (rec_packed),
    .out_valid_o(arb_valid),
    .out_ready_i(arb_ready),
    .out_data_o (arb_data),
    .out_idx_o  (arb_idx)
  );

  // ---- Hash ----------------------------------------------------------------------------------------
  side_t                 arb_side, h_side_q;
  logic [PortIdxW-1:0]   h_port_q;
  logic                  h_valid, h_ready;
  logic [31:0]           h_hash;
  assign arb_side = arb_data[RecW-1 -: SideW];

  baton_toeplitz #(.MaxBytes(HashBytes), .Pipeline(0), .RuntimeKey(1'b1)) u_hash (
    .clk_i      (clk_i),
    .rst_ni     (rst_ni),
    .in_valid_i (arb_valid),
    .in_ready_o (arb_ready),
    .key_i      (key_i),
    .data_i     (arb_data[6 +: 8 * HashBytes]),
    .len_i      (arb_data[5:0]),
    .out_valid_o(h_valid),
    .out_ready_i(h_ready),
    .hash_o     (h_hash)
  );

  // The side register moves with the hash's output register (latency 1, same enable).
  always_ff @(posedge clk_i) begin
    if (arb_valid && arb_ready) begin
      h_side_q <= arb_side;
      h_port_q <= arb_idx;
    end
  end

  // ---- Bucket, sequence number, context ------------------------------------------------------------
  logic               init_q, seq_q;  // clearing the counters; waiting for the counter read
  logic [BucketW-1:0] init_addr_q;
  logic [BucketW-1:0] bucket, cur_bucket_q;
  side_t              cur_side_q;
  logic [PortIdxW-1:0] cur_port_q;
  logic [31:0]        cur_hash_q;
  logic [1:0]         cur_grp_q;
  logic [15:0]        seq_rdata;
  logic               ctx_valid_q, ord_valid_q, out_free, load;
  logic [31:0]        disp_cnt_q;

  assign bucket   = BucketW'(h_hash ^ (32'(h_port_q) * 32'h9E37));
  assign h_ready  = !init_q && !seq_q;
  assign out_free = !ctx_valid_q && !ord_valid_q;
  assign load     = seq_q && out_free;

  baton_ram_2p #(.Width(16), .Depth(NumBuckets)) u_seq (
    .clk_i    (clk_i),
    .a_req_i  (init_q || load),
    .a_we_i   (1'b1),
    .a_addr_i (init_q ? init_addr_q : cur_bucket_q),
    .a_wdata_i(init_q ? 16'd0 : seq_rdata + 16'd1),
    .a_be_i   ('0),
    .a_rdata_o(),
    .b_req_i  (h_valid && h_ready),
    .b_we_i   (1'b0),
    .b_addr_i (bucket),
    .b_wdata_i('0),
    .b_be_i   ('0),
    .b_rdata_o(seq_rdata)
  );

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      init_q      <= 1'b1;
      init_addr_q <= '0;
      seq_q       <= 1'b0;
      ctx_valid_q <= 1'b0;
      ord_valid_q <= 1'b0;
      disp_cnt_q  <= '0;
    end else begin
      if (init_q) begin
        init_addr_q <= init_addr_q + 1'b1;
        if (init_addr_q == BucketW'(NumBuckets - 1)) init_q <= 1'b0;
      end
      if (ctx_valid_q && disp_ready_i) ctx_valid_q <= 1'b0;
      if (ord_valid_q && ord_ready_i) ord_valid_q <= 1'b0;
      if (h_valid && h_ready) seq_q <= 1'b1;
      if (load) begin
        seq_q       <= 1'b0;
        ctx_valid_q <= 1'b1;
        ord_valid_q <= 1'b1;
        disp_cnt_q  <= disp_cnt_q + {31'd0, disp_cnt_q != '1};
      end
    end
  end

  // SP4: the frame's channel group (docs/ingress.md "Channels"): on a port with VLAN channels, a
  // tagged frame whose outer VLAN id matches an enabled VLAN_CHANk takes the lowest such entry's
  // group; otherwise the port's. Decided here, a cycle ahead of the class table read.
  logic [1:0] h_grp;
  always_comb begin
    h_grp = port_group_i[2 * 32'(h_port_q) +: 2];
    if (port_vlan_i[4'(h_port_q)] && h_side_q.vlan[12]) begin
      for (int k = 7; k >= 0; k--) begin
        if (vlan_en_i[k] && vlan_vid_i[k] == h_side_q.vlan[11:0]) h_grp = vlan_group_i[k];
      end
    end
  end

  always_ff @(posedge clk_i) begin
    if (h_valid && h_ready) begin
      cur_grp_q    <= h_grp;
      cur_bucket_q <= bucket;
      cur_side_q   <= h_side_q;
      cur_port_q   <= h_port_q;
      cur_hash_q   <= h_hash;
    end
  end

  ctx_t        ctx_q;
  baton_lookup_pkg::flow_key_t key_q;
  logic [1:0]  mode_q;
  logic [31:0] aff_mask;
  logic        to_aff, is_tcp;
  assign aff_mask = (32'd1 << aff_log2_i) - 32'd1;
  // MP3: every TCP event type (ACK/data, SYN, SYN-ACK, FIN, RST) goes to the affinity partitions.
  always_comb begin
    unique case (cur_side_q.event_type)
      8'(EvTcp), 8'(EvTcpSyn), 8'(EvTcpSynack), 8'(EvTcpFin), 8'(EvTcpRst): is_tcp = 1'b1;
      default: is_tcp = 1'b0;
    endcase
  end
  assign to_aff   = aff_en_i && is_tcp;

  // SP4: an enabled class {frame's channel group, event type} names the handling partition and
  // entry, ahead of the affinity and the initial partition.
  logic [5:0] cls;
  assign cls = {cur_grp_q, cur_side_q.event_type[EvTypeW-1:0]};
  // A class with CONN looks up the connection key; args[2] bit 16 gives the frame's direction.
  baton_lookup_pkg::flow_key_t conn_key;
  logic                        conn_rev, cls_conn;
  baton_ingress_conn u_conn (
    .key_i (cur_side_q.ckey),
    .echo_i(cur_side_q.echo),
    .key_o (conn_key),
    .rev_o (conn_rev)
  );
  assign cls_conn = FlowKeys && class_en_i[cls] && class_conn_i[cls];

  logic unused_event_hi;
  assign unused_event_hi = ^{cur_side_q.event_type[7:EvTypeW], cur_side_q.vlan};  // vlan: decided at h

  always_ff @(posedge clk_i) begin
    if (load) begin
      ctx_q.pkt_handle  <= PktHandleW'(cur_side_q.handle);
      ctx_q.pkt_len     <= cur_side_q.len;
      ctx_q.in_port     <= PortW'(cur_port_q);
      ctx_q.arrival     <= cur_side_q.arrival;
      ctx_q.seq         <= seq_rdata;
      ctx_q.flow        <= FlowW'(cur_bucket_q);
      ctx_q.event_type  <= cur_side_q.event_type;
      ctx_q.target_part <= class_en_i[cls]
                             ? class_part_i[cls] + (class_aff_i[cls] ? 8'(cur_hash_q & aff_mask) : 8'd0)
                         : to_aff ? aff_base_i + 8'(cur_hash_q & aff_mask) : init_part_i;
      ctx_q.entry_kind  <= EntryIndex;
      ctx_q.entry       <= class_en_i[cls] ? class_entry_i[cls] : '0;
      ctx_q.sp          <= WinStackBase + 32'(StackBytes);
      ctx_q.fs_status   <= FsStatusW'(FsStNone);
      ctx_q.fs_slot     <= '0;
      key_q             <= cls_conn ? conn_key : cur_side_q.key;
      mode_q            <= class_en_i[cls] ? class_mode_i[cls] : 2'd0;
      ctx_q.args        <= {15'd0, cur_side_q.l4sum, 15'd0, cls_conn && conn_rev,
                            cur_side_q.ethertype, cur_hash_q, cur_side_q.word};
    end
  end

  assign disp_valid_o     = ctx_valid_q;
  assign disp_ctx_o       = ctx_q;
  assign disp_key_o       = key_q;
  assign disp_mode_o      = mode_q;
  assign ord_valid_o      = ord_valid_q;
  assign ord_bucket_o     = ctx_q.flow;
  assign ord_seq_o        = ctx_q.seq;
  assign ord_handle_o     = ctx_q.pkt_handle;
  assign cnt_dispatched_o = disp_cnt_q;

  `ASSERT_STABLE(DispContract_A, disp_valid_o, disp_ready_i, {disp_ctx_o, disp_key_o, disp_mode_o})
  `ASSERT_STABLE(OrdContract_A, ord_valid_o, ord_ready_i, {ord_bucket_o, ord_seq_o, ord_handle_o})
endmodule
