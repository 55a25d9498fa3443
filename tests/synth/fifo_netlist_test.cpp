// SPDX-License-Identifier: Apache-2.0
// The synthesized iCE40 netlist of baton_fifo_sync (Width=16, Depth=64, FallThrough=1; storage in
// an SB_RAM40_4K) against its RTL: both are driven with the same seeded random stimulus, cycle by
// cycle, and every output is compared every cycle (out_data_o whenever out_valid_o is high; the
// data lines of an empty FIFO carry unspecified values). A front end or mapping pass that builds
// different hardware shows up as the first differing output, with its cycle.
#include <gtest/gtest.h>
#include <verilated.h>
#include <verilated_fst_c.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include <fmt/format.h>

#include "Vfifo_net.h"
#include "Vfifo_net_rtl.h"
#include "baton/tb/config.hpp"
#include "baton/tb/rng.hpp"
#include "baton/tb/scheduler.hpp"
#include "baton/tb/sim.hpp"

namespace {

using namespace baton::tb;

// Two models on one clock: the RTL (waves go to <test>.fst) and the netlist (<test>.net.fst).
class Lockstep : public Scheduler {
 public:
  Lockstep() : rtl_ctx_(std::make_unique<VerilatedContext>()), net_ctx_(std::make_unique<VerilatedContext>()),
               rng_(test_seed()) {
    set_seed(rng_.seed());
    for (auto* c : {rtl_ctx_.get(), net_ctx_.get()}) {
      c->fatalOnError(false);
      c->randSeed(static_cast<int>(rng_.seed() & 0x7fffffff));
      if (run_options().trace) c->traceEverOn(true);
    }
    rtl_ = std::make_unique<Vfifo_net_rtl>(rtl_ctx_.get(), "rtl");
    net_ = std::make_unique<Vfifo_net>(net_ctx_.get(), "net");
    if (run_options().trace) {
      const std::string file = wave_path_for(current_test_name());
      std::filesystem::create_directories(std::filesystem::path(file).parent_path());
      rtl_trace_ = std::make_unique<VerilatedFstC>();
      rtl_->trace(rtl_trace_.get(), 99);
      rtl_trace_->open(file.c_str());
      net_trace_ = std::make_unique<VerilatedFstC>();
      net_->trace(net_trace_.get(), 99);
      net_trace_->open((file.substr(0, file.size() - 4) + ".net.fst").c_str());
    }
  }
  ~Lockstep() override {
    if (rtl_trace_) rtl_trace_->close();
    if (net_trace_) net_trace_->close();
    rtl_->final();
    net_->final();
  }

  Vfifo_net_rtl& rtl() { return *rtl_; }
  Vfifo_net& net() { return *net_; }
  Rng& rng() { return rng_; }

 protected:
  void settle() override { half(0); }
  void clock_edge() override { half(1); }
  bool assertion_failed() override { return rtl_ctx_->gotError() || net_ctx_->gotError(); }
  void on_failure() override {
    if (rtl_trace_) rtl_trace_->flush();
    if (net_trace_) net_trace_->flush();
  }

 private:
  void half(int clk) {
    rtl_->clk_i = clk;
    net_->clk_i = clk;
    rtl_ctx_->timeInc(5);
    net_ctx_->timeInc(5);
    rtl_->eval();
    net_->eval();
    if (rtl_trace_) rtl_trace_->dump(rtl_ctx_->time());
    if (net_trace_) net_trace_->dump(net_ctx_->time());
  }

  std::unique_ptr<VerilatedContext> rtl_ctx_, net_ctx_;
  std::unique_ptr<Vfifo_net_rtl> rtl_;
  std::unique_ptr<Vfifo_net> net_;
  std::unique_ptr<VerilatedFstC> rtl_trace_, net_trace_;
  Rng rng_;
};

class NetlistVsRtl : public ::testing::TestWithParam<int> {};

TEST_P(NetlistVsRtl, EveryOutputEveryCycle) {
  Lockstep sim;
  auto& r = sim.rtl();
  auto& n = sim.net();
  Rng stim(sim.rng().fork(1));
  std::uint64_t compared = 0;
  std::uint64_t data_compared = 0;
  std::uint64_t full_cycles = 0;
  double p_in = 0.5;
  double p_out = 0.5;

  // Identical inputs to both models, applied in the drive phase; phases of different push/pop
  // rates so the FIFO runs full and empty; a reset now and then.
  sim.on_drive([&] {
    if (stim.chance(0.01)) {
      p_in = static_cast<double>(stim.range(0, 10)) / 10.0;
      p_out = static_cast<double>(stim.range(0, 10)) / 10.0;
    }
    const bool rst = sim.cycle() < 3 || stim.chance(0.0005);
    const bool in_valid = stim.chance(p_in);
    const auto data = static_cast<std::uint16_t>(stim.bits(16));
    const bool out_ready = stim.chance(p_out);
    r.rst_ni = n.rst_ni = !rst;
    r.in_valid_i = n.in_valid_i = in_valid;
    r.in_data_i = n.in_data_i = data;
    r.out_ready_i = n.out_ready_i = out_ready;
  });
  sim.on_sample([&] {
    if (sim.cycle() < 3) return;  // before the first reset the flops hold random power-up values
    auto cmp = [&](const char* name, std::uint64_t rtl, std::uint64_t net) {
      if (rtl != net) sim.fail(fmt::format("netlist differs from RTL: {} = 0x{:x} (RTL 0x{:x})", name, net, rtl));
    };
    cmp("in_ready_o", r.in_ready_o, n.in_ready_o);
    cmp("out_valid_o", r.out_valid_o, n.out_valid_o);
    cmp("count_o", r.count_o, n.count_o);
    cmp("full_o", r.full_o, n.full_o);
    cmp("empty_o", r.empty_o, n.empty_o);
    if (r.out_valid_o) {
      cmp("out_data_o", r.out_data_o, n.out_data_o);
      ++data_compared;
    }
    ++compared;
    full_cycles += r.full_o;
  });
  ASSERT_TRUE(sim.advance(50000)) << sim.failure();
  EXPECT_GT(data_compared, 10000U);
  EXPECT_GT(full_cycles, 100U) << "the FIFO never ran full";
  fmt::print("[fifo netlist] {} cycles compared, {} with data, {} full\n", compared, data_compared, full_cycles);
}

INSTANTIATE_TEST_SUITE_P(Seeds, NetlistVsRtl, ::testing::Range(0, 3));

}  // namespace
