// SPDX-License-Identifier: Apache-2.0
// Directed corner cases of the lookup controller. The reference model checks every result,
// workspace, dispatch and expiry in all of them; each test adds the specific property it targets.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <vector>

#include "Vlk_big.h"
#include "Vlk_fpga.h"
#include "Vlk_small.h"
#include "Vlk_weak.h"
#include "baton/env/lookup/lookup_env.hpp"

namespace {

using namespace baton;
using namespace baton::env::lookup;
using namespace baton::tb;

FlowKey key_n(unsigned n, std::uint16_t src_port = 0) {
  FlowKey k;
  k.src_addr[15] = static_cast<std::uint8_t>(n);
  k.src_addr[14] = static_cast<std::uint8_t>(n >> 8);
  k.dst_addr[15] = 1;
  k.src_port = src_port != 0 ? src_port : static_cast<std::uint16_t>(1000 + n);
  k.dst_port = 80;
  k.proto = 6;
  return k;
}

Req req_for(const FlowKey& k, std::uint16_t tag, bool insert = true) {
  Req r;
  r.tag = tag;
  r.insert = insert;
  r.key = k;
  r.tiles = {1, 2};
  r.ctx.pkt_handle = tag;
  r.ctx.seq = tag;
  return r;
}

// A hit and a miss are answered TableLatency + 7 cycles after the request is taken.
TEST(LookupDirected, HitAndMissLatencyIsMemoryLatencyPlusSeven) {
  LookupEnv<Vlk_big> b(configs::big());
  ASSERT_TRUE(b.start());
  std::map<std::uint16_t, std::uint64_t> accepted, answered;
  std::map<std::uint16_t, Status> status;
  b.sb.on_request = [&](const Req& r) { accepted[r.tag] = b.sim.cycle(); };
  b.sb.on_result = [&](const Res& r) {
    answered[r.tag] = b.sim.cycle();
    status[r.tag] = r.status;
  };
  b.sb.send(req_for(key_n(1), 1));          // insert
  ASSERT_TRUE(b.drain(500));
  b.sb.send(req_for(key_n(1), 2));          // hit on an idle controller
  ASSERT_TRUE(b.drain(500));
  b.sb.send(req_for(key_n(2), 3, false));   // miss
  ASSERT_TRUE(b.drain(500));
  constexpr std::uint64_t kTableLatency = 2;
  EXPECT_EQ(status[1], Status::kInserted);
  EXPECT_EQ(status[2], Status::kHit);
  EXPECT_EQ(status[3], Status::kMiss);
  for (std::uint16_t t = 1; t <= 3; ++t) EXPECT_EQ(answered[t] - accepted[t], kTableLatency + 7) << "tag " << t;
  b.sb.finish();
}

// The same new key in consecutive cycles through a long pipeline: one insert, then hits on the same
// flow (write forwarding), and never a second proxy for the key.
TEST(LookupDirected, SameKeyBackToBackGetsOneProxy) {
  LookupEnv<Vlk_small> b(configs::small());
  ASSERT_TRUE(b.start());
  std::set<std::uint16_t> hot_tags;
  std::vector<Res> hot;
  b.sb.on_result = [&](const Res& r) {
    if (r.kind == OpKind::kReq && hot_tags.contains(r.tag)) hot.push_back(r);
  };
  std::uint16_t tag = 1;
  for (int i = 0; i < 6; ++i) {
    hot_tags.insert(tag);
    b.sb.send(req_for(key_n(7), tag++));
    if (i % 2 == 1) b.sb.send(req_for(key_n(8 + i), tag++));
  }
  ASSERT_TRUE(b.drain(5000));
  ASSERT_EQ(hot.size(), 6U);
  EXPECT_EQ(hot[0].status, Status::kInserted);
  for (std::size_t i = 1; i < hot.size(); ++i) {
    EXPECT_TRUE(hot[i].status == Status::kHit || hot[i].status == Status::kBusy) << "request " << i;
    EXPECT_EQ(hot[i].flow, hot[0].flow) << "request " << i << " got a second proxy";
  }
  b.sb.finish();
}

// Keys that collide in both banks fill their two buckets, then the stash, then are refused as
// Full: counted, reported, and no entry is overwritten. A delete makes room again.
TEST(LookupDirected, TableFullIsCountedAndNeverOverwrites) {
  LookupEnv<Vlk_weak> b(configs::weak());
  ASSERT_TRUE(b.start());
  std::map<std::uint16_t, Res> res;
  b.sb.on_result = [&](const Res& r) { res[r.tag] = r; };
  // Weak hash: bucket = src_port % 8 in both banks, so one collision class holds 2 x 2 ways + 2 stash.
  for (unsigned i = 0; i < 10; ++i) b.sb.send(req_for(key_n(i, static_cast<std::uint16_t>(0x100 + 8 * i + 3)), static_cast<std::uint16_t>(i + 1)));
  ASSERT_TRUE(b.drain(5000));
  int inserted = 0, full = 0;
  for (const auto& [t, r] : res) {
    inserted += r.status == Status::kInserted;
    full += r.status == Status::kFull;
  }
  EXPECT_EQ(inserted, 6);
  EXPECT_EQ(full, 4);
  const Stats s = b.agents.stats();
  EXPECT_EQ(s[4], 4U) << "full counter";
  EXPECT_EQ(s[16], 6U) << "used";
  EXPECT_EQ(s[17], 2U) << "stash used";
  // The refused keys are still refused; the stored ones still hit.
  for (unsigned i = 0; i < 10; ++i) b.sb.send(req_for(key_n(i, static_cast<std::uint16_t>(0x100 + 8 * i + 3)), static_cast<std::uint16_t>(20 + i)));
  ASSERT_TRUE(b.drain(5000));
  for (unsigned i = 0; i < 10; ++i) {
    EXPECT_EQ(res[static_cast<std::uint16_t>(20 + i)].status, i < 6 ? Status::kHit : Status::kFull) << "key " << i;
  }
  // Delete a stash entry; the next refused key takes its place.
  b.sb.send(Cmd{CmdOp::kDelete, res[6].flow, 0, 0, {}});
  ASSERT_TRUE(b.drain(2000));
  b.sb.send(req_for(key_n(9, 0x100 + 8 * 9 + 3), 40));
  ASSERT_TRUE(b.drain(2000));
  EXPECT_EQ(res[40].status, Status::kInserted);
  EXPECT_EQ(res[40].flow, res[6].flow);
  b.sb.finish();
}

// An event held in process serializes later events of its flow, refuses more than MaxPerFlow of
// them (Busy) and never delays other flows.
TEST(LookupDirected, StalledFlowNeverBlocksOtherFlows) {
  LookupEnv<Vlk_small> b(configs::small());
  const FlowKey a = key_n(1);
  b.tiles.hold = [&](const Disp& d) { return b.sb.model().table().valid(d.ctx.flow) && b.sb.model().table().key_of(d.ctx.flow) == a; };
  ASSERT_TRUE(b.start());
  std::map<std::uint16_t, Status> st;
  std::map<std::uint16_t, std::uint64_t> disp_at;
  b.sb.on_result = [&](const Res& r) { st[r.tag] = r.status; };
  b.agents.disp.on_item = [&, prev = b.agents.disp.on_item](const Bits<kDispW>& x) {
    prev(x);
    disp_at[unpack_disp(x).tag] = b.sim.cycle();
  };
  b.sb.send(req_for(a, 1));
  ASSERT_TRUE(b.sim.run(200, [&] { return b.tiles.held() == 1; }));
  std::uint16_t tag = 2;
  for (int i = 0; i < 4; ++i) b.sb.send(req_for(a, tag++));            // tags 2..5
  for (int i = 0; i < 6; ++i) b.sb.send(req_for(key_n(10 + i % 3), tag++));  // tags 6..11
  ASSERT_TRUE(b.sim.run(3000, [&] { return b.sb.model().events_done() == 6; }))
      << "other flows did not complete while flow A was held";
  EXPECT_EQ(st[2], Status::kHit);
  EXPECT_EQ(st[3], Status::kHit);
  EXPECT_EQ(st[4], Status::kBusy);
  EXPECT_EQ(st[5], Status::kBusy);
  EXPECT_FALSE(disp_at.contains(2)) << "second event of flow A dispatched while the first is in process";
  b.tiles.release_held();
  b.tiles.hold = nullptr;
  ASSERT_TRUE(b.drain(3000));
  EXPECT_LT(disp_at[2], disp_at[3]) << "events of flow A out of arrival order";
  b.sb.finish();
}

// A timer fires once, no earlier than its deadline and within NumFlows + latency + 2 cycles of it;
// its timeout event carries the flow's state to the tiles. A cancelled timer never fires.
TEST(LookupDirected, TimerFiresOnceWithinTheScanBound) {
  LookupEnv<Vlk_small> b(configs::small());
  b.tiles.knobs().firmware = false;
  ASSERT_TRUE(b.start());
  std::vector<std::pair<Expiry, std::uint64_t>> fires;
  b.sb.on_fire = [&](const Expiry& e) { fires.emplace_back(e, b.sim.cycle()); };
  std::map<std::uint16_t, Res> res;
  b.sb.on_result = [&](const Res& r) { res[r.tag] = r; };
  b.sb.send(req_for(key_n(1), 1));
  b.sb.send(req_for(key_n(2), 2));
  ASSERT_TRUE(b.drain(1000));
  const std::uint32_t f1 = res[1].flow, f2 = res[2].flow;
  std::uint64_t set_at = 0;
  b.agents.cmd.on_accept = [&, prev = b.agents.cmd.on_accept](const Bits<kCmdW>& x) {
    prev(x);
    if (set_at == 0) set_at = b.sim.cycle();
  };
  b.sb.send(Cmd{CmdOp::kTimerSet, f1, 300, 9, {3, 4}});
  b.sb.send(Cmd{CmdOp::kTimerSet, f2, 200, 9, {3, 4}});
  b.sb.send(Cmd{CmdOp::kTimerCancel, f2, 0, 0, {}});
  ASSERT_TRUE(b.sim.run(2000, [&] { return !fires.empty(); }));
  ASSERT_TRUE(b.drain(2000));
  ASSERT_TRUE(b.sim.advance(1000));
  ASSERT_EQ(fires.size(), 1U);
  EXPECT_EQ(fires[0].first.flow, f1);
  const std::uint64_t deadline = set_at + 300;
  EXPECT_GE(fires[0].second, deadline);
  EXPECT_LE(fires[0].second, deadline + b.cfg.num_flows() + b.cfg.timer_latency + 2);
  EXPECT_EQ(b.agents.stats()[9], 1U) << "timeout events";
  b.sb.finish();
}

// 65,544 timers: the last timer index fires within one scan of its deadline.
TEST(LookupDirected, TimerAtSixtyFourKScale) {
  LookupEnv<Vlk_big> b(configs::big());
  b.tiles.knobs().firmware = false;
  ASSERT_TRUE(b.start());
  std::vector<std::uint64_t> fired;
  b.sb.on_fire = [&](const Expiry&) { fired.push_back(b.sim.cycle()); };
  const std::uint32_t last = b.cfg.num_flows() - 1;
  b.sb.send(Cmd{CmdOp::kTimerSet, last, 5000, 1, {0, 1}});
  ASSERT_TRUE(b.sim.run(100000, [&] { return !fired.empty(); }));
  ASSERT_TRUE(b.drain(2000));  // a timer on a free flow index: the expiry is stale, no event
  EXPECT_EQ(b.agents.stats()[10], 1U) << "stale timeouts";
  b.sb.finish();
}

// Two cores write overlapping bytes of the shared portion: the first write-back keeps its bytes,
// the second one's overlapping bytes are dropped and counted, and the next event sees the merge.
TEST(LookupDirected, SharedWriteMaskKeepsTheFirstWriter) {
  LookupEnv<Vlk_small> b(configs::small());
  b.tiles.hold = [](const Disp&) { return true; };
  ASSERT_TRUE(b.start());
  std::vector<Disp> held;
  b.sb.on_dispatch = [&](const Disp& d) { held.push_back(d); };
  std::vector<Ws> seen;
  b.sb.on_workspace = [&](unsigned, const Ws& w) { seen.push_back(w); };
  b.sb.send(req_for(key_n(3), 1));
  ASSERT_TRUE(b.sim.run(200, [&] { return held.size() == 1; }));
  Portion aa{}, bb{}, p0{};
  aa.fill(0xaa);
  bb.fill(0xbb);
  p0.fill(0x11);
  b.sb.send(Wb{held[0].slot, 0, false, 0x0003, p0, 0x00ff, aa});  // layer 0: shared bytes 0..7
  b.sb.send(Wb{held[0].slot, 1, false, 0x0000, {}, 0x0ff0, bb});  // layer 1: bytes 4..11
  b.sb.send(Wb{held[0].slot, 1, true, 0, {}, 0, {}});
  ASSERT_TRUE(b.sim.run(200, [&] { return b.sb.model().events_done() == 1; }));
  seen.clear();
  b.sb.send(req_for(key_n(3), 2));
  ASSERT_TRUE(b.sim.run(200, [&] { return held.size() == 2; }));
  ASSERT_EQ(seen.size(), 2U);
  for (unsigned j = 0; j < 16; ++j) {
    const std::uint8_t want = j < 8 ? 0xaa : (j < 12 ? 0xbb : 0x00);
    EXPECT_EQ(seen[0].shared[j], want) << "shared byte " << j;
  }
  for (const auto& w : seen) {
    if (w.tile == 1) {  // layer 0's portion: bytes 0, 1 written, the rest zero (new flow)
      EXPECT_EQ(w.priv[0], 0x11);
      EXPECT_EQ(w.priv[2], 0x00);
    }
  }
  EXPECT_EQ(b.agents.stats()[13], 1U) << "write-back conflicts";
  b.sb.send(Wb{held[1].slot, 0, true, 0, {}, 0, {}});
  b.tiles.drop_held();
  ASSERT_TRUE(b.drain(500));
  b.sb.finish();
}

// Delete, delete again, re-insert: the new flow starts from a zero workspace; commands naming a
// flow beyond the table are counted and ignored.
TEST(LookupDirected, DeleteReinsertAndBadCommands) {
  LookupEnv<Vlk_small> b(configs::small());
  b.tiles.knobs().firmware = false;
  ASSERT_TRUE(b.start());
  std::map<std::uint16_t, Res> res;
  std::vector<Res> dels;
  b.sb.on_result = [&](const Res& r) {
    if (r.kind == OpKind::kDel) dels.push_back(r);
    else res[r.tag] = r;
  };
  b.sb.send(req_for(key_n(5), 1));
  b.sb.send(req_for(key_n(5), 2));
  ASSERT_TRUE(b.drain(1000));
  const std::uint32_t f = res[1].flow;
  b.sb.send(Cmd{CmdOp::kDelete, f, 0, 0, {}});
  b.sb.send(Cmd{CmdOp::kDelete, f, 0, 0, {}});
  b.sb.send(Cmd{CmdOp::kDelete, 999999, 0, 0, {}});
  b.sb.send(Cmd{CmdOp::kTimerSet, 500000, 10, 0, {}});
  b.sb.send(Cmd{CmdOp::kNop, 0, 0, 0, {}});
  // Write-backs for a slot with no event in process, and for a slot beyond the 16: ignored, counted.
  b.sb.send(Wb{9, 0, true, 0xffff, {}, 0xffff, {}});
  b.sb.send(Wb{40, 1, true, 0xffff, {}, 0xffff, {}});
  ASSERT_TRUE(b.drain(1000));
  ASSERT_EQ(dels.size(), 2U);
  EXPECT_EQ(dels[0].status, Status::kDeleted);
  EXPECT_EQ(dels[1].status, Status::kDelMiss);
  b.sb.send(req_for(key_n(5), 3, false));
  b.sb.send(req_for(key_n(5), 4));
  ASSERT_TRUE(b.drain(1000));
  EXPECT_EQ(res[3].status, Status::kMiss);
  EXPECT_EQ(res[4].status, Status::kInserted);
  const Stats s = b.agents.stats();
  EXPECT_EQ(s[15], 2U) << "command errors";
  EXPECT_EQ(s[14], 2U) << "write-back errors";
  EXPECT_EQ(s[16], 1U) << "used";
  b.sb.finish();
}

// A generated event (SP10) for a live flow is dispatched with the flow's state (the model checks
// the workspace), its partition and the generated event type, serialized behind the flow's other
// events; one for a deleted flow is stale (no event); one beyond the table is a command error.
TEST(LookupDirected, GeneratedEventRunsWithItsFlowOrIsStale) {
  LookupEnv<Vlk_small> b(configs::small());
  ASSERT_TRUE(b.start());
  std::map<std::uint16_t, Res> res;
  std::vector<Res> gens;
  std::vector<Disp> gen_disp;
  b.sb.on_result = [&](const Res& r) {
    if (r.kind == OpKind::kGen) gens.push_back(r);
    else if (r.kind == OpKind::kReq) res[r.tag] = r;
  };
  // The tile agent (firmware: write back, done) takes the dispatches; watch them on the way.
  auto to_tiles = b.sb.on_dispatch;
  b.sb.on_dispatch = [&, to_tiles](const Disp& d) {
    if (d.status == Status::kGenerated) gen_disp.push_back(d);
    to_tiles(d);
  };
  b.sb.send(req_for(key_n(5), 1));
  ASSERT_TRUE(b.drain(2000));
  const std::uint32_t f = res[1].flow;
  // Behind a burst of the same flow: the generated event waits for the flow like any event.
  b.sb.send(req_for(key_n(5), 2));
  b.sb.send(Gen{f, 7});
  b.sb.send(req_for(key_n(5), 3));
  b.sb.send(Gen{999999, 1});
  ASSERT_TRUE(b.drain(2000)) << gens.size() << " generated results, " << gen_disp.size() << " dispatched, "
                             << res.size() << " request results; " << b.sb.model().pending_summary();
  ASSERT_EQ(gens.size(), 1U);
  EXPECT_EQ(gens[0].status, Status::kGenerated);
  ASSERT_EQ(gen_disp.size(), 1U);
  EXPECT_EQ(gen_disp[0].ctx.flow, f);
  EXPECT_EQ(gen_disp[0].ctx.target_part, 7U);
  EXPECT_EQ(gen_disp[0].ctx.event_type, kEvGenerated);
  b.sb.send(Cmd{CmdOp::kDelete, f, 0, 0, {}});
  ASSERT_TRUE(b.drain(2000));
  b.sb.send(Gen{f, 7});
  ASSERT_TRUE(b.drain(2000));
  ASSERT_EQ(gens.size(), 2U);
  EXPECT_EQ(gens[1].status, Status::kTmoStale) << "the flow is gone";
  EXPECT_EQ(gen_disp.size(), 1U);
  const Stats s = b.agents.stats();
  EXPECT_EQ(s[15], 1U) << "command errors";
  EXPECT_EQ(s[10], 1U) << "stale";
  b.sb.finish();
}

// Nothing is taken before the memories are cleared after reset.
TEST(LookupDirected, InputsWaitForInitialisation) {
  LookupEnv<Vlk_fpga> b(configs::fpga());
  std::uint64_t accepted_at = 0;
  b.sb.on_request = [&](const Req&) { accepted_at = b.sim.cycle(); };
  b.sim.reset();
  b.sb.send(req_for(key_n(1), 1));
  ASSERT_TRUE(b.sim.run(5000, [&] { return accepted_at != 0; }));
  EXPECT_TRUE(b.agents.init_done());
  EXPECT_GE(accepted_at, b.cfg.num_flows()) << "request taken before the timer memory was cleared";
  ASSERT_TRUE(b.drain(1000));
  b.sb.finish();
}

// Scratchpad reads return what was written, byte enables respected, under backpressure.
TEST(LookupDirected, ScratchpadReadsBackWrites) {
  LookupEnv<Vlk_fpga> b(configs::fpga());
  b.backpressure(0.6);
  ASSERT_TRUE(b.start());
  ScratchSequence<Vlk_fpga> spad(b.sim, b.agents, 1024, b.sim.rng().fork(20));
  b.sim.spawn(spad.run(3000));
  ASSERT_TRUE(b.sim.run(30000, [&] { return spad.done(3000); }));
  b.sb.finish();
}

}  // namespace
