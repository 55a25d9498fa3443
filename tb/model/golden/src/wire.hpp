// SPDX-License-Identifier: Apache-2.0
// Byte order and RFC 1071 sums for the golden model's sources (router.cpp, firewall.cpp); the
// golden model's own, shared with nothing outside tb/model/golden.
#pragma once

#include <cstddef>
#include <cstdint>

namespace baton::golden::wire {

inline std::uint16_t rd16(const std::uint8_t* p) { return static_cast<std::uint16_t>(p[0] << 8 | p[1]); }
inline std::uint32_t rd32(const std::uint8_t* p) {
  return std::uint32_t{p[0]} << 24 | std::uint32_t{p[1]} << 16 | std::uint32_t{p[2]} << 8 | p[3];
}
inline void wr16(std::uint8_t* p, std::uint16_t v) {
  p[0] = static_cast<std::uint8_t>(v >> 8);
  p[1] = static_cast<std::uint8_t>(v);
}
inline void wr32(std::uint8_t* p, std::uint32_t v) {
  wr16(p, static_cast<std::uint16_t>(v >> 16));
  wr16(p + 2, static_cast<std::uint16_t>(v));
}

// One's-complement sum folded to 16 bits; `acc` carries a partial sum in.
inline std::uint16_t fold_sum(const std::uint8_t* p, std::size_t n, std::uint32_t acc = 0) {
  std::uint64_t s = acc;
  while (n > 1) {
    s += rd16(p);
    p += 2;
    n -= 2;
  }
  if (n) s += std::uint32_t{*p} << 8;
  while (s > 0xffff) s = (s >> 16) + (s & 0xffff);
  return static_cast<std::uint16_t>(s);
}

inline std::uint16_t add1c(std::uint16_t a, std::uint16_t b) {
  const std::uint32_t s = std::uint32_t{a} + b;
  return static_cast<std::uint16_t>((s >> 16) + (s & 0xffff));
}

// Sum of the IPv4 pseudo-header (RFC 793/768): addresses at src/dst, protocol, length.
inline std::uint16_t pseudo4(const std::uint8_t* src, const std::uint8_t* dst, std::uint16_t len, std::uint8_t proto) {
  std::uint16_t s = add1c(fold_sum(src, 4), fold_sum(dst, 4));
  return add1c(add1c(s, proto), len);
}

// Sum of the IPv6 pseudo-header (RFC 8200 8.1).
inline std::uint16_t pseudo6(const std::uint8_t* src, const std::uint8_t* dst, std::uint32_t len, std::uint8_t nh) {
  std::uint8_t tail[8];
  wr32(tail, len);
  tail[4] = tail[5] = tail[6] = 0;
  tail[7] = nh;
  std::uint16_t s = fold_sum(src, 16);
  s = add1c(s, fold_sum(dst, 16));
  return add1c(s, fold_sum(tail, 8));
}

}  // namespace baton::golden::wire
