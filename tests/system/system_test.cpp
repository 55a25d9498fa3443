// System tests of the integrated engine (4 tiles x 4 threads, reference firmware, reference
// configuration): pcap/generator traffic in, every output frame and every drop reason compared
// with the golden model, per-flow order, independent checksums, counters over AXI4-Lite and the
// accounting invariant (docs/engine.md, "System testbench").
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include <fmt/format.h>

#include "Vengine_t4.h"
#include "baton/engine/configs.hpp"
#include "baton/engine/engine_bench.hpp"
#include "baton/engine/setup.hpp"
#include "baton/tb/config.hpp"

namespace {

using namespace baton;
using namespace baton::engine;

const Firmware& firmware() {
  static const Firmware fw = load_firmware(default_image_prefix(), default_config_path());
  return fw;
}

BenchOptions options(double out_ready = 1.0, bool pace = true) {
  BenchOptions o;
  o.pace = pace;
  o.seed = tb::test_seed();
  o.trace = tb::run_options().trace;
  o.wave_file = tb::wave_path_for(tb::current_test_name());
  o.out_ready = out_ready;
  return o;
}

struct Result {
  RunStats stats;
  std::uint64_t hw_drops = 0;
};

Result run_case(const std::vector<golden::Packet>& pkts, const BenchOptions& o) {
  const auto& fw = firmware();
  const auto g = default_geometry(4);
  EngineBench<Vengine_t4> bench(g, o);
  bench.boot(fw);
  Scoreboard sb(fw.config, g.ports);
  Result r;
  r.stats = bench.run(pkts, sb);
  sb.finish(bench.read_counters());
  r.hw_drops = sb.hw_drops();
  const std::string where = fmt::format("seed {} cycle {}; repro: {}", o.seed, bench.sim().cycle(),
                                        tb::repro_command(o.seed, false));
  EXPECT_FALSE(r.stats.timed_out) << "no output for " << o.max_idle << " cycles; " << where;
  EXPECT_EQ(sb.mismatches(), 0U) << fmt::format("{}\n  {}", where, fmt::join(sb.errors(), "\n  "));
  if (r.hw_drops == 0) {
    EXPECT_EQ(sb.matched() + sb.golden_counters().dropped, pkts.size()) << where;
  }
  return r;
}

#if !defined(ENGINE_ONLY_RANDOM)
TEST(EngineSystem, SmokeDefaultMix) {
  const auto pkts = generated_traffic(firmware(), 300, tb::test_seed(), 4);
  const auto r = run_case(pkts, options());
  EXPECT_EQ(r.hw_drops, 0U);
}

TEST(EngineSystem, SlowOutputsBackpressure) {
  const auto pkts = generated_traffic(firmware(), 300, tb::test_seed() + 1, 4);
  run_case(pkts, options(0.3));
}

// Line-rate input without flow control: the packet buffer overflows and the ingress drops with
// buffer_full (0x85); each such drop must explain exactly one missing golden verdict.
TEST(EngineSystem, BufferFullAtLineRate) {
  const auto pkts = generated_traffic(firmware(), 300, tb::test_seed() + 3, 4);
  const auto r = run_case(pkts, options(1.0, false));
  EXPECT_GT(r.hw_drops, 0U) << "line-rate input should overflow the packet buffer";
}

TEST(EngineSystem, Ipv4Forwarding64) {
  const auto pkts = ipv4_64_traffic(firmware(), 400, tb::test_seed() + 2, 4);
  const auto r = run_case(pkts, options());
  EXPECT_EQ(r.hw_drops, 0U);
}

#endif  // !ENGINE_ONLY_RANDOM

#if ENGINE_RANDOM_SHARDS > 0
// 100 000 randomized packets in shards that ctest runs in parallel (seed = base seed + shard).
class EngineRandom : public ::testing::TestWithParam<int> {};
TEST_P(EngineRandom, DefaultMixShard) {
  const std::size_t n = ENGINE_RANDOM_PACKETS;
  const auto pkts = generated_traffic(firmware(), n, tb::test_seed() + 1000 + static_cast<unsigned>(GetParam()), 4);
  run_case(pkts, options());
}
INSTANTIATE_TEST_SUITE_P(Shards, EngineRandom, ::testing::Range(0, ENGINE_RANDOM_SHARDS));
#endif

#if !defined(ENGINE_ONLY_RANDOM)
// The captures of ../shared/pcaps, when present, each entering on port 0.
TEST(EngineSystem, SharedCaptures) {
  const char* dir = std::getenv("BATON_SHARED_DIR");
  if (dir == nullptr || !std::filesystem::is_directory(std::filesystem::path(dir) / "pcaps")) {
    GTEST_SKIP() << "BATON_SHARED_DIR/pcaps not present";
  }
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(std::filesystem::path(dir) / "pcaps")) {
    if (e.path().extension() == ".pcap") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  if (files.empty()) GTEST_SKIP() << "no .pcap files";
  for (const auto& f : files) {
    SCOPED_TRACE(f.string());
    std::vector<golden::Packet> pkts;
    try {
      pkts = pcap_traffic(f.string(), 0);
    } catch (const std::exception& e) {
      GTEST_SKIP() << e.what();
    }
    if (pkts.size() > 3000) pkts.resize(3000);
    run_case(pkts, options());
  }
}
#endif

}  // namespace
