// SPDX-License-Identifier: Apache-2.0
#include "baton/env/tile/rand_program.hpp"

#include <array>
#include <optional>

#include "baton/env/tile/rv_asm.hpp"
#include "baton/abi.hpp"

namespace baton::env::tile {

namespace {

// Registers that hold window bases for the whole program (set in the prologue, never written).
constexpr unsigned kScratch = 8, kWorkspace = 9, kPacket = 18, kStack = 19, kData = 20, kRodata = 21, kCtx = 22;
constexpr std::array<unsigned, 22> kFree{1, 2, 3, 4, 5, 6, 7, 10, 11, 12, 13, 14, 15, 16, 17,
                                         23, 24, 25, 26, 27, 28, 29};
constexpr unsigned kTmp = 30, kTmp2 = 31;  // scratch registers of multi-instruction blocks

constexpr std::array<std::uint32_t, 12> kCorners{0x0, 0x1, 0xffffffff, 0x80000000, 0x7fffffff, 0x2,
                                                 0xfffffffe, 0x80000001, 0xff, 0xffff, 0x8000, 0x12345678};

// A block: instructions that control flow never enters in the middle; at most one forward
// branch or jump, whose target is a block index resolved after layout.
struct Block {
  std::vector<std::uint32_t> words;
  enum class Fix : std::uint8_t { kNone, kBranch, kJal, kJalr } fix = Fix::kNone;
  unsigned fix_word = 0;       // index of the word to patch
  unsigned fix_ref = 0;        // the word whose address the offset is relative to (auipc for jalr)
  unsigned target = 0;         // block index
  std::int32_t extra = 0;      // added to the offset (misaligned jumps)
};

class Generator {
 public:
  Generator(tb::Rng& rng, const TileParams& p, const GenOptions& o) : rng_(rng), p_(p), o_(o) {}

  GenProgram run(std::uint32_t base) {
    GenProgram out;
    FaultKind fault = o_.fault;
    // Half of the programs end normally, the others with one fault of a random kind.
    if (o_.fault_random) {
      fault = rng_.chance(0.5) ? FaultKind::kNone : static_cast<FaultKind>(rng_.range(1, kFaultKinds - 1));
    }
    out.fault = fault;

    prologue();
    const unsigned body = o_.length;
    const unsigned fault_at = fault == FaultKind::kNone ? body
                              : o_.fault_first          ? 0
                                                        : static_cast<unsigned>(rng_.range(0, body));
    for (unsigned i = 0; i < body; ++i) {
      if (i == fault_at) emit_fault(fault);
      random_block(body + (fault_at < body ? 1 : 0) + prologue_blocks_);
    }
    if (fault_at == body && fault != FaultKind::kNone) emit_fault(fault);
    epilogue();

    // Layout and fix-ups.
    std::vector<std::uint32_t> start(blocks_.size() + 1);
    std::uint32_t addr = base;
    for (std::size_t b = 0; b < blocks_.size(); ++b) {
      start[b] = addr;
      addr += static_cast<std::uint32_t>(blocks_[b].words.size() * 4);
    }
    start[blocks_.size()] = addr;
    for (std::size_t b = 0; b < blocks_.size(); ++b) {
      auto& blk = blocks_[b];
      if (blk.fix == Block::Fix::kNone) continue;
      const unsigned tgt = std::min<unsigned>(blk.target, static_cast<unsigned>(blocks_.size()) - 1);
      const auto off = static_cast<std::int32_t>(start[tgt] - (start[b] + blk.fix_ref * 4)) + blk.extra;
      auto& w = blk.words[blk.fix_word];
      switch (blk.fix) {
        case Block::Fix::kBranch: w = rv::branch((w >> 12) & 7U, (w >> 15) & 31U, (w >> 20) & 31U, off); break;
        case Block::Fix::kJal: w = rv::jal((w >> 7) & 31U, off); break;
        case Block::Fix::kJalr: w = rv::jalr((w >> 7) & 31U, (w >> 15) & 31U, off); break;
        case Block::Fix::kNone: break;
      }
    }
    for (const auto& blk : blocks_) out.words.insert(out.words.end(), blk.words.begin(), blk.words.end());
    return out;
  }

