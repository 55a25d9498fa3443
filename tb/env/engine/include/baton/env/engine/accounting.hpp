// SPDX-License-Identifier: Apache-2.0
// Flow accounting stimulus and checks (docs/feature-set.md section 11), shared by the ISS-level
// and the engine-level tests: the reference configuration with accounting on, session traffic
// with arrival times that section 11's timing decides, the golden model's records for it, and
// the comparison of exported messages with those records.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "baton/golden/accounting.hpp"
#include "baton/golden/config.hpp"
#include "baton/golden/router.hpp"
#include "baton/net/sessions.hpp"

namespace baton::env::engine {

// `config_text` with "flow_accounting": {"enabled": true, "idle_timeout": idle}.
std::string with_accounting(const std::string& config_text, std::uint32_t idle);

struct TimedTraffic {
  std::vector<golden::Packet> packets;
  std::vector<std::uint64_t> at;  // arrival cycle of each packet, non-decreasing
};

struct AccountingSchedule {
  std::uint64_t mean_gap = 100;  // cycles between consecutive packets (uniform 1 .. 2 x mean)
  golden::AccountingTiming timing;
  std::uint64_t margin = 2000;   // kept clear of the golden model's refusal windows (ports may delay a packet)
  // Least gap between packets of one flow: keeps a flow below the engine's events-in-flight limit
  // (busy, lookup.md), which section 11 leaves unaccounted and the golden model does not model.
  std::uint64_t flow_gap = 3000;
  net::SessionMix mix{};
};

// `n` packets of session traffic (tb/net SessionGenerator: TCP with handshakes, data, FIN or RST
// in both directions, UDP exchanges, ICMP echo, IPv6, VLAN tags, background) on `ports` ports,
// timed: each packet comes a random gap after the previous one, except that a packet the gap
// would put inside a refusal window of section 11 is deferred just past the window's end (with
// its flow's later packets); the result is in arrival order.
TimedTraffic accounting_traffic(const std::string& config_text, std::size_t n, std::uint64_t seed, unsigned ports,
                                const AccountingSchedule& s);

// The golden model's records for `packets[i]` arriving at `arrival[i]`, fed in arrival order
// (finish() included).
// `max_concurrent` (optional) receives FlowAccounting::max_concurrent().
std::vector<golden::FlowRecord> golden_records(const golden::Config& cfg, const std::vector<golden::Packet>& packets,
                                               const std::vector<std::uint64_t>& arrival,
                                               const golden::AccountingTiming& timing,
                                               std::size_t* max_concurrent = nullptr);

// Matches exported messages with the golden records (as multisets, by key and first arrival);
// one line per difference, empty when they agree.
std::vector<std::string> compare_records(const std::vector<golden::FlowRecord>& want,
                                         const std::vector<std::vector<std::uint8_t>>& messages);

}  // namespace baton::env::engine
