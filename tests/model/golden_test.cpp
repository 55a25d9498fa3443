// SPDX-License-Identifier: Apache-2.0
// Directed tests of the golden model, one or more per rule of docs/feature-set.md section 3 and
// one per drop reason of section 9. Expected output frames are built independently with the
// tb/net packet builder (which recomputes every checksum from scratch), never taken from the
// model.
#include <gtest/gtest.h>

#include <functional>
#include <set>

#include "baton/golden/config.hpp"
#include "baton/golden/router.hpp"
#include "baton/net/builder.hpp"
#include "baton/net/checksum.hpp"
#include "baton/net/parser.hpp"
#include "baton/records.hpp"
#include "model_util.hpp"

namespace {

using namespace baton::net;
namespace golden = baton::golden;
using baton::model_test::kDirectedConfig;
using golden::Action;
using golden::Drop;
using golden::ReplyKind;

const Mac kPort0 = mac("02:00:00:00:00:01");
const Mac kPort1 = mac("02:00:00:00:00:02");
const Mac kPort2 = mac("02:00:00:00:00:03");
const Mac kPort3 = mac("02:00:00:00:00:04");
const Mac kHost = mac("02:aa:00:00:00:01");
const Mac kBcast = mac("ff:ff:ff:ff:ff:ff");
const Mac kNbr1 = mac("02:00:00:00:01:fe");  // 198.51.100.254, 2001:db8:1::fe
const Mac kNbr0 = mac("02:00:00:00:00:fe");  // 192.0.2.254
const Mac kNbr2 = mac("02:00:00:00:02:fe");  // 2001:db8:2::fe
const Ip4 kR0 = ip4("192.0.2.1");
const Ip4 kSrc = ip4("192.0.2.50");
const Ip6 kR0v6 = ip6("2001:db8:1::1");
const Ip6 kSrc6 = ip6("2001:db8:1::50");

golden::Router router() { return golden::Router(golden::parse_config(kDirectedConfig)); }

golden::Verdict run(const Bytes& f, std::uint8_t port = 0, bool tuser = false) {
  auto r = router();
  return r.process({f, port, tuser});
}

std::string show(const golden::Verdict& v) {
  return fmt::format("{} port {} reason 0x{:02x} {} reply {} frame {}", golden::name(v.action),
                     v.port, static_cast<unsigned>(v.reason), golden::name(v.reason),
                     golden::name(v.reply), hex(v.frame));
}

// A UDP packet from the port-0 host towards `dst`.
Bytes udp4(const Ip4& dst, std::uint8_t ttl = 64, const Mac& eth_dst = kPort0) {
  return PacketBuilder()
      .eth(eth_dst, kHost)
      .ipv4({.src = kSrc, .dst = dst, .ttl = ttl, .id = 0x4242})
      .udp({.sport = 1234, .dport = 5678})
      .payload(18, 0x33)
      .pad_to(60)
      .build();
}
Bytes udp6(const Ip6& dst, std::uint8_t hops = 64, const Mac& eth_dst = kPort0,
           const Ip6& src = kSrc6) {
  return PacketBuilder()
      .eth(eth_dst, kHost)
      .ipv6({.src = src, .dst = dst, .hop_limit = hops})
      .udp({.sport = 1234, .dport = 5678})
      .payload(12, 0x44)
      .build();
}

// ---- One table row per verdict kind and per drop reason -------------------------------------

struct Case {
  const char* name;
  std::function<Bytes()> frame;
  std::uint8_t port;
  bool tuser;
  Action action;
  Drop reason;      // for drops
  ReplyKind reply;  // for replies
  std::uint8_t out_port;
  friend void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }
};

Case drop_case(const char* n, std::function<Bytes()> f, Drop d, std::uint8_t port = 0,
               bool tuser = false) {
  return {n, std::move(f), port, tuser, Action::kDrop, d, ReplyKind::kNone, port};
}

