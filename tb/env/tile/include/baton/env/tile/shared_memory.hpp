// SPDX-License-Identifier: Apache-2.0
// Testbench model of the shared memory behind a tile's dmem port: the packet and stack windows of
// every packet handle and the global rodata/data windows (engine mode), or DMEM (bare mode).
// It knows the windows from the ABI (docs/abi.md sections 4 and 5), so a request the tile should
// never have sent (outside a window, a store to rodata) is reported, not served.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "baton/iss/memory.hpp"
#include "baton/env/tile/tile_params.hpp"

namespace baton::env::tile {

class SharedMemory {
 public:
  explicit SharedMemory(const TileParams& params) : params_(params) {}

  // One aligned word; nullopt (with why()) when the tile may not access it.
  std::optional<std::uint32_t> read_word(std::uint32_t addr, std::uint16_t handle);
  // Writes the enabled byte lanes of one aligned word; false (with why()) when not allowed.
  bool write_word(std::uint32_t addr, std::uint16_t handle, std::uint8_t be, std::uint32_t wdata);
  [[nodiscard]] const std::string& why() const { return why_; }

  // Set-up and inspection by thread address (handle selects the packet/stack window).
  void write_bytes(std::uint32_t addr, std::uint16_t handle, std::span<const std::uint8_t> bytes);
  [[nodiscard]] std::vector<std::uint8_t> read_bytes(std::uint32_t addr, std::uint16_t handle, std::size_t n);
  [[nodiscard]] std::uint32_t peek_word(std::uint32_t addr, std::uint16_t handle);

 private:
  // The backing store and window offset of an address, or nullptr outside the shared windows.
  iss::SparseBytes* backing(std::uint32_t addr, std::uint16_t handle, bool store, std::uint32_t& offset);

  TileParams params_;
  iss::SparseBytes rodata_, data_, dmem_;
  std::map<std::uint16_t, iss::SparseBytes> packets_, stacks_;
  std::string why_;
};

}  // namespace baton::env::tile
