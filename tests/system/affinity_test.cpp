// SPDX-License-Identifier: Apache-2.0
// MP3 (TCP flow affinity) and the event class table (SP2, SP4) in the integrated engine (docs/engine.md, "TCP flow affinity"): the
// reference firmware's TCP replicas classify_tcp0..3, each allowed on one tile only (its placement
// mask; on the default 8-page IMEMs a replica faults in there on its first packet), the ingress
// AFFINITY register on. Many TCP flows (several packets each) interleaved with UDP, one
// phase per TCP flow; every output is matched against the golden model and the accounting
// invariant holds per phase. Observed per phase from the CM's per-partition counters (ENQ + BYP)
// and TILES registers and the per-tile issue counters:
//  - all TCP packets of a flow were delivered to one replica, whose TILES register holds at most
//    its own tile, so every packet of the flow started on that tile; several replicas are used;
//  - UDP goes to the initial partition, on every tile; a phase of one UDP flow alone runs on more
//    than one tile.
#include <gtest/gtest.h>

#include <array>
#include <bit>
#include <set>

#include <fmt/format.h>

#include "Vengine_t4.h"
#include "baton/env/engine/configs.hpp"
#include "baton/env/engine/engine_env.hpp"
#include "baton/env/engine/setup.hpp"
#include "baton/abi.hpp"
#include "baton/net/parser.hpp"
#include "baton/net/traffic.hpp"
#include "baton/tb/config.hpp"
#include "baton/tb/rng.hpp"

