// SPDX-License-Identifier: Apache-2.0
// Environments of one baton_tile: the agents on every port, the shared-memory model, and the ISS
// in lockstep behind the retire port. TileEngineEnv runs contexts on an engine-mode tile;
// TileBareEnv runs an ELF on a bare-mode tile until its tohost store (docs/abi.md sections 5, 9).
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "baton/iss/bare_memory.hpp"
#include "baton/iss/elf.hpp"
#include "baton/iss/engine_memory.hpp"
#include "baton/iss/partition_map.hpp"
#include "baton/iss/tile.hpp"
#include "baton/tb/sim.hpp"
#include "baton/tb/stream.hpp"
#include "baton/env/tile/agents.hpp"
#include "baton/env/tile/engine_image.hpp"
#include "baton/env/tile/lockstep.hpp"
#include "baton/env/tile/shared_memory.hpp"
#include "baton/env/tile/tile_params.hpp"

namespace baton::env::tile {

struct EnvOptions {
  double dmem_ready_p = 0.8;   // shared-memory request channel ready
  unsigned dmem_min_latency = 1;
  unsigned dmem_max_latency = 6;
  double op_ready_p = 0.7;     // thread-operation port ready
};

// What every environment has: agents, shared memory, the ISS and the checker.
template <typename M>
class EnvBase {
 public:
  EnvBase(tb::Sim<M>& sim, const TileParams& params, const EnvOptions& opts,
            std::unique_ptr<iss::MemoryPort> iss_mem, const iss::PartitionMap* parts)
      : sim_(sim), params_(params), shared_(params), iss_mem_(std::move(iss_mem)),
        iss_(params.iss_config(), *iss_mem_, parts), checker_(sim, iss_, params.tile_id),
        loader_(sim, sim.dut()),
        dmem_(sim, sim.dut(), shared_, sim.rng().fork(11),
              typename DmemAgent<M>::Options{opts.dmem_ready_p, opts.dmem_min_latency, opts.dmem_max_latency}),
        ctx_(sim, sim.dut()),
        retire_(sim, sim.dut()),
        op_(sim, sim.dut(), tb::pattern::random(sim.rng().fork(12), opts.op_ready_p)),
        op_contract_(sim, tb::monitor_pins<Bits<kThreadOpWidth>>(sim.dut().op_valid_o, sim.dut().op_ready_i,
                                                                 sim.dut().op_o),
                     "op port") {
    retire_.on_retire = [this](const iss::RetireRecord& r, bool ends) { checker_.retired(r, ends); };
    op_.on_op = [this](const ThreadOpRec& op) {
      checker_.op(op);
      ops_.push_back(op);
    };
    sim.on_sample([this] {
      if (sim_.dut().perf_issue_o) ++issued_;
    });
  }
  EnvBase(const EnvBase&) = delete;
  EnvBase& operator=(const EnvBase&) = delete;

  // Resets the tile and runs the loader until every queued write is done.
  bool reset_and_load(const std::vector<LoadOp>& ops) {
    sim_.reset();
    loader_.push(ops);
    return sim_.run(ops.size() + 100, [this] { return loader_.idle(); });
  }

  [[nodiscard]] bool all_idle() const {
    return static_cast<std::uint32_t>(sim_.dut().thread_idle_o) == (1U << params_.threads) - 1U;
  }

  SharedMemory& shared() { return shared_; }
  LockstepChecker& checker() { return checker_; }
  iss::Tile& iss() { return iss_; }
  const std::vector<ThreadOpRec>& ops() const { return ops_; }
  [[nodiscard]] std::uint64_t issued() const { return issued_; }
  DmemAgent<M>& dmem() { return dmem_; }

