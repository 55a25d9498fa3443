// SPDX-License-Identifier: Apache-2.0
#include "baton/net/builder.hpp"

#include "baton/net/checksum.hpp"

namespace baton::net {

namespace {
template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;
}  // namespace

PacketBuilder& PacketBuilder::eth(const Mac& dst, const Mac& src,
                                  std::optional<std::uint16_t> type) {
  layers_.emplace_back(EthFields{dst, src, type});
  return *this;
}
PacketBuilder& PacketBuilder::vlan(std::uint16_t vid, std::uint8_t pcp, bool dei,
                                   std::uint16_t tpid) {
  return vlan(VlanFields{vid, pcp, dei, tpid, {}});
}
PacketBuilder& PacketBuilder::vlan(const VlanFields& f) {
  layers_.emplace_back(f);
  return *this;
}
PacketBuilder& PacketBuilder::arp(const ArpFields& f) {
  layers_.emplace_back(f);
  return *this;
}
PacketBuilder& PacketBuilder::ipv4(const Ipv4Fields& f) {
  layers_.emplace_back(f);
  return *this;
}
PacketBuilder& PacketBuilder::ipv6(const Ipv6Fields& f) {
  layers_.emplace_back(f);
  return *this;
}
PacketBuilder& PacketBuilder::ipv6_frag(const Ipv6FragFields& f) {
  layers_.emplace_back(f);
  return *this;
}
PacketBuilder& PacketBuilder::tcp(const TcpFields& f) {
  layers_.emplace_back(f);
  return *this;
}
PacketBuilder& PacketBuilder::udp(const UdpFields& f) {
  layers_.emplace_back(f);
  return *this;
}
PacketBuilder& PacketBuilder::icmp(const IcmpFields& f) {
  layers_.emplace_back(f);
  return *this;
}
PacketBuilder& PacketBuilder::icmpv6(const IcmpFields& f) {
  layers_.emplace_back(Icmp6{f});
  return *this;
}
PacketBuilder& PacketBuilder::payload(ByteView data) {
  layers_.emplace_back(Payload{Bytes(data.begin(), data.end())});
  return *this;
}
PacketBuilder& PacketBuilder::payload(std::size_t n, std::uint8_t fill) {
  layers_.emplace_back(Payload{Bytes(n, fill)});
  return *this;
}
PacketBuilder& PacketBuilder::pad_to(std::size_t n) {
  pad_to_ = n;
  return *this;
}

Bytes PacketBuilder::build() const {
  Bytes b = render(0);
  if (b.size() < pad_to_) b.resize(pad_to_, 0);
  return b;
}

std::optional<std::uint16_t> PacketBuilder::ethertype_of(std::size_t i) const {
  if (i >= layers_.size()) return std::nullopt;
  return std::visit(
      Overloaded{[](const VlanFields& v) -> std::optional<std::uint16_t> { return v.tpid; },
                 [](const ArpFields&) -> std::optional<std::uint16_t> { return ethertype::kArp; },
                 [](const Ipv4Fields&) -> std::optional<std::uint16_t> { return ethertype::kIpv4; },
                 [](const Ipv6Fields&) -> std::optional<std::uint16_t> { return ethertype::kIpv6; },
                 [](const auto&) -> std::optional<std::uint16_t> { return std::nullopt; }},
      layers_[i]);
}

std::optional<std::uint8_t> PacketBuilder::ipproto_of(std::size_t i) const {
  if (i >= layers_.size()) return std::nullopt;
  return std::visit(
      Overloaded{
          [](const TcpFields&) -> std::optional<std::uint8_t> { return ipproto::kTcp; },
          [](const UdpFields&) -> std::optional<std::uint8_t> { return ipproto::kUdp; },
          [](const IcmpFields&) -> std::optional<std::uint8_t> { return ipproto::kIcmp; },
          [](const Icmp6&) -> std::optional<std::uint8_t> { return ipproto::kIcmpv6; },
          [](const Ipv6FragFields&) -> std::optional<std::uint8_t> { return ipproto::kIpv6Frag; },
          [](const Ipv6Fields&) -> std::optional<std::uint8_t> { return 41; },
          [](const Ipv4Fields&) -> std::optional<std::uint8_t> { return 4; },
          [](const auto&) -> std::optional<std::uint8_t> { return std::nullopt; }},
      layers_[i]);
}

std::optional<std::size_t> PacketBuilder::enclosing_ip(std::size_t i) const {
  for (std::size_t j = i; j-- > 0;) {
    if (std::holds_alternative<Ipv4Fields>(layers_[j]) ||
        std::holds_alternative<Ipv6Fields>(layers_[j]))
      return j;
  }
  return std::nullopt;
}

Bytes PacketBuilder::render(std::size_t i) const {
  if (i >= layers_.size()) return {};
  const Bytes inner = render(i + 1);
  // Pseudo-header sum for an L4 layer i with `len` bytes, from the enclosing IP layer.
  auto pseudo = [&](std::uint8_t proto, std::size_t len) -> std::uint16_t {
    const auto ip = enclosing_ip(i);
    if (!ip) return 0;
    if (const auto* v4 = std::get_if<Ipv4Fields>(&layers_[*ip])) {
      return pseudo_sum4(v4->src, v4->dst, proto, static_cast<std::uint16_t>(len));
    }
    const auto& v6 = std::get<Ipv6Fields>(layers_[*ip]);
    return pseudo_sum6(v6.src, v6.dst, static_cast<std::uint32_t>(len), proto);
  };
  Bytes h;
  std::visit(
      Overloaded{
          [&](const EthFields& f) {
            append(h, f.dst);
            append(h, f.src);
            append16(h, f.type.value_or(ethertype_of(i + 1).value_or(0)));
          },
          [&](const VlanFields& f) {
            append16(h, static_cast<std::uint16_t>((f.pcp & 7) << 13 | (f.dei ? 1 : 0) << 12 |
                                                   (f.vid & 0xfff)));
            append16(h, f.type.value_or(ethertype_of(i + 1).value_or(0)));
          },
          [&](const ArpFields& f) {
            append16(h, f.htype);
            append16(h, f.ptype);
            h.push_back(f.hlen);
            h.push_back(f.plen);
            append16(h, f.op);
            append(h, f.sha);
            append(h, f.spa);
            append(h, f.tha);
            append(h, f.tpa);
          },
          [&](const Ipv4Fields& f) {
            Bytes opts = f.options;
            while (opts.size() % 4) opts.push_back(0);
            const std::uint8_t ihl = f.ihl.value_or(static_cast<std::uint8_t>(5 + opts.size() / 4));
            const std::size_t total = 20 + opts.size() + inner.size();
            h.push_back(static_cast<std::uint8_t>(f.version.value_or(4) << 4 | (ihl & 0xf)));
            h.push_back(f.tos);
            append16(h, f.total_length.value_or(static_cast<std::uint16_t>(total)));
            append16(h, f.id);
            append16(h, static_cast<std::uint16_t>((f.df ? 0x4000 : 0) | (f.mf ? 0x2000 : 0) |
                                                   (f.frag_offset & 0x1fff)));
            h.push_back(f.ttl);
            h.push_back(f.proto.value_or(ipproto_of(i + 1).value_or(ipproto::kNoNext)));
            append16(h, 0);
            append(h, f.src);
            append(h, f.dst);
            append(h, opts);
            put16(h, 10, f.checksum.value_or(internet_checksum(h)));
          },
          [&](const Ipv6Fields& f) {
            append32(h, static_cast<std::uint32_t>(f.version.value_or(6)) << 28 |
                            static_cast<std::uint32_t>(f.traffic_class) << 20 |
                            (f.flow_label & 0xfffff));
            append16(h, f.payload_length.value_or(static_cast<std::uint16_t>(inner.size())));
            h.push_back(f.next_header.value_or(ipproto_of(i + 1).value_or(ipproto::kNoNext)));
            h.push_back(f.hop_limit);
            append(h, f.src);
            append(h, f.dst);
          },
          [&](const Ipv6FragFields& f) {
            h.push_back(f.next_header.value_or(ipproto_of(i + 1).value_or(ipproto::kNoNext)));
            h.push_back(0);
            append16(h, static_cast<std::uint16_t>((f.offset & 0x1fff) << 3 | (f.more ? 1 : 0)));
            append32(h, f.ident);
          },
          [&](const TcpFields& f) {
            append16(h, f.sport);
            append16(h, f.dport);
            append32(h, f.seq);
            append32(h, f.ack);
            append16(h, static_cast<std::uint16_t>(5 << 12 | (f.flags & 0xfff)));
            append16(h, f.window);
            append16(h, 0);
            append16(h, 0);
            Bytes seg = h;
            append(seg, inner);
            put16(h, 16,
                  f.checksum.value_or(internet_checksum(seg, pseudo(ipproto::kTcp, seg.size()))));
          },
          [&](const UdpFields& f) {
            const auto len = static_cast<std::uint16_t>(8 + inner.size());
            append16(h, f.sport);
            append16(h, f.dport);
            append16(h, f.length.value_or(len));
            append16(h, 0);
            Bytes seg = h;
            append(seg, inner);
            std::uint16_t c = internet_checksum(seg, pseudo(ipproto::kUdp, len));
            if (c == 0) c = 0xffff;  // RFC 768: a computed zero is sent as all ones
            put16(h, 6, f.checksum.value_or(c));
          },
          [&](const IcmpFields& f) {
            h.push_back(f.type);
            h.push_back(f.code);
            append16(h, 0);
            append32(h, f.rest);
            Bytes msg = h;
            append(msg, inner);
            put16(h, 2, f.checksum.value_or(internet_checksum(msg)));
          },
          [&](const Icmp6& g) {
            const auto& f = g.f;
            h.push_back(f.type);
            h.push_back(f.code);
            append16(h, 0);
            append32(h, f.rest);
            Bytes msg = h;
            append(msg, inner);
            put16(
                h, 2,
                f.checksum.value_or(internet_checksum(msg, pseudo(ipproto::kIcmpv6, msg.size()))));
          },
          [&](const Payload& p) { h = p.data; }},
      layers_[i]);
  append(h, inner);
  return h;
}

}  // namespace baton::net
