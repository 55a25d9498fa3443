// SPDX-License-Identifier: Apache-2.0
// Partition residency in the ISS engine model (docs/firmware.md 13.5, docs/pager.md): the pager
// policy on its own (preload, tile choice, least-recently-used victims, waits, copy time, TCP
// replica placement), then the reference firmware on tiles whose IMEM holds 4 or 8 of its 15
// pages, each packet's verdict compared with the golden model, the paging counters and the
// residency history checked against the tiles' page and partition slots.
#include <gtest/gtest.h>

#include <set>

#include "baton/image/image.hpp"
#include "baton/iss/tile.hpp"
#include "baton/model/engine/pager.hpp"
#include "baton/model/engine/tile_port.hpp"
#include "baton/net/builder.hpp"
#include "baton/net/sessions.hpp"
#include "baton/net/traffic.hpp"
#include "baton/tb/config.hpp"
#include "fw_test_util.hpp"

namespace {

using namespace baton;
using model::engine::Pager;
using model::engine::PagerGeometry;
using model::engine::PagerPart;
using model::engine::PagingEvent;
using model::engine::PagingEventKind;
using model::engine::Preload;

constexpr std::uint64_t kAll = 0b11;

// A small image: initial 0 (1 page), 1 (2 pages), 2 (1), 3 (3).
std::vector<PagerPart> small_parts(std::uint64_t tiles = kAll) {
  return {{0, 1, tiles, "init"}, {1, 2, tiles, "a"}, {2, 1, tiles, "b"}, {3, 3, tiles, "c"}};
}
PagerGeometry geometry(unsigned tiles, unsigned pages, unsigned part_slots = 8) {
  PagerGeometry g;
  g.tiles = tiles;
  g.page_slots = pages;
  g.part_slots = part_slots;
  return g;
}
Pager::Waiting waiting_on(std::set<std::uint8_t> parts) {
  return [parts](std::uint8_t p) { return parts.contains(p); };
}
Pager::InUse in_use_of(std::set<std::pair<unsigned, std::uint8_t>> used) {
  return [used](unsigned t, std::uint8_t p) { return used.contains({t, p}); };
}
const Pager::InUse kIdle = [](unsigned, std::uint8_t) { return false; };

// Runs cycles from `from` until `part` is resident on some tile; returns that cycle.
std::uint64_t until_loaded(Pager& pg, std::uint8_t part, std::uint64_t from,
                           const Pager::Waiting& w, const Pager::InUse& u = kIdle) {
  for (std::uint64_t now = from; now < from + 100'000; ++now) {
    pg.cycle(now, w, u);
    if (pg.resident_anywhere(part)) return now;
  }
  ADD_FAILURE() << "partition " << int{part} << " never loaded";
  return 0;
}

TEST(Pager, PreloadFitFillsTilesInIdOrderWithoutEvicting) {
  Pager pg(geometry(2, 4), small_parts(), 0);
  const auto ev = pg.reset(Preload::kFit);
  // 0, 1 and 2 take the 4 page slots of each tile; 3 (3 pages) does not fit beside them.
  EXPECT_EQ(ev.size(), 6U);
  for (unsigned t = 0; t < 2; ++t) {
    for (std::uint8_t p : {0, 1, 2}) EXPECT_TRUE(pg.resident(t, p)) << t << " " << int{p};
    EXPECT_FALSE(pg.resident(t, 3));
    EXPECT_EQ(pg.free_pages(t), 0U);
  }
  EXPECT_EQ(pg.counters().preloads, 6U);
  EXPECT_EQ(pg.counters().loads, 6U);
  EXPECT_EQ(pg.counters().pages, 8U);
  EXPECT_EQ(pg.counters().faults, 0U);
}

TEST(Pager, PreloadInitialLoadsOnlyThePinnedPartition) {
  Pager pg(geometry(2, 4), small_parts(), 0);
  const auto ev = pg.reset(Preload::kInitial);
  ASSERT_EQ(ev.size(), 2U);
  for (unsigned t = 0; t < 2; ++t) {
    EXPECT_TRUE(pg.resident(t, 0));
    EXPECT_FALSE(pg.resident(t, 1));
    EXPECT_EQ(pg.free_pages(t), 3U);
  }
}

TEST(Pager, FaultIsServedAfterTheCopyAndTheTilePointerRotates) {
  Pager pg(geometry(2, 4), small_parts(), 0);
  pg.reset(Preload::kInitial);
  const auto w3 = waiting_on({3});
  const std::uint64_t ready = until_loaded(pg, 3, 10, w3);
  // Requested at cycle 10, published after the copy of 3 pages, on tile 0 (the pointer's start).
  EXPECT_EQ(ready, 10 + pg.load_cycles(3));
  EXPECT_TRUE(pg.resident(0, 3));
  EXPECT_FALSE(pg.resident(1, 3));
  EXPECT_EQ(pg.counters().faults, 1U);
  EXPECT_EQ(pg.counters().fault_cycles, pg.load_cycles(3));
  // The next fault starts its scan after tile 0: tile 1, which has room.
  until_loaded(pg, 1, ready + 1, waiting_on({1}));
  EXPECT_TRUE(pg.resident(1, 1));
  EXPECT_FALSE(pg.resident(0, 1));
  EXPECT_EQ(pg.counters().loads, 4U);  // 2 preloads + 2 faults
  EXPECT_EQ(pg.counters().evictions, 0U);
}

TEST(Pager, OneLoadAtATimeLowestPartitionFirst) {
  Pager pg(geometry(2, 4), small_parts(), 0);
  pg.reset(Preload::kInitial);
  const auto w = waiting_on({1, 2});
  std::vector<PagingEvent> loads;
  for (std::uint64_t now = 0; now < 2000 && loads.size() < 2; ++now)
    for (const auto& e : pg.cycle(now, w, kIdle))
      if (e.kind == PagingEventKind::kLoad) loads.push_back(e);
  ASSERT_EQ(loads.size(), 2U);
  EXPECT_EQ(loads[0].part, 1);
  EXPECT_EQ(loads[0].cycle, pg.load_cycles(2));
  EXPECT_EQ(loads[1].part, 2);
  EXPECT_GE(loads[1].cycle, loads[0].cycle + pg.load_cycles(1));  // waited for the first copy
}

TEST(Pager, VictimIsTheLeastRecentlyUsedIdlePartition) {
  // One tile, 4 page slots: 0 (pinned), 1, 2, 3 of one page each; 4 needs two pages.
  std::vector<PagerPart> parts{
      {0, 1, 1, "i"}, {1, 1, 1, "a"}, {2, 1, 1, "b"}, {3, 1, 1, "c"}, {4, 2, 1, "d"}};
  Pager pg(geometry(1, 4), parts, 0);
  pg.reset(Preload::kFit);
  ASSERT_TRUE(pg.resident(0, 3));
  pg.touch(0, 1, 100);
  pg.touch(0, 2, 50);  // oldest, but in use
  pg.touch(0, 3, 200);
  const auto ev = pg.cycle(300, waiting_on({4}), in_use_of({{0, 2}}));
  ASSERT_EQ(ev.size(), 2U);
  EXPECT_EQ(ev[0].kind, PagingEventKind::kEvict);
  EXPECT_EQ(ev[0].part, 1);
  EXPECT_EQ(ev[1].part, 3);
  EXPECT_TRUE(pg.resident(0, 0));
  EXPECT_TRUE(pg.resident(0, 2));
  EXPECT_FALSE(pg.resident(0, 4));  // still copying
  EXPECT_EQ(pg.counters().evictions, 2U);
}

TEST(Pager, NoVictimWaitsSixteenCyclesAndNeverEvictsThePinnedPartition) {
  std::vector<PagerPart> parts{{0, 1, 1, "i"}, {1, 1, 1, "a"}, {2, 2, 1, "b"}, {4, 2, 1, "d"}};
  Pager pg(geometry(1, 4), parts, 0);
  pg.reset(Preload::kFit);  // 0, 1, 2: four pages
  // 1 is the only copy of a partition with waiting contexts, 2 runs: no victim.
  auto ev = pg.cycle(0, waiting_on({1, 4}), in_use_of({{0, 2}}));
  EXPECT_TRUE(ev.empty());
  EXPECT_EQ(pg.counters().victim_waits, 1U);
  for (std::uint64_t now = 1; now < 16; ++now)
    EXPECT_TRUE(pg.cycle(now, waiting_on({4}), kIdle).empty()) << now;
  EXPECT_EQ(pg.counters().victim_waits, 1U);
  // At cycle 16 the tile is chosen again and both go (4 needs two of the full tile's pages):
  // equal stamps (preload), so the lower id first; the pinned partition stays.
  ev = pg.cycle(16, waiting_on({4}), kIdle);
  ASSERT_EQ(ev.size(), 2U);
  EXPECT_EQ(ev[0].part, 1);
  EXPECT_EQ(ev[1].part, 2);
  EXPECT_TRUE(pg.resident(0, 0));
  EXPECT_EQ(until_loaded(pg, 4, 17, waiting_on({4})), 16 + pg.load_cycles(2) + 2 * (16 + 5 + 4));
  EXPECT_TRUE(pg.resident(0, 0));
}

// CTRL.SPREAD. Two full tiles: the tile chosen first (tile 0, from the rotating pointer) has no
// victim, since its only unpinned partition runs; tile 1 has an idle one. The load goes to tile 1
// at once instead of waiting for tile 0.
TEST(Pager, TileWithoutAVictimIsSkippedForAnotherCandidate) {
  std::vector<PagerPart> parts{{0, 1, kAll, "i"}, {1, 3, kAll, "a"}, {2, 2, kAll, "b"}};
  PagerGeometry spread = geometry(2, 4);
  spread.spread = true;
  Pager pg(spread, parts, 0);
  pg.reset(Preload::kFit);  // 0 and 1 fill both tiles
  ASSERT_TRUE(pg.resident(0, 1));
  ASSERT_TRUE(pg.resident(1, 1));
  const auto ev = pg.cycle(0, waiting_on({2}), in_use_of({{0, 1}}));
  ASSERT_EQ(ev.size(), 1U);
  EXPECT_EQ(ev[0].kind, PagingEventKind::kEvict);
  EXPECT_EQ(ev[0].tile, 1U);
  EXPECT_EQ(ev[0].part, 1);
  EXPECT_EQ(pg.counters().victim_waits, 0U);
  until_loaded(pg, 2, 1, waiting_on({2}), in_use_of({{0, 1}}));
  EXPECT_TRUE(pg.resident(1, 2));
  EXPECT_TRUE(pg.resident(0, 1));
  // Both tiles without a victim: then the load waits.
  Pager pg2(spread, parts, 0);
  pg2.reset(Preload::kFit);
  EXPECT_TRUE(pg2.cycle(0, waiting_on({2}), in_use_of({{0, 1}, {1, 1}})).empty());
  EXPECT_EQ(pg2.counters().victim_waits, 1U);
  // Without CTRL.SPREAD the load waits for the chosen tile even though the other has a victim.
  Pager pg3(geometry(2, 4), parts, 0);
  pg3.reset(Preload::kFit);
  // (This also shows tile 0 is the first choice, so the spread run above did skip it.)
  EXPECT_TRUE(pg3.cycle(0, waiting_on({2}), in_use_of({{0, 1}})).empty());
  EXPECT_EQ(pg3.counters().victim_waits, 1U);
}

TEST(Pager, EvictedPartitionIsReloadedWhenNeededAgain) {
  Pager pg(geometry(1, 4), small_parts(1), 0);
  pg.reset(Preload::kInitial);
  std::uint64_t now = until_loaded(pg, 1, 0, waiting_on({1}));
  pg.touch(0, 1, now);
  now = until_loaded(pg, 3, now + 1, waiting_on({3}));  // 3 pages: 1 must go
  EXPECT_FALSE(pg.resident(0, 1));
  until_loaded(pg, 1, now + 1, waiting_on({1}));
  EXPECT_TRUE(pg.resident(0, 1));
  EXPECT_FALSE(pg.resident(0, 3));
  EXPECT_EQ(pg.counters().faults, 3U);
  EXPECT_EQ(pg.counters().evictions, 2U);
}

TEST(Pager, RefusesGeometriesThePinnedPartitionCannotShare) {
  EXPECT_THROW(Pager(geometry(2, 3), small_parts(), 0), std::runtime_error);  // 3 + 1 > 3
  EXPECT_THROW(Pager(geometry(2, 4, 1), small_parts(), 0), std::runtime_error);
  EXPECT_THROW(Pager(geometry(2, 4), small_parts(), 9), std::runtime_error);
  EXPECT_NO_THROW(Pager(geometry(2, 4), small_parts(), 0));
}

// Two tiles share one EngineMemory: code page 0 jumps to page 1. The tile whose port has only
// page 0 takes a fetch access fault at page 1; the tile holding both pages runs on.
TEST(TilePort, FetchFromAPageThisTileLacksFaultsOnThisTileOnly) {
  iss::EngineMemory mem(iss::Layout{}, 2, 1024);
  mem.code().write(0, 4, 0x4000006fU);     // jal x0, +1024
  mem.code().write(1024, 4, 0x0000006fU);  // jal x0, 0
  model::engine::TilePort lacking(mem, 0), holding(mem, 1);
  lacking.set_resident(0, 1024, true);
  holding.set_resident(0, 2048, true);
  EXPECT_EQ(lacking.fetch(0, 1024), std::nullopt);
  EXPECT_EQ(holding.fetch(0, 1024), 0x0000006fU);
  iss::StaticPartitionMap parts;
  parts.add(0, {0, 2048, {0}, true});
  iss::TileConfig tc;
  tc.threads = 1;
  std::vector<iss::Trap> traps;
  for (auto* port : {&lacking, &holding}) {
    iss::Tile tile(tc, *port, &parts);
    Ctx ctx;
    ctx.entry_kind = EntryKind::kIndex;
    ASSERT_EQ(tile.deliver(0, ctx), iss::DeliverStatus::kOk);
    EXPECT_EQ(tile.cycle()->trap, iss::Trap::kNone);  // the jump, from page 0
    traps.push_back(tile.cycle()->trap);
  }
  EXPECT_EQ(traps[0], iss::Trap::kFetchAccess);
  EXPECT_EQ(traps[1], iss::Trap::kNone);
  // The shared memory itself stays unrestricted.
  EXPECT_EQ(mem.fetch(0, 1024), 0x0000006fU);
}

}  // namespace

