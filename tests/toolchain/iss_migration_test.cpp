// SPDX-License-Identifier: Apache-2.0
// Migration on the ISS (PM3, PM8, PM9, PM12, PM14): the example firmware, built by the SDK and
// baton-ld, runs on a baton-iss Tile loaded from the image through baton_image_iss. Packets go
// classify -> (function table) -> csum -> (PC-offset entry) -> finish -> SEND, or to the slow
// partition. Every outcome, the spilled stack words at each migration and the appended checksum
// are checked against a reference written here from the example's description (RFC 1071 sum).
#include <gtest/gtest.h>

#include <deque>
#include <map>
#include <set>

#include "baton/image/iss.hpp"
#include "baton/iss/tile.hpp"
#include "baton/tb/rng.hpp"
#include "toolchain_util.hpp"

namespace {

using namespace baton::test;
using baton::Ctx;
using baton::EntryKind;
using baton::ThreadOp;

constexpr std::uint32_t kStackTop = 0x5000'0000U + 2048;
constexpr std::uint8_t kDropRunt = 0x05;
constexpr std::uint8_t kDropNoFunction = 0x7e;
constexpr std::uint8_t kDropEntryReturned = 0x7f;

struct Packet {
  std::uint16_t handle = 0;
  std::uint8_t in_port = 0;
  std::uint16_t seq = 0;
  std::vector<std::uint8_t> bytes;
};

// What the firmware must do with a packet, derived from sw/examples/migrate's description.
struct Expected {
  ThreadOp op = ThreadOp::kDrop;
  std::uint8_t arg = 0;
  std::vector<std::uint8_t> bytes;  // packet after processing (pkt_len bytes)
  unsigned migrations = 0;
  std::vector<std::uint32_t> csum_spill;  // the 8 words classify spills for csum
};

std::uint32_t be32(const std::vector<std::uint8_t>& b, std::size_t o) {
  return (static_cast<std::uint32_t>(b[o]) << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3];
}

std::uint32_t rotl(std::uint32_t v, unsigned n) { return (v << n) | (v >> (32 - n)); }

Expected reference(const Packet& p) {
  Expected e;
  const auto len = static_cast<std::uint32_t>(p.bytes.size());
  if (len < 16) {
    e.op = ThreadOp::kDrop;
    e.arg = kDropRunt;
    e.bytes = p.bytes;
    return e;
  }
  const std::uint32_t next = (len / 2) & ~1U;
  std::uint32_t half_sum = 0;
  for (std::uint32_t i = 0; i < next; i += 2) half_sum += (p.bytes[i] << 8) | p.bytes[i + 1];
  const std::uint32_t tag = 0xc0de0000U | (static_cast<std::uint32_t>(p.in_port) << 8) | (p.seq & 0xffU);
  std::array<std::uint32_t, 4> w{};
  for (std::uint32_t i = 0; i < 4; ++i) w[i] = be32(p.bytes, 4 * i) ^ (i * 0x9e3779b9U);
  e.csum_spill = {half_sum, next, len, tag, w[0], w[1], w[2], w[3]};
  switch (p.bytes[0] & 3U) {
    case 0: {  // checksum path: RFC 1071 over the whole packet, odd tail padded with zero
      std::uint64_t sum = 0;
      for (std::uint32_t i = 0; i < len; i += 2) sum += (p.bytes[i] << 8) | (i + 1 < len ? p.bytes[i + 1] : 0);
      while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
      const std::uint32_t csum = ~static_cast<std::uint32_t>(sum) & 0xffffU;
      std::uint32_t mix = (tag ^ w[0]) + w[1] * 3U;
      mix ^= rotl(w[2], 5) + w[3];
      e.bytes = p.bytes;
      e.bytes.push_back(static_cast<std::uint8_t>(csum >> 8));
      e.bytes.push_back(static_cast<std::uint8_t>(csum));
      for (int s = 24; s >= 0; s -= 8) e.bytes.push_back(static_cast<std::uint8_t>(mix >> s));
      e.op = ThreadOp::kSend;
      e.arg = static_cast<std::uint8_t>((p.in_port + 1) & 15);
      e.migrations = 2;
      break;
    }
    case 1:
      e.op = ThreadOp::kToHost;
      e.bytes = p.bytes;
      e.migrations = 1;
      break;
    case 2:
      e.op = ThreadOp::kDrop;
      e.arg = kDropEntryReturned;
      e.bytes = p.bytes;
      e.migrations = 1;
      break;
    default:
      e.op = ThreadOp::kDrop;
      e.arg = kDropNoFunction;
      e.bytes = p.bytes;
      break;
  }
  return e;
}

struct Outcome {
  baton::ThreadOpRec rec;
  std::vector<std::uint8_t> bytes;
  unsigned migrations = 0;
};

// One tile running the whole firmware: contexts wait in a queue and go to the next free thread,
// as the context manager would deliver them.
class TileRunner {
 public:
  TileRunner(const std::string& prefix, unsigned threads, bool zbb = true)
      : img_(baton::image::load(prefix + ".bin", prefix + ".json")), map_(img_) {
    cfg_.threads = threads;
    cfg_.zbb = zbb;
    mem_ = std::make_unique<baton::iss::EngineMemory>(cfg_.layout, threads, img_.page_bytes);
    baton::image::load_into(img_, *mem_);
    tile_ = std::make_unique<baton::iss::Tile>(cfg_, *mem_, &map_);
  }

