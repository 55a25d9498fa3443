// SPDX-License-Identifier: Apache-2.0
// baton_rst_sync against its reference model: seeded random reset activity, including pulses
// shorter than a clock cycle. The output must fall as soon as the input falls (checked right after
// the input changes, before any clock edge) and rise on exactly the Stages-th edge after release.
#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <tuple>
#include <vector>

#include <fmt/format.h>

#include "Vrst_sync_s2.h"
#include "Vrst_sync_s4.h"
#include "baton/model/common/rst_sync.hpp"
#include "baton/tb/log.hpp"
#include "baton/tb/sim.hpp"

namespace {

using namespace baton::tb;

struct RstCoverage {
  std::uint64_t async_asserts = 0;
  std::uint64_t short_pulses = 0;
  std::uint64_t releases = 0;  // rst_no rose
};

template <typename V>
RstCoverage run_rst_sync(unsigned stages, unsigned cycles) {
  Sim<V> sim;
  auto& d = sim.dut();
  baton::model::common::RstSyncModel model(stages);
  Rng stim(sim.rng().fork(4));
  RstCoverage cov;
  bool prev_out = false;

  // Start in reset: the synchronizer flops power up with random values.
  d.rst_ni = 0;
  d.eval();
  model.async_assert();

  sim.on_sample([&] {
    const bool in = d.rst_ni != 0;
    const bool out = d.rst_no != 0;
    if (out != model.rst_no(in)) {
      sim.fail(fmt::format("rst_no: expected {}, got {} (rst_ni {})", model.rst_no(in), out, in));
    }
    cov.releases += out && !prev_out;
    prev_out = out;
    model.edge(in);
  });
  sim.on_drive([&] {
    const bool in = d.rst_ni != 0;
    // Long stretches out of reset with occasional resets of random length.
    bool next = in ? !stim.chance(0.05) : stim.chance(0.3);
    if (in && stim.chance(0.03)) {
      // A pulse shorter than a cycle: low and high again before the next edge.
      d.rst_ni = 0;
      d.eval();
      model.async_assert();
      if (d.rst_no != 0) sim.fail("rst_no did not fall during a short rst_ni pulse");
      ++cov.short_pulses;
      next = true;
    }
    d.rst_ni = next;
    d.eval();
    if (!next) {
      if (in) ++cov.async_asserts;
      model.async_assert();
      if (d.rst_no != 0) sim.fail("rst_no did not fall as soon as rst_ni fell (no clock edge yet)");
    }
  });
  EXPECT_TRUE(sim.advance(cycles)) << sim.failure();
  return cov;
}

struct RstCase {
  std::string name;
  unsigned stages;
  std::function<RstCoverage(unsigned, unsigned)> run;
};

const std::vector<RstCase>& cases() {
  static const std::vector<RstCase> k = {
      {"stages2", 2, &run_rst_sync<Vrst_sync_s2>},
      {"stages4", 4, &run_rst_sync<Vrst_sync_s4>},
  };
  return k;
}

class RstSync : public ::testing::TestWithParam<std::tuple<std::size_t, int>> {};

TEST_P(RstSync, AsyncAssertSyncRelease) {
  const auto& c = cases()[std::get<0>(GetParam())];
  const auto cov = c.run(c.stages, 20000);
  EXPECT_GT(cov.async_asserts, 10U);
  EXPECT_GT(cov.short_pulses, 10U);
  EXPECT_GT(cov.releases, 10U);
  log::info("{} resets, {} short pulses, {} releases", cov.async_asserts, cov.short_pulses, cov.releases);
}

INSTANTIATE_TEST_SUITE_P(Seeds, RstSync,
                         ::testing::Combine(::testing::Range<std::size_t>(0, 2), ::testing::Range(0, 4)),
                         [](const auto& info) {
                           return cases()[std::get<0>(info.param)].name + "_seed" +
                                  std::to_string(std::get<1>(info.param));
                         });

}  // namespace
