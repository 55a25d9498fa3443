// SPDX-License-Identifier: Apache-2.0
// Backing store for bare mode (docs/abi.md section 5): IMEM at 0 (fetch only) and DMEM at
// 0x8000_0000, shared by all threads.
#pragma once

#include <cstdint>
#include <vector>

#include "baton/iss/config.hpp"
#include "baton/iss/memory.hpp"

namespace baton::iss {

class ElfImage;

class BareMemory final : public MemoryPort {
 public:
  explicit BareMemory(const Layout& layout) : layout_(layout) {}

  std::optional<std::uint32_t> fetch(unsigned thread, std::uint32_t pc) override;
  std::uint32_t load(const MemRequest& req) override;
  void store(const MemRequest& req, std::uint32_t value) override;

  // Copies the loadable segments: each must lie wholly in IMEM or DMEM (throws
  // std::runtime_error otherwise). Bytes past a segment's file size are zero.
  void load_image(const ElfImage& elf);

  // Reads/writes by thread address (IMEM or DMEM); throw std::out_of_range outside them.
  [[nodiscard]] std::uint32_t read_word(std::uint32_t addr) const;
  void write_word(std::uint32_t addr, std::uint32_t value);
  void write_bytes(std::uint32_t addr, const std::vector<std::uint8_t>& bytes);
  [[nodiscard]] std::vector<std::uint8_t> read_bytes(std::uint32_t addr, std::size_t n) const;

  SparseBytes& imem() { return imem_; }
  SparseBytes& dmem() { return dmem_; }

 private:
  // Which store holds [addr, addr+n) and the offset there; throws std::out_of_range.
  [[nodiscard]] bool in_dmem(std::uint32_t addr, std::size_t n, std::uint32_t& offset) const;
  SparseBytes& store_for(std::uint32_t addr, std::size_t n, std::uint32_t& offset) {
    return in_dmem(addr, n, offset) ? dmem_ : imem_;
  }
  [[nodiscard]] const SparseBytes& store_for(std::uint32_t addr, std::size_t n, std::uint32_t& offset) const {
    return in_dmem(addr, n, offset) ? dmem_ : imem_;
  }

  Layout layout_;
  SparseBytes imem_;
  SparseBytes dmem_;
};

}  // namespace baton::iss
