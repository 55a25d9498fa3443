// SPDX-License-Identifier: Apache-2.0
// A T-thread tile: round-robin issue of one instruction per cycle among running threads
// (docs/abi.md section 8), context delivery (section 3) and bare-mode start (section 5).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "baton/iss/config.hpp"
#include "baton/iss/executor.hpp"
#include "baton/iss/hart.hpp"
#include "baton/iss/memory.hpp"
#include "baton/iss/partition_map.hpp"
#include "baton/iss/retire.hpp"

namespace baton::iss {

enum class DeliverStatus : std::uint8_t {
  kOk,
  kBusy,         // the thread is running a context
  kNotResident,  // the partition is not in this tile's IMEM
  kMissing,      // no such partition or entry: drop with DropNoPartition
};

class Tile {
 public:
  // Validates cfg (std::invalid_argument). `parts` may be null in bare mode.
  Tile(const TileConfig& cfg, MemoryPort& mem, const PartitionMap* parts = nullptr);
  Tile(const Tile&) = delete;
  Tile& operator=(const Tile&) = delete;

  // Engine mode: starts `ctx` on `thread` with the delivery register state.
  DeliverStatus deliver(unsigned thread, const Ctx& ctx);
  // Bare mode: starts `thread` at `pc` with a0 = thread index, other registers 0, ctx all zero.
  void start_bare(unsigned thread, std::uint32_t pc);

  // One cycle: the next running thread after the last issuer executes one instruction.
  // nullopt when no thread is running (the cycle still counts).
  std::optional<RetireRecord> cycle();
  // Lockstep: the next instruction of `thread` (which must be running), outside the round robin.
  RetireRecord step_thread(unsigned thread);

  [[nodiscard]] std::optional<unsigned> free_thread() const;
  [[nodiscard]] bool running(unsigned thread) const { return harts_.at(thread).running(); }
  [[nodiscard]] bool any_running() const;
  [[nodiscard]] const Hart& hart(unsigned thread) const { return harts_.at(thread); }
  [[nodiscard]] Hart& hart(unsigned thread) { return harts_.at(thread); }
  [[nodiscard]] const TileConfig& config() const { return cfg_; }
  [[nodiscard]] std::uint64_t cycles() const { return cycles_; }
  [[nodiscard]] std::uint64_t retired() const { return order_; }

 private:
  RetireRecord issue(unsigned thread);

  TileConfig cfg_;
  MemoryPort& mem_;
  const PartitionMap* parts_;
  Executor exec_;
  std::vector<Hart> harts_;
  unsigned last_ = 0;
  std::uint64_t cycles_ = 0;
  std::uint64_t order_ = 0;
};

}  // namespace baton::iss
