// SPDX-License-Identifier: Apache-2.0
// The decoder against a reference written differently: the mask/match table of the RISC-V
// opcode listings (riscv-opcodes style) plus the Baton custom-0 rows of docs/abi.md section 2.
#include <gtest/gtest.h>

#include <array>
#include <string_view>

#include "baton/iss/decode.hpp"
#include "baton/tb/config.hpp"
#include "baton/tb/rng.hpp"
#include "iss_test_util.hpp"

namespace baton::iss {
namespace {

struct Row {
  std::string_view name;
  std::uint32_t match;
  std::uint32_t mask;
  bool zbb;
};

// RV32I, RV32M and Zbb 1.0.0 encodings from the specifications' instruction listings.
constexpr std::array<Row, 70> kRows{{
    {"lui", 0x00000037, 0x0000007f, false},     {"auipc", 0x00000017, 0x0000007f, false},
    {"jal", 0x0000006f, 0x0000007f, false},     {"jalr", 0x00000067, 0x0000707f, false},
    {"beq", 0x00000063, 0x0000707f, false},     {"bne", 0x00001063, 0x0000707f, false},
    {"blt", 0x00004063, 0x0000707f, false},     {"bge", 0x00005063, 0x0000707f, false},
    {"bltu", 0x00006063, 0x0000707f, false},    {"bgeu", 0x00007063, 0x0000707f, false},
    {"lb", 0x00000003, 0x0000707f, false},      {"lh", 0x00001003, 0x0000707f, false},
    {"lw", 0x00002003, 0x0000707f, false},      {"lbu", 0x00004003, 0x0000707f, false},
    {"lhu", 0x00005003, 0x0000707f, false},     {"sb", 0x00000023, 0x0000707f, false},
    {"sh", 0x00001023, 0x0000707f, false},      {"sw", 0x00002023, 0x0000707f, false},
    {"addi", 0x00000013, 0x0000707f, false},    {"slti", 0x00002013, 0x0000707f, false},
    {"sltiu", 0x00003013, 0x0000707f, false},   {"xori", 0x00004013, 0x0000707f, false},
    {"ori", 0x00006013, 0x0000707f, false},     {"andi", 0x00007013, 0x0000707f, false},
    {"slli", 0x00001013, 0xfe00707f, false},    {"srli", 0x00005013, 0xfe00707f, false},
    {"srai", 0x40005013, 0xfe00707f, false},    {"add", 0x00000033, 0xfe00707f, false},
    {"sub", 0x40000033, 0xfe00707f, false},     {"sll", 0x00001033, 0xfe00707f, false},
    {"slt", 0x00002033, 0xfe00707f, false},     {"sltu", 0x00003033, 0xfe00707f, false},
    {"xor", 0x00004033, 0xfe00707f, false},     {"srl", 0x00005033, 0xfe00707f, false},
    {"sra", 0x40005033, 0xfe00707f, false},     {"or", 0x00006033, 0xfe00707f, false},
    {"and", 0x00007033, 0xfe00707f, false},     {"fence", 0x0000000f, 0x0000707f, false},
    {"mul", 0x02000033, 0xfe00707f, false},     {"mulh", 0x02001033, 0xfe00707f, false},
    {"mulhsu", 0x02002033, 0xfe00707f, false},  {"mulhu", 0x02003033, 0xfe00707f, false},
    {"div", 0x02004033, 0xfe00707f, false},     {"divu", 0x02005033, 0xfe00707f, false},
    {"rem", 0x02006033, 0xfe00707f, false},     {"remu", 0x02007033, 0xfe00707f, false},
    {"andn", 0x40007033, 0xfe00707f, true},     {"orn", 0x40006033, 0xfe00707f, true},
    {"xnor", 0x40004033, 0xfe00707f, true},     {"clz", 0x60001013, 0xfff0707f, true},
    {"ctz", 0x60101013, 0xfff0707f, true},      {"cpop", 0x60201013, 0xfff0707f, true},
    {"max", 0x0a006033, 0xfe00707f, true},      {"maxu", 0x0a007033, 0xfe00707f, true},
    {"min", 0x0a004033, 0xfe00707f, true},      {"minu", 0x0a005033, 0xfe00707f, true},
    {"sext.b", 0x60401013, 0xfff0707f, true},   {"sext.h", 0x60501013, 0xfff0707f, true},
    {"zext.h", 0x08004033, 0xfff0707f, true},   {"rol", 0x60001033, 0xfe00707f, true},
    {"ror", 0x60005033, 0xfe00707f, true},      {"rori", 0x60005013, 0xfe00707f, true},
    {"orc.b", 0x28705013, 0xfff0707f, true},    {"rev8", 0x69805013, 0xfff0707f, true},
    // docs/abi.md section 2: funct7 = 0 and rd = 0; SEND/DROP need rs2 = 0, TO_HOST/DONE all zero.
    {"b.migrate", 0x0000000b, 0xfe007fff, false}, {"b.send", 0x0000100b, 0xfff07fff, false},
    {"b.drop", 0x0000200b, 0xfff07fff, false},    {"b.tohost", 0x0000300b, 0xffffffff, false},
    {"b.done", 0x0000400b, 0xffffffff, false},    {"illegal", 0, 0, false},  // placeholder, never matches
}};

std::string_view reference_name(std::uint32_t w, bool zbb) {
  for (const auto& r : kRows) {
    if (r.mask == 0) continue;
    if (r.zbb && !zbb) continue;
    if ((w & r.mask) == r.match) return r.name;
  }
  return "illegal";
}

// Immediates by format, from the base ISA's immediate-encoding figure.
std::int32_t ref_imm(std::string_view name, std::uint32_t w) {
  const auto sw = static_cast<std::int32_t>(w);
  const std::uint32_t op = w & 0x7f;
  if (name == "slli" || name == "srli" || name == "srai" || name == "rori") return static_cast<std::int32_t>((w >> 20) & 31);
  if (name == "clz" || name == "ctz" || name == "cpop" || name == "sext.b" || name == "sext.h" || name == "orc.b" ||
      name == "rev8") {
    return 0;  // unary: no immediate
  }
  if (op == 0x37 || op == 0x17) return static_cast<std::int32_t>(w & 0xfffff000U);
  if (op == 0x6f) {
    return (sw < 0 ? -(1 << 20) : 0) | static_cast<std::int32_t>(((w >> 12) & 0xff) << 12) |
        static_cast<std::int32_t>(((w >> 20) & 1) << 11) | static_cast<std::int32_t>(((w >> 21) & 0x3ff) << 1);
  }
  if (op == 0x63) {
    return (sw < 0 ? -(1 << 12) : 0) | static_cast<std::int32_t>(((w >> 7) & 1) << 11) |
           static_cast<std::int32_t>(((w >> 25) & 0x3f) << 5) | static_cast<std::int32_t>(((w >> 8) & 0xf) << 1);
  }
  if (op == 0x23) return ((sw >> 25) * 32) | static_cast<std::int32_t>((w >> 7) & 0x1f);
  if (op == 0x03 || op == 0x13 || op == 0x67) return sw >> 20;
  return 0;
}

TEST(Decode, MatchesOpcodeTableOnRandomWords) {
  const auto seed = baton::tb::test_seed();
  baton::tb::Rng rng(seed);
  for (int i = 0; i < 300000; ++i) {
    std::uint32_t w = 0;
    const auto mode = rng.range(0, 3);
    if (mode == 0) {
      w = static_cast<std::uint32_t>(rng.bits(32));
    } else {
      // A legal row with random don't-care bits, sometimes with one bit flipped.
      const auto& r = kRows[rng.range(0, kRows.size() - 2)];
      w = (static_cast<std::uint32_t>(rng.bits(32)) & ~r.mask) | r.match;
      if (mode == 2) w ^= 1U << rng.range(0, 31);
    }
    const bool zbb = rng.chance(0.8);
    const Insn in = decode(w, zbb);
    const auto want = reference_name(w, zbb);
    ASSERT_EQ(op_name(in.op), want) << fmt::format("word {:#010x} zbb={} ", w, zbb)
                                    << baton::iss::test::repro(seed, static_cast<std::uint64_t>(i));
    if (in.op == Op::kIllegal) continue;
    ASSERT_EQ(in.raw, w);
    ASSERT_EQ(in.imm, ref_imm(want, w)) << fmt::format("{} word {:#010x}", want, w);
    ASSERT_EQ(in.rd, (w >> 7) & 31);
    ASSERT_EQ(in.rs1, (w >> 15) & 31);
    ASSERT_EQ(in.rs2, (w >> 20) & 31);
  }
}

TEST(Decode, DirectedCorners) {
  EXPECT_EQ(decode(0x00000000, true).op, Op::kIllegal);  // all zeros
  EXPECT_EQ(decode(0xffffffff, true).op, Op::kIllegal);
  EXPECT_EQ(decode(0x00000073, true).op, Op::kIllegal);  // ecall
  EXPECT_EQ(decode(0x00100073, true).op, Op::kIllegal);  // ebreak
  EXPECT_EQ(decode(0x0000100f, true).op, Op::kIllegal);  // fence.i
  EXPECT_EQ(decode(0x8330000f, true).op, Op::kFence);    // fence.tso
  EXPECT_EQ(decode(0x0100000f, true).op, Op::kFence);    // pause
  EXPECT_EQ(decode(0x00b5000b, true).op, Op::kMigrate);  // .insn r 0x0b, 0, 0, x0, a0, a1
  EXPECT_EQ(decode(0x0005100b, true).op, Op::kSend);
  EXPECT_EQ(decode(0x0005200b, true).op, Op::kDrop);
  EXPECT_EQ(decode(0x0000300b, true).op, Op::kToHost);
  EXPECT_EQ(decode(0x0000400b, true).op, Op::kDone);
  EXPECT_EQ(decode(0x0000500b, true).op, Op::kIllegal);
  EXPECT_EQ(decode(0x6985d513, true).op, Op::kRev8);  // rev8 a0, a1
  EXPECT_EQ(decode(0x6985d513, false).op, Op::kIllegal);
  EXPECT_EQ(decode(0x0805c533, true).op, Op::kZextH);  // zext.h a0, a1
  EXPECT_EQ(decode(0x0815c533, true).op, Op::kIllegal);  // rs2 != 0
}

TEST(Decode, SourcesAndDestinations) {
  EXPECT_EQ(sources(Op::kLui), Sources::kNone);
  EXPECT_EQ(sources(Op::kSw), Sources::kRs1Rs2);
  EXPECT_EQ(sources(Op::kBeq), Sources::kRs1Rs2);
  EXPECT_EQ(sources(Op::kRev8), Sources::kRs1);
  EXPECT_EQ(sources(Op::kMigrate), Sources::kRs1Rs2);
  EXPECT_EQ(sources(Op::kSend), Sources::kRs1);
  EXPECT_EQ(sources(Op::kDone), Sources::kNone);
  EXPECT_FALSE(writes_rd(Op::kSw));
  EXPECT_FALSE(writes_rd(Op::kMigrate));
  EXPECT_TRUE(writes_rd(Op::kJal));
}

}  // namespace
}  // namespace baton::iss
