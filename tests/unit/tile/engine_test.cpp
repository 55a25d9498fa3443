// SPDX-License-Identifier: Apache-2.0
// Engine-mode programs from sw/isa-tests on the RTL tile, in lockstep with the ISS:
//  - every entry of engine_ops.S (context window, pkt_len stores, thread operations, windows);
//  - every entry of engine_faults.S (each ends in one fault of a known kind);
//  - three separately linked -O2 C partitions on four threads at once (checksum + SEND,
//    CRC-32 + MIGRATE with register spill, sort + DONE/TO_HOST), the test acting as the context
//    manager; results checked against C++ references.
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "Vtile_e1.h"
#include "Vtile_e4.h"
#include "baton/iss/elf.hpp"
#include "baton/tb/sim.hpp"
#include "baton/env/tile/configs.hpp"
#include "baton/env/tile/engine_image.hpp"
#include "baton/env/tile/tile_env.hpp"
#include "tile_test_util.hpp"

namespace baton::env::tile {
namespace {

using test::program_path;

Ctx entry_ctx(tb::Rng& rng, std::uint8_t part, std::uint32_t base, std::uint32_t pc, std::uint16_t handle,
              const TileParams& p) {
  Ctx c;
  c.pkt_handle = handle;
  c.pkt_len = static_cast<std::uint16_t>(rng.range(0, std::min<std::uint32_t>(p.packet_bytes, 200)));
  c.in_port = static_cast<std::uint8_t>(rng.bits(4));
  c.arrival = static_cast<std::uint32_t>(rng.next());
  c.seq = static_cast<std::uint16_t>(rng.bits(16));
  c.flow = static_cast<std::uint32_t>(rng.bits(20));
  c.event_type = static_cast<std::uint8_t>(rng.bits(8));
  c.target_part = part;
  c.entry_kind = EntryKind::kOffset;
  c.entry = static_cast<std::uint16_t>((pc - base) / 4);
  c.sp = 0x5000'0000U + p.stack_bytes;
  for (auto& a : c.args) a = static_cast<std::uint32_t>(rng.bits(8));
  return c;
}

// Delivers every entry of an engine ELF whose name starts with `prefix` (not the *_at labels).
template <typename M>
void run_entries(const std::string& program, const std::string& prefix, const TileParams& params,
                 std::uint64_t* faults_out = nullptr) {
  const auto path = program_path(program, "engine");
  const auto elf = iss::ElfImage::load(path);
  EngineImage img(params);
  img.add_elf(elf, 1);
  tb::Sim<M> sim;
  tb::Rng rng = sim.rng().fork(5);
  TileEngineEnv<M> env(sim, params, img, test::random_env_options(rng));
  ASSERT_TRUE(env.loaded()) << sim.failure();
  const std::uint32_t base = elf.require_symbol("__text_start");
  std::uint16_t handle = 1;
  unsigned n = 0;
  for (const auto& [name, addr] : elf.symbols()) {
    if (!name.starts_with(prefix) || name.ends_with("_at")) continue;
    if (addr < base || addr >= elf.require_symbol("__text_end")) continue;
    const Ctx c = entry_ctx(rng, 1, base, addr, handle++, params);
    std::vector<std::uint8_t> pkt(std::min<std::uint32_t>(params.packet_bytes, 256));
    for (auto& b : pkt) b = static_cast<std::uint8_t>(rng.bits(8));
    env.shared().write_bytes(0x4000'0000U, c.pkt_handle, pkt);
    env.iss_memory().packet(c.pkt_handle).write_block(0, pkt);
    env.deliver(c);
    ++n;
  }
  ASSERT_GE(n, 5U) << "too few entries named " << prefix << "* in " << path;
  ASSERT_TRUE(env.run_all(2'000'000)) << sim.failure();
  EXPECT_EQ(env.checker().ops_count(), n);
  if (faults_out != nullptr) *faults_out = env.checker().faults_count();
}

TEST(EngineElf, OpsEntriesInLockstep) {
  TILE_REQUIRE_PROGRAM(program_path("engine_ops", "engine"));
  run_entries<Vtile_e4>("engine_ops", "e_", configs::tile_e4());
}

TEST(EngineElf, FaultEntriesInLockstep) {
  TILE_REQUIRE_PROGRAM(program_path("engine_faults", "engine"));
  std::uint64_t faults = 0;
  run_entries<Vtile_e4>("engine_faults", "f_", configs::tile_e4(), &faults);
  EXPECT_GE(faults, 20U);
}

TEST(EngineElf, FaultEntriesOnOtherParameters) {
  TILE_REQUIRE_PROGRAM(program_path("engine_faults", "engine"));
  std::uint64_t faults = 0;
  run_entries<Vtile_e1>("engine_faults", "f_", configs::tile_e1(), &faults);
  EXPECT_GE(faults, 20U);
}

// ---- Different programs on different threads ---------------------------------------------------
std::uint32_t csum_ref(const std::vector<std::uint8_t>& d) {
  std::uint64_t sum = 0;
  for (std::size_t i = 0; i < d.size(); ++i) sum += (i % 2 == 0) ? std::uint64_t{d[i]} << 8 : d[i];
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<std::uint32_t>(~sum & 0xffff);
}

std::uint32_t crc_ref(const std::vector<std::uint8_t>& d) {
  std::uint32_t crc = 0xffffffffU;
  for (auto b : d) {
    crc ^= b;
    for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xedb88320U & (0U - (crc & 1U)));
  }
  return ~crc;
}

TEST(MultiProgram, DifferentProgramsOnDifferentThreads) {
  for (const char* p : {"mt_csum", "mt_crc", "mt_sort"}) TILE_REQUIRE_PROGRAM(program_path(p, "engine"));
  const auto params = configs::tile_e4();
  EngineImage img(params);
  const auto csum = iss::ElfImage::load(program_path("mt_csum", "engine"));
  const auto crc = iss::ElfImage::load(program_path("mt_crc", "engine"));
  const auto sort = iss::ElfImage::load(program_path("mt_sort", "engine"));
  img.add_elf(csum, 1, {csum.require_symbol("csum_entry")});
  img.add_elf(crc, 2, {crc.require_symbol("crc_entry")});
  img.add_elf(sort, 3, {sort.require_symbol("sort_entry")});

  tb::Sim<Vtile_e4> sim;
  tb::Rng rng = sim.rng().fork(7);
  TileEngineEnv<Vtile_e4> env(sim, params, img, test::random_env_options(rng));
  ASSERT_TRUE(env.loaded()) << sim.failure();

  std::map<std::uint16_t, std::vector<std::uint8_t>> packets;
  for (std::uint16_t h = 1; h <= 60; ++h) {
    std::vector<std::uint8_t> pkt(static_cast<std::size_t>(rng.range(1, 24)));  // sort is quadratic
    for (auto& b : pkt) b = static_cast<std::uint8_t>(rng.bits(8));
    env.shared().write_bytes(0x4000'0000U, h, pkt);
    env.iss_memory().packet(h).write_block(0, pkt);
    packets[h] = pkt;
    Ctx c;
    c.pkt_handle = h;
    c.pkt_len = static_cast<std::uint16_t>(pkt.size());
    c.in_port = static_cast<std::uint8_t>(rng.bits(4));
    c.target_part = rng.chance(0.5) ? 1 : 2;
    c.entry_kind = EntryKind::kIndex;
    c.sp = 0x5000'0000U + params.stack_bytes;
    env.deliver(c);
  }
  // The test is the context manager: a MIGRATE goes back to the tile (partition 3).
  unsigned sends = 0, migrates = 0, ends = 0;
  std::size_t seen = 0;
  sim.on_sample([&] {
    for (; seen < env.ops().size(); ++seen) {
      const auto& op = env.ops()[seen];
      const auto& pkt = packets.at(op.ctx.pkt_handle);
      if (op.op == ThreadOp::kSend) {
        ++sends;
        sim.check(op.arg == (op.ctx.in_port ^ 1U) && op.ctx.pkt_len == pkt.size() + 2, "SEND port/length");
        const auto out = env.shared().read_bytes(0x4000'0000U + static_cast<std::uint32_t>(pkt.size()),
                                                    op.ctx.pkt_handle, 2);
        sim.check(((static_cast<std::uint32_t>(out[0]) << 8) | out[1]) == csum_ref(pkt), "checksum result");
      } else if (op.op == ThreadOp::kMigrate) {
        ++migrates;
        sim.check(op.ctx.target_part == 3 && op.ctx.args[0] == crc_ref(pkt) && op.ctx.args[1] == pkt.size(),
                  "MIGRATE carries the CRC and the length in a0/a1");
        env.deliver(op.ctx);
      } else {
        ++ends;
        sim.check(op.op == ((crc_ref(pkt) & 1U) ? ThreadOp::kToHost : ThreadOp::kDone), "sort ends by crc parity");
      }
    }
  });
  ASSERT_TRUE(env.run_all(3'000'000)) << sim.failure();
  EXPECT_EQ(sends + migrates, 60U);
  EXPECT_EQ(ends, migrates);
  EXPECT_GT(sends, 10U);
  EXPECT_GT(migrates, 10U);
  // Sorted packets: the RTL's shared memory holds them in order.
  for (const auto& [h, pkt] : packets) {
    const auto now = env.shared().read_bytes(0x4000'0000U, h, pkt.size());
    if (now.size() == pkt.size() && std::is_sorted(now.begin(), now.end())) continue;
    // Checksum packets keep their bytes; only the migrated ones are sorted.
    EXPECT_EQ(std::vector<std::uint8_t>(now.begin(), now.end()), pkt) << "packet " << h;
  }
}

}  // namespace
}  // namespace baton::env::tile
