// SPDX-License-Identifier: Apache-2.0
// Testbench for baton_rr_arb. Checks, all at once:
//  - every cycle: out_valid_o, out_idx_o, out_data_o and req_ready_o against the cycle-level
//    model (RrArbModel), and that no output but req_ready_o follows out_ready_i combinationally;
//  - fairness, stated independently of the model (FairnessChecker);
//  - in stream mode (requesters that keep the valid/ready contract): each requester's items come
//    out once and in order (KeyedScoreboard), and with Lock the output keeps the contract.
// Raw mode drives requests that come and go at random (withdrawals included).
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "baton/model/common/rr_arb.hpp"
#include "baton/tb/log.hpp"
#include "baton/tb/scoreboard.hpp"
#include "baton/tb/sim.hpp"
#include "baton/tb/stream.hpp"
#include "baton/env/common/common_env.hpp"

namespace baton::env::common {

struct ArbConfig {
  unsigned n;
  unsigned width;
  bool lock;
};

struct ArbItem {
  unsigned idx = 0;
  std::uint64_t data = 0;
  bool operator==(const ArbItem&) const = default;
};

struct ArbCoverage {
  std::uint64_t grants = 0;
  std::uint64_t stalls = 0;
  std::uint64_t held_against_newcomer = 0;  // a lock kept the grant where round robin would move
  std::uint64_t all_requesting = 0;
  std::vector<std::uint64_t> per_requester;
};

template <typename V>
class ArbEnv {
 public:
  explicit ArbEnv(ArbConfig cfg)
      : cfg_(cfg), model_(cfg.n, cfg.lock), fair_(cfg.n), stim_(sim_.rng().fork(7)),
        sink_knob_(sim_.rng().fork(8)), sb_(sim_, "per-requester order", [](const std::uint64_t& v) {
          return fmt::format("0x{:x}", v);
        }) {
    cov_.per_requester.assign(cfg.n, 0);
    sim_.on_sample([this] { check_cycle(); });
  }

  Sim<V>& sim() { return sim_; }
  const ArbCoverage& coverage() const { return cov_; }

  // Requesters that keep the contract, with random idle; random or bursty backpressure.
  void run_stream(unsigned items_per_requester) {
    attach_stream_agents();
    sim_.reset();
    for (unsigned i = 0; i < cfg_.n; ++i) {
      for (unsigned k = 0; k < items_per_requester; ++k) srcs_[i]->push(stim_.bits(cfg_.width));
    }
    sim_.spawn(phase_changer());
    const std::uint64_t total = std::uint64_t{items_per_requester} * cfg_.n;
    const bool ok = sim_.run(100 * total + 1000, [&] { return sink_->received() == total; });
    ASSERT_TRUE(ok) << sim_.failure();
    finish();
    if (cfg_.lock && cfg_.n > 1) {
      EXPECT_GT(cov_.held_against_newcomer, 0U) << "the lock was never exercised";
    }
    log::info("{} grants, {} stall cycles, {} held against a newcomer", cov_.grants, cov_.stalls,
              cov_.held_against_newcomer);
  }

  // Every requester always requesting and a ready consumer: the grants rotate 0, 1, ..., N-1.
  void run_rotation(unsigned rounds) {
    attach_stream_agents();
    for (auto& k : src_knobs_) k.on();
    sink_knob_.on();
    std::vector<unsigned> order;
    sink_->on_item = [&](const ArbItem& it) { order.push_back(it.idx); };
    sim_.reset();
    for (unsigned i = 0; i < cfg_.n; ++i) {
      for (unsigned k = 0; k < rounds; ++k) srcs_[i]->push(stim_.bits(cfg_.width));
    }
    const std::uint64_t total = std::uint64_t{rounds} * cfg_.n;
    const bool ok = sim_.run(4 * total + 100, [&] { return sink_->received() == total; });
    ASSERT_TRUE(ok) << sim_.failure();
    ASSERT_EQ(order.size(), total);
    for (std::size_t k = 0; k < order.size(); ++k) {
      ASSERT_EQ(order[k], k % cfg_.n) << "grant #" << k << " seed " << sim_.seed();
    }
    EXPECT_GT(cov_.all_requesting, 0U);
  }

