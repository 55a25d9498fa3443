// SPDX-License-Identifier: Apache-2.0
// RV32IM + Zbb + Baton thread-operation decoder (docs/abi.md sections 1 and 2).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace baton::iss {

enum class Op : std::uint8_t {
  kIllegal,
  // RV32I
  kLui, kAuipc, kJal, kJalr,
  kBeq, kBne, kBlt, kBge, kBltu, kBgeu,
  kLb, kLh, kLw, kLbu, kLhu, kSb, kSh, kSw,
  kAddi, kSlti, kSltiu, kXori, kOri, kAndi, kSlli, kSrli, kSrai,
  kAdd, kSub, kSll, kSlt, kSltu, kXor, kSrl, kSra, kOr, kAnd,
  kFence,
  // RV32M
  kMul, kMulh, kMulhsu, kMulhu, kDiv, kDivu, kRem, kRemu,
  // Zbb
  kAndn, kOrn, kXnor, kClz, kCtz, kCpop, kMax, kMaxu, kMin, kMinu,
  kSextB, kSextH, kZextH, kRol, kRor, kRori, kOrcB, kRev8,
  // custom-0 thread operations
  kMigrate, kSend, kDrop, kToHost, kDone,
};

// Which source registers an instruction reads (docs/abi.md section 10: rs1/rs2 record fields).
enum class Sources : std::uint8_t { kNone, kRs1, kRs1Rs2 };

struct Insn {
  Op op = Op::kIllegal;
  std::uint8_t rd = 0;
  std::uint8_t rs1 = 0;
  std::uint8_t rs2 = 0;
  std::int32_t imm = 0;  // sign-extended immediate, or shift amount
  std::uint32_t raw = 0;
};

// Decodes one 32-bit instruction word. Reserved-field values give Op::kIllegal; with zbb false
// the Zbb encodings do too.
[[nodiscard]] Insn decode(std::uint32_t word, bool zbb);

[[nodiscard]] std::string_view op_name(Op op);
[[nodiscard]] Sources sources(Op op);
[[nodiscard]] bool writes_rd(Op op);
[[nodiscard]] bool is_thread_op(Op op);

// Assembler-style text, e.g. "addi a0, a1, -3"; for the trace.
[[nodiscard]] std::string disassemble(const Insn& insn, std::uint32_t pc);

}  // namespace baton::iss
