// SPDX-License-Identifier: Apache-2.0
// The router configuration of docs/feature-set.md section 2, loaded from JSON. Every rule of that
// section is enforced here; a violation is one ConfigError line naming the offending key.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace baton::golden {

using MacAddr = std::array<std::uint8_t, 6>;
using V6Addr = std::array<std::uint8_t, 16>;

class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class Zone : std::uint8_t { kInside, kOutside };

struct PortConfig {
  std::uint8_t port = 0;
  MacAddr mac{};
  Zone zone = Zone::kOutside;
  std::vector<std::uint32_t> ipv4;  // in config order
  std::vector<int> ipv4_len;
  std::vector<V6Addr> ipv6;
  std::vector<int> ipv6_len;
};

struct Route4 {
  std::uint32_t prefix = 0;
  int len = 0;
  std::uint8_t port = 0;
  std::optional<std::uint32_t> next_hop;  // absent: directly connected
  bool connected = false;                 // installed from a port address
};

struct Route6 {
  V6Addr prefix{};
  int len = 0;
  std::uint8_t port = 0;
  std::optional<V6Addr> next_hop;
  bool connected = false;
};

// Flow accounting (section 11): off unless enabled.
struct AccountingConfig {
  bool enabled = false;
  std::uint32_t idle_timeout = 0;  // engine cycles
};

// Stateful firewall and fragment policy (section 12): off unless enabled. Timeouts in engine
// cycles, by the keys of 12.6.
struct FirewallTimeouts {
  std::uint32_t tcp_syn_sent = 200'000;
  std::uint32_t tcp_syn_recv = 100'000;
  std::uint32_t tcp_established = 10'000'000;
  std::uint32_t tcp_fin_wait = 200'000;
  std::uint32_t tcp_close_wait = 100'000;
  std::uint32_t tcp_last_ack = 50'000;
  std::uint32_t tcp_time_wait = 200'000;
  std::uint32_t tcp_close = 20'000;
  std::uint32_t udp = 50'000;
  std::uint32_t udp_stream = 200'000;
  std::uint32_t fragment = 100'000;
};
struct FirewallConfig {
  bool enabled = false;
  std::uint32_t max_connections = 65536;
  std::uint32_t max_fragments = 1024;
  FirewallTimeouts timeouts;
};

struct Config {
  std::vector<PortConfig> ports;
  std::vector<Route4> routes4;  // explicit routes first, then connected ones
  std::vector<Route6> routes6;
  std::map<std::uint32_t, MacAddr> neighbours4;
  std::map<V6Addr, MacAddr> neighbours6;
  std::size_t min_frame = 60;
  std::size_t max_frame = 1522;
  AccountingConfig accounting;
  FirewallConfig firewall;

  [[nodiscard]] const PortConfig* find_port(std::uint8_t port) const;
};

// Limits of section 2.
inline constexpr std::size_t kMaxPorts = 16;
inline constexpr std::size_t kMaxAddrsPerPort = 4;
inline constexpr std::size_t kMaxRoutes = 1024;
inline constexpr std::size_t kMaxNeighbours = 1024;
inline constexpr std::int64_t kMaxIdleTimeout = std::int64_t{1} << 30;
inline constexpr std::int64_t kMaxConnections = std::int64_t{1} << 24;
inline constexpr std::int64_t kMaxFragmentRecords = std::int64_t{1} << 20;

Config parse_config(std::string_view json_text);
// As parse_config, with the file name in front of every message.
Config load_config(const std::string& path);

}  // namespace baton::golden
