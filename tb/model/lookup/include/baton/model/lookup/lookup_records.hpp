// SPDX-License-Identifier: Apache-2.0
// C++ mirror of rtl/lookup/baton_lookup_pkg.sv: the lookup controller's records with pack() and
// unpack_*() for the Verilated ports. Fields are listed MSB first, as in the package; the unit
// tests prove agreement through the design (contexts and tags pass through unchanged, the hash
// matches a published CRC-32C vector).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

#include "baton/abi.hpp"
#include "baton/bits.hpp"
#include "baton/records.hpp"

namespace baton::model::lookup {

inline constexpr std::size_t kLayers = 2;
inline constexpr std::size_t kPortionBytes = 16;
inline constexpr std::size_t kBlockBytes = (kLayers + 1) * kPortionBytes;
inline constexpr std::size_t kSharedOffset = kLayers * kPortionBytes;  // first byte of the shared portion
inline constexpr std::size_t kSlotW = 6;
inline constexpr std::size_t kTagW = 16;
inline constexpr std::size_t kSpadAw = 16;
inline constexpr std::size_t kKeyBytes = 39;
inline constexpr std::size_t kKeyW = kKeyBytes * 8;
inline constexpr std::uint8_t kEvTimeout = static_cast<std::uint8_t>(abi::EventType::kTimeout);
inline constexpr std::uint8_t kEvGenerated = static_cast<std::uint8_t>(abi::EventType::kGenerated);

using Portion = std::array<std::uint8_t, kPortionBytes>;
using Block = std::array<std::uint8_t, kBlockBytes>;
using Tiles = std::array<std::uint8_t, kLayers>;

// The ABI's lookup statuses (abi/baton_abi.toml flow_state.statuses), as the controller reports them.
enum class Status : std::uint8_t {
  kHit = static_cast<std::uint8_t>(abi::flow_state::Status::kHit),
  kInserted = static_cast<std::uint8_t>(abi::flow_state::Status::kInserted),
  kMiss = static_cast<std::uint8_t>(abi::flow_state::Status::kMiss),
  kFull = static_cast<std::uint8_t>(abi::flow_state::Status::kFull),
  kBusy = static_cast<std::uint8_t>(abi::flow_state::Status::kBusy),
  kDeleted = static_cast<std::uint8_t>(abi::flow_state::Status::kDeleted),
  kDelMiss = static_cast<std::uint8_t>(abi::flow_state::Status::kDelMiss),
  kTimeout = static_cast<std::uint8_t>(abi::flow_state::Status::kTimeout),
  kTmoStale = static_cast<std::uint8_t>(abi::flow_state::Status::kTmoStale),
  kGenerated = static_cast<std::uint8_t>(abi::flow_state::Status::kGenerated),
};
enum class OpKind : std::uint8_t { kReq = 0, kDel = 1, kTmo = 2, kGen = 3 };
enum class CmdOp : std::uint8_t { kTimerSet = 0, kTimerCancel = 1, kDelete = 2, kNop = 3 };

std::string to_string(Status s);
std::string to_string(OpKind k);

// The flow key; serialized (and hashed) as 39 bytes, most significant first.
struct FlowKey {
  std::array<std::uint8_t, 16> src_addr{};  // network order: [0] is the first octet
  std::array<std::uint8_t, 16> dst_addr{};
  std::uint16_t src_port = 0;
  std::uint16_t dst_port = 0;
  std::uint8_t proto = 0;
  std::uint16_t vlan = 0;     // 12 bits
  std::uint8_t in_class = 0;  // 3 bits
  bool ipv6 = false;