  // Requests that come and go at random, with withdrawals; `victim`, when given, requests every
  // cycle while the others request densely, trying to starve it.
  void run_raw(unsigned cycles, std::optional<unsigned> victim = std::nullopt) {
    sim_.reset();
    auto& d = sim_.dut();
    const double p_req = victim ? 0.9 : 0.5;
    sim_.on_drive([&d, this, victim, p_req] {
      std::uint64_t valid = 0;
      for (unsigned i = 0; i < cfg_.n; ++i) {
        if ((victim && *victim == i) || stim_.chance(p_req)) valid |= std::uint64_t{1} << i;
      }
      write_port(d.req_valid_i, valid);
      std::uint64_t data = 0;
      for (unsigned i = 0; i < cfg_.n; ++i) data |= stim_.bits(cfg_.width) << (i * cfg_.width);
      write_port(d.req_data_i, data);
      d.out_ready_i = stim_.chance(0.6);
    });
    const bool ok = sim_.advance(cycles);
    ASSERT_TRUE(ok) << sim_.failure();
    if (victim) {
      EXPECT_GT(cov_.per_requester[*victim], cycles / (4 * cfg_.n)) << "victim rarely granted";
    }
  }

 private:
  void attach_stream_agents() {
    auto& d = sim_.dut();
    for (unsigned i = 0; i < cfg_.n; ++i) {
      src_knobs_.emplace_back(sim_.rng().fork(100 + i));
    }
    for (unsigned i = 0; i < cfg_.n; ++i) {
      SourcePins<std::uint64_t> pins{
          [&d, i](bool b) {
            const std::uint64_t bit = std::uint64_t{1} << i;
            const std::uint64_t cur = d.req_valid_i;
            write_port(d.req_valid_i, b ? (cur | bit) : (cur & ~bit));
          },
          [&d, i] { return ((d.req_ready_o >> i) & 1U) != 0; },
          [&d, i, w = cfg_.width](const std::uint64_t& v) {
            const std::uint64_t mask = ((w >= 64) ? ~0ULL : ((1ULL << w) - 1)) << (i * w);
            const std::uint64_t cur = read_port<std::uint64_t>(d.req_data_i);
            write_port(d.req_data_i, (cur & ~mask) | ((v << (i * w)) & mask));
          }};
      srcs_.push_back(std::make_unique<StreamSource<std::uint64_t>>(sim_, pins, fmt::format("req{}", i),
                                                                    src_knobs_[i].pattern()));
      srcs_.back()->on_accept = [this, i](const std::uint64_t& v) { sb_.expect(i, v); };
    }
    SinkPins<ArbItem> out{[&d] { return d.out_valid_o != 0; }, [&d](bool b) { d.out_ready_i = b; },
                          [&d] { return ArbItem{static_cast<unsigned>(d.out_idx_o), read_port<std::uint64_t>(d.out_data_o)}; }};
    sink_ = std::make_unique<StreamSink<ArbItem>>(sim_, out, "out", sink_knob_.pattern());
    sink_->on_item = [this](const ArbItem& it) { sb_.observe(it.idx, it.data); };
    if (cfg_.lock) {
      MonitorPins<ArbItem> mp{out.valid, [&d] { return d.out_ready_i != 0; }, out.payload};
      mon_ = std::make_unique<StreamMonitor<ArbItem>>(sim_, mp, "out.contract");
    }
  }

  void finish() {
    try {
      sb_.check_drained();
    } catch (const SimStop&) {
      ADD_FAILURE() << sim_.failure();
    }
  }

  Task phase_changer() {
    while (true) {
      for (auto& k : src_knobs_) k.random(0.1 + 0.9 * static_cast<double>(stim_.range(0, 9)) / 9.0);
      if (stim_.chance(0.2)) {
        sink_knob_.off();
      } else {
        sink_knob_.random(0.1 + 0.9 * static_cast<double>(stim_.range(0, 9)) / 9.0);
      }
      co_await sim_.cycles(stim_.range(5, 60));
    }
  }

