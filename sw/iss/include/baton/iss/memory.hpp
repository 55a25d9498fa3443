// SPDX-License-Identifier: Apache-2.0
// The memory-system interface of the ISS. The executor decides which window an access goes to
// (the ABI's rules, docs/abi.md section 4/5) and hands the backing storage a MemRequest; the engine
// model and the RTL lockstep checker plug in their own MemoryPort.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <unordered_map>
#include <vector>

#include "baton/iss/config.hpp"

namespace baton::iss {

struct MemRequest {
  Region region;
  std::uint32_t offset;      // byte offset inside the window, naturally aligned
  std::uint32_t addr;        // the thread's address
  unsigned size;             // 1, 2 or 4
  unsigned thread;           // thread index in the tile
  std::uint16_t pkt_handle;  // the thread's ctx.pkt_handle (packet and stack windows)
};

class MemoryPort {
 public:
  MemoryPort() = default;
  MemoryPort(const MemoryPort&) = delete;
  MemoryPort& operator=(const MemoryPort&) = delete;
  virtual ~MemoryPort() = default;

  // Instruction word at code address `pc` (inside the code window, word aligned), or nullopt when
  // the page is not resident in this tile's IMEM (fetch access fault).
  virtual std::optional<std::uint32_t> fetch(unsigned thread, std::uint32_t pc) = 0;
  // Little-endian value of `size` bytes, zero-extended. Never called for the context window.
  virtual std::uint32_t load(const MemRequest& req) = 0;
  // Writes the low `size` bytes of `value`. Never called for the context window.
  virtual void store(const MemRequest& req, std::uint32_t value) = 0;
};

// Sparse little-endian byte storage: 4 KiB pages allocated on first write, reads of untouched
// bytes return 0.
class SparseBytes {
 public:
  [[nodiscard]] std::uint8_t read8(std::uint32_t addr) const;
  void write8(std::uint32_t addr, std::uint8_t v);
  [[nodiscard]] std::uint32_t read(std::uint32_t addr, unsigned size) const;
  void write(std::uint32_t addr, unsigned size, std::uint32_t value);
  void write_block(std::uint32_t addr, std::span<const std::uint8_t> bytes);
  [[nodiscard]] std::vector<std::uint8_t> read_block(std::uint32_t addr, std::size_t n) const;

 private:
  static constexpr std::uint32_t kPageShift = 12;
  static constexpr std::uint32_t kPageSize = 1U << kPageShift;
  using Page = std::vector<std::uint8_t>;
  [[nodiscard]] const Page* find(std::uint32_t page) const;
  Page& get(std::uint32_t page);
  std::unordered_map<std::uint32_t, std::unique_ptr<Page>> pages_;
};

}  // namespace baton::iss
