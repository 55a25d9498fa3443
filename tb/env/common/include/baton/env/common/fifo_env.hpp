// SPDX-License-Identifier: Apache-2.0
// Testbench for valid/ready buffers: baton_fifo_sync (any configuration) and baton_spill_reg.
// Two independent checks run at once:
//  - every cycle, each output is compared with the cycle-level reference model (FifoModel), and
//    in_ready_o / out_valid_o are probed for a combinational path from out_ready_i;
//  - every item that enters must leave once, in order (InOrderScoreboard), and the output obeys
//    the valid/ready contract (StreamMonitor).
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>

#include <fmt/format.h>

#include "baton/model/common/fifo.hpp"
#include "baton/tb/log.hpp"
#include "baton/tb/scoreboard.hpp"
#include "baton/tb/sim.hpp"
#include "baton/tb/stream.hpp"
#include "baton/env/common/common_env.hpp"

namespace baton::env::common {

struct BufConfig {
  unsigned width;
  unsigned depth;
  bool fall_through;
};

struct BufCoverage {
  std::uint64_t full_cycles = 0;
  std::uint64_t empty_cycles = 0;
  std::uint64_t push_pop_full = 0;   // in_valid && out_ready while full
  std::uint64_t push_pop_empty = 0;  // in_valid && out_ready while empty
  std::uint64_t transfers = 0;
};

template <typename V, typename T>
class BufEnv {
 public:
  static constexpr bool kHasCount = requires(V& d) { d.count_o; };

  explicit BufEnv(BufConfig cfg)
      : cfg_(cfg),
        model_(cfg.depth, cfg.fall_through),
        src_knob_(sim_.rng().fork(1)),
        sink_knob_(sim_.rng().fork(2)),
        stim_(sim_.rng().fork(3)),
        src_(sim_, source_pins<T>(sim_.dut().in_valid_i, sim_.dut().in_ready_o, sim_.dut().in_data_i),
             "in", src_knob_.pattern()),
        sink_(sim_, sink_pins<T>(sim_.dut().out_valid_o, sim_.dut().out_ready_i, sim_.dut().out_data_o),
              "out", sink_knob_.pattern()),
        mon_(sim_, monitor_pins<T>(sim_.dut().out_valid_o, sim_.dut().out_ready_i, sim_.dut().out_data_o),
             "out.contract"),
        sb_(sim_, "order", hex<T>) {
    src_.on_accept = [this](const T& v) { sb_.expect(v); };
    sink_.on_item = [this](const T& v) { sb_.observe(v); };
    sim_.on_sample([this] { check_cycle(); });
  }

  Sim<V>& sim() { return sim_; }
  const BufCoverage& coverage() const { return cov_; }

  // Seeded random traffic: phases of random idle on the input and random or bursty backpressure
  // on the output, so the buffer swings between empty and full.
  void run_random(unsigned items) {
    sim_.reset();
    for (unsigned i = 0; i < items; ++i) src_.push(random_payload<T>(stim_, cfg_.width));
    sim_.spawn(phase_changer());
    const bool ok = sim_.run(200ULL * items + 1000, [&] { return sink_.received() == items; });
    ASSERT_TRUE(ok) << sim_.failure();
    finish();
    log::info("{} items in {} cycles; full {} / empty {} cycles; push+pop full {} / empty {}",
              items, sim_.cycle(), cov_.full_cycles, cov_.empty_cycles, cov_.push_pop_full,
              cov_.push_pop_empty);
  }

  // Directed corners: fill to full, push+pop while full, drain, push+pop while empty, and a
  // back-to-back burst that must pass at full throughput.
  void run_directed() {
    sim_.reset();
    sim_.spawn(directed());
    const bool ok = sim_.run(20000);
    ASSERT_TRUE(ok) << sim_.failure();
    finish();
    EXPECT_GT(cov_.push_pop_full, 0U) << "never pushed and popped while full";
    EXPECT_GT(cov_.push_pop_empty, 0U) << "never pushed and popped while empty";
  }

 private:
  void finish() {
    try {
      sb_.check_drained();
    } catch (const SimStop&) {
      ADD_FAILURE() << sim_.failure();
    }
  }

  void fail(const std::string& what) { sim_.fail("cycle model: " + what); }