 private:
  unsigned free_reg() { return kFree[rng_.range(0, kFree.size() - 1)]; }
  // A source: often a recently written register (dependent chains), sometimes anything.
  unsigned src_reg() {
    if (!recent_.empty() && rng_.chance(0.5)) return recent_[rng_.range(0, recent_.size() - 1)];
    return static_cast<unsigned>(rng_.range(0, 31));
  }
  unsigned dst_reg() {
    const unsigned r = free_reg();
    recent_.push_back(r);
    if (recent_.size() > 3) recent_.erase(recent_.begin());
    return r;
  }
  std::uint32_t value() {
    return rng_.chance(0.4) ? kCorners[rng_.range(0, kCorners.size() - 1)] : static_cast<std::uint32_t>(rng_.next());
  }
  void li(std::vector<std::uint32_t>& w, unsigned rd, std::uint32_t v) {
    const auto s = rv::split_const(v);
    w.push_back(rv::lui(rd, s.hi20));
    w.push_back(rv::addi(rd, rd, s.lo12));
  }
  void add(std::vector<std::uint32_t> w) { blocks_.push_back(Block{std::move(w)}); }

  void prologue() {
    add({rv::lui(kScratch, abi::kScratchBase >> 12), rv::lui(kWorkspace, abi::kWorkspaceBase >> 12),
         rv::lui(kPacket, abi::kPktBase >> 12), rv::lui(kStack, abi::kStackBase >> 12),
         rv::lui(kData, abi::kDataBase >> 12), rv::op(0, 0, kData, kData, 13),
         rv::lui(kRodata, abi::kRodataBase >> 12), rv::lui(kCtx, abi::kCtxBase >> 12)});
    for (unsigned i = 0; i < 6; ++i) {
      std::vector<std::uint32_t> w;
      li(w, dst_reg(), value());
      add(std::move(w));
    }
    prologue_blocks_ = static_cast<unsigned>(blocks_.size());
  }

  // A legal (base register, offset) for an access of `size` bytes; loads may use every window.
  std::pair<unsigned, std::int32_t> mem_target(unsigned size, bool store) {
    struct Win {
      unsigned reg;
      std::uint32_t bytes;
    };
    std::vector<Win> wins{{kScratch, p_.scratch_bytes}, {kWorkspace, p_.workspace_bytes},
                          {kPacket, p_.packet_bytes},   {kStack, p_.stack_bytes},
                          {kData, 4096}};
    if (!store) {
      wins.push_back({kRodata, p_.rodata_bytes});
      wins.push_back({kCtx, 64});
    }
    const auto& w = wins[rng_.range(0, wins.size() - 1)];
    const std::uint32_t limit = std::min<std::uint32_t>(w.bytes, 2048);
    const std::uint32_t slots = limit / size;
    // Bias towards the first words so loads often read what earlier stores wrote.
    const std::uint32_t slot = rng_.chance(0.6) ? static_cast<std::uint32_t>(rng_.range(0, std::min(slots, 16U) - 1))
                                                : static_cast<std::uint32_t>(rng_.range(0, slots - 1));
    return {w.reg, static_cast<std::int32_t>(slot * size)};
  }

