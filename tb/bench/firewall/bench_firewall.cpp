// SPDX-License-Identifier: Apache-2.0
// baton-bench-firewall: the stateful firewall (docs/firewall.md, docs/feature-set.md section 12)
// on the RTL engine with flow state, 4 and 8 tiles x 4 threads (engine_t4_fs, engine_t8_fs), the
// image router_fw and the reference configuration with the firewall on; docs/performance.md
// "Stateful firewall". Per tile count, on one engine, phases run one after the other:
//   1. setup: N TCP connections from the inside ports (0, 1) to servers behind the outside ports
//      (2, 3), their SYNs back to back, then their SYN-ACKs, then their ACKs (each phase holds one
//      packet per connection, so the order within a phase does not change a verdict): connection
//      setups per 1 000 cycles, instructions per handshake packet;
//   2. established, saturated: small segments (frames of at most 80 bytes, ACK or PSH+ACK, both
//      directions) of the N connections back to back: segments per 1 000 cycles, instructions
//      and tile issue cycles per segment (every tile's counters over the phase / segments);
//   3. established, one at a time: arrival -> verdict latency of a segment through every stage
//      (fw_in, ipv4's firewall entry, fw_est; the lookups and hand-offs between them).
// Then the mix: the same two-way session traffic (tb/net sessions, the test's faults) offered as
// fast as the ports take it, with the firewall (router_fw) and without it (the image router on
// the same engine): packets per 1 000 cycles and instructions per packet.
//
// Every packet is checked against the golden router fed in arrival order (scoreboard with preset
// verdicts). The verdicts are planned from the offer times and recomputed from the arrival times
// the ports saw; where the two differ (a port's queue delayed a packet past one of its
// connection's other packets) the engine's fate is compared with the recomputed verdict.
//
//   baton-bench-firewall [--tiles 4,8] [--connections N] [--segments M] [--mix-packets K]
//                        [--seed S] [--json]
// Exit status 1 when a packet's fate differs from the golden verdict, 2 for bad arguments.
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <iostream>

#include "Vengine_t4_fs.h"
#include "Vengine_t8_fs.h"
#include "baton/env/engine/configs.hpp"
#include "baton/env/engine/engine_env.hpp"
#include "baton/env/engine/firewall.hpp"
#include "baton/env/engine/setup.hpp"

namespace {

using namespace baton;
using namespace baton::env::engine;

constexpr unsigned kPorts = 4;
constexpr unsigned kBusy = 5;       // flow unit counter: events refused busy (a flow's queue full)
constexpr unsigned kTmoEvents = 9;  // flow unit counter: timeout events dispatched
constexpr unsigned kFwBusy = 0x63;  // drop reason fw_busy
// Long enough that nothing expires during a run (the phases are about timing, not expiry).
const std::string kLongTimeouts =
    R"({"tcp_syn_sent": 50000000, "tcp_syn_recv": 50000000, "tcp_established": 50000000,
  "tcp_fin_wait": 50000000, "tcp_close_wait": 50000000, "tcp_last_ack": 50000000, "tcp_time_wait": 50000000,
  "tcp_close": 50000000, "udp": 50000000, "udp_stream": 50000000})";

struct Summary {
  double mean = 0;
  std::uint64_t p50 = 0, p99 = 0, max = 0;
};
Summary summarize(std::vector<std::uint64_t> v) {
  Summary s;
  if (v.empty()) return s;
  std::sort(v.begin(), v.end());
  const auto at = [&](double q) {
    return v[std::min(v.size() - 1, static_cast<std::size_t>(q * static_cast<double>(v.size())))];
  };
  double sum = 0;
  for (auto x : v) sum += static_cast<double>(x);
  s.mean = sum / static_cast<double>(v.size());
  s.p50 = at(0.5);
  s.p99 = at(0.99);
  s.max = v.back();
  return s;
}

struct Phase {
  std::string name;
  std::vector<golden::Packet> pkts;
  std::vector<std::uint64_t> at;  // offer times relative to the run's start; empty: back to back
};

