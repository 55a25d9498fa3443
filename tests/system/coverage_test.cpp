// SPDX-License-Identifier: Apache-2.0
// Functional coverage of the engine system test (docs/verification.md, "Coverage"): the default
// engine runs the reference firmware on the default mix, the uniform mix (every generator kind,
// malformed ones included), two-way sessions, slow outputs and line-rate input; every packet's
// fate is checked against the golden model as in system_test.cpp, and SystemCoverage counts the
// bins. The table and the holes are printed; the bins this traffic must hit are asserted, so a
// generator that stops producing a kind fails here.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include "Vengine_t4.h"
#include "baton/env/engine/configs.hpp"
#include "baton/env/engine/coverage.hpp"
#include "baton/env/engine/engine_env.hpp"
#include "baton/env/engine/setup.hpp"
#include "baton/tb/config.hpp"

namespace {

using namespace baton;
using namespace baton::env::engine;

SystemCoverage::Shape shape() {
  const auto& fw = reference_firmware();
  SystemCoverage::Shape s;
  s.ports = default_geometry(4).ports;
  s.min_frame = fw.config.min_frame;
  s.max_frame = fw.config.max_frame;
  return s;
}

// One run through the environment, checked like system_test.cpp's run_case(); returns its coverage.
SystemCoverage run(const std::string& what, const Firmware& fw,
                   const std::vector<golden::Packet>& pkts, double out_ready = 1.0,
                   bool pace = true) {
  const auto g = default_geometry(4);
  EnvOptions o;
  o.seed = tb::test_seed();
  o.trace = tb::run_options().trace;
  o.wave_file = tb::wave_path_for(tb::current_test_name() + "." + what);
  o.out_ready = out_ready;
  o.pace = pace;
  EngineEnv<Vengine_t4> env(g, o);
  env.boot(fw);
  Scoreboard sb(fw.config, g.ports);
  sb.allow_resource_drops(!pace);  // paced input: no resource may run out
  const RunStats st = env.run(pkts, sb);
  sb.finish(env.read_counters());
  const std::string where = fmt::format("{}: seed {} cycle {}; repro: {}", what, o.seed,
                                        env.sim().cycle(), tb::repro_command(o.seed, false));
  EXPECT_FALSE(st.timed_out) << where;
  EXPECT_EQ(sb.mismatches(), 0U) << fmt::format("{}\n  {}", where, fmt::join(sb.errors(), "\n  "));
  EXPECT_EQ(sb.pending(), 0U) << where;

  SystemCoverage cov(shape());
  std::vector<golden::Verdict> gold;
  gold.reserve(pkts.size());
  for (std::size_t i = 0; i < pkts.size(); ++i) gold.push_back(sb.verdict(i));
  cov.sample(pkts, gold, sb.verdicts());
  for (const auto& q : env.read_stats().queues) cov.sample_queue(q.hwm);
  fmt::print("[coverage] {}: {} packets, {} cycles, {} of {} bins\n", what, pkts.size(), st.cycles,
             cov.covered(), cov.bins().size());
  return cov;
}

Firmware config_firmware(const std::string& name) {
  return load_firmware(default_image_prefix(),
                       std::string(BATON_SYSTEM_CONFIG_DIR) + "/" + name + ".json");
}

// Firmware drop reasons the traffic below gives: the uniform mix on the reference configuration
// (each 60..110 times in 2500 packets for seeds 1..3 in the golden model), the multicast ones
// (0x27, 0x28; the default and uniform mixes give 20..40 together), and what 800 uniform packets
// on other configurations add (each at least 6 times for seeds 1..3 scaled from 400): no route
// and no neighbour (0x2a, 0x2b, 0x48, 0x49; no default route, nested routes), truncated L2 and
// IPv4 headers and expired TTL / hop limit without an ICMP error (0x03, 0x20, 0x2c, 0x4a; 14-byte
// minimum frames), and a port without addresses (0x01). The other reasons of section 9 are
// holes of this traffic, listed with their reasons in docs/verification.md.
constexpr unsigned kMixReasons[] = {0x01, 0x02, 0x03, 0x04, 0x05, 0x10, 0x11, 0x12, 0x20,
                                    0x21, 0x22, 0x24, 0x25, 0x27, 0x28, 0x2a, 0x2b, 0x2c,
                                    0x2e, 0x41, 0x42, 0x48, 0x49, 0x4a, 0x4c};

TEST(EngineCoverage, SystemBins) {
  const auto& fw = reference_firmware();
  const std::uint64_t seed = tb::test_seed();
  SystemCoverage cov(shape());
  cov.merge(run("default", fw, generated_traffic(fw, 2500, seed, 4)));
  cov.merge(run("uniform", fw, uniform_traffic(fw, 2500, seed + 1, 4)));
  cov.merge(run("sessions", fw, session_traffic(fw, 1000, seed + 2, 4)));
  cov.merge(run("slow_outputs", fw, generated_traffic(fw, 500, seed + 3, 4), 0.3));
  cov.merge(run("line_rate", fw, generated_traffic(fw, 300, seed + 4, 4), 1.0, false));
  // Other configurations of tests/system/configs (size bands stay those of the reference limits).
  for (const char* name : {"no_default_route", "nested_routes", "short_frames_jumbo"}) {
    const auto other = config_firmware(name);
    cov.merge(run(name, other, uniform_traffic(other, 800, seed + 5, 4)));
  }
  // Ports 2 and 3 have no addresses there: every tenth packet enters on one of them.
  const auto shared = config_firmware("two_ports_shared_mac");
  auto pkts = uniform_traffic(shared, 400, seed + 6, 4);
  for (std::size_t i = 0; i < pkts.size(); i += 10)
    pkts[i].port = static_cast<std::uint8_t>(2 + (i / 10) % 2);
  cov.merge(run("unconfigured_ports", shared, pkts));
  fmt::print("{}", cov.table());

  for (const unsigned code : kMixReasons) {
    EXPECT_GT(cov.hits("drop", SystemCoverage::drop_bin(code)), 0U)
        << SystemCoverage::drop_bin(code);
  }
  // The hardware drops the ingress must raise: runt, oversize, MAC error; buffer_full at line rate.
  for (const unsigned code : {0x85U, 0x87U, 0x88U, 0x89U}) {
    EXPECT_GT(cov.hits("drop", SystemCoverage::drop_bin(code)), 0U)
        << SystemCoverage::drop_bin(code);
  }
  for (const auto& b : cov.group("vlan")) EXPECT_GT(b.hits, 0U) << "vlan " << b.name;
  for (const auto& b : cov.group("reply")) EXPECT_GT(b.hits, 0U) << "reply " << b.name;
  for (const auto& b : cov.group("action")) EXPECT_GT(b.hits, 0U) << "action " << b.name;
  // Every size band but 1519..max_frame: the generator makes no legal frame above 1518 bytes
  // (a hole, docs/verification.md).
  for (const auto& b : cov.group("size")) {
    if (!b.name.starts_with("1519-")) {
      EXPECT_GT(b.hits, 0U) << "size " << b.name;
    }
  }
  // Every kind but IPv6 with another next header and frames shorter than an Ethernet header
  // (the generator makes neither; holes).
  for (const auto& b : cov.group("kind")) {
    if (b.name != "ipv6_other" && b.name != "no_ethernet") {
      EXPECT_GT(b.hits, 0U) << "kind " << b.name;
    }
  }
  for (const char* f : {"sent", "host", "dropped"}) EXPECT_GT(cov.hits("fate", f), 0U) << f;
  // The session traffic opens, uses, closes and resets TCP connections: every TCP event type.
  for (const char* e : {"tcp", "tcp_syn", "tcp_synack", "tcp_fin", "tcp_rst"})
    EXPECT_GT(cov.hits("event", e), 0U) << "event " << e;
  // Every ingress port reaches every egress port and the host.
  for (const auto& b : cov.group("path")) EXPECT_GT(b.hits, 0U) << "path " << b.name;
  // A correct engine never ends a packet with DONE nor faults on the reference firmware.
  EXPECT_EQ(cov.hits("fate", "done"), 0U);
  for (const auto& b : cov.group("fault")) EXPECT_EQ(b.hits, 0U) << b.name;
}

}  // namespace
