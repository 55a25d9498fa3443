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

#include "baton/model/engine/engine_model.hpp"

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

// Faults injected on purpose while an event holds its flow (flowstamp's first UDP payload byte):
// an access fault in layer 0 (the tile's DROP ends the event) and a MIGRATE to a partition the
// firmware lacks (the context manager drops the context; the engine ends its event). Each such
// packet is dropped with its reason, its flow is released with its state unchanged, and the flow's
// later events carry on counting as if the packet had not come.
TEST(EngineFlowState, FaultsWhileHoldingTheFlowReleaseItUnchanged) {
  EnvOptions o = test_options();
  o.in_rate = 0.05;  // events of a flow mostly one at a time (a Busy event holds no flow to fault with)
  const std::string where = fmt::format("seed {}; repro: {}", o.seed, tb::repro_command(o.seed, false));
  auto e = make_engine(o);
  constexpr std::uint8_t kFault = 0xde, kLost = 0xdf;
  const Mac ma = mac("02:00:00:00:00:01"), mb = mac("02:00:00:00:00:02");
  tb::Rng rng(o.seed);
  std::vector<golden::Packet> pk;
  std::vector<std::uint8_t> mark;
  for (unsigned k = 0; k < 30; ++k) {
    const unsigned flow = k % 2;  // two flows, interleaved on two ports
    const std::uint8_t m = (k % 10 == 3) ? kFault : (k % 10 == 6) ? kLost : static_cast<std::uint8_t>(k);
    PacketBuilder b;
    b.eth(ma, mb).ipv4({.src = ip4(fmt::format("10.0.0.{}", flow + 1)), .dst = ip4("192.0.2.7")});
    b.udp({.sport = 4000, .dport = 53}).payload(rng.range(1, 64), m);
    golden::Packet p;
    p.frame = b.pad_to(60).build();
    p.port = static_cast<std::uint8_t>(flow);
    pk.push_back(std::move(p));
    mark.push_back(m);
  }
  const auto fates = run_checked(e, pk, where);
  std::uint32_t held[2] = {0, 0}, bytes[2] = {0, 0};
  unsigned faults = 0, lost = 0;
  for (std::size_t i = 0; i < pk.size(); ++i) {
    const Outcome& d = fates[i];
    const unsigned flow = static_cast<unsigned>(i % 2);
    const std::string at = fmt::format("packet {} (mark {:#x}); {}", i, mark[i], where);
    const Stamp s = d.sent ? stamp_of(d.frame, pk[i].frame.size()) : Stamp{};
    if (d.sent && s.status == static_cast<std::uint32_t>(Status::kBusy)) {
      EXPECT_EQ(s.l3_packets + s.l4_packets, 0U) << at;  // passed on without state, not counted
      continue;
    }
    if (mark[i] == kFault || mark[i] == kLost) {
      const auto want = mark[i] == kFault ? baton::abi::DropReason::kFaultAccess : baton::abi::DropReason::kNoPartition;
      EXPECT_TRUE(d.dropped && !d.sent && d.reason == static_cast<unsigned>(want))
          << "dropped " << d.dropped << " reason " << d.reason << "; " << at;
      ++(mark[i] == kFault ? faults : lost);
      continue;
    }
    ASSERT_TRUE(d.sent) << at;
    const std::uint32_t n = ++held[flow];
    bytes[flow] += static_cast<std::uint32_t>(pk[i].frame.size());
    EXPECT_EQ(s.status, static_cast<std::uint32_t>(i < 2 ? Status::kInserted : Status::kHit))
        << "only a flow's first event inserts it, faulted or not; " << at;
    EXPECT_EQ(s.l3_packets, n) << "the faulted events left no count; " << at;
    EXPECT_EQ(s.l3_bytes, bytes[flow]) << at;
    EXPECT_EQ(s.l4_packets, n) << at;
  }
  EXPECT_GT(faults, 0U) << "no access fault while holding a flow; " << where;
  EXPECT_GT(lost, 0U) << "no context manager drop while holding a flow; " << where;
  EXPECT_EQ(e.counter(kDones), pk.size() - e.counter(kBusy)) << "every holding event ended, the dropped ones too; " << where;
  EXPECT_EQ(e.counter(kInserts), 2U) << where;
}

