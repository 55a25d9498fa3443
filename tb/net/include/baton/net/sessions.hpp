// SPDX-License-Identifier: Apache-2.0
// Seeded session traffic: TCP connections, UDP request/response exchanges and ICMP echo
// sequences between hosts behind different ports of a router, many open at once and interleaved
// with a Zipf-like popularity, plus a fraction of TrafficGenerator packets (malformed frames, ARP,
// packets for the router, ...). Unlike TrafficGenerator, flows repeat: every packet of a session
// direction has the same flow key (docs/feature-set.md sections 5, 6). The same seed always gives
// the same packets.
//
// The hosts come from the router configuration (docs/feature-set.md section 2):
// - directly connected hosts: neighbours whose longest-prefix match is a route without next hop
//   (a connected route or an explicit one), behind that route's port, with their own MAC;
// - remote hosts: addresses drawn inside a route with a next hop that has a neighbour entry, whose
//   longest-prefix match is that route, behind the route's port, reached through the next hop's
//   MAC.
// A frame from a host enters on its port with the port's MAC as destination and the host's (or
// its gateway's) MAC as source, so the router forwards it to the other side's port.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "baton/net/bytes.hpp"
#include "baton/net/traffic.hpp"

namespace baton::net {

// What the generator needs to know about a router: its ports, routes (with egress port and next
// hop, connected routes included), neighbours and frame limits.
struct SessionProfile {
  struct Port {
    std::uint8_t port = 0;
    Mac mac{};
    std::vector<Ip4> ip4;
    std::vector<Ip6> ip6;
  };
  struct Route4 {
    Ip4 prefix{};
    int len = 0;
    std::uint8_t port = 0;
    std::optional<Ip4> next_hop;  // absent: the destination is the neighbour
  };
  struct Route6 {
    Ip6 prefix{};
    int len = 0;
    std::uint8_t port = 0;
    std::optional<Ip6> next_hop;
  };
  std::vector<Port> ports;
  std::vector<Route4> routes4;  // explicit routes, then the connected ones
  std::vector<Route6> routes6;
  std::map<Ip4, Mac> neighbours4;
  std::map<Ip6, Mac> neighbours6;
  std::size_t min_frame = 60;
  std::size_t max_frame = 1522;

  static SessionProfile from_config_text(std::string_view json_text);

