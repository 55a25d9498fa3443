// SPDX-License-Identifier: Apache-2.0
// Bit fields of Verilator ports of any width (CData..QData or VlWide), for the engine's packed
// per-port arrays (s_tdata_i[NumPorts][DataW] and friends).
#pragma once

#include <cstdint>
#include <type_traits>

namespace baton::env::engine {

template <typename T>
void put_bits(T& sig, unsigned lsb, unsigned w, std::uint64_t v) {
  if constexpr (std::is_integral_v<T>) {
    const std::uint64_t mask = (w >= 64 ? ~std::uint64_t{0} : ((std::uint64_t{1} << w) - 1)) << lsb;
    sig = static_cast<T>((static_cast<std::uint64_t>(sig) & ~mask) | ((v << lsb) & mask));
  } else {
    for (unsigned i = 0; i < w;) {
      const unsigned b = lsb + i, word = b / 32, off = b % 32;
      const unsigned n = std::min(32 - off, w - i);
      const std::uint32_t m = (n == 32 ? 0xffffffffU : ((1U << n) - 1)) << off;
      sig[word] = (sig[word] & ~m) | ((static_cast<std::uint32_t>(v >> i) << off) & m);
      i += n;
    }
  }
}

template <typename T>
std::uint64_t get_bits(const T& sig, unsigned lsb, unsigned w) {
  if constexpr (std::is_integral_v<T>) {
    const std::uint64_t x = static_cast<std::uint64_t>(sig) >> lsb;
    return w >= 64 ? x : x & ((std::uint64_t{1} << w) - 1);
  } else {
    std::uint64_t v = 0;
    for (unsigned i = 0; i < w;) {
      const unsigned b = lsb + i, word = b / 32, off = b % 32;
      const unsigned n = std::min(32 - off, w - i);
      const std::uint64_t part = (sig[word] >> off) & (n == 32 ? 0xffffffffU : ((1U << n) - 1));
      v |= part << i;
      i += n;
    }
    return v;
  }
}

}  // namespace baton::env::engine