  void random_block(unsigned nblocks_hint) {
    const auto here = static_cast<unsigned>(blocks_.size());
    const unsigned pick = static_cast<unsigned>(rng_.range(0, 99));
    std::vector<std::uint32_t> w;
    if (pick < 26) {  // register-register ALU
      struct RR {
        std::uint32_t f7, f3;
        bool zbb;
      };
      static constexpr std::array<RR, 20> ops{{{0, 0, false}, {0x20, 0, false}, {0, 1, false}, {0, 2, false},
                                               {0, 3, false}, {0, 4, false}, {0, 5, false}, {0x20, 5, false},
                                               {0, 6, false}, {0, 7, false}, {0x20, 7, true}, {0x20, 6, true},
                                               {0x20, 4, true}, {0x05, 4, true}, {0x05, 5, true}, {0x05, 6, true},
                                               {0x05, 7, true}, {0x30, 1, true}, {0x30, 5, true}, {0x04, 4, true}}};
      const auto& o = ops[rng_.range(0, ops.size() - 1)];
      if (o.zbb && !p_.zbb) return random_block(nblocks_hint);
      const unsigned rs2 = (o.f7 == 0x04) ? 0 : src_reg();  // zext.h
      w.push_back(rv::op(o.f7, o.f3, dst_reg(), src_reg(), rs2));
    } else if (pick < 44) {  // register-immediate ALU
      const unsigned k = static_cast<unsigned>(rng_.range(0, 16));
      const unsigned rd = dst_reg(), rs1 = src_reg();
      const auto imm = static_cast<std::int32_t>(rng_.range(0, 4095)) - 2048;
      const auto sh = static_cast<std::int32_t>(rng_.range(0, 31));
      switch (k) {
        case 0: w.push_back(rv::op_imm(0, rd, rs1, imm)); break;
        case 1: w.push_back(rv::op_imm(2, rd, rs1, imm)); break;
        case 2: w.push_back(rv::op_imm(3, rd, rs1, imm)); break;
        case 3: w.push_back(rv::op_imm(4, rd, rs1, imm)); break;
        case 4: w.push_back(rv::op_imm(6, rd, rs1, imm)); break;
        case 5: w.push_back(rv::op_imm(7, rd, rs1, imm)); break;
        case 6: w.push_back(rv::op_imm(1, rd, rs1, sh)); break;
        case 7: w.push_back(rv::op_imm(5, rd, rs1, sh)); break;
        case 8: w.push_back(rv::op_imm(5, rd, rs1, 0x400 | sh)); break;
        default: {
          if (!p_.zbb) return random_block(nblocks_hint);
          static constexpr std::array<std::int32_t, 8> zimm{0x600, 0x601, 0x602, 0x604, 0x605, 0x287, 0x698, 0x600};
          if (k == 16) {
            w.push_back(rv::op_imm(5, rd, rs1, 0x600 | sh));  // rori
          } else {
            const auto z = zimm[k - 9];
            w.push_back(rv::op_imm((z == 0x287 || z == 0x698) ? 5 : 1, rd, rs1, z));
          }
        }
      }
    } else if (pick < 48) {  // lui / auipc
      const auto imm = static_cast<std::uint32_t>(rng_.bits(20));
      w.push_back(rng_.chance(0.5) ? rv::lui(dst_reg(), imm) : rv::auipc(dst_reg(), imm));
    } else if (pick < 52) {  // constants, corner values
      li(w, dst_reg(), value());
    } else if (pick < 60) {  // multiply / divide, often with corner operands
      unsigned rs1 = src_reg(), rs2 = src_reg();
      if (rng_.chance(0.6)) {
        rs1 = kTmp;
        rs2 = kTmp2;
        li(w, kTmp, kCorners[rng_.range(0, kCorners.size() - 1)]);
        li(w, kTmp2, rng_.chance(0.2) ? 0U : kCorners[rng_.range(0, kCorners.size() - 1)]);
      }
      w.push_back(rv::op(1, static_cast<std::uint32_t>(rng_.range(0, 7)), dst_reg(), rs1, rs2));
    } else if (pick < 72) {  // load
      static constexpr std::array<std::uint32_t, 5> f3s{rv::f3::kLb, rv::f3::kLh, rv::f3::kLw, rv::f3::kLbu,
                                                        rv::f3::kLhu};
      const auto f3 = f3s[rng_.range(0, f3s.size() - 1)];
      const unsigned size = 1U << (f3 & 3U);
      const auto [base, off] = mem_target(size, false);
      w.push_back(rv::load(f3, dst_reg(), base, off));
    } else if (pick < 82) {  // store
      const auto f3 = static_cast<std::uint32_t>(rng_.range(0, 2));
      const auto [base, off] = mem_target(1U << f3, true);
      w.push_back(rv::store(f3, src_reg(), base, off));
    } else if (pick < 90) {  // forward branch over 0..3 blocks
      static constexpr std::array<std::uint32_t, 6> conds{0, 1, 4, 5, 6, 7};
      Block b{{rv::branch(conds[rng_.range(0, 5)], src_reg(), src_reg(), 8)}};
      b.fix = Block::Fix::kBranch;
      b.target = here + 1 + static_cast<unsigned>(rng_.range(0, 3));
      blocks_.push_back(b);
      return;
    } else if (pick < 93) {  // jal forward
      Block b{{rv::jal(rng_.chance(0.3) ? 0 : dst_reg(), 8)}};
      b.fix = Block::Fix::kJal;
      b.target = here + 1 + static_cast<unsigned>(rng_.range(0, 3));
      blocks_.push_back(b);
      return;
    } else if (pick < 95) {  // jalr forward through auipc
      Block b{{rv::auipc(kTmp, 0), rv::jalr(rng_.chance(0.3) ? 0 : dst_reg(), kTmp, 0)}};
      b.fix = Block::Fix::kJalr;
      b.fix_word = 1;
      b.fix_ref = 0;
      b.target = here + 1 + static_cast<unsigned>(rng_.range(0, 3));
      blocks_.push_back(b);
      return;
    } else if (pick < 96) {  // fence with random fields (a no-op)
      w.push_back((static_cast<std::uint32_t>(rng_.bits(17)) << 15) | rv::kOpMiscMem);
    } else if (pick < 97) {  // pkt_len store (legal value)
      li(w, kTmp, static_cast<std::uint32_t>(rng_.range(0, p_.packet_bytes)));
      w.push_back(rv::store(rng_.chance(0.5) ? rv::f3::kSw : rv::f3::kSh, kTmp, kCtx, 4));
    } else {  // context loads of any width
      static constexpr std::array<std::uint32_t, 5> f3s{0, 1, 2, 4, 5};
      const auto f3 = f3s[rng_.range(0, 4)];
      const unsigned size = 1U << (f3 & 3U);
      w.push_back(rv::load(f3, dst_reg(), kCtx, static_cast<std::int32_t>(rng_.range(0, 64 / size - 1) * size)));
    }
    add(std::move(w));
  }

