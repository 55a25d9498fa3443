// SPDX-License-Identifier: Apache-2.0
// baton-bench-engine: throughput of the engine running the reference firmware at 1, 2, 4 and 8
// tiles (4 threads each): packets per cycle, instructions and cycles per packet for 64-byte IPv4
// forwarding and for the default traffic mix, the scaling efficiency from 1 to 8 tiles, and the
// simulation speed (Verilator cycles per second of wall-clock time). Every run is also checked
// against the golden model (a mismatch makes the exit status 1). Figures go to
// docs/performance.md with the configuration printed in the header.
//
//   baton-bench-engine [--packets N] [--mix-packets N] [--seed S] [--tiles 1,2,4,8] [--json]
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <iostream>
#include <map>

#include "Vengine_t1.h"
#include "Vengine_t2.h"
#include "Vengine_t4.h"
#include "Vengine_t8.h"
#include "baton/env/engine/configs.hpp"
#include "baton/env/engine/engine_env.hpp"
#include "baton/env/engine/setup.hpp"

namespace {

using namespace baton;
using namespace baton::env::engine;

struct Row {
  unsigned tiles = 0;
  std::string traffic;
  std::size_t packets = 0;
  std::uint64_t cycles = 0;
  double ppc = 0, ipp = 0, cpp = 0, sim_cps = 0;
  std::uint64_t mismatches = 0, hw_drops = 0;
};

template <typename Model>
Row run_one(unsigned tiles, const std::string& name, const Firmware& fw, const std::vector<golden::Packet>& pkts,
            std::uint64_t seed) {
  const auto g = default_geometry(tiles);
  EnvOptions o;
  o.seed = seed;
  EngineEnv<Model> env(g, o);
  env.boot(fw);
  env.reg_write(csr::kTopClear, 1);
  Scoreboard sb(fw.config, g.ports);
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
  r.cycles = stats.cycles;
  r.ppc = static_cast<double>(pkts.size()) / static_cast<double>(std::max<std::uint64_t>(stats.cycles, 1));
  std::uint64_t instr = 0;
  for (auto x : es.retire) instr += x;
  r.ipp = static_cast<double>(instr) / static_cast<double>(pkts.size());
  r.cpp = static_cast<double>(stats.cycles) / static_cast<double>(pkts.size());
  r.sim_cps = static_cast<double>(simulated) / std::chrono::duration<double>(t1 - t0).count();
  r.mismatches = sb.mismatches() + (stats.timed_out ? 1 : 0);
  r.hw_drops = sb.hw_drops();
  for (const auto& e : sb.errors()) std::cerr << fmt::format("tiles {} {}: {}\n", tiles, name, e);
  return r;
}

Row run_tiles(unsigned tiles, const std::string& name, const Firmware& fw, const std::vector<golden::Packet>& p,
              std::uint64_t seed) {
  switch (tiles) {
    case 1: return run_one<Vengine_t1>(1, name, fw, p, seed);
    case 2: return run_one<Vengine_t2>(2, name, fw, p, seed);
    case 4: return run_one<Vengine_t4>(4, name, fw, p, seed);
    case 8: return run_one<Vengine_t8>(8, name, fw, p, seed);
    default: throw std::runtime_error(fmt::format("--tiles: {} is not one of 1, 2, 4, 8", tiles));
  }
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Engine throughput at 1, 2, 4 and 8 tiles (reference firmware, golden-checked)"};
  std::size_t packets = 4000, mix_packets = 2000;
  std::uint64_t seed = 1;
  std::vector<unsigned> tiles{1, 2, 4, 8};
  bool json = false;
  app.add_option("--packets", packets, "64-byte IPv4 packets per run")->check(CLI::Range(std::size_t{1}, std::size_t{10'000'000}));
  app.add_option("--mix-packets", mix_packets, "default-mix packets per run")->check(CLI::Range(std::size_t{1}, std::size_t{10'000'000}));
  app.add_option("--seed", seed, "traffic seed");
  app.add_option("--tiles", tiles, "tile counts")->delimiter(',');
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
    const auto fw = load_firmware(default_image_prefix(), default_config_path());
    const auto fwd = ipv4_64_traffic(fw, packets, seed, 4);
    const auto mix = generated_traffic(fw, mix_packets, seed, 4);
    for (unsigned t : tiles) {
      rows.push_back(run_tiles(t, "ipv4-64", fw, fwd, seed));
      rows.push_back(run_tiles(t, "default-mix", fw, mix, seed));
    }
  } catch (const std::exception& e) {
    std::cerr << "baton-bench-engine: " << e.what() << "\n";
    return 2;
  }
  std::map<std::string, std::map<unsigned, double>> ppc;
  for (const auto& r : rows) ppc[r.traffic][r.tiles] = r.ppc;
  std::uint64_t bad = 0;
  if (json) {
    nlohmann::json j = nlohmann::json::array();
    for (const auto& r : rows) {
      j.push_back({{"tiles", r.tiles}, {"traffic", r.traffic}, {"packets", r.packets}, {"cycles", r.cycles},
                   {"packets_per_cycle", r.ppc}, {"instructions_per_packet", r.ipp}, {"cycles_per_packet", r.cpp},
                   {"sim_cycles_per_second", r.sim_cps}, {"mismatches", r.mismatches}, {"hw_drops", r.hw_drops}});
      bad += r.mismatches;
    }
    std::cout << j.dump(2) << "\n";
  } else {
    fmt::print("baton_engine: T tiles x 4 threads, 4 ports x 64-bit, 64 slots, CM capacity 48; reference firmware, "
               "reference config; seed {}\n", seed);
    fmt::print("| tiles | traffic | packets | cycles | packets/cycle | instr/packet | cycles/packet | sim cycles/s | "
               "golden mismatches | hw drops |\n|---|---|---|---|---|---|---|---|---|---|\n");
    for (const auto& r : rows) {
      fmt::print("| {} | {} | {} | {} | {:.4f} | {:.1f} | {:.1f} | {:.0f} | {} | {} |\n", r.tiles, r.traffic, r.packets,
                 r.cycles, r.ppc, r.ipp, r.cpp, r.sim_cps, r.mismatches, r.hw_drops);
      bad += r.mismatches;
    }
    for (const auto& [traffic, m] : ppc) {
      if (m.count(1) && m.count(8)) {
        fmt::print("scaling efficiency 1 -> 8 tiles, {}: {:.1f} %\n", traffic, 100.0 * m.at(8) / (8.0 * m.at(1)));
      }
    }
  }
  return bad == 0 ? 0 : 1;
}
