// SPDX-License-Identifier: Apache-2.0
// The engine's RETIRE counters (0x104 + 8t) against the ISS engine model's retired-instruction
// count for the same packets. The tile retires up to two instructions in a cycle (a completing
// instruction and a drained load write-back), so the counter adds a count, not a flag; before
// the fix it added the count's two bits and under-counted every two-retire cycle.
#include <gtest/gtest.h>

#include <numeric>

#include <fmt/format.h>

#include "Vengine_t4.h"
#include "baton/env/engine/configs.hpp"
#include "baton/env/engine/engine_env.hpp"
#include "baton/env/engine/setup.hpp"
#include "baton/model/engine/engine_model.hpp"
#include "baton/tb/config.hpp"

namespace {

using namespace baton;
using namespace baton::env::engine;
using baton::model::engine::EngineConfig;
using baton::model::engine::EngineModel;
using baton::model::engine::InPacket;

struct Counts {
  std::uint64_t rtl = 0, iss = 0;
};

Counts count(const std::vector<golden::Packet>& pkts) {
  const auto fw = load_firmware(default_image_prefix(), default_config_path());
  const auto g = default_geometry(4);
  EnvOptions o = test_options();
  // TCP affinity off: the ISS model runs every packet from the initial partition, and the TCP
  // replicas are the same code, but keep the two paths identical.
  o.affinity = false;
  EngineEnv<Vengine_t4> env(g, o);
  env.boot(fw);
  env.reg_write(csr::kTopClear, 1);
  Scoreboard sb(fw.config, g.ports);
  const auto run = env.run(pkts, sb);
  sb.finish(env.read_counters());
  EXPECT_FALSE(run.timed_out);
  EXPECT_EQ(sb.mismatches(), 0U) << fmt::format("{}", fmt::join(sb.errors(), "\n"));
  const auto st = env.read_stats();
  Counts c;
  c.rtl = std::accumulate(st.retire.begin(), st.retire.end(), std::uint64_t{0});

  EngineConfig ec;
  ec.tiles = g.tiles;
  ec.threads = g.threads;
  ec.slots = g.slots;
  EngineModel model(default_image_prefix(), fw.blob, ec);
  std::vector<InPacket> in;
  for (const auto& p : pkts) in.push_back({p.frame, p.port, p.tuser_error});
  for (const auto& cpl : model.run(in)) c.iss += cpl.instructions;
  return c;
}

TEST(EngineRetire, Ipv4ForwardingMatchesTheIss) {
  const auto fw = load_firmware(default_image_prefix(), default_config_path());
  const auto pkts = ipv4_64_traffic(fw, 200, tb::test_seed(), 4);
  const auto c = count(pkts);
  fmt::print("64-byte IPv4: {} instructions retired for 200 packets ({:.2f} per packet)\n", c.rtl,
             static_cast<double>(c.rtl) / 200.0);
  EXPECT_EQ(c.rtl, c.iss) << fmt::format("RTL {:.2f} vs ISS {:.2f} instructions per packet; seed {}",
                                         static_cast<double>(c.rtl) / 200.0, static_cast<double>(c.iss) / 200.0,
                                         tb::test_seed());
  EXPECT_GT(c.iss, 200U * 40U);
}

TEST(EngineRetire, DefaultMixMatchesTheIss) {
  const auto fw = load_firmware(default_image_prefix(), default_config_path());
  const auto pkts = generated_traffic(fw, 300, tb::test_seed() + 1, 4);
  const auto c = count(pkts);
  fmt::print("default mix: {} instructions retired for 300 packets ({:.2f} per packet)\n", c.rtl,
             static_cast<double>(c.rtl) / 300.0);
  EXPECT_EQ(c.rtl, c.iss) << "seed " << tb::test_seed() + 1;
}

}  // namespace
