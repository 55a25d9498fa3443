// SPDX-License-Identifier: Apache-2.0
// The packet buffer in loopback (writer -> slots -> descriptor FIFO -> reader): every frame is
// either sent back byte for byte, in order, or dropped with its reason counted; no slot leaks.
#include <gtest/gtest.h>

#include "Vpktbuf_loop4.h"
#include "Vpktbuf_loop512.h"
#include "Vpktbuf_loop8.h"
#include "baton/tb/axis.hpp"
#include "baton/tb/sim.hpp"

namespace {

using namespace baton::tb;

constexpr unsigned kSlotBytes = 2048;
constexpr unsigned kMinBytes = 60;

enum class Fate { kForward, kOversize, kTuser, kRunt };

// Reference outcome of a frame that found a free slot (priority: oversize, tuser, runt).
Fate fate_of(const AxisPacket& p) {
  if (p.data.size() > kSlotBytes) return Fate::kOversize;
  if (p.error) return Fate::kTuser;
  if (p.data.size() < kMinBytes) return Fate::kRunt;
  return Fate::kForward;
}

AxisPacket random_frame(Rng& rng, std::uint32_t id) {
  AxisPacket p;
  std::size_t len;
  switch (rng.range(0, 9)) {
    case 0: len = rng.range(1, kMinBytes - 1); break;                   // runt
    case 1: len = rng.range(kSlotBytes + 1, kSlotBytes + 300); break;   // oversize
    case 2: len = kSlotBytes; break;                                     // exactly a slot
    case 3: len = kMinBytes; break;                                      // smallest kept
    default: len = rng.range(kMinBytes, 1518);
  }
  p.data.resize(len);
  for (auto& b : p.data) b = static_cast<std::uint8_t>(rng.bits(8));
  for (unsigned i = 0; i < 4 && i < len; ++i) p.data[i] = static_cast<std::uint8_t>(id >> (8 * i));
  p.error = rng.chance(0.08);
  return p;
}

template <typename Model>
struct Loop {
  Sim<Model> sim;
  unsigned lanes = sizeof(sim.dut().s_tkeep_i) * 8 >= 64 ? 64 : 8;
  AxisSource src{sim, axis_source_pins(sim.dut().s_tvalid_i, sim.dut().s_tready_o, sim.dut().s_tdata_i,
                                       sim.dut().s_tkeep_i, sim.dut().s_tlast_i, &sim.dut().s_tuser_i),
                 lanes, "in"};
  AxisSink sink{sim, axis_sink_pins(sim.dut().m_tvalid_o, sim.dut().m_tready_i, sim.dut().m_tdata_o,
                                    sim.dut().m_tkeep_o, sim.dut().m_tlast_o,
                                    static_cast<const CData*>(nullptr), lanes),
                lanes, "out"};
  std::vector<AxisPacket> sent, received;

  Loop() {
    sink.on_packet = [this](const AxisPacket& p) { received.push_back(p); };
    sim.dut().wr_ready_i = 1;  // no stalls unless a test drives them
    sim.dut().free_ready_i = 1;
  }

  void run(int frames, std::uint64_t budget) {
    sim.reset();
    for (int i = 0; i < frames; ++i) {
      sent.push_back(random_frame(sim.rng(), static_cast<std::uint32_t>(i)));
      src.push(sent.back());
    }
    ASSERT_TRUE(sim.run(budget, [&] { return src.idle(); }));
    ASSERT_TRUE(sim.advance(3000));  // let the last frames drain
  }

