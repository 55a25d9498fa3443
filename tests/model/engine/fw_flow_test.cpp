// SPDX-License-Identifier: Apache-2.0
// Flow state in the ISS engine model (docs/flow-state.md, docs/abi.md sections 12 and 13) with the
// flow-state example firmware (sw/examples/flowcount): the event class table, find-or-insert,
// per-flow counters carried across packets and across a migration between layers, idle timers
// that fire once after their deadline, generated events on a third partition, delete, the
// scratchpad, and the Busy and Full outcomes. The reference is the stimulus itself: the test
// knows every flow's packets and lengths and derives each exported record from them.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <vector>

#include "baton/bytes.hpp"
#include "baton/model/engine/engine_model.hpp"
#include "baton/net/builder.hpp"
#include "baton/tb/rng.hpp"
#include "baton/tb/config.hpp"

namespace {

namespace eng = baton::model::engine;
namespace abi = baton::abi;
using namespace baton::net;
using abi::EventType;

// sw/examples/flowcount/flowcount.h, restated: the test is the firmware's independent reader.
constexpr std::uint8_t kPartEntry = 0, kPartCount3 = 1, kPartCount4 = 2, kPartExpire = 3, kPartReport = 4;
constexpr std::uint32_t kIdleCycles = 20000;
constexpr std::uint32_t kMagic = 0xf10c0001U;
constexpr std::uint32_t kReasonIdle = 1, kReasonClose = 2;
constexpr std::uint8_t kDropUnrouted = 0x31, kDropNoFlow = 0x32;
constexpr std::size_t kRecordWords = 10;

eng::FlowStateConfig flow_config() {
  eng::FlowStateConfig f;
  f.enabled = true;
  for (auto t : {EventType::kUdp, EventType::kTcp, EventType::kTcpSyn, EventType::kTcpSynack, EventType::kTcpFin,
                 EventType::kTcpRst}) {
    f.classes[eng::event_class(0, t)] = {true, eng::LookupMode::kInsert, kPartCount3, 0};
  }
  f.classes[eng::event_class(0, EventType::kTimeout)] = {true, eng::LookupMode::kNone, kPartExpire, 0};
  f.classes[eng::event_class(0, EventType::kGenerated)] = {true, eng::LookupMode::kNone, kPartReport, 0};
  f.part_layer[kPartCount4] = 1;
  f.table = {.buckets_per_bank = 256, .ways = 2, .stash = 2, .max_per_flow = 64};
  return f;
}

eng::EngineConfig engine_config(unsigned tiles = 4) {
  eng::EngineConfig c;
  c.tiles = tiles;
  c.threads = 4;
  c.flow = flow_config();
  return c;
}

struct Record {
  std::uint32_t flow, packets, bytes, first, last, l4_packets, ports, reason, events;
  std::uint64_t cycle;
};

Record record_of(const eng::Completion& d) {
  EXPECT_EQ(d.kind, eng::OutKind::kToHost);
  EXPECT_EQ(d.index, eng::kNoPacket) << "a record comes from an event without a packet";
  EXPECT_EQ(d.frame.size(), 4 * kRecordWords);
  std::array<std::uint32_t, kRecordWords> w{};
  for (std::size_t i = 0; i < kRecordWords && 4 * i + 3 < d.frame.size(); ++i) w[i] = baton::bytes::load_le32(d.frame, 4 * i);
  EXPECT_EQ(w[0], kMagic);
  return {w[1], w[2], w[3], w[4], w[5], w[6], w[7], w[8], w[9], d.cycle};
}

// One flow instance: the packets of one lifetime of a flow (first sight to export).
struct Instance {
  std::uint16_t sport = 0, dport = 0;
  bool tcp = false;
  bool closes = false;  // ends with FIN or RST: exported by a generated event, else by the idle timer
  std::vector<std::size_t> packets;  // indices into the packet list
  std::uint32_t bytes = 0;
};

struct Traffic {
  std::vector<eng::InPacket> packets;
  std::vector<Instance> instances;
};

// `flows` flows, each with two lifetimes separated by far more than the idle timeout; TCP
// lifetimes open with SYN and some close with FIN or RST. Packets of different flows interleave.
Traffic make_traffic(std::uint64_t seed, unsigned flows) {
  baton::tb::Rng rng(seed);
  Traffic t;
  const Mac a = mac("02:00:00:00:00:01"), b = mac("02:00:00:00:00:02");
  std::vector<std::pair<std::uint64_t, std::pair<std::size_t, unsigned>>> order;  // (time, (instance, nth))
  struct Pending {
    eng::InPacket pkt;
    std::size_t inst;
  };
  std::vector<Pending> made;
  for (unsigned f = 0; f < flows; ++f) {
    const bool tcp = rng.chance(0.5);
    const auto sport = static_cast<std::uint16_t>(1024 + f);  // unique per flow: the record's key
    const auto dport = static_cast<std::uint16_t>(rng.range(1, 65535));
    const Ip4 src = ip4(fmt::format("10.{}.{}.1", f / 200, f % 200));
    const Ip4 dst = ip4("192.0.2.7");
    for (unsigned life = 0; life < 2; ++life) {
      Instance in;
      in.sport = sport;
      in.dport = dport;
      in.tcp = tcp;
      in.closes = tcp && rng.chance(0.5);
      const unsigned n = static_cast<unsigned>(rng.range(1, 6));
      const std::uint64_t base = life * 400'000ULL;
      std::uint64_t at = base + rng.range(0, 2000);
      for (unsigned k = 0; k < n; ++k) {
        PacketBuilder pb;
        pb.eth(a, b).ipv4({.src = src, .dst = dst});
        const std::size_t pay = rng.range(0, 200);
        if (tcp) {
          std::uint16_t flags = 0x010;                       // ACK
          if (k == 0) flags = 0x002;                         // SYN
          if (in.closes && k + 1 == n && n > 1) flags = rng.chance(0.5) ? 0x011 : 0x014;  // FIN / RST
          pb.tcp({.sport = sport, .dport = dport, .flags = flags});
        } else {
          pb.udp({.sport = sport, .dport = dport});
        }
        pb.payload(pay, static_cast<std::uint8_t>(k));
        eng::InPacket p;
        p.frame = pb.pad_to(60).build();
        p.port = static_cast<std::uint8_t>(rng.range(0, 3));
        p.not_before = at;
        at += rng.range(1, 1500);
        in.bytes += static_cast<std::uint32_t>(p.frame.size());
        made.push_back({p, t.instances.size()});
      }
      if (in.closes && n == 1) in.closes = false;  // a lone SYN does not close
      t.instances.push_back(in);
    }
  }
  std::stable_sort(made.begin(), made.end(),
                   [](const Pending& x, const Pending& y) { return x.pkt.not_before < y.pkt.not_before; });
  for (auto& m : made) {
    t.instances[m.inst].packets.push_back(t.packets.size());
    t.packets.push_back(std::move(m.pkt));
  }
  return t;
}

class FlowModel : public ::testing::Test {
 protected:
  static eng::EngineModel make(const eng::EngineConfig& c) { return eng::EngineModel(BATON_FLOWCOUNT_IMAGE, {}, c); }
};

TEST_F(FlowModel, CountersTimersGeneratedEventsAndDeleteMatchTheStimulus) {
  const std::uint64_t seed = baton::tb::test_seed();
  SCOPED_TRACE(fmt::format("seed {} (repro: BATON_SEED={} {})", seed, seed,
                           ::testing::UnitTest::GetInstance()->current_test_info()->name()));
  const Traffic t = make_traffic(seed, 300);
  auto model = make(engine_config());
  const auto out = model.run(t.packets);

  // Every packet event ends with DONE in count4, after count3 migrated it (two deliveries).
  std::map<std::uint32_t, std::vector<Record>> by_ports;
  std::vector<std::uint64_t> done_cycle(t.packets.size(), 0);
  std::size_t records = 0;
  for (const auto& d : out) {
    if (d.index != eng::kNoPacket) {
      ASSERT_EQ(d.kind, eng::OutKind::kDone) << "packet " << d.index << " reason 0x" << std::hex << +d.reason;
      EXPECT_EQ(d.deliveries, 2U);
      done_cycle[d.index] = d.cycle;
      continue;
    }
    const Record r = record_of(d);
    by_ports[r.ports].push_back(r);
    ++records;
  }
  ASSERT_EQ(records, t.instances.size()) << "one export per flow lifetime";
  std::map<std::uint32_t, std::vector<const Instance*>> expected;
  for (const auto& in : t.instances) expected[(std::uint32_t{in.sport} << 16) | in.dport].push_back(&in);
  for (const auto& [ports, ins] : expected) {
    SCOPED_TRACE(fmt::format("flow ports {:#010x}", ports));
    const auto& got = by_ports[ports];
    ASSERT_EQ(got.size(), ins.size());
    for (std::size_t i = 0; i < ins.size(); ++i) {
      const Instance& in = *ins[i];
      const Record& r = got[i];  // lifetimes are exported in order
      EXPECT_EQ(r.packets, in.packets.size());
      EXPECT_EQ(r.l4_packets, in.packets.size()) << "layer 1's count, carried across the migration";
      EXPECT_EQ(r.events, in.packets.size());
      EXPECT_EQ(r.bytes, in.bytes);
      EXPECT_LE(r.first, r.last);
      const std::uint64_t last_done = done_cycle[in.packets.back()];
      // The flow's next lifetime starts with a new insert, so its export must come first.
      const std::uint64_t next_first = i + 1 < ins.size() ? done_cycle[ins[i + 1]->packets.front()] : UINT64_MAX;
      EXPECT_LT(r.cycle, next_first) << "exported before the flow's next lifetime began";
      if (in.closes) {
        EXPECT_EQ(r.reason, kReasonClose);
        EXPECT_GT(r.cycle, last_done) << "the generated event runs after the event that made it";
      } else {
        EXPECT_EQ(r.reason, kReasonIdle);
        // The timer is armed by the last packet's count4, a few instructions before its DONE: it
        // fires at or after that deadline, and its event ends once a thread of `expire` is free.
        EXPECT_GE(r.cycle + 100, last_done + kIdleCycles) << "timer fired early";
        EXPECT_LT(r.cycle, last_done + 2 * kIdleCycles) << "timer fired late";
      }
    }
  }
  const auto& fc = model.counters().flow;
  EXPECT_EQ(fc.lookups, t.packets.size());
  EXPECT_EQ(fc.inserts, t.instances.size());
  EXPECT_EQ(fc.hits, t.packets.size() - t.instances.size());
  EXPECT_EQ(fc.busy + fc.full + fc.misses, 0U);
  const auto closes = static_cast<std::uint64_t>(std::count_if(t.instances.begin(), t.instances.end(),
                                                               [](const Instance& i) { return i.closes; }));
  EXPECT_EQ(fc.generated, closes);
  EXPECT_EQ(fc.timeout_events, t.instances.size() - closes);
  EXPECT_EQ(fc.timers_fired, fc.timeout_events) << "a close cancels the timer: no stale expiry";
  EXPECT_EQ(fc.deletes, t.instances.size());
  EXPECT_EQ(fc.used, 0U) << "every flow deleted";
  EXPECT_EQ(fc.wb_conflicts, 0U);
  // The scratchpad: flows inserted, one word per hardware thread.
  std::uint64_t spad = 0;
  for (std::uint32_t w = 0; w < 512; ++w) spad += model.flow_state()->scratch_word(w);
  EXPECT_EQ(spad, t.instances.size());
}

TEST_F(FlowModel, EventsOfOneFlowRunOneAtATimeInArrivalOrder) {
  // 40 back-to-back packets of one UDP flow on 4 tiles: without per-flow serialization the
  // read-modify-write of the counters would lose updates; with it the count is exact.
  std::vector<eng::InPacket> pkts;
  std::uint32_t bytes = 0;
  for (unsigned k = 0; k < 40; ++k) {
    eng::InPacket p;
    p.frame = PacketBuilder().eth(mac("02:00:00:00:00:01"), mac("02:00:00:00:00:02"))
                  .ipv4({.src = ip4("10.0.0.1"), .dst = ip4("10.0.0.2")}).udp({.sport = 7, .dport = 9})
                  .payload(k, 1).pad_to(60).build();
    bytes += static_cast<std::uint32_t>(p.frame.size());
    pkts.push_back(p);
  }
  auto model = make(engine_config());
  const auto out = model.run(pkts);
  std::vector<std::uint64_t> done;
  std::vector<Record> recs;
  for (const auto& d : out) {
    if (d.index == eng::kNoPacket) {
      recs.push_back(record_of(d));
    } else {
      ASSERT_EQ(d.kind, eng::OutKind::kDone);
      done.push_back(d.cycle);
    }
  }
  ASSERT_EQ(recs.size(), 1U);
  EXPECT_EQ(recs[0].packets, 40U);
  EXPECT_EQ(recs[0].l4_packets, 40U);
  EXPECT_EQ(recs[0].bytes, bytes);
  EXPECT_TRUE(std::is_sorted(done.begin(), done.end())) << "one flow's events end in arrival order";
}

TEST_F(FlowModel, BusyAndFullPassEventsOnWithoutState) {
  // max_per_flow 2: a burst of one flow gets Busy for events beyond the two it may hold.
  auto cfg = engine_config(1);
  cfg.flow.table.max_per_flow = 2;
  std::vector<eng::InPacket> pkts;
  for (unsigned k = 0; k < 6; ++k) {
    eng::InPacket p;
    p.frame = PacketBuilder().eth(mac("02:00:00:00:00:01"), mac("02:00:00:00:00:02"))
                  .ipv4({.src = ip4("10.0.0.1"), .dst = ip4("10.0.0.2")}).udp({.sport = 7, .dport = 9})
                  .pad_to(60).build();
    pkts.push_back(p);
  }
  {
    auto model = make(cfg);
    const auto out = model.run(pkts);
    std::size_t no_flow = 0, records = 0;
    for (const auto& d : out) {
      if (d.index == eng::kNoPacket) {
        ++records;
        EXPECT_EQ(record_of(d).packets, 6 - model.counters().flow.busy);
      } else if (d.kind == eng::OutKind::kDrop) {
        EXPECT_EQ(d.reason, kDropNoFlow);
        ++no_flow;
      }
    }
    EXPECT_GT(model.counters().flow.busy, 0U);
    EXPECT_EQ(no_flow, model.counters().flow.busy);
    EXPECT_EQ(records, 1U);
  }
  // A table of 2 x 1 buckets x 1 way and no stash: the third and later new flows are Full.
  cfg = engine_config(1);
  cfg.flow.table = {.buckets_per_bank = 1, .ways = 1, .stash = 0, .max_per_flow = 8};
  pkts.clear();
  for (unsigned f = 0; f < 8; ++f) {
    eng::InPacket p;
    p.frame = PacketBuilder().eth(mac("02:00:00:00:00:01"), mac("02:00:00:00:00:02"))
                  .ipv4({.src = ip4("10.0.0.1"), .dst = ip4("10.0.0.2")})
                  .udp({.sport = static_cast<std::uint16_t>(100 + f), .dport = 9}).pad_to(60).build();
    pkts.push_back(p);
  }
  auto model = make(cfg);
  const auto out = model.run(pkts);
  const auto& fc = model.counters().flow;
  EXPECT_LE(fc.inserts, 2U);
  EXPECT_GE(fc.inserts, 1U);
  EXPECT_EQ(fc.inserts + fc.full, 8U);
  std::size_t no_flow = 0;
  for (const auto& d : out)
    if (d.index != eng::kNoPacket && d.kind == eng::OutKind::kDrop && d.reason == kDropNoFlow) ++no_flow;
  EXPECT_EQ(no_flow, fc.full);
}

TEST_F(FlowModel, UnroutedEventsKeepTheIngressTargetAndTheLookupWindowFaultsWithoutFlowState) {
  // ICMP has no class entry: it runs the initial partition, which drops it as unrouted.
  eng::InPacket icmp;
  icmp.frame = PacketBuilder().eth(mac("02:00:00:00:00:01"), mac("02:00:00:00:00:02"))
                   .ipv4({.src = ip4("10.0.0.1"), .dst = ip4("10.0.0.2")}).icmp({}).pad_to(60).build();
  eng::InPacket udp;
  udp.frame = PacketBuilder().eth(mac("02:00:00:00:00:01"), mac("02:00:00:00:00:02"))
                  .ipv4({.src = ip4("10.0.0.1"), .dst = ip4("10.0.0.2")}).udp({.sport = 1, .dport = 2}).pad_to(60).build();
  {
    auto model = make(engine_config(1));
    const auto out = model.run({icmp});
    ASSERT_EQ(out.size(), 1U);
    EXPECT_EQ(out[0].kind, eng::OutKind::kDrop);
    EXPECT_EQ(out[0].reason, kDropUnrouted);
    EXPECT_EQ(model.counters().flow.lookups, 0U);
  }
  // Flow state off: no class table, so the UDP packet runs the initial partition too.
  auto cfg = engine_config(1);
  cfg.flow.enabled = false;
  auto model = make(cfg);
  const auto out = model.run({udp});
  ASSERT_EQ(out.size(), 1U);
  EXPECT_EQ(out[0].reason, kDropUnrouted) << "without flow state the initial partition runs";
  EXPECT_EQ(model.flow_state(), nullptr);
  (void)kPartEntry;
  (void)kPartCount4;
}

}  // namespace
