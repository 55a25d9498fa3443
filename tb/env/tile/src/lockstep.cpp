// SPDX-License-Identifier: Apache-2.0
#include "baton/env/tile/lockstep.hpp"

#include <fmt/format.h>

#include "baton/iss/decode.hpp"

namespace baton::env::tile {

namespace {
constexpr std::size_t kHistory = 6;

std::string op_text(const ThreadOpRec& op) {
  return fmt::format("{} arg={:#x} tile={} thread={} ctx={}", iss::thread_op_name(op.op), op.arg, op.src_tile,
                     op.src_thread, iss::format_ctx(op.ctx));
}
}  // namespace

LockstepChecker::LockstepChecker(tb::Scheduler& sched, iss::Tile& iss, std::uint8_t tile_id)
    : sched_(sched), iss_(iss), tile_id_(tile_id), expected_ops_(iss.config().threads),
      recent_(iss.config().threads) {}

void LockstepChecker::delivered(unsigned thread, const Ctx& ctx) {
  if (!enabled_) return;
  const auto st = iss_.deliver(thread, ctx);
  switch (st) {
    case iss::DeliverStatus::kOk: return;
    case iss::DeliverStatus::kMissing: {
      // docs/abi.md section 3: dropped with DropNoPartition without running a thread.
      ThreadOpRec op;
      op.op = ThreadOp::kDrop;
      op.arg = static_cast<std::uint8_t>(DropReason::kNoPartition);
      op.src_tile = tile_id_;
      op.src_thread = static_cast<std::uint8_t>(thread);
      op.ctx = ctx;
      expected_ops_.at(thread).push_back(op);
      return;
    }
    case iss::DeliverStatus::kBusy:
      sched_.fail(fmt::format("lockstep: the RTL accepted a context for thread {}, which the ISS still runs", thread));
    case iss::DeliverStatus::kNotResident:
      sched_.fail(fmt::format("lockstep: context for thread {} names partition {}, not resident in the ISS map",
                              thread, ctx.target_part));
  }
}

void LockstepChecker::started_bare(unsigned thread, std::uint32_t pc) {
  if (enabled_) iss_.start_bare(thread, pc);
}

unsigned LockstepChecker::running_threads() const {
  unsigned n = 0;
  for (unsigned t = 0; t < iss_.config().threads; ++t) n += iss_.running(t) ? 1 : 0;
  return n;
}

std::string LockstepChecker::history(unsigned thread) const {
  std::string s;
  for (const auto& r : recent_.at(thread)) s += "\n    " + iss::format_record(r);
  return s.empty() ? "\n    (none)" : s;
}

void LockstepChecker::mismatch(const iss::RetireRecord& expected, const iss::RetireRecord& got,
                               const std::string& what) {
  const auto insn = iss::decode(got.insn, iss_.config().zbb);
  sched_.fail(fmt::format(
      "lockstep mismatch: thread {} pc {:#010x} insn {:#010x} ({}): {}\n  ISS: {}\n  RTL: {}\n"
      "  earlier records of thread {}:{}",
      got.thread, got.pc, got.insn, iss::disassemble(insn, got.pc), what, iss::format_record(expected),
      iss::format_record(got), got.thread, history(got.thread)));
}

void LockstepChecker::retired(const iss::RetireRecord& rtl, bool ends) {
  if (!enabled_) {
    ++retired_;
    return;
  }
  const unsigned t = rtl.thread;
  if (t >= iss_.config().threads) {
    sched_.fail(fmt::format("lockstep: RTL retired an instruction of thread {} (tile has {})", t,
                            iss_.config().threads));
  }
  if (!iss_.running(t)) {
    sched_.fail(fmt::format("lockstep: RTL retired pc {:#010x} insn {:#010x} on thread {}, which the ISS has "
                            "not started or has ended{}",
                            rtl.pc, rtl.insn, t, history(t)));
  }
  const iss::RetireRecord expected = iss_.step_thread(t);
  iss::RetireRecord got = rtl;
  got.op = expected.op;  // the RTL's operation comes on the op port, compared in op()
  if (auto d = iss::compare(expected, got)) mismatch(expected, rtl, *d);
  if (ends != expected.ends_packet()) {
    mismatch(expected, rtl, fmt::format("ends packet: expected {}, got {}", expected.ends_packet(), ends));
  }
  ++retired_;
  if (expected.trap != iss::Trap::kNone) ++faults_;
  if (expected.op) expected_ops_[t].push_back(*expected.op);
  auto& rec = recent_[t];
  rec.push_back(expected);
  if (rec.size() > kHistory) rec.pop_front();
  if (on_match) on_match(expected);
}

void LockstepChecker::op(const ThreadOpRec& got) {
  if (!enabled_) {
    ++ops_;
    return;
  }
  const unsigned t = got.src_thread;
  if (t >= expected_ops_.size() || expected_ops_[t].empty()) {
    sched_.fail(fmt::format("lockstep: RTL emitted a thread operation the ISS did not produce: {}{}",
                            op_text(got), t < expected_ops_.size() ? history(t) : std::string()));
  }
  const ThreadOpRec expected = expected_ops_[t].front();
  expected_ops_[t].pop_front();
  if (!(expected == got)) {
    sched_.fail(fmt::format("lockstep mismatch on the thread-operation port, thread {}:\n  ISS: {}\n  RTL: {}"
                            "\n  earlier records of thread {}:{}",
                            t, op_text(expected), op_text(got), t, history(t)));
  }
  ++ops_;
}

void LockstepChecker::check_drained() {
  for (unsigned t = 0; t < expected_ops_.size(); ++t) {
    if (!expected_ops_[t].empty()) {
      sched_.fail(fmt::format("lockstep: thread {} never emitted its operation {}", t,
                              op_text(expected_ops_[t].front())));
    }
  }
}

}  // namespace baton::env::tile
