// baton: simulate the engine running the reference firmware and compare every packet with the
// golden model (README, "Run the engine"; docs/engine.md).
//
//   baton [--pcap FILE [--in-port N]] [--config FILE] [--packets N] [--seed S] [--trace FILE]
//         [--json] [--out out.pcap] [--host host.pcap] [--clock-mhz F] [--image PREFIX]
//
// With no arguments: the default engine (4 tiles x 4 threads, 4 ports), the reference firmware
// and configuration, 2000 packets of the default traffic mix (seed 1). Writes the egress frames
// to out.pcap (and to-host frames to host.pcap), prints a report (packets in/out/dropped by
// reason, packets per cycle and Mpps at the stated clock, per-tile utilization, CM queue
// statistics, latency histogram) and a progress bar on stderr. Exit status: 0 all packets match
// the golden model, 1 mismatches, 2 bad arguments or input (one line on stderr).
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <unistd.h>

#include "Vengine_t4.h"
#include "baton/engine/configs.hpp"
#include "baton/engine/engine_bench.hpp"
#include "baton/engine/setup.hpp"
#include "baton/net/pcap.hpp"

namespace {

using namespace baton;
using namespace baton::engine;

constexpr int kBadInput = 2;

std::string reason_name(unsigned code) {
  const auto n = golden::name(static_cast<golden::Drop>(code));
  if (!n.empty()) return std::string(n);
  switch (code) {
    case 0x80: return "fault_illegal";
    case 0x81: return "fault_misaligned";
    case 0x82: return "fault_access";
    case 0x83: return "fault_watchdog";
    case 0x84: return "no_partition";
    case 0x85: return "buffer_full";
    case 0x86: return "queue_full";
    case 0x8c: return "bad_port";
    default: return "unknown";
  }
}

class Progress {
 public:
  explicit Progress(bool enabled) : enabled_(enabled) {}
  void update(std::size_t done, std::size_t total) {
    if (!enabled_ || total == 0) return;
    const unsigned width = 40;
    const auto filled = static_cast<unsigned>(width * std::min(done, total) / total);
    std::fprintf(stderr, "\r[%s%s] %zu/%zu packets out", std::string(filled, '#').c_str(),
                 std::string(width - filled, '.').c_str(), done, total);
    std::fflush(stderr);
  }
  void finish() {
    if (enabled_) std::fprintf(stderr, "\n");
  }

