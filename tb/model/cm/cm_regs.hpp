// SPDX-License-Identifier: Apache-2.0
// Register map of the context manager's CSR port, from the header PeakRDL generates from
// rtl/cm/baton_cm_regs.rdl (docs/registers.md; tables in docs/context-manager.md). Byte addresses
// of 32-bit words.
#pragma once

#include <cstddef>
#include <cstdint>

#include "baton_cm_regs.h"

namespace baton::model::cm::reg {

namespace detail {
constexpr std::uint16_t at(std::size_t offset) { return static_cast<std::uint16_t>(offset); }
}  // namespace detail

inline constexpr std::uint16_t kId = detail::at(offsetof(baton_cm_regs_t, ID));
inline constexpr std::uint16_t kNumParts = detail::at(offsetof(baton_cm_regs_t, NUM_PARTS));
inline constexpr std::uint16_t kCapacity = detail::at(offsetof(baton_cm_regs_t, CAPACITY));
inline constexpr std::uint16_t kTopo = detail::at(offsetof(baton_cm_regs_t, TOPO));
inline constexpr std::uint16_t kCtrl = detail::at(offsetof(baton_cm_regs_t, CTRL));
inline constexpr std::uint16_t kClear = detail::at(offsetof(baton_cm_regs_t, CLEAR));
inline constexpr std::uint16_t kImbThresh = detail::at(offsetof(baton_cm_regs_t, IMB_THRESH));
inline constexpr std::uint16_t kInflight = detail::at(offsetof(baton_cm_regs_t, INFLIGHT));
inline constexpr std::uint16_t kStored = detail::at(offsetof(baton_cm_regs_t, STORED));
inline constexpr std::uint16_t kMigCount = detail::at(offsetof(baton_cm_regs_t, MIG_COUNT));
inline constexpr std::uint16_t kNewCount = detail::at(offsetof(baton_cm_regs_t, NEW_COUNT));
inline constexpr std::uint16_t kDropCount = detail::at(offsetof(baton_cm_regs_t, DROP_COUNT));
inline constexpr std::uint16_t kDlvCount = detail::at(offsetof(baton_cm_regs_t, DLV_COUNT));
inline constexpr std::uint16_t kAdmitStall = detail::at(offsetof(baton_cm_regs_t, ADMIT_STALL));
inline constexpr std::uint16_t kImbalanceBase = detail::at(offsetof(baton_cm_regs_t, IMBALANCE));  // bit p%32 of word p/32
inline constexpr std::uint16_t kLoadReqBase = detail::at(offsetof(baton_cm_regs_t, LOAD_REQ));     // bit p%32 of word p/32
inline constexpr std::uint16_t kBusyBase = detail::at(offsetof(baton_cm_regs_t, BUSY));            // byte t%4 of word t/4
inline constexpr std::uint16_t kPartBase = detail::at(offsetof(baton_cm_regs_t, PARTS_A));        // 32 bytes per partition
inline constexpr std::uint16_t kPartStride = 0x20;

// Per-partition words (offset from kPartBase + p * kPartStride), as the RDL's partition register
// describes them.
inline constexpr std::uint16_t kPCfg = 0x00;     // [0] age order, [1] absent (RW);
                                                 // [8] age order in effect, [9] load requested,
                                                 // [10] imbalance (RO)
inline constexpr std::uint16_t kPTilesLo = 0x04;  // tiles 0..31 holding the partition
inline constexpr std::uint16_t kPTilesHi = 0x08;  // tiles 32..63
inline constexpr std::uint16_t kPDepth = 0x0C;    // [15:0] waiting, [31:16] high-water mark
inline constexpr std::uint16_t kPEnq = 0x10;
inline constexpr std::uint16_t kPDeq = 0x14;
inline constexpr std::uint16_t kPByp = 0x18;
inline constexpr std::uint16_t kPWait = 0x1C;

inline constexpr std::uint32_t kIdValue = BATON_CM_REGS__ID__VALUE_reset;

constexpr std::uint16_t part(unsigned p, std::uint16_t word) {
  return static_cast<std::uint16_t>(kPartBase + p * kPartStride + word);
}

}  // namespace baton::model::cm::reg
