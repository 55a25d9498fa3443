// SPDX-License-Identifier: Apache-2.0
// The synthesized tile against its RTL. baton_tile (the tile_e4 parameters) is synthesized for
// iCE40 by scripts/synth (Yosys read_slang), the netlist is verilated with Yosys' cell models,
// and the same random scenario (programs, contexts, memory latency, backpressure, same seed) runs
// on the netlist and on the RTL model, the RTL also in lockstep with the ISS. Every transfer on
// every port (context in, shared-memory requests, thread operations) must happen in the same
// cycle with the same payload. This catches a synthesis front end that builds the wrong hardware.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include <fmt/format.h>

#include "Vtile_e4.h"
#include "Vtile_net.h"
#include "baton/iss/retire.hpp"
#include "baton/tb/config.hpp"
#include "baton/tb/log.hpp"
#include "baton/tb/sim.hpp"
#include "baton/env/tile/configs.hpp"
#include "baton/env/tile/scenario.hpp"
#include "baton/env/tile/tile_env.hpp"

namespace baton::env::tile {
namespace {

template <typename M>
std::vector<std::string> run(std::uint64_t seed, bool lockstep, std::uint64_t* retired) {
  const auto params = configs::tile_e4();
  tb::Sim<M> sim(typename tb::Sim<M>::Options{seed, tb::run_options().trace,
                                              tb::wave_path_for(tb::current_test_name() + (lockstep ? ".rtl" : ".net"))});
  tb::Rng rng = sim.rng().fork(21);
  ScenarioOptions o;
  o.partitions = 3;
  o.programs_per_partition = 2;
  o.deliveries = 16;
  o.gen.length = 80;
  o.gen.fault_random = true;
  const Scenario s = make_scenario(rng, params, o);
  EnvOptions bo;
  bo.dmem_ready_p = 0.7;
  bo.dmem_max_latency = 5;
  bo.op_ready_p = 0.6;
  TileEngineEnv<M> env(sim, params, s.image, bo);
  env.checker().set_enabled(lockstep);
  s.install(env.shared(), env.iss_memory());
  std::vector<std::string> trace;
  auto& d = sim.dut();
  sim.on_sample([&] {
    if (d.ctx_valid_i && d.ctx_ready_o) trace.push_back(fmt::format("{} ctx thread {}", sim.cycle(), d.ctx_thread_i));
    if (d.dmem_req_valid_o && d.dmem_req_ready_i) {
      trace.push_back(fmt::format("{} dmem we={} addr={:#010x} be={:x} wdata={:#010x} thread={} handle={:#x}",
                                  sim.cycle(), d.dmem_req_we_o, d.dmem_req_addr_o, d.dmem_req_be_o,
                                  d.dmem_req_we_o ? d.dmem_req_wdata_o : 0U, d.dmem_req_thread_o,
                                  d.dmem_req_handle_o));
    }
    if (d.op_valid_o && d.op_ready_i) {
      auto bits = tb::read_port<Bits<kThreadOpWidth>>(d.op_o);
      bits.words().back() &= (1U << (kThreadOpWidth % 32)) - 1;  // bits past the record are not ports
      std::string raw;
      for (auto w : bits.words()) raw = fmt::format("{:08x}", w) + raw;
      const auto op = unpack_thread_op(bits);
      trace.push_back(fmt::format("{} op {} arg={:#x} tile={} thread={} ctx={} raw={}", sim.cycle(),
                                  iss::thread_op_name(op.op), op.arg, op.src_tile, op.src_thread,
                                  iss::format_ctx(op.ctx), raw));
    }
  });
  for (const auto& c : s.contexts) {
    tb::log::debug("context handle {:#x} flow {:#x} part {} entry {}", c.pkt_handle, c.flow, c.target_part, c.entry);
    env.deliver(c);
  }
  EXPECT_TRUE(env.run_all(1'000'000)) << sim.failure();
  *retired = env.checker().retired_count();
  return trace;
}

TEST(Netlist, RandomProgramsMatchRtlCycleForCycle) {
  const auto seed = tb::test_seed();
  std::uint64_t rtl_retired = 0, net_retired = 0;
  const auto rtl = run<Vtile_e4>(seed, true, &rtl_retired);
  const auto net = run<Vtile_net>(seed, false, &net_retired);
  ASSERT_GT(rtl.size(), 50U);
  EXPECT_GT(rtl_retired, 500U);
  for (std::size_t i = 0; i < std::min(rtl.size(), net.size()); ++i) {
    ASSERT_EQ(rtl[i], net[i]) << "first difference at port event " << i << " (cycle first)"
                              << "\n  repro: " << tb::repro_command(seed, false);
  }
  EXPECT_EQ(rtl.size(), net.size()) << "repro: " << tb::repro_command(seed, false);
}

}  // namespace
}  // namespace baton::env::tile
