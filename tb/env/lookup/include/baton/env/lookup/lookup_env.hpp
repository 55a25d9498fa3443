// SPDX-License-Identifier: Apache-2.0
// Environment of the lookup controller (baton_lookup_sys), used by tests/unit/lookup and
// tb/bench/lookup. Each class does one job:
//   LookupEnv<M>        the whole environment: simulation, agents, scoreboard, tile responder;
//   LookupAgents<M>     drivers, sinks and monitors bound to the Verilated ports;
//   LookupScoreboard<M> feeds everything the design accepted or produced to the LookupModel and
//                       turns a model error into a test failure (seed, cycle, repro);
//   TileResponder<M>    plays the tiles and firmware: answers each dispatched event with
//                       write-backs (random masks) and done, and arms/cancels timers or deletes;
//   RequestSequence<M>  random event requests from a key pool (hot keys, collisions);
//   CommandSequence<M>  random firmware commands, some naming flows out of range;
//   ScratchSequence<M>  random scratchpad reads and writes, checked against a plain array.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <type_traits>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "baton/env/lookup/lookup_configs.hpp"
#include "baton/tb/pattern.hpp"
#include "baton/tb/sim.hpp"
#include "baton/tb/stream.hpp"
#include "baton/model/lookup/lookup_model.hpp"
#include "baton/model/lookup/lookup_records.hpp"

namespace baton::env::lookup {

// The environment speaks the model's vocabulary (Config, records, LookupModel).
using namespace baton::model::lookup;

inline Bits<64> to_bits64(std::uint64_t v) {
  Bits<64> b;
  b.set(0, 64, v);
  return b;
}

template <std::size_t W>
std::uint64_t to_u64(const Bits<W>& b) {
  static_assert(W <= 64);
  return b.get(0, W);
}

// ---- Agents ---------------------------------------------------------------------------------------
template <typename M>
class LookupAgents {
 public:
  explicit LookupAgents(tb::Sim<M>& sim)
      : sim_(sim),
        d_(sim.dut()),
        req(sim, tb::source_pins<Bits<kReqW>>(d_.req_valid_i, d_.req_ready_o, d_.req_i), "req"),
        cmd(sim, tb::source_pins<Bits<kCmdW>>(d_.cmd_valid_i, d_.cmd_ready_o, d_.cmd_i), "cmd"),
        gen(sim, tb::source_pins<std::uint32_t>(d_.gen_valid_i, d_.gen_ready_o, d_.gen_i), "gen"),
        wb(sim, tb::source_pins<Bits<kWbW>>(d_.wb_valid_i, d_.wb_ready_o, d_.wb_i), "wb"),
        spad_req(sim, tb::source_pins<std::uint64_t>(d_.spad_req_valid_i, d_.spad_req_ready_o, d_.spad_req_i),
                 "spad_req"),
        spad_rsp(sim, tb::sink_pins<std::uint32_t>(d_.spad_rsp_valid_o, d_.spad_rsp_ready_i, d_.spad_rsp_o),
                 "spad_rsp"),
        disp(sim, tb::sink_pins<Bits<kDispW>>(d_.disp_valid_o, d_.disp_ready_i, d_.disp_o), "disp"),
        disp_mon(sim, tb::monitor_pins<Bits<kDispW>>(d_.disp_valid_o, d_.disp_ready_i, d_.disp_o), "disp.contract"),
        spad_mon(sim, tb::monitor_pins<std::uint32_t>(d_.spad_rsp_valid_o, d_.spad_rsp_ready_i, d_.spad_rsp_o),
                 "spad_rsp.contract") {
    // Engine time: now_i follows the cycle counter, so deadlines are in cycles.
    sim_.on_drive([this] { d_.now_i = static_cast<std::uint32_t>(sim_.cycle()); });
    d_.now_i = 0;
    for (unsigned l = 0; l < kLayers; ++l) {
      ws[l] = std::make_unique<tb::StreamSink<Bits<kWsW>>>(sim, ws_sink_pins(l), fmt::format("ws{}", l));
      ws_mon[l] = std::make_unique<tb::StreamMonitor<Bits<kWsW>>>(
          sim, tb::MonitorPins<Bits<kWsW>>{ws_sink_pins(l).valid, [this, l] { return ((d_.ws_ready_i >> l) & 1U) != 0; },
                                           ws_sink_pins(l).payload},
          fmt::format("ws{}.contract", l));
    }
    // Valid-only observation ports.
    sim_.on_sample([this] {
      if (d_.res_valid_o && on_result) {
        Bits<kResW> b;
        b.set(0, kResW, d_.res_o);
        on_result(unpack_res(b));
      }
      if (d_.fire_valid_o && on_fire) on_fire(unpack_expiry(tb::read_port<Bits<kExpiryW>>(d_.fire_o)));
    });
  }

