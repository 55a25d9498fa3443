// SPDX-License-Identifier: Apache-2.0
// Directed context manager tests: corner cases with hand-written expectations taken from
// docs/cm.md (latencies, orders, register values), while the lockstep checker and
// the context scoreboard of cm_env.hpp watch every cycle in the background.
#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <vector>

#include "Vcm_p1.h"
#include "Vcm_p16.h"
#include "baton/env/cm/cm_env.hpp"

namespace {

using namespace baton;
using namespace baton::env::cm;
namespace reg = baton::model::cm::reg;

struct Offer {
  std::uint64_t cycle;
  unsigned tile;
  mcm::Delivery d;
};
struct Free {
  std::uint64_t cycle;
  unsigned tile;
  unsigned thread;
};

// A small environment: threads hold their contexts until the test makes them act, scripted migrations.
template <typename V>
class Directed {
 public:
  explicit Directed(const mcm::Config& cfg) : env(sim, cfg, EnvKnobs{}), rng(sim.rng().fork(7)) {
    for (unsigned t = 0; t < cfg.num_tiles; ++t) {
      auto& tile = env.tile(t);
      tile.hold = true;
      tile.decide = [this](unsigned tt, unsigned h, const Ctx& c) { return next_action(tt, h, c); };
      tile.on_offer = [this](unsigned tt, const mcm::Delivery& d) { offers.push_back({sim.cycle(), tt, d}); };
    }
    env.on_disp_accept = [this](const Ctx& c) { accepted[c.flow] = sim.cycle(); };
    env.on_drop = [this](const Ctx& c) { drops.push_back(c); };
    env.on_load = [this](unsigned p) { loads.push_back(p); };
    sim.on_sample([this] {
      for (unsigned t = 0; t < env.config().num_tiles; ++t) {
        if (auto h = env.pins().free(t)) frees.push_back({sim.cycle(), t, *h});
      }
    });
    sim.reset();
  }

  // Runs a scenario coroutine to its end (a hang fails the test).
  void run(Task t, std::uint64_t budget = 50000) {
    bool done = false;
    sim.spawn([](Task inner, bool& flag) -> Task {
      co_await std::move(inner);
      flag = true;
    }(std::move(t), done));
    ASSERT_TRUE(sim.run(budget, [&] { return done; }));
  }

  // Thread (tile, thread) migrates to `part` the next time it acts; otherwise it lets go.
  void script_migration(unsigned tile, unsigned thread, unsigned part) { migrate_to[{tile, thread}] = part; }

  Ctx ctx(std::uint32_t id, unsigned part, std::uint32_t arrival) { return make_ctx(id, part, arrival, rng); }

  Sim<V> sim;
  CmEnv<V> env;
  tb::Rng rng;
  std::vector<Offer> offers;
  std::vector<Free> frees;
  std::vector<Ctx> drops;
  std::vector<unsigned> loads;
  std::map<std::uint32_t, std::uint64_t> accepted;  // id -> cycle the dispatcher handed it over