std::vector<Case> cases() {
  std::vector<Case> c;
  // 3.1 hardware
  c.push_back(drop_case(
      "tuser", [] { return udp4(ip4("203.0.113.5")); }, Drop::kTuserError, 0, true));
  c.push_back(drop_case(
      "oversize",
      [] {
        Bytes f = udp4(ip4("203.0.113.5"));
        f.resize(1523);
        return f;
      },
      Drop::kOversize));
  c.push_back(drop_case(
      "runt",
      [] {
        Bytes f = udp4(ip4("203.0.113.5"));
        f.resize(59);
        return f;
      },
      Drop::kRunt));
  // 3.2 L2
  c.push_back(drop_case(
      "port_unconfigured", [] { return udp4(ip4("203.0.113.5")); }, Drop::kPortUnconfigured, 5));
  c.push_back(drop_case(
      "l2_not_for_us", [] { return udp4(ip4("203.0.113.5"), 64, kPort1); }, Drop::kL2NotForUs));
  c.push_back(drop_case(
      "l2_too_many_tags",
      [] {
        return PacketBuilder()
            .eth(kPort0, kHost)
            .vlan(1)
            .vlan(2)
            .vlan(3)
            .ipv4({.src = kSrc, .dst = kR0})
            .pad_to(60)
            .build();
      },
      Drop::kL2TooManyTags));
  c.push_back(drop_case(
      "l2_unsupported_ethertype",
      [] { return PacketBuilder().eth(kPort0, kHost, 0x88cc).payload(46, 0).build(); },
      Drop::kL2UnsupportedEthertype));
  c.push_back(drop_case(
      "l2_llc_length_field",
      [] { return PacketBuilder().eth(kBcast, kHost, 0x0026).payload(46, 0).build(); },
      Drop::kL2UnsupportedEthertype));
  // 3.3 ARP
  c.push_back({"arp_request_for_port_address",
               [] {
                 return PacketBuilder()
                     .eth(kBcast, kHost)
                     .arp({.op = 1, .sha = kHost, .spa = kSrc, .tpa = kR0})
                     .pad_to(60)
                     .build();
               },
               0, false, Action::kReply, Drop::kNone, ReplyKind::kArpReply, 0});
  c.push_back({"arp_reply_to_router_goes_to_host",
               [] {
                 return PacketBuilder()
                     .eth(kPort0, kHost)
                     .arp({.op = 2, .sha = kHost, .spa = kSrc, .tha = kPort0, .tpa = kR0})
                     .pad_to(60)
                     .build();
               },
               0, false, Action::kToHost, Drop::kNone, ReplyKind::kNone, 0});
  c.push_back(drop_case(
      "arp_malformed_hlen",
      [] {
        Bytes f = PacketBuilder().eth(kBcast, kHost).arp({.op = 1, .tpa = kR0}).pad_to(60).build();
        f[14 + 4] = 7;
        return f;
      },
      Drop::kArpMalformed));
  c.push_back(drop_case(
      "arp_malformed_htype",
      [] {
        return PacketBuilder()
            .eth(kBcast, kHost)
            .arp({.op = 1, .tpa = kR0, .htype = 6})
            .pad_to(60)
            .build();
      },
      Drop::kArpMalformed));
  c.push_back(drop_case(
      "arp_malformed_ptype",
      [] {
        return PacketBuilder()
            .eth(kBcast, kHost)
            .arp({.op = 1, .tpa = kR0, .ptype = 0x86dd})
            .pad_to(60)
            .build();
      },
      Drop::kArpMalformed));
  c.push_back(drop_case(
      "arp_request_other_port_address",
      [] {
        // 198.51.100.1 belongs to port 1: no proxy ARP on port 0.
        return PacketBuilder()
            .eth(kBcast, kHost)
            .arp({.op = 1, .sha = kHost, .spa = kSrc, .tpa = ip4("198.51.100.1")})
            .pad_to(60)
            .build();
      },
      Drop::kArpNotForUs));
  c.push_back(drop_case(
      "arp_reply_not_for_us",
      [] {
        return PacketBuilder()
            .eth(kBcast, kHost)
            .arp({.op = 2, .sha = kHost, .spa = kSrc, .tpa = ip4("192.0.2.77")})
            .pad_to(60)
            .build();
      },
      Drop::kArpNotForUs));
  c.push_back(drop_case(
      "arp_bad_opcode",
      [] {
        return PacketBuilder()
            .eth(kBcast, kHost)
            .arp({.op = 3, .sha = kHost, .spa = kSrc, .tpa = kR0})
            .pad_to(60)
            .build();
      },
      Drop::kArpBadOpcode));
  // 3.4 IPv4 validation
  // ipv4_truncated, ipv6_truncated and l2_truncated need frames below 60 bytes: see below.
  c.push_back(drop_case(
      "ipv4_bad_version",
      [] {
        return PacketBuilder()
            .eth(kPort0, kHost)
            .ipv4({.src = kSrc, .dst = kR0, .version = 5})
            .pad_to(60)
            .build();
      },
      Drop::kIpv4BadVersion));
  c.push_back(drop_case(
      "ipv4_bad_ihl",
      [] {
        return PacketBuilder()
            .eth(kPort0, kHost)
            .ipv4({.src = kSrc, .dst = kR0, .ihl = 4})
            .pad_to(60)
            .build();
      },
      Drop::kIpv4BadIhl));
  c.push_back(drop_case(
      "ipv4_bad_total_length",
      [] {
        return PacketBuilder()
            .eth(kPort0, kHost)
            .ipv4({.src = kSrc, .dst = kR0, .total_length = 19})
            .pad_to(60)
            .build();
      },
      Drop::kIpv4BadTotalLength));
  c.push_back(drop_case(
      "ipv4_total_length_below_options",
      [] {
        return PacketBuilder()
            .eth(kPort0, kHost)
            .ipv4({.src = kSrc, .dst = kR0, .options = Bytes(8, 1), .total_length = 24})
            .pad_to(60)
            .build();
      },
      Drop::kIpv4BadTotalLength));
  c.push_back(drop_case(
      "ipv4_length_beyond_frame",
      [] {
        // 46 L3 bytes in a 60-byte frame (padding counts): 47 is one too many.
        return PacketBuilder()
            .eth(kPort0, kHost)
            .ipv4({.src = kSrc, .dst = kR0, .total_length = 47})
            .pad_to(60)
            .build();
      },
      Drop::kIpv4LengthBeyondFrame));
  c.push_back(drop_case(
      "ipv4_bad_checksum",
      [] {
        return PacketBuilder()
            .eth(kPort0, kHost)
            .ipv4({.src = kSrc, .dst = ip4("203.0.113.5"), .checksum = 0x1234})
            .pad_to(60)
            .build();
      },
      Drop::kIpv4BadChecksum));
  // 3.4 IPv4 classification
  for (const char* s : {"0.1.2.3", "127.0.0.1", "224.0.0.5", "240.0.0.1", "255.255.255.255"}) {
    c.push_back(drop_case(
        "ipv4_martian_source",
        [s] {
          return PacketBuilder()
              .eth(kPort0, kHost)
              .ipv4({.src = ip4(s), .dst = ip4("203.0.113.5")})
              .pad_to(60)
              .build();
        },
        Drop::kIpv4MartianSource));
  }
  c.push_back({"ipv4_udp_to_router_goes_to_host", [] { return udp4(kR0); }, 0, false,
               Action::kToHost, Drop::kNone, ReplyKind::kNone, 0});
  c.push_back({"ipv4_to_other_ports_address_goes_to_host", [] { return udp4(ip4("198.51.100.1")); },
               0, false, Action::kToHost, Drop::kNone, ReplyKind::kNone, 0});
  c.push_back({"ipv4_limited_broadcast_goes_to_host",
               [] { return udp4(ip4("255.255.255.255"), 1, kBcast); }, 0, false, Action::kToHost,
               Drop::kNone, ReplyKind::kNone, 0});
  c.push_back({"ipv4_local_control_multicast_goes_to_host",
               [] { return udp4(ip4("224.0.0.9"), 1, mac("01:00:5e:00:00:09")); }, 0, false,
               Action::kToHost, Drop::kNone, ReplyKind::kNone, 0});
  c.push_back(drop_case(
      "ipv4_multicast_not_routed",
      [] { return udp4(ip4("239.1.2.3"), 9, mac("01:00:5e:01:02:03")); },
      Drop::kIpv4MulticastNotRouted));
  for (const char* d : {"0.0.0.7", "127.1.2.3", "240.0.0.1", "255.255.255.254"}) {
    c.push_back(drop_case(
        "ipv4_martian_destination", [d] { return udp4(ip4(d)); }, Drop::kIpv4MartianDestination));
  }
  c.push_back(drop_case(
      "ipv4_l2_multicast_not_routed", [] { return udp4(ip4("203.0.113.5"), 64, kBcast); },
      Drop::kIpv4L2MulticastNotRouted));
  c.push_back(drop_case(
      "ipv4_no_route", [] { return udp4(ip4("8.8.8.8")); }, Drop::kIpv4NoRoute));
  c.push_back(drop_case(
      "ipv4_no_route_even_with_ttl_1", [] { return udp4(ip4("8.8.8.8"), 1); }, Drop::kIpv4NoRoute));
  c.push_back(drop_case(
      "ipv4_no_neighbour", [] { return udp4(ip4("10.99.1.1")); }, Drop::kIpv4NoNeighbour));
  c.push_back(drop_case(
      "ipv4_no_neighbour_connected", [] { return udp4(ip4("192.0.2.11")); },
      Drop::kIpv4NoNeighbour));
  c.push_back({"ipv4_forward", [] { return udp4(ip4("203.0.113.5")); }, 0, false, Action::kForward,
               Drop::kNone, ReplyKind::kNone, 1});
  c.push_back({"ipv4_forward_lpm_longer_prefix",
               [] { return udp4(ip4("203.0.113.200"), 64, kPort1); }, 1, false, Action::kForward,
               Drop::kNone, ReplyKind::kNone, 0});
  c.push_back({"ipv4_forward_connected_hairpin", [] { return udp4(ip4("192.0.2.10")); }, 0, false,
               Action::kForward, Drop::kNone, ReplyKind::kNone, 0});
  c.push_back({"ipv4_forward_ttl_2", [] { return udp4(ip4("203.0.113.5"), 2); }, 0, false,
               Action::kForward, Drop::kNone, ReplyKind::kNone, 1});
  c.push_back({"ipv4_ttl_1_time_exceeded", [] { return udp4(ip4("203.0.113.5"), 1); }, 0, false,
               Action::kReply, Drop::kNone, ReplyKind::kIcmp4TimeExceeded, 0});
  c.push_back({"ipv4_ttl_0_time_exceeded", [] { return udp4(ip4("203.0.113.5"), 0); }, 0, false,
               Action::kReply, Drop::kNone, ReplyKind::kIcmp4TimeExceeded, 0});
  c.push_back(drop_case(
      "ipv4_ttl_expired_no_port_address", [] { return udp4(ip4("203.0.113.5"), 1, kPort2); },
      Drop::kIpv4TtlExpired, 2));
  c.push_back(drop_case(
      "ipv4_ttl_expired_later_fragment",
      [] {
        return PacketBuilder()
            .eth(kPort0, kHost)
            .ipv4({.src = kSrc,
                   .dst = ip4("203.0.113.5"),
                   .ttl = 1,
                   .frag_offset = 3,
                   .proto = ipproto::kUdp})
            .payload(30, 0)
            .build();
      },
      Drop::kIpv4TtlExpired));
  c.push_back({"ipv4_ttl_1_first_fragment_time_exceeded",
               [] {
                 return PacketBuilder()
                     .eth(kPort0, kHost)
                     .ipv4({.src = kSrc, .dst = ip4("203.0.113.5"), .ttl = 1, .mf = true})
                     .udp({.sport = 1, .dport = 2})
                     .payload(30, 0)
                     .build();
               },
               0, false, Action::kReply, Drop::kNone, ReplyKind::kIcmp4TimeExceeded, 0});
  for (std::uint8_t t : {3, 4, 5, 11, 12}) {
    c.push_back(drop_case(
        "ipv4_ttl_expired_icmp_error",
        [t] {
          return PacketBuilder()
              .eth(kPort0, kHost)
              .ipv4({.src = kSrc, .dst = ip4("203.0.113.5"), .ttl = 1})
              .icmp({.type = t})
              .payload(28, 0)
              .build();
        },
        Drop::kIpv4TtlExpired));
  }
  c.push_back({"ipv4_ttl_1_icmp_echo_gets_time_exceeded",
               [] {
                 return PacketBuilder()
                     .eth(kPort0, kHost)
                     .ipv4({.src = kSrc, .dst = ip4("203.0.113.5"), .ttl = 1})
                     .icmp({.type = 8})
                     .payload(28, 0)
                     .build();
               },
               0, false, Action::kReply, Drop::kNone, ReplyKind::kIcmp4TimeExceeded, 0});
  c.push_back(
      {"ipv4_ttl_1_icmp_without_type_byte",
       [] {
         return PacketBuilder()
             .eth(kPort0, kHost)
             .ipv4({.src = kSrc, .dst = ip4("203.0.113.5"), .ttl = 1, .proto = ipproto::kIcmp})
             .pad_to(60)
             .build();
       },
       0, false, Action::kReply, Drop::kNone, ReplyKind::kIcmp4TimeExceeded, 0});
  // 3.5.1 local IPv4
  c.push_back({"icmp_echo_request",
               [] {
                 return PacketBuilder()
                     .eth(kPort0, kHost)
                     .ipv4({.src = kSrc, .dst = kR0})
                     .icmp({.type = 8, .rest = 0x12340001})
                     .payload(32, 0x61)
                     .build();
               },
               0, false, Action::kReply, Drop::kNone, ReplyKind::kIcmp4EchoReply, 0});
  c.push_back({"icmp_echo_request_ttl_1_to_router",
               [] {
                 return PacketBuilder()
                     .eth(kPort0, kHost)
                     .ipv4({.src = kSrc, .dst = kR0, .ttl = 1})
                     .icmp({.type = 8})
                     .payload(32, 0x61)
                     .build();
               },
               0, false, Action::kReply, Drop::kNone, ReplyKind::kIcmp4EchoReply, 0});
  c.push_back(drop_case(
      "icmp_truncated",
      [] {
        return PacketBuilder()
            .eth(kPort0, kHost)
            .ipv4({.src = kSrc, .dst = kR0, .proto = ipproto::kIcmp})
            .payload(Bytes{8, 0, 0xf7, 0xff, 0, 0, 0})
            .pad_to(60)
            .build();
      },
      Drop::kIcmpTruncated));
  c.push_back(drop_case(
      "icmp_bad_checksum",
      [] {
        return PacketBuilder()
            .eth(kPort0, kHost)
            .ipv4({.src = kSrc, .dst = kR0})
            .icmp({.type = 8, .checksum = 0xbeef})
            .payload(32, 0x61)
            .build();
      },
      Drop::kIcmpBadChecksum));
  c.push_back({"icmp_echo_code_1_goes_to_host",
               [] {
                 return PacketBuilder()
                     .eth(kPort0, kHost)
                     .ipv4({.src = kSrc, .dst = kR0})
                     .icmp({.type = 8, .code = 1})
                     .payload(32, 0x61)
                     .build();
               },
               0, false, Action::kToHost, Drop::kNone, ReplyKind::kNone, 0});
  c.push_back({"icmp_other_type_goes_to_host",
               [] {
                 return PacketBuilder()
                     .eth(kPort0, kHost)
                     .ipv4({.src = kSrc, .dst = kR0})
                     .icmp({.type = 13})
                     .payload(12, 0)
                     .pad_to(60)
                     .build();
               },
               0, false, Action::kToHost, Drop::kNone, ReplyKind::kNone, 0});
  c.push_back({"icmp_echo_fragment_goes_to_host",
               [] {
                 return PacketBuilder()
                     .eth(kPort0, kHost)
                     .ipv4({.src = kSrc, .dst = kR0, .mf = true})
                     .icmp({.type = 8})
                     .payload(32, 0x61)
                     .build();
               },
               0, false, Action::kToHost, Drop::kNone, ReplyKind::kNone, 0});
  c.push_back({"icmp_bad_checksum_non_echo_goes_to_host",
               [] {
                 return PacketBuilder()
                     .eth(kPort0, kHost)
                     .ipv4({.src = kSrc, .dst = kR0})
                     .icmp({.type = 0, .checksum = 0xbeef})
                     .payload(32, 0x61)
                     .build();
               },
               0, false, Action::kToHost, Drop::kNone, ReplyKind::kNone, 0});
  // 3.6 IPv6
  c.push_back(drop_case(
      "ipv6_bad_version",
      [] {
        return PacketBuilder()
            .eth(kPort0, kHost)
            .ipv6({.src = kSrc6, .dst = kR0v6, .version = 4})
            .payload(8, 0)
            .build();
      },
      Drop::kIpv6BadVersion));
  c.push_back(drop_case(
      "ipv6_length_beyond_frame",
      [] {
        return PacketBuilder()
            .eth(kPort0, kHost)
            .ipv6({.src = kSrc6, .dst = kR0v6, .payload_length = 9})
            .payload(8, 0)
            .build();
      },
      Drop::kIpv6LengthBeyondFrame));
  for (const char* s : {"ff02::1", "::1"}) {
    c.push_back(drop_case(
        "ipv6_martian_source", [s] { return udp6(ip6("2001:db8:100::5"), 64, kPort0, ip6(s)); },
        Drop::kIpv6MartianSource));
  }
  c.push_back({"ipv6_udp_to_router_goes_to_host", [] { return udp6(kR0v6); }, 0, false,
               Action::kToHost, Drop::kNone, ReplyKind::kNone, 0});
  c.push_back({"ipv6_to_link_local_router_address_goes_to_host",
               [] { return udp6(ip6("fe80::1"), 255, kPort0, ip6("fe80::99")); }, 0, false,
               Action::kToHost, Drop::kNone, ReplyKind::kNone, 0});
  c.push_back({"ipv6_nd_solicitation_to_multicast_goes_to_host",
               [] {
                 return PacketBuilder()
                     .eth(mac("33:33:ff:00:00:01"), kHost)
                     .ipv6({.src = kSrc6, .dst = ip6("ff02::1:ff00:1"), .hop_limit = 255})
                     .icmpv6({.type = 135})
                     .payload(Bytes(kR0v6.begin(), kR0v6.end()))
                     .build();
               },
               0, false, Action::kToHost, Drop::kNone, ReplyKind::kNone, 0});
  c.push_back({"ipv6_unspecified_source_dad_goes_to_host",
               [] {
                 return PacketBuilder()
                     .eth(mac("33:33:ff:00:00:01"), kHost)
                     .ipv6({.src = Ip6{}, .dst = ip6("ff02::1:ff00:1"), .hop_limit = 255})
                     .icmpv6({.type = 135})
                     .payload(16, 0)
                     .build();
               },
               0, false, Action::kToHost, Drop::kNone, ReplyKind::kNone, 0});
  c.push_back(drop_case(
      "ipv6_multicast_not_routed",
      [] { return udp6(ip6("ff0e::1"), 64, mac("33:33:00:00:00:01")); },
      Drop::kIpv6MulticastNotRouted));
  c.push_back(drop_case(
      "ipv6_multicast_site_scope_not_routed",
      [] { return udp6(ip6("ff05::2"), 64, mac("33:33:00:00:00:02")); },
      Drop::kIpv6MulticastNotRouted));
  for (const char* d : {"::", "::1"}) {
    c.push_back(drop_case(
        "ipv6_martian_destination", [d] { return udp6(ip6(d)); }, Drop::kIpv6MartianDestination));
  }
  c.push_back(drop_case(
      "ipv6_l2_multicast_not_routed", [] { return udp6(ip6("2001:db8:100::5"), 64, kBcast); },
      Drop::kIpv6L2MulticastNotRouted));
  c.push_back(drop_case(
      "ipv6_scope_unspecified_source",
      [] { return udp6(ip6("2001:db8:100::5"), 64, kPort0, Ip6{}); }, Drop::kIpv6ScopeNotRouted));
  c.push_back(drop_case(
      "ipv6_scope_link_local_source",
      [] { return udp6(ip6("2001:db8:100::5"), 64, kPort0, ip6("fe80::99")); },
      Drop::kIpv6ScopeNotRouted));
  c.push_back(drop_case(
      "ipv6_scope_link_local_destination", [] { return udp6(ip6("fe80::99")); },
      Drop::kIpv6ScopeNotRouted));
  c.push_back(drop_case(
      "ipv6_no_route", [] { return udp6(ip6("2001:db8:777::1")); }, Drop::kIpv6NoRoute));
  c.push_back(drop_case(
      "ipv6_no_neighbour", [] { return udp6(ip6("2001:db8:999::1")); }, Drop::kIpv6NoNeighbour));
  c.push_back(drop_case(
      "ipv6_no_neighbour_connected", [] { return udp6(ip6("2001:db8:1::11")); },
      Drop::kIpv6NoNeighbour));
  c.push_back({"ipv6_forward", [] { return udp6(ip6("2001:db8:100::5")); }, 0, false,
               Action::kForward, Drop::kNone, ReplyKind::kNone, 1});
  c.push_back({"ipv6_forward_lpm_longer_prefix",
               [] { return udp6(ip6("2001:db8:100:8000::5"), 64, kPort1); }, 1, false,
               Action::kForward, Drop::kNone, ReplyKind::kNone, 0});
  c.push_back({"ipv6_forward_connected", [] { return udp6(ip6("2001:db8:1::10")); }, 0, false,
               Action::kForward, Drop::kNone, ReplyKind::kNone, 0});
  c.push_back({"ipv6_forward_fragment",
               [] {
                 return PacketBuilder()
                     .eth(kPort0, kHost)
                     .ipv6({.src = kSrc6, .dst = ip6("2001:db8:100::5")})
                     .ipv6_frag({.offset = 5, .ident = 9, .next_header = ipproto::kUdp})
                     .payload(16, 0)
                     .build();
               },
               0, false, Action::kForward, Drop::kNone, ReplyKind::kNone, 1});
  c.push_back({"ipv6_hop_1_time_exceeded", [] { return udp6(ip6("2001:db8:100::5"), 1); }, 0, false,
               Action::kReply, Drop::kNone, ReplyKind::kIcmp6TimeExceeded, 0});
  c.push_back({"ipv6_hop_0_time_exceeded", [] { return udp6(ip6("2001:db8:100::5"), 0); }, 0, false,
               Action::kReply, Drop::kNone, ReplyKind::kIcmp6TimeExceeded, 0});
  c.push_back(drop_case(
      "ipv6_hop_limit_expired_no_port_address",
      [] { return udp6(ip6("2001:db8:100::5"), 1, kPort2); }, Drop::kIpv6HopLimitExpired, 2));
  c.push_back(drop_case(
      "ipv6_hop_limit_expired_icmpv6_error",
      [] {
        return PacketBuilder()
            .eth(kPort0, kHost)
            .ipv6({.src = kSrc6, .dst = ip6("2001:db8:100::5"), .hop_limit = 1})
            .icmpv6({.type = 1})
            .payload(48, 0)
            .build();
      },
      Drop::kIpv6HopLimitExpired));
  c.push_back({"ipv6_hop_1_icmpv6_echo_gets_time_exceeded",
               [] {
                 return PacketBuilder()
                     .eth(kPort0, kHost)
                     .ipv6({.src = kSrc6, .dst = ip6("2001:db8:100::5"), .hop_limit = 1})
                     .icmpv6({.type = 128})
                     .payload(8, 0)
                     .build();
               },
               0, false, Action::kReply, Drop::kNone, ReplyKind::kIcmp6TimeExceeded, 0});
  // 3.5.3 local IPv6
  c.push_back({"icmpv6_echo_request",
               [] {
                 return PacketBuilder()
                     .eth(kPort0, kHost)
                     .ipv6({.src = kSrc6, .dst = kR0v6})
                     .icmpv6({.type = 128, .rest = 0x00070009})
                     .payload(56, 0x62)
                     .build();
               },
               0, false, Action::kReply, Drop::kNone, ReplyKind::kIcmp6EchoReply, 0});
  c.push_back(drop_case(
      "icmpv6_truncated",
      [] {
        return PacketBuilder()
            .eth(kPort0, kHost)
            .ipv6({.src = kSrc6, .dst = kR0v6, .next_header = ipproto::kIcmpv6})
            .payload(Bytes{128, 0, 0, 0, 0, 0, 0})
            .build();
      },
      Drop::kIcmpv6Truncated));
  c.push_back(drop_case(
      "icmpv6_bad_checksum",
      [] {
        return PacketBuilder()
            .eth(kPort0, kHost)
            .ipv6({.src = kSrc6, .dst = kR0v6})
            .icmpv6({.type = 128, .checksum = 0x1111})
            .payload(56, 0x62)
            .build();
      },
      Drop::kIcmpv6BadChecksum));
  c.push_back({"icmpv6_echo_behind_fragment_header_goes_to_host",
               [] {
                 return PacketBuilder()
                     .eth(kPort0, kHost)
                     .ipv6({.src = kSrc6, .dst = kR0v6})
                     .ipv6_frag({.more = true, .ident = 3})
                     .icmpv6({.type = 128})
                     .payload(8, 0)
                     .build();
               },
               0, false, Action::kToHost, Drop::kNone, ReplyKind::kNone, 0});
  return c;
}

