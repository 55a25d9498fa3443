// SPDX-License-Identifier: Apache-2.0
// baton-bench-flow: flow state in the RTL engine (engine_t4_fs: 4 tiles x 4 threads, 65 544-flow
// table, 64 controller slots; docs/flow-state.md section 7, docs/performance.md "Flow state"), with
// the flowstamp firmware (sw/examples/flowstamp).
//   1. Sessions in both directions, every stamp checked against the stimulus: once with the
//      classes' lookup (find or insert) and once without (mode none: the same packets take no
//      flow state, stamp3 sends at once); offered back to back, and at a trickle (an idle engine:
//      the latencies of the path itself rather than queueing). Prints events, flows, cycles,
//      events per cycle, admission -> first instruction (which with a lookup holds the lookup, the
//      workspace staging and the tile's pull) and MIGRATE -> first instruction (with a lookup: the
//      write-back and the next tile's pull).
//   2. Table fill: single-packet flows of distinct keys on one port (so the controller decides them
//      in list order) until the table refuses one: the table load at the first refusal.
//
//   baton-bench-flow [--sessions N] [--seed S] [--no-fill] [--json]
// Exit status 1 when a stamp or fate differs from what the stimulus implies.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <iostream>
#include <map>
#include <numeric>
#include <string>
#include <vector>

#include "baton/env/engine/flowstamp.hpp"

namespace {

using namespace baton;
using namespace baton::env::engine;
using namespace baton::env::engine::flowstamp;
using Status = baton::abi::flow_state::Status;

double pct(std::vector<std::uint64_t> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return static_cast<double>(v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))]);
}
double mean(const std::vector<std::uint64_t>& v) {
  return v.empty() ? 0 : static_cast<double>(std::accumulate(v.begin(), v.end(), std::uint64_t{0})) / static_cast<double>(v.size());
}

// Checks every routed packet's stamp: with a lookup the counts of its flow so far, without one
// status none and zeros. Returns the number of wrong packets.
std::size_t check(const Traffic& t, const std::vector<Outcome>& fates, bool lookup) {
  std::size_t bad = 0;
  for (const Flow& f : t.flows) {
    std::uint32_t held = 0;
    for (const std::size_t i : f.packets) {
      const Outcome& d = fates[i];
      const auto& in = t.packets[i].frame;
      if (!d.sent || d.frame.size() != in.size() + 4 * kStampWords) {
        ++bad;
        continue;
      }
      const Stamp s = stamp_of(d.frame, in.size());
      if (!lookup) {
        bad += s.magic != kMagic || s.status != static_cast<std::uint32_t>(Status::kNone) || s.l3_packets != 0;
        continue;
      }
      if (s.status == static_cast<std::uint32_t>(Status::kBusy)) continue;
      ++held;
      bad += s.magic != kMagic || s.l3_packets != held || s.l4_packets != held;
    }
  }
  return bad;
}

struct Row {
  std::string name;
  std::size_t events = 0, flows = 0, bad = 0;
  std::uint64_t cycles = 0;
  std::vector<std::uint64_t> dispatch, hop;
};

// `rate`: the probability of an input beat per cycle and port (1: back to back; low: an idle
// engine, so the latencies are the path's own, not queueing).
Row run_sessions(const std::string& image, unsigned sessions, std::uint64_t seed, bool lookup, double rate) {
  EnvOptions o;
  o.seed = seed;
  o.in_rate = rate;
  FlowEngine e(image, o, false, lookup ? 2U : 0U);
  const Traffic t = make_traffic(seed, sessions, 8);
  auto r = e.run(t.packets);
  Row row;
  row.name = fmt::format("{}, {}", lookup ? "lookup (find or insert)" : "no lookup (mode none)",
                         rate >= 1.0 ? "back to back" : fmt::format("input rate {}", rate));
  for (const auto& f : t.flows) row.events += f.packets.size();
  row.flows = t.flows.size();
  row.cycles = r.stats.cycles;
  row.dispatch = r.stats.dispatch_latency;
  row.hop = r.stats.hop_latency;
  row.bad = check(t, r.fates, lookup) + r.errors.size();
  return row;
}

struct Fill {
  std::size_t offered = 0, inserted_before = 0, capacity = 65544;
  bool refused = false;
  std::uint64_t cycles = 0;
  std::size_t bad = 0;
};

