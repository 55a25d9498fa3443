// SPDX-License-Identifier: Apache-2.0
// baton-bench-paging: what paging costs and buys (docs/pager.md, docs/performance.md "Paging").
//   1. Page-fault cost: on a cold engine (only the initial partition loaded) one packet that
//      migrates to an absent partition; the cycles from its MIGRATE retiring to the first
//      instruction of the continuing thread (observation port), and the pager's own count from
//      taking the request to publishing the partition. For ipv4 (2 pages) and icmp4 (3 pages).
//   2. Throughput side by side in one run, every packet golden-checked: 16-page IMEMs (the whole
//      firmware resident), and 8-page (the default engine) and 4-page IMEMs (half and a quarter of
//      that; the reference firmware needs 12 pages per tile) with paging alone and with rebalancing, on the default mix, 64-byte IPv4 and three skewed mixes (80 % ICMP echo, IPv6
//      UDP, ARP).
//   3. Partitioned against run to completion, in the same run: the reference firmware linked as
//      one partition (image router_rtc, FW_RUN_TO_COMPLETION: no migration) on 16-page IMEMs,
//      against the partitioned firmware on the default 8-page engine (half that IMEM) with and
//      without rebalancing, on the default mix and 64-byte IPv4. Besides packets per cycle it
//      prints where the cycles go: migrations and instructions retired per packet, the tiles'
//      issue share and the mean MIGRATE -> first instruction hand-off.
//
//   baton-bench-paging [--packets N] [--seed S] [--json] [--rtc-only]
// Exit status 1 when any packet's fate differs from the golden model or the pager reports an
// error.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include <iostream>
#include <string>
#include <vector>

#include "Vengine_t4.h"
#include "Vengine_t4_i4k.h"
#include "Vengine_t4_i16k.h"
#include "baton/env/engine/configs.hpp"
#include "baton/env/engine/engine_env.hpp"
#include "baton/env/engine/setup.hpp"

namespace {

using namespace baton;
using namespace baton::env::engine;

struct Setup {
  std::string name;
  unsigned pages = 8;  // IMEM page slots per tile: 16, 8 (the default engine) or 4
  Preload preload = Preload::kFit;
  std::uint32_t rebalance = 0;  // IMB_THRESH, 0 = off
  bool affinity = true;         // ingress TCP affinity (MP3) when the image has replicas
  bool spread = false;          // the pager's CTRL.SPREAD (victim search over the other tiles)
};

struct Result {
  std::string setup, traffic;
  std::size_t packets = 0;
  std::uint64_t cycles = 0, mismatches = 0;
  double ppc = 0;
  EngineStats stats;
  std::vector<std::uint64_t> hop;
  std::uint64_t retired = 0, issued = 0;  // over all tiles
  unsigned tiles = 0;
};

constexpr std::uint32_t kHoldoff = 2048;

template <typename Model>
Result run_one(const Firmware& fw, const Setup& s, const std::string& traffic, const std::vector<golden::Packet>& pkts,
               std::uint64_t seed, double in_rate = 1.0) {
  Geometry g = default_geometry(4);
  g.imem_bytes = s.pages * g.page_bytes;
  EnvOptions o;
  o.seed = seed;
  o.preload = s.preload;
  o.rebalance_thresh = s.rebalance;
  o.rebalance_holdoff = kHoldoff;
  o.victim_spread = s.spread;
  o.in_rate = in_rate;
  o.affinity = s.affinity;
  EngineEnv<Model> env(g, o);
  env.boot(fw);
  Scoreboard sb(fw.config, g.ports);
  const auto st = env.run(pkts, sb);
  sb.finish(env.read_counters());
  Result r;
  r.setup = s.name;
  r.traffic = traffic;
  r.packets = pkts.size();
  r.cycles = st.cycles;
  r.mismatches = sb.mismatches() + (st.timed_out ? 1 : 0);
  r.ppc = st.cycles ? static_cast<double>(pkts.size()) / static_cast<double>(st.cycles) : 0;
  r.stats = env.read_stats();
  r.hop = st.hop_latency;
  r.tiles = g.tiles;
  // A fresh engine per run: the counters hold this run only (nothing issues before traffic).
  for (std::size_t t = 0; t < r.stats.retire.size(); ++t) {
    r.retired += r.stats.retire[t];
    r.issued += r.stats.issue[t];
  }
  for (const auto& e : sb.errors()) fmt::print(stderr, "{} / {}: {}\n", s.name, traffic, e);
  return r;
}

Result run_setup(const Firmware& fw, const Setup& s, const std::string& traffic, const std::vector<golden::Packet>& pkts,
                 std::uint64_t seed, double in_rate = 1.0) {
  if (s.pages == 4) return run_one<Vengine_t4_i4k>(fw, s, traffic, pkts, seed, in_rate);
  if (s.pages == 16) return run_one<Vengine_t4_i16k>(fw, s, traffic, pkts, seed, in_rate);
  return run_one<Vengine_t4>(fw, s, traffic, pkts, seed, in_rate);  // the default engine: 8 pages
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"baton-bench-paging: page-fault cost and throughput with small instruction memories"};
  std::size_t packets = 2000;
  std::uint64_t seed = 1;
  bool json = false;
  app.add_option("--packets", packets, "packets per throughput run")->check(CLI::PositiveNumber);
  app.add_option("--seed", seed, "traffic and simulation seed");
  app.add_flag("--json", json, "print the results as JSON");
  bool rtc_only = false;
  app.add_flag("--rtc-only", rtc_only, "only part 3, partitioned against run to completion");
  CLI11_PARSE(app, argc, argv);