  void check_cycle() {
    auto& d = sim_.dut();
    if (!d.rst_ni) {
      model_.reset();
      return;
    }
    const bool in_valid = d.in_valid_i != 0;
    const T in_data = read_port<T>(d.in_data_i);
    const bool out_ready = d.out_ready_i != 0;
    const auto o = model_.outputs(in_valid, in_data);

    if ((d.in_ready_o != 0) != o.in_ready) fail(mismatch("in_ready_o", o.in_ready, d.in_ready_o != 0));
    if ((d.out_valid_o != 0) != o.out_valid) fail(mismatch("out_valid_o", o.out_valid, d.out_valid_o != 0));
    if (o.out_valid && !(read_port<T>(d.out_data_o) == o.out_data)) {
      fail(mismatch("out_data_o", hex(o.out_data), hex(read_port<T>(d.out_data_o))));
    }
    if constexpr (kHasCount) {
      if (d.count_o != o.count) fail(mismatch("count_o", o.count, static_cast<unsigned>(d.count_o)));
      if ((d.full_o != 0) != o.full) fail(mismatch("full_o", o.full, d.full_o != 0));
      if ((d.empty_o != 0) != o.empty) fail(mismatch("empty_o", o.empty, d.empty_o != 0));
    }
    probe_ready_path();

    cov_.full_cycles += o.full;
    cov_.empty_cycles += o.empty;
    cov_.push_pop_full += o.full && in_valid && out_ready;
    cov_.push_pop_empty += o.empty && in_valid && out_ready;
    cov_.transfers += o.out_valid && out_ready;
    model_.clock(in_valid, in_data, out_ready);
  }

  // in_ready_o and out_valid_o must not follow out_ready_i combinationally: flip it, re-evaluate,
  // compare, and put it back before anything else looks.
  void probe_ready_path() {
    auto& d = sim_.dut();
    const auto in_ready = d.in_ready_o;
    const auto out_valid = d.out_valid_o;
    d.out_ready_i = !d.out_ready_i;
    d.eval();
    const bool same = d.in_ready_o == in_ready && d.out_valid_o == out_valid;
    d.out_ready_i = !d.out_ready_i;
    d.eval();
    if (!same) fail("in_ready_o or out_valid_o changed with out_ready_i in the same cycle");
  }

  Task phase_changer() {
    while (true) {
      const double p_in = 0.1 + 0.9 * static_cast<double>(stim_.range(0, 9)) / 9.0;
      const double p_out = 0.1 + 0.9 * static_cast<double>(stim_.range(0, 9)) / 9.0;
      src_knob_.random(p_in);
      if (stim_.chance(0.2)) {
        sink_knob_.off();  // a long stall fills the buffer
      } else {
        sink_knob_.random(p_out);
      }
      co_await sim_.cycles(stim_.range(5, 20 + 8 * cfg_.depth));
    }
  }

  Task wait_until(std::function<bool()> cond) {
    while (!cond()) co_await sim_.rising_edge();
  }

  Task directed() {
    const unsigned depth = cfg_.depth;
    // Fill: the consumer stalls while the producer offers more than fits.
    sink_knob_.off();
    src_knob_.on();
    for (unsigned i = 0; i < depth + 2; ++i) src_.push(random_payload<T>(stim_, cfg_.width));
    co_await wait_until([&] { return model_.size() == depth; });
    co_await sim_.cycles(3);
    // Push and pop in the same cycle while full: exactly one cycle of ready.
    sink_knob_.on();
    co_await sim_.rising_edge();
    sink_knob_.off();
    co_await sim_.cycles(3);
    // Drain everything (the producer's pending items follow).
    src_knob_.off();
    sink_knob_.on();
    co_await wait_until([&] { return src_.pending() == 0 && model_.size() == 0; });
    co_await sim_.cycles(2);
    // Push and pop in the same cycle while empty.
    src_knob_.on();
    src_.push(random_payload<T>(stim_, cfg_.width));
    co_await src_.drain();
    co_await sim_.cycles(3);
    // Back-to-back burst with a ready consumer: one item per cycle unless the buffer is a single
    // registered entry, which alternates.
    const unsigned burst = 64;
    const std::uint64_t before = sink_.received();
    for (unsigned i = 0; i < burst; ++i) src_.push(random_payload<T>(stim_, cfg_.width));
    const std::uint64_t start = sim_.cycle();
    co_await sink_.wait_for(before + burst);
    const std::uint64_t took = sim_.cycle() - start;
    const bool single_registered = depth == 1 && !cfg_.fall_through;
    const std::uint64_t limit = single_registered ? 2 * burst + 3 : burst + 3;
    sim_.check(took <= limit, fmt::format("burst of {} items took {} cycles (limit {})", burst, took, limit));
  }

  BufConfig cfg_;
  Sim<V> sim_;
  model::common::FifoModel<T> model_;
  Knob src_knob_;
  Knob sink_knob_;
  Rng stim_;
  StreamSource<T> src_;
  StreamSink<T> sink_;
  StreamMonitor<T> mon_;
  InOrderScoreboard<T> sb_;
  BufCoverage cov_;
};

}  // namespace baton::env::common
