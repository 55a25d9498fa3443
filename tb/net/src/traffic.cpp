// SPDX-License-Identifier: Apache-2.0
#include "baton/net/traffic.hpp"

#include <fmt/format.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "baton/net/builder.hpp"

namespace baton::net {

std::string_view to_string(TrafficKind k) {
  static constexpr std::array<std::string_view, kTrafficKinds> kNames = {"arp-for-router",
                                                                         "arp-other",
                                                                         "ip4-udp",
                                                                         "ip4-tcp",
                                                                         "ip4-frag",
                                                                         "ip4-options",
                                                                         "ip4-echo-router",
                                                                         "ip4-to-router",
                                                                         "ip4-ttl1",
                                                                         "ip4-no-route",
                                                                         "ip6-udp",
                                                                         "ip6-tcp",
                                                                         "ip6-frag",
                                                                         "ip6-echo-router",
                                                                         "ip6-hop1",
                                                                         "l2-not-for-us",
                                                                         "unknown-ethertype",
                                                                         "runt",
                                                                         "oversize",
                                                                         "tuser",
                                                                         "ip4-bad-ihl",
                                                                         "ip4-bad-version",
                                                                         "ip4-len-beyond-frame",
                                                                         "ip4-bad-checksum",
                                                                         "l2-three-tags",
                                                                         "l2-truncated-tag",
                                                                         "arp-malformed",
                                                                         "arp-bad-opcode",
                                                                         "ip6-bad-version",
                                                                         "ip6-len-beyond-frame",
                                                                         "ip4-echo-bad-checksum",
                                                                         "ip6-echo-bad-checksum"};
  const auto i = static_cast<std::size_t>(k);
  return i < kNames.size() ? kNames[i] : "?";
}

TrafficMix TrafficMix::standard() {
  TrafficMix m;
  auto w = [&](TrafficKind k, double v) { m.weight[static_cast<std::size_t>(k)] = v; };
  w(TrafficKind::kIp4Udp, 20);
  w(TrafficKind::kIp4Tcp, 20);
  w(TrafficKind::kIp6Udp, 8);
  w(TrafficKind::kIp6Tcp, 8);
  w(TrafficKind::kIp4Frag, 3);
  w(TrafficKind::kIp6Frag, 2);
  w(TrafficKind::kIp4Options, 1);
  w(TrafficKind::kArpForRouter, 3);
  w(TrafficKind::kArpOther, 2);
  w(TrafficKind::kIp4EchoRouter, 3);
  w(TrafficKind::kIp6EchoRouter, 2);
  w(TrafficKind::kIp4ToRouter, 2);
  w(TrafficKind::kIp4Ttl1, 2);
  w(TrafficKind::kIp6Hop1, 2);
  w(TrafficKind::kIp4NoRoute, 1);
  w(TrafficKind::kL2NotForUs, 1);
  w(TrafficKind::kUnknownEthertype, 1);
  w(TrafficKind::kRunt, 1);
  w(TrafficKind::kOversize, 1);
  w(TrafficKind::kTuser, 1);
  w(TrafficKind::kIp4BadIhl, 1);
  w(TrafficKind::kIp4BadVersion, 1);
  w(TrafficKind::kIp4LenBeyondFrame, 1);
  w(TrafficKind::kIp4BadChecksum, 1);
  return m;
}

TrafficMix TrafficMix::uniform() {
  TrafficMix m;
  m.weight.fill(1.0);
  return m;
}

TrafficMix TrafficMix::malformed() {
  TrafficMix m;
  for (auto k : {TrafficKind::kUnknownEthertype, TrafficKind::kRunt, TrafficKind::kOversize, TrafficKind::kTuser,
                 TrafficKind::kIp4BadIhl, TrafficKind::kIp4BadVersion, TrafficKind::kIp4LenBeyondFrame,
                 TrafficKind::kIp4BadChecksum, TrafficKind::kL2ThreeTags, TrafficKind::kL2TruncatedTag,
                 TrafficKind::kArpMalformed, TrafficKind::kArpBadOpcode, TrafficKind::kIp6BadVersion,
                 TrafficKind::kIp6LenBeyondFrame, TrafficKind::kIp4EchoBadChecksum, TrafficKind::kIp6EchoBadChecksum}) {
    m.weight[static_cast<std::size_t>(k)] = 1.0;
  }
  return m;
}

TrafficMix TrafficMix::only(TrafficKind k) {
  TrafficMix m;
  m.weight[static_cast<std::size_t>(k)] = 1.0;
  return m;
}

namespace {

std::pair<std::string, int> split_prefix(const std::string& s, int max_len) {
  const auto slash = s.find('/');
  if (slash == std::string::npos) return {s, max_len};
  return {s.substr(0, slash), std::stoi(s.substr(slash + 1))};
}

}  // namespace

TrafficProfile TrafficProfile::from_config_text(std::string_view text) {
  TrafficProfile p;
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text);
    for (const auto& jp : j.at("ports")) {
      Port port;
      port.port = jp.at("port").get<std::uint8_t>();
      port.mac = mac(jp.at("mac").get<std::string>());
      for (const auto& a : jp.value("ipv4", nlohmann::json::array())) {
        port.ip4.push_back(ip4(split_prefix(a.get<std::string>(), 32).first));
      }
      for (const auto& a : jp.value("ipv6", nlohmann::json::array())) {
        port.ip6.push_back(ip6(split_prefix(a.get<std::string>(), 128).first));
      }
      p.ports.push_back(port);
    }
    for (const auto& r : j.value("routes_ipv4", nlohmann::json::array())) {
      const auto [a, len] = split_prefix(r.at("prefix").get<std::string>(), 32);
      p.routes4.emplace_back(ip4(a), len);
    }
    for (const auto& r : j.value("routes_ipv6", nlohmann::json::array())) {
      const auto [a, len] = split_prefix(r.at("prefix").get<std::string>(), 128);
      p.routes6.emplace_back(ip6(a), len);
    }
    if (j.contains("limits")) {
      p.min_frame = j["limits"].value("min_frame", p.min_frame);
      p.max_frame = j["limits"].value("max_frame", p.max_frame);
    }
  } catch (const nlohmann::json::exception& e) {
    throw NetError(fmt::format("traffic profile: {}", e.what()));
  } catch (const std::logic_error& e) {
    throw NetError(fmt::format("traffic profile: {}", e.what()));
  }
  if (p.ports.empty()) throw NetError("traffic profile: no ports");
  p.min_size = std::max<std::size_t>(p.min_frame, 60);
  p.max_size = std::min<std::size_t>(p.max_frame, 1518);
  return p;
}

