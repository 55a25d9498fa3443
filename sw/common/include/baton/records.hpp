// SPDX-License-Identifier: Apache-2.0
// C++ mirror of the shared records in rtl/pkg/baton_pkg.sv (the one definition). Field order and
// widths must match the package; tests/unit/records proves they do. The enumerations (thread
// operations, entry kinds, drop reasons) are ABI constants generated into baton/abi.hpp.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "baton/abi.hpp"
#include "baton/bits.hpp"

namespace baton {

namespace width {
inline constexpr std::size_t kPktHandle = 16;
inline constexpr std::size_t kPktLen = 16;
inline constexpr std::size_t kPort = 4;
inline constexpr std::size_t kTime = 32;
inline constexpr std::size_t kSeq = 16;
inline constexpr std::size_t kFlow = 20;
inline constexpr std::size_t kEvent = 8;
inline constexpr std::size_t kPart = 8;
inline constexpr std::size_t kEntryKind = 1;
inline constexpr std::size_t kEntry = 15;
inline constexpr std::size_t kAddr = 32;
inline constexpr std::size_t kNumArgs = 4;
inline constexpr std::size_t kXlen = 32;
inline constexpr std::size_t kTile = 6;
inline constexpr std::size_t kThread = 3;
inline constexpr std::size_t kOp = abi::kThreadOpWidth;
inline constexpr std::size_t kOpArg = 8;
inline constexpr std::size_t kFsStatus = 4;
inline constexpr std::size_t kFsSlot = 6;
}  // namespace width

using abi::DropReason;  // hardware reasons (0x80..0xff); firmware reasons are 0x01..0x7f
using abi::EntryKind;
using abi::ThreadOp;

struct Ctx {
  std::uint16_t pkt_handle = 0;
  std::uint16_t pkt_len = 0;
  std::uint8_t in_port = 0;
  std::uint32_t arrival = 0;
  std::uint16_t seq = 0;
  std::uint32_t flow = 0;
  std::uint8_t event_type = 0;
  std::uint8_t target_part = 0;
  EntryKind entry_kind = EntryKind::kIndex;
  std::uint16_t entry = 0;
  std::uint32_t sp = 0;
  // Flow state: the lookup status (abi::flow_state::Status; the ingress sets kNone, the engine's
  // flow block the controller's status) and the controller slot of an event that holds its flow.
  // Zero by default, as every other field and as the RTL's zero record (bare-mode tiles, the
  // controller's timeout contexts).
  std::uint8_t fs_status = 0;
  std::uint8_t fs_slot = 0;
  std::array<std::uint32_t, width::kNumArgs> args{};

  bool operator==(const Ctx&) const = default;
};

struct MigReq {
  bool from_thread = false;
  std::uint8_t src_tile = 0;
  std::uint8_t src_thread = 0;
  Ctx ctx;

  bool operator==(const MigReq&) const = default;
};

struct ThreadOpRec {
  ThreadOp op = ThreadOp::kMigrate;
  std::uint8_t arg = 0;
  std::uint8_t src_tile = 0;
  std::uint8_t src_thread = 0;
  Ctx ctx;