struct PhaseResult {
  std::string name;
  std::size_t packets = 0;
  std::uint64_t cycles = 0, instructions = 0, issue = 0, timeouts = 0, busy = 0;
  Summary latency, hop;
  std::size_t hops = 0;
};

struct Checked {
  std::size_t bad = 0, timing_differs = 0;
  std::size_t busy_drops =
      0;  // fw_busy: the lookup refused an event (a resource drop, never predicted)
  std::vector<std::string> errors;
};

// The engine's fate against a golden verdict: action, port and drop reason.
bool same_fate(const PacketVerdict& got, const golden::Verdict& v) {
  switch (v.action) {
    case golden::Action::kForward:
    case golden::Action::kReply:
      return got.fate == Fate::kSent && got.out_port == v.port;
    case golden::Action::kToHost:
      return got.fate == Fate::kToHost;
    case golden::Action::kDrop:
      return got.fate == Fate::kDropped && got.reason == static_cast<unsigned>(v.reason);
  }
  return false;
}

bool same_verdict(const golden::Verdict& a, const golden::Verdict& b) {
  return a.action == b.action && a.reason == b.reason && a.port == b.port && a.frame == b.frame;
}

// Runs `phases` one after the other on one engine booted with `fw`. `firewall`: the verdicts
// come from the firewall's golden run over every phase in arrival order.
template <typename Model>
std::vector<PhaseResult> run_phases(unsigned tiles, const Firmware& fw,
                                    const std::vector<Phase>& phases, bool firewall,
                                    std::uint64_t seed, Checked& chk) {
  EnvOptions o;
  o.seed = seed;
  EngineEnv<Model> env(default_geometry(tiles), o);
  env.boot(fw);
  // Planned verdicts: every phase's packets in order, phase after phase (10 000 000 cycles apart;
  // the whole plan spans less than the timeouts).
  std::vector<golden::Packet> all;
  std::vector<std::uint64_t> planned_at;
  for (std::size_t k = 0; k < phases.size(); ++k) {
    std::uint64_t last = 0;
    for (std::size_t i = 0; i < phases[k].pkts.size(); ++i) {
      all.push_back(phases[k].pkts[i]);
      last = phases[k].at.empty() ? last + 1 : phases[k].at[i];
      planned_at.push_back(k * 10'000'000ULL + last);
    }
  }
  const auto planned =
      firewall ? firewall_verdicts(fw.config, all, planned_at) : std::vector<golden::Verdict>{};
  std::vector<std::uint64_t> arrival, admitted;
  std::vector<PacketVerdict> got;
  std::vector<PhaseResult> out;
  std::size_t base = 0;
  for (const auto& ph : phases) {
    Scoreboard sb(fw.config, kPorts);
    if (firewall)
      sb.preset_verdicts({planned.begin() + static_cast<std::ptrdiff_t>(base),
                          planned.begin() + static_cast<std::ptrdiff_t>(base + ph.pkts.size())});
    sb.allow_resource_drops(false);
    env.set_offer_times(ph.at);
    const auto before = env.read_counters();
    const auto es0 = env.read_stats();
    const std::uint32_t tmo0 = env.reg_read(csr::flow_counter(kTmoEvents));
    const std::uint32_t busy0 = env.reg_read(csr::flow_counter(kBusy));
    const auto st = env.run(ph.pkts, sb);
    const auto es1 = env.read_stats();
    PhaseResult r;
    r.name = ph.name;
    r.packets = ph.pkts.size();
    r.cycles = st.cycles;
    for (unsigned t = 0; t < tiles; ++t) {
      r.instructions += static_cast<std::uint32_t>(es1.retire[t] - es0.retire[t]);
      r.issue += static_cast<std::uint32_t>(es1.issue[t] - es0.issue[t]);
    }
    r.timeouts = static_cast<std::uint32_t>(env.reg_read(csr::flow_counter(kTmoEvents)) - tmo0);
    r.busy = static_cast<std::uint32_t>(env.reg_read(csr::flow_counter(kBusy)) - busy0);
    r.latency = summarize(st.latency);
    r.hop = summarize(st.hop_latency);
    r.hops = st.hop_latency.size();
    sb.finish(counters_since(env.read_counters(), before));
    if (st.timed_out) {
      ++chk.bad;
      chk.errors.push_back(
          fmt::format("{} tiles, {}: timed out at cycle {}", tiles, ph.name, env.sim().cycle()));
    }
    const auto v = sb.verdicts();
    for (std::size_t i = 0; i < ph.pkts.size(); ++i) {
      arrival.push_back(env.arrival_time(i));
      admitted.push_back(env.admission_time(i).value_or(arrival.back()));
      got.push_back(v[i]);
      // Without the firewall the scoreboard's own verdicts stand; with it, see below.
      if (!firewall && !v[i].ok) ++chk.bad;
    }
    if (!firewall) {
      for (const auto& e : sb.errors())
        chk.errors.push_back(fmt::format("{} tiles, {}: {}", tiles, ph.name, e));
    }
    base += ph.pkts.size();
    out.push_back(r);
  }
  if (firewall) {
    // The verdicts from the arrival times the ports saw, in the order the ingress admitted the
    // frames (under load a port's queue can hold a packet back past another port's packet of the
    // same connection): where they equal the planned ones, the scoreboard checked the fate and
    // the bytes; elsewhere the fate is checked here.
    const auto seen = firewall_verdicts(fw.config, all, arrival, nullptr, nullptr, &admitted);
    for (std::size_t i = 0; i < all.size(); ++i) {
      const bool differs = !same_verdict(seen[i], planned[i]);
      chk.timing_differs += differs ? 1 : 0;
      if (got[i].fate == Fate::kDropped && got[i].reason == kFwBusy) {
        ++chk.busy_drops;  // compared with the lookup's busy refusals in main()
        continue;
      }
      const bool ok = differs ? same_fate(got[i], seen[i]) : got[i].ok;
      if (!ok) {
        ++chk.bad;
        if (chk.errors.size() < 20) {
          chk.errors.push_back(
              fmt::format("{} tiles: packet {} (port {}): engine {} reason {:#x}, golden {} {}",
                          tiles, i, all[i].port, verdict_name(got[i]), got[i].reason,
                          golden::name(seen[i].action), golden::name(seen[i].reason)));
        }
      }
    }
  }
  return out;
}

