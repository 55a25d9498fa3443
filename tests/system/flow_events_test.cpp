// SPDX-License-Identifier: Apache-2.0
// Flow-state events on the RTL engine (engine_t4_fs, docs/flow-state.md "Engine integration") with
// the flow-state example firmware (sw/examples/flowcount): idle timers set, re-armed and
// cancelled from firmware (SP9), a generated event run by a third partition (SP10), delete at the
// end of an event, events without a packet (a packet-buffer slot of their own, released to the
// host unordered) and the scratchpad (SP12). The reference is the stimulus: the test knows every
// flow lifetime's packets and derives each exported record, the counters and the timer bounds.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <vector>

#include "Vengine_t4_fs.h"
#include "baton/abi.hpp"
#include "baton/bytes.hpp"
#include "baton/env/engine/configs.hpp"
#include "baton/env/engine/engine_env.hpp"
#include "baton/env/engine/setup.hpp"
#include "baton/model/engine/engine_model.hpp"
#include "baton/net/builder.hpp"
#include "baton/tb/config.hpp"
#include "baton/tb/rng.hpp"

namespace {

using namespace baton::env::engine;
using namespace baton::net;
using baton::abi::EventType;
namespace golden = baton::golden;

// sw/examples/flowcount/flowcount.h, restated: the test is the firmware's independent reader.
constexpr unsigned kPartCount3 = 1, kPartCount4 = 2, kPartExpire = 3, kPartReport = 4, kPartProbe = 5;
constexpr std::uint64_t kIdleCycles = 20000;
constexpr std::uint32_t kMagic = 0xf10c0001U, kProbeMagic = 0xf10c0002U;
constexpr std::uint32_t kReasonIdle = 1, kReasonClose = 2;
constexpr std::size_t kRecordWords = 10;
constexpr unsigned kPorts = 4;

// The engine's timers are scanned one per cycle (rtl/lookup/baton_lookup_timers.sv): an armed
// timer fires within one scan of its deadline; 65,544 flows in engine_t4_fs.
constexpr std::uint64_t kScanCycles = 65544;
// Lifetimes of a flow are further apart than a timer's latest expiry, so each is a new insert.
constexpr std::uint64_t kLifetimeSpacing = 2 * (kIdleCycles + kScanCycles);

// Counters of the flow-state window (rtl/flow/baton_flow_regs.rdl).
enum Counter : unsigned {
  kLookups = 0, kHits = 1, kInserts = 2, kMisses = 3, kFull = 4, kBusy = 5, kDeletes = 6, kDelMisses = 7,
  kTmoFired = 8, kTmoEvents = 9, kTmoStale = 10, kDones = 12, kWbConflicts = 13, kWbErrors = 14, kCmdErrors = 15,
  kUsed = 16, kCmds = 20, kIgnored = 21, kGenerated = 22, kPacketless = 23
};

struct Record {
  std::uint32_t flow, packets, bytes, first, last, l4_packets, ports, reason, events;
};

Record record_of(const std::vector<std::uint8_t>& f) {
  std::array<std::uint32_t, kRecordWords> w{};
  for (std::size_t i = 0; i < kRecordWords && 4 * i + 3 < f.size(); ++i) w[i] = baton::bytes::load_le32(f, 4 * i);
  EXPECT_EQ(f.size(), 4 * kRecordWords);
  EXPECT_EQ(w[0], kMagic);
  return {w[1], w[2], w[3], w[4], w[5], w[6], w[7], w[8], w[9]};
}

// One lifetime of a flow: its packets from the first sight to the export.
struct Instance {
  std::uint16_t sport = 0, dport = 0;
  bool closes = false;  // ends with FIN or RST: exported by a generated event, else by the idle timer
  std::vector<std::size_t> packets;
  std::uint32_t bytes = 0;
};

struct Traffic {
  std::vector<golden::Packet> packets;
  std::vector<std::uint64_t> offer_at;
  std::vector<Instance> instances;
};

// `flows` flows with two lifetimes each; TCP lifetimes open with SYN and about half close with
// FIN or RST; packets of different flows interleave on the four ports. A probe (ICMP) comes last.
Traffic make_traffic(std::uint64_t seed, unsigned flows) {
  baton::tb::Rng rng(seed);
  Traffic t;
  const Mac a = mac("02:00:00:00:00:01"), b = mac("02:00:00:00:00:02");
  struct Made {
    golden::Packet p;
    std::uint64_t at;
    std::size_t inst;
  };
  std::vector<Made> made;
  for (unsigned f = 0; f < flows; ++f) {
    const bool tcp = rng.chance(0.5);
    const auto sport = static_cast<std::uint16_t>(1024 + f);  // unique per flow: the record's key
    const auto dport = static_cast<std::uint16_t>(rng.range(1, 65535));
    const Ip4 src = ip4(fmt::format("10.{}.{}.1", f / 200, f % 200)), dst = ip4("192.0.2.7");
    const auto port = static_cast<std::uint8_t>(rng.range(0, kPorts - 1));  // one port per flow: arrival order
    for (unsigned life = 0; life < 2; ++life) {
      Instance in;
      in.sport = sport;
      in.dport = dport;
      const unsigned n = static_cast<unsigned>(rng.range(1, 6));
      in.closes = tcp && n > 1 && rng.chance(0.5);
      std::uint64_t at = life * kLifetimeSpacing + rng.range(0, 3000);
      for (unsigned k = 0; k < n; ++k) {
        PacketBuilder pb;
        pb.eth(a, b).ipv4({.src = src, .dst = dst});
        if (tcp) {
          std::uint16_t flags = 0x010;                                                    // ACK
          if (k == 0) flags = 0x002;                                                      // SYN
          if (in.closes && k + 1 == n) flags = rng.chance(0.5) ? 0x011 : 0x014;           // FIN / RST
          pb.tcp({.sport = sport, .dport = dport, .flags = flags});
        } else {
          pb.udp({.sport = sport, .dport = dport});
        }
        pb.payload(rng.range(0, 200), static_cast<std::uint8_t>(k));
        golden::Packet p;
        p.frame = pb.pad_to(60).build();
        p.port = port;
        in.bytes += static_cast<std::uint32_t>(p.frame.size());
        made.push_back({p, at, t.instances.size()});
        at += rng.range(1, 1500);
      }
      t.instances.push_back(in);
    }
  }
  std::stable_sort(made.begin(), made.end(), [](const Made& x, const Made& y) { return x.at < y.at; });
  for (auto& m : made) {
    t.instances[m.inst].packets.push_back(t.packets.size());
    t.offer_at.push_back(m.at);
    t.packets.push_back(std::move(m.p));
  }
  golden::Packet probe;
  probe.frame = PacketBuilder().eth(a, b).ipv4({.src = ip4("10.9.9.9"), .dst = ip4("192.0.2.7")}).icmp({}).pad_to(60).build();
  t.offer_at.push_back(2 * kLifetimeSpacing + 10000);
  t.packets.push_back(probe);
  return t;
}

class EngineFlowEvents : public ::testing::Test {
 protected:
  EngineFlowEvents() : fw_(load_firmware(BATON_FLOWCOUNT_IMAGE, default_config_path())) {}

