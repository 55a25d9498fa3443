// SPDX-License-Identifier: Apache-2.0
// baton-bench-engine: throughput of the engine running the reference firmware at 1, 2, 4 and 8
// tiles (4 threads each): packets per cycle, instructions and cycles per packet for 64-byte IPv4
// forwarding and for the default traffic mix, the scaling efficiency from 1 to 8 tiles, the
// simulation speed (Verilator cycles per second of wall-clock time), a per-packet breakdown of a
// tile's cycles (instructions issued, empty issue slots) and the hand-off latencies of the
// observation port as histograms: MIGRATE retired -> first instruction of the continuing thread
// (hop), frame admitted -> first instruction of its initial partition (dispatch). Every run is also checked
// against the golden model (a mismatch makes the exit status 1). Figures go to
// docs/performance.md with the configuration printed in the header.
//
//   baton-bench-engine [--packets N] [--mix-packets N] [--size-packets N] [--sizes 128,...,1518]
//                      [--seed S] [--tiles 1,2,4,8] [--loads 0.5,0.9] [--json] [--json-file F]
// Every tile count runs 64-byte IPv4, the default mix and IPv4 at each of --sizes. The hand-off
// runs offer 64-byte IPv4 at each load (a fraction of the saturation throughput of the last tile
// count) on that many tiles. --json-file writes the JSON next to the tables, for
// scripts/plot-bench. The models are the FAST builds (no assertions, no tracing): the checked
// builds are the regression's.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <map>

#include <fstream>

#include "Vengine_t1_fast.h"
#include "Vengine_t2_fast.h"
#include "Vengine_t4_fast.h"
#include "Vengine_t8_fast.h"
#include "baton/env/engine/configs.hpp"
#include "baton/env/engine/engine_env.hpp"
#include "baton/env/engine/setup.hpp"

