// SPDX-License-Identifier: Apache-2.0
// A fixed-width bit vector laid out like Verilator's wide signals: word 0 holds bits 31..0.
#pragma once

#include <array>
#include <cassert>
#include <cstddef>
#include <cstdint>

namespace baton {

template <std::size_t Width>
class Bits {
 public:
  static constexpr std::size_t kWidth = Width;
  static constexpr std::size_t kWords = (Width + 31) / 32;

  constexpr Bits() = default;

  // Reads `width` (<= 64) bits starting at bit `lsb`.
  [[nodiscard]] constexpr std::uint64_t get(std::size_t lsb, std::size_t width) const {
    assert(width <= 64 && lsb + width <= Width);
    std::uint64_t value = 0;
    for (std::size_t i = 0; i < width; ++i) {
      const std::size_t bit = lsb + i;
      value |= static_cast<std::uint64_t>((words_[bit / 32] >> (bit % 32)) & 1U) << i;
    }
    return value;
  }

  // Writes the low `width` (<= 64) bits of `value` at bit `lsb`.
  constexpr void set(std::size_t lsb, std::size_t width, std::uint64_t value) {
    assert(width <= 64 && lsb + width <= Width);
    for (std::size_t i = 0; i < width; ++i) {
      const std::size_t bit = lsb + i;
      const std::uint32_t mask = 1U << (bit % 32);
      if ((value >> i) & 1U) {
        words_[bit / 32] |= mask;
      } else {
        words_[bit / 32] &= ~mask;
      }
    }
  }

  [[nodiscard]] constexpr const std::array<std::uint32_t, kWords>& words() const { return words_; }
  [[nodiscard]] constexpr std::array<std::uint32_t, kWords>& words() { return words_; }

  constexpr bool operator==(const Bits&) const = default;

 private:
  std::array<std::uint32_t, kWords> words_{};
};

}  // namespace baton
