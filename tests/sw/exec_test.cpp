// SPDX-License-Identifier: Apache-2.0
// Single-instruction execution against reference semantics written from the RV32I/M and Zbb
// chapters (64-bit arithmetic and bit loops, independent of the executor's code). Random operands
// biased to corner values, random registers including x0, random PCs.
#include <gtest/gtest.h>

#include <array>
#include <functional>
#include <string>
#include <vector>

#include "baton/iss/bare_memory.hpp"
#include "baton/iss/tile.hpp"
#include "baton/tb/config.hpp"
#include "baton/tb/rng.hpp"
#include "iss_test_util.hpp"

namespace baton::iss {
namespace {

using baton::iss::test::repro;
using baton::tb::Rng;

constexpr std::uint32_t enc_r(std::uint32_t f7, std::uint32_t rs2, std::uint32_t rs1, std::uint32_t f3,
                              std::uint32_t rd, std::uint32_t opc) {
  return f7 << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 | rd << 7 | opc;
}
constexpr std::uint32_t enc_i(std::int32_t imm, std::uint32_t rs1, std::uint32_t f3, std::uint32_t rd,
                              std::uint32_t opc) {
  return (static_cast<std::uint32_t>(imm) & 0xfffU) << 20 | rs1 << 15 | f3 << 12 | rd << 7 | opc;
}
constexpr std::uint32_t enc_s(std::int32_t imm, std::uint32_t rs2, std::uint32_t rs1, std::uint32_t f3) {
  const auto u = static_cast<std::uint32_t>(imm);
  return ((u >> 5) & 0x7fU) << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 | (u & 0x1fU) << 7 | 0x23U;
}
constexpr std::uint32_t enc_b(std::int32_t imm, std::uint32_t rs2, std::uint32_t rs1, std::uint32_t f3) {
  const auto u = static_cast<std::uint32_t>(imm);
  return ((u >> 12) & 1U) << 31 | ((u >> 5) & 0x3fU) << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 |
         ((u >> 1) & 0xfU) << 8 | ((u >> 11) & 1U) << 7 | 0x63U;
}
constexpr std::uint32_t enc_j(std::int32_t imm, std::uint32_t rd) {
  const auto u = static_cast<std::uint32_t>(imm);
  return ((u >> 20) & 1U) << 31 | ((u >> 1) & 0x3ffU) << 21 | ((u >> 11) & 1U) << 20 | ((u >> 12) & 0xffU) << 12 |
         rd << 7 | 0x6fU;
}

std::int64_t sx(std::uint32_t v) { return static_cast<std::int32_t>(v); }
std::uint32_t lo(std::int64_t v) { return static_cast<std::uint32_t>(static_cast<std::uint64_t>(v)); }

// Reference semantics, by mnemonic.
std::uint32_t reference(const std::string& n, std::uint32_t a, std::uint32_t b) {
  const unsigned sh = b % 32;
  if (n == "add" || n == "addi") return lo(sx(a) + sx(b));
  if (n == "sub") return lo(sx(a) - sx(b));
  if (n == "sll" || n == "slli") return lo(static_cast<std::int64_t>(static_cast<std::uint64_t>(a) << sh));
  if (n == "srl" || n == "srli") return a / (1U << sh);
  if (n == "sra" || n == "srai") {
    std::int64_t v = sx(a);
    for (unsigned i = 0; i < sh; ++i) v = (v - (v & 1)) / 2;  // floor division by 2
    return lo(v);
  }
  if (n == "slt" || n == "slti") return sx(a) < sx(b);
  if (n == "sltu" || n == "sltiu") return a < b;
  if (n == "xor" || n == "xori") return a ^ b;
  if (n == "or" || n == "ori") return a | b;
  if (n == "and" || n == "andi") return a & b;
  if (n == "mul") return lo(sx(a) * sx(b));
  if (n == "mulh") return lo((static_cast<__int128>(sx(a)) * sx(b)) >> 32);
  if (n == "mulhsu") return lo(static_cast<std::int64_t>((static_cast<__int128>(sx(a)) * static_cast<__int128>(b)) >> 32));
  if (n == "mulhu") return lo(static_cast<std::int64_t>((static_cast<unsigned __int128>(a) * b) >> 32));
  if (n == "div") return b == 0 ? 0xffffffffU : lo(sx(a) / sx(b));  // 64-bit division has no overflow
  if (n == "divu") return b == 0 ? 0xffffffffU : a / b;
  if (n == "rem") return b == 0 ? a : lo(sx(a) % sx(b));
  if (n == "remu") return b == 0 ? a : a % b;
  if (n == "andn") return a & ~b;
  if (n == "orn") return a | ~b;
  if (n == "xnor") return ~(a ^ b);
  if (n == "clz") {
    std::uint32_t c = 0;
    for (int i = 31; i >= 0 && ((a >> i) & 1U) == 0; --i) ++c;
    return c;
  }
  if (n == "ctz") {
    std::uint32_t c = 0;
    for (int i = 0; i < 32 && ((a >> i) & 1U) == 0; ++i) ++c;
    return c;
  }
  if (n == "cpop") {
    std::uint32_t c = 0;
    for (int i = 0; i < 32; ++i) c += (a >> i) & 1U;
    return c;
  }
  if (n == "max") return sx(a) >= sx(b) ? a : b;
  if (n == "maxu") return a >= b ? a : b;
  if (n == "min") return sx(a) <= sx(b) ? a : b;
  if (n == "minu") return a <= b ? a : b;
  if (n == "sext.b") return lo(static_cast<std::int8_t>(a & 0xff));
  if (n == "sext.h") return lo(static_cast<std::int16_t>(a & 0xffff));
  if (n == "zext.h") return a & 0xffffU;
  if (n == "rol" || n == "ror" || n == "rori") {
    const unsigned r = n == "rol" ? sh : (32 - sh) % 32;  // everything as a left rotation
    std::uint32_t out = 0;
    for (unsigned i = 0; i < 32; ++i) out |= ((a >> i) & 1U) << ((i + r) % 32);
    return out;
  }
  if (n == "orc.b") {
    std::uint32_t out = 0;
    for (unsigned i = 0; i < 4; ++i) {
      if ((a >> (8 * i)) & 0xffU) out |= 0xffU << (8 * i);
    }
    return out;
  }
  if (n == "rev8") return (a >> 24) | ((a >> 8) & 0xff00U) | ((a << 8) & 0xff0000U) | (a << 24);
  ADD_FAILURE() << "no reference for " << n;
  return 0;
}

enum class Kind { kRR, kRI, kShiftI, kUnary };

struct AluOp {
  std::string name;
  Kind kind;
  std::uint32_t f7;  // funct7, or the full imm[11:0] for unary ops
  std::uint32_t f3;
};

const std::vector<AluOp>& alu_ops() {
  static const std::vector<AluOp> ops{
      {"add", Kind::kRR, 0x00, 0},     {"sub", Kind::kRR, 0x20, 0},    {"sll", Kind::kRR, 0x00, 1},
      {"slt", Kind::kRR, 0x00, 2},     {"sltu", Kind::kRR, 0x00, 3},   {"xor", Kind::kRR, 0x00, 4},
      {"srl", Kind::kRR, 0x00, 5},     {"sra", Kind::kRR, 0x20, 5},    {"or", Kind::kRR, 0x00, 6},
      {"and", Kind::kRR, 0x00, 7},     {"mul", Kind::kRR, 0x01, 0},    {"mulh", Kind::kRR, 0x01, 1},
      {"mulhsu", Kind::kRR, 0x01, 2},  {"mulhu", Kind::kRR, 0x01, 3},  {"div", Kind::kRR, 0x01, 4},
      {"divu", Kind::kRR, 0x01, 5},    {"rem", Kind::kRR, 0x01, 6},    {"remu", Kind::kRR, 0x01, 7},
      {"andn", Kind::kRR, 0x20, 7},    {"orn", Kind::kRR, 0x20, 6},    {"xnor", Kind::kRR, 0x20, 4},
      {"max", Kind::kRR, 0x05, 6},     {"maxu", Kind::kRR, 0x05, 7},   {"min", Kind::kRR, 0x05, 4},
      {"minu", Kind::kRR, 0x05, 5},    {"rol", Kind::kRR, 0x30, 1},    {"ror", Kind::kRR, 0x30, 5},
      {"addi", Kind::kRI, 0, 0},       {"slti", Kind::kRI, 0, 2},      {"sltiu", Kind::kRI, 0, 3},
      {"xori", Kind::kRI, 0, 4},       {"ori", Kind::kRI, 0, 6},       {"andi", Kind::kRI, 0, 7},
      {"slli", Kind::kShiftI, 0x00, 1}, {"srli", Kind::kShiftI, 0x00, 5}, {"srai", Kind::kShiftI, 0x20, 5},
      {"rori", Kind::kShiftI, 0x30, 5}, {"clz", Kind::kUnary, 0x600, 1}, {"ctz", Kind::kUnary, 0x601, 1},
      {"cpop", Kind::kUnary, 0x602, 1}, {"sext.b", Kind::kUnary, 0x604, 1}, {"sext.h", Kind::kUnary, 0x605, 1},
      {"orc.b", Kind::kUnary, 0x287, 5}, {"rev8", Kind::kUnary, 0x698, 5},
  };
  return ops;
}

std::uint32_t corner_value(Rng& rng) {
  static constexpr std::array<std::uint32_t, 14> k{0,          1,          2,          0xffffffffU, 0x80000000U,
                                                   0x7fffffffU, 0x80000001U, 0xfffffffeU, 0x0000ffffU, 0x00008000U,
                                                   0x000000ffU, 0x00000080U, 0x55555555U, 0xaaaaaaaaU};
  if (rng.chance(0.4)) return k[rng.range(0, k.size() - 1)];
  if (rng.chance(0.2)) return static_cast<std::uint32_t>(rng.range(0, 64));
  return static_cast<std::uint32_t>(rng.bits(32));
}

std::uint32_t random_reg(Rng& rng) { return rng.chance(0.1) ? 0 : static_cast<std::uint32_t>(rng.range(1, 31)); }

// A one-thread bare tile whose single thread can be restarted anywhere.
class OneThread {
 public:
  OneThread() : mem_(cfg().layout), tile_(cfg(), mem_) {}
  static TileConfig cfg() {
    TileConfig c;
    c.threads = 1;
    c.watchdog = 0;
    c.layout.mode = Mode::kBare;
    return c;
  }
  RetireRecord run(std::uint32_t pc, std::uint32_t word, const std::array<std::uint32_t, 32>& regs) {
    mem_.imem().write(pc, 4, word);
    tile_.start_bare(0, pc);
    tile_.hart(0).x = regs;
    tile_.hart(0).x[0] = 0;
    return tile_.step_thread(0);
  }
  BareMemory& mem() { return mem_; }
  Tile& tile() { return tile_; }

