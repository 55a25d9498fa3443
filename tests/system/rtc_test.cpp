// SPDX-License-Identifier: Apache-2.0
// The reference router linked as one run-to-completion partition (image router_rtc,
// FW_RUN_TO_COMPLETION, docs/firmware.md 13.7) on an engine whose IMEMs hold it (16 pages per
// tile): every packet starts and ends on the thread that took it. Every fate is checked against
// the golden model, and the engine's MIGRATIONS counter must stay at zero; the same traffic on the
// partitioned image (default 8-page engine) shows that the counter does count migrations, and
// that run to completion retires fewer instructions (no function-table loads, no MIGRATE).
#include <gtest/gtest.h>

#include <numeric>

#include <fmt/format.h>

#include "Vengine_t4.h"
#include "Vengine_t4_i16k.h"
#include "baton/env/engine/configs.hpp"
#include "baton/env/engine/engine_env.hpp"
#include "baton/env/engine/setup.hpp"
#include "baton/tb/config.hpp"

namespace {

using namespace baton;
using namespace baton::env::engine;

constexpr unsigned kRtcImemBytes = 16384;  // the verilated configuration engine_t4_i16k

Geometry rtc_geometry() {
  Geometry g = default_geometry(4);
  g.imem_bytes = kRtcImemBytes;
  return g;
}

EnvOptions options() {
  return test_options();
}

Firmware rtc_firmware() { return load_firmware(BATON_RTC_IMAGE_PREFIX, default_config_path()); }

struct Checked {
  EngineStats stats;
  std::uint64_t retired = 0;
};

// Runs `pkts` on a booted engine, checks every fate and the counters against the golden model
// (no resource drop allowed) and returns the engine's statistics of this run.
template <typename E>
Checked run_checked(E& env, const Firmware& fw, const std::vector<golden::Packet>& pkts, std::uint64_t seed) {
  Scoreboard sb(fw.config, baton::abi::engine_default::kNumPorts);
  sb.allow_resource_drops(false);
  const HwCounters before = env.read_counters();
  const EngineStats s0 = env.read_stats();
  const auto st = env.run(pkts, sb);
  sb.finish(counters_since(env.read_counters(), before));
  const auto w = fmt::format("seed {} cycle {}; repro: {}", seed, env.sim().cycle(), tb::repro_command(seed, false));
  EXPECT_FALSE(st.timed_out) << w;
  EXPECT_EQ(sb.mismatches(), 0U) << w << "\n" << fmt::format("{}", fmt::join(sb.errors(), "\n"));
  EXPECT_EQ(sb.hw_drops(), 0U) << w;
  Checked c;
  c.stats = env.read_stats();
  c.stats.migrations -= s0.migrations;
  c.stats.completions -= s0.completions;
  c.stats.load_reqs -= s0.load_reqs;
  for (std::size_t t = 0; t < c.stats.retire.size(); ++t) c.retired += c.stats.retire[t] - s0.retire[t];
  return c;
}

template <typename Model>
Checked boot_and_run(const Firmware& fw, const Geometry& g, const EnvOptions& o, const std::vector<golden::Packet>& pkts) {
  EngineEnv<Model> env(g, o);
  env.boot(fw);
  return run_checked(env, fw, pkts, o.seed);
}

TEST(EngineRtc, ImageIsOnePartitionWithoutReplicas) {
  const Firmware fw = rtc_firmware();
  ASSERT_EQ(fw.image.partitions.size(), 1U) << "partitions in the image";
  const image::Partition& p = fw.image.partitions.front();
  EXPECT_EQ(unsigned{p.id}, unsigned{fw.image.initial_partition});
  EXPECT_EQ(p.name, "classify");
  EXPECT_EQ(p.entries.size(), 1U) << "only classify_main is an entry";
  // The whole router fills the default IMEM (8 pages since the echo entries); the test's engine
  // has twice that, so the image may grow.
  EXPECT_GE(p.num_pages * fw.image.page_bytes, baton::abi::engine_default::kImemBytes)
      << "the whole router is smaller than one default IMEM: firmware.md 13.7 says otherwise";
  EXPECT_LE(p.num_pages * fw.image.page_bytes, kRtcImemBytes);
  const Affinity aff = tcp_affinity(fw.image, rtc_geometry());
  EXPECT_EQ(aff.count, 0U) << "the run-to-completion image has no TCP replicas";
}

// The default mix and two-way sessions (TCP handshakes and data, UDP request/response, ICMP
// echo sequences between hosts, many packets per flow) on one engine: every packet runs to
// completion on one thread.
TEST(EngineRtc, MixedTrafficAndFlowsRunToCompletionWithoutMigrating) {
  const Firmware fw = rtc_firmware();
  auto o = options();
  o.affinity = false;      // TCP has no replica to go to: it starts in classify like the rest
  o.rebalance_thresh = 0;  // one pinned partition, resident everywhere: nothing to rebalance
  const auto g = rtc_geometry();
  EngineEnv<Vengine_t4_i16k> env(g, o);
  env.boot(fw);
  EXPECT_EQ(env.reg_read(csr::cm_part(0, offsetof(baton_cm_part_regs_t, TILES_LO))), 0xfU)
      << "the one partition is on every tile";
  EXPECT_EQ(env.reg_read(csr::kIngAffinity) & BATON_INGRESS_REGS__AFFINITY__EN_bm, 0U) << "ingress affinity is off";

  const auto mix = generated_traffic(fw, 1500, o.seed, g.ports);
  const auto sessions = session_traffic(fw, 1500, o.seed + 1, g.ports);
  for (const auto* pkts : {&mix, &sessions}) {
    const Checked c = run_checked(env, fw, *pkts, o.seed);
    fmt::print("run to completion, {} packets: {} completions, {} migrations, {} instructions retired\n", pkts->size(),
               c.stats.completions, c.stats.migrations, c.retired);
    EXPECT_EQ(c.stats.migrations, 0U) << "a packet migrated: the image is not run to completion";
    EXPECT_GT(c.stats.completions, 0U);
    EXPECT_EQ(c.stats.load_reqs, 0U) << "a context asked for a partition that is not resident";
    EXPECT_EQ(c.stats.pg_faults, 0U);
    EXPECT_EQ(c.stats.pg_errors, 0U);
    // Only the initial partition's queue ever held a context.
    for (const auto& q : c.stats.queues) {
      EXPECT_EQ(q.part, unsigned{fw.image.initial_partition}) << "a context waited in partition " << q.part << "'s queue";
    }
  }
}

// The counter the test above holds at zero counts: the partitioned image on the default engine
// migrates (every routed IPv4 packet at least once, classify -> ipv4), and on the same packets the
// run-to-completion image retires fewer instructions.
TEST(EngineRtc, PartitionedImageMigratesOnTheSameTraffic) {
  const Firmware rtc = rtc_firmware();
  const Firmware part = load_firmware(default_image_prefix(), default_config_path());
  const auto o = options();
  const auto pkts = generated_traffic(part, 600, o.seed, 4);

  auto orc = o;
  orc.affinity = false;
  orc.rebalance_thresh = 0;
  // One engine at a time: two verilated models alive in one process deadlock in Verilator's
  // scope registry when they are destroyed.
  const Checked r = boot_and_run<Vengine_t4_i16k>(rtc, rtc_geometry(), orc, pkts);
  const Checked p = boot_and_run<Vengine_t4>(part, default_geometry(4), o, pkts);

  fmt::print("{} packets: run to completion {} migrations, {} instructions; partitioned {} migrations, {} "
             "instructions\n",
             pkts.size(), r.stats.migrations, r.retired, p.stats.migrations, p.retired);
  EXPECT_EQ(r.stats.migrations, 0U);
  EXPECT_GE(p.stats.migrations, pkts.size() / 2) << "the partitioned router migrates most packets";
  EXPECT_LT(r.retired, p.retired) << "a direct call costs fewer instructions than a migration";
}

}  // namespace
