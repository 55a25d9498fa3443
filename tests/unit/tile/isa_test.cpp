// SPDX-License-Identifier: Apache-2.0
// The directed assembly tests and the -O2 C programs of sw/isa-tests, in bare mode on the RTL
// tile, every instruction in lockstep with the ISS. Each program checks its own results against
// constants from the RISC-V specification (or a C reference) and halts through tohost; the
// final DMEM signature of the RTL must also equal the ISS's.
#include <gtest/gtest.h>

#include "Vtile_bare1.h"
#include "Vtile_bare4.h"
#include "baton/iss/elf.hpp"
#include "baton/tb/log.hpp"
#include "baton/tb/sim.hpp"
#include "baton/env/tile/configs.hpp"
#include "baton/env/tile/tile_env.hpp"
#include "tile_test_util.hpp"

namespace baton::env::tile {
namespace {

using test::program_path;

template <typename M>
BareResult run_program(const std::string& name, unsigned threads, const TileParams& params,
                       std::vector<std::uint32_t>* rtl_sig = nullptr, std::vector<std::uint32_t>* iss_sig = nullptr) {
  const auto path = program_path(name, "bare");
  const auto elf = iss::ElfImage::load(path);
  tb::Sim<M> sim;
  tb::Rng rng = sim.rng().fork(3);
  TileBareEnv<M> env(sim, params, elf, test::random_env_options(rng));
  EXPECT_TRUE(env.loaded()) << sim.failure();
  const auto r = env.run(threads, 5'000'000);
  EXPECT_FALSE(sim.failed()) << name << ": " << sim.failure();
  tb::log::info("{}: {} instructions in {} cycles, tohost {}", name, r.retired, r.cycles,
                r.tohost ? fmt::format("{:#x}", *r.tohost) : std::string("not written"));
  if (rtl_sig != nullptr) *rtl_sig = env.signature();
  if (iss_sig != nullptr) {
    const auto b = elf.require_symbol("begin_signature"), e = elf.require_symbol("end_signature");
    for (std::uint32_t a = b; a < e; a += 4) iss_sig->push_back(env.iss_memory().read_word(a));
  }
  return r;
}

class IsaOnTile : public ::testing::TestWithParam<std::string> {};

TEST_P(IsaOnTile, PassesInLockstep) {
  TILE_REQUIRE_PROGRAM(program_path(GetParam(), "bare"));
  std::vector<std::uint32_t> rtl, iss;
  const auto r = run_program<Vtile_bare1>(GetParam(), 1, configs::tile_bare(1), &rtl, &iss);
  ASSERT_TRUE(r.halted) << GetParam() << ": no tohost store after " << r.retired << " instructions";
  EXPECT_EQ(*r.tohost, 1U) << GetParam() << ": failed check " << (*r.tohost >> 1);
  EXPECT_EQ(rtl, iss) << GetParam() << ": DMEM signature differs from the ISS";
  std::size_t checks = 0;
  while (checks < rtl.size() && rtl[checks] != 0xdeadbeefU) ++checks;
  EXPECT_GE(checks, 1U) << GetParam() << ": nothing recorded in the signature";
}

INSTANTIATE_TEST_SUITE_P(Directed, IsaOnTile,
                         ::testing::Values("rv32i_alu", "rv32i_branch", "rv32i_mem", "rv32m", "zbb"),
                         [](const auto& info) { return info.param; });
INSTANTIATE_TEST_SUITE_P(CPrograms, IsaOnTile, ::testing::Values("checksum", "hash", "sort", "parser"),
                         [](const auto& info) { return info.param; });

// A failing check must come out as "failed test N" on the RTL too (the framework can fail).
TEST(IsaOnTileFramework, FailingCheckIsReported) {
  TILE_REQUIRE_PROGRAM(program_path("selftest_fail", "bare"));
  const auto r = run_program<Vtile_bare1>("selftest_fail", 1, configs::tile_bare(1));
  ASSERT_TRUE(r.halted);
  EXPECT_EQ(*r.tohost, (3U << 1) | 1U);
  EXPECT_FALSE(r.passed());
}

// A thread operation or a fault ends a bare-mode run without tohost.
TEST(IsaOnTileFramework, ThreadOperationAndFaultEndTheRun) {
  for (const char* name : {"bare_send", "bare_fault"}) {
    TILE_REQUIRE_PROGRAM(program_path(name, "bare"));
    const auto r = run_program<Vtile_bare1>(name, 1, configs::tile_bare(1));
    EXPECT_FALSE(r.halted) << name;
    EXPECT_GE(r.retired, 2U) << name;
  }
}

// Four threads of one bare-mode program at once: a0 = thread index, DONE at the end.
TEST(IsaOnTileThreads, FourThreadsSignature) {
  TILE_REQUIRE_PROGRAM(program_path("bare_threads", "bare"));
  std::vector<std::uint32_t> rtl, iss;
  const auto r = run_program<Vtile_bare4>("bare_threads", 4, configs::tile_bare(4), &rtl, &iss);
  EXPECT_FALSE(r.halted);
  ASSERT_GE(rtl.size(), 12U);
  for (unsigned t = 0; t < 4; ++t) {
    EXPECT_EQ(rtl[t], (t + 1) * 0x1111U) << "thread " << t;
    EXPECT_EQ(rtl[8 + t], 2 * t + 1) << "thread " << t;
  }
  EXPECT_EQ(rtl, iss);
}

}  // namespace
}  // namespace baton::env::tile
