// SPDX-License-Identifier: Apache-2.0
// Tile parameters and the window layout of docs/abi.md sections 4, 5 and 11.
#pragma once

#include <cstdint>
#include <optional>

#include "baton/abi.hpp"

namespace baton::iss {

enum class Mode : std::uint8_t { kEngine, kBare };

// A window of the thread address space (docs/abi.md section 4/5); bits [31:28] select it.
enum class Region : std::uint8_t {
  kCode,  // engine code window, bare IMEM
  kContext,
  kScratch,
  kWorkspace,
  kPacket,
  kStack,
  kRodata,
  kData,
  kDmem,    // bare mode
  kLookup,  // engine lookup window (flow state, docs/abi.md section 13), with Layout::flow_state
};

enum class AccessKind : std::uint8_t { kFetch, kLoad, kStore };

// The window map is the ABI's (baton/abi.hpp, generated from abi/baton_abi.toml).
inline constexpr std::uint32_t kWindowShift = abi::kWindowShift;
inline constexpr std::uint32_t kOffsetMask = abi::kOffsetMask;
inline constexpr std::uint32_t kCodeBase = abi::kCodeBase;
inline constexpr std::uint32_t kContextBase = abi::kCtxBase;
inline constexpr std::uint32_t kScratchBase = abi::kScratchBase;
inline constexpr std::uint32_t kWorkspaceBase = abi::kWorkspaceBase;
inline constexpr std::uint32_t kPacketBase = abi::kPktBase;
inline constexpr std::uint32_t kStackBase = abi::kStackBase;
inline constexpr std::uint32_t kRodataBase = abi::kRodataBase;
inline constexpr std::uint32_t kDataBase = abi::kDataBase;
inline constexpr std::uint32_t kDmemBase = abi::kBareDmemBase;
inline constexpr std::uint32_t kLookupBase = abi::kLookupBase;
inline constexpr std::uint32_t kContextBytes = abi::kCtxBytes;
inline constexpr std::uint32_t kCtxPktLenOffset = abi::ctx_offset(abi::CtxWord::kPktLen);

struct Layout {
  Mode mode = Mode::kEngine;
  // Engine mode.
  std::uint32_t code_bytes = abi::kCodeBytes;
  std::uint32_t scratch_bytes = abi::kScratchBytes;
  std::uint32_t workspace_bytes = abi::kWorkspaceBytes;
  std::uint32_t packet_bytes = abi::kPktBytes;
  std::uint32_t stack_bytes = abi::kStackBytes;
  std::uint32_t rodata_bytes = abi::kRodataBytes;
  std::uint32_t data_bytes = abi::kDataBytes;
  // The lookup window exists only in an engine with flow state; without it every access faults
  // (as the tile does today).
  bool flow_state = false;
  std::uint32_t lookup_scratch_bytes = abi::flow_state::kScratchBytes;
  // Bare mode.
  std::uint32_t imem_bytes = abi::kBareImemBytes;
  std::uint32_t dmem_bytes = abi::kBareDmemBytes;

  [[nodiscard]] std::uint32_t size_of(Region r) const;
  [[nodiscard]] static std::uint32_t base_of(Region r, Mode mode);
};

struct Window {
  Region region;
  std::uint32_t offset;
};

// Which window an access goes to, or nullopt for an access fault. The context window's special
// store rule (pkt_len only) is the executor's, not this function's.
[[nodiscard]] std::optional<Window> translate(const Layout& layout, AccessKind kind, std::uint32_t addr);

// The lookup window's finer rules (docs/abi.md section 13): registers are 32-bit words with their
// own access (flow, status load; the rest store), the scratchpad is word-accessed below
// lookup_scratch_bytes. `offset` is the window offset translate() gave.
[[nodiscard]] bool lookup_access_ok(const Layout& layout, AccessKind kind, std::uint32_t offset, unsigned size);

struct TileConfig {
  unsigned threads = abi::tile_default::kNumThreads;            // NumThreads, 1..8
  std::uint8_t tile_id = 0;                                     // TileId, < 64
  unsigned num_ports = abi::tile_default::kNumPorts;           // NumPorts, 1..16
  bool zbb = true;                                              // Zbb legal
  std::uint32_t watchdog = abi::tile_default::kWatchdogBudget;  // WatchdogBudget; 0 = off
  Layout layout;

  // Throws std::invalid_argument naming the first bad parameter.
  void validate() const;
};

}  // namespace baton::iss
