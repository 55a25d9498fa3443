// SPDX-License-Identifier: Apache-2.0
// The router configuration of docs/feature-set.md section 2 as the reference firmware's config
// compiler reads it. Written independently of the golden model's loader; the error messages
// follow the same rules (one line, the offending key first: "ports[1].mac: ...").
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace baton::fw {

class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

using Mac = std::array<std::uint8_t, 6>;
using V4 = std::uint32_t;  // host order
using V6 = std::array<std::uint8_t, 16>;

struct Port {
  unsigned port = 0;
  Mac mac{};
  bool inside = false;
  std::vector<std::pair<V4, unsigned>> v4;  // address, prefix length (config order)
  std::vector<std::pair<V6, unsigned>> v6;
};

template <typename A>
struct Route {
  A prefix{};
  unsigned len = 0;
  unsigned port = 0;
  std::optional<A> next_hop;  // absent: connected (the neighbour is the destination)
};

// The stateful firewall's settings (docs/feature-set.md section 12): read and checked like the
// golden model's, so the two loaders accept the same files. compile_blob refuses it enabled
// together with flow accounting (one lookup per event cannot serve both keys).
struct FirewallSettings {
  bool enabled = false;
  std::uint32_t max_connections = 65536;
  std::uint32_t max_fragments = 1024;
  // Timeouts in engine cycles, in the order of kFirewallTimeoutKeys.
  std::array<std::uint32_t, 11> timeouts = {200'000, 100'000, 10'000'000, 200'000, 100'000, 50'000,
                                            200'000, 20'000,  50'000,     200'000, 100'000};
};
inline constexpr std::array<std::string_view, 11> kFirewallTimeoutKeys = {
    "tcp_syn_sent", "tcp_syn_recv", "tcp_established", "tcp_fin_wait", "tcp_close_wait", "tcp_last_ack",
    "tcp_time_wait", "tcp_close", "udp", "udp_stream", "fragment"};

struct RouterConfig {
  std::vector<Port> ports;  // config order
  std::vector<Route<V4>> routes4;  // explicit, then connected
  std::vector<Route<V6>> routes6;
  std::vector<std::pair<V4, Mac>> neigh4;
  std::vector<std::pair<V6, Mac>> neigh6;
  unsigned min_frame = 60;
  unsigned max_frame = 1522;
  bool accounting = false;       // flow accounting (docs/feature-set.md section 11)
  std::uint32_t idle_timeout = 0;  // engine cycles
  FirewallSettings firewall;

  [[nodiscard]] const Port* port(unsigned p) const;
};

inline constexpr long long kMaxIdleTimeout = 1LL << 30;

// Parses and checks a JSON configuration; throws ConfigError with one line.
RouterConfig parse_config(std::string_view json_text);
// The same, reading a file; the message starts with the path.
RouterConfig load_config(const std::string& path);

}  // namespace baton::fw