// ---- The reference firmware on small IMEMs ----------------------------------------------------

namespace {

image::Image reference_image() {
  const auto prefix = fw_test::image_prefix();
  return image::load(prefix + ".bin", prefix + ".json");
}

TEST(PagerPlacement, TcpReplicasOnTheirTileOnlyWhenTheSlotsHoldThem) {
  BATON_NEED_FIRMWARE();
  const auto img = reference_image();
  const image::Partition* r0 = img.find("classify_tcp0");
  ASSERT_NE(r0, nullptr);
  auto where = [&](unsigned tiles, unsigned slots, unsigned id) {
    for (const auto& p : model::engine::pager_parts(img, tiles, slots))
      if (p.id == id) return p.tiles;
    return ~std::uint64_t{0};
  };
  // 7 shared partitions + 1 replica per tile fit 8 slots on 4 tiles; 2 per tile on 2 tiles do not.
  for (unsigned k = 0; k < 4; ++k) EXPECT_EQ(where(4, 8, r0->id + k), std::uint64_t{1} << k) << k;
  EXPECT_EQ(where(8, 8, r0->id + 3), std::uint64_t{1} << 3);
  EXPECT_EQ(where(2, 8, r0->id), 0U);
  EXPECT_EQ(where(4, 7, r0->id), 0U);
  EXPECT_EQ(where(2, 8, img.find("ipv4")->id), 0b11U);
  EXPECT_EQ(where(4, 8, img.initial_partition), 0b1111U);
}

// Replays the residency history: no tile ever holds more pages or partitions than it has slots,
// nothing is loaded twice on a tile or evicted from one that lacks it, the pinned partition stays.
void check_history(const std::vector<PagingEvent>& ev, const image::Image& img,
                   const model::engine::EngineConfig& ec, std::uint64_t seed) {
  std::vector<std::set<std::uint8_t>> held(ec.tiles);
  std::vector<unsigned> pages(ec.tiles, 0);
  std::uint64_t last = 0;
  for (const auto& e : ev) {
    SCOPED_TRACE(
        fmt::format("seed {}: cycle {} tile {} partition {}", seed, e.cycle, e.tile, int{e.part}));
    ASSERT_LT(e.tile, ec.tiles);
    ASSERT_GE(e.cycle, last);
    last = e.cycle;
    const unsigned n = img.find(e.part)->num_pages;
    if (e.resident()) {
      ASSERT_TRUE(held[e.tile].insert(e.part).second);
      pages[e.tile] += n;
      ASSERT_LE(pages[e.tile], ec.imem_pages);
      ASSERT_LE(held[e.tile].size(), ec.part_slots);
    } else {
      ASSERT_NE(e.part, img.initial_partition);
      ASSERT_EQ(held[e.tile].erase(e.part), 1U);
      pages[e.tile] -= n;
    }
  }
  for (unsigned t = 0; t < ec.tiles; ++t)
    EXPECT_TRUE(held[t].contains(img.initial_partition)) << "tile " << t;
}

struct PagingCase {
  unsigned pages = 4;
  Preload preload = Preload::kFit;
};
// Names the case in ctest's test list (instead of the struct's bytes, padding included).
void PrintTo(const PagingCase& c, std::ostream* os) {
  *os << c.pages << " pages, preload " << (c.preload == Preload::kFit ? "fit" : "initial");
}
std::string case_name(const ::testing::TestParamInfo<PagingCase>& i) {
  return fmt::format("pages{}_{}", i.param.pages,
                     i.param.preload == Preload::kFit ? "fit" : "initial");
}

class FwPaging : public ::testing::TestWithParam<PagingCase> {
 protected:
  [[nodiscard]] model::engine::EngineConfig config(unsigned tiles = 2, unsigned threads = 4,
                                                   unsigned slots = 64) const {
    model::engine::EngineConfig ec;
    ec.tiles = tiles;
    ec.threads = threads;
    ec.slots = slots;
    ec.imem_pages = GetParam().pages;
    ec.preload = GetParam().preload;
    return ec;
  }

