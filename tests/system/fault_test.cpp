// SPDX-License-Identifier: Apache-2.0
// Faults and overload at engine level. A test build of the reference firmware (router_faults:
// classify.c with FW_FAULT_INJECT) faults on purpose on frames with EtherType 0x88b5, the kind
// chosen by the first payload byte; among normal traffic only those packets may drop, each with
// its fault's reason, and every other packet must match the golden model. The overload test
// fills every packet slot and the CM's admission at line rate with slow outputs and checks that
// the engine drains without a hang and every packet's fate is its golden verdict or buffer_full.
#include <gtest/gtest.h>

#include <map>

#include <fmt/format.h>

#include "Vengine_t4.h"
#include "baton/env/engine/configs.hpp"
#include "baton/env/engine/engine_env.hpp"
#include "baton/env/engine/setup.hpp"
#include "baton/tb/config.hpp"
#include "baton/tb/rng.hpp"

namespace {

using namespace baton;
using namespace baton::env::engine;

EnvOptions options() {
  return test_options();
}

std::string where(const EnvOptions& o, std::uint64_t cycle) {
  return fmt::format("seed {} cycle {}; repro: {}", o.seed, cycle, tb::repro_command(o.seed, false));
}

// The fault each selector byte provokes (classify.c, fw_fault_inject).
constexpr std::array<unsigned, 5> kFaultReason = {0x80, 0x81, 0x82, 0x83, 0x84};
constexpr std::array<const char*, 5> kFaultName = {"illegal instruction", "misaligned load", "access outside the windows",
                                                   "watchdog", "migration to a missing partition"};

TEST(EngineFaults, OnlyTheFaultingPacketsDrop) {
  const auto fw = load_firmware(default_image_prefix() + "_faults", default_config_path());
  const auto o = options();
  auto pkts = generated_traffic(fw, 600, o.seed, 4);
  // 8 packets of each fault kind at random places, on random ports.
  tb::Rng rng(o.seed ^ 0xfa17);
  std::map<std::size_t, unsigned> injected;  // packet index -> fault kind
  std::vector<std::pair<std::size_t, golden::Packet>> faults;
  for (unsigned k = 0; k < kFaultReason.size(); ++k) {
    for (int n = 0; n < 8; ++n) {
      golden::Packet p;
      p.frame.assign(64, 0);
      for (int b = 0; b < 6; ++b) p.frame[b] = 0xff;
      p.frame[6] = 0x02;
      p.frame[11] = static_cast<std::uint8_t>(n);
      p.frame[12] = 0x88;
      p.frame[13] = 0xb5;
      p.frame[14] = static_cast<std::uint8_t>(k);
      p.port = static_cast<std::uint8_t>(rng.range(0, 3));
      faults.emplace_back(rng.range(0, pkts.size()), p);
    }
  }
  std::sort(faults.begin(), faults.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  for (const auto& [at, p] : faults) pkts.insert(pkts.begin() + static_cast<long>(at), p);
  for (std::size_t i = 0; i < pkts.size(); ++i) {
    if (pkts[i].frame.size() == 64 && pkts[i].frame[12] == 0x88 && pkts[i].frame[13] == 0xb5) {
      injected[i] = pkts[i].frame[14];
    }
  }
  ASSERT_EQ(injected.size(), 40U);

  const auto g = default_geometry(4);
  EngineEnv<Vengine_t4> env(g, o);
  env.boot(fw);
  Scoreboard sb(fw.config, g.ports);
  for (const auto& [i, k] : injected) sb.allow_fault(i, kFaultReason[k]);
  const auto st = env.run(pkts, sb);
  sb.finish(env.read_counters());
  const auto w = where(o, env.sim().cycle());
  EXPECT_FALSE(st.timed_out) << w;
  EXPECT_EQ(sb.mismatches(), 0U) << fmt::format("{}\n  {}", w, fmt::join(sb.errors(), "\n  "));
  EXPECT_EQ(sb.pending(), 0U) << w;
  // Each injected packet dropped with exactly its fault; no other packet faulted.
  std::array<unsigned, 5> seen{};
  for (const auto& v : sb.verdicts()) {
    const auto it = injected.find(v.index);
    if (it == injected.end()) {
      EXPECT_FALSE(v.fate == Fate::kDropped && v.reason >= 0x80 && v.reason <= 0x84)
          << "packet " << v.index << " faulted without injection; " << w;
      continue;
    }
    EXPECT_EQ(v.fate, Fate::kDropped) << "packet " << v.index << " (" << kFaultName[it->second] << "); " << w;
    EXPECT_EQ(v.reason, kFaultReason[it->second])
        << "packet " << v.index << " (" << kFaultName[it->second] << "); " << w;
    if (v.fate == Fate::kDropped && v.reason == kFaultReason[it->second]) ++seen[it->second];
  }
  for (unsigned k = 0; k < seen.size(); ++k) EXPECT_EQ(seen[k], 8U) << kFaultName[k];
}

// The reference image has no fault hook: the same 0x88b5 frames are golden drops (unsupported
// EtherType), so the test above depends on the test image, not on a fault the RTL invents.
TEST(EngineFaults, ReferenceImageDoesNotFault) {
  const auto fw = load_firmware(default_image_prefix(), default_config_path());
  const auto o = options();
  std::vector<golden::Packet> pkts;
  for (unsigned k = 0; k < 5; ++k) {
    golden::Packet p;
    p.frame.assign(64, 0);
    for (int b = 0; b < 6; ++b) p.frame[b] = 0xff;
    p.frame[6] = 0x02;
    p.frame[12] = 0x88;
    p.frame[13] = 0xb5;
    p.frame[14] = static_cast<std::uint8_t>(k);
    pkts.push_back(p);
  }
  const auto g = default_geometry(4);
  EngineEnv<Vengine_t4> env(g, o);
  env.boot(fw);
  Scoreboard sb(fw.config, g.ports);
  env.run(pkts, sb);
  sb.finish(env.read_counters());
  EXPECT_EQ(sb.mismatches(), 0U) << fmt::format("{}", fmt::join(sb.errors(), "\n"));
  for (const auto& v : sb.verdicts()) EXPECT_EQ(v.reason, 0x05U) << v.index;
}

// Every packet slot taken and the CM's admission full: 64-byte frames at line rate on all ports
// (about ten times what the tiles process) fill the CM first, outputs ready 5 % of cycles then
// fill the packet buffer. The ingress drops what does not fit (buffer_full, for the identified
// packet), the dispatcher waits for admission; the run must drain with every fate matched.
// (Short frames: with the default mix, large frames hold slots in the ingress and the egress long
// enough that, since the hand-off became cheap, fewer than Capacity contexts are alive in some
// seeds.)
TEST(EngineOverload, EverySlotAndQueueFullDrainsWithoutAHang) {
  const auto fw = load_firmware(default_image_prefix(), default_config_path());
  auto o = options();
  o.pace = false;
  o.out_ready = 0.05;
  const auto pkts = ipv4_64_traffic(fw, 800, o.seed, 4);
  const auto g = default_geometry(4);
  EngineEnv<Vengine_t4> env(g, o);
  env.boot(fw);
  env.reg_write(csr::kTopClear, 1);
  Scoreboard sb(fw.config, g.ports);
  std::uint64_t min_free = g.slots;
  env.sim().on_sample([&] { min_free = std::min<std::uint64_t>(min_free, env.dut().free_slots_o); });
  const auto st = env.run(pkts, sb);
  const auto hw = env.read_counters();
  sb.finish(hw);
  const auto es = env.read_stats();
  const auto w = where(o, env.sim().cycle());
  EXPECT_FALSE(st.timed_out) << w;
  EXPECT_EQ(sb.mismatches(), 0U) << fmt::format("{}\n  {}", w, fmt::join(sb.errors(), "\n  "));
  EXPECT_EQ(sb.pending(), 0U) << w;
  EXPECT_EQ(min_free, 0U) << "every packet slot should have been taken at some point; " << w;
  EXPECT_GT(hw.drop[kDropBufferFull], 0U) << w;
  EXPECT_GT(es.cm_admit_stall, 0U) << "the CM's admission should have been full; " << w;
  fmt::print("overload: {} packets, {} buffer_full drops, {} admission-stall cycles, {} cycles\n", pkts.size(),
             hw.drop[kDropBufferFull], es.cm_admit_stall, st.cycles);
}

}  // namespace
