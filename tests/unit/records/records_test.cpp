// SPDX-License-Identifier: Apache-2.0
// The C++ mirror of the shared records (sw/common/include/baton/records.hpp) must lay out every
// field exactly as rtl/pkg/baton_pkg.sv does. The RTL probe unpacks the records with the package's
// own field names; random records packed by C++ must come out field for field.
#include <gtest/gtest.h>

#include "Vrecords_probe.h"
#include "baton/records.hpp"
#include "baton/tb/config.hpp"
#include "baton/tb/port.hpp"
#include "baton/tb/rng.hpp"

namespace {

using baton::tb::Rng;

baton::Ctx random_ctx(Rng& rng) {
  baton::Ctx c;
  c.pkt_handle = static_cast<std::uint16_t>(rng.bits(16));
  c.pkt_len = static_cast<std::uint16_t>(rng.bits(16));
  c.in_port = static_cast<std::uint8_t>(rng.bits(4));
  c.arrival = static_cast<std::uint32_t>(rng.bits(32));
  c.seq = static_cast<std::uint16_t>(rng.bits(16));
  c.flow = static_cast<std::uint32_t>(rng.bits(20));
  c.event_type = static_cast<std::uint8_t>(rng.bits(8));
  c.target_part = static_cast<std::uint8_t>(rng.bits(8));
  c.entry_kind = rng.chance(0.5) ? baton::EntryKind::kOffset : baton::EntryKind::kIndex;
  c.entry = static_cast<std::uint16_t>(rng.bits(15));
  c.sp = static_cast<std::uint32_t>(rng.bits(32));
  c.fs_status = static_cast<std::uint8_t>(rng.bits(4));
  c.fs_slot = static_cast<std::uint8_t>(rng.bits(6));
  for (auto& a : c.args) a = static_cast<std::uint32_t>(rng.bits(32));
  return c;
}

// One-hot records catch swapped or shifted fields that random values could mask.
baton::Ctx one_field_all_ones(std::size_t field) {
  baton::CtxBits b;
  b.set(baton::field_lsb(baton::kCtxFields, field) , std::min<std::size_t>(baton::kCtxFields[field].width, 64), ~0ULL);
  if (baton::kCtxFields[field].width > 64) {
    for (std::size_t lsb = 64; lsb < baton::kCtxFields[field].width; lsb += 64) {
      b.set(baton::field_lsb(baton::kCtxFields, field) + lsb,
            std::min<std::size_t>(baton::kCtxFields[field].width - lsb, 64), ~0ULL);
    }
  }
  return baton::unpack_ctx(b);
}

class RecordsTest : public ::testing::Test {
 protected:
  VerilatedContext vctx;
  Vrecords_probe dut{&vctx};

  void check_ctx_fields(const baton::Ctx& c) {
    baton::tb::write_port(dut.ctx_i, baton::pack(c));
    dut.eval();
    EXPECT_EQ(dut.pkt_handle_o, c.pkt_handle);
    EXPECT_EQ(dut.pkt_len_o, c.pkt_len);
    EXPECT_EQ(dut.in_port_o, c.in_port);
    EXPECT_EQ(dut.arrival_o, c.arrival);
    EXPECT_EQ(dut.seq_o, c.seq);
    EXPECT_EQ(dut.flow_o, c.flow);
    EXPECT_EQ(dut.event_type_o, c.event_type);
    EXPECT_EQ(dut.target_part_o, c.target_part);
    EXPECT_EQ(dut.entry_kind_o, static_cast<unsigned>(c.entry_kind));
    EXPECT_EQ(dut.entry_o, c.entry);
    EXPECT_EQ(dut.sp_o, c.sp);
    EXPECT_EQ(dut.fs_status_o, c.fs_status);
    EXPECT_EQ(dut.fs_slot_o, c.fs_slot);
    EXPECT_EQ(dut.arg0_o, c.args[0]);
    EXPECT_EQ(dut.arg3_o, c.args[3]);
  }
};

TEST_F(RecordsTest, WidthsMatchThePackage) {
  dut.eval();
  EXPECT_EQ(dut.ctx_bits_o, baton::kCtxWidth);
  EXPECT_EQ(dut.mig_bits_o, baton::kMigReqWidth);
  EXPECT_EQ(dut.op_bits_o, baton::kThreadOpWidth);
}

TEST_F(RecordsTest, EachFieldAloneLandsInItsRtlField) {
  for (std::size_t f = 0; f < baton::kCtxFields.size(); ++f) {
    SCOPED_TRACE(std::string(baton::kCtxFields[f].name));
    check_ctx_fields(one_field_all_ones(f));
  }
}

TEST_F(RecordsTest, RandomContextsMatchFieldByField) {
  Rng rng(baton::tb::test_seed());
  for (int i = 0; i < 2000; ++i) {
    const auto c = random_ctx(rng);
    check_ctx_fields(c);
    ASSERT_EQ(baton::unpack_ctx(baton::pack(c)), c) << "pack/unpack round trip, seed " << rng.seed();
    if (HasFailure()) FAIL() << "seed " << rng.seed() << " iteration " << i;
  }
}

TEST_F(RecordsTest, MigrationRequestAndThreadOpMatch) {
  Rng rng(baton::tb::test_seed());
  for (int i = 0; i < 1000; ++i) {
    baton::MigReq m{rng.chance(0.5), static_cast<std::uint8_t>(rng.bits(6)),
                    static_cast<std::uint8_t>(rng.bits(3)), random_ctx(rng)};
    baton::ThreadOpRec t{static_cast<baton::ThreadOp>(rng.range(0, 4)),
                         static_cast<std::uint8_t>(rng.bits(8)), static_cast<std::uint8_t>(rng.bits(6)),
                         static_cast<std::uint8_t>(rng.bits(3)), random_ctx(rng)};
    baton::tb::write_port(dut.mig_i, baton::pack(m));
    baton::tb::write_port(dut.op_i, baton::pack(t));
    dut.eval();
    EXPECT_EQ(dut.mig_from_thread_o, m.from_thread ? 1U : 0U);
    EXPECT_EQ(dut.mig_src_tile_o, m.src_tile);
    EXPECT_EQ(dut.mig_src_thread_o, m.src_thread);
    EXPECT_EQ(baton::tb::read_port<baton::CtxBits>(dut.mig_ctx_o), baton::pack(m.ctx));
    EXPECT_EQ(dut.op_op_o, static_cast<unsigned>(t.op));
    EXPECT_EQ(dut.op_arg_o, t.arg);
    EXPECT_EQ(dut.op_src_tile_o, t.src_tile);
    EXPECT_EQ(dut.op_src_thread_o, t.src_thread);
    EXPECT_EQ(baton::tb::read_port<baton::CtxBits>(dut.op_ctx_o), baton::pack(t.ctx));
    EXPECT_EQ(baton::unpack_mig_req(baton::pack(m)), m);
    EXPECT_EQ(baton::unpack_thread_op(baton::pack(t)), t);
    if (HasFailure()) FAIL() << "seed " << rng.seed() << " iteration " << i;
  }
}

}  // namespace
