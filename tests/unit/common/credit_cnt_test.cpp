// SPDX-License-Identifier: Apache-2.0
// baton_credit_cnt against the credit reference model: seeded random take/return traffic that
// swings between no credit and all credits home, directed take+return at both ends, and the
// overflow / underflow assertions, which must fire.
#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <tuple>
#include <vector>

#include <fmt/format.h>

#include "Vcc_m16_i0.h"
#include "Vcc_m1_i1.h"
#include "Vcc_m5_i2.h"
#include "baton/model/common/credit_cnt.hpp"
#include "baton/tb/log.hpp"
#include "baton/tb/sim.hpp"
#include "baton/env/common/common_env.hpp"

namespace {

using namespace baton::tb;
using baton::env::common::ExpectFailure;
using baton::env::common::mismatch;

struct CreditConfig {
  unsigned max;
  unsigned init;
};

struct CreditCoverage {
  std::uint64_t both_at_zero = 0;
  std::uint64_t both_at_max = 0;
  std::uint64_t zero_cycles = 0;
  std::uint64_t max_cycles = 0;
};

template <typename V>
class CreditEnv {
 public:
  explicit CreditEnv(CreditConfig cfg) : model_(cfg.max, cfg.init), stim_(sim_.rng().fork(5)) {
    sim_.on_sample([this] { check_cycle(); });
  }
  Sim<V>& sim() { return sim_; }
  const CreditCoverage& coverage() const { return cov_; }
  baton::model::common::CreditModel& model() { return model_; }

  // Drives take/give from `choose(model)` every cycle for `cycles` cycles.
  bool drive(std::uint64_t cycles, std::function<std::pair<bool, bool>()> choose) {
    auto& d = sim_.dut();
    chooser_ = std::move(choose);
    if (!hooked_) {
      sim_.on_drive([this, &d] {
        const auto [take, give] = chooser_ ? chooser_() : std::pair<bool, bool>{false, false};
        d.take_i = take;
        d.give_i = give;
      });
      hooked_ = true;
    }
    return sim_.advance(cycles);
  }

  // A legal random operation, biased towards taking (bias > 0.5) or giving.
  std::pair<bool, bool> legal_random(double bias) {
    const bool take = stim_.chance(bias);
    const bool give = stim_.chance(1.0 - bias);
    return model_.legal(take, give) ? std::pair{take, give} : std::pair{false, false};
  }

 private:
  void check_cycle() {
    auto& d = sim_.dut();
    if (!d.rst_ni) {
      model_.reset();
      return;
    }
    if (d.credits_o != model_.credits()) sim_.fail("cycle model: " + mismatch("credits_o", model_.credits(), static_cast<unsigned>(d.credits_o)));
    if ((d.avail_o != 0) != model_.avail()) sim_.fail("cycle model: " + mismatch("avail_o", model_.avail(), d.avail_o != 0));
    if ((d.full_o != 0) != model_.full()) sim_.fail("cycle model: " + mismatch("full_o", model_.full(), d.full_o != 0));
    const bool take = d.take_i != 0;
    const bool give = d.give_i != 0;
    cov_.zero_cycles += model_.credits() == 0;
    cov_.max_cycles += model_.full();
    cov_.both_at_zero += model_.credits() == 0 && take && give;
    cov_.both_at_max += model_.full() && take && give;
    model_.clock(take, give);
  }