  std::uint32_t illegal_word() {
    switch (rng_.range(0, 13)) {
      case 0: return rv::ecall();
      case 1: return rv::ebreak();
      case 2: return (0x300U << 20) | (1U << 12) | (5U << 7) | rv::kOpSystem;   // csrrw
      case 3: return static_cast<std::uint32_t>(rng_.bits(16)) & ~3U;           // compressed space
      case 4: return rv::op(0x40, 0, 5, 6, 7);                                   // add with funct7 0x40
      case 5: return (1U << 12) | rv::kOpMiscMem;                                // fence.i
      case 6: return rv::load(3, 5, kScratch, 0);                                // ld
      case 7: return rv::store(3, 5, kScratch, 0);                               // sd
      case 8: return rv::branch(2, 5, 6, 8);
      case 9: return rv::i_type(0, 5, 1, 6, rv::kOpJalr);                        // jalr funct3 1
      case 10: return rv::r_type(0, 0, 0, 4, 5, rv::kOpCustom0);                 // DONE with rd != 0
      case 11: return rv::r_type(0, 0, 0, 5 + static_cast<std::uint32_t>(rng_.range(0, 2)), 0, rv::kOpCustom0);
      case 12: return rv::op_imm(1, 5, 6, 0x20 << 5);                            // slli, imm[11:5] != 0
      default: return 0x2b | (static_cast<std::uint32_t>(rng_.bits(25)) << 7);  // custom-1
    }
  }

