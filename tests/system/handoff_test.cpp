// SPDX-License-Identifier: Apache-2.0
// Hand-off latency of the integrated engine (issue 16, SPEC §7), from the observation port: a
// hop is MIGRATE retired -> first instruction of the thread that continues the packet, a dispatch
// is frame admitted -> first instruction of its initial partition. At a light load every thread
// is free when a context arrives, so each latency is the engine's fixed hand-off path:
//   hop      E of MIGRATE (c) -> op offered (c+1) -> CM bypass (c+1 accepted, c+3 offered) ->
//            tile accepts (c+3) -> entry pc (c+4) -> first instruction issues (c+5)
//   dispatch frame stored -> dispatcher -> CM bypass -> tile -> first instruction.
// The bounds below are these paths (docs/tile.md "Hand-off", docs/cm.md); a regression that adds
// a cycle anywhere on them fails here. Every packet's fate is also checked against its golden
// verdict, and the reference firmware migrates every IPv4 packet once (classify -> ipv4).
#include <gtest/gtest.h>

#include <algorithm>

#include <fmt/format.h>

#include "Vengine_t4.h"
#include "baton/env/engine/configs.hpp"
#include "baton/env/engine/engine_env.hpp"
#include "baton/env/engine/setup.hpp"
#include "baton/tb/config.hpp"

namespace {

using namespace baton;
using namespace baton::env::engine;

constexpr std::uint64_t kHopCycles = 5;       // MIGRATE in E -> first instruction, bypass
constexpr std::uint64_t kDispatchCycles = 8;  // frame admitted -> first instruction, bypass

EnvOptions options() {
  return test_options();
}

TEST(EngineHandoff, HopAndDispatchAtLightLoadTakeTheFixedPath) {
  const auto fw = load_firmware(default_image_prefix(), default_config_path());
  auto o = options();
  o.in_rate = 0.01;  // about 0.005 packets per cycle on 4 ports: a tenth of what 4 tiles process
  const auto pkts = ipv4_64_traffic(fw, 200, o.seed, 4);
  const auto g = default_geometry(4);
  EngineEnv<Vengine_t4> env(g, o);
  env.boot(fw);
  Scoreboard sb(fw.config, g.ports);
  const auto st = env.run(pkts, sb);
  sb.finish(env.read_counters());
  const auto w = fmt::format("seed {} cycle {}; repro: {}", o.seed, env.sim().cycle(), tb::repro_command(o.seed, false));
  ASSERT_FALSE(st.timed_out) << w;
  EXPECT_EQ(sb.mismatches(), 0U) << w << "\n" << fmt::format("{}", fmt::join(sb.errors(), "\n"));
  ASSERT_EQ(st.hop_latency.size(), pkts.size()) << "one hop per packet (classify -> ipv4); " << w;
  ASSERT_EQ(st.dispatch_latency.size(), pkts.size()) << w;
  const auto [hmin, hmax] = std::minmax_element(st.hop_latency.begin(), st.hop_latency.end());
  const auto [dmin, dmax] = std::minmax_element(st.dispatch_latency.begin(), st.dispatch_latency.end());
  fmt::print("hand-off at light load: hop {}..{}, dispatch {}..{} cycles over {} packets\n", *hmin, *hmax, *dmin,
             *dmax, pkts.size());
  EXPECT_EQ(*hmin, kHopCycles) << w;
  EXPECT_EQ(*dmin, kDispatchCycles) << w;
  // Two contexts can meet at the CM or a tile now and then even at this load; the median is the
  // fixed path.
  auto hops = st.hop_latency;
  auto disp = st.dispatch_latency;
  std::nth_element(hops.begin(), hops.begin() + hops.size() / 2, hops.end());
  std::nth_element(disp.begin(), disp.begin() + disp.size() / 2, disp.end());
  EXPECT_EQ(hops[hops.size() / 2], kHopCycles) << w;
  EXPECT_EQ(disp[disp.size() / 2], kDispatchCycles) << w;
}

}  // namespace
