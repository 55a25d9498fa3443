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

// SP4 channels and the flow key's class (docs/ingress.md "Channels"): ports 0 and 2 take VLAN
// channels (VLAN 100 and 300 -> group 1, 200 -> group 2; a disabled and a shadowed entry beside
// them), port 3 is group 3, the rest group 0. Groups 0, 1 and 3 route TCP and UDP events to
// stamp3, stamp3b and stamp3b; group 2 has no class (dropped as unrouted). Port classes 3, 3, 1, 6:
// a direction's packets enter on either port of its pair, so on ports 0/1 they are one flow and
// on ports 2/3 two flows. The reference is the stimulus (which session, VLAN and port each packet
// has); the RTL engine and the ISS engine model must both meet it.
namespace channels {

struct RefFlow {
  std::vector<std::size_t> packets;  // routed packets, stimulus order
  std::size_t len = 0;               // every packet of the flow has this length
};
struct Stimulus {
  std::vector<golden::Packet> packets;
  std::vector<unsigned> group;       // per packet
  std::vector<RefFlow> flows;
  std::vector<std::size_t> unrouted;
};

constexpr std::array<std::uint8_t, 4> kClass = {3, 3, 1, 6};

baton::model::ingress::ChannelConfig channel_config() {
  baton::model::ingress::ChannelConfig ch;
  ch.port_group = {0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
  ch.port_vlan = 0x0005;
  ch.vlan[0] = {true, 100, 1};
  ch.vlan[1] = {true, 200, 2};
  ch.vlan[3] = {false, 300, 3};
  ch.vlan[5] = {true, 300, 1};
  ch.vlan[6] = {true, 100, 3};
  std::copy(kClass.begin(), kClass.end(), ch.port_class.begin());
  return ch;
}

// The group each packet must get, from the rules and what the test put in the frame.
unsigned expected_group(unsigned port, std::optional<std::uint16_t> vlan) {
  if ((port == 0 || port == 2) && vlan) {
    if (*vlan == 100 || *vlan == 300) return 1;
    if (*vlan == 200) return 2;
  }
  return port == 3 ? 3 : 0;
}

unsigned part_of_group(unsigned g) { return g == 0 ? kPartStamp3 : kPartStamp3b; }  // group 2: none

Stimulus make(std::uint64_t seed, unsigned sessions) {
  tb::Rng rng(seed);
  Stimulus st;
  const Mac ma = mac("02:00:00:00:00:01"), mb = mac("02:00:00:00:00:02");
  struct Made {
    golden::Packet p;
    unsigned group;
    std::size_t flow;  // SIZE_MAX: unrouted
    double at;
  };
  std::vector<Made> made;
  const std::optional<std::uint16_t> vlans[] = {std::nullopt, 100, 200, 300, 400};
  for (unsigned s = 0; s < sessions; ++s) {
    const bool tcp = rng.chance(0.5);
    const auto vlan = vlans[rng.range(0, std::size(vlans) - 1)];
    const Ip4 a = ip4(fmt::format("10.{}.{}.1", s / 200, s % 200)), b = ip4("192.0.2.7");
    const auto pa = static_cast<std::uint16_t>(1024 + s), pb = static_cast<std::uint16_t>(rng.range(1, 65535));
    const auto payload = static_cast<std::size_t>(rng.range(0, 200));
    for (unsigned dir = 0; dir < 2; ++dir) {
      // Direction 0 enters on ports 0/1 (both class 3), direction 1 on ports 2/3 (classes 1, 6).
      std::map<unsigned, std::size_t> flow_of_class;
      const unsigned n = static_cast<unsigned>(rng.range(1, 6));
      double at = static_cast<double>(rng.range(0, 1000));
      for (unsigned k = 0; k < n; ++k) {
        const unsigned port = 2 * dir + static_cast<unsigned>(rng.range(0, 1));
        PacketBuilder pkb;
        pkb.eth(dir ? ma : mb, dir ? mb : ma);
        if (vlan) pkb.vlan(*vlan);
        pkb.ipv4({.src = dir ? b : a, .dst = dir ? a : b});
        const auto sp = dir ? pb : pa, dp = dir ? pa : pb;
        if (tcp) {
          pkb.tcp({.sport = sp, .dport = dp, .flags = static_cast<std::uint16_t>(k == 0 ? (dir ? 0x012 : 0x002) : 0x010)});
        } else {
          pkb.udp({.sport = sp, .dport = dp});
        }
        pkb.payload(payload, static_cast<std::uint8_t>(k));
        golden::Packet p;
        p.frame = pkb.pad_to(64).build();
        p.port = static_cast<std::uint8_t>(port);
        const unsigned g = expected_group(port, vlan);
        std::size_t flow = SIZE_MAX;
        if (g != 2) {
          const auto [it, fresh] = flow_of_class.emplace(kClass[port], st.flows.size());
          if (fresh) st.flows.push_back({});
          flow = it->second;
          st.flows[flow].len = p.frame.size();
        }
        made.push_back({p, g, flow, at});
        at += static_cast<double>(rng.range(1, 400));
      }
    }
  }
  std::stable_sort(made.begin(), made.end(), [](const Made& x, const Made& y) { return x.at < y.at; });
  for (auto& m : made) {
    (m.flow == SIZE_MAX ? st.unrouted : st.flows[m.flow].packets).push_back(st.packets.size());
    st.group.push_back(m.group);
    st.packets.push_back(std::move(m.p));
  }
  return st;
}

// Every packet against the reference. A flow's packets on two ports reach the lookup in an order
// the two ports' timing decides, so the check is on the set: its events counted 1..n, each once,
// each stamp consistent with its count (equal lengths), one flow index per flow, distinct across
// flows.
void check(const Stimulus& st, const std::vector<Outcome>& fates, const std::string& where) {
  std::map<std::uint32_t, std::size_t> owner;
  for (std::size_t fi = 0; fi < st.flows.size(); ++fi) {
    const RefFlow& f = st.flows[fi];
    std::vector<std::uint32_t> counts;
    std::optional<std::uint32_t> index;
    for (const std::size_t i : f.packets) {
      const Outcome& d = fates.at(i);
      const auto& in = st.packets[i].frame;
      const std::string at = fmt::format("flow {} packet index {} (port {}); {}", fi, i, +st.packets[i].port, where);
      if (!d.sent) {
        ADD_FAILURE() << "not sent (dropped " << d.dropped << ", reason " << d.reason << "); " << at;
        continue;
      }
      EXPECT_EQ(d.port, (st.packets[i].port + 1U) % kPorts) << at;
      if (d.frame.size() != in.size() + 4 * kStampWords) {
        ADD_FAILURE() << "output of " << d.frame.size() << " bytes for " << in.size() << " in; " << at;
        continue;
      }
      const Stamp s = stamp_of(d.frame, in.size());
      EXPECT_EQ(s.magic, kMagic) << at;
      const std::uint32_t n = s.l3_packets;
      counts.push_back(n);
      EXPECT_EQ(s.status, static_cast<std::uint32_t>(n == 1 ? Status::kInserted : Status::kHit)) << at;
      EXPECT_EQ(s.l3_bytes, n * f.len) << at;
      EXPECT_EQ(s.l4_packets, n) << at;
      EXPECT_EQ(s.l4_prev, n - 1) << at;
      EXPECT_EQ(s.tag_prev, n == 1 ? 0U : kTagBase + n - 1) << at;
      check_flow_index(owner, index, s.flow, fi, at);
    }
    std::sort(counts.begin(), counts.end());
    for (std::size_t k = 0; k < counts.size(); ++k) {
      EXPECT_EQ(counts[k], k + 1) << "flow " << fi << ": its events must count 1.." << f.packets.size() << " once each; " << where;
    }
  }
  for (const std::size_t i : st.unrouted) {
    EXPECT_TRUE(fates[i].dropped && fates[i].reason == kDropUnrouted && !fates[i].sent)
        << "packet " << i << " (group 2, no class) must be dropped as unrouted; " << where;
  }
}

}  // namespace channels

TEST(EngineFlowState, VlanChannelsRouteEventsPortClassesSeparateFlows) {
  EnvOptions o = test_options();
  const std::string where = fmt::format("seed {}; repro: {}", o.seed, tb::repro_command(o.seed, false));
  const auto st = channels::make(o.seed, 120);
  const auto ch = channels::channel_config();
  std::array<std::uint32_t, 2> want{};  // stamp3, stamp3b
  for (const unsigned g : st.group) {
    if (g != 2) ++want[channels::part_of_group(g) == kPartStamp3 ? 0 : 1];
  }
  ASSERT_GT(want[0], 0U);
  ASSERT_GT(want[1], 0U);
  ASSERT_GT(st.unrouted.size(), 0U);
  std::size_t routed = 0;
  for (const auto& f : st.flows) routed += f.packets.size();

  auto e = make_engine(o);
  e.env().configure_channels(ch);
  for (const unsigned g : {1U, 3U}) {
    for (const auto t : {EventType::kUdp, EventType::kTcp, EventType::kTcpSyn, EventType::kTcpSynack,
                         EventType::kTcpFin, EventType::kTcpRst}) {
      const unsigned cls = (g << baton::abi::kEventTypeBits) | static_cast<unsigned>(t);
      e.env().reg_write(csr::ing_class(cls), 1U | (2U << 1) | (channels::part_of_group(g) << 8));
    }
  }
  const auto fates = run_checked(e, st.packets, where);
  channels::check(st, fates, where);
  EXPECT_EQ(e.entered(kPartStamp3), want[0]) << "group 0 events; " << where;
  EXPECT_EQ(e.entered(kPartStamp3b), want[1]) << "group 1 and 3 events; " << where;
  EXPECT_EQ(e.counter(kLookups), routed) << where;
  EXPECT_EQ(e.counter(kInserts), st.flows.size()) << "one flow per {key, port class}; " << where;
  EXPECT_EQ(e.counter(kUsed), st.flows.size()) << where;
  EXPECT_EQ(e.counter(kBusy), 0U) << where;

  // The ISS engine model with the same channels and classes meets the same reference.
  namespace eng = baton::model::engine;
  eng::EngineConfig c;
  c.tiles = 4;
  c.threads = 4;
  c.flow.enabled = true;
  c.flow.channels = ch;
  for (const unsigned g : {0U, 1U, 3U}) {
    for (const auto ty : {EventType::kUdp, EventType::kTcp, EventType::kTcpSyn, EventType::kTcpSynack,
                          EventType::kTcpFin, EventType::kTcpRst}) {
      c.flow.classes[eng::event_class(g, ty)] = {true, eng::LookupMode::kInsert,
                                                 static_cast<std::uint8_t>(channels::part_of_group(g)), 0};
    }
  }
  c.flow.part_layer[kPartStamp4] = 1;
  c.flow.table = {.buckets_per_bank = 4096, .ways = 8, .stash = 8, .max_per_flow = 8};
  eng::EngineModel model(BATON_FLOWSTAMP_IMAGE, {}, c);
  std::vector<eng::InPacket> in;
  for (const auto& p : st.packets) in.push_back({.frame = p.frame, .port = p.port});
  std::vector<Outcome> mf(st.packets.size());
  for (const auto& d : model.run(in)) {
    ASSERT_LT(d.index, mf.size()) << "the model made an event without a packet; " << where;
    if (d.kind == eng::OutKind::kSend) {
      mf[d.index].sent = true;
      mf[d.index].port = d.port;
      mf[d.index].frame = d.frame;
    } else if (d.kind == eng::OutKind::kDrop) {
      mf[d.index].dropped = true;
      mf[d.index].reason = d.reason;
    }
  }
  channels::check(st, mf, "ISS engine model; " + where);
  EXPECT_EQ(model.counters().flow.inserts, st.flows.size()) << "ISS engine model; " << where;
}

}  // namespace
