// SPDX-License-Identifier: Apache-2.0
// The RTL flow-key extractor (rtl/ingress/baton_ingress_key.sv, beside the parser as the ingress
// port uses it) against the model's flow_key() (docs/ingress.md "Flow key"): generated traffic,
// frames with 0..3 tags, IPv4 options, IPv6 fragment headers, truncated frames and random bytes;
// the bytes after the frame's end are random so the key can depend only on the frame.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <string>

#include "Vingress_key_probe.h"
#include "baton/model/ingress/ingress_model.hpp"
#include "baton/net/builder.hpp"
#include "baton/net/traffic.hpp"
#include "ingress_profile.hpp"
#include "baton/tb/config.hpp"
#include "baton/tb/rng.hpp"

namespace {

namespace ing = baton::model::ingress;
namespace lk = baton::model::lookup;
using namespace baton::net;
using baton::tb::Rng;

constexpr std::size_t kHdr = 96;

Bytes corner(Rng& rng) {
  PacketBuilder pb;
  pb.eth(mac("02:00:00:00:00:10"), mac("02:00:00:00:10:02"));
  const unsigned tags = static_cast<unsigned>(rng.range(0, 3));
  for (unsigned t = 0; t < tags; ++t)
    pb.vlan(static_cast<std::uint16_t>(rng.range(0, 4095)), 0, false, rng.chance(0.5) ? 0x8100 : 0x88a8);
  const baton::test::ingress::RandomAddresses ad(rng);
  // Equal endpoints now and then, so the connection key's port comparison decides.
  const bool same = rng.chance(0.1);
  const Ip4 &s4 = ad.s4, &d4 = same ? ad.s4 : ad.d4;
  const Ip6 &s6 = ad.s6, &d6 = same ? ad.s6 : ad.d6;
  const auto sport = static_cast<std::uint16_t>(rng.bits(16)), dport = static_cast<std::uint16_t>(rng.bits(16));
  // ICMP: echo requests and replies (keyed by identifier), errors and other types.
  static constexpr std::array<std::uint8_t, 6> kIcmp4{8, 0, 3, 11, 13, 8};
  static constexpr std::array<std::uint8_t, 6> kIcmp6{128, 129, 1, 3, 135, 129};
  const std::size_t it = rng.range(0, 5);
  const IcmpFields icmp{.type = kIcmp4[it], .code = 0, .rest = static_cast<std::uint32_t>(rng.bits(32))};
  const IcmpFields icmp6{.type = kIcmp6[it], .code = 0, .rest = static_cast<std::uint32_t>(rng.bits(32))};
  switch (rng.range(0, 10)) {
    case 9: pb.ipv4({.src = s4, .dst = d4}).icmp(icmp); break;
    case 10: pb.ipv6({.src = s6, .dst = d6}).icmpv6(icmp6); break;
    case 0: pb.ipv4({.src = s4, .dst = d4, .options = Bytes(rng.range(0, 40), 1)}).tcp({.sport = sport, .dport = dport}); break;
    case 1: pb.ipv4({.src = s4, .dst = d4, .mf = rng.chance(0.5), .frag_offset = static_cast<std::uint16_t>(rng.range(0, 3)),
                     .proto = 17}).udp({.sport = sport, .dport = dport}); break;
    case 2: pb.ipv6({.src = s6, .dst = d6}).ipv6_frag({.offset = static_cast<std::uint16_t>(rng.range(0, 2)), .more = true})
                .udp({.sport = sport, .dport = dport}); break;
    case 3: pb.ipv6({.src = s6, .dst = d6}).tcp({.sport = sport, .dport = dport}); break;
    case 4: pb.ipv4({.src = s4, .dst = d4, .ihl = static_cast<std::uint8_t>(rng.range(0, 15))}).payload(rng.range(0, 60), 7); break;
    case 5: pb.ipv6({.src = s6, .dst = d6, .next_header = static_cast<std::uint8_t>(rng.bits(8))}).payload(48, 3); break;
    case 6: pb.ipv4({.src = s4, .dst = d4}).icmp({}); break;
    case 7: pb.arp({.spa = s4, .tpa = d4}); break;
    default: pb.payload(rng.range(0, 90), static_cast<std::uint8_t>(rng.bits(8)));
  }
  if (rng.chance(0.3)) pb.payload(rng.range(1, 31), static_cast<std::uint8_t>(rng.bits(8)));  // odd lengths too
  Bytes f = pb.build();
  // Padding or trailing bytes after the datagram (the L4 sum must leave them out), a damaged
  // byte (a wrong L4 checksum), or a truncated frame.
  if (rng.chance(0.3)) {
    const std::size_t to = rng.chance(0.7) ? std::max<std::size_t>(f.size(), rng.range(34, 64)) : f.size() + rng.range(1, 40);
    while (f.size() < to) f.push_back(static_cast<std::uint8_t>(rng.bits(8)));
  }
  if (f.size() > 14 && rng.chance(0.2)) f[rng.range(14, f.size() - 1)] ^= static_cast<std::uint8_t>(1U << rng.range(0, 7));
  if (rng.chance(0.4)) f.resize(rng.range(1, f.size()));
  return f;
}

using baton::test::ingress::profile;

// A flattened key of the probe (byte 0 of the serialized key in the top bits).
template <typename W>
lk::FlowKey unflatten(const W& words) {
  std::array<std::uint8_t, lk::kKeyBytes> kb{};
  for (std::size_t b = 0; b < lk::kKeyBytes; ++b) {
    const std::size_t bit = 8 * (lk::kKeyBytes - 1 - b);  // byte 0 is the most significant
    kb[b] = static_cast<std::uint8_t>(words[bit / 32] >> (bit % 32));
  }
  return lk::FlowKey::from_bytes(kb);
}

TEST(IngressKey, RtlMatchesTheModel) {
  const std::uint64_t seed = baton::tb::test_seed();
  Rng rng(seed);
  Vingress_key_probe dut;
  TrafficGenerator gen(profile(), rng.next());
  for (unsigned i = 0; i < 20000; ++i) {
    const Bytes f = rng.chance(0.5) ? gen.next().frame : corner(rng);
    const auto in_class = static_cast<std::uint8_t>(rng.bits(3));
    for (std::size_t b = 0; b < kHdr; ++b) {
      const std::uint8_t v = b < f.size() ? f[b] : static_cast<std::uint8_t>(rng.bits(8));
      const std::size_t w = b / 4, sh = 8 * (b % 4);
      dut.hdr_i[w] = (dut.hdr_i[w] & ~(0xffU << sh)) | (static_cast<std::uint32_t>(v) << sh);
    }
    dut.len_i = static_cast<std::uint16_t>(f.size());
    dut.in_class_i = in_class;
    std::uint32_t fsum = 0;  // what the port streams: every byte, even offsets high
    for (std::size_t b = 0; b < f.size(); ++b) fsum += b % 2 == 0 ? f[b] << 8U : f[b];
    dut.fsum_i = fsum;
    dut.eval();
    const auto info = ing::parse(f, ing::IngressConfig::kDefaultKey);
    ASSERT_EQ(dut.word_o, info.word.pack()) << "parse word, frame " << i << ", seed " << seed;
    const lk::FlowKey got = unflatten(dut.key_o);
    const lk::FlowKey want = ing::flow_key(f, info.word, in_class);
    ASSERT_EQ(got, want) << fmt::format("frame {} ({} bytes), seed {}: rtl {} model {}\n  repro: BATON_SEED={} "
                                        "ctest -R ingress_key_test", i, f.size(), seed, got.str(), want.str(), seed);
    const lk::FlowKey got_conn = unflatten(dut.conn_key_o);
    const ing::ConnKey want_conn = ing::connection_key(f, info.word);
    ASSERT_EQ(got_conn, want_conn.key) << fmt::format("connection key, frame {} ({} bytes), seed {}: rtl {} model {}\n"
                                                      "  repro: BATON_SEED={} ctest -R ingress_key_test", i, f.size(),
                                                      seed, got_conn.str(), want_conn.key.str(), seed);
    ASSERT_EQ(dut.conn_rev_o != 0, want_conn.reversed) << "direction, frame " << i << ", seed " << seed;
    ASSERT_EQ(dut.l4sum_o, ing::l4_sum(f, info.word))
        << fmt::format("L4 sum, frame {} ({} bytes), seed {}\n  repro: BATON_SEED={} ctest -R ingress_key_test", i,
                       f.size(), seed, seed);
  }
}

TEST(IngressKey, DirectedFields) {
  const Bytes f = PacketBuilder().eth(mac("02:00:00:00:00:01"), mac("02:00:00:00:00:02")).vlan(0x123, 0, false, 0x8100)
                      .ipv4({.src = ip4("10.1.2.3"), .dst = ip4("192.0.2.9")}).udp({.sport = 5000, .dport = 53}).build();
  const auto k = ing::flow_key(f, ing::parse(f, ing::IngressConfig::kDefaultKey).word, 5);
  EXPECT_EQ(k.vlan, 0x123);
  EXPECT_EQ(k.in_class, 5);
  EXPECT_EQ(k.proto, 17);
  EXPECT_EQ(k.src_port, 5000);
  EXPECT_EQ(k.dst_port, 53);
  EXPECT_FALSE(k.ipv6);
  EXPECT_EQ(k.src_addr[12], 10);
  EXPECT_EQ(k.src_addr[15], 3);
  EXPECT_EQ(k.dst_addr[12], 192);
  EXPECT_EQ(k.src_addr[0], 0) << "IPv4 addresses in the low 32 bits";
  const Bytes frag = PacketBuilder().eth(mac("02:00:00:00:00:01"), mac("02:00:00:00:00:02"))
                         .ipv4({.src = ip4("10.1.2.3"), .dst = ip4("192.0.2.9"), .frag_offset = 8, .proto = 17})
                         .payload(16, 0).build();
  const auto kf = ing::flow_key(frag, ing::parse(frag, ing::IngressConfig::kDefaultKey).word, 0);
  EXPECT_EQ(kf.src_port, 0) << "a later fragment has no ports";
  EXPECT_EQ(kf.proto, 17);
}

}  // namespace