 protected:
  tb::Sim<M>& sim_;
  TileParams params_;
  SharedMemory shared_;
  std::unique_ptr<iss::MemoryPort> iss_mem_;
  iss::Tile iss_;
  LockstepChecker checker_;
  LoaderAgent<M> loader_;
  DmemAgent<M> dmem_;
  CtxAgent<M> ctx_;
  // The retire monitor samples before the op agent: a thread operation can be offered in the
  // cycle its retire record appears, and the checker must see the record first.
  RetireAgent<M> retire_;
  OpAgent<M> op_;
  tb::StreamMonitor<Bits<kThreadOpWidth>> op_contract_;
  std::vector<ThreadOpRec> ops_;
  std::uint64_t issued_ = 0;
};

// Engine mode: contexts are handed to idle threads as they free up.
template <typename M>
class TileEngineEnv : public EnvBase<M> {
 public:
  TileEngineEnv(tb::Sim<M>& sim, const TileParams& params, const EngineImage& image, const EnvOptions& opts = {})
      : TileEngineEnv(sim, params, image, opts, std::make_unique<iss::StaticPartitionMap>()) {}

  // Queues a context for the next idle thread.
  void deliver(const Ctx& ctx) { backlog_.push_back(ctx); }
  // Queues a context for a given thread (when it is idle).
  void deliver_to(unsigned thread, const Ctx& ctx) { this->ctx_.push(thread, ctx); }
  [[nodiscard]] std::size_t backlog() const { return backlog_.size() + this->ctx_.pending(); }

  // Runs until every queued context has run to its thread operation.
  bool run_all(std::uint64_t max_cycles) {
    const bool ok = this->sim_.run(max_cycles, [this] {
      return backlog_.empty() && this->ctx_.pending() == 0 && this->all_idle() &&
             this->checker_.running_threads() == 0;
    });
    if (ok) this->checker_.check_drained();
    return ok && !this->sim_.failed();
  }

 private:
  TileEngineEnv(tb::Sim<M>& sim, const TileParams& params, const EngineImage& image, const EnvOptions& opts,
              std::unique_ptr<iss::StaticPartitionMap> parts)
      : EnvBase<M>(sim, params, opts, make_mem(params), parts.get()), parts_(std::move(parts)) {
    image.load_iss(static_cast<iss::EngineMemory&>(*this->iss_mem_), *parts_);
    image.load_shared(this->shared_);
    this->ctx_.on_accept = [this](unsigned t, const Ctx& c) { this->checker_.delivered(t, c); };
    sim.on_drive([this] { feed(); });
    ok_ = this->reset_and_load(image.loader_ops());
  }

  static std::unique_ptr<iss::MemoryPort> make_mem(const TileParams& p) {
    return std::make_unique<iss::EngineMemory>(p.iss_config().layout, p.threads, p.page_bytes);
  }

  void feed() {
    if (backlog_.empty() || this->ctx_.pending() != 0) return;
    const auto idle = static_cast<std::uint32_t>(this->sim_.dut().thread_idle_o);
    for (unsigned t = 0; t < this->params_.threads; ++t) {
      const unsigned th = (next_ + t) % this->params_.threads;
      if ((idle >> th) & 1U) {
        this->ctx_.push(th, backlog_.front());
        backlog_.pop_front();
        next_ = th + 1;
        return;
      }
    }
  }

  std::unique_ptr<iss::StaticPartitionMap> parts_;
  std::deque<Ctx> backlog_;
  unsigned next_ = 0;
  bool ok_ = false;