TrafficProfile TrafficProfile::from_config_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw NetError(fmt::format("{}: cannot open", path));
  std::stringstream ss;
  ss << in.rdbuf();
  return from_config_text(ss.str());
}

TrafficGenerator::TrafficGenerator(TrafficProfile profile, std::uint64_t seed)
    : profile_(std::move(profile)),
      rng_(seed),
      kinds_(profile_.mix.weight.begin(), profile_.mix.weight.end()) {
  if (profile_.ports.empty()) throw NetError("traffic generator: the profile has no ports");
}

std::uint64_t TrafficGenerator::rand(std::uint64_t lo, std::uint64_t hi) {
  return std::uniform_int_distribution<std::uint64_t>(lo, hi)(rng_);
}
bool TrafficGenerator::chance(double p) {
  return std::uniform_real_distribution<double>(0, 1)(rng_) < p;
}

const TrafficProfile::Port& TrafficGenerator::pick_port() {
  return profile_.ports[rand(0, profile_.ports.size() - 1)];
}

Mac TrafficGenerator::host_mac() {
  Mac m{};
  for (auto& b : m) b = static_cast<std::uint8_t>(rand(0, 255));
  m[0] = static_cast<std::uint8_t>((m[0] & 0xfc) | 0x02);  // unicast, locally administered
  return m;
}

