// SPDX-License-Identifier: Apache-2.0
// The engine scoreboard catches what it must, packet by packet: a changed frame, a wrong port, a
// reordering within a flow, a packet without a fate, a drop with the wrong reason, a fault that
// no test injected, counters that disagree with the fates, a broken checksum; and accepts the
// golden output, reordering across flows, resource drops and injected faults for their packet.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include "baton/env/engine/scoreboard.hpp"
#include "baton/env/engine/setup.hpp"

namespace {

using namespace baton;
using namespace baton::env::engine;

struct Case {
  Firmware fw = load_firmware(default_image_prefix(), default_config_path());
  std::vector<golden::Packet> pkts = generated_traffic(fw, 60, 7, 4);
  Scoreboard sb{fw.config, 4};
  std::vector<golden::Verdict> v;
  Case() {
    for (std::size_t i = 0; i < pkts.size(); ++i) v.push_back(sb.expect(i, pkts[i]));
  }
  // Counters the engine would report if every verdict happened as predicted.
  HwCounters counters() const {
    HwCounters c;
    for (std::size_t i = 0; i < pkts.size(); ++i) {
      ++c.port_rx[pkts[i].port];
      if (v[i].action == golden::Action::kDrop) ++c.drop[static_cast<unsigned>(v[i].reason)];
      else if (v[i].action == golden::Action::kToHost) ++c.to_host;
      else ++c.port_tx[v[i].port];
    }
    return c;
  }
  // The fate golden predicts, for packet i.
  void deliver(std::size_t i) {
    switch (v[i].action) {
      case golden::Action::kDrop: sb.dropped(i, static_cast<unsigned>(v[i].reason), 10); break;
      case golden::Action::kToHost: sb.to_host(i, v[i].frame, pkts[i].port, 10); break;
      default: sb.sent(i, v[i].port, v[i].frame, 10); break;
    }
  }
  void deliver_all(std::size_t skip = ~std::size_t{0}) {
    for (std::size_t i = 0; i < pkts.size(); ++i) {
      if (i != skip) deliver(i);
    }
  }
  std::size_t first(golden::Action a) const {
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (v[i].action == a) return i;
    }
    ADD_FAILURE() << "no packet with that action in the sample";
    return 0;
  }
  std::string errors() const { return fmt::format("{}", fmt::join(sb.errors(), "\n")); }
};

TEST(EngineScoreboard, AcceptsTheGoldenOutput) {
  Case c;
  c.deliver_all();
  c.sb.finish(c.counters());
  EXPECT_EQ(c.sb.mismatches(), 0U) << c.errors();
  EXPECT_EQ(c.sb.pending(), 0U);
  EXPECT_GT(c.sb.matched(), 20U);
  for (const auto& pv : c.sb.verdicts()) EXPECT_TRUE(pv.ok) << pv.index;
}

TEST(EngineScoreboard, SampleHasEveryVerdictKind) {
  Case c;
  c.first(golden::Action::kForward);
  c.first(golden::Action::kToHost);
  c.first(golden::Action::kDrop);
  c.first(golden::Action::kReply);
}

TEST(EngineScoreboard, CatchesAChangedByte) {
  Case c;
  const auto i = c.first(golden::Action::kForward);
  auto f = c.v[i].frame;
  f[20] ^= 1;
  c.sb.sent(i, c.v[i].port, f, 10);
  EXPECT_EQ(c.sb.mismatches(), 1U);
}

TEST(EngineScoreboard, CatchesTheWrongPort) {
  Case c;
  const auto i = c.first(golden::Action::kForward);
  c.sb.sent(i, (c.v[i].port + 1) % 4, c.v[i].frame, 10);
  EXPECT_EQ(c.sb.mismatches(), 1U);
}

TEST(EngineScoreboard, CatchesAHostFrameWithTheWrongIngressPort) {
  Case c;
  const auto i = c.first(golden::Action::kToHost);
  c.sb.to_host(i, c.v[i].frame, (c.pkts[i].port + 1) % 4, 10);
  EXPECT_EQ(c.sb.mismatches(), 1U);
}

TEST(EngineScoreboard, CatchesAPacketWithoutAFate) {
  Case c;
  const auto i = c.first(golden::Action::kForward);
  c.deliver_all(i);
  auto hw = c.counters();
  --hw.port_tx[c.v[i].port];
  ++hw.drop[0x85];  // even a resource drop counter does not explain it: the packet has no fate
  c.sb.finish(hw);
  EXPECT_GT(c.sb.mismatches(), 0U);
  EXPECT_EQ(c.sb.pending(), 1U);
}

TEST(EngineScoreboard, AcceptsABufferFullDropOfTheIdentifiedPacket) {
  Case c;
  const auto i = c.first(golden::Action::kForward);
  c.deliver_all(i);
  c.sb.dropped(i, kDropBufferFull, 3);
  auto hw = c.counters();
  --hw.port_tx[c.v[i].port];
  ++hw.drop[0x85];
  c.sb.finish(hw);
  EXPECT_EQ(c.sb.mismatches(), 0U) << c.errors();
  EXPECT_EQ(c.sb.hw_drops(), 1U);
}