  bool operator==(const ThreadOpRec&) const = default;
};

// One field of a packed record: its name and width. Lists are MSB first, as in the package.
struct FieldSpec {
  std::string_view name;
  std::size_t width;
};

inline constexpr std::array<FieldSpec, 14> kCtxFields{{
    {"pkt_handle", width::kPktHandle},
    {"pkt_len", width::kPktLen},
    {"in_port", width::kPort},
    {"arrival", width::kTime},
    {"seq", width::kSeq},
    {"flow", width::kFlow},
    {"event_type", width::kEvent},
    {"target_part", width::kPart},
    {"entry_kind", width::kEntryKind},
    {"entry", width::kEntry},
    {"sp", width::kAddr},
    {"fs_status", width::kFsStatus},
    {"fs_slot", width::kFsSlot},
    {"args", width::kNumArgs * width::kXlen},
}};

constexpr std::size_t total_width(const auto& fields) {
  std::size_t sum = 0;
  for (const auto& f : fields) sum += f.width;
  return sum;
}

// Bit offset (LSB) of field `index` in a record whose fields are listed MSB first.
constexpr std::size_t field_lsb(const auto& fields, std::size_t index) {
  std::size_t lsb = 0;
  for (std::size_t i = index + 1; i < fields.size(); ++i) lsb += fields[i].width;
  return lsb;
}

inline constexpr std::size_t kCtxWidth = total_width(kCtxFields);
inline constexpr std::size_t kMigReqWidth = 1 + width::kTile + width::kThread + kCtxWidth;
inline constexpr std::size_t kThreadOpWidth =
    width::kOp + width::kOpArg + width::kTile + width::kThread + kCtxWidth;

using CtxBits = Bits<kCtxWidth>;

namespace detail {
// Writes or reads the context at bit `base` of any record, one field at a time, MSB first.
template <typename B>
constexpr void put_ctx(B& bits, std::size_t base, const Ctx& c) {
  const std::array<std::uint64_t, 13> scalars{
      c.pkt_handle, c.pkt_len, c.in_port, c.arrival, c.seq, c.flow, c.event_type,
      c.target_part, static_cast<std::uint64_t>(c.entry_kind), c.entry, c.sp, c.fs_status, c.fs_slot};
  for (std::size_t i = 0; i < scalars.size(); ++i) {
    bits.set(base + field_lsb(kCtxFields, i), kCtxFields[i].width, scalars[i]);
  }
  for (std::size_t a = 0; a < width::kNumArgs; ++a) {  // args[0] is the least significant
    bits.set(base + a * width::kXlen, width::kXlen, c.args[a]);
  }
}

template <typename B>
constexpr Ctx get_ctx(const B& bits, std::size_t base) {
  auto f = [&](std::size_t i) { return bits.get(base + field_lsb(kCtxFields, i), kCtxFields[i].width); };
  Ctx c;
  c.pkt_handle = static_cast<std::uint16_t>(f(0));
  c.pkt_len = static_cast<std::uint16_t>(f(1));
  c.in_port = static_cast<std::uint8_t>(f(2));
  c.arrival = static_cast<std::uint32_t>(f(3));
  c.seq = static_cast<std::uint16_t>(f(4));
  c.flow = static_cast<std::uint32_t>(f(5));
  c.event_type = static_cast<std::uint8_t>(f(6));
  c.target_part = static_cast<std::uint8_t>(f(7));
  c.entry_kind = static_cast<EntryKind>(f(8));
  c.entry = static_cast<std::uint16_t>(f(9));
  c.sp = static_cast<std::uint32_t>(f(10));
  c.fs_status = static_cast<std::uint8_t>(f(11));
  c.fs_slot = static_cast<std::uint8_t>(f(12));
  for (std::size_t a = 0; a < width::kNumArgs; ++a) {
    c.args[a] = static_cast<std::uint32_t>(bits.get(base + a * width::kXlen, width::kXlen));
  }
  return c;
}
}  // namespace detail

constexpr CtxBits pack(const Ctx& c) {
  CtxBits b;
  detail::put_ctx(b, 0, c);
  return b;
}

constexpr Ctx unpack_ctx(const CtxBits& b) { return detail::get_ctx(b, 0); }

constexpr Bits<kMigReqWidth> pack(const MigReq& m) {
  Bits<kMigReqWidth> b;
  detail::put_ctx(b, 0, m.ctx);
  b.set(kCtxWidth, width::kThread, m.src_thread);
  b.set(kCtxWidth + width::kThread, width::kTile, m.src_tile);
  b.set(kCtxWidth + width::kThread + width::kTile, 1, m.from_thread ? 1 : 0);
  return b;
}

constexpr MigReq unpack_mig_req(const Bits<kMigReqWidth>& b) {
  MigReq m;
  m.ctx = detail::get_ctx(b, 0);
  m.src_thread = static_cast<std::uint8_t>(b.get(kCtxWidth, width::kThread));
  m.src_tile = static_cast<std::uint8_t>(b.get(kCtxWidth + width::kThread, width::kTile));
  m.from_thread = b.get(kCtxWidth + width::kThread + width::kTile, 1) != 0;
  return m;
}

constexpr Bits<kThreadOpWidth> pack(const ThreadOpRec& t) {
  Bits<kThreadOpWidth> b;
  std::size_t lsb = 0;
  detail::put_ctx(b, lsb, t.ctx);
  lsb += kCtxWidth;
  b.set(lsb, width::kThread, t.src_thread);
  lsb += width::kThread;
  b.set(lsb, width::kTile, t.src_tile);
  lsb += width::kTile;
  b.set(lsb, width::kOpArg, t.arg);
  lsb += width::kOpArg;
  b.set(lsb, width::kOp, static_cast<std::uint64_t>(t.op));
  return b;
}

constexpr ThreadOpRec unpack_thread_op(const Bits<kThreadOpWidth>& b) {
  ThreadOpRec t;
  std::size_t lsb = 0;
  t.ctx = detail::get_ctx(b, lsb);
  lsb += kCtxWidth;
  t.src_thread = static_cast<std::uint8_t>(b.get(lsb, width::kThread));
  lsb += width::kThread;
  t.src_tile = static_cast<std::uint8_t>(b.get(lsb, width::kTile));
  lsb += width::kTile;
  t.arg = static_cast<std::uint8_t>(b.get(lsb, width::kOpArg));
  lsb += width::kOpArg;
  t.op = static_cast<ThreadOp>(b.get(lsb, width::kOp));
  return t;
}

}  // namespace baton