  Sim<V> sim_;
  baton::model::common::CreditModel model_;
  Rng stim_;
  CreditCoverage cov_;
  std::function<std::pair<bool, bool>()> chooser_;
  bool hooked_ = false;
};

template <typename V>
void random_case(CreditConfig cfg, unsigned cycles) {
  CreditEnv<V> b(cfg);
  b.sim().reset();
  // Phases that drain, fill and hover, so both ends are reached many times.
  Rng phase(b.sim().rng().fork(9));
  for (unsigned done = 0; done < cycles;) {
    const double bias = 0.1 + 0.8 * static_cast<double>(phase.range(0, 8)) / 8.0;
    const unsigned len = static_cast<unsigned>(phase.range(5, 100));
    ASSERT_TRUE(b.drive(len, [&b, bias] { return b.legal_random(bias); })) << b.sim().failure();
    done += len;
  }
  EXPECT_GT(b.coverage().zero_cycles, 0U);
  EXPECT_GT(b.coverage().max_cycles, 0U);
  log::info("zero {} / max {} cycles; take+give at zero {} / at max {}", b.coverage().zero_cycles,
            b.coverage().max_cycles, b.coverage().both_at_zero, b.coverage().both_at_max);
}

template <typename V>
void directed_case(CreditConfig cfg, unsigned) {
  CreditEnv<V> b(cfg);
  auto& m = b.model();
  b.sim().reset();
  // Drain to zero, take and return together at zero, fill to the top, the same at the top.
  ASSERT_TRUE(b.drive(cfg.max + 2, [&m] { return std::pair{m.avail(), false}; })) << b.sim().failure();
  ASSERT_TRUE(b.drive(3, [] { return std::pair{true, true}; })) << b.sim().failure();
  ASSERT_TRUE(b.drive(cfg.max + 2, [&m] { return std::pair{false, !m.full()}; })) << b.sim().failure();
  ASSERT_TRUE(b.drive(3, [] { return std::pair{true, true}; })) << b.sim().failure();
  // Inputs driven in a cycle are sampled in the next one: one idle cycle lets the last pair count.
  ASSERT_TRUE(b.drive(1, [] { return std::pair{false, false}; })) << b.sim().failure();
  EXPECT_EQ(b.coverage().both_at_zero, 3U);
  EXPECT_EQ(b.coverage().both_at_max, 3U);
}

// A take without credit must trip Underflow_A; a give with all credits home must trip Overflow_A.
template <typename V>
void illegal_case(CreditConfig cfg, unsigned) {
  for (const bool underflow : {true, false}) {
    ExpectFailure expect;
    CreditEnv<V> b(cfg);
    auto& m = b.model();
    b.sim().reset();
    // Reach the end legally first; the cycle model check stays on the whole time.
    ASSERT_TRUE(b.drive(cfg.max + 2, [&m, underflow] {
      return underflow ? std::pair{m.avail(), false} : std::pair{false, !m.full()};
    }));
    const bool ok = b.drive(4, [underflow] { return std::pair{underflow, !underflow}; });
    EXPECT_FALSE(ok) << (underflow ? "take without credit" : "give beyond the maximum") << " went unnoticed";
    EXPECT_NE(expect.reports().find("SystemVerilog assertion failed"), std::string::npos) << expect.reports();
  }
}

struct CreditCase {
  std::string name;
  CreditConfig cfg;
  std::function<void(CreditConfig, unsigned)> random, directed, illegal;
};

template <typename V>
CreditCase make_case(std::string name, CreditConfig cfg) {
  return {std::move(name), cfg, &random_case<V>, &directed_case<V>, &illegal_case<V>};
}

const std::vector<CreditCase>& cases() {
  static const std::vector<CreditCase> k = {
      make_case<Vcc_m1_i1>("max1_init1", {1, 1}),
      make_case<Vcc_m5_i2>("max5_init2", {5, 2}),
      make_case<Vcc_m16_i0>("max16_init0", {16, 0}),
  };
  return k;
}

class CreditRandom : public ::testing::TestWithParam<std::tuple<std::size_t, int>> {};
TEST_P(CreditRandom, EveryCycleMatchesModel) {
  const auto& c = cases()[std::get<0>(GetParam())];
  c.random(c.cfg, 20000);
}
INSTANTIATE_TEST_SUITE_P(Seeds, CreditRandom,
                         ::testing::Combine(::testing::Range<std::size_t>(0, 3), ::testing::Range(0, 4)),
                         [](const auto& info) {
                           return cases()[std::get<0>(info.param)].name + "_seed" +
                                  std::to_string(std::get<1>(info.param));
                         });

class CreditDirected : public ::testing::TestWithParam<std::size_t> {};
TEST_P(CreditDirected, TakeAndReturnTogetherAtBothEnds) {
  const auto& c = cases()[GetParam()];
  c.directed(c.cfg, 0);
}
TEST_P(CreditDirected, OverflowAndUnderflowAssertionsFire) {
  const auto& c = cases()[GetParam()];
  c.illegal(c.cfg, 0);
}
INSTANTIATE_TEST_SUITE_P(Configs, CreditDirected, ::testing::Range<std::size_t>(0, 3),
                         [](const auto& info) { return cases()[info.param].name; });

}  // namespace
