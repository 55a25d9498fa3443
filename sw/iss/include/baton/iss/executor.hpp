// SPDX-License-Identifier: Apache-2.0
// Executes one instruction of one thread and reports it as a retire record.
#pragma once

#include "baton/iss/config.hpp"
#include "baton/iss/decode.hpp"
#include "baton/iss/hart.hpp"
#include "baton/iss/memory.hpp"
#include "baton/iss/retire.hpp"

namespace baton::iss {

class Executor {
 public:
  Executor(const TileConfig& cfg, MemoryPort& mem) : cfg_(cfg), mem_(mem) {}

  // The hart must be running. Afterwards it is idle if the record ends the packet.
  RetireRecord step(Hart& hart, unsigned thread);

 private:
  struct Access {
    std::uint32_t addr;
    unsigned size;
  };
  void execute(Hart& h, unsigned thread, const Insn& in, RetireRecord& r);
  bool load(Hart& h, unsigned thread, const Insn& in, RetireRecord& r);
  bool store(Hart& h, unsigned thread, const Insn& in, RetireRecord& r);
  bool thread_op(Hart& h, unsigned thread, const Insn& in, RetireRecord& r);
  [[nodiscard]] std::uint32_t context_word(const Hart& h, unsigned thread, std::uint32_t offset) const;
  void fault(Hart& h, unsigned thread, RetireRecord& r, Trap trap, std::uint32_t tval);
  void end_packet(Hart& h, unsigned thread, RetireRecord& r, ThreadOp op, std::uint8_t arg, const Ctx& ctx);

  const TileConfig& cfg_;
  MemoryPort& mem_;
};

}  // namespace baton::iss
