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
                engine::EngineConfig ec = {}) {
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
  engine::EngineConfig ec;
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
