// SPDX-License-Identifier: Apache-2.0
// Agents for the ports of baton_tile (any verilated configuration; the port names are the same):
// a loader driver, the shared-memory responder, the context driver, the thread-operation monitor
// and the retire-port monitor. All read in the sample phase and drive in the drive phase
// (tb/harness/include/baton/tb/scheduler.hpp).
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "baton/abi.hpp"
#include "baton/iss/retire.hpp"
#include "baton/records.hpp"
#include "baton/tb/pattern.hpp"
#include "baton/tb/port.hpp"
#include "baton/tb/rng.hpp"
#include "baton/tb/scheduler.hpp"
#include "baton/env/tile/shared_memory.hpp"

namespace baton::env::tile {

// The loader port's kinds, valued as the ABI defines them (abi::LoaderKind).
enum class LoadKind : std::uint8_t {
  kImemWord = static_cast<std::uint8_t>(abi::LoaderKind::kImem),
  kPageSlot = static_cast<std::uint8_t>(abi::LoaderKind::kPageSlot),
  kPartSlot = static_cast<std::uint8_t>(abi::LoaderKind::kPartSlot),
  kPtabWord = static_cast<std::uint8_t>(abi::LoaderKind::kPtab),
};

struct LoadOp {
  LoadKind kind;
  std::uint32_t addr;
  std::uint32_t data;
};

// Drives the loader port: one write per cycle while the queue is not empty.
template <typename M>
class LoaderAgent {
 public:
  LoaderAgent(tb::Scheduler& sched, M& dut) : dut_(dut) {
    dut_.ld_valid_i = 0;
    sched.on_sample([this] { sample(); });
    sched.on_drive([this] { drive(); });
  }
  LoaderAgent(const LoaderAgent&) = delete;
  LoaderAgent& operator=(const LoaderAgent&) = delete;

  void push(const LoadOp& op) { queue_.push_back(op); }
  void push(const std::vector<LoadOp>& ops) { queue_.insert(queue_.end(), ops.begin(), ops.end()); }
  [[nodiscard]] bool idle() const { return queue_.empty() && !valid_; }

 private:
  void sample() {
    if (valid_ && dut_.ld_ready_o) {
      queue_.pop_front();
      valid_ = false;
    }
  }
  void drive() {
    valid_ = !queue_.empty();
    dut_.ld_valid_i = valid_;
    if (valid_) {
      dut_.ld_kind_i = static_cast<std::uint8_t>(queue_.front().kind);
      dut_.ld_addr_i = queue_.front().addr;
      dut_.ld_data_i = queue_.front().data;
    }
  }

  M& dut_;
  std::deque<LoadOp> queue_;
  bool valid_ = false;
};

// Serves the shared-memory port from a SharedMemory: random request backpressure, reads answered
// after a random latency, answers of different threads possibly out of order, each response held
// until the tile takes it. Requests outside the windows fail the test (the tile must filter them).
template <typename M>
class DmemAgent {
 public:
  struct Options {
    double ready_p = 0.8;      // probability that the request channel is ready in a cycle
    unsigned min_latency = 1;  // cycles from the request transfer to the response
    unsigned max_latency = 6;
  };

  DmemAgent(tb::Scheduler& sched, M& dut, SharedMemory& mem, tb::Rng rng, Options opts)
      : sched_(sched), dut_(dut), mem_(mem), rng_(rng), opts_(opts) {
    dut_.dmem_req_ready_i = 0;
    dut_.dmem_rsp_valid_i = 0;
    sched.on_sample([this] { sample(); });
    sched.on_drive([this] { drive(); });
  }
  DmemAgent(const DmemAgent&) = delete;
  DmemAgent& operator=(const DmemAgent&) = delete;

  // Called in the sample phase for every write the tile performs.
  std::function<void(std::uint32_t addr, std::uint8_t be, std::uint32_t wdata)> on_write;
  [[nodiscard]] std::uint64_t reads() const { return reads_; }
  [[nodiscard]] std::uint64_t writes() const { return writes_; }
  [[nodiscard]] bool idle() const { return pending_.empty() && !rsp_valid_; }
  [[nodiscard]] std::uint64_t responses() const { return responses_; }

 private:
  struct Pending {
    std::uint64_t due;
    unsigned thread;
    std::uint32_t data;
  };