  [[nodiscard]] std::array<std::uint8_t, kKeyBytes> bytes() const;
  static FlowKey from_bytes(const std::array<std::uint8_t, kKeyBytes>& b);
  auto operator<=>(const FlowKey&) const = default;
  [[nodiscard]] std::string str() const;
};

struct Req {
  std::uint16_t tag = 0;
  bool insert = false;
  FlowKey key;
  Tiles tiles{};
  Ctx ctx;
};
struct Disp {
  std::uint8_t slot = 0;
  Status status = Status::kHit;
  std::uint16_t tag = 0;
  Tiles tiles{};
  Ctx ctx;
};
struct Ws {
  std::uint8_t tile = 0;
  std::uint8_t slot = 0;
  std::uint32_t flow = 0;
  Portion priv{};
  Portion shared{};
};
struct Wb {
  std::uint8_t slot = 0;
  std::uint8_t layer = 0;
  bool done = false;
  std::uint16_t priv_be = 0;
  Portion priv{};
  std::uint16_t shared_be = 0;
  Portion shared{};
};
struct Cmd {
  CmdOp op = CmdOp::kNop;
  std::uint32_t flow = 0;
  std::uint32_t timeout = 0;
  std::uint8_t part = 0;
  Tiles tiles{};
};
// A generated event (lk_gen_t): for a flow index, run by partition `part`.
struct Gen {
  std::uint32_t flow = 0;
  std::uint8_t part = 0;
};
struct Res {
  OpKind kind = OpKind::kReq;
  Status status = Status::kHit;
  std::uint16_t tag = 0;
  std::uint32_t flow = 0;
  std::uint8_t slot = 0;
};
struct Expiry {
  std::uint32_t flow = 0;
  std::uint32_t deadline = 0;
  std::uint8_t part = 0;
  Tiles tiles{};
};
struct SpadReq {
  bool we = false;
  std::uint16_t addr = 0;
  std::uint8_t be = 0;
  std::uint32_t wdata = 0;
};
// Counters in package order (lookups first).
inline constexpr std::size_t kNumStats = 18;
inline constexpr std::array<const char*, kNumStats> kStatNames{
    "lookups", "hits", "inserts", "misses", "full", "busy", "deletes", "del_misses", "tmo_fired",
    "tmo_events", "tmo_stale", "dispatched", "dones", "wb_conflicts", "wb_errors", "cmd_errors",
    "used", "stash_used"};
using Stats = std::array<std::uint32_t, kNumStats>;

// Widths of the packed records.
inline constexpr std::size_t kTilesW = kLayers * width::kTile;
inline constexpr std::size_t kReqW = kTagW + 1 + kKeyW + kTilesW + kCtxWidth;
inline constexpr std::size_t kDispW = kSlotW + 4 + kTagW + kTilesW + kCtxWidth;
inline constexpr std::size_t kWsW = width::kTile + kSlotW + width::kFlow + 2 * kPortionBytes * 8;
inline constexpr std::size_t kWbW = kSlotW + 1 + 1 + 2 * (kPortionBytes + kPortionBytes * 8);
inline constexpr std::size_t kCmdW = 2 + width::kFlow + width::kTime + width::kPart + kTilesW;
inline constexpr std::size_t kGenW = width::kFlow + width::kPart;
inline constexpr std::size_t kResW = 2 + 4 + kTagW + width::kFlow + kSlotW;
inline constexpr std::size_t kExpiryW = width::kFlow + width::kTime + width::kPart + kTilesW;
inline constexpr std::size_t kSpadReqW = 1 + kSpadAw + 4 + 32;
inline constexpr std::size_t kStatsW = kNumStats * 32;

Bits<kReqW> pack(const Req& r);
Bits<kWbW> pack(const Wb& w);
Bits<kCmdW> pack(const Cmd& c);
Bits<kGenW> pack(const Gen& g);
Bits<kSpadReqW> pack(const SpadReq& s);
Disp unpack_disp(const Bits<kDispW>& b);
Ws unpack_ws(const Bits<kWsW>& b);
Res unpack_res(const Bits<kResW>& b);
Expiry unpack_expiry(const Bits<kExpiryW>& b);
Stats unpack_stats(const Bits<kStatsW>& b);

// Bits [lsb, lsb + W2) of a wider vector.
template <std::size_t W2, std::size_t W>
Bits<W2> slice(const Bits<W>& b, std::size_t lsb) {
  Bits<W2> out;
  for (std::size_t i = 0; i < W2; i += 32) {
    const std::size_t n = std::min<std::size_t>(32, W2 - i);
    out.set(i, n, b.get(lsb + i, n));
  }
  return out;
}

}  // namespace baton::model::lookup
