// SPDX-License-Identifier: Apache-2.0
// Ingress flow-key extractor (SP3): the lookup controller's flow_key_t from the first HdrBytes
// bytes of a frame and its parse word (baton_ingress_parse), by the rules of docs/ingress.md
// "Flow key", and the ICMP echo identifier that the connection key uses. Purely combinational, beside the parser; the model is
// baton::model::ingress::flow_key().
`default_nettype none

module baton_ingress_key
  import baton_lookup_pkg::flow_key_t;
#(
  localparam int unsigned HdrBytes = 96  // as baton_ingress_parse
) (
  input  logic [HdrBytes-1:0][7:0] hdr_i,       // hdr_i[0] is the first byte of the frame
  input  logic [15:0]              len_i,       // frame length in bytes
  input  logic [31:0]              word_i,      // the parse word of this frame
  input  logic [2:0]               in_class_i,  // the ingress port's class
  output flow_key_t                key_o,
  output logic [16:0]              echo_o       // {ICMP echo request or reply, its identifier}
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

  logic [L3Bytes-1:0][7:0] l3;
  assign l3 = hdr_i[l3_off +: L3Bytes];

  logic has4, has6, frag6;
  assign has4  = l3_kind == L3Ipv4 && len_i >= 16'(l3_off) && n >= 16'd20;
  assign has6  = l3_kind == L3Ipv6 && len_i >= 16'(l3_off) && n >= 16'd40;
  assign frag6 = l3[6] == 8'd44 && n >= 16'd48;

  always_comb begin
    key_o          = '0;
    key_o.in_class = in_class_i;
    if (tags != 2'd0 && len_i >= 16'd18) key_o.vlan = {hdr_i[14][3:0], hdr_i[15]};
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
      key_o.src_port = {hdr_i[l4_off], hdr_i[l4_off + 8'd1]};
      key_o.dst_port = {hdr_i[l4_off + 8'd2], hdr_i[l4_off + 8'd3]};
    end
  end

  // The connection key (baton_ingress_conn) keys ICMP echo by its identifier: request and reply
  // carry the same one (feature-set.md 12.2).
  logic [7:0] icmp_type;
  logic       echo;
  assign icmp_type = hdr_i[l4_off];
  always_comb begin
    unique case (l4_kind)
      L4Icmp:   echo = icmp_type == 8'd8 || icmp_type == 8'd0;
      L4Icmpv6: echo = icmp_type == 8'd128 || icmp_type == 8'd129;
      default:  echo = 1'b0;
    endcase
  end
  assign echo_o = {echo && l4_off != 8'd0 && len_i >= 16'(l4_off) + 16'd6,
                   hdr_i[l4_off + 8'd4], hdr_i[l4_off + 8'd5]};
endmodule
