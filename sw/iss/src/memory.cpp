// SPDX-License-Identifier: Apache-2.0
#include "baton/iss/memory.hpp"

namespace baton::iss {

const SparseBytes::Page* SparseBytes::find(std::uint32_t page) const {
  auto it = pages_.find(page);
  return it == pages_.end() ? nullptr : it->second.get();
}

SparseBytes::Page& SparseBytes::get(std::uint32_t page) {
  auto& slot = pages_[page];
  if (!slot) slot = std::make_unique<Page>(kPageSize, 0);
  return *slot;
}

std::uint8_t SparseBytes::read8(std::uint32_t addr) const {
  const Page* p = find(addr >> kPageShift);
  return p == nullptr ? 0 : (*p)[addr & (kPageSize - 1)];
}

void SparseBytes::write8(std::uint32_t addr, std::uint8_t v) { get(addr >> kPageShift)[addr & (kPageSize - 1)] = v; }

std::uint32_t SparseBytes::read(std::uint32_t addr, unsigned size) const {
  // Aligned accesses never cross a page, so one lookup serves the whole access.
  if ((addr & (size - 1)) == 0) {
    const Page* p = find(addr >> kPageShift);
    if (p == nullptr) return 0;
    const std::uint32_t o = addr & (kPageSize - 1);
    std::uint32_t v = 0;
    for (unsigned i = 0; i < size; ++i) v |= static_cast<std::uint32_t>((*p)[o + i]) << (8 * i);
    return v;
  }
  std::uint32_t v = 0;
  for (unsigned i = 0; i < size; ++i) v |= static_cast<std::uint32_t>(read8(addr + i)) << (8 * i);
  return v;
}

void SparseBytes::write(std::uint32_t addr, unsigned size, std::uint32_t value) {
  for (unsigned i = 0; i < size; ++i) write8(addr + i, static_cast<std::uint8_t>(value >> (8 * i)));
}

void SparseBytes::write_block(std::uint32_t addr, std::span<const std::uint8_t> bytes) {
  for (std::size_t i = 0; i < bytes.size(); ++i) write8(addr + static_cast<std::uint32_t>(i), bytes[i]);
}

std::vector<std::uint8_t> SparseBytes::read_block(std::uint32_t addr, std::size_t n) const {
  std::vector<std::uint8_t> out(n);
  for (std::size_t i = 0; i < n; ++i) out[i] = read8(addr + static_cast<std::uint32_t>(i));
  return out;
}

}  // namespace baton::iss
