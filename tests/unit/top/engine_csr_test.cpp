// SPDX-License-Identifier: Apache-2.0
// baton_engine_csr (the register block generated from rtl/top/baton_engine_regs.rdl and what the
// engine adds to it) on its register bus: reset values, read-only and write-only access, errors
// for unmapped addresses and for tiles the engine does not have, the statistics counting their
// events and CLEAR zeroing them, the cycle counter, and the windows forwarded to the CM, ingress,
// egress and pager. Two configurations: 5 tiles (TILES_LO only) and 40 tiles (into TILES_HI).
#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <type_traits>
#include <vector>

#include <fmt/format.h>

#include "Vengine_csr_t5.h"
#include "Vengine_csr_t40.h"
#include "baton/tb/sim.hpp"
#include "baton_engine_regs.h"

namespace {

using namespace baton::tb;

// The documented map (docs/engine.md): software and the FPGA flows rely on these addresses.
constexpr std::uint32_t off(std::size_t o) { return static_cast<std::uint32_t>(o); }
constexpr std::uint32_t kId = off(offsetof(baton_engine_regs_t, ID));
constexpr std::uint32_t kTopo = off(offsetof(baton_engine_regs_t, TOPO));
constexpr std::uint32_t kClear = off(offsetof(baton_engine_regs_t, CLEAR));
constexpr std::uint32_t kCycleLo = off(offsetof(baton_engine_regs_t, CYCLE_LO));
constexpr std::uint32_t kCycleHi = off(offsetof(baton_engine_regs_t, CYCLE_HI));
constexpr std::uint32_t kCompletions = off(offsetof(baton_engine_regs_t, COMPLETIONS));
constexpr std::uint32_t kMigrations = off(offsetof(baton_engine_regs_t, MIGRATIONS));
constexpr std::uint32_t kLoadReqs = off(offsetof(baton_engine_regs_t, LOAD_REQS));
constexpr std::uint32_t kTiles = off(offsetof(baton_engine_regs_t, TILES_LO));
constexpr std::uint32_t kCm = off(offsetof(baton_engine_regs_t, CM));
constexpr std::uint32_t kIngress = off(offsetof(baton_engine_regs_t, INGRESS));
constexpr std::uint32_t kEgress = off(offsetof(baton_engine_regs_t, EGRESS));
constexpr std::uint32_t kPager = off(offsetof(baton_engine_regs_t, PAGER));
constexpr std::uint32_t kFlow = off(offsetof(baton_engine_regs_t, FLOW));
static_assert(kId == 0x000 && kTopo == 0x004 && kClear == 0x008 && kCycleLo == 0x010 && kCycleHi == 0x014);
static_assert(kCompletions == 0x020 && kMigrations == 0x024 && kLoadReqs == 0x028 && kTiles == 0x100);
static_assert(offsetof(baton_engine_regs_t, TILES_HI) == 0x200);
static_assert(kCm == 0x1'0000 && kIngress == 0x2'0000 && kEgress == 0x3'0000 && kPager == 0x4'0000 &&
              kFlow == 0x5'0000);
constexpr std::uint32_t issue(unsigned t) { return kTiles + 8 * t; }
constexpr std::uint32_t retire(unsigned t) { return kTiles + 8 * t + 4; }

template <typename T>
void put_bits(T& sig, unsigned lsb, unsigned w, std::uint64_t v) {
  for (unsigned i = 0; i < w; ++i) {
    const unsigned b = lsb + i;
    const bool bit = (v >> i) & 1U;
    if constexpr (std::is_integral_v<T>) {
      sig = static_cast<T>(bit ? (sig | (T{1} << b)) : (sig & ~(T{1} << b)));
    } else {
      sig[b / 32] = bit ? (sig[b / 32] | (1U << (b % 32))) : (sig[b / 32] & ~(1U << (b % 32)));
    }
  }
}
template <typename T>
std::uint64_t get_bits(const T& sig, unsigned lsb, unsigned w) {
  std::uint64_t v = 0;
  for (unsigned i = 0; i < w; ++i) {
    const unsigned b = lsb + i;
    bool bit = false;
    if constexpr (std::is_integral_v<T>) bit = (sig >> b) & 1U; else bit = (sig[b / 32] >> (b % 32)) & 1U;
    if (bit) v |= std::uint64_t{1} << i;
  }
  return v;
}

struct Resp {
  std::uint32_t data;
  bool error;
};

// The register bus answers in the request's cycle: drive, evaluate, sample, then clock.
template <typename M>
class Bus {
 public:
  explicit Bus(Sim<M>& s) : s_(s) {}
  Resp access(bool we, std::uint32_t addr, std::uint32_t wdata = 0, unsigned strb = 0xf) {
    auto& d = s_.dut();
    d.reg_req_i = 1;
    d.reg_we_i = we;
    d.reg_addr_i = addr;
    d.reg_wdata_i = wdata;
    d.reg_wstrb_i = static_cast<std::uint8_t>(we ? strb : 0);
    d.eval();
    const Resp r{d.reg_rdata_o, d.reg_error_o != 0};
    s_.step();
    d.reg_req_i = 0;
    d.reg_we_i = 0;
    return r;
  }
  Resp read(std::uint32_t addr) { return access(false, addr); }
  Resp write(std::uint32_t addr, std::uint32_t v, unsigned strb = 0xf) { return access(true, addr, v, strb); }
  std::uint32_t value(std::uint32_t addr) {
    const Resp r = read(addr);
    EXPECT_FALSE(r.error) << fmt::format("read {:#x} answered an error", addr);
    return r.data;
  }

 private:
  Sim<M>& s_;
};

template <typename M>
struct Config {
  unsigned tiles, threads, ports, slots_log2;
};

template <typename M>
class EngineCsr : public ::testing::Test {};

struct T5 {
  using Model = Vengine_csr_t5;
  static constexpr Config<Model> cfg{5, 4, 4, 6};
};
struct T40 {
  using Model = Vengine_csr_t40;
  static constexpr Config<Model> cfg{40, 2, 3, 4};
};
using Configs = ::testing::Types<T5, T40>;
TYPED_TEST_SUITE(EngineCsr, Configs);

template <typename M>
void idle_inputs(M& d) {
  d.cpl_i = 0;
  d.load_req_i = 0;
  d.mig_i = 0;
  d.tile_issue_i = 0;
  std::memset(&d.tile_retire_i, 0, sizeof d.tile_retire_i);  // an integer or a VlWide
  for (unsigned i = 0; i < 4; ++i) put_bits(d.tgt_rdata_i, 32 * i, 32, 0);
  d.tgt_error_i = 0;
}

TYPED_TEST(EngineCsr, ResetValuesAndTopology) {
  using M = typename TypeParam::Model;
  constexpr auto cfg = TypeParam::cfg;
  Sim<M> sim;
  idle_inputs(sim.dut());
  sim.reset();
  Bus<M> bus(sim);
  EXPECT_EQ(bus.value(kId), 0x4254'4F50U) << "ID reads \"BTOP\"";
  EXPECT_EQ(bus.value(kTopo), cfg.tiles | (cfg.threads << 8) | (cfg.ports << 16) | (cfg.slots_log2 << 24));
  EXPECT_EQ(bus.value(kCompletions), 0U);
  EXPECT_EQ(bus.value(kMigrations), 0U);
  EXPECT_EQ(bus.value(kLoadReqs), 0U);
  EXPECT_EQ(bus.value(kCycleHi), 0U);
  for (unsigned t = 0; t < cfg.tiles; ++t) {
    EXPECT_EQ(bus.value(issue(t)), 0U) << "ISSUE of tile " << t;
    EXPECT_EQ(bus.value(retire(t)), 0U) << "RETIRE of tile " << t;
  }
  // The byte offset inside a word is ignored, as on every Baton register bus.
  EXPECT_EQ(bus.value(kId + 2), 0x4254'4F50U);
}

TYPED_TEST(EngineCsr, ReadOnlyRegistersRejectWritesAndKeepTheirValue) {
  using M = typename TypeParam::Model;
  constexpr auto cfg = TypeParam::cfg;
  Sim<M> sim;
  idle_inputs(sim.dut());
  sim.reset();
  Bus<M> bus(sim);
  sim.dut().cpl_i = 1;  // COMPLETIONS counts every cycle from here
  std::vector<std::uint32_t> ro = {kId, kTopo, kCycleLo, kCycleHi, kCompletions, kMigrations, kLoadReqs,
                                   issue(0), retire(0), issue(cfg.tiles - 1), retire(cfg.tiles - 1)};
  for (const auto a : ro) {
    EXPECT_TRUE(bus.write(a, 0xffff'ffffU).error) << fmt::format("write to read-only {:#x}", a);
  }
  sim.dut().cpl_i = 0;
  EXPECT_EQ(bus.value(kId), 0x4254'4F50U);
  EXPECT_EQ(bus.value(kTopo) & 0xffU, cfg.tiles);
  EXPECT_EQ(bus.value(kCompletions), ro.size()) << "a rejected write does not touch the counter";
  // CLEAR is write-only: reading it is an error, writing it is not.
  EXPECT_TRUE(bus.read(kClear).error);
  EXPECT_FALSE(bus.write(kClear, 0).error);
}

TYPED_TEST(EngineCsr, UnmappedAddressesAndMissingTilesAnswerErrors) {
  using M = typename TypeParam::Model;
  constexpr auto cfg = TypeParam::cfg;
  Sim<M> sim;
  idle_inputs(sim.dut());
  sim.reset();
  Bus<M> bus(sim);
  const std::vector<std::uint32_t> holes = {0x00c, 0x018, 0x01c, 0x02c, 0x0fc, 0x300, 0x8000, 0xfffc,
                                            0x6'0000, 0x8'0000, 0xf'fffc, issue(cfg.tiles),
                                            retire(cfg.tiles), retire(63)};
  for (const auto a : holes) {
    EXPECT_TRUE(bus.read(a).error) << fmt::format("read {:#x}", a);
    EXPECT_TRUE(bus.write(a, 0x1234'5678U).error) << fmt::format("write {:#x}", a);
  }
  EXPECT_EQ(sim.dut().tgt_req_o, 0U) << "no block window was selected";
}

TYPED_TEST(EngineCsr, StatisticsCountTheirEventsAndClearZeroesThem) {
  using M = typename TypeParam::Model;
  constexpr auto cfg = TypeParam::cfg;
  Sim<M> sim;
  auto& d = sim.dut();
  idle_inputs(d);
  sim.reset();
  Bus<M> bus(sim);
  std::uint32_t cpl = 0, mig = 0, load = 0;
  std::vector<std::uint32_t> iss(cfg.tiles), ret(cfg.tiles);
  for (unsigned c = 0; c < 300; ++c) {
    const bool cpl_b = sim.rng().chance(0.5), load_b = sim.rng().chance(0.3);
    d.cpl_i = cpl_b;
    d.load_req_i = load_b;
    cpl += cpl_b;
    load += load_b;
    for (unsigned t = 0; t < cfg.tiles; ++t) {
      // Several tiles migrate in one cycle: MIGRATIONS adds them all.
      const bool m = sim.rng().chance(0.4), i = sim.rng().chance(0.6);
      const auto r = static_cast<unsigned>(sim.rng().range(0, 2));
      put_bits(d.mig_i, t, 1, m);
      put_bits(d.tile_issue_i, t, 1, i);
      put_bits(d.tile_retire_i, 2 * t, 2, r);
      mig += m;
      iss[t] += i;
      ret[t] += r;
    }
    sim.step();
  }
  idle_inputs(d);
  EXPECT_EQ(bus.value(kCompletions), cpl);
  EXPECT_EQ(bus.value(kMigrations), mig);
  EXPECT_EQ(bus.value(kLoadReqs), load);
  for (unsigned t = 0; t < cfg.tiles; ++t) {
    EXPECT_EQ(bus.value(issue(t)), iss[t]) << "ISSUE of tile " << t;
    EXPECT_EQ(bus.value(retire(t)), ret[t]) << "RETIRE of tile " << t;
  }
  const std::uint32_t before = bus.value(kCycleLo);
  EXPECT_FALSE(bus.write(kClear, 0, 0x1).error);
  EXPECT_EQ(bus.value(kCompletions), 0U);
  EXPECT_EQ(bus.value(kMigrations), 0U);
  EXPECT_EQ(bus.value(kLoadReqs), 0U);
  for (unsigned t = 0; t < cfg.tiles; ++t) {
    EXPECT_EQ(bus.value(issue(t)), 0U);
    EXPECT_EQ(bus.value(retire(t)), 0U);
  }
  EXPECT_GT(bus.value(kCycleLo), before) << "CLEAR leaves the cycle counter alone";
}

TYPED_TEST(EngineCsr, CycleCounterCountsEveryCycle) {
  using M = typename TypeParam::Model;
  Sim<M> sim;
  idle_inputs(sim.dut());
  sim.reset();
  Bus<M> bus(sim);
  const std::uint32_t a = bus.value(kCycleLo);
  sim.advance(37);
  const std::uint32_t b = bus.value(kCycleLo);
  EXPECT_EQ(b - a, 38U) << "37 idle cycles and the read's own";
  EXPECT_EQ(bus.value(kCycleHi), 0U);
  EXPECT_EQ(sim.dut().now_o, b + 2) << "now_o is the counter's low word (two reads later)";
}

TYPED_TEST(EngineCsr, WindowsReachTheirBlocks) {
  using M = typename TypeParam::Model;
  Sim<M> sim;
  auto& d = sim.dut();
  idle_inputs(d);
  sim.reset();
  Bus<M> bus(sim);
  const std::uint32_t base[5] = {kCm, kIngress, kEgress, kPager, kFlow};
  for (unsigned i = 0; i < 5; ++i) {
    const std::uint32_t a = base[i] + 0x0404U + 0x100U * i;
    put_bits(d.tgt_rdata_i, 32 * i, 32, 0xa5a5'0000U + i);
    d.reg_req_i = 1;
    d.reg_we_i = 0;
    d.reg_addr_i = a;
    d.eval();
    EXPECT_EQ(d.tgt_req_o, 1U << i) << "read selects only block " << i;
    EXPECT_EQ(d.tgt_we_o, 0U);
    EXPECT_EQ(d.tgt_addr_o, a & 0xffffU);
    EXPECT_EQ(d.reg_rdata_o, 0xa5a5'0000U + i);
    EXPECT_EQ(d.reg_error_o, 0U);
    d.tgt_error_i = static_cast<std::uint8_t>(1U << i);
    d.eval();
    EXPECT_EQ(d.reg_error_o, 1U) << "the block's error reaches the bus";
    d.tgt_error_i = 0;
    d.reg_we_i = 1;
    d.reg_wdata_i = 0x1234'5600U + i;
    d.reg_wstrb_i = 0x5;
    d.eval();
    EXPECT_EQ(d.tgt_req_o, 1U << i) << "write selects only block " << i;
    EXPECT_EQ(d.tgt_we_o, 1U);
    EXPECT_EQ(d.tgt_wdata_o, 0x1234'5600U + i);
    EXPECT_EQ(d.tgt_wstrb_o, 0x5U);
    EXPECT_EQ(d.reg_error_o, 0U);
    sim.step();
    d.reg_req_i = 0;
  }
  EXPECT_FALSE(bus.read(kId).error);
  EXPECT_EQ(d.tgt_req_o, 0U);
}

}  // namespace
