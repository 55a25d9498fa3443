// SPDX-License-Identifier: Apache-2.0
// One complete lookup testbench: simulation, agents, scoreboard (reference model) and tile
// responder, for any Verilated configuration M.
#pragma once

#include <string>

#include "baton/tb/pattern.hpp"
#include "baton/tb/sim.hpp"
#include "lookup_configs.hpp"
#include "lookup_env.hpp"

namespace baton::lookup {

template <typename M>
struct LookupBench {
  explicit LookupBench(const Config& c, const TileKnobs& tk = TileKnobs{})
      : cfg(c), agents(sim), sb(sim, agents, c), tiles(sim, sb, tk, sim.rng().fork(3)) {}

  // Reset, then wait until the controller has cleared its memories.
  bool start() {
    sim.reset();
    sim.spawn(agents.wait_init());
    return sim.run(2ULL * cfg.num_flows() + 1000);
  }
  // Runs until every request, command and write-back given so far is done and the model has
  // nothing outstanding, then a few cycles more: a done is counted by the design when its block
  // write leaves, two cycles after the write-back.
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

}  // namespace baton::lookup
