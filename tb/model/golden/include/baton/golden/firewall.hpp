// SPDX-License-Identifier: Apache-2.0
// The golden model of the stateful firewall and the fragment policy (docs/feature-set.md section
// 12, FS6/FS7): connection tracking with the ruleset of 12.5, per-state timeouts, the table
// bounds, and one record per fragmented datagram. Written from the document alone; the Router
// calls it for every packet it would forward (F4, E4).
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <set>
#include <span>
#include <string_view>
#include <utility>

#include "baton/abi.hpp"
#include "baton/golden/config.hpp"
#include "baton/golden/router.hpp"

namespace baton::golden {

// Connection states (12.3, 12.4).
enum class ConnState : std::uint8_t {
  kSynSent,
  kSynRecv,
  kEstablished,
  kFinWait,
  kCloseWait,
  kLastAck,
  kTimeWait,
  kClose,
  kUnreplied,  // UDP, ICMP echo, other protocols
  kReplied,
};
inline constexpr std::size_t kConnStates = 10;
std::string_view name(ConnState s);

// The connection state of a packet (12.5).
enum class CtState : std::uint8_t { kInvalid, kNew, kEstablished, kRelated };
std::string_view name(CtState s);

struct FirewallDecision {
  bool accept = false;
  Drop reason = Drop::kNone;  // when not accepted
  CtState ct = CtState::kInvalid;
  bool fragment = false;      // a fragment (12.8); ct is then the first fragment's
};

struct FirewallCounters {
  std::uint64_t accepted_new = 0, accepted_established = 0, accepted_related = 0;  // fw.new, ...
  std::uint64_t created = 0, expired = 0;
  std::uint64_t fragments_followed = 0;  // frag.followed
};

// The first bytes of a frame within which an ICMP error's quoted datagram counts (12.4).
inline constexpr std::size_t kQuoteWindow = abi::kQuoteWindow;

class Firewall {
 public:
  explicit Firewall(const FirewallConfig& cfg);

  // The IPv4 or IPv6 datagram `ip` (its header first; the bytes beyond its length are ignored) of
  // a packet about to be forwarded, which arrived at engine cycle `time` on a port of zone
  // inside (`from_inside`) or outside. Times must not decrease from one call to the next.
  // `ip_offset`: where the datagram starts in its frame (an ICMP error's quote counts only within
  // the frame's first kQuoteWindow bytes, 12.4).
  FirewallDecision inspect(std::span<const std::uint8_t> ip, bool from_inside, std::uint64_t time,
                           std::size_t ip_offset);

  [[nodiscard]] const FirewallCounters& counters() const { return counters_; }
  // Live connections by state at `time` (expires what is due, so not const).
  std::array<std::uint64_t, kConnStates> live_by_state(std::uint64_t time);
  std::size_t live_fragments(std::uint64_t time);

  // A connection's tuple (12.2): addresses in 16 bytes (IPv4 in the first 4), ports (ICMP echo:
  // identifier in sport), all zero where the protocol has none.
  struct Tuple {
    std::uint8_t family = 4;
    std::array<std::uint8_t, 16> src{}, dst{};
    std::uint8_t proto = 0;
    std::uint16_t sport = 0, dport = 0;
    auto operator<=>(const Tuple&) const = default;
    [[nodiscard]] Tuple swapped() const;
  };

 private:
  struct Conn {
    ConnState state = ConnState::kUnreplied;
    bool seen_reply = false;
    bool closer_orig = false;  // the side of the first FIN (FIN_WAIT onwards)
    std::uint64_t expiry = 0;
  };
  struct FragKey {
    std::uint8_t family = 4;
    std::array<std::uint8_t, 16> src{}, dst{};
    std::uint8_t proto = 0;
    std::uint32_t id = 0;
    auto operator<=>(const FragKey&) const = default;
  };
  struct FragRecord {
    bool accept = false;
    Drop reason = Drop::kNone;
    CtState ct = CtState::kInvalid;
    std::uint64_t expiry = 0;
  };
  // What tracking decided for a packet, applied only if it is accepted.
  struct Outcome {
    CtState ct = CtState::kInvalid;
    bool creates = false;   // a new connection (or a reopen, which replaces `conn`)
    bool reopen = false;
    bool reply_dir = false;
    bool ignore = false;    // accepted without a transition (12.3 "=")
    Tuple orig;             // the connection's tuple
    Tuple old;              // a reopen: the connection it replaces
    ConnState next = ConnState::kUnreplied;
    bool closer_orig = false;
  };

  struct L4View {
    const std::uint8_t* p = nullptr;
    std::size_t len = 0;  // bytes of the L4 header and payload present
    bool check_sum = true;
    bool fragment = false;
  };

  void expire(std::uint64_t time);
  Outcome track(const Tuple& base, const std::uint8_t* ip, const L4View& l4) const;
  Outcome tcp(const Tuple& base, const std::uint8_t* ip, const L4View& l4) const;
  Outcome datagram(const Tuple& t) const;  // UDP and other protocols
  Outcome icmp(const Tuple& base, const std::uint8_t* ip, const L4View& l4) const;
  bool related(const Tuple& outer, const std::uint8_t* quoted, std::size_t n) const;
  bool l4_sum_ok(const Tuple& t, const std::uint8_t* ip, const L4View& l4, std::size_t n) const;
  FirewallDecision decide(const Outcome& o, bool from_inside) const;
  void commit(const Outcome& o, std::uint64_t time);
  std::uint32_t timeout(ConnState s) const;
  const Conn* find(const Tuple& t) const;

  FirewallConfig cfg_;
  std::size_t ip_offset_ = 0;    // of the datagram inspect() judges, in its frame
  std::map<Tuple, Conn> conns_;  // by original tuple
  std::set<std::pair<std::uint64_t, Tuple>> conn_expiry_;
  std::map<FragKey, FragRecord> frags_;
  std::set<std::pair<std::uint64_t, FragKey>> frag_expiry_;
  FirewallCounters counters_;
  std::uint64_t last_time_ = 0;
};

}  // namespace baton::golden