  // Longest-prefix match, or nullptr.
  [[nodiscard]] const Route4* lookup(const Ip4& dst) const;
  [[nodiscard]] const Route6* lookup(const Ip6& dst) const;
  [[nodiscard]] bool is_router_address(const Ip4& a) const;
  [[nodiscard]] bool is_router_address(const Ip6& a) const;
  [[nodiscard]] const Port* find_port(std::uint8_t port) const;
};

// One end of a session: an address behind a router port, and the MAC its frames come from.
struct Host {
  bool v6 = false;
  Ip4 ip4{};
  Ip6 ip6{};
  std::uint8_t port = 0;
  Mac mac{};  // the host's own MAC, or its gateway's (the route's next hop)
  bool direct = false;
};

// The hosts of both families behind every port: all directly connected ones and up to
// `remote_per_route` addresses drawn inside every route with a reachable next hop.
std::vector<Host> derive_hosts(const SessionProfile& profile, std::size_t remote_per_route,
                               std::uint64_t seed);

enum class SessionKind : std::uint8_t { kTcp, kUdp, kIcmpEcho };
std::string_view to_string(SessionKind k);

struct SessionMix {
  double tcp = 5;  // relative weights of the session kinds
  double udp = 3;
  double icmp = 2;
  double ip6 = 0.35;      // fraction of sessions over IPv6 (when both families have hosts)
  double vlan = 0.10;     // fraction of sessions with one VLAN tag (tags are opaque to the router)
  double tcp_rst = 0.15;  // fraction of TCP sessions that end with a RST instead of FINs
  double background = 0.10;  // fraction of packets drawn from TrafficGenerator
  TrafficMix background_mix = TrafficMix::standard();
  std::size_t active = 64;  // sessions open at once
  double zipf = 1.0;        // popularity of the k-th active session ~ 1 / k^zipf
  // Data segments of a TCP session (exchanges of UDP, echo pairs of ICMP): a bounded Pareto
  // length, so most sessions are short and a few are long.
  double length_alpha = 1.0;
  std::size_t max_exchanges = 400;
  std::size_t remote_per_route = 16;  // remote hosts drawn per route
  // Zones (a firewall between them, docs/feature-set.md section 12): when not empty, every
  // session is between a host behind one of `inside_ports` and one behind another port, opened
  // from inside with probability `opened_inside`; a session opened from outside is its first
  // packet alone (the firewall refuses it, so nothing answers). Empty: any two ports.
  std::vector<std::uint8_t> inside_ports;
  double opened_inside = 0.9;
};

inline constexpr std::uint64_t kNoSession = ~std::uint64_t{0};

struct SessionPacket {
  Bytes frame;
  std::uint8_t port = 0;  // ingress port
  bool tuser = false;
  std::uint64_t session = kNoSession;  // 0, 1, 2, ... in opening order; kNoSession: background
  bool reverse = false;                // server to client
  SessionKind kind = SessionKind::kTcp;
  TrafficKind background = TrafficKind::kIp4Udp;  // for background packets
  [[nodiscard]] bool in_session() const { return session != kNoSession; }
};

class SessionGenerator {
 public:
  SessionGenerator(std::string_view config_json_text, SessionMix mix, std::uint64_t seed);
  // Open sessions point into hosts(): movable, not copyable.
  SessionGenerator(const SessionGenerator&) = delete;
  SessionGenerator& operator=(const SessionGenerator&) = delete;
  SessionGenerator(SessionGenerator&&) = default;
  SessionGenerator& operator=(SessionGenerator&&) = default;

  SessionPacket next();

  [[nodiscard]] const SessionProfile& profile() const { return profile_; }
  [[nodiscard]] const std::vector<Host>& hosts() const { return hosts_; }
  [[nodiscard]] std::uint64_t sessions_opened() const { return next_id_; }

 private:
  struct Step {
    bool reverse = false;
    std::uint16_t flags = 0;  // TCP flags
    std::uint16_t size = 0;   // frame size, 0: minimal
  };
  struct Side {
    const Host* host = nullptr;
    std::uint16_t port = 0;  // L4 port; the client's: ICMP echo identifier
    std::uint32_t seq = 0;   // TCP next sequence number; the client's: next echo sequence
    std::uint16_t ip_id = 0;
    std::uint8_t ttl = 64;
    std::uint32_t flow_label = 0;
  };
  struct Session {
    std::uint64_t id = kNoSession;
    SessionKind kind = SessionKind::kTcp;
    Side client, server;
    std::optional<std::uint16_t> vlan;
    std::vector<Step> steps;
    std::size_t at = 0;
    Bytes echo_data;  // the last echo request's data, for its reply
  };

  std::uint64_t rand(std::uint64_t lo, std::uint64_t hi);
  bool chance(double p);
  std::uint16_t data_size();
  std::size_t exchanges();
  Session open();
  SessionPacket emit(Session& s);

  SessionProfile profile_;
  SessionMix mix_;
  std::vector<Host> hosts_;
  std::vector<std::vector<const Host*>> by_port4_, by_port6_;  // ports with hosts, per family
  struct Zones {
    std::vector<std::size_t> inside, outside;  // indices of by_port4_ / by_port6_ (mix_.inside_ports)
  };
  Zones zones4_, zones6_;
  std::mt19937_64 rng_;
  TrafficGenerator background_;
  std::discrete_distribution<std::size_t> slot_pick_;
  std::discrete_distribution<int> kind_pick_;
  std::vector<Session> slots_;
  std::uint64_t next_id_ = 0;
  std::size_t min_size_ = 60, max_size_ = 1518;
};

}  // namespace baton::net
