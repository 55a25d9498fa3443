// SPDX-License-Identifier: Apache-2.0
#include "baton/env/tile/shared_memory.hpp"

#include <stdexcept>

#include <fmt/format.h>

namespace baton::env::tile {

iss::SparseBytes* SharedMemory::backing(std::uint32_t addr, std::uint16_t handle, bool store,
                                        std::uint32_t& offset) {
  const std::uint32_t window = addr >> 28;
  offset = addr & 0x0fffffffU;
  auto inside = [&](std::uint32_t size) { return offset < size; };
  if (params_.bare()) {
    if (window == 0x8 && inside(params_.dmem_bytes)) return &dmem_;
    return nullptr;
  }
  switch (window) {
    case 0x4: return inside(params_.packet_bytes) ? &packets_[handle] : nullptr;
    case 0x5: return inside(params_.stack_bytes) ? &stacks_[handle] : nullptr;
    case 0x8: return (!store && inside(params_.rodata_bytes)) ? &rodata_ : nullptr;
    case 0x9: return inside(params_.data_bytes) ? &data_ : nullptr;
    default: return nullptr;
  }
}

std::optional<std::uint32_t> SharedMemory::read_word(std::uint32_t addr, std::uint16_t handle) {
  std::uint32_t off = 0;
  if ((addr & 3U) != 0) {
    why_ = fmt::format("read of unaligned word address {:#010x}", addr);
    return std::nullopt;
  }
  auto* mem = backing(addr, handle, false, off);
  if (mem == nullptr) {
    why_ = fmt::format("read of {:#010x} (handle {:#x}) outside the shared windows", addr, handle);
    return std::nullopt;
  }
  return mem->read(off, 4);
}

bool SharedMemory::write_word(std::uint32_t addr, std::uint16_t handle, std::uint8_t be, std::uint32_t wdata) {
  std::uint32_t off = 0;
  if ((addr & 3U) != 0 || be == 0 || be > 0xf) {
    why_ = fmt::format("write to {:#010x} with byte enables {:#x}", addr, be);
    return false;
  }
  auto* mem = backing(addr, handle, true, off);
  if (mem == nullptr) {
    why_ = fmt::format("write to {:#010x} (handle {:#x}) outside the writable shared windows", addr, handle);
    return false;
  }
  for (unsigned i = 0; i < 4; ++i) {
    if ((be >> i) & 1U) mem->write8(off + i, static_cast<std::uint8_t>(wdata >> (8 * i)));
  }
  return true;
}

void SharedMemory::write_bytes(std::uint32_t addr, std::uint16_t handle, std::span<const std::uint8_t> bytes) {
  if (bytes.empty()) return;
  std::uint32_t off = 0, last_off = 0;
  auto* mem = backing(addr, handle, false, off);
  const auto last = addr + static_cast<std::uint32_t>(bytes.size()) - 1;
  if (mem == nullptr || backing(last, handle, false, last_off) != mem) {
    throw std::out_of_range(fmt::format("shared memory: {} bytes at {:#010x} are not in one shared window",
                                        bytes.size(), addr));
  }
  mem->write_block(off, bytes);
}

std::vector<std::uint8_t> SharedMemory::read_bytes(std::uint32_t addr, std::uint16_t handle, std::size_t n) {
  std::uint32_t off = 0;
  auto* mem = backing(addr, handle, false, off);
  if (mem == nullptr) {
    throw std::out_of_range(fmt::format("shared memory: {:#010x} is not in a shared window", addr));
  }
  return mem->read_block(off, n);
}

std::uint32_t SharedMemory::peek_word(std::uint32_t addr, std::uint16_t handle) {
  const auto b = read_bytes(addr, handle, 4);
  return static_cast<std::uint32_t>(b[0]) | (static_cast<std::uint32_t>(b[1]) << 8) |
         (static_cast<std::uint32_t>(b[2]) << 16) | (static_cast<std::uint32_t>(b[3]) << 24);
}

}  // namespace baton::env::tile
