// SPDX-License-Identifier: Apache-2.0
#include "baton/model/ingress/ingress_model.hpp"

#include <algorithm>
#include <tuple>
#include <stdexcept>

#include <fmt/format.h>

#include "baton/net/flow.hpp"
#include "baton/net/toeplitz.hpp"
#include "baton/abi.hpp"

namespace baton::model::ingress {

namespace {

constexpr std::uint16_t kTypeVlan = 0x8100;
constexpr std::uint16_t kTypeQinq = 0x88a8;
constexpr std::uint16_t kTypeArp = 0x0806;
constexpr std::uint16_t kTypeIpv4 = 0x0800;
constexpr std::uint16_t kTypeIpv6 = 0x86dd;

bool is_tpid(std::uint16_t t) { return t == kTypeVlan || t == kTypeQinq; }

std::uint16_t be16(ByteView f, std::size_t off) {
  return static_cast<std::uint16_t>((f[off] << 8) | f[off + 1]);
}

// RFC 1071 sum of `n` bytes (n even) starting at `off`, folded to 16 bits.
std::uint16_t ones_sum(ByteView f, std::size_t off, std::size_t n) {
  std::uint32_t s = 0;
  for (std::size_t i = 0; i < n; i += 2) s += be16(f, off + i);
  while (s >> 16) s = (s & 0xffff) + (s >> 16);
  return static_cast<std::uint16_t>(s);
}

L4Kind l4_of_ipv4(std::uint8_t proto) {
  switch (proto) {
    case 6: return L4Kind::kTcp;
    case 17: return L4Kind::kUdp;
    case 1: return L4Kind::kIcmp;
    default: return L4Kind::kOther;
  }
}

L4Kind l4_of_ipv6(std::uint8_t nh) {
  switch (nh) {
    case 6: return L4Kind::kTcp;
    case 17: return L4Kind::kUdp;
    case 58: return L4Kind::kIcmpv6;
    default: return L4Kind::kOther;
  }
}

// TCP's event type from the flags byte (offset 13 of the TCP header at frame offset l4), when
// the frame holds it: RST, then SYN (SYN-ACK with ACK), then FIN; anything else is ACK/data.
Event tcp_event(ByteView f, std::size_t l4) {
  if (l4 + 14 > f.size()) return Event::kTcp;
  const std::uint8_t fl = f[l4 + 13];
  if (fl & 0x04) return Event::kTcpRst;
  if (fl & 0x02) return (fl & 0x10) ? Event::kTcpSynack : Event::kTcpSyn;
  if (fl & 0x01) return Event::kTcpFin;
  return Event::kTcp;
}

Event event_of_l4(L4Kind k, Event plain, ByteView f, std::size_t l4) {
  switch (k) {
    case L4Kind::kTcp: return tcp_event(f, l4);
    case L4Kind::kUdp: return Event::kUdp;
    case L4Kind::kIcmp:
    case L4Kind::kIcmpv6: return Event::kIcmp;
    default: return plain;
  }
}

}  // namespace

const std::array<std::uint8_t, 40> IngressConfig::kDefaultKey = baton::net::kRssVerificationKey;

std::uint32_t ParseWord::pack() const {
  return std::uint32_t{l3_off} | (std::uint32_t{l4_off} << 8) | (std::uint32_t{tags & 3u} << 16) |
         (std::uint32_t{static_cast<std::uint8_t>(l3)} << 18) |
         (std::uint32_t{static_cast<std::uint8_t>(l4)} << 22) | (std::uint32_t{csum_ok} << 26) |
         (std::uint32_t{malformed} << 27) | (std::uint32_t{fragment} << 28);
}

ParseWord ParseWord::unpack(std::uint32_t w) {
  ParseWord p;
  p.l3_off = static_cast<std::uint8_t>(w);
  p.l4_off = static_cast<std::uint8_t>(w >> 8);
  p.tags = static_cast<std::uint8_t>((w >> 16) & 3);
  p.l3 = static_cast<L3Kind>((w >> 18) & 0xf);
  p.l4 = static_cast<L4Kind>((w >> 22) & 0xf);
  p.csum_ok = (w >> 26) & 1;
  p.malformed = (w >> 27) & 1;
  p.fragment = (w >> 28) & 1;
  return p;
}

ParseInfo parse(ByteView f, std::span<const std::uint8_t, 40> key) {
  ParseInfo r;
  ParseWord& w = r.word;
  const std::size_t len = f.size();
  const auto flow = baton::net::flow_key(f);
  r.hash = flow.input.empty() ? 0 : baton::net::toeplitz(key, flow.input);
  if (len < 14) return r;  // no EtherType: everything 0, L3 offset 14

  // Tags: up to two are read; a TPID after two tags counts as "more than two". A tag whose
  // TCI and EtherType are not in the frame ends the walk with the TPID as the EtherType.
  std::uint16_t type = be16(f, 12);
  std::size_t off = 14;
  unsigned tags = 0;
  while (tags < 2 && is_tpid(type) && off + 4 <= len) {
    type = be16(f, off + 2);
    off += 4;
    ++tags;
  }
  w.tags = static_cast<std::uint8_t>((tags == 2 && is_tpid(type)) ? 3 : tags);
  w.l3_off = static_cast<std::uint8_t>(off);
  r.ethertype = type;
  const std::size_t n = len - off;  // L3 bytes in the frame

  if (type == kTypeArp) {
    w.l3 = L3Kind::kArp;
    r.event = Event::kArp;
  } else if (type == kTypeIpv4) {
    w.l3 = L3Kind::kIpv4;
    const bool fixed = n >= 20;
    const unsigned ihl = fixed ? (f[off] & 0xfu) : 0;
    const std::size_t hl = 4u * ihl;
    const bool valid = fixed && (f[off] >> 4) == 4 && ihl >= 5 && hl <= n;
    w.malformed = !valid || be16(f, off + 2) > n;
    if (valid) {
      w.csum_ok = ones_sum(f, off, hl) == 0xffff;
      const std::uint16_t frag_field = be16(f, off + 6);
      w.fragment = (frag_field & 0x3fff) != 0;
      const bool first = (frag_field & 0x1fff) == 0;  // offset 0: the L4 header is here
      if (first && hl + 4 <= n) {
        w.l4 = l4_of_ipv4(f[off + 9]);
        w.l4_off = static_cast<std::uint8_t>(off + hl);
      }
      r.event = w.fragment ? Event::kFragment : event_of_l4(w.l4, Event::kIpv4, f, w.l4_off);
    }
  } else if (type == kTypeIpv6) {
    w.l3 = L3Kind::kIpv6;
    const bool valid = n >= 40 && (f[off] >> 4) == 6;
    w.malformed = !valid || 40u + be16(f, off + 4) > n;
    if (valid) {
      const std::uint8_t nh = f[off + 6];
      w.fragment = nh == 44 && n >= 48;
      std::uint8_t l4_proto = nh;
      std::size_t l4_at = 40;
      bool l4_here = true;
      if (w.fragment) {
        l4_proto = f[off + 40];
        l4_at = 48;
        l4_here = (be16(f, off + 42) & 0xfff8) == 0;  // fragment offset 0
      }
      if (l4_here && l4_at + 4 <= n) {
        w.l4 = l4_of_ipv6(l4_proto);
        w.l4_off = static_cast<std::uint8_t>(off + l4_at);
      }
      r.event = w.fragment ? Event::kFragment : event_of_l4(w.l4, Event::kIpv6, f, w.l4_off);
    }
  }
  r.l4sum = l4_sum(f, w);
  return r;
}

std::uint32_t l4_sum(ByteView f, const ParseWord& w) {
  const std::size_t len = f.size();
  const std::size_t off = w.l3_off;
  std::size_t begin = 0;
  std::size_t end = 0;
  std::uint64_t acc = 0;  // the pseudo-header, then the L4 bytes
  if (w.l3 == L3Kind::kIpv4 && w.csum_ok && !w.malformed && !w.fragment) {
    const std::size_t hl = 4U * (f[off] & 0xfU);
    const std::size_t total = be16(f, off + 2);
    if (total < hl) return 0;
    begin = off + hl;
    end = off + total;
    const std::uint8_t proto = f[off + 9];
    if (proto == 6 || proto == 17) {
      for (std::size_t i = 12; i < 20; i += 2) acc += be16(f, off + i);
      acc += proto + (total - hl);
    }
  } else if (w.l3 == L3Kind::kIpv6 && !w.malformed) {
    const std::uint8_t nh = f[off + 6];
    if (nh != 6 && nh != 17 && nh != 58) return 0;
    const std::size_t plen = be16(f, off + 4);
    begin = off + 40;
    end = begin + plen;
    for (std::size_t i = 8; i < 40; i += 2) acc += be16(f, off + i);
    acc += plen + nh;
  } else {
    return 0;
  }
  if (end != len && len > kL4SumTailEnd) return 0;
  for (std::size_t b = begin; b < end; ++b) acc += (b - begin) % 2 == 0 ? f[b] << 8U : f[b];
  while (acc >> 16) acc = (acc & 0xffffU) + (acc >> 16);
  return kL4SumPresent | (acc == 0 ? 0xffffU : static_cast<std::uint32_t>(acc));
}

lookup::FlowKey flow_key(ByteView f, const ParseWord& w, std::uint8_t in_class) {
  lookup::FlowKey k;
  k.in_class = static_cast<std::uint8_t>(in_class & 7U);
  if (w.tags >= 1 && f.size() >= 18) k.vlan = static_cast<std::uint16_t>(be16(f, 14) & 0xfffU);
  const std::size_t off = w.l3_off;
  const std::size_t n = f.size() > off ? f.size() - off : 0;
  if (w.l3 == L3Kind::kIpv4 && n >= 20) {
    std::copy_n(f.begin() + static_cast<std::ptrdiff_t>(off + 12), 4, k.src_addr.begin() + 12);
    std::copy_n(f.begin() + static_cast<std::ptrdiff_t>(off + 16), 4, k.dst_addr.begin() + 12);
    k.proto = f[off + 9];
  } else if (w.l3 == L3Kind::kIpv6 && n >= 40) {
    k.ipv6 = true;
    std::copy_n(f.begin() + static_cast<std::ptrdiff_t>(off + 8), 16, k.src_addr.begin());
    std::copy_n(f.begin() + static_cast<std::ptrdiff_t>(off + 24), 16, k.dst_addr.begin());
    k.proto = (f[off + 6] == 44 && n >= 48) ? f[off + 40] : f[off + 6];
  }
  if ((w.l4 == L4Kind::kTcp || w.l4 == L4Kind::kUdp) && w.l4_off != 0) {
    k.src_port = be16(f, w.l4_off);
    k.dst_port = be16(f, w.l4_off + 2U);
  }
  return k;
}

std::optional<std::uint16_t> echo_id(ByteView f, const ParseWord& w) {
  if (w.l4_off == 0 || w.l4_off + 6U > f.size()) return std::nullopt;
  const std::uint8_t type = f[w.l4_off];
  const bool echo = (w.l4 == L4Kind::kIcmp && (type == 8 || type == 0)) ||
                    (w.l4 == L4Kind::kIcmpv6 && (type == 128 || type == 129));
  if (!echo) return std::nullopt;
  return be16(f, w.l4_off + 4U);
}

ConnKey connection_key(const lookup::FlowKey& d, std::optional<std::uint16_t> echo) {
  ConnKey c;
  c.key = d;
  c.key.in_class = 0;
  c.key.vlan = 0;
  // Endpoints compared as unsigned numbers: address bytes in network order, then the port.
  const auto lo = std::tie(d.src_addr, d.src_port);
  const auto hi = std::tie(d.dst_addr, d.dst_port);
  c.reversed = hi < lo;
  if (c.reversed) {
    std::swap(c.key.src_addr, c.key.dst_addr);
    std::swap(c.key.src_port, c.key.dst_port);
  }
  if (echo) {
    c.key.src_port = *echo;
    c.key.dst_port = 0;
  }
  return c;
}

std::optional<Quote> quoted_key(ByteView f, const ParseWord& w, std::uint8_t in_class) {
  if (w.l4_off == 0 || w.l4_off >= f.size()) return std::nullopt;
  const std::uint8_t type = f[w.l4_off];
  const bool v4 = w.l4 == L4Kind::kIcmp, v6 = w.l4 == L4Kind::kIcmpv6;
  const bool error = (v4 && (type == 3 || type == 4 || type == 5 || type == 11 || type == 12)) ||
                     (v6 && type >= 1 && type <= 4);
  if (!error) return std::nullopt;
  const std::size_t q = w.l4_off + 8U;
  const std::size_t limit = std::min(f.size(), kQuoteWindow);
  if (q >= limit) return std::nullopt;
  Quote out;
  out.key = flow_key(f, w, in_class);
  lookup::FlowKey& k = out.key;
  std::size_t l4 = 0;
  if (v4) {
    const std::size_t ihl = std::size_t{f[q] & 0x0fU} * 4;
    if ((f[q] >> 4) != 4 || ihl < 20 || q + ihl > limit) return std::nullopt;
    k.src_addr = {};
    k.dst_addr = {};
    std::copy_n(f.begin() + static_cast<std::ptrdiff_t>(q + 12), 4, k.src_addr.begin() + 12);
    std::copy_n(f.begin() + static_cast<std::ptrdiff_t>(q + 16), 4, k.dst_addr.begin() + 12);
    k.proto = f[q + 9];
    l4 = q + ihl;
  } else {
    if ((f[q] >> 4) != 6 || q + 40 > limit) return std::nullopt;
    std::copy_n(f.begin() + static_cast<std::ptrdiff_t>(q + 8), 16, k.src_addr.begin());
    std::copy_n(f.begin() + static_cast<std::ptrdiff_t>(q + 24), 16, k.dst_addr.begin());
    k.proto = f[q + 6];
    l4 = q + 40;
  }
  k.src_port = 0;
  k.dst_port = 0;
  const bool ports = k.proto == 6 || k.proto == 17;
  const bool icmp = k.proto == (v4 ? 1 : 58);
  if ((ports || icmp) && l4 + 8 > limit) return std::nullopt;
  if (ports) {
    k.src_port = be16(f, l4);
    k.dst_port = be16(f, l4 + 2U);
  }
  if (icmp && (f[l4] == (v4 ? 8 : 128) || f[l4] == (v4 ? 0 : 129))) out.echo = be16(f, l4 + 4U);
  return out;
}

ConnKey connection_key(ByteView f, const ParseWord& w) {
  if (const auto q = quoted_key(f, w, 0)) return connection_key(q->key, q->echo);
  return connection_key(flow_key(f, w, 0), echo_id(f, w));
}

void check_channels(const ChannelConfig& cfg) {
  for (const auto g : cfg.port_group) {
    if (g > 3) throw std::invalid_argument(fmt::format("ingress channels: port group {} out of range 0..3", g));
  }
  for (const auto c : cfg.port_class) {
    if (c > 7) throw std::invalid_argument(fmt::format("ingress channels: port class {} out of range 0..7", c));
  }
  for (const auto& v : cfg.vlan) {
    if (v.vid > 0xfff || v.group > 3)
      throw std::invalid_argument(fmt::format("ingress channels: VLAN channel {{vid {}, group {}}} out of range", v.vid, v.group));
  }
}

unsigned channel_group(const ChannelConfig& cfg, unsigned port, ByteView f, const ParseWord& w) {
  const unsigned p = port & 15U;
  // The outer VLAN id by the flow key's rule: a tag the parser counted, its TCI in the frame.
  if (((cfg.port_vlan >> p) & 1U) && w.tags >= 1 && f.size() >= 18) {
    const unsigned vid = be16(f, 14) & 0xfffU;
    for (const auto& v : cfg.vlan) {
      if (v.enabled && v.vid == vid) return v.group & 3U;
    }
  }
  return cfg.port_group[p] & 3U;
}

std::optional<std::uint8_t> hw_drop(std::size_t len, bool tuser, const IngressConfig& cfg) {
  const std::size_t max = cfg.max_frame < cfg.slot_bytes ? cfg.max_frame : cfg.slot_bytes;
  if (tuser) return kDropTuserError;
  if (len > max) return kDropOversize;
  if (len < cfg.min_frame) return kDropRunt;
  return std::nullopt;
}

std::uint32_t bucket_of(std::uint32_t hash, unsigned in_port, unsigned num_buckets) {
  return (hash ^ (in_port * 0x9E37u)) & (num_buckets - 1);
}

IngressModel::IngressModel(IngressConfig cfg) : cfg_(cfg), seq_(cfg.num_buckets) {
  auto pow2 = [](unsigned v) { return v != 0 && (v & (v - 1)) == 0; };
  if (!pow2(cfg_.num_buckets)) throw std::invalid_argument("ingress model: num_buckets must be a power of two");
  if (!pow2(cfg_.aff_count)) throw std::invalid_argument("ingress model: aff_count must be a power of two");
  check_channels(cfg_.channels);
}

Outcome IngressModel::process(ByteView frame, unsigned in_port, bool tuser, std::uint16_t handle,
                              std::uint32_t arrival) {
  Outcome o;
  o.drop = hw_drop(frame.size(), tuser, cfg_);
  if (o.drop) return o;
  o.info = parse(frame, cfg_.hash_key);
  Ctx& c = o.ctx;
  c.pkt_handle = handle;
  c.pkt_len = static_cast<std::uint16_t>(frame.size());
  c.in_port = static_cast<std::uint8_t>(in_port);
  c.arrival = arrival;
  c.flow = bucket_of(o.info.hash, in_port, cfg_.num_buckets);
  c.seq = seq_.take(c.flow);
  c.fs_status = static_cast<std::uint8_t>(abi::flow_state::Status::kNone);  // as the RTL dispatcher
  c.event_type = static_cast<std::uint8_t>(o.info.event);
  c.target_part = (cfg_.affinity && is_tcp_event(o.info.event))
                      ? static_cast<std::uint8_t>(cfg_.aff_base + (o.info.hash & (cfg_.aff_count - 1)))
                      : cfg_.init_part;
  c.entry_kind = EntryKind::kIndex;
  c.entry = 0;
  o.event_class = event_class(channel_group(cfg_.channels, in_port, frame, o.info.word), o.info.event);
  const EventClass& ec = cfg_.classes[o.event_class];
  c.args = {o.info.word.pack(), o.info.hash, o.info.ethertype, o.info.l4sum};
  if (ec.enabled) {
    c.target_part = static_cast<std::uint8_t>(ec.part + (ec.aff ? (o.info.hash & (cfg_.aff_count - 1)) : 0U));
    if (ec.conn && cfg_.flow_keys && connection_key(frame, o.info.word).reversed) c.args[2] |= kArgReversed;
    c.entry = static_cast<std::uint16_t>(ec.entry & 0x7fffU);
  }
  c.sp = abi::kStackBase + cfg_.stack_bytes;
  return o;
}

}  // namespace baton::model::ingress