  // Waits for the memories to be cleared after reset.
  tb::Task wait_init() {
    while (!d_.init_done_o) co_await sim_.rising_edge();
  }
  [[nodiscard]] Stats stats() const { return unpack_stats(tb::read_port<Bits<kStatsW>>(d_.stats_o)); }
  [[nodiscard]] bool init_done() const { return d_.init_done_o != 0; }

  std::function<void(const Res&)> on_result;
  std::function<void(const Expiry&)> on_fire;

 private:
  tb::SinkPins<Bits<kWsW>> ws_sink_pins(unsigned l) {
    return {[this, l] { return ((d_.ws_valid_o >> l) & 1U) != 0; },
            [this, l](bool b) {
              using Port = std::remove_reference_t<decltype(d_.ws_ready_i)>;
              const auto bit = static_cast<Port>(1U << l);
              d_.ws_ready_i = static_cast<Port>(b ? (d_.ws_ready_i | bit) : (d_.ws_ready_i & ~bit));
            },
            [this, l] { return slice<kWsW>(tb::read_port<Bits<kLayers * kWsW>>(d_.ws_o), l * kWsW); }};
  }

  tb::Sim<M>& sim_;
  M& d_;

 public:
  tb::StreamSource<Bits<kReqW>> req;
  tb::StreamSource<Bits<kCmdW>> cmd;
  tb::StreamSource<std::uint32_t> gen;  // lk_gen_t fits one word
  tb::StreamSource<Bits<kWbW>> wb;
  tb::StreamSource<std::uint64_t> spad_req;
  tb::StreamSink<std::uint32_t> spad_rsp;
  tb::StreamSink<Bits<kDispW>> disp;
  tb::StreamMonitor<Bits<kDispW>> disp_mon;
  tb::StreamMonitor<std::uint32_t> spad_mon;
  std::array<std::unique_ptr<tb::StreamSink<Bits<kWsW>>>, kLayers> ws;
  std::array<std::unique_ptr<tb::StreamMonitor<Bits<kWsW>>>, kLayers> ws_mon;
};

// ---- Scoreboard: the model checks every observation ----------------------------------------------
template <typename M>
class LookupScoreboard {
 public:
  LookupScoreboard(tb::Sim<M>& sim, LookupAgents<M>& a, const Config& cfg) : sim_(sim), a_(a), model_(cfg) {
    a_.req.on_accept = [this](const Bits<kReqW>&) {
      const Req r = take(reqs_);
      guard([&] { model_.request_accepted(r); });
      if (on_request) on_request(r);
    };
    a_.cmd.on_accept = [this](const Bits<kCmdW>&) {
      guard([&] { model_.command_accepted(take(cmds_), sim_.cycle()); });
    };
    a_.gen.on_accept = [this](const std::uint32_t&) {
      guard([&] { model_.generate_accepted(take(gens_), sim_.cycle()); });
    };
    a_.wb.on_accept = [this](const Bits<kWbW>&) {
      guard([&] { model_.writeback_accepted(take(wbs_), sim_.cycle()); });
    };
    a_.on_result = [this](const Res& r) {
      guard([&] { model_.result(r, sim_.cycle()); });
      if (on_result) on_result(r);
    };
    a_.on_fire = [this](const Expiry& e) {
      guard([&] { model_.timer_fired(e, sim_.cycle()); });
      if (on_fire) on_fire(e);
    };
    for (unsigned l = 0; l < kLayers; ++l) {
      a_.ws[l]->on_item = [this, l](const Bits<kWsW>& b) {
        const Ws w = unpack_ws(b);
        guard([&] { model_.workspace(l, w); });
        if (on_workspace) on_workspace(l, w);
      };
    }
    a_.disp.on_item = [this](const Bits<kDispW>& b) {
      const Disp d = unpack_disp(b);
      guard([&] { model_.dispatched(d, sim_.cycle()); });
      if (on_dispatch) on_dispatch(d);
    };
  }

