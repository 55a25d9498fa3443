// SPDX-License-Identifier: Apache-2.0
// Engine mode (docs/abi.md sections 2, 3, 4 and 7): delivery state, the context window, every
// thread operation, every window and every fault kind, checked against values computed here
// from the ABI.
#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "baton/tb/config.hpp"
#include "baton/tb/rng.hpp"
#include "engine_rig.hpp"

namespace baton::iss {
namespace {

using baton::iss::test::EngineRig;
using baton::iss::test::engine_config;
using baton::iss::test::repro;
using baton::tb::Rng;

Ctx random_ctx(Rng& rng, const Ctx& base) {
  Ctx c = base;
  c.pkt_handle = static_cast<std::uint16_t>(rng.bits(16));
  c.pkt_len = static_cast<std::uint16_t>(rng.range(0, 2048));
  c.in_port = static_cast<std::uint8_t>(rng.bits(4));
  c.arrival = static_cast<std::uint32_t>(rng.bits(32));
  c.seq = static_cast<std::uint16_t>(rng.bits(16));
  c.flow = static_cast<std::uint32_t>(rng.bits(20));
  c.event_type = static_cast<std::uint8_t>(rng.bits(8));
  c.sp = kStackBase + 2048 - 16 * static_cast<std::uint32_t>(rng.range(0, 64));
  for (auto& a : c.args) a = static_cast<std::uint32_t>(rng.bits(32));
  return c;
}

// Checks what every record that ends a packet must satisfy, and returns a copy of it.
RetireRecord last_of(const std::vector<RetireRecord>& recs, const std::string& what) {
  EXPECT_FALSE(recs.empty()) << what;
  for (std::size_t i = 0; i + 1 < recs.size(); ++i) {
    EXPECT_EQ(recs[i].trap, Trap::kNone) << what << " record " << i;
    EXPECT_FALSE(recs[i].op.has_value()) << what << " record " << i;
  }
  EXPECT_TRUE(recs.back().op.has_value()) << what;
  EXPECT_EQ(recs.back().pc_next, 0U) << what;
  return recs.back();
}

TEST(Engine, DeliveryStateAndContextWindow) {
  BATON_REQUIRE_PROGRAMS();
  const auto seed = baton::tb::test_seed();
  Rng rng(seed);
  for (std::uint64_t i = 0; i < 100; ++i) {
    TileConfig cfg = engine_config(static_cast<unsigned>(rng.range(1, 8)));
    cfg.tile_id = static_cast<std::uint8_t>(rng.range(0, 63));
    EngineRig rig("engine_ops", cfg);
    const unsigned t = static_cast<unsigned>(rng.range(0, cfg.threads - 1));
    const Ctx c = random_ctx(rng, rig.ctx_for("e_ctx_dump"));
    ASSERT_EQ(rig.tile().deliver(t, c), DeliverStatus::kOk);
    const auto recs = rig.run_thread(t);
    const auto& end = last_of(recs, "ctx_dump");
    ASSERT_EQ(recs.front().pc, rig.sym("e_ctx_dump")) << repro(seed, i);
    ASSERT_EQ(end.op->op, ThreadOp::kDone);
    ASSERT_EQ(end.op->ctx, c) << "DONE sends the context as delivered " << repro(seed, i);
    ASSERT_EQ(end.op->src_tile, cfg.tile_id);
    ASSERT_EQ(end.op->src_thread, t);
    auto& s = rig.mem().scratch(t);
    const std::vector<std::uint32_t> want{c.pkt_handle, c.pkt_len, c.in_port, c.arrival, c.seq, c.flow,
                                          c.event_type, 1U, 0x8000U | c.entry, c.sp, c.args[0], c.args[1],
                                          c.args[2], c.args[3], cfg.tile_id, t,
                                          (c.pkt_len >> 8) & 0xffU, c.pkt_len,
                                          static_cast<std::uint32_t>(static_cast<std::int8_t>(c.arrival >> 24)),
                                          c.sp, c.args[0], c.args[1], c.args[2], c.args[3], 0U};
    for (std::uint32_t k = 0; k < want.size(); ++k) {
      ASSERT_EQ(s.read(4 * k, 4), want[k]) << "scratch word " << k << " " << repro(seed, i);
    }
  }
}

TEST(Engine, PktLenStores) {
  BATON_REQUIRE_PROGRAMS();
  const auto seed = baton::tb::test_seed();
  Rng rng(seed);
  EngineRig rig("engine_ops");
  for (std::uint64_t i = 0; i < 200; ++i) {
    const bool sh = rng.chance(0.5);
    Ctx c = random_ctx(rng, rig.ctx_for(sh ? "e_pktlen_sh" : "e_pktlen_sw"));
    const std::uint32_t len = i == 0 ? 0 : i == 1 ? 2048 : static_cast<std::uint32_t>(rng.range(0, 2048));
    c.args[0] = sh ? (static_cast<std::uint32_t>(rng.bits(16)) << 16) | len : len;  // sh ignores the upper half
    c.args[1] = static_cast<std::uint32_t>(rng.range(0, 15));
    ASSERT_EQ(rig.tile().deliver(0, c), DeliverStatus::kOk);
    const auto recs = rig.run_thread(0);
    const auto& end = last_of(recs, "pktlen");
    ASSERT_EQ(end.trap, Trap::kNone) << repro(seed, i);
    ASSERT_EQ(end.op->op, ThreadOp::kSend);
    ASSERT_EQ(end.op->arg, c.args[1]);
    Ctx want = c;
    want.pkt_len = static_cast<std::uint16_t>(len);
    ASSERT_EQ(end.op->ctx, want) << repro(seed, i);
    ASSERT_EQ(rig.mem().scratch(0).read(0, 4), len) << repro(seed, i);
    // The store's record: context window word 1.
    ASSERT_EQ(recs[1].mem_addr, kContextBase + 4);
    ASSERT_EQ(recs[1].mem_wmask, sh ? 0x3 : 0xf);
  }
}

TEST(Engine, MigrateCarriesSpAndArgs) {
  BATON_REQUIRE_PROGRAMS();
  const auto seed = baton::tb::test_seed();
  Rng rng(seed);
  EngineRig rig("engine_ops");
  for (std::uint64_t i = 0; i < 200; ++i) {
    const Ctx c = random_ctx(rng, rig.ctx_for("e_migrate"));
    const unsigned t = static_cast<unsigned>(rng.range(0, 3));
    ASSERT_EQ(rig.tile().deliver(t, c), DeliverStatus::kOk);
    const auto& end = last_of(rig.run_thread(t), "migrate");
    ASSERT_EQ(end.op->op, ThreadOp::kMigrate);
    ASSERT_EQ(end.op->arg, 0);
    Ctx want = c;
    want.target_part = 7;
    want.entry_kind = EntryKind::kOffset;
    want.entry = 12;
    want.sp = c.sp - 32;
    want.args = {c.args[0] + 1, c.args[1] ^ 0xffU, c.args[2] << 1, ~c.args[3]};
    ASSERT_EQ(end.op->ctx, want) << repro(seed, i);
    ASSERT_EQ(end.rs1_val, 7U);
    ASSERT_EQ(end.rs2_val, 0x8000U | 12U);
    // PM9: the spilled registers are on the packet's stack.
    auto& st = rig.mem().stack(c.pkt_handle);
    for (std::uint32_t k = 0; k < 4; ++k) {
      ASSERT_EQ(st.read(want.sp - kStackBase + 4 * k, 4), c.args[k]) << "spill " << k << " " << repro(seed, i);
    }
  }
}

TEST(Engine, MigrateOperandRange) {
  BATON_REQUIRE_PROGRAMS();
  const auto seed = baton::tb::test_seed();
  Rng rng(seed);
  EngineRig rig("engine_ops");
  for (std::uint64_t i = 0; i < 300; ++i) {
    Ctx c = random_ctx(rng, rig.ctx_for("e_migrate_regs"));
    const std::uint32_t part = rng.chance(0.8) ? static_cast<std::uint32_t>(rng.range(0, 255))
                                               : static_cast<std::uint32_t>(rng.bits(32));
    const std::uint32_t entry = rng.chance(0.8) ? static_cast<std::uint32_t>(rng.bits(16))
                                                : static_cast<std::uint32_t>(rng.bits(32));
    c.args[0] = part;
    c.args[1] = entry;
    ASSERT_EQ(rig.tile().deliver(1, c), DeliverStatus::kOk);
    const auto& end = last_of(rig.run_thread(1), "migrate_regs");
    if (part > 255 || entry > 0xffff) {
      ASSERT_EQ(end.trap, Trap::kIllegal) << repro(seed, i);
      ASSERT_EQ(end.op->op, ThreadOp::kDrop);
      ASSERT_EQ(end.op->arg, static_cast<std::uint8_t>(DropReason::kFaultIllegal));
      ASSERT_EQ(end.op->ctx, c);
      continue;
    }
    ASSERT_EQ(end.op->op, ThreadOp::kMigrate) << repro(seed, i);
    ASSERT_EQ(end.op->ctx.target_part, part);
    ASSERT_EQ(end.op->ctx.entry_kind, (entry & 0x8000U) ? EntryKind::kOffset : EntryKind::kIndex);
    ASSERT_EQ(end.op->ctx.entry, entry & 0x7fffU);
  }
}

TEST(Engine, SendDropToHostDone) {
  BATON_REQUIRE_PROGRAMS();
  const auto seed = baton::tb::test_seed();
  Rng rng(seed);
  EngineRig rig("engine_ops");
  struct Case {
    const char* entry;
    ThreadOp op;
    std::uint32_t lo;
    std::uint32_t hi;  // legal a0 range (inclusive); outside it the operation is illegal
  };
  const std::vector<Case> cases{{"e_send", ThreadOp::kSend, 0, 15},
                                {"e_drop", ThreadOp::kDrop, 1, 0x7f},
                                {"e_to_host", ThreadOp::kToHost, 0, 0xffffffffU},
                                {"e_done", ThreadOp::kDone, 0, 0xffffffffU}};
  for (std::uint64_t i = 0; i < 400; ++i) {
    const auto& k = cases[rng.range(0, cases.size() - 1)];
    Ctx c = random_ctx(rng, rig.ctx_for(k.entry));
    const auto pick = rng.range(0, 4);
    std::uint32_t a0 = static_cast<std::uint32_t>(rng.bits(pick == 0 ? 32 : 8));
    if (pick == 1) a0 = k.lo;
    if (pick == 2) a0 = k.hi;
    c.args[0] = a0;
    ASSERT_EQ(rig.tile().deliver(2, c), DeliverStatus::kOk);
    const auto recs = rig.run_thread(2);
    const auto& end = last_of(recs, k.entry);
    ASSERT_EQ(recs.size(), 1U);
    const bool legal = a0 >= k.lo && a0 <= k.hi;
    ASSERT_EQ(end.op->ctx, c) << repro(seed, i);
    if (!legal) {
      ASSERT_EQ(end.trap, Trap::kIllegal) << k.entry << " a0=" << a0 << " " << repro(seed, i);
      ASSERT_EQ(end.op->op, ThreadOp::kDrop);
      ASSERT_EQ(end.op->arg, 0x80);
      continue;
    }
    ASSERT_EQ(end.trap, Trap::kNone) << k.entry << " a0=" << a0 << " " << repro(seed, i);
    ASSERT_EQ(end.op->op, k.op);
    const bool has_arg = k.op == ThreadOp::kSend || k.op == ThreadOp::kDrop;
    ASSERT_EQ(end.op->arg, has_arg ? a0 : 0U);
    ASSERT_EQ(end.rs1, has_arg ? 10 : 0);
    ASSERT_FALSE(rig.tile().running(2));
  }
}

TEST(Engine, PacketWindow) {
  BATON_REQUIRE_PROGRAMS();
  const auto seed = baton::tb::test_seed();
  Rng rng(seed);
  TileConfig cfg = engine_config();
  cfg.watchdog = 20000;  // six instructions per byte of a full-size frame
  EngineRig rig("engine_ops", cfg);
  for (std::uint64_t i = 0; i < 50; ++i) {
    Ctx c = random_ctx(rng, rig.ctx_for("e_packet"));
    c.pkt_len = static_cast<std::uint16_t>(rng.range(14, 1518));
    std::vector<std::uint8_t> frame(c.pkt_len);
    for (auto& b : frame) b = static_cast<std::uint8_t>(rng.bits(8));
    auto& pkt = rig.mem().packet(c.pkt_handle);
    pkt.write_block(0, frame);
    ASSERT_EQ(rig.tile().deliver(3, c), DeliverStatus::kOk);
    const auto& end = last_of(rig.run_thread(3), "packet");
    ASSERT_EQ(end.op->op, ThreadOp::kSend);
    ASSERT_EQ(end.op->arg, c.in_port ^ 1U);
    std::uint32_t sum = 0;
    for (auto b : frame) sum += b;
    ASSERT_EQ(rig.mem().scratch(3).read(0, 4), sum) << repro(seed, i);
    for (std::uint32_t k = 0; k < 6; ++k) {
      ASSERT_EQ(pkt.read8(k), frame[6 + k]) << repro(seed, i);
      ASSERT_EQ(pkt.read8(6 + k), frame[k]) << repro(seed, i);
    }
    for (std::uint32_t k = 12; k < frame.size(); ++k) ASSERT_EQ(pkt.read8(k), frame[k]);
  }
}

TEST(Engine, EveryDataWindow) {
  BATON_REQUIRE_PROGRAMS();
  const auto seed = baton::tb::test_seed();
  Rng rng(seed);
  EngineRig rig("engine_ops");
  std::vector<std::uint32_t> ws(4, 0);
  for (std::uint64_t i = 0; i < 40; ++i) {
    const unsigned t = static_cast<unsigned>(rng.range(0, 3));
    Ctx c = random_ctx(rng, rig.ctx_for("e_windows"));
    ASSERT_EQ(rig.tile().deliver(t, c), DeliverStatus::kOk);
    const auto& end = last_of(rig.run_thread(t), "windows");
    ASSERT_EQ(end.op->op, ThreadOp::kDone) << repro(seed, i);
    ws[t] += c.args[0];
    auto& s = rig.mem().scratch(t);
    ASSERT_EQ(s.read(0, 4), 0xc0ffee11U);                          // rodata
    ASSERT_EQ(s.read(4, 4), 5U + static_cast<std::uint32_t>(i) + 1);  // data, shared by all threads
    ASSERT_EQ(s.read(8, 4), ws[t]) << "workspace is per thread " << repro(seed, i);
    ASSERT_EQ(rig.mem().workspace(t).read(0, 4), ws[t]);
    ASSERT_EQ(rig.mem().stack(c.pkt_handle).read(0, 4), c.args[1]);
    ASSERT_EQ(rig.mem().stack(c.pkt_handle).read(c.sp - kStackBase - 4, 4), c.args[1]);
    ASSERT_EQ(rig.mem().packet(c.pkt_handle).read(2044, 4), c.args[2]);
    ASSERT_EQ(s.read(252, 4), c.args[2]);
    ASSERT_EQ(rig.mem().workspace(t).read(252, 4), c.args[2]);
  }
  ASSERT_EQ(rig.mem().data().read(rig.sym("counter") - kDataBase, 4), 45U);
}

// ---- faults -----------------------------------------------------------------------------------

struct FaultCase {
  std::string entry;
  Trap trap;
  // tval and pc of the faulting record, from the rig (symbols are known only after loading).
  std::function<std::uint32_t(EngineRig&)> tval;
  std::function<std::uint32_t(EngineRig&)> pc;
};

std::function<std::uint32_t(EngineRig&)> at(const std::string& e, std::int32_t delta = 0) {
  return [e, delta](EngineRig& r) { return r.sym(e + "_at") + static_cast<std::uint32_t>(delta); };
}
std::function<std::uint32_t(EngineRig&)> lit(std::uint32_t v) {
  return [v](EngineRig&) { return v; };
}
std::function<std::uint32_t(EngineRig&)> word_at(const std::string& e) {
  return [e](EngineRig& r) { return r.mem().code().read(r.sym(e + "_at"), 4); };
}

std::vector<FaultCase> fault_cases() {
  std::vector<FaultCase> v;
  for (const char* e : {"f_zero_word", "f_ones_word", "f_compressed", "f_ecall", "f_ebreak", "f_csrrw", "f_mret",
                        "f_fence_i", "f_add_funct7", "f_slli_funct7", "f_srai_funct7", "f_jalr_funct3",
                        "f_load_funct3", "f_store_funct3", "f_branch_funct3", "f_amo", "f_custom1",
                        "f_custom0_f3_5", "f_custom0_f3_7", "f_custom0_rd", "f_custom0_funct7", "f_send_rs2",
                        "f_done_rs1", "f_to_host_rs2", "f_drop_zero", "f_drop_hw", "f_drop_big", "f_send_port",
                        "f_migrate_part", "f_migrate_entry"}) {
    v.push_back({e, Trap::kIllegal, word_at(e), at(e)});
  }
  v.push_back({"f_mis_lh", Trap::kMisalignedLoad, lit(0x20000001), at("f_mis_lh")});
  v.push_back({"f_mis_lhu", Trap::kMisalignedLoad, lit(0x20000003), at("f_mis_lhu")});
  v.push_back({"f_mis_lw", Trap::kMisalignedLoad, lit(0x20000002), at("f_mis_lw")});
  v.push_back({"f_mis_sh", Trap::kMisalignedStore, lit(0x20000003), at("f_mis_sh")});
  v.push_back({"f_mis_sw", Trap::kMisalignedStore, lit(0x20000001), at("f_mis_sw")});
  v.push_back({"f_mis_unmapped", Trap::kMisalignedLoad, lit(0x60000002), at("f_mis_unmapped")});
  v.push_back({"f_mis_jal", Trap::kMisalignedJump, at("f_mis_jal", 6), at("f_mis_jal")});
  v.push_back({"f_mis_jalr", Trap::kMisalignedJump, at("f_mis_jalr", 2), at("f_mis_jalr")});
  v.push_back({"f_mis_branch", Trap::kMisalignedJump, at("f_mis_branch", 6), at("f_mis_branch")});
  v.push_back({"f_mis_bltu", Trap::kMisalignedJump, at("f_mis_bltu", -10), at("f_mis_bltu")});
  const std::vector<std::pair<const char*, std::uint32_t>> loads{
      {"f_load_code", 0},
      {"f_load_unmapped_6", 0x60000000},
      {"f_load_unmapped_a", 0xa0000000},
      {"f_load_unmapped_f", 0xfffffffc},
      {"f_load_ctx_end", 0x10000040},
      {"f_load_scratch_end", 0x20000100},
      {"f_load_workspace_end", 0x30000100},
      {"f_load_packet_end", 0x40000800},
      {"f_load_stack_below", 0x4ffffffc},
      {"f_load_rodata_end", 0x80100000}};
  for (const auto& [e, a] : loads) v.push_back({e, Trap::kLoadAccess, lit(a), at(e)});
  const std::vector<std::pair<const char*, std::uint32_t>> stores{
      {"f_store_code", 0},
      {"f_store_stack_end", 0x50000800},
      {"f_store_rodata", 0x80000000},
      {"f_store_data_end", 0x90100000},
      {"f_store_ctx_handle", 0x10000000},
      {"f_store_ctx_sb", 0x10000004},
      {"f_store_ctx_sh_hi", 0x10000006},
      {"f_store_ctx_big", 0x10000004},
      {"f_store_ctx_upper", 0x10000004}};
  for (const auto& [e, a] : stores) v.push_back({e, Trap::kStoreAccess, lit(a), at(e)});
  v.push_back({"f_fetch_packet", Trap::kFetchAccess, lit(0x40000000), lit(0x40000000)});
  v.push_back({"f_fetch_beyond_code", Trap::kFetchAccess, lit(0x01000000), lit(0x01000000)});
  v.push_back({"f_fetch_not_resident", Trap::kFetchAccess, lit(0x00100000), lit(0x00100000)});
  return v;
}

TEST(Faults, EveryKindEndsThePacketWithItsReason) {
  BATON_REQUIRE_PROGRAMS();
  const auto seed = baton::tb::test_seed();
  Rng rng(seed);
  EngineRig rig("engine_faults");
  // Only the image's own pages are resident, so 0x00100000 is a code address that is not.
  rig.mem().restrict_residency();
  rig.mem().set_resident(rig.text_start(), rig.text_end() - rig.text_start(), true);
  const auto cases = fault_cases();
  std::uint64_t n = 0;
  for (const auto& k : cases) {
    const Ctx c = random_ctx(rng, rig.ctx_for(k.entry));
    const unsigned t = static_cast<unsigned>(rng.range(0, 3));
    const std::uint32_t code0 = rig.mem().code().read(0, 4);
    const std::uint32_t ro0 = rig.mem().rodata().read(0, 4);
    ASSERT_EQ(rig.tile().deliver(t, c), DeliverStatus::kOk) << k.entry;
    const auto recs = rig.run_thread(t, 100);
    const auto& end = last_of(recs, k.entry);
    const std::string why = k.entry + " " + repro(seed, n++);
    ASSERT_EQ(end.trap, k.trap) << why << " got " << trap_name(end.trap);
    EXPECT_EQ(end.tval, k.tval(rig)) << why;
    EXPECT_EQ(end.pc, k.pc(rig)) << why;
    EXPECT_EQ(end.insn, k.trap == Trap::kFetchAccess ? 0U : rig.mem().code().read(end.pc, 4)) << why;
    EXPECT_EQ(end.op->op, ThreadOp::kDrop) << why;
    EXPECT_EQ(end.op->arg, static_cast<std::uint8_t>(drop_reason(k.trap))) << why;
    EXPECT_EQ(end.op->ctx, c) << "a fault sends the context as delivered: " << why;
    EXPECT_EQ(end.rd | end.rs1 | end.rs2 | end.mem_rmask | end.mem_wmask, 0) << why;
    EXPECT_EQ(end.rd_val | end.rs1_val | end.rs2_val | end.mem_addr | end.mem_rdata | end.mem_wdata, 0U) << why;
    EXPECT_FALSE(rig.tile().running(t)) << why;
    EXPECT_EQ(rig.mem().code().read(0, 4), code0) << "store had an effect: " << why;
    EXPECT_EQ(rig.mem().rodata().read(0, 4), ro0) << "store had an effect: " << why;
  }
}

TEST(Faults, ReasonsMatchThePackage) {
  EXPECT_EQ(static_cast<int>(drop_reason(Trap::kIllegal)), 0x80);
  EXPECT_EQ(static_cast<int>(drop_reason(Trap::kMisalignedJump)), 0x81);
  EXPECT_EQ(static_cast<int>(drop_reason(Trap::kMisalignedLoad)), 0x81);
  EXPECT_EQ(static_cast<int>(drop_reason(Trap::kMisalignedStore)), 0x81);
  EXPECT_EQ(static_cast<int>(drop_reason(Trap::kFetchAccess)), 0x82);
  EXPECT_EQ(static_cast<int>(drop_reason(Trap::kLoadAccess)), 0x82);
  EXPECT_EQ(static_cast<int>(drop_reason(Trap::kStoreAccess)), 0x82);
  EXPECT_EQ(static_cast<int>(drop_reason(Trap::kWatchdog)), 0x83);
}

TEST(Faults, BranchNotTakenNeverFaults) {
  BATON_REQUIRE_PROGRAMS();
  EngineRig rig("engine_faults");
  ASSERT_EQ(rig.tile().deliver(0, rig.ctx_for("f_branch_not_taken")), DeliverStatus::kOk);
  const auto recs = rig.run_thread(0);
  const auto& end = last_of(recs, "branch_not_taken");
  EXPECT_EQ(end.trap, Trap::kNone);
  EXPECT_EQ(end.op->op, ThreadOp::kDone);
  EXPECT_EQ(recs.size(), 4U);
}

TEST(Faults, WatchdogBudget) {
  BATON_REQUIRE_PROGRAMS();
  const auto seed = baton::tb::test_seed();
  Rng rng(seed);
  for (int i = 0; i < 10; ++i) {
    TileConfig cfg = engine_config();
    cfg.watchdog = static_cast<std::uint32_t>(rng.range(1, 5000));
    EngineRig rig("engine_faults", cfg);
    const Ctx c = rig.ctx_for("f_loop");
    ASSERT_EQ(rig.tile().deliver(1, c), DeliverStatus::kOk);
    const auto recs = rig.run_thread(1);
    ASSERT_EQ(recs.size(), cfg.watchdog + 1U) << repro(seed, static_cast<std::uint64_t>(i));
    const auto& end = last_of(recs, "loop");
    EXPECT_EQ(end.trap, Trap::kWatchdog);
    EXPECT_EQ(end.pc, rig.sym("f_loop_at"));
    EXPECT_EQ(end.insn, 0U);
    EXPECT_EQ(end.tval, 0U);
    EXPECT_EQ(end.op->arg, 0x83);
    // A new delivery starts a new budget.
    ASSERT_EQ(rig.tile().deliver(1, c), DeliverStatus::kOk);
    EXPECT_EQ(rig.run_thread(1).size(), cfg.watchdog + 1U);
  }
  // The B-th instruction may be a thread operation; the (B+1)-th never starts.
  for (std::uint32_t budget : {2U, 3U, 4U}) {
    TileConfig cfg = engine_config();
    cfg.watchdog = budget;
    EngineRig rig("engine_faults", cfg);
    ASSERT_EQ(rig.tile().deliver(0, rig.ctx_for("f_three")), DeliverStatus::kOk);
    const auto recs = rig.run_thread(0);
    const auto& end = last_of(recs, "three");
    if (budget >= 3) {
      EXPECT_EQ(end.op->op, ThreadOp::kDone) << budget;
      EXPECT_EQ(recs.size(), 3U);
    } else {
      EXPECT_EQ(end.trap, Trap::kWatchdog) << budget;
      EXPECT_EQ(end.pc, rig.sym("f_three_at"));
    }
  }
  // Budget 0 is off.
  TileConfig cfg = engine_config();
  cfg.watchdog = 0;
  EngineRig rig("engine_faults", cfg);
  ASSERT_EQ(rig.tile().deliver(0, rig.ctx_for("f_loop")), DeliverStatus::kOk);
  EXPECT_EQ(rig.run_thread(0, 20000).size(), 20000U);
  EXPECT_TRUE(rig.tile().running(0));
}

// ---- delivery -----------------------------------------------------------------------------------

TEST(Delivery, StatusAndEntryKinds) {
  BATON_REQUIRE_PROGRAMS();
  EngineRig rig("engine_ops");
  // A second partition with an entry table: index 0 -> e_done, 1 -> e_send.
  StaticPartitionMap::Partition p;
  p.base = rig.text_start();
  p.bytes = rig.text_end() - rig.text_start();
  p.entries = {rig.sym("e_done"), rig.sym("e_send")};
  rig.parts().add(2, p);
  Ctx c;
  c.target_part = 2;
  c.entry_kind = EntryKind::kIndex;
  c.entry = 1;
  ASSERT_EQ(rig.tile().deliver(0, c), DeliverStatus::kOk);
  EXPECT_EQ(rig.tile().hart(0).pc, rig.sym("e_send"));
  EXPECT_EQ(rig.tile().deliver(0, c), DeliverStatus::kBusy);
  c.entry = 2;
  EXPECT_EQ(rig.tile().deliver(1, c), DeliverStatus::kMissing);
  c.target_part = 9;
  c.entry = 0;
  EXPECT_EQ(rig.tile().deliver(1, c), DeliverStatus::kMissing);
  c.target_part = 1;
  c.entry_kind = EntryKind::kOffset;
  c.entry = static_cast<std::uint16_t>(p.bytes / 4);  // one past the last word
  EXPECT_EQ(rig.tile().deliver(1, c), DeliverStatus::kMissing);
  c.entry = static_cast<std::uint16_t>(p.bytes / 4 - 1);
  EXPECT_EQ(rig.tile().deliver(1, c), DeliverStatus::kOk);
  rig.parts().set_resident(2, false);
  c.target_part = 2;
  c.entry_kind = EntryKind::kIndex;
  c.entry = 0;
  EXPECT_EQ(rig.tile().deliver(2, c), DeliverStatus::kNotResident);
  EXPECT_FALSE(rig.tile().running(2));
  EXPECT_EQ(rig.tile().free_thread(), 2U);
}

}  // namespace
}  // namespace baton::iss
