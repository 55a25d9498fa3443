// Register map of the context manager's CSR port, as documented in docs/context-manager.md.
// Byte addresses of 32-bit words.
#pragma once

#include <cstdint>

namespace baton::model::cm::reg {

inline constexpr std::uint16_t kId = 0x0000;
inline constexpr std::uint16_t kNumParts = 0x0004;
inline constexpr std::uint16_t kCapacity = 0x0008;
inline constexpr std::uint16_t kTopo = 0x000C;        // [15:0] tiles, [31:16] threads per tile
inline constexpr std::uint16_t kCtrl = 0x0010;        // [0] bypass enable (reset 1)
inline constexpr std::uint16_t kClear = 0x0014;       // write: zero every statistic
inline constexpr std::uint16_t kImbThresh = 0x0018;   // [15:0] cycles, 0 = off
inline constexpr std::uint16_t kInflight = 0x001C;
inline constexpr std::uint16_t kStored = 0x0020;
inline constexpr std::uint16_t kMigCount = 0x0024;
inline constexpr std::uint16_t kNewCount = 0x0028;
inline constexpr std::uint16_t kDropCount = 0x002C;
inline constexpr std::uint16_t kDlvCount = 0x0030;
inline constexpr std::uint16_t kAdmitStall = 0x0034;
inline constexpr std::uint16_t kImbalanceBase = 0x0040;  // 8 words, bit p%32 of word p/32
inline constexpr std::uint16_t kLoadReqBase = 0x0060;    // 8 words, bit p%32 of word p/32
inline constexpr std::uint16_t kBusyBase = 0x0080;       // 16 words, byte t%4 of word t/4
inline constexpr std::uint16_t kPartBase = 0x0400;       // 32 bytes per partition
inline constexpr std::uint16_t kPartStride = 0x20;

// Per-partition words (offset from kPartBase + p * kPartStride).
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

inline constexpr std::uint32_t kIdValue = 0x42434D01;

constexpr std::uint16_t part(unsigned p, std::uint16_t word) {
  return static_cast<std::uint16_t>(kPartBase + p * kPartStride + word);
}

}  // namespace baton::model::cm::reg