std::vector<PhaseResult> run_tiles(unsigned tiles, const Firmware& fw,
                                   const std::vector<Phase>& phases, bool firewall,
                                   std::uint64_t seed, Checked& chk) {
  switch (tiles) {
    case 4:
      return run_phases<Vengine_t4_fs>(4, fw, phases, firewall, seed, chk);
    case 8:
      return run_phases<Vengine_t8_fs>(8, fw, phases, firewall, seed, chk);
    default:
      throw std::runtime_error(fmt::format("--tiles: {} is not one of 4, 8", tiles));
  }
}

double per_k(std::size_t n, std::uint64_t cycles) {
  return cycles ? 1000.0 * static_cast<double>(n) / static_cast<double>(cycles) : 0;
}
double per(std::uint64_t x, std::size_t n) {
  return n ? static_cast<double>(x) / static_cast<double>(n) : 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"baton-bench-firewall: the stateful firewall on the RTL engine (golden-checked)"};
  std::vector<unsigned> tiles{4, 8};
  std::size_t connections = 512, segments = 4000, mix_packets = 3000, light = 64;
  std::uint64_t seed = 1;
  bool json = false;
  app.add_option("--tiles", tiles, "tile counts (4, 8)")->delimiter(',');
  app.add_option("--connections", connections, "TCP connections set up")
      ->check(CLI::Range(std::size_t{1}, std::size_t{60000}));
  app.add_option("--segments", segments, "established segments, saturated")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1000000}));
  app.add_option("--mix-packets", mix_packets, "session-mix packets, firewall on and off")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1000000}));
  app.add_option("--seed", seed, "stimulus seed");
  app.add_flag("--json", json, "JSON output");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);
    std::cerr << "baton-bench-firewall: " << e.what() << "\n";
    return 2;
  }
  nlohmann::json j;
  Checked chk;
  std::uint64_t busy_refusals = 0;
  try {
    const std::string ref = read_text_file(default_config_path());
    const std::string cfg_long = with_firewall(ref, kLongTimeouts);
    const Firmware fw_long = load_firmware_text(firewall_image_prefix(), cfg_long,
                                                "reference configuration, firewall, long timeouts");
    const std::string cfg_fw = with_firewall(ref);
    const Firmware fw_on = load_firmware_text(firewall_image_prefix(), cfg_fw,
                                              "reference configuration with the firewall");
    const Firmware fw_off = load_firmware(default_image_prefix(), default_config_path());

    TcpConnections ct(cfg_long, connections, seed);
    std::vector<Phase> phases;
    phases.push_back({"SYN", ct.syn(), {}});
    phases.push_back({"SYN-ACK", ct.syn_ack(), {}});
    phases.push_back({"ACK", ct.ack(), {}});
    phases.push_back({"established, saturated", ct.established(segments), {}});
    Phase one{"established, one at a time", ct.established(light), {}};
    for (std::size_t i = 0; i < one.pkts.size(); ++i) one.at.push_back(20000 * i);
    phases.push_back(std::move(one));

    // The mix: two-way sessions with loss, duplication and reordering, opened from inside but
    // for 10 % (refused), as baton generates them; a connection's packets at least 300 cycles
    // apart (the golden model takes them in admission order, so the gap is not needed for
    // ordering; it keeps a connection's events in flight below the lookup's per-flow bound),
    // otherwise offered as fast as the ports take them.
    FirewallSchedule s;
    s.mean_gap = 1;
    s.conn_gap = 300;
    s.mix.inside_ports = inside_ports(fw_on.config);
    // 256 sessions open at once, equally popular and short (at most 8 exchanges): the connection
    // gap then bounds neither the offered rate nor the run's length.
    s.mix.active = 256;
    s.mix.zipf = 0;
    s.mix.max_exchanges = 8;
    const TimedTraffic mix = firewall_traffic(cfg_fw, mix_packets, seed, kPorts, s);
    // Bounds the tiles do not set: each port's beats (8 bytes per cycle) in, and out as the
    // golden router without the firewall sends them.
    std::array<std::uint64_t, kPorts> beats_in{}, beats_out{};
    golden::Router router_off(fw_off.config);
    for (const auto& p : mix.packets) {
      beats_in[p.port] += (p.frame.size() + 7) / 8;
      const auto v = router_off.process(p);
      if ((v.action == golden::Action::kForward || v.action == golden::Action::kReply) &&
          v.port < kPorts) {
        beats_out[v.port] += (v.frame.size() + 7) / 8;
      }
    }
    j["mix_beats_in"] = beats_in;
    j["mix_beats_out_firewall_off"] = beats_out;
    if (!json) {
      fmt::print(
          "session mix: {} packets, offered over {} cycles; beats per port in {}, out without the "
          "firewall {}\n",
          mix.packets.size(), mix.at.back(), fmt::join(beats_in, ", "), fmt::join(beats_out, ", "));
    }

    for (const unsigned t : tiles) {
      const auto rs = run_tiles(t, fw_long, phases, true, seed, chk);
      const auto on =
          run_tiles(t, fw_on, {{"mix, firewall on", mix.packets, mix.at}}, true, seed, chk).front();
      const auto off =
          run_tiles(t, fw_off, {{"mix, firewall off", mix.packets, mix.at}}, false, seed, chk)
              .front();
      const std::uint64_t setup_cycles = rs[0].cycles + rs[1].cycles + rs[2].cycles;
      const std::uint64_t setup_instr =
          rs[0].instructions + rs[1].instructions + rs[2].instructions;
      for (const auto& r : rs) busy_refusals += r.busy;
      busy_refusals += on.busy + off.busy;
      const PhaseResult& est = rs[3];
      const PhaseResult& lat = rs[4];
      nlohmann::json jt;
      for (const auto& r : rs) {
        jt["phases"].push_back({{"name", r.name},
                                {"packets", r.packets},
                                {"cycles", r.cycles},
                                {"instructions", r.instructions},
                                {"issue_cycles", r.issue},
                                {"timeout_events", r.timeouts},
                                {"latency_mean", r.latency.mean},
                                {"latency_p50", r.latency.p50},
                                {"latency_p99", r.latency.p99},
                                {"hops", r.hops},
                                {"hop_mean", r.hop.mean},
                                {"busy", r.busy}});
      }
      jt["setups_per_1000_cycles"] = per_k(connections, setup_cycles);
      jt["instructions_per_setup"] = per(setup_instr, connections);
      jt["established_per_1000_cycles"] = per_k(est.packets, est.cycles);
      jt["instructions_per_established"] = per(est.instructions, est.packets);
      jt["issue_cycles_per_established"] = per(est.issue, est.packets);
      jt["tile_cycles_per_established"] = per(t * est.cycles, est.packets);
      jt["established_latency_mean"] = lat.latency.mean;
      for (const auto* m : {&on, &off}) {
        jt[m == &on ? "mix_on" : "mix_off"] = {
            {"packets", m->packets},
            {"cycles", m->cycles},
            {"per_1000_cycles", per_k(m->packets, m->cycles)},
            {"offered_over_cycles", mix.at.back()},
            {"instructions_per_packet", per(m->instructions, m->packets)}};
      }
      j[fmt::format("tiles_{}", t)] = jt;
      if (!json) {
        fmt::print("{} tiles x 4 threads, router_fw, {} connections, seed {}\n", t, connections,
                   seed);
        for (const auto& r : rs) {
          fmt::print(
              "  {:<28} {:>6} packets in {:>8} cycles = {:7.2f} /1000 cycles ({:.0f} tile cycles "
              "each); {:6.1f} "
              "instructions per packet; latency mean {:.0f} p50 {} p99 {}; {:.2f} hops/packet "
              "(mean {:.1f} cycles){}{}\n",
              r.name, r.packets, r.cycles, per_k(r.packets, r.cycles), per(t * r.cycles, r.packets),
              per(r.instructions, r.packets), r.latency.mean, r.latency.p50, r.latency.p99,
              per(r.hops, r.packets), r.hop.mean,
              r.timeouts ? fmt::format("; {} timeout events", r.timeouts) : "",
              r.busy ? fmt::format("; {} busy", r.busy) : "");
        }
        fmt::print(
            "  connection setups (SYN, SYN-ACK, ACK): {:.3f} per 1000 cycles, {:.1f} instructions "
            "each\n",
            per_k(connections, setup_cycles), per(setup_instr, connections));
        for (const auto* m : {&on, &off}) {
          fmt::print(
              "  {:<28} {:>6} packets in {:>8} cycles = {:7.2f} /1000 cycles; {:6.1f} instructions "
              "per "
              "packet; latency mean {:.0f} p99 {}{}\n",
              m->name, m->packets, m->cycles, per_k(m->packets, m->cycles),
              per(m->instructions, m->packets), m->latency.mean, m->latency.p99,
              m->busy ? fmt::format("; {} busy", m->busy) : "");
        }
      }
    }
  } catch (const std::exception& e) {
    std::cerr << "baton-bench-firewall: " << e.what() << "\n";
    return 2;
  }
  // Every busy refusal of the lookup ends as an fw_busy drop (the firmware's answer to status
  // busy); more fw_busy drops than refusals are the removal race of docs/firewall.md section 5.
  if (busy_refusals > chk.busy_drops) {
    ++chk.bad;
    chk.errors.push_back(fmt::format("{} busy refusals of the lookup but {} fw_busy drops",
                                     busy_refusals, chk.busy_drops));
  }
  j["busy_drops"] = chk.busy_drops;
  j["bad"] = chk.bad;
  j["timing_differs"] = chk.timing_differs;
  if (json) {
    std::cout << j.dump(2) << "\n";
  } else {
    fmt::print(
        "verdicts: {} wrong, {} decided by the arrival times rather than the plan; {} fw_busy "
        "drops ({} busy "
        "refusals of the lookup)\n",
        chk.bad, chk.timing_differs, chk.busy_drops, busy_refusals);
  }
  for (const auto& e : chk.errors) std::cerr << e << "\n";
  return chk.bad == 0 ? 0 : 1;
}