// The ISS engine model (tb/model/engine, its own implementation of the flow-state semantics) runs
// the same firmware on the same packets: every packet's fate and every stamp word but the flow
// index (the controller's table places entries of one bucket in arrival order, which differs
// between the two engines' timing) are equal, so firmware tested on the model behaves the same on
// the RTL.
TEST(EngineFlowState, IssEngineModelAgreesPacketByPacket) {
  EnvOptions o = test_options();
  const std::string where = fmt::format("seed {}; repro: {}", o.seed, tb::repro_command(o.seed, false));
  auto e = make_engine(o, true);
  const Traffic t = make_traffic(o.seed, 60, 5);
  const auto fates = run_checked(e, t.packets, where);

  namespace eng = baton::model::engine;
  eng::EngineConfig c;
  c.tiles = 4;
  c.threads = 4;
  c.flow.enabled = true;
  for (const auto ty : {EventType::kUdp, EventType::kTcp, EventType::kTcpSyn, EventType::kTcpSynack,
                        EventType::kTcpFin, EventType::kTcpRst}) {
    const bool special = ty != EventType::kUdp && ty != EventType::kTcp;
    c.flow.classes[eng::event_class(0, ty)] = {true, eng::LookupMode::kInsert,
                                               static_cast<std::uint8_t>(special ? kPartStamp3b : kPartStamp3), 0};
  }
  c.flow.part_layer[kPartStamp4] = 1;
  c.flow.table = {.buckets_per_bank = 4096, .ways = 8, .stash = 8, .max_per_flow = 8};
  eng::EngineModel model(BATON_FLOWSTAMP_IMAGE, {}, c);
  std::vector<eng::InPacket> in;
  for (const auto& p : t.packets) in.push_back({.frame = p.frame, .port = p.port});
  const auto out = model.run(in);
  std::vector<const eng::Completion*> by_index(t.packets.size(), nullptr);
  for (const auto& d : out) {
    ASSERT_LT(d.index, by_index.size()) << "the model made an event without a packet; " << where;
    by_index[d.index] = &d;
  }
  for (std::size_t i = 0; i < t.packets.size(); ++i) {
    const std::string at = fmt::format("packet {}; {}", i, where);
    const eng::Completion* m = by_index[i];
    ASSERT_NE(m, nullptr) << "the model lost it; " << at;
    const Outcome& d = fates[i];
    if (m->kind == eng::OutKind::kDrop) {
      EXPECT_TRUE(d.dropped && d.reason == m->reason) << "model drops with " << +m->reason << "; " << at;
      continue;
    }
    ASSERT_EQ(m->kind, eng::OutKind::kSend) << at;
    ASSERT_TRUE(d.sent) << at;
    EXPECT_EQ(d.port, m->port) << at;
    ASSERT_EQ(d.frame.size(), m->frame.size()) << at;
    const std::size_t len = t.packets[i].frame.size();
    EXPECT_TRUE(std::equal(d.frame.begin(), d.frame.begin() + static_cast<std::ptrdiff_t>(len), m->frame.begin())) << at;
    const Stamp r = stamp_of(d.frame, len), s = stamp_of(m->frame, len);
    EXPECT_EQ(std::tie(r.magic, r.status, r.l3_packets, r.l3_bytes, r.l4_packets, r.l4_prev, r.tag_prev),
              std::tie(s.magic, s.status, s.l3_packets, s.l3_bytes, s.l4_packets, s.l4_prev, s.tag_prev))
        << at;
  }
  EXPECT_EQ(model.counters().flow.inserts, e.counter(kInserts)) << where;
}

}  // namespace
