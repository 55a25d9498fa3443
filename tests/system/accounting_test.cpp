// SPDX-License-Identifier: Apache-2.0
// Flow accounting of the reference router (docs/feature-set.md section 11) on the RTL engine with
// flow state (engine_t4_fs): session traffic with arrival times; every packet's verdict against
// the golden router (scoreboard), every exported record against the golden model's
// FlowAccounting fed with the arrival times the ports saw; the golden model's timing bounds are
// checked on every packet and every export.
#include <gtest/gtest.h>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cstdio>
#include <map>

#include "Vengine_t4_fs.h"
#ifndef BATON_ACCOUNTING_SCALE
#include "Vengine_t4.h"
#endif
#include "baton/env/engine/accounting.hpp"
#include "baton/env/engine/configs.hpp"
#include "baton/env/engine/engine_env.hpp"
#include "baton/env/engine/setup.hpp"

namespace {

using namespace baton::env::engine;
namespace golden = baton::golden;

// D and S of section 11: a packet's or an export's latency bound (checked below), and the
// engine's timer scan, one cycle per flow-table entry (65,544 in engine_t4_fs).
constexpr golden::AccountingTiming kTiming{.latency = 25000, .scan = 65544};
constexpr unsigned kPorts = 4;
// Events without a packet leave through the egress's host stream (release code 0x110).
constexpr unsigned kToHostCode = 0x110;

enum Counter : unsigned {
  kInserts = 2, kFull = 4, kBusy = 5, kDeletes = 6, kTmoFired = 8, kTmoEvents = 9, kTmoStale = 10, kUsed = 16, kIgnored = 21
};

struct Run {
  std::size_t packets = 1500;
  std::uint64_t mean_gap = 300;
  std::uint32_t idle = 50000;
  std::size_t active = 64;           // sessions open at once
  std::size_t min_concurrent = 0;    // flows the engine must hold at once (golden model's count)
};

void run_accounting(const Run& run) {
  auto opt = test_options();
  const std::string test = ::testing::UnitTest::GetInstance()->current_test_info()->name();
  const std::string where =
      fmt::format("seed {} (repro: BATON_SEED={} engine_accounting_test --gtest_filter=*{})", opt.seed, opt.seed, test);
  SCOPED_TRACE(where);
  const std::uint32_t idle = run.idle;
  const std::string cfg = with_accounting(read_text_file(default_config_path()), idle);
  const Firmware fw = load_firmware_text(default_image_prefix(), cfg, "reference configuration with accounting");
  AccountingSchedule sched{.mean_gap = run.mean_gap, .timing = kTiming};
  sched.mix.active = run.active;
  const TimedTraffic t = accounting_traffic(cfg, run.packets, opt.seed, kPorts, sched);
  const auto planned = golden_records(fw.config, t.packets, t.at, kTiming);

  opt.max_idle = idle + 2 * kTiming.latency + kTiming.scan + 20000;
  EngineEnv<Vengine_t4_fs> env(default_geometry(4), opt);
  env.boot(fw);
  env.set_offer_times(t.at);
  env.expect_packetless(planned.size());
  Scoreboard sb(fw.config, kPorts);
  sb.allow_resource_drops(false);  // paced input
  const auto stats = env.run(t.packets, sb);
  ASSERT_FALSE(stats.timed_out) << "timed out at cycle " << env.sim().cycle() << " with " << env.packetless().size()
                                << " of " << planned.size() << " exports";

  // Exports: events without a packet, each a message to the host. An idle export's timer fired
  // once, at the record's last arrival + idle timeout at the earliest (the deadline counts from
  // the timer store, after the arrival) and within the processing bound and one scan after it.
  std::vector<std::vector<std::uint8_t>> messages;
  std::size_t exports = 0, idle_exports = 0;
  for (const auto& e : env.packetless()) {
    EXPECT_EQ(e.code, kToHostCode) << "an export ends with its message to the host";
    EXPECT_TRUE(e.output);
    EXPECT_LE(e.released - e.admitted, kTiming.latency) << "export latency beyond the golden model's bound";
    messages.push_back(e.frame);
    exports += e.code == kToHostCode ? 1 : 0;
    const auto r = golden::FlowRecord::parse(e.frame);
    if (!r || r->reason != golden::CloseReason::kIdle) continue;
    ++idle_exports;
    // 32-bit record times: compare modulo 2^32 (runs stay far below it).
    const std::uint64_t fired = env.engine_time(e.admitted) & 0xffffffffU;
    EXPECT_GE(fired, std::uint64_t{r->last} + idle) << "timer fired before its deadline: " << r->to_string();
    EXPECT_LE(fired, std::uint64_t{r->last} + idle + kTiming.latency + kTiming.scan)
        << "timer fired after its bound: " << r->to_string();
  }
  // Verdicts: the exports are the engine's own host messages, not packets' fates.
  auto hw = env.read_counters();
  hw.to_host -= exports;
  sb.finish(hw);
  EXPECT_EQ(sb.mismatches(), 0U) << fmt::format("{}", fmt::join(sb.errors(), "\n  "));
  EXPECT_EQ(sb.pending(), 0U);

  // Records, from the arrival times the ports saw.
  std::vector<std::uint64_t> arrival(t.packets.size());
  for (std::size_t i = 0; i < arrival.size(); ++i) {
    arrival[i] = env.arrival_time(i);
    const std::uint64_t done = env.decided_at()[i];
    if (done != 0) {
      EXPECT_LE(done - env.started_at()[i], kTiming.latency) << "packet " << i << " beyond the latency bound";
    }
  }
  std::size_t concurrent = 0;
  const auto want = golden_records(fw.config, t.packets, arrival, kTiming, &concurrent);
  EXPECT_GE(concurrent, run.min_concurrent) << "flows held at once";
  const auto errors = compare_records(want, messages);
  for (std::size_t i = 0; i < errors.size() && i < 10; ++i) ADD_FAILURE() << errors[i];
  EXPECT_TRUE(errors.empty()) << errors.size() << " record differences; " << want.size() << " records expected";
  std::map<golden::CloseReason, std::size_t> reasons;
  for (const auto& r : want) ++reasons[r.reason];
  EXPECT_GT(reasons[golden::CloseReason::kIdle], 10U);
  EXPECT_GT(reasons[golden::CloseReason::kFin], 3U);

  // The flow table: every insert exported or removed again, no refusal the golden model ignores.
  const auto cnt = [&env](unsigned c) { return env.reg_read(csr::flow_counter(c)); };
  EXPECT_EQ(cnt(kInserts), cnt(kDeletes));
  EXPECT_EQ(cnt(kUsed), 0U);
  EXPECT_EQ(cnt(kFull) + cnt(kBusy), 0U);
  EXPECT_EQ(cnt(kIgnored), 0U);
  EXPECT_EQ(cnt(kTmoFired), idle_exports) << "every idle record's timer fired once, no other timer did";
  EXPECT_EQ(cnt(kTmoEvents), idle_exports);
  EXPECT_EQ(cnt(kTmoStale), 0U);
  std::printf("%zu packets, %zu records (%zu idle, %zu fin, %zu rst), %zu flows at once, %llu cycles\n",
              t.packets.size(), want.size(), reasons[golden::CloseReason::kIdle], reasons[golden::CloseReason::kFin],
              reasons[golden::CloseReason::kRst], concurrent, static_cast<unsigned long long>(env.sim().cycle()));
}

#ifndef BATON_ACCOUNTING_SCALE
// About ten seconds: 64 sessions open at once, idle timeouts mid-run and at the end.
TEST(EngineAccounting, SessionRecordsAndVerdictsMatchTheGoldenModel) { run_accounting({}); }

// Accounting on an engine built without flow state is a configuration error, one line.
TEST(EngineAccounting, NeedsAnEngineWithFlowState) {
  const std::string cfg = with_accounting(read_text_file(default_config_path()), 50000);
  const Firmware fw = load_firmware_text(default_image_prefix(), cfg, "reference configuration with accounting");
  EngineEnv<Vengine_t4> env(default_geometry(4), test_options());
  try {
    env.boot(fw);
    FAIL() << "booted with accounting on an engine without flow state";
  } catch (const std::runtime_error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("needs an engine built with FlowState"), std::string::npos) << what;
    EXPECT_EQ(what.find('\n'), std::string::npos) << what;
  }
}
#else
// Label slow (issue 18 item 8): 8 000 sessions open at once, 50 000 packets within one idle
// timeout, so more than 10 000 flows sit in the table with armed timers until the end; every
// timer fires once, within its bound, and every record matches.
TEST(EngineAccounting, TenThousandConcurrentFlowsEachTimerFiresOnce) {
  run_accounting({.packets = 50000, .mean_gap = 250, .idle = 16'000'000, .active = 8000, .min_concurrent = 10000});
}
#endif

}  // namespace