class Directed : public ::testing::TestWithParam<Case> {};

TEST_P(Directed, Verdict) {
  const Case& c = GetParam();
  const Bytes f = c.frame();
  const golden::Verdict v = run(f, c.port, c.tuser);
  SCOPED_TRACE(fmt::format("case {}: in {} -> {}", c.name, hex(f), show(v)));
  ASSERT_EQ(v.action, c.action);
  if (c.action == Action::kDrop) {
    EXPECT_EQ(v.reason, c.reason);
    EXPECT_TRUE(v.frame.empty());
  } else {
    EXPECT_EQ(v.reason, Drop::kNone);
    EXPECT_EQ(v.port, c.out_port);
    EXPECT_FALSE(v.frame.empty());
  }
  if (c.action == Action::kReply) EXPECT_EQ(v.reply, c.reply);
  if (c.action == Action::kToHost) EXPECT_EQ(v.frame, f);
}

INSTANTIATE_TEST_SUITE_P(Rules, Directed, ::testing::ValuesIn(cases()),
                         [](const ::testing::TestParamInfo<Case>& i) {
                           return fmt::format("{}_{}", i.index, i.param.name);
                         });

// Every firmware reason of section 9 appears in the table (or in a dedicated test below).
TEST(DirectedCoverage, EveryDropReasonIsExercised) {
  std::set<Drop> covered = {Drop::kL2Truncated, Drop::kIpv4Truncated,
                            Drop::kIpv6Truncated};  // dedicated tests
  // Section 12's reasons: golden_firewall_test.cpp.
  covered.insert({Drop::kFwInvalid, Drop::kFwNewNotAllowed, Drop::kFwTableFull, Drop::kFragNoFirst,
                  Drop::kFragFirstDropped, Drop::kFragTableFull});
  covered.insert(Drop::kFwBusy);  // the engine's alone: fw_firewall_test.FwFirewall.BusyConnectionIsACountedDrop
  for (const auto& c : cases()) {
    if (c.action == Action::kDrop) covered.insert(c.reason);
  }
  for (const Drop d : golden::all_drop_reasons()) {
    EXPECT_TRUE(covered.count(d)) << "no directed test for " << golden::name(d);
  }
}

