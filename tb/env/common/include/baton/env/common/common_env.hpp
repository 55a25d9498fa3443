// SPDX-License-Identifier: Apache-2.0
// Helpers shared by the common-primitive tests: a simulation wrapper for models the harness'
// Sim<> cannot drive (no rst_ni, or no clock at all), a stimulus "knob" whose mode a sequence can
// switch, random payloads, and failure capture for tests that expect an assertion to fire.
#pragma once

#include <gtest/gtest.h>
#include <verilated.h>
#include <verilated_fst_c.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include <fmt/format.h>

#include "baton/bits.hpp"
#include "baton/tb/config.hpp"
#include "baton/tb/failure.hpp"
#include "baton/tb/pattern.hpp"
#include "baton/tb/port.hpp"
#include "baton/tb/rng.hpp"
#include "baton/tb/scheduler.hpp"
#include "baton/tb/sim.hpp"

namespace baton::env::common {

// The environments are written on the harness (Sim, Rng, Pattern, ports, failure hooks).
using namespace baton::tb;  // NOLINT(google-build-using-namespace)

// Like Sim<Model>, for models with a clock but no rst_ni (RAMs) or with no clock at all
// (combinational encoders: a "cycle" is one evaluation). Seed, waves and failure reports as Sim.
template <typename Model>
class PrimSim : public Scheduler {
 public:
  static constexpr bool kHasClock = requires(Model& m) { m.clk_i; };

  PrimSim() : ctx_(std::make_unique<VerilatedContext>()), rng_(test_seed()) {
    const bool trace = run_options().trace;
    set_seed(rng_.seed());
    ctx_->fatalOnError(false);
    ctx_->randSeed(static_cast<int>(rng_.seed() & 0x7fffffff));
    if (trace) ctx_->traceEverOn(true);
    model_ = std::make_unique<Model>(ctx_.get(), "top");
    if (trace) {
      const std::string file = wave_path_for(current_test_name());
      std::filesystem::create_directories(std::filesystem::path(file).parent_path());
      trace_ = std::make_unique<VerilatedFstC>();
      model_->trace(trace_.get(), 99);
      trace_->open(file.c_str());
    }
    if constexpr (kHasClock) model_->clk_i = 0;
    model_->eval();
  }
  ~PrimSim() override {
    if (trace_) trace_->close();
    model_->final();
  }
  PrimSim(const PrimSim&) = delete;
  PrimSim& operator=(const PrimSim&) = delete;

  Model& dut() { return *model_; }
  Rng& rng() { return rng_; }

 protected:
  void settle() override {
    if constexpr (kHasClock) model_->clk_i = 0;
    ctx_->timeInc(5);
    model_->eval();
    if (trace_) trace_->dump(ctx_->time());
  }
  void clock_edge() override {
    if constexpr (kHasClock) model_->clk_i = 1;
    ctx_->timeInc(5);
    model_->eval();
    if (trace_) trace_->dump(ctx_->time());
  }
  bool assertion_failed() override { return ctx_->gotError(); }
  void on_failure() override {
    if (trace_) trace_->flush();
  }

 private:
  std::unique_ptr<VerilatedContext> ctx_;
  std::unique_ptr<Model> model_;
  std::unique_ptr<VerilatedFstC> trace_;
  Rng rng_;
};

// A willingness pattern whose behaviour a directed sequence switches at run time:
// always on, always off, or on with probability p.
class Knob {
 public:
  explicit Knob(Rng rng) : state_(std::make_shared<State>(State{rng})) {}
  Pattern pattern() const {
    auto s = state_;
    return [s] { return s->mode == Mode::kOn || (s->mode == Mode::kRandom && s->rng.chance(s->p)); };
  }
  void on() { state_->mode = Mode::kOn; }
  void off() { state_->mode = Mode::kOff; }
  void random(double p) {
    state_->mode = Mode::kRandom;
    state_->p = p;
  }

 private:
  enum class Mode { kOn, kOff, kRandom };
  struct State {
    Rng rng;
    Mode mode = Mode::kRandom;
    double p = 0.5;
  };
  std::shared_ptr<State> state_;
};

// Random payload of `width` bits for the port types the tests use.
template <typename T>
T random_payload(Rng& rng, unsigned width) {
  if constexpr (std::is_integral_v<T>) {
    return static_cast<T>(rng.bits(width));
  } else {
    T v;
    for (std::size_t lsb = 0; lsb < T::kWidth; lsb += 32) {
      const std::size_t w = std::min<std::size_t>(32, T::kWidth - lsb);
      v.set(lsb, w, rng.bits(static_cast<unsigned>(w)));
    }
    return v;
  }
}

template <typename T>
std::string hex(const T& v) {
  if constexpr (std::is_integral_v<T>) {
    return fmt::format("0x{:x}", v);
  } else {
    std::string s = "0x";
    for (std::size_t i = T::kWords; i-- > 0;) s += fmt::format("{:08x}", v.words()[i]);
    return s;
  }
}

// Captures harness failure reports instead of failing the test, for tests that expect a failure
// (an assertion that must fire). Restores the GoogleTest hook on destruction.
class ExpectFailure {
 public:
  ExpectFailure() {
    set_failure_hook([this](const std::string& report) { reports_ += report + "\n"; });
  }
  ~ExpectFailure() {
    set_failure_hook([](const std::string& report) { ADD_FAILURE() << report; });
  }
  ExpectFailure(const ExpectFailure&) = delete;
  ExpectFailure& operator=(const ExpectFailure&) = delete;
  [[nodiscard]] const std::string& reports() const { return reports_; }

 private:
  std::string reports_;
};

// One line for a failure message: which cycle model output disagreed.
template <typename A, typename B>
std::string mismatch(const char* what, const A& expected, const B& got) {
  return fmt::format("{}: expected {}, got {}", what, expected, got);
}

}  // namespace baton::env::common
