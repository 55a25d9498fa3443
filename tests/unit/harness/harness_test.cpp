// SPDX-License-Identifier: Apache-2.0
// Self-tests of the cocotb-style harness: scheduling semantics, stream agents against a real
// Verilated stage, and proof that each failure path (scoreboard mismatch, contract violation,
// SystemVerilog assertion, hang) actually fails a test.
#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "Vstage_bad.h"
#include "Vstage_ok.h"
#include "baton/tb/scoreboard.hpp"
#include "baton/tb/sim.hpp"
#include "baton/tb/stream.hpp"

namespace {

using namespace baton::tb;

Sim<Vstage_ok>::Options quiet(std::uint64_t seed) { return {seed, false, ""}; }

TEST(Scheduler, CyclesAndEdgesCountExactly) {
  Sim<Vstage_ok> sim(quiet(1));
  sim.reset(3);
  std::vector<std::uint64_t> seen;
  sim.spawn([](Sim<Vstage_ok>& s, std::vector<std::uint64_t>& out) -> Task {
    out.push_back(s.cycle());
    co_await s.rising_edge();
    out.push_back(s.cycle());
    co_await s.cycles(5);
    out.push_back(s.cycle());
  }(sim, seen));
  ASSERT_TRUE(sim.run(100));
  EXPECT_EQ(seen, (std::vector<std::uint64_t>{3, 4, 9}));
}

TEST(Scheduler, EventsAndNestedTasksResumeInOrder) {
  Sim<Vstage_ok> sim(quiet(2));
  Event ev(sim);
  std::vector<int> order;
  auto child = [](Sim<Vstage_ok>& s, std::vector<int>& o) -> Task {
    co_await s.cycles(2);
    o.push_back(2);
  };
  sim.spawn([](Sim<Vstage_ok>& s, Event& e, std::vector<int>& o, auto child) -> Task {
    o.push_back(1);
    co_await child(s, o);
    o.push_back(3);
    e.set();
  }(sim, ev, order, child));
  sim.spawn([](Event& e, std::vector<int>& o) -> Task {
    co_await e.wait();
    o.push_back(4);
  }(ev, order));
  ASSERT_TRUE(sim.run(50));
  EXPECT_EQ(order, (std::vector<int>{1, 2, 3, 4}));
}

// Counts live instances; a coroutine frame destroyed while suspended destroys its locals.
struct LiveCounter {
  static inline int live = 0;
  LiveCounter() { ++live; }
  ~LiveCounter() { --live; }
  LiveCounter(const LiveCounter&) = delete;
  LiveCounter& operator=(const LiveCounter&) = delete;
};

TEST(Scheduler, SuspendedFramesAreFreedWithTheSimulation) {
  {
    Sim<Vstage_ok> sim(quiet(3));
    Event never(sim);
    for (int i = 0; i < 8; ++i) {
      sim.spawn([](Event& e) -> Task {
        LiveCounter c;
        co_await e.wait();
      }(never));
    }
    ASSERT_TRUE(sim.advance(10));
    EXPECT_EQ(LiveCounter::live, 8);
  }
  EXPECT_EQ(LiveCounter::live, 0);
}

// Source -> stage -> sink with random idle and backpressure; every item arrives once, in order.
TEST(Stream, RandomIdleAndBackpressureKeepOrder) {
  Sim<Vstage_ok> sim;
  auto& d = sim.dut();
  StreamSource<std::uint16_t> src(sim, source_pins<std::uint16_t>(d.in_valid_i, d.in_ready_o, d.in_data_i),
                                  "in", pattern::random(sim.rng().fork(1), 0.6));
  StreamSink<std::uint16_t> sink(sim, sink_pins<std::uint16_t>(d.out_valid_o, d.out_ready_i, d.out_data_o),
                                 "out", pattern::bursty(sim.rng().fork(2), 7));
  StreamMonitor<std::uint16_t> mon(sim, monitor_pins<std::uint16_t>(d.out_valid_o, d.out_ready_i, d.out_data_o),
                                   "out.monitor");
  InOrderScoreboard<std::uint16_t> sb(sim, "stage");
  sink.on_item = [&](const std::uint16_t& v) { sb.observe(v); };
  sim.reset();
  constexpr int kItems = 3000;
  for (int i = 0; i < kItems; ++i) {
    auto v = static_cast<std::uint16_t>(sim.rng().bits(16));
    if (v == 0xDEAD) v = 0;  // the stage asserts on this word
    src.push(v);
    sb.expect(v);
  }
  ASSERT_TRUE(sim.run(100000, [&] { return sink.received() == kItems; }));
  sb.check_drained();
  EXPECT_EQ(mon.transfers(), static_cast<std::uint64_t>(kItems));
  EXPECT_EQ(sb.matched(), static_cast<std::uint64_t>(kItems));
  // Idle and backpressure must really have stretched the run (about 0.6 x 0.5 throughput).
  EXPECT_GT(sim.cycle(), 2U * kItems);
}

TEST(Stream, FullThroughputWithoutStalls) {
  Sim<Vstage_ok> sim(quiet(5));
  auto& d = sim.dut();
  StreamSource<std::uint16_t> src(sim, source_pins<std::uint16_t>(d.in_valid_i, d.in_ready_o, d.in_data_i), "in");
  StreamSink<std::uint16_t> sink(sim, sink_pins<std::uint16_t>(d.out_valid_o, d.out_ready_i, d.out_data_o), "out");
  sim.reset();
  for (int i = 0; i < 100; ++i) src.push(static_cast<std::uint16_t>(i));
  const auto start = sim.cycle();
  ASSERT_TRUE(sim.run(1000, [&] { return sink.received() == 100; }));
  // One cycle to offer, one through the register, then one item per cycle.
  EXPECT_LE(sim.cycle() - start, 102U);
}

TEST(Failures, ScoreboardMismatchFailsTheTest) {
  EXPECT_NONFATAL_FAILURE(
      {
        Sim<Vstage_ok> sim(quiet(6));
        auto& d = sim.dut();
        StreamSource<std::uint16_t> src(sim, source_pins<std::uint16_t>(d.in_valid_i, d.in_ready_o, d.in_data_i), "in");
        StreamSink<std::uint16_t> sink(sim, sink_pins<std::uint16_t>(d.out_valid_o, d.out_ready_i, d.out_data_o), "out");
        InOrderScoreboard<std::uint16_t> sb(sim, "stage");
        sink.on_item = [&](const std::uint16_t& v) { sb.observe(v); };
        sim.reset();
        src.push(1);
        src.push(2);
        sb.expect(1);
        sb.expect(3);
        EXPECT_FALSE(sim.run(100, [&] { return sink.received() == 2; }));
      },
      "stage: mismatch at item #1: expected 3, got 2");
}

TEST(Failures, ContractViolationIsCaughtByTheMonitor) {
  EXPECT_NONFATAL_FAILURE(
      {
        Sim<Vstage_bad> sim(Sim<Vstage_bad>::Options{7, false, ""});
        auto& d = sim.dut();
        StreamSource<std::uint16_t> src(sim, source_pins<std::uint16_t>(d.in_valid_i, d.in_ready_o, d.in_data_i), "in");
        StreamSink<std::uint16_t> sink(sim, sink_pins<std::uint16_t>(d.out_valid_o, d.out_ready_i, d.out_data_o),
                                       "out", pattern::never());
        StreamMonitor<std::uint16_t> mon(sim, monitor_pins<std::uint16_t>(d.out_valid_o, d.out_ready_i, d.out_data_o),
                                         "out.monitor");
        sim.reset();
        src.push(42);
        EXPECT_FALSE(sim.run(50, [] { return false; }));
      },
      "out.monitor: valid withdrawn before ready");
}

TEST(Failures, SystemVerilogAssertionFailsTheTest) {
  EXPECT_NONFATAL_FAILURE(
      {
        Sim<Vstage_ok> sim(quiet(8));
        auto& d = sim.dut();
        StreamSource<std::uint16_t> src(sim, source_pins<std::uint16_t>(d.in_valid_i, d.in_ready_o, d.in_data_i), "in");
        StreamSink<std::uint16_t> sink(sim, sink_pins<std::uint16_t>(d.out_valid_o, d.out_ready_i, d.out_data_o), "out");
        sim.reset();
        src.push(0xDEAD);
        EXPECT_FALSE(sim.run(50, [] { return false; }));
      },
      "SystemVerilog assertion failed");
}

TEST(Failures, AHangExhaustsTheCycleBudget) {
  EXPECT_NONFATAL_FAILURE(
      {
        Sim<Vstage_ok> sim(quiet(9));
        Event never(sim);
        sim.spawn([](Event& e) -> Task { co_await e.wait(); }(never));
        EXPECT_FALSE(sim.run(20));
      },
      "cycle budget of 20 cycles exhausted");
}

TEST(Failures, ReportCarriesSeedCycleAndRepro) {
  EXPECT_NONFATAL_FAILURE(
      {
        Sim<Vstage_ok> sim(quiet(1234));
        sim.spawn([](Sim<Vstage_ok>& s) -> Task {
          co_await s.cycles(7);
          s.fail("boom");
        }(sim));
        EXPECT_FALSE(sim.run(20));
      },
      "seed:  1234\n  cycle: 7\n  repro:");
}

using FlowBoard = KeyedScoreboard<int, int>;  // no comma inside the failure macros below

TEST(Scoreboards, KeyedOrderHoldsWithinAKeyOnly) {
  Sim<Vstage_ok> sim(quiet(10));
  KeyedScoreboard<int, int> sb(sim, "flows");
  sb.expect(1, 10);
  sb.expect(1, 11);
  sb.expect(2, 20);
  sb.observe(2, 20);  // another key may overtake
  sb.observe(1, 10);
  sb.observe(1, 11);
  sb.check_drained();
  EXPECT_EQ(sb.matched(), 3U);
  EXPECT_FALSE(sim.failed());
}

TEST(Scoreboards, KeyedReorderWithinAKeyFails) {
  EXPECT_NONFATAL_FAILURE(
      {
        Sim<Vstage_ok> sim(quiet(11));
        FlowBoard sb(sim, "flows");
        sb.expect(1, 10);
        sb.expect(1, 11);
        try {
          sb.observe(1, 11);
        } catch (const SimStop&) {
        }
      },
      "flows: mismatch for key 1: expected 10, got 11");
}

TEST(Scoreboards, MissingItemsFailAtTheEnd) {
  EXPECT_NONFATAL_FAILURE(
      {
        Sim<Vstage_ok> sim(quiet(12));
        InOrderScoreboard<int> sb(sim, "out");
        sb.expect(5);
        try {
          sb.check_drained();
        } catch (const SimStop&) {
        }
      },
      "out: 1 expected item(s) never seen; first: 5");
}

TEST(Seeds, SameSeedSameStimulus) {
  Rng a(99), b(99), c(100);
  auto pa = pattern::bursty(a, 5), pb = pattern::bursty(b, 5), pc = pattern::bursty(c, 5);
  int same = 0, differ = 0;
  for (int i = 0; i < 200; ++i) {
    const bool x = pa(), y = pb(), z = pc();
    same += (x == y);
    differ += (x != z);
  }
  EXPECT_EQ(same, 200);
  EXPECT_GT(differ, 0);
}

}  // namespace
