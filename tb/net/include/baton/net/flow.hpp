// SPDX-License-Identifier: Apache-2.0
// The flow key of docs/feature-set.md section 5 (MP1, MP2): the bytes the ingress feeds to the
// Toeplitz hash. Fragments of one datagram share a key whatever their ports.
#pragma once

#include <cstdint>
#include <string_view>

#include "baton/net/bytes.hpp"

namespace baton::net {

enum class FlowKind : std::uint8_t {
  kNone,      // not IP, or unusable header: empty input, hash 0
  kIp4Frag,   // src, dst, id, 0x00, protocol (12 bytes)
  kIp4Ports,  // src, dst, sport, dport (12 bytes)
  kIp4Addr,   // src, dst (8 bytes)
  kIp6Frag,   // src, dst, identification (36 bytes)
  kIp6Ports,  // src, dst, sport, dport (36 bytes)
  kIp6Addr,   // src, dst (32 bytes)
};

std::string_view to_string(FlowKind k);

struct FlowKey {
  FlowKind kind = FlowKind::kNone;
  Bytes input;  // the Toeplitz hash input, at most 36 bytes
  bool operator==(const FlowKey&) const = default;
};

FlowKey flow_key(ByteView frame);

// Toeplitz hash of the flow key under `key` (default: the RSS verification key).
std::uint32_t flow_hash(ByteView frame);
std::uint32_t flow_hash(ByteView frame, ByteView key);

}  // namespace baton::net
