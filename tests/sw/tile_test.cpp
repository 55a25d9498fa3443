// SPDX-License-Identifier: Apache-2.0
// A T-thread tile running different programs on different threads (docs/abi.md section 8):
// three separately linked C partitions (checksum+SEND, CRC-32+MIGRATE, sort+DONE/TO_HOST), the
// test acting as the context manager. Results are checked against C++ references; the issue
// order is checked against round robin; per-thread retire streams are checked to be independent
// of the interleaving (what the RTL lockstep check relies on).
#include <gtest/gtest.h>

#include <algorithm>
#include <deque>
#include <map>
#include <string>
#include <vector>

#include "baton/iss/elf.hpp"
#include "baton/iss/engine_memory.hpp"
#include "baton/iss/partition_map.hpp"
#include "baton/iss/tile.hpp"
#include "baton/tb/config.hpp"
#include "baton/tb/rng.hpp"
#include "iss_test_util.hpp"

namespace baton::iss {
namespace {

using baton::iss::test::program_path;
using baton::iss::test::repro;
using baton::tb::Rng;

struct Packet {
  std::vector<std::uint8_t> bytes;
  Ctx ctx;
};

std::uint32_t csum_ref(const std::vector<std::uint8_t>& d) {
  std::uint64_t sum = 0;
  for (std::size_t i = 0; i < d.size(); ++i) sum += (i % 2 == 0) ? std::uint64_t{d[i]} << 8 : d[i];
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<std::uint32_t>(~sum & 0xffff);
}

std::uint32_t crc_ref(const std::vector<std::uint8_t>& d) {
  std::uint32_t table[256];
  for (std::uint32_t i = 0; i < 256; ++i) {
    std::uint32_t c = i;
    for (int k = 0; k < 8; ++k) c = (c & 1U) ? 0xedb88320U ^ (c >> 1) : c >> 1;
    table[i] = c;
  }
  std::uint32_t crc = 0xffffffffU;
  for (auto b : d) crc = table[(crc ^ b) & 0xffU] ^ (crc >> 8);
  return crc ^ 0xffffffffU;
}

// Three images, three partitions, one 4-thread tile.
class MultiProgramTile {
 public:
  explicit MultiProgramTile(unsigned threads) : cfg_(make_cfg(threads)), mem_(cfg_.layout, threads) {
    add(1, "mt_csum", "csum_entry");
    add(2, "mt_crc", "crc_entry");
    add(3, "mt_sort", "sort_entry");
    tile_ = std::make_unique<Tile>(cfg_, mem_, &parts_);
  }
  Tile& tile() { return *tile_; }
  EngineMemory& mem() { return mem_; }

 private:
  static TileConfig make_cfg(unsigned threads) {
    TileConfig c;
    c.threads = threads;
    c.tile_id = 5;
    c.watchdog = 1U << 20;  // insertion-sorting 128 bytes needs more than the default budget
    return c;
  }
  void add(std::uint8_t id, const std::string& prog, const std::string& entry) {
    const auto elf = ElfImage::load(program_path(prog, "engine"));
    mem_.load_image(elf);
    StaticPartitionMap::Partition p;
    p.base = elf.require_symbol("__text_start");
    p.bytes = elf.require_symbol("__text_end") - p.base;
    p.entries = {elf.require_symbol(entry)};
    parts_.add(id, p);
  }

