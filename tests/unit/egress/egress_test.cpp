// SPDX-License-Identifier: Apache-2.0
// baton_egress against its reference model: random append streams over few and many buckets,
// completions in random order with random delays (and the worst case, where every bucket's
// first packet completes last), random backpressure on every output and on every output's
// packet-buffer read port, SEND/TO_HOST/DROP/DONE
// mixes with in-place header rewrites, frames of 1..2048 bytes, SENDs to missing ports; plus the
// mutation check and the register map.
#include <gtest/gtest.h>

#include "Vegress_mut.h"
#include "Vegress_p2.h"
#include "Vegress_p4.h"
#include "Vegress_w128.h"
#include "baton/env/egress/egress_env.hpp"

#ifndef EGRESS_SCALE
#define EGRESS_SCALE 1
#endif

namespace {

using namespace baton::env::egress;

constexpr Shape kP4{4, 8, 32, 1024};
constexpr Shape kP2{2, 4, 8, 16};
constexpr Shape kW128{3, 16, 16, 64};

template <typename Model>
Result run_clean(Shape shape, Scenario sc) {
  EgressEnv<Model> b(shape, sc);
  Result r = b.run();
  EXPECT_TRUE(r.finished) << "traffic did not drain; " << b.repro();
  for (const auto& e : r.errors) ADD_FAILURE() << e << "; " << b.repro();
  return r;
}

TEST(Egress, ManyBucketsRandomBackpressure) {
  Scenario sc;
  sc.packets = 600 * EGRESS_SCALE;
  sc.buckets_used = 64;
  sc.read_grant = 0.6;
  run_clean<Vegress_p4>(kP4, sc);
}

TEST(Egress, FewBucketsRandomBackpressure) {
  Scenario sc;
  sc.packets = 600 * EGRESS_SCALE;
  sc.buckets_used = 2;
  sc.sink_ready = 0.4;
  sc.read_grant = 0.5;
  const Result r = run_clean<Vegress_p4>(kP4, sc);
  EXPECT_GT(r.held, 0U) << "no completion ever waited for its predecessor";
}

TEST(Egress, WorstCaseEveryBucketsFirstPacketCompletesLast) {
  Scenario sc;
  sc.packets = 500 * EGRESS_SCALE;
  sc.buckets_used = 4;
  sc.worst_case = true;
  sc.gen_rate = 1.0;
  const Result r = run_clean<Vegress_p4>(kP4, sc);
  EXPECT_GT(r.held, sc.packets / 2) << "the worst case did not hold most completions";
}

TEST(Egress, EightSlotsNarrowDatapathSlotsRunOut) {
  Scenario sc;
  sc.packets = 500 * EGRESS_SCALE;
  sc.buckets_used = 3;
  sc.worst_case = true;
  sc.worst_delay = 200;
  sc.gen_rate = 1.0;
  sc.sink_ready = 0.5;
  sc.read_grant = 0.3;
  run_clean<Vegress_p2>(kP2, sc);
}

TEST(Egress, WideDatapathLongFrames) {
  Scenario sc;
  sc.packets = 300 * EGRESS_SCALE;
  sc.buckets_used = 16;
  sc.long_frames = true;
  sc.sink_ready = 0.6;
  sc.read_grant = 0.7;
  run_clean<Vegress_w128>(kW128, sc);
}

TEST(Egress, SendToMissingPortsAndEmptyFramesAreDropped) {
  Scenario sc;
  sc.packets = 200;
  sc.p_send = 1.0;
  sc.p_bad_port = 0.3;
  sc.p_zero_len = 0.1;
  EgressEnv<Vegress_p4> b(kP4, sc);
  const Result r = b.run();
  ASSERT_TRUE(r.finished) << b.repro();
  for (const auto& e : r.errors) ADD_FAILURE() << e << "; " << b.repro();
  EXPECT_GT(b.model().counter(EgressModel::cnt_drop(0x8c)), 20U);
  EXPECT_GT(b.model().counter(EgressModel::cnt_drop(0x8a)), 3U);
  EXPECT_EQ(b.counter(0x8c), b.model().counter(EgressModel::cnt_drop(0x8c)));
}

// Mutation check: an ordering unit that releases one completion ahead of its predecessor must
// be caught by the comparison with the model (the mutant is built without assertions).
TEST(Egress, MutantReleasingOneCompletionEarlyIsCaught) {
  Scenario sc;
  sc.packets = 300;
  sc.buckets_used = 2;
  sc.worst_case = true;
  sc.p_send = 0.9;
  sc.p_host = 0.1;
  sc.p_drop = 0.0;
  sc.p_bad_port = 0.0;
  sc.p_zero_len = 0.0;
  EgressEnv<Vegress_mut> b(kP4, sc);
  const Result r = b.run();
  EXPECT_FALSE(r.errors.empty() && r.finished) << "the mutant passed; " << b.repro();
  if (!r.errors.empty()) std::printf("mutant caught: %s\n", r.errors.front().c_str());
}

// Figures for docs/performance.md (cycle counts, deterministic for a seed): the release latency
// of a packet whose bucket is otherwise empty, and the beats per cycle over all outputs with
// long frames and sinks that are always ready: every output streams from a read port of its own,
// so more than one beat leaves per cycle (a shared read port would cap it at one).
TEST(Egress, FiguresLatencyAndThroughput) {
  Scenario lat;
  lat.packets = 40;
  lat.gen_rate = 0.01;
  lat.sink_ready = 1.0;
  lat.p_send = 0.8;
  lat.p_host = 0.2;
  lat.p_bad_port = lat.p_zero_len = 0.0;
  lat.max_delay = 4;
  lat.max_len = 64;  // a frame never waits behind a long one on its port
  const Result a = run_clean<Vegress_p4>(kP4, lat);
  std::printf("release latency (completion -> first beat, idle engine, frames <= 64 B): %llu..%llu cycles\n",
              static_cast<unsigned long long>(a.lat_min), static_cast<unsigned long long>(a.lat_max));
  EXPECT_LE(a.lat_max, 6U);

  Scenario thr;
  thr.packets = 400;
  thr.gen_rate = 1.0;
  thr.append_rate = thr.cpl_rate = 1.0;
  thr.sink_ready = 1.0;
  thr.p_send = 1.0;
  thr.p_bad_port = thr.p_zero_len = 0.0;
  thr.long_frames = true;
  thr.buckets_used = 64;
  thr.max_delay = 8;
  const Result b = run_clean<Vegress_p4>(kP4, thr);
  const double bpc = static_cast<double>(b.beats) / static_cast<double>(b.cycles);
  std::printf("throughput: %llu beats in %llu cycles = %.3f beats/cycle, at most %u reads in a cycle "
              "(4 ports, 32 slots, frames 1..2048 B)\n",
              static_cast<unsigned long long>(b.beats), static_cast<unsigned long long>(b.cycles), bpc, b.peak_reads);
  EXPECT_EQ(b.peak_reads, 4U) << "the four ports never read at once (every packet here is a SEND)";
  EXPECT_GT(bpc, 2.0);
}

TEST(Egress, RegisterMapAndClear) {
  Scenario sc;
  sc.packets = 100;
  EgressEnv<Vegress_p4> b(kP4, sc);
  const Result r = b.run();
  ASSERT_TRUE(r.finished) << b.repro();
  ASSERT_TRUE(r.errors.empty()) << r.errors.front() << "; " << b.repro();
  EXPECT_EQ(b.reg_read(0x00), (32U << 16) | 4U);
  EXPECT_FALSE(b.reg_error(0x08, true));
  EXPECT_TRUE(b.reg_error(0x0c, true)) << "CNT_LO is read-only";
  EXPECT_TRUE(b.reg_error(0x20, false)) << "0x20 is not mapped";
  EXPECT_TRUE(b.reg_error(0x1000, false));
  EXPECT_TRUE(b.reg_error(0x04, false)) << "CLEAR is write-only";
  EXPECT_TRUE(b.reg_error(0x1c, true)) << "LIVE is read-only";
  EXPECT_EQ(b.reg_read(0x1c), 0U) << "LIVE: every packet released";
  // The documented map (docs/egress.md).
  static_assert(reg::kInfo == 0x00 && reg::kClear == 0x04 && reg::kCntSel == 0x08);
  static_assert(reg::kCntLo == 0x0c && reg::kHeldLo == 0x14 && reg::kLive == 0x1c);
  std::uint64_t total = 0;
  for (unsigned i = 0x100; i < 0x112; ++i) total += b.counter(i);
  EXPECT_GT(total, 0U);
  b.reg_write(0x04, 1);
  for (unsigned i = 0x100; i < 0x112; ++i) EXPECT_EQ(b.counter(i), 0U) << "counter " << i << " after CLEAR";
  EXPECT_EQ(b.reg_read64(0x14), 0U) << "HELD after CLEAR";
}

}  // namespace