  void sample() {
    if (rsp_valid_ && dut_.dmem_rsp_ready_o) {
      rsp_valid_ = false;  // taken
      ++responses_;
    }
    if (ready_ && dut_.dmem_req_valid_o) {
      const std::uint32_t addr = dut_.dmem_req_addr_o;
      const auto handle = static_cast<std::uint16_t>(dut_.dmem_req_handle_o);
      const auto thread = static_cast<unsigned>(dut_.dmem_req_thread_o);
      if (dut_.dmem_req_we_o) {
        const auto be = static_cast<std::uint8_t>(dut_.dmem_req_be_o);
        if (!mem_.write_word(addr, handle, be, dut_.dmem_req_wdata_o)) sched_.fail("dmem: tile sent a " + mem_.why());
        ++writes_;
        if (on_write) on_write(addr, be, dut_.dmem_req_wdata_o);
      } else {
        const auto word = mem_.read_word(addr, handle);
        if (!word) sched_.fail("dmem: tile sent a " + mem_.why());
        for (const auto& p : pending_) {
          if (p.thread == thread) sched_.fail(fmt::format("dmem: thread {} has two reads outstanding", thread));
        }
        ++reads_;
        const auto lat = rng_.range(opts_.min_latency, opts_.max_latency);
        pending_.push_back({sched_.cycle() + lat, thread, *word});
      }
    }
  }

  void drive() {
    ready_ = rng_.chance(opts_.ready_p);
    dut_.dmem_req_ready_i = ready_;
    if (rsp_valid_) return;  // an offered response stays offered, unchanged, until taken
    std::vector<std::size_t> due;
    for (std::size_t i = 0; i < pending_.size(); ++i) {
      if (pending_[i].due <= sched_.cycle()) due.push_back(i);
    }
    if (!due.empty()) {
      const auto pick = due[rng_.range(0, due.size() - 1)];
      dut_.dmem_rsp_thread_i = pending_[pick].thread;
      dut_.dmem_rsp_rdata_i = pending_[pick].data;
      pending_.erase(pending_.begin() + static_cast<std::ptrdiff_t>(pick));
      rsp_valid_ = true;
    }
    dut_.dmem_rsp_valid_i = rsp_valid_;
  }

  tb::Scheduler& sched_;
  M& dut_;
  SharedMemory& mem_;
  tb::Rng rng_;
  Options opts_;
  std::vector<Pending> pending_;
  bool ready_ = false;
  bool rsp_valid_ = false;
  std::uint64_t responses_ = 0;
  std::uint64_t reads_ = 0;
  std::uint64_t writes_ = 0;
};

// Drives the context-in port: (ctx, thread) pairs in order, each held until the tile takes it.
template <typename M>
class CtxAgent {
 public:
  CtxAgent(tb::Scheduler& sched, M& dut) : dut_(dut) {
    dut_.ctx_valid_i = 0;
    sched.on_sample([this] { sample(); });
    sched.on_drive([this] { drive(); });
  }
  CtxAgent(const CtxAgent&) = delete;
  CtxAgent& operator=(const CtxAgent&) = delete;

  void push(unsigned thread, const Ctx& ctx) { queue_.emplace_back(thread, ctx); }
  [[nodiscard]] std::size_t pending() const { return queue_.size(); }
  [[nodiscard]] bool targets(unsigned thread) const {
    for (const auto& [t, c] : queue_) {
      if (t == thread) return true;
    }
    return false;
  }
  // Called in the sample phase when the tile accepts a context.
  std::function<void(unsigned thread, const Ctx& ctx)> on_accept;

 private:
  void sample() {
    if (valid_ && dut_.ctx_ready_o) {
      const auto [t, c] = queue_.front();
      queue_.pop_front();
      valid_ = false;
      if (on_accept) on_accept(t, c);
    }
  }
  void drive() {
    if (!valid_ && !queue_.empty()) {
      valid_ = true;
      tb::write_port(dut_.ctx_i, pack(queue_.front().second));
      dut_.ctx_thread_i = queue_.front().first;
    }
    dut_.ctx_valid_i = valid_;
  }

  M& dut_;
  std::deque<std::pair<unsigned, Ctx>> queue_;
  bool valid_ = false;
};

// Takes thread operations with a ready pattern (backpressure) and reports each one.
template <typename M>
class OpAgent {
 public:
  OpAgent(tb::Scheduler& sched, M& dut, tb::Pattern ready) : dut_(dut), ready_pattern_(std::move(ready)) {
    dut_.op_ready_i = 0;
    sched.on_sample([this] { sample(); });
    sched.on_drive([this] { drive(); });
  }
  OpAgent(const OpAgent&) = delete;
  OpAgent& operator=(const OpAgent&) = delete;