TEST(EngineScoreboard, RejectsResourceDropsWhenTheTestForbidsThem) {
  Case c;
  c.sb.allow_resource_drops(false);
  const auto i = c.first(golden::Action::kForward);
  c.sb.dropped(i, kDropQueueFull, 3);
  EXPECT_EQ(c.sb.mismatches(), 1U);
}

TEST(EngineScoreboard, CatchesAFaultThatWasNotInjected) {
  for (unsigned code = kFaultFirst; code <= kFaultLast; ++code) {
    Case c;
    const auto i = c.first(golden::Action::kForward);
    c.sb.dropped(i, code, 3);
    EXPECT_EQ(c.sb.mismatches(), 1U) << fmt::format("{:#04x}", code);
  }
}

TEST(EngineScoreboard, AcceptsAnInjectedFaultOnlyForItsPacket) {
  Case c;
  const auto i = c.first(golden::Action::kForward);
  const auto j = c.first(golden::Action::kToHost);
  c.sb.allow_fault(i, 0x80);
  c.sb.dropped(i, 0x80, 3);
  EXPECT_EQ(c.sb.mismatches(), 0U) << c.errors();
  c.sb.dropped(j, 0x80, 3);  // the same fault on another packet
  EXPECT_EQ(c.sb.mismatches(), 1U);
}

TEST(EngineScoreboard, CatchesAWrongDropReason) {
  Case c;
  const auto i = c.first(golden::Action::kDrop);
  c.sb.dropped(i, (static_cast<unsigned>(c.v[i].reason) + 1) & 0x7fU, 3);
  EXPECT_EQ(c.sb.mismatches(), 1U);
}

TEST(EngineScoreboard, CatchesADropOfAForwardedPacket) {
  Case c;
  const auto i = c.first(golden::Action::kForward);
  c.sb.dropped(i, 0x24, 3);
  EXPECT_EQ(c.sb.mismatches(), 1U);
}

TEST(EngineScoreboard, CatchesDone) {
  Case c;
  c.sb.done(c.first(golden::Action::kForward), 3);
  EXPECT_EQ(c.sb.mismatches(), 1U);
}

TEST(EngineScoreboard, CatchesASecondFateAndAnUnknownPacket) {
  Case c;
  const auto i = c.first(golden::Action::kForward);
  c.deliver(i);
  c.deliver(i);
  EXPECT_EQ(c.sb.mismatches(), 1U);
  c.sb.dropped(c.pkts.size() + 5, 0x85, 1);
  EXPECT_EQ(c.sb.mismatches(), 2U);
}

TEST(EngineScoreboard, CatchesAnUnexplainedFrame) {
  Case c;
  c.sb.unexplained(2, 64);
  EXPECT_EQ(c.sb.mismatches(), 1U);
}

TEST(EngineScoreboard, CatchesReorderWithinAFlow) {
  Case c;
  // Two copies of one packet (same flow), each changed in its payload so they differ.
  auto p0 = c.pkts[c.first(golden::Action::kForward)];
  auto p1 = p0;
  p1.frame.back() ^= 0xff;
  Scoreboard sb(c.fw.config, 4);
  const auto v0 = sb.expect(0, p0);
  const auto v1 = sb.expect(1, p1);
  ASSERT_EQ(v0.action, golden::Action::kForward);
  sb.sent(1, v1.port, v1.frame, 5);  // the later packet first
  EXPECT_EQ(sb.mismatches(), 0U);
  sb.sent(0, v0.port, v0.frame, 5);  // then the earlier one
  EXPECT_EQ(sb.mismatches(), 1U);
}

TEST(EngineScoreboard, AcceptsReorderAcrossFlows) {
  Case c;
  // Two forwarded packets from different ingress ports (so different ordering keys), the later first.
  const auto i = c.first(golden::Action::kForward);
  std::size_t j = i + 1;
  while (j < c.pkts.size() && (c.v[j].action != golden::Action::kForward || c.pkts[j].port == c.pkts[i].port)) ++j;
  ASSERT_LT(j, c.pkts.size());
  c.deliver(j);
  c.deliver(i);
  EXPECT_EQ(c.sb.mismatches(), 0U) << c.errors();
}

TEST(EngineScoreboard, CatchesCountersThatDisagreeWithTheFates) {
  Case c;
  c.deliver_all();
  auto hw = c.counters();
  hw.drop[0x24] += 1;  // one extra drop that no packet's fate explains
  ++hw.port_rx[0];
  c.sb.finish(hw);
  EXPECT_GT(c.sb.mismatches(), 0U);
}

TEST(EngineScoreboard, ChecksumRoutineFindsABadIpv4Header) {
  const auto fw = load_firmware(default_image_prefix(), default_config_path());
  const auto pkts = ipv4_64_traffic(fw, 8, 7, 4);
  golden::Router r(fw.config);
  golden::Verdict v;
  for (const auto& p : pkts) {
    v = r.process(p);
    if (v.action == golden::Action::kForward) break;
  }
  ASSERT_EQ(v.action, golden::Action::kForward);
  auto f = v.frame;
  EXPECT_FALSE(check_frame_checksums(f, false).has_value());
  f[14 + 8] ^= 0x01;  // TTL changed, checksum not updated
  EXPECT_TRUE(check_frame_checksums(f, false).has_value());
}

}  // namespace
