// SPDX-License-Identifier: Apache-2.0
// baton-bench-cm: open-loop benchmark of the verilated context manager (default configuration:
// P = 16 partitions, C = 64 contexts, 4 tiles x 4 threads).
//
// Workload: new packets arrive from the dispatcher as a Bernoulli process (open loop: arrivals do
// not wait for the engine); each packet visits `hops` partitions chosen uniformly at random,
// spending a fixed service time on a thread at each, migrating between them, and lets go of its
// thread after the last one. Every partition is held by two tiles (p on tiles p and p+1 mod 4).
// Offered load = arrival rate x hops x service / threads.
//
// Hand-off latency is measured per migration from the cycle the tile offers the request to the
// cycle the context is offered to its new thread, and also from the cycle the engine accepts the
// request (the part inside the context manager). Reported as p50/p99 with bypass on and off.
// Sustained migrations per cycle come from a saturation run (one-cycle service, endless hops).
#include <algorithm>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "Vcm_p16.h"
#include "baton/env/cm/cm_pins.hpp"
#include "baton/records.hpp"
#include "baton/tb/rng.hpp"
#include "baton/tb/sim.hpp"
#include "baton/model/cm/cm_regs.hpp"

namespace {

using namespace baton;
namespace mcm = baton::model::cm;
using Pins = env::cm::CmPins<Vcm_p16>;

const mcm::Config kCfg{16, 64, 4, 4};

struct RunSpec {
  double load = 0.5;          // offered load (0..1), ignored when saturate
  bool engine_load = false;   // load is deliveries per cycle (engine capacity 1), not thread use
  unsigned service = 32;      // cycles per hop
  unsigned hops = 4;          // partitions per packet
  bool bypass = true;
  bool saturate = false;      // one-cycle service, endless migrations, engine kept full
  bool everywhere = false;    // every partition on every tile (else: on tiles p and p+1 mod 4)
  std::uint64_t warmup = 5000;
  std::uint64_t cycles = 100000;
  std::uint64_t seed = 1;
};

struct RunResult {
  std::vector<std::uint32_t> handoff;       // tile offers request -> context offered to thread
  std::vector<std::uint32_t> inside;        // engine accepts request -> context offered
  std::uint64_t migrations = 0;             // accepted in the measurement window
  std::uint64_t bypassed = 0;               // of the measured hand-offs, delivered in 2 cycles
  std::uint64_t new_accepted = 0;
  std::uint64_t window = 0;
  double achieved_load = 0.0;               // busy thread-cycles / thread-cycles
};

// Drives the design directly: per-tile threads, request queues, free strobes, a dispatcher queue.
class Bench {
 public:
  Bench(const RunSpec& spec)
      : spec_(spec),
        sim_(tb::Sim<Vcm_p16>::Options{spec.seed, false, ""}),
        pins_(sim_.dut(), kCfg),
        rng_(spec.seed),
        threads_(kCfg.num_tiles, std::vector<Thread>(kCfg.threads_per_tile)),
        links_(kCfg.num_tiles),
        frees_(kCfg.num_tiles) {
    sim_.on_sample([this] { sample(); });
    sim_.on_drive([this] { drive(); });
    for (unsigned t = 0; t < kCfg.num_tiles; ++t) {
      pins_.set_mig_valid(t, false);
      pins_.set_free(t, std::nullopt);
      pins_.set_dlv_ready(t, true);
    }
    pins_.set_disp_valid(false);
    pins_.set_drop_ready(true);
    pins_.set_load_ready(true);
    pins_.set_reg(false, false, 0, 0, 0);
  }

  RunResult run() {
    sim_.reset();
    // Configuration through the CSR port, one write per cycle.
    for (unsigned p = 0; p < kCfg.num_parts; ++p) {
      const std::uint32_t tiles = spec_.everywhere ? 0xFU : (1U << (p % 4)) | (1U << ((p + 1) % 4));
      csr_write(mcm::reg::part(p, mcm::reg::kPTilesLo), tiles);
    }
    csr_write(mcm::reg::kCtrl, spec_.bypass ? 1U : 0U);
    const double threads = kCfg.num_tiles * kCfg.threads_per_tile;
    rate_ = spec_.saturate      ? 1.0
            : spec_.engine_load ? spec_.load / spec_.hops
                                : spec_.load * threads / (spec_.hops * spec_.service);
    sim_.advance(spec_.warmup);
    measuring_ = true;
    start_ = sim_.cycle();
    sim_.advance(spec_.cycles);
    result_.window = spec_.cycles;
    result_.achieved_load = static_cast<double>(busy_cycles_) / (threads * static_cast<double>(spec_.cycles));
    return result_;
  }