namespace {

using namespace baton;
using namespace baton::env::engine;

constexpr const char* kConfiguration =
    "baton_engine: T tiles x 4 threads, 4 ports x 64-bit, 64 slots, CM capacity 48; reference firmware, "
    "reference configuration";

struct Row {
  unsigned tiles = 0;
  std::string traffic;
  std::size_t packets = 0;
  std::uint64_t bytes = 0;      // frame bytes offered (without FCS)
  std::uint64_t out_bytes = 0;  // frame bytes sent out (ports and host)
  std::uint64_t cycles = 0;
  double ppc = 0, ipp = 0, cpp = 0, sim_cps = 0;
  double issue_pp = 0;  // issue slots used per packet (all tiles)
  [[nodiscard]] double bits_per_cycle(std::uint64_t b) const {
    return 8.0 * static_cast<double>(b) / static_cast<double>(std::max<std::uint64_t>(cycles, 1));
  }
  std::uint64_t mismatches = 0, hw_drops = 0;
  std::vector<std::uint64_t> hop, dispatch;
};

struct Summary {
  std::size_t n = 0;
  double mean = 0;
  std::uint64_t min = 0, p50 = 0, p90 = 0, p99 = 0, max = 0;
};

Summary summarize(std::vector<std::uint64_t> v) {
  Summary s;
  s.n = v.size();
  if (v.empty()) return s;
  std::sort(v.begin(), v.end());
  const auto at = [&](double q) { return v[std::min(v.size() - 1, static_cast<std::size_t>(q * static_cast<double>(v.size())))]; };
  double sum = 0;
  for (auto x : v) sum += static_cast<double>(x);
  s.mean = sum / static_cast<double>(v.size());
  s.min = v.front();
  s.p50 = at(0.50);
  s.p90 = at(0.90);
  s.p99 = at(0.99);
  s.max = v.back();
  return s;
}

// Counts per bucket [0,2) [2,4) [4,8) ... [512, inf).
std::vector<std::size_t> histogram(const std::vector<std::uint64_t>& v) {
  std::vector<std::size_t> h(10, 0);
  for (auto x : v) {
    std::size_t b = 0;
    while (b + 1 < h.size() && x >= (std::uint64_t{2} << b)) ++b;
    ++h[b];
  }
  return h;
}

std::string bucket_name(std::size_t b, std::size_t n) {
  const std::uint64_t lo = b == 0 ? 0 : (std::uint64_t{2} << (b - 1));
  if (b + 1 == n) return fmt::format("≥{}", lo);
  return fmt::format("{}–{}", lo, (std::uint64_t{2} << b) - 1);
}

template <typename Model>
Row run_one(unsigned tiles, const std::string& name, const Firmware& fw, const std::vector<golden::Packet>& pkts,
            std::uint64_t seed, double in_rate = 1.0) {
  const auto g = default_geometry(tiles);
  EnvOptions o;
  o.seed = seed;
  o.in_rate = in_rate;
  EngineEnv<Model> env(g, o);
  env.boot(fw);
  env.reg_write(csr::kTopClear, 1);
  Scoreboard sb(fw.config, g.ports);
  std::uint64_t out_bytes = 0;
  env.on_frame = [&](unsigned, const std::vector<std::uint8_t>& f, std::uint64_t, std::size_t) { out_bytes += f.size(); };
  const std::uint64_t c0 = env.sim().cycle();
  const auto t0 = std::chrono::steady_clock::now();
  const auto stats = env.run(pkts, sb);
  const auto t1 = std::chrono::steady_clock::now();
  const std::uint64_t simulated = env.sim().cycle() - c0;
  const auto es = env.read_stats();
  sb.finish(env.read_counters());
  Row r;
  r.tiles = tiles;
  r.traffic = name;
  r.packets = pkts.size();
  for (const auto& p : pkts) r.bytes += p.frame.size();
  r.out_bytes = out_bytes;
  r.cycles = stats.cycles;
  r.ppc = static_cast<double>(pkts.size()) / static_cast<double>(std::max<std::uint64_t>(stats.cycles, 1));
  std::uint64_t instr = 0;
  for (auto x : es.retire) instr += x;
  std::uint64_t issued = 0;
  for (auto x : es.issue) issued += x;
  r.issue_pp = static_cast<double>(issued) / static_cast<double>(pkts.size());
  r.hop = stats.hop_latency;
  r.dispatch = stats.dispatch_latency;
  r.ipp = static_cast<double>(instr) / static_cast<double>(pkts.size());
  r.cpp = static_cast<double>(stats.cycles) / static_cast<double>(pkts.size());
  r.sim_cps = static_cast<double>(simulated) / std::chrono::duration<double>(t1 - t0).count();
  r.mismatches = sb.mismatches() + (stats.timed_out ? 1 : 0);
  r.hw_drops = sb.hw_drops();
  for (const auto& e : sb.errors()) std::cerr << fmt::format("tiles {} {}: {}\n", tiles, name, e);
  return r;
}

Row run_tiles(unsigned tiles, const std::string& name, const Firmware& fw, const std::vector<golden::Packet>& p,
              std::uint64_t seed, double in_rate = 1.0) {
  switch (tiles) {
    case 1: return run_one<Vengine_t1_fast>(1, name, fw, p, seed, in_rate);
    case 2: return run_one<Vengine_t2_fast>(2, name, fw, p, seed, in_rate);
    case 4: return run_one<Vengine_t4_fast>(4, name, fw, p, seed, in_rate);
    case 8: return run_one<Vengine_t8_fast>(8, name, fw, p, seed, in_rate);
    default: throw std::runtime_error(fmt::format("--tiles: {} is not one of 1, 2, 4, 8", tiles));
  }
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Engine throughput at 1, 2, 4 and 8 tiles (reference firmware, golden-checked)"};
  std::size_t packets = 4000, mix_packets = 2000, size_packets = 2000;
  std::vector<std::size_t> sizes{128, 256, 512, 1024, 1518};
  std::string json_file;
  std::uint64_t seed = 1;
  std::vector<unsigned> tiles{1, 2, 4, 8};
  bool json = false;
  std::vector<double> loads{0.5, 0.9};
  app.add_option("--packets", packets, "64-byte IPv4 packets per run")->check(CLI::Range(std::size_t{1}, std::size_t{10'000'000}));
  app.add_option("--mix-packets", mix_packets, "default-mix packets per run")->check(CLI::Range(std::size_t{1}, std::size_t{10'000'000}));
  app.add_option("--size-packets", size_packets, "IPv4 packets per run at each of --sizes")
      ->check(CLI::Range(std::size_t{1}, std::size_t{10'000'000}));
  app.add_option("--sizes", sizes, "IPv4 frame sizes in bytes besides 64 (64..1518; 0 for none)")
      ->delimiter(',')
      ->check(CLI::Range(std::size_t{0}, std::size_t{1518}));
  app.add_option("--json-file", json_file, "also write the results as JSON to this file (scripts/plot-bench)");
  app.add_option("--seed", seed, "traffic seed");
  app.add_option("--tiles", tiles, "tile counts")->delimiter(',');
  app.add_option("--loads", loads, "offered loads (fractions of the saturation throughput) for the hand-off runs")
      ->delimiter(',')
      ->check(CLI::Range(0.01, 1.0));
  app.add_flag("--json", json, "JSON output");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);
    std::cerr << "baton-bench-engine: " << e.what() << "\n";
    return 2;
  }
  std::vector<Row> rows;
  try {
    const auto& fw = reference_firmware();
    const auto fwd = ipv4_64_traffic(fw, packets, seed, 4);
    const auto mix = generated_traffic(fw, mix_packets, seed, 4);
    std::erase(sizes, 0);
    std::erase(sizes, 64);  // 64-byte IPv4 runs anyway, with --packets
    std::vector<std::vector<golden::Packet>> sized;
    for (std::size_t b : sizes) sized.push_back(ipv4_sized_traffic(fw, size_packets, seed, 4, b));
    for (unsigned t : tiles) {
      rows.push_back(run_tiles(t, "ipv4-64", fw, fwd, seed));
      rows.push_back(run_tiles(t, "default-mix", fw, mix, seed));
      for (std::size_t i = 0; i < sizes.size(); ++i) {
        rows.push_back(run_tiles(t, fmt::format("ipv4-{}", sizes[i]), fw, sized[i], seed));
      }
    }
    // Hand-off under a given load: 64-byte IPv4 offered at a fraction of the saturation
    // throughput just measured for the largest tile count (a source offers a beat with
    // probability in_rate; a 64-byte frame is 8 beats on each of the 4 ports).
    const unsigned lt = tiles.back();
    double sat = 0;
    for (const auto& r : rows) {
      if (r.tiles == lt && r.traffic == "ipv4-64") sat = r.ppc;
    }
    for (double load : loads) {
      const double rate = std::min(1.0, load * sat * 8.0 / 4.0);
      rows.push_back(run_tiles(lt, fmt::format("ipv4-64 at {:.0f} %", 100 * load), fw, fwd, seed, rate));
    }
  } catch (const std::exception& e) {
    std::cerr << "baton-bench-engine: " << e.what() << "\n";
    return 2;
  }
  std::map<std::string, std::map<unsigned, double>> ppc;
  for (const auto& r : rows) ppc[r.traffic][r.tiles] = r.ppc;
  std::uint64_t bad = 0;
  if (json || !json_file.empty()) {
    nlohmann::json runs = nlohmann::json::array();
    for (const auto& r : rows) {
      const auto hs = summarize(r.hop), ds = summarize(r.dispatch);
      const auto js = [](const Summary& x) {
        return nlohmann::json{{"count", x.n}, {"mean", x.mean}, {"min", x.min}, {"p50", x.p50},
                              {"p90", x.p90}, {"p99", x.p99}, {"max", x.max}};
      };
      runs.push_back({{"tiles", r.tiles}, {"traffic", r.traffic}, {"packets", r.packets}, {"bytes", r.bytes},
                      {"cycles", r.cycles}, {"packets_per_cycle", r.ppc},
                      {"bits_per_cycle", r.bits_per_cycle(r.bytes)}, {"out_bytes", r.out_bytes},
                      {"out_bits_per_cycle", r.bits_per_cycle(r.out_bytes)},
                      {"instructions_per_packet", r.ipp}, {"cycles_per_packet", r.cpp},
                      {"cycles_per_packet_per_tile", r.cpp * r.tiles}, {"issue_slots_per_packet", r.issue_pp},
                      {"hop_latency", js(hs)}, {"hop_histogram", histogram(r.hop)},
                      {"dispatch_latency", js(ds)}, {"dispatch_histogram", histogram(r.dispatch)},
                      {"sim_cycles_per_second", r.sim_cps}, {"mismatches", r.mismatches}, {"hw_drops", r.hw_drops}});
    }
    const nlohmann::json j{{"bench", "baton-bench-engine"},
                           {"configuration", kConfiguration},
                           {"seed", seed},
                           {"histogram_buckets", "[0,2) [2,4) [4,8) ... [512, inf) cycles"},
                           {"runs", runs}};
    if (json) std::cout << j.dump(2) << "\n";
    if (!json_file.empty()) {
      std::ofstream f(json_file, std::ios::trunc);
      if (!(f << j.dump(2) << "\n")) {
        std::cerr << "baton-bench-engine: " << json_file << ": cannot write\n";
        return 2;
      }
    }
  }
  for (const auto& r : rows) bad += r.mismatches;
  if (!json) {
    fmt::print("{}; seed {}\n", kConfiguration, seed);
    fmt::print("| tiles | traffic | packets | cycles | packets/cycle | bits/cycle in | bits/cycle out | instr/packet | "
               "cycles/packet | sim cycles/s | golden mismatches | hw drops |\n"
               "|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (const auto& r : rows) {
      fmt::print("| {} | {} | {} | {} | {:.4f} | {:.2f} | {:.2f} | {:.1f} | {:.1f} | {:.0f} | {} | {} |\n", r.tiles,
                 r.traffic, r.packets, r.cycles, r.ppc, r.bits_per_cycle(r.bytes), r.bits_per_cycle(r.out_bytes), r.ipp,
                 r.cpp, r.sim_cps, r.mismatches, r.hw_drops);
    }
    fmt::print("\nPer packet and tile: cycles (cycles x tiles / packets) = instructions + other issue slots + "
               "empty issue slots\n");
    fmt::print("| tiles | traffic | cycles/packet/tile | instructions | other issue slots | empty issue slots |\n"
               "|---|---|---|---|---|---|\n");
    for (const auto& r : rows) {
      const double cppt = r.cpp * r.tiles;
      fmt::print("| {} | {} | {:.1f} | {:.1f} | {:.1f} | {:.1f} |\n", r.tiles, r.traffic, cppt, r.ipp,
                 r.issue_pp - r.ipp, cppt - r.issue_pp);
    }
    fmt::print("\nHand-off latency in cycles: hop = MIGRATE retired -> first instruction of the continuing "
               "thread; dispatch = frame admitted (after its last beat) -> first instruction\n");
    fmt::print("| tiles | traffic | kind | count | mean | min | p50 | p90 | p99 | max |\n"
               "|---|---|---|---|---|---|---|---|---|---|\n");
    for (const auto& r : rows) {
      for (const auto& [kind, v] : {std::pair{"hop", &r.hop}, std::pair{"dispatch", &r.dispatch}}) {
        const auto x = summarize(*v);
        fmt::print("| {} | {} | {} | {} | {:.1f} | {} | {} | {} | {} | {} |\n", r.tiles, r.traffic, kind, x.n, x.mean,
                   x.min, x.p50, x.p90, x.p99, x.max);
      }
    }
    fmt::print("\nHistograms (cycles: count)\n");
    for (const auto& r : rows) {
      for (const auto& [kind, v] : {std::pair{"hop", &r.hop}, std::pair{"dispatch", &r.dispatch}}) {
        const auto h = histogram(*v);
        std::string line;
        for (std::size_t b = 0; b < h.size(); ++b) {
          if (h[b] != 0) line += fmt::format(" {}: {}", bucket_name(b, h.size()), h[b]);
        }
        fmt::print("{} tiles, {}, {}:{}\n", r.tiles, r.traffic, kind, line);
      }
    }
    for (const auto& [traffic, m] : ppc) {
      if (m.count(1) && m.count(8)) {
        fmt::print("scaling efficiency 1 -> 8 tiles, {}: {:.1f} %\n", traffic, 100.0 * m.at(8) / (8.0 * m.at(1)));
      }
    }
  }
  return bad == 0 ? 0 : 1;
}
