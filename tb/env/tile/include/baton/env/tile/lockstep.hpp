// SPDX-License-Identifier: Apache-2.0
// Lockstep checker (docs/abi.md section 10): every retire record of the RTL tile is compared with
// the ISS (the golden model) stepping the same thread, field by field, and every thread operation
// the tile emits is compared with the one the ISS produced for that thread's last record.
// The first difference fails the test with the thread, pc, instruction, field and the thread's
// recent history.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "baton/iss/retire.hpp"
#include "baton/iss/tile.hpp"
#include "baton/records.hpp"
#include "baton/tb/scheduler.hpp"

namespace baton::env::tile {

class LockstepChecker {
 public:
  LockstepChecker(tb::Scheduler& sched, iss::Tile& iss, std::uint8_t tile_id);

  // The RTL accepted a context for `thread` (engine mode). A missing partition or entry makes the
  // tile drop the packet with DropNoPartition at once; the checker expects that operation.
  void delivered(unsigned thread, const Ctx& ctx);
  // The RTL started `thread` in bare mode at `pc`.
  void started_bare(unsigned thread, std::uint32_t pc);
  // One RTL retire record; `ends` is the RTL's flag that the record ends the packet.
  void retired(const iss::RetireRecord& rtl, bool ends);
  // One thread operation from the RTL's op port.
  void op(const ThreadOpRec& op);
  // At the end of a test: every operation the ISS produced has been emitted by the RTL.
  void check_drained();

  // Without lockstep the checker only counts records (the run command's --no-lockstep).
  void set_enabled(bool on) { enabled_ = on; }

  [[nodiscard]] std::uint64_t retired_count() const { return retired_; }
  [[nodiscard]] std::uint64_t ops_count() const { return ops_; }
  [[nodiscard]] std::uint64_t faults_count() const { return faults_; }
  [[nodiscard]] unsigned running_threads() const;
  // Records per thread that ended the packet, by ISS record (for tests that look at results).
  std::function<void(const iss::RetireRecord& expected)> on_match;

 private:
  [[noreturn]] void mismatch(const iss::RetireRecord& expected, const iss::RetireRecord& got,
                             const std::string& what);
  [[nodiscard]] std::string history(unsigned thread) const;

  tb::Scheduler& sched_;
  iss::Tile& iss_;
  std::uint8_t tile_id_;
  std::vector<std::deque<ThreadOpRec>> expected_ops_;
  std::vector<std::deque<iss::RetireRecord>> recent_;
  std::uint64_t retired_ = 0;
  std::uint64_t ops_ = 0;
  std::uint64_t faults_ = 0;
  bool enabled_ = true;
};

}  // namespace baton::env::tile