  // The flowcount configuration: TCP and UDP events to count3 (find or insert), timeouts to
  // expire and generated events to report (no lookup: the controller made them with their flow),
  // the probe's ICMP to probe; count4 sees layer 1.
  void configure(EngineEnv<Vengine_t4_fs>& env) {
    env.boot(fw_);
    for (const auto t : {EventType::kUdp, EventType::kTcp, EventType::kTcpSyn, EventType::kTcpSynack,
                         EventType::kTcpFin, EventType::kTcpRst}) {
      env.reg_write(csr::ing_class(static_cast<unsigned>(t)), 1U | (2U << 1) | (kPartCount3 << 8));
    }
    env.reg_write(csr::ing_class(static_cast<unsigned>(EventType::kTimeout)), 1U | (kPartExpire << 8));
    env.reg_write(csr::ing_class(static_cast<unsigned>(EventType::kGenerated)), 1U | (kPartReport << 8));
    env.reg_write(csr::ing_class(static_cast<unsigned>(EventType::kIcmp)), 1U | (kPartProbe << 8));
    env.reg_write(csr::flow_part_layer(kPartCount4), 1U << kPartCount4);
  }

  Firmware fw_;
};

// What a run exported: per flow (its ports word) the records of its lifetimes in export order,
// and the probe's scratchpad sum.
struct Exports {
  std::map<std::uint32_t, std::vector<Record>> by_ports;
  std::uint32_t spad_sum = 0;
};

TEST_F(EngineFlowEvents, TimersGeneratedEventsDeleteAndScratchpadMatchTheStimulus) {
  auto opt = test_options();
  SCOPED_TRACE(fmt::format("seed {} (repro: BATON_SEED={} {} --gtest_filter=*{})", opt.seed, opt.seed,
                           "engine_flow_events_test", ::testing::UnitTest::GetInstance()->current_test_info()->name()));
  const Traffic t = make_traffic(opt.seed, 160);
  opt.max_idle = 2 * (kIdleCycles + kScanCycles) + 20000;
  EngineEnv<Vengine_t4_fs> env(default_geometry(4), opt);
  configure(env);
  env.set_offer_times(t.offer_at);
  env.expect_packetless(t.instances.size());
  std::vector<std::uint8_t> probe_frame;
  const std::size_t probe = t.packets.size() - 1;
  env.on_frame = [&](unsigned, const std::vector<std::uint8_t>& data, std::uint64_t, std::size_t idx) {
    if (idx == probe) probe_frame = data;
  };
  Scoreboard sb(fw_.config, kPorts);
  const auto stats = env.run(t.packets, sb);
  if (stats.timed_out) {
    std::string c;
    for (unsigned i = 0; i < 24; ++i) c += fmt::format(" {}:{}", i, env.reg_read(csr::flow_counter(i)));
    FAIL() << "timed out at cycle " << env.sim().cycle() << "; flow counters" << c << "; packetless events "
           << env.packetless().size();
  }

  // Every packet event ends with DONE in count4; the probe goes to the host.
  for (const auto& v : sb.verdicts()) {
    if (v.index == probe) {
      EXPECT_EQ(v.fate, Fate::kToHost);
      continue;
    }
    EXPECT_EQ(v.fate, Fate::kDone) << "packet " << v.index << " reason 0x" << std::hex << v.reason;
  }
  const auto& done_at = env.decided_at();

  // One export per lifetime, by a timeout event (idle) or a generated event (FIN/RST), each an
  // event without a packet that went to the host with its record.
  const auto& evs = env.packetless();
  ASSERT_EQ(evs.size(), t.instances.size()) << "one export per flow lifetime";
  std::map<std::uint32_t, std::vector<std::pair<Record, const EngineEnv<Vengine_t4_fs>::PacketlessEvent*>>> by_ports;
  for (const auto& e : evs) {
    ASSERT_EQ(e.code, 0x110U) << "a record goes to the host";
    ASSERT_TRUE(e.output);
    const Record r = record_of(e.frame);
    EXPECT_EQ(r.flow, e.flow) << "the record's flow index is the event's";
    EXPECT_EQ(e.type, static_cast<unsigned>(r.reason == kReasonIdle ? EventType::kTimeout : EventType::kGenerated));
    by_ports[r.ports].push_back({r, &e});
  }
  std::map<std::uint32_t, std::vector<const Instance*>> expected;
  for (const auto& in : t.instances) expected[(std::uint32_t{in.sport} << 16) | in.dport].push_back(&in);
  std::size_t closes = 0;
  for (const auto& [ports, ins] : expected) {
    SCOPED_TRACE(fmt::format("flow ports {:#010x}", ports));
    const auto& got = by_ports[ports];
    ASSERT_EQ(got.size(), ins.size());
    for (std::size_t i = 0; i < ins.size(); ++i) {
      const Instance& in = *ins[i];
      const auto& [r, e] = got[i];  // lifetimes are exported in order
      EXPECT_EQ(r.packets, in.packets.size()) << "no update lost, the export saw every packet";
      EXPECT_EQ(r.l4_packets, in.packets.size()) << "layer 1's count, carried across the migration";
      EXPECT_EQ(r.events, in.packets.size());
      EXPECT_EQ(r.bytes, in.bytes);
      EXPECT_LE(r.first, r.last);
      const std::uint64_t last_done = done_at[in.packets.back()];
      ASSERT_NE(last_done, 0U);
      if (i + 1 < ins.size()) {
        EXPECT_LT(e->released, done_at[ins[i + 1]->packets.front()]) << "exported before the next lifetime began";
      }
      if (in.closes) {
        ++closes;
        EXPECT_EQ(r.reason, kReasonClose);
      } else {
        EXPECT_EQ(r.reason, kReasonIdle);
        // count4 arms the timer a few instructions before its DONE: the expiry comes at the
        // deadline at the earliest and within one timer scan after it.
        EXPECT_GE(e->admitted + 200, last_done + kIdleCycles) << "timer fired early";
        EXPECT_LE(e->admitted, last_done + kIdleCycles + kScanCycles + 2000) << "timer fired late";
      }
    }
  }

  // The probe summed the scratchpad's new-flow words: count3 added one per insert, on the
  // tile and thread that ran it.
  ASSERT_GE(probe_frame.size(), 8U);
  EXPECT_EQ(baton::bytes::load_le32(probe_frame, 0), kProbeMagic);
  EXPECT_EQ(baton::bytes::load_le32(probe_frame, 4), t.instances.size()) << "scratchpad: one count per insert";

  const auto cnt = [&env](unsigned c) { return env.reg_read(csr::flow_counter(c)); };
  const std::size_t pkts = t.packets.size() - 1;
  EXPECT_EQ(cnt(kLookups), pkts);
  EXPECT_EQ(cnt(kInserts), t.instances.size());
  EXPECT_EQ(cnt(kHits), pkts - t.instances.size());
  EXPECT_EQ(cnt(kMisses) + cnt(kFull) + cnt(kBusy), 0U);
  EXPECT_EQ(cnt(kGenerated), closes);
  EXPECT_EQ(cnt(kTmoEvents), t.instances.size() - closes);
  EXPECT_EQ(cnt(kTmoFired), cnt(kTmoEvents)) << "a close cancels the timer: no expiry of a deleted flow";
  EXPECT_EQ(cnt(kTmoStale), 0U);
  EXPECT_EQ(cnt(kDeletes), t.instances.size());
  EXPECT_EQ(cnt(kDelMisses), 0U);
  EXPECT_EQ(cnt(kUsed), 0U) << "every flow deleted";
  EXPECT_EQ(cnt(kDones), pkts + t.instances.size()) << "every event, with or without a packet, ended once";
  EXPECT_EQ(cnt(kPacketless), t.instances.size());
  // Commands: count4 stores timer_class and timer_set (or timer_cancel and gen_event) once per
  // packet event; every export stores delete.
  EXPECT_EQ(cnt(kCmds), 2 * pkts + t.instances.size());
  EXPECT_EQ(cnt(kIgnored), 0U);
  EXPECT_EQ(cnt(kWbConflicts), 0U) << "each shared word has one writer layer";
  EXPECT_EQ(cnt(kWbErrors), 0U);
  EXPECT_EQ(cnt(kCmdErrors), 0U);
}

}  // namespace

