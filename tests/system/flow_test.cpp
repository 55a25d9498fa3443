// SPDX-License-Identifier: Apache-2.0
// Flow state in the RTL engine (docs/flow-state.md "Engine integration"; SP2, SP3, SP5, SP7, SP8):
// the lookup controller between the ingress and the context manager, workspaces pulled into the
// tiles before a thread's first instruction and written back at every thread operation. The
// firmware (sw/examples/flowstamp) counts each packet event in its flow's workspace on two layers,
// with a migration between them, and appends a stamp of what it found. The reference is the
// stimulus itself (flow_stamp.hpp): the test knows each flow's packets in order and derives every
// stamp, every output port and every drop; flow indices must be one per flow and distinct across
// flows. The controller's counters are checked against the same derivation.
#include "flow_stamp.hpp"

namespace {

using namespace baton;
using namespace baton::test::flowstamp;

// Sessions in both directions, TCP and UDP, interleaved, opening and closing TCP events on their own
// partition (SP2): every event counts itself once on each
// layer, in its flow's order, and sees what the previous event of its flow left (private and
// shared portions, across a migration between tiles); a shared word keeps its first write.
TEST(EngineFlowState, CountsCarriedAcrossEventsLayersAndTiles) {
  EnvOptions o = test_options();
  const std::string where = fmt::format("seed {}; repro: {}", o.seed, tb::repro_command(o.seed, false));
  auto e = make_engine(o, true);
  const Traffic t = make_traffic(o.seed, 120, 6);
  const auto fates = run_checked(e, t.packets, where);
  const unsigned busy = check_fates(t, fates, where);
  // SP2: a flow's SYN, SYN-ACK, FIN and RST events ran on stamp3b, its other events on stamp3,
  // and its counts above stayed in order across both.
  const auto special = static_cast<std::uint32_t>(std::count(t.opens_or_closes.begin(), t.opens_or_closes.end(), true));
  EXPECT_GT(special, 0U);
  EXPECT_EQ(e.entered(kPartStamp3b), special) << where;
  EXPECT_EQ(e.entered(kPartStamp3) + special + t.unrouted.size(), t.packets.size()) << where;
  EXPECT_EQ(busy, 0U) << "no flow has more events than MaxPerFlow (8); " << where;
  std::uint32_t routed = 0;
  for (const auto& f : t.flows) routed += static_cast<std::uint32_t>(f.packets.size());
  const auto flows = static_cast<std::uint32_t>(t.flows.size());
  EXPECT_EQ(e.counter(kLookups), routed) << where;
  EXPECT_EQ(e.counter(kInserts), flows) << where;
  EXPECT_EQ(e.counter(kHits), routed - flows) << where;
  EXPECT_EQ(e.counter(kMisses) + e.counter(kFull) + e.counter(kBusy), 0U) << where;
  EXPECT_EQ(e.counter(kDones), routed) << where;
  EXPECT_EQ(e.counter(kUsed), flows) << where;
  EXPECT_EQ(e.counter(kPulls), 2 * routed) << "one pull per delivery, two deliveries per event; " << where;
  EXPECT_EQ(e.counter(kWbs), 2 * routed) << "a write-back at the MIGRATE and at the SEND; " << where;
  EXPECT_EQ(e.counter(kWbConflicts), routed) << "layer 1's write of the tag, once per event; " << where;
  EXPECT_EQ(e.counter(kWbErrors), 0U) << where;
}

// One flow's burst, back to back on one port, with two other flows beside it: its events are
// serialized (never two in process, each count one more than the last held event's), and
// events beyond MaxPerFlow waiting for the flow pass on as Busy without state.
TEST(EngineFlowState, BurstOfOneFlowIsSerializedAndBusyBeyondItsLimit) {
  EnvOptions o = test_options();
  const std::string where = fmt::format("seed {}; repro: {}", o.seed, tb::repro_command(o.seed, false));
  auto e = make_engine(o);
  Traffic t;
  const Mac ma = mac("02:00:00:00:00:01"), mb = mac("02:00:00:00:00:02");
  tb::Rng rng(o.seed);
  for (unsigned fi = 0; fi < 3; ++fi) t.flows.push_back({.port = fi, .packets = {}});
  const unsigned n[3] = {40, 6, 6};
  for (unsigned k = 0; k < 40; ++k) {
    for (unsigned fi = 0; fi < 3; ++fi) {
      if (k >= n[fi]) continue;
      PacketBuilder pkb;
      pkb.eth(ma, mb).ipv4({.src = ip4(fmt::format("10.0.0.{}", fi + 1)), .dst = ip4("192.0.2.7")});
      pkb.udp({.sport = 5000, .dport = 53}).payload(rng.range(0, 64), static_cast<std::uint8_t>(k));
      golden::Packet p;
      p.frame = pkb.pad_to(60).build();
      p.port = static_cast<std::uint8_t>(fi);
      t.flows[fi].packets.push_back(t.packets.size());
      t.packets.push_back(std::move(p));
    }
  }
  const auto fates = run_checked(e, t.packets, where);
  const unsigned busy = check_fates(t, fates, where);
  EXPECT_GT(busy, 0U) << "a 40-packet burst of one flow must exceed MaxPerFlow; " << where;
  EXPECT_EQ(e.counter(kBusy), busy) << where;
  EXPECT_EQ(e.counter(kDones), 52U - busy) << where;
}

}  // namespace