Ip4 TrafficGenerator::host_ip4() {
  // A unicast, non-martian source: 1.0.0.0 .. 223.255.255.255 without 127/8.
  for (;;) {
    const auto v = static_cast<std::uint32_t>(rand(0x01000000, 0xdfffffff));
    if ((v >> 24) != 127) return ip4_from_u32(v);
  }
}

Ip6 TrafficGenerator::host_ip6() {
  Ip6 a = ip6("2001:db8:ffff::");
  for (std::size_t i = 6; i < 16; ++i) a[i] = static_cast<std::uint8_t>(rand(0, 255));
  return a;
}

Ip4 TrafficGenerator::routed_ip4() {
  if (profile_.routes4.empty()) return host_ip4();
  const auto& [net, len] = profile_.routes4[rand(0, profile_.routes4.size() - 1)];
  const std::uint32_t mask = len == 0 ? 0 : ~std::uint32_t{0} << (32 - len);
  const auto host = static_cast<std::uint32_t>(rand(0, 0xffffffff)) & ~mask;
  return ip4_from_u32((to_u32(net) & mask) | host);
}

Ip6 TrafficGenerator::routed_ip6() {
  if (profile_.routes6.empty()) return host_ip6();
  const auto& [net, len] = profile_.routes6[rand(0, profile_.routes6.size() - 1)];
  Ip6 a = net;
  for (int bit = len; bit < 128; ++bit) {
    const auto mask = static_cast<std::uint8_t>(0x80 >> (bit % 8));
    if (chance(0.5)) {
      a[bit / 8] |= mask;
    } else {
      a[bit / 8] &= static_cast<std::uint8_t>(~mask);
    }
  }
  return a;
}

Ip4 TrafficGenerator::unrouted_ip4() {
  // A destination no route covers, found by trial; falls back to any host when routes cover all.
  for (int tries = 0; tries < 64; ++tries) {
    const Ip4 a = host_ip4();
    bool covered = false;
    for (const auto& [net, len] : profile_.routes4) {
      const std::uint32_t mask = len == 0 ? 0 : ~std::uint32_t{0} << (32 - len);
      covered = covered || ((to_u32(a) & mask) == (to_u32(net) & mask));
    }
    if (!covered) return a;
  }
  return host_ip4();
}

std::size_t TrafficGenerator::frame_size() { return rand(profile_.min_size, profile_.max_size); }

GenPacket TrafficGenerator::next() {
  const auto& port = pick_port();
  GenPacket g;
  g.kind = static_cast<TrafficKind>(kinds_(rng_));
  g.port = port.port;
  g.frame = make(g.kind, port);
  g.tuser = g.kind == TrafficKind::kTuser;
  return g;
}