// ---- Truncation reasons need frames shorter than the default min_frame ------------------------

golden::Router small_frames_router() {
  auto cfg = golden::parse_config(kDirectedConfig);
  cfg.min_frame = 14;
  return golden::Router(cfg);
}

TEST(Directed, L2TruncatedTags) {
  auto r = small_frames_router();
  Bytes f =
      PacketBuilder().eth(kPort0, kHost).vlan(1).vlan(2).ipv4({.src = kSrc, .dst = kR0}).build();
  f.resize(14 + 4 + 3);  // inside the second tag
  EXPECT_EQ(r.process({f, 0, false}).reason, Drop::kL2Truncated);
  f.resize(14 + 1);  // inside the first tag's TCI
  EXPECT_EQ(r.process({f, 0, false}).reason, Drop::kL2Truncated);
  Bytes g =
      PacketBuilder().eth(kPort0, kHost).vlan(1).vlan(2).ipv4({.src = kSrc, .dst = kR0}).build();
  g.resize(14 + 4 + 4);  // both tags complete, 0 L3 bytes
  EXPECT_EQ(r.process({g, 0, false}).reason, Drop::kIpv4Truncated);
}

TEST(Directed, ArpShorterThan28Bytes) {
  auto r = small_frames_router();
  Bytes f = PacketBuilder()
                .eth(kBcast, kHost)
                .vlan(4)
                .arp({.op = 1, .sha = kHost, .spa = kSrc, .tpa = kR0})
                .build();
  EXPECT_EQ(r.process({f, 0, false}).action, Action::kReply);
  f.pop_back();
  EXPECT_EQ(r.process({f, 0, false}).reason, Drop::kArpMalformed);
}

