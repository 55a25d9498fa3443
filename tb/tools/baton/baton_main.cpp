// SPDX-License-Identifier: Apache-2.0
// baton: simulate the engine running the reference firmware and compare every packet with the
// golden model (README, "Main job"; docs/engine.md).
//
//   baton [--pcap FILE[:PORT]]... [--in-port N] [--pad] [--config FILE | --derive-config
//         [--write-config FILE]] [--packets N] [--seed S]
//         [--trace FILE] [--json] [--out out.pcapng] [--host host.pcap] [--verdicts FILE]
//         [--clock-mhz F] [--image PREFIX] [--firewall | --no-firewall]
//
// With no arguments: the engine with flow state (4 tiles x 4 threads, 4 ports) runs the
// reference configuration with the stateful firewall on (its inside ports 0, 1 and outside ports
// 2, 3) and the image router_fw, on 2000 packets of two-way sessions (seed 1); --no-firewall runs
// the default engine and the reference firmware alone on the default traffic mix. A given
// --config, --pcap or --derive-config keeps the firewall off unless the configuration or
// --firewall turns it on (a capture's times pace the firewall's clock). Captures replay with a
// port per record: a pcapng record enters on the port numbered like its interface, a classic
// pcap record on --in-port, every record of FILE:PORT on PORT; several captures are merged by
// timestamp. --derive-config builds the configuration and the ports from one capture's addresses
// (capture_setup, docs/engine.md "Replaying a capture"). Writes the output frames to out.pcapng (one interface per egress port, port0..,
// and one for the host stream; a .pcap name writes classic pcap and the host frames to --host),
// timestamped with the input's first capture time (0 for generated traffic) plus the engine's
// cycles at the stated clock; prints a report (packets in/out/dropped by reason, packets per
// cycle and Mpps at the stated clock and its source, per-tile utilization, CM queue statistics,
// latency histogram) and a progress
// bar on stderr; --verdicts writes one JSON line per packet. A configuration with flow accounting
// (docs/feature-set.md section 11) runs the engine built with flow state, waits for every flow's
// export and reports the records with the golden model's comparison. A configuration with the
// stateful firewall (its "firewall" key, or --firewall; docs/feature-set.md section 12,
// docs/firewall.md) runs the image router_fw on the engine built with flow state, paces the input
// (two-way sessions when generated, the capture's times at --clock-mhz when replayed), takes the
// golden verdicts in arrival order and reports the firewall's figures. Exit status: 0 all packets
// (and records) match the golden model, 1 mismatches, 2 bad arguments or input (one line on stderr).
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <unistd.h>

#include "Vengine_t4.h"
#include "Vengine_t4_fs.h"
#include "Vengine_t4_fs_fast.h"
#include "Vengine_t4_fast.h"
#include "baton/env/engine/accounting.hpp"
#include "baton/env/engine/capture_setup.hpp"
#include "baton/env/engine/configs.hpp"
#include "baton/env/engine/engine_env.hpp"
#include "baton/env/engine/firewall.hpp"
#include "baton/env/engine/setup.hpp"
#include "baton/net/pcap.hpp"

