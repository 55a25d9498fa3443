// SPDX-License-Identifier: Apache-2.0
#include "baton/iss/retire.hpp"

#include <fmt/format.h>

#include "baton/iss/decode.hpp"

namespace baton::iss {

std::string_view trap_name(Trap t) {
  switch (t) {
    case Trap::kNone: return "none";
    case Trap::kWatchdog: return "watchdog";
    case Trap::kFetchAccess: return "fetch_access";
    case Trap::kIllegal: return "illegal";
    case Trap::kMisalignedJump: return "misaligned_jump";
    case Trap::kMisalignedLoad: return "misaligned_load";
    case Trap::kMisalignedStore: return "misaligned_store";
    case Trap::kLoadAccess: return "load_access";
    case Trap::kStoreAccess: return "store_access";
  }
  return "?";
}

DropReason drop_reason(Trap t) {
  switch (t) {
    case Trap::kNone: return DropReason::kNone;
    case Trap::kWatchdog: return DropReason::kFaultWatchdog;
    case Trap::kIllegal: return DropReason::kFaultIllegal;
    case Trap::kMisalignedJump:
    case Trap::kMisalignedLoad:
    case Trap::kMisalignedStore: return DropReason::kFaultMisalign;
    case Trap::kFetchAccess:
    case Trap::kLoadAccess:
    case Trap::kStoreAccess: return DropReason::kFaultAccess;
  }
  return DropReason::kNone;
}

std::string_view thread_op_name(ThreadOp op) {
  switch (op) {
    case ThreadOp::kMigrate: return "MIGRATE";
    case ThreadOp::kSend: return "SEND";
    case ThreadOp::kDrop: return "DROP";
    case ThreadOp::kToHost: return "TO_HOST";
    case ThreadOp::kDone: return "DONE";
  }
  return "?";
}

std::string format_ctx(const Ctx& c) {
  return fmt::format(
      "{{handle={:#x} len={} port={} arrival={} seq={} flow={:#x} event={} part={} entry={}:{} sp={:#010x} "
      "args=[{:#x},{:#x},{:#x},{:#x}]}}",
      c.pkt_handle, c.pkt_len, c.in_port, c.arrival, c.seq, c.flow, c.event_type, c.target_part,
      c.entry_kind == EntryKind::kOffset ? "off" : "idx", c.entry, c.sp, c.args[0], c.args[1], c.args[2],
      c.args[3]);
}

namespace {

template <typename T>
std::optional<std::string> diff(std::string_view name, const T& e, const T& g) {
  if (e == g) return std::nullopt;
  return fmt::format("{}: expected {:#x}, got {:#x}", name, static_cast<std::uint64_t>(e),
                     static_cast<std::uint64_t>(g));
}

std::string op_text(const std::optional<ThreadOpRec>& op) {
  if (!op) return "none";
  return fmt::format("{} arg={:#x} tile={} thread={} ctx={}", thread_op_name(op->op), op->arg, op->src_tile,
                     op->src_thread, format_ctx(op->ctx));
}

}  // namespace

std::optional<std::string> compare(const RetireRecord& e, const RetireRecord& g) {
#define BATON_CMP(f) \
  if (auto d = diff(#f, e.f, g.f)) return d;
  BATON_CMP(thread)
  BATON_CMP(pc)
  BATON_CMP(insn)
  if (e.trap != g.trap) {
    return fmt::format("trap: expected {}, got {}", trap_name(e.trap), trap_name(g.trap));
  }
  BATON_CMP(tval)
  BATON_CMP(pc_next)
  BATON_CMP(rs1)
  BATON_CMP(rs1_val)
  BATON_CMP(rs2)
  BATON_CMP(rs2_val)
  BATON_CMP(rd)
  BATON_CMP(rd_val)
  BATON_CMP(mem_addr)
  BATON_CMP(mem_rmask)
  BATON_CMP(mem_wmask)
  BATON_CMP(mem_rdata)
  BATON_CMP(mem_wdata)
#undef BATON_CMP
  if (e.op != g.op) return fmt::format("op: expected {}, got {}", op_text(e.op), op_text(g.op));
  return std::nullopt;
}

std::string format_record(const RetireRecord& r, bool with_disasm) {
  std::string s = fmt::format("{:>8} c={:<8} t={} pc={:08x} insn={:08x}", r.order, r.cycle, r.thread, r.pc, r.insn);
  if (r.rd != 0) s += fmt::format(" x{}={:08x}", r.rd, r.rd_val);
  if (r.mem_rmask != 0) s += fmt::format(" rd[{:08x}/{:x}]={:08x}", r.mem_addr, r.mem_rmask, r.mem_rdata);
  if (r.mem_wmask != 0) s += fmt::format(" wr[{:08x}/{:x}]={:08x}", r.mem_addr, r.mem_wmask, r.mem_wdata);
  if (r.trap != Trap::kNone) s += fmt::format(" trap={} tval={:08x}", trap_name(r.trap), r.tval);
  if (r.op) s += fmt::format(" op={} arg={:#x}", thread_op_name(r.op->op), r.op->arg);
  if (with_disasm && r.trap != Trap::kWatchdog && r.trap != Trap::kFetchAccess) {
    s += "  ; " + disassemble(decode(r.insn, true), r.pc);
  }
  return s;
}

std::string format_record_json(const RetireRecord& r) {
  std::string s = fmt::format(
      "{{\"order\":{},\"cycle\":{},\"thread\":{},\"pc\":{},\"insn\":{},\"pc_next\":{},\"rs1\":{},\"rs1_val\":{},"
      "\"rs2\":{},\"rs2_val\":{},\"rd\":{},\"rd_val\":{},\"mem_addr\":{},\"mem_rmask\":{},\"mem_wmask\":{},"
      "\"mem_rdata\":{},\"mem_wdata\":{},\"trap\":\"{}\",\"tval\":{}",
      r.order, r.cycle, r.thread, r.pc, r.insn, r.pc_next, r.rs1, r.rs1_val, r.rs2, r.rs2_val, r.rd, r.rd_val,
      r.mem_addr, r.mem_rmask, r.mem_wmask, r.mem_rdata, r.mem_wdata, trap_name(r.trap), r.tval);
  if (r.op) {
    const auto& c = r.op->ctx;
    s += fmt::format(
        ",\"op\":{{\"op\":\"{}\",\"arg\":{},\"src_tile\":{},\"src_thread\":{},\"ctx\":{{\"pkt_handle\":{},"
        "\"pkt_len\":{},\"in_port\":{},\"arrival\":{},\"seq\":{},\"flow\":{},\"event_type\":{},\"target_part\":{},"
        "\"entry_kind\":{},\"entry\":{},\"sp\":{},\"args\":[{},{},{},{}]}}}}",
        thread_op_name(r.op->op), r.op->arg, r.op->src_tile, r.op->src_thread, c.pkt_handle, c.pkt_len, c.in_port,
        c.arrival, c.seq, c.flow, c.event_type, c.target_part, static_cast<int>(c.entry_kind), c.entry, c.sp,
        c.args[0], c.args[1], c.args[2], c.args[3]);
  }
  s += "}";
  return s;
}

}  // namespace baton::iss