  // Stimulus goes through here so the model learns each item when the design accepts it.
  void send(const Req& r) {
    reqs_.push_back(r);
    a_.req.push(pack(r));
  }
  void send(const Cmd& c) {
    cmds_.push_back(c);
    a_.cmd.push(pack(c));
  }
  void send(const Gen& g) {
    gens_.push_back(g);
    a_.gen.push(static_cast<std::uint32_t>(to_u64(pack(g))));
  }
  void send(const Wb& w) {
    wbs_.push_back(w);
    a_.wb.push(pack(w));
  }

  // End-of-test checks: nothing outstanding, no overdue timer, counters as the model expects.
  // Called outside Sim::run(), so the failure is reported here rather than thrown.
  void finish() {
    try {
      guard([&] { model_.finish(sim_.cycle(), a_.stats()); });
    } catch (const tb::SimStop&) {
    }
  }

  LookupModel& model() { return model_; }
  [[nodiscard]] bool idle() const {
    return reqs_.empty() && cmds_.empty() && gens_.empty() && wbs_.empty() && model_.quiescent();
  }

  std::function<void(const Disp&)> on_dispatch;
  std::function<void(const Res&)> on_result;
  std::function<void(const Req&)> on_request;  // after the design accepted it
  std::function<void(const Expiry&)> on_fire;
  std::function<void(unsigned, const Ws&)> on_workspace;

 private:
  template <typename T>
  static T take(std::deque<T>& q) {
    T v = q.front();
    q.pop_front();
    return v;
  }
  template <typename F>
  void guard(F&& f) {
    try {
      f();
    } catch (const ModelError& e) {
      sim_.fail(e.what());
    }
  }

  tb::Sim<M>& sim_;
  LookupAgents<M>& a_;
  LookupModel model_;
  std::deque<Req> reqs_;
  std::deque<Cmd> cmds_;
  std::deque<Gen> gens_;
  std::deque<Wb> wbs_;
};

// ---- Tiles and firmware -----------------------------------------------------------------------------
struct TileKnobs {
  unsigned min_delay = 0;       // cycles from dispatch to the first write-back
  unsigned max_delay = 24;
  double p_layer_wb = 0.85;     // each layer writes back (else only the done)
  double priv_density = 0.5;    // share of private bytes modified
  double shared_density = 0.2;  // share of shared bytes each layer modifies (overlaps conflict)
  bool firmware = true;         // arm/cancel timers and delete flows while processing
  double p_timer_set = 0.3;
  double p_timer_cancel = 0.05;
  double p_delete = 0.04;
  std::uint32_t min_timeout = 16;
  std::uint32_t max_timeout = 600;
  unsigned num_tiles = 8;
};

template <typename M>
class TileResponder {
 public:
  TileResponder(tb::Sim<M>& sim, LookupScoreboard<M>& sb, TileKnobs knobs, tb::Rng rng)
      : sim_(sim), sb_(sb), knobs_(knobs), rng_(rng) {
    sb_.on_dispatch = [this](const Disp& d) { on_dispatch(d); };
    sim_.on_drive([this] { drive(); });
  }

  TileKnobs& knobs() { return knobs_; }
  // Events for which hold() is true are kept in process until release_held().
  std::function<bool(const Disp&)> hold;
  void release_held() {
    for (auto& j : held_) schedule(j);
    held_.clear();
  }
  // The test finished the held events itself.
  void drop_held() { held_.clear(); }
  [[nodiscard]] std::size_t held() const { return held_.size(); }
  [[nodiscard]] bool idle() const { return jobs_.empty() && held_.empty(); }
  [[nodiscard]] std::uint64_t events() const { return events_; }

 private:
  struct Job {
    Disp d;
    std::uint64_t due = 0;
  };

  void on_dispatch(const Disp& d) {
    ++events_;
    const bool has_flow = d.status == Status::kHit || d.status == Status::kInserted || d.status == Status::kTimeout ||
                          d.status == Status::kGenerated;
    if (!has_flow) return;  // nothing to write back, no done
    Job j{d, 0};
    if (hold && hold(d)) {
      held_.push_back(j);
      return;
    }
    schedule(j);
  }
  void schedule(Job j) {
    j.due = sim_.cycle() + rng_.range(knobs_.min_delay, knobs_.max_delay);
    jobs_.emplace(j.due, j);
  }

