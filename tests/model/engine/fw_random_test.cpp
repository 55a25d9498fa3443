// SPDX-License-Identifier: Apache-2.0
// Randomized traffic (tb/net generator: ARP, IPv4, IPv6, ICMP, TCP, UDP, VLAN, fragments,
// malformed headers, runts, oversize, tuser errors, 60..1518 bytes) through the reference
// firmware on the ISS engine model, compared with the golden model. Default suite: 4 seeds x
// 2500 packets (reference config) + 2 x 1000 (directed config); the slow build: 100 000.
#include <gtest/gtest.h>

#include "baton/net/traffic.hpp"
#include "baton/tb/config.hpp"
#include "fw_test_util.hpp"

namespace {

using namespace baton;

#ifdef BATON_FW_RANDOM_SLOW
constexpr std::size_t kScale = 10;
#else
constexpr std::size_t kScale = 1;
#endif

void run_random(const std::string& cfg_text, std::uint64_t seed, std::size_t n, net::TrafficMix mix,
                model::engine::EngineConfig ec = {}) {
  auto profile = net::TrafficProfile::from_config_text(cfg_text);
  profile.mix = mix;
  net::TrafficGenerator gen(profile, seed);
  std::vector<golden::Packet> pkts;
  for (std::size_t i = 0; i < n; ++i) {
    auto p = gen.next();
    pkts.push_back({std::move(p.frame), p.port, p.tuser});
  }
  const auto r = fw_test::run_compare(cfg_text, pkts, seed, ec);
  EXPECT_EQ(r.failures, 0U) << "seed " << seed;
}

TEST(FwRandom, ReferenceStandardMix) {
  BATON_NEED_FIRMWARE();
  const auto cfg = fw_test::read_text(model_test::reference_config_path());
  const std::uint64_t base = tb::test_seed();
  for (std::uint64_t s = 0; s < 4; ++s) run_random(cfg, base + s, 2500 * kScale, net::TrafficMix::standard());
}

TEST(FwRandom, ReferenceUniformMixFourTiles) {
  BATON_NEED_FIRMWARE();
  const auto cfg = fw_test::read_text(model_test::reference_config_path());
  model::engine::EngineConfig ec;
  ec.tiles = 4;
  ec.threads = 8;
  ec.slots = 256;
  run_random(cfg, tb::test_seed(), 2500 * kScale, net::TrafficMix::uniform(), ec);
}

TEST(FwRandom, DirectedConfigUniformMix) {
  BATON_NEED_FIRMWARE();
  const std::uint64_t base = tb::test_seed();
  for (std::uint64_t s = 0; s < 2; ++s)
    run_random(model_test::kDirectedConfig, base + s, 1000 * kScale, net::TrafficMix::uniform());
}

}  // namespace

// ---- The shared real captures (BATON_SHARED_DIR/pcaps; skipped when absent) -----------------
#include "capture_util.hpp"
#include "baton/net/pcap.hpp"

namespace {

TEST(FwCaptures, EveryCaptureMatchesGolden) {
  BATON_NEED_FIRMWARE();
  const auto dir = model_test::shared_pcaps();
  if (!dir) GTEST_SKIP() << "BATON_SHARED_DIR/pcaps not present: shared captures skipped";
  std::size_t frames = 0;
  for (const auto& c : model_test::captures(*dir)) {
    const auto f = net::read_pcap(c.pcap.string());
    const auto [macs, ports] = model_test::replay_ports(f);
    std::vector<golden::Packet> pkts;
    for (std::size_t i = 0; i < f.records.size(); ++i) pkts.push_back({f.records[i].data, ports[i], false});
    SCOPED_TRACE(c.name);
    const auto r = fw_test::run_compare(model_test::replay_config(macs), pkts, 0);
    EXPECT_EQ(r.failures, 0U) << c.name;
    frames += pkts.size();
  }
  EXPECT_GE(frames, 90U);  // 24 captures, about 100 frames
}

}  // namespace

// ---- Random configurations: ports with and without addresses, link-local first, random routes
// ---- (with and without next hops and neighbours), default routes or none.
#include <random>

#include <nlohmann/json.hpp>

