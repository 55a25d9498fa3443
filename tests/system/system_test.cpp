// System tests of the integrated engine (4 tiles x 4 threads, reference firmware, reference
// configuration): pcap/generator traffic in, every packet's fate (identified through the
// observation port) compared with its golden verdict, per-flow order, independent checksums,
// counters over AXI4-Lite and the accounting invariant (docs/engine.md, "System testbench").
// Faults are failures here: no test in this file injects one.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <map>

#include <fmt/format.h>

#include "Vengine_t4.h"
#include "baton/engine/configs.hpp"
#include "baton/engine/engine_bench.hpp"
#include "baton/engine/setup.hpp"
#include "baton/net/flow.hpp"
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
  EXPECT_EQ(sb.pending(), 0U) << "packets without a fate; " << where;
  // Every packet's fate was matched one by one; count them again from the verdict list.
  std::size_t ok = 0;
  for (const auto& v : sb.verdicts()) ok += v.ok ? 1 : 0;
  EXPECT_EQ(ok, pkts.size()) << where;
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
// buffer_full (0x85); each such drop is the identified packet's fate, and only resource drops
// may stand in for a golden verdict.
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

// Configurations besides the reference one (tests/system/configs): without a default route
// (no_route reachable), two ports sharing a MAC with /30 and /126 subnets and the other two
// ports unconfigured, 14-byte minimum and 2048-byte maximum frames with a port lacking IPv4 and
// one lacking IPv6 and no default route, nested prefixes down to /32 and /128 with neighbours
// missing for some next hops. Each runs the uniform mix (every generator kind, malformed ones
// included).
class EngineConfigs : public ::testing::TestWithParam<const char*> {};
TEST_P(EngineConfigs, UniformMix) {
  const std::string name = GetParam();
  const std::string path = name == "reference" ? default_config_path()
                                               : std::string(BATON_SYSTEM_CONFIG_DIR) + "/" + name + ".json";
  const auto fw = load_firmware(default_image_prefix(), path);
  const auto pkts = uniform_traffic(fw, 400, tb::test_seed(), 4);
  const auto g = default_geometry(4);
  const auto o = options();
  EngineBench<Vengine_t4> bench(g, o);
  bench.boot(fw);
  Scoreboard sb(fw.config, g.ports);
  sb.allow_resource_drops(false);  // paced input: no resource may run out
  const auto st = bench.run(pkts, sb);
  sb.finish(bench.read_counters());
  const std::string where = fmt::format("config {} seed {} cycle {}; repro: {}", name, o.seed, bench.sim().cycle(),
                                        tb::repro_command(o.seed, false));
  EXPECT_FALSE(st.timed_out) << where;
  EXPECT_EQ(sb.mismatches(), 0U) << fmt::format("{}\n  {}", where, fmt::join(sb.errors(), "\n  "));
  EXPECT_EQ(sb.pending(), 0U) << where;
  // The configuration is exercised, not just loaded: every verdict kind occurs.
  const auto& gc = sb.golden_counters();
  EXPECT_GT(gc.forwarded, 0U) << where;
  EXPECT_GT(gc.dropped, 0U) << where;
  if (name == "no_default_route") {
    EXPECT_GT(gc.drops(golden::Drop::kIpv4NoRoute) + gc.drops(golden::Drop::kIpv6NoRoute), 0U) << where;
  }
}
INSTANTIATE_TEST_SUITE_P(Configs, EngineConfigs,
                         ::testing::Values("reference", "no_default_route", "two_ports_shared_mac",
                                           "short_frames_jumbo", "nested_routes"),
                         [](const auto& info) { return std::string(info.param); });

// Two-way sessions: flows repeat, so the order check within a flow compares real neighbours.
TEST(EngineSystem, SessionsBothWays) {
  const auto pkts = session_traffic(firmware(), 1500, tb::test_seed(), 4);
  const auto r = run_case(pkts, options());
  EXPECT_EQ(r.hw_drops, 0U);
}

// The order check fires on a real flow: two packets of one session direction are offered in
// swapped order, so the engine (correctly) sends the later one first.
TEST(EngineSystem, OrderCheckCatchesAReorderedFlow) {
  const auto& fw = firmware();
  const auto pkts = session_traffic(fw, 400, tb::test_seed(), 4);
  golden::Router router(fw.config);
  std::map<std::string, std::size_t> first_of_key;
  std::pair<std::size_t, std::size_t> pair{~std::size_t{0}, ~std::size_t{0}};
  for (std::size_t i = 0; i < pkts.size() && pair.first == ~std::size_t{0}; ++i) {
    if (router.process(pkts[i]).action != golden::Action::kForward) continue;
    const auto k = net::flow_key(pkts[i].frame);
    std::string key(1, static_cast<char>(pkts[i].port));
    key.append(k.input.begin(), k.input.end());
    if (auto [it, fresh] = first_of_key.try_emplace(key, i); !fresh) pair = {it->second, i};
  }
  ASSERT_NE(pair.first, ~std::size_t{0}) << "no flow with two forwarded packets";
  auto o = options();
  o.swap_offer = pair;
  const auto g = default_geometry(4);
  EngineBench<Vengine_t4> bench(g, o);
  bench.boot(fw);
  Scoreboard sb(fw.config, g.ports);
  bench.run(pkts, sb);
  sb.finish(bench.read_counters());
  ASSERT_EQ(sb.mismatches(), 1U) << fmt::format("{}", fmt::join(sb.errors(), "\n"));
  EXPECT_NE(sb.errors().front().find(fmt::format("packet {} left port", pair.first)), std::string::npos)
      << sb.errors().front();
  EXPECT_NE(sb.errors().front().find("reordered"), std::string::npos) << sb.errors().front();
}

#endif  // !ENGINE_ONLY_RANDOM

#if ENGINE_RANDOM_SHARDS > 0
// 100 000 randomized packets in shards that ctest runs in parallel (seed = base seed + shard):
// even shards the default mix, odd shards two-way sessions.
class EngineRandom : public ::testing::TestWithParam<int> {};
TEST_P(EngineRandom, DefaultMixShard) {
  const std::size_t n = ENGINE_RANDOM_PACKETS;
  const std::uint64_t seed = tb::test_seed() + 1000 + static_cast<unsigned>(GetParam());
  const auto pkts = GetParam() % 2 == 0 ? generated_traffic(firmware(), n, seed, 4)
                                        : session_traffic(firmware(), n, seed, 4);
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