TEST(Directed, Ipv4AndIpv6Truncated) {
  auto r = small_frames_router();
  Bytes f = PacketBuilder().eth(kPort0, kHost).ipv4({.src = kSrc, .dst = kR0}).build();
  f.resize(14 + 19);
  EXPECT_EQ(r.process({f, 0, false}).reason, Drop::kIpv4Truncated);
  Bytes g = PacketBuilder().eth(kPort0, kHost).ipv6({.src = kSrc6, .dst = kR0v6}).build();
  g.resize(14 + 39);
  EXPECT_EQ(r.process({g, 0, false}).reason, Drop::kIpv6Truncated);
  const Bytes h = PacketBuilder().eth(kPort0, kHost).ipv6({.src = kSrc6, .dst = kR0v6}).build();
  ASSERT_EQ(h.size(), 14U + 40);
  EXPECT_EQ(r.process({h, 0, false}).action, Action::kToHost);  // next header 59, payload 0
}

TEST(Directed, Ipv4TruncatedByIhlBeyondFrameIsLengthBeyondFrame) {
  // IHL 15 (60 bytes) with total length 60 in a frame holding 46 L3 bytes: V5 decides.
  const Bytes f = PacketBuilder()
                      .eth(kPort0, kHost)
                      .ipv4({.src = kSrc, .dst = kR0, .ihl = 15, .total_length = 60})
                      .pad_to(60)
                      .build();
  EXPECT_EQ(run(f).reason, Drop::kIpv4LengthBeyondFrame);
}

TEST(Directed, HardwareChecksComeFirstAndUseBoundaries) {
  auto r = router();
  Bytes f = udp4(ip4("203.0.113.5"));
  f.resize(1522);
  EXPECT_EQ(r.process({f, 0, false}).action, Action::kForward);  // exactly max_frame is fine
  f.resize(60);
  EXPECT_EQ(r.process({f, 0, false}).action, Action::kForward);  // exactly min_frame is fine
  // tuser beats everything, oversize beats the port check.
  EXPECT_EQ(r.process({Bytes(10, 0), 5, true}).reason, Drop::kTuserError);
  EXPECT_EQ(r.process({Bytes(2000, 0), 5, false}).reason, Drop::kOversize);
  EXPECT_EQ(r.process({Bytes(20, 0), 5, false}).reason, Drop::kRunt);
}

// ---- Exact output frames -------------------------------------------------------------------

TEST(ExactOutput, ArpReply) {
  for (int tags = 0; tags <= 2; ++tags) {
    PacketBuilder req;
    req.eth(kBcast, kHost);
    PacketBuilder exp;
    exp.eth(kHost, kPort0);
    for (int t = 0; t < tags; ++t) {
      req.vlan(VlanFields{.vid = static_cast<std::uint16_t>(100 + t),
                          .pcp = 3,
                          .dei = true,
                          .tpid = t == 0 ? ethertype::kQinq : ethertype::kVlan});
      exp.vlan(VlanFields{.vid = static_cast<std::uint16_t>(100 + t),
                          .pcp = 3,
                          .dei = true,
                          .tpid = t == 0 ? ethertype::kQinq : ethertype::kVlan});
    }
    const Mac sha = mac("02:aa:bb:cc:dd:ee");
    req.arp({.op = 1,
             .sha = sha,
             .spa = ip4("192.0.2.99"),
             .tha = mac("11:22:33:44:55:66"),
             .tpa = ip4("192.0.2.200")})
        .pad_to(60);
    exp = PacketBuilder();
    exp.eth(sha, kPort0);
    for (int t = 0; t < tags; ++t) {
      exp.vlan(VlanFields{.vid = static_cast<std::uint16_t>(100 + t),
                          .pcp = 3,
                          .dei = true,
                          .tpid = t == 0 ? ethertype::kQinq : ethertype::kVlan});
    }
    exp.arp({.op = 2,
             .sha = kPort0,
             .spa = ip4("192.0.2.200"),
             .tha = sha,
             .tpa = ip4("192.0.2.99")})
        .pad_to(60);
    const golden::Verdict v = run(req.build());
    ASSERT_EQ(v.action, Action::kReply) << tags;
    EXPECT_EQ(hex(v.frame), hex(exp.build())) << tags << " tags";
  }
}

