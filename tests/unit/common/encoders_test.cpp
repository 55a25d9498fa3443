// SPDX-License-Identifier: Apache-2.0
// baton_prio_enc and baton_lzc against the <bit>-based reference functions, several widths and
// both directions; exhaustive up to 16 bits, corners plus seeded random values above.
#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <tuple>
#include <vector>

#include "Vlzc_w16_lead.h"
#include "Vlzc_w1_lead.h"
#include "Vlzc_w32_trail.h"
#include "Vlzc_w64_lead.h"
#include "Vlzc_w64_trail.h"
#include "Vlzc_w7_trail.h"
#include "Vprio_w16_msb.h"
#include "Vprio_w1_lsb.h"
#include "Vprio_w5_msb.h"
#include "Vprio_w64_lsb.h"
#include "Vprio_w64_msb.h"
#include "Vprio_w8_lsb.h"
#include "baton/env/common/encoders_env.hpp"

namespace {

using baton::env::common::EncConfig;

struct EncCase {
  std::string name;
  EncConfig cfg;
  std::function<void(EncConfig, unsigned)> run;
};

const std::vector<EncCase>& cases() {
  using namespace baton::env::common;
  static const std::vector<EncCase> k = {
      {"prio_w1_lsb", {1, false}, &run_prio_enc<Vprio_w1_lsb>},
      {"prio_w5_msb", {5, true}, &run_prio_enc<Vprio_w5_msb>},
      {"prio_w8_lsb", {8, false}, &run_prio_enc<Vprio_w8_lsb>},
      {"prio_w16_msb", {16, true}, &run_prio_enc<Vprio_w16_msb>},
      {"prio_w64_lsb", {64, false}, &run_prio_enc<Vprio_w64_lsb>},
      {"prio_w64_msb", {64, true}, &run_prio_enc<Vprio_w64_msb>},
      {"lzc_w1_lead", {1, true}, &run_lzc<Vlzc_w1_lead>},
      {"lzc_w7_trail", {7, false}, &run_lzc<Vlzc_w7_trail>},
      {"lzc_w16_lead", {16, true}, &run_lzc<Vlzc_w16_lead>},
      {"lzc_w32_trail", {32, false}, &run_lzc<Vlzc_w32_trail>},
      {"lzc_w64_lead", {64, true}, &run_lzc<Vlzc_w64_lead>},
      {"lzc_w64_trail", {64, false}, &run_lzc<Vlzc_w64_trail>},
  };
  return k;
}

class Encoders : public ::testing::TestWithParam<std::tuple<std::size_t, int>> {};

TEST_P(Encoders, MatchReference) {
  const auto& c = cases()[std::get<0>(GetParam())];
  c.run(c.cfg, 50000);
}

INSTANTIATE_TEST_SUITE_P(Seeds, Encoders,
                         ::testing::Combine(::testing::Range<std::size_t>(0, 12), ::testing::Range(0, 3)),
                         [](const auto& info) {
                           return cases()[std::get<0>(info.param)].name + "_seed" +
                                  std::to_string(std::get<1>(info.param));
                         });

}  // namespace