 private:
  BareMemory mem_;
  Tile tile_;
};

std::array<std::uint32_t, 32> random_regs(Rng& rng) {
  std::array<std::uint32_t, 32> x{};
  for (auto& v : x) v = corner_value(rng);
  x[0] = 0;
  return x;
}

TEST(Exec, AluAgainstReference) {
  const auto seed = baton::tb::test_seed();
  Rng rng(seed);
  OneThread t;
  for (std::uint64_t i = 0; i < 200000; ++i) {
    const auto& op = alu_ops()[rng.range(0, alu_ops().size() - 1)];
    const std::uint32_t rd = random_reg(rng);
    const std::uint32_t rs1 = random_reg(rng);
    const std::uint32_t rs2 = rng.chance(0.1) ? rs1 : random_reg(rng);
    auto x = random_regs(rng);
    std::uint32_t word = 0;
    std::uint32_t b = x[rs2];
    switch (op.kind) {
      case Kind::kRR: word = enc_r(op.f7, rs2, rs1, op.f3, rd, 0x33); break;
      case Kind::kRI: {
        const auto imm = static_cast<std::int32_t>(rng.range(0, 4095)) - 2048;
        word = enc_i(imm, rs1, op.f3, rd, 0x13);
        b = static_cast<std::uint32_t>(imm);
        break;
      }
      case Kind::kShiftI: {
        const auto sh = static_cast<std::uint32_t>(rng.range(0, 31));
        word = enc_r(op.f7, sh, rs1, op.f3, rd, 0x13);
        b = sh;
        break;
      }
      case Kind::kUnary: word = enc_i(static_cast<std::int32_t>(op.f7), rs1, op.f3, rd, 0x13); break;
    }
    const std::uint32_t pc = static_cast<std::uint32_t>(rng.range(0, 1000)) * 4;
    const std::uint32_t want = reference(op.name, x[rs1], b);
    const RetireRecord r = t.run(pc, word, x);
    const std::string ctx = fmt::format("{} rd=x{} rs1=x{}({:#x}) b={:#x} word={:#010x} ", op.name, rd, rs1, x[rs1],
                                        b, word) + repro(seed, i);
    ASSERT_EQ(r.trap, Trap::kNone) << ctx;
    ASSERT_EQ(r.pc, pc) << ctx;
    ASSERT_EQ(r.insn, word) << ctx;
    ASSERT_EQ(r.pc_next, pc + 4) << ctx;
    ASSERT_EQ(r.rd, rd) << ctx;
    ASSERT_EQ(r.rd_val, rd == 0 ? 0 : want) << ctx;
    ASSERT_EQ(r.rs1, rs1) << ctx;
    ASSERT_EQ(r.rs1_val, x[rs1]) << ctx;
    ASSERT_EQ(r.rs2, op.kind == Kind::kRR ? rs2 : 0) << ctx;
    ASSERT_EQ(r.mem_rmask | r.mem_wmask, 0) << ctx;
    ASSERT_FALSE(r.op.has_value()) << ctx;
    ASSERT_EQ(t.tile().hart(0).x[0], 0U) << ctx;
    if (rd != 0) {
      ASSERT_EQ(t.tile().hart(0).x[rd], want) << ctx;
    }
  }
}

TEST(Exec, ZbbOffMakesZbbIllegal) {
  TileConfig c = OneThread::cfg();
  c.zbb = false;
  BareMemory mem(c.layout);
  Tile tile(c, mem);
  mem.imem().write(0, 4, 0x6985d513);  // rev8 a0, a1
  tile.start_bare(0, 0);
  const auto r = tile.step_thread(0);
  EXPECT_EQ(r.trap, Trap::kIllegal);
  EXPECT_EQ(r.tval, 0x6985d513U);
  ASSERT_TRUE(r.op.has_value());
  EXPECT_EQ(r.op->arg, static_cast<std::uint8_t>(DropReason::kFaultIllegal));
}

struct MemOp {
  const char* name;
  bool store;
  unsigned size;
  bool sign;
  std::uint32_t f3;
};

TEST(Exec, LoadsAndStoresAgainstReferenceMemory) {
  const auto seed = baton::tb::test_seed();
  Rng rng(seed);
  OneThread t;
  constexpr std::uint32_t kBase = 0x80000000U;
  constexpr std::uint32_t kSpan = 4096;
  std::vector<std::uint8_t> ref(kSpan);
  for (std::uint32_t i = 0; i < kSpan; ++i) {
    ref[i] = static_cast<std::uint8_t>(rng.bits(8));
    t.mem().dmem().write8(i, ref[i]);
  }
  static constexpr std::array<MemOp, 8> ops{{{"lb", false, 1, true, 0},
                                             {"lh", false, 2, true, 1},
                                             {"lw", false, 4, true, 2},
                                             {"lbu", false, 1, false, 4},
                                             {"lhu", false, 2, false, 5},
                                             {"sb", true, 1, false, 0},
                                             {"sh", true, 2, false, 1},
                                             {"sw", true, 4, false, 2}}};
  for (std::uint64_t i = 0; i < 100000; ++i) {
    const auto& op = ops[rng.range(0, ops.size() - 1)];
    const std::uint32_t rs1 = static_cast<std::uint32_t>(rng.range(1, 31));
    const std::uint32_t rs2 = random_reg(rng);
    const std::uint32_t rd = random_reg(rng);
    auto x = random_regs(rng);
    const auto imm = static_cast<std::int32_t>(rng.range(0, 255)) - 128;
    // Mostly inside the reference span, sometimes in IMEM or unmapped space.
    std::uint32_t addr = kBase + 128 + static_cast<std::uint32_t>(rng.range(0, kSpan - 260));
    const auto where = rng.range(0, 19);
    if (where == 0) addr = static_cast<std::uint32_t>(rng.range(0, 0xffff));         // IMEM: no data access
    if (where == 1) addr = 0x40000000U + static_cast<std::uint32_t>(rng.range(0, 0xffff));  // unmapped
    x[rs1] = addr - static_cast<std::uint32_t>(imm);
    const std::uint32_t data = rs2 == 0 ? 0 : x[rs2];
    const std::uint32_t word = op.store ? enc_s(imm, rs2, rs1, op.f3) : enc_i(imm, rs1, op.f3, rd, 0x03);
    const RetireRecord r = t.run(0x100, word, x);
    const std::string ctx = fmt::format("{} addr={:#010x} word={:#010x} ", op.name, addr, word) + repro(seed, i);
    if ((addr % op.size) != 0) {
      ASSERT_EQ(r.trap, op.store ? Trap::kMisalignedStore : Trap::kMisalignedLoad) << ctx;
      ASSERT_EQ(r.tval, addr) << ctx;
      ASSERT_EQ(r.rd | r.mem_rmask | r.mem_wmask, 0) << ctx;
      continue;
    }
    if (where <= 1) {
      ASSERT_EQ(r.trap, op.store ? Trap::kStoreAccess : Trap::kLoadAccess) << ctx;
      ASSERT_EQ(r.tval, addr) << ctx;
      ASSERT_EQ(r.op->arg, static_cast<std::uint8_t>(DropReason::kFaultAccess)) << ctx;
      continue;
    }
    ASSERT_EQ(r.trap, Trap::kNone) << ctx;
    const std::uint32_t off = addr - kBase;
    const unsigned lane = addr % 4;
    ASSERT_EQ(r.mem_addr, addr & ~3U) << ctx;
    const auto mask = static_cast<std::uint8_t>(((1U << op.size) - 1) << lane);
    if (op.store) {
      for (unsigned k = 0; k < op.size; ++k) ref[off + k] = static_cast<std::uint8_t>(data >> (8 * k));
      ASSERT_EQ(r.mem_wmask, mask) << ctx;
      ASSERT_EQ(r.mem_rmask, 0) << ctx;
      const std::uint32_t sized = op.size == 4 ? data : data & ((1U << (8 * op.size)) - 1);
      ASSERT_EQ(r.mem_wdata, sized << (8 * lane)) << ctx;
      ASSERT_EQ(r.rd, 0) << ctx;
      ASSERT_EQ(r.rs2, rs2) << ctx;
    } else {
      std::uint32_t v = 0;
      for (unsigned k = 0; k < op.size; ++k) v |= static_cast<std::uint32_t>(ref[off + k]) << (8 * k);
      ASSERT_EQ(r.mem_rmask, mask) << ctx;
      ASSERT_EQ(r.mem_rdata, v << (8 * lane)) << ctx;
      if (op.sign && op.size < 4 && ((v >> (8 * op.size - 1)) & 1U)) v |= ~((1U << (8 * op.size)) - 1);
      ASSERT_EQ(r.rd, rd) << ctx;
      ASSERT_EQ(r.rd_val, rd == 0 ? 0 : v) << ctx;
    }
  }
  for (std::uint32_t k = 0; k < kSpan; ++k) ASSERT_EQ(t.mem().dmem().read8(k), ref[k]) << "byte " << k << " " << repro(seed, 0);
}

TEST(Exec, BranchesAndJumpsAgainstReference) {
  const auto seed = baton::tb::test_seed();
  Rng rng(seed);
  OneThread t;
  static constexpr std::array<std::pair<const char*, std::uint32_t>, 6> branches{
      {{"beq", 0}, {"bne", 1}, {"blt", 4}, {"bge", 5}, {"bltu", 6}, {"bgeu", 7}}};
  for (std::uint64_t i = 0; i < 100000; ++i) {
    auto x = random_regs(rng);
    const std::uint32_t pc = 0x1000 + static_cast<std::uint32_t>(rng.range(0, 1000)) * 4;
    const auto kind = rng.range(0, 2);
    std::uint32_t word = 0;
    std::uint32_t target = 0;
    bool taken = true;
    std::uint32_t rd = 0;
    std::string name;
    if (kind == 0) {
      const auto& [n, f3] = branches[rng.range(0, branches.size() - 1)];
      name = n;
      const std::uint32_t rs1 = random_reg(rng);
      const std::uint32_t rs2 = rng.chance(0.2) ? rs1 : random_reg(rng);
      if (rng.chance(0.3)) x[rs2] = x[rs1];
      x[0] = 0;
      const auto off = (static_cast<std::int32_t>(rng.range(0, 2047)) - 1024) * 2;
      word = enc_b(off, rs2, rs1, f3);
      const std::uint32_t a = x[rs1];
      const std::uint32_t b = x[rs2];
      const std::string_view nv = n;
      taken = nv == "beq" ? a == b : nv == "bne" ? a != b : nv == "blt" ? sx(a) < sx(b)
            : nv == "bge" ? sx(a) >= sx(b) : nv == "bltu" ? a < b : a >= b;
      target = pc + static_cast<std::uint32_t>(off);
    } else if (kind == 1) {
      name = "jal";
      rd = random_reg(rng);
      const auto off = (static_cast<std::int32_t>(rng.range(0, 4095)) - 2048) * 2;
      word = enc_j(off, rd);
      target = pc + static_cast<std::uint32_t>(off);
    } else {
      name = "jalr";
      rd = random_reg(rng);
      const std::uint32_t rs1 = random_reg(rng);
      const auto imm = static_cast<std::int32_t>(rng.range(0, 4095)) - 2048;
      x[rs1] = rs1 == 0 ? 0 : 0x2000U + static_cast<std::uint32_t>(rng.range(0, 4096));
      word = enc_i(imm, rs1, 0, rd, 0x67);
      target = (x[rs1] + static_cast<std::uint32_t>(imm)) & ~1U;
    }
    const RetireRecord r = t.run(pc, word, x);
    const std::string ctx = fmt::format("{} pc={:#x} target={:#x} word={:#010x} ", name, pc, target, word) + repro(seed, i);
    if (taken && (target & 3U) != 0) {
      ASSERT_EQ(r.trap, Trap::kMisalignedJump) << ctx;
      ASSERT_EQ(r.tval, target) << ctx;
      ASSERT_EQ(r.rd, 0) << ctx;
      ASSERT_EQ(r.op->arg, static_cast<std::uint8_t>(DropReason::kFaultMisalign)) << ctx;
      continue;
    }
    ASSERT_EQ(r.trap, Trap::kNone) << ctx;
    ASSERT_EQ(r.pc_next, taken ? target : pc + 4) << ctx;
    ASSERT_EQ(r.rd, rd) << ctx;
    ASSERT_EQ(r.rd_val, rd == 0 ? 0 : pc + 4) << ctx;
  }
}

}  // namespace
}  // namespace baton::iss