  baton::iss::EngineMemory& mem() { return *mem_; }
  baton::iss::Tile& tile() { return *tile_; }
  baton::image::ImagePartitionMap& map() { return map_; }
  const baton::image::Image& image() const { return img_; }

  void inject(const Packet& p) {
    mem_->packet(p.handle).write_block(0, p.bytes);
    Ctx c;
    c.pkt_handle = p.handle;
    c.pkt_len = static_cast<std::uint16_t>(p.bytes.size());
    c.in_port = p.in_port;
    c.seq = p.seq;
    c.target_part = img_.initial_partition;
    c.entry_kind = EntryKind::kIndex;
    c.entry = 0;
    c.sp = kStackTop;
    pending_.push_back(c);
  }

  // Runs until every context has ended; `on_migrate` sees each MIGRATE before it is re-delivered.
  template <typename F>
  std::map<std::uint16_t, Outcome> run(std::uint64_t max_cycles, F&& on_migrate) {
    std::map<std::uint16_t, Outcome> done;
    std::map<std::uint16_t, unsigned> migrations;
    while (!pending_.empty() || tile_->any_running()) {
      while (!pending_.empty()) {
        const auto t = tile_->free_thread();
        if (!t) break;
        const auto st = tile_->deliver(*t, pending_.front());
        if (st != baton::iss::DeliverStatus::kOk) {
          ADD_FAILURE() << fmt::format("delivery of packet {} to partition {} failed ({})\n  cycle: {}\n  repro: {}",
                                       pending_.front().pkt_handle, pending_.front().target_part, static_cast<int>(st),
                                       tile_->cycles(), repro());
          return done;
        }
        pending_.pop_front();
      }
      if (tile_->cycles() >= max_cycles) {
        ADD_FAILURE() << fmt::format("not finished after {} cycles\n  repro: {}", max_cycles, repro());
        return done;
      }
      const auto r = tile_->cycle();
      if (!r || !r->op) continue;
      const auto& op = *r->op;
      if (r->trap != baton::iss::Trap::kNone) {
        ADD_FAILURE() << fmt::format("packet {} faulted: {} at pc {:#x} tval {:#x}\n  cycle: {}\n  repro: {}", op.ctx.pkt_handle,
                                     baton::iss::trap_name(r->trap), r->pc, r->tval, tile_->cycles(), repro());
      }
      if (op.op == ThreadOp::kMigrate) {
        ++migrations[op.ctx.pkt_handle];
        on_migrate(op, *r);
        pending_.push_back(op.ctx);
        continue;
      }
      Outcome o;
      o.rec = op;
      o.bytes = mem_->packet(op.ctx.pkt_handle).read_block(0, op.ctx.pkt_len);
      o.migrations = migrations[op.ctx.pkt_handle];
      done[op.ctx.pkt_handle] = std::move(o);
    }
    return done;
  }

