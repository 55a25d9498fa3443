// SPDX-License-Identifier: Apache-2.0
// L4 checksum offload (docs/ingress.md "L4 sum", ctx.args[3]): the one's-complement sum of an IP
// datagram's L4 bytes plus its pseudo-header, so firmware verifies a TCP, UDP, ICMP or ICMPv6
// checksum with one compare instead of a loop over the payload.
//
// The port sums every byte of the frame as it streams in (fsum_i, raw, 16-bit big-endian words
// from the frame's first byte); this module removes what is not L4 from it, using only the
// captured header: the Ethernet header and tags, the IP header (IPv4: nothing, because the
// header's own sum is zero when its checksum is correct, which is required; IPv6: the words the
// pseudo-header does not repeat) and the bytes after the datagram (padding), which must lie in the
// first TailEnd bytes unless there are none. Then it adds the pseudo-header. The reference model
// sums the L4 bytes directly (tb/model/ingress), so the two methods check each other.
//
// Purely combinational, beside baton_ingress_parse.
`default_nettype none

module baton_ingress_l4sum #(
  localparam int unsigned HdrBytes = 96,
  localparam int unsigned TailBeg  = 34,  // the earliest end of an IPv4 datagram (14 + 20)
  localparam int unsigned TailEnd  = 64   // padding beyond this is not summed: no sum then
) (
  input  logic [HdrBytes-1:0][7:0] hdr_i,   // the frame's first bytes
  input  logic [15:0]              len_i,   // frame length in bytes
  input  logic [31:0]              word_i,  // the parse word of baton_ingress_parse
  input  logic [31:0]              fsum_i,  // raw sum of the whole frame's 16-bit words
  output logic [16:0]              sum_o    // {present, sum in 1..0xffff}; 0 when not present
);
  function automatic logic [15:0] fold(input logic [31:0] x);
    logic [16:0] f1;
    f1   = 17'(x[15:0]) + 17'(x[31:16]);
    fold = f1[15:0] + 16'(f1[16]);
  endfunction

  function automatic logic [15:0] w16(input logic [7:0] hi, input logic [7:0] lo);
    w16 = {hi, lo};
  endfunction

  // ---- From the parse word -------------------------------------------------------------------
  logic [7:0] l3_off;
  logic [1:0] tags;
  logic [3:0] l3_kind;
  logic       csum_ok, malformed, fragment;
  assign l3_off    = word_i[7:0];
  assign tags      = word_i[17:16];
  assign l3_kind   = word_i[21:18];
  assign csum_ok   = word_i[26];
  assign malformed = word_i[27];
  assign fragment  = word_i[28];
  logic unused_word;
  assign unused_word = ^{word_i[31:29], word_i[25:22], word_i[15:8]};

  // The IPv4 header up to the addresses, or the IPv6 header's first words (selected as the parser
  // selects its L3 window, which synthesis shares once both sit in the port).
  logic [19:0][7:0] l3;
  assign l3 = hdr_i[l3_off +: 20];
  logic unused_l3;
  assign unused_l3 = ^{l3[8], l3[11:10]};  // TTL and header checksum

  // ---- The datagram ----------------------------------------------------------------------------
  logic        is4, is6, pseudo4, present, short_frame;
  logic [5:0]  hl;
  logic [15:0] tot4, plen, l4_len4, ip_end;
  logic [7:0]  proto, nh;

  assign hl      = {l3[0][3:0], 2'b00};
  assign tot4    = w16(l3[2], l3[3]);
  assign proto   = l3[9];
  assign plen    = w16(l3[4], l3[5]);
  assign nh      = l3[6];
  assign l4_len4 = tot4 - 16'(hl);
  // csum_ok holds only for a well-formed IPv4 header; !malformed bounds the lengths by the frame.
  assign is4     = l3_kind == 4'd2 && csum_ok && !malformed && !fragment && tot4 >= 16'(hl);
  assign is6     = l3_kind == 4'd3 && !malformed && (nh == 8'd6 || nh == 8'd17 || nh == 8'd58);
  assign pseudo4 = proto == 8'd6 || proto == 8'd17;
  assign ip_end  = 16'(l3_off) + (is4 ? tot4 : 16'd40 + plen);
  assign short_frame = 32'(len_i) <= TailEnd;
  assign present = (is4 || is6) && (ip_end == len_i || short_frame);

  // ---- What the frame sum holds besides the L4 bytes -------------------------------------------
  // Raw sums of at most 29 words fit AccW bits; fold() takes them zero-extended.
  localparam int unsigned AccW = 21;
  logic [AccW-1:0] eth, tail, ip6, excl;
  always_comb begin
    eth = '0;
    for (int unsigned i = 0; i < 7; i++) eth = eth + AccW'(w16(hdr_i[2*i], hdr_i[2*i+1]));
    for (int unsigned i = 7; i < 11; i++) begin  // one tag: words 7, 8; two tags: 9, 10 as well
      if (i < 7 + 2 * 32'(tags)) eth = eth + AccW'(w16(hdr_i[2*i], hdr_i[2*i+1]));
    end
  end

  // Padding: the bytes from the datagram's end to the frame's end, as words (TailBeg is even).
  // Only a frame of at most TailEnd bytes has padding to take out (a longer one has an L4 sum only
  // when the datagram ends with it), so 7-bit compares suffice.
  logic [TailEnd-1:TailBeg] in_tail;
  always_comb begin
    for (int unsigned b = TailBeg; b < TailEnd; b++) begin
      in_tail[b] = short_frame && 7'(b) >= ip_end[6:0] && 7'(b) < len_i[6:0];
    end
    tail = '0;
    for (int unsigned w = TailBeg / 2; w < TailEnd / 2; w++) begin
      tail = tail + AccW'(w16(in_tail[2*w] ? hdr_i[2*w] : 8'd0,
                              in_tail[2*w+1] ? hdr_i[2*w+1] : 8'd0));
    end
  end

  // IPv6 with a pseudo-header: the addresses and the payload length appear in both and cancel.
  assign ip6  = AccW'(w16(l3[0], l3[1])) + AccW'(w16(l3[2], l3[3])) + AccW'(w16(nh, l3[7]));
  assign excl = eth + tail + (is6 ? ip6 : '0);

  // ---- The pseudo-header -----------------------------------------------------------------------
  logic [AccW-1:0] pseudo;
  always_comb begin
    pseudo = '0;
    if (is6) begin  // every next header is6 accepts has a pseudo-header
      pseudo = AccW'(nh);
    end else if (is4 && pseudo4) begin
      pseudo = AccW'(proto) + AccW'(l4_len4);
      for (int unsigned i = 0; i < 4; i++) begin  // the addresses
        pseudo = pseudo + AccW'(w16(l3[12 + 2*i], l3[13 + 2*i]));
      end
    end
  end

  // frame - excl + pseudo in one's-complement arithmetic: subtracting is adding the complement.
  logic [15:0] f16, nexcl, p16, res;
  logic [17:0] three;
  assign f16   = fold(fsum_i);
  assign nexcl = ~fold(32'(excl));
  assign p16   = fold(32'(pseudo));
  assign three = 18'(f16) + 18'(nexcl) + 18'(p16);
  assign res   = fold(32'(three));
  assign sum_o = present ? {1'b1, (res == 16'd0) ? 16'hffff : res} : 17'd0;
endmodule
