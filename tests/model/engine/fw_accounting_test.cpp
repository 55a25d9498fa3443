// SPDX-License-Identifier: Apache-2.0
// Flow accounting of the reference router (docs/feature-set.md section 11) on the ISS engine
// model with flow state: session traffic with arrival times, every packet's verdict against the
// golden router, every exported record against the golden model's FlowAccounting.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <cstdio>
#include <map>
#include <string>

#include "baton/env/engine/accounting.hpp"
#include "baton/fw/accounting_classes.hpp"
#include "baton/net/builder.hpp"
#include "baton/tb/config.hpp"
#include "fw_test_util.hpp"

namespace {

using namespace baton;
namespace eng = baton::model::engine;
using env::engine::AccountingSchedule;

constexpr std::uint32_t kIdle = 50000;
// Bounds the golden model assumes (feature-set.md 11), checked below on every packet and export.
constexpr golden::AccountingTiming kTiming{.latency = 15000, .scan = 1000};

eng::EngineConfig accounting_engine() {
  eng::EngineConfig c;
  c.tiles = 4;
  c.threads = 4;
  c.flow.enabled = true;
  for (const auto& r : fw::accounting_classes(0)) {
    c.flow.classes.at(r.cls) = {true, static_cast<eng::LookupMode>(r.lookup), static_cast<std::uint8_t>(r.part),
                                static_cast<std::uint16_t>(r.entry)};
  }
  return c;
}

struct Outcome {
  std::vector<golden::Verdict> expected;
  std::vector<eng::Completion> got;
  std::vector<std::vector<std::uint8_t>> records;  // packetless completions' messages
  std::vector<std::uint64_t> arrival;              // per packet, from the model's ingress
  eng::EngineCounters counters;
};

Outcome run(const std::string& cfg, const std::vector<golden::Packet>& pkts, const std::vector<std::uint64_t>& at,
            std::uint64_t seed) {
  Outcome o;
  golden::Router router(golden::parse_config(cfg));
  for (const auto& p : pkts) o.expected.push_back(router.process(p));
  eng::EngineModel model(fw_test::image_prefix(), fw::compile_blob(fw::parse_config(cfg)), accounting_engine());
  std::vector<eng::InPacket> in;
  for (std::size_t i = 0; i < pkts.size(); ++i) in.push_back({pkts[i].frame, pkts[i].port, pkts[i].tuser_error, at[i]});
  o.got = model.run(in);
  o.counters = model.counters();
  o.arrival.assign(pkts.size(), 0);
  std::vector<int> seen(pkts.size(), 0);
  for (const auto& c : o.got) {
    if (c.index == eng::kNoPacket) {
      EXPECT_EQ(c.kind, eng::OutKind::kToHost) << "an export event ends with its message to the host";
      EXPECT_LE(c.cycle - c.arrival, kTiming.latency) << "export latency beyond the golden model's bound";
      o.records.push_back(c.frame);
      continue;
    }
    ++seen.at(c.index);
    o.arrival[c.index] = c.arrival;
    EXPECT_TRUE(fw_test::same(o.expected[c.index], c))
        << fmt::format("packet #{}: golden {}, firmware {}; {}", c.index, fw_test::describe(o.expected[c.index]),
                       fw_test::describe(c), model_test::context(seed, c.index));
    EXPECT_LE(c.cycle - c.arrival, kTiming.latency) << "packet #" << c.index << " beyond the latency bound";
  }
  for (std::size_t i = 0; i < pkts.size(); ++i) EXPECT_EQ(seen[i], 1) << "packet #" << i << " ended " << seen[i] << " times";
  return o;
}

void expect_records(const std::string& cfg, const std::vector<golden::Packet>& pkts, const Outcome& o) {
  const auto want = env::engine::golden_records(golden::parse_config(cfg), pkts, o.arrival, kTiming);
  const auto errors = env::engine::compare_records(want, o.records);
  for (std::size_t i = 0; i < errors.size() && i < 10; ++i) ADD_FAILURE() << errors[i];
  EXPECT_TRUE(errors.empty()) << errors.size() << " record differences; " << want.size() << " expected";
}

// Session traffic (TCP handshakes, data, FIN and RST both ways; UDP; ICMP echo; IPv6; VLAN;
// background with errors) paced so that idle timeouts fire mid-run and at the end.
TEST(FwAccounting, SessionRecordsMatchTheGoldenModel) {
  BATON_NEED_FIRMWARE();
  const std::uint64_t seed = tb::test_seed();
  SCOPED_TRACE(fmt::format("seed {} (repro: BATON_SEED={} fw_accounting_test)", seed, seed));
  const auto cfg = env::engine::with_accounting(fw_test::read_text(model_test::reference_config_path()), kIdle);
  const auto t = env::engine::accounting_traffic(cfg, 4000, seed, 4, AccountingSchedule{.mean_gap = 150, .timing = kTiming});
  const Outcome o = run(cfg, t.packets, t.at, seed);
  expect_records(cfg, t.packets, o);
  // The stimulus exercised what section 11 describes.
  std::map<golden::CloseReason, std::size_t> reasons;
  for (const auto& m : o.records) {
    if (const auto r = golden::FlowRecord::parse(m)) ++reasons[r->reason];
  }
  EXPECT_GT(reasons[golden::CloseReason::kIdle], 20U);
  EXPECT_GT(reasons[golden::CloseReason::kFin], 5U);
  EXPECT_GT(reasons[golden::CloseReason::kRst], 0U);
  // Instructions (informational, docs/performance.md): per packet, and per export.
  std::uint64_t pkt_insns = 0, exp_insns = 0, exps = 0;
  for (const auto& c : o.got) (c.index == eng::kNoPacket ? (++exps, exp_insns) : pkt_insns) += c.instructions;
  std::uint64_t off_insns = 0;  // the same packets with accounting off
  {
    eng::EngineModel off(fw_test::image_prefix(), fw::compile_blob(fw::parse_config(fw_test::read_text(model_test::reference_config_path()))),
                         eng::EngineConfig{.tiles = 4, .threads = 4});
    std::vector<eng::InPacket> in;
    for (std::size_t i = 0; i < t.packets.size(); ++i) in.push_back({t.packets[i].frame, t.packets[i].port, false, t.at[i]});
    for (const auto& c : off.run(in)) off_insns += c.instructions;
  }
  std::printf("accounting off: %.1f instructions per packet\n", static_cast<double>(off_insns) / static_cast<double>(t.packets.size()));
  std::printf("%zu packets: %.1f instructions per packet; %llu exports: %.1f instructions each\n", t.packets.size(),
              static_cast<double>(pkt_insns) / static_cast<double>(t.packets.size()),
              static_cast<unsigned long long>(exps), exps ? static_cast<double>(exp_insns) / static_cast<double>(exps) : 0.0);
  // Every flow the lookup inserted was exported and deleted (none left behind by IPv6 or by
  // packets dropped before the accounting point).
  EXPECT_EQ(o.counters.flow.inserts, o.counters.flow.deletes);
  EXPECT_EQ(o.counters.flow.busy + o.counters.flow.full, 0U) << "unaccounted packets: the golden model assumes none";
}

// Directed: packets that hold a flow but are not accounted leave no flow and no record; one
// that is accounted gives exactly the record the section's table says, byte for byte.
TEST(FwAccounting, DirectedRecordBytesAndUnaccountedPackets) {
  BATON_NEED_FIRMWARE();
  using namespace baton::net;
  const auto cfg = env::engine::with_accounting(fw_test::read_text(model_test::reference_config_path()), kIdle);
  const Mac router = mac("02:00:00:00:00:10"), host = mac("02:00:00:00:10:02");
  std::vector<golden::Packet> pkts;
  // 1: TCP SYN 10.0.0.2:1234 -> 203.0.113.9:80 (routed, accounted), 60-byte frame, IP total 40.
  pkts.push_back({PacketBuilder().eth(router, host).ipv4({.src = ip4("10.0.0.2"), .dst = ip4("203.0.113.9")})
                      .tcp({.sport = 1234, .dport = 80, .flags = 0x002}).pad_to(60).build(), 0, false});
  // 2: same flow, ACK with 100 bytes of payload (IP total 140).
  pkts.push_back({PacketBuilder().eth(router, host).ipv4({.src = ip4("10.0.0.2"), .dst = ip4("203.0.113.9")})
                      .tcp({.sport = 1234, .dport = 80, .flags = 0x010}).payload(100, 7).build(), 0, false});
  // 3: same flow, FIN+ACK: closes the record (fin).
  pkts.push_back({PacketBuilder().eth(router, host).ipv4({.src = ip4("10.0.0.2"), .dst = ip4("203.0.113.9")})
                      .tcp({.sport = 1234, .dport = 80, .flags = 0x011}).pad_to(60).build(), 0, false});
  // 4: IPv4 UDP with a bad header checksum (V6 drop): holds a flow, not accounted.
  auto bad = PacketBuilder().eth(router, host).ipv4({.src = ip4("10.0.0.3"), .dst = ip4("203.0.113.9")})
                 .udp({.sport = 5, .dport = 6}).pad_to(60).build();
  bad[24] ^= 0x01;
  pkts.push_back({bad, 0, false});
  // 5: IPv6 UDP, forwarded: holds a flow, not accounted.
  pkts.push_back({PacketBuilder().eth(router, host).ipv6({.src = ip6("2001:db8:0:10::2"), .dst = ip6("2001:db8:100::5")})
                      .udp({.sport = 7, .dport = 8}).pad_to(60).build(), 0, false});
  // 6: not for the router's MAC (L2 drop): not accounted.
  pkts.push_back({PacketBuilder().eth(mac("02:00:00:00:99:99"), host).ipv4({.src = ip4("10.0.0.2"), .dst = ip4("203.0.113.9")})
                      .udp({.sport = 9, .dport = 10}).pad_to(60).build(), 0, false});
  // 7: UDP 10.0.0.2:53 -> 198.51.100.7:5353 on VLAN 42: closes idle at the end.
  pkts.push_back({PacketBuilder().eth(router, host).vlan(42).ipv4({.src = ip4("10.0.0.2"), .dst = ip4("198.51.100.7")})
                      .udp({.sport = 53, .dport = 5353}).payload(12, 1).pad_to(60).build(), 0, false});
  const std::vector<std::uint64_t> at{1000, 2000, 3000, 9000, 10000, 11000, 12000};
  const Outcome o = run(cfg, pkts, at, 0);
  ASSERT_EQ(o.records.size(), 2U);
  // Written out from the section's table, not from any model.
  const std::vector<std::uint8_t> fin_record{
      0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x88, 0xb6,  // header
      1, 2, 6, 0x13, 0, 0, 0, 0,                        // version, fin, TCP, SYN|ACK|FIN, port 0, 0, VLAN 0
      10, 0, 0, 2, 203, 0, 113, 9, 0x04, 0xd2, 0, 80,   // addresses, ports
      0, 0, 0, 3, 0, 0, 0, 220,                         // 3 packets, 40 + 140 + 40 octets
  };
  std::vector<std::uint8_t> want_fin = fin_record;
  for (const std::uint64_t t : {o.arrival[0], o.arrival[2]}) {
    for (int b = 3; b >= 0; --b) want_fin.push_back(static_cast<std::uint8_t>(t >> (8 * b)));
  }
  EXPECT_EQ(o.records[0], want_fin);
  const auto idle = golden::FlowRecord::parse(o.records[1]);
  ASSERT_TRUE(idle.has_value());
  EXPECT_EQ(idle->reason, golden::CloseReason::kIdle);
  EXPECT_EQ(idle->key.vlan, 42);
  EXPECT_EQ(idle->key.sport, 53);
  EXPECT_EQ(idle->packets, 1U);
  EXPECT_EQ(idle->octets, 20U + 8U + 12U);
  EXPECT_EQ(o.counters.flow.inserts, 5U) << "flows 1, 4, 5, 6 (L2 drop after the lookup) and 7";
  EXPECT_EQ(o.counters.flow.deletes, 5U) << "two exports and three unaccounted inserts";
  expect_records(cfg, pkts, o);
}

// A second packet of a flow swept across its first packet's expiry, one cycle apart: whether it
// joins the old record, opens a new one, or arrives while the export runs (queued behind it on
// the deleted flow), it is counted exactly once: in a record, or as late (fw_stats). The golden
// model refuses this window, so this is the firmware's own guarantee, checked on the ISS model.
TEST(FwAccounting, NoPacketLostAcrossItsFlowsExpiry) {
  BATON_NEED_FIRMWARE();
  using namespace baton::net;
  constexpr std::uint32_t kShortIdle = 2000;
  const auto cfg = env::engine::with_accounting(fw_test::read_text(model_test::reference_config_path()), kShortIdle);
  const Mac router = mac("02:00:00:00:00:10"), host = mac("02:00:00:00:10:02");
  const golden::Packet udp{PacketBuilder().eth(router, host).ipv4({.src = ip4("10.0.0.2"), .dst = ip4("203.0.113.9")})
                               .udp({.sport = 4000, .dport = 53}).pad_to(60).build(), 0, false};
  std::map<std::string, unsigned> outcomes;
  for (std::uint64_t at = 1000 + kShortIdle - 100; at < 1000 + kShortIdle + 800; at += 2) {
    eng::EngineModel model(fw_test::image_prefix(), fw::compile_blob(fw::parse_config(cfg)), accounting_engine());
    const auto got = model.run({{udp.frame, 0, false, 1000}, {udp.frame, 0, false, at}});
    std::uint64_t in_records = 0;
    unsigned records = 0;
    for (const auto& c : got) {
      if (c.index != eng::kNoPacket) continue;
      const auto r = golden::FlowRecord::parse(c.frame);
      ASSERT_TRUE(r.has_value());
      in_records += r->packets;
      ++records;
    }
    const std::uint64_t late = model.counters().acct_late;
    ASSERT_EQ(in_records + late, 2U) << "second packet at " << at << ": " << records << " records, " << late << " late";
    ++outcomes[late != 0 ? "late" : records == 1 ? "joined" : "new record"];
  }
  // The sweep crosses all three cases.
  EXPECT_GT(outcomes["joined"], 0U);
  EXPECT_GT(outcomes["late"], 0U);
  EXPECT_GT(outcomes["new record"], 0U);
  for (const auto& [k, n] : outcomes) std::printf("%s: %u\n", k.c_str(), n);
}

}  // namespace