  std::uint16_t mask(double density) {
    std::uint16_t m = 0;
    for (unsigned i = 0; i < kPortionBytes; ++i) m = static_cast<std::uint16_t>(m | (rng_.chance(density) ? 1U << i : 0U));
    return m;
  }
  Portion bytes() {
    Portion p{};
    for (auto& b : p) b = static_cast<std::uint8_t>(rng_.bits(8));
    return p;
  }
  Tiles tiles() {
    return {static_cast<std::uint8_t>(rng_.range(0, knobs_.num_tiles - 1)),
            static_cast<std::uint8_t>(rng_.range(0, knobs_.num_tiles - 1))};
  }

  void respond(const Disp& d) {
    std::vector<Wb> wbs;
    const bool first_l1 = rng_.chance(0.5);
    for (unsigned n = 0; n < kLayers; ++n) {
      const auto l = static_cast<std::uint8_t>(first_l1 ? kLayers - 1 - n : n);
      if (!rng_.chance(knobs_.p_layer_wb)) continue;
      wbs.push_back(Wb{d.slot, l, false, mask(knobs_.priv_density), bytes(), mask(knobs_.shared_density), bytes()});
    }
    if (wbs.empty() || rng_.chance(0.3)) {
      wbs.push_back(Wb{d.slot, static_cast<std::uint8_t>(rng_.range(0, kLayers - 1)), true, 0, {}, 0, {}});
    } else {
      wbs.back().done = true;
    }
    // Firmware work on the flow, issued before the done (the flow is still locked by this event).
    if (knobs_.firmware) {
      const std::uint32_t f = d.ctx.flow;
      if (rng_.chance(knobs_.p_delete)) {
        sb_.send(Cmd{CmdOp::kDelete, f, 0, 0, {}});
      } else if (rng_.chance(knobs_.p_timer_set)) {
        sb_.send(Cmd{CmdOp::kTimerSet, f,
                     static_cast<std::uint32_t>(rng_.range(knobs_.min_timeout, knobs_.max_timeout)),
                     static_cast<std::uint8_t>(rng_.bits(8)), tiles()});
      } else if (rng_.chance(knobs_.p_timer_cancel)) {
        sb_.send(Cmd{CmdOp::kTimerCancel, f, 0, 0, {}});
      }
    }
    for (const auto& w : wbs) sb_.send(w);
  }

  void drive() {
    while (!jobs_.empty() && jobs_.begin()->first <= sim_.cycle()) {
      const Disp d = jobs_.begin()->second.d;
      jobs_.erase(jobs_.begin());
      respond(d);
    }
  }

  tb::Sim<M>& sim_;
  LookupScoreboard<M>& sb_;
  TileKnobs knobs_;
  tb::Rng rng_;
  std::multimap<std::uint64_t, Job> jobs_;
  std::vector<Job> held_;
  std::uint64_t events_ = 0;
};

// ---- Requests -----------------------------------------------------------------------------------
struct RequestKnobs {
  unsigned keys = 64;          // size of the key pool
  double hot = 0.2;            // share of requests that go to the 4 hottest keys
  double p_insert = 0.85;
  double idle = 0.2;           // chance of an idle cycle between requests
  unsigned collide_bits = 0;   // >0: keys share src_port except its low collide_bits bits
  double p_ipv6 = 0.3;
  unsigned num_tiles = 8;
};

inline FlowKey random_key(tb::Rng& rng, const RequestKnobs& k) {
  FlowKey key;
  key.ipv6 = rng.chance(k.p_ipv6);
  const std::size_t n = key.ipv6 ? 16 : 4;
  for (std::size_t i = 16 - n; i < 16; ++i) {  // IPv4: upper 96 bits zero
    key.src_addr[i] = static_cast<std::uint8_t>(rng.bits(8));
    key.dst_addr[i] = static_cast<std::uint8_t>(rng.bits(8));
  }
  key.src_port = static_cast<std::uint16_t>(rng.bits(16));
  if (k.collide_bits > 0) key.src_port = static_cast<std::uint16_t>(0x5000 | rng.bits(k.collide_bits));
  key.dst_port = static_cast<std::uint16_t>(rng.bits(16));
  key.proto = rng.chance(0.7) ? 6 : 17;
  key.vlan = static_cast<std::uint16_t>(rng.chance(0.5) ? rng.bits(12) : 0);
  key.in_class = static_cast<std::uint8_t>(rng.bits(3));
  return key;
}

inline Ctx random_ctx(tb::Rng& rng) {
  Ctx c;
  c.pkt_handle = static_cast<std::uint16_t>(rng.bits(16));
  c.pkt_len = static_cast<std::uint16_t>(rng.range(60, 1514));
  c.in_port = static_cast<std::uint8_t>(rng.bits(4));
  c.arrival = static_cast<std::uint32_t>(rng.bits(32));
  c.seq = static_cast<std::uint16_t>(rng.bits(16));
  c.flow = static_cast<std::uint32_t>(rng.bits(20));  // overwritten by the controller
  c.event_type = static_cast<std::uint8_t>(rng.bits(8));
  c.target_part = static_cast<std::uint8_t>(rng.bits(8));
  c.entry_kind = rng.chance(0.5) ? EntryKind::kIndex : EntryKind::kOffset;
  c.entry = static_cast<std::uint16_t>(rng.bits(15));
  c.sp = static_cast<std::uint32_t>(rng.bits(32));
  for (auto& a : c.args) a = static_cast<std::uint32_t>(rng.bits(32));
  return c;
}

template <typename M>
class RequestSequence {
 public:
  RequestSequence(tb::Sim<M>& sim, LookupAgents<M>& a, LookupScoreboard<M>& sb, RequestKnobs knobs, tb::Rng rng)
      : sim_(sim), a_(a), sb_(sb), knobs_(knobs), rng_(rng) {
    for (unsigned i = 0; i < knobs_.keys; ++i) pool_.push_back(random_key(rng_, knobs_));
  }
  const std::vector<FlowKey>& pool() const { return pool_; }