// The connection key of both directions of a connection, from the rules (docs/ingress.md
// "Connection key"): the lower endpoint first, no port class or VLAN, ICMP echo by identifier.
TEST(IngressKey, ConnectionKeyIsTheSameBothWays) {
  const auto key_of = [](const Bytes& f) {
    return ing::connection_key(f, ing::parse(f, ing::IngressConfig::kDefaultKey).word);
  };
  const auto eth = [] {
    PacketBuilder pb;
    pb.eth(mac("02:00:00:00:00:01"), mac("02:00:00:00:00:02")).vlan(0x123, 0, false, 0x8100);
    return pb;
  };
  // TCP from the higher address: reversed, the key starts with 10.0.0.1:80.
  const auto fwd = key_of(eth().ipv4({.src = ip4("10.0.0.2"), .dst = ip4("10.0.0.1")}).tcp({.sport = 5000, .dport = 80}).build());
  const auto rev = key_of(eth().ipv4({.src = ip4("10.0.0.1"), .dst = ip4("10.0.0.2")}).tcp({.sport = 80, .dport = 5000}).build());
  EXPECT_TRUE(fwd.reversed);
  EXPECT_FALSE(rev.reversed);
  EXPECT_EQ(fwd.key, rev.key);
  EXPECT_EQ(fwd.key.src_addr[15], 1);
  EXPECT_EQ(fwd.key.src_port, 80);
  EXPECT_EQ(fwd.key.dst_port, 5000);
  EXPECT_EQ(fwd.key.vlan, 0) << "the VLAN id is not part of a connection";
  EXPECT_EQ(fwd.key.in_class, 0);
  // Equal addresses: the ports decide.
  const auto a = key_of(eth().ipv4({.src = ip4("10.0.0.7"), .dst = ip4("10.0.0.7"), .proto = 17}).udp({.sport = 9, .dport = 7}).build());
  const auto b = key_of(eth().ipv4({.src = ip4("10.0.0.7"), .dst = ip4("10.0.0.7"), .proto = 17}).udp({.sport = 7, .dport = 9}).build());
  EXPECT_TRUE(a.reversed);
  EXPECT_FALSE(b.reversed);
  EXPECT_EQ(a.key, b.key);
  EXPECT_EQ(a.key.src_port, 7);
  // ICMPv6 echo: request and reply share the key (identifier as the source port), whatever the
  // sequence number; another identifier is another connection.
  const auto req = key_of(eth().ipv6({.src = ip6("2001:db8::9"), .dst = ip6("2001:db8::3")})
                              .icmpv6({.type = 128, .rest = 0x12340001}).build());
  const auto rep = key_of(eth().ipv6({.src = ip6("2001:db8::3"), .dst = ip6("2001:db8::9")})
                              .icmpv6({.type = 129, .rest = 0x12340007}).build());
  const auto other = key_of(eth().ipv6({.src = ip6("2001:db8::9"), .dst = ip6("2001:db8::3")})
                                .icmpv6({.type = 128, .rest = 0x12350001}).build());
  EXPECT_TRUE(req.reversed);
  EXPECT_FALSE(rep.reversed);
  EXPECT_EQ(req.key, rep.key);
  EXPECT_EQ(req.key.src_port, 0x1234);
  EXPECT_EQ(req.key.dst_port, 0);
  EXPECT_NE(req.key, other.key);
  // An ICMP error is keyed by its addresses only.
  const auto err = key_of(eth().ipv4({.src = ip4("10.0.0.2"), .dst = ip4("10.0.0.1")}).icmp({.type = 3, .rest = 0x12345678}).build());
  EXPECT_EQ(err.key.src_port, 0);
  EXPECT_EQ(err.key.dst_port, 0);
  EXPECT_TRUE(err.reversed);
}
