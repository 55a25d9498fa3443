// Tile parameters and the window layout of docs/abi.md sections 4, 5 and 11.
#pragma once

#include <cstdint>
#include <optional>

namespace baton::iss {

enum class Mode : std::uint8_t { kEngine, kBare };

// A window of the thread address space (docs/abi.md section 4/5); bits [31:28] select it.
enum class Region : std::uint8_t {
  kCode,       // 0x0: engine code window, bare IMEM
  kContext,    // 0x1: engine only
  kScratch,    // 0x2
  kWorkspace,  // 0x3
  kPacket,     // 0x4
  kStack,      // 0x5
  kRodata,     // 0x8
  kData,       // 0x9
  kDmem,       // 0x8 in bare mode
};

enum class AccessKind : std::uint8_t { kFetch, kLoad, kStore };

inline constexpr std::uint32_t kWindowShift = 28;
inline constexpr std::uint32_t kOffsetMask = (1U << kWindowShift) - 1;
inline constexpr std::uint32_t kCodeBase = 0x0000'0000U;
inline constexpr std::uint32_t kContextBase = 0x1000'0000U;
inline constexpr std::uint32_t kScratchBase = 0x2000'0000U;
inline constexpr std::uint32_t kWorkspaceBase = 0x3000'0000U;
inline constexpr std::uint32_t kPacketBase = 0x4000'0000U;
inline constexpr std::uint32_t kStackBase = 0x5000'0000U;
inline constexpr std::uint32_t kRodataBase = 0x8000'0000U;
inline constexpr std::uint32_t kDataBase = 0x9000'0000U;
inline constexpr std::uint32_t kDmemBase = 0x8000'0000U;
inline constexpr std::uint32_t kContextBytes = 64;
inline constexpr std::uint32_t kCtxPktLenOffset = 0x04;

struct Layout {
  Mode mode = Mode::kEngine;
  // Engine mode.
  std::uint32_t code_bytes = 16U << 20;
  std::uint32_t scratch_bytes = 256;
  std::uint32_t workspace_bytes = 256;
  std::uint32_t packet_bytes = 2048;
  std::uint32_t stack_bytes = 2048;
  std::uint32_t rodata_bytes = 1U << 20;
  std::uint32_t data_bytes = 1U << 20;
  // Bare mode.
  std::uint32_t imem_bytes = 1U << 20;
  std::uint32_t dmem_bytes = 1U << 20;

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

struct TileConfig {
  unsigned threads = 4;          // NumThreads, 1..8
  std::uint8_t tile_id = 0;      // TileId, < 64
  unsigned num_ports = 16;       // NumPorts, 1..16
  bool zbb = true;               // Zbb legal
  std::uint32_t watchdog = 4096; // WatchdogBudget; 0 = off
  Layout layout;

  // Throws std::invalid_argument naming the first bad parameter.
  void validate() const;
};

}  // namespace baton::iss