  void emit_fault(FaultKind k) {
    const auto here = static_cast<unsigned>(blocks_.size());
    std::vector<std::uint32_t> w;
    switch (k) {
      case FaultKind::kNone: return;
      case FaultKind::kIllegal: w.push_back(illegal_word()); break;
      case FaultKind::kThreadOperand: {
        switch (rng_.range(0, 4)) {
          case 0: li(w, kTmp, p_.num_ports + static_cast<std::uint32_t>(rng_.range(0, 100))); w.push_back(rv::send(kTmp)); break;
          case 1: w.push_back(rv::drop(0)); break;
          case 2: li(w, kTmp, 0x80 + static_cast<std::uint32_t>(rng_.range(0, 0x7f))); w.push_back(rv::drop(kTmp)); break;
          case 3: li(w, kTmp, 0x100 + static_cast<std::uint32_t>(rng_.bits(8))); w.push_back(rv::migrate(kTmp, 0)); break;
          default: li(w, kTmp2, 0x10000U << rng_.range(0, 15)); w.push_back(rv::migrate(0, kTmp2)); break;
        }
        break;
      }
      case FaultKind::kMisalignedLoad: {
        const bool word = rng_.chance(0.5);
        const auto [base, off] = mem_target(4, false);
        w.push_back(rv::load(word ? rv::f3::kLw : (rng_.chance(0.5) ? rv::f3::kLh : rv::f3::kLhu), 5, base,
                             off + (word ? static_cast<std::int32_t>(rng_.range(1, 3)) : 1)));
        break;
      }
      case FaultKind::kMisalignedStore: {
        const bool word = rng_.chance(0.5);
        const auto [base, off] = mem_target(4, true);
        w.push_back(rv::store(word ? rv::f3::kSw : rv::f3::kSh, 5, base,
                              off + (word ? static_cast<std::int32_t>(rng_.range(1, 3)) : 1)));
        break;
      }
      case FaultKind::kMisalignedJump: {
        Block b;
        if (rng_.chance(0.5)) {
          b.words = {rv::auipc(kTmp, 0), rv::jalr(5, kTmp, 0)};
          b.fix = Block::Fix::kJalr;
          b.fix_word = 1;
        } else {
          b.words = {rv::branch(0, 0, 0, 8)};  // beq x0, x0: always taken
          b.fix = Block::Fix::kBranch;
        }
        b.target = here + 1;
        b.extra = 2;
        blocks_.push_back(b);
        return;
      }
      case FaultKind::kLoadAccess: {
        switch (rng_.range(0, 4)) {
          case 0: li(w, kTmp, (static_cast<std::uint32_t>(rng_.range(6, 15)) << abi::kWindowShift)); break;  // abi-literal-ok: windows 6..f
          case 1: li(w, kTmp, abi::kScratchBase + p_.scratch_bytes); break;
          case 2: li(w, kTmp, abi::kPktBase + p_.packet_bytes + 4 * static_cast<std::uint32_t>(rng_.range(0, 3))); break;
          case 3: li(w, kTmp, abi::kCtxBase + abi::kCtxBytes); break;
          default: li(w, kTmp, 0x0000'1000U); break;  // code window: fetch only
        }
        w.push_back(rv::load(rv::f3::kLw, 5, kTmp, 0));
        break;
      }
      case FaultKind::kStoreAccess: {
        switch (rng_.range(0, 5)) {
          case 0: w.push_back(rv::store(rv::f3::kSw, 5, kRodata, 0)); break;
          case 1: w.push_back(rv::store(rv::f3::kSb, 5, kCtx, 4)); break;
          case 2: w.push_back(rv::store(rv::f3::kSw, 5, kCtx, 8)); break;
          case 3: li(w, kTmp, p_.packet_bytes + 1 + static_cast<std::uint32_t>(rng_.bits(8)));
                  w.push_back(rv::store(rv::f3::kSw, kTmp, kCtx, 4)); break;
          case 4: li(w, kTmp, abi::kWorkspaceBase + p_.workspace_bytes);
                  w.push_back(rv::store(rv::f3::kSh, 5, kTmp, 0)); break;
          default: w.push_back(rv::store(rv::f3::kSw, 5, 0, 0x100)); break;  // code window
        }
        break;
      }
      case FaultKind::kFetchAccess: {
        std::uint32_t target = o_.non_resident_pc;
        switch (rng_.range(0, 2)) {
          case 0: break;
          case 1: target = p_.code_bytes + 4 * static_cast<std::uint32_t>(rng_.bits(8)); break;
          default: target = abi::kScratchBase; break;
        }
        li(w, kTmp, target);
        w.push_back(rv::jalr(0, kTmp, 0));
        break;
      }
      case FaultKind::kWatchdog: w.push_back(rv::jal(0, 0)); break;
      case FaultKind::kRandomWord: w.push_back(static_cast<std::uint32_t>(rng_.next())); break;
    }
    add(std::move(w));
  }

  void epilogue() {
    std::vector<std::uint32_t> w;
    const unsigned k = static_cast<unsigned>(rng_.range(0, 99));
    const unsigned r1 = 5, r2 = 6;
    if (k < 30) {
      w.push_back(rv::done());
    } else if (k < 50) {
      li(w, r1, static_cast<std::uint32_t>(rng_.range(0, p_.num_ports - 1)));
      w.push_back(rv::send(r1));
    } else if (k < 65) {
      li(w, r1, static_cast<std::uint32_t>(rng_.range(1, 0x7f)));
      w.push_back(rv::drop(r1));
    } else if (k < 75) {
      w.push_back(rv::to_host());
    } else {
      li(w, r1, static_cast<std::uint32_t>(rng_.range(0, 255)));
      li(w, r2, static_cast<std::uint32_t>(rng_.bits(16)));
      w.push_back(rv::migrate(r1, r2));
    }
    add(std::move(w));
  }

  tb::Rng& rng_;
  const TileParams& p_;
  const GenOptions& o_;
  std::vector<Block> blocks_;
  std::vector<unsigned> recent_;
  unsigned prologue_blocks_ = 0;
};

}  // namespace

GenProgram generate_program(tb::Rng& rng, const TileParams& params, const GenOptions& opts, std::uint32_t base) {
  return Generator(rng, params, opts).run(base);
}

}  // namespace baton::env::tile
