// SPDX-License-Identifier: Apache-2.0
// Register map of the context manager's CSR port, from the header PeakRDL generates from
// rtl/cm/baton_cm_regs.rdl (docs/registers.md; tables in docs/cm.md). Byte addresses
// of 32-bit words.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>

#include "baton_cm_part_regs.h"
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
inline constexpr std::uint16_t kPartBase = detail::at(offsetof(baton_cm_regs_t, PARTS_A));
// One partition's registers: the entry layout baton_cm_part_regs of the same RDL file
// (baton_cm_part_regs.h), one entry every kPartStride bytes.
inline constexpr std::uint16_t kPartStride = detail::at(std::bit_ceil(sizeof(baton_cm_part_regs_t)));
inline constexpr std::uint16_t kPCfg = detail::at(offsetof(baton_cm_part_regs_t, PCFG));
inline constexpr std::uint16_t kPTilesLo = detail::at(offsetof(baton_cm_part_regs_t, TILES_LO));
inline constexpr std::uint16_t kPTilesHi = detail::at(offsetof(baton_cm_part_regs_t, TILES_HI));
inline constexpr std::uint16_t kPDepth = detail::at(offsetof(baton_cm_part_regs_t, DEPTH));
inline constexpr std::uint16_t kPEnq = detail::at(offsetof(baton_cm_part_regs_t, ENQ));
inline constexpr std::uint16_t kPDeq = detail::at(offsetof(baton_cm_part_regs_t, DEQ));
inline constexpr std::uint16_t kPByp = detail::at(offsetof(baton_cm_part_regs_t, BYP));
inline constexpr std::uint16_t kPWait = detail::at(offsetof(baton_cm_part_regs_t, WAIT));

// PCFG and DEPTH fields (bit positions and widths from the same header).
inline constexpr unsigned kPCfgAgeReqBit = BATON_CM_PART_REGS__PCFG__AGE_REQ_bp;
inline constexpr unsigned kPCfgAbsentBit = BATON_CM_PART_REGS__PCFG__ABSENT_bp;
inline constexpr unsigned kPCfgAgeEffBit = BATON_CM_PART_REGS__PCFG__AGE_EFF_bp;
inline constexpr unsigned kPCfgLoadReqBit = BATON_CM_PART_REGS__PCFG__LOAD_REQ_bp;
inline constexpr unsigned kPCfgImbalanceBit = BATON_CM_PART_REGS__PCFG__IMBALANCE_bp;
inline constexpr unsigned kPDepthWaitingBit = BATON_CM_PART_REGS__DEPTH__WAITING_bp;
inline constexpr unsigned kPDepthHwmBit = BATON_CM_PART_REGS__DEPTH__HWM_bp;

inline constexpr std::uint32_t kIdValue = BATON_CM_REGS__ID__VALUE_reset;

constexpr std::uint16_t part(unsigned p, std::uint16_t word) {
  return static_cast<std::uint16_t>(kPartBase + p * kPartStride + word);
}

}  // namespace baton::model::cm::reg
