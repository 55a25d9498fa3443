// SPDX-License-Identifier: Apache-2.0
// The shared real captures (BATON_SHARED_DIR/pcaps, skipped when absent):
//  - tb/net's dissector agrees with tshark's dissection (expected/*.tshark.csv) field by field;
//  - every capture replays through the golden model with accounting intact and good checksums
//    on every output frame;
//  - external oracles: the golden ARP and echo replies equal the real replies captured from
//    real hosts (ARP body, ICMP and ICMPv6 messages byte for byte);
//  - the malformed and bad-checksum captures get the drop reasons of docs/feature-set.md.
#include <gtest/gtest.h>

#include "baton/golden/config.hpp"
#include "baton/golden/router.hpp"
#include "baton/net/parser.hpp"
#include "baton/net/pcap.hpp"
#include "capture_util.hpp"
#include "model_util.hpp"

namespace {

using namespace baton::net;
namespace golden = baton::golden;
namespace mt = baton::model_test;
using golden::Action;
using golden::Drop;

#define REQUIRE_CAPTURES()                   \
  const auto pcaps_dir = mt::shared_pcaps(); \
  if (!pcaps_dir) GTEST_SKIP() << "BATON_SHARED_DIR/pcaps not present: shared captures skipped"

TEST(Captures, DissectorAgreesWithTshark) {
  REQUIRE_CAPTURES();
  const auto caps = mt::captures(*pcaps_dir);
  ASSERT_GE(caps.size(), 20U);
  std::size_t compared = 0;
  for (const auto& c : caps) {
    const PcapFile f = read_pcap(c.pcap.string());
    const auto rows = mt::read_csv(c.csv);
    ASSERT_EQ(rows.size(), f.records.size()) << c.name;
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const auto mine = mt::tshark_fields(f.records[i]);
      for (const auto& [field, want] : rows[i]) {
        if (field == "frame.number" || field[0] == '_') continue;
        const auto it = mine.find(field);
        const std::string got = it == mine.end() ? "" : it->second;
        EXPECT_EQ(got, want) << c.name << " frame " << i + 1 << " field " << field;
        ++compared;
      }
    }
  }
  EXPECT_GT(compared, 4000U);  // 24 captures, 100 frames, ~47 fields each
}

TEST(Captures, ReplayKeepsAccountingAndChecksums) {
  REQUIRE_CAPTURES();
  for (const auto& c : mt::captures(*pcaps_dir)) {
    const PcapFile f = read_pcap(c.pcap.string());
    const auto [macs, ports] = mt::replay_ports(f);
    golden::Router r(golden::parse_config(mt::replay_config(macs)));
    for (std::size_t i = 0; i < f.records.size(); ++i) {
      const auto& in = f.records[i].data;
      const golden::Verdict v = r.process({in, ports[i], false});
      const auto ctx = fmt::format("{} frame {} -> {} {}", c.name, i + 1, golden::name(v.action),
                                   golden::name(v.reason));
      if (v.action == Action::kDrop) continue;
      const ParsedFrame o = parse_frame(v.frame);
      const ParsedFrame p = parse_frame(in);
      if (o.l3.ip4) EXPECT_EQ(o.l3.ip4->checksum_status, CsumStatus::kGood) << ctx;
      if (v.action == Action::kReply && v.reply != golden::ReplyKind::kArpReply) {
        EXPECT_EQ(l4_checksum_status(o), CsumStatus::kGood) << ctx;
      }
      if (v.action == Action::kForward)
        EXPECT_EQ(l4_checksum_status(o), l4_checksum_status(p)) << ctx;
    }
    EXPECT_EQ(r.counters().check_invariants(), "") << c.name;
    EXPECT_EQ(r.counters().rx, f.records.size()) << c.name;
  }
}

// Replays one capture and returns the verdicts.
std::vector<golden::Verdict> replay(const std::filesystem::path& dir, const std::string& name) {
  const PcapFile f = read_pcap((dir / (name + ".pcap")).string());
  const auto [macs, ports] = mt::replay_ports(f);
  golden::Router r(golden::parse_config(mt::replay_config(macs)));
  std::vector<golden::Verdict> out;
  for (std::size_t i = 0; i < f.records.size(); ++i)
    out.push_back(r.process({f.records[i].data, ports[i], false}));
  return out;
}

TEST(Captures, MalformedAndBadChecksumCapturesGetTheirReasons) {
  REQUIRE_CAPTURES();
  const std::pair<const char*, Drop> cases[] = {
      {"bad-ip4-total-length", Drop::kIpv4LengthBeyondFrame},
      {"bad-ip6-payload-length", Drop::kIpv6LengthBeyondFrame},
      {"chksums/ip4-bad-chksum", Drop::kIpv4BadChecksum},
      {"chksums/ip4-icmp-bad-chksum", Drop::kIcmpBadChecksum},
      {"chksums/ip6-icmp6-bad-chksum", Drop::kIcmpv6BadChecksum},
  };
  for (const auto& [name, reason] : cases) {
    const auto v = replay(*pcaps_dir, name);
    ASSERT_EQ(v.size(), 1U) << name;
    EXPECT_EQ(v[0].action, Action::kDrop) << name;
    EXPECT_EQ(golden::name(v[0].reason), golden::name(reason)) << name;
  }
  // Routers do not check L4 checksums: the bad TCP/UDP ones are forwarded unchanged.
  for (const char* name : {"chksums/ip4-tcp-bad-chksum", "chksums/ip4-udp-bad-chksum",
                           "chksums/ip6-tcp-bad-chksum", "chksums/ip6-udp-bad-chksum"}) {
    const auto v = replay(*pcaps_dir, name);
    ASSERT_EQ(v.size(), 1U) << name;
    EXPECT_NE(v[0].reason, Drop::kIpv4BadChecksum) << name;
    if (v[0].action == Action::kForward) {
      EXPECT_EQ(l4_checksum_status(parse_frame(v[0].frame)), CsumStatus::kBad) << name;
    }
  }
  // The truncated capture (111 of 112 bytes) is replayed as captured: its IP length is beyond it.
  const auto t = replay(*pcaps_dir, "trunc-tcp-rst-data");
  EXPECT_EQ(t[0].reason, Drop::kIpv4LengthBeyondFrame);
  // Q-in-Q: every frame is L2 broadcast/multicast; the ARP request asks for an address that is
  // not the router's.
  for (const auto& v : replay(*pcaps_dir, "qinq-udp-arp"))
    EXPECT_EQ(v.action, Action::kDrop) << golden::name(v.reason);
}

