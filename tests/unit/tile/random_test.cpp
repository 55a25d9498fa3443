// SPDX-License-Identifier: Apache-2.0
// Constrained-random programs on engine-mode tiles, every instruction checked in lockstep against
// the ISS (docs/abi.md section 10). One test instance per seed; each runs a fresh image of about
// twenty generated programs with up to four threads at once, random shared-memory latency and
// backpressure on both output ports. TILE_RANDOM_SEEDS / TILE_RANDOM_DELIVERIES size the suite
// (smoke, unit and slow builds of this file).
#include <gtest/gtest.h>

#include "Vtile_e1.h"
#include "Vtile_e4.h"
#include "baton/tb/log.hpp"
#include "baton/tb/sim.hpp"
#include "baton/env/tile/configs.hpp"
#include "baton/env/tile/scenario.hpp"
#include "baton/env/tile/tile_env.hpp"

#ifndef TILE_RANDOM_SEEDS
#define TILE_RANDOM_SEEDS 4
#endif
#ifndef TILE_RANDOM_DELIVERIES
#define TILE_RANDOM_DELIVERIES 40
#endif
#ifndef TILE_RANDOM_FAULTS
#define TILE_RANDOM_FAULTS 1
#endif

namespace baton::env::tile {
namespace {

template <typename M>
void run_random(const TileParams& params, unsigned partitions, unsigned per_part, unsigned deliveries) {
  tb::Sim<M> sim;
  tb::Rng rng = sim.rng().fork(1);
  ScenarioOptions o;
  o.partitions = partitions;
  o.programs_per_partition = per_part;
  o.deliveries = deliveries;
  o.gen.length = static_cast<unsigned>(rng.range(40, 160));
  o.gen.fault_random = TILE_RANDOM_FAULTS != 0;
  const Scenario s = make_scenario(rng, params, o);
  EnvOptions bo;
  bo.dmem_ready_p = 0.3 + 0.7 * static_cast<double>(rng.range(0, 100)) / 100.0;
  bo.dmem_max_latency = static_cast<unsigned>(rng.range(1, 12));
  bo.op_ready_p = 0.2 + 0.8 * static_cast<double>(rng.range(0, 100)) / 100.0;
  TileEngineEnv<M> env(sim, params, s.image, bo);
  ASSERT_TRUE(env.loaded());
  s.install(env.shared(), env.iss_memory());
  for (const auto& c : s.contexts) env.deliver(c);
  ASSERT_TRUE(env.run_all(4'000'000)) << sim.failure();
  tb::log::info("{}: {} contexts, {} instructions ({} faults) in {} cycles", params.name, s.contexts.size(),
                env.checker().retired_count(), env.checker().faults_count(), sim.cycle());
  EXPECT_EQ(env.checker().ops_count(), s.contexts.size());
  EXPECT_GT(env.checker().retired_count(), s.contexts.size() * 10);
}

class RandomE4 : public ::testing::TestWithParam<int> {};
TEST_P(RandomE4, LockstepWithIss) {
  run_random<Vtile_e4>(configs::tile_e4(), 6, 4, TILE_RANDOM_DELIVERIES);
}
INSTANTIATE_TEST_SUITE_P(Seeds, RandomE4, ::testing::Range(0, TILE_RANDOM_SEEDS));

class RandomE1 : public ::testing::TestWithParam<int> {};
TEST_P(RandomE1, LockstepWithIss) {
  run_random<Vtile_e1>(configs::tile_e1(), 3, 3, TILE_RANDOM_DELIVERIES / 2);
}
INSTANTIATE_TEST_SUITE_P(Seeds, RandomE1, ::testing::Range(0, TILE_RANDOM_SEEDS));

}  // namespace
}  // namespace baton::env::tile
