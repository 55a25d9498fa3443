// SPDX-License-Identifier: Apache-2.0
// A lenient frame dissector for tests: it reads every header that is present, records what it
// saw (the field values tshark would print), and verifies checksums with the independent
// routines of checksum.hpp. It never judges a packet the way the router does.
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <vector>

#include "baton/net/bytes.hpp"

namespace baton::net {

enum class CsumStatus : std::uint8_t { kBad = 0, kGood = 1, kUnverified = 2 };
inline std::ostream& operator<<(std::ostream& os, CsumStatus s) {
  return os << (s == CsumStatus::kBad ? "bad" : s == CsumStatus::kGood ? "good" : "unverified");
}

struct VlanTag {
  std::uint16_t tpid = 0;
  std::uint8_t pcp = 0;
  bool dei = false;
  std::uint16_t vid = 0;
  std::uint16_t next_type = 0;  // the EtherType field after this tag
};

struct ArpInfo {
  std::uint16_t htype = 0, ptype = 0, op = 0;
  std::uint8_t hlen = 0, plen = 0;
  Mac sha{}, tha{};
  Ip4 spa{}, tpa{};
};

struct Ip4Info {
  std::uint8_t version = 0, ihl = 0, tos = 0, ttl = 0, proto = 0;
  std::uint16_t total_length = 0, id = 0, frag_offset = 0, checksum = 0;
  bool df = false, mf = false;
  Ip4 src{}, dst{};
  CsumStatus checksum_status = CsumStatus::kUnverified;
  [[nodiscard]] bool is_fragment() const { return mf || frag_offset != 0; }
};

struct Ip6Info {
  std::uint8_t version = 0, traffic_class = 0, next_header = 0, hop_limit = 0;
  std::uint32_t flow_label = 0;
  std::uint16_t payload_length = 0;
  Ip6 src{}, dst{};
};

struct Ip6FragInfo {
  std::uint8_t next_header = 0;
  std::uint16_t offset = 0;  // 8-byte units
  bool more = false;
  std::uint32_t ident = 0;
};

struct TcpInfo {
  std::uint16_t sport = 0, dport = 0, flags = 0, window = 0, checksum = 0;
  std::uint32_t seq = 0, ack = 0;
  std::uint8_t data_offset = 0;              // header length in bytes
  std::optional<std::uint32_t> payload_len;  // from the IP length; absent for fragments
  CsumStatus checksum_status = CsumStatus::kUnverified;
};

struct UdpInfo {
  std::uint16_t sport = 0, dport = 0, length = 0, checksum = 0;
  CsumStatus checksum_status = CsumStatus::kUnverified;
};

struct IcmpInfo {
  std::uint8_t type = 0, code = 0;
  std::uint16_t checksum = 0;
  std::uint32_t rest = 0;
  CsumStatus checksum_status = CsumStatus::kUnverified;
};

// Everything from the network layer up.
struct L3Info {
  std::optional<ArpInfo> arp;
  std::optional<Ip4Info> ip4;
  std::optional<Ip6Info> ip6;
  std::optional<Ip6FragInfo> frag6;
  std::optional<TcpInfo> tcp;
  std::optional<UdpInfo> udp;
  std::optional<IcmpInfo> icmp;
  std::optional<IcmpInfo> icmp6;
  std::size_t l4_offset = 0;  // from the start of the L3 bytes
};

struct ParsedFrame {
  std::size_t length = 0;
  bool eth_ok = false;  // at least 14 bytes
  Mac dst{}, src{};
  std::uint16_t eth_type = 0;   // the outer type field (a TPID when tagged)
  std::vector<VlanTag> tags;    // outermost first
  std::uint16_t ethertype = 0;  // after the tags
  std::size_t l3_offset = 0;
  L3Info l3;
  // The datagram quoted by an ICMP/ICMPv6 error message, when present.
  std::optional<L3Info> quoted;
};

// Reads up to `max_tags` VLAN tags (0x8100 and 0x88a8).
ParsedFrame parse_frame(ByteView frame, std::size_t max_tags = 2);

// The L4 checksum of an IPv4/IPv6 packet as it would be verified by a receiver; used by tests
// on output frames. kUnverified when the segment is incomplete or a fragment.
CsumStatus l4_checksum_status(const ParsedFrame& p);

}  // namespace baton::net