// ---- Oracles: replies that real hosts sent to the same requests ------------------------------

struct Oracle {
  PcapFile cap;
  golden::Router router;
};

Oracle oracle(const std::filesystem::path& dir, const std::string& name,
              const std::string& port_json) {
  return {read_pcap((dir / (name + ".pcap")).string()),
          golden::Router(golden::parse_config(
              fmt::format(R"({{"ports": [{}], "limits": {{"min_frame": 14}}}})", port_json)))};
}

TEST(CaptureOracles, ArpReplyEqualsTheRealReply) {
  REQUIRE_CAPTURES();
  auto o = oracle(*pcaps_dir, "arp-who-has",
                  R"({"port": 0, "mac": "f8:ed:a5:c0:a4:f1", "ipv4": ["10.0.0.1/24"]})");
  const auto& request = o.cap.records.at(0).data;
  const auto& real = o.cap.records.at(1).data;
  const golden::Verdict v = o.router.process({request, 0, false});
  ASSERT_EQ(v.action, Action::kReply);
  ASSERT_EQ(v.frame.size(), 60U);
  // The real reply carries a non-zero trailer after the 42 meaningful bytes; ours pads zeros.
  EXPECT_EQ(hex(ByteView(v.frame).first(42)), hex(ByteView(real).first(42)));
  EXPECT_TRUE(
      std::all_of(v.frame.begin() + 42, v.frame.end(), [](std::uint8_t b) { return b == 0; }));
}

TEST(CaptureOracles, IcmpEchoRepliesEqualTheRealReplies) {
  REQUIRE_CAPTURES();
  auto o = oracle(*pcaps_dir, "icmp4-echo",
                  R"({"port": 0, "mac": "00:10:db:00:00:00", "ipv4": ["74.125.225.99"]})");
  for (std::size_t req = 0; req + 1 < o.cap.records.size(); req += 2) {
    const auto& request = o.cap.records[req].data;
    const auto& real = o.cap.records[req + 1].data;
    const golden::Verdict v = o.router.process({request, 0, false});
    ASSERT_EQ(v.action, Action::kReply) << req;
    ASSERT_EQ(v.frame.size(), real.size());
    const ParsedFrame ours = parse_frame(v.frame);
    const ParsedFrame theirs = parse_frame(real);
    EXPECT_EQ(ours.dst, theirs.dst);
    EXPECT_EQ(ours.src, theirs.src);
    EXPECT_EQ(ours.l3.ip4->src, theirs.l3.ip4->src);
    EXPECT_EQ(ours.l3.ip4->dst, theirs.l3.ip4->dst);
    EXPECT_EQ(ours.l3.ip4->ttl, 64);
    // The ICMP message (type, checksum, identifier, sequence, data) byte for byte.
    EXPECT_EQ(hex(ByteView(v.frame).subspan(34)), hex(ByteView(real).subspan(34)))
        << "request " << req + 1;
  }
}

TEST(CaptureOracles, Icmpv6EchoRepliesEqualTheRealReplies) {
  REQUIRE_CAPTURES();
  auto o = oracle(*pcaps_dir, "icmp6-echo",
                  R"({"port": 0, "mac": "b0:c6:9a:da:32:80", "ipv6": ["2001:4860:8006::63"]})");
  for (std::size_t req = 0; req + 1 < o.cap.records.size(); req += 2) {
    const auto& request = o.cap.records[req].data;
    const auto& real = o.cap.records[req + 1].data;
    const golden::Verdict v = o.router.process({request, 0, false});
    ASSERT_EQ(v.action, Action::kReply) << req;
    ASSERT_EQ(v.frame.size(), real.size());
    const ParsedFrame ours = parse_frame(v.frame);
    const ParsedFrame theirs = parse_frame(real);
    EXPECT_EQ(ours.dst, theirs.dst);
    EXPECT_EQ(ours.src, theirs.src);
    EXPECT_EQ(ours.l3.ip6->src, theirs.l3.ip6->src);
    EXPECT_EQ(ours.l3.ip6->dst, theirs.l3.ip6->dst);
    // The ICMPv6 message byte for byte, checksum included.
    EXPECT_EQ(hex(ByteView(v.frame).subspan(54)), hex(ByteView(real).subspan(54)))
        << "request " << req + 1;
  }
}

TEST(CaptureOracles, TimeExceededCaptureParsesAsAnIcmpErrorWithItsQuote) {
  REQUIRE_CAPTURES();
  const PcapFile f = read_pcap((*pcaps_dir / "icmp4-time-exceeded.pcap").string());
  const ParsedFrame p = parse_frame(f.records.at(0).data);
  ASSERT_TRUE(p.l3.icmp && p.quoted && p.quoted->ip4 && p.quoted->udp);
  EXPECT_EQ(p.l3.icmp->type, 11);
  EXPECT_EQ(p.l3.icmp->checksum_status, CsumStatus::kGood);
  EXPECT_EQ(p.quoted->udp->sport, 30000);
}

}  // namespace
