// SPDX-License-Identifier: Apache-2.0
// baton-bench-lookup: measured figures of the lookup controller on the default simulation
// configuration (vm_lk_big: 2 banks x 4096 buckets x 8 ways + 8 stash = 65,544 flows and timers,
// 64 event slots, memory read latencies: table 2, state 3, timers 2 cycles). Every run is checked
// against the reference model while it is measured, so no figure comes from a wrong result.
//
//   latency     one request at a time on an idle controller: hit and miss latency (request taken
//               -> result), and request taken -> event dispatched (after the state read)
//   throughput  requests offered every cycle, tiles answering at once: misses (the table pipeline
//               alone), hits answered with one write-back, hits answered with one write-back per
//               layer; lookups accepted per cycle, events dispatched per cycle, latency percentiles
//   fill        distinct new keys offered every cycle, 10 % more than the table holds: insert
//               rate, the load at the first stash entry and at the first refusal, and the
//               lookup rate per tenth of the fill
//   timers      timers with random timeouts on random flows, idle controller: lateness
//               (fire cycle - deadline), against the documented bound NumFlows + latency + 1
#include <algorithm>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "Vlk_big.h"
#include "baton/tb/config.hpp"
#include "baton/env/lookup/lookup_env.hpp"

namespace {

using namespace baton;
using namespace baton::env::lookup;
using Env = LookupEnv<Vlk_big>;

std::uint64_t pct(std::vector<std::uint64_t> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}
double mean(const std::vector<std::uint64_t>& v) {
  double s = 0;
  for (auto x : v) s += static_cast<double>(x);
  return v.empty() ? 0.0 : s / static_cast<double>(v.size());
}

// Per-request timing taken from the scoreboard's hooks.
struct Probe {
  std::map<std::uint16_t, std::uint64_t> taken;
  std::vector<std::uint64_t> to_result, to_dispatch;
  std::map<Status, std::uint64_t> statuses;
  std::uint64_t first_take = 0, last_take = 0, accepted = 0, dispatched = 0;
};

void attach(Env& b, Probe& p) {
  b.sb.on_request = [&](const Req& r) {
    p.taken[r.tag] = b.sim.cycle();
    if (p.accepted++ == 0) p.first_take = b.sim.cycle();
    p.last_take = b.sim.cycle();
  };
  b.sb.on_result = [&](const Res& r) {
    if (r.kind != OpKind::kReq) return;
    ++p.statuses[r.status];
    if (auto it = p.taken.find(r.tag); it != p.taken.end()) p.to_result.push_back(b.sim.cycle() - it->second);
  };
  auto prev = b.sb.on_dispatch;
  b.sb.on_dispatch = [&, prev](const Disp& d) {
    if (prev) prev(d);
    if (d.ctx.event_type == kEvTimeout && d.tag == 0) return;
    ++p.dispatched;
    if (auto it = p.taken.find(d.tag); it != p.taken.end()) {
      p.to_dispatch.push_back(b.sim.cycle() - it->second);
      p.taken.erase(it);
    }
  };
}

TileKnobs fast_tiles() {
  TileKnobs t;
  t.min_delay = 0;
  t.max_delay = 0;
  t.firmware = false;
  return t;
}

RequestKnobs many_keys(unsigned n) {
  RequestKnobs k;
  k.keys = n;
  k.hot = 0;
  k.idle = 0;
  return k;
}

bool ok(bool good, Env& b, const char* what) {
  if (!good) fmt::print(stderr, "baton-bench-lookup: {}: run failed: {}\n", what, b.sim.failure());
  return good;
}

// Sends the keys in order, one request each, as fast as the controller takes them.
tb::Task offer(Env& b, RequestSequence<Vlk_big>& seq, std::vector<FlowKey> keys, bool insert) {
  for (const auto& k : keys) {
    while (b.agents.req.pending() >= 8) co_await b.sim.rising_edge();
    b.sb.send(seq.make(k, insert));
  }
}

bool latency() {
  Env b(configs::big(), fast_tiles());
  if (!ok(b.start(), b, "latency")) return false;
  RequestSequence<Vlk_big> seq(b.sim, b.agents, b.sb, many_keys(64), b.sim.rng().fork(1));
  std::map<std::string, Probe> probes;
  auto one = [&](const char* kind, const FlowKey& k, bool insert) {
    Probe& p = probes[kind];
    attach(b, p);
    b.sb.send(seq.make(k, insert));
    return b.drain(2000);
  };
  const auto& keys = seq.pool();
  for (unsigned i = 0; i < 32; ++i) {
    if (!ok(one("insert", keys[i], true), b, "latency")) return false;
  }
  for (unsigned i = 0; i < 32; ++i) {
    if (!ok(one("hit", keys[i], true), b, "latency")) return false;
  }
  for (unsigned i = 32; i < 64; ++i) {
    if (!ok(one("miss", keys[i], false), b, "latency")) return false;
  }
  b.sb.finish();
  if (b.sim.failed()) return false;
  fmt::print("\n[latency] idle controller, one request at a time (cycles from the request handshake)\n");
  fmt::print("  {:<8} {:>10} {:>10} {:>22}\n", "request", "result", "dispatch", "note");
  for (const char* kind : {"hit", "miss", "insert"}) {
    const Probe& p = probes[kind];
    fmt::print("  {:<8} {:>10} {:>10} {:>22}\n", kind,
               fmt::format("{}..{}", pct(p.to_result, 0), pct(p.to_result, 1.0)),
               fmt::format("{}..{}", pct(p.to_dispatch, 0), pct(p.to_dispatch, 1.0)),
               std::string(kind) == "hit" ? "state read + workspaces" : (std::string(kind) == "miss" ? "no state read" : "zero workspace, no read"));
  }
  return true;
}

// Requests offered back to back. kind: "miss" (unknown keys, no insert: the table pipeline
// alone), "hit-1wb" (stored flows, each event answered by one write-back carrying done),
// "hit-2wb" (stored flows, one write-back per layer, the second with done).
bool throughput(const std::string& kind, unsigned flows, std::uint64_t n) {
  TileKnobs tk = fast_tiles();
  tk.p_layer_wb = kind == "hit-2wb" ? 1.0 : 0.0;
  Env b(configs::big(), tk);
  if (!ok(b.start(), b, "throughput")) return false;
  RequestSequence<Vlk_big> seq(b.sim, b.agents, b.sb, many_keys(flows), b.sim.rng().fork(2));
  Probe fill;
  attach(b, fill);
  b.sim.spawn(offer(b, seq, seq.pool(), true));
  if (!ok(b.drain(100ULL * flows + 10000), b, "throughput")) return false;
  const double insert_rate = static_cast<double>(fill.accepted) / static_cast<double>(fill.last_take - fill.first_take + 1);
  std::vector<FlowKey> keys;
  tb::Rng pick = b.sim.rng().fork(3);
  const bool miss = kind == "miss";
  RequestKnobs other = many_keys(1);
  for (std::uint64_t i = 0; i < n; ++i) {
    keys.push_back(miss ? random_key(pick, other) : seq.pool()[pick.range(0, flows - 1)]);
  }
  Probe p;
  attach(b, p);
  const std::uint64_t start = b.sim.cycle();
  b.sim.spawn(offer(b, seq, keys, !miss));
  if (!ok(b.drain(100 * n + 10000), b, "throughput")) return false;
  const std::uint64_t end = b.sim.cycle();
  b.sb.finish();
  if (b.sim.failed()) return false;
  const double window = static_cast<double>(p.last_take - p.first_take + 1);
  fmt::print("  {:<8} {:>8.3f} {:>10.3f} {:>14} {:>16}  hit {} miss {} busy {}\n", kind,
             static_cast<double>(p.accepted) / window,
             static_cast<double>(p.dispatched) / static_cast<double>(end - start),
             fmt::format("{}/{}/{}", pct(p.to_result, 0.5), pct(p.to_result, 0.99), pct(p.to_result, 1.0)),
             fmt::format("{}/{}/{}", pct(p.to_dispatch, 0.5), pct(p.to_dispatch, 0.99), pct(p.to_dispatch, 1.0)),
             p.statuses[Status::kHit], p.statuses[Status::kMiss], p.statuses[Status::kBusy]);
  if (kind == "hit-1wb") {
    fmt::print("  (inserting the {} flows first: {:.3f} inserts per cycle)\n", flows, insert_rate);
  }
  return true;
}

bool fill() {
  const Config cfg = configs::big();
  TileKnobs tk = fast_tiles();
  tk.p_layer_wb = 0;  // one write-back per event: the table, not the write-back port, is measured
  Env b(cfg, tk);
  if (!ok(b.start(), b, "fill")) return false;
  const unsigned offered = cfg.num_flows() + cfg.num_flows() / 10;
  RequestSequence<Vlk_big> seq(b.sim, b.agents, b.sb, many_keys(offered), b.sim.rng().fork(4));
  Probe p;
  attach(b, p);
  // Per tenth of the table: cycle at which the occupancy crossed it, requests taken by then.
  std::vector<std::pair<std::uint64_t, std::uint64_t>> tenth;
  std::uint64_t first_stash = 0, first_full = 0, results = 0;
  unsigned next_tenth = 1;
  auto prev = b.sb.on_result;
  b.sb.on_result = [&, prev](const Res& r) {
    prev(r);
    ++results;
    const unsigned used = b.sb.model().table().used();
    if (first_stash == 0 && b.sb.model().table().stash_used() > 0) first_stash = used;
    if (first_full == 0 && r.status == Status::kFull) first_full = used;
    while (next_tenth <= 10 && used * 10ULL >= static_cast<std::uint64_t>(next_tenth) * cfg.num_flows()) {
      tenth.emplace_back(b.sim.cycle(), p.accepted);
      ++next_tenth;
    }
  };
  std::vector<FlowKey> keys = seq.pool();
  b.sim.spawn(offer(b, seq, keys, true));
  if (!ok(b.drain(40ULL * offered + 100000), b, "fill")) return false;
  b.sb.finish();
  if (b.sim.failed()) return false;
  const double window = static_cast<double>(p.last_take - p.first_take + 1);
  fmt::print("\n[fill] {} distinct new keys offered back to back into {} flow entries (d-left, 2 x {} x {} + {})\n",
             offered, cfg.num_flows(), cfg.buckets_per_bank, cfg.ways, cfg.stash);
  fmt::print("  inserts per cycle (whole run)  {:.3f}  ({} requests in {} cycles)\n", static_cast<double>(p.accepted) / window,
             p.accepted, static_cast<std::uint64_t>(window));
  fmt::print("  first stash entry at load      {:.2f} % ({} entries)\n", 100.0 * first_stash / cfg.num_flows(), first_stash);
  fmt::print("  first refusal (Full) at load   {:.2f} % ({} entries)\n", 100.0 * first_full / cfg.num_flows(), first_full);
  fmt::print("  final load                     {:.2f} % ({} inserted, {} refused)\n",
             100.0 * b.sb.model().table().used() / cfg.num_flows(), p.statuses[Status::kInserted], p.statuses[Status::kFull]);
  fmt::print("  requests per cycle by tenth of the fill:");
  std::uint64_t c0 = p.first_take, a0 = 0;
  for (const auto& [c, a] : tenth) {
    fmt::print(" {:.2f}", static_cast<double>(a - a0) / static_cast<double>(std::max<std::uint64_t>(1, c - c0)));
    c0 = c;
    a0 = a;
  }
  fmt::print("\n");
  return true;
}

bool timers(unsigned n, std::uint32_t max_timeout) {
  const Config cfg = configs::big();
  TileKnobs t = fast_tiles();
  Env b(cfg, t);
  if (!ok(b.start(), b, "timers")) return false;
  std::map<std::uint32_t, std::uint64_t> set_at;
  std::map<std::uint32_t, std::uint32_t> timeout;
  std::vector<std::uint64_t> late;
  b.agents.cmd.on_accept = [&, prev = b.agents.cmd.on_accept](const Bits<kCmdW>& x) {
    prev(x);
    set_at[static_cast<std::uint32_t>(x.get(kCmdW - 2 - width::kFlow, width::kFlow))] = b.sim.cycle();
  };
  b.sb.on_fire = [&](const Expiry& e) {
    late.push_back(static_cast<std::uint32_t>(b.sim.cycle()) - e.deadline);
  };
  tb::Rng rng = b.sim.rng().fork(5);
  std::vector<std::uint32_t> flows;
  for (unsigned i = 0; i < n; ++i) {
    const auto f = static_cast<std::uint32_t>(rng.range(0, cfg.num_flows() - 1));
    if (timeout.contains(f)) continue;
    timeout[f] = static_cast<std::uint32_t>(rng.range(100, max_timeout));
    b.sb.send(Cmd{CmdOp::kTimerSet, f, timeout[f], 1, {0, 1}});
  }
  if (!ok(b.sim.run(4ULL * max_timeout + 4ULL * cfg.num_flows(),
                    [&] { return b.sb.model().armed_timers() == 0 && b.sb.idle() && b.tiles.idle(); }),
          b, "timers")) {
    return false;
  }
  b.sb.finish();
  if (b.sim.failed()) return false;
  fmt::print("\n[timers] {} timers, timeouts 100..{} cycles, idle dispatch path; scan period {} cycles\n",
             late.size(), max_timeout, cfg.num_flows());
  fmt::print("  lateness (fire - deadline)     mean {:.0f}  p50 {}  p99 {}  max {}  (bound {})\n", mean(late),
             pct(late, 0.5), pct(late, 0.99), pct(late, 1.0), cfg.num_flows() + cfg.timer_latency + 2);
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"baton-bench-lookup: lookup controller figures on the default simulation configuration"};
  std::uint64_t seed = 1;
  unsigned flows = 4096;
  std::uint64_t requests = 20000;
  unsigned num_timers = 2000;
  std::vector<std::string> only;
  app.add_option("--seed", seed, "stimulus seed");
  app.add_option("--flows", flows, "stored flows for the throughput run")->check(CLI::Range(1, 60000));
  app.add_option("--requests", requests, "requests in the throughput run")->check(CLI::Range(1, 10000000));
  app.add_option("--timers", num_timers, "timers in the timer run")->check(CLI::Range(1, 65000));
  app.add_option("--only", only, "runs to do: latency, throughput, fill, timers (default: all)")
      ->check(CLI::IsMember({"latency", "throughput", "fill", "timers"}));
  CLI11_PARSE(app, argc, argv);
  tb::run_options().seed_given = true;
  tb::run_options().seed = seed;
  auto want = [&](const char* r) { return only.empty() || std::find(only.begin(), only.end(), r) != only.end(); };

  const Config c = configs::big();
  fmt::print("baton-bench-lookup: baton_lookup_sys, {} flows ({} banks x {} buckets x {} ways + {} stash), "
             "{} timers, {} slots, MaxPerFlow {}, latencies table 2 / state 3 / timer 2, seed {}\n",
             c.num_flows(), 2, c.buckets_per_bank, c.ways, c.stash, c.num_flows(), c.num_slots, c.max_per_flow, seed);
  bool good = true;
  if (want("latency")) good = latency() && good;
  if (want("throughput")) {
    fmt::print("\n[throughput] {} requests offered back to back, {} stored flows, tiles answer at once\n", requests, flows);
    fmt::print("  {:<8} {:>8} {:>10} {:>14} {:>16}\n", "run", "lookups", "events", "result", "dispatch");
    fmt::print("  {:<8} {:>8} {:>10} {:>14} {:>16}\n", "", "/cycle", "/cycle", "p50/p99/max", "p50/p99/max");
    for (const char* k : {"miss", "hit-1wb", "hit-2wb"}) good = throughput(k, flows, requests) && good;
  }
  if (want("fill")) good = fill() && good;
  if (want("timers")) good = timers(num_timers, 200000) && good;
  return good ? 0 : 1;
}
