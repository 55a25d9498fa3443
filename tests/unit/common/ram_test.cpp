// SPDX-License-Identifier: Apache-2.0
// baton_ram_1p / baton_ram_2p against the RAM reference models: seeded random traffic on every
// configuration, byte-enable patterns, read-during-write on one port and across ports, init-file
// contents, and the dual-write collision assertion.
#include <gtest/gtest.h>

#include <deque>
#include <functional>
#include <string>
#include <tuple>
#include <vector>

#include "Vram1p_w16_d37_init.h"
#include "Vram1p_w32_be.h"
#include "Vram2p_sdp_w32_be.h"
#include "Vram2p_tdp_w16_be.h"
#include "Vram2p_tdp_w24_init.h"
#include "baton/env/common/ram_env.hpp"

namespace {

using namespace baton::tb;
using namespace baton::env::common;

const std::string kSrc = BATON_ENV_COMMON_DIR;

RamConfig r1p_w32_be() { return {32, 64, true, false, ""}; }
RamConfig r1p_w16_d37_init() { return {16, 37, false, false, kSrc + "/ram1p_init.hex"}; }
RamConfig r2p_sdp_w32_be() { return {32, 64, true, false, ""}; }
RamConfig r2p_tdp_w16_be() { return {16, 32, true, true, ""}; }
RamConfig r2p_tdp_w24_init() { return {24, 20, false, true, kSrc + "/ram2p_init.hex"}; }

// A fixed list of operations, one per cycle, then idle.
class Script {
 public:
  void add(RamPortOp op) { ops_.push_back(op); }
  RamPortOp next() {
    if (ops_.empty()) return {};
    const RamPortOp op = ops_.front();
    ops_.pop_front();
    return op;
  }
  [[nodiscard]] std::size_t size() const { return ops_.size(); }

