// SPDX-License-Identifier: Apache-2.0
#include "baton/net/toeplitz.hpp"

#include <fmt/format.h>

namespace baton::net {

const std::array<std::uint8_t, 40> kRssVerificationKey = {
    0x6d, 0x5a, 0x56, 0xda, 0x25, 0x5b, 0x0e, 0xc2, 0x41, 0x67, 0x25, 0x3d, 0x43, 0xa3,
    0x8f, 0xb0, 0xd0, 0xca, 0x2b, 0xcb, 0xae, 0x7b, 0x30, 0xb4, 0x77, 0xcb, 0x2d, 0xa3,
    0x80, 0x30, 0xf2, 0x0c, 0x6a, 0x42, 0xb7, 0x3b, 0xbe, 0xac, 0x01, 0xfa};

namespace {
bool key_bit(ByteView key, std::size_t i) { return (key[i / 8] >> (7 - i % 8)) & 1U; }
}  // namespace

std::uint32_t toeplitz(ByteView key, ByteView input) {
  if (key.size() < input.size() + 4) {
    throw NetError(fmt::format("Toeplitz key of {} bytes is too short for {} input bytes",
                               key.size(), input.size()));
  }
  std::uint32_t result = 0;
  for (std::size_t bit = 0; bit < input.size() * 8; ++bit) {
    if (!((input[bit / 8] >> (7 - bit % 8)) & 1U)) continue;
    std::uint32_t window = 0;
    for (std::size_t k = 0; k < 32; ++k) window = (window << 1) | (key_bit(key, bit + k) ? 1U : 0U);
    result ^= window;
  }
  return result;
}

}  // namespace baton::net
