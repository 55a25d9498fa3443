// SPDX-License-Identifier: Apache-2.0
// SystemCoverage on hand-made packets, verdicts and fates (no simulation): each input lands in
// the bins it should, nothing else is hit, holes are exactly the bins not hit, and merge() adds.
#include <gtest/gtest.h>

#include <set>

#include <fmt/format.h>

#include "baton/env/engine/coverage.hpp"
#include "baton/net/builder.hpp"

namespace {

using namespace baton;
using namespace baton::env::engine;

const net::Mac kRouter = net::mac("02:00:00:00:00:01");
const net::Mac kHost = net::mac("02:00:00:00:00:99");

std::vector<std::uint8_t> udp4(unsigned tags, std::size_t size) {
  net::PacketBuilder b;
  b.eth(kRouter, kHost);
  for (unsigned t = 0; t < tags; ++t) b.vlan(static_cast<std::uint16_t>(10 + t));
  b.ipv4({.src = net::ip4("10.0.0.2"), .dst = net::ip4("10.0.1.2")}).udp({.sport = 1, .dport = 2});
  auto f = b.pad_to(size).build();
  f.resize(size);  // a runt stays short
  return f;
}

std::vector<std::uint8_t> tcp6() {
  return net::PacketBuilder()
      .eth(kRouter, kHost)
      .ipv6({.src = net::ip6("2001:db8::2"), .dst = net::ip6("2001:db8:1::2")})
      .tcp({.sport = 1, .dport = 2})
      .pad_to(200)
      .build();
}

std::vector<std::uint8_t> frag4() {
  return net::PacketBuilder()
      .eth(kRouter, kHost)
      .ipv4({.src = net::ip4("10.0.0.2"), .dst = net::ip4("10.0.1.2"), .mf = true})
      .udp({.sport = 1, .dport = 2})
      .pad_to(1400)
      .build();
}

std::vector<std::uint8_t> arp() {
  return net::PacketBuilder().eth(net::mac("ff:ff:ff:ff:ff:ff"), kHost).arp({}).pad_to(60).build();
}

golden::Verdict action(golden::Action a, golden::ReplyKind r = golden::ReplyKind::kNone,
                       golden::Drop d = golden::Drop::kNone) {
  golden::Verdict v;
  v.action = a;
  v.reply = r;
  v.reason = d;
  return v;
}

PacketVerdict fate(std::size_t i, unsigned in, Fate f, unsigned out = 0, unsigned reason = 0,
                   std::uint64_t lat = 0) {
  PacketVerdict v;
  v.index = i;
  v.in_port = in;
  v.fate = f;
  v.out_port = out;
  v.reason = reason;
  v.latency = lat;
  return v;
}

struct Sample {
  std::vector<golden::Packet> pkts;
  std::vector<golden::Verdict> gold;
  std::vector<PacketVerdict> fates;
  void add(std::vector<std::uint8_t> frame, unsigned port, golden::Verdict g, PacketVerdict f,
           bool tuser = false) {
    f.index = pkts.size();
    pkts.push_back({std::move(frame), static_cast<std::uint8_t>(port), tuser});
    gold.push_back(std::move(g));
    fates.push_back(f);
  }
};

// Five packets: a forwarded 2-tag UDP frame, an IPv6 TCP frame to the host, an ARP request
// answered, an IPv4 fragment dropped by firmware (no route), a runt dropped by the ingress.
Sample sample_run() {
  Sample r;
  r.add(udp4(2, 100), 0, action(golden::Action::kForward), fate(0, 0, Fate::kSent, 1, 0, 255));
  r.add(tcp6(), 1, action(golden::Action::kToHost), fate(0, 1, Fate::kToHost, 0, 0, 5000));
  r.add(arp(), 2, action(golden::Action::kReply, golden::ReplyKind::kArpReply),
        fate(0, 2, Fate::kSent, 2, 0, 10));
  r.add(frag4(), 3, action(golden::Action::kDrop, {}, golden::Drop::kIpv4NoRoute),
        fate(0, 3, Fate::kDropped, 0, 0x2a, 9));
  r.add(udp4(0, 40), 0, action(golden::Action::kDrop, {}, golden::Drop::kRunt),
        fate(0, 0, Fate::kDropped, 0, 0x87, 1));
  return r;
}

TEST(SystemCoverage, CountsEachInputInItsBins) {
  SystemCoverage cov;
  const Sample r = sample_run();
  cov.sample(r.pkts, r.gold, r.fates);
  cov.sample_queue(0);
  cov.sample_queue(5);
  cov.sample_queue(48);

  EXPECT_EQ(cov.hits("kind", "ipv4_udp"), 2U);
  EXPECT_EQ(cov.hits("kind", "ipv6_tcp"), 1U);
  EXPECT_EQ(cov.hits("kind", "arp"), 1U);
  EXPECT_EQ(cov.hits("kind", "ipv4_fragment"), 1U);
  EXPECT_EQ(cov.hits("event", "udp"), 2U);
  EXPECT_EQ(cov.hits("event", "tcp_syn"), 1U) << "the builder's default TCP flags are SYN";
  EXPECT_EQ(cov.hits("event", "tcp"), 0U);
  EXPECT_EQ(cov.hits("event", "fragment"), 1U);
  EXPECT_EQ(cov.hits("vlan", "0"), 4U);
  EXPECT_EQ(cov.hits("vlan", "2"), 1U);
  EXPECT_EQ(cov.hits("size", "runt <60"), 1U);
  EXPECT_EQ(cov.hits("size", "60-127"), 2U);  // the 100-byte frame and the ARP request
  EXPECT_EQ(cov.hits("size", "128-255"), 1U);
  EXPECT_EQ(cov.hits("size", "1024-1518"), 1U);
  EXPECT_EQ(cov.hits("action", "forward"), 1U);
  EXPECT_EQ(cov.hits("action", "drop"), 2U);
  EXPECT_EQ(cov.hits("reply", "arp_reply"), 1U);
  EXPECT_EQ(cov.hits("fate", "sent"), 2U);
  EXPECT_EQ(cov.hits("fate", "host"), 1U);
  EXPECT_EQ(cov.hits("fate", "dropped"), 2U);
  EXPECT_EQ(cov.hits("drop", "0x2a ipv4_no_route"), 1U);
  EXPECT_EQ(cov.hits("drop", "0x87 runt"), 1U);
  EXPECT_EQ(cov.hits("latency", "0-255"), 2U);      // the forwarded frame and the ARP reply
  EXPECT_EQ(cov.hits("latency", "4096-8191"), 1U);  // drops have no latency bin
  EXPECT_EQ(cov.hits("path", "p0->p1"), 1U);
  EXPECT_EQ(cov.hits("path", "p1->host"), 1U);
  EXPECT_EQ(cov.hits("path", "p2->p2"), 1U);
  EXPECT_EQ(cov.hits("queue", "0"), 1U);
  EXPECT_EQ(cov.hits("queue", "4-7"), 1U);
  EXPECT_EQ(cov.hits("queue", "full 48"), 1U);

  // Nothing else was hit: the sum over each group is what went in.
  auto total = [&](std::string_view g) {
    std::uint64_t n = 0;
    for (const auto& b : cov.group(g)) n += b.hits;
    return n;
  };
  EXPECT_EQ(total("kind"), 5U);
  EXPECT_EQ(total("event"), 5U);
  EXPECT_EQ(total("vlan"), 5U);
  EXPECT_EQ(total("size"), 5U);
  EXPECT_EQ(total("action"), 5U);
  EXPECT_EQ(total("fate"), 5U);
  EXPECT_EQ(total("reply"), 1U);
  EXPECT_EQ(total("drop"), 2U);
  EXPECT_EQ(total("fault"), 0U);
  EXPECT_EQ(total("latency"), 3U);
  EXPECT_EQ(total("path"), 3U);
  EXPECT_EQ(total("queue"), 3U);
  EXPECT_THROW((void)cov.hits("drop", "0x99 nothing"), std::out_of_range);
}

TEST(SystemCoverage, HolesAreTheBinsNotHit) {
  SystemCoverage cov;
  const Sample r = sample_run();
  cov.sample(r.pkts, r.gold, r.fates);
  const auto holes = cov.holes();
  std::set<std::string> hole_names;
  for (const auto& h : holes) hole_names.insert(h.group + "/" + h.name);
  for (const auto& b : cov.bins()) {
    EXPECT_EQ(hole_names.contains(b.group + "/" + b.name), b.hits == 0) << b.group << "/" << b.name;
  }
  EXPECT_EQ(cov.covered() + holes.size(), cov.bins().size());
  // Every fault, every hardware drop the sample did not give, DONE and the timeout event.
  for (const char* h :
       {"fault/0x80 fault_illegal", "fault/0x84 no_partition", "drop/0x86 queue_full",
        "drop/0x8c bad_port", "fate/done", "event/timeout", "vlan/3+", "reply/icmp4_echo_reply"}) {
    EXPECT_TRUE(hole_names.contains(h)) << h;
  }
  // Every section 9 reason is a bin: the golden model's and 0x85..0x8c.
  for (const auto d : golden::all_drop_reasons()) {
    EXPECT_NO_THROW((void)cov.hits("drop", SystemCoverage::drop_bin(static_cast<unsigned>(d))));
  }
  for (unsigned c = 0x85; c <= 0x8c; ++c)
    EXPECT_NO_THROW((void)cov.hits("drop", SystemCoverage::drop_bin(c)));
  const std::string t = cov.table();
  EXPECT_NE(t.find("fault/0x83 fault_watchdog"), std::string::npos) << t;
  EXPECT_NE(t.find(fmt::format("{} holes", holes.size())), std::string::npos) << t;
}

TEST(SystemCoverage, MergeAddsRunsAndFaultsCount) {
  SystemCoverage a, b;
  const Sample r = sample_run();
  a.sample(r.pkts, r.gold, r.fates);
  Sample f;
  f.add(udp4(3, 300), 1, action(golden::Action::kForward), fate(0, 1, Fate::kDropped, 0, 0x83, 0));
  f.add(udp4(1, 1522), 0, action(golden::Action::kForward), fate(0, 0, Fate::kDone, 0, 0, 0));
  f.add(udp4(0, 1600), 0, action(golden::Action::kDrop, {}, golden::Drop::kOversize),
        fate(0, 0, Fate::kPending));
  b.sample(f.pkts, f.gold, f.fates);
  EXPECT_EQ(b.hits("fault", "0x83 fault_watchdog"), 1U);
  EXPECT_EQ(b.hits("fate", "done"), 1U);
  EXPECT_EQ(b.hits("vlan", "3+"), 1U);
  EXPECT_EQ(b.hits("size", "1519-1522"), 1U);
  EXPECT_EQ(b.hits("size", "oversize >1522"), 1U);
  EXPECT_EQ(b.hits("latency", "0-255"), 0U);  // DONE and a pending packet have no latency
  a.merge(b);
  EXPECT_EQ(a.hits("kind", "ipv4_udp"), 5U);
  EXPECT_EQ(a.hits("fault", "0x83 fault_watchdog"), 1U);
  EXPECT_EQ(a.hits("drop", "0x87 runt"), 1U);
  EXPECT_EQ(a.hits("fate", "dropped"), 3U);

  SystemCoverage two_ports({.ports = 2});
  EXPECT_THROW(a.merge(two_ports), std::invalid_argument);
}

TEST(SystemCoverage, RejectsInconsistentInput) {
  SystemCoverage cov;
  Sample r = sample_run();
  r.gold.pop_back();
  EXPECT_THROW(cov.sample(r.pkts, r.gold, r.fates), std::invalid_argument);
  Sample s = sample_run();
  s.fates.back().index = 99;
  EXPECT_THROW(cov.sample(s.pkts, s.gold, s.fates), std::invalid_argument);
  Sample u = sample_run();
  u.fates.back().reason = 0x77;  // no such reason
  EXPECT_THROW(cov.sample(u.pkts, u.gold, u.fates), std::invalid_argument);
}

}  // namespace
