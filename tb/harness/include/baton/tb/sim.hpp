// SPDX-License-Identifier: Apache-2.0
// Sim<Model>: owns a Verilated model, its context and (on request) its FST wave file, and drives
// its clock `clk_i` and active-low reset `rst_ni` through the Scheduler's cycle.
#pragma once

#include <verilated.h>
#include <verilated_fst_c.h>
#if VM_COVERAGE
#include <verilated_cov.h>
#endif

#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>

#include <fmt/format.h>

#include "baton/tb/config.hpp"
#include "baton/tb/log.hpp"
#include "baton/tb/rng.hpp"
#include "baton/tb/scheduler.hpp"

namespace baton::tb {

// Path of the FST file for a test name (slashes and odd characters replaced).
std::string wave_path_for(const std::string& test_name);

// Where a model's code-coverage counters go when its Sim ends (builds with BATON_COVERAGE, see
// scripts/coverage): $BATON_COVERAGE_DIR/<test>-<pid>-<n>.dat, n counting the models of this
// process, so no two models and no two processes share a file. Empty when the variable is unset.
std::string coverage_path_for(const std::string& test_name);

template <typename Model>
class Sim : public Scheduler {
 public:
  struct Options {
    std::uint64_t seed;
    bool trace;
    std::string wave_file;
  };

  // Seed and tracing from the command line / environment / test name.
  Sim() : Sim(Options{test_seed(), run_options().trace, wave_path_for(current_test_name())}) {}

  explicit Sim(const Options& opts) : ctx_(std::make_unique<VerilatedContext>()), rng_(opts.seed) {
    set_seed(opts.seed);
    ctx_->fatalOnError(false);  // a failed assertion becomes a test failure, not an abort
    ctx_->randSeed(static_cast<int>(opts.seed & 0x7fffffff));
    if (opts.trace) ctx_->traceEverOn(true);
    model_ = std::make_unique<Model>(ctx_.get(), "top");
    if (opts.trace) {
      // Models verilated FAST (cmake/BatonRtl.cmake) have no tracing; whoever picks one must not
      // ask it for waves, so this is a programming error, not a user's.
      if constexpr (requires(Model& m, VerilatedFstC* t) { m.trace(t, 99); }) {
        std::filesystem::create_directories(std::filesystem::path(opts.wave_file).parent_path());
        trace_ = std::make_unique<VerilatedFstC>();
        model_->trace(trace_.get(), 99);
        trace_->open(opts.wave_file.c_str());
        wave_file_ = opts.wave_file;
        log::info("writing waves to {}", wave_file_);
      } else {
        throw std::logic_error("this verilated model was built without tracing (FAST); use its checked build for waves");
      }
    }
    model_->clk_i = 0;
    model_->rst_ni = 1;
    model_->eval();
  }

  ~Sim() override {
    if (trace_) trace_->close();
    model_->final();
#if VM_COVERAGE
    if (const std::string path = coverage_path_for(current_test_name()); !path.empty()) {
      ctx_->coveragep()->write(path.c_str());
    }
#endif
  }

  Model& dut() { return *model_; }
  Model* operator->() { return model_.get(); }
  Rng& rng() { return rng_; }
  VerilatedContext& context() { return *ctx_; }

  // Holds rst_ni low for `cycles` cycles, then releases it; inputs keep their current values.
  void reset(unsigned cycles = 4) {
    model_->rst_ni = 0;
    for (unsigned i = 0; i < cycles; ++i) step();
    model_->rst_ni = 1;
  }

 protected:
  void settle() override {
    model_->clk_i = 0;
    ctx_->timeInc(5);
    model_->eval();
    if (trace_) trace_->dump(ctx_->time());
  }
  void clock_edge() override {
    model_->clk_i = 1;
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
  std::string wave_file_;
  Rng rng_;
};

}  // namespace baton::tb
