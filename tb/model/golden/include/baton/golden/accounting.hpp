// SPDX-License-Identifier: Apache-2.0
// Flow accounting of docs/feature-set.md section 11: which packets are accounted, the flow key,
// the records and when they close, and the export message's bytes. Written from that section,
// not from the firmware: tests compare the engine's exported records with these.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

#include "baton/golden/config.hpp"
#include "baton/golden/router.hpp"

namespace baton::golden {

enum class CloseReason : std::uint8_t { kIdle = 1, kFin = 2, kRst = 3 };

// A flow key of section 11 (unidirectional).
struct FlowKey {
  std::uint16_t vlan = 0;
  std::uint32_t src = 0, dst = 0;  // addresses, most significant byte first on the wire
  std::uint8_t protocol = 0;
  std::uint16_t sport = 0, dport = 0;
  auto operator<=>(const FlowKey&) const = default;
};

struct FlowRecord {
  CloseReason reason = CloseReason::kIdle;
  FlowKey key;
  std::uint8_t tcp_flags = 0;
  std::uint8_t in_port = 0;
  std::uint32_t packets = 0, octets = 0;
  std::uint32_t first = 0, last = 0;  // arrival cycles, low 32 bits
  bool operator==(const FlowRecord&) const = default;

  static constexpr std::size_t kBytes = 50;
  static constexpr std::uint16_t kEtherType = 0x88b6;
  static constexpr std::uint8_t kVersion = 1;
  // The export message (section 11 table).
  [[nodiscard]] std::vector<std::uint8_t> to_bytes() const;
  // The record in an export message; nullopt when `frame` is not one (length, EtherType,
  // version or reason wrong).
  static std::optional<FlowRecord> parse(const std::vector<std::uint8_t>& frame);
  [[nodiscard]] std::string to_string() const;
};

// The stimulus leaves a record's outcome to the engine's timing (section 11, "Golden model").
class AmbiguousTiming : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Bounds of the engine's timing the golden model needs: D and S of section 11.
struct AccountingTiming {
  std::uint64_t latency = 0;  // D: latency from a packet's arrival to its end, and of an export event, at most
  std::uint64_t scan = 0;     // S: the timer scan, at most
};

class FlowAccounting {
 public:
  FlowAccounting(AccountingConfig cfg, AccountingTiming timing) : cfg_(cfg), timing_(timing) {}

  // The refusal windows of section 11, as gaps from a flow's last packet: the next packet may
  // not arrive `expiry_lo`..`expiry_hi` cycles after it, nor less than `after_close` cycles after
  // a packet that closed its record.
  struct Windows {
    std::uint64_t expiry_lo = 0, expiry_hi = 0, after_close = 0;
  };
  static Windows windows(std::uint32_t idle_timeout, const AccountingTiming& t) {
    return {idle_timeout > t.latency ? idle_timeout - t.latency : 0, idle_timeout + 2 * t.latency + t.scan,
            2 * t.latency};
  }

  // What section 11 takes from an accounted packet.
  struct Accounted {
    FlowKey key;
    std::uint32_t octets = 0;    // the IPv4 total length
    std::uint8_t tcp_flags = 0;  // 0 unless TCP with its flags byte inside the total length
    [[nodiscard]] bool closes() const {  // RST, or FIN without SYN
      return (tcp_flags & 0x04U) != 0 || (tcp_flags & 0x03U) == 0x01U;
    }
  };
  // `p` with verdict `v` when it is accounted (section 11); nullopt otherwise.
  static std::optional<Accounted> accounted(const Packet& p, const Verdict& v);

  // Accounts packet `index` (frame `p`, its verdict `v`) that arrived at engine cycle `arrival`.
  // Packets come in arrival order. Throws AmbiguousTiming for stimulus section 11 leaves open,
  // std::invalid_argument for arrivals out of order.
  void packet(const Packet& p, const Verdict& v, std::uint64_t arrival);
  // Closes every open record (reason idle): the end of the stimulus.
  void finish();

  // Closed records in the order they closed (idle closes when the flow's next packet or
  // finish() showed them).
  [[nodiscard]] const std::vector<FlowRecord>& records() const { return records_; }
  // The most records open at once whose flow had a packet less than idle_timeout ago: flows an
  // engine must hold concurrently (no timer of theirs can have fired yet).
  [[nodiscard]] std::size_t max_concurrent() const { return max_open_; }
  [[nodiscard]] std::uint64_t accounted_packets() const { return accounted_; }

 private:
  struct Open {
    FlowRecord rec;
    std::uint64_t last = 0;  // full-width arrival of the latest packet
  };
  void live_remove(std::uint64_t bound);
  AccountingConfig cfg_;
  AccountingTiming timing_;
  std::map<FlowKey, Open> open_;
  std::map<FlowKey, std::uint64_t> closed_at_;  // arrival of the packet that closed the key's last record
  std::vector<FlowRecord> records_;
  std::uint64_t prev_arrival_ = 0;
  std::uint64_t accounted_ = 0;
  std::size_t max_open_ = 0;
  std::multiset<std::uint64_t> live_;  // last + idle_timeout of open records not yet past it
  std::uint64_t pruned_upto_ = 0;
};

}  // namespace baton::golden