 public:
  [[nodiscard]] bool loaded() const { return ok_; }
  iss::EngineMemory& iss_memory() { return static_cast<iss::EngineMemory&>(*this->iss_mem_); }
};

// Bare mode: an ELF in IMEM/DMEM, threads started at the boot address, halt at tohost.
struct BareResult {
  bool halted = false;                  // tohost was written
  std::optional<std::uint32_t> tohost;  // its value
  std::uint64_t cycles = 0;
  std::uint64_t retired = 0;            // instructions retired when tohost was written (or at the end)
  [[nodiscard]] bool passed() const { return tohost && *tohost == 1; }
};

template <typename M>
class TileBareEnv : public EnvBase<M> {
 public:
  TileBareEnv(tb::Sim<M>& sim, const TileParams& params, const iss::ElfImage& elf, const EnvOptions& opts = {})
      : EnvBase<M>(sim, params, opts, make_mem(params, elf), nullptr), elf_(elf) {
    if (elf.entry() != params.boot_addr) {
      throw std::runtime_error(fmt::format("{}: entry point {:#x} is not the tile's boot address {:#x}", elf.path(),
                                           elf.entry(), params.boot_addr));
    }
    tohost_ = elf.symbol("tohost");
    std::vector<LoadOp> ops;
    for (const auto& seg : elf.segments()) {
      if (seg.vaddr < params.imem_bytes) {
        for (std::size_t i = 0; i < seg.memsz; i += 4) {
          std::uint32_t w = 0;
          for (std::size_t b = 0; b < 4; ++b) {
            if (i + b < seg.bytes.size()) w |= static_cast<std::uint32_t>(seg.bytes[i + b]) << (8 * b);
          }
          ops.push_back({LoadKind::kImemWord, (seg.vaddr + static_cast<std::uint32_t>(i)) / 4, w});
        }
      } else {
        std::vector<std::uint8_t> bytes = seg.bytes;
        bytes.resize(seg.memsz, 0);
        this->shared_.write_bytes(seg.vaddr, 0, bytes);
      }
    }
    this->ctx_.on_accept = [this](unsigned t, const Ctx&) { this->checker_.started_bare(t, elf_.entry()); };
    this->dmem_.on_write = [this](std::uint32_t addr, std::uint8_t, std::uint32_t) {
      if (tohost_ && addr == (*tohost_ & ~3U) && !result_.tohost) {
        result_.tohost = this->shared_.peek_word(*tohost_, 0);
        result_.retired = this->checker_.retired_count();
      }
    };
    ok_ = this->reset_and_load(ops);
  }

  // Starts one thread (the context is ignored in bare mode); run() starts threads 0..n-1 itself.
  void deliver_start(unsigned thread) { this->ctx_.push(thread, Ctx{}); }

  // Starts threads 0..n-1 and runs until tohost is written, every thread has ended, or the budget.
  BareResult run(unsigned threads, std::uint64_t max_cycles) {
    for (unsigned t = 0; t < threads; ++t) deliver_start(t);
    const auto start = this->sim_.cycle();
    this->sim_.run(max_cycles, [this] {
      return result_.tohost.has_value() ||
             (this->ctx_.pending() == 0 && this->all_idle() && this->checker_.retired_count() > 0);
    });
    if (result_.tohost) this->sim_.advance(8);  // let the records in flight retire in lockstep
    result_.halted = result_.tohost.has_value();
    result_.cycles = this->sim_.cycle() - start;
    if (!result_.halted) result_.retired = this->checker_.retired_count();
    return result_;
  }

  // DMEM words in [begin_signature, end_signature), as the tile left them.
  [[nodiscard]] std::vector<std::uint32_t> signature() {
    const auto b = elf_.require_symbol("begin_signature"), e = elf_.require_symbol("end_signature");
    std::vector<std::uint32_t> words;
    for (std::uint32_t a = b; a < e; a += 4) words.push_back(this->shared_.peek_word(a, 0));
    return words;
  }
  [[nodiscard]] bool loaded() const { return ok_; }
  iss::BareMemory& iss_memory() { return static_cast<iss::BareMemory&>(*this->iss_mem_); }

 private:
  static std::unique_ptr<iss::MemoryPort> make_mem(const TileParams& p, const iss::ElfImage& elf) {
    auto m = std::make_unique<iss::BareMemory>(p.iss_config().layout);
    m->load_image(elf);
    return m;
  }

  const iss::ElfImage& elf_;
  std::optional<std::uint32_t> tohost_;
  BareResult result_;
  bool ok_ = false;
};

}  // namespace baton::env::tile
