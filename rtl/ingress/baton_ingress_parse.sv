// SPDX-License-Identifier: Apache-2.0
// Ingress parser datapath: from the first HdrBytes bytes of a frame and its length, the parse
// word, the Toeplitz hash input (docs/feature-set.md section 5), the EtherType and the SP1 event
// type of the integrated engine contract (docs/architecture.md, exact rules in docs/ingress.md).
//
// Purely combinational. The caller captures the header bytes while the frame's beats are written
// to the packet buffer (baton_ingress_port), so the frame is never read back. Bytes at or beyond
// len_i may hold anything: every field used is checked to lie inside the frame first.
`default_nettype none
`include "baton_assert.svh"

module baton_ingress_parse #(
  localparam int unsigned HdrBytes = 96,  // 22 bytes of L2 + 74 of L3/L4 (IPv4 with options + TCP flags)
  localparam int unsigned HashBytes = 36
) (
  input  logic [HdrBytes-1:0][7:0]  hdr_i,      // hdr_i[0] is the first byte of the frame
  input  logic [15:0]               len_i,      // frame length in bytes
  output logic [31:0]               word_o,     // parse word (ctx.args[0])
  output logic [15:0]               ethertype_o,
  output logic [7:0]                event_o,
  output logic [8*HashBytes-1:0]    hash_data_o,  // byte 0 in the most significant bits
  output logic [5:0]                hash_len_o    // 0, 8, 12, 32 or 36
);
  localparam logic [15:0] TypeVlan = 16'h8100;
  localparam logic [15:0] TypeQinq = 16'h88a8;
  localparam logic [15:0] TypeArp  = 16'h0806;
  localparam logic [15:0] TypeIpv4 = 16'h0800;
  localparam logic [15:0] TypeIpv6 = 16'h86dd;

  // ---- Layer 2: up to two tags --------------------------------------------------------------
  logic [15:0] t0, t1, t2, etype;
  logic        has_l2, tag1, tag2, more_tags;
  logic [1:0]  tags;
  logic [7:0]  l3_off;

  assign t0     = {hdr_i[12], hdr_i[13]};
  assign t1     = {hdr_i[16], hdr_i[17]};
  assign t2     = {hdr_i[20], hdr_i[21]};
  assign has_l2 = len_i >= 16'd14;
  assign tag1   = has_l2 && (t0 == TypeVlan || t0 == TypeQinq) && len_i >= 16'd18;
  assign tag2   = tag1 && (t1 == TypeVlan || t1 == TypeQinq) && len_i >= 16'd22;
  assign more_tags = tag2 && (t2 == TypeVlan || t2 == TypeQinq);
  assign tags   = more_tags ? 2'd3 : tag2 ? 2'd2 : tag1 ? 2'd1 : 2'd0;
  assign etype  = !has_l2 ? 16'd0 : tag2 ? t2 : tag1 ? t1 : t0;
  assign l3_off = tag2 ? 8'd22 : tag1 ? 8'd18 : 8'd14;

  // ---- The L3 window and its length ---------------------------------------------------------
  localparam int unsigned L3Bytes = HdrBytes - 22;
  logic [L3Bytes-1:0][7:0] l3;
  logic [15:0]             n;  // L3 bytes in the frame (meaningful when has_l2)
  assign l3 = hdr_i[l3_off +: L3Bytes];
  assign n  = len_i - 16'(l3_off);

  // ---- IPv4 -----------------------------------------------------------------------------------
  logic        is4, valid4, frag4, first4, l4_in4, csum_ok;
  logic [3:0]  ihl;
  logic [5:0]  hl;    // 4 * IHL
  logic [15:0] tot4, frag_field;
  logic [7:0]  proto;
  logic [31:0] sum;
  logic [15:0] sum_fold1, sum_fold2;

  assign is4        = has_l2 && etype == TypeIpv4;
  assign ihl        = l3[0][3:0];
  assign hl         = {ihl, 2'b00};
  assign tot4       = {l3[2], l3[3]};
  assign frag_field = {l3[6], l3[7]};
  assign proto      = l3[9];
  assign valid4     = is4 && n >= 16'd20 && l3[0][7:4] == 4'd4 && ihl >= 4'd5 && 16'(hl) <= n;
  assign frag4      = valid4 && frag_field[13:0] != 14'd0;
  assign first4     = frag_field[12:0] == 13'd0;
  logic unused_flags;
  assign unused_flags = ^frag_field[15:14];  // reserved and DF
  assign l4_in4     = valid4 && first4 && 16'(hl) + 16'd4 <= n;

  always_comb begin
    sum = '0;
    for (int unsigned i = 0; i < 30; i++) begin
      if (i < 2 * 32'(ihl)) sum = sum + {16'd0, l3[2*i], l3[2*i+1]};
    end
  end
  assign sum_fold1 = sum[15:0] + sum[31:16];  // at most 30 * 0xffff: two folds suffice
  assign sum_fold2 = sum_fold1 + {15'd0, (17'(sum[15:0]) + 17'(sum[31:16])) > 17'hffff};
  assign csum_ok   = valid4 && sum_fold2 == 16'hffff;

  // ---- IPv6 -----------------------------------------------------------------------------------
  logic        is6, valid6, frag6, l4_here6, l4_in6;
  logic [15:0] plen;
  logic [7:0]  nh, l4_proto6;
  logic [6:0]  l4_at6;

  assign is6       = has_l2 && etype == TypeIpv6;
  assign plen      = {l3[4], l3[5]};
  assign nh        = l3[6];
  assign valid6    = is6 && n >= 16'd40 && l3[0][7:4] == 4'd6;
  assign frag6     = valid6 && nh == 8'd44 && n >= 16'd48;
  assign l4_proto6 = frag6 ? l3[40] : nh;
  assign l4_at6    = frag6 ? 7'd48 : 7'd40;
  assign l4_here6  = !frag6 || {l3[42], l3[43][7:3]} == 13'd0;
  assign l4_in6    = valid6 && l4_here6 && 16'(l4_at6) + 16'd4 <= n;

  // ---- TCP flags (SP1 event types): byte 13 of the TCP header, when it is in the frame ---------
  logic [6:0] l4_at;
  logic       flags_in;
  logic [7:0] tcp_flags;
  baton_abi_pkg::event_type_e tcp_event;
  assign l4_at     = valid4 ? 7'(hl) : l4_at6;
  assign flags_in  = 16'(l4_at) + 16'd14 <= n;
  assign tcp_flags = l3[l4_at + 7'd13];
  logic unused_tcp_flags;
  assign unused_tcp_flags = ^{tcp_flags[7:5], tcp_flags[3]};  // CWR, ECE, URG, PSH

  always_comb begin
    // RST wins over everything, then SYN (with or without ACK), then FIN; the rest is ACK/data.
    if (!flags_in)         tcp_event = baton_abi_pkg::EvTcp;
    else if (tcp_flags[2]) tcp_event = baton_abi_pkg::EvTcpRst;
    else if (tcp_flags[1]) tcp_event = tcp_flags[4] ? baton_abi_pkg::EvTcpSynack : baton_abi_pkg::EvTcpSyn;
    else if (tcp_flags[0]) tcp_event = baton_abi_pkg::EvTcpFin;
    else                   tcp_event = baton_abi_pkg::EvTcp;
  end

  // ---- Parse word and event -------------------------------------------------------------------
  logic [3:0] l3_kind, l4_kind;
  logic [7:0] l4_off;
  logic       malformed, fragment;

  always_comb begin
    l3_kind   = 4'd0;
    l4_kind   = 4'd0;
    l4_off    = 8'd0;
    malformed = 1'b0;
    fragment  = frag4 || frag6;
    event_o   = 8'(baton_abi_pkg::EvOther);
    if (has_l2 && etype == TypeArp) begin
      l3_kind = 4'd1;
      event_o = 8'(baton_abi_pkg::EvArp);
    end else if (is4) begin
      l3_kind   = 4'd2;
      malformed = !valid4 || tot4 > n;
      if (l4_in4) begin
        l4_off = l3_off + 8'(hl);
        unique case (proto)
          8'd6:    l4_kind = 4'd1;
          8'd17:   l4_kind = 4'd2;
          8'd1:    l4_kind = 4'd3;
          default: l4_kind = 4'd5;
        endcase
      end
      if (valid4) event_o = frag4 ? 8'(baton_abi_pkg::EvFragment) : 8'(baton_abi_pkg::EvIpv4);
    end else if (is6) begin
      l3_kind   = 4'd3;
      malformed = !valid6 || 17'd40 + 17'(plen) > 17'(n);
      if (l4_in6) begin
        l4_off = l3_off + 8'(l4_at6);
        unique case (l4_proto6)
          8'd6:    l4_kind = 4'd1;
          8'd17:   l4_kind = 4'd2;
          8'd58:   l4_kind = 4'd4;
          default: l4_kind = 4'd5;
        endcase
      end
      if (valid6) event_o = frag6 ? 8'(baton_abi_pkg::EvFragment) : 8'(baton_abi_pkg::EvIpv6);
    end
    // A whole (unfragmented) TCP, UDP or ICMP/ICMPv6 packet is its own event.
    if ((valid4 || valid6) && !fragment) begin
      unique case (l4_kind)
        4'd1:      event_o = 8'(tcp_event);
        4'd2:      event_o = 8'(baton_abi_pkg::EvUdp);
        4'd3, 4'd4: event_o = 8'(baton_abi_pkg::EvIcmp);
        default:   ;
      endcase
    end
  end

  assign word_o = {3'd0, fragment, malformed, csum_ok, l4_kind, l3_kind, tags, l4_off, l3_off};
  assign ethertype_o = etype;

  // ---- Hash input (feature-set.md section 5) --------------------------------------------------
  logic [31:0] ports4;
  assign ports4 = {l3[hl], l3[hl + 6'd1], l3[hl + 6'd2], l3[hl + 6'd3]};

  always_comb begin
    hash_data_o = '0;
    hash_len_o  = 6'd0;
    if (valid4) begin
      hash_data_o[287 -: 64] = {l3[12], l3[13], l3[14], l3[15], l3[16], l3[17], l3[18], l3[19]};
      hash_len_o = 6'd8;
      if (frag4) begin
        hash_data_o[223 -: 32] = {l3[4], l3[5], 8'd0, proto};
        hash_len_o = 6'd12;
      end else if ((proto == 8'd6 || proto == 8'd17) && 16'(hl) + 16'd4 <= n) begin
        hash_data_o[223 -: 32] = ports4;
        hash_len_o = 6'd12;
      end
    end else if (valid6) begin
      for (int unsigned i = 0; i < 32; i++) hash_data_o[287 - 8*i -: 8] = l3[8 + i];
      hash_len_o = 6'd32;
      if (frag6) begin
        hash_data_o[31:0] = {l3[44], l3[45], l3[46], l3[47]};
        hash_len_o = 6'd36;
      end else if ((nh == 8'd6 || nh == 8'd17) && n >= 16'd44) begin
        hash_data_o[31:0] = {l3[40], l3[41], l3[42], l3[43]};
        hash_len_o = 6'd36;
      end
    end
  end
endmodule
