// SPDX-License-Identifier: Apache-2.0
// The engine at stream and packet-buffer widths other than the default 64 bits (issue: DataW 128
// and 512 end to end): 4 tiles x 4 threads, reference firmware and configuration, the same
// verilated top with -GDataW=128 and -GDataW=512 (engine_t4_w128, engine_t4_w512). Every packet's
// fate against its golden verdict for the default mix, the uniform mix (malformed frames
// included), two-way sessions, 64-byte and 1518-byte IPv4, slow outputs and the uniform mix at line
// rate (buffer_full drops allowed); and the egress, which
// reads one packet-buffer word per cycle for all outputs, carries more than a 64-bit engine can:
// 1518-byte forwarding above 1.5 x 64 bits per cycle.
// Label slow: its fixture verilates the two engines first (not built by default).
#include <gtest/gtest.h>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "Vengine_t4_w128.h"
#include "Vengine_t4_w512.h"
#include "baton/env/engine/configs.hpp"
#include "baton/env/engine/engine_env.hpp"
#include "baton/env/engine/setup.hpp"
#include "baton/tb/config.hpp"

namespace {

using namespace baton;
using namespace baton::env::engine;

struct Outcome {
  std::uint64_t cycles = 0, bytes = 0;
};

template <typename Model>
Outcome run_width(unsigned data_w, const std::vector<golden::Packet>& pkts, const std::string& what,
                  double out_ready = 1.0, bool pace = true) {
  auto g = default_geometry(4);
  g.lanes = data_w / 8;
  EnvOptions o = test_options();
  o.out_ready = out_ready;
  o.pace = pace;
  EngineEnv<Model> env(g, o);
  env.boot(reference_firmware());
  Scoreboard sb(reference_firmware().config, g.ports);
  sb.allow_resource_drops(!pace);  // paced input: no resource may run out
  const auto st = env.run(pkts, sb);
  sb.finish(env.read_counters());
  const std::string where =
      fmt::format("DataW {} {}: seed {} cycle {}; repro: {}", data_w, what, o.seed,
                  env.sim().cycle(), tb::repro_command(o.seed, false));
  EXPECT_FALSE(st.timed_out) << where;
  EXPECT_EQ(sb.mismatches(), 0U) << fmt::format("{}\n  {}", where, fmt::join(sb.errors(), "\n  "));
  EXPECT_EQ(sb.pending(), 0U) << where;
  std::size_t ok = 0;
  for (const auto& v : sb.verdicts()) ok += v.ok ? 1 : 0;
  EXPECT_EQ(ok, pkts.size()) << where;
  Outcome r;
  r.cycles = st.cycles;
  for (const auto& p : pkts) r.bytes += p.frame.size();
  return r;
}

template <typename Model>
void every_traffic(unsigned data_w) {
  const auto seed = tb::test_seed();
  const auto& fw = reference_firmware();
  run_width<Model>(data_w, generated_traffic(fw, 1500, seed, 4), "default mix");
  run_width<Model>(data_w, uniform_traffic(fw, 400, seed + 1, 4), "uniform mix");
  run_width<Model>(data_w, session_traffic(fw, 800, seed + 2, 4), "sessions");
  run_width<Model>(data_w, generated_traffic(fw, 300, seed + 3, 4), "slow outputs", 0.3);
  run_width<Model>(data_w, ipv4_64_traffic(fw, 800, seed + 4, 4), "64-byte IPv4");
  const auto big =
      run_width<Model>(data_w, ipv4_sized_traffic(fw, 600, seed + 5, 4, 1518), "1518-byte IPv4");
  // The 64-bit engine stops at about 66 offered bits per cycle for 1518-byte frames
  // (performance.md, "Throughput against tiles and frame size"): its egress reads one 64-bit beat
  // per cycle. A wider packet-buffer word must lift that ceiling.
  const double bits_per_cycle =
      8.0 * static_cast<double>(big.bytes) / static_cast<double>(big.cycles);
  ::testing::Test::RecordProperty(fmt::format("bits_per_cycle_1518_w{}", data_w),
                                  fmt::format("{:.1f}", bits_per_cycle));
  EXPECT_GT(bits_per_cycle, 1.5 * 64.0)
      << "DataW " << data_w << ": 1518-byte IPv4 at " << bits_per_cycle << " bits per cycle";
  std::printf("[tb] DataW %u: 1518-byte IPv4 at %.1f offered bits per cycle (%llu cycles)\n",
              data_w, bits_per_cycle, static_cast<unsigned long long>(big.cycles));
}

// Line rate without pacing, short frames and runts included (the uniform mix): the packet buffer
// fills and the ingress drops with buffer_full, each drop the identified packet's fate; every other
// packet still matches its golden verdict.
TEST(EngineWidth, DataW128UniformMixAtLineRate) {
  run_width<Vengine_t4_w128>(128, uniform_traffic(reference_firmware(), 600, tb::test_seed(), 4),
                             "uniform mix at line rate", 1.0, false);
}
TEST(EngineWidth, DataW512UniformMixAtLineRate) {
  run_width<Vengine_t4_w512>(512, uniform_traffic(reference_firmware(), 600, tb::test_seed(), 4),
                             "uniform mix at line rate", 1.0, false);
}

TEST(EngineWidth, DataW128GoldenCheckedAndWider) { every_traffic<Vengine_t4_w128>(128); }
TEST(EngineWidth, DataW512GoldenCheckedAndWider) { every_traffic<Vengine_t4_w512>(512); }

}  // namespace