  Req make(const FlowKey& key, bool insert) {
    Req r;
    r.tag = next_tag_++;
    r.insert = insert;
    r.key = key;
    r.tiles = {static_cast<std::uint8_t>(rng_.range(0, knobs_.num_tiles - 1)),
               static_cast<std::uint8_t>(rng_.range(0, knobs_.num_tiles - 1))};
    r.ctx = random_ctx(rng_);
    return r;
  }
  Req random() {
    const std::size_t i = rng_.chance(knobs_.hot) ? rng_.range(0, std::min<std::size_t>(3, pool_.size() - 1))
                                                  : rng_.range(0, pool_.size() - 1);
    return make(pool_[i], rng_.chance(knobs_.p_insert));
  }
  // Sends n random requests, with idle cycles, keeping at most `window` queued in the driver.
  tb::Task run(std::uint64_t n, unsigned window = 4) {
    for (std::uint64_t i = 0; i < n; ++i) {
      while (a_.req.pending() >= window) co_await sim_.rising_edge();
      if (rng_.chance(knobs_.idle)) co_await sim_.rising_edge();
      sb_.send(random());
    }
    done_ = true;
  }
  [[nodiscard]] bool done() const { return done_; }

 private:
  tb::Sim<M>& sim_;
  LookupAgents<M>& a_;
  LookupScoreboard<M>& sb_;
  RequestKnobs knobs_;
  tb::Rng rng_;
  std::vector<FlowKey> pool_;
  std::uint16_t next_tag_ = 1;
  bool done_ = false;
};

// Random firmware commands beside the tiles' own: any flow index (some beyond the table), nops.
template <typename M>
class CommandSequence {
 public:
  CommandSequence(tb::Sim<M>& sim, LookupScoreboard<M>& sb, unsigned num_flows, tb::Rng rng)
      : sim_(sim), sb_(sb), num_flows_(num_flows), rng_(rng) {}
  tb::Task run(std::uint64_t n, unsigned gap) {
    for (std::uint64_t i = 0; i < n; ++i) {
      co_await sim_.cycles(rng_.range(1, gap));
      Cmd c;
      c.op = static_cast<CmdOp>(rng_.range(0, 3));
      c.flow = static_cast<std::uint32_t>(rng_.chance(0.1) ? rng_.range(num_flows_, (1U << 20) - 1)
                                                           : rng_.range(0, num_flows_ - 1));
      c.timeout = static_cast<std::uint32_t>(rng_.range(1, 800));
      c.part = static_cast<std::uint8_t>(rng_.bits(8));
      c.tiles = {static_cast<std::uint8_t>(rng_.bits(3)), static_cast<std::uint8_t>(rng_.bits(3))};
      sb_.send(c);
    }
  }

