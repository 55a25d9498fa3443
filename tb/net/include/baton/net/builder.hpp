// SPDX-License-Identifier: Apache-2.0
// A layered packet builder for tests: Ethernet, VLAN tags, ARP, IPv4 (with options), IPv6 (with a
// fragment header), TCP, UDP, ICMP, ICMPv6 and payload. Lengths, next-protocol fields and
// checksums are filled in automatically; every automatic value can be overridden to build
// malformed packets.
//
//   Bytes f = PacketBuilder().eth(router_mac, host_mac).vlan(10)
//                 .ipv4({.src = ip4("10.0.0.2"), .dst = ip4("10.0.1.2"), .ttl = 1})
//                 .udp({.sport = 1000, .dport = 53}).payload(Bytes(18, 0xab)).pad_to(60).build();
#pragma once

#include <cstdint>
#include <optional>
#include <variant>
#include <vector>

#include "baton/net/bytes.hpp"

namespace baton::net {

namespace ethertype {
inline constexpr std::uint16_t kIpv4 = 0x0800;
inline constexpr std::uint16_t kArp = 0x0806;
inline constexpr std::uint16_t kVlan = 0x8100;
inline constexpr std::uint16_t kQinq = 0x88a8;
inline constexpr std::uint16_t kIpv6 = 0x86dd;
}  // namespace ethertype

namespace ipproto {
inline constexpr std::uint8_t kIcmp = 1;
inline constexpr std::uint8_t kTcp = 6;
inline constexpr std::uint8_t kUdp = 17;
inline constexpr std::uint8_t kIpv6Frag = 44;
inline constexpr std::uint8_t kIcmpv6 = 58;
inline constexpr std::uint8_t kNoNext = 59;
}  // namespace ipproto

struct EthFields {
  Mac dst{};
  Mac src{};
  std::optional<std::uint16_t> type;  // default: from the next layer
};
struct VlanFields {
  std::uint16_t vid = 0;
  std::uint8_t pcp = 0;
  bool dei = false;
  std::uint16_t tpid = ethertype::kVlan;
  std::optional<std::uint16_t> type;  // the EtherType after this tag; default: from the next layer
};
struct ArpFields {
  std::uint16_t op = 1;
  Mac sha{};
  Ip4 spa{};
  Mac tha{};
  Ip4 tpa{};
  std::uint16_t htype = 1;
  std::uint16_t ptype = ethertype::kIpv4;
  std::uint8_t hlen = 6;
  std::uint8_t plen = 4;
};
struct Ipv4Fields {
  Ip4 src{};
  Ip4 dst{};
  std::uint8_t ttl = 64;
  std::uint8_t tos = 0;
  std::uint16_t id = 0;
  bool df = false;
  bool mf = false;
  std::uint16_t frag_offset = 0;  // in 8-byte units
  Bytes options;                  // padded to a multiple of 4 with zeros
  std::optional<std::uint8_t> proto;
  std::optional<std::uint8_t> version;
  std::optional<std::uint8_t> ihl;
  std::optional<std::uint16_t> total_length;
  std::optional<std::uint16_t> checksum;
};
struct Ipv6Fields {
  Ip6 src{};
  Ip6 dst{};
  std::uint8_t hop_limit = 64;
  std::uint8_t traffic_class = 0;
  std::uint32_t flow_label = 0;
  std::optional<std::uint8_t> next_header;
  std::optional<std::uint8_t> version;
  std::optional<std::uint16_t> payload_length;
};
struct Ipv6FragFields {
  std::uint16_t offset = 0;  // in 8-byte units
  bool more = false;
  std::uint32_t ident = 0;
  std::optional<std::uint8_t> next_header;
};
struct TcpFields {
  std::uint16_t sport = 0;
  std::uint16_t dport = 0;
  std::uint32_t seq = 0;
  std::uint32_t ack = 0;
  std::uint16_t flags = 0x002;  // 12 bits: NS..FIN; default SYN
  std::uint16_t window = 65535;
  std::optional<std::uint16_t> checksum;
};
struct UdpFields {
  std::uint16_t sport = 0;
  std::uint16_t dport = 0;
  std::optional<std::uint16_t> length;
  std::optional<std::uint16_t> checksum;
};
struct IcmpFields {
  std::uint8_t type = 8;
  std::uint8_t code = 0;
  std::uint32_t rest = 0;  // identifier/sequence, or unused
  std::optional<std::uint16_t> checksum;
};

class PacketBuilder {
 public:
  PacketBuilder& eth(const Mac& dst, const Mac& src, std::optional<std::uint16_t> type = {});
  PacketBuilder& vlan(std::uint16_t vid, std::uint8_t pcp = 0, bool dei = false,
                      std::uint16_t tpid = ethertype::kVlan);
  PacketBuilder& vlan(const VlanFields& f);
  PacketBuilder& arp(const ArpFields& f);
  PacketBuilder& ipv4(const Ipv4Fields& f);
  PacketBuilder& ipv6(const Ipv6Fields& f);
  PacketBuilder& ipv6_frag(const Ipv6FragFields& f);
  PacketBuilder& tcp(const TcpFields& f);
  PacketBuilder& udp(const UdpFields& f);
  PacketBuilder& icmp(const IcmpFields& f);
  PacketBuilder& icmpv6(const IcmpFields& f);
  PacketBuilder& payload(ByteView data);
  PacketBuilder& payload(std::size_t n, std::uint8_t fill);
  // Zero bytes after the last layer until the frame has `n` bytes (Ethernet padding).
  PacketBuilder& pad_to(std::size_t n);
  [[nodiscard]] Bytes build() const;

 private:
  struct Payload {
    Bytes data;
  };
  struct Icmp6 {
    IcmpFields f;
  };
  using Layer = std::variant<EthFields, VlanFields, ArpFields, Ipv4Fields, Ipv6Fields,
                             Ipv6FragFields, TcpFields, UdpFields, IcmpFields, Icmp6, Payload>;
  std::vector<Layer> layers_;
  std::size_t pad_to_ = 0;

  Bytes render(std::size_t i) const;
  // The next-protocol value a layer announces for the layer after it.
  std::optional<std::uint16_t> ethertype_of(std::size_t i) const;
  std::optional<std::uint8_t> ipproto_of(std::size_t i) const;
  // The nearest enclosing IP layer of layer i, for pseudo-header checksums.
  std::optional<std::size_t> enclosing_ip(std::size_t i) const;
};

}  // namespace baton::net
