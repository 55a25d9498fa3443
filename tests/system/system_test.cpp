// SPDX-License-Identifier: Apache-2.0
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
#include "baton/env/engine/capture_setup.hpp"
#include "baton/env/engine/configs.hpp"
#include "baton/env/engine/engine_env.hpp"
#include "baton/env/engine/setup.hpp"
#include "baton/net/flow.hpp"
#include "baton/net/pcap.hpp"
#include "baton/tb/config.hpp"

namespace {

using namespace baton;
using namespace baton::env::engine;

EnvOptions options(double out_ready = 1.0, bool pace = true) {
  EnvOptions o = test_options();
  o.pace = pace;
  o.out_ready = out_ready;
  return o;
}

struct Result {
  RunStats stats;
  std::uint64_t hw_drops = 0;
};

Result run_case(const std::vector<golden::Packet>& pkts, const EnvOptions& o) {
  const auto& fw = reference_firmware();
  const auto g = default_geometry(4);
  EngineEnv<Vengine_t4> env(g, o);
  env.boot(fw);
  Scoreboard sb(fw.config, g.ports);
  Result r;
  r.stats = env.run(pkts, sb);
  sb.finish(env.read_counters());
  r.hw_drops = sb.hw_drops();
  const std::string where = fmt::format("seed {} cycle {}; repro: {}", o.seed, env.sim().cycle(),
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
  const auto pkts = generated_traffic(reference_firmware(), 300, tb::test_seed(), 4);
  const auto r = run_case(pkts, options());
  EXPECT_EQ(r.hw_drops, 0U);
}

TEST(EngineSystem, SlowOutputsBackpressure) {
  const auto pkts = generated_traffic(reference_firmware(), 300, tb::test_seed() + 1, 4);
  run_case(pkts, options(0.3));
}

// Line-rate input without flow control: the packet buffer overflows and the ingress drops with
// buffer_full (0x85); each such drop is the identified packet's fate, and only resource drops
// may stand in for a golden verdict.
TEST(EngineSystem, BufferFullAtLineRate) {
  const auto pkts = generated_traffic(reference_firmware(), 300, tb::test_seed() + 3, 4);
  const auto r = run_case(pkts, options(1.0, false));
  EXPECT_GT(r.hw_drops, 0U) << "line-rate input should overflow the packet buffer";
}

TEST(EngineSystem, Ipv4Forwarding64) {
  const auto pkts = ipv4_64_traffic(reference_firmware(), 400, tb::test_seed() + 2, 4);
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
  const std::string path = name == "reference"
                               ? default_config_path()
                               : std::string(BATON_SYSTEM_CONFIG_DIR) + "/" + name + ".json";
  const auto fw = load_firmware(default_image_prefix(), path);
  const auto pkts = uniform_traffic(fw, 400, tb::test_seed(), 4);
  const auto g = default_geometry(4);
  const auto o = options();
  EngineEnv<Vengine_t4> env(g, o);
  env.boot(fw);
  Scoreboard sb(fw.config, g.ports);
  sb.allow_resource_drops(false);  // paced input: no resource may run out
  const auto st = env.run(pkts, sb);
  sb.finish(env.read_counters());
  const std::string where = fmt::format("config {} seed {} cycle {}; repro: {}", name, o.seed,
                                        env.sim().cycle(), tb::repro_command(o.seed, false));
  EXPECT_FALSE(st.timed_out) << where;
  EXPECT_EQ(sb.mismatches(), 0U) << fmt::format("{}\n  {}", where, fmt::join(sb.errors(), "\n  "));
  EXPECT_EQ(sb.pending(), 0U) << where;
  // The configuration is exercised, not just loaded: every verdict kind occurs.
  const auto& gc = sb.golden_counters();
  EXPECT_GT(gc.forwarded, 0U) << where;
  EXPECT_GT(gc.dropped, 0U) << where;
  if (name == "no_default_route") {
    EXPECT_GT(gc.drops(golden::Drop::kIpv4NoRoute) + gc.drops(golden::Drop::kIpv6NoRoute), 0U)
        << where;
  }
}
INSTANTIATE_TEST_SUITE_P(Configs, EngineConfigs,
                         ::testing::Values("reference", "no_default_route", "two_ports_shared_mac",
                                           "short_frames_jumbo", "nested_routes"),
                         [](const auto& info) { return std::string(info.param); });

// Two-way sessions: flows repeat, so the order check within a flow compares real neighbours.
TEST(EngineSystem, SessionsBothWays) {
  const auto pkts = session_traffic(reference_firmware(), 1500, tb::test_seed(), 4);
  const auto r = run_case(pkts, options());
  EXPECT_EQ(r.hw_drops, 0U);
}

// The order check fires on a real flow: two packets of one session direction are offered in
// swapped order, so the engine (correctly) sends the later one first.
TEST(EngineSystem, OrderCheckCatchesAReorderedFlow) {
  const auto& fw = reference_firmware();
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
  EngineEnv<Vengine_t4> env(g, o);
  env.boot(fw);
  Scoreboard sb(fw.config, g.ports);
  env.run(pkts, sb);
  sb.finish(env.read_counters());
  ASSERT_EQ(sb.mismatches(), 1U) << fmt::format("{}", fmt::join(sb.errors(), "\n"));
  EXPECT_NE(sb.errors().front().find(fmt::format("packet {} left port", pair.first)),
            std::string::npos)
      << sb.errors().front();
  EXPECT_NE(sb.errors().front().find("reordered"), std::string::npos) << sb.errors().front();
}

#endif  // !ENGINE_ONLY_RANDOM

#if ENGINE_RANDOM_SHARDS > 0
#ifndef ENGINE_RANDOM_SEED_BASE
#define ENGINE_RANDOM_SEED_BASE 1000
#endif
// 100 000 randomized packets in shards that ctest runs in parallel (seed = base seed + shard):
// even shards the default mix, odd shards two-way sessions.
class EngineRandom : public ::testing::TestWithParam<int> {};
TEST_P(EngineRandom, DefaultMixShard) {
  const std::size_t n = ENGINE_RANDOM_PACKETS;
  const std::uint64_t seed =
      tb::test_seed() + ENGINE_RANDOM_SEED_BASE + static_cast<unsigned>(GetParam());
  const auto pkts = GetParam() % 2 == 0 ? generated_traffic(reference_firmware(), n, seed, 4)
                                        : session_traffic(reference_firmware(), n, seed, 4);
  run_case(pkts, options());
}
INSTANTIATE_TEST_SUITE_P(Shards, EngineRandom, ::testing::Range(0, ENGINE_RANDOM_SHARDS));
#endif

#if !defined(ENGINE_ONLY_RANDOM)
// Every capture under ../shared/pcaps (recursively), when present, with a configuration derived
// from its addresses (capture_setup: one port per MAC, host routes, ARP targets answered) and
// frames padded to 60 bytes as the sending NIC would: each packet's fate against its golden
// verdict. An unreadable capture fails. Captures made to be malformed (or of traffic no router
// forwards) must drop a frame with the named reason; every other capture must have at least half
// of its frames forwarded, answered or sent to the host.
TEST(EngineSystem, SharedCaptures) {
  const char* dir = std::getenv("BATON_SHARED_DIR");
  if (dir == nullptr || !std::filesystem::is_directory(std::filesystem::path(dir) / "pcaps")) {
    GTEST_SKIP() << "BATON_SHARED_DIR/pcaps not present";
  }
  const auto root = std::filesystem::path(dir) / "pcaps";
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::recursive_directory_iterator(root)) {
    const auto ext = e.path().extension();
    if (e.is_regular_file() && (ext == ".pcap" || ext == ".pcapng")) files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  ASSERT_FALSE(files.empty()) << "no capture under " << root;
  // Captures whose point is one malformed frame, and the reason it must be dropped with; and
  // frames made with a packet tool (source MAC 0, broadcast destination MAC, 127.0.0.1) that no
  // router forwards as captured.
  const std::map<std::string, golden::Drop> malformed = {
      {"bad-ip4-total-length.pcap", golden::Drop::kIpv4LengthBeyondFrame},
      {"bad-ip6-payload-length.pcap", golden::Drop::kIpv6LengthBeyondFrame},
      {"trunc-tcp-rst-data.pcap", golden::Drop::kIpv4LengthBeyondFrame},
      {"ip4-bad-chksum.pcap", golden::Drop::kIpv4BadChecksum},
      {"ip4-tcp-bad-chksum.pcap", golden::Drop::kIpv4MartianSource},
      {"ip4-tcp-good-chksum.pcap", golden::Drop::kIpv4MartianSource},
      {"ip4-udp-bad-chksum.pcap", golden::Drop::kIpv4MartianSource},
      {"ip6-icmp6-bad-chksum.pcap", golden::Drop::kIpv6L2MulticastNotRouted},
      {"ip6-tcp-bad-chksum.pcap", golden::Drop::kIpv6L2MulticastNotRouted},
      {"ip6-udp-bad-chksum.pcap", golden::Drop::kIpv6L2MulticastNotRouted},
      {"ip6-udp-good-chksum.pcap", golden::Drop::kIpv6L2MulticastNotRouted},
      // Two IPv4 multicast and two broadcast UDP datagrams (not routed, FS3) and one ARP.
      {"qinq-udp-arp.pcap", golden::Drop::kIpv4MulticastNotRouted}};
  const auto g = default_geometry(4);
  std::size_t total = 0, passed_l2 = 0;
  for (const auto& f : files) {
    const std::string name = std::filesystem::relative(f, root).string();
    SCOPED_TRACE(name);
    net::PcapFile cap;
    try {
      cap = net::read_pcap(f.string());
    } catch (const std::exception& e) {
      ADD_FAILURE() << "unreadable capture: " << e.what();
      continue;
    }
    const auto setup = capture_setup(cap, g.ports, true);
    Firmware fw;
    try {
      fw = load_firmware_text(default_image_prefix(), setup.config_json,
                              name + " (derived configuration)");
    } catch (const std::exception& e) {
      ADD_FAILURE() << e.what() << "\n" << setup.config_json;
      continue;
    }
    const auto o = options();
    EngineEnv<Vengine_t4> env(g, o);
    env.boot(fw);
    Scoreboard sb(fw.config, g.ports);
    sb.allow_resource_drops(false);
    const auto st = env.run(setup.packets, sb);
    sb.finish(env.read_counters());
    EXPECT_FALSE(st.timed_out);
    EXPECT_EQ(sb.mismatches(), 0U)
        << fmt::format("{}\n{}", fmt::join(sb.errors(), "\n"), setup.config_json);
    std::size_t useful = 0;
    std::map<unsigned, std::size_t> drops;
    for (const auto& v : sb.verdicts()) {
      if (v.fate == Fate::kDropped)
        ++drops[v.reason];
      else
        ++useful;
    }
    total += setup.packets.size();
    passed_l2 += useful;
    std::string drop_list;
    for (const auto& [r, n] : drops) drop_list += fmt::format(" {:#04x}x{}", r, n);
    fmt::print("{}: {} frames, {} forwarded/answered/to host, drops:{}\n", name,
               setup.packets.size(), useful, drop_list.empty() ? " none" : drop_list);
    const auto base = f.filename().string();
    if (auto m = malformed.find(base); m != malformed.end()) {
      EXPECT_GE(drops[static_cast<unsigned>(m->second)], 1U)
          << "the malformed frame was not dropped as expected";
    } else {
      EXPECT_GE(2 * useful, setup.packets.size())
          << "most frames should be forwarded, answered or sent to the host\n"
          << setup.config_json;
    }
  }
  fmt::print("captures: {} files, {} frames, {} forwarded/answered/to host\n", files.size(), total,
             passed_l2);
}
#endif

}  // namespace
