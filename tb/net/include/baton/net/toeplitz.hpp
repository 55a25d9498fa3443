// SPDX-License-Identifier: Apache-2.0
// The Toeplitz (RSS) hash, written from Microsoft's "RSS hashing functions" description: for
// every set bit i of the input (most significant bit of byte 0 first), XOR in the 32 key bits
// starting at key bit i.
#pragma once

#include <array>
#include <cstdint>

#include "baton/net/bytes.hpp"

namespace baton::net {

// The 40-byte key of Microsoft's RSS verification suite (also Intel 82599 7.1.2.8.3, DPDK).
extern const std::array<std::uint8_t, 40> kRssVerificationKey;

// Hash of `input` under `key`; the key must be at least input.size() + 4 bytes long.
std::uint32_t toeplitz(ByteView key, ByteView input);

}  // namespace baton::net