 private:
  tb::Sim<M>& sim_;
  LookupScoreboard<M>& sb_;
  unsigned num_flows_;
  tb::Rng rng_;
};

// Scratchpad: random reads and writes with byte enables over a window of words, checked in order
// against a plain array (a read of a never-written byte is not checked).
template <typename M>
class ScratchSequence {
 public:
  ScratchSequence(tb::Sim<M>& sim, LookupAgents<M>& a, unsigned words, tb::Rng rng)
      : sim_(sim), a_(a), words_(words), rng_(rng), mem_(words), known_(words) {
    a_.spad_rsp.on_item = [this](const std::uint32_t& v) { check(v); };
  }
  tb::Task run(std::uint64_t n) {
    for (std::uint64_t i = 0; i < n; ++i) {
      if (rng_.chance(0.3)) co_await sim_.rising_edge();
      SpadReq r;
      r.we = rng_.chance(0.5);
      r.addr = static_cast<std::uint16_t>(rng_.range(0, std::min(words_, 64U) - 1));
      r.be = static_cast<std::uint8_t>(rng_.range(1, 15));
      r.wdata = static_cast<std::uint32_t>(rng_.bits(32));
      std::optional<std::uint32_t> want;
      std::uint32_t care = 0;
      if (r.we) {
        for (unsigned b = 0; b < 4; ++b) {
          if ((r.be >> b) & 1U) {
            const std::uint32_t m = 0xffU << (8 * b);
            mem_[r.addr] = (mem_[r.addr] & ~m) | (r.wdata & m);
            known_[r.addr] |= m;
          }
        }
        want = 0;
        care = 0xffffffffU;
      } else {
        want = mem_[r.addr];
        care = known_[r.addr];
      }
      expected_.push_back({*want, care});
      a_.spad_req.push(to_u64(pack(r)));
      ++sent_;
      while (a_.spad_req.pending() > 2) co_await sim_.rising_edge();
    }
  }
  [[nodiscard]] bool done(std::uint64_t n) const { return checked_ == n; }

 private:
  void check(std::uint32_t got) {
    if (expected_.empty()) sim_.fail(fmt::format("scratchpad: response {:#x} without a request", got));
    const auto [want, care] = expected_.front();
    expected_.pop_front();
    if ((got & care) != (want & care)) {
      sim_.fail(fmt::format("scratchpad: response #{} is {:#010x}, expected {:#010x} (mask {:#010x})", checked_,
                            got, want, care));
    }
    ++checked_;
  }

  tb::Sim<M>& sim_;
  LookupAgents<M>& a_;
  unsigned words_;
  tb::Rng rng_;
  std::vector<std::uint32_t> mem_;
  std::vector<std::uint32_t> known_;
  std::deque<std::pair<std::uint32_t, std::uint32_t>> expected_;
  std::uint64_t sent_ = 0;
  std::uint64_t checked_ = 0;
};

// One complete lookup environment: simulation, agents, scoreboard (reference model) and tile
// responder, for any Verilated configuration M.
template <typename M>
struct LookupEnv {
  explicit LookupEnv(const Config& c, const TileKnobs& tk = TileKnobs{})
      : cfg(c), agents(sim), sb(sim, agents, c), tiles(sim, sb, tk, sim.rng().fork(3)) {}

  // Reset, then wait until the controller has cleared its memories.
  bool start() {
    sim.reset();
    sim.spawn(agents.wait_init());
    return sim.run(2ULL * cfg.num_flows() + 1000);
  }
  // Runs until every request, command and write-back given so far is done and the model has
  // nothing outstanding, then a few cycles more: a done is counted by the design when its block
  // write leaves, three cycles after the write-back.
  bool drain(std::uint64_t budget) {
    return sim.run(budget, [&] { return sb.idle() && tiles.idle() && !agents.wb.pending(); }) &&
           sim.advance(kSettle);
  }
  static constexpr std::uint64_t kSettle = 8;
  // Random backpressure on every output channel.
  void backpressure(double p) {
    agents.disp.set_pattern(tb::pattern::random(sim.rng().fork(10), p));
    agents.spad_rsp.set_pattern(tb::pattern::random(sim.rng().fork(11), p));
    for (unsigned l = 0; l < kLayers; ++l) {
      agents.ws[l]->set_pattern(tb::pattern::bursty(sim.rng().fork(12 + l), 6));
    }
  }

  Config cfg;
  tb::Sim<M> sim;
  LookupAgents<M> agents;
  LookupScoreboard<M> sb;
  TileResponder<M> tiles;
};

}  // namespace baton::env::lookup
