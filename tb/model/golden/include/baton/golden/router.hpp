// SPDX-License-Identifier: Apache-2.0
// The golden model of the reference router (docs/feature-set.md): one packet in, one verdict
// out, with the counters of section 7. Written from the document alone; it shares no code with
// the firmware, the RTL or tb/net.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "baton/abi.hpp"
#include "baton/golden/config.hpp"

namespace baton::golden {

enum class Action : std::uint8_t { kForward, kReply, kToHost, kDrop };

enum class ReplyKind : std::uint8_t {
  kNone,
  kArpReply,
  kIcmp4EchoReply,
  kIcmp4TimeExceeded,
  kIcmp6EchoReply,
  kIcmp6TimeExceeded,
};
inline constexpr std::size_t kReplyKinds = 6;

// Drop reasons with their codes (section 9). Firmware codes 0x01..0x7f; the hardware codes the
// golden model predicts are the ABI's (baton/abi.hpp, generated from abi/baton_abi.toml).
enum class Drop : std::uint8_t {
  kNone = 0x00,
  kPortUnconfigured = 0x01,
  kL2NotForUs = 0x02,
  kL2Truncated = 0x03,
  kL2TooManyTags = 0x04,
  kL2UnsupportedEthertype = 0x05,
  kArpMalformed = 0x10,
  kArpNotForUs = 0x11,
  kArpBadOpcode = 0x12,
  kIpv4Truncated = 0x20,
  kIpv4BadVersion = 0x21,
  kIpv4BadIhl = 0x22,
  kIpv4BadTotalLength = 0x23,
  kIpv4LengthBeyondFrame = 0x24,
  kIpv4BadChecksum = 0x25,
  kIpv4MartianSource = 0x26,
  kIpv4MartianDestination = 0x27,
  kIpv4MulticastNotRouted = 0x28,
  kIpv4L2MulticastNotRouted = 0x29,
  kIpv4NoRoute = 0x2a,
  kIpv4NoNeighbour = 0x2b,
  kIpv4TtlExpired = 0x2c,
  kIcmpTruncated = 0x2d,
  kIcmpBadChecksum = 0x2e,
  kIpv6Truncated = 0x40,
  kIpv6BadVersion = 0x41,
  kIpv6LengthBeyondFrame = 0x42,
  kIpv6MartianSource = 0x43,
  kIpv6MartianDestination = 0x44,
  kIpv6MulticastNotRouted = 0x45,
  kIpv6L2MulticastNotRouted = 0x46,
  kIpv6ScopeNotRouted = 0x47,
  kIpv6NoRoute = 0x48,
  kIpv6NoNeighbour = 0x49,
  kIpv6HopLimitExpired = 0x4a,
  kIcmpv6Truncated = 0x4b,
  kIcmpv6BadChecksum = 0x4c,
  kFwInvalid = 0x60,
  kFwNewNotAllowed = 0x61,
  kFwTableFull = 0x62,
  kFwBusy = 0x63,  // the engine's lookup admitted no more events of the connection; never predicted
  kFragNoFirst = 0x70,
  kFragFirstDropped = 0x71,
  kFragTableFull = 0x72,
  kRunt = static_cast<std::uint8_t>(abi::DropReason::kRunt),
  kOversize = static_cast<std::uint8_t>(abi::DropReason::kOversize),
  kTuserError = static_cast<std::uint8_t>(abi::DropReason::kTuserError),
};

std::string_view name(Action a);
std::string_view name(ReplyKind r);
std::string_view name(Drop d);  // "" for a code that is not a reason
// Every reason the golden model can give, in code order.
const std::vector<Drop>& all_drop_reasons();

// Readable test output ("drop", "0x25 ipv4_bad_checksum").
std::ostream& operator<<(std::ostream& os, Action a);
std::ostream& operator<<(std::ostream& os, ReplyKind r);
std::ostream& operator<<(std::ostream& os, Drop d);

struct Packet {
  std::vector<std::uint8_t> frame;
  std::uint8_t port = 0;  // 0..15
  bool tuser_error = false;
  std::uint64_t time = 0;  // arrival, engine cycles: the firewall's clock (section 12.6)
};

struct Verdict {
  Action action = Action::kDrop;
  std::uint8_t port = 0;            // egress port (forward, reply) or ingress port (to host)
  std::vector<std::uint8_t> frame;  // the output frame; empty for drops
  Drop reason = Drop::kNone;
  ReplyKind reply = ReplyKind::kNone;
};

struct PortCounters {
  std::uint64_t rx = 0;
  std::uint64_t tx = 0;
};

struct Counters {
  std::uint64_t rx = 0;
  std::uint64_t forwarded = 0;
  std::uint64_t replies = 0;
  std::uint64_t to_host = 0;
  std::uint64_t dropped = 0;
  std::array<std::uint64_t, kReplyKinds> reply{};  // by ReplyKind
  std::array<std::uint64_t, 256> drop{};           // by code
  std::array<PortCounters, 16> port{};

  [[nodiscard]] std::uint64_t drops(Drop d) const { return drop[static_cast<std::uint8_t>(d)]; }
  [[nodiscard]] std::uint64_t replies_of(ReplyKind r) const {
    return reply[static_cast<std::size_t>(r)];
  }
  // The names of section 7; zero drop counters are included so the set of keys is fixed.
  [[nodiscard]] nlohmann::json to_json() const;
  // Empty when the invariants of section 7 hold, else a description of the first violation.
  [[nodiscard]] std::string check_invariants() const;
};

class Firewall;

class Router {
 public:
  explicit Router(Config config);
  ~Router();
  Router(const Router& other);  // copies the firewall's state too
  Router& operator=(const Router& other);
  Router(Router&&) noexcept;
  Router& operator=(Router&&) noexcept;
  Verdict process(const Packet& packet);
  [[nodiscard]] const Counters& counters() const { return counters_; }
  [[nodiscard]] const Config& config() const { return config_; }
  // The firewall of section 12, or nullptr when the configuration leaves it off.
  [[nodiscard]] Firewall* firewall() { return firewall_.get(); }

 private:
  Config config_;
  Counters counters_;
  std::unique_ptr<Firewall> firewall_;
};

}  // namespace baton::golden