 private:
  struct Thread {
    bool busy = false;       // holds a context (from delivery until its request is accepted/freed)
    bool requesting = false;
    Ctx ctx;
    std::uint64_t done_at = 0;
    unsigned hops_left = 0;
  };
  struct Request {
    MigReq req;
    std::uint64_t offered_at = 0;
  };

  void csr_write(std::uint16_t a, std::uint32_t d) {
    pins_.set_reg(true, true, a, d, 0xF);
    sim_.step();
    pins_.set_reg(false, false, 0, 0, 0);
  }

  void sample() {
    const std::uint64_t now = sim_.cycle();
    for (unsigned t = 0; t < kCfg.num_tiles; ++t) {
      // A request taken by the engine: its thread is free again.
      if (pins_.mig_valid(t) && pins_.mig_ready(t)) {
        const Request& r = links_[t].front();
        accepted_at_[r.req.ctx.flow] = now;
        offered_at_[r.req.ctx.flow] = r.offered_at;
        Thread& th = threads_[t][r.req.src_thread];
        th.busy = false;
        th.requesting = false;
        links_[t].pop_front();
        if (measuring_) ++result_.migrations;
      }
      // A delivery: the thread starts on the context (tiles are always ready).
      if (pins_.dlv_valid(t)) {
        const mcm::Delivery d = pins_.dlv(t);
        Thread& th = threads_[t][d.thread];
        th.busy = true;
        th.ctx = d.ctx;
        th.done_at = now + (spec_.saturate ? 1 : spec_.service);
        auto hit = hops_.find(d.ctx.flow);
        th.hops_left = hit == hops_.end() ? 0 : hit->second;
        if (auto a = accepted_at_.find(d.ctx.flow); a != accepted_at_.end()) {
          if (measuring_ && offered_at_.count(d.ctx.flow) != 0) {
            const auto in = static_cast<std::uint32_t>(now - a->second);
            result_.inside.push_back(in);
            result_.handoff.push_back(static_cast<std::uint32_t>(now - offered_at_[d.ctx.flow]));
            if (in == 2) ++result_.bypassed;
          }
          accepted_at_.erase(a);
          offered_at_.erase(d.ctx.flow);
        }
      }
      for (const auto& th : threads_[t]) busy_cycles_ += (measuring_ && th.busy) ? 1 : 0;
    }
    if (pins_.disp_valid() && pins_.disp_ready()) {
      disp_.pop_front();
      if (measuring_) ++result_.new_accepted;
    }
  }

  void drive() {
    const std::uint64_t now = sim_.cycle();
    for (unsigned t = 0; t < kCfg.num_tiles; ++t) {
      for (unsigned h = 0; h < kCfg.threads_per_tile; ++h) {
        Thread& th = threads_[t][h];
        if (!th.busy || th.requesting || now < th.done_at) continue;
        if (spec_.saturate || th.hops_left > 0) {
          Ctx next = th.ctx;
          next.target_part = static_cast<std::uint8_t>(rng_.range(0, kCfg.num_parts - 1));
          hops_[next.flow] = spec_.saturate ? 1 : th.hops_left - 1;
          th.requesting = true;
          links_[t].push_back({MigReq{true, static_cast<std::uint8_t>(t), static_cast<std::uint8_t>(h), next}, 0});
        } else {
          th.busy = false;
          hops_.erase(th.ctx.flow);
          frees_[t].push_back(h);
        }
      }
      // The head request is offered until taken; remember when it was first offered.
      if (!links_[t].empty()) {
        Request& r = links_[t].front();
        if (r.offered_at == 0) r.offered_at = now;
        pins_.set_mig(t, r.req);
        pins_.set_mig_valid(t, true);
      } else {
        pins_.set_mig_valid(t, false);
      }
      std::optional<unsigned> f;
      if (!frees_[t].empty()) {
        f = frees_[t].front();
        frees_[t].pop_front();
      }
      pins_.set_free(t, f);
    }
    // Open-loop arrivals; saturation keeps the engine full instead.
    if (spec_.saturate ? disp_.size() < 2 : rng_.chance(rate_)) {
      Ctx c;
      c.flow = next_id_;
      next_id_ = (next_id_ + 1) & 0xFFFFF;
      c.arrival = static_cast<std::uint32_t>(now);
      c.target_part = static_cast<std::uint8_t>(rng_.range(0, kCfg.num_parts - 1));
      hops_[c.flow] = spec_.saturate ? 1 : spec_.hops - 1;
      disp_.push_back(c);
    }
    if (!disp_.empty()) {
      pins_.set_disp(disp_.front());
      pins_.set_disp_valid(true);
    } else {
      pins_.set_disp_valid(false);
    }
  }

