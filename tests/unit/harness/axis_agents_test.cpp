// SPDX-License-Identifier: Apache-2.0
// The AXI4-Stream agents against a register stage at 64 and 512 bits: random packet sizes,
// idle and backpressure, tuser errors; every packet must come back byte for byte, in order.
#include <gtest/gtest.h>

#include "Vaxis512.h"
#include "Vaxis64.h"
#include "baton/tb/axis.hpp"
#include "baton/tb/scoreboard.hpp"
#include "baton/tb/sim.hpp"

namespace {

using namespace baton::tb;

template <typename Model>
AxisSourcePins source_pins_of(Model& d) {
  return axis_source_pins(d.s_tvalid_i, d.s_tready_o, d.s_tdata_i, d.s_tkeep_i, d.s_tlast_i, &d.s_tuser_i);
}

template <typename Model>
AxisSinkPins sink_pins_of(Model& d, unsigned lanes) {
  return axis_sink_pins(d.m_tvalid_o, d.m_tready_i, d.m_tdata_o, d.m_tkeep_o, d.m_tlast_o, &d.m_tuser_o,
                        lanes);
}

std::string show(const AxisPacket& p) {
  return fmt::format("{} bytes{} first {:02x}", p.data.size(), p.error ? " (error)" : "",
                     p.data.empty() ? 0 : p.data.front());
}

template <typename Model>
void run_packets(unsigned lanes) {
  Sim<Model> sim;
  auto& d = sim.dut();
  AxisSource src(sim, source_pins_of(d), lanes, "s", pattern::random(sim.rng().fork(1), 0.7));
  AxisSink sink(sim, sink_pins_of(d, lanes), lanes, "m", pattern::bursty(sim.rng().fork(2), 6));
  InOrderScoreboard<AxisPacket> sb(sim, "axis", show);
  sink.on_packet = [&](const AxisPacket& p) { sb.observe(p); };
  sim.reset();
  constexpr int kPackets = 300;
  for (int i = 0; i < kPackets; ++i) {
    AxisPacket p;
    // Sizes straddle the bus width: 1 byte, exact multiples, and Ethernet sizes.
    const unsigned len = (i % 5 == 0) ? static_cast<unsigned>(lanes * sim.rng().range(1, 4))
                                      : static_cast<unsigned>(sim.rng().range(1, 1518));
    for (unsigned b = 0; b < len; ++b) p.data.push_back(static_cast<std::uint8_t>(sim.rng().bits(8)));
    p.error = sim.rng().chance(0.1);
    src.push(p);
    sb.expect(p);
  }
  ASSERT_TRUE(sim.run(2'000'000, [&] { return sink.packets() == kPackets; }));
  sb.check_drained();
}

TEST(AxisAgents, PacketsRoundTripAt64Bits) { run_packets<Vaxis64>(8); }
TEST(AxisAgents, PacketsRoundTripAt512Bits) { run_packets<Vaxis512>(64); }

TEST(AxisAgents, BeatSplittingKeepsBytesAndMarksTheLastBeat) {
  AxisPacket p;
  for (int i = 0; i < 19; ++i) p.data.push_back(static_cast<std::uint8_t>(i));
  const auto beats = to_beats(p, 8);
  ASSERT_EQ(beats.size(), 3U);
  EXPECT_EQ(beats[0].keep, 0xffU);
  EXPECT_FALSE(beats[0].last);
  EXPECT_EQ(beats[2].keep, 0x07U);  // 19 = 8 + 8 + 3
  EXPECT_TRUE(beats[2].last);
  EXPECT_EQ(beats[2].bytes[2], 18);
  EXPECT_EQ(beats[2].bytes[3], 0);
}

}  // namespace
