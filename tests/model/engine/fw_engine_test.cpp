// SPDX-License-Identifier: Apache-2.0
// Directed packets for every rule of docs/feature-set.md section 3 (and checksum corners) through
// the reference firmware on the ISS engine model, compared with the golden model; plus the
// instruction budget of the IPv4 fast path (<= 80 per 64-byte packet, every partition and the
// migration included) and the config blob's fixed address.
#include <gtest/gtest.h>

#include <algorithm>
#include <unistd.h>

#include <functional>

#include <nlohmann/json.hpp>

#include "baton/net/builder.hpp"
#include "baton/net/checksum.hpp"
#include "baton/net/parser.hpp"
#include "baton/net/traffic.hpp"
#include "baton/tb/config.hpp"
#include "fw_test_util.hpp"

namespace {

using namespace baton;
using namespace baton::net;
using golden::Action;
using golden::Drop;

const Mac kP0 = mac("02:00:00:00:00:01");
const Mac kP1 = mac("02:00:00:00:00:02");
const Mac kP2 = mac("02:00:00:00:00:03");
const Mac kP3 = mac("02:00:00:00:00:04");
const Mac kHost = mac("02:aa:00:00:00:01");
const Mac kBcast = mac("ff:ff:ff:ff:ff:ff");
const Mac kMcast6 = mac("33:33:00:00:00:01");
const Ip4 kR0 = ip4("192.0.2.1");
const Ip4 kSrc = ip4("192.0.2.50");
const Ip6 kR0v6 = ip6("2001:db8:1::1");
const Ip6 kSrc6 = ip6("2001:db8:1::50");

std::string small_frames_config() {
  std::string s = model_test::kDirectedConfig;
  s.insert(s.rfind('}'), R"(, "limits": { "min_frame": 14, "max_frame": 2048 })");
  return s;
}

Bytes udp4(Ip4 dst, std::uint8_t ttl = 64, Mac eth_dst = kP0, Ip4 src = kSrc, std::size_t size = 60) {
  return PacketBuilder().eth(eth_dst, kHost).ipv4({.src = src, .dst = dst, .ttl = ttl, .id = 0x4242})
      .udp({.sport = 1234, .dport = 5678}).payload(18, 0x33).pad_to(size).build();
}
Bytes udp6(Ip6 dst, std::uint8_t hops = 64, Mac eth_dst = kP0, Ip6 src = kSrc6, std::size_t payload = 12) {
  return PacketBuilder().eth(eth_dst, kHost).ipv6({.src = src, .dst = dst, .hop_limit = hops})
      .udp({.sport = 1234, .dport = 5678}).payload(payload, 0x44).pad_to(60).build();
}
Bytes ping4(Ip4 dst, std::size_t data = 32, Mac eth_dst = kP0) {
  return PacketBuilder().eth(eth_dst, kHost).ipv4({.src = kSrc, .dst = dst, .id = 7})
      .icmp({.type = 8, .code = 0, .rest = 0x12340001}).payload(data, 0x5a).pad_to(60).build();
}
Bytes ping6(Ip6 dst, std::size_t data = 32, Ip6 src = kSrc6) {
  return PacketBuilder().eth(kP0, kHost).ipv6({.src = src, .dst = dst})
      .icmpv6({.type = 128, .code = 0, .rest = 0x12340001}).payload(data, 0x5a).pad_to(60).build();
}
Bytes arp(std::uint16_t op, Ip4 tpa, Mac dst = kBcast) {
  return PacketBuilder().eth(dst, kHost).arp({.op = op, .sha = kHost, .spa = kSrc, .tpa = tpa}).pad_to(60).build();
}

struct Case {
  std::string name;
  Bytes frame;
  std::uint8_t port = 0;
  Action action;
  Drop reason = Drop::kNone;
  bool small = false;  // needs the min_frame 14 configuration
};

std::vector<Case> cases() {
  std::vector<Case> c;
  auto drop = [&](std::string n, Bytes f, Drop d, std::uint8_t port = 0, bool small = false) {
    c.push_back({std::move(n), std::move(f), port, Action::kDrop, d, small});
  };
  auto act = [&](std::string n, Bytes f, Action a, std::uint8_t port = 0) {
    c.push_back({std::move(n), std::move(f), port, a, Drop::kNone, false});
  };
  // 3.2 Layer 2
  drop("L1 port unconfigured", udp4(ip4("203.0.113.5")), Drop::kPortUnconfigured, 5);
  drop("L2 not for us", udp4(ip4("203.0.113.5"), 64, kP1), Drop::kL2NotForUs);
  {
    Bytes f = PacketBuilder().eth(kP0, kHost).vlan(7).ipv4({.src = kSrc, .dst = kR0}).build();
    f.resize(16);
    drop("L3 truncated tag", f, Drop::kL2Truncated, 0, true);
  }
  drop("L4 three tags", PacketBuilder().eth(kP0, kHost).vlan(1).vlan(2).vlan(3).ipv4({.src = kSrc, .dst = kR0}).pad_to(60).build(),
       Drop::kL2TooManyTags);
  drop("L5 LLDP", PacketBuilder().eth(kP0, kHost, 0x88cc).payload(46, 0).build(), Drop::kL2UnsupportedEthertype);
  drop("L5 LLC length", PacketBuilder().eth(kBcast, kHost, 0x0026).payload(46, 0).build(), Drop::kL2UnsupportedEthertype);
  act("L2 QinQ tags forwarded", PacketBuilder().eth(kP0, kHost).vlan(10, 3, true, ethertype::kQinq).vlan(20)
      .ipv4({.src = kSrc, .dst = ip4("203.0.113.5")}).udp({.sport = 1, .dport = 2}).pad_to(64).build(), Action::kForward);
  // 3.3 ARP
  {
    Bytes f = arp(1, kR0);
    f[14 + 4] = 7;
    drop("A1 hlen", f, Drop::kArpMalformed);
  }
  drop("A1 short", [] { Bytes f = PacketBuilder().eth(kBcast, kHost, 0x0806).payload(20, 0).build(); return f; }(),
       Drop::kArpMalformed, 0, true);
  act("A2 request", arp(1, kR0), Action::kReply);
  act("A2 request second address", arp(1, ip4("192.0.2.200")), Action::kReply);
  act("A2 request tagged", PacketBuilder().eth(kBcast, kHost).vlan(99).arp({.op = 1, .sha = kHost, .spa = kSrc, .tpa = kR0}).pad_to(60).build(),
      Action::kReply);
  act("A3 reply to host", arp(2, kR0, kP0), Action::kToHost);
  drop("A4 other port's address", arp(1, ip4("198.51.100.1")), Drop::kArpNotForUs);
  drop("A4 port without addresses", arp(1, kR0), Drop::kArpNotForUs, 2);
  drop("A5 opcode", arp(3, kR0), Drop::kArpBadOpcode);
  // 3.4 IPv4 validation
  {
    Bytes f = PacketBuilder().eth(kP0, kHost, 0x0800).payload(10, 0x45).build();
    drop("V1 truncated", f, Drop::kIpv4Truncated, 0, true);
  }
  drop("V2 version", PacketBuilder().eth(kP0, kHost).ipv4({.src = kSrc, .dst = kR0, .version = 5}).pad_to(60).build(), Drop::kIpv4BadVersion);
  drop("V3 ihl", PacketBuilder().eth(kP0, kHost).ipv4({.src = kSrc, .dst = kR0, .ihl = 4}).pad_to(60).build(), Drop::kIpv4BadIhl);
  drop("V4 total length", PacketBuilder().eth(kP0, kHost).ipv4({.src = kSrc, .dst = kR0, .total_length = 19}).pad_to(60).build(), Drop::kIpv4BadTotalLength);
  drop("V4 below options", PacketBuilder().eth(kP0, kHost).ipv4({.src = kSrc, .dst = kR0, .options = Bytes(8, 1), .total_length = 24}).pad_to(60).build(),
       Drop::kIpv4BadTotalLength);
  drop("V5 beyond frame", PacketBuilder().eth(kP0, kHost).ipv4({.src = kSrc, .dst = kR0, .total_length = 47}).pad_to(60).build(), Drop::kIpv4LengthBeyondFrame);
  drop("V6 checksum", PacketBuilder().eth(kP0, kHost).ipv4({.src = kSrc, .dst = ip4("203.0.113.5"), .checksum = 0x1234}).pad_to(60).build(), Drop::kIpv4BadChecksum);
  drop("V6 checksum with options", PacketBuilder().eth(kP0, kHost).ipv4({.src = kSrc, .dst = ip4("203.0.113.5"), .options = Bytes(4, 1), .checksum = 0x1234}).pad_to(60).build(),
       Drop::kIpv4BadChecksum);
  // 3.4 classification
  for (const char* s : {"0.1.2.3", "127.0.0.1", "224.0.0.5", "255.255.255.255"})
    drop(std::string("C1 source ") + s, udp4(ip4("203.0.113.5"), 64, kP0, ip4(s)), Drop::kIpv4MartianSource);
  act("C2 UDP to router", udp4(kR0), Action::kToHost);
  act("C2 other port's address", udp4(ip4("198.51.100.1")), Action::kToHost);
  act("C3 limited broadcast", udp4(ip4("255.255.255.255"), 1, kBcast), Action::kToHost);
  act("C4 local control", udp4(ip4("224.0.0.9"), 1, mac("01:00:5e:00:00:09")), Action::kToHost);
  drop("C5 multicast", udp4(ip4("239.1.2.3"), 9, mac("01:00:5e:01:02:03")), Drop::kIpv4MulticastNotRouted);
  for (const char* d : {"0.0.0.7", "127.1.2.3", "240.0.0.1", "255.255.255.254"})
    drop(std::string("C6 destination ") + d, udp4(ip4(d)), Drop::kIpv4MartianDestination);
  drop("C7 broadcast MAC", udp4(ip4("203.0.113.5"), 64, kBcast), Drop::kIpv4L2MulticastNotRouted);
  drop("F1 no route", udp4(ip4("8.8.8.8")), Drop::kIpv4NoRoute);
  drop("F1 before F2", udp4(ip4("8.8.8.8"), 1), Drop::kIpv4NoRoute);
  act("F2 time exceeded", udp4(ip4("203.0.113.5"), 1), Action::kReply);
  act("F2 time exceeded long packet with options", PacketBuilder().eth(kP0, kHost).ipv4({.src = kSrc, .dst = ip4("203.0.113.5"), .ttl = 1, .options = Bytes(12, 1)})
      .udp({.sport = 1, .dport = 2}).payload(200, 7).build(), Action::kReply);
  act("F2 time exceeded TTL 0", udp4(ip4("203.0.113.5"), 0), Action::kReply);
  act("F2 first fragment", PacketBuilder().eth(kP0, kHost).ipv4({.src = kSrc, .dst = ip4("203.0.113.5"), .ttl = 1, .mf = true})
      .udp({.sport = 1, .dport = 2}).payload(40, 7).build(), Action::kReply);
  drop("F2 later fragment", PacketBuilder().eth(kP0, kHost).ipv4({.src = kSrc, .dst = ip4("203.0.113.5"), .ttl = 1, .frag_offset = 3})
       .payload(40, 7).build(), Drop::kIpv4TtlExpired);
  drop("F2 ICMP error", PacketBuilder().eth(kP0, kHost).ipv4({.src = kSrc, .dst = ip4("203.0.113.5"), .ttl = 1})
       .icmp({.type = 3, .code = 1}).payload(28, 0).build(), Drop::kIpv4TtlExpired);
  act("F2 ICMP echo request", PacketBuilder().eth(kP0, kHost).ipv4({.src = kSrc, .dst = ip4("203.0.113.5"), .ttl = 1})
      .icmp({.type = 8, .code = 0}).payload(28, 0).build(), Action::kReply);
  drop("F2 port without IPv4", udp4(ip4("203.0.113.5"), 1, kP2), Drop::kIpv4TtlExpired, 2);
  drop("F3 no neighbour", udp4(ip4("10.99.1.1")), Drop::kIpv4NoNeighbour);
  drop("F3 connected no neighbour", udp4(ip4("192.0.2.11")), Drop::kIpv4NoNeighbour);
  act("F4 forward", udp4(ip4("203.0.113.5")), Action::kForward);
  act("F4 longer prefix", udp4(ip4("203.0.113.200"), 64, kP1), Action::kForward, 1);
  act("F4 connected hairpin", udp4(ip4("192.0.2.10")), Action::kForward);
  act("F4 options", PacketBuilder().eth(kP0, kHost).ipv4({.src = kSrc, .dst = ip4("203.0.113.5"), .options = Bytes(8, 1)})
      .udp({.sport = 1, .dport = 2}).pad_to(80).build(), Action::kForward);
  act("F4 tagged", PacketBuilder().eth(kP0, kHost).vlan(5).ipv4({.src = kSrc, .dst = ip4("203.0.113.5")}).udp({.sport = 1, .dport = 2}).pad_to(64).build(),
      Action::kForward);
  act("F4 fragment", PacketBuilder().eth(kP0, kHost).ipv4({.src = kSrc, .dst = ip4("203.0.113.5"), .frag_offset = 100}).payload(40, 1).build(), Action::kForward);
  act("F4 full size", udp4(ip4("203.0.113.7"), 64, kP0, kSrc, 1518), Action::kForward);
  // RFC 1624 corners: received checksums whose update wraps.
  for (std::uint16_t want : {0xfeffU, 0xfe00U, 0x00ffU, 0x0000U}) {
    for (std::uint32_t id = 0; id < 0x10000; ++id) {
      Bytes f = PacketBuilder().eth(kP0, kHost).ipv4({.src = kSrc, .dst = ip4("203.0.113.5"), .id = static_cast<std::uint16_t>(id)})
                    .udp({.sport = 9, .dport = 9}).pad_to(60).build();
      if (get16(f, 24) != want) continue;
      act(fmt::format("F4 checksum {:04x}", want), f, Action::kForward);
      if (want == 0) {  // 0xffff is the other zero: also a correct header checksum
        put16(f, 24, 0xffff);
        act("F4 checksum ffff", f, Action::kForward);
      }
      break;
    }
  }
  // 3.5.1 local delivery
  drop("LO1 ICMP truncated", PacketBuilder().eth(kP0, kHost).ipv4({.src = kSrc, .dst = kR0, .proto = 1, .total_length = 24}).payload(4, 8).pad_to(60).build(),
       Drop::kIcmpTruncated);
  {
    Bytes f = ping4(kR0);
    f[14 + 20 + 2] ^= 0x10;
    drop("LO2 echo checksum", f, Drop::kIcmpBadChecksum);
  }
  act("LO3 echo", ping4(kR0), Action::kReply);
  // Bytes after the datagram beyond frame byte 64: the ingress gives no L4 sum, the firmware sums.
  {
    Bytes f = ping4(kR0, 9);
    f.resize(80, 0xa5);
    act("LO3 echo, trailing bytes (no L4 sum)", f, Action::kReply);
    f[14 + 20 + 8] ^= 0x40;
    drop("LO2 echo checksum, trailing bytes (no L4 sum)", f, Drop::kIcmpBadChecksum);
  }
  act("LO3 echo odd length", ping4(kR0, 33), Action::kReply);
  act("LO3 echo other port's address", ping4(ip4("198.51.100.1"), 1000), Action::kReply);
  act("LO3 echo with options", PacketBuilder().eth(kP0, kHost).ipv4({.src = kSrc, .dst = kR0, .options = Bytes(4, 1)})
      .icmp({.type = 8, .code = 0, .rest = 5}).payload(9, 3).pad_to(60).build(), Action::kReply);
  act("LO4 ICMP timestamp", PacketBuilder().eth(kP0, kHost).ipv4({.src = kSrc, .dst = kR0}).icmp({.type = 13}).payload(12, 0).pad_to(60).build(), Action::kToHost);
  act("LO4 fragment", PacketBuilder().eth(kP0, kHost).ipv4({.src = kSrc, .dst = kR0, .mf = true}).icmp({.type = 8}).payload(12, 0).pad_to(60).build(), Action::kToHost);
  act("LO4 TCP", PacketBuilder().eth(kP0, kHost).ipv4({.src = kSrc, .dst = kR0}).tcp({.sport = 5, .dport = 22}).pad_to(60).build(), Action::kToHost);
  // 3.6 IPv6
  {
    Bytes f = PacketBuilder().eth(kP0, kHost, 0x86dd).payload(30, 0x60).build();
    drop("W1 truncated", f, Drop::kIpv6Truncated, 0, true);
  }
  drop("W2 version", PacketBuilder().eth(kP0, kHost).ipv6({.src = kSrc6, .dst = kR0v6, .version = 4}).payload(20, 0).build(), Drop::kIpv6BadVersion);
  drop("W3 length", PacketBuilder().eth(kP0, kHost).ipv6({.src = kSrc6, .dst = kR0v6, .payload_length = 100}).payload(20, 0).build(), Drop::kIpv6LengthBeyondFrame);
  drop("D1 multicast source", udp6(ip6("2001:db8:100::5"), 64, kP0, ip6("ff02::1")), Drop::kIpv6MartianSource);
  drop("D1 loopback source", udp6(ip6("2001:db8:100::5"), 64, kP0, ip6("::1")), Drop::kIpv6MartianSource);
  act("D2 echo", ping6(kR0v6), Action::kReply);
  act("D2 echo link-local", ping6(ip6("fe80::1"), 40, ip6("fe80::99")), Action::kReply);
  act("D2 echo odd", ping6(ip6("2001:db8:2::1"), 1001), Action::kReply);
  act("D2 UDP to router", udp6(kR0v6), Action::kToHost);
  act("D2 neighbour solicitation", PacketBuilder().eth(kP0, kHost).ipv6({.src = kSrc6, .dst = kR0v6, .hop_limit = 255})
      .icmpv6({.type = 135}).payload(20, 0).build(), Action::kToHost);
  act("D3 link-scope multicast", udp6(ip6("ff02::1"), 1, kMcast6), Action::kToHost);
  drop("D4 multicast", udp6(ip6("ff05::1"), 9, kMcast6), Drop::kIpv6MulticastNotRouted);
  drop("D5 loopback destination", udp6(ip6("::1")), Drop::kIpv6MartianDestination);
  drop("D5 unspecified destination", udp6(ip6("::")), Drop::kIpv6MartianDestination);
  drop("D6 multicast MAC", udp6(ip6("2001:db8:100::5"), 64, kMcast6), Drop::kIpv6L2MulticastNotRouted);
  drop("D7 unspecified source", udp6(ip6("2001:db8:100::5"), 64, kP0, ip6("::")), Drop::kIpv6ScopeNotRouted);
  drop("D7 link-local source", udp6(ip6("2001:db8:100::5"), 64, kP0, ip6("fe80::5")), Drop::kIpv6ScopeNotRouted);
  drop("D7 link-local destination", udp6(ip6("fe80::77")), Drop::kIpv6ScopeNotRouted);
  drop("E1 no route", udp6(ip6("2001:db8:555::1")), Drop::kIpv6NoRoute);
  act("E2 hop limit", udp6(ip6("2001:db8:100::5"), 1), Action::kReply);
  act("E2 hop limit long", udp6(ip6("2001:db8:100::5"), 1, kP0, kSrc6, 1400), Action::kReply);
  drop("E2 ICMPv6 error", PacketBuilder().eth(kP0, kHost).ipv6({.src = kSrc6, .dst = ip6("2001:db8:100::5"), .hop_limit = 1})
       .icmpv6({.type = 1}).payload(40, 0).build(), Drop::kIpv6HopLimitExpired);
  drop("E2 port without IPv6", udp6(ip6("2001:db8:100::5"), 1, kP2), Drop::kIpv6HopLimitExpired, 2);
  act("E2 source from link-local-only port", udp6(ip6("2001:db8:100::5"), 1, kP3), Action::kReply, 3);
  drop("E3 no neighbour", udp6(ip6("2001:db8:999::1")), Drop::kIpv6NoNeighbour);
  drop("E3 connected no neighbour", udp6(ip6("2001:db8:1::77")), Drop::kIpv6NoNeighbour);
  act("E4 forward", udp6(ip6("2001:db8:100::5")), Action::kForward);
  act("E4 longer prefix", udp6(ip6("2001:db8:100:8000::5")), Action::kForward);
  act("E4 connected neighbour", udp6(ip6("2001:db8:1::10")), Action::kForward);
  act("E4 fragment", PacketBuilder().eth(kP0, kHost).ipv6({.src = kSrc6, .dst = ip6("2001:db8:100::5")}).ipv6_frag({.offset = 10, .ident = 5}).payload(30, 0).build(),
      Action::kForward);
  drop("LO6-1 ICMPv6 truncated", PacketBuilder().eth(kP0, kHost).ipv6({.src = kSrc6, .dst = kR0v6, .next_header = 58}).payload(4, 128).pad_to(60).build(),
       Drop::kIcmpv6Truncated);
  {
    Bytes f = ping6(kR0v6);
    f[14 + 40 + 3] ^= 1;
    drop("LO6-2 checksum", f, Drop::kIcmpv6BadChecksum);
  }
  {
    Bytes f = ping6(kR0v6, 8);
    f.resize(90, 0x3c);
    act("LO6-3 echo, trailing bytes (no L4 sum)", f, Action::kReply);
    f[14 + 40 + 9] ^= 2;
    drop("LO6-2 checksum, trailing bytes (no L4 sum)", f, Drop::kIcmpv6BadChecksum);
  }
  // The largest frames the configuration allows (max_frame 2048): the longest checksum loops
  // must stay within one delivery's watchdog budget.
  auto big = [&](std::string n, Bytes f, Action a) { c.push_back({std::move(n), std::move(f), 0, a, Drop::kNone, true}); };
  big("LO3 echo 2048 bytes", ping4(kR0, 2048 - 42), Action::kReply);
  big("LO6-3 echo 2048 bytes", ping6(kR0v6, 2048 - 62), Action::kReply);
  big("E2 hop limit 2048 bytes", udp6(ip6("2001:db8:100::5"), 1, kP0, kSrc6, 2048 - 62), Action::kReply);
  big("F4 forward 2048 bytes", udp4(ip4("203.0.113.5"), 64, kP0, kSrc, 2048), Action::kForward);
  return c;
}

TEST(FwDirected, EveryRuleMatchesGolden) {
  BATON_NEED_FIRMWARE();
  std::vector<golden::Packet> normal, small;
  for (const auto& k : cases()) {
    // The golden model must agree with the case's intent, or the case tests nothing.
    golden::Router r(golden::parse_config(k.small ? small_frames_config() : model_test::kDirectedConfig));
    const auto v = r.process({k.frame, k.port, false});
    EXPECT_EQ(v.action, k.action) << k.name;
    if (k.action == Action::kDrop) EXPECT_EQ(v.reason, k.reason) << k.name;
    (k.small ? small : normal).push_back({k.frame, k.port, false});
  }
  const auto seed = tb::test_seed();
  for (unsigned tiles : {1U, 3U}) {
    model::engine::EngineConfig ec;
    ec.tiles = tiles;
    ec.threads = tiles == 1 ? 1 : 4;
    EXPECT_EQ(fw_test::run_compare(model_test::kDirectedConfig, normal, seed, ec).failures, 0U);
    EXPECT_EQ(fw_test::run_compare(small_frames_config(), small, seed, ec).failures, 0U);
  }
}

// The one's-complement sums (fw_sum, fw_move_up_sum) add 32-bit words with an explicit carry
// count; the bytes before and after the words used to be added to the same 32-bit accumulator
// without one, so a sum within a few bytes' worth of 2^32 lost a carry and the result was one
// short. Found by engine_long_random_test (an ICMPv6 hop-limit-exceeded reply with a wrong
// checksum); here (1) that packet, and (2) a valid ICMPv6 echo request built so that the words
// leave the accumulator at 0xffffffff and two trailing bytes follow, which the firmware dropped
// as icmpv6_bad_checksum. The golden model decides; tb/net's parser checks the request is valid.
TEST(FwDirected, ChecksumCarryFromTrailingBytes) {
  BATON_NEED_FIRMWARE();
  const auto cfg = fw_test::read_text(model_test::reference_config_path());
  std::vector<golden::Packet> pkts;
  {
    auto prof = TrafficProfile::from_config_text(cfg);
    prof.mix = TrafficMix::standard();
    TrafficGenerator gen(prof, 2856472496ULL);
    GenPacket g;
    for (int i = 0; i <= 58424; ++i) g = gen.next();
    ASSERT_EQ(g.kind, TrafficKind::kIp6Hop1);
    ASSERT_EQ(g.frame.size(), 422U);
    pkts.push_back({std::vector<std::uint8_t>(g.frame.begin(), g.frame.end()), g.port, g.tuser});
  }
  {
    // Echo request to port 0's address. The message starts at frame offset 54 (2 mod 4): the
    // firmware adds its first two bytes alone, then the words at offsets 56, 60, 64, 68 (message
    // bytes 2..17: C and id, seq and 0, V = 0xffffffff, W), then the two bytes at 72 and 73
    // (0xfe, 0xff). Its sum runs in little-endian lanes from an accumulator holding the
    // pseudo-header's folded sum (acc) plus the type byte; W makes the words' exact total
    // 0x1_ffff_ffff, so the 32-bit accumulator reads 0xffffffff before the two trailing bytes,
    // and those (0xfffe) make the message valid: 2 * 2^32 + 0xfffd is 0 modulo 0xffff.
    const Ip6 src = ip6("2001:db8:0:10::7"), dst = ip6("2001:db8:0:10::1");
    Bytes msg(20, 0);
    msg[0] = 128;
    const std::uint16_t c = 0x1234;  // little-endian lane value of the checksum field
    msg[2] = static_cast<std::uint8_t>(c);
    msg[3] = static_cast<std::uint8_t>(c >> 8);
    for (std::size_t i = 10; i < 14; ++i) msg[i] = 0xff;  // V
    msg[18] = 0xfe;
    msg[19] = 0xff;
    const auto len = static_cast<std::uint32_t>(msg.size());
    // The pseudo-header in little-endian lanes: addresses, then length and next header.
    std::uint64_t ph = 0;
    for (std::size_t i = 0; i < 16; i += 2) {
      ph += src[i] | (src[i + 1] << 8);
      ph += dst[i] | (dst[i + 1] << 8);
    }
    ph += ((len >> 8) & 0xffU) + ((len & 0xffU) << 8) + 0x3a00U;
    while (ph >> 16) ph = (ph & 0xffff) + (ph >> 16);
    const std::uint64_t words_before_w = ph + 128 + c + 0xffffffffULL;  // acc + type + C word + V
    const auto w = static_cast<std::uint32_t>(0x1ffffffffULL - words_before_w);
    for (int i = 0; i < 4; ++i) msg[static_cast<std::size_t>(14 + i)] = static_cast<std::uint8_t>(w >> (8 * i));
    Bytes f = PacketBuilder()
                  .eth(mac("02:00:00:00:00:10"), mac("02:00:00:00:10:02"))
                  .ipv6({.src = src, .dst = dst, .hop_limit = 64, .next_header = 58})
                  .payload(msg)
                  .build();
    const ParsedFrame pf = parse_frame(f);
    ASSERT_TRUE(pf.l3.icmp6.has_value());
    ASSERT_EQ(l4_checksum_status(pf), CsumStatus::kGood) << "the constructed request must be valid";
    pkts.push_back({std::vector<std::uint8_t>(f.begin(), f.end()), 0, false});
  }
  golden::Router r(golden::parse_config(cfg));
  EXPECT_EQ(r.process(pkts[0]).action, Action::kReply);
  EXPECT_EQ(r.process(pkts[1]).action, Action::kReply);
  EXPECT_EQ(fw_test::run_compare(cfg, pkts, tb::test_seed()).failures, 0U);
}

// The IPv4 fast path: 64-byte frames (60 without FCS) routed by a root entry, a /24 chunk, a
// /25 chunk and a connected neighbour: at most 80 instructions each, all partitions and the
// migration included (issue #6 target).
TEST(FwDirected, Ipv4ForwardingInstructionBudget) {
  BATON_NEED_FIRMWARE();
  const auto cfg = fw_test::read_text(model_test::reference_config_path());
  const Mac p0 = mac("02:00:00:00:00:10");
  std::vector<golden::Packet> pkts;
  for (const char* d : {"8.8.8.8", "203.0.113.5", "203.0.113.200", "10.0.0.2", "172.16.1.1"})
    pkts.push_back({udp4(ip4(d), 64, p0, ip4("10.0.0.2")), 0, false});
  pkts.push_back({udp4(ip4("8.8.8.8"), 64, p0, ip4("10.0.0.2"), 1518), 0, false});
  const auto r = fw_test::run_compare(cfg, pkts, tb::test_seed());
  ASSERT_EQ(r.failures, 0U);
  for (const auto& c : r.got) {
    EXPECT_EQ(c.kind, model::engine::OutKind::kSend);
    EXPECT_LE(c.instructions, 76U) << "packet " << c.index;
    EXPECT_EQ(c.deliveries, 2U);  // classify, then ipv4
    std::printf("IPv4 forward #%zu: %llu instructions\n", c.index, static_cast<unsigned long long>(c.instructions));
  }
}

// The ingress's L4 sum makes an echo reply's cost independent of its size (the firmware no longer
// sums the message): within 16 instructions across sizes from 42 to 2048 bytes, the IPv4 reply
// within the 200 of issue 21's "every generated reply" (SPEC section 7 asks 100, not met: the
// classify -> ipv4 -> icmp4 hand-offs and the LPM cost about 80 before the reply starts), the
// IPv6 one within 400 (its trie walks 16 levels for a /128). Every reply golden-checked.
TEST(FwDirected, EchoReplyCostIndependentOfSize) {
  BATON_NEED_FIRMWARE();
  const auto cfg = small_frames_config();
  std::vector<golden::Packet> pkts;
  const std::vector<std::size_t> data4{0, 33, 200, 1000, 1472, 2006}, data6{0, 57, 1000, 1452, 1986};
  for (const std::size_t d : data4) pkts.push_back({ping4(kR0, d), 0, false});
  for (const std::size_t d : data6) pkts.push_back({ping6(kR0v6, d), 0, false});
  const auto r = fw_test::run_compare(cfg, pkts, tb::test_seed());
  ASSERT_EQ(r.failures, 0U);
  ASSERT_EQ(r.got.size(), pkts.size());
  std::uint64_t lo[2] = {~0ULL, ~0ULL}, hi[2] = {0, 0};
  for (const auto& c : r.got) {
    EXPECT_EQ(c.kind, model::engine::OutKind::kSend) << "packet " << c.index;
    const int v6 = c.index >= data4.size() ? 1 : 0;
    lo[v6] = std::min(lo[v6], c.instructions);
    hi[v6] = std::max(hi[v6], c.instructions);
    std::printf("echo #%zu (%zu bytes): %llu instructions\n", c.index, pkts[c.index].frame.size(),
                static_cast<unsigned long long>(c.instructions));
  }
  EXPECT_LE(hi[0], 200U) << "IPv4 echo reply";
  EXPECT_LE(hi[1], 400U) << "ICMPv6 echo reply";
  EXPECT_LE(hi[0] - lo[0], 16U) << "IPv4 echo cost varies with the size";
  EXPECT_LE(hi[1] - lo[1], 16U) << "ICMPv6 echo cost varies with the size";
}

TEST(FwDirected, BlobAtFixedAddressAfterFirmwareData) {
  BATON_NEED_FIRMWARE();
  const auto j = nlohmann::json::parse(fw_test::read_text(fw_test::image_prefix() + ".json"));
  const auto data = j.at("segments").at("data");
  EXPECT_LE(data.at("addr").get<std::uint64_t>() + data.at("bytes").get<std::uint64_t>(), FWC_BASE);
}

}  // namespace

