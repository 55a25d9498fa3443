// SPDX-License-Identifier: Apache-2.0
// Flow state in the RTL engine at scale (issue 18 item 8; about a minute): 10 000 flows (5 000 sessions
// in both directions) and about 100 000 packet events on four tiles with the flowstamp firmware.
// No state update lost (every stamp's counts equal the stimulus's), one index per flow, never two
// events of a flow in process (the counts would skip or repeat), opening and closing TCP events on
// their own partition. The reference is the stimulus (flow_stamp.hpp).
#include "flow_stamp.hpp"

namespace {

using namespace baton;
using namespace baton::test::flowstamp;

TEST(EngineFlowStateScale, TenThousandFlowsAHundredThousandEvents) {
  EnvOptions o = test_options();
  const std::string where = fmt::format("seed {}; repro: {}", o.seed, tb::repro_command(o.seed, false));
  auto e = make_engine(o, true);
  const Traffic t = make_traffic(o.seed, 5000, 19);
  std::uint32_t routed = 0;
  for (const auto& f : t.flows) routed += static_cast<std::uint32_t>(f.packets.size());
  ASSERT_EQ(t.flows.size(), 10000U);
  ASSERT_GE(routed, 90000U) << "about 100 000 events";
  const auto fates = run_checked(e, t.packets, where);
  const unsigned busy = check_fates(t, fates, where);
  const auto flows = static_cast<std::uint32_t>(t.flows.size());
  EXPECT_EQ(e.counter(kInserts), flows) << where;
  EXPECT_EQ(e.counter(kUsed), flows) << where;
  EXPECT_EQ(e.counter(kBusy), busy) << where;
  EXPECT_EQ(e.counter(kDones), routed - busy) << where;
  EXPECT_EQ(e.counter(kFull) + e.counter(kMisses) + e.counter(kWbErrors), 0U) << where;
  const auto special = static_cast<std::uint32_t>(std::count(t.opens_or_closes.begin(), t.opens_or_closes.end(), true));
  EXPECT_EQ(e.entered(kPartStamp3b), special) << where;
  RecordProperty("events", static_cast<int>(routed));
  RecordProperty("busy", static_cast<int>(busy));
}

}  // namespace