namespace {

// The ISS engine model (tb/model/engine) with the same firmware, class table and arrival times:
// its flow-state unit implements docs/abi.md section 13 independently of the RTL. Every exported
// record agrees (all fields but the flow index and the arrival times, which depend on the
// engines' timing), and so does the scratchpad sum.
TEST_F(EngineFlowEvents, IssEngineModelExportsTheSameRecords) {
  namespace eng = baton::model::engine;
  auto opt = test_options();
  opt.seed ^= 0x5eedULL;
  SCOPED_TRACE(fmt::format("seed {} (repro: BATON_SEED={} engine_flow_events_test --gtest_filter=*{})", opt.seed,
                           opt.seed ^ 0x5eedULL, ::testing::UnitTest::GetInstance()->current_test_info()->name()));
  const Traffic t = make_traffic(opt.seed, 60);
  const std::size_t probe = t.packets.size() - 1;

  Exports rtl;
  {
    opt.max_idle = 2 * (kIdleCycles + kScanCycles) + 20000;
    EngineEnv<Vengine_t4_fs> env(default_geometry(4), opt);
    configure(env);
    env.set_offer_times(t.offer_at);
    env.expect_packetless(t.instances.size());
    env.on_frame = [&](unsigned, const std::vector<std::uint8_t>& data, std::uint64_t, std::size_t idx) {
      if (idx == probe && data.size() >= 8) rtl.spad_sum = baton::bytes::load_le32(data, 4);
    };
    Scoreboard sb(fw_.config, kPorts);
    ASSERT_FALSE(env.run(t.packets, sb).timed_out);
    ASSERT_EQ(env.packetless().size(), t.instances.size());
    for (const auto& e : env.packetless()) {
      const Record r = record_of(e.frame);
      rtl.by_ports[r.ports].push_back(r);
    }
  }

  Exports iss;
  {
    eng::EngineConfig c;
    c.tiles = 4;
    c.threads = 4;
    auto& f = c.flow;
    f.enabled = true;
    for (const auto ty : {EventType::kUdp, EventType::kTcp, EventType::kTcpSyn, EventType::kTcpSynack,
                          EventType::kTcpFin, EventType::kTcpRst}) {
      f.classes[eng::event_class(0, ty)] = {true, eng::LookupMode::kInsert, static_cast<std::uint8_t>(kPartCount3), 0};
    }
    f.classes[eng::event_class(0, EventType::kTimeout)] = {true, eng::LookupMode::kNone, static_cast<std::uint8_t>(kPartExpire), 0};
    f.classes[eng::event_class(0, EventType::kGenerated)] = {true, eng::LookupMode::kNone, static_cast<std::uint8_t>(kPartReport), 0};
    f.classes[eng::event_class(0, EventType::kIcmp)] = {true, eng::LookupMode::kNone, static_cast<std::uint8_t>(kPartProbe), 0};
    f.part_layer[kPartCount4] = 1;
    f.table = {.buckets_per_bank = 4096, .ways = 8, .stash = 8, .max_per_flow = 8};  // engine_t4_fs
    std::vector<eng::InPacket> in;
    for (std::size_t i = 0; i < t.packets.size(); ++i) {
      eng::InPacket p;
      p.frame = t.packets[i].frame;
      p.port = t.packets[i].port;
      p.not_before = t.offer_at[i];
      in.push_back(std::move(p));
    }
    eng::EngineModel model(BATON_FLOWCOUNT_IMAGE, {}, c);
    for (const auto& d : model.run(in)) {
      if (d.index == probe) {
        ASSERT_EQ(d.kind, eng::OutKind::kToHost);
        iss.spad_sum = baton::bytes::load_le32(d.frame, 4);
      } else if (d.index == eng::kNoPacket) {
        const Record r = record_of(d.frame);
        iss.by_ports[r.ports].push_back(r);
      } else {
        EXPECT_EQ(d.kind, eng::OutKind::kDone) << "packet " << d.index;
      }
    }
  }

  ASSERT_EQ(rtl.by_ports.size(), iss.by_ports.size());
  for (const auto& [ports, want] : iss.by_ports) {
    SCOPED_TRACE(fmt::format("flow ports {:#010x}", ports));
    const auto& got = rtl.by_ports[ports];
    ASSERT_EQ(got.size(), want.size());
    for (std::size_t i = 0; i < want.size(); ++i) {
      EXPECT_EQ(got[i].packets, want[i].packets);
      EXPECT_EQ(got[i].bytes, want[i].bytes);
      EXPECT_EQ(got[i].l4_packets, want[i].l4_packets);
      EXPECT_EQ(got[i].events, want[i].events);
      EXPECT_EQ(got[i].reason, want[i].reason);
    }
  }
  EXPECT_EQ(rtl.spad_sum, iss.spad_sum);
  EXPECT_EQ(rtl.spad_sum, t.instances.size());
}

}  // namespace
