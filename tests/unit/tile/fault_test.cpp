// SPDX-License-Identifier: Apache-2.0
// Every fault kind of docs/abi.md section 7 on the RTL tile: generated programs whose first
// action after the prologue faults. Besides the lockstep check against the ISS, each packet must
// end with the fault the program was built for, as DROP with the ABI's hardware reason, and the
// tile must keep running the other threads. A context naming a missing partition or entry is
// dropped with DropNoPartition without running.
#include <gtest/gtest.h>

#include <map>

#include "Vtile_e1.h"
#include "Vtile_e4.h"
#include "baton/iss/retire.hpp"
#include "baton/tb/sim.hpp"
#include "baton/env/tile/configs.hpp"
#include "baton/env/tile/scenario.hpp"
#include "baton/env/tile/tile_env.hpp"
#include "tile_test_util.hpp"

namespace baton::env::tile {
namespace {

struct FaultCase {
  FaultKind kind;
  iss::Trap trap;
  DropReason reason;
  const char* name;
};

const FaultCase kCases[] = {
    {FaultKind::kIllegal, iss::Trap::kIllegal, DropReason::kFaultIllegal, "Illegal"},
    {FaultKind::kThreadOperand, iss::Trap::kIllegal, DropReason::kFaultIllegal, "ThreadOperand"},
    {FaultKind::kMisalignedLoad, iss::Trap::kMisalignedLoad, DropReason::kFaultMisalign, "MisalignedLoad"},
    {FaultKind::kMisalignedStore, iss::Trap::kMisalignedStore, DropReason::kFaultMisalign, "MisalignedStore"},
    {FaultKind::kMisalignedJump, iss::Trap::kMisalignedJump, DropReason::kFaultMisalign, "MisalignedJump"},
    {FaultKind::kLoadAccess, iss::Trap::kLoadAccess, DropReason::kFaultAccess, "LoadAccess"},
    {FaultKind::kStoreAccess, iss::Trap::kStoreAccess, DropReason::kFaultAccess, "StoreAccess"},
    {FaultKind::kFetchAccess, iss::Trap::kFetchAccess, DropReason::kFaultAccess, "FetchAccess"},
    {FaultKind::kWatchdog, iss::Trap::kWatchdog, DropReason::kFaultWatchdog, "Watchdog"},
};

template <typename M>
void run_fault_case(const TileParams& params, const FaultCase& fc) {
  tb::Sim<M> sim;
  tb::Rng rng = sim.rng().fork(9);
  ScenarioOptions o;
  o.partitions = 2;
  o.programs_per_partition = 3;
  o.deliveries = params.threads * 3;
  o.missing_p = 0;
  o.gen.length = 30;
  o.gen.fault = fc.kind;
  o.gen.fault_first = true;
  const Scenario s = make_scenario(rng, params, o);
  TileEngineEnv<M> env(sim, params, s.image, test::random_env_options(rng));
  ASSERT_TRUE(env.loaded()) << sim.failure();
  s.install(env.shared(), env.iss_memory());
  std::map<iss::Trap, unsigned> traps;
  env.checker().on_match = [&](const iss::RetireRecord& r) {
    if (r.trap != iss::Trap::kNone) ++traps[r.trap];
  };
  for (const auto& c : s.contexts) env.deliver(c);
  ASSERT_TRUE(env.run_all(2'000'000)) << sim.failure();
  EXPECT_EQ(traps[fc.trap], s.contexts.size()) << fc.name << ": every packet must end with this fault";
  ASSERT_EQ(env.ops().size(), s.contexts.size());
  for (const auto& op : env.ops()) {
    EXPECT_EQ(op.op, ThreadOp::kDrop) << fc.name;
    EXPECT_EQ(op.arg, static_cast<std::uint8_t>(fc.reason)) << fc.name;
    EXPECT_EQ(op.src_tile, params.tile_id);
  }
}

class FaultE4 : public ::testing::TestWithParam<FaultCase> {};
TEST_P(FaultE4, EndsThePacketWithItsReason) { run_fault_case<Vtile_e4>(configs::tile_e4(), GetParam()); }
INSTANTIATE_TEST_SUITE_P(Kinds, FaultE4, ::testing::ValuesIn(kCases), [](const auto& i) { return i.param.name; });

class FaultE1 : public ::testing::TestWithParam<FaultCase> {};
TEST_P(FaultE1, EndsThePacketWithItsReason) { run_fault_case<Vtile_e1>(configs::tile_e1(), GetParam()); }
INSTANTIATE_TEST_SUITE_P(Kinds, FaultE1, ::testing::ValuesIn(kCases), [](const auto& i) { return i.param.name; });

// docs/abi.md section 3: a missing partition or entry drops the packet at delivery, nothing runs.
TEST(Delivery, MissingPartitionOrEntryIsDropped) {
  const auto params = configs::tile_e4();
  tb::Sim<Vtile_e4> sim;
  tb::Rng rng = sim.rng().fork(4);
  ScenarioOptions o;
  o.partitions = 1;
  o.programs_per_partition = 2;
  o.deliveries = 1;
  const Scenario s = make_scenario(rng, params, o);
  TileEngineEnv<Vtile_e4> env(sim, params, s.image);
  ASSERT_TRUE(env.loaded());
  const auto& part = s.image.partitions().front();
  Ctx c;
  c.pkt_handle = 7;
  c.target_part = 99;  // no such partition
  env.deliver(c);
  c.target_part = part.id;
  c.entry_kind = EntryKind::kIndex;
  c.entry = static_cast<std::uint16_t>(part.entries.size());  // one past the entry table
  env.deliver(c);
  c.entry_kind = EntryKind::kOffset;
  c.entry = static_cast<std::uint16_t>(part.code.size());  // the partition's end
  env.deliver(c);
  c.entry = static_cast<std::uint16_t>(part.code.size() - 1);  // its last word: exists
  env.deliver(c);
  ASSERT_TRUE(env.run_all(100'000)) << sim.failure();
  ASSERT_EQ(env.ops().size(), 4U);
  for (unsigned i = 0; i < 3; ++i) {
    EXPECT_EQ(env.ops()[i].op, ThreadOp::kDrop);
    EXPECT_EQ(env.ops()[i].arg, static_cast<std::uint8_t>(DropReason::kNoPartition));
  }
  EXPECT_EQ(env.checker().retired_count(), 1U);  // only the last one ran (one epilogue word)
}

}  // namespace
}  // namespace baton::env::tile