TEST(ExactOutput, Ipv4ForwardRewritesOnlyMacsTtlAndChecksum) {
  const Ipv4Fields ip{.src = kSrc,
                      .dst = ip4("203.0.113.5"),
                      .ttl = 17,
                      .tos = 0x2e,
                      .id = 0x4242,
                      .df = true,
                      .options = Bytes{0x94, 0x04, 0, 0}};
  const Bytes in = PacketBuilder()
                       .eth(kPort0, kHost)
                       .vlan(12)
                       .ipv4(ip)
                       .tcp({.sport = 80, .dport = 9000, .flags = 0x18})
                       .payload(40, 0x5a)
                       .pad_to(200)
                       .build();
  Ipv4Fields out_ip = ip;
  out_ip.ttl = 16;
  const Bytes expected = PacketBuilder()
                             .eth(kNbr1, kPort1)
                             .vlan(12)
                             .ipv4(out_ip)
                             .tcp({.sport = 80, .dport = 9000, .flags = 0x18})
                             .payload(40, 0x5a)
                             .pad_to(200)
                             .build();
  const golden::Verdict v = run(in);
  ASSERT_EQ(v.action, Action::kForward);
  EXPECT_EQ(v.port, 1);
  // The TCP checksum does not cover the TTL, so it is unchanged; the builder recomputes both.
  EXPECT_EQ(hex(v.frame), hex(expected));
}

TEST(ExactOutput, Ipv4ForwardChecksumForEveryTtlAndProtocol) {
  // The incremental update must equal a full recomputation for every TTL; this sweeps the
  // carry cases of eqn. 3.
  for (int ttl = 2; ttl <= 255; ++ttl) {
    for (std::uint8_t proto :
         {std::uint8_t{0}, std::uint8_t{6}, std::uint8_t{17}, std::uint8_t{255}}) {
      const Bytes in = PacketBuilder()
                           .eth(kPort0, kHost)
                           .ipv4({.src = kSrc,
                                  .dst = ip4("203.0.113.5"),
                                  .ttl = static_cast<std::uint8_t>(ttl),
                                  .id = static_cast<std::uint16_t>(ttl * 257),
                                  .proto = proto})
                           .pad_to(60)
                           .build();
      const golden::Verdict v = run(in);
      ASSERT_EQ(v.action, Action::kForward);
      const ParsedFrame p = parse_frame(v.frame);
      ASSERT_EQ(p.l3.ip4->ttl, ttl - 1);
      ASSERT_EQ(p.l3.ip4->checksum_status, CsumStatus::kGood)
          << "ttl " << ttl << " proto " << int{proto};
      Bytes hdr(v.frame.begin() + 14, v.frame.begin() + 34);
      hdr[10] = hdr[11] = 0;
      ASSERT_EQ(p.l3.ip4->checksum, internet_checksum(hdr)) << "ttl " << ttl;
    }
  }
}

TEST(ExactOutput, Ipv4EchoReply) {
  const Ipv4Fields req_ip{
      .src = kSrc, .dst = ip4("198.51.100.1"), .ttl = 3, .tos = 0x10, .id = 0x7777, .df = true};
  const Bytes in = PacketBuilder()
                       .eth(kPort0, kHost)
                       .vlan(5)
                       .ipv4(req_ip)
                       .icmp({.type = 8, .rest = 0xabcd0042})
                       .payload(20, 0x61)
                       .pad_to(80)
                       .build();
  Ipv4Fields rep_ip = req_ip;
  std::swap(rep_ip.src, rep_ip.dst);
  rep_ip.ttl = 64;
  const Bytes expected = PacketBuilder()
                             .eth(kHost, kPort0)
                             .vlan(5)
                             .ipv4(rep_ip)
                             .icmp({.type = 0, .rest = 0xabcd0042})
                             .payload(20, 0x61)
                             .pad_to(80)
                             .build();
  const golden::Verdict v = run(in);
  ASSERT_EQ(v.action, Action::kReply);
  EXPECT_EQ(hex(v.frame), hex(expected));
}

TEST(ExactOutput, Ipv4EchoReplyToBroadcastMacUsesPortMac) {
  const Bytes in = PacketBuilder()
                       .eth(kBcast, kHost)
                       .ipv4({.src = kSrc, .dst = kR0})
                       .icmp({.type = 8})
                       .payload(8, 0)
                       .pad_to(60)
                       .build();
  const golden::Verdict v = run(in);
  ASSERT_EQ(v.action, Action::kReply);
  EXPECT_EQ(get_array<6>(v.frame, 0), kHost);
  EXPECT_EQ(get_array<6>(v.frame, 6), kPort0);
}

TEST(ExactOutput, Ipv4TimeExceeded) {
  const Ipv4Fields ip{
      .src = kSrc, .dst = ip4("203.0.113.5"), .ttl = 1, .id = 0x4242, .options = Bytes{1, 1, 1, 1}};
  const Bytes in = PacketBuilder()
                       .eth(kPort0, kHost)
                       .vlan(9)
                       .vlan(10)
                       .ipv4(ip)
                       .udp({.sport = 1234, .dport = 5678})
                       .payload(30, 0x33)
                       .build();
  // Quote: the 24-byte header and 8 payload bytes, exactly as received.
  const Bytes quote(in.begin() + 22, in.begin() + 22 + 24 + 8);
  const Bytes expected = PacketBuilder()
                             .eth(kHost, kPort0)
                             .vlan(9)
                             .vlan(10)
                             .ipv4({.src = kR0, .dst = kSrc, .ttl = 64, .tos = 0xc0, .id = 0})
                             .icmp({.type = 11, .code = 0, .rest = 0})
                             .payload(quote)
                             .build();
  const golden::Verdict v = run(in);
  ASSERT_EQ(v.action, Action::kReply);
  EXPECT_EQ(v.reply, ReplyKind::kIcmp4TimeExceeded);
  EXPECT_EQ(hex(v.frame), hex(expected));
}

TEST(ExactOutput, Ipv4TimeExceededShortDatagramQuotesWhatIsThere) {
  // Total length 24: header + 4 bytes; the padding after it is not quoted.
  const Bytes in = PacketBuilder()
                       .eth(kPort0, kHost)
                       .ipv4({.src = kSrc, .dst = ip4("203.0.113.5"), .ttl = 0, .proto = 99})
                       .payload(Bytes{1, 2, 3, 4})
                       .pad_to(60)
                       .build();
  const Bytes quote(in.begin() + 14, in.begin() + 14 + 24);
  const Bytes expected = PacketBuilder()
                             .eth(kHost, kPort0)
                             .ipv4({.src = kR0, .dst = kSrc, .ttl = 64, .tos = 0xc0})
                             .icmp({.type = 11})
                             .payload(quote)
                             .build();
  EXPECT_EQ(hex(run(in).frame), hex(expected));
}

TEST(ExactOutput, Ipv6ForwardDecrementsHopLimitOnly) {
  const Ipv6Fields ip{.src = kSrc6,
                      .dst = ip6("2001:db8:100::5"),
                      .hop_limit = 2,
                      .traffic_class = 0xb8,
                      .flow_label = 0x12345};
  const Bytes in = PacketBuilder()
                       .eth(kPort0, kHost)
                       .vlan(3)
                       .ipv6(ip)
                       .tcp({.sport = 1, .dport = 2})
                       .payload(3, 9)
                       .build();
  Ipv6Fields o = ip;
  o.hop_limit = 1;
  const Bytes expected = PacketBuilder()
                             .eth(kNbr2, kPort1)
                             .vlan(3)
                             .ipv6(o)
                             .tcp({.sport = 1, .dport = 2})
                             .payload(3, 9)
                             .build();
  const golden::Verdict v = run(in);
  ASSERT_EQ(v.action, Action::kForward);
  EXPECT_EQ(hex(v.frame), hex(expected));
}

TEST(ExactOutput, Icmpv6EchoReply) {
  const Ipv6Fields req{.src = kSrc6,
                       .dst = ip6("2001:db8:2::1"),
                       .hop_limit = 7,
                       .traffic_class = 0x20,
                       .flow_label = 77};
  const Bytes in = PacketBuilder()
                       .eth(kPort0, kHost)
                       .ipv6(req)
                       .icmpv6({.type = 128, .rest = 0x11112222})
                       .payload(33, 0x7e)
                       .build();
  Ipv6Fields rep = req;
  std::swap(rep.src, rep.dst);
  rep.hop_limit = 64;
  const Bytes expected = PacketBuilder()
                             .eth(kHost, kPort0)
                             .ipv6(rep)
                             .icmpv6({.type = 129, .rest = 0x11112222})
                             .payload(33, 0x7e)
                             .build();
  const golden::Verdict v = run(in);
  ASSERT_EQ(v.action, Action::kReply);
  EXPECT_EQ(hex(v.frame), hex(expected));
}