namespace {

std::pair<int, std::string> run_cmd(const std::string& args) {
  // One file per test process: ctest runs the tests of this suite in parallel.
  const std::string out = fmt::format("{}/engine_iss_out.{}.{}.txt", ::testing::TempDir(),
                                      ::testing::UnitTest::GetInstance()->current_test_info()->name(), ::getpid());
  const int rc = std::system(fmt::format("{} {} > {} 2>&1", BATON_ENGINE_ISS_EXE, args, out).c_str());
  std::ifstream in(out);
  return {WEXITSTATUS(rc), std::string(std::istreambuf_iterator<char>(in), {})};
}

TEST(FwEngineCommand, GeneratedTrafficJsonReport) {
  BATON_NEED_FIRMWARE();
  const auto [rc, out] = run_cmd(fmt::format("--image {} --config {} --gen 300 --seed 5 --tiles 2 --threads 2 --json",
                                             fw_test::image_prefix(), model_test::reference_config_path()));
  ASSERT_EQ(rc, 0) << out;
  const auto j = nlohmann::json::parse(out);
  EXPECT_EQ(j.at("rx").get<int>(), 300);
  EXPECT_EQ(j.at("rx").get<int>(), j.at("forwarded").get<int>() + j.at("replies").get<int>() +
                                       j.at("to_host").get<int>() + j.at("dropped").get<int>());
  EXPECT_TRUE(j.at("per_kind").contains("ip4-udp"));
}

TEST(FwEngineCommand, BadInputIsOneLineExit2) {
  BATON_NEED_FIRMWARE();
  for (const std::string& args : {fmt::format("--config /nonexistent.json --gen 1"),
                                  fmt::format("--config {} --in /nonexistent.pcap", model_test::reference_config_path()),
                                  fmt::format("--config {}", model_test::reference_config_path()),
                                  fmt::format("--image /nonexistent --config {} --gen 1", model_test::reference_config_path())}) {
    const auto [rc, out] = run_cmd(args);
    EXPECT_EQ(rc, 2) << args;
    EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 1) << args << ": " << out;
    EXPECT_EQ(out.rfind("baton-engine-iss: error: ", 0), 0U) << out;
  }
}

