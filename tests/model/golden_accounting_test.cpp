// SPDX-License-Identifier: Apache-2.0
// The golden model's flow accounting (docs/feature-set.md section 11) on directed packets: which
// packets are accounted, the key, the close reasons, the idle split, the refusal windows, and the
// export message's bytes, each checked against values written out from the section.
#include <gtest/gtest.h>

#include "baton/golden/accounting.hpp"
#include "baton/net/builder.hpp"
#include "model_util.hpp"

namespace {

using namespace baton;
using namespace baton::net;
using golden::CloseReason;

const Mac kRouter = mac("02:00:00:00:00:10"), kHost = mac("02:00:00:00:10:02");
constexpr golden::AccountingTiming kTiming{.latency = 100, .scan = 1000};
constexpr std::uint32_t kIdle = 10000;

class GoldenAccounting : public ::testing::Test {
 protected:
  GoldenAccounting() : router_(config()), acct_(router_.config().accounting, kTiming) {}
  static golden::Config config() {
    auto c = golden::load_config(model_test::reference_config_path());
    c.accounting = {.enabled = true, .idle_timeout = kIdle};
    return c;
  }
  void feed(const Bytes& frame, std::uint64_t at, std::uint8_t port = 0) {
    const golden::Packet p{std::vector<std::uint8_t>(frame.begin(), frame.end()), port, false};
    acct_.packet(p, router_.process(p), at);
  }
  static Bytes tcp(std::uint16_t flags, std::size_t payload = 0) {
    return PacketBuilder().eth(kRouter, kHost).ipv4({.src = ip4("10.0.0.2"), .dst = ip4("203.0.113.9")})
        .tcp({.sport = 1234, .dport = 80, .flags = flags}).payload(payload, 1).pad_to(60).build();
  }
  golden::Router router_;
  golden::FlowAccounting acct_;
};

TEST_F(GoldenAccounting, FinClosesWithThePacketAndIdleSplitsRecords) {
  feed(tcp(0x002), 100);
  feed(tcp(0x010, 60), 200);
  feed(tcp(0x011), 300);                                    // FIN: closes, counted
  feed(tcp(0x010), 300 + 2 * kTiming.latency);              // the next packet opens a new record
  feed(tcp(0x010), 300 + 2 * kTiming.latency + kIdle + 2 * kTiming.latency + kTiming.scan + 1);  // past the window
  acct_.finish();
  const auto& r = acct_.records();
  ASSERT_EQ(r.size(), 3U);
  EXPECT_EQ(r[0].reason, CloseReason::kFin);
  EXPECT_EQ(r[0].packets, 3U);
  EXPECT_EQ(r[0].octets, 40U + 100U + 40U);
  EXPECT_EQ(r[0].tcp_flags, 0x13);
  EXPECT_EQ(r[0].first, 100U);
  EXPECT_EQ(r[0].last, 300U);
  EXPECT_EQ(r[1].reason, CloseReason::kIdle);
  EXPECT_EQ(r[1].packets, 1U);
  EXPECT_EQ(r[2].reason, CloseReason::kIdle);
  EXPECT_EQ(r[2].first, r[2].last);
}

TEST_F(GoldenAccounting, RstWinsAndSynFinDoesNotClose) {
  feed(tcp(0x003), 100);  // SYN+FIN: not a close
  feed(tcp(0x014), 200);  // RST+ACK
  acct_.finish();
  ASSERT_EQ(acct_.records().size(), 1U);
  EXPECT_EQ(acct_.records()[0].reason, CloseReason::kRst);
  EXPECT_EQ(acct_.records()[0].packets, 2U);
}

TEST_F(GoldenAccounting, RefusesStimulusTheTimingLeavesOpen) {
  feed(tcp(0x010), 1000);
  EXPECT_THROW(feed(tcp(0x010), 1000 + kIdle), golden::AmbiguousTiming);
  golden::FlowAccounting a2(router_.config().accounting, kTiming);
  const golden::Packet fin{tcp(0x011), 0, false};
  a2.packet(fin, router_.process(fin), 10);
  EXPECT_THROW(a2.packet(fin, router_.process(fin), 10 + 2 * kTiming.latency - 1), golden::AmbiguousTiming);
  EXPECT_THROW(a2.packet(fin, router_.process(fin), 5), std::invalid_argument) << "arrivals out of order";
}

TEST_F(GoldenAccounting, WhatIsNotAccounted) {
  // A fragment, IPv6, a bad header checksum, a frame for another MAC, ARP; a TTL-expired packet
  // and one with no neighbour are accounted (their drops come after V6).
  feed(PacketBuilder().eth(kRouter, kHost).ipv4({.src = ip4("10.0.0.2"), .dst = ip4("203.0.113.9"), .mf = true})
           .udp({.sport = 1, .dport = 2}).pad_to(60).build(), 10);
  feed(PacketBuilder().eth(kRouter, kHost).ipv6({.src = ip6("2001:db8:0:10::2"), .dst = ip6("2001:db8:100::5")})
           .udp({.sport = 1, .dport = 2}).pad_to(80).build(), 20);
  auto bad = PacketBuilder().eth(kRouter, kHost).ipv4({.src = ip4("10.0.0.2"), .dst = ip4("203.0.113.9")})
                 .udp({.sport = 1, .dport = 2}).pad_to(60).build();
  bad[24] ^= 1;
  feed(bad, 30);
  feed(PacketBuilder().eth(mac("02:00:00:00:99:99"), kHost).ipv4({.src = ip4("10.0.0.2"), .dst = ip4("203.0.113.9")})
           .udp({.sport = 1, .dport = 2}).pad_to(60).build(), 40);
  EXPECT_EQ(acct_.accounted_packets(), 0U);
  feed(PacketBuilder().eth(kRouter, kHost).ipv4({.src = ip4("10.0.0.2"), .dst = ip4("203.0.113.9"), .ttl = 1})
           .udp({.sport = 3, .dport = 4}).pad_to(60).build(), 50);
  feed(PacketBuilder().eth(mac("02:00:00:00:00:12"), kHost).vlan(7).ipv4({.src = ip4("10.0.0.2"), .dst = ip4("10.0.0.99")})
           .icmp({}).pad_to(60).build(), 60, 2);
  EXPECT_EQ(acct_.accounted_packets(), 2U);
  acct_.finish();
  ASSERT_EQ(acct_.records().size(), 2U);
  const auto& icmp = acct_.records()[0].key.protocol == 1 ? acct_.records()[0] : acct_.records()[1];
  EXPECT_EQ(icmp.key.vlan, 7);
  EXPECT_EQ(icmp.key.sport, 0);
  EXPECT_EQ(icmp.key.dport, 0);
  EXPECT_EQ(icmp.in_port, 2);
}

TEST(GoldenAccountingRecord, BytesOfTheSectionsTable) {
  golden::FlowRecord r;
  r.reason = CloseReason::kRst;
  r.key = {.vlan = 0x123, .src = 0x0a000002, .dst = 0xcb007109, .protocol = 6, .sport = 0x04d2, .dport = 80};
  r.tcp_flags = 0x16;
  r.in_port = 3;
  r.packets = 0x01020304;
  r.octets = 0x05060708;
  r.first = 0x11223344;
  r.last = 0x55667788;
  const std::vector<std::uint8_t> want{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x88, 0xb6, 1, 3, 6, 0x16, 3, 0, 0x01, 0x23,
                                       10, 0, 0, 2, 0xcb, 0, 0x71, 9, 0x04, 0xd2, 0, 80, 1, 2, 3, 4, 5, 6, 7, 8,
                                       0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88};
  EXPECT_EQ(r.to_bytes(), want);
  EXPECT_EQ(golden::FlowRecord::parse(want), r);
  auto wrong = want;
  wrong[13] = 0xb5;
  EXPECT_FALSE(golden::FlowRecord::parse(wrong).has_value());
  wrong = want;
  wrong.pop_back();
  EXPECT_FALSE(golden::FlowRecord::parse(wrong).has_value());
}

}  // namespace
