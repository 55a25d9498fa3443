// SPDX-License-Identifier: Apache-2.0
// Bare-mode runs of an RV32 program (docs/abi.md sections 5 and 9): load the ELF into IMEM/DMEM,
// start the threads at the entry point, stop at the tohost store, when every thread has ended, or
// at the instruction limit.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "baton/iss/bare_memory.hpp"
#include "baton/iss/elf.hpp"
#include "baton/iss/retire.hpp"
#include "baton/iss/tile.hpp"

namespace baton::iss {

struct BareOptions {
  unsigned threads = 1;
  std::uint64_t max_insns = 50'000'000;
  bool zbb = true;
  std::uint32_t imem_bytes = 1U << 20;
  std::uint32_t dmem_bytes = 1U << 20;
};

struct BareResult {
  enum class End : std::uint8_t { kToHost, kAllEnded, kLimit };
  End end = End::kLimit;
  std::optional<std::uint32_t> tohost;                 // value of the tohost word when End::kToHost
  std::vector<std::optional<RetireRecord>> last;       // per thread: the record that ended it
  std::uint64_t instructions = 0;
  std::uint64_t cycles = 0;

  // tohost == 1, or every thread ended with a thread operation (not a fault).
  [[nodiscard]] bool passed() const;
  [[nodiscard]] bool faulted() const;  // some thread ended with a fault
};

class BareMachine {
 public:
  // Throws std::runtime_error (ElfError, segment placement) or std::invalid_argument (options).
  BareMachine(const ElfImage& elf, const BareOptions& opts);

  // Runs to the end. `on_retire` sees every record (trace, lockstep).
  BareResult run(const std::function<void(const RetireRecord&)>& on_retire = {});

  [[nodiscard]] BareMemory& memory() { return *mem_; }
  [[nodiscard]] Tile& tile() { return *tile_; }
  // DMEM words in [begin_signature, end_signature); throws ElfError when the symbols are missing.
  [[nodiscard]] std::vector<std::uint32_t> signature() const;

 private:
  const ElfImage& elf_;
  BareOptions opts_;
  std::optional<std::uint32_t> tohost_;
  std::unique_ptr<BareMemory> mem_;
  std::unique_ptr<Tile> tile_;
};

[[nodiscard]] TileConfig bare_config(const BareOptions& opts);

}  // namespace baton::iss
