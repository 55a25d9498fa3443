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

constexpr std::size_t kHdr = 128;  // the key's quote window (the parser reads 96)

// The IP datagram an ICMP error quotes (docs/ingress.md "Connection key"): TCP, UDP, an echo
// request or reply, another ICMP type or protocol, IPv4 with options now and then, cut anywhere
// and its version damaged at times, so the quote window's edges and the fallback to the frame's
// own key are crossed.
Bytes quoted_datagram(Rng& rng, bool v6, const baton::test::ingress::RandomAddresses& ad) {
  PacketBuilder ib;
  ib.eth(mac("02:00:00:00:00:20"), mac("02:00:00:00:00:21"));
  const auto sport = static_cast<std::uint16_t>(rng.bits(16)), dport = static_cast<std::uint16_t>(rng.bits(16));
  const auto id = static_cast<std::uint32_t>(rng.bits(32));
  const std::size_t kind = rng.range(0, 5);
  if (v6) {
    static constexpr std::array<std::uint8_t, 6> kProto{6, 17, 58, 58, 58, 47};
    ib.ipv6({.src = ad.s6, .dst = ad.d6, .next_header = kProto[kind]});
  } else {
    static constexpr std::array<std::uint8_t, 6> kProto{6, 17, 1, 1, 1, 47};
    ib.ipv4({.src = ad.s4, .dst = ad.d4, .options = Bytes(rng.chance(0.3) ? rng.range(1, 40) : 0, 1), .proto = kProto[kind]});
  }
  const std::uint8_t req = v6 ? 128 : 8, rep = v6 ? 129 : 0, other = v6 ? 135 : 13;
  switch (kind) {
    case 0: ib.tcp({.sport = sport, .dport = dport}); break;
    case 1: ib.udp({.sport = sport, .dport = dport}); break;
    case 2: case 3: case 4: {
      const IcmpFields f{.type = kind == 2 ? req : kind == 3 ? rep : other, .code = 0, .rest = id};
      if (v6) ib.icmpv6(f);
      else ib.icmp(f);
      break;
    }
    default: ib.payload(8, 9);
  }
  Bytes d = ib.build();
  d.erase(d.begin(), d.begin() + 14);
  if (rng.chance(0.3)) d.resize(rng.range(0, d.size()));
  if (!d.empty() && rng.chance(0.05)) d[0] ^= 0x20;  // the version
  if (!d.empty() && !v6 && rng.chance(0.05)) d[0] = static_cast<std::uint8_t>((d[0] & 0xf0) | rng.range(0, 4));  // IHL < 5
  return d;
}

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
  // ICMP errors that quote a datagram (types 3, 4, 5, 11, 12; ICMPv6 1-4), and a non-error type.
  static constexpr std::array<std::uint8_t, 6> kErr4{3, 4, 5, 11, 12, 13};
  static constexpr std::array<std::uint8_t, 6> kErr6{1, 2, 3, 4, 135, 2};
  switch (rng.range(0, 12)) {
    case 11: pb.ipv4({.src = s4, .dst = d4, .options = Bytes(rng.chance(0.3) ? rng.range(1, 40) : 0, 1)})
                 .icmp({.type = kErr4[rng.range(0, 5)]}).payload(quoted_datagram(rng, false, ad)); break;
    case 12:  // now and then in a first fragment: the ICMPv6 header after the fragment header
      pb.ipv6({.src = s6, .dst = d6});
      if (rng.chance(0.3)) pb.ipv6_frag({.offset = 0, .more = true});
      pb.icmpv6({.type = kErr6[rng.range(0, 5)]}).payload(quoted_datagram(rng, true, ad));
      break;
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
  unsigned quoted4 = 0, quoted6 = 0;  // ICMP errors keyed by their quote
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
    if (const auto q = ing::quoted_key(f, info.word, in_class)) ++(q->key.ipv6 ? quoted6 : quoted4);
    ASSERT_EQ(got_conn, want_conn.key) << fmt::format("connection key, frame {} ({} bytes), seed {}: rtl {} model {}\n"
                                                      "  repro: BATON_SEED={} ctest -R ingress_key_test", i, f.size(),
                                                      seed, got_conn.str(), want_conn.key.str(), seed);
    ASSERT_EQ(dut.conn_rev_o != 0, want_conn.reversed) << "direction, frame " << i << ", seed " << seed;
    ASSERT_EQ(dut.l4sum_o, ing::l4_sum(f, info.word))
        << fmt::format("L4 sum, frame {} ({} bytes), seed {}\n  repro: BATON_SEED={} ctest -R ingress_key_test", i,
                       f.size(), seed, seed);
  }
  EXPECT_GT(quoted4, 100U) << "IPv4 errors keyed by their quote, seed " << seed;
  EXPECT_GT(quoted6, 100U) << "IPv6 errors keyed by their quote, seed " << seed;
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
  // An ICMP error that quotes nothing is keyed by its addresses only.
  const auto err = key_of(eth().ipv4({.src = ip4("10.0.0.2"), .dst = ip4("10.0.0.1")}).icmp({.type = 3, .rest = 0x12345678}).build());
  EXPECT_EQ(err.key.src_port, 0);
  EXPECT_EQ(err.key.dst_port, 0);
  EXPECT_TRUE(err.reversed);
}

