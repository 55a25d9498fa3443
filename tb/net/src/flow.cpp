// SPDX-License-Identifier: Apache-2.0
#include "baton/net/flow.hpp"

#include "baton/net/builder.hpp"
#include "baton/net/toeplitz.hpp"

namespace baton::net {

std::string_view to_string(FlowKind k) {
  switch (k) {
    case FlowKind::kNone:
      return "none";
    case FlowKind::kIp4Frag:
      return "ip4-frag";
    case FlowKind::kIp4Ports:
      return "ip4-ports";
    case FlowKind::kIp4Addr:
      return "ip4-addr";
    case FlowKind::kIp6Frag:
      return "ip6-frag";
    case FlowKind::kIp6Ports:
      return "ip6-ports";
    case FlowKind::kIp6Addr:
      return "ip6-addr";
  }
  return "?";
}

FlowKey flow_key(ByteView f) {
  FlowKey k;
  if (f.size() < 14) return k;
  std::size_t off = 12;
  std::uint16_t type = get16(f, off);
  off += 2;
  for (int tags = 0; tags < 2 && (type == ethertype::kVlan || type == ethertype::kQinq); ++tags) {
    if (off + 4 > f.size()) return k;
    type = get16(f, off + 2);
    off += 4;
  }
  const ByteView l3 = f.subspan(off);
  auto put = [&](FlowKind kind, std::initializer_list<ByteView> parts) {
    k.kind = kind;
    for (auto p : parts) append(k.input, p);
  };
  if (type == ethertype::kIpv4) {
    if (l3.size() < 20 || (l3[0] >> 4) != 4) return k;
    const std::size_t hl = std::size_t{l3[0] & 0xfu} * 4;
    if (hl < 20 || hl > l3.size()) return k;
    const ByteView addrs = l3.subspan(12, 8);
    const std::uint8_t proto = l3[9];
    const bool frag = (get16(l3, 6) & 0x3fff) != 0;  // MF or a non-zero offset
    if (frag) {
      const std::uint8_t tail[4] = {l3[4], l3[5], 0, proto};
      put(FlowKind::kIp4Frag, {addrs, tail});
    } else if ((proto == ipproto::kTcp || proto == ipproto::kUdp) && l3.size() >= hl + 4) {
      put(FlowKind::kIp4Ports, {addrs, l3.subspan(hl, 4)});
    } else {
      put(FlowKind::kIp4Addr, {addrs});
    }
  } else if (type == ethertype::kIpv6) {
    if (l3.size() < 40 || (l3[0] >> 4) != 6) return k;
    const ByteView addrs = l3.subspan(8, 32);
    const std::uint8_t nh = l3[6];
    if (nh == ipproto::kIpv6Frag && l3.size() >= 48) {
      put(FlowKind::kIp6Frag, {addrs, l3.subspan(44, 4)});
    } else if ((nh == ipproto::kTcp || nh == ipproto::kUdp) && l3.size() >= 44) {
      put(FlowKind::kIp6Ports, {addrs, l3.subspan(40, 4)});
    } else {
      put(FlowKind::kIp6Addr, {addrs});
    }
  }
  return k;
}

std::uint32_t flow_hash(ByteView frame) { return flow_hash(frame, kRssVerificationKey); }

std::uint32_t flow_hash(ByteView frame, ByteView key) {
  const FlowKey k = flow_key(frame);
  return k.input.empty() ? 0 : toeplitz(key, k.input);
}

}  // namespace baton::net
