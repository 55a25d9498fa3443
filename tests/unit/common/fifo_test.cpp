// SPDX-License-Identifier: Apache-2.0
// baton_fifo_sync and baton_spill_reg against the FIFO reference model: seeded random traffic
// (several seeds per configuration) and directed corners.
#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <string>
#include <tuple>
#include <vector>

#include "Vfifo_d1_ft.h"
#include "Vfifo_d1_reg.h"
#include "Vfifo_d2_reg.h"
#include "Vfifo_d3_w70_ft.h"
#include "Vfifo_d5_ft.h"
#include "Vfifo_d16_reg.h"
#include "Vspill_w64.h"
#include "Vspill_w8.h"
#include "baton/env/common/fifo_env.hpp"

namespace {

using baton::Bits;
using baton::env::common::BufEnv;
using baton::env::common::BufConfig;

struct BufCase {
  std::string name;
  BufConfig cfg;
  std::function<void(BufConfig, unsigned)> random;
  std::function<void(BufConfig)> directed;
};

template <typename V, typename T>
BufCase make_case(std::string name, BufConfig cfg) {
  return {std::move(name), cfg,
          [](BufConfig c, unsigned items) { BufEnv<V, T>(c).run_random(items); },
          [](BufConfig c) { BufEnv<V, T>(c).run_directed(); }};
}

// Each configuration is verilated once in CMakeLists.txt with these parameters.
const std::vector<BufCase>& cases() {
  static const std::vector<BufCase> k = {
      make_case<Vfifo_d1_reg, std::uint32_t>("fifo_d1_reg", {8, 1, false}),
      make_case<Vfifo_d1_ft, std::uint32_t>("fifo_d1_ft", {8, 1, true}),
      make_case<Vfifo_d2_reg, std::uint32_t>("fifo_d2_reg", {16, 2, false}),
      make_case<Vfifo_d5_ft, std::uint32_t>("fifo_d5_ft", {16, 5, true}),
      make_case<Vfifo_d16_reg, std::uint32_t>("fifo_d16_reg", {32, 16, false}),
      make_case<Vfifo_d3_w70_ft, Bits<70>>("fifo_d3_w70_ft", {70, 3, true}),
      make_case<Vspill_w8, std::uint32_t>("spill_w8", {8, 2, false}),
      make_case<Vspill_w64, std::uint64_t>("spill_w64", {64, 2, false}),
  };
  return k;
}

class BufRandom : public ::testing::TestWithParam<std::tuple<std::size_t, int>> {};

TEST_P(BufRandom, EveryCycleMatchesModel) {
  const auto& c = cases()[std::get<0>(GetParam())];
  c.random(c.cfg, 20000);
}

INSTANTIATE_TEST_SUITE_P(Seeds, BufRandom,
                         ::testing::Combine(::testing::Range<std::size_t>(0, 8), ::testing::Range(0, 4)),
                         [](const auto& info) {
                           return cases()[std::get<0>(info.param)].name + "_seed" +
                                  std::to_string(std::get<1>(info.param));
                         });

class BufDirected : public ::testing::TestWithParam<std::size_t> {};

TEST_P(BufDirected, FullEmptyAndThroughputCorners) {
  const auto& c = cases()[GetParam()];
  c.directed(c.cfg);
}

INSTANTIATE_TEST_SUITE_P(Configs, BufDirected, ::testing::Range<std::size_t>(0, 8),
                         [](const auto& info) { return cases()[info.param].name; });

}  // namespace
