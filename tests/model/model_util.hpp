// SPDX-License-Identifier: Apache-2.0
// Helpers shared by the golden-model and packet-I/O tests: the directed-test configuration,
// packet construction, failure context (seed, packet number, repro line) and the shared-capture
// folder.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>

#include <fmt/format.h>

#include "baton/golden/router.hpp"
#include "baton/net/builder.hpp"
#include "baton/net/bytes.hpp"
#include "baton/tb/config.hpp"

namespace baton::model_test {

namespace net = baton::net;
namespace golden = baton::golden;

// The configuration of the directed tests. Port 0: link-local address listed first (tests the
// time-exceeded source choice); port 2: no addresses at all; port 3: only a link-local IPv6
// address; port 5 is not configured.
inline constexpr const char* kDirectedConfig = R"({
  "ports": [
    { "port": 0, "mac": "02:00:00:00:00:01", "zone": "inside",
      "ipv4": ["192.0.2.1/24", "192.0.2.200/32"], "ipv6": ["fe80::1/64", "2001:db8:1::1/64"] },
    { "port": 1, "mac": "02:00:00:00:00:02", "zone": "outside",
      "ipv4": ["198.51.100.1/24"], "ipv6": ["2001:db8:2::1/64"] },
    { "port": 2, "mac": "02:00:00:00:00:03" },
    { "port": 3, "mac": "02:00:00:00:00:04", "ipv6": ["fe80::4/64"] }
  ],
  "routes_ipv4": [
    { "prefix": "203.0.113.0/24",   "next_hop": "198.51.100.254", "port": 1 },
    { "prefix": "203.0.113.128/25", "next_hop": "192.0.2.254",    "port": 0 },
    { "prefix": "10.99.0.0/16",     "next_hop": "198.51.100.200", "port": 1 }
  ],
  "routes_ipv6": [
    { "prefix": "2001:db8:100::/48",      "next_hop": "2001:db8:2::fe", "port": 1 },
    { "prefix": "2001:db8:100:8000::/49", "next_hop": "2001:db8:1::fe", "port": 0 },
    { "prefix": "2001:db8:999::/48",      "next_hop": "2001:db8:2::99", "port": 1 }
  ],
  "neighbours": [
    { "ip": "198.51.100.254", "mac": "02:00:00:00:01:fe" },
    { "ip": "192.0.2.254",    "mac": "02:00:00:00:00:fe" },
    { "ip": "192.0.2.10",     "mac": "02:00:00:00:00:0a" },
    { "ip": "2001:db8:2::fe", "mac": "02:00:00:00:02:fe" },
    { "ip": "2001:db8:1::fe", "mac": "02:00:00:00:01:fe" },
    { "ip": "2001:db8:1::10", "mac": "02:00:00:00:00:10" }
  ]
})";

// "seed N, packet #i; repro: <command>" for failure messages of tests without a simulator.
inline std::string context(std::uint64_t seed, std::size_t packet) {
  return fmt::format("seed {}, packet #{}\n  repro: {}", seed, packet,
                     baton::tb::repro_command(seed, false));
}

inline std::string source_dir() {
  if (const char* s = std::getenv("BATON_SOURCE_DIR")) return s;
  return BATON_SOURCE_DIR_DEFAULT;
}

inline std::string reference_config_path() {
  return source_dir() + "/tb/model/golden/configs/reference.json";
}

// The shared captures folder, or nullopt when absent (tests then GTEST_SKIP()). The environment
// (BATON_SHARED_DIR) wins; without it, the CMake cache value BATON_SHARED_DIR is used.
inline std::optional<std::filesystem::path> shared_pcaps() {
  const char* env = std::getenv("BATON_SHARED_DIR");
  const std::string dir = env ? env : BATON_SHARED_DIR_DEFAULT;
  if (dir.empty()) return std::nullopt;
  std::filesystem::path p = std::filesystem::path(dir) / "pcaps";
  if (!std::filesystem::is_directory(p)) return std::nullopt;
  return p;
}

inline golden::Packet packet(const net::Bytes& frame, std::uint8_t port = 0, bool tuser = false) {
  return golden::Packet{frame, port, tuser};
}

}  // namespace baton::model_test