TEST(ExactOutput, Ipv6TimeExceededSourceIsFirstNonLinkLocal) {
  const Bytes in = udp6(ip6("2001:db8:100::5"), 1);
  const Bytes quote(in.begin() + 14, in.end());
  const Bytes expected = PacketBuilder()
                             .eth(kHost, kPort0)
                             .ipv6({.src = kR0v6, .dst = kSrc6, .hop_limit = 64})
                             .icmpv6({.type = 3, .code = 0})
                             .payload(quote)
                             .build();
  const golden::Verdict v = run(in);
  ASSERT_EQ(v.action, Action::kReply);
  EXPECT_EQ(hex(v.frame), hex(expected));
}

TEST(ExactOutput, Ipv6TimeExceededFromLinkLocalOnlyPort) {
  const Bytes in = udp6(ip6("2001:db8:100::5"), 1, kPort3);
  const golden::Verdict v = run(in, 3);
  ASSERT_EQ(v.action, Action::kReply);
  const ParsedFrame p = parse_frame(v.frame);
  EXPECT_EQ(to_string(p.l3.ip6->src), "fe80::4");
}

TEST(ExactOutput, Ipv6TimeExceededQuoteIsCappedAt1232Bytes) {
  const Bytes in = PacketBuilder()
                       .eth(kPort0, kHost)
                       .ipv6({.src = kSrc6, .dst = ip6("2001:db8:100::5"), .hop_limit = 1})
                       .udp({.sport = 1, .dport = 2})
                       .payload(1400, 0x11)
                       .build();
  const golden::Verdict v = run(in);
  ASSERT_EQ(v.action, Action::kReply);
  EXPECT_EQ(v.frame.size(), 14U + 40 + 8 + 1232);
  const ParsedFrame p = parse_frame(v.frame);
  EXPECT_EQ(p.l3.ip6->payload_length, 8 + 1232);
  EXPECT_EQ(p.l3.icmp6->checksum_status, CsumStatus::kGood);
  EXPECT_TRUE(std::equal(v.frame.begin() + 62, v.frame.end(), in.begin() + 14));
}

// ---- Counters ------------------------------------------------------------------------------

TEST(Counters, CountEveryVerdictOnceAndAddUp) {
  auto r = router();
  std::uint64_t n = 0;
  for (const auto& c : cases()) {
    r.process({c.frame(), c.port, c.tuser});
    ++n;
  }
  const auto& k = r.counters();
  EXPECT_EQ(k.rx, n);
  EXPECT_EQ(k.check_invariants(), "");
  EXPECT_GT(k.forwarded, 0U);
  EXPECT_GT(k.to_host, 0U);
  for (std::size_t i = 1; i < golden::kReplyKinds; ++i) EXPECT_GT(k.reply[i], 0U) << i;
  EXPECT_EQ(k.port[5].rx, 1U);  // the unconfigured-port case
  const auto j = k.to_json();
  EXPECT_EQ(j["rx"], n);
  EXPECT_EQ(j["drop"]["port_unconfigured"], 1);
  EXPECT_EQ(j["drop"].size(), golden::all_drop_reasons().size());
  EXPECT_EQ(j["port"].size(), 16U);
}

TEST(Counters, InvariantCheckCatchesAMiscount) {
  golden::Counters c;
  c.rx = 2;
  c.forwarded = 1;
  EXPECT_NE(c.check_invariants(), "");
  c.dropped = 1;
  EXPECT_NE(c.check_invariants(), "");  // no reason counted
  c.drop[0x25] = 1;
  EXPECT_NE(c.check_invariants(), "");  // ports not counted
  c.port[0].rx = 2;
  c.port[1].tx = 1;
  EXPECT_EQ(c.check_invariants(), "");
}

// ---- Names and codes -----------------------------------------------------------------------

TEST(Reasons, CodesAreInTheirRangesAndNamesUnique) {
  std::set<std::string_view> names;
  for (const Drop d : golden::all_drop_reasons()) {
    const auto code = static_cast<unsigned>(d);
    // Router reasons below 0x60; the firewall's 0x60..0x6f and fragments' 0x70..0x77 (section 12).
    EXPECT_TRUE((code >= 0x01 && code <= 0x77) || code == 0x87 || code == 0x88 || code == 0x89)
        << code;
    EXPECT_TRUE(names.insert(golden::name(d)).second) << golden::name(d);
  }
}

TEST(Reasons, HardwareCodesMatchTheSharedRecords) {
  EXPECT_EQ(static_cast<unsigned>(Drop::kRunt), static_cast<unsigned>(baton::DropReason::kRunt));
  EXPECT_EQ(static_cast<unsigned>(Drop::kOversize),
            static_cast<unsigned>(baton::DropReason::kOversize));
  EXPECT_EQ(static_cast<unsigned>(Drop::kTuserError),
            static_cast<unsigned>(baton::DropReason::kTuserError));
}

// ---- Configuration errors ---------------------------------------------------------------------

struct BadConfig {
  const char* name;
  const char* json;
  const char* message;  // a substring of the one-line error
};