  void fail(const std::string& what) { sim_.fail("cycle model: " + what); }

  void check_cycle() {
    auto& d = sim_.dut();
    if (!d.rst_ni) {
      model_.reset();
      return;
    }
    std::vector<bool> req(cfg_.n);
    const std::uint64_t valid_bits = d.req_valid_i;
    for (unsigned i = 0; i < cfg_.n; ++i) req[i] = ((valid_bits >> i) & 1U) != 0;
    const std::uint64_t data = read_port<std::uint64_t>(d.req_data_i);
    const bool out_ready = d.out_ready_i != 0;

    const auto g = model_.grant(req);
    if ((d.out_valid_o != 0) != g.valid) fail(mismatch("out_valid_o", g.valid, d.out_valid_o != 0));
    std::uint64_t exp_ready = 0;
    if (g.valid) {
      if (d.out_idx_o != g.idx) fail(mismatch("out_idx_o", g.idx, static_cast<unsigned>(d.out_idx_o)));
      const std::uint64_t mask = (cfg_.width >= 64) ? ~0ULL : ((1ULL << cfg_.width) - 1);
      const std::uint64_t exp = (data >> (g.idx * cfg_.width)) & mask;
      const auto got = read_port<std::uint64_t>(d.out_data_o);
      if (got != exp) fail(mismatch("out_data_o", fmt::format("0x{:x}", exp), fmt::format("0x{:x}", got)));
      if (out_ready) exp_ready = std::uint64_t{1} << g.idx;
    }
    if (static_cast<std::uint64_t>(d.req_ready_o) != exp_ready) {
      fail(mismatch("req_ready_o", fmt::format("0b{:b}", exp_ready),
                    fmt::format("0b{:b}", static_cast<std::uint64_t>(d.req_ready_o))));
    }
    probe_ready_path();

    if (g.valid) {
      const auto rr = model_.pick(req);
      cov_.held_against_newcomer += rr.valid && rr.idx != g.idx;
      cov_.stalls += !out_ready;
    }
    cov_.all_requesting += std::all_of(req.begin(), req.end(), [](bool b) { return b; });
    model_.clock(req, out_ready);
    // Fairness is judged on what the design did, not on what the model predicts.
    std::optional<unsigned> winner;
    if (d.out_valid_o != 0 && out_ready) winner = static_cast<unsigned>(d.out_idx_o);
    if (winner) {
      ++cov_.grants;
      if (*winner < cfg_.n) ++cov_.per_requester[*winner];
    }
    if (const auto err = fair_.cycle(req, winner)) sim_.fail("fairness: " + *err);
  }

  void probe_ready_path() {
    auto& d = sim_.dut();
    const auto valid = d.out_valid_o;
    const auto idx = d.out_idx_o;
    const auto data = read_port<std::uint64_t>(d.out_data_o);
    d.out_ready_i = !d.out_ready_i;
    d.eval();
    const bool same = d.out_valid_o == valid && d.out_idx_o == idx && read_port<std::uint64_t>(d.out_data_o) == data;
    d.out_ready_i = !d.out_ready_i;
    d.eval();
    if (!same) fail("out_valid_o / out_idx_o / out_data_o changed with out_ready_i in the same cycle");
  }

  ArbConfig cfg_;
  Sim<V> sim_;
  model::common::RrArbModel model_;
  model::common::FairnessChecker fair_;
  Rng stim_;
  Knob sink_knob_;
  KeyedScoreboard<unsigned, std::uint64_t> sb_;
  std::vector<Knob> src_knobs_;
  std::vector<std::unique_ptr<StreamSource<std::uint64_t>>> srcs_;
  std::unique_ptr<StreamSink<ArbItem>> sink_;
  std::unique_ptr<StreamMonitor<ArbItem>> mon_;
  ArbCoverage cov_;
};

}  // namespace baton::env::common
