// SPDX-License-Identifier: Apache-2.0
// Ingress flow-key extractor (SP3): the lookup controller's flow_key_t from the first bytes of a
// frame and its parse word (baton_ingress_parse), by the rules of docs/ingress.md "Flow key", and
// the directional key and ICMP echo identifier the connection key (baton_ingress_conn) is built
// from: the frame's own, or for an ICMP error the datagram it quotes when the quote ends within
// the first QuoteBytes bytes (docs/ingress.md "Connection key"). Purely combinational, beside the
// parser; the model is baton::model::ingress::flow_key(), echo_id() and quoted_key().
`default_nettype none
`include "baton_assert.svh"

module baton_ingress_key
  import baton_lookup_pkg::flow_key_t;
#(
  localparam int unsigned HdrBytes   = 96,  // as baton_ingress_parse
  localparam int unsigned QuoteBytes = baton_abi_pkg::QuoteWindow  // the quote window
) (
  input  logic [QuoteBytes-1:0][7:0] hdr_i,      // hdr_i[0] is the first byte of the frame
  input  logic [15:0]                len_i,      // frame length in bytes
  input  logic [31:0]                word_i,     // the parse word of this frame
  input  logic [2:0]                 in_class_i, // the ingress port's class
  output flow_key_t                  key_o,
  output flow_key_t                  ckey_o,     // the connection key's directional key
  output logic [16:0]                echo_o      // {ICMP echo, identifier} of ckey_o's datagram
);
  localparam int unsigned L3Bytes = HdrBytes - 22;
  localparam logic [3:0] L3Ipv4 = 4'd2, L3Ipv6 = 4'd3;
  localparam logic [3:0] L4Tcp = 4'd1, L4Udp = 4'd2, L4Icmp = 4'd3, L4Icmpv6 = 4'd4;

  logic [7:0]  l3_off, l4_off;
  logic [1:0]  tags;
  logic [3:0]  l3_kind, l4_kind;
  logic [15:0] n;
  assign l3_off  = word_i[7:0];
  assign l4_off  = word_i[15:8];
  assign tags    = word_i[17:16];
  assign l3_kind = word_i[21:18];
  assign l4_kind = word_i[25:22];
  assign n       = len_i - 16'(l3_off);

  logic unused_word;
  assign unused_word = ^word_i[31:26];

  logic [HdrBytes-1:0][7:0] hdr;
  assign hdr = hdr_i[HdrBytes-1:0];

  logic [L3Bytes-1:0][7:0] l3;
  assign l3 = hdr[l3_off +: L3Bytes];

  logic has4, has6, frag6;
  assign has4  = l3_kind == L3Ipv4 && len_i >= 16'(l3_off) && n >= 16'd20;
  assign has6  = l3_kind == L3Ipv6 && len_i >= 16'(l3_off) && n >= 16'd40;
  assign frag6 = l3[6] == 8'd44 && n >= 16'd48;

  always_comb begin
    key_o          = '0;
    key_o.in_class = in_class_i;
    if (tags != 2'd0 && len_i >= 16'd18) key_o.vlan = {hdr[14][3:0], hdr[15]};
    if (has4) begin
      key_o.src_addr[31:0] = {l3[12], l3[13], l3[14], l3[15]};
      key_o.dst_addr[31:0] = {l3[16], l3[17], l3[18], l3[19]};
      key_o.proto          = l3[9];
    end else if (has6) begin
      key_o.ipv6 = 1'b1;
      for (int unsigned i = 0; i < 16; i++) begin
        key_o.src_addr[127 - 8*i -: 8] = l3[8 + i];
        key_o.dst_addr[127 - 8*i -: 8] = l3[24 + i];
      end
      key_o.proto = frag6 ? l3[40] : l3[6];
    end
    if ((l4_kind == L4Tcp || l4_kind == L4Udp) && l4_off != 8'd0) begin
      key_o.src_port = {hdr[l4_off], hdr[l4_off + 8'd1]};
      key_o.dst_port = {hdr[l4_off + 8'd2], hdr[l4_off + 8'd3]};
    end
  end

  // The connection key (baton_ingress_conn) keys ICMP echo by its identifier: request and reply
  // carry the same one (feature-set.md 12.2).
  logic [7:0] icmp_type;
  logic       echo, err;
  assign icmp_type = hdr[l4_off];
  always_comb begin
    unique case (l4_kind)
      L4Icmp: begin
        echo = icmp_type == 8'd8 || icmp_type == 8'd0;
        err  = icmp_type == 8'd3 || icmp_type == 8'd4 || icmp_type == 8'd5 || icmp_type == 8'd11 ||
               icmp_type == 8'd12;
      end
      L4Icmpv6: begin
        echo = icmp_type == 8'd128 || icmp_type == 8'd129;
        err  = icmp_type >= 8'd1 && icmp_type <= 8'd4;
      end
      default: begin
        echo = 1'b0;
        err  = 1'b0;
      end
    endcase
  end
  logic [16:0] own_echo;
  assign own_echo = {echo && l4_off != 8'd0 && len_i >= 16'(l4_off) + 16'd6,
                     hdr[l4_off + 8'd4], hdr[l4_off + 8'd5]};

  // ---- The quoted datagram of an ICMP error --------------------------------------------------
  // The L3 offset is 14 + 4 * tags and an IP header a multiple of 4 bytes, so the quote starts at
  // q = L4 offset + 8 = 2 (mod 4): IPv4 at 42 .. 90 (13 places), IPv6 at 62 .. 78 (5 places: an
  // ICMPv6 header right after the fixed header or after a fragment header). Its L4 bytes are read
  // only where 8 of them end within the window: at 62 .. 118 (15 places). Muxes over these places
  // only, not over every byte offset.
  localparam int unsigned Q4First = 42, Q4Places = 13, Q6First = 62, Q6Places = 5;
  localparam int unsigned QL4First = 62, QL4Places = 15;
  // The places above end the quote (and the header read) within 128 bytes.
  `ASSERT_INIT(QuotePlaces_A, QuoteBytes == 128)

  logic [8:0] q;
  assign q = 9'(l4_off) + 9'd8;

  logic [19:0][7:0] qh4;   // the quoted IPv4 header's fixed part
  logic [39:0][7:0] qh6;   // the quoted IPv6 header
  logic             q4_at, q6_at;
  always_comb begin
    qh4   = '0;
    qh6   = '0;
    q4_at = 1'b0;
    q6_at = 1'b0;
    for (int unsigned j = 0; j < Q4Places; j++) begin
      if (q == 9'(Q4First + 4 * j)) begin
        qh4   = hdr_i[Q4First + 4 * j +: 20];
        q4_at = 1'b1;
      end
    end
    for (int unsigned j = 0; j < Q6Places; j++) begin
      if (q == 9'(Q6First + 4 * j)) begin
        qh6   = hdr_i[Q6First + 4 * j +: 40];
        q6_at = 1'b1;
      end
    end
  end

  logic unused_qh;  // the quoted headers' fields the key does not use
  assign unused_qh = ^{qh4[11:10], qh4[8:1], qh6[7], qh6[5:1]};

  logic       v4q;
  logic [9:0] ql4, qend, qlimit;
  logic [7:0] qproto;
  assign v4q    = l4_kind == L4Icmp;
  assign qproto = v4q ? qh4[9] : qh6[6];
  assign ql4    = v4q ? 10'(q) + {4'd0, qh4[0][3:0], 2'b00} : 10'(q) + 10'd40;
  assign qlimit = (len_i < 16'(QuoteBytes)) ? len_i[9:0] : 10'(QuoteBytes);

  logic qports, qicmp;
  assign qports = qproto == 8'd6 || qproto == 8'd17;
  assign qicmp  = qproto == (v4q ? 8'd1 : 8'd58);
  assign qend   = ql4 + ((qports || qicmp) ? 10'd8 : 10'd0);

  logic [5:0][7:0] ql4b;   // the quoted L4 header's first 6 bytes
  always_comb begin
    ql4b = '0;
    for (int unsigned j = 0; j < QL4Places; j++) begin
      if (ql4 == 10'(QL4First + 4 * j)) ql4b = hdr_i[QL4First + 4 * j +: 6];
    end
  end

  logic quote;
  assign quote = err && l4_off != 8'd0 && qend <= qlimit &&
                 (v4q ? (q4_at && qh4[0][7:4] == 4'd4 && qh4[0][3:0] >= 4'd5)
                      : (q6_at && qh6[0][7:4] == 4'd6));

  always_comb begin
    ckey_o = key_o;
    echo_o = own_echo;
    if (quote) begin
      ckey_o.src_addr = '0;
      ckey_o.dst_addr = '0;
      if (v4q) begin
        ckey_o.src_addr[31:0] = {qh4[12], qh4[13], qh4[14], qh4[15]};
        ckey_o.dst_addr[31:0] = {qh4[16], qh4[17], qh4[18], qh4[19]};
      end else begin
        for (int unsigned i = 0; i < 16; i++) begin
          ckey_o.src_addr[127 - 8*i -: 8] = qh6[8 + i];
          ckey_o.dst_addr[127 - 8*i -: 8] = qh6[24 + i];
        end
      end
      ckey_o.proto    = qproto;
      ckey_o.src_port = qports ? {ql4b[0], ql4b[1]} : 16'd0;
      ckey_o.dst_port = qports ? {ql4b[2], ql4b[3]} : 16'd0;
      echo_o = {qicmp && (ql4b[0] == (v4q ? 8'd8 : 8'd128) || ql4b[0] == (v4q ? 8'd0 : 8'd129)),
                ql4b[4], ql4b[5]};
    end
  end
endmodule
