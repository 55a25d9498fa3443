// SPDX-License-Identifier: Apache-2.0
// Little-endian loads and stores on byte buffers: Baton's memories, images and capture files are
// little-endian, and these are the only copies of the helpers. The caller checks the bounds.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace baton::bytes {

[[nodiscard]] constexpr std::uint16_t load_le16(std::span<const std::uint8_t> b, std::size_t off) {
  return static_cast<std::uint16_t>(b[off] | (b[off + 1] << 8));
}

[[nodiscard]] constexpr std::uint32_t load_le32(std::span<const std::uint8_t> b, std::size_t off) {
  return std::uint32_t{b[off]} | (std::uint32_t{b[off + 1]} << 8) | (std::uint32_t{b[off + 2]} << 16) |
         (std::uint32_t{b[off + 3]} << 24);
}

// A word that may run past the end of the buffer (the last word of an odd-sized section): the
// missing bytes read as zero.
[[nodiscard]] constexpr std::uint32_t load_le32_padded(std::span<const std::uint8_t> b, std::size_t off) {
  std::uint32_t v = 0;
  for (std::size_t i = 0; i < 4; ++i) {
    if (off + i < b.size()) v |= std::uint32_t{b[off + i]} << (8 * i);
  }
  return v;
}

constexpr void store_le16(std::span<std::uint8_t> b, std::size_t off, std::uint16_t v) {
  b[off] = static_cast<std::uint8_t>(v);
  b[off + 1] = static_cast<std::uint8_t>(v >> 8);
}

constexpr void store_le32(std::span<std::uint8_t> b, std::size_t off, std::uint32_t v) {
  for (std::size_t i = 0; i < 4; ++i) b[off + i] = static_cast<std::uint8_t>(v >> (8 * i));
}

inline void append_le16(std::vector<std::uint8_t>& b, std::uint16_t v) {
  b.push_back(static_cast<std::uint8_t>(v));
  b.push_back(static_cast<std::uint8_t>(v >> 8));
}

inline void append_le32(std::vector<std::uint8_t>& b, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) b.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

}  // namespace baton::bytes