namespace {

using namespace baton;
using namespace baton::env::engine;

constexpr int kBadInput = 2;

// The default clock: a measured Fmax, never an aspiration (docs/performance.md, "Engine on an
// FPGA"). The Mpps figure and the output timestamps use it unless --clock-mhz is given; the report
// names where the clock comes from next to every Mpps figure.
constexpr double kDefaultClockMhz = 43.6;
constexpr const char* kDefaultClockSource =
    "measured ECP5 Fmax of one tile alone (fpga/flow --block tile, LFE5U-25F-6, seed 1), standing in "
    "until the engine is placed and routed";

std::string reason_name(unsigned code) {
  const auto n = golden::name(static_cast<golden::Drop>(code));
  if (!n.empty()) return std::string(n);
  if (code == 0 || code > 0xff) return "unknown";
  const auto h = abi::drop_reason_label(static_cast<std::uint8_t>(code));  // hardware and SDK reasons
  return h.empty() ? "unknown" : std::string(h);
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

constexpr std::size_t kMinFrame = 60;  // Ethernet minimum without FCS

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

// "FILE" or "FILE:PORT" (an existing file whose name has a colon is taken whole).
CaptureSource parse_source(const std::string& arg, unsigned ports) {
  const auto colon = arg.rfind(':');
  if (colon == std::string::npos || std::filesystem::exists(arg)) return {arg, std::nullopt};
  const std::string file = arg.substr(0, colon), num = arg.substr(colon + 1);
  if (file.empty() || num.empty() || num.size() > 6 ||
      !std::all_of(num.begin(), num.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    throw std::runtime_error(fmt::format("--pcap {}: expected FILE or FILE:PORT with a port number", arg));
  }
  const auto port = static_cast<unsigned>(std::stoul(num));
  if (port >= ports) {
    throw std::runtime_error(
        fmt::format("--pcap {}: port {} is out of range (the engine has {} ports, 0..{})", arg, port, ports, ports - 1));
  }
  return {file, port};
}

// Flow accounting (docs/feature-set.md section 11): the exported records and the timing of the
// run, for the golden model's records.
struct FlowRun {
  std::vector<std::vector<std::uint8_t>> messages;
  std::vector<std::uint64_t> arrival;  // per packet, engine cycles
  std::uint64_t exports = 0;           // messages to the host
  std::uint64_t max_latency = 0;       // of packets and exports: the golden model's D
  std::uint32_t lookups = 0, inserts = 0, left = 0;
};
// The flow-state engine's timer scan, one cycle per flow-table entry (engine_t4_fs: 65,544).
constexpr std::uint64_t kTimerScan = 65544;
enum FlowCounter : unsigned { kFlowLookups = 0, kFlowInserts = 2, kFlowUsed = 16 };

// After the packets: waits for the flows still in the table to time out and export, then
// collects what the golden model needs.
template <class Env>
FlowRun collect_flows(Env& env, Scoreboard& sb, std::size_t packets, std::uint32_t idle) {
  FlowRun f;
  const std::uint32_t open = env.reg_read(csr::flow_counter(kFlowUsed));
  if (!env.drain_events(sb, open, idle + kTimerScan + 500'000)) {
    throw std::runtime_error(fmt::format("flow accounting: {} flows left in the table did not all export", open));
  }
  for (const auto& e : env.packetless()) {
    f.messages.push_back(e.frame);
    f.exports += e.code == 0x110U ? 1 : 0;  // the egress's host release code
    f.max_latency = std::max(f.max_latency, e.released - e.admitted);
  }
  for (std::size_t i = 0; i < packets; ++i) {
    f.arrival.push_back(env.arrival_time(i));
    if (env.decided_at()[i] != 0) f.max_latency = std::max(f.max_latency, env.decided_at()[i] - env.started_at()[i]);
  }
  f.lookups = env.reg_read(csr::flow_counter(kFlowLookups));
  f.inserts = env.reg_read(csr::flow_counter(kFlowInserts));
  f.left = env.reg_read(csr::flow_counter(kFlowUsed));
  return f;
}

// Where the output frames go: one pcapng with an interface per egress port and one for the
// host stream, or classic pcap files (egress, host).
class Outputs {
 public:
  Outputs(const std::string& out, const std::string& host, bool host_given, unsigned ports) : ports_(ports) {
    if (ends_with(out, ".pcapng")) {
      std::vector<std::string> names;
      for (unsigned p = 0; p < ports; ++p) names.push_back(fmt::format("port{}", p));
      names.emplace_back("host");
      ng_ = std::make_unique<net::PcapngWriter>(out, names);
      if (host_given) host_ = std::make_unique<net::PcapWriter>(host);
    } else {
      out_ = std::make_unique<net::PcapWriter>(out);
      host_ = std::make_unique<net::PcapWriter>(host);
    }
  }
  // `o` is a port, or `ports` for the host stream.
  void write(unsigned o, const std::vector<std::uint8_t>& f, std::uint64_t ns) {
    net::PcapRecord r{static_cast<std::uint32_t>(ns / 1'000'000'000ULL), static_cast<std::uint32_t>(ns % 1'000'000'000ULL),
                      0, net::Bytes(f.begin(), f.end()), o};
    if (ng_) ng_->write(r);
    if (o == ports_ && host_) host_->write(r);
    if (o != ports_ && out_) out_->write(r);
  }
  void close() {
    if (ng_) ng_->close();
    if (out_) out_->close();
    if (host_) host_->close();
  }
  [[nodiscard]] std::size_t count(unsigned o) const {
    if (ng_) return ng_->count(o);
    return 0;
  }
  [[nodiscard]] std::string summary(const std::string& out_path, const std::string& host_path) const {
    if (ng_) {
      std::string s = fmt::format("wrote {} ({} frames:", out_path, ng_->count());
      for (unsigned o = 0; o <= ports_; ++o) {
        s += fmt::format(" {} {}", o == ports_ ? std::string("host") : fmt::format("port{}", o), ng_->count(o));
      }
      s += ")";
      if (host_) s += fmt::format(" and {} ({} frames)", host_path, host_->count());
      return s;
    }
    return fmt::format("wrote {} ({} frames) and {} ({} frames)", out_path, out_->count(), host_path, host_->count());
  }

 private:
  unsigned ports_;
  std::unique_ptr<net::PcapngWriter> ng_;
  std::unique_ptr<net::PcapWriter> out_, host_;
};

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Simulate the Baton engine (4 tiles x 4 threads) running the reference firmware; "
               "compare every packet with the golden model"};
  std::vector<std::string> pcaps;
  std::string config = default_config_path(), image = default_image_prefix(), trace, verdicts_path;
  std::string out_path = "out.pcapng", host_path = "host.pcap";
  std::size_t packets = 2000;
  std::uint64_t seed = 1;
  unsigned in_port = 0;
  double clock_mhz = kDefaultClockMhz;
  bool json = false, no_progress = false, pad = false, derive = false, firewall = false, no_firewall = false;
  std::string write_config;
  app.add_option("--pcap", pcaps,
                 "input capture, pcap or pcapng; FILE:PORT puts every record on PORT, else a pcapng record enters on "
                 "the port numbered like its interface and a pcap record on --in-port; may be repeated (records "
                 "merged by timestamp)")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  app.add_option("--in-port", in_port,
                 "ingress port of classic pcap records given without :PORT (given explicitly: of pcapng records too)")
      ->check(CLI::Range(0, 3));
  app.add_flag("--pad", pad,
               "pad frames shorter than 60 bytes (without FCS) with zeros to 60 bytes, as the sending NIC does "
               "(captures taken on a host are often unpadded; off, the engine drops them as runts)");
  app.add_option("--config", config, "router configuration (JSON, docs/feature-set.md section 2)");
  app.add_flag("--derive-config", derive,
               "derive the configuration and each record's ingress port from the capture's addresses (one --pcap "
               "FILE): one port per MAC, host routes and neighbours for the addresses seen, ARP targets answered "
               "(docs/engine.md, \"Replaying a capture\")");
  app.add_option("--write-config", write_config, "with --derive-config: write the derived configuration to FILE");
  app.add_option("--packets", packets, "generated packets (without --pcap), or at most this many records")
      ->check(CLI::Range(std::size_t{1}, std::size_t{100'000'000}));
  app.add_option("--seed", seed, "seed of the traffic generator and the simulation");
  app.add_option("--trace", trace, "write an FST waveform to this file (runs the checked engine build: assertions on, slower)");
  app.add_flag("--json", json, "print the report as JSON");
  app.add_option("--out", out_path,
                 "output frames: NAME.pcapng has one interface per egress port (port0..port3) and one for the host "
                 "stream (host); any other name is classic pcap with the egress frames only")
      ->capture_default_str();
  app.add_option("--host", host_path, "frames to the host, classic pcap (default host.pcap with a classic --out; "
                                      "with a .pcapng --out only when given)");
  app.add_option("--verdicts", verdicts_path, "write one JSON line per input packet: its fate, next to the golden model's");
  app.add_option("--clock-mhz", clock_mhz,
                 fmt::format("engine clock for the Mpps figure and the output timestamps (default {} MHz, the {})",
                             kDefaultClockMhz, kDefaultClockSource))
      ->check(CLI::PositiveNumber);
  app.add_option("--image", image, "firmware image prefix (PREFIX.bin, PREFIX.json)");
  app.add_flag("--no-progress", no_progress, "no progress bar");
  app.add_flag("--firewall", firewall,
               "enable the stateful firewall on the configuration (docs/feature-set.md section 12): the image router_fw "
               "on the engine with flow state, two-way session traffic when generating");
  app.add_flag("--no-firewall", no_firewall,
               "the router alone: the reference firmware on the default traffic mix (the run without --config, "
               "--pcap or --derive-config has the firewall on)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);
    std::cerr << "baton: " << e.what() << "\n";
    return kBadInput;
  }

  // The default run is the firewall's (issue: the reference configuration has inside and outside
  // ports); captures and given configurations keep what they say.
  if (firewall && no_firewall) {
    std::cerr << "baton: --firewall and --no-firewall contradict each other\n";
    return kBadInput;
  }
  const bool default_run = app.count("--config") == 0 && pcaps.empty() && !derive;
  if (default_run && !no_firewall) firewall = true;

  const std::string clock_source =
      app.count("--clock-mhz") > 0 ? std::string("given with --clock-mhz") : std::string(kDefaultClockSource);

  Firmware fw;
  std::string config_text;
  std::vector<std::uint64_t> offer_at;  // firewall: each packet's offer cycle (the golden clock)
  std::vector<golden::Packet> pkts;
  std::uint64_t time_base_ns = 0;  // the input's first capture time; 0 for generated traffic
  std::size_t padded = 0;
  const auto g = default_geometry(4);
  std::vector<LoadOp> plan;
  std::string input_desc = "default traffic mix";
  try {
    std::vector<CaptureSource> sources;
    for (const auto& a : pcaps) sources.push_back(parse_source(a, g.ports));
    if (!write_config.empty() && !derive) throw std::runtime_error("--write-config needs --derive-config");
    if (derive) {
      if (sources.size() != 1 || sources.front().port) {
        throw std::runtime_error("--derive-config takes exactly one --pcap FILE (without :PORT)");
      }
      if (app.count("--config") > 0 || app.count("--in-port") > 0) {
        throw std::runtime_error("--derive-config chooses the configuration and ports; drop --config and --in-port");
      }
      const auto file = net::read_pcap(sources.front().path);
      if (file.records.empty()) throw std::runtime_error(fmt::format("{}: no packets", sources.front().path));
      if (pad) {
        for (const auto& r : file.records) padded += r.data.size() < kMinFrame ? 1 : 0;
      }
      auto setup = capture_setup(file, g.ports, pad);
      if (!write_config.empty()) {
        std::ofstream o(write_config);
        if (!(o << setup.config_json << "\n")) throw std::runtime_error(fmt::format("{}: cannot write", write_config));
      }
      fw = load_firmware_text(image, setup.config_json, "derived configuration");
      plan = load_plan(fw.image, fw.blob, fw.blob_offset, g);
      pkts = std::move(setup.packets);
      if (pkts.size() > packets && app.count("--packets") > 0) pkts.resize(packets);
      const auto& r0 = file.records.front();
      time_base_ns = std::uint64_t{r0.ts_sec} * 1'000'000'000ULL + r0.ts_nsec;
      input_desc = sources.front().path + " (derived configuration)";
      sources.clear();
    } else {
      std::ifstream in(config);
      if (!in) throw std::runtime_error(fmt::format("{}: cannot open", config));
      config_text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
      if (firewall) config_text = with_firewall(config_text);
      if (no_firewall) config_text = without_firewall(config_text);
      fw = load_firmware_text(image, config_text, config);
      // The firewall's partitions are in router_fw; an explicit --image stays as given.
      if (fw.config.firewall.enabled && app.count("--image") == 0) {
        fw = load_firmware_text(firewall_image_prefix(), config_text, config);
      }
      plan = load_plan(fw.image, fw.blob, fw.blob_offset, g);
    }
    if (derive && firewall) throw std::runtime_error("--firewall takes a configuration: drop --derive-config");
    if (!sources.empty()) {
      // An explicit --in-port also places pcapng records given without :PORT.
      if (app.count("--in-port") > 0) {
        for (auto& s : sources) {
          if (!s.port) s.port = in_port;
        }
      }
      auto t = replay_traffic(sources, in_port, g.ports);
      if (t.packets.empty()) throw std::runtime_error(fmt::format("{}: no packets", pcaps.front()));
      if (t.packets.size() > packets && app.count("--packets") > 0) {
        t.packets.resize(packets);
        t.ts_ns.resize(packets);
      }
      for (std::size_t i = 0; i < t.packets.size(); ++i) {
        // Still legal input for the engine (runts are dropped in hardware); only absurd sizes stop.
        if (t.packets[i].frame.size() > 65535) {
          throw std::runtime_error(fmt::format("packet {} of the input is {} bytes long", i, t.packets[i].frame.size()));
        }
      }
      pkts = std::move(t.packets);
      time_base_ns = t.ts_ns.front();
      // The firewall's clock is the packets' arrival: the capture's times at the stated clock.
      for (const auto ns : fw.config.firewall.enabled ? t.ts_ns : std::vector<std::uint64_t>{}) {
        offer_at.push_back(static_cast<std::uint64_t>(std::llround(static_cast<double>(ns - t.ts_ns.front()) * clock_mhz / 1000.0)));
      }
      input_desc.clear();
      for (const auto& a : pcaps) input_desc += (input_desc.empty() ? "" : ", ") + a;
    } else if (!derive && fw.config.firewall.enabled) {
      // Two-way sessions with loss, duplication and reordering, paced within what the engine
      // retires on the firewall's path (docs/performance.md), each connection's packets further
      // apart than an event's latency.
      FirewallSchedule s;
      s.mean_gap = 2000;
      s.conn_gap = 20000;
      s.mix.active = 24;
      s.mix.inside_ports = inside_ports(fw.config);
      auto t = firewall_traffic(config_text, packets, seed, g.ports, s);
      pkts = std::move(t.packets);
      offer_at = std::move(t.at);
      input_desc = "two-way sessions (firewall)";
    } else if (!derive) {
      pkts = generated_traffic(fw, packets, seed, g.ports);
    }
    if (pad) {
      for (auto& p : pkts) {
        if (p.frame.size() < kMinFrame) {
          p.frame.resize(kMinFrame, 0);
          ++padded;
        }
      }
    }
  } catch (const std::exception& e) {
    std::cerr << "baton: " << e.what() << "\n";
    return kBadInput;
  }

  EnvOptions opt;
  opt.seed = seed;
  opt.trace = !trace.empty();
  opt.wave_file = trace.empty() ? "baton.fst" : trace;
  Progress progress(!no_progress && !json && isatty(2));
  std::unique_ptr<Outputs> outs;
  std::ofstream verdicts_file;
  RunStats stats;
  HwCounters hw;
  EngineStats es;
  FlowRun flows;
  std::unique_ptr<Scoreboard> sb;
  // The firewall: the golden router's counters for the planned arrivals, the verdicts the arrival
  // times the ports saw would give where they differ from the planned ones, and the live
  // connections by state at the end.
  golden::FirewallCounters fwc;
  std::size_t fw_timing_differs = 0;
  std::array<std::uint64_t, golden::kConnStates> fw_live{};
  try {
    outs = std::make_unique<Outputs>(out_path, host_path, app.count("--host") > 0, g.ports);
    if (!verdicts_path.empty()) {
      verdicts_file.open(verdicts_path, std::ios::trunc);
      if (!verdicts_file) throw std::runtime_error(fmt::format("{}: cannot create", verdicts_path));
    }
    // The default engine, or the same with flow state when the configuration enables accounting
    // or the firewall.
    const auto simulate = [&](auto& env) {
      env.load(plan);
      env.configure(fw.image, fw.config);
      env.reg_write(csr::kTopClear, 1);
      sb = std::make_unique<Scoreboard>(fw.config, g.ports);
      if (fw.config.firewall.enabled) {
        sb->preset_verdicts(firewall_verdicts(fw.config, pkts, offer_at, &fwc));
        env.set_offer_times(offer_at);
      }
      // Output time: the input's time base plus the engine's cycles since the run began.
      const std::uint64_t run_start = env.sim().cycle();
      env.on_frame = [&](unsigned o, const std::vector<std::uint8_t>& f, std::uint64_t cycle, std::size_t) {
        const double ns = static_cast<double>(cycle - run_start) * 1000.0 / clock_mhz;
        outs->write(o, f, time_base_ns + static_cast<std::uint64_t>(std::llround(ns)));
      };
      stats = env.run(pkts, *sb, [&](std::size_t d, std::size_t t) { progress.update(d, t); });
      progress.finish();
      if (fw.config.accounting.enabled) flows = collect_flows(env, *sb, pkts.size(), fw.config.accounting.idle_timeout);
      std::size_t timeout_dones = 0;  // the firewall's timeout events end with DONE
      for (const auto& e : env.packetless()) timeout_dones += e.code == 0x111 ? 1 : 0;
      hw = env.read_counters();
      es = env.read_stats();
      hw.to_host -= flows.exports;  // the engine's own messages, not packets' fates
      if (fw.config.firewall.enabled) {
        // Timeout events keep ending while the counters are read: at least those seen, at most
        // those the flow unit dispatched.
        const std::uint64_t dispatched = env.reg_read(csr::flow_counter(9));
        if (hw.done >= timeout_dones && hw.done <= dispatched) hw.done = 0;
        std::vector<std::uint64_t> arrival(pkts.size());
        for (std::size_t i = 0; i < pkts.size(); ++i) arrival[i] = env.arrival_time(i);
        const auto seen = firewall_verdicts(fw.config, pkts, arrival, nullptr, &fw_live);
        for (std::size_t i = 0; i < pkts.size(); ++i) {
          const auto& a = seen[i];
          const auto& b = sb->verdict(i);
          if (a.action != b.action || a.reason != b.reason || a.port != b.port || a.frame != b.frame) ++fw_timing_differs;
        }
      }
      sb->finish(hw);
    };
    // The FAST models (no assertions, no tracing) unless waves are asked for: the checked models
    // are the regression's, and their assertions still stop a traced run.
    const bool flow_state = fw.config.accounting.enabled || fw.config.firewall.enabled;
    if (flow_state && opt.trace) {
      EngineEnv<Vengine_t4_fs> env(g, opt);
      simulate(env);
    } else if (flow_state) {
      EngineEnv<Vengine_t4_fs_fast> env(g, opt);
      simulate(env);
    } else if (opt.trace) {
      EngineEnv<Vengine_t4> env(g, opt);
      simulate(env);
    } else {
      EngineEnv<Vengine_t4_fast> env(g, opt);
      simulate(env);
    }
    outs->close();
  } catch (const std::exception& e) {
    progress.finish();
    std::cerr << "baton: " << e.what() << "\n";
    return kBadInput;
  }

  // Flow accounting: the exported records against the golden model's, from the arrival times the
  // ports saw and the run's own latency bound. Input the golden model cannot decide (a packet in
  // a flow's expiry window) is reported, not compared.
  const bool accounting = fw.config.accounting.enabled;
  std::map<unsigned, std::uint64_t> by_reason;
  std::uint64_t acct_packets = 0, acct_octets = 0;
  std::vector<std::string> flow_errors;
  std::string flow_note;
  std::size_t golden_records_n = 0;
  if (accounting) {
    for (const auto& m : flows.messages) {
      if (const auto r = golden::FlowRecord::parse(m)) {
        ++by_reason[static_cast<unsigned>(r->reason)];
        acct_packets += r->packets;
        acct_octets += r->octets;
      }
    }
    try {
      const auto want = golden_records(fw.config, pkts, flows.arrival, {.latency = flows.max_latency, .scan = kTimerScan});
      golden_records_n = want.size();
      flow_errors = compare_records(want, flows.messages);
    } catch (const golden::AmbiguousTiming& e) {
      flow_note = e.what();
    }
  }
  const bool flows_ok = flow_errors.empty();

  const auto verdicts = sb->verdicts();
  std::uint64_t runt_drops = 0;
  for (const auto& v : verdicts) {
    if (v.fate == Fate::kDropped && v.reason == static_cast<unsigned>(golden::Drop::kRunt)) ++runt_drops;
  }
  const bool suggest_pad = !pad && runt_drops > 0;
  const std::string pad_hint = fmt::format(
      "{} packets were dropped as runts (shorter than {} bytes); captures taken on a host are often unpadded: --pad "
      "pads them with zeros as the sending NIC would",
      runt_drops, kMinFrame);
  if (verdicts_file.is_open()) {
    for (const auto& v : verdicts) {
      nlohmann::json l;
      l["index"] = v.index;
      l["in_port"] = v.in_port;
      l["verdict"] = std::string(verdict_name(v));
      const bool dropped = v.fate == Fate::kDropped;
      l["reason"] = dropped ? nlohmann::json(v.reason) : nlohmann::json(nullptr);
      l["reason_name"] = dropped ? nlohmann::json(reason_name(v.reason)) : nlohmann::json(nullptr);
      l["out_port"] = v.fate == Fate::kSent ? nlohmann::json(v.out_port) : nlohmann::json(nullptr);
      l["latency_cycles"] = v.latency;
      l["ok"] = v.ok;
      l["golden"] = std::string(golden::name(v.expected));
      const auto& gv = sb->verdict(v.index);
      const bool golden_sends = gv.action == golden::Action::kForward || gv.action == golden::Action::kReply;
      l["golden_port"] = golden_sends ? nlohmann::json(gv.port) : nlohmann::json(nullptr);
      verdicts_file << l.dump() << "\n";
    }
    verdicts_file.close();
    if (!verdicts_file) {
      std::cerr << "baton: " << verdicts_path << ": write failed\n";
      return kBadInput;
    }
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
                   {"clock_mhz", clock_mhz}, {"clock_source", clock_source}, {"seed", seed}, {"input", pcaps.empty() ? "generator" : input_desc},
                   {"pad", pad}};
    j["packets_offered"] = pkts.size();
    j["packets_in"] = hw.rx();
    j["packets_out"] = {{"ports", std::vector<std::uint64_t>(hw.port_tx.begin(), hw.port_tx.begin() + g.ports)},
                        {"host", hw.to_host}, {"done", hw.done}};
    nlohmann::json drops = nlohmann::json::object();
    for (unsigned r = 0; r < 256; ++r) {
      if (hw.drop[r] != 0) drops[fmt::format("0x{:02x} {}", r, reason_name(r))] = hw.drop[r];
    }
    j["dropped"] = drops;
    j["padded"] = padded;
    j["runt_drops"] = runt_drops;
    if (suggest_pad) j["hint"] = pad_hint;
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
    j["pager"] = {{"loads", es.pg_loads},           {"evictions", es.pg_evictions},
                  {"pages", es.pg_pages},           {"page_faults", es.pg_faults},
                  {"fault_cycles", es.pg_fault_cycles}, {"longest_fault_cycles", es.pg_fault_max},
                  {"victim_wait_cycles", es.pg_victim_wait}, {"rebalances", es.pg_rebalances},
                  {"errors", es.pg_errors}};
    nlohmann::json bins = nlohmann::json::array();
    for (const auto& [lo, n] : lat.bins) bins.push_back({{"from", lo}, {"count", n}});
    j["latency_cycles"] = {{"min", lat.min}, {"mean", lat.mean}, {"p50", lat.p50}, {"p99", lat.p99}, {"max", lat.max},
                           {"histogram", bins}};
    j["golden_mismatches"] = sb->mismatches();
    j["errors"] = sb->errors();
    if (fw.config.firewall.enabled) {
      nlohmann::json live;
      for (std::size_t st = 0; st < golden::kConnStates; ++st) live[std::string(golden::name(static_cast<golden::ConnState>(st)))] = fw_live[st];
      nlohmann::json drops;
      for (const unsigned r : {0x60U, 0x61U, 0x62U, 0x63U, 0x70U, 0x71U, 0x72U}) drops[std::string(reason_name(r))] = hw.drop[r];
      j["firewall"] = {{"accepted_new", fwc.accepted_new}, {"accepted_established", fwc.accepted_established},
                       {"accepted_related", fwc.accepted_related}, {"created", fwc.created}, {"expired", fwc.expired},
                       {"live_by_state", live}, {"drops", drops}, {"verdicts_timing_decided", fw_timing_differs}};
    }
    if (accounting) {
      j["flow_accounting"] = {{"idle_timeout", fw.config.accounting.idle_timeout},
                              {"records", flows.messages.size()},
                              {"idle", by_reason[1]}, {"fin", by_reason[2]}, {"rst", by_reason[3]},
                              {"packets", acct_packets}, {"octets", acct_octets},
                              {"lookups", flows.lookups}, {"flows_inserted", flows.inserts},
                              {"flows_left", flows.left}, {"max_latency_cycles", flows.max_latency},
                              {"golden_compared", flow_note.empty()}, {"golden_records", golden_records_n},
                              {"golden_differences", flow_errors.size()}, {"golden_errors", flow_errors},
                              {"note", flow_note}};
    }
    std::cout << j.dump(2) << "\n";
  } else {
    fmt::print("Baton engine: {} tiles x {} threads, {} ports, {} packet slots; reference firmware\n", g.tiles,
               g.threads, g.ports, g.slots);
    fmt::print("clock: {} MHz, {}\n", clock_mhz, clock_source);
    fmt::print("input: {} ({} packets{}{})\n\n", input_desc, pkts.size(),
               pcaps.empty() ? fmt::format(", seed {}", seed) : std::string(),
               pad ? fmt::format(", {} padded to {} bytes", padded, kMinFrame) : std::string());
    fmt::print("packets in        {}\n", hw.rx());
    for (unsigned p = 0; p < g.ports; ++p) fmt::print("out port {}        {}\n", p, hw.port_tx[p]);
    fmt::print("to host           {}\n", hw.to_host);
    fmt::print("dropped           {}\n", dropped);
    for (unsigned r = 0; r < 256; ++r) {
      if (hw.drop[r] != 0) fmt::print("  0x{:02x} {:<28} {}\n", r, reason_name(r), hw.drop[r]);
    }
    if (suggest_pad) fmt::print("note: {}\n", pad_hint);
    fmt::print("\ncycles            {}\n", stats.cycles);
    fmt::print("packets/cycle     {:.4f}  ({:.2f} Mpps at {} MHz: {})\n", ppc, ppc * clock_mhz, clock_mhz,
               clock_source);
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
    fmt::print("\npager: {} loads ({} pages), {} evictions, {} page faults", es.pg_loads, es.pg_pages, es.pg_evictions,
               es.pg_faults);
    if (es.pg_faults != 0) {
      fmt::print(" ({} cycles on average, longest {})", es.pg_fault_cycles / es.pg_faults, es.pg_fault_max);
    }
    fmt::print(", {} rebalances, {} victim-wait cycles, {} errors\n", es.pg_rebalances, es.pg_victim_wait,
               es.pg_errors);
    fmt::print("\nlatency (cycles, last input beat to last output beat): min {} mean {:.0f} p50 {} p99 {} max {}\n",
               lat.min, lat.mean, lat.p50, lat.p99, lat.max);
    std::uint64_t most = 1;
    for (const auto& [lo, n] : lat.bins) most = std::max(most, n);
    for (const auto& [lo, n] : lat.bins) {
      fmt::print("  {:>6}..{:<6} {:>7} {}\n", lo, lo == 0 ? 0 : 2 * lo - 1, n, std::string(50 * n / most, '*'));
    }
    fmt::print("\ngolden model: {} outputs matched, {} mismatches\n", sb->matched(), sb->mismatches());
    for (const auto& e : sb->errors()) fmt::print("  {}\n", e);
    if (accounting) {
      fmt::print("\nflow accounting (idle timeout {} cycles): {} records to the host ({} idle, {} fin, {} rst), "
                 "{} packets, {} octets\n", fw.config.accounting.idle_timeout, flows.messages.size(), by_reason[1],
                 by_reason[2], by_reason[3], acct_packets, acct_octets);
      fmt::print("  flow table: {} lookups, {} flows inserted, {} left at the end\n", flows.lookups, flows.inserts, flows.left);
      if (flow_note.empty()) {
        fmt::print("  golden model: {} records expected, {} differences\n", golden_records_n, flow_errors.size());
      } else {
        fmt::print("  golden model: not compared: {}\n", flow_note);
      }
      for (std::size_t i = 0; i < flow_errors.size() && i < 10; ++i) fmt::print("  {}\n", flow_errors[i]);
    }
    if (fw.config.firewall.enabled) {
      fmt::print("\nfirewall (golden model, arrival order): {} new, {} established, {} related accepted; {} connections "
                 "created, {} expired\n", fwc.accepted_new, fwc.accepted_established, fwc.accepted_related, fwc.created,
                 fwc.expired);
      fmt::print("  live at the end:");
      for (std::size_t st = 0; st < golden::kConnStates; ++st) {
        if (fw_live[st] != 0) fmt::print(" {} {}", golden::name(static_cast<golden::ConnState>(st)), fw_live[st]);
      }
      fmt::print("\n  engine drops:");
      for (const unsigned r : {0x60U, 0x61U, 0x62U, 0x63U, 0x70U, 0x71U, 0x72U}) fmt::print(" {} {}", reason_name(r), hw.drop[r]);
      fmt::print("\n");
      if (fw_timing_differs != 0) {
        fmt::print("  {} verdicts differ when the golden model takes the arrival times the ports saw: the input came "
                   "faster than the engine took it\n", fw_timing_differs);
      }
    }
    fmt::print("{}\n", outs->summary(out_path, host_path));
    if (!verdicts_path.empty()) fmt::print("wrote {} ({} verdicts)\n", verdicts_path, verdicts.size());
  }
  return sb->mismatches() == 0 && flows_ok && fw_timing_differs == 0 && !stats.timed_out && es.pg_errors == 0 ? 0 : 1;
}