  std::function<void(const ThreadOpRec& op)> on_op;
  [[nodiscard]] std::uint64_t received() const { return received_; }

 private:
  void sample() {
    if (ready_ && dut_.op_valid_o) {
      ++received_;
      if (on_op) on_op(unpack_thread_op(tb::read_port<Bits<kThreadOpWidth>>(dut_.op_o)));
    }
  }
  void drive() {
    ready_ = ready_pattern_();
    dut_.op_ready_i = ready_;
  }

  M& dut_;
  tb::Pattern ready_pattern_;
  bool ready_ = false;
  std::uint64_t received_ = 0;
};

// Reads the retire port (RVFI style, two lanes) into ISS retire records; `ends` marks the record
// that ends the packet (its thread operation follows on the op port). Two records in one cycle
// belong to different threads. A model built without BATON_RVFI (a synthesized netlist) has no
// retire port; the agent then reports nothing.
template <typename M>
class RetireAgent {
 public:
  static constexpr bool kHasPort = requires(M& m) { m.rvfi_valid_o; };

  RetireAgent(tb::Scheduler& sched, M& dut) : dut_(dut) {
    if constexpr (kHasPort) sched.on_sample([this] { sample(); });
  }
  RetireAgent(const RetireAgent&) = delete;
  RetireAgent& operator=(const RetireAgent&) = delete;

  std::function<void(const iss::RetireRecord& rec, bool ends)> on_retire;
  [[nodiscard]] std::uint64_t retired() const { return retired_; }

 private:
  // Field of lane `i` of a packed two-lane port (lane 0 in the low bits).
  template <typename P>
  static std::uint64_t lane(const P& port, unsigned i, unsigned width) {
    const auto v = static_cast<std::uint64_t>(port);
    return (v >> (i * width)) & ((width >= 64) ? ~0ULL : ((1ULL << width) - 1));
  }

  void sample()
    requires kHasPort
  {
    for (unsigned i = 0; i < 2; ++i) {
      if (lane(dut_.rvfi_valid_o, i, 1) == 0) continue;
      iss::RetireRecord r;
      r.order = retired_++;
      r.thread = static_cast<std::uint8_t>(lane(dut_.rvfi_thread_o, i, 3));
      r.pc = static_cast<std::uint32_t>(lane(dut_.rvfi_pc_o, i, 32));
      r.insn = static_cast<std::uint32_t>(lane(dut_.rvfi_insn_o, i, 32));
      r.pc_next = static_cast<std::uint32_t>(lane(dut_.rvfi_pc_next_o, i, 32));
      r.rs1 = static_cast<std::uint8_t>(lane(dut_.rvfi_rs1_o, i, 5));
      r.rs1_val = static_cast<std::uint32_t>(lane(dut_.rvfi_rs1_val_o, i, 32));
      r.rs2 = static_cast<std::uint8_t>(lane(dut_.rvfi_rs2_o, i, 5));
      r.rs2_val = static_cast<std::uint32_t>(lane(dut_.rvfi_rs2_val_o, i, 32));
      r.rd = static_cast<std::uint8_t>(lane(dut_.rvfi_rd_o, i, 5));
      r.rd_val = static_cast<std::uint32_t>(lane(dut_.rvfi_rd_val_o, i, 32));
      r.mem_addr = static_cast<std::uint32_t>(lane(dut_.rvfi_mem_addr_o, i, 32));
      r.mem_rmask = static_cast<std::uint8_t>(lane(dut_.rvfi_mem_rmask_o, i, 4));
      r.mem_wmask = static_cast<std::uint8_t>(lane(dut_.rvfi_mem_wmask_o, i, 4));
      r.mem_rdata = static_cast<std::uint32_t>(lane(dut_.rvfi_mem_rdata_o, i, 32));
      r.mem_wdata = static_cast<std::uint32_t>(lane(dut_.rvfi_mem_wdata_o, i, 32));
      r.trap = static_cast<iss::Trap>(lane(dut_.rvfi_trap_o, i, 4));
      r.tval = static_cast<std::uint32_t>(lane(dut_.rvfi_tval_o, i, 32));
      if (on_retire) on_retire(r, lane(dut_.rvfi_end_o, i, 1) != 0);
    }
  }

  M& dut_;
  std::uint64_t retired_ = 0;
};

}  // namespace baton::env::tile
