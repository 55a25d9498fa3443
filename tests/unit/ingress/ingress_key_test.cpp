// SPDX-License-Identifier: Apache-2.0
// The RTL flow-key extractor (rtl/ingress/baton_ingress_key.sv, beside the parser as the ingress
// port uses it) against the model's flow_key() (docs/ingress.md "Flow key"): generated traffic,
// frames with 0..3 tags, IPv4 options, IPv6 fragment headers, truncated frames and random bytes;
// the bytes after the frame's end are random so the key can depend only on the frame.
#include <gtest/gtest.h>

#include <fmt/format.h>

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
  const Ip4 &s4 = ad.s4, &d4 = ad.d4;
  const Ip6 &s6 = ad.s6, &d6 = ad.d6;
  const auto sport = static_cast<std::uint16_t>(rng.bits(16)), dport = static_cast<std::uint16_t>(rng.bits(16));
  switch (rng.range(0, 8)) {
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
  Bytes f = pb.build();
  if (rng.chance(0.4)) f.resize(rng.range(1, f.size()));
  return f;
}

using baton::test::ingress::profile;

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
    dut.eval();
    const auto info = ing::parse(f, ing::IngressConfig::kDefaultKey);
    ASSERT_EQ(dut.word_o, info.word.pack()) << "parse word, frame " << i << ", seed " << seed;
    std::array<std::uint8_t, lk::kKeyBytes> kb{};
    for (std::size_t b = 0; b < lk::kKeyBytes; ++b) {
      const std::size_t bit = 8 * (lk::kKeyBytes - 1 - b);  // byte 0 is the most significant
      kb[b] = static_cast<std::uint8_t>(dut.key_o[bit / 32] >> (bit % 32));
    }
    const lk::FlowKey got = lk::FlowKey::from_bytes(kb);
    const lk::FlowKey want = ing::flow_key(f, info.word, in_class);
    ASSERT_EQ(got, want) << fmt::format("frame {} ({} bytes), seed {}: rtl {} model {}\n  repro: BATON_SEED={} "
                                        "ctest -R ingress_key_test", i, f.size(), seed, got.str(), want.str(), seed);
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