// An ICMP error finds the connection of the datagram it quotes (docs/ingress.md "Connection key",
// ICMP errors): the rule written out against packets of the connection itself, the window's edge
// and the errors that keep their own key.
TEST(IngressKey, IcmpErrorFindsTheConnectionItQuotes) {
  const auto key_of = [](const Bytes& f) {
    return ing::connection_key(f, ing::parse(f, ing::IngressConfig::kDefaultKey).word);
  };
  const auto eth = [](unsigned tags) {
    PacketBuilder pb;
    pb.eth(mac("02:00:00:00:00:01"), mac("02:00:00:00:00:02"));
    for (unsigned t = 0; t < tags; ++t) pb.vlan(static_cast<std::uint16_t>(0x100 + t), 0, false, 0x8100);
    return pb;
  };
  const auto ip_of = [](Bytes f, std::size_t tags) {
    f.erase(f.begin(), f.begin() + static_cast<std::ptrdiff_t>(14 + 4 * tags));
    return f;
  };
  // IPv4 TCP, 10.0.0.2:5000 -> 192.0.2.9:80, and a port unreachable from a router on the way back.
  const Bytes syn = eth(0).ipv4({.src = ip4("10.0.0.2"), .dst = ip4("192.0.2.9")}).tcp({.sport = 5000, .dport = 80}).build();
  const Bytes syn_ack = eth(1).ipv4({.src = ip4("192.0.2.9"), .dst = ip4("10.0.0.2")}).tcp({.sport = 80, .dport = 5000}).build();
  const Bytes q4 = ip_of(syn, 0);
  const auto e4 = key_of(eth(2).ipv4({.src = ip4("198.51.100.1"), .dst = ip4("10.0.0.2")}).icmp({.type = 3, .code = 3})
                             .payload(ByteView(q4.data(), 28)).build());
  EXPECT_EQ(e4.key, key_of(syn).key) << "the quoted SYN's connection";
  EXPECT_EQ(e4.key, key_of(syn_ack).key);
  EXPECT_EQ(e4.reversed, key_of(syn).reversed) << "the direction is the quoted datagram's";
  EXPECT_EQ(e4.key.proto, 6);
  // A quote cut before its 8 L4 bytes: the error's own key (ICMP, no ports).
  const auto cut = key_of(eth(0).ipv4({.src = ip4("198.51.100.1"), .dst = ip4("10.0.0.2")}).icmp({.type = 11})
                              .payload(ByteView(q4.data(), 27)).build());
  EXPECT_EQ(cut.key.proto, 1);
  EXPECT_EQ(cut.key.src_port, 0);
  // Not an error type (timestamp request): its own key.
  EXPECT_EQ(key_of(eth(0).ipv4({.src = ip4("198.51.100.1"), .dst = ip4("10.0.0.2")}).icmp({.type = 13})
                       .payload(ByteView(q4.data(), 28)).build()).key.proto, 1);
  // The window: with two tags the quote ends at 22 + 20 + 8 + 20 + 8 = 78 plus the options of both
  // headers: 126 with 48 bytes of options, 130 with 52 (past the 128-byte window).
  const auto with_opts = [&](std::size_t outer, std::size_t inner) {
    const Bytes d = ip_of(eth(0).ipv4({.src = ip4("10.0.0.2"), .dst = ip4("192.0.2.9"), .options = Bytes(inner, 1)})
                              .udp({.sport = 7, .dport = 9}).build(), 0);
    return key_of(eth(2).ipv4({.src = ip4("198.51.100.1"), .dst = ip4("10.0.0.2"), .options = Bytes(outer, 1)})
                      .icmp({.type = 3}).payload(ByteView(d.data(), 20 + ((inner + 3) & ~std::size_t{3}) + 8)).build());
  };
  EXPECT_EQ(with_opts(28, 20).key.proto, 17) << "quote ends at byte 126";
  EXPECT_EQ(with_opts(24, 22).key.proto, 17) << "22 bytes of options pad to 24: ends at 126";
  EXPECT_EQ(with_opts(28, 24).key.proto, 1) << "quote ends at byte 130: the error's own key";
  EXPECT_EQ(with_opts(24, 28).key.proto, 1);
  // IPv6 with two tags: an echo request, quoted in a packet-too-big, finds the echo connection
  // (request and reply alike); the quote ends at byte 22 + 40 + 8 + 40 + 8 = 118.
  const Bytes req = eth(0).ipv6({.src = ip6("2001:db8::9"), .dst = ip6("2001:db8:1::3")}).icmpv6({.type = 128, .rest = 0x4321000a}).build();
  const Bytes rep = eth(0).ipv6({.src = ip6("2001:db8:1::3"), .dst = ip6("2001:db8::9")}).icmpv6({.type = 129, .rest = 0x4321000a}).build();
  const Bytes q6 = ip_of(req, 0), q6r = ip_of(rep, 0);
  const auto e6 = key_of(eth(2).ipv6({.src = ip6("2001:db8:2::1"), .dst = ip6("2001:db8::9")}).icmpv6({.type = 2})
                             .payload(ByteView(q6.data(), 48)).build());
  EXPECT_EQ(e6.key, key_of(req).key);
  EXPECT_EQ(e6.key.src_port, 0x4321);
  const auto e6r = key_of(eth(0).ipv6({.src = ip6("2001:db8:2::1"), .dst = ip6("2001:db8:1::3")}).icmpv6({.type = 1})
                              .payload(ByteView(q6r.data(), 48)).build());
  EXPECT_EQ(e6r.key, key_of(req).key) << "a quoted reply names the same echo connection";
  // Three tags put an IPv6 quote's L4 bytes past the window (and the parser takes no L3 then).
  EXPECT_NE(key_of(eth(3).ipv6({.src = ip6("2001:db8:2::1"), .dst = ip6("2001:db8::9")}).icmpv6({.type = 2})
                       .payload(ByteView(q6.data(), 48)).build()).key, key_of(req).key);
}
