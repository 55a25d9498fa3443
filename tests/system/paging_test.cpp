// SPDX-License-Identifier: Apache-2.0
// Paging in the integrated engine (PM2, PM13, PM14; docs/pager.md): tiles whose IMEMs hold 4
// pages (the reference firmware has 15), so partitions are loaded from the code store on their
// first use and evicted for others all the time. Every packet's fate is checked against its
// golden verdict (a page copied wrongly, a partition table written wrongly or a delivery to a
// tile without the partition shows up as a wrong fate or a fault); no resource drop is allowed.
#include <gtest/gtest.h>

#include <bit>
#include <cstdint>

#include <fmt/format.h>

#include "Vengine_t4.h"
#include "Vengine_t4_i4k.h"
#include "baton/env/engine/configs.hpp"
#include "baton/env/engine/engine_env.hpp"
#include "baton/env/engine/setup.hpp"
#include "baton/tb/config.hpp"

namespace {

using namespace baton;
using namespace baton::env::engine;
using Env = EngineEnv<Vengine_t4_i4k>;
using R = baton_pager_regs_t;

constexpr unsigned kImemBytes = 4096;

Geometry small_geometry() {
  Geometry g = default_geometry(4);
  g.imem_bytes = kImemBytes;
  return g;
}

EnvOptions options(Preload preload) {
  EnvOptions o = test_options();
  o.preload = preload;
  return o;
}

template <typename E>
std::string where(E& env, std::uint64_t seed) {
  return fmt::format("seed {} cycle {}; repro: {}", seed, env.sim().cycle(), tb::repro_command(seed, false));
}

// Runs `pkts`, checks every fate against the golden model and the counters against the fates.
template <typename E>
void run_checked(E& env, const Firmware& fw, const std::vector<golden::Packet>& pkts, std::uint64_t seed) {
  Scoreboard sb(fw.config, baton::abi::engine_default::kNumPorts);
  sb.allow_resource_drops(false);
  const HwCounters before = env.read_counters();
  const auto st = env.run(pkts, sb);
  sb.finish(counters_since(env.read_counters(), before));
  ASSERT_FALSE(st.timed_out) << where(env, seed);
  EXPECT_EQ(sb.mismatches(), 0U) << where(env, seed) << "\n" << fmt::format("{}", fmt::join(sb.errors(), "\n"));
  EXPECT_EQ(sb.hw_drops(), 0U) << where(env, seed);
}

// Tiles holding partition p, from the CM's TILES register (the pager sets it).
template <typename E>
std::uint32_t tiles_of(E& env, unsigned p) {
  return env.reg_read(csr::cm_part(p, offsetof(baton_cm_part_regs_t, TILES_LO)));
}

// A cold start: only the initial partition is in the tiles; every other partition is loaded the
// first time a packet needs it, and with 4 pages per tile the pager must evict to make room
// (icmp4 alone has 3 pages beside classify's 1).
TEST(EnginePaging, ColdStartLoadsEveryPartitionOnDemand) {
  const auto fw = load_firmware(default_image_prefix(), default_config_path());
  const auto o = options(Preload::kInitial);
  const auto g = small_geometry();
  Env env(g, o);
  env.boot(fw);
  const unsigned init = fw.image.initial_partition;
  EXPECT_EQ(tiles_of(env, init), 0xfU) << "the initial partition is preloaded on every tile";
  for (const auto& p : fw.image.partitions) {
    if (p.id != init) {
      EXPECT_EQ(tiles_of(env, p.id), 0U) << p.name << " is loaded before traffic";
    }
  }
  const auto pkts = uniform_traffic(fw, 600, o.seed, g.ports);
  run_checked(env, fw, pkts, o.seed);
  const auto s = env.read_stats();
  fmt::print("cold start, 4-page IMEMs: {} loads ({} page faults, {} pages), {} evictions, fault {} cycles on average "
             "(longest {}), {} victim-wait cycles\n",
             s.pg_loads, s.pg_faults, s.pg_pages, s.pg_evictions, s.pg_faults ? s.pg_fault_cycles / s.pg_faults : 0,
             s.pg_fault_max, s.pg_victim_wait);
  EXPECT_EQ(s.pg_errors, 0U) << where(env, o.seed);
  // The uniform mix reaches every shared partition: each needed at least one fault.
  EXPECT_GE(s.pg_faults, fw.image.partitions.size() - 1 - 4) << "one fault per partition at least";
  EXPECT_GT(s.pg_evictions, 0U) << "4-page IMEMs cannot hold the firmware: something must be evicted";
  EXPECT_EQ(s.load_reqs, s.pg_faults) << "every load request of the CM was served by a page fault";
  // A load copies its pages a word per cycle: a fault cannot be shorter than the smallest
  // partition's page (PageBytes / 4 cycles), an independent lower bound.
  EXPECT_GE(s.pg_fault_cycles, static_cast<std::uint64_t>(s.pg_faults) * (g.page_bytes / 4));
  EXPECT_GE(s.pg_fault_max, g.page_bytes / 4);
}

// Preload what fits, then two-way sessions on the full IMEMs: flows in both directions, ordering
// and the pager's evictions under load (every IMEM is full from the start).
TEST(EnginePaging, SessionsWithFullImems) {
  const auto fw = load_firmware(default_image_prefix(), default_config_path());
  const auto o = options(Preload::kFit);
  const auto g = small_geometry();
  Env env(g, o);
  env.boot(fw);
  const auto before = env.read_stats();
  EXPECT_EQ(before.pg_faults, 0U);
  EXPECT_GT(before.pg_loads, 4U) << "preload fills the IMEMs";
  const auto pkts = session_traffic(fw, 1500, o.seed, g.ports);
  run_checked(env, fw, pkts, o.seed);
  const auto s = env.read_stats();
  fmt::print("sessions, 4-page IMEMs: {} faults, {} evictions, {} pages\n", s.pg_faults, s.pg_evictions, s.pg_pages);
  EXPECT_EQ(s.pg_errors, 0U) << where(env, o.seed);
  EXPECT_GT(s.pg_faults, 0U);
  EXPECT_GT(s.pg_evictions, 0U);
}

// CTRL.SPREAD (docs/pager.md step 3): the same two-way sessions on full 4-page IMEMs with the
// victim search confined to the chosen tile and spread over every candidate tile. Both keep every
// packet's verdict; without SPREAD loads wait for victims (VICTIM_WAIT), with it they wait only
// when no candidate tile has one, so on the same traffic and seed (a deterministic simulation)
// they wait fewer cycles.
TEST(EnginePaging, SpreadSearchesOtherTilesBeforeWaiting) {
  const auto fw = load_firmware(default_image_prefix(), default_config_path());
  const auto g = small_geometry();
  std::uint64_t waits[2] = {0, 0};
  for (int spread = 0; spread < 2; ++spread) {
    auto o = options(Preload::kFit);
    o.victim_spread = spread != 0;
    Env env(g, o);
    env.boot(fw);
    const std::uint32_t ctrl = env.reg_read(csr::pager(offsetof(baton_pager_regs_t, CTRL)));
    EXPECT_EQ((ctrl & BATON_PAGER_REGS__CTRL__SPREAD_bm) != 0, spread != 0);
    const auto pkts = session_traffic(fw, 1500, o.seed, g.ports);
    run_checked(env, fw, pkts, o.seed);
    const auto s = env.read_stats();
    fmt::print("spread {}: {} faults, {} evictions, {} victim-wait cycles\n", spread ? "on" : "off", s.pg_faults,
               s.pg_evictions, s.pg_victim_wait);
    EXPECT_EQ(s.pg_errors, 0U) << where(env, o.seed);
    EXPECT_GT(s.pg_faults, 0U);
    waits[spread] = s.pg_victim_wait;
  }
  EXPECT_GT(waits[0], 0U) << "the traffic never made a load wait for a victim: it does not test SPREAD";
  EXPECT_LT(waits[1], waits[0]) << "SPREAD found victims on other tiles instead of waiting";
}

// Directed: an evicted partition leaves the CM's TILES at once and comes back on its next use;
// a partition evicted from every tile is reloaded by the first packet that migrates to it.
TEST(EnginePaging, EvictedPartitionIsReloadedOnItsNextUse) {
  const auto fw = load_firmware(default_image_prefix(), default_config_path());
  const auto o = options(Preload::kFit);
  const auto g = small_geometry();
  Env env(g, o);
  env.boot(fw);
  const image::Partition* ipv4 = fw.image.find("ipv4");
  ASSERT_NE(ipv4, nullptr);
  ASSERT_NE(tiles_of(env, ipv4->id), 0U) << "preload put ipv4 on the tiles";
  env.pager_command(ipv4->id, kAllTiles, Env::kPagerEvict);
  EXPECT_EQ(tiles_of(env, ipv4->id), 0U) << "evicted from every tile";
  const auto before = env.read_stats();
  // Every 64-byte IPv4 packet migrates classify -> ipv4.
  const auto pkts = ipv4_64_traffic(fw, 100, o.seed, g.ports);
  run_checked(env, fw, pkts, o.seed);
  const auto s = env.read_stats();
  EXPECT_EQ(s.pg_faults - before.pg_faults, 1U) << "ipv4 faulted in once and stayed";
  EXPECT_NE(tiles_of(env, ipv4->id), 0U);
  EXPECT_EQ(s.pg_errors, 0U);
}

// Rebalancing (PM11): with only the initial partition preloaded, the first IPv4 packet faults
// ipv4 into one tile, and every IPv4 packet then queues for that tile. With rebalancing the
// queue's imbalance flag makes the pager load ipv4 on more tiles; the same traffic then takes
// fewer cycles than without rebalancing (a deterministic simulation: cycles, not time).
TEST(EnginePaging, RebalancingSpreadsAHotPartition) {
  const auto fw = load_firmware(default_image_prefix(), default_config_path());
  const auto g = small_geometry();
  const image::Partition* ipv4 = fw.image.find("ipv4");
  ASSERT_NE(ipv4, nullptr);
  std::uint64_t cycles[2] = {0, 0};
  for (int on = 0; on < 2; ++on) {
    auto o = options(Preload::kInitial);
    o.rebalance_thresh = on ? 64 : 0;
    o.rebalance_holdoff = 1024;
    Env env(g, o);
    env.boot(fw);
    const auto pkts = ipv4_64_traffic(fw, 800, o.seed, g.ports);
    Scoreboard sb(fw.config, g.ports);
    sb.allow_resource_drops(false);
    const auto st = env.run(pkts, sb);
    sb.finish(env.read_counters());
    ASSERT_FALSE(st.timed_out) << where(env, o.seed);
    EXPECT_EQ(sb.mismatches(), 0U) << where(env, o.seed) << "\n" << fmt::format("{}", fmt::join(sb.errors(), "\n"));
    const auto s = env.read_stats();
    const unsigned holders = static_cast<unsigned>(std::popcount(tiles_of(env, ipv4->id)));
    fmt::print("rebalancing {}: {} cycles for {} IPv4 packets, ipv4 on {} tiles, {} rebalances, {} faults, {} evictions\n",
               on ? "on" : "off", st.cycles, pkts.size(), holders, s.pg_rebalances, s.pg_faults, s.pg_evictions);
    EXPECT_EQ(s.pg_errors, 0U);
    cycles[on] = st.cycles;
    if (on) {
      EXPECT_GT(s.pg_rebalances, 0U) << where(env, o.seed);
      EXPECT_GT(holders, 1U) << "the hot partition was loaded on more tiles";
    } else {
      EXPECT_EQ(s.pg_rebalances, 0U);
      EXPECT_EQ(holders, 1U) << "a page fault loads one tile";
    }
  }
  EXPECT_LT(cycles[1], cycles[0]) << "rebalancing made the hot partition faster";
}

// Live reload: ipv4 is replaced by a second version under traffic (router_v2: the same code
// with four more instructions in entry 0, ipv4_fast, which every untagged IPv4 packet runs). Every
// packet's fate is checked against the golden model (both versions forward the same way); the
// tiles' RETIRE counters, compared with the same traffic on an engine that keeps the first version,
// show that some packets ran the new version and that every packet after the reload does.
TEST(EnginePaging, LiveReloadUnderTraffic) {
  const auto fw = load_firmware(default_image_prefix(), default_config_path());
  const auto v2 = load_firmware(default_image_prefix() + "_v2", default_config_path());
  const auto g = default_geometry(4);
  auto o = options(Preload::kFit);
  o.in_rate = 0.05;  // the reload happens while packets are in flight
  const auto batch1 = ipv4_64_traffic(fw, 400, o.seed, g.ports);
  const auto batch2 = ipv4_64_traffic(fw, 100, o.seed + 1, g.ports);
  // Untagged IPv4 frames run ipv4 entry 0 (EtherType 0x0800 at offset 12); tagged ones entry 2.
  auto untagged = [](const std::vector<golden::Packet>& pkts) {
    std::uint64_t n = 0;
    for (const auto& p : pkts) n += p.frame.size() > 13 && p.frame[12] == 0x08 && p.frame[13] == 0x00;
    return n;
  };
  auto retired = [&](auto& env) {
    std::uint64_t n = 0;
    for (auto v : env.read_stats().retire) n += v;
    return n;
  };
  // Reference: the first version throughout.
  std::uint64_t ref1 = 0, ref2 = 0;
  {
    EngineEnv<Vengine_t4> env(g, o);
    env.boot(fw);
    run_checked(env, fw, batch1, o.seed);
    ref1 = retired(env);
    run_checked(env, fw, batch2, o.seed);
    ref2 = retired(env) - ref1;
  }
  EngineEnv<Vengine_t4> env(g, o);
  env.boot(fw);
  const auto plan = reload_plan(fw.image, v2.image, g, "ipv4", g.code_store_bytes / 8);
  std::uint64_t started = 0, done = 0;
  const std::uint64_t start = env.sim().cycle();
  env.spawn(env.live_reload(plan, batch1.size() / 4, started, done));
  run_checked(env, fw, batch1, o.seed);
  const std::uint64_t end = env.sim().cycle();
  fmt::print("first batch: cycles {}..{}, reload (eviction to last load) {}..{}\n", start, end, started, done);
  ASSERT_NE(done, 0U) << "the reload finished during the first batch; " << where(env, o.seed);
  const std::uint64_t got1 = retired(env);
  run_checked(env, fw, batch2, o.seed);
  const std::uint64_t got2 = retired(env) - got1;
  const auto s = env.read_stats();
  fmt::print("live reload: {} of {} untagged packets of the first batch ran the new ipv4; pager: {} loads, {} evictions, "
             "{} faults\n",
             (got1 - ref1) / 4, untagged(batch1), s.pg_loads, s.pg_evictions, s.pg_faults);
  EXPECT_EQ(s.pg_errors, 0U);
  EXPECT_GT(got1, ref1) << "some packets ran the new version";
  EXPECT_LT(got1, ref1 + 4 * untagged(batch1)) << "some packets ran the old version";
  EXPECT_EQ((got1 - ref1) % 4, 0U);
  EXPECT_EQ(got2, ref2 + 4 * untagged(batch2)) << "after the reload every untagged packet runs the new version";
  EXPECT_EQ(std::popcount(tiles_of(env, plan.part)), 4) << "ipv4 is back on every tile";
}

// Directed: commands the pager must refuse, each with its error code and nothing changed.
TEST(EnginePaging, RefusesBadCommandsWithTheirErrorCode) {
  const auto fw = load_firmware(default_image_prefix(), default_config_path());
  const auto o = options(Preload::kFit);
  const auto g = small_geometry();
  Env env(g, o);
  env.boot(fw);
  const unsigned init = fw.image.initial_partition;
  auto refused = [&](unsigned part, unsigned tile, unsigned op) -> std::string {
    try {
      env.pager_command(part, tile, op);
    } catch (const std::runtime_error& e) {
      return e.what();
    }
    return "accepted";
  };
  EXPECT_NE(refused(15, kAllTiles, Env::kPagerLoad).find("error 1"), std::string::npos) << "no such partition";
  EXPECT_NE(refused(init, kAllTiles, Env::kPagerEvict).find("error 5"), std::string::npos) << "pinned";
  EXPECT_NE(refused(init, 0, 3).find("error 6"), std::string::npos) << "unknown operation";
  // A TCP replica may only go on its own tile (placement mask).
  const Affinity aff = tcp_affinity(fw.image, g);
  ASSERT_TRUE(aff.placed);
  const unsigned other = (aff.tile_of(aff.base, g.tiles) + 1) % g.tiles;
  EXPECT_NE(refused(aff.base, other, Env::kPagerLoad).find("error 3"), std::string::npos) << "placement";
  EXPECT_EQ(tiles_of(env, init), 0xfU) << "the pinned partition stayed";
  const auto s = env.read_stats();
  EXPECT_EQ(s.pg_errors, 4U);
  // The engine still forwards correctly afterwards.
  run_checked(env, fw, ipv4_64_traffic(fw, 50, o.seed, g.ports), o.seed);
}

}  // namespace