Bytes TrafficGenerator::make(TrafficKind k, const TrafficProfile::Port& p) {
  const Mac src_mac = host_mac();
  PacketBuilder b;
  b.eth(k == TrafficKind::kL2NotForUs ? host_mac() : p.mac, src_mac);
  std::size_t tags = 0;
  if (chance(profile_.vlan2)) {
    b.vlan(VlanFields{static_cast<std::uint16_t>(rand(0, 4095)),
                      static_cast<std::uint8_t>(rand(0, 7)),
                      chance(0.1),
                      chance(0.5) ? ethertype::kQinq : ethertype::kVlan,
                      {}});
    b.vlan(static_cast<std::uint16_t>(rand(0, 4095)), static_cast<std::uint8_t>(rand(0, 7)));
    tags = 2;
  } else if (chance(profile_.vlan1)) {
    b.vlan(static_cast<std::uint16_t>(rand(0, 4095)), static_cast<std::uint8_t>(rand(0, 7)),
           chance(0.1));
    tags = 1;
  }
  const std::size_t l2 = 14 + 4 * tags;
  const std::size_t size = frame_size();
  // Payload that makes a frame of `size` bytes after `hdr` bytes of headers (at least 0).
  auto fill = [&](std::size_t hdr) {
    const std::size_t n = size > l2 + hdr ? size - l2 - hdr : 0;
    Bytes d(n);
    for (auto& x : d) x = static_cast<std::uint8_t>(rand(0, 255));
    return d;
  };
  const Ip4 my4 = p.ip4.empty() ? host_ip4() : p.ip4[rand(0, p.ip4.size() - 1)];
  const Ip6 my6 = p.ip6.empty() ? host_ip6() : p.ip6[rand(0, p.ip6.size() - 1)];
  const auto ttl = static_cast<std::uint8_t>(rand(2, 255));
  const auto id = static_cast<std::uint16_t>(rand(0, 0xffff));
  const auto sport = static_cast<std::uint16_t>(rand(1024, 65535));
  const auto dport = static_cast<std::uint16_t>(rand(1, 65535));
  Ipv4Fields v4{.src = host_ip4(), .dst = routed_ip4(), .ttl = ttl, .id = id, .df = chance(0.5)};
  Ipv6Fields v6{.src = host_ip6(),
                .dst = routed_ip6(),
                .hop_limit = ttl,
                .traffic_class = static_cast<std::uint8_t>(rand(0, 255)),
                .flow_label = static_cast<std::uint32_t>(rand(0, 0xfffff))};
  switch (k) {
    case TrafficKind::kArpForRouter:
    case TrafficKind::kArpOther: {
      b = PacketBuilder();
      b.eth(chance(0.8) ? Mac{0xff, 0xff, 0xff, 0xff, 0xff, 0xff} : p.mac, src_mac);
      for (std::size_t t = 0; t < tags; ++t) b.vlan(static_cast<std::uint16_t>(rand(0, 4095)));
      b.arp({.op = 1,
             .sha = src_mac,
             .spa = host_ip4(),
             .tha = {},
             .tpa = k == TrafficKind::kArpForRouter ? my4 : host_ip4()});
      return b.pad_to(60).build();
    }
    case TrafficKind::kIp4Udp:
    case TrafficKind::kIp4Ttl1:
    case TrafficKind::kIp4NoRoute:
    case TrafficKind::kIp4Options: {
      if (k == TrafficKind::kIp4Ttl1) v4.ttl = static_cast<std::uint8_t>(rand(0, 1));
      if (k == TrafficKind::kIp4NoRoute) v4.dst = unrouted_ip4();
      if (k == TrafficKind::kIp4Options) v4.options = Bytes{0x01, 0x01, 0x01, 0x00};  // NOPs + EOL
      const std::size_t hdr = 20 + v4.options.size() + 8;
      return b.ipv4(v4).udp({.sport = sport, .dport = dport}).payload(fill(hdr)).pad_to(60).build();
    }
    case TrafficKind::kIp4Tcp:
      return b.ipv4(v4)
          .tcp({.sport = sport,
                .dport = dport,
                .seq = static_cast<std::uint32_t>(rand(0, 0xffffffff)),
                .ack = static_cast<std::uint32_t>(rand(0, 0xffffffff)),
                .flags = 0x010})
          .payload(fill(40))
          .pad_to(60)
          .build();
    case TrafficKind::kIp4Frag: {
      v4.mf = chance(0.5);
      v4.frag_offset = v4.mf && chance(0.5) ? 0 : static_cast<std::uint16_t>(rand(1, 180));
      v4.proto = ipproto::kUdp;
      return b.ipv4(v4).payload(fill(20)).pad_to(60).build();
    }
    case TrafficKind::kIp4EchoRouter:
      v4.dst = my4;
      return b.ipv4(v4)
          .icmp({.type = 8, .code = 0, .rest = static_cast<std::uint32_t>(rand(0, 0xffffffff))})
          .payload(fill(28))
          .pad_to(60)
          .build();
    case TrafficKind::kIp4ToRouter:
      v4.dst = my4;
      return b.ipv4(v4).udp({.sport = sport, .dport = dport}).payload(fill(28)).pad_to(60).build();
    case TrafficKind::kIp6Udp:
    case TrafficKind::kIp6Hop1:
      if (k == TrafficKind::kIp6Hop1) v6.hop_limit = static_cast<std::uint8_t>(rand(0, 1));
      return b.ipv6(v6).udp({.sport = sport, .dport = dport}).payload(fill(48)).pad_to(60).build();
    case TrafficKind::kIp6Tcp:
      return b.ipv6(v6)
          .tcp({.sport = sport,
                .dport = dport,
                .seq = static_cast<std::uint32_t>(rand(0, 0xffffffff)),
                .ack = static_cast<std::uint32_t>(rand(0, 0xffffffff)),
                .flags = 0x018})
          .payload(fill(60))
          .pad_to(60)
          .build();
    case TrafficKind::kIp6Frag: {
      const bool more = chance(0.5);
      return b.ipv6(v6)
          .ipv6_frag({.offset = static_cast<std::uint16_t>(more && chance(0.5) ? 0 : rand(1, 180)),
                      .more = more,
                      .ident = static_cast<std::uint32_t>(rand(0, 0xffffffff)),
                      .next_header = ipproto::kUdp})
          .payload(fill(48))
          .build();
    }
    case TrafficKind::kIp6EchoRouter:
      v6.dst = my6;
      return b.ipv6(v6)
          .icmpv6({.type = 128, .code = 0, .rest = static_cast<std::uint32_t>(rand(0, 0xffffffff))})
          .payload(fill(48))
          .build();
    case TrafficKind::kL2NotForUs:
      return b.ipv4(v4).udp({.sport = sport, .dport = dport}).payload(fill(28)).pad_to(60).build();
    case TrafficKind::kUnknownEthertype: {
      b = PacketBuilder();
      b.eth(p.mac, src_mac, static_cast<std::uint16_t>(chance(0.5) ? 0x88cc : rand(0, 0x05ff)));
      return b.payload(fill(0)).pad_to(60).build();
    }
    case TrafficKind::kRunt: {
      const std::size_t n = rand(14, profile_.min_frame > 14 ? profile_.min_frame - 1 : 14);
      Bytes f = b.ipv4(v4).udp({.sport = sport, .dport = dport}).build();
      f.resize(n, 0);
      return f;
    }
    case TrafficKind::kOversize: {
      const std::size_t n = rand(profile_.max_frame + 1, profile_.max_frame + 64);
      Bytes f = b.ipv4(v4).udp({.sport = sport, .dport = dport}).payload(n, 0x5a).build();
      f.resize(n, 0x5a);
      return f;
    }
    case TrafficKind::kTuser:
      return b.ipv4(v4).udp({.sport = sport, .dport = dport}).payload(fill(28)).pad_to(60).build();
    case TrafficKind::kIp4BadIhl:
      v4.ihl = static_cast<std::uint8_t>(rand(0, 4));
      return b.ipv4(v4).udp({.sport = sport, .dport = dport}).payload(fill(28)).pad_to(60).build();
    case TrafficKind::kIp4BadVersion:
      v4.version = static_cast<std::uint8_t>(chance(0.5) ? 6 : rand(0, 3));
      return b.ipv4(v4).udp({.sport = sport, .dport = dport}).payload(fill(28)).pad_to(60).build();
    case TrafficKind::kIp4LenBeyondFrame: {
      Bytes pl = fill(28);
      const auto real = static_cast<std::uint16_t>(28 + pl.size());
      // At least one byte more than the frame holds after the L2 header, padding included.
      const std::size_t l3_in_frame =
          std::max<std::size_t>(real, 60 - std::min<std::size_t>(60, l2));
      v4.total_length = static_cast<std::uint16_t>(l3_in_frame + rand(1, 64));
      return b.ipv4(v4).udp({.sport = sport, .dport = dport}).payload(pl).pad_to(60).build();
    }
    case TrafficKind::kIp4BadChecksum: {
      // Build it right, then flip bits of the stored checksum so it is certainly wrong.
      Bytes f =
          b.ipv4(v4).udp({.sport = sport, .dport = dport}).payload(fill(28)).pad_to(60).build();
      const auto flip = static_cast<std::uint16_t>(rand(1, 0xfffe));
      f[l2 + 10] ^= static_cast<std::uint8_t>(flip >> 8);
      f[l2 + 11] ^= static_cast<std::uint8_t>(flip);
      return f;
    }
    case TrafficKind::kL2ThreeTags: {
      b = PacketBuilder();
      b.eth(p.mac, src_mac);
      for (int t = 0; t < 3; ++t) b.vlan(static_cast<std::uint16_t>(rand(0, 4095)));
      return b.ipv4(v4).udp({.sport = sport, .dport = dport}).payload(fill(28 + 12)).pad_to(60).build();
    }
    case TrafficKind::kL2TruncatedTag: {
      // Destination, source, TPID and 0..1 bytes of the tag control field.
      b = PacketBuilder();
      b.eth(p.mac, src_mac, chance(0.5) ? ethertype::kVlan : ethertype::kQinq);
      Bytes f = b.build();
      f.resize(14 + rand(0, 1), 0x00);
      return f;
    }
    case TrafficKind::kArpMalformed:
    case TrafficKind::kArpBadOpcode: {
      ArpFields a{.op = 1, .sha = src_mac, .spa = host_ip4(), .tha = {}, .tpa = my4};
      if (k == TrafficKind::kArpBadOpcode) {
        a.op = static_cast<std::uint16_t>(rand(3, 0xffff));
      } else {
        switch (rand(0, 3)) {
          case 0: a.htype = static_cast<std::uint16_t>(rand(2, 0xffff)); break;
          case 1: a.ptype = ethertype::kIpv6; break;
          case 2: a.hlen = static_cast<std::uint8_t>(rand(7, 255)); break;
          default: a.plen = static_cast<std::uint8_t>(rand(5, 255)); break;
        }
      }
      b = PacketBuilder();
      b.eth(Mac{0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, src_mac);
      for (std::size_t t = 0; t < tags; ++t) b.vlan(static_cast<std::uint16_t>(rand(0, 4095)));
      return b.arp(a).pad_to(60).build();
    }
    case TrafficKind::kIp6BadVersion: {
      Bytes f = b.ipv6(v6).udp({.sport = sport, .dport = dport}).payload(fill(48)).pad_to(60).build();
      const auto version = static_cast<std::uint8_t>(chance(0.5) ? 4 : rand(0, 3));
      f[l2] = static_cast<std::uint8_t>((version << 4) | (f[l2] & 0x0f));
      return f;
    }
    case TrafficKind::kIp6LenBeyondFrame: {
      Bytes f = b.ipv6(v6).udp({.sport = sport, .dport = dport}).payload(fill(48)).pad_to(60).build();
      const std::size_t have = f.size() - l2 - 40;
      const auto plen = static_cast<std::uint16_t>(have + rand(1, 64));
      f[l2 + 4] = static_cast<std::uint8_t>(plen >> 8);
      f[l2 + 5] = static_cast<std::uint8_t>(plen);
      return f;
    }
    case TrafficKind::kIp4EchoBadChecksum: {
      v4.dst = my4;
      Bytes f = b.ipv4(v4)
                    .icmp({.type = 8, .code = 0, .rest = static_cast<std::uint32_t>(rand(0, 0xffffffff))})
                    .payload(fill(28))
                    .pad_to(60)
                    .build();
      const auto flip = static_cast<std::uint16_t>(rand(1, 0xfffe));
      f[l2 + 20 + 2] ^= static_cast<std::uint8_t>(flip >> 8);
      f[l2 + 20 + 3] ^= static_cast<std::uint8_t>(flip);
      return f;
    }
    case TrafficKind::kIp6EchoBadChecksum: {
      v6.dst = my6;
      Bytes f = b.ipv6(v6)
                    .icmpv6({.type = 128, .code = 0, .rest = static_cast<std::uint32_t>(rand(0, 0xffffffff))})
                    .payload(fill(48))
                    .build();
      const auto flip = static_cast<std::uint16_t>(rand(1, 0xfffe));
      f[l2 + 40 + 2] ^= static_cast<std::uint8_t>(flip >> 8);
      f[l2 + 40 + 3] ^= static_cast<std::uint8_t>(flip);
      return f;
    }
    case TrafficKind::kCount:
      break;
  }
  throw NetError("traffic generator: bad kind");
}

}  // namespace baton::net