 private:
  baton::image::Image img_;
  baton::image::ImagePartitionMap map_;
  baton::iss::TileConfig cfg_;
  std::unique_ptr<baton::iss::EngineMemory> mem_;
  std::unique_ptr<baton::iss::Tile> tile_;
  std::deque<Ctx> pending_;
};

std::vector<Packet> make_traffic(std::uint64_t seed, unsigned count) {
  baton::tb::Rng rng(seed);
  std::vector<Packet> pkts;
  // Directed corners first: runt, minimum, odd length, each function id, a long packet.
  const std::vector<std::pair<std::uint32_t, std::uint8_t>> corners{
      {15, 0}, {16, 0}, {17, 0}, {16, 1}, {16, 2}, {16, 3}, {999, 0}, {1000, 4}};
  for (const auto& [len, first] : corners) {
    Packet p;
    p.bytes.resize(len);
    for (auto& b : p.bytes) b = static_cast<std::uint8_t>(rng.next());
    p.bytes[0] = static_cast<std::uint8_t>((p.bytes[0] & ~3U) | first);
    pkts.push_back(std::move(p));
  }
  while (pkts.size() < count) {
    Packet p;
    p.bytes.resize(rng.range(8, 600));
    for (auto& b : p.bytes) b = static_cast<std::uint8_t>(rng.next());
    pkts.push_back(std::move(p));
  }
  for (std::size_t i = 0; i < pkts.size(); ++i) {
    pkts[i].handle = static_cast<std::uint16_t>(i + 1);
    pkts[i].in_port = static_cast<std::uint8_t>(rng.range(0, 15));
    pkts[i].seq = static_cast<std::uint16_t>(rng.next());
  }
  return pkts;
}

void check_traffic(const std::string& prefix, unsigned threads, bool zbb = true) {
  const std::uint64_t seed = baton::tb::test_seed();
  const auto pkts = make_traffic(seed, 64);
  TileRunner runner(prefix, threads, zbb);
  std::map<std::uint16_t, Expected> want;
  for (const auto& p : pkts) {
    want[p.handle] = reference(p);
    runner.inject(p);
  }
  const auto nm = nm_symbols(prefix + ".elf");
  const std::uint32_t finish_base = nm.at("__baton_part_finish_start");
  const std::uint32_t finish_stub = nm.at("__baton_entry_finish_input");
  auto where = [&](std::uint16_t h) {
    return fmt::format("packet {}\n  seed: {}\n  cycle: {}\n  repro: {}", h, seed, runner.tile().cycles(), repro());
  };
  const auto done = runner.run(5'000'000, [&](const baton::ThreadOpRec& op, const baton::iss::RetireRecord&) {
    const auto h = op.ctx.pkt_handle;
    const Expected& e = want.at(h);
    // PM9: a0 and sp point at the spill at the top of the packet's stack.
    EXPECT_EQ(op.ctx.args[0], op.ctx.sp) << where(h);
    if (op.ctx.target_part == 1) {  // classify -> csum through the function table (index entry)
      EXPECT_EQ(op.ctx.entry_kind, EntryKind::kIndex) << where(h);
      EXPECT_EQ(op.ctx.entry, 0) << where(h);
      EXPECT_EQ(op.ctx.sp, kStackTop - 32) << where(h);
      const auto stack = runner.mem().stack(h).read_block(op.ctx.sp - 0x5000'0000U, 32);
      for (std::size_t i = 0; i < 8; ++i) {
        const std::uint32_t got = stack[4 * i] | (stack[4 * i + 1] << 8) | (stack[4 * i + 2] << 16) |
                                  (static_cast<std::uint32_t>(stack[4 * i + 3]) << 24);
        EXPECT_EQ(got, e.csum_spill.at(i)) << "spilled word " << i << " of " << where(h);
      }
    } else if (op.ctx.target_part == 2) {  // csum -> finish through a PC offset
      EXPECT_EQ(op.ctx.entry_kind, EntryKind::kOffset) << where(h);
      EXPECT_EQ(finish_base + 4U * op.ctx.entry, finish_stub) << where(h);
      EXPECT_EQ(op.ctx.sp, kStackTop - 16) << where(h);
    }
  });
  ::testing::Test::RecordProperty("instructions", static_cast<int>(runner.tile().retired()));
  ::testing::Test::RecordProperty("cycles", static_cast<int>(runner.tile().cycles()));
  ASSERT_EQ(done.size(), pkts.size()) << "every packet ends exactly once\n  seed: " << seed << "\n  repro: " << repro();
  for (const auto& [h, e] : want) {
    const Outcome& o = done.at(h);
    EXPECT_EQ(o.rec.op, e.op) << where(h);
    EXPECT_EQ(o.rec.arg, e.arg) << where(h);
    EXPECT_EQ(o.migrations, e.migrations) << where(h);
    EXPECT_EQ(o.bytes, e.bytes) << "packet contents after processing of " << where(h);
  }
  // Global data, per-thread counters (tile 0: slots 0..threads-1): classify counts every packet
  // that was not a runt, slow adds len + slow_bias (100, initialised data) per slow-path packet.
  std::uint64_t slow = 0;
  std::uint32_t classified = 0;
  for (const auto& p : pkts) {
    if (p.bytes.size() >= 16) ++classified;
    if (p.bytes.size() >= 16 && (p.bytes[0] & 3U) == 1) slow += p.bytes.size() + 100;
  }
  std::uint64_t got_slow = 0;
  std::uint32_t got_classified = 0;
  for (std::uint32_t t = 0; t < 512; ++t) {
    got_classified += runner.mem().data().read(nm.at("classify_count") - 0x9000'0000U + 4 * t, 4);
    got_slow += runner.mem().data().read(nm.at("slow_bytes") - 0x9000'0000U + 4 * t, 4);
    if (t >= threads) {
      EXPECT_EQ(runner.mem().data().read(nm.at("classify_count") - 0x9000'0000U + 4 * t, 4), 0U) << "slot " << t;
    }
  }
  EXPECT_EQ(got_classified, classified) << "seed " << seed;
  EXPECT_EQ(got_slow, slow) << "seed " << seed;
}

class IssMigration : public ::testing::TestWithParam<int> {};

TEST_P(IssMigration, FourThreadsMatchReference) { check_traffic(kFwDir + "/migrate", 4); }
TEST_P(IssMigration, OneThreadMatchesReference) { check_traffic(kFwDir + "/migrate", 1); }
TEST_P(IssMigration, GpFirmwareMatchesReference) { check_traffic(kFwDir + "/migrate_gp", 4); }
// Built for rv32im, run on a tile without Zbb: a Zbb instruction would fault.
TEST_P(IssMigration, Rv32imFirmwareOnTileWithoutZbb) { check_traffic(kFwDir + "/migrate_rv32im", 2, false); }
INSTANTIATE_TEST_SUITE_P(Seeds, IssMigration, ::testing::Range(0, 3));

// PM2/PM14: a tile holds only the partitions whose pages are resident; the others are refused
// at delivery and cannot be fetched.
TEST(IssResidency, OnlyResidentPartitionsRun) {
  TileRunner runner(kFwDir + "/migrate", 1);
  const auto& img = runner.image();
  baton::image::set_residency(img, {0}, runner.mem(), runner.map());
  Packet p;
  p.handle = 7;
  p.bytes.assign(64, 0x10);  // first byte 0x10: function 0 (csum)
  runner.mem().packet(7).write_block(0, p.bytes);
  baton::ThreadOpRec migrate;
  bool migrated = false;
  auto& tile = runner.tile();
  ASSERT_EQ(tile.deliver(0, Ctx{.pkt_handle = 7, .pkt_len = 64, .target_part = 0, .sp = kStackTop}), baton::iss::DeliverStatus::kOk);
  for (int i = 0; i < 100000 && tile.any_running(); ++i) {
    const auto r = tile.cycle();
    if (r && r->op) {
      migrate = *r->op;
      migrated = r->op->op == ThreadOp::kMigrate;
    }
  }
  ASSERT_TRUE(migrated) << repro();
  EXPECT_EQ(tile.deliver(0, migrate.ctx), baton::iss::DeliverStatus::kNotResident);
  EXPECT_FALSE(runner.mem().fetch(0, img.find(1)->base).has_value()) << "page of csum is not resident";
  EXPECT_TRUE(runner.mem().fetch(0, img.find(0)->base).has_value());
  baton::image::set_residency(img, {0, 1, 2}, runner.mem(), runner.map());
  EXPECT_EQ(tile.deliver(0, migrate.ctx), baton::iss::DeliverStatus::kOk);
  // A partition that does not exist is missing, whatever the residency.
  EXPECT_EQ(runner.map().entry(9, EntryKind::kIndex, 0).status, baton::iss::EntryStatus::kMissing);
  EXPECT_EQ(runner.map().entry(1, EntryKind::kIndex, 1).status, baton::iss::EntryStatus::kMissing) << "csum has one entry";
  EXPECT_EQ(runner.map().entry(1, EntryKind::kOffset, static_cast<std::uint16_t>(img.find(1)->code_bytes / 4)).status,
            baton::iss::EntryStatus::kMissing)
      << "offset at the partition end";
}

}  // namespace
