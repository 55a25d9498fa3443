// SPDX-License-Identifier: Apache-2.0
// A seeded traffic generator: a configurable mix of well-formed and malformed frames aimed at a
// router described by a TrafficProfile (normally read from the router's JSON configuration, see
// docs/feature-set.md). The same seed always gives the same packets.
#pragma once

#include <array>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "baton/net/bytes.hpp"

namespace baton::net {

enum class TrafficKind : std::uint8_t {
  kArpForRouter,   // ARP request for an address of the ingress port
  kArpOther,       // ARP request for some other host
  kIp4Udp,         // routed UDP
  kIp4Tcp,         // routed TCP
  kIp4Frag,        // routed UDP fragment (first or later)
  kIp4Options,     // routed UDP with IP options
  kIp4EchoRouter,  // ICMP echo request to a router address
  kIp4ToRouter,    // UDP to a router address (to host)
  kIp4Ttl1,        // routed packet with TTL 1
  kIp4NoRoute,     // destination outside every route
  kIp6Udp,
  kIp6Tcp,
  kIp6Frag,
  kIp6EchoRouter,
  kIp6Hop1,
  kL2NotForUs,  // unicast MAC of somebody else
  kUnknownEthertype,
  kRunt,      // shorter than the minimum frame
  kOversize,  // longer than the maximum frame
  kTuser,     // MAC error flag
  kIp4BadIhl,
  kIp4BadVersion,
  kIp4LenBeyondFrame,  // total length beyond the frame
  kIp4BadChecksum,
  // Malformed kinds outside the standard mix (uniform() and malformed() draw them).
  kL2ThreeTags,        // three VLAN tags (too many)
  kL2TruncatedTag,     // the frame ends inside a VLAN tag (a runt unless min_frame < 18)
  kArpMalformed,       // ARP with a wrong hardware/protocol type or length
  kArpBadOpcode,       // ARP for the router with an opcode other than request/reply
  kIp6BadVersion,      // IPv6 ethertype, version field not 6
  kIp6LenBeyondFrame,  // payload length beyond the frame
  kIp4EchoBadChecksum,  // ICMP echo request to the router, ICMP checksum wrong
  kIp6EchoBadChecksum,  // ICMPv6 echo request to the router, checksum wrong
  kCount
};
inline constexpr std::size_t kTrafficKinds = static_cast<std::size_t>(TrafficKind::kCount);
std::string_view to_string(TrafficKind k);

struct TrafficMix {
  std::array<double, kTrafficKinds> weight{};
  // Mostly routed traffic with a bit of everything else.
  static TrafficMix standard();
  // Every kind equally likely.
  static TrafficMix uniform();
  // Only the malformed kinds (hardware drops, bad headers, tags, ARP, checksums), equally likely.
  static TrafficMix malformed();
  static TrafficMix only(TrafficKind k);
};

struct TrafficProfile {
  struct Port {
    std::uint8_t port = 0;
    Mac mac{};
    std::vector<Ip4> ip4;
    std::vector<Ip6> ip6;
  };
  std::vector<Port> ports;
  std::vector<std::pair<Ip4, int>> routes4;  // prefixes that destinations are drawn from
  std::vector<std::pair<Ip6, int>> routes6;
  std::size_t min_size = 60;  // frame sizes of sized kinds, tags included
  std::size_t max_size = 1518;
  std::size_t min_frame = 60;    // the router's runt limit
  std::size_t max_frame = 1522;  // the router's oversize limit
  double vlan1 = 0.10;           // probability of one VLAN tag
  double vlan2 = 0.05;           // probability of two tags (Q-in-Q)
  TrafficMix mix = TrafficMix::standard();

  // Reads ports, routes and limits from a router configuration (docs/feature-set.md section 2).
  static TrafficProfile from_config_text(std::string_view json_text);
  static TrafficProfile from_config_file(const std::string& path);
};

struct GenPacket {
  Bytes frame;
  std::uint8_t port = 0;
  bool tuser = false;
  TrafficKind kind = TrafficKind::kIp4Udp;
};

class TrafficGenerator {
 public:
  TrafficGenerator(TrafficProfile profile, std::uint64_t seed);
  GenPacket next();
  [[nodiscard]] const TrafficProfile& profile() const { return profile_; }

 private:
  std::uint64_t rand(std::uint64_t lo, std::uint64_t hi);
  bool chance(double p);
  const TrafficProfile::Port& pick_port();
  Mac host_mac();
  Ip4 host_ip4();
  Ip6 host_ip6();
  Ip4 routed_ip4();
  Ip6 routed_ip6();
  Ip4 unrouted_ip4();
  std::size_t frame_size();
  Bytes make(TrafficKind k, const TrafficProfile::Port& p);

  TrafficProfile profile_;
  std::mt19937_64 rng_;
  std::discrete_distribution<std::size_t> kinds_;
};

}  // namespace baton::net