const BadConfig kBadConfigs[] = {
    {"syntax", "{", "JSON parse error"},
    // Found by fuzz_config: the JSON parser reports this as out_of_range, not parse_error.
    {"number_overflow", R"({"ports": [{"port": 1e400, "mac": "02:00:00:00:00:01"}]})",
     "JSON number overflow parsing '1e400'"},
    // Found by fuzz_config: quoted text with a line break made a two-line message.
    {"mac_newline", R"({"ports": [{"port": 0, "mac": "02:\n00:00:00:00:01"}]})",
     R"(ports[0].mac: '02:\n00:00:00:00:01' is not a MAC)"},
    {"key_control_chars", R"({"ports": [{"port": 0, "mac": "02:00:00:00:00:01", "a\r\u0001b": 1}]})",
     R"(ports[0]: unknown key 'a\r\x01b')"},
    {"no_ports", R"({"ports": []})", "ports: at least one port"},
    {"unknown_top_key", R"({"ports": [{"port": 0, "mac": "02:00:00:00:00:01"}], "routes": []})",
     "config: unknown key 'routes'"},
    {"unknown_port_key", R"({"ports": [{"port": 0, "mac": "02:00:00:00:00:01", "vlan": 3}]})",
     "ports[0]: unknown key 'vlan'"},
    {"port_range", R"({"ports": [{"port": 16, "mac": "02:00:00:00:00:01"}]})",
     "ports[0].port: 16 is outside 0..15"},
    {"port_twice",
     R"({"ports": [{"port": 1, "mac": "02:00:00:00:00:01"}, {"port": 1, "mac": "02:00:00:00:00:02"}]})",
     "ports[1].port: port 1 configured twice"},
    {"port_type", R"({"ports": [{"port": "0", "mac": "02:00:00:00:00:01"}]})",
     "ports[0].port: expected an integer"},
    {"missing_mac", R"({"ports": [{"port": 0}]})", "ports[0]: missing key 'mac'"},
    {"bad_mac", R"({"ports": [{"port": 0, "mac": "02:00:00:00:00"}]})",
     "ports[0].mac: '02:00:00:00:00' is not a MAC"},
    {"multicast_mac", R"({"ports": [{"port": 0, "mac": "01:00:5e:00:00:01"}]})",
     "ports[0].mac: 01:00:5e:00:00:01 is a multicast MAC"},
    {"bad_zone", R"({"ports": [{"port": 0, "mac": "02:00:00:00:00:01", "zone": "dmz"}]})",
     "ports[0].zone"},
    {"bad_ipv4",
     R"({"ports": [{"port": 0, "mac": "02:00:00:00:00:01", "ipv4": ["10.0.0.256/24"]}]})",
     "ports[0].ipv4[0]: '10.0.0.256' is not an IPv4 address"},
    {"bad_prefix_len",
     R"({"ports": [{"port": 0, "mac": "02:00:00:00:00:01", "ipv4": ["10.0.0.1/33"]}]})",
     "ports[0].ipv4[0]: bad prefix length"},
    {"multicast_ipv4",
     R"({"ports": [{"port": 0, "mac": "02:00:00:00:00:01", "ipv4": ["224.0.0.1"]}]})",
     "is not a unicast address"},
    {"too_many_ipv4",
     R"({"ports": [{"port": 0, "mac": "02:00:00:00:00:01", "ipv4": ["1.0.0.1","1.0.0.2","1.0.0.3","1.0.0.4","1.0.0.5"]}]})",
     "ports[0].ipv4: 5 entries, at most 4"},
    {"ipv4_twice",
     R"({"ports": [{"port": 0, "mac": "02:00:00:00:00:01", "ipv4": ["10.0.0.1/24"]}, {"port": 1, "mac": "02:00:00:00:00:01", "ipv4": ["10.0.0.1/16"]}]})",
     "ports[1].ipv4[0]: 10.0.0.1 is configured twice"},
    {"same_subnet_two_ports",
     R"({"ports": [{"port": 0, "mac": "02:00:00:00:00:01", "ipv4": ["10.0.0.1/24"]}, {"port": 1, "mac": "02:00:00:00:00:01", "ipv4": ["10.0.0.2/24"]}]})",
     "ports[1].ipv4[0]: connected prefix 10.0.0.0/24 is already routed"},
    {"bad_ipv6",
     R"({"ports": [{"port": 0, "mac": "02:00:00:00:00:01", "ipv6": ["2001:db8:::1"]}]})",
     "ports[0].ipv6[0]"},
    {"loopback_ipv6", R"({"ports": [{"port": 0, "mac": "02:00:00:00:00:01", "ipv6": ["::1"]}]})",
     "is not a unicast address"},
    {"route_host_bits",
     R"({"ports": [{"port": 0, "mac": "02:00:00:00:00:01"}], "routes_ipv4": [{"prefix": "10.0.0.1/24", "port": 0}]})",
     "routes_ipv4[0].prefix: '10.0.0.1/24' has host bits set"},
    {"route_port",
     R"({"ports": [{"port": 0, "mac": "02:00:00:00:00:01"}], "routes_ipv4": [{"prefix": "10.0.0.0/24", "port": 3}]})",
     "routes_ipv4[0].port: port 3 is not configured"},
    {"route_twice",
     R"({"ports": [{"port": 0, "mac": "02:00:00:00:00:01"}], "routes_ipv4": [{"prefix": "10.0.0.0/24", "port": 0}, {"prefix": "10.0.0.0/24", "port": 0}]})",
     "routes_ipv4[1].prefix: 10.0.0.0/24 appears twice"},
    {"route_vs_connected",
     R"({"ports": [{"port": 0, "mac": "02:00:00:00:00:01", "ipv4": ["10.0.0.1/24"]}], "routes_ipv4": [{"prefix": "10.0.0.0/24", "port": 0}]})",
     "ports[0].ipv4[0]: connected prefix 10.0.0.0/24 is already routed"},
    {"route_next_hop",
     R"({"ports": [{"port": 0, "mac": "02:00:00:00:00:01"}], "routes_ipv4": [{"prefix": "10.0.0.0/24", "port": 0, "next_hop": "2001:db8::1"}]})",
     "routes_ipv4[0].next_hop"},
    {"route6_host_bits",
     R"({"ports": [{"port": 0, "mac": "02:00:00:00:00:01"}], "routes_ipv6": [{"prefix": "2001:db8::1/64", "port": 0}]})",
     "routes_ipv6[0].prefix"},
    {"route_missing_prefix",
     R"({"ports": [{"port": 0, "mac": "02:00:00:00:00:01"}], "routes_ipv6": [{"port": 0}]})",
     "routes_ipv6[0]: missing key 'prefix'"},
    {"neighbour_ip",
     R"({"ports": [{"port": 0, "mac": "02:00:00:00:00:01"}], "neighbours": [{"ip": "x", "mac": "02:00:00:00:00:09"}]})",
     "neighbours[0].ip: 'x' is not an IP address"},
    {"neighbour_twice",
     R"({"ports": [{"port": 0, "mac": "02:00:00:00:00:01"}], "neighbours": [{"ip": "10.0.0.9", "mac": "02:00:00:00:00:09"}, {"ip": "10.0.0.9", "mac": "02:00:00:00:00:08"}]})",
     "neighbours[1].ip: 10.0.0.9 appears twice"},
    {"neighbour_mac",
     R"({"ports": [{"port": 0, "mac": "02:00:00:00:00:01"}], "neighbours": [{"ip": "10.0.0.9", "mac": "ff:ff:ff:ff:ff:ff"}]})",
     "neighbours[0].mac"},
    {"min_frame",
     R"({"ports": [{"port": 0, "mac": "02:00:00:00:00:01"}], "limits": {"min_frame": 13}})",
     "limits.min_frame: 13 is outside 14..60"},
    {"max_frame",
     R"({"ports": [{"port": 0, "mac": "02:00:00:00:00:01"}], "limits": {"max_frame": 4096}})",
     "limits.max_frame: 4096 is outside 64..2048"},
    {"limits_key",
     R"({"ports": [{"port": 0, "mac": "02:00:00:00:00:01"}], "limits": {"mtu": 1500}})",
     "limits: unknown key 'mtu'"},
    {"not_object", R"([1, 2])", "config: expected an object"},
};

class ConfigErrors : public ::testing::TestWithParam<BadConfig> {};

TEST_P(ConfigErrors, OneLineNamingTheKey) {
  const auto& b = GetParam();
  try {
    golden::parse_config(b.json);
    FAIL() << "accepted: " << b.json;
  } catch (const golden::ConfigError& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find(b.message), std::string::npos) << "message: " << m;
    EXPECT_EQ(m.find('\n'), std::string::npos) << m;
  }
}

INSTANTIATE_TEST_SUITE_P(Bad, ConfigErrors, ::testing::ValuesIn(kBadConfigs),
                         [](const ::testing::TestParamInfo<BadConfig>& i) {
                           return std::string(i.param.name);
                         });

TEST(Config, ReferenceConfigLoadsWithConnectedRoutes) {
  const auto c = golden::load_config(baton::model_test::reference_config_path());
  EXPECT_EQ(c.ports.size(), 4U);
  std::size_t connected = 0;
  for (const auto& r : c.routes4) connected += r.connected;
  EXPECT_EQ(connected, 4U);
  connected = 0;
  for (const auto& r : c.routes6) connected += r.connected;
  EXPECT_EQ(connected, 4U);  // link-local addresses install none
  EXPECT_EQ(c.min_frame, 60U);
  EXPECT_EQ(c.max_frame, 1522U);
}

TEST(Config, LoadErrorNamesTheFile) {
  try {
    golden::load_config("/nonexistent/cfg.json");
    FAIL();
  } catch (const golden::ConfigError& e) {
    EXPECT_STREQ(e.what(), "/nonexistent/cfg.json: cannot open");
  }
}

}  // namespace
