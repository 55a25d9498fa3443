// SPDX-License-Identifier: Apache-2.0
// The directed, self-checking assembly tests of sw/isa-tests/asm run on the ISS in bare mode.
// Each test compares every result with a constant written from the RISC-V specification and
// halts with tohost = 1 (pass) or the number of the first failing check.
#include <gtest/gtest.h>

#include <string>

#include "baton/iss/bare.hpp"
#include "baton/iss/elf.hpp"
#include "iss_test_util.hpp"

namespace baton::iss {
namespace {

using baton::iss::test::program_path;

struct Outcome {
  BareResult result;
  std::vector<std::uint32_t> signature;
};

Outcome run_bare(const std::string& name) {
  const auto elf = ElfImage::load(program_path(name, "bare"));
  BareMachine m(elf, BareOptions{});
  Outcome o{m.run(), {}};
  o.signature = m.signature();
  return o;
}

std::size_t checks_recorded(const std::vector<std::uint32_t>& sig) {
  std::size_t n = 0;
  while (n < sig.size() && sig[n] != 0xdeadbeefU) ++n;
  return n;
}

class IsaTest : public ::testing::TestWithParam<std::string> {};

TEST_P(IsaTest, PassesOnIss) {
  BATON_REQUIRE_PROGRAMS();
  const auto o = run_bare(GetParam());
  ASSERT_EQ(o.result.end, BareResult::End::kToHost)
      << GetParam() << ": did not reach tohost; repro: baton-iss " << program_path(GetParam(), "bare") << " --trace";
  const std::uint32_t v = *o.result.tohost;
  EXPECT_EQ(v, 1U) << GetParam() << ": failed check " << (v >> 1) << " after " << o.result.instructions
                   << " instructions; repro: baton-iss " << program_path(GetParam(), "bare") << " --trace";
  // Every test records at least 20 checks; a test that stops early cannot pass silently.
  EXPECT_GE(checks_recorded(o.signature), 20U) << GetParam();
}

INSTANTIATE_TEST_SUITE_P(Directed, IsaTest,
                         ::testing::Values("rv32i_alu", "rv32i_branch", "rv32i_mem", "rv32m", "zbb"),
                         [](const auto& info) { return info.param; });

// The framework itself: a wrong expectation must be reported, with its check number.
TEST(IsaFramework, WrongResultIsReported) {
  BATON_REQUIRE_PROGRAMS();
  const auto o = run_bare("selftest_fail");
  ASSERT_EQ(o.result.end, BareResult::End::kToHost);
  EXPECT_EQ(*o.result.tohost, (3U << 1) | 1U);
  EXPECT_FALSE(o.result.passed());
  EXPECT_EQ(checks_recorded(o.signature), 3U);
}

// Without Zbb the Zbb test must fault on its first Zbb instruction.
TEST(IsaFramework, ZbbTestFaultsWithoutZbb) {
  BATON_REQUIRE_PROGRAMS();
  const auto elf = ElfImage::load(program_path("zbb", "bare"));
  BareOptions opts;
  opts.zbb = false;
  BareMachine m(elf, opts);
  const auto res = m.run();
  ASSERT_EQ(res.end, BareResult::End::kAllEnded);
  ASSERT_TRUE(res.last[0].has_value());
  EXPECT_EQ(res.last[0]->trap, Trap::kIllegal);
  EXPECT_EQ(decode(res.last[0]->insn, true).op, Op::kAndn);
}

}  // namespace
}  // namespace baton::iss