TEST(FwEngineCommand, PagingOptionsReportFaultsAndEvictions) {
  BATON_NEED_FIRMWARE();
  const auto [rc, out] = run_cmd(fmt::format("--image {} --config {} --gen 500 --seed 5 --imem-pages 4 --preload initial --json",
                                             fw_test::image_prefix(), model_test::reference_config_path()));
  ASSERT_EQ(rc, 0) << out;
  const auto j = nlohmann::json::parse(out);
  const auto& p = j.at("paging");
  EXPECT_EQ(p.at("preloads").get<int>(), 2);  // the initial partition on each of the 2 tiles
  EXPECT_GT(p.at("faults").get<int>(), 0);
  EXPECT_GT(p.at("evictions").get<int>(), 0);
  EXPECT_EQ(p.at("loads").get<int>(), p.at("preloads").get<int>() + p.at("faults").get<int>());
  // Without --imem-pages every partition is everywhere: no paging at all.
  const auto [rc0, out0] = run_cmd(fmt::format("--image {} --config {} --gen 100 --json", fw_test::image_prefix(),
                                               model_test::reference_config_path()));
  ASSERT_EQ(rc0, 0) << out0;
  EXPECT_EQ(nlohmann::json::parse(out0).at("paging").at("loads").get<int>(), 0);
  const auto [rc1, text] = run_cmd(fmt::format("--image {} --config {} --gen 100 --imem-pages 8", fw_test::image_prefix(),
                                               model_test::reference_config_path()));
  ASSERT_EQ(rc1, 0) << text;
  EXPECT_NE(text.find("paging: 8 page slots, 8 partition slots, preload fit:"), std::string::npos) << text;
}

TEST(FwEngineCommand, BadPagingOptionsAreOneLineExit2) {
  BATON_NEED_FIRMWARE();
  const std::string base = fmt::format("--image {} --config {} --gen 10", fw_test::image_prefix(),
                                       model_test::reference_config_path());
  // Not numbers, out of range, a partition that cannot fit beside the initial one (icmp4 has 3
  // pages), one partition slot, an unknown preload mode.
  for (const char* opt : {"--imem-pages x", "--imem-pages -1", "--imem-pages 5000", "--imem-pages 3",
                          "--imem-pages 4 --part-slots 1", "--imem-pages 4 --preload all"}) {
    const auto [rc, out] = run_cmd(base + " " + opt);
    EXPECT_EQ(rc, 2) << opt;
    EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 1) << opt << ": " << out;
    EXPECT_EQ(out.rfind("baton-engine-iss: error: ", 0), 0U) << out;
  }
}

}  // namespace
