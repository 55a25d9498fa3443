// SPDX-License-Identifier: Apache-2.0
// Short variants of the common-primitive tests (label smoke): one seed, short runs, one or two
// configurations per primitive. The full suites are the *_test executables beside this file.
#include <gtest/gtest.h>

#include <cstdint>

#include "Varb_n3_lock.h"
#include "Vfifo_d5_ft.h"
#include "Vfifo_d16_reg.h"
#include "Vlzc_w64_lead.h"
#include "Vprio_w16_msb.h"
#include "Vram1p_w32_be.h"
#include "Vram2p_tdp_w16_be.h"
#include "Vspill_w8.h"
#include "baton/env/common/encoders_env.hpp"
#include "baton/env/common/fifo_env.hpp"
#include "baton/env/common/ram_env.hpp"
#include "baton/env/common/rr_arb_env.hpp"

namespace {

using namespace baton::env::common;

TEST(CommonSmoke, FifoRegistered) { BufEnv<Vfifo_d16_reg, std::uint32_t>({32, 16, false}).run_random(500); }
TEST(CommonSmoke, FifoFallThroughCorners) { BufEnv<Vfifo_d5_ft, std::uint32_t>({16, 5, true}).run_directed(); }
TEST(CommonSmoke, SpillRegister) { BufEnv<Vspill_w8, std::uint32_t>({8, 2, false}).run_random(500); }
TEST(CommonSmoke, ArbiterStream) { ArbEnv<Varb_n3_lock>({3, 16, true}).run_stream(200); }
TEST(CommonSmoke, ArbiterRaw) { ArbEnv<Varb_n3_lock>({3, 16, true}).run_raw(2000); }
TEST(CommonSmoke, PriorityEncoder) { run_prio_enc<Vprio_w16_msb>({16, true}, 0); }
TEST(CommonSmoke, ZeroCounter) { run_lzc<Vlzc_w64_lead>({64, true}, 2000); }
TEST(CommonSmoke, Ram1p) {
  Ram1pEnv<Vram1p_w32_be> b({32, 64, true, false, ""});
  ASSERT_TRUE(b.run(2000, [&b] { return b.gen().next(0.8, 0.4); })) << b.sim().failure();
}
TEST(CommonSmoke, Ram2pTrueDualPort) {
  Ram2pEnv<Vram2p_tdp_w16_be> b({16, 32, true, true, ""});
  ASSERT_TRUE(b.run(2000, [&b] { return b.random_ops(); })) << b.sim().failure();
}

}  // namespace
