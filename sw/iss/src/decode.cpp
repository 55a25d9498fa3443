// SPDX-License-Identifier: Apache-2.0
#include "baton/iss/decode.hpp"

#include "baton/abi.hpp"

#include <array>

#include <fmt/format.h>

namespace baton::iss {

namespace {

constexpr std::uint32_t bits(std::uint32_t w, unsigned hi, unsigned lo) {
  return (w >> lo) & ((hi - lo == 31) ? 0xffffffffU : ((1U << (hi - lo + 1)) - 1));
}

constexpr std::int32_t sext(std::uint32_t value, unsigned width) {
  const std::uint32_t m = 1U << (width - 1);
  return static_cast<std::int32_t>((value ^ m) - m);
}

constexpr std::int32_t imm_i(std::uint32_t w) { return sext(bits(w, 31, 20), 12); }
constexpr std::int32_t imm_s(std::uint32_t w) { return sext((bits(w, 31, 25) << 5) | bits(w, 11, 7), 12); }
constexpr std::int32_t imm_b(std::uint32_t w) {
  return sext((bits(w, 31, 31) << 12) | (bits(w, 7, 7) << 11) | (bits(w, 30, 25) << 5) | (bits(w, 11, 8) << 1), 13);
}
constexpr std::int32_t imm_u(std::uint32_t w) { return static_cast<std::int32_t>(w & 0xfffff000U); }
constexpr std::int32_t imm_j(std::uint32_t w) {
  return sext((bits(w, 31, 31) << 20) | (bits(w, 19, 12) << 12) | (bits(w, 20, 20) << 11) | (bits(w, 30, 21) << 1), 21);
}

Op decode_op_imm(std::uint32_t w, bool zbb) {
  const std::uint32_t f3 = bits(w, 14, 12);
  const std::uint32_t f7 = bits(w, 31, 25);
  const std::uint32_t f12 = bits(w, 31, 20);
  switch (f3) {
    case 0: return Op::kAddi;
    case 2: return Op::kSlti;
    case 3: return Op::kSltiu;
    case 4: return Op::kXori;
    case 6: return Op::kOri;
    case 7: return Op::kAndi;
    case 1:
      if (f7 == 0x00) return Op::kSlli;
      if (zbb) {
        switch (f12) {
          case 0x600: return Op::kClz;
          case 0x601: return Op::kCtz;
          case 0x602: return Op::kCpop;
          case 0x604: return Op::kSextB;
          case 0x605: return Op::kSextH;
          default: break;
        }
      }
      return Op::kIllegal;
    case 5:
      if (f7 == 0x00) return Op::kSrli;
      if (f7 == 0x20) return Op::kSrai;
      if (zbb) {
        if (f7 == 0x30) return Op::kRori;
        if (f12 == 0x287) return Op::kOrcB;
        if (f12 == 0x698) return Op::kRev8;
      }
      return Op::kIllegal;
    default: return Op::kIllegal;
  }
}

Op decode_op(std::uint32_t w, bool zbb) {
  const std::uint32_t f3 = bits(w, 14, 12);
  const std::uint32_t f7 = bits(w, 31, 25);
  switch (f7) {
    case 0x00: {
      static constexpr std::array<Op, 8> k{Op::kAdd, Op::kSll, Op::kSlt, Op::kSltu,
                                           Op::kXor, Op::kSrl, Op::kOr, Op::kAnd};
      return k[f3];
    }
    case 0x01: {
      static constexpr std::array<Op, 8> k{Op::kMul, Op::kMulh, Op::kMulhsu, Op::kMulhu,
                                           Op::kDiv, Op::kDivu, Op::kRem, Op::kRemu};
      return k[f3];
    }
    case 0x20:
      if (f3 == 0) return Op::kSub;
      if (f3 == 5) return Op::kSra;
      if (zbb && f3 == 7) return Op::kAndn;
      if (zbb && f3 == 6) return Op::kOrn;
      if (zbb && f3 == 4) return Op::kXnor;
      return Op::kIllegal;
    case 0x05:
      if (!zbb) return Op::kIllegal;
      if (f3 == 4) return Op::kMin;
      if (f3 == 5) return Op::kMinu;
      if (f3 == 6) return Op::kMax;
      if (f3 == 7) return Op::kMaxu;
      return Op::kIllegal;
    case 0x30:
      if (zbb && f3 == 1) return Op::kRol;
      if (zbb && f3 == 5) return Op::kRor;
      return Op::kIllegal;
    case 0x04:
      if (zbb && f3 == 4 && bits(w, 24, 20) == 0) return Op::kZextH;
      return Op::kIllegal;
    default: return Op::kIllegal;
  }
}

Op decode_custom0(std::uint32_t w) {
  const std::uint32_t f3 = bits(w, 14, 12);
  const std::uint32_t f7 = bits(w, 31, 25);
  const std::uint32_t rd = bits(w, 11, 7);
  const std::uint32_t rs1 = bits(w, 19, 15);
  const std::uint32_t rs2 = bits(w, 24, 20);
  if (f7 != 0 || rd != 0) return Op::kIllegal;
  auto is = [f3](abi::ThreadOp op) { return f3 == static_cast<std::uint32_t>(op); };
  if (is(abi::ThreadOp::kMigrate)) return Op::kMigrate;
  if (is(abi::ThreadOp::kSend)) return rs2 == 0 ? Op::kSend : Op::kIllegal;
  if (is(abi::ThreadOp::kDrop)) return rs2 == 0 ? Op::kDrop : Op::kIllegal;
  if (is(abi::ThreadOp::kToHost)) return (rs1 == 0 && rs2 == 0) ? Op::kToHost : Op::kIllegal;
  if (is(abi::ThreadOp::kDone)) return (rs1 == 0 && rs2 == 0) ? Op::kDone : Op::kIllegal;
  return Op::kIllegal;
}

}  // namespace

Insn decode(std::uint32_t w, bool zbb) {
  Insn in;
  in.raw = w;
  in.rd = static_cast<std::uint8_t>(bits(w, 11, 7));
  in.rs1 = static_cast<std::uint8_t>(bits(w, 19, 15));
  in.rs2 = static_cast<std::uint8_t>(bits(w, 24, 20));
  const std::uint32_t f3 = bits(w, 14, 12);
  Op op = Op::kIllegal;
  if ((w & 3U) == 3U) {
    switch (bits(w, 6, 0)) {
      case 0x37: op = Op::kLui; in.imm = imm_u(w); break;
      case 0x17: op = Op::kAuipc; in.imm = imm_u(w); break;
      case 0x6f: op = Op::kJal; in.imm = imm_j(w); break;
      case 0x67: op = f3 == 0 ? Op::kJalr : Op::kIllegal; in.imm = imm_i(w); break;
      case 0x63: {
        static constexpr std::array<Op, 8> k{Op::kBeq, Op::kBne, Op::kIllegal, Op::kIllegal,
                                             Op::kBlt, Op::kBge, Op::kBltu, Op::kBgeu};
        op = k[f3];
        in.imm = imm_b(w);
        break;
      }
      case 0x03: {
        static constexpr std::array<Op, 8> k{Op::kLb, Op::kLh, Op::kLw, Op::kIllegal,
                                             Op::kLbu, Op::kLhu, Op::kIllegal, Op::kIllegal};
        op = k[f3];
        in.imm = imm_i(w);
        break;
      }
      case 0x23: {
        static constexpr std::array<Op, 8> k{Op::kSb, Op::kSh, Op::kSw, Op::kIllegal,
                                             Op::kIllegal, Op::kIllegal, Op::kIllegal, Op::kIllegal};
        op = k[f3];
        in.imm = imm_s(w);
        break;
      }
      case 0x13:
        op = decode_op_imm(w, zbb);
        in.imm = (f3 == 1 || f3 == 5) ? static_cast<std::int32_t>(bits(w, 24, 20)) : imm_i(w);
        break;
      case 0x33: op = decode_op(w, zbb); break;
      case 0x0f: op = f3 == 0 ? Op::kFence : Op::kIllegal; break;
      case abi::kOpcodeCustom0: op = decode_custom0(w); break;
      default: op = Op::kIllegal; break;
    }
  }
  in.op = op;
  // Normalise fields an instruction does not use, so records and disassembly are canonical.
  if (op == Op::kIllegal) {
    in.rd = in.rs1 = in.rs2 = 0;
    in.imm = 0;
  }
  switch (op) {
    case Op::kClz: case Op::kCtz: case Op::kCpop: case Op::kSextB: case Op::kSextH:
    case Op::kOrcB: case Op::kRev8:
      in.imm = 0;  // funct12 selects the operation; there is no immediate
      break;
    default:
      break;
  }
  return in;
}

std::string_view op_name(Op op) {
  switch (op) {
    case Op::kIllegal: return "illegal";
    case Op::kLui: return "lui";
    case Op::kAuipc: return "auipc";
    case Op::kJal: return "jal";
    case Op::kJalr: return "jalr";
    case Op::kBeq: return "beq";
    case Op::kBne: return "bne";
    case Op::kBlt: return "blt";
    case Op::kBge: return "bge";
    case Op::kBltu: return "bltu";
    case Op::kBgeu: return "bgeu";
    case Op::kLb: return "lb";
    case Op::kLh: return "lh";
    case Op::kLw: return "lw";
    case Op::kLbu: return "lbu";
    case Op::kLhu: return "lhu";
    case Op::kSb: return "sb";
    case Op::kSh: return "sh";
    case Op::kSw: return "sw";
    case Op::kAddi: return "addi";
    case Op::kSlti: return "slti";
    case Op::kSltiu: return "sltiu";
    case Op::kXori: return "xori";
    case Op::kOri: return "ori";
    case Op::kAndi: return "andi";
    case Op::kSlli: return "slli";
    case Op::kSrli: return "srli";
    case Op::kSrai: return "srai";
    case Op::kAdd: return "add";
    case Op::kSub: return "sub";
    case Op::kSll: return "sll";
    case Op::kSlt: return "slt";
    case Op::kSltu: return "sltu";
    case Op::kXor: return "xor";
    case Op::kSrl: return "srl";
    case Op::kSra: return "sra";
    case Op::kOr: return "or";
    case Op::kAnd: return "and";
    case Op::kFence: return "fence";
    case Op::kMul: return "mul";
    case Op::kMulh: return "mulh";
    case Op::kMulhsu: return "mulhsu";
    case Op::kMulhu: return "mulhu";
    case Op::kDiv: return "div";
    case Op::kDivu: return "divu";
    case Op::kRem: return "rem";
    case Op::kRemu: return "remu";
    case Op::kAndn: return "andn";
    case Op::kOrn: return "orn";
    case Op::kXnor: return "xnor";
    case Op::kClz: return "clz";
    case Op::kCtz: return "ctz";
    case Op::kCpop: return "cpop";
    case Op::kMax: return "max";
    case Op::kMaxu: return "maxu";
    case Op::kMin: return "min";
    case Op::kMinu: return "minu";
    case Op::kSextB: return "sext.b";
    case Op::kSextH: return "sext.h";
    case Op::kZextH: return "zext.h";
    case Op::kRol: return "rol";
    case Op::kRor: return "ror";
    case Op::kRori: return "rori";
    case Op::kOrcB: return "orc.b";
    case Op::kRev8: return "rev8";
    case Op::kMigrate: return "b.migrate";
    case Op::kSend: return "b.send";
    case Op::kDrop: return "b.drop";
    case Op::kToHost: return "b.tohost";
    case Op::kDone: return "b.done";
  }
  return "?";
}

Sources sources(Op op) {
  switch (op) {
    case Op::kIllegal:
    case Op::kLui:
    case Op::kAuipc:
    case Op::kJal:
    case Op::kFence:
    case Op::kToHost:
    case Op::kDone:
      return Sources::kNone;
    case Op::kJalr:
    case Op::kLb: case Op::kLh: case Op::kLw: case Op::kLbu: case Op::kLhu:
    case Op::kAddi: case Op::kSlti: case Op::kSltiu: case Op::kXori: case Op::kOri: case Op::kAndi:
    case Op::kSlli: case Op::kSrli: case Op::kSrai:
    case Op::kClz: case Op::kCtz: case Op::kCpop: case Op::kSextB: case Op::kSextH: case Op::kZextH:
    case Op::kRori: case Op::kOrcB: case Op::kRev8:
    case Op::kSend: case Op::kDrop:
      return Sources::kRs1;
    default:
      return Sources::kRs1Rs2;
  }
}

bool is_thread_op(Op op) {
  return op == Op::kMigrate || op == Op::kSend || op == Op::kDrop || op == Op::kToHost || op == Op::kDone;
}

bool writes_rd(Op op) {
  switch (op) {
    case Op::kIllegal:
    case Op::kBeq: case Op::kBne: case Op::kBlt: case Op::kBge: case Op::kBltu: case Op::kBgeu:
    case Op::kSb: case Op::kSh: case Op::kSw:
    case Op::kFence:
      return false;
    default:
      return !is_thread_op(op);
  }
}

namespace {
constexpr std::array<std::string_view, 32> kRegNames{
    "zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0", "a1", "a2", "a3", "a4", "a5",
    "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6"};
}  // namespace

std::string disassemble(const Insn& in, std::uint32_t pc) {
  const auto n = op_name(in.op);
  const auto rd = kRegNames[in.rd];
  const auto r1 = kRegNames[in.rs1];
  const auto r2 = kRegNames[in.rs2];
  switch (in.op) {
    case Op::kIllegal: return fmt::format("illegal 0x{:08x}", in.raw);
    case Op::kLui:
    case Op::kAuipc: return fmt::format("{} {}, 0x{:x}", n, rd, static_cast<std::uint32_t>(in.imm) >> 12);
    case Op::kJal: return fmt::format("{} {}, 0x{:x}", n, rd, pc + static_cast<std::uint32_t>(in.imm));
    case Op::kJalr: return fmt::format("{} {}, {}({})", n, rd, in.imm, r1);
    case Op::kBeq: case Op::kBne: case Op::kBlt: case Op::kBge: case Op::kBltu: case Op::kBgeu:
      return fmt::format("{} {}, {}, 0x{:x}", n, r1, r2, pc + static_cast<std::uint32_t>(in.imm));
    case Op::kLb: case Op::kLh: case Op::kLw: case Op::kLbu: case Op::kLhu:
      return fmt::format("{} {}, {}({})", n, rd, in.imm, r1);
    case Op::kSb: case Op::kSh: case Op::kSw:
      return fmt::format("{} {}, {}({})", n, r2, in.imm, r1);
    case Op::kFence: return "fence";
    case Op::kToHost: case Op::kDone: return std::string(n);
    case Op::kSend: case Op::kDrop: return fmt::format("{} {}", n, r1);
    case Op::kMigrate: return fmt::format("{} {}, {}", n, r1, r2);
    default: break;
  }
  switch (sources(in.op)) {
    case Sources::kRs1:
      if (in.op == Op::kAddi || in.op == Op::kSlti || in.op == Op::kSltiu || in.op == Op::kXori ||
          in.op == Op::kOri || in.op == Op::kAndi || in.op == Op::kSlli || in.op == Op::kSrli ||
          in.op == Op::kSrai || in.op == Op::kRori) {
        return fmt::format("{} {}, {}, {}", n, rd, r1, in.imm);
      }
      return fmt::format("{} {}, {}", n, rd, r1);
    default: return fmt::format("{} {}, {}, {}", n, rd, r1, r2);
  }
}

}  // namespace baton::iss
