// SPDX-License-Identifier: Apache-2.0
// The stateful firewall with more than 64 K concurrent connections (issue: a scale run with at
// least 64 K), on the RTL engine with a 131 080-entry flow table (engine_t4_fs128k) and the
// firewall image: 66 000 TCP connections from the inside ports set up (SYN, SYN-ACK, ACK), then
// one established segment each way; every packet's verdict against the golden router fed in
// arrival order, and at the end all 66 000 alive at once, in the golden model and in the engine's
// table (its in-use count), with no refusal (full, busy) by the lookup.
// Label slow: about 20 minutes; its fixture builds the 128 K-table engine first.
#include <gtest/gtest.h>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <nlohmann/json.hpp>

#include "Vengine_t4_fs128k.h"
#include "baton/env/engine/configs.hpp"
#include "baton/env/engine/engine_env.hpp"
#include "baton/env/engine/firewall.hpp"
#include "baton/env/engine/setup.hpp"

namespace {

using namespace baton::env::engine;
namespace golden = baton::golden;

constexpr unsigned kPorts = 4;
constexpr std::size_t kConnections = 66000;
enum Counter : unsigned { kFull = 4, kBusy = 5, kUsed = 16 };

// Nothing expires during the run: the connections stay established together.
const std::string kLongTimeouts = R"({"tcp_syn_sent": 500000000, "tcp_syn_recv": 500000000,
  "tcp_established": 500000000})";

TEST(FirewallScale, MoreThan64KConnections) {
  auto opt = test_options();
  SCOPED_TRACE(
      fmt::format("seed {} (repro: BATON_SEED={} engine_firewall_scale_test)", opt.seed, opt.seed));
  // max_connections: the table's size (the default, 65 536, would refuse the last 464).
  auto j = nlohmann::json::parse(with_firewall(read_text_file(default_config_path()), kLongTimeouts));
  j["firewall"]["max_connections"] = 131080;
  const std::string cfg = j.dump();
  const Firmware fw =
      load_firmware_text(firewall_image_prefix(), cfg, "reference configuration with the firewall");
  TcpConnections conns(cfg, kConnections, opt.seed);
  const std::vector<std::vector<golden::Packet>> phases{conns.syn(), conns.syn_ack(), conns.ack(),
                                                        conns.established(2 * kConnections)};
  // The golden verdicts: phase after phase (packets of one phase belong to different connections).
  std::vector<golden::Packet> all;
  std::vector<std::uint64_t> at;
  for (const auto& ph : phases) {
    for (const auto& p : ph) {
      all.push_back(p);
      at.push_back(at.size());
    }
  }
  golden::FirewallCounters fwc;
  std::array<std::uint64_t, golden::kConnStates> live{};
  const auto planned = firewall_verdicts(fw.config, all, at, &fwc, &live);
  ASSERT_EQ(fwc.created, kConnections);
  ASSERT_EQ(live[static_cast<std::size_t>(golden::ConnState::kEstablished)], kConnections);

  EngineEnv<Vengine_t4_fs128k> env(default_geometry(4), opt);
  env.boot(fw);
  std::size_t base = 0;
  std::uint64_t cycles = 0;
  for (std::size_t k = 0; k < phases.size(); ++k) {
    const auto& ph = phases[k];
    Scoreboard sb(fw.config, kPorts);
    sb.preset_verdicts({planned.begin() + static_cast<std::ptrdiff_t>(base),
                        planned.begin() + static_cast<std::ptrdiff_t>(base + ph.size())});
    sb.allow_resource_drops(false);
    const auto before = env.read_counters();
    const auto st = env.run(ph, sb);
    ASSERT_FALSE(st.timed_out) << "phase " << k << ": timed out at cycle " << env.sim().cycle();
    sb.finish(counters_since(env.read_counters(), before));
    EXPECT_EQ(sb.mismatches(), 0U)
        << "phase " << k << ":\n  "
        << fmt::format("{}", fmt::join(sb.errors().begin(),
                                       sb.errors().begin() +
                                           std::min<std::ptrdiff_t>(
                                               10, static_cast<std::ptrdiff_t>(sb.errors().size())),
                                       "\n  "));
    EXPECT_EQ(sb.pending(), 0U) << "phase " << k;
    base += ph.size();
    cycles += st.cycles;
  }
  const auto cnt = [&env](unsigned c) { return env.reg_read(csr::flow_counter(c)); };
  EXPECT_EQ(cnt(kUsed), kConnections) << "entries in use: one per connection";
  EXPECT_EQ(cnt(kFull), 0U);
  EXPECT_EQ(cnt(kBusy), 0U);
  std::printf(
      "%zu connections set up and established, %zu packets in %llu cycles; %u table entries in "
      "use\n",
      kConnections, all.size(), static_cast<unsigned long long>(cycles), cnt(kUsed));
}

}  // namespace
