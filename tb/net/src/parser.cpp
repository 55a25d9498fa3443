// SPDX-License-Identifier: Apache-2.0
#include "baton/net/parser.hpp"

#include "baton/net/builder.hpp"
#include "baton/net/checksum.hpp"

namespace baton::net {

namespace {

CsumStatus status(bool ok) { return ok ? CsumStatus::kGood : CsumStatus::kBad; }

// Parses the L4 header at `l4` of `b` (`l4_len` bytes belong to the segment according to the IP
// length, `avail` are in the buffer). `pseudo` is the pseudo-header sum without the length and
// protocol, supplied by the caller as a function so IPv4 and IPv6 share this code.
template <typename PseudoFn>
void parse_l4(ByteView b, std::size_t l4, std::uint8_t proto, std::size_t l4_len, bool fragment,
              bool first_fragment, L3Info& out, PseudoFn pseudo) {
  out.l4_offset = l4;
  const std::size_t avail = b.size() > l4 ? b.size() - l4 : 0;
  const bool complete = !fragment && l4_len <= avail;
  const ByteView seg = b.subspan(l4, std::min(avail, l4_len));
  if (!first_fragment) return;
  if (proto == ipproto::kTcp && avail >= 20) {
    TcpInfo t;
    t.sport = get16(b, l4);
    t.dport = get16(b, l4 + 2);
    t.seq = get32(b, l4 + 4);
    t.ack = get32(b, l4 + 8);
    t.data_offset = static_cast<std::uint8_t>((b[l4 + 12] >> 4) * 4);
    t.flags = get16(b, l4 + 12) & 0xfff;
    t.window = get16(b, l4 + 14);
    t.checksum = get16(b, l4 + 16);
    if (!fragment && l4_len >= t.data_offset)
      t.payload_len = static_cast<std::uint32_t>(l4_len - t.data_offset);
    if (complete)
      t.checksum_status = status(ones_sum(seg, pseudo(ipproto::kTcp, l4_len)) == 0xffff);
    out.tcp = t;
  } else if (proto == ipproto::kUdp && avail >= 8) {
    UdpInfo u;
    u.sport = get16(b, l4);
    u.dport = get16(b, l4 + 2);
    u.length = get16(b, l4 + 4);
    u.checksum = get16(b, l4 + 6);
    // The UDP length field bounds the datagram (receivers ignore bytes after it).
    if (!fragment && u.length >= 8 && u.length <= avail && u.length <= l4_len && u.checksum != 0) {
      u.checksum_status =
          status(ones_sum(b.subspan(l4, u.length), pseudo(ipproto::kUdp, u.length)) == 0xffff);
    }
    out.udp = u;
  } else if ((proto == ipproto::kIcmp || proto == ipproto::kIcmpv6) && avail >= 4) {
    IcmpInfo c;
    c.type = b[l4];
    c.code = b[l4 + 1];
    c.checksum = get16(b, l4 + 2);
    if (avail >= 8) c.rest = get32(b, l4 + 4);
    if (complete) {
      const std::uint16_t init = proto == ipproto::kIcmp ? 0 : pseudo(ipproto::kIcmpv6, l4_len);
      c.checksum_status = status(ones_sum(seg, init) == 0xffff);
    }
    if (proto == ipproto::kIcmp) {
      out.icmp = c;
    } else {
      out.icmp6 = c;
    }
  }
}

void parse_ip4(ByteView b, L3Info& out) {
  if (b.size() < 20) return;
  Ip4Info ip;
  ip.version = b[0] >> 4;
  ip.ihl = b[0] & 0xf;
  ip.tos = b[1];
  ip.total_length = get16(b, 2);
  ip.id = get16(b, 4);
  ip.df = (b[6] & 0x40) != 0;
  ip.mf = (b[6] & 0x20) != 0;
  ip.frag_offset = get16(b, 6) & 0x1fff;
  ip.ttl = b[8];
  ip.proto = b[9];
  ip.checksum = get16(b, 10);
  ip.src = get_array<4>(b, 12);
  ip.dst = get_array<4>(b, 16);
  const std::size_t hl = std::size_t{ip.ihl} * 4;
  if (ip.ihl >= 5 && hl <= b.size()) ip.checksum_status = status(ones_sum(b.first(hl)) == 0xffff);
  out.ip4 = ip;
  if (ip.version != 4 || ip.ihl < 5 || hl > b.size() || ip.total_length < hl) return;
  auto pseudo = [&](std::uint8_t proto, std::size_t len) {
    return pseudo_sum4(ip.src, ip.dst, proto, static_cast<std::uint16_t>(len));
  };
  parse_l4(b, hl, ip.proto, ip.total_length - hl, ip.is_fragment(), ip.frag_offset == 0, out,
           pseudo);
}

void parse_ip6(ByteView b, L3Info& out) {
  if (b.size() < 40) return;
  Ip6Info ip;
  const std::uint32_t w0 = get32(b, 0);
  ip.version = static_cast<std::uint8_t>(w0 >> 28);
  ip.traffic_class = static_cast<std::uint8_t>(w0 >> 20);
  ip.flow_label = w0 & 0xfffff;
  ip.payload_length = get16(b, 4);
  ip.next_header = b[6];
  ip.hop_limit = b[7];
  ip.src = get_array<16>(b, 8);
  ip.dst = get_array<16>(b, 24);
  out.ip6 = ip;
  std::size_t l4 = 40;
  std::uint8_t nh = ip.next_header;
  std::size_t l4_len = ip.payload_length;
  bool fragment = false;
  bool first = true;
  if (nh == ipproto::kIpv6Frag && b.size() >= 48) {
    Ip6FragInfo f;
    f.next_header = b[40];
    f.offset = get16(b, 42) >> 3;
    f.more = (b[43] & 1) != 0;
    f.ident = get32(b, 44);
    out.frag6 = f;
    nh = f.next_header;
    l4 = 48;
    l4_len = l4_len >= 8 ? l4_len - 8 : 0;
    fragment = true;
    first = f.offset == 0;
  }
  auto pseudo = [&](std::uint8_t proto, std::size_t len) {
    return pseudo_sum6(ip.src, ip.dst, static_cast<std::uint32_t>(len), proto);
  };
  parse_l4(b, l4, nh, l4_len, fragment, first, out, pseudo);
}

void parse_l3(ByteView b, std::uint16_t type, L3Info& out) {
  if (type == ethertype::kArp) {
    if (b.size() < 8) return;
    ArpInfo a;
    a.htype = get16(b, 0);
    a.ptype = get16(b, 2);
    a.hlen = b[4];
    a.plen = b[5];
    a.op = get16(b, 6);
    if (b.size() >= 28) {
      a.sha = get_array<6>(b, 8);
      a.spa = get_array<4>(b, 14);
      a.tha = get_array<6>(b, 18);
      a.tpa = get_array<4>(b, 24);
    }
    out.arp = a;
  } else if (type == ethertype::kIpv4) {
    parse_ip4(b, out);
  } else if (type == ethertype::kIpv6) {
    parse_ip6(b, out);
  }
}

bool is_icmp4_error(std::uint8_t t) { return t == 3 || t == 4 || t == 5 || t == 11 || t == 12; }

}  // namespace

ParsedFrame parse_frame(ByteView frame, std::size_t max_tags) {
  ParsedFrame p;
  p.length = frame.size();
  if (frame.size() < 14) return p;
  p.eth_ok = true;
  p.dst = get_array<6>(frame, 0);
  p.src = get_array<6>(frame, 6);
  p.eth_type = get16(frame, 12);
  std::size_t off = 14;
  std::uint16_t type = p.eth_type;
  while ((type == ethertype::kVlan || type == ethertype::kQinq) && p.tags.size() < max_tags &&
         off + 4 <= frame.size()) {
    VlanTag t;
    t.tpid = type;
    const std::uint16_t tci = get16(frame, off);
    t.pcp = static_cast<std::uint8_t>(tci >> 13);
    t.dei = (tci >> 12) & 1;
    t.vid = tci & 0xfff;
    t.next_type = get16(frame, off + 2);
    type = t.next_type;
    p.tags.push_back(t);
    off += 4;
  }
  p.ethertype = type;
  p.l3_offset = off;
  const ByteView l3 = frame.subspan(off);
  parse_l3(l3, type, p.l3);

  // An ICMP error quotes the start of the offending datagram: parse it like a packet.
  if (p.l3.icmp && is_icmp4_error(p.l3.icmp->type) && p.l3.ip4) {
    const std::size_t q = p.l3.l4_offset + 8;
    if (q < l3.size()) {
      L3Info in;
      parse_ip4(l3.subspan(q), in);
      if (in.ip4) p.quoted = in;
    }
  } else if (p.l3.icmp6 && p.l3.icmp6->type < 128) {
    const std::size_t q = p.l3.l4_offset + 8;
    if (q < l3.size()) {
      L3Info in;
      parse_ip6(l3.subspan(q), in);
      if (in.ip6) p.quoted = in;
    }
  }
  return p;
}

CsumStatus l4_checksum_status(const ParsedFrame& p) {
  if (p.l3.tcp) return p.l3.tcp->checksum_status;
  if (p.l3.udp) return p.l3.udp->checksum_status;
  if (p.l3.icmp) return p.l3.icmp->checksum_status;
  if (p.l3.icmp6) return p.l3.icmp6->checksum_status;
  return CsumStatus::kUnverified;
}

}  // namespace baton::net
