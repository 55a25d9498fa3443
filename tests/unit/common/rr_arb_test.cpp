// SPDX-License-Identifier: Apache-2.0
// baton_rr_arb against the arbiter reference model and the fairness promise: contract-keeping
// requesters with random idle and backpressure, raw requests with withdrawals, a starvation
// attempt and the all-requesting rotation, for several configurations and seeds.
#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <tuple>
#include <vector>

#include "Varb_n1_lock.h"
#include "Varb_n3_lock.h"
#include "Varb_n4_lock.h"
#include "Varb_n5_nolock.h"
#include "Varb_n8_lock.h"
#include "baton/env/common/rr_arb_env.hpp"

namespace {

using baton::env::common::ArbEnv;
using baton::env::common::ArbConfig;

struct ArbCase {
  std::string name;
  ArbConfig cfg;
  std::function<void(ArbConfig, unsigned)> stream;
  std::function<void(ArbConfig, unsigned)> raw;
  std::function<void(ArbConfig, unsigned)> starve;
  std::function<void(ArbConfig, unsigned)> rotation;
};

template <typename V>
ArbCase make_case(std::string name, ArbConfig cfg) {
  return {std::move(name), cfg,
          [](ArbConfig c, unsigned n) { ArbEnv<V>(c).run_stream(n); },
          [](ArbConfig c, unsigned n) { ArbEnv<V>(c).run_raw(n); },
          [](ArbConfig c, unsigned n) { ArbEnv<V>(c).run_raw(n, c.n - 1); },
          [](ArbConfig c, unsigned n) { ArbEnv<V>(c).run_rotation(n); }};
}

const std::vector<ArbCase>& cases() {
  static const std::vector<ArbCase> k = {
      make_case<Varb_n4_lock>("n4_lock", {4, 8, true}),
      make_case<Varb_n3_lock>("n3_lock", {3, 16, true}),
      make_case<Varb_n5_nolock>("n5_nolock", {5, 8, false}),
      make_case<Varb_n1_lock>("n1_lock", {1, 8, true}),
      make_case<Varb_n8_lock>("n8_lock", {8, 8, true}),
  };
  return k;
}

std::string case_seed_name(const ::testing::TestParamInfo<std::tuple<std::size_t, int>>& info) {
  return cases()[std::get<0>(info.param)].name + "_seed" + std::to_string(std::get<1>(info.param));
}
const auto kCaseSeeds = ::testing::Combine(::testing::Range<std::size_t>(0, 5), ::testing::Range(0, 4));

class ArbStream : public ::testing::TestWithParam<std::tuple<std::size_t, int>> {};
TEST_P(ArbStream, OrderContractAndModel) {
  const auto& c = cases()[std::get<0>(GetParam())];
  c.stream(c.cfg, 2000);
}
INSTANTIATE_TEST_SUITE_P(Seeds, ArbStream, kCaseSeeds, case_seed_name);

class ArbRaw : public ::testing::TestWithParam<std::tuple<std::size_t, int>> {};
TEST_P(ArbRaw, WithdrawingRequestsMatchModel) {
  const auto& c = cases()[std::get<0>(GetParam())];
  c.raw(c.cfg, 20000);
}
INSTANTIATE_TEST_SUITE_P(Seeds, ArbRaw, kCaseSeeds, case_seed_name);

class ArbDirected : public ::testing::TestWithParam<std::size_t> {};
TEST_P(ArbDirected, StarvationAttemptFails) {
  const auto& c = cases()[GetParam()];
  c.starve(c.cfg, 20000);
}
TEST_P(ArbDirected, AllRequestingRotates) {
  const auto& c = cases()[GetParam()];
  c.rotation(c.cfg, 50);
}
INSTANTIATE_TEST_SUITE_P(Configs, ArbDirected, ::testing::Range<std::size_t>(0, 5),
                         [](const auto& info) { return cases()[info.param].name; });

}  // namespace