  std::uint64_t counter(int which) {
    auto& d = sim.dut();
    switch (which) {
      case 0: return d.drop_buffer_full_o;
      case 1: return d.drop_oversize_o;
      case 2: return d.drop_runt_o;
      default: return d.drop_tuser_o;
    }
  }
};

// With a sink that never stalls, slots never run out: outcomes and counters match the model exactly.
template <typename Model>
void exact_outcomes(unsigned slots) {
  Loop<Model> t;
  t.src.set_pattern(pattern::random(t.sim.rng().fork(1), 0.8));
  t.run(400, 2'000'000);
  std::vector<AxisPacket> expect;
  std::uint64_t over = 0, runt = 0, tuser = 0;
  for (const auto& p : t.sent) {
    switch (fate_of(p)) {
      case Fate::kForward: expect.push_back(AxisPacket{p.data, false}); break;
      case Fate::kOversize: ++over; break;
      case Fate::kTuser: ++tuser; break;
      case Fate::kRunt: ++runt; break;
    }
  }
  ASSERT_EQ(t.received.size(), expect.size()) << "seed " << t.sim.seed();
  for (std::size_t i = 0; i < expect.size(); ++i) {
    ASSERT_EQ(t.received[i], expect[i]) << "frame #" << i << ", seed " << t.sim.seed();
  }
  EXPECT_EQ(t.counter(0), 0U);
  EXPECT_EQ(t.counter(1), over);
  EXPECT_EQ(t.counter(2), runt);
  EXPECT_EQ(t.counter(3), tuser);
  EXPECT_EQ(t.sim.dut().free_count_o, slots) << "slots leaked";
}

TEST(PktbufLoop, ExactOutcomesAt64Bits) { exact_outcomes<Vpktbuf_loop8>(8); }
TEST(PktbufLoop, ExactOutcomesAt512Bits) { exact_outcomes<Vpktbuf_loop512>(8); }

// Heavy backpressure exhausts the slots: frames may also be dropped as buffer-full, but each frame
// is still accounted for exactly once, survivors arrive intact and in order, and no slot leaks.
TEST(PktbufLoop, ExhaustionDropsAreCountedAndNothingLeaks) {
  Loop<Vpktbuf_loop4> t;
  t.sink.set_pattern(pattern::random(t.sim.rng().fork(2), 0.05));
  t.run(300, 5'000'000);
  t.sink.set_pattern(pattern::always());
  ASSERT_TRUE(t.sim.advance(20000));
  std::size_t next = 0;
  std::uint64_t must_drop = 0, kept = 0;
  for (const auto& p : t.sent) {
    const Fate f = fate_of(p);
    if (f != Fate::kForward) {
      ++must_drop;
      continue;
    }
    if (next < t.received.size() && t.received[next].data == p.data) {
      ++next;
      ++kept;
    }
  }
  EXPECT_EQ(next, t.received.size()) << "an output frame is not an in-order survivor, seed " << t.sim.seed();
  const std::uint64_t drops = t.counter(0) + t.counter(1) + t.counter(2) + t.counter(3);
  EXPECT_EQ(kept + drops, t.sent.size()) << "accounting: every frame forwarded or dropped once";
  EXPECT_GT(t.counter(0), 0U) << "the test did not exhaust the buffer";
  EXPECT_LE(t.counter(1) + t.counter(2) + t.counter(3), must_drop);
  EXPECT_EQ(t.sim.dut().free_count_o, 4U) << "slots leaked";
}

// The writer's memory port and the reader's slot free stall at random (wr_ready_i, free_ready_i):
// frames wait instead of being lost; with slots short, some are dropped as buffer-full, and each
// frame is still accounted for once, survivors arrive intact and in order, no slot leaks.
template <typename Model>
void stalled_ports(unsigned slots) {
  Loop<Model> t;
  bool saw_wr_stall = false, saw_free_stall = false;
  Rng stall = t.sim.rng().fork(3);
  t.sim.on_drive([&] {
    auto& d = t.sim.dut();
    d.wr_ready_i = stall.chance(0.6);
    d.free_ready_i = stall.chance(0.3);
  });
  t.sim.on_sample([&] {
    const auto& d = t.sim.dut();
    if (d.s_tvalid_i && !d.wr_ready_i) saw_wr_stall = true;
    if (d.m_tvalid_o && !d.free_ready_i) saw_free_stall = true;
  });
  t.src.set_pattern(pattern::random(t.sim.rng().fork(1), 0.9));
  t.run(300, 5'000'000);
  std::size_t next = 0;
  std::uint64_t must_drop = 0, kept = 0;
  for (const auto& p : t.sent) {
    if (fate_of(p) != Fate::kForward) {
      ++must_drop;
      continue;
    }
    if (next < t.received.size() && t.received[next].data == p.data) {
      ++next;
      ++kept;
    }
  }
  EXPECT_TRUE(saw_wr_stall && saw_free_stall) << "the stalls were not exercised, seed " << t.sim.seed();
  EXPECT_EQ(next, t.received.size()) << "an output frame is not an in-order survivor, seed " << t.sim.seed();
  const std::uint64_t drops = t.counter(0) + t.counter(1) + t.counter(2) + t.counter(3);
  EXPECT_EQ(kept + drops, t.sent.size()) << "accounting: every frame forwarded or dropped once, seed " << t.sim.seed();
  EXPECT_LE(t.counter(1) + t.counter(2) + t.counter(3), must_drop);
  EXPECT_EQ(t.sim.dut().free_count_o, slots) << "slots leaked, seed " << t.sim.seed();
}

TEST(PktbufLoop, StalledWriteAndFreePortsLoseNothingAt64Bits) { stalled_ports<Vpktbuf_loop8>(8); }
TEST(PktbufLoop, StalledWriteAndFreePortsLoseNothingAt512Bits) { stalled_ports<Vpktbuf_loop512>(8); }

// A frame leaves at one beat per cycle once it starts, with no sink backpressure.
TEST(PktbufLoop, ReaderStreamsOneBeatPerCycle) {
  Loop<Vpktbuf_loop8> t;
  std::uint64_t first = 0, last = 0;
  t.sim.on_sample([&] {
    auto& d = t.sim.dut();
    if (d.m_tvalid_o && d.m_tready_i) {
      if (first == 0) first = t.sim.cycle();
      last = t.sim.cycle();
    }
  });
  t.sim.reset();
  AxisPacket p;
  p.data.assign(1500, 0x5a);
  t.src.push(p);
  ASSERT_TRUE(t.sim.run(5000, [&] { return t.sink.packets() == 1; }));
  EXPECT_EQ(t.received.at(0), p);
  EXPECT_EQ(last - first + 1, (1500U + 7) / 8) << "beats did not leave back to back";
}

}  // namespace