namespace {

std::string random_config(std::mt19937_64& rng) {
  using nlohmann::json;
  auto pick = [&](unsigned n) { return static_cast<unsigned>(rng() % n); };
  json j;
  const unsigned ports = 1 + pick(6);
  std::vector<unsigned> numbers;
  for (unsigned i = 0; i < ports; ++i) {
    const unsigned port = i * 2 + pick(2);  // gaps leave unconfigured ports
    numbers.push_back(port);
    json p = {{"port", port}, {"mac", fmt::format("02:00:00:00:{:02x}:{:02x}", pick(4), port)}};
    if (pick(4) != 0) {
      p["ipv4"] = json::array();
      for (unsigned k = 0, n = 1 + pick(3); k < n; ++k)
        p["ipv4"].push_back(fmt::format("10.{}.{}.1/{}", port, k, 24 + pick(2) * 8));
    }
    if (pick(4) != 0) {
      p["ipv6"] = json::array();
      if (pick(2)) p["ipv6"].push_back(fmt::format("fe80::{:x}/64", port + 1));
      for (unsigned k = 0, n = pick(3); k < n; ++k) p["ipv6"].push_back(fmt::format("2001:db8:{:x}:{:x}::1/64", port, k));
    }
    j["ports"].push_back(p);
  }
  j["routes_ipv4"] = json::array();
  j["routes_ipv6"] = json::array();
  j["neighbours"] = json::array();
  std::set<std::string> seen;
  for (unsigned r = 0, n = pick(12); r < n; ++r) {
    const unsigned len = 8 + pick(25);
    const std::uint32_t a = (0xac000000U | static_cast<std::uint32_t>(rng() & 0x00ffffffU)) & (~0U << (32 - len));
    const std::string prefix = fmt::format("{}.{}.{}.{}/{}", a >> 24, (a >> 16) & 255, (a >> 8) & 255, a & 255, len);
    if (!seen.insert(prefix).second) continue;
    const unsigned port = numbers[pick(ports)];
    json route = {{"prefix", prefix}, {"port", port}};
    if (pick(3)) route["next_hop"] = fmt::format("10.{}.0.{}", port, 100 + pick(3));
    j["routes_ipv4"].push_back(route);
  }
  if (pick(2)) j["routes_ipv4"].push_back({{"prefix", "0.0.0.0/0"}, {"port", numbers[0]}, {"next_hop", fmt::format("10.{}.0.100", numbers[0])}});
  for (unsigned r = 0, n = pick(6); r < n; ++r) {
    const std::string prefix = fmt::format("2001:db8:{:x}00::/{}", 16 + r, pick(2) ? 40 : 48);
    const unsigned port = numbers[pick(ports)];
    json route = {{"prefix", prefix}, {"port", port}};
    if (pick(3)) route["next_hop"] = fmt::format("2001:db8:{:x}:0::{:x}", port, 100 + pick(3));
    if (seen.insert(prefix).second) j["routes_ipv6"].push_back(route);
  }
  if (pick(2)) j["routes_ipv6"].push_back({{"prefix", "::/0"}, {"port", numbers[0]}, {"next_hop", fmt::format("2001:db8:{:x}:0::100", numbers[0])}});
  for (unsigned port : numbers) {
    for (unsigned h = 100; h < 103; ++h) {
      if (pick(3) == 0) continue;
      j["neighbours"].push_back({{"ip", fmt::format("10.{}.0.{}", port, h)}, {"mac", fmt::format("02:01:00:00:{:02x}:{:02x}", port, h)}});
      j["neighbours"].push_back({{"ip", fmt::format("2001:db8:{:x}:0::{:x}", port, h)}, {"mac", fmt::format("02:02:00:00:{:02x}:{:02x}", port, h)}});
    }
  }
  return j.dump();
}

TEST(FwRandom, RandomConfigurations) {
  BATON_NEED_FIRMWARE();
  std::mt19937_64 rng(tb::test_seed());
  int ran = 0;
  for (int round = 0; round < 8; ++round) {
    const std::string cfg = random_config(rng);
    std::string golden_error;
    try {
      golden::parse_config(cfg);
    } catch (const std::exception& e) {
      golden_error = e.what();
    }
    EXPECT_EQ(golden_error, "");
    if (!golden_error.empty()) continue;
    SCOPED_TRACE(cfg);
    run_random(cfg, rng(), 400 * kScale, round % 2 ? net::TrafficMix::uniform() : net::TrafficMix::standard());
    ++ran;
  }
  EXPECT_GE(ran, 4);
}

}  // namespace
