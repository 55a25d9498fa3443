// SPDX-License-Identifier: Apache-2.0
// Reference functions for the priority encoder (baton_prio_enc) and the zero counter (baton_lzc),
// written from their specification with the C++20 <bit> functions.
#pragma once

#include <bit>
#include <cstdint>

namespace baton::model::common {

struct PrioEncResult {
  bool valid = false;
  unsigned idx = 0;          // 0 when !valid
  std::uint64_t onehot = 0;  // 0 when !valid
};

// Index of the lowest (msb = false) or highest (msb = true) set bit among the low `width` bits.
inline PrioEncResult prio_enc(std::uint64_t in, unsigned width, bool msb) {
  const std::uint64_t mask = width >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << width) - 1;
  in &= mask;
  if (in == 0) return {};
  const unsigned idx = msb ? 63U - static_cast<unsigned>(std::countl_zero(in))
                           : static_cast<unsigned>(std::countr_zero(in));
  return {true, idx, std::uint64_t{1} << idx};
}

struct LzcResult {
  unsigned count = 0;  // equals width when the input is all zero
  bool empty = true;
};

// Trailing zeros (leading = false) or leading zeros (leading = true) of a `width`-bit value.
inline LzcResult lzc(std::uint64_t in, unsigned width, bool leading) {
  const std::uint64_t mask = width >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << width) - 1;
  in &= mask;
  if (in == 0) return {width, true};
  if (leading) return {static_cast<unsigned>(std::countl_zero(in)) - (64U - width), false};
  return {static_cast<unsigned>(std::countr_zero(in)), false};
}

}  // namespace baton::model::common