Fill run_fill(const std::string& image, std::uint64_t seed) {
  EnvOptions o;
  o.seed = seed;
  FlowEngine e(image, o, false, 2);
  Fill f;
  f.offered = f.capacity + 4000;
  std::vector<golden::Packet> pk;
  const Mac ma = mac("02:00:00:00:00:01"), mb = mac("02:00:00:00:00:02");
  for (std::size_t i = 0; i < f.offered; ++i) {
    PacketBuilder b;
    b.eth(ma, mb).ipv4({.src = ip4(fmt::format("10.{}.{}.{}", (i >> 16) & 255, (i >> 8) & 255, i & 255)),
                        .dst = ip4("192.0.2.7")});
    b.udp({.sport = static_cast<std::uint16_t>(1024 + (i % 50000)), .dport = 53});
    golden::Packet p;
    p.frame = b.pad_to(60).build();
    p.port = 0;
    pk.push_back(std::move(p));
  }
  auto r = e.run(pk);
  f.cycles = r.stats.cycles;
  f.bad = r.errors.size();
  for (std::size_t i = 0; i < pk.size(); ++i) {
    const Outcome& d = r.fates[i];
    if (!d.sent) {
      ++f.bad;
      continue;
    }
    const Stamp s = stamp_of(d.frame, pk[i].frame.size());
    if (s.status == static_cast<std::uint32_t>(Status::kFull)) {
      f.refused = true;
      break;
    }
    if (s.status != static_cast<std::uint32_t>(Status::kInserted)) ++f.bad;
    ++f.inserted_before;
  }
  return f;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"baton-bench-flow: flow state in the RTL engine"};
  unsigned sessions = 500;
  std::uint64_t seed = 1;
  bool no_fill = false, json = false;
  app.add_option("--sessions", sessions, "sessions (two flows each) for the latency runs")->check(CLI::Range(1U, 20000U));
  app.add_option("--seed", seed, "stimulus seed");
  app.add_flag("--no-fill", no_fill, "skip the table fill");
  app.add_flag("--json", json, "print JSON");
  CLI11_PARSE(app, argc, argv);
  try {
    std::vector<Row> rows{run_sessions(BATON_FLOWSTAMP_IMAGE, sessions, seed, true, 1.0),
                          run_sessions(BATON_FLOWSTAMP_IMAGE, sessions, seed, false, 1.0),
                          run_sessions(BATON_FLOWSTAMP_IMAGE, 20, seed, true, 0.005),
                          run_sessions(BATON_FLOWSTAMP_IMAGE, 20, seed, false, 0.005)};
    std::optional<Fill> fill;
    if (!no_fill) fill = run_fill(BATON_FLOWSTAMP_IMAGE, seed);
    std::size_t bad = 0;
    nlohmann::json j;
    for (const Row& r : rows) {
      bad += r.bad;
      const double epc = r.cycles ? static_cast<double>(r.events) / static_cast<double>(r.cycles) : 0;
      if (json) {
        j["runs"].push_back({{"name", r.name}, {"events", r.events}, {"flows", r.flows}, {"cycles", r.cycles},
                             {"events_per_cycle", epc}, {"dispatch_p50", pct(r.dispatch, 0.5)},
                             {"dispatch_p99", pct(r.dispatch, 0.99)}, {"dispatch_mean", mean(r.dispatch)},
                             {"hop_p50", pct(r.hop, 0.5)}, {"hop_p99", pct(r.hop, 0.99)}, {"bad", r.bad}});
      } else {
        fmt::print("{}: {} events of {} flows in {} cycles = {:.3f} events/cycle\n", r.name, r.events, r.flows,
                   r.cycles, epc);
        fmt::print("  admission -> first instruction: p50 {:.0f}, p99 {:.0f}, mean {:.1f} cycles\n",
                   pct(r.dispatch, 0.5), pct(r.dispatch, 0.99), mean(r.dispatch));
        if (!r.hop.empty()) {
          fmt::print("  MIGRATE -> first instruction: p50 {:.0f}, p99 {:.0f}, mean {:.1f} cycles ({} hops)\n",
                     pct(r.hop, 0.5), pct(r.hop, 0.99), mean(r.hop), r.hop.size());
        }
        if (r.bad) fmt::print("  {} packets with a wrong stamp or fate\n", r.bad);
      }
    }
    if (fill) {
      bad += fill->bad;
      const double load = static_cast<double>(fill->inserted_before) / static_cast<double>(fill->capacity);
      if (json) {
        j["fill"] = {{"offered", fill->offered}, {"inserted_before_refusal", fill->inserted_before},
                     {"capacity", fill->capacity}, {"refused", fill->refused}, {"load", load}, {"cycles", fill->cycles},
                     {"bad", fill->bad}};
      } else {
        fmt::print("table fill: {} flows inserted before the first refusal of {} offered = {:.2f} % of {} ({})\n",
                   fill->inserted_before, fill->offered, 100 * load, fill->capacity,
                   fill->refused ? "refused" : "never refused");
      }
    }
    if (json) std::cout << j.dump(2) << "\n";
    return bad == 0 ? 0 : 1;
  } catch (const std::exception& e) {
    fmt::print(stderr, "baton-bench-flow: {}\n", e.what());
    return 1;
  }
}