  // Verdicts against the golden model (run_compare), then the paging counters and history.
  void check(const std::vector<golden::Packet>& pkts, const std::string& cfg, std::uint64_t seed,
             const model::engine::EngineConfig& ec) {
    const auto r = fw_test::run_compare(cfg, pkts, seed, ec);
    EXPECT_EQ(r.failures, 0U) << "seed " << seed;
    const auto& p = r.counters.paging;
    const auto img = reference_image();
    EXPECT_GT(p.faults, 0U) << "seed " << seed;
    // Two tiles of 4 pages cannot hold one copy of every shared partition (10 pages beside
    // classify); four can, so evictions are not certain there.
    if (ec.imem_pages == 4 && ec.tiles <= 2) {
      EXPECT_GT(p.evictions, 0U) << "seed " << seed;
    }
    EXPECT_EQ(p.loads, p.preloads + p.faults) << "seed " << seed;
    const std::uint64_t one_page = std::uint64_t{img.page_bytes / 4 + 1} + 30;
    EXPECT_GE(p.fault_cycles, p.faults * one_page)
        << "seed " << seed;  // no fault shorter than a page copy
    EXPECT_GE(p.max_fault_cycles, one_page) << "seed " << seed;
    check_history(r.paging, img, ec, seed);
    std::printf(
        "%u pages, %s, seed %llu: %llu faults (%llu cycles), %llu evictions, %llu victim waits\n",
        ec.imem_pages, ec.preload == Preload::kFit ? "fit" : "initial",
        static_cast<unsigned long long>(seed), static_cast<unsigned long long>(p.faults),
        static_cast<unsigned long long>(p.fault_cycles),
        static_cast<unsigned long long>(p.evictions),
        static_cast<unsigned long long>(p.victim_waits));
  }
};

std::vector<golden::Packet> random_packets(const std::string& cfg, std::uint64_t seed,
                                           std::size_t n, net::TrafficMix mix) {
  auto profile = net::TrafficProfile::from_config_text(cfg);
  profile.mix = mix;
  net::TrafficGenerator gen(profile, seed);
  std::vector<golden::Packet> pkts;
  for (std::size_t i = 0; i < n; ++i) {
    auto p = gen.next();
    pkts.push_back({std::move(p.frame), p.port, p.tuser});
  }
  return pkts;
}

TEST_P(FwPaging, StandardMixMatchesGolden) {
  BATON_NEED_FIRMWARE();
  const auto cfg = fw_test::read_text(model_test::reference_config_path());
  const std::uint64_t base = tb::test_seed();
  for (std::uint64_t s = 0; s < 2; ++s)
    check(random_packets(cfg, base + s, 2500, net::TrafficMix::standard()), cfg, base + s,
          config());
}

TEST_P(FwPaging, UniformMixFourTilesMatchesGolden) {
  BATON_NEED_FIRMWARE();
  const auto cfg = fw_test::read_text(model_test::reference_config_path());
  const std::uint64_t seed = tb::test_seed() + 10;
  check(random_packets(cfg, seed, 2500, net::TrafficMix::uniform()), cfg, seed, config(4, 8, 256));
}

TEST_P(FwPaging, OneThreadMatchesGolden) {
  BATON_NEED_FIRMWARE();
  const auto cfg = std::string(model_test::kDirectedConfig);
  const std::uint64_t seed = tb::test_seed() + 20;
  check(random_packets(cfg, seed, 1000, net::TrafficMix::uniform()), cfg, seed, config(1, 1, 8));
}

TEST_P(FwPaging, SessionsMatchGolden) {
  BATON_NEED_FIRMWARE();
  const auto cfg = fw_test::read_text(model_test::reference_config_path());
  const std::uint64_t seed = tb::test_seed() + 30;
  net::SessionGenerator gen(cfg, net::SessionMix{}, seed);
  std::vector<golden::Packet> pkts;
  for (std::size_t i = 0; i < 3000; ++i) {
    auto p = gen.next();
    pkts.push_back({std::move(p.frame), p.port, p.tuser});
  }
  check(pkts, cfg, seed, config());
}

INSTANTIATE_TEST_SUITE_P(Imem, FwPaging,
                         ::testing::Values(PagingCase{4, Preload::kFit},
                                           PagingCase{4, Preload::kInitial},
                                           PagingCase{8, Preload::kFit},
                                           PagingCase{8, Preload::kInitial}),
                         case_name);

TEST(FwPagingUnlimited, EveryPartitionEverywhereMeansNoPaging) {
  BATON_NEED_FIRMWARE();
  const auto cfg = fw_test::read_text(model_test::reference_config_path());
  const std::uint64_t seed = tb::test_seed();
  const auto r =
      fw_test::run_compare(cfg, random_packets(cfg, seed, 1000, net::TrafficMix::standard()), seed);
  EXPECT_EQ(r.failures, 0U) << "seed " << seed;
  EXPECT_EQ(r.counters.paging.faults, 0U);
  EXPECT_EQ(r.counters.paging.loads, 0U);
  EXPECT_EQ(r.counters.paging.evictions, 0U);
  EXPECT_TRUE(r.paging.empty());
}

TEST(FwPagingUnlimited, SixteenPagesHoldTheSharedPartitionsWithoutFaults) {
  BATON_NEED_FIRMWARE();
  const auto cfg = fw_test::read_text(model_test::reference_config_path());
  const std::uint64_t seed = tb::test_seed();
  model::engine::EngineConfig ec;
  ec.imem_pages = 16;  // the hardware default: the whole reference firmware but the replicas
  const auto r = fw_test::run_compare(
      cfg, random_packets(cfg, seed, 1000, net::TrafficMix::standard()), seed, ec);
  EXPECT_EQ(r.failures, 0U) << "seed " << seed;
  EXPECT_EQ(r.counters.paging.faults, 0U);
  EXPECT_EQ(r.counters.paging.evictions, 0U);
  EXPECT_EQ(r.counters.paging.preloads, 14U);  // 7 shared partitions x 2 tiles; replicas not placed
}

// Directed: one tile whose 4 page slots hold classify and either ipv4 (2 pages) or icmp4 (3):
// forwards, then an echo request to the router (classify -> ipv4 -> icmp4), then forwards again.
// One packet in flight at a time (one slot), so each phase finds the previous one's partition.
TEST(FwPagingDirected, EvictedPartitionIsReloadedOnItsNextUse) {
  BATON_NEED_FIRMWARE();
  using namespace baton::net;
  const Mac p0 = mac("02:00:00:00:00:01");
  const Mac host = mac("02:aa:00:00:00:01");
  const Ip4 src = ip4("192.0.2.50");
  auto forward = [&] {
    return PacketBuilder()
        .eth(p0, host)
        .ipv4({.src = src, .dst = ip4("203.0.113.5"), .ttl = 64, .id = 0x4242})
        .udp({.sport = 1234, .dport = 5678})
        .payload(18, 0x33)
        .pad_to(60)
        .build();
  };
  auto ping = [&] {
    return PacketBuilder()
        .eth(p0, host)
        .ipv4({.src = src, .dst = ip4("192.0.2.1"), .id = 7})
        .icmp({.type = 8, .code = 0, .rest = 0x12340001})
        .payload(32, 0x5a)
        .pad_to(60)
        .build();
  };
  std::vector<golden::Packet> pkts;
  for (int i = 0; i < 3; ++i) pkts.push_back({forward(), 0, false});
  pkts.push_back({ping(), 0, false});
  for (int i = 0; i < 3; ++i) pkts.push_back({forward(), 0, false});
  model::engine::EngineConfig ec;
  ec.tiles = 1;
  ec.threads = 4;
  ec.slots = 1;
  ec.imem_pages = 4;
  ec.preload = Preload::kInitial;
  const auto r = fw_test::run_compare(model_test::kDirectedConfig, pkts, 0, ec);
  ASSERT_EQ(r.failures, 0U);
  const auto img = reference_image();
  const std::uint8_t ipv4 = img.find("ipv4")->id, icmp4 = img.find("icmp4")->id;
  std::vector<std::pair<PagingEventKind, std::uint8_t>> seen;
  for (const auto& e : r.paging)
    if (e.kind != PagingEventKind::kPreload) seen.emplace_back(e.kind, e.part);
  const std::vector<std::pair<PagingEventKind, std::uint8_t>> want{{PagingEventKind::kLoad, ipv4},
                                                                   {PagingEventKind::kEvict, ipv4},
                                                                   {PagingEventKind::kLoad, icmp4},
                                                                   {PagingEventKind::kEvict, icmp4},
                                                                   {PagingEventKind::kLoad, ipv4}};
  EXPECT_EQ(seen, want);
  EXPECT_EQ(r.counters.paging.faults, 3U);
  EXPECT_EQ(r.counters.paging.evictions, 2U);
  check_history(r.paging, img, ec, 0);
}

}  // namespace
