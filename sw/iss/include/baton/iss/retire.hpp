// SPDX-License-Identifier: Apache-2.0
// The retire record: one per executed instruction, including the one that faults. It is what the
// RTL lockstep check compares (docs/abi.md section 10).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "baton/records.hpp"

namespace baton::iss {

enum class Trap : std::uint8_t {
  kNone,
  kWatchdog,
  kFetchAccess,
  kIllegal,
  kMisalignedJump,
  kMisalignedLoad,
  kMisalignedStore,
  kLoadAccess,
  kStoreAccess,
};

[[nodiscard]] std::string_view trap_name(Trap t);
[[nodiscard]] DropReason drop_reason(Trap t);
[[nodiscard]] std::string_view thread_op_name(ThreadOp op);

struct RetireRecord {
  // Not compared with the RTL: ISS bookkeeping.
  std::uint64_t order = 0;  // tile-wide retire index
  std::uint64_t cycle = 0;  // tile cycle in which the instruction issued

  // Compared field by field (docs/abi.md section 10).
  std::uint8_t thread = 0;
  std::uint32_t pc = 0;
  std::uint32_t insn = 0;
  std::uint32_t pc_next = 0;
  std::uint8_t rs1 = 0;
  std::uint32_t rs1_val = 0;
  std::uint8_t rs2 = 0;
  std::uint32_t rs2_val = 0;
  std::uint8_t rd = 0;
  std::uint32_t rd_val = 0;
  std::uint32_t mem_addr = 0;
  std::uint8_t mem_rmask = 0;
  std::uint8_t mem_wmask = 0;
  std::uint32_t mem_rdata = 0;
  std::uint32_t mem_wdata = 0;
  Trap trap = Trap::kNone;
  std::uint32_t tval = 0;
  std::optional<ThreadOpRec> op;  // set when the record ends the packet

  [[nodiscard]] bool ends_packet() const { return op.has_value(); }
};

// The first compared field that differs, as "field: expected X, got Y", or nullopt when equal.
[[nodiscard]] std::optional<std::string> compare(const RetireRecord& expected, const RetireRecord& got);

// One trace line (format in docs/iss.md).
[[nodiscard]] std::string format_record(const RetireRecord& r, bool with_disasm = true);

// One JSON object on one line, every field, for tools.
[[nodiscard]] std::string format_record_json(const RetireRecord& r);

[[nodiscard]] std::string format_ctx(const Ctx& c);

}  // namespace baton::iss