 private:
  ThreadAction next_action(unsigned tile, unsigned thread, const Ctx& c) {
    ThreadAction a;
    auto it = migrate_to.find({tile, thread});
    if (it == migrate_to.end()) return a;
    a.migrate = true;
    a.next = c;
    a.next.target_part = static_cast<std::uint8_t>(it->second);
    migrate_to.erase(it);
    return a;
  }
  std::map<std::pair<unsigned, unsigned>, unsigned> migrate_to;
};

const mcm::Config kP16{16, 64, 4, 4};

template <typename V>
Task wait_until(Directed<V>& d, std::function<bool()> cond) {
  while (!cond()) co_await d.sim.rising_edge();
}

std::vector<std::uint32_t> offered_ids(const std::vector<Offer>& offers) {
  std::vector<std::uint32_t> ids;
  for (const auto& o : offers) ids.push_back(o.d.ctx.flow);
  return ids;
}

// ---- Register map -------------------------------------------------------------------------------
TEST(CmDirected, RegisterMapAsDocumented) {
  Directed<Vcm_p16> d(kP16);
  std::map<std::string, std::uint32_t> r;
  d.run([](Directed<Vcm_p16>& b, std::map<std::string, std::uint32_t>& out) -> Task {
    auto& csr = b.env.csr();
    co_await csr.read(reg::kId, out["id"]);
    co_await csr.read(reg::kNumParts, out["parts"]);
    co_await csr.read(reg::kCapacity, out["cap"]);
    co_await csr.read(reg::kTopo, out["topo"]);
    co_await csr.read(reg::kCtrl, out["ctrl"]);
    co_await csr.read(reg::kImbThresh, out["thr0"]);
    co_await csr.write(reg::part(3, reg::kPCfg), 3);
    co_await csr.write(reg::part(3, reg::kPTilesLo), 0xFFFFFFFF);
    co_await csr.write(reg::part(3, reg::kPTilesHi), 0xFFFFFFFF);
    co_await csr.write(reg::kImbThresh, 0x12345);
    co_await csr.write(reg::kCtrl, 0);
    co_await b.sim.cycles(3);
    co_await csr.read(reg::part(3, reg::kPCfg), out["pcfg"]);
    co_await csr.read(reg::part(3, reg::kPTilesLo), out["lo"]);
    co_await csr.read(reg::part(3, reg::kPTilesHi), out["hi"]);
    co_await csr.read(reg::kImbThresh, out["thr"]);
    co_await csr.read(reg::kCtrl, out["ctrl_off"]);
    co_await csr.read(0x0038, out["unmapped"]);
    co_await csr.read(reg::part(16, 0), out["part16"]);
    co_await csr.read(0x00C0, out["after_busy"]);
    co_await csr.read(reg::part(3, reg::kPTilesLo) + 1, out["lo_unaligned"]);
    // Byte strobes: only the selected bytes change.
    co_await csr.write(reg::kImbThresh, 0xAAAA, 0x1);
    co_await csr.read(reg::kImbThresh, out["thr_strobed"]);
    co_await csr.write(reg::part(3, reg::kPCfg), 0x0, 0x2);
    co_await csr.read(reg::part(3, reg::kPCfg), out["pcfg_strobed"]);
    // Errors: unmapped addresses and writes to read-only registers; reads of mapped ones are fine.
    bool err = false;
    co_await csr.read(0x0038, out["unmapped2"], &err);
    out["err_unmapped_read"] = err;
    co_await csr.read(reg::part(16, 0), out["part16_2"], &err);
    out["err_part16"] = err;
    co_await csr.write(reg::kId, 0, 0xF, &err);
    out["err_ro_write"] = err;
    co_await csr.write(reg::part(3, reg::kPEnq), 5, 0xF, &err);
    out["err_counter_write"] = err;
    co_await csr.read(reg::part(15, reg::kPWait), out["last_word"], &err);
    out["err_mapped_read"] = err;
    co_await csr.write(reg::kCtrl, 1, 0xF, &err);
    out["err_rw_write"] = err;
    co_await csr.read(reg::kClear, out["clear_read"], &err);
    out["err_clear_read"] = err;
    co_await csr.read(reg::part(255, reg::kPWait), out["part255"], &err);
    out["err_part255"] = err;
    co_await csr.write(reg::part(40, reg::kPCfg), 1, 0xF, &err);
    out["err_part40_write"] = err;
    co_await csr.read(0x2400, out["after_parts"], &err);
    out["err_after_parts"] = err;
    co_await csr.write(reg::kImbalanceBase, 1, 0xF, &err);
    out["err_bitmap_write"] = err;
  }(d, r));
  // The documented addresses (docs/cm.md); the partition windows reach 256.
  static_assert(reg::kCtrl == 0x10 && reg::kClear == 0x14 && reg::kAdmitStall == 0x34);
  static_assert(reg::kImbalanceBase == 0x40 && reg::kLoadReqBase == 0x60 && reg::kBusyBase == 0x80);
  static_assert(reg::kPartBase == 0x400 && reg::part(255, reg::kPWait) == 0x23FC);
  EXPECT_EQ(r["err_clear_read"], 1u) << "CLEAR is write-only";
  EXPECT_EQ(r["err_part255"], 1u) << "partition 255 is in the map but not in this CM";
  EXPECT_EQ(r["err_part40_write"], 1u);
  EXPECT_EQ(r["err_after_parts"], 1u);
  EXPECT_EQ(r["err_bitmap_write"], 1u) << "the bitmaps are read-only";
  EXPECT_EQ(r["thr_strobed"], 0x23AAu) << "low byte written, high byte kept";
  EXPECT_EQ(r["pcfg_strobed"], 0x103u) << "no strobe on byte 0: unchanged";
  EXPECT_EQ(r["err_unmapped_read"], 1u);
  EXPECT_EQ(r["err_part16"], 1u) << "partition 16 does not exist";
  EXPECT_EQ(r["err_ro_write"], 1u);
  EXPECT_EQ(r["err_counter_write"], 1u);
  EXPECT_EQ(r["err_mapped_read"], 0u);
  EXPECT_EQ(r["err_rw_write"], 0u);
  EXPECT_EQ(r["id"], 0x42434D01u);
  EXPECT_EQ(r["parts"], 16u);
  EXPECT_EQ(r["cap"], 64u);
  EXPECT_EQ(r["topo"], (4u << 16) | 4u);
  EXPECT_EQ(r["ctrl"], 1u) << "bypass is on after reset";
  EXPECT_EQ(r["thr0"], 0u);
  EXPECT_EQ(r["pcfg"], 0x103u) << "age order requested and in effect (empty queue), absent";
  EXPECT_EQ(r["lo"], 0xFu) << "only tiles that exist";
  EXPECT_EQ(r["hi"], 0u);
  EXPECT_EQ(r["thr"], 0x2345u);
  EXPECT_EQ(r["ctrl_off"], 0u);
  EXPECT_EQ(r["unmapped"], 0u);
  EXPECT_EQ(r["part16"], 0u);
  EXPECT_EQ(r["after_busy"], 0u);
  EXPECT_EQ(r["lo_unaligned"], 0xFu) << "address bits 1:0 are ignored";
}

// ---- Latency targets ------------------------------------------------------------------------------
TEST(CmDirected, BypassHandsOffInTwoCycles) {
  Directed<Vcm_p16> d(kP16);
  std::uint32_t byp = 0, enq = 0;
  d.run([](Directed<Vcm_p16>& b, std::uint32_t& byp_, std::uint32_t& enq_) -> Task {
    co_await b.env.assign(0, 0x1);
    co_await b.sim.cycles(2);
    co_await b.env.dispatcher().send(b.ctx(1, 0, 100));
    co_await wait_until(b, [&b] { return b.offers.size() == 1; });
    co_await b.env.csr().read(reg::part(0, reg::kPByp), byp_);
    co_await b.env.csr().read(reg::part(0, reg::kPEnq), enq_);
  }(d, byp, enq));
  ASSERT_EQ(d.offers.size(), 1u);
  EXPECT_EQ(d.offers[0].cycle - d.accepted.at(1), 2u) << "accepted in c, offered to the thread in c+2";
  EXPECT_EQ(d.offers[0].tile, 0u);
  EXPECT_EQ(d.offers[0].d.thread, 0u);
  EXPECT_EQ(byp, 1u);
  EXPECT_EQ(enq, 0u) << "a bypass writes nothing into the store";
}

TEST(CmDirected, BypassOffQueuesEverything) {
  Directed<Vcm_p16> d(kP16);
  std::uint32_t byp = 9, enq = 0, deq = 0, wait = 0;
  d.run([](Directed<Vcm_p16>& b, std::uint32_t& byp_, std::uint32_t& enq_, std::uint32_t& deq_,
           std::uint32_t& wait_) -> Task {
    co_await b.env.csr().write(reg::kCtrl, 0);
    co_await b.env.assign(0, 0x1);
    co_await b.sim.cycles(2);
    co_await b.env.dispatcher().send(b.ctx(1, 0, 100));
    co_await wait_until(b, [&b] { return b.offers.size() == 1; });
    co_await b.env.csr().read(reg::part(0, reg::kPByp), byp_);
    co_await b.env.csr().read(reg::part(0, reg::kPEnq), enq_);
    co_await b.env.csr().read(reg::part(0, reg::kPDeq), deq_);
    co_await b.env.csr().read(reg::part(0, reg::kPWait), wait_);
  }(d, byp, enq, deq, wait));
  ASSERT_EQ(d.offers.size(), 1u);
  EXPECT_EQ(d.offers[0].cycle - d.accepted.at(1), 6u)
      << "enqueue c+1 (written c+2), pick c+2, wait c+3, pop c+4, read c+5, offer c+6";
  EXPECT_EQ(byp, 0u);
  EXPECT_EQ(enq, 1u);
  EXPECT_EQ(deq, 1u);
  EXPECT_EQ(wait, 1u) << "one cycle waiting between the enqueue and the pick";
}

TEST(CmDirected, QueuedContextDeliveredFiveCyclesAfterAThreadFrees) {
  Directed<Vcm_p16> d(kP16);
  d.run([](Directed<Vcm_p16>& b) -> Task {
    co_await b.env.assign(0, 0x1);  // partition 0 on tile 0 only: four threads
    for (std::uint32_t id = 1; id <= 5; ++id) co_await b.env.dispatcher().send(b.ctx(id, 0, id));
    co_await b.sim.cycles(20);
    b.env.tile(0).act_now(2);  // thread 2 lets its packet go
    co_await wait_until(b, [&b] { return b.offers.size() == 5; });
  }(d));
  ASSERT_EQ(d.offers.size(), 5u);
  ASSERT_EQ(d.frees.size(), 1u);
  EXPECT_EQ(d.offers[4].d.ctx.flow, 5u);
  EXPECT_EQ(d.offers[4].d.thread, 2u) << "the only free thread";
  EXPECT_EQ(d.offers[4].cycle - d.frees[0].cycle, 5u)
      << "free seen in f, picked f+1, popped f+3, read f+4, offered f+5";
}

// ---- Queue orders --------------------------------------------------------------------------------
TEST(CmDirected, FifoQueueKeepsEnqueueOrder) {
  Directed<Vcm_p16> d(kP16);
  d.env.tile(1).hold = false;
  d.env.tile(1).service = [] { return 40u; };
  d.run([](Directed<Vcm_p16>& b) -> Task {
    // Partition 3 is on no tile: everything parks. Arrival times run backwards, which FIFO ignores.
    for (std::uint32_t id = 1; id <= 6; ++id) co_await b.env.dispatcher().send(b.ctx(id, 3, 100 - id));
    co_await b.sim.cycles(10);
    co_await b.env.assign(3, 0x2);
    co_await wait_until(b, [&b] { return b.offers.size() == 6; });
  }(d));
  EXPECT_EQ(offered_ids(d.offers), (std::vector<std::uint32_t>{1, 2, 3, 4, 5, 6}));
  EXPECT_EQ(d.loads, (std::vector<unsigned>{3}));
}

TEST(CmDirected, AgeQueueServesOldestArrivalFirst) {
  Directed<Vcm_p16> d(kP16);
  d.env.tile(2).hold = false;
  d.env.tile(2).service = [] { return 40u; };
  d.run([](Directed<Vcm_p16>& b) -> Task {
    co_await b.env.csr().write(reg::part(2, reg::kPCfg), 1);
    co_await b.sim.cycles(3);
    const std::uint32_t arrivals[] = {50, 10, 40, 20, 30};
    for (std::uint32_t id = 1; id <= 5; ++id) co_await b.env.dispatcher().send(b.ctx(id, 2, arrivals[id - 1]));
    co_await b.sim.cycles(10);
    co_await b.env.assign(2, 0x4);
    co_await wait_until(b, [&b] { return b.offers.size() == 5; });
  }(d));
  EXPECT_EQ(offered_ids(d.offers), (std::vector<std::uint32_t>{2, 4, 5, 3, 1}));
}

TEST(CmDirected, AgeOrderIsWrapSafe) {
  Directed<Vcm_p16> d(kP16);
  d.env.tile(2).hold = false;
  d.env.tile(2).service = [] { return 40u; };
  d.run([](Directed<Vcm_p16>& b) -> Task {
    co_await b.env.csr().write(reg::part(2, reg::kPCfg), 1);
    co_await b.sim.cycles(3);
    const std::uint32_t arrivals[] = {0xFFFFFFF0u, 0x10u, 0xFFFFFFFFu, 0x5u};
    for (std::uint32_t id = 1; id <= 4; ++id) co_await b.env.dispatcher().send(b.ctx(id, 2, arrivals[id - 1]));
    co_await b.sim.cycles(10);
    co_await b.env.assign(2, 0x4);
    co_await wait_until(b, [&b] { return b.offers.size() == 4; });
  }(d));
  EXPECT_EQ(offered_ids(d.offers), (std::vector<std::uint32_t>{1, 3, 4, 2}));
}

// Offers of one partition, in the order they showed.
std::vector<std::uint32_t> offered_ids(const std::vector<Offer>& offers, unsigned part) {
  std::vector<std::uint32_t> ids;
  for (const auto& o : offers) {
    if (o.d.ctx.target_part == part) ids.push_back(o.d.ctx.flow);
  }
  return ids;
}

// Equal arrival times in an age queue leave in the order they were enqueued.
TEST(CmDirected, AgeTiesServeInEnqueueOrder) {
  Directed<Vcm_p16> d(kP16);
  d.env.tile(2).hold = false;
  d.env.tile(2).service = [] { return 40u; };
  d.run([](Directed<Vcm_p16>& b) -> Task {
    co_await b.env.csr().write(reg::part(2, reg::kPCfg), 1);
    co_await b.sim.cycles(3);
    const std::uint32_t arrivals[] = {5, 5, 3, 5, 3, 4};
    for (std::uint32_t id = 1; id <= 6; ++id) co_await b.env.dispatcher().send(b.ctx(id, 2, arrivals[id - 1]));
    co_await b.sim.cycles(10);
    co_await b.env.assign(2, 0x4);
    co_await wait_until(b, [&b] { return b.offers.size() == 6; });
  }(d));
  EXPECT_EQ(offered_ids(d.offers), (std::vector<std::uint32_t>{3, 5, 6, 1, 2, 4}));
}

// Every slot of the store used, every partition's queue holding four contexts at once, even
// partitions in age order (with a tie), odd ones FIFO: each queue drains in its own order.
TEST(CmDirected, FullStoreEveryQueueAtOnceKeepsEachOrder) {
  Directed<Vcm_p16> d(kP16);
  std::uint32_t stored = 0, inflight = 0;
  for (unsigned t = 0; t < 4; ++t) {
    d.env.tile(t).hold = false;
    d.env.tile(t).service = [] { return 7u; };
  }
  // Entry k of every partition: arrivals 30, 10, 30, 20 (plus the partition number).
  const std::uint32_t arrival_of_k[] = {30, 10, 30, 20};
  d.run([](Directed<Vcm_p16>& b, const std::uint32_t* arr, std::uint32_t& st, std::uint32_t& inf) -> Task {
    for (unsigned p = 0; p < 16; p += 2) co_await b.env.csr().write(reg::part(p, reg::kPCfg), 1);
    co_await b.sim.cycles(3);
    for (std::uint32_t i = 0; i < 64; ++i) {
      const unsigned p = i % 16;
      co_await b.env.dispatcher().send(b.ctx(i + 1, p, arr[i / 16] + p));
    }
    co_await b.sim.cycles(10);
    co_await b.env.csr().read(reg::kStored, st);
    co_await b.env.csr().read(reg::kInflight, inf);
    for (unsigned p = 0; p < 16; ++p) co_await b.env.assign(p, 0xF);
    co_await wait_until(b, [&b] { return b.offers.size() == 64; });
  }(d, arrival_of_k, stored, inflight));
  EXPECT_EQ(stored, 64u) << "every slot in use";
  EXPECT_EQ(inflight, 64u);
  for (std::uint32_t p = 0; p < 16; ++p) {
    const auto id = [p](std::uint32_t k) { return k * 16 + p + 1; };
    const std::vector<std::uint32_t> want = (p % 2 == 0)
        ? std::vector<std::uint32_t>{id(1), id(3), id(0), id(2)}  // 10, 20, 30, 30 (tie: enqueue order)
        : std::vector<std::uint32_t>{id(0), id(1), id(2), id(3)};
    EXPECT_EQ(offered_ids(d.offers, p), want) << "partition " << p;
  }
}

// Orders are switched per queue while the queues hold contexts: the change waits until the
// queue is empty, so the first batch keeps the old order; after the queues drained to empty,
// the refilled queues use the new one.
TEST(CmDirected, OrderSwitchedPerQueueAppliesAfterDrainAndRefill) {
  Directed<Vcm_p16> d(kP16);
  d.env.tile(1).hold = false;
  d.env.tile(1).service = [] { return 5u; };
  std::uint32_t pcfg1_parked = 0, pcfg1_after = 0;
  d.run([](Directed<Vcm_p16>& b, std::uint32_t& parked, std::uint32_t& after) -> Task {
    co_await b.env.csr().write(reg::part(2, reg::kPCfg), 1);  // partition 1 FIFO, 2 age
    co_await b.sim.cycles(3);
    const std::uint32_t arrivals[] = {40, 10, 30, 20};
    for (std::uint32_t batch = 0; batch < 2; ++batch) {
      for (std::uint32_t k = 0; k < 4; ++k) {
        co_await b.env.dispatcher().send(b.ctx(100 * batch + 10 + k, 1, arrivals[k]));
        co_await b.env.dispatcher().send(b.ctx(100 * batch + 20 + k, 2, arrivals[k]));
      }
      if (batch == 0) {
        // Swap the orders while both queues hold contexts.
        co_await b.env.csr().write(reg::part(1, reg::kPCfg), 1);
        co_await b.env.csr().write(reg::part(2, reg::kPCfg), 0);
        co_await b.sim.cycles(3);
        co_await b.env.csr().read(reg::part(1, reg::kPCfg), parked);
      }
      co_await b.env.assign(1, 0x2);
      co_await b.env.assign(2, 0x2);
      co_await wait_until(b, [&b, batch] { return b.offers.size() == 8 * (batch + 1); });
      co_await b.env.assign(1, 0);
      co_await b.env.assign(2, 0);
      co_await b.sim.cycles(3);
      if (batch == 0) co_await b.env.csr().read(reg::part(1, reg::kPCfg), after);
    }
  }(d, pcfg1_parked, pcfg1_after));
  EXPECT_EQ(pcfg1_parked & 0x101u, 0x001u) << "age requested, FIFO still in effect";
  EXPECT_EQ(pcfg1_after & 0x101u, 0x101u) << "age in effect once the queue is empty";
  ASSERT_EQ(d.offers.size(), 16u);
  EXPECT_EQ(offered_ids(d.offers, 1), (std::vector<std::uint32_t>{10, 11, 12, 13, 111, 113, 112, 110}));
  EXPECT_EQ(offered_ids(d.offers, 2), (std::vector<std::uint32_t>{21, 23, 22, 20, 120, 121, 122, 123}));
}

// A bypass needs only its own queue empty: other queues full of parked contexts do not matter.
TEST(CmDirected, BypassWhileAnotherQueueWaits) {
  Directed<Vcm_p16> d(kP16);
  std::uint32_t byp = 0, depth5 = 0;
  d.run([](Directed<Vcm_p16>& b, std::uint32_t& byp_, std::uint32_t& depth_) -> Task {
    for (std::uint32_t id = 1; id <= 5; ++id) co_await b.env.dispatcher().send(b.ctx(id, 5, id));
    co_await b.env.assign(0, 0x1);
    co_await b.sim.cycles(4);
    co_await b.env.dispatcher().send(b.ctx(9, 0, 9));
    co_await wait_until(b, [&b] { return b.offers.size() == 1; });
    co_await b.env.csr().read(reg::part(0, reg::kPByp), byp_);
    co_await b.env.csr().read(reg::part(5, reg::kPDepth), depth_);
  }(d, byp, depth5));
  ASSERT_EQ(d.offers.size(), 1u);
  EXPECT_EQ(d.offers[0].d.ctx.flow, 9u);
  EXPECT_EQ(d.offers[0].cycle - d.accepted.at(9), 2u) << "bypass latency unchanged";
  EXPECT_EQ(byp, 1u);
  EXPECT_EQ(depth5 & 0xFFFFu, 5u) << "partition 5 still holds its five";
}

// Two deliveries in flight per tile: a tile's next context waits in its delivery queue while it
// takes the current one, so queued contexts reach one tile two cycles in a row.
TEST(CmDirected, TileTakesTwoQueuedDeliveriesBackToBack) {
  Directed<Vcm_p16> d(kP16);
  d.run([](Directed<Vcm_p16>& b) -> Task {
    for (std::uint32_t id = 1; id <= 4; ++id) co_await b.env.dispatcher().send(b.ctx(id, 0, id));
    co_await b.sim.cycles(6);
    co_await b.env.assign(0, 0x1);
    co_await wait_until(b, [&b] { return b.offers.size() == 4; });
  }(d));
  ASSERT_EQ(d.offers.size(), 4u);
  for (unsigned i = 0; i < 4; ++i) {
    EXPECT_EQ(d.offers[i].tile, 0u);
    EXPECT_EQ(d.offers[i].d.thread, i) << "lowest free thread first";
    EXPECT_EQ(d.offers[i].d.ctx.flow, i + 1);
  }
  EXPECT_EQ(d.offers[1].cycle - d.offers[0].cycle, 1u) << "second delivery queued behind the first";
  EXPECT_EQ(d.offers[2].cycle - d.offers[1].cycle, 4u) << "third picked after the first was taken";
  EXPECT_EQ(d.offers[3].cycle - d.offers[2].cycle, 1u);
}

// ---- Placement ---------------------------------------------------------------------------------
TEST(CmDirected, OnePartitionOnAllTilesRotatesTiles) {
  Directed<Vcm_p16> d(kP16);
  d.run([](Directed<Vcm_p16>& b) -> Task {
    co_await b.env.assign(0, 0xF);
    for (std::uint32_t id = 1; id <= 16; ++id) co_await b.env.dispatcher().send(b.ctx(id, 0, id));
    co_await wait_until(b, [&b] { return b.offers.size() == 16; });
  }(d));
  for (unsigned i = 0; i < 16; ++i) {
    EXPECT_EQ(d.offers[i].tile, i % 4) << "delivery " << i << ": tiles take turns";
    EXPECT_EQ(d.offers[i].d.thread, i / 4) << "delivery " << i << ": lowest free thread";
  }
  for (unsigned t = 0; t < 4; ++t) EXPECT_EQ(d.env.tile(t).busy_threads(), 4u);
}

// ---- Missing and unloaded partitions ----------------------------------------------------------------
TEST(CmDirected, MigrationToMissingPartitionIsDroppedAndFreesThread) {
  Directed<Vcm_p16> d(kP16);
  std::uint32_t busy_before = 0, busy_after = 0, drop_count = 0;
  d.run([](Directed<Vcm_p16>& b, std::uint32_t& before, std::uint32_t& after, std::uint32_t& count) -> Task {
    co_await b.env.assign(0, 0x1);
    co_await b.env.dispatcher().send(b.ctx(1, 0, 1));
    co_await wait_until(b, [&b] { return b.offers.size() == 1; });
    co_await b.sim.cycles(2);
    co_await b.env.csr().read(reg::kBusyBase, before);
    b.script_migration(0, 0, 200);  // no partition 200 in a 16-partition engine
    b.env.tile(0).act_now(0);
    co_await wait_until(b, [&b] { return b.drops.size() == 1; });
    co_await b.sim.cycles(2);
    co_await b.env.csr().read(reg::kBusyBase, after);
    co_await b.env.csr().write(reg::part(5, reg::kPCfg), 2);  // partition 5 marked absent
    co_await b.env.dispatcher().send(b.ctx(2, 5, 2));
    co_await wait_until(b, [&b] { return b.drops.size() == 2; });
    co_await b.env.csr().read(reg::kDropCount, count);
  }(d, busy_before, busy_after, drop_count));
  EXPECT_EQ(busy_before, 0x1u) << "tile 0 thread 0 busy";
  EXPECT_EQ(busy_after, 0x0u) << "the faulting migration freed its thread";
  ASSERT_EQ(d.drops.size(), 2u);
  EXPECT_EQ(d.drops[0].flow, 1u);
  EXPECT_EQ(d.drops[0].target_part, 200u);
  EXPECT_EQ(d.drops[1].flow, 2u);
  EXPECT_EQ(drop_count, 2u);
  EXPECT_TRUE(d.loads.empty()) << "a missing partition is not loaded";
}

TEST(CmDirected, UnloadedPartitionParksAndRequestsLoadOnce) {
  Directed<Vcm_p16> d(kP16);
  std::uint32_t req_word = 0, pcfg = 0, req_after = 1;
  bool pin_after = true;
  d.run([](Directed<Vcm_p16>& b, std::uint32_t& word, std::uint32_t& cfg, std::uint32_t& after,
           bool& pin) -> Task {
    co_await b.env.dispatcher().send(b.ctx(1, 7, 1));
    co_await b.sim.cycles(20);
    co_await b.env.csr().read(reg::kLoadReqBase, word);
    co_await b.env.csr().read(reg::part(7, reg::kPCfg), cfg);
    co_await b.env.dispatcher().send(b.ctx(2, 7, 2));
    co_await b.sim.cycles(20);
    co_await b.env.assign(7, 0x4);
    co_await wait_until(b, [&b] { return b.offers.size() == 2; });
    pin = b.env.pins().load_requested(7);
    co_await b.env.csr().read(reg::kLoadReqBase, after);
  }(d, req_word, pcfg, req_after, pin_after));
  EXPECT_EQ(d.loads, (std::vector<unsigned>{7})) << "one load request per episode";
  EXPECT_EQ(req_word, 1u << 7);
  EXPECT_EQ(pcfg & (1u << 9), 1u << 9) << "PCFG shows the load request";
  ASSERT_EQ(d.offers.size(), 2u);
  EXPECT_EQ(d.offers[0].tile, 2u);
  EXPECT_EQ(d.offers[0].d.ctx.flow, 1u);
  EXPECT_FALSE(pin_after);
  EXPECT_EQ(req_after, 0u);
}

// The pager's port (docs/pager.md): a parked context shows in `waiting`; a hardware TILES write
// makes the partition resident and the context is delivered; the thread then shows busy with the
// partition. A hardware write in the same cycle as a register write to the same TILES word wins
// on its bit; out-of-range partitions and tiles are ignored.
TEST(CmDirected, HardwareTilesWriteLoadsAndWinsOverRegisterWrite) {
  Directed<Vcm_p16> d(kP16);
  bool waiting_parked = false, waiting_after = true, busy = false;
  unsigned busy_part = 0;
  std::uint32_t tiles_race1 = 0, tiles_race2 = 0, tiles_ignored = 0;
  unsigned same_cycle = 0;  // cycles with a register write and a hardware TILES write together
  d.sim.on_sample([&d, &same_cycle] {
    if (d.env.pins().reg_req() && d.env.pins().reg_we() && d.env.pins().tiles_wr()) ++same_cycle;
  });
  d.run([](Directed<Vcm_p16>& b, bool& parked, bool& after, bool& thr_busy, unsigned& thr_part,
           std::uint32_t& race1, std::uint32_t& race2, std::uint32_t& ignored) -> Task {
    co_await b.env.dispatcher().send(b.ctx(1, 7, 1));
    co_await b.sim.cycles(10);
    parked = b.env.pins().waiting(7);
    co_await b.env.hw_assign(7, 2, true);
    co_await wait_until(b, [&b] { return b.offers.size() == 1; });
    co_await b.sim.cycles(2);
    after = b.env.pins().waiting(7);
    thr_busy = b.env.pins().thr_busy(2, 0);
    thr_part = b.env.pins().thr_part(2, 0);
    // Same cycle: the register write sets tiles 0 and 1, the hardware clears tile 1.
    b.sim.spawn(b.env.csr().write(reg::part(7, reg::kPTilesLo), 0x3));
    b.sim.spawn(b.env.hw_assign(7, 1, false));
    co_await b.sim.rising_edge();  // the spawned writes start
    co_await wait_until(b, [&b] { return b.env.csr().idle() && b.env.hw_tiles().idle(); });
    co_await b.env.csr().read(reg::part(7, reg::kPTilesLo), race1);
    // Same cycle: the register write clears everything, the hardware sets tile 3.
    b.sim.spawn(b.env.csr().write(reg::part(7, reg::kPTilesLo), 0x0));
    b.sim.spawn(b.env.hw_assign(7, 3, true));
    co_await b.sim.rising_edge();  // the spawned writes start
    co_await wait_until(b, [&b] { return b.env.csr().idle() && b.env.hw_tiles().idle(); });
    co_await b.env.csr().read(reg::part(7, reg::kPTilesLo), race2);
    co_await b.env.hw_assign(200, 0, true);  // no such partition
    co_await b.env.hw_assign(7, 40, true);   // no such tile
    co_await b.env.hw_assign(7, 3, true);    // already set: no change
    co_await b.env.csr().read(reg::part(7, reg::kPTilesLo), ignored);
  }(d, waiting_parked, waiting_after, busy, busy_part, tiles_race1, tiles_race2, tiles_ignored));
  EXPECT_EQ(same_cycle, 2u) << "the two races were not in one cycle each";
  EXPECT_TRUE(waiting_parked) << "a context parked for an unloaded partition shows in waiting";
  ASSERT_EQ(d.offers.size(), 1u);
  EXPECT_EQ(d.offers[0].tile, 2u) << "delivered to the tile the hardware write added";
  EXPECT_FALSE(waiting_after);
  EXPECT_TRUE(busy);
  EXPECT_EQ(busy_part, 7u);
  EXPECT_EQ(tiles_race1, 0x1u) << "the hardware clear of tile 1 wins over the register's set";
  EXPECT_EQ(tiles_race2, 0x8u) << "the hardware set of tile 3 wins over the register's clear";
  EXPECT_EQ(tiles_ignored, 0x8u) << "out-of-range hardware writes change nothing";
}

// ---- Admission and deadlock freedom ---------------------------------------------------------------
// 16 threads busy and 48 contexts parked: 64 = C contexts alive. A new context must wait, and
// gets in as soon as a thread lets go.
TEST(CmDirected, CapacityExactlyFullHoldsDispatcherBack) {
  Directed<Vcm_p16> d(kP16);
  std::uint32_t inflight = 0, stored = 0, stall = 0;
  std::uint64_t released_at = 0;
  d.run([](Directed<Vcm_p16>& b, std::uint32_t& infl, std::uint32_t& st, std::uint32_t& stl,
           std::uint64_t& rel) -> Task {
    co_await b.env.assign(0, 0xF);
    for (std::uint32_t id = 1; id <= 16; ++id) co_await b.env.dispatcher().send(b.ctx(id, 0, id));
    for (std::uint32_t id = 17; id <= 64; ++id) co_await b.env.dispatcher().send(b.ctx(id, 9, id));
    co_await wait_until(b, [&b] { return b.offers.size() == 16; });
    b.env.dispatcher().push(b.ctx(100, 0, 100));
    co_await b.sim.cycles(300);
    co_await b.env.csr().read(reg::kInflight, infl);
    co_await b.env.csr().read(reg::kStored, st);
    co_await b.env.csr().read(reg::kAdmitStall, stl);
    rel = b.sim.cycle();
    b.env.tile(1).act_now(0);
    co_await wait_until(b, [&b] { return b.offers.size() == 17; });
  }(d, inflight, stored, stall, released_at));
  EXPECT_EQ(inflight, 64u);
  EXPECT_EQ(stored, 48u);
  EXPECT_GE(stall, 300u);
  EXPECT_FALSE(d.accepted.count(100) && d.accepted.at(100) < released_at) << "admitted while full";
  ASSERT_EQ(d.offers.size(), 17u);
  EXPECT_EQ(d.offers[16].d.ctx.flow, 100u);
  EXPECT_EQ(d.offers[16].tile, 1u);
  EXPECT_EQ(d.offers[16].d.thread, 0u) << "into the thread that let go";
  EXPECT_LE(d.offers[16].cycle - released_at, 8u);
}

// Every thread migrates at once to one partition that lives on one tile, while the store is
// three quarters full: the store must take all of them (no stall, no drop), and everything
// drains once the threads finish.
template <typename V>
void all_threads_migrate_to_one(const mcm::Config& cfg, unsigned parked, std::uint64_t all_tiles,
                                unsigned hot_threads) {
  Directed<V> d(cfg);
  const unsigned threads = cfg.num_tiles * cfg.threads_per_tile;
  std::uint64_t acted_at = 0;
  std::uint64_t last_mig = 0;
  std::uint32_t stored = 0;
  d.run([](Directed<V>& b, unsigned n_threads, unsigned n_parked, std::uint64_t tiles, std::uint64_t& acted,
           std::uint64_t& last, std::uint32_t& st) -> Task {
    const auto& c = b.env.config();
    const unsigned hot = c.num_parts > 1 ? 1 : 0;
    const unsigned park = c.num_parts > 2 ? 2 : 0;
    co_await b.env.assign(0, tiles);
    if (hot != 0) co_await b.env.assign(hot, 0x1);
    std::uint32_t id = 1;
    for (; id <= n_threads; ++id) co_await b.env.dispatcher().send(b.ctx(id, 0, id));
    co_await wait_until(b, [&] { return b.offers.size() == n_threads; });
    for (unsigned i = 0; i < n_parked; ++i, ++id) co_await b.env.dispatcher().send(b.ctx(id, park, id));
    co_await b.sim.cycles(5);
    for (unsigned t = 0; t < c.num_tiles; ++t) {
      for (unsigned h = 0; h < c.threads_per_tile; ++h) {
        b.script_migration(t, h, hot);
        b.env.tile(t).act_now(h);
      }
    }
    acted = b.sim.cycle();
    co_await wait_until(b, [&] { return b.env.board().mig_accepted() == n_threads; });
    last = b.sim.cycle();
    co_await b.sim.cycles(10);
    co_await b.env.csr().read(reg::kStored, st);
    // Let everything finish: threads work briefly and let go; the parked partition gets tiles.
    for (unsigned t = 0; t < c.num_tiles; ++t) {
      b.env.tile(t).hold = false;
      b.env.tile(t).service = [] { return 3u; };
      for (unsigned h = 0; h < c.threads_per_tile; ++h) {
        if (b.env.tile(t).running(h)) b.env.tile(t).act_now(h);
      }
    }
    if (park != 0) co_await b.env.assign(park, tiles);
    co_await wait_until(b, [&b] { return b.env.board().alive() == 0; });
  }(d, threads, parked, all_tiles, acted_at, last_mig, stored));
  EXPECT_LE(last_mig - acted_at, threads + 8) << "migrations were held back";
  EXPECT_TRUE(d.drops.empty());
  EXPECT_EQ(d.env.board().finished(), threads + parked);
  EXPECT_GE(stored + hot_threads, threads + parked) << "all but what the hot partition's threads took is stored";
  d.env.board().check_all_left();
}

TEST(CmDirected, DeadlockFreeAllThreadsMigrateToOnePartitionWithStoreNearFull) {
  all_threads_migrate_to_one<Vcm_p16>(kP16, 48, 0xF, 4);
}

// P = 1 and C = threads + 1: eight busy threads plus one stored context fill the engine; all
// eight then migrate at once into the single queue.
TEST(CmDirected, OnePartitionCapacityThreadsPlusOne) {
  all_threads_migrate_to_one<Vcm_p1>(mcm::Config{1, 9, 2, 4}, 1, 0x3, 8);
}

// ---- Imbalance (PM11 input) ------------------------------------------------------------------------
TEST(CmDirected, ImbalanceRaisedWhenOldestWaitReachesThreshold) {
  Directed<Vcm_p16> d(kP16);
  std::uint64_t raised = 0, cleared = 0;
  std::uint32_t word = 0, pcfg = 0;
  d.run([](Directed<Vcm_p16>& b, std::uint64_t& up, std::uint64_t& down, std::uint32_t& w,
           std::uint32_t& cfg) -> Task {
    co_await b.env.csr().write(reg::kImbThresh, 30);
    co_await b.env.dispatcher().send(b.ctx(1, 4, 1));  // partition 4 is on no tile: it waits
    co_await wait_until(b, [&b] { return b.env.pins().imbalance(4); });
    up = b.sim.cycle();
    co_await b.env.csr().read(reg::kImbalanceBase, w);
    co_await b.env.csr().read(reg::part(4, reg::kPCfg), cfg);
    co_await b.env.assign(4, 0x1);
    co_await wait_until(b, [&b] { return !b.env.pins().imbalance(4); });
    down = b.sim.cycle();
    co_await wait_until(b, [&b] { return b.offers.size() == 1; });
  }(d, raised, cleared, word, pcfg));
  // Accepted in a, enqueued in a+1, waited 30 cycles in a+31, flag shown two cycles later.
  EXPECT_EQ(raised - d.accepted.at(1), 33u);
  EXPECT_EQ(word, 1u << 4);
  EXPECT_EQ(pcfg & (1u << 10), 1u << 10);
  ASSERT_EQ(d.offers.size(), 1u);
  EXPECT_LE(cleared, d.offers[0].cycle);
}

// ---- Statistics -----------------------------------------------------------------------------------
TEST(CmDirected, ClearZeroesStatistics) {
  Directed<Vcm_p16> d(kP16);
  std::uint32_t dlv_before = 0, dlv_after = 1, byp_after = 1, hwm_after = 1;
  d.run([](Directed<Vcm_p16>& b, std::uint32_t& before, std::uint32_t& after, std::uint32_t& byp,
           std::uint32_t& hwm) -> Task {
    co_await b.env.assign(0, 0x1);
    for (std::uint32_t id = 1; id <= 6; ++id) co_await b.env.dispatcher().send(b.ctx(id, 0, id));
    co_await b.sim.cycles(10);
    co_await b.env.csr().read(reg::kDlvCount, before);
    co_await b.env.csr().write(reg::kClear, 1);
    co_await b.env.csr().read(reg::kDlvCount, after);
    co_await b.env.csr().read(reg::part(0, reg::kPByp), byp);
    co_await b.env.csr().read(reg::part(0, reg::kPDepth), hwm);
  }(d, dlv_before, dlv_after, byp_after, hwm_after));
  EXPECT_EQ(dlv_before, 4u) << "four threads on tile 0";
  EXPECT_EQ(dlv_after, 0u);
  EXPECT_EQ(byp_after, 0u);
  EXPECT_EQ(hwm_after, (2u << 16) | 2u) << "two waiting; the high-water mark restarts from the current depth";
}

}  // namespace
