// SPDX-License-Identifier: Apache-2.0
// Stateful firewall stimulus and checks (docs/feature-set.md section 12), shared by the ISS-level
// and the engine-level tests: the reference configuration with the firewall on, two-way session
// traffic with loss, duplication and reordering injected and arrival times that keep one
// connection's packets apart, and the golden model's verdicts for it in arrival order.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "baton/env/engine/accounting.hpp"
#include "baton/golden/config.hpp"
#include "baton/golden/firewall.hpp"
#include "baton/golden/router.hpp"
#include "baton/model/lookup/lookup_records.hpp"
#include "baton/net/sessions.hpp"

namespace baton::env::engine {

// `config_text` with "firewall": {"enabled": true, "timeouts": <timeouts_json>} (a JSON object of
// section 12.6's keys; "{}" keeps the defaults).
std::string with_firewall(const std::string& config_text, const std::string& timeouts_json = "{}");
// `config_text` with the firewall off (its "firewall" key removed).
std::string without_firewall(const std::string& config_text);
// The ports of zone inside (for SessionMix::inside_ports).
std::vector<std::uint8_t> inside_ports(const golden::Config& cfg);

struct FirewallSchedule {
  std::uint64_t mean_gap = 100;  // cycles between consecutive packets (uniform 1 .. 2 x mean)
  // Least gap between packets of one connection (by the ingress's connection key): more than the
  // engine's latency, so that the lookup sees them in arrival order whichever ports they use, and
  // below the lookup's events-in-flight limit (busy).
  std::uint64_t conn_gap = 3000;
  double loss = 0.03;       // a session packet is left out
  double duplicate = 0.03;  // ... sent twice
  double reorder = 0.03;    // ... swapped with the next one
  // A session packet is followed by an ICMP error about it (feature-set.md 12.4), sent back to its
  // sender from the other side (icmp_error_about); a quarter of them quote the packet with its
  // ports or echo identifier changed, so they name no connection.
  double icmp_errors = 0.02;
  net::SessionMix mix{};
};

// An ICMP or ICMPv6 error about `about` (RFC 792 / 4443: type 3 code 3 or 11, ICMPv6 1 or 3),
// sent back to its sender from the side of `back`, a packet of the other direction whose ingress
// port, L2 header (tags included) and addresses it takes: from back's source to back's
// destination, quoting about's IP header and 8 L4 bytes. `unrelated`: the quote's ports (TCP,
// UDP) or echo identifier changed. Nothing when either frame is not IPv4 or IPv6 of one family.
std::optional<golden::Packet> icmp_error_about(const golden::Packet& about, const golden::Packet& back, bool unrelated,
                                               std::uint32_t variant);

// `n` packets of session traffic (tb/net SessionGenerator on `ports` ports) with the faults of
// `s` injected, timed and in arrival order.
TimedTraffic firewall_traffic(const std::string& config_text, std::size_t n, std::uint64_t seed, unsigned ports,
                              const FirewallSchedule& s);

// The golden router's verdicts for `packets[i]` arriving at `arrival[i]` (fed in arrival order,
// ties in index order); `counters` (optional) receives the firewall's counters, `live` (optional)
// its live connections by state at the last arrival. `order` (optional, one key per packet): feed
// in the order of these keys instead (the engine's admission order when the ports' queues made it
// differ from the first beats'), each packet's time its arrival but never before its
// predecessor's.
std::vector<golden::Verdict> firewall_verdicts(const golden::Config& cfg, const std::vector<golden::Packet>& packets,
                                               const std::vector<std::uint64_t>& arrival,
                                               golden::FirewallCounters* counters = nullptr,
                                               std::array<std::uint64_t, golden::kConnStates>* live = nullptr,
                                               const std::vector<std::uint64_t>* order = nullptr);

// TCP connections between inside clients (IPv4 hosts, tb/net derive_hosts, behind the
// configuration's ports of zone inside) and outside servers (behind the other ports), each with its
// own client port: handshake and established segments as packets of phases, one packet per
// connection in each of syn(), syn_ack(), ack(), so that the order within a phase changes no
// verdict (the benchmark and the scale run offer them back to back).
class TcpConnections {
 public:
  TcpConnections(const std::string& config_text, std::size_t n, std::uint64_t seed);
  std::vector<golden::Packet> syn();
  std::vector<golden::Packet> syn_ack();
  std::vector<golden::Packet> ack();
  // `m` small segments (frames of at most 80 bytes, ACK or PSH+ACK) of the connections in turn,
  // client to server on the first round, server to client on the next, and so on.
  std::vector<golden::Packet> established(std::size_t m);
  [[nodiscard]] std::size_t size() const { return conns_.size(); }

 private:
  struct Conn {
    const net::Host* client = nullptr;
    const net::Host* server = nullptr;
    std::uint16_t sport = 0, dport = 0;
    std::uint32_t seq_c = 0, seq_s = 0;
  };
  golden::Packet segment(Conn& c, bool from_server, std::uint16_t flags, std::size_t payload);

  net::SessionProfile profile_;
  std::vector<net::Host> hosts_;
  std::uint64_t rng_state_;
  std::vector<Conn> conns_;
};

// The ingress's connection key of an IPv4 or IPv6 frame (docs/ingress.md "Connection key"), or
// nothing for any other frame: which packets belong to one connection.
std::optional<model::lookup::FlowKey> connection_of(const std::vector<std::uint8_t>& frame);

}  // namespace baton::env::engine
