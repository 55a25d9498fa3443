// SPDX-License-Identifier: Apache-2.0
// Randomized context manager tests: many tiles and threads, random migrations and completions,
// random (and changing) assignment tables, FIFO and oldest-first queues, unloaded and missing
// partitions, idle and backpressure on every channel. Each run is checked cycle by cycle against
// the reference model (tb/model/cm) and, independently of it, by the context scoreboard.
//
// Compiled once and linked three times, each with its scale (random_scale.cpp, CM_RANDOM_SCALE):
// cm_smoke_test (1), cm_random_test (8) and cm_slow_test (200).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>

#include "Vcm_p1.h"
#include "Vcm_p16.h"
#include "Vcm_p5.h"
#include "baton/tb/log.hpp"
#include "baton/env/cm/cm_env.hpp"
#include "random_scale.hpp"

namespace {

using namespace baton;
using namespace baton::env::cm;
namespace reg = baton::model::cm::reg;

const unsigned kScale = baton::test::kRandomScale;
const int kSeeds = kScale >= 200 ? 4 : (kScale >= 8 ? 3 : 1);

struct Scenario {
  mcm::Config cfg;
  unsigned contexts = 200;     // new contexts from the dispatcher
  double p_finish = 0.25;      // a thread lets its packet go instead of migrating
  double p_missing = 0.02;     // a migration names a partition that does not exist
  double p_hot = 0.0;          // a migration goes to partition 0 (skew)
  unsigned service_max = 24;   // cycles of work per hop, uniform in [1, service_max]
  bool churn = true;           // reassign partitions while running (unloads included)
  bool hw_tiles = true;        // the loader and the churn also use the hardware TILES port
  bool flip_bypass = true;     // turn bypass off and on while running
  bool flip_orders = false;    // change queue orders while running (order checks then off)
  std::uint16_t imb_thresh = 40;
  double p_age = 0.5;          // a queue starts in age order
  unsigned tie_group = 1;      // consecutive packets sharing one arrival time (age ties)
  EnvKnobs knobs{0.8, 0.9, 0.8, 0.7, 0.6};
};

template <typename V>
void run_random(const Scenario& sc) {
  Sim<V> sim;
  CmEnv<V> env(sim, sc.cfg, sc.knobs);
  const mcm::Config& cfg = sc.cfg;
  tb::Rng rng = sim.rng().fork(1);
  const std::uint64_t all_tiles = cfg.num_tiles == 64 ? ~0ULL : (1ULL << cfg.num_tiles) - 1;
  auto random_tiles = [&](tb::Rng& r) {
    std::uint64_t m = 0;
    while (m == 0) m = r.next() & all_tiles;
    return m;
  };
  // A partition marked absent for the whole run (its migrations are dropped).
  const int absent_part = cfg.num_parts >= 3 ? static_cast<int>(cfg.num_parts - 1) : -1;

  for (unsigned t = 0; t < cfg.num_tiles; ++t) {
    auto& tile = env.tile(t);
    tile.service = [&rng, &sc] { return static_cast<unsigned>(rng.range(1, sc.service_max)); };
    tile.decide = [&rng, &sc, &cfg](unsigned, unsigned, const Ctx& c) {
      ThreadAction a;
      if (rng.chance(sc.p_finish)) return a;
      a.migrate = true;
      a.next = c;
      unsigned target = static_cast<unsigned>(rng.range(0, cfg.num_parts - 1));
      if (rng.chance(sc.p_hot)) target = 0;
      if (rng.chance(sc.p_missing) && cfg.num_parts < 256) target = static_cast<unsigned>(rng.range(cfg.num_parts, 255));
      a.next.target_part = static_cast<std::uint8_t>(target);
      a.next.entry = static_cast<std::uint16_t>(rng.bits(15));
      a.next.args[0] = static_cast<std::uint32_t>(rng.next());
      return a;
    };
  }

  sim.reset();

  bool configured = false;
  bool dispatch_done = false;
  // Configuration: random tile sets (some partitions start unloaded), random orders, threshold.
  sim.spawn([](CmEnv<V>& e, const Scenario& s, tb::Rng r, int absent, bool& done, auto random_tiles) -> Task {
    const auto& c = e.config();
    for (unsigned p = 0; p < c.num_parts; ++p) {
      const bool age = r.chance(s.p_age);
      const bool absent_now = static_cast<int>(p) == absent;
      co_await e.csr().write(reg::part(p, reg::kPCfg), (age ? 1U : 0U) | (absent_now ? 2U : 0U));
      if (!s.flip_orders) e.board().fix_order(p, age);
      if (p == 0 || !r.chance(0.2)) co_await e.assign(p, random_tiles(r));
    }
    co_await e.csr().write(reg::kImbThresh, s.imb_thresh);
    done = true;
  }(env, sc, rng.fork(2), absent_part, configured, random_tiles));

  // The dispatcher: unique ids, arrival times that cross the 32-bit wrap.
  sim.spawn([](CmEnv<V>& e, const Scenario& s, tb::Rng r, bool& configured_, bool& done) -> Task {
    while (!configured_) co_await e.sim().rising_edge();
    const std::uint32_t base = 0u - 4u * (s.contexts / 2);
    for (unsigned i = 0; i < s.contexts; ++i) {
      const auto part = static_cast<unsigned>(r.range(0, e.config().num_parts - 1));
      const std::uint32_t arrival =
          s.tie_group > 1 ? base + 4u * (i / s.tie_group)
                          : base + 4u * i + static_cast<std::uint32_t>(r.range(0, 3));
      e.dispatcher().push(make_ctx(i + 1, part, arrival, r));
      if (r.chance(0.05)) co_await e.sim().cycles(r.range(1, 40));
      while (e.dispatcher().pending() > 4) co_await e.sim().rising_edge();
    }
    co_await e.dispatcher().drain();
    done = true;
  }(env, sc, rng.fork(3), configured, dispatch_done));

  // The loader: a requested partition gets tiles after a while, by a register write or, as the
  // pager does it, one bit at a time through the hardware port.
  env.on_load = [&env, &sim, &rng, &sc, random_tiles](unsigned p) {
    sim.spawn([](CmEnv<V>& e, unsigned part, std::uint64_t delay, std::uint64_t tiles, bool hw) -> Task {
      co_await e.sim().cycles(delay);
      if (!hw) {
        co_await e.assign(part, tiles);
        co_return;
      }
      for (unsigned t = 0; t < e.config().num_tiles; ++t) {
        if ((tiles >> t) & 1U) co_await e.hw_assign(part, t, true);
      }
    }(env, p, rng.range(1, 60), random_tiles(rng), sc.hw_tiles && rng.chance(0.5)));
  };

  // Hardware TILES writes at random, racing the register writes of the churn below (the
  // hardware write wins on its bit), including partitions and tiles out of range (ignored).
  if (sc.hw_tiles && sc.churn) {
    sim.spawn([](CmEnv<V>& e, tb::Rng r, bool& configured_, bool& done) -> Task {
      while (!configured_) co_await e.sim().rising_edge();
      const auto& c = e.config();
      while (!done) {
        co_await e.sim().cycles(r.range(1, 40));
        if (done) break;
        unsigned p = static_cast<unsigned>(r.range(0, c.num_parts - 1));
        unsigned t = static_cast<unsigned>(r.range(0, c.num_tiles - 1));
        if (r.chance(0.05) && c.num_parts < 256) p = static_cast<unsigned>(r.range(c.num_parts, 255));
        if (r.chance(0.05) && c.num_tiles < 64) t = static_cast<unsigned>(r.range(c.num_tiles, 63));
        co_await e.hw_assign(p, t, r.chance(0.6));
      }
    }(env, rng.fork(5), configured, dispatch_done));
  }

  // Runtime churn: reassign partitions (sometimes to no tile), flip bypass and orders, read
  // registers at random (every read is compared with the model).
  sim.spawn([](CmEnv<V>& e, const Scenario& s, tb::Rng r, bool& configured_, bool& done, auto random_tiles) -> Task {
    while (!configured_) co_await e.sim().rising_edge();
    const auto& c = e.config();
    bool bypass = true;
    while (!done) {
      co_await e.sim().cycles(r.range(5, 60));
      const auto p = static_cast<unsigned>(r.range(0, c.num_parts - 1));
      if (s.churn && r.chance(0.5)) co_await e.assign(p, r.chance(0.2) ? 0 : random_tiles(r));
      if (s.flip_bypass && r.chance(0.1)) {
        bypass = !bypass;
        co_await e.csr().write(reg::kCtrl, bypass ? 1U : 0U);
      }
      if (s.flip_orders && r.chance(0.3)) co_await e.csr().write(reg::part(p, reg::kPCfg), r.chance(0.5) ? 1U : 0U);
      std::uint32_t v = 0;
      co_await e.csr().read(static_cast<std::uint16_t>(r.chance(0.5) ? r.range(0, 0xFC) : reg::part(p, 0) + r.range(0, 0x1C)), v);
      if (r.chance(0.2)) {
        // Writes that must change nothing but the threshold: read-only and unmapped registers,
        // and the threshold under random byte strobes (the lockstep compares the error flags).
        const std::uint16_t targets[] = {reg::kId, reg::kStored, reg::kMigCount, 0x0038, 0x00C0,
                                         reg::part(p, reg::kPEnq), reg::part(c.num_parts, 0), reg::kImbThresh};
        const auto a = targets[r.range(0, std::size(targets) - 1)];
        co_await e.csr().write(a, static_cast<std::uint32_t>(r.next()) & (a == reg::kImbThresh ? 0x00FFu : ~0u),
                               static_cast<std::uint8_t>(r.bits(4)));
      }
    }
    // Leave every partition loaded and bypass on for the drain (after the last hardware write).
    while (!e.hw_tiles().idle()) co_await e.sim().rising_edge();
    co_await e.sim().cycles(2);
    co_await e.csr().write(reg::kCtrl, 1U);
    for (unsigned q = 0; q < c.num_parts; ++q) co_await e.assign(q, random_tiles(r));
  }(env, sc, rng.fork(4), configured, dispatch_done, random_tiles));

  const std::uint64_t budget = 20000 + static_cast<std::uint64_t>(sc.contexts) * 600;
  ASSERT_TRUE(sim.run(budget, [&] {
    return dispatch_done && env.board().alive() == 0 && env.csr().idle();
  })) << "contexts still alive: " << env.board().alive();

  // Quiescent: every register equals the model's, the statistics agree with the scoreboard.
  bool checked = false;
  sim.spawn([](CmEnv<V>& e, bool& ok) -> Task {
    co_await e.sim().cycles(8);
    co_await e.read_all_registers();
    co_await e.check_counters_against_board();
    ok = true;
  }(env, checked));
  ASSERT_TRUE(sim.run(20000, [&] { return checked; }));
  env.board().check_all_left();
  ASSERT_FALSE(sim.failed());
  tb::log::info("cm random: {} cycles, {} new, {} migrations, {} bypasses, {} queued deliveries, "
                "{} drops, {} load requests",
                env.lockstep().cycles(), env.board().new_accepted(), env.board().mig_accepted(),
                env.lockstep().bypasses(), env.lockstep().picks(), env.board().dropped(),
                env.board().load_requests());
  EXPECT_EQ(env.board().new_accepted(), sc.contexts);
  EXPECT_GT(env.board().mig_accepted(), 0u);
  EXPECT_GT(env.lockstep().bypasses(), 0u) << "the run never exercised a bypass";
  EXPECT_GT(env.lockstep().picks(), 0u) << "the run never delivered from a queue";
  if (sc.hw_tiles && sc.churn) {
    EXPECT_GT(env.hw_tiles().driven(), 0u) << "no hardware TILES write was driven";
  }
  ::testing::Test::RecordProperty("cycles", static_cast<int>(env.lockstep().cycles()));
  ::testing::Test::RecordProperty("migrations", static_cast<int>(env.board().mig_accepted()));
}

Scenario default_cfg() {
  Scenario s;
  s.cfg = {16, 64, 4, 4};
  s.contexts = 150 * kScale;
  return s;
}

// ---- The default engine: P = 16, C = 64, 4 tiles x 4 threads ------------------------------------
class CmRandomP16 : public ::testing::TestWithParam<int> {};

TEST_P(CmRandomP16, MixedTrafficMatchesModel) { run_random<Vcm_p16>(default_cfg()); }

// Short work and a full dispatcher: the store fills, admission holds new packets back.
TEST_P(CmRandomP16, SaturatedStoreMatchesModel) {
  Scenario s = default_cfg();
  s.service_max = 6;
  s.p_finish = 0.1;
  s.p_hot = 0.4;
  s.knobs = {1.0, 1.0, 0.6, 0.5, 0.5};
  run_random<Vcm_p16>(s);
}

// Queue orders change while queues are busy: the model decides when a change takes effect.
TEST_P(CmRandomP16, OrderChangesMatchModel) {
  Scenario s = default_cfg();
  s.flip_orders = true;
  s.p_hot = 0.3;
  run_random<Vcm_p16>(s);
}

// No backpressure, no idle: every channel at full rate.
TEST_P(CmRandomP16, FullRateMatchesModel) {
  Scenario s = default_cfg();
  s.knobs = {1.0, 1.0, 1.0, 1.0, 1.0};
  s.service_max = 3;
  s.churn = false;
  run_random<Vcm_p16>(s);
}

// The queue store under stress: mostly age queues, groups of packets sharing an arrival time
// (ties), a hot partition so inserts and pops of one queue meet in the same cycle, and migrated
// contexts re-entering with old ages in front of younger waiting ones.
TEST_P(CmRandomP16, AgeTiesAndHotQueueMatchModel) {
  Scenario s = default_cfg();
  s.p_age = 0.8;
  s.tie_group = 3;
  s.p_hot = 0.5;
  s.service_max = 8;
  s.p_finish = 0.15;
  s.knobs = {1.0, 1.0, 0.9, 0.8, 0.8};
  run_random<Vcm_p16>(s);
}

INSTANTIATE_TEST_SUITE_P(Seeds, CmRandomP16, ::testing::Range(0, kSeeds));

// ---- P = 1, C = threads + 1 (2 tiles x 4 threads, C = 9) -----------------------------------------
class CmRandomP1 : public ::testing::TestWithParam<int> {};

TEST_P(CmRandomP1, OnePartitionMatchesModel) {
  Scenario s;
  s.cfg = {1, 9, 2, 4};
  s.contexts = 100 * kScale;
  s.service_max = 10;
  run_random<Vcm_p1>(s);
}

// One queue, all age order, ties: every insert lands in the queue being popped.
TEST_P(CmRandomP1, OneAgeQueueWithTiesMatchesModel) {
  Scenario s;
  s.cfg = {1, 9, 2, 4};
  s.contexts = 100 * kScale;
  s.service_max = 6;
  s.p_age = 1.0;
  s.tie_group = 2;
  run_random<Vcm_p1>(s);
}

INSTANTIATE_TEST_SUITE_P(Seeds, CmRandomP1, ::testing::Range(0, kSeeds));

// ---- Many tiles, odd sizes: P = 5, 6 tiles x 2 threads, C = 13 = threads + 1 -----------------------
class CmRandomP5 : public ::testing::TestWithParam<int> {};

TEST_P(CmRandomP5, ManyTilesMatchesModel) {
  Scenario s;
  s.cfg = {5, 13, 6, 2};
  s.contexts = 120 * kScale;
  s.p_hot = 0.2;
  run_random<Vcm_p5>(s);
}

INSTANTIATE_TEST_SUITE_P(Seeds, CmRandomP5, ::testing::Range(0, kSeeds));

}  // namespace