  TileConfig cfg_;
  EngineMemory mem_;
  StaticPartitionMap parts_;
  std::unique_ptr<Tile> tile_;
};

std::vector<Packet> make_packets(Rng& rng, std::size_t n) {
  std::vector<Packet> v;
  for (std::size_t i = 0; i < n; ++i) {
    Packet p;
    p.bytes.resize(static_cast<std::size_t>(rng.range(1, 128)));  // the sort partition is quadratic
    for (auto& b : p.bytes) b = static_cast<std::uint8_t>(rng.bits(8));
    p.ctx.pkt_handle = static_cast<std::uint16_t>(100 + i);
    p.ctx.pkt_len = static_cast<std::uint16_t>(p.bytes.size());
    p.ctx.in_port = static_cast<std::uint8_t>(rng.bits(4));
    p.ctx.seq = static_cast<std::uint16_t>(i);
    p.ctx.target_part = rng.chance(0.5) ? 1 : 2;
    p.ctx.entry_kind = EntryKind::kIndex;
    p.ctx.entry = 0;
    p.ctx.sp = kStackBase + 2048;
    v.push_back(p);
  }
  return v;
}

TEST(Tile, DifferentProgramsOnDifferentThreads) {
  BATON_REQUIRE_PROGRAMS();
  const auto seed = baton::tb::test_seed();
  Rng rng(seed);
  MultiProgramTile m(4);
  auto packets = make_packets(rng, 80);
  std::deque<Ctx> pending;
  for (const auto& p : packets) {
    m.mem().packet(p.ctx.pkt_handle).write_block(0, p.bytes);
    pending.push_back(p.ctx);
  }
  std::map<std::uint16_t, const Packet*> by_handle;
  for (const auto& p : packets) by_handle[p.ctx.pkt_handle] = &p;
  std::vector<std::uint32_t> ws_expected(4, 0);
  std::size_t finished = 0;
  std::map<std::uint8_t, int> parts_run;
  std::optional<unsigned> last_issuer;
  std::size_t concurrent_cycles = 0;

  while (finished < packets.size()) {
    const auto cyc = m.tile().cycles();
    ASSERT_LT(cyc, 5'000'000U) << "no progress " << repro(seed, cyc);
    // The test is the context manager: deliver to the lowest free thread.
    while (!pending.empty()) {
      const auto t = m.tile().free_thread();
      if (!t) break;
      ASSERT_EQ(m.tile().deliver(*t, pending.front()), DeliverStatus::kOk) << repro(seed, cyc);
      ++parts_run[pending.front().target_part];
      pending.pop_front();
    }
    std::vector<unsigned> running;
    for (unsigned t = 0; t < 4; ++t) {
      if (m.tile().running(t)) running.push_back(t);
    }
    if (running.size() >= 2) ++concurrent_cycles;
    const auto rec = m.tile().cycle();
    ASSERT_TRUE(rec.has_value()) << repro(seed, cyc);
    ASSERT_EQ(rec->cycle, cyc);
    // Round robin: the first running thread after the previous issuer.
    unsigned want = running.front();
    if (last_issuer) {
      for (unsigned t : running) {
        if (t > *last_issuer) {
          want = t;
          break;
        }
      }
    }
    ASSERT_EQ(rec->thread, want) << repro(seed, cyc);
    last_issuer = rec->thread;
    ASSERT_EQ(rec->trap, Trap::kNone) << format_record(*rec) << " " << repro(seed, cyc);
    if (!rec->op) continue;

    const ThreadOpRec& op = *rec->op;
    const Packet& p = *by_handle.at(op.ctx.pkt_handle);
    ASSERT_EQ(op.src_tile, 5);
    ASSERT_EQ(op.src_thread, rec->thread);
    auto& pkt = m.mem().packet(op.ctx.pkt_handle);
    const std::string why = fmt::format("handle {} thread {} ", op.ctx.pkt_handle, rec->thread) + repro(seed, cyc);
    switch (op.op) {
      case ThreadOp::kSend: {  // partition 1
        const std::uint32_t cs = csum_ref(p.bytes);
        ASSERT_EQ(op.arg, p.ctx.in_port ^ 1U) << why;
        ASSERT_EQ(op.ctx.pkt_len, p.bytes.size() + 2) << why;
        ASSERT_EQ(pkt.read8(static_cast<std::uint32_t>(p.bytes.size())), cs >> 8) << why;
        ASSERT_EQ(pkt.read8(static_cast<std::uint32_t>(p.bytes.size() + 1)), cs & 0xffU) << why;
        ++finished;
        break;
      }
      case ThreadOp::kMigrate: {  // partition 2 -> 3
        ASSERT_EQ(op.ctx.target_part, 3) << why;
        ASSERT_EQ(op.ctx.entry_kind, EntryKind::kIndex);
        ASSERT_EQ(op.ctx.entry, 0);
        ASSERT_EQ(op.ctx.args[0], crc_ref(p.bytes)) << why;
        ASSERT_EQ(op.ctx.args[1], p.bytes.size()) << why;
        ASSERT_LT(op.ctx.sp, p.ctx.sp) << "the spill frame is below the delivered sp " << why;
        ASSERT_GE(op.ctx.sp, kStackBase);
        pending.push_back(op.ctx);
        break;
      }
      case ThreadOp::kDone:
      case ThreadOp::kToHost: {  // partition 3
        const std::uint32_t crc = crc_ref(p.bytes);
        ASSERT_EQ(op.op, (crc & 1U) ? ThreadOp::kToHost : ThreadOp::kDone) << why;
        auto sorted = p.bytes;
        std::sort(sorted.begin(), sorted.end());
        ASSERT_EQ(pkt.read_block(0, sorted.size()), sorted) << why;
        ws_expected[rec->thread] += crc;
        ASSERT_EQ(m.mem().workspace(rec->thread).read(0, 4), ws_expected[rec->thread]) << why;
        ++finished;
        break;
      }
      default:
        FAIL() << "unexpected " << thread_op_name(op.op) << " " << why;
    }
  }
  EXPECT_GT(parts_run[1], 10);
  EXPECT_GT(parts_run[2], 10);
  EXPECT_EQ(parts_run[3], parts_run[2]);
  EXPECT_GT(concurrent_cycles, m.tile().cycles() / 2) << "threads mostly ran alone";
}

// Per-thread retire streams do not depend on the interleaving: run the same contexts once in
// round robin and once stepping threads in a random order (as a lockstep checker following the
// RTL would), and compare the streams record by record with compare().
TEST(Tile, PerThreadStreamsIndependentOfInterleaving) {
  BATON_REQUIRE_PROGRAMS();
  const auto seed = baton::tb::test_seed();
  Rng rng(seed);
  auto packets = make_packets(rng, 4);
  std::array<std::vector<RetireRecord>, 2> streams[4];
  for (int run = 0; run < 2; ++run) {
    MultiProgramTile m(4);
    for (unsigned t = 0; t < 4; ++t) {
      m.mem().packet(packets[t].ctx.pkt_handle).write_block(0, packets[t].bytes);
      ASSERT_EQ(m.tile().deliver(t, packets[t].ctx), DeliverStatus::kOk);
    }
    while (m.tile().any_running()) {
      if (run == 0) {
        const auto r = m.tile().cycle();
        if (r) streams[r->thread][0].push_back(*r);
      } else {
        const auto t = static_cast<unsigned>(rng.range(0, 3));
        if (m.tile().running(t)) streams[t][1].push_back(m.tile().step_thread(t));
      }
    }
  }
  for (unsigned t = 0; t < 4; ++t) {
    ASSERT_EQ(streams[t][0].size(), streams[t][1].size()) << "thread " << t;
    ASSERT_GT(streams[t][0].size(), 10U);
    for (std::size_t i = 0; i < streams[t][0].size(); ++i) {
      const auto d = compare(streams[t][0][i], streams[t][1][i]);
      ASSERT_FALSE(d.has_value()) << "thread " << t << " record " << i << ": " << *d << " " << repro(seed, i);
    }
  }
}

TEST(Retire, CompareNamesTheFirstDifference) {
  RetireRecord a;
  a.pc = 0x100;
  a.insn = 0x00b50533;
  a.rd = 10;
  a.rd_val = 5;
  RetireRecord b = a;
  b.order = 99;  // not compared
  b.cycle = 7;
  EXPECT_FALSE(compare(a, b).has_value());
  b.rd_val = 6;
  ASSERT_TRUE(compare(a, b).has_value());
  EXPECT_EQ(*compare(a, b), "rd_val: expected 0x5, got 0x6");
  b = a;
  b.op = ThreadOpRec{ThreadOp::kDone, 0, 0, 0, {}};
  ASSERT_TRUE(compare(a, b).has_value());
  EXPECT_NE(compare(a, b)->find("op: expected none"), std::string::npos);
  b = a;
  b.trap = Trap::kIllegal;
  EXPECT_EQ(*compare(a, b), "trap: expected none, got illegal");
}

}  // namespace
}  // namespace baton::iss