  RunSpec spec_;
  tb::Sim<Vcm_p16> sim_;
  Pins pins_;
  tb::Rng rng_;
  std::vector<std::vector<Thread>> threads_;
  std::vector<std::deque<Request>> links_;
  std::vector<std::deque<unsigned>> frees_;
  std::deque<Ctx> disp_;
  std::map<std::uint32_t, unsigned> hops_;
  std::map<std::uint32_t, std::uint64_t> accepted_at_, offered_at_;
  std::uint32_t next_id_ = 1;
  double rate_ = 0.0;
  bool measuring_ = false;
  std::uint64_t start_ = 0;
  std::uint64_t busy_cycles_ = 0;
  RunResult result_;
};

std::uint32_t percentile(std::vector<std::uint32_t> v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const auto idx = static_cast<std::size_t>(q * static_cast<double>(v.size() - 1) + 0.5);
  return v[std::min(idx, v.size() - 1)];
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"baton-bench-cm: context manager hand-off latency and migration throughput"};
  std::uint64_t cycles = 100000;
  std::uint64_t seed = 1;
  unsigned service = 32;
  unsigned hops = 4;
  app.add_option("--cycles", cycles, "measured cycles per run")->check(CLI::Range(1000, 100000000));
  app.add_option("--seed", seed, "random seed");
  app.add_option("--service", service, "cycles of work per hop")->check(CLI::Range(1, 100000));
  app.add_option("--hops", hops, "partitions each packet visits")->check(CLI::Range(1, 64));
  CLI11_PARSE(app, argc, argv);

  fmt::print("baton-bench-cm: verilated baton_cm, P={} C={} {} tiles x {} threads\n", kCfg.num_parts,
             kCfg.capacity, kCfg.num_tiles, kCfg.threads_per_tile);
  fmt::print("workload: open-loop arrivals, {} hops per packet, {} cycles service per hop, uniform targets, "
             "seed {}, {} measured cycles per run\n", hops, service, seed, cycles);
  fmt::print("threads = measured thread utilization (busy from delivery until its migration is accepted)\n\n");
  struct Table {
    bool engine_load;
    unsigned service;
    const char* title;
  };
  const Table tables[] = {
      {false, service, "load = offered thread utilization (arrivals x hops x service / threads)"},
      {true, 8, "load = offered deliveries per cycle (the engine delivers at most 1 per cycle), service 8 cycles"},
  };
  for (const Table& tab : tables) {
    fmt::print("{}\n", tab.title);
    for (bool everywhere : {false, true}) {
      fmt::print("placement: {}\n", everywhere ? "every partition on all 4 tiles" : "partition p on tiles p and p+1 (mod 4)");
      fmt::print("{:>6} {:>7} {:>9} {:>10} {:>8} {:>8} {:>10} {:>10} {:>9}\n", "load", "bypass", "threads",
                 "migrations", "p50", "p99", "cm p50", "cm p99", "bypassed");
      for (double load : {0.5, 0.9, 0.99}) {
        for (bool bypass : {true, false}) {
          RunSpec s;
          s.load = load;
          s.engine_load = tab.engine_load;
          s.bypass = bypass;
          s.everywhere = everywhere;
          s.service = tab.service;
          s.hops = hops;
          s.cycles = cycles;
          s.seed = seed;
          Bench b(s);
          const RunResult r = b.run();
          fmt::print("{:>5.0f}% {:>7} {:>8.1f}% {:>10} {:>8} {:>8} {:>10} {:>10} {:>8.1f}%\n", load * 100,
                     bypass ? "on" : "off", r.achieved_load * 100, r.migrations, percentile(r.handoff, 0.5),
                     percentile(r.handoff, 0.99), percentile(r.inside, 0.5), percentile(r.inside, 0.99),
                     r.inside.empty() ? 0.0
                                      : 100.0 * static_cast<double>(r.bypassed) / static_cast<double>(r.inside.size()));
        }
      }
      fmt::print("\n");
    }
  }
  fmt::print("(p50/p99: cycles from the tile offering a migration to the context being offered to its new thread;\n"
             " cm p50/p99: from the engine accepting the request; bypassed: share delivered in the minimum 2 cycles)\n\n");

  for (bool bypass : {true, false}) {
    RunSpec s;
    s.saturate = true;
    s.bypass = bypass;
    s.cycles = cycles;
    s.seed = seed;
    Bench b(s);
    const RunResult r = b.run();
    fmt::print("sustained migrations: {:.3f} per cycle (saturation: one-cycle service, endless hops, bypass {}, "
               "{} migrations in {} cycles)\n",
               static_cast<double>(r.migrations) / static_cast<double>(r.window), bypass ? "on" : "off",
               r.migrations, r.window);
  }
  return 0;
}
