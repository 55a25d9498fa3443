// SPDX-License-Identifier: Apache-2.0
// The Internet checksum (RFC 1071) and its incremental update (RFC 1624), written from the RFCs
// and checked against their published examples. Tests use these to verify checksums produced by
// the golden model and the engine, so this file shares no code with either.
#pragma once

#include <cstdint>

#include "baton/net/bytes.hpp"

namespace baton::net {

// One's-complement addition of two 16-bit values (end-around carry).
std::uint16_t ones_add(std::uint16_t a, std::uint16_t b);

// The 16-bit one's-complement sum of `data` (an odd last byte is padded with a zero byte),
// added to `init`. A correct header's sum, checksum field included, is 0xffff.
std::uint16_t ones_sum(ByteView data, std::uint16_t init = 0);

// The checksum to store: ~ones_sum(data) with the checksum field zeroed in `data`.
std::uint16_t internet_checksum(ByteView data, std::uint16_t init = 0);

// RFC 1624 eqn. 3: HC' = ~(~HC + ~m + m'), the correct incremental update.
std::uint16_t checksum_update(std::uint16_t hc, std::uint16_t m, std::uint16_t m_new);
// RFC 1141's older form HC' = HC + m + ~m' (RFC 1624 eqn. 2), kept only to show in a test that
// it differs from eqn. 3 on RFC 1624's example.
std::uint16_t checksum_update_rfc1141(std::uint16_t hc, std::uint16_t m, std::uint16_t m_new);

// Pseudo-header sums for TCP/UDP/ICMPv6.
std::uint16_t pseudo_sum4(const Ip4& src, const Ip4& dst, std::uint8_t proto, std::uint16_t l4_len);
std::uint16_t pseudo_sum6(const Ip6& src, const Ip6& dst, std::uint32_t l4_len, std::uint8_t next);

}  // namespace baton::net
