// SPDX-License-Identifier: Apache-2.0
// A small RV32IM + Zbb + custom-0 encoder for generated test programs. Encodings follow the RISC-V
// unprivileged specification and docs/abi.md section 2; each function returns one instruction word.
#pragma once

#include <cstdint>

#include "baton/abi.hpp"

namespace baton::env::tile::rv {

constexpr std::uint32_t kOpLoad = 0x03, kOpMiscMem = 0x0f, kOpImm = 0x13, kOpAuipc = 0x17,
                        kOpStore = 0x23, kOpOp = 0x33, kOpLui = 0x37, kOpBranch = 0x63,
                        kOpJalr = 0x67, kOpJal = 0x6f, kOpSystem = 0x73, kOpCustom0 = abi::kOpcodeCustom0;

constexpr std::uint32_t r_type(std::uint32_t f7, unsigned rs2, unsigned rs1, std::uint32_t f3, unsigned rd,
                               std::uint32_t opcode) {
  return (f7 << 25) | ((rs2 & 31U) << 20) | ((rs1 & 31U) << 15) | (f3 << 12) | ((rd & 31U) << 7) | opcode;
}
constexpr std::uint32_t i_type(std::int32_t imm, unsigned rs1, std::uint32_t f3, unsigned rd, std::uint32_t opcode) {
  return ((static_cast<std::uint32_t>(imm) & 0xfffU) << 20) | ((rs1 & 31U) << 15) | (f3 << 12) |
         ((rd & 31U) << 7) | opcode;
}
constexpr std::uint32_t s_type(std::int32_t imm, unsigned rs2, unsigned rs1, std::uint32_t f3, std::uint32_t opcode) {
  const auto u = static_cast<std::uint32_t>(imm);
  return (((u >> 5) & 0x7fU) << 25) | ((rs2 & 31U) << 20) | ((rs1 & 31U) << 15) | (f3 << 12) |
         ((u & 31U) << 7) | opcode;
}
constexpr std::uint32_t b_type(std::int32_t off, unsigned rs2, unsigned rs1, std::uint32_t f3) {
  const auto u = static_cast<std::uint32_t>(off);
  return (((u >> 12) & 1U) << 31) | (((u >> 5) & 0x3fU) << 25) | ((rs2 & 31U) << 20) | ((rs1 & 31U) << 15) |
         (f3 << 12) | (((u >> 1) & 0xfU) << 8) | (((u >> 11) & 1U) << 7) | kOpBranch;
}
constexpr std::uint32_t u_type(std::uint32_t imm20, unsigned rd, std::uint32_t opcode) {
  return ((imm20 & 0xfffffU) << 12) | ((rd & 31U) << 7) | opcode;
}
constexpr std::uint32_t j_type(std::int32_t off, unsigned rd) {
  const auto u = static_cast<std::uint32_t>(off);
  return (((u >> 20) & 1U) << 31) | (((u >> 1) & 0x3ffU) << 21) | (((u >> 11) & 1U) << 20) |
         (((u >> 12) & 0xffU) << 12) | ((rd & 31U) << 7) | kOpJal;
}

// RV32I
constexpr std::uint32_t lui(unsigned rd, std::uint32_t imm20) { return u_type(imm20, rd, kOpLui); }
constexpr std::uint32_t auipc(unsigned rd, std::uint32_t imm20) { return u_type(imm20, rd, kOpAuipc); }
constexpr std::uint32_t jal(unsigned rd, std::int32_t off) { return j_type(off, rd); }
constexpr std::uint32_t jalr(unsigned rd, unsigned rs1, std::int32_t imm) { return i_type(imm, rs1, 0, rd, kOpJalr); }
constexpr std::uint32_t branch(std::uint32_t f3, unsigned rs1, unsigned rs2, std::int32_t off) {
  return b_type(off, rs2, rs1, f3);
}
constexpr std::uint32_t load(std::uint32_t f3, unsigned rd, unsigned rs1, std::int32_t imm) {
  return i_type(imm, rs1, f3, rd, kOpLoad);
}
constexpr std::uint32_t store(std::uint32_t f3, unsigned rs2, unsigned rs1, std::int32_t imm) {
  return s_type(imm, rs2, rs1, f3, kOpStore);
}
constexpr std::uint32_t op_imm(std::uint32_t f3, unsigned rd, unsigned rs1, std::int32_t imm) {
  return i_type(imm, rs1, f3, rd, kOpImm);
}
constexpr std::uint32_t addi(unsigned rd, unsigned rs1, std::int32_t imm) { return op_imm(0, rd, rs1, imm); }
constexpr std::uint32_t op(std::uint32_t f7, std::uint32_t f3, unsigned rd, unsigned rs1, unsigned rs2) {
  return r_type(f7, rs2, rs1, f3, rd, kOpOp);
}
constexpr std::uint32_t fence(std::uint32_t pred_succ_fm = 0x0ff) { return (pred_succ_fm << 20) | kOpMiscMem; }
constexpr std::uint32_t ecall() { return kOpSystem; }
constexpr std::uint32_t ebreak() { return (1U << 20) | kOpSystem; }
constexpr std::uint32_t nop() { return addi(0, 0, 0); }

// custom-0 thread operations (docs/abi.md section 2).
constexpr std::uint32_t th_op(std::uint32_t f3, unsigned rs1, unsigned rs2) { return r_type(0, rs2, rs1, f3, 0, kOpCustom0); }
constexpr std::uint32_t th_op(abi::ThreadOp op, unsigned rs1, unsigned rs2) {
  return th_op(static_cast<std::uint32_t>(op), rs1, rs2);
}
constexpr std::uint32_t migrate(unsigned rs1, unsigned rs2) { return th_op(abi::ThreadOp::kMigrate, rs1, rs2); }
constexpr std::uint32_t send(unsigned rs1) { return th_op(abi::ThreadOp::kSend, rs1, 0); }
constexpr std::uint32_t drop(unsigned rs1) { return th_op(abi::ThreadOp::kDrop, rs1, 0); }
constexpr std::uint32_t to_host() { return th_op(abi::ThreadOp::kToHost, 0, 0); }
constexpr std::uint32_t done() { return th_op(abi::ThreadOp::kDone, 0, 0); }

// Branch funct3, load/store funct3.
namespace f3 {
constexpr std::uint32_t kBeq = 0, kBne = 1, kBlt = 4, kBge = 5, kBltu = 6, kBgeu = 7;
constexpr std::uint32_t kLb = 0, kLh = 1, kLw = 2, kLbu = 4, kLhu = 5, kSb = 0, kSh = 1, kSw = 2;
}  // namespace f3

// Splits a 32-bit constant into lui + addi (the addi immediate is sign-extended).
struct LuiAddi {
  std::uint32_t hi20;
  std::int32_t lo12;
};
constexpr LuiAddi split_const(std::uint32_t v) {
  const std::int32_t lo = static_cast<std::int32_t>(v << 20) >> 20;
  return {((v - static_cast<std::uint32_t>(lo)) >> 12) & 0xfffffU, lo};
}

}  // namespace baton::env::tile::rv
