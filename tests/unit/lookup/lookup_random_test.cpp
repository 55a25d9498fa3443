// SPDX-License-Identifier: Apache-2.0
// Randomized runs of the lookup controller against the reference model: many flows, hot keys
// (the same flow concurrently), collisions (small tables, weak hash), a table near full, timers
// firing while events are in flight, overlapping write masks, firmware deletes and random commands,
// backpressure on every output. Compiled once, linked at three scales
// (random_scale.cpp, LK_RANDOM_SCALE): smoke, unit and slow.
// Every instance has its own seed; a failure prints seed, cycle and the repro command.
#include <gtest/gtest.h>

#include "Vlk_big.h"
#include "Vlk_fpga.h"
#include "Vlk_small.h"
#include "Vlk_weak.h"
#include "baton/tb/log.hpp"
#include "baton/env/lookup/lookup_env.hpp"
#include "random_scale.hpp"

namespace {

using namespace baton;
using namespace baton::env::lookup;
using namespace baton::tb;

const std::uint64_t kScale = baton::test::kRandomScale;

struct Plan {
  RequestKnobs req;
  TileKnobs tile;
  std::uint64_t requests = 300;
  std::uint64_t commands = 40;
  unsigned command_gap = 30;
  std::uint64_t spad_ops = 100;
  double backpressure = 0.7;
  std::uint64_t timer_slack = 0;
};

template <typename M>
void run_random(Config cfg, Plan p) {
  // The dispatch path can be full for a while (all slots busy); a timer then fires later than the
  // idle-path bound, by at most the time the expiry waits for a slot.
  cfg.timer_slack = p.timer_slack;
  LookupEnv<M> b(cfg, p.tile);
  b.backpressure(p.backpressure);
  ASSERT_TRUE(b.start());
  RequestSequence<M> reqs(b.sim, b.agents, b.sb, p.req, b.sim.rng().fork(30));
  CommandSequence<M> cmds(b.sim, b.sb, cfg.num_flows(), b.sim.rng().fork(31));
  ScratchSequence<M> spad(b.sim, b.agents, 64, b.sim.rng().fork(32));
  b.sim.spawn(reqs.run(p.requests));
  b.sim.spawn(cmds.run(p.commands, p.command_gap));
  b.sim.spawn(spad.run(p.spad_ops));
  const std::uint64_t budget = 2000 * p.requests + 200000;
  ASSERT_TRUE(b.sim.run(budget, [&] { return reqs.done(); }));
  // Stop arming timers; run until everything given so far is done and every timer has fired.
  b.tiles.knobs().firmware = false;
  ASSERT_TRUE(b.sim.run(budget, [&] {
    return b.sb.idle() && b.tiles.idle() && !b.agents.wb.pending() && spad.done(p.spad_ops) &&
           b.sb.model().armed_timers() == 0;
  })) << b.sb.model().pending_summary();
  ASSERT_TRUE(b.sim.advance(LookupEnv<M>::kSettle));
  b.sb.finish();
  // What the run covered (TB_VERBOSE=1).
  const Stats s = b.agents.stats();
  std::string line;
  for (std::size_t i = 0; i < kNumStats; ++i) line += fmt::format(" {}={}", kStatNames[i], s[i]);
  tb::log::info("{} cycles:{}", b.sim.cycle(), line);
  ::testing::Test::RecordProperty("events", static_cast<int>(b.tiles.events()));
  ::testing::Test::RecordProperty("cycles", static_cast<int>(b.sim.cycle()));
}

class LookupRandom : public ::testing::TestWithParam<int> {};

// 20 flows, hashed: collisions, a full table, Busy on hot keys, long memory latencies.
TEST_P(LookupRandom, SmallTableNearFull) {
  Plan p;
  p.req.keys = 40;
  p.req.hot = 0.3;
  p.requests = 300 * kScale;
  p.commands = 30 * kScale;
  p.timer_slack = 2000;
  p.tile.max_timeout = 400;
  run_random<Vlk_small>(configs::small(), p);
}

// Weak hash: keys collide in both banks by construction and overflow into the stash.
TEST_P(LookupRandom, ForcedCollisionsIntoTheStash) {
  Plan p;
  p.req.keys = 20;
  p.req.collide_bits = 2;  // 4 port values: 20 keys on 4 bucket pairs of 4 entries + 2 stash
  p.req.hot = 0.25;
  p.requests = 300 * kScale;
  p.commands = 30 * kScale;
  p.timer_slack = 2000;
  p.tile.max_timeout = 300;
  run_random<Vlk_weak>(configs::weak(), p);
}

// The FPGA configuration: all memory latencies 1, 516 flows, many keys.
TEST_P(LookupRandom, FpgaConfigManyFlows) {
  Plan p;
  p.req.keys = 600;
  p.req.hot = 0.1;
  p.req.idle = 0.05;
  p.requests = 400 * kScale;
  p.commands = 20 * kScale;
  p.timer_slack = 4000;
  p.tile.max_delay = 12;
  run_random<Vlk_fpga>(configs::fpga(), p);
}

// The default simulation configuration: 65,544 flows and timers, many keys, little idle time.
TEST_P(LookupRandom, DefaultConfigSixtyFourK) {
  Plan p;
  p.req.keys = 2000;
  p.req.hot = 0.15;
  p.req.idle = 0.02;
  p.requests = 400 * kScale;
  p.commands = 20 * kScale;
  p.command_gap = 60;
  p.timer_slack = 8000;
  p.tile.max_timeout = 2000;
  p.tile.p_timer_set = 0.05;
  run_random<Vlk_big>(configs::big(), p);
}

INSTANTIATE_TEST_SUITE_P(Seeds, LookupRandom, ::testing::Range(0, kScale >= 100 ? 4 : 2));

}  // namespace
