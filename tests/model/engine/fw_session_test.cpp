// SPDX-License-Identifier: Apache-2.0
// Session traffic (tb/net session generator: interleaved TCP, UDP and ICMP echo sessions across
// the router, 10 % TrafficGenerator packets) through the reference firmware on the ISS engine
// model, compared with the golden model verdict by verdict, per ordering key and in the counters.
#include <gtest/gtest.h>

#include "baton/net/sessions.hpp"
#include "baton/tb/config.hpp"
#include "fw_test_util.hpp"

namespace {

using namespace baton;

void run_sessions(const std::string& cfg_text, std::uint64_t seed, std::size_t n,
                  const net::SessionMix& mix, model::engine::EngineConfig ec = {}) {
  net::SessionGenerator gen(cfg_text, mix, seed);
  std::vector<golden::Packet> pkts;
  std::size_t in_session = 0;
  for (std::size_t i = 0; i < n; ++i) {
    auto p = gen.next();
    in_session += p.in_session() ? 1 : 0;
    pkts.push_back({std::move(p.frame), p.port, p.tuser});
  }
  const auto r = fw_test::run_compare(cfg_text, pkts, seed, ec);
  EXPECT_EQ(r.failures, 0U) << "seed " << seed;
  std::size_t forwarded = 0;
  for (const auto& v : r.expected) forwarded += v.action == golden::Action::kForward ? 1 : 0;
  EXPECT_GE(forwarded, in_session * 9 / 10) << "seed " << seed;
}

// Two seeds, one instance each.
class FwSessionSeeds : public ::testing::TestWithParam<int> {};
TEST_P(FwSessionSeeds, ReferenceDefaultMix) {
  BATON_NEED_FIRMWARE();
  run_sessions(fw_test::read_text(model_test::reference_config_path()), tb::test_seed(), 3000,
               net::SessionMix{});
}
INSTANTIATE_TEST_SUITE_P(Seeds, FwSessionSeeds, ::testing::Values(0, 1));

TEST(FwSessions, ReferenceFourTilesManySessions) {
  BATON_NEED_FIRMWARE();
  const auto cfg = fw_test::read_text(model_test::reference_config_path());
  model::engine::EngineConfig ec;
  ec.tiles = 4;
  ec.threads = 8;
  ec.slots = 256;
  net::SessionMix mix;
  mix.active = 256;
  mix.vlan = 0.3;
  run_sessions(cfg, tb::test_seed(), 3000, mix, ec);
}

TEST(FwSessions, DirectedConfig) {
  BATON_NEED_FIRMWARE();
  run_sessions(model_test::kDirectedConfig, tb::test_seed(), 1000, net::SessionMix{});
}

}  // namespace