 private:
  std::deque<RamPortOp> ops_;
};

RamPortOp rd(unsigned addr) { return {true, false, addr, 0, 0}; }
RamPortOp wr(unsigned addr, std::uint64_t data, std::uint64_t be) { return {true, true, addr, data, be}; }

// ---- single port --------------------------------------------------------------------------------

template <typename V>
void ram1p_random(RamConfig cfg) {
  Ram1pEnv<V> b(cfg);
  ASSERT_TRUE(b.run(20000, [&b] { return b.gen().next(0.8, 0.4); })) << b.sim().failure();
  EXPECT_GT(b.compared_reads(), 5000U);
}

template <typename V>
void ram1p_byte_enables(RamConfig cfg) {
  Ram1pEnv<V> b(cfg);
  Rng rng(b.sim().rng().fork(11));
  const unsigned lanes = cfg.width / 8;
  const std::uint64_t all = (std::uint64_t{1} << lanes) - 1;
  std::vector<std::uint64_t> patterns = {all, 0, all & 0x5555, all & 0xaaaa};
  for (unsigned l = 0; l < lanes; ++l) {
    patterns.push_back(std::uint64_t{1} << l);
    patterns.push_back(all & ~(std::uint64_t{1} << l));
  }
  Script s;
  for (unsigned addr : {0U, 1U, cfg.depth - 1}) {
    s.add(wr(addr, rng.bits(cfg.width), all));
    for (const auto be : patterns) {
      s.add(wr(addr, rng.bits(cfg.width), be));
      s.add(rd(addr));
    }
  }
  const auto n = s.size();
  ASSERT_TRUE(b.run(n + 2, [&s] { return s.next(); })) << b.sim().failure();
  EXPECT_GE(b.compared_reads(), patterns.size() * 3);
}

template <typename V>
void ram1p_read_during_write(RamConfig cfg) {
  Ram1pEnv<V> b(cfg);
  Rng rng(b.sim().rng().fork(12));
  const std::uint64_t all = cfg.byte_en ? (std::uint64_t{1} << (cfg.width / 8)) - 1 : 1;
  Script s;
  s.add(wr(5, rng.bits(cfg.width), all));
  s.add(rd(5));                              // rdata = first word
  s.add(wr(5, rng.bits(cfg.width), all));    // a write does not read: rdata must hold
  s.add(RamPortOp{});                        // idle: rdata still holds
  s.add(RamPortOp{false, true, 5, rng.bits(cfg.width), all});  // we without req: no effect
  s.add(rd(5));                              // now the second word
  s.add(RamPortOp{});
  const auto n = s.size();
  ASSERT_TRUE(b.run(n + 1, [&s] { return s.next(); })) << b.sim().failure();
  EXPECT_GE(b.compared_reads(), 4U);
}

template <typename V>
void ram1p_init_contents(RamConfig cfg) {
  Ram1pEnv<V> b(cfg);
  Script s;
  for (unsigned a = 0; a < cfg.depth; ++a) s.add(rd(a));
  ASSERT_TRUE(b.run(cfg.depth + 2, [&s] { return s.next(); })) << b.sim().failure();
  EXPECT_EQ(b.compared_reads(), cfg.depth);  // every word, each compared in the cycle after its read
}

// ---- dual port ----------------------------------------------------------------------------------

template <typename V>
void ram2p_random(RamConfig cfg) {
  Ram2pEnv<V> b(cfg);
  ASSERT_TRUE(b.run(20000, [&b] { return b.random_ops(); })) << b.sim().failure();
  EXPECT_GT(b.compared_reads(), 5000U);
  EXPECT_GT(b.model().undefined_reads(), 0U) << "no cross-port read-during-write happened";
  log::info("{} reads compared, {} undefined cross-port reads skipped", b.compared_reads(),
            b.model().undefined_reads());
}

// Read-during-write across ports: the colliding read is undefined (not compared), the next read
// of that word must return the new data, and the other words are unaffected.
template <typename V>
void ram2p_cross_port(RamConfig cfg) {
  Ram2pEnv<V> b(cfg);
  Rng rng(b.sim().rng().fork(13));
  const std::uint64_t all = cfg.byte_en ? (std::uint64_t{1} << (cfg.width / 8)) - 1 : 1;
  std::deque<typename Ram2pEnv<V>::Ops> s;
  s.push_back({wr(3, rng.bits(cfg.width), all), rd(4)});
  s.push_back({wr(4, rng.bits(cfg.width), all), rd(3)});          // B reads 3 while A writes 4
  s.push_back({wr(3, rng.bits(cfg.width), all), rd(3)});          // collision: undefined
  s.push_back({RamPortOp{}, rd(3)});                                       // new data
  s.push_back({RamPortOp{}, rd(4)});
  if (cfg.true_dual_port) {
    s.push_back({rd(3), wr(6, rng.bits(cfg.width), all)});        // both directions
    s.push_back({rd(6), rd(6)});                                  // both read one word
    s.push_back({rd(7), wr(7, rng.bits(cfg.width), all)});        // collision the other way
    s.push_back({rd(7), rd(3)});
    s.push_back({wr(8, rng.bits(cfg.width), all), wr(9, rng.bits(cfg.width), all)});
    s.push_back({rd(9), rd(8)});
  }
  const auto n = s.size();
  ASSERT_TRUE(b.run(n + 2, [&s] {
    if (s.empty()) return typename Ram2pEnv<V>::Ops{};
    const auto ops = s.front();
    s.pop_front();
    return ops;
  })) << b.sim().failure();
  EXPECT_EQ(b.model().undefined_reads(), cfg.true_dual_port ? 2U : 1U);
  EXPECT_GE(b.compared_reads(), 3U);
}

template <typename V>
void ram2p_init_contents(RamConfig cfg) {
  Ram2pEnv<V> b(cfg);
  unsigned a = 0;
  ASSERT_TRUE(b.run(cfg.depth + 2, [&] {
    typename Ram2pEnv<V>::Ops ops{rd(cfg.depth - 1 - (a % cfg.depth)), rd(a % cfg.depth)};
    ++a;
    return a <= cfg.depth ? ops : typename Ram2pEnv<V>::Ops{};
  })) << b.sim().failure();
  EXPECT_GE(b.compared_reads(), 2 * cfg.depth);
}

template <typename V>
void ram2p_write_collision_asserts(RamConfig cfg) {
  ExpectFailure expect;
  Ram2pEnv<V> b(cfg);
  const std::uint64_t all = cfg.byte_en ? (std::uint64_t{1} << (cfg.width / 8)) - 1 : 1;
  const bool ok = b.run(4, [&] { return typename Ram2pEnv<V>::Ops{wr(2, 1, all), wr(2, 2, all)}; });
  EXPECT_FALSE(ok) << "two writes to one word in one cycle went unnoticed";
  EXPECT_NE(expect.reports().find("SystemVerilog assertion failed"), std::string::npos) << expect.reports();
}

// ---- registration -------------------------------------------------------------------------------

struct RamCase {
  std::string name;
  std::function<void()> run;
};

const std::vector<RamCase>& random_cases() {
  static const std::vector<RamCase> k = {
      {"r1p_w32_be", [] { ram1p_random<Vram1p_w32_be>(r1p_w32_be()); }},
      {"r1p_w16_d37_init", [] { ram1p_random<Vram1p_w16_d37_init>(r1p_w16_d37_init()); }},
      {"r2p_sdp_w32_be", [] { ram2p_random<Vram2p_sdp_w32_be>(r2p_sdp_w32_be()); }},
      {"r2p_tdp_w16_be", [] { ram2p_random<Vram2p_tdp_w16_be>(r2p_tdp_w16_be()); }},
      {"r2p_tdp_w24_init", [] { ram2p_random<Vram2p_tdp_w24_init>(r2p_tdp_w24_init()); }},
  };
  return k;
}

class RamRandom : public ::testing::TestWithParam<std::tuple<std::size_t, int>> {};
TEST_P(RamRandom, EveryCycleMatchesModel) { random_cases()[std::get<0>(GetParam())].run(); }
INSTANTIATE_TEST_SUITE_P(Seeds, RamRandom,
                         ::testing::Combine(::testing::Range<std::size_t>(0, 5), ::testing::Range(0, 4)),
                         [](const auto& info) {
                           return random_cases()[std::get<0>(info.param)].name + "_seed" +
                                  std::to_string(std::get<1>(info.param));
                         });

TEST(Ram1p, ByteEnablePatterns) { ram1p_byte_enables<Vram1p_w32_be>(r1p_w32_be()); }
TEST(Ram1p, ReadDuringWriteHoldsReadData) {
  ram1p_read_during_write<Vram1p_w32_be>(r1p_w32_be());
  ram1p_read_during_write<Vram1p_w16_d37_init>(r1p_w16_d37_init());
}
TEST(Ram1p, InitFileContents) { ram1p_init_contents<Vram1p_w16_d37_init>(r1p_w16_d37_init()); }

TEST(Ram2p, CrossPortReadDuringWriteSimple) { ram2p_cross_port<Vram2p_sdp_w32_be>(r2p_sdp_w32_be()); }
TEST(Ram2p, CrossPortReadDuringWriteTrue) {
  ram2p_cross_port<Vram2p_tdp_w16_be>(r2p_tdp_w16_be());
  ram2p_cross_port<Vram2p_tdp_w24_init>(r2p_tdp_w24_init());
}
TEST(Ram2p, InitFileContents) { ram2p_init_contents<Vram2p_tdp_w24_init>(r2p_tdp_w24_init()); }
TEST(Ram2p, DualWriteCollisionAsserts) { ram2p_write_collision_asserts<Vram2p_tdp_w16_be>(r2p_tdp_w16_be()); }

}  // namespace