namespace {

using namespace baton;
using namespace baton::env::engine;

std::vector<golden::Packet> flows(const Firmware& fw, net::TrafficKind kind, std::size_t n, std::uint64_t seed) {
  auto profile = net::TrafficProfile::from_config_text(fw.config_text);
  std::erase_if(profile.ports, [](const auto& p) { return p.port >= 4; });
  profile.mix = net::TrafficMix::only(kind);
  profile.min_size = 64;
  profile.max_size = 300;
  profile.vlan1 = 0;
  profile.vlan2 = 0;
  net::TrafficGenerator gen(profile, seed);
  std::vector<golden::Packet> out;
  for (std::size_t i = 0; i < n; ++i) {
    auto g = gen.next();
    out.push_back({std::vector<std::uint8_t>(g.frame.begin(), g.frame.end()), g.port, g.tuser});
  }
  return out;
}

TEST(EngineAffinity, TcpFlowsStayOnOneTileUdpIsBalanced) {
  const Firmware fw = load_firmware(default_image_prefix(), default_config_path());
  const auto g = default_geometry(4);
  const Affinity aff = tcp_affinity(fw.image, g);
  ASSERT_EQ(aff.count, 4U) << "the reference firmware has no classify_tcp0..3";
  ASSERT_TRUE(aff.placed);
  EnvOptions o = test_options();
  EngineEnv<Vengine_t4> env(g, o);
  env.boot(fw);
  const std::string where = fmt::format("seed {}; repro: {}", o.seed, tb::repro_command(o.seed, false));

  // Replica k may only live on tile k (its placement mask in the code store): on the default
  // engine's 8-page IMEMs it is not preloaded and faults in there on its first TCP packet.
  auto check_replica_tiles = [&] {
    for (unsigned k = 0; k < aff.count; ++k) {
      const std::uint32_t tiles = env.reg_read(csr::cm_part(aff.base + k, 0x04));
      EXPECT_EQ(tiles & ~(1U << (k % g.tiles)), 0U) << "replica " << k << " TILES " << tiles << "; " << where;
    }
  };
  check_replica_tiles();
  EXPECT_EQ(env.reg_read(csr::kIngAffinity), 1U | (aff.base << 8) | (2U << 16));

  constexpr std::size_t kTcpFlows = 16, kPerFlow = 5, kUdpPerPhase = 8;
  const auto tcp = flows(fw, net::TrafficKind::kIp4Tcp, kTcpFlows, o.seed);
  const auto udp = flows(fw, net::TrafficKind::kIp4Udp, 1, o.seed ^ 0x55)[0];
  std::set<unsigned> replicas_used;
  HwCounters before = env.read_counters();
  for (std::size_t f = 0; f < kTcpFlows; ++f) {
    // This flow's TCP packets interleaved with one UDP flow (same port as the UDP template).
    std::vector<golden::Packet> pk;
    for (std::size_t i = 0; i < std::max(kPerFlow, kUdpPerPhase); ++i) {
      if (i < kPerFlow) pk.push_back(tcp[f]);
      if (i < kUdpPerPhase) pk.push_back(udp);
    }
    std::vector<std::uint32_t> rep0;
    for (unsigned k = 0; k < aff.count; ++k) rep0.push_back(env.part_entered(aff.base + k));
    const std::uint32_t cls0 = env.part_entered(fw.image.initial_partition);

    Scoreboard sb(fw.config, g.ports);
    const RunStats s = env.run(pk, sb);
    const HwCounters now = env.read_counters();
    sb.finish(counters_since(now, before));
    before = now;
    const std::string at = fmt::format("flow {}, {} cycle {}", f, where, env.sim().cycle());
    ASSERT_FALSE(s.timed_out) << at;
    ASSERT_EQ(sb.mismatches(), 0U) << fmt::format("{}\n  {}", at, fmt::join(sb.errors(), "\n  "));
    ASSERT_EQ(sb.hw_drops(), 0U) << at;
    EXPECT_EQ(sb.matched() + sb.golden_counters().dropped, pk.size()) << at;

    unsigned used = 0, which = 0;
    std::uint32_t total = 0;
    for (unsigned k = 0; k < aff.count; ++k) {
      const std::uint32_t d = env.part_entered(aff.base + k) - rep0[k];
      total += d;
      if (d != 0) {
        ++used;
        which = k;
      }
    }
    EXPECT_EQ(total, kPerFlow) << "TCP packets delivered to the replicas; " << at;
    EXPECT_EQ(used, 1U) << "the TCP flow's packets went to " << used << " replicas; " << at;
    replicas_used.insert(which);
    EXPECT_EQ(env.part_entered(fw.image.initial_partition) - cls0, kUdpPerPhase) << "UDP to the initial partition; " << at;
  }
  EXPECT_GE(replicas_used.size(), 2U) << "all TCP flows hashed to one replica; " << where;
  check_replica_tiles();  // the replicas the flows used were loaded on their own tile only

  // The UDP flow alone: the tiles whose issue counters moved ran its packets (classify and
  // ipv4's fast path, both on every tile).
  std::vector<golden::Packet> pk(16, udp);
  std::vector<std::uint32_t> issue0;
  for (unsigned t = 0; t < g.tiles; ++t) issue0.push_back(env.reg_read(csr::top_issue(t)));
  Scoreboard sb(fw.config, g.ports);
  const RunStats s = env.run(pk, sb);
  sb.finish(counters_since(env.read_counters(), before));
  ASSERT_FALSE(s.timed_out) << where;
  ASSERT_EQ(sb.mismatches(), 0U) << fmt::format("{}\n  {}", where, fmt::join(sb.errors(), "\n  "));
  unsigned busy = 0;
  for (unsigned t = 0; t < g.tiles; ++t) busy += env.reg_read(csr::top_issue(t)) != issue0[t] ? 1 : 0;
  EXPECT_GT(busy, 1U) << "the UDP flow ran on one tile only; " << where;
}

// SP2/SP4 in the engine: the ingress's event class table sends the TCP event types of the same
// flows to different partitions (the four classify_tcp replicas, each placed on its own tile, so
// each type runs on its own pool of one tile): SYN to replica 0, SYN-ACK to 1, ACK/data to 2,
// FIN and RST to 3. Affinity is off: the table decides. Every output matches the golden model,
// and each replica's delivery count equals the packets of its types, counted here from the
// frames' flags.
TEST(EngineEventClasses, TcpEventTypesOfOneFlowGoToDifferentPartitions) {
  const Firmware fw = load_firmware(default_image_prefix(), default_config_path());
  const auto g = default_geometry(4);
  const Affinity aff = tcp_affinity(fw.image, g);
  ASSERT_EQ(aff.count, 4U) << "the reference firmware has no classify_tcp0..3";
  EnvOptions o = test_options();
  EngineEnv<Vengine_t4> env(g, o);
  env.boot(fw);
  const std::string where = fmt::format("seed {}; repro: {}", o.seed, tb::repro_command(o.seed, false));
  env.reg_write(csr::kIngAffinity, 0);
  using baton::abi::EventType;
  const std::pair<EventType, unsigned> route[] = {{EventType::kTcpSyn, 0}, {EventType::kTcpSynack, 1},
                                                  {EventType::kTcp, 2},    {EventType::kTcpFin, 3},
                                                  {EventType::kTcpRst, 3}};
  for (const auto& [type, k] : route) {
    const unsigned cls = static_cast<unsigned>(type);  // channel group 0: every port's reset group
    env.reg_write(csr::ing_class(cls), 1U | ((aff.base + k) << 8));
  }
  EXPECT_EQ(env.reg_read(csr::kIngPortGroup), 0U);

  // TCP flows with every flag pattern: each template packet in five versions. The flags byte is
  // rewritten without fixing the TCP checksum: the router does not check it and the golden model
  // sees the same frames.
  const auto tcp = flows(fw, net::TrafficKind::kIp4Tcp, 24, o.seed);
  constexpr std::uint8_t kFlags[] = {0x02, 0x12, 0x10, 0x18, 0x11, 0x04, 0x14};
  std::vector<golden::Packet> pk;
  std::array<std::uint32_t, 4> want{};
  baton::tb::Rng rng(o.seed);
  for (const auto& t : tcp) {
    const auto f = net::parse_frame(t.frame, 2);
    ASSERT_TRUE(f.l3.tcp.has_value());
    const std::size_t at = f.l3_offset + f.l3.l4_offset + 13;
    for (unsigned i = 0; i < 6; ++i) {
      golden::Packet p = t;
      const std::uint8_t fl = kFlags[rng.range(0, std::size(kFlags) - 1)];
      p.frame[at] = fl;
      pk.push_back(p);
      const unsigned k = (fl & 0x04) ? 3 : (fl & 0x02) ? ((fl & 0x10) ? 1 : 0) : (fl & 0x01) ? 3 : 2;
      ++want[k];
    }
  }
  std::array<std::uint32_t, 4> before{};
  for (unsigned k = 0; k < 4; ++k) before[k] = env.part_entered(aff.base + k);
  const std::uint32_t cls0 = env.part_entered(fw.image.initial_partition);
  const HwCounters c0 = env.read_counters();
  Scoreboard sb(fw.config, g.ports);
  const RunStats s = env.run(pk, sb);
  sb.finish(counters_since(env.read_counters(), c0));
  ASSERT_FALSE(s.timed_out) << where;
  ASSERT_EQ(sb.mismatches(), 0U) << fmt::format("{}\n  {}", where, fmt::join(sb.errors(), "\n  "));
  ASSERT_EQ(sb.hw_drops(), 0U) << where;
  for (unsigned k = 0; k < 4; ++k) {
    EXPECT_EQ(env.part_entered(aff.base + k) - before[k], want[k]) << "replica " << k << "; " << where;
    EXPECT_GT(want[k], 0U) << "stimulus lacks the types of replica " << k;
  }
  EXPECT_EQ(env.part_entered(fw.image.initial_partition), cls0) << "no TCP event reached the initial partition";
}
}  // namespace
