// SPDX-License-Identifier: Apache-2.0
#include "baton/iss/executor.hpp"

#include <bit>
#include <limits>

namespace baton::iss {

namespace {

constexpr std::uint32_t sext8(std::uint32_t v) { return static_cast<std::uint32_t>(static_cast<std::int32_t>(static_cast<std::int8_t>(v))); }
constexpr std::uint32_t sext16(std::uint32_t v) { return static_cast<std::uint32_t>(static_cast<std::int32_t>(static_cast<std::int16_t>(v))); }
constexpr std::int32_t s(std::uint32_t v) { return static_cast<std::int32_t>(v); }

std::uint32_t divs(std::uint32_t a, std::uint32_t b) {
  if (b == 0) return 0xffffffffU;
  if (a == 0x80000000U && b == 0xffffffffU) return a;
  return static_cast<std::uint32_t>(s(a) / s(b));
}
std::uint32_t rems(std::uint32_t a, std::uint32_t b) {
  if (b == 0) return a;
  if (a == 0x80000000U && b == 0xffffffffU) return 0;
  return static_cast<std::uint32_t>(s(a) % s(b));
}

std::uint32_t orc_b(std::uint32_t v) {
  std::uint32_t out = 0;
  for (unsigned i = 0; i < 4; ++i) {
    if (((v >> (8 * i)) & 0xffU) != 0) out |= 0xffU << (8 * i);
  }
  return out;
}

// Result of a register-register or register-immediate computation; `b` is rs2 or the immediate.
std::uint32_t alu(Op op, std::uint32_t a, std::uint32_t b) {
  const unsigned sh = b & 31U;
  switch (op) {
    case Op::kAdd: case Op::kAddi: return a + b;
    case Op::kSub: return a - b;
    case Op::kSll: case Op::kSlli: return a << sh;
    case Op::kSlt: case Op::kSlti: return s(a) < s(b) ? 1 : 0;
    case Op::kSltu: case Op::kSltiu: return a < b ? 1 : 0;
    case Op::kXor: case Op::kXori: return a ^ b;
    case Op::kSrl: case Op::kSrli: return a >> sh;
    case Op::kSra: case Op::kSrai: return static_cast<std::uint32_t>(s(a) >> sh);
    case Op::kOr: case Op::kOri: return a | b;
    case Op::kAnd: case Op::kAndi: return a & b;
    case Op::kMul: return a * b;
    case Op::kMulh: return static_cast<std::uint32_t>((static_cast<std::int64_t>(s(a)) * s(b)) >> 32);
    case Op::kMulhsu:
      return static_cast<std::uint32_t>((static_cast<std::int64_t>(s(a)) * static_cast<std::int64_t>(b)) >> 32);
    case Op::kMulhu: return static_cast<std::uint32_t>((static_cast<std::uint64_t>(a) * b) >> 32);
    case Op::kDiv: return divs(a, b);
    case Op::kDivu: return b == 0 ? 0xffffffffU : a / b;
    case Op::kRem: return rems(a, b);
    case Op::kRemu: return b == 0 ? a : a % b;
    case Op::kAndn: return a & ~b;
    case Op::kOrn: return a | ~b;
    case Op::kXnor: return ~(a ^ b);
    case Op::kClz: return static_cast<std::uint32_t>(std::countl_zero(a));
    case Op::kCtz: return static_cast<std::uint32_t>(std::countr_zero(a));
    case Op::kCpop: return static_cast<std::uint32_t>(std::popcount(a));
    case Op::kMax: return s(a) < s(b) ? b : a;
    case Op::kMaxu: return a < b ? b : a;
    case Op::kMin: return s(a) < s(b) ? a : b;
    case Op::kMinu: return a < b ? a : b;
    case Op::kSextB: return sext8(a);
    case Op::kSextH: return sext16(a);
    case Op::kZextH: return a & 0xffffU;
    case Op::kRol: return std::rotl(a, static_cast<int>(sh));
    case Op::kRor: case Op::kRori: return std::rotr(a, static_cast<int>(sh));
    case Op::kOrcB: return orc_b(a);
    case Op::kRev8: return __builtin_bswap32(a);
    default: return 0;
  }
}

bool branch_taken(Op op, std::uint32_t a, std::uint32_t b) {
  switch (op) {
    case Op::kBeq: return a == b;
    case Op::kBne: return a != b;
    case Op::kBlt: return s(a) < s(b);
    case Op::kBge: return s(a) >= s(b);
    case Op::kBltu: return a < b;
    case Op::kBgeu: return a >= b;
    default: return false;
  }
}

unsigned access_size(Op op) {
  switch (op) {
    case Op::kLb: case Op::kLbu: case Op::kSb: return 1;
    case Op::kLh: case Op::kLhu: case Op::kSh: return 2;
    default: return 4;
  }
}

std::uint32_t size_mask(unsigned size) { return size == 4 ? 0xffffffffU : ((1U << (8 * size)) - 1); }

}  // namespace

RetireRecord Executor::step(Hart& h, unsigned thread) {
  RetireRecord r;
  r.thread = static_cast<std::uint8_t>(thread);
  r.pc = h.pc;

  if (cfg_.watchdog != 0 && h.retired >= cfg_.watchdog) {
    fault(h, thread, r, Trap::kWatchdog, 0);
    return r;
  }
  const auto win = translate(cfg_.layout, AccessKind::kFetch, h.pc);
  const auto word = (win && (h.pc & 3U) == 0) ? mem_.fetch(thread, h.pc) : std::nullopt;
  if (!word) {
    fault(h, thread, r, Trap::kFetchAccess, h.pc);
    return r;
  }
  r.insn = *word;
  const Insn in = decode(*word, cfg_.zbb);
  if (in.op == Op::kIllegal) {
    fault(h, thread, r, Trap::kIllegal, *word);
    return r;
  }
  const Sources src = sources(in.op);
  if (src != Sources::kNone) {
    r.rs1 = in.rs1;
    r.rs1_val = h.x[in.rs1];
  }
  if (src == Sources::kRs1Rs2) {
    r.rs2 = in.rs2;
    r.rs2_val = h.x[in.rs2];
  }
  execute(h, thread, in, r);
  if (r.trap == Trap::kNone) ++h.retired;
  return r;
}

void Executor::execute(Hart& h, unsigned thread, const Insn& in, RetireRecord& r) {
  const std::uint32_t a = h.x[in.rs1];
  const std::uint32_t b = h.x[in.rs2];
  const std::uint32_t imm = static_cast<std::uint32_t>(in.imm);
  std::uint32_t next = h.pc + 4;
  std::optional<std::uint32_t> result;

  switch (in.op) {
    case Op::kLui: result = imm; break;
    case Op::kAuipc: result = h.pc + imm; break;
    case Op::kJal:
    case Op::kJalr: {
      const std::uint32_t target = in.op == Op::kJal ? h.pc + imm : ((a + imm) & ~1U);
      if ((target & 3U) != 0) {
        fault(h, thread, r, Trap::kMisalignedJump, target);
        return;
      }
      result = h.pc + 4;
      next = target;
      break;
    }
    case Op::kBeq: case Op::kBne: case Op::kBlt: case Op::kBge: case Op::kBltu: case Op::kBgeu:
      if (branch_taken(in.op, a, b)) {
        const std::uint32_t target = h.pc + imm;
        if ((target & 3U) != 0) {
          fault(h, thread, r, Trap::kMisalignedJump, target);
          return;
        }
        next = target;
      }
      break;
    case Op::kLb: case Op::kLh: case Op::kLw: case Op::kLbu: case Op::kLhu:
      if (!load(h, thread, in, r)) return;
      break;
    case Op::kSb: case Op::kSh: case Op::kSw:
      if (!store(h, thread, in, r)) return;
      break;
    case Op::kFence: break;
    case Op::kMigrate: case Op::kSend: case Op::kDrop: case Op::kToHost: case Op::kDone:
      thread_op(h, thread, in, r);
      return;
    case Op::kAddi: case Op::kSlti: case Op::kSltiu: case Op::kXori: case Op::kOri: case Op::kAndi:
    case Op::kSlli: case Op::kSrli: case Op::kSrai: case Op::kRori:
      result = alu(in.op, a, imm);
      break;
    case Op::kClz: case Op::kCtz: case Op::kCpop: case Op::kSextB: case Op::kSextH: case Op::kZextH:
    case Op::kOrcB: case Op::kRev8:
      result = alu(in.op, a, 0);
      break;
    default:
      result = alu(in.op, a, b);
      break;
  }
  if (result && in.rd != 0) {
    h.x[in.rd] = *result;
    r.rd = in.rd;
    r.rd_val = *result;
  }
  h.pc = next;
  r.pc_next = next;
}

std::uint32_t Executor::context_word(const Hart& h, unsigned thread, std::uint32_t offset) const {
  const Ctx& c = h.ctx;
  using abi::CtxWord;
  switch (static_cast<CtxWord>(offset / 4)) {
    case CtxWord::kPktHandle: return c.pkt_handle;
    case CtxWord::kPktLen: return c.pkt_len;
    case CtxWord::kInPort: return c.in_port;
    case CtxWord::kArrival: return c.arrival;
    case CtxWord::kSeq: return c.seq;
    case CtxWord::kFlow: return c.flow;
    case CtxWord::kEventType: return c.event_type;
    case CtxWord::kTargetPart: return c.target_part;
    case CtxWord::kEntryWord: return (static_cast<std::uint32_t>(c.entry_kind) << abi::kEntryKindBit) | c.entry;
    case CtxWord::kSp: return c.sp;
    case CtxWord::kArg0: return c.args[0];
    case CtxWord::kArg1: return c.args[1];
    case CtxWord::kArg2: return c.args[2];
    case CtxWord::kArg3: return c.args[3];
    case CtxWord::kTileId: return cfg_.tile_id;
    case CtxWord::kThreadId: return thread;
  }
  return 0;
}

bool Executor::load(Hart& h, unsigned thread, const Insn& in, RetireRecord& r) {
  const unsigned size = access_size(in.op);
  const std::uint32_t addr = h.x[in.rs1] + static_cast<std::uint32_t>(in.imm);
  if ((addr & (size - 1)) != 0) {
    fault(h, thread, r, Trap::kMisalignedLoad, addr);
    return false;
  }
  const auto win = translate(cfg_.layout, AccessKind::kLoad, addr);
  if (!win || (win->region == Region::kLookup && !lookup_access_ok(cfg_.layout, AccessKind::kLoad, win->offset, size))) {
    fault(h, thread, r, Trap::kLoadAccess, addr);
    return false;
  }
  const unsigned lane = addr & 3U;
  std::uint32_t value = 0;
  if (win->region == Region::kContext) {
    value = (context_word(h, thread, win->offset & ~3U) >> (8 * lane)) & size_mask(size);
  } else {
    value = mem_.load(MemRequest{win->region, win->offset, addr, size, thread, h.ctx.pkt_handle}) & size_mask(size);
  }
  r.mem_addr = addr & ~3U;
  r.mem_rmask = static_cast<std::uint8_t>(((1U << size) - 1) << lane);
  r.mem_rdata = value << (8 * lane);
  std::uint32_t result = value;
  if (in.op == Op::kLb) result = sext8(value);
  if (in.op == Op::kLh) result = sext16(value);
  if (in.rd != 0) {
    h.x[in.rd] = result;
    r.rd = in.rd;
    r.rd_val = result;
  }
  h.pc += 4;
  r.pc_next = h.pc;
  return true;
}

bool Executor::store(Hart& h, unsigned thread, const Insn& in, RetireRecord& r) {
  const unsigned size = access_size(in.op);
  const std::uint32_t addr = h.x[in.rs1] + static_cast<std::uint32_t>(in.imm);
  const std::uint32_t value = h.x[in.rs2] & size_mask(size);
  if ((addr & (size - 1)) != 0) {
    fault(h, thread, r, Trap::kMisalignedStore, addr);
    return false;
  }
  const auto win = translate(cfg_.layout, AccessKind::kStore, addr);
  if (!win || (win->region == Region::kLookup && !lookup_access_ok(cfg_.layout, AccessKind::kStore, win->offset, size))) {
    fault(h, thread, r, Trap::kStoreAccess, addr);
    return false;
  }
  if (win->region == Region::kContext) {
    // Only pkt_len is writable, by sw or sh, and never beyond the packet capacity.
    if (win->offset != kCtxPktLenOffset || size == 1 || value > cfg_.layout.packet_bytes) {
      fault(h, thread, r, Trap::kStoreAccess, addr);
      return false;
    }
    h.ctx.pkt_len = static_cast<std::uint16_t>(value);
  } else {
    mem_.store(MemRequest{win->region, win->offset, addr, size, thread, h.ctx.pkt_handle}, value);
  }
  const unsigned lane = addr & 3U;
  r.mem_addr = addr & ~3U;
  r.mem_wmask = static_cast<std::uint8_t>(((1U << size) - 1) << lane);
  r.mem_wdata = value << (8 * lane);
  h.pc += 4;
  r.pc_next = h.pc;
  return true;
}

bool Executor::thread_op(Hart& h, unsigned thread, const Insn& in, RetireRecord& r) {
  const std::uint32_t a = h.x[in.rs1];
  const std::uint32_t b = h.x[in.rs2];
  Ctx out = h.ctx;
  switch (in.op) {
    case Op::kMigrate:
      if (a >= (1U << width::kPart) || (b >> (abi::kEntryKindBit + 1)) != 0) break;
      out.target_part = static_cast<std::uint8_t>(a);
      out.entry_kind = ((b >> abi::kEntryKindBit) & 1U) != 0 ? EntryKind::kOffset : EntryKind::kIndex;
      out.entry = static_cast<std::uint16_t>(b & abi::kEntryMask);
      out.sp = h.x[2];
      for (unsigned i = 0; i < out.args.size(); ++i) out.args[i] = h.x[10 + i];
      end_packet(h, thread, r, ThreadOp::kMigrate, 0, out);
      return true;
    case Op::kSend:
      if (a >= cfg_.num_ports) break;
      end_packet(h, thread, r, ThreadOp::kSend, static_cast<std::uint8_t>(a), out);
      return true;
    case Op::kDrop:
      if (a < abi::kDropFirmwareMin || a > abi::kDropFirmwareMax) break;
      end_packet(h, thread, r, ThreadOp::kDrop, static_cast<std::uint8_t>(a), out);
      return true;
    case Op::kToHost:
      end_packet(h, thread, r, ThreadOp::kToHost, 0, out);
      return true;
    case Op::kDone:
      end_packet(h, thread, r, ThreadOp::kDone, 0, out);
      return true;
    default:
      break;
  }
  fault(h, thread, r, Trap::kIllegal, r.insn);
  return false;
}

void Executor::end_packet(Hart& h, unsigned thread, RetireRecord& r, ThreadOp op, std::uint8_t arg, const Ctx& ctx) {
  r.op = ThreadOpRec{op, arg, cfg_.tile_id, static_cast<std::uint8_t>(thread), ctx};
  r.pc_next = 0;
  h.state = Hart::State::kIdle;
}

void Executor::fault(Hart& h, unsigned thread, RetireRecord& r, Trap trap, std::uint32_t tval) {
  // A faulting instruction has no effect; its record carries only what identifies the fault.
  RetireRecord f;
  f.order = r.order;
  f.cycle = r.cycle;
  f.thread = r.thread;
  f.pc = r.pc;
  f.insn = (trap == Trap::kWatchdog || trap == Trap::kFetchAccess) ? 0 : r.insn;
  f.trap = trap;
  f.tval = tval;
  r = f;
  end_packet(h, thread, r, ThreadOp::kDrop, static_cast<std::uint8_t>(drop_reason(trap)), h.ctx);
}

}  // namespace baton::iss
