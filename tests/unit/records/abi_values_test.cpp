// SPDX-License-Identifier: Apache-2.0
// The ABI constants as the RTL sees them (baton_abi_pkg, verilated through tb/rtl/tb_abi_probe.sv)
// must equal the C++ header baton/abi.hpp. Both are generated from abi/baton_abi.toml; this test
// catches a generator whose SystemVerilog and C++ outputs disagree, or a hand edit of either.
#include <gtest/gtest.h>

#include <array>
#include <cstdint>

#include "Vabi_probe.h"
#include "baton/abi.hpp"

namespace {

namespace abi = baton::abi;

class AbiValuesTest : public ::testing::Test {
 protected:
  VerilatedContext vctx;
  Vabi_probe dut{&vctx};

  void select(unsigned idx) {
    dut.idx_i = static_cast<std::uint8_t>(idx);
    dut.eval();
  }
};

TEST_F(AbiValuesTest, Windows) {
  // The probe lists the windows in this order, by name.
  const std::array<std::uint32_t, 11> sel{abi::kCodeSelect,    abi::kCtxSelect,     abi::kScratchSelect,
                                          abi::kWorkspaceSelect, abi::kPktSelect,   abi::kStackSelect,
                                          abi::kLookupSelect,  abi::kRodataSelect,  abi::kDataSelect,
                                          abi::kBareImemSelect, abi::kBareDmemSelect};
  const std::array<std::uint32_t, 11> base{abi::kCodeBase,   abi::kCtxBase,  abi::kScratchBase, abi::kWorkspaceBase,
                                           abi::kPktBase,    abi::kStackBase, abi::kLookupBase, abi::kRodataBase,
                                           abi::kDataBase,   abi::kBareImemBase, abi::kBareDmemBase};
  const std::array<std::uint32_t, 11> bytes{abi::kCodeBytes,   abi::kCtxBytes,   abi::kScratchBytes,
                                            abi::kWorkspaceBytes, abi::kPktBytes, abi::kStackBytes,
                                            abi::kLookupBytes, abi::kRodataBytes, abi::kDataBytes,
                                            abi::kBareImemBytes, abi::kBareDmemBytes};
  ASSERT_EQ(abi::kWindows.size(), sel.size());
  for (unsigned i = 0; i < sel.size(); ++i) {
    SCOPED_TRACE(abi::kWindows[i].name);
    select(i);
    EXPECT_EQ(dut.win_sel_o, sel[i]);
    EXPECT_EQ(dut.win_base_o, base[i]);
    EXPECT_EQ(dut.win_bytes_o, bytes[i]);
    EXPECT_EQ(dut.win_base_o, dut.win_sel_o << abi::kWindowShift);
    // The table of the C++ header agrees with its named constants.
    EXPECT_EQ(abi::kWindows[i].select, sel[i]);
    EXPECT_EQ(abi::kWindows[i].base, base[i]);
    EXPECT_EQ(abi::kWindows[i].bytes, bytes[i]);
  }
  EXPECT_EQ(dut.window_shift_o, abi::kWindowShift);
}

TEST_F(AbiValuesTest, EventsAndFlowState) {
  using E = abi::EventType;
  const std::array<E, 14> types{E::kOther, E::kArp,      E::kIpv4,   E::kIpv6,       E::kTcp,
                                E::kUdp,   E::kIcmp,     E::kFragment, E::kTcpSyn,   E::kTcpSynack,
                                E::kTcpFin, E::kTcpRst,  E::kTimeout, E::kGenerated};
  for (unsigned i = 0; i < types.size(); ++i) {
    select(i);
    EXPECT_EQ(dut.ev_type_o, static_cast<unsigned>(types[i])) << "event type " << i;
  }
  EXPECT_EQ(dut.ev_bits_o, (abi::kEventTypeBits << 16) | abi::kEventClassBits);
  namespace fs = abi::flow_state;
  using S = fs::Status;
  const std::array<S, 11> st{S::kHit,      S::kInserted, S::kMiss,     S::kFull,      S::kBusy, S::kDeleted,
                             S::kDelMiss,  S::kTimeout,  S::kTmoStale, S::kGenerated, S::kNone};
  for (unsigned i = 0; i < st.size(); ++i) {
    select(i);
    EXPECT_EQ(dut.fs_status_o, static_cast<unsigned>(st[i])) << "status " << i;
  }
  using R = fs::Reg;
  const std::array<R, 7> regs{R::kFlow, R::kStatus, R::kTimerSet, R::kTimerCancel, R::kTimerClass, R::kDelete,
                              R::kGenEvent};
  for (unsigned i = 0; i < regs.size(); ++i) {
    select(i);
    EXPECT_EQ(dut.fs_reg_o, static_cast<std::uint32_t>(regs[i])) << "register " << i;
  }
  const std::array<std::uint32_t, 6> layout{fs::kPortionBytes, fs::kPrivateOffset, fs::kSharedOffset,
                                            fs::kStateBytes,   fs::kScratchOffset, fs::kScratchBytes};
  for (unsigned i = 0; i < layout.size(); ++i) {
    select(i);
    EXPECT_EQ(dut.fs_layout_o, layout[i]) << "layout value " << i;
  }
}

TEST_F(AbiValuesTest, ContextWords) {
  using W = abi::CtxWord;
  const std::array<W, 16> words{W::kPktHandle, W::kPktLen, W::kInPort,  W::kArrival,    W::kSeq,   W::kFlow,
                                W::kEventType, W::kTargetPart, W::kEntryWord, W::kSp,  W::kArg0, W::kArg1,
                                W::kArg2,      W::kArg3,   W::kTileId,  W::kThreadId};
  select(0);
  EXPECT_EQ(dut.ctx_words_o, abi::kCtxWords);
  for (unsigned i = 0; i < words.size(); ++i) {
    SCOPED_TRACE(abi::kCtxWordNames[i]);
    select(i);
    EXPECT_EQ(dut.ctx_word_o, static_cast<unsigned>(words[i]));
  }
}

TEST_F(AbiValuesTest, ThreadOperationsAndEntryKinds) {
  using O = abi::ThreadOp;
  const std::array<O, 5> ops{O::kMigrate, O::kSend, O::kDrop, O::kToHost, O::kDone};
  for (unsigned i = 0; i < ops.size(); ++i) {
    select(i);
    EXPECT_EQ(dut.op_o, static_cast<unsigned>(ops[i])) << "op " << i;
  }
  EXPECT_EQ(dut.opcode_o, abi::kOpcodeCustom0);
  EXPECT_EQ(dut.entry_kind_bit_o, abi::kEntryKindBit);
  EXPECT_EQ(dut.entry_index_o, static_cast<unsigned>(abi::EntryKind::kIndex));
  EXPECT_EQ(dut.entry_offset_o, static_cast<unsigned>(abi::EntryKind::kOffset));
}

TEST_F(AbiValuesTest, DropReasons) {
  using D = abi::DropReason;
  const std::array<D, 14> reasons{D::kNone,          D::kFaultIllegal, D::kFaultMisalign, D::kFaultAccess,
                                  D::kFaultWatchdog, D::kNoPartition,  D::kBufferFull,    D::kQueueFull,
                                  D::kRunt,          D::kOversize,     D::kTuserError,    D::kMalformed,
                                  D::kBadChecksum,   D::kBadPort};
  for (unsigned i = 0; i < reasons.size(); ++i) {
    select(i);
    EXPECT_EQ(dut.drop_o, static_cast<unsigned>(reasons[i])) << "reason " << i;
    if (i > 0) EXPECT_FALSE(abi::drop_reason_label(dut.drop_o).empty()) << "reason " << i;
  }
  EXPECT_EQ(abi::kHardwareDropReasons.size(), reasons.size() - 1);
  EXPECT_EQ(dut.drop_fw_min_o, abi::kDropFirmwareMin);
  EXPECT_EQ(dut.drop_fw_max_o, abi::kDropFirmwareMax);
  EXPECT_EQ(dut.drop_sdk_no_function_o, abi::kDropSdkNoFunction);
  EXPECT_EQ(dut.drop_sdk_entry_returned_o, abi::kDropSdkEntryReturned);
}

TEST_F(AbiValuesTest, LoaderAndDefaults) {
  select(0);
  EXPECT_EQ(dut.ld_dest_all_tiles_o, abi::kLoaderDestAllTiles);
  EXPECT_EQ(dut.ld_dest_shared_o, abi::kLoaderDestShared);
  using K = abi::LoaderKind;
  const std::array<K, 4> kinds{K::kImem, K::kPageSlot, K::kPartSlot, K::kPtab};
  for (unsigned i = 0; i < kinds.size(); ++i) {
    select(i);
    EXPECT_EQ(dut.ld_kind_o, static_cast<unsigned>(kinds[i])) << "kind " << i;
  }
  const std::array<std::uint32_t, 6> layout{abi::kLoaderSlotValidBit,  abi::kLoaderPtabWordsPerSlot,
                                            abi::kLoaderPtabWordBase,  abi::kLoaderPtabWordEnd,
                                            abi::kLoaderPtabWordEntries, abi::kLoaderPtabEntryCountLsb};
  for (unsigned i = 0; i < layout.size(); ++i) {
    select(i);
    EXPECT_EQ(dut.ld_layout_o, layout[i]) << "loader layout " << i;
  }
  namespace ec = abi::egress_counter;
  const std::array<std::uint32_t, 4> counters{ec::kIndexBits, ec::kTxBase, ec::kToHost, ec::kDone};
  for (unsigned i = 0; i < counters.size(); ++i) {
    select(i);
    EXPECT_EQ(dut.eg_cnt_o, counters[i]) << "egress counter index " << i;
  }
  namespace e = abi::engine_default;
  const std::array<std::uint32_t, 15> engine{e::kNumTiles,  e::kThreadsPerTile, e::kNumPorts,    e::kDataW,
                                             e::kNumSlots,  e::kNumParts,       e::kImemBytes,   e::kPageBytes,
                                             e::kPartSlots, e::kPtabWords,      e::kRodataBytes, e::kDataBytes,
                                             e::kWatchdogBudget, e::kSlotBytes, e::kStackBytes};
  for (unsigned i = 0; i < engine.size(); ++i) {
    select(i);
    EXPECT_EQ(dut.engine_def_o, engine[i]) << "engine default " << i;
  }
  namespace t = abi::tile_default;
  const std::array<std::uint32_t, 4> tile{t::kNumThreads, t::kNumPorts, t::kWatchdogBudget, t::kPageBytes};
  for (unsigned i = 0; i < tile.size(); ++i) {
    select(i);
    EXPECT_EQ(dut.tile_def_o, tile[i]) << "tile default " << i;
  }
}

}  // namespace
