// SPDX-License-Identifier: Apache-2.0
// Names of actions, reply kinds and drop reasons (docs/feature-set.md sections 7 and 9), and the
// counter report.
#include <fmt/format.h>

#include "baton/golden/router.hpp"

namespace baton::golden {

namespace {
struct ReasonName {
  Drop reason;
  std::string_view name;
};
constexpr ReasonName kReasons[] = {
    {Drop::kPortUnconfigured, "port_unconfigured"},
    {Drop::kL2NotForUs, "l2_not_for_us"},
    {Drop::kL2Truncated, "l2_truncated"},
    {Drop::kL2TooManyTags, "l2_too_many_tags"},
    {Drop::kL2UnsupportedEthertype, "l2_unsupported_ethertype"},
    {Drop::kArpMalformed, "arp_malformed"},
    {Drop::kArpNotForUs, "arp_not_for_us"},
    {Drop::kArpBadOpcode, "arp_bad_opcode"},
    {Drop::kIpv4Truncated, "ipv4_truncated"},
    {Drop::kIpv4BadVersion, "ipv4_bad_version"},
    {Drop::kIpv4BadIhl, "ipv4_bad_ihl"},
    {Drop::kIpv4BadTotalLength, "ipv4_bad_total_length"},
    {Drop::kIpv4LengthBeyondFrame, "ipv4_length_beyond_frame"},
    {Drop::kIpv4BadChecksum, "ipv4_bad_checksum"},
    {Drop::kIpv4MartianSource, "ipv4_martian_source"},
    {Drop::kIpv4MartianDestination, "ipv4_martian_destination"},
    {Drop::kIpv4MulticastNotRouted, "ipv4_multicast_not_routed"},
    {Drop::kIpv4L2MulticastNotRouted, "ipv4_l2_multicast_not_routed"},
    {Drop::kIpv4NoRoute, "ipv4_no_route"},
    {Drop::kIpv4NoNeighbour, "ipv4_no_neighbour"},
    {Drop::kIpv4TtlExpired, "ipv4_ttl_expired"},
    {Drop::kIcmpTruncated, "icmp_truncated"},
    {Drop::kIcmpBadChecksum, "icmp_bad_checksum"},
    {Drop::kIpv6Truncated, "ipv6_truncated"},
    {Drop::kIpv6BadVersion, "ipv6_bad_version"},
    {Drop::kIpv6LengthBeyondFrame, "ipv6_length_beyond_frame"},
    {Drop::kIpv6MartianSource, "ipv6_martian_source"},
    {Drop::kIpv6MartianDestination, "ipv6_martian_destination"},
    {Drop::kIpv6MulticastNotRouted, "ipv6_multicast_not_routed"},
    {Drop::kIpv6L2MulticastNotRouted, "ipv6_l2_multicast_not_routed"},
    {Drop::kIpv6ScopeNotRouted, "ipv6_scope_not_routed"},
    {Drop::kIpv6NoRoute, "ipv6_no_route"},
    {Drop::kIpv6NoNeighbour, "ipv6_no_neighbour"},
    {Drop::kIpv6HopLimitExpired, "ipv6_hop_limit_expired"},
    {Drop::kIcmpv6Truncated, "icmpv6_truncated"},
    {Drop::kIcmpv6BadChecksum, "icmpv6_bad_checksum"},
    {Drop::kFwInvalid, "fw_invalid"},
    {Drop::kFwNewNotAllowed, "fw_new_not_allowed"},
    {Drop::kFwTableFull, "fw_table_full"},
    {Drop::kFwBusy, "fw_busy"},
    {Drop::kFragNoFirst, "frag_no_first"},
    {Drop::kFragFirstDropped, "frag_first_dropped"},
    {Drop::kFragTableFull, "frag_table_full"},
    {Drop::kRunt, "runt"},
    {Drop::kOversize, "oversize"},
    {Drop::kTuserError, "tuser_error"},
};
constexpr std::string_view kReplyNames[kReplyKinds] = {"none",
                                                       "arp_reply",
                                                       "icmp4_echo_reply",
                                                       "icmp4_time_exceeded",
                                                       "icmp6_echo_reply",
                                                       "icmp6_time_exceeded"};
}  // namespace

std::string_view name(Action a) {
  switch (a) {
    case Action::kForward:
      return "forward";
    case Action::kReply:
      return "reply";
    case Action::kToHost:
      return "to_host";
    case Action::kDrop:
      return "drop";
  }
  return "?";
}

std::string_view name(ReplyKind r) {
  const auto i = static_cast<std::size_t>(r);
  return i < kReplyKinds ? kReplyNames[i] : "?";
}

std::string_view name(Drop d) {
  for (const auto& r : kReasons) {
    if (r.reason == d) return r.name;
  }
  return "";
}

const std::vector<Drop>& all_drop_reasons() {
  static const std::vector<Drop> all = [] {
    std::vector<Drop> v;
    for (const auto& r : kReasons) v.push_back(r.reason);
    return v;
  }();
  return all;
}

std::ostream& operator<<(std::ostream& os, Action a) { return os << name(a); }
std::ostream& operator<<(std::ostream& os, ReplyKind r) { return os << name(r); }
std::ostream& operator<<(std::ostream& os, Drop d) {
  return os << fmt::format("0x{:02x} {}", static_cast<unsigned>(d), name(d));
}

nlohmann::json Counters::to_json() const {
  nlohmann::json j;
  j["rx"] = rx;
  j["forwarded"] = forwarded;
  j["replies"] = replies;
  j["to_host"] = to_host;
  j["dropped"] = dropped;
  for (std::size_t k = 1; k < kReplyKinds; ++k) j[std::string(kReplyNames[k])] = reply[k];
  nlohmann::json d = nlohmann::json::object();
  for (const auto& r : kReasons) d[std::string(r.name)] = drop[static_cast<std::uint8_t>(r.reason)];
  j["drop"] = d;
  nlohmann::json ports = nlohmann::json::array();
  for (std::size_t p = 0; p < port.size(); ++p)
    ports.push_back({{"rx", port[p].rx}, {"tx", port[p].tx}});
  j["port"] = ports;
  return j;
}

std::string Counters::check_invariants() const {
  if (rx != forwarded + replies + to_host + dropped) {
    return fmt::format("rx {} != forwarded {} + replies {} + to_host {} + dropped {}", rx,
                       forwarded, replies, to_host, dropped);
  }
  std::uint64_t r = 0;
  for (std::size_t k = 1; k < kReplyKinds; ++k) r += reply[k];
  if (r != replies || reply[0] != 0)
    return fmt::format("replies {} != sum of reply kinds {}", replies, r);
  std::uint64_t d = 0;
  for (auto x : drop) d += x;
  if (d != dropped) return fmt::format("dropped {} != sum of drop reasons {}", dropped, d);
  if (drop[0] != 0) return "drops counted without a reason";
  std::uint64_t prx = 0;
  std::uint64_t ptx = 0;
  for (const auto& p : port) {
    prx += p.rx;
    ptx += p.tx;
  }
  if (prx != rx) return fmt::format("sum of port rx {} != rx {}", prx, rx);
  if (ptx != forwarded + replies)
    return fmt::format("sum of port tx {} != forwarded + replies {}", ptx, forwarded + replies);
  return {};
}

}  // namespace baton::golden