  try {
    const auto fw = load_firmware(default_image_prefix(), default_config_path());
    bool bad = false;
    nlohmann::json j;
    if (!rtc_only) {
      // 1. Page-fault cost: one packet at a time on a cold engine.
      const Setup cold{"4-page IMEM, cold", 4, Preload::kInitial, 0};
      struct Fault {
        std::string part;
        net::TrafficKind kind;
      };
      const std::vector<Fault> faults = {{"ipv4", net::TrafficKind::kIp4Udp}, {"icmp4", net::TrafficKind::kIp4EchoRouter}};
      nlohmann::json jf = nlohmann::json::array();
      if (!json) fmt::print("Page-fault cost (4 tiles x 4 threads, 1 KiB pages, one packet on a cold engine)\n");
      for (const auto& f : faults) {
        const auto pkts = skewed_traffic(fw, 1, seed, 4, f.kind, 1.0);
        const auto r = run_setup(fw, cold, f.part, pkts, seed, 0.01);
        const image::Partition* p = fw.image.find(f.part);
        bad |= r.mismatches != 0 || r.stats.pg_errors != 0;
        if (json) {
          jf.push_back({{"packet", f.part}, {"pages", p ? p->num_pages : 0}, {"hop_cycles", r.hop},
                        {"pager_fault_cycles", r.stats.pg_fault_cycles}, {"faults", r.stats.pg_faults}});
        } else {
          fmt::print("  packet for {:<6} ({} pages): hops (MIGRATE -> first instruction) {} cycles; pager: {} faults, "
                     "{} cycles from request to published in all\n",
                     f.part, p ? p->num_pages : 0, fmt::join(r.hop, ", "), r.stats.pg_faults, r.stats.pg_fault_cycles);
        }
      }
      j["page_fault"] = jf;

      // 2. Throughput.
      const std::vector<Setup> setups = {{"16-page IMEM (all resident)", 16, Preload::kFit, 0},
                                         {"8-page IMEM, paging", 8, Preload::kFit, 0},
                                         {"8-page IMEM, paging + rebalancing", 8, Preload::kFit, 64},
                                         {"8-page IMEM, + rebalancing + spread", 8, Preload::kFit, 64, true, true},
                                         {"4-page IMEM, paging", 4, Preload::kFit, 0},
                                         {"4-page IMEM, paging + spread", 4, Preload::kFit, 0, true, true},
                                         {"4-page IMEM, paging + rebalancing", 4, Preload::kFit, 64},
                                         {"4-page IMEM, + rebalancing + spread", 4, Preload::kFit, 64, true, true}};
      struct Traffic {
        std::string name;
        std::vector<golden::Packet> pkts;
      };
      std::vector<Traffic> traffics;
      traffics.push_back({"default mix", generated_traffic(fw, packets, seed, 4)});
      traffics.push_back({"64-byte IPv4", ipv4_64_traffic(fw, packets, seed, 4)});
      traffics.push_back({"80 % ICMP echo", skewed_traffic(fw, packets, seed, 4, net::TrafficKind::kIp4EchoRouter, 0.8)});
      traffics.push_back({"80 % IPv6 UDP", skewed_traffic(fw, packets, seed, 4, net::TrafficKind::kIp6Udp, 0.8)});
      traffics.push_back({"80 % ARP", skewed_traffic(fw, packets, seed, 4, net::TrafficKind::kArpForRouter, 0.8)});
      nlohmann::json jt = nlohmann::json::array();
      if (!json) {
        fmt::print("\nThroughput (4 tiles x 4 threads, {} packets per run, seed {}; rebalancing IMB_THRESH 64, HOLDOFF {})\n",
                   packets, seed, kHoldoff);
        fmt::print("  {:<16} {:<36} {:>10} {:>8} {:>7} {:>7} {:>7} {:>7}\n", "traffic", "setup", "pkt/cycle", "vs 16p",
                   "faults", "evict", "rebal", "errors");
      }
      for (const auto& t : traffics) {
        double base = 0;
        for (const auto& s : setups) {
          const auto r = run_setup(fw, s, t.name, t.pkts, seed);
          if (base == 0) base = r.ppc;
          bad |= r.mismatches != 0 || r.stats.pg_errors != 0;
          const double rel = base > 0 ? r.ppc / base : 0;
          if (json) {
            jt.push_back({{"traffic", t.name}, {"setup", s.name}, {"packets", r.packets}, {"cycles", r.cycles},
                          {"packets_per_cycle", r.ppc}, {"relative", rel}, {"faults", r.stats.pg_faults},
                          {"fault_cycles", r.stats.pg_fault_cycles}, {"evictions", r.stats.pg_evictions},
                          {"rebalances", r.stats.pg_rebalances}, {"mismatches", r.mismatches},
                          {"pager_errors", r.stats.pg_errors}});
          } else {
            fmt::print("  {:<16} {:<36} {:>10.4f} {:>7.1f}% {:>7} {:>7} {:>7} {:>7}\n", t.name, s.name, r.ppc, 100 * rel,
                       r.stats.pg_faults, r.stats.pg_evictions, r.stats.pg_rebalances, r.mismatches + r.stats.pg_errors);
          }
        }
      }
      j["throughput"] = jt;
    }

    // 3. Partitioned against run to completion: the same C code, one partition on IMEMs that hold
    // it, against the partitioned image on half that IMEM.
    const auto rtc = load_firmware(BATON_RTC_IMAGE_PREFIX, default_config_path());
    {
      const image::Partition* whole = rtc.image.find(rtc.image.initial_partition);
      const unsigned rtc_pages = whole != nullptr ? whole->num_pages : 0;
      struct Pair {
        const Firmware* fw;
        Setup setup;
      };
      const std::vector<Pair> pairs = {
          {&rtc, {fmt::format("run to completion ({} pages), 16-page IMEM", rtc_pages), 16, Preload::kFit, 0, false}},
          {&fw, {"partitioned, 8-page IMEM, + rebalancing", 8, Preload::kFit, 64, true}},
          {&fw, {"partitioned, 8-page IMEM, paging", 8, Preload::kFit, 0, true}}};
      struct Traffic {
        std::string name;
        std::vector<golden::Packet> pkts;
      };
      const std::vector<Traffic> traffics = {{"default mix", generated_traffic(fw, packets, seed, 4)},
                                             {"64-byte IPv4", ipv4_64_traffic(fw, packets, seed, 4)}};
      nlohmann::json jr = nlohmann::json::array();
      if (!json) {
        fmt::print("\nPartitioned against run to completion (4 tiles x 4 threads, {} packets per run, seed {})\n", packets,
                   seed);
        fmt::print("  {:<13} {:<42} {:>9} {:>7} {:>8} {:>8} {:>6} {:>6} {:>6}\n", "traffic", "setup", "pkt/cycle",
                   "vs RTC", "migr/pkt", "insn/pkt", "issue", "hop", "errors");
      }
      for (const auto& t : traffics) {
        double base = 0;
        for (const auto& pr : pairs) {
          const auto r = run_setup(*pr.fw, pr.setup, t.name, t.pkts, seed);
          if (base == 0) base = r.ppc;
          bad |= r.mismatches != 0 || r.stats.pg_errors != 0;
          const double rel = base > 0 ? r.ppc / base : 0;
          const double n = static_cast<double>(r.packets);
          const double migr = static_cast<double>(r.stats.migrations) / n;
          const double insn = static_cast<double>(r.retired) / n;
          const double issue =
              r.cycles ? static_cast<double>(r.issued) / (static_cast<double>(r.cycles) * r.tiles) : 0;
          double hop = 0;
          for (auto h : r.hop) hop += static_cast<double>(h);
          if (!r.hop.empty()) hop /= static_cast<double>(r.hop.size());
          if (json) {
            jr.push_back({{"traffic", t.name}, {"setup", pr.setup.name}, {"packets", r.packets}, {"cycles", r.cycles},
                          {"packets_per_cycle", r.ppc}, {"relative", rel}, {"migrations", r.stats.migrations},
                          {"retired", r.retired}, {"issued", r.issued}, {"mean_hop_cycles", hop},
                          {"faults", r.stats.pg_faults}, {"rebalances", r.stats.pg_rebalances},
                          {"mismatches", r.mismatches}, {"pager_errors", r.stats.pg_errors}});
          } else {
            fmt::print("  {:<13} {:<42} {:>9.4f} {:>6.1f}% {:>8.2f} {:>8.1f} {:>5.1f}% {:>6.1f} {:>6}\n", t.name,
                       pr.setup.name, r.ppc, 100 * rel, migr, insn, 100 * issue, hop, r.mismatches + r.stats.pg_errors);
          }
        }
      }
      j["run_to_completion"] = jr;
    }
    if (json) std::cout << j.dump(2) << "\n";
    if (bad) fmt::print(stderr, "baton-bench-paging: golden mismatches or pager errors (see above)\n");
    return bad ? 1 : 0;
  } catch (const std::exception& e) {
    fmt::print(stderr, "baton-bench-paging: {}\n", e.what());
    return 2;
  }
}
