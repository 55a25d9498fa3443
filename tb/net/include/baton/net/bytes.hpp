// SPDX-License-Identifier: Apache-2.0
// Byte-level helpers for test packets: network-order field access and address types with
// text conversion. Everything here is for testbenches and tools, not for the golden model.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace baton::net {

using Bytes = std::vector<std::uint8_t>;
using ByteView = std::span<const std::uint8_t>;

using Mac = std::array<std::uint8_t, 6>;
using Ip4 = std::array<std::uint8_t, 4>;
using Ip6 = std::array<std::uint8_t, 16>;

// Thrown on malformed text addresses and similar caller errors.
class NetError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

inline std::uint16_t get16(ByteView b, std::size_t off) {
  return static_cast<std::uint16_t>((b[off] << 8) | b[off + 1]);
}
inline std::uint32_t get32(ByteView b, std::size_t off) {
  return (std::uint32_t{b[off]} << 24) | (std::uint32_t{b[off + 1]} << 16) |
         (std::uint32_t{b[off + 2]} << 8) | std::uint32_t{b[off + 3]};
}
inline void put16(Bytes& b, std::size_t off, std::uint16_t v) {
  b[off] = static_cast<std::uint8_t>(v >> 8);
  b[off + 1] = static_cast<std::uint8_t>(v);
}
inline void put32(Bytes& b, std::size_t off, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) b[off + i] = static_cast<std::uint8_t>(v >> (24 - 8 * i));
}
inline void append16(Bytes& b, std::uint16_t v) {
  b.push_back(static_cast<std::uint8_t>(v >> 8));
  b.push_back(static_cast<std::uint8_t>(v));
}
inline void append32(Bytes& b, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) b.push_back(static_cast<std::uint8_t>(v >> (24 - 8 * i)));
}
template <std::size_t N>
void append(Bytes& b, const std::array<std::uint8_t, N>& a) {
  b.insert(b.end(), a.begin(), a.end());
}
inline void append(Bytes& b, ByteView v) { b.insert(b.end(), v.begin(), v.end()); }

template <std::size_t N>
std::array<std::uint8_t, N> get_array(ByteView b, std::size_t off) {
  std::array<std::uint8_t, N> a{};
  for (std::size_t i = 0; i < N; ++i) a[i] = b[off + i];
  return a;
}

// Text forms: "02:00:00:00:00:01", "192.0.2.1", "2001:db8::1" (RFC 5952 on output).
Mac mac(std::string_view text);
Ip4 ip4(std::string_view text);
Ip6 ip6(std::string_view text);
std::string to_string(const Mac& m);
std::string to_string(const Ip4& a);
std::string to_string(const Ip6& a);
std::uint32_t to_u32(const Ip4& a);
Ip4 ip4_from_u32(std::uint32_t v);

// Hex dump helpers for failure messages and vectors.
std::string hex(ByteView b);
Bytes from_hex(std::string_view text);

}  // namespace baton::net
