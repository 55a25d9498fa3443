// SPDX-License-Identifier: Apache-2.0
// baton_axil_regbus behind a small register file, driven by the AXI4-Lite master agent with
// random channel skew (AW before W and after it) and response backpressure, checked against a
// C++ model of the register file.
#include <gtest/gtest.h>

#include <array>

#include "Vcsr_regfile.h"
#include "baton/tb/axil.hpp"
#include "baton/tb/sim.hpp"

namespace {

using namespace baton::tb;

// Reference: eight byte-writable registers, a read-only ID, SLVERR everywhere else.
class RegfileModel {
 public:
  static constexpr std::uint32_t kId = 0xba700001;
  AxilResp write(std::uint32_t addr, std::uint32_t data, std::uint8_t strb) {
    if (!is_rw(addr)) return AxilResp::kSlvErr;
    auto& r = regs_[(addr >> 2) & 7];
    for (int b = 0; b < 4; ++b) {
      if ((strb >> b) & 1) r = (r & ~(0xffU << (8 * b))) | (data & (0xffU << (8 * b)));
    }
    return AxilResp::kOkay;
  }
  AxilResult read(std::uint32_t addr) const {
    if (is_rw(addr)) return {regs_[(addr >> 2) & 7], AxilResp::kOkay, true};
    if (addr == 0x20) return {kId, AxilResp::kOkay, true};
    return {0, AxilResp::kSlvErr, true};
  }

 private:
  static bool is_rw(std::uint32_t a) { return a < 0x20 && (a & 3) == 0; }
  std::array<std::uint32_t, 8> regs_{};
};

AxilMasterPins pins(Vcsr_regfile& d) {
  AxilMasterPins p;
  p.aw = source_pins<std::uint32_t>(d.awvalid_i, d.awready_o, d.awaddr_i);
  p.w = {[&d](bool v) { d.wvalid_i = v; }, [&d] { return d.wready_o != 0; },
         [&d](const AxilWrite& w) {
           d.wdata_i = w.data;
           d.wstrb_i = w.strb;
         }};
  p.b = sink_pins<std::uint8_t>(d.bvalid_o, d.bready_i, d.bresp_o);
  p.ar = source_pins<std::uint32_t>(d.arvalid_i, d.arready_o, d.araddr_i);
  p.r = {[&d] { return d.rvalid_o != 0; }, [&d](bool r) { d.rready_i = r; },
         [&d] { return (static_cast<std::uint64_t>(d.rresp_o) << 32) | d.rdata_o; }};
  return p;
}

std::uint32_t random_addr(Rng& rng) {
  switch (rng.range(0, 9)) {
    case 0: return 0x20;                                             // ID
    case 1: return static_cast<std::uint32_t>(rng.range(0x24, 0xfffc)) & ~3U;  // unmapped
    case 2: return static_cast<std::uint32_t>(rng.range(0, 0x1f)) | 1;         // misaligned
    default: return static_cast<std::uint32_t>(rng.range(0, 7)) * 4;
  }
}

class CsrRandom : public ::testing::TestWithParam<int> {};

TEST_P(CsrRandom, SequentialAccessesMatchTheModel) {
  Sim<Vcsr_regfile> sim;
  AxilMaster m(sim, pins(sim.dut()), "axil", sim.rng().fork(7), 0.5, 0.4);
  RegfileModel model;
  sim.reset();
  sim.spawn([](Sim<Vcsr_regfile>& s, AxilMaster& mst, RegfileModel& ref) -> Task {
    for (int i = 0; i < 400; ++i) {
      const auto addr = random_addr(s.rng());
      AxilResult got;
      if (s.rng().chance(0.5)) {
        const auto data = static_cast<std::uint32_t>(s.rng().bits(32));
        const auto strb = static_cast<std::uint8_t>(s.rng().bits(4));
        co_await mst.write(addr, data, strb, got);
        const auto want = ref.write(addr, data, strb);
        s.check(got.resp == want, fmt::format("write {:#x}: resp {} expected {}", addr,
                                              static_cast<int>(got.resp), static_cast<int>(want)));
      } else {
        co_await mst.read(addr, got);
        const auto want = ref.read(addr);
        s.check(got.resp == want.resp && got.data == want.data,
                fmt::format("read {:#x}: got {:#010x}/{} expected {:#010x}/{}", addr, got.data,
                            static_cast<int>(got.resp), want.data, static_cast<int>(want.resp)));
      }
    }
  }(sim, m, model));
  ASSERT_TRUE(sim.run(200000));
}

// A writer and a reader at once, on disjoint registers: both finish (no starvation) and every
// read sees only values the writer could not have touched.
TEST_P(CsrRandom, ConcurrentReadsAndWritesBothProgress) {
  Sim<Vcsr_regfile> sim;
  AxilMaster m(sim, pins(sim.dut()), "axil", sim.rng().fork(9), 0.2, 0.2);
  sim.reset();
  int writes = 0, reads = 0;
  sim.spawn([](Sim<Vcsr_regfile>& s, AxilMaster& mst, int& n) -> Task {
    for (; n < 300; ++n) {
      AxilResult r;
      co_await mst.write(static_cast<std::uint32_t>(s.rng().range(0, 3)) * 4,
                         static_cast<std::uint32_t>(s.rng().bits(32)), 0xf, r);
      s.check(r.resp == AxilResp::kOkay, "concurrent write rejected");
    }
  }(sim, m, writes));
  sim.spawn([](Sim<Vcsr_regfile>& s, AxilMaster& mst, int& n) -> Task {
    for (; n < 300; ++n) {
      AxilResult r;
      co_await mst.read(0x20, r);
      s.check(r.resp == AxilResp::kOkay && r.data == RegfileModel::kId,
              fmt::format("ID read during writes gave {:#x}", r.data));
      co_await mst.read(16, r);
      s.check(r.data == 0, "register 4 changed though nobody wrote it");
    }
  }(sim, m, reads));
  ASSERT_TRUE(sim.run(100000));
  EXPECT_EQ(writes, 300);
  EXPECT_EQ(reads, 300);
}

INSTANTIATE_TEST_SUITE_P(Seeds, CsrRandom, ::testing::Range(0, 4));

}  // namespace