 private:
  bool enabled_;
};

struct Histogram {
  std::vector<std::pair<std::uint64_t, std::uint64_t>> bins;  // [lo, count), powers of two
  std::uint64_t min = 0, max = 0, p50 = 0, p99 = 0;
  double mean = 0;
};

Histogram histogram(std::vector<std::uint64_t> v) {
  Histogram h;
  if (v.empty()) return h;
  std::sort(v.begin(), v.end());
  h.min = v.front();
  h.max = v.back();
  h.p50 = v[v.size() / 2];
  h.p99 = v[std::min(v.size() - 1, v.size() * 99 / 100)];
  double sum = 0;
  std::map<std::uint64_t, std::uint64_t> bins;
  for (auto x : v) {
    sum += static_cast<double>(x);
    std::uint64_t lo = 1;
    while (lo * 2 <= x) lo *= 2;
    ++bins[x == 0 ? 0 : lo];
  }
  h.mean = sum / static_cast<double>(v.size());
  h.bins.assign(bins.begin(), bins.end());
  return h;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Simulate the Baton engine (4 tiles x 4 threads) running the reference firmware; "
               "compare every packet with the golden model"};
  std::string pcap, config = default_config_path(), image = default_image_prefix(), trace;
  std::string out_path = "out.pcap", host_path = "host.pcap";
  std::size_t packets = 2000;
  std::uint64_t seed = 1;
  unsigned in_port = 0;
  double clock_mhz = 250.0;
  bool json = false, no_progress = false;
  app.add_option("--pcap", pcap, "input capture (classic pcap); every record enters on --in-port");
  app.add_option("--in-port", in_port, "ingress port of --pcap records")->check(CLI::Range(0, 3));
  app.add_option("--config", config, "router configuration (JSON, docs/feature-set.md section 2)");
  app.add_option("--packets", packets, "generated packets (without --pcap), or at most this many records")
      ->check(CLI::Range(std::size_t{1}, std::size_t{100'000'000}));
  app.add_option("--seed", seed, "seed of the traffic generator and the simulation");
  app.add_option("--trace", trace, "write an FST waveform to this file");
  app.add_flag("--json", json, "print the report as JSON");
  app.add_option("--out", out_path, "egress frames (pcap)");
  app.add_option("--host", host_path, "frames to the host (pcap)");
  app.add_option("--clock-mhz", clock_mhz, "engine clock for the Mpps figure")->check(CLI::PositiveNumber);
  app.add_option("--image", image, "firmware image prefix (PREFIX.bin, PREFIX.json)");
  app.add_flag("--no-progress", no_progress, "no progress bar");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);
    std::cerr << "baton: " << e.what() << "\n";
    return kBadInput;
  }

  Firmware fw;
  std::vector<golden::Packet> pkts;
  const auto g = default_geometry(4);
  std::vector<LoadOp> plan;
  try {
    fw = load_firmware(image, config);
    plan = load_plan(fw.image, fw.blob, fw.blob_offset, g);
    if (!pcap.empty()) {
      pkts = pcap_traffic(pcap, in_port);
      if (pkts.size() > packets && app.count("--packets") > 0) pkts.resize(packets);
      if (pkts.empty()) throw std::runtime_error(fmt::format("{}: no packets", pcap));
      for (std::size_t i = 0; i < pkts.size(); ++i) {
        if (pkts[i].frame.size() < 14 || pkts[i].frame.size() > 9000) {
          // Still legal input for the engine (runts are dropped in hardware); only absurd sizes stop.
          if (pkts[i].frame.size() > 65535) throw std::runtime_error(fmt::format("{}: record {} too long", pcap, i));
        }
      }
    } else {
      pkts = generated_traffic(fw, packets, seed, g.ports);
    }
  } catch (const std::exception& e) {
    std::cerr << "baton: " << e.what() << "\n";
    return kBadInput;
  }

  BenchOptions opt;
  opt.seed = seed;
  opt.trace = !trace.empty();
  opt.wave_file = trace.empty() ? "baton.fst" : trace;
  Progress progress(!no_progress && !json && isatty(2));
  std::unique_ptr<net::PcapWriter> out, host;
  RunStats stats;
  HwCounters hw;
  EngineStats es;
  std::unique_ptr<Scoreboard> sb;
  try {
    out = std::make_unique<net::PcapWriter>(out_path);
    host = std::make_unique<net::PcapWriter>(host_path);
    EngineBench<Vengine_t4> bench(g, opt);
    bench.on_frame = [&](unsigned o, const std::vector<std::uint8_t>& f, std::uint64_t cycle, std::size_t) {
      const double ns = static_cast<double>(cycle) * 1000.0 / clock_mhz;
      const auto sec = static_cast<std::uint32_t>(ns / 1e9);
      const auto nsec = static_cast<std::uint32_t>(ns - sec * 1e9);
      (o == g.ports ? host : out)->write(net::PcapRecord{sec, nsec / 1000, 0, net::Bytes(f.begin(), f.end())});
    };
    bench.load(plan);
    bench.configure(fw.image, fw.config);
    bench.reg_write(csr::kTopClear, 1);
    sb = std::make_unique<Scoreboard>(fw.config, g.ports);
    stats = bench.run(pkts, *sb, [&](std::size_t d, std::size_t t) { progress.update(d, t); });
    progress.finish();
    hw = bench.read_counters();
    es = bench.read_stats();
    sb->finish(hw);
    out->close();
    host->close();
  } catch (const std::exception& e) {
    progress.finish();
    std::cerr << "baton: " << e.what() << "\n";
    return kBadInput;
  }

  const double cycles = static_cast<double>(std::max<std::uint64_t>(stats.cycles, 1));
  const double ppc = static_cast<double>(pkts.size()) / cycles;
  std::uint64_t instructions = 0;
  for (auto r : es.retire) instructions += r;
  const auto lat = histogram(stats.latency);
  std::uint64_t dropped = 0;
  for (auto d : hw.drop) dropped += d;

  if (json) {
    nlohmann::json j;
    j["config"] = {{"tiles", g.tiles}, {"threads", g.threads}, {"ports", g.ports}, {"slots", g.slots},
                   {"clock_mhz", clock_mhz}, {"seed", seed}, {"input", pcap.empty() ? "generator" : pcap}};
    j["packets_in"] = hw.rx();
    j["packets_out"] = {{"ports", std::vector<std::uint64_t>(hw.port_tx.begin(), hw.port_tx.begin() + g.ports)},
                        {"host", hw.to_host}, {"done", hw.done}};
    nlohmann::json drops = nlohmann::json::object();
    for (unsigned r = 0; r < 256; ++r) {
      if (hw.drop[r] != 0) drops[fmt::format("0x{:02x} {}", r, reason_name(r))] = hw.drop[r];
    }
    j["dropped"] = drops;
    j["cycles"] = stats.cycles;
    j["packets_per_cycle"] = ppc;
    j["mpps"] = ppc * clock_mhz;
    j["instructions_per_packet"] = static_cast<double>(instructions) / static_cast<double>(pkts.size());
    nlohmann::json tiles = nlohmann::json::array();
    for (std::size_t t = 0; t < es.issue.size(); ++t) {
      tiles.push_back({{"tile", t}, {"utilization", es.issue[t] / cycles}, {"instructions", es.retire[t]}});
    }
    j["tiles"] = tiles;
    nlohmann::json qs = nlohmann::json::array();
    for (const auto& q : es.queues) {
      qs.push_back({{"partition", q.part}, {"enqueues", q.enq}, {"dequeues", q.deq}, {"bypasses", q.byp},
                    {"high_water", q.hwm}, {"wait_cycles", q.wait}});
    }
    j["cm"] = {{"queues", qs}, {"migrations", es.migrations}, {"admission_stall_cycles", es.cm_admit_stall}};
    nlohmann::json bins = nlohmann::json::array();
    for (const auto& [lo, n] : lat.bins) bins.push_back({{"from", lo}, {"count", n}});
    j["latency_cycles"] = {{"min", lat.min}, {"mean", lat.mean}, {"p50", lat.p50}, {"p99", lat.p99}, {"max", lat.max},
                           {"histogram", bins}};
    j["golden_mismatches"] = sb->mismatches();
    j["errors"] = sb->errors();
    std::cout << j.dump(2) << "\n";
  } else {
    fmt::print("Baton engine: {} tiles x {} threads, {} ports, {} packet slots; reference firmware; clock {} MHz\n",
               g.tiles, g.threads, g.ports, g.slots, clock_mhz);
    fmt::print("input: {} ({} packets, seed {})\n\n", pcap.empty() ? "default traffic mix" : pcap, pkts.size(), seed);
    fmt::print("packets in        {}\n", hw.rx());
    for (unsigned p = 0; p < g.ports; ++p) fmt::print("out port {}        {}\n", p, hw.port_tx[p]);
    fmt::print("to host           {}\n", hw.to_host);
    fmt::print("dropped           {}\n", dropped);
    for (unsigned r = 0; r < 256; ++r) {
      if (hw.drop[r] != 0) fmt::print("  0x{:02x} {:<28} {}\n", r, reason_name(r), hw.drop[r]);
    }
    fmt::print("\ncycles            {}\n", stats.cycles);
    fmt::print("packets/cycle     {:.4f}  ({:.2f} Mpps at {} MHz)\n", ppc, ppc * clock_mhz, clock_mhz);
    fmt::print("instr/packet      {:.1f}\n", static_cast<double>(instructions) / static_cast<double>(pkts.size()));
    fmt::print("\ntile utilization (cycles with an issue / cycles)\n");
    for (std::size_t t = 0; t < es.issue.size(); ++t) {
      fmt::print("  tile {}  {:5.1f} %  {} instructions\n", t, 100.0 * es.issue[t] / cycles, es.retire[t]);
    }
    fmt::print("\ncontext manager: {} migrations, {} admission-stall cycles\n", es.migrations, es.cm_admit_stall);
    fmt::print("  part  enqueues  dequeues  bypasses  high-water  wait-cycles\n");
    for (const auto& q : es.queues) {
      fmt::print("  {:4}  {:8}  {:8}  {:8}  {:10}  {:11}\n", q.part, q.enq, q.deq, q.byp, q.hwm, q.wait);
    }
    fmt::print("\nlatency (cycles, last input beat to last output beat): min {} mean {:.0f} p50 {} p99 {} max {}\n",
               lat.min, lat.mean, lat.p50, lat.p99, lat.max);
    std::uint64_t most = 1;
    for (const auto& [lo, n] : lat.bins) most = std::max(most, n);
    for (const auto& [lo, n] : lat.bins) {
      fmt::print("  {:>6}..{:<6} {:>7} {}\n", lo, lo == 0 ? 0 : 2 * lo - 1, n, std::string(50 * n / most, '*'));
    }
    fmt::print("\ngolden model: {} outputs matched, {} mismatches\n", sb->matched(), sb->mismatches());
    for (const auto& e : sb->errors()) fmt::print("  {}\n", e);
    fmt::print("wrote {} ({} frames) and {} ({} frames)\n", out_path, out->count(), host_path, host->count());
  }
  return sb->mismatches() == 0 && !stats.timed_out ? 0 : 1;
}
