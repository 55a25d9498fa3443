// SPDX-License-Identifier: Apache-2.0
// The golden model's stateful firewall and fragment policy (docs/feature-set.md section 12) on
// directed packets through the reference configuration (ports 0, 1 inside; 2, 3 outside). Every
// expected verdict and state below is read off the section's tables by hand: the TCP transition
// table cell by cell in both directions, the ruleset, UDP/ICMP pseudo-connections, related ICMP
// errors, checksums, timeouts, table bounds and the fragment rules; plus a randomized run of
// interleaved sessions whose reference is the generator's own knowledge of each session.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <map>
#include <optional>

#include "baton/golden/firewall.hpp"
#include "baton/net/builder.hpp"
#include "baton/tb/config.hpp"
#include "baton/tb/rng.hpp"
#include "model_util.hpp"

namespace {

using namespace baton;
using namespace baton::net;
using golden::Action;
using golden::ConnState;
using golden::Drop;

const Mac kR0 = mac("02:00:00:00:00:10"), kR2 = mac("02:00:00:00:00:12");  // router ports 0 and 2
const Mac kIn = mac("02:00:00:00:10:02"), kOut = mac("02:00:00:00:12:fe");
const Ip4 kA = ip4("10.0.0.2"), kB = ip4("203.0.113.200");             // inside host, outside host
const Ip6 kA6 = ip6("2001:db8:0:10::2"), kB6 = ip6("2001:db8:300::9");  // the same, IPv6 (::/0 via port 2)
constexpr std::uint8_t kInside = 0, kOutside = 2;

golden::Config config(const golden::FirewallConfig& fw) {
  auto c = golden::load_config(model_test::reference_config_path());
  c.firewall = fw;
  return c;
}
golden::FirewallConfig fw_on() {
  golden::FirewallConfig f;
  f.enabled = true;
  return f;
}

enum Dir { kO, kR };  // from the inside host A (original side) / from the outside host B

// Frames between A (port 0) and B (port 2); `o` chooses the direction.
PacketBuilder l3(Dir d, bool v6 = false) {
  PacketBuilder b;
  b.eth(d == kO ? kR0 : kR2, d == kO ? kIn : kOut);
  if (v6) {
    b.ipv6({.src = d == kO ? kA6 : kB6, .dst = d == kO ? kB6 : kA6});
  } else {
    b.ipv4({.src = d == kO ? kA : kB, .dst = d == kO ? kB : kA, .id = 7});
  }
  return b;
}
Bytes tcp(Dir d, std::uint16_t flags, bool v6 = false, std::optional<std::uint16_t> sum = {}) {
  return l3(d, v6).tcp({.sport = static_cast<std::uint16_t>(d == kO ? 40000 : 443),
                        .dport = static_cast<std::uint16_t>(d == kO ? 443 : 40000), .flags = flags, .checksum = sum})
      .payload(6, 0x5a).pad_to(64).build();
}
Bytes udp(Dir d, bool v6 = false, std::optional<std::uint16_t> sum = {}) {
  return l3(d, v6).udp({.sport = static_cast<std::uint16_t>(d == kO ? 5000 : 53),
                        .dport = static_cast<std::uint16_t>(d == kO ? 53 : 5000), .checksum = sum})
      .payload(12, 0x11).pad_to(64).build();
}
Bytes echo(Dir d, std::uint8_t type, bool v6 = false, std::uint16_t id = 0x77) {
  auto b = l3(d, v6);
  if (v6) {
    b.icmpv6({.type = type, .rest = std::uint32_t{id} << 16 | 1});
  } else {
    b.icmp({.type = type, .rest = std::uint32_t{id} << 16 | 1});
  }
  return b.payload(8, 0x22).pad_to(64).build();
}
// An ICMP error from B's side (an outside router) quoting `quoted`'s IP header and 8 L4 bytes.
Bytes error_about(const Bytes& quoted, std::uint8_t type, bool v6 = false) {
  const std::size_t ip = 14, len = v6 ? 48 : 28;
  const Bytes q(quoted.begin() + ip, quoted.begin() + static_cast<std::ptrdiff_t>(ip + len));
  auto b = l3(kR, v6);
  if (v6) {
    b.icmpv6({.type = type});
  } else {
    b.icmp({.type = type});
  }
  return b.payload(q).pad_to(64).build();
}

class GoldenFirewall : public ::testing::Test {
 protected:
  explicit GoldenFirewall(golden::FirewallConfig f = fw_on()) : router_(config(f)) {}
  golden::Verdict send(const Bytes& f, Dir d, std::uint64_t t = 0) {
    return router_.process({std::vector<std::uint8_t>(f.begin(), f.end()), d == kO ? kInside : kOutside, false,
                            t ? t : now_});
  }
  void expect_forward(const Bytes& f, Dir d, const std::string& what) {
    const auto v = send(f, d);
    EXPECT_EQ(v.action, Action::kForward) << what << ": " << v.reason;
  }
  void expect_drop(const Bytes& f, Dir d, Drop r, const std::string& what) {
    const auto v = send(f, d);
    EXPECT_EQ(v.action, Action::kDrop) << what;
    EXPECT_EQ(v.reason, r) << what;
  }
  // The one live connection's state (nullopt: none).
  std::optional<ConnState> state() {
    const auto n = router_.firewall()->live_by_state(now_);
    std::optional<ConnState> s;
    for (std::size_t i = 0; i < n.size(); ++i) {
      EXPECT_LE(n[i], 1U);
      if (n[i] == 1) {
        EXPECT_FALSE(s.has_value()) << "more than one connection";
        s = static_cast<ConnState>(i);
      }
    }
    return s;
  }
  golden::Router router_;
  std::uint64_t now_ = 1;
};

// ---- 12.3: the TCP transition table, cell by cell -------------------------------------------------

struct Step {
  Dir dir;
  std::uint16_t flags;
};
constexpr std::uint16_t SYN = 0x02, SYNACK = 0x12, ACK = 0x10, FIN = 0x11, RST = 0x14;

// The packets that bring a fresh connection into each state (A is the original side).
struct Prefix {
  ConnState state;
  const char* name;
  std::vector<Step> steps;
};
const std::vector<Prefix>& prefixes() {
  static const std::vector<Prefix> p = {
      {ConnState::kSynSent, "SYN_SENT", {{kO, SYN}}},
      {ConnState::kSynRecv, "SYN_RECV", {{kO, SYN}, {kR, SYNACK}}},
      {ConnState::kEstablished, "ESTABLISHED", {{kO, SYN}, {kR, SYNACK}, {kO, ACK}}},
      {ConnState::kFinWait, "FIN_WAIT C=O", {{kO, SYN}, {kR, SYNACK}, {kO, ACK}, {kO, FIN}}},
      {ConnState::kFinWait, "FIN_WAIT C=R", {{kO, SYN}, {kR, SYNACK}, {kO, ACK}, {kR, FIN}}},
      {ConnState::kCloseWait, "CLOSE_WAIT C=O", {{kO, SYN}, {kR, SYNACK}, {kO, ACK}, {kO, FIN}, {kR, ACK}}},
      {ConnState::kLastAck, "LAST_ACK C=O", {{kO, SYN}, {kR, SYNACK}, {kO, ACK}, {kO, FIN}, {kR, FIN}}},
      {ConnState::kTimeWait, "TIME_WAIT", {{kO, SYN}, {kR, SYNACK}, {kO, ACK}, {kO, FIN}, {kR, FIN}, {kO, ACK}}},
      {ConnState::kClose, "CLOSE", {{kO, SYN}, {kR, SYNACK}, {kO, ACK}, {kO, RST}}},
  };
  return p;
}

// Expected outcome of one segment: the state after, or invalid (0x60), or refused as new from the
// outside (0x61); either drop leaves the state as it was.
struct Cell {
  enum Kind { kTo, kInvalid, kRefused } kind;
  ConnState to = ConnState::kClose;
};
constexpr Cell to(ConnState s) { return {Cell::kTo, s}; }
constexpr Cell X{Cell::kInvalid};
constexpr Cell REFUSED{Cell::kRefused};

TEST_F(GoldenFirewall, EveryTcpTransitionInBothDirections) {
  using S = ConnState;
  // Columns: O SYN, R SYN, O SYN-ACK, R SYN-ACK, O ACK, R ACK, O FIN, R FIN, O RST, R RST.
  const std::map<std::string, std::array<Cell, 10>> table = {
      {"SYN_SENT", {to(S::kSynSent), X, X, to(S::kSynRecv), X, to(S::kSynSent), X, X, to(S::kClose), to(S::kClose)}},
      {"SYN_RECV", {to(S::kSynRecv), X, to(S::kSynRecv), to(S::kSynRecv), to(S::kEstablished), to(S::kSynRecv), to(S::kFinWait), to(S::kFinWait), to(S::kClose), to(S::kClose)}},
      {"ESTABLISHED", {to(S::kEstablished), X, X, to(S::kEstablished), to(S::kEstablished), to(S::kEstablished), to(S::kFinWait), to(S::kFinWait), to(S::kClose), to(S::kClose)}},
      {"FIN_WAIT C=O", {to(S::kFinWait), X, X, to(S::kFinWait), to(S::kFinWait), to(S::kCloseWait), to(S::kFinWait), to(S::kLastAck), to(S::kClose), to(S::kClose)}},
      {"FIN_WAIT C=R", {to(S::kFinWait), X, X, to(S::kFinWait), to(S::kCloseWait), to(S::kFinWait), to(S::kLastAck), to(S::kFinWait), to(S::kClose), to(S::kClose)}},
      {"CLOSE_WAIT C=O", {to(S::kCloseWait), X, X, to(S::kCloseWait), to(S::kCloseWait), to(S::kCloseWait), to(S::kCloseWait), to(S::kLastAck), to(S::kClose), to(S::kClose)}},
      {"LAST_ACK C=O", {to(S::kLastAck), X, X, to(S::kLastAck), to(S::kTimeWait), to(S::kLastAck), to(S::kLastAck), to(S::kLastAck), to(S::kClose), to(S::kClose)}},
      // A reopen is a new connection from its sender: from B (outside) it is refused.
      {"TIME_WAIT", {to(S::kSynSent), REFUSED, X, to(S::kTimeWait), to(S::kTimeWait), to(S::kTimeWait), to(S::kTimeWait), to(S::kTimeWait), to(S::kClose), to(S::kClose)}},
      {"CLOSE", {to(S::kSynSent), REFUSED, X, to(S::kClose), to(S::kClose), to(S::kClose), to(S::kClose), to(S::kClose), to(S::kClose), to(S::kClose)}},
  };
  const Step cols[10] = {{kO, SYN}, {kR, SYN}, {kO, SYNACK}, {kR, SYNACK}, {kO, ACK},
                         {kR, ACK}, {kO, FIN}, {kR, FIN}, {kO, RST}, {kR, RST}};
  for (const bool v6 : {false, true}) {
    for (const auto& p : prefixes()) {
      const auto& row = table.at(p.name);
      for (std::size_t c = 0; c < 10; ++c) {
        golden::Router fresh(config(fw_on()));
        router_ = fresh;
        for (const auto& s : p.steps) {
          const auto v = send(tcp(s.dir, s.flags, v6), s.dir);
          ASSERT_EQ(v.action, Action::kForward) << p.name << " prefix: " << v.reason;
          ++now_;
        }
        ASSERT_EQ(state(), p.state) << p.name;
        const std::string what = fmt::format("{} {}: {} flags {:#04x}", v6 ? "IPv6" : "IPv4", p.name,
                                             cols[c].dir == kO ? "from A" : "from B", cols[c].flags);
        const Cell& want = row[c];
        const auto v = send(tcp(cols[c].dir, cols[c].flags, v6), cols[c].dir);
        switch (want.kind) {
          case Cell::kTo:
            EXPECT_EQ(v.action, Action::kForward) << what << ": " << v.reason;
            EXPECT_EQ(state(), want.to) << what;
            break;
          case Cell::kInvalid:
            EXPECT_EQ(v.reason, Drop::kFwInvalid) << what;
            EXPECT_EQ(state(), p.state) << what << ": a dropped packet changes nothing";
            break;
          case Cell::kRefused:
            EXPECT_EQ(v.reason, Drop::kFwNewNotAllowed) << what;
            EXPECT_EQ(state(), p.state) << what << ": a refused reopen keeps the old connection";
            break;
        }
      }
    }
  }
}

TEST_F(GoldenFirewall, RulesetNewOnlyFromInside) {
  expect_drop(tcp(kR, SYN), kR, Drop::kFwNewNotAllowed, "unsolicited SYN from outside");
  EXPECT_EQ(state(), std::nullopt) << "a refused SYN creates nothing";
  expect_drop(tcp(kR, ACK), kR, Drop::kFwInvalid, "stray ACK");
  expect_drop(tcp(kO, ACK), kO, Drop::kFwInvalid, "stray ACK from inside (loose = 0)");
  expect_drop(tcp(kR, SYNACK), kR, Drop::kFwInvalid, "SYN-ACK without a SYN");
  expect_drop(tcp(kO, RST), kO, Drop::kFwInvalid, "RST without a connection");
  expect_drop(tcp(kO, FIN), kO, Drop::kFwInvalid, "FIN without a connection");
  expect_forward(tcp(kO, SYN), kO, "SYN from inside");
  expect_forward(tcp(kO, SYN), kO, "SYN retransmitted (still new, from inside)");
  expect_forward(tcp(kR, SYNACK), kR, "SYN-ACK");
  expect_forward(tcp(kR, SYNACK), kR, "SYN-ACK retransmitted");
  expect_forward(tcp(kO, ACK), kO, "handshake ACK");
  expect_forward(tcp(kR, 0x18), kR, "data from outside, established");
  const auto& c = router_.firewall()->counters();
  EXPECT_EQ(c.accepted_new, 2U);
  EXPECT_EQ(c.accepted_established, 4U);
  EXPECT_EQ(c.created, 1U);
  EXPECT_EQ(router_.counters().drops(Drop::kFwNewNotAllowed), 1U);
  EXPECT_EQ(router_.counters().drops(Drop::kFwInvalid), 5U);
}

TEST_F(GoldenFirewall, InvalidFlagsChecksumsAndHeaders) {
  // 12.3: combinations outside the list (CWR/ECE ignored).
  for (const std::uint16_t f : {0x000, 0x001, 0x003, 0x006, 0x00a, 0x007, 0x013, 0x016, 0x01a, 0x024, 0x008, 0x020}) {
    expect_drop(tcp(kO, f), kO, Drop::kFwInvalid, fmt::format("flags {:#05x}", f));
  }
  expect_forward(tcp(kO, 0x0c2), kO, "SYN with CWR and ECE (ECN setup) is a SYN");
  expect_forward(tcp(kR, 0x052), kR, "SYN-ACK with ECE");
  expect_drop(tcp(kO, ACK, false, 0x1234), kO, Drop::kFwInvalid, "TCP checksum wrong");
  expect_drop(tcp(kO, SYN, true, 0x1234), kO, Drop::kFwInvalid, "TCP/IPv6 SYN from inside with a wrong checksum");
  expect_drop(udp(kO, false, 0x1234), kO, Drop::kFwInvalid, "UDP checksum wrong");
  expect_forward(udp(kO, false, 0), kO, "IPv4 UDP without a checksum");
  expect_drop(udp(kO, true, 0), kO, Drop::kFwInvalid, "IPv6 UDP checksum 0");
  expect_forward(udp(kO, true), kO, "IPv6 UDP");
  // TCP data offset below 5 and UDP length beyond the payload.
  Bytes short_doff = tcp(kO, ACK);
  short_doff[14 + 20 + 12] = 0x40;
  expect_drop(short_doff, kO, Drop::kFwInvalid, "TCP data offset 4");
  const Bytes long_udp = l3(kO).udp({.sport = 5000, .dport = 53, .length = 200}).payload(12, 0).pad_to(64).build();
  expect_drop(long_udp, kO, Drop::kFwInvalid, "UDP length beyond the datagram");
  const Bytes icmp_bad = l3(kO).icmp({.type = 8, .checksum = 0x1111}).pad_to(64).build();
  expect_drop(icmp_bad, kO, Drop::kFwInvalid, "ICMP checksum wrong");
}

TEST_F(GoldenFirewall, UdpAndOtherProtocolsArePseudoConnections) {
  expect_drop(udp(kR), kR, Drop::kFwNewNotAllowed, "UDP from outside first");
  expect_forward(udp(kO), kO, "UDP from inside");
  EXPECT_EQ(state(), ConnState::kUnreplied);
  expect_forward(udp(kO), kO, "UDP again, still unreplied");
  expect_forward(udp(kR), kR, "the reply");
  EXPECT_EQ(state(), ConnState::kReplied);
  // Another protocol (GRE, 47): addresses and protocol only.
  golden::Router fresh(config(fw_on()));
  router_ = fresh;
  auto gre = [](Dir d) {
    return PacketBuilder().eth(d == kO ? kR0 : kR2, d == kO ? kIn : kOut)
        .ipv4({.src = d == kO ? kA : kB, .dst = d == kO ? kB : kA, .proto = 47}).payload(30, 0x47).pad_to(64).build();
  };
  expect_drop(gre(kR), kR, Drop::kFwNewNotAllowed, "GRE from outside first");
  expect_forward(gre(kO), kO, "GRE from inside");
  expect_forward(gre(kR), kR, "GRE back");
  EXPECT_EQ(state(), ConnState::kReplied);
}

TEST_F(GoldenFirewall, IcmpEchoAndRelatedErrors) {
  for (const bool v6 : {false, true}) {
    golden::Router fresh(config(fw_on()));
    router_ = fresh;
    const std::uint8_t req = v6 ? 128 : 8, rep = v6 ? 129 : 0;
    const std::string fam = v6 ? "IPv6 " : "IPv4 ";
    expect_drop(echo(kR, rep, v6), kR, Drop::kFwInvalid, fam + "echo reply without a request");
    expect_drop(echo(kR, req, v6), kR, Drop::kFwNewNotAllowed, fam + "echo request from outside");
    expect_forward(echo(kO, req, v6), kO, fam + "echo request from inside");
    expect_drop(echo(kR, rep, v6, 0x78), kR, Drop::kFwInvalid, fam + "reply with another identifier");
    expect_forward(echo(kR, rep, v6), kR, fam + "echo reply");
    EXPECT_EQ(state(), ConnState::kReplied);
    expect_drop(echo(kR, v6 ? 135 : 13, v6), kR, Drop::kFwInvalid, fam + "other ICMP type");
    // Errors: related when they quote a live connection (either direction), else invalid.
    const Bytes out_tcp = tcp(kO, SYN, v6);
    const std::uint8_t unreach = v6 ? 1 : 3, exceeded = v6 ? 3 : 11;
    expect_drop(error_about(out_tcp, unreach, v6), kR, Drop::kFwInvalid, fam + "error about no connection");
    expect_forward(out_tcp, kO, fam + "SYN");
    expect_forward(error_about(out_tcp, unreach, v6), kR, fam + "unreachable about the SYN");
    expect_forward(error_about(out_tcp, exceeded, v6), kR, fam + "time exceeded about the SYN");
    EXPECT_EQ(router_.firewall()->live_by_state(now_)[static_cast<std::size_t>(ConnState::kSynSent)], 1U)
        << "related errors change nothing";
    expect_forward(error_about(echo(kO, req, v6), exceeded, v6), kR, fam + "error quoting the echo request");
    // B's error quoting B's own reply (B to A): the error does not go back to the quoted sender.
    expect_drop(error_about(tcp(kR, SYNACK, v6), unreach, v6), kR, Drop::kFwInvalid,
                fam + "error whose destination is not the quoted source");
    expect_drop(error_about(echo(kO, req, v6, 0x99), exceeded, v6), kR, Drop::kFwInvalid, fam + "error quoting another echo");
    EXPECT_EQ(router_.firewall()->counters().accepted_related, 3U);
  }
}

// 12.4's quote window: an IPv4 error's quote counts when its header and 8 L4 bytes end within the
// frame's first 128 bytes. With a 60-byte quoted header (40 bytes of options) and the error's own
// options, the quote ends at 14 + (20 + o) + 8 + 60 + 8: 126 with o = 16, 130 with o = 20; two
// VLAN tags add 8.
TEST_F(GoldenFirewall, RelatedErrorsQuoteWithinTheFirst128Bytes) {
  const Bytes syn = PacketBuilder().eth(kR0, kIn).ipv4({.src = kA, .dst = kB, .options = Bytes(40, 1)})
                        .tcp({.sport = 40000, .dport = 443, .flags = SYN}).payload(6, 0x5a).pad_to(64).build();
  expect_forward(syn, kO, "a SYN with 40 bytes of IP options");
  const Bytes quote(syn.begin() + 14, syn.begin() + 14 + 68);
  const auto error = [&](std::size_t opts, unsigned tags) {
    PacketBuilder b;
    b.eth(kR2, kOut);
    for (unsigned t = 0; t < tags; ++t) b.vlan(static_cast<std::uint16_t>(10 + t), 0, false, 0x8100);
    return b.ipv4({.src = kB, .dst = kA, .options = Bytes(opts, 1)}).icmp({.type = 3, .code = 3}).payload(quote).pad_to(64).build();
  };
  expect_forward(error(16, 0), kR, "quote ends at byte 126");
  expect_drop(error(20, 0), kR, Drop::kFwInvalid, "quote ends at byte 130");
  expect_forward(error(8, 2), kR, "two tags: ends at byte 126");
  expect_drop(error(12, 2), kR, Drop::kFwInvalid, "two tags: ends at byte 130");
  EXPECT_EQ(router_.firewall()->counters().accepted_related, 2U);
}

// 12.6: each state's timeout, from the configuration; a packet at expiry finds no connection.
TEST_F(GoldenFirewall, EveryStateExpiresAtItsTimeout) {
  golden::FirewallConfig f = fw_on();
  f.timeouts = {.tcp_syn_sent = 101, .tcp_syn_recv = 102, .tcp_established = 103, .tcp_fin_wait = 104,
                .tcp_close_wait = 105, .tcp_last_ack = 106, .tcp_time_wait = 107, .tcp_close = 108,
                .udp = 109, .udp_stream = 110, .fragment = 111};
  const std::map<std::string, std::uint64_t> timeout = {
      {"SYN_SENT", 101}, {"SYN_RECV", 102}, {"ESTABLISHED", 103}, {"FIN_WAIT C=O", 104}, {"FIN_WAIT C=R", 104},
      {"CLOSE_WAIT C=O", 105}, {"LAST_ACK C=O", 106}, {"TIME_WAIT", 107}, {"CLOSE", 108}};
  for (const auto& p : prefixes()) {
    golden::Router fresh(config(f));
    router_ = fresh;
    now_ = 1000;
    for (const auto& s : p.steps) ASSERT_EQ(send(tcp(s.dir, s.flags), s.dir).action, Action::kForward) << p.name;
    const std::uint64_t last = now_, t = timeout.at(p.name);
    now_ = last + t - 1;
    EXPECT_EQ(state(), p.state) << p.name << " one cycle before its timeout";
    now_ = last + t;
    EXPECT_EQ(state(), std::nullopt) << p.name << " at its timeout";
    EXPECT_EQ(router_.firewall()->counters().expired, 1U);
  }
  // A packet arriving at the expiry: the reply to an expired UDP connection is new from outside.
  golden::Router fresh(config(f));
  router_ = fresh;
  now_ = 50;
  expect_forward(udp(kO), kO, "UDP out");
  now_ = 50 + 108;
  expect_forward(udp(kR), kR, "reply one cycle before the unreplied timeout (109)");
  now_ += 109;
  expect_forward(udp(kR), kR, "replied: udp_stream (110) runs from the last packet");
  now_ += 110;
  expect_drop(udp(kR), kR, Drop::kFwNewNotAllowed, "after udp_stream expired");
  // Established refreshes on every accepted packet, and a drop does not refresh.
  golden::Router fresh2(config(f));
  router_ = fresh2;
  now_ = 10;
  for (const auto& s : prefixes()[2].steps) send(tcp(s.dir, s.flags), s.dir);
  now_ += 100;
  expect_drop(tcp(kR, SYN), kR, Drop::kFwInvalid, "SYN in ESTABLISHED");
  ++now_;
  expect_forward(tcp(kO, SYN), kO, "a SYN from the original side in ESTABLISHED (\"=\")");
  now_ += 2;  // 103 after the last packet that moved the connection
  EXPECT_EQ(state(), std::nullopt) << "neither the invalid SYN nor the \"=\" one refreshed the timer";
}

TEST_F(GoldenFirewall, TableFullRefusesNewNeverEvicts) {
  golden::FirewallConfig f = fw_on();
  f.max_connections = 2;
  f.timeouts.udp = 1000;
  golden::Router fresh(config(f));
  router_ = fresh;
  auto udp_to = [](std::uint16_t sport) {
    return l3(kO).udp({.sport = sport, .dport = 53}).payload(12, 0).pad_to(64).build();
  };
  now_ = 10;
  expect_forward(udp_to(1), kO, "first");
  expect_forward(udp_to(2), kO, "second");
  expect_drop(udp_to(3), kO, Drop::kFwTableFull, "third while two are live");
  expect_forward(udp_to(1), kO, "a packet of a live connection still passes");
  expect_drop(tcp(kR, SYN), kR, Drop::kFwNewNotAllowed, "new from outside is refused by the zone first");
  now_ = 10 + 1000;  // both expire
  expect_forward(udp_to(3), kO, "room again after the expiry");
  EXPECT_EQ(router_.counters().drops(Drop::kFwTableFull), 1U);
  EXPECT_EQ(router_.firewall()->counters().expired, 2U) << "both connections expired at 1010";
}

// The default bound at full scale: 65 536 live connections (12.1), the next one refused, every one
// of them still answering, and room again once they expire.
TEST_F(GoldenFirewall, SixtyFourKConnectionsAtTheDefaultBound) {
  const golden::FirewallConfig f = fw_on();
  ASSERT_EQ(f.max_connections, 65536U);
  auto udp_flow = [](unsigned i, Dir d) {
    const Ip4 inside = {10, 0, 0, 2}, outside = {203, 0, 113, static_cast<std::uint8_t>(128 + i % 128)};
    const auto p = static_cast<std::uint16_t>(1024 + i / 128);
    return PacketBuilder().eth(d == kO ? kR0 : kR2, d == kO ? kIn : kOut)
        .ipv4({.src = d == kO ? inside : outside, .dst = d == kO ? outside : inside})
        .udp({.sport = d == kO ? p : std::uint16_t{53}, .dport = d == kO ? std::uint16_t{53} : p}).pad_to(60).build();
  };
  now_ = 1;
  for (unsigned i = 0; i < 65536; ++i) {
    ASSERT_EQ(send(udp_flow(i, kO), kO).action, Action::kForward) << "connection " << i;
  }
  expect_drop(udp_flow(65536, kO), kO, Drop::kFwTableFull, "connection 65 537");
  std::size_t replies = 0;
  for (unsigned i = 0; i < 65536; i += 97) replies += send(udp_flow(i, kR), kR).action == Action::kForward ? 1 : 0;
  EXPECT_EQ(replies, (65536 + 96) / 97) << "every live connection answers";
  EXPECT_EQ(router_.firewall()->live_by_state(now_)[static_cast<std::size_t>(ConnState::kUnreplied)] +
                router_.firewall()->live_by_state(now_)[static_cast<std::size_t>(ConnState::kReplied)],
            65536U);
  now_ += f.timeouts.udp_stream;
  expect_forward(udp_flow(65536, kO), kO, "room again after the expiry");
}

TEST_F(GoldenFirewall, ReopenReplacesAndNeverMeetsTheBound) {
  golden::FirewallConfig f = fw_on();
  f.max_connections = 1;
  golden::Router fresh(config(f));
  router_ = fresh;
  for (const auto& s : prefixes()[7].steps) ASSERT_EQ(send(tcp(s.dir, s.flags), s.dir).action, Action::kForward);
  ASSERT_EQ(state(), ConnState::kTimeWait);
  expect_forward(tcp(kO, SYN), kO, "reopen from A with the table full");
  EXPECT_EQ(state(), ConnState::kSynSent);
  EXPECT_EQ(router_.firewall()->counters().created, 2U);
}

// 12.8: fragments follow their first fragment's verdict.
Bytes frag4(Dir d, std::uint16_t id, std::uint16_t offset, bool more, std::uint8_t proto = 17) {
  auto b = PacketBuilder().eth(d == kO ? kR0 : kR2, d == kO ? kIn : kOut)
               .ipv4({.src = d == kO ? kA : kB, .dst = d == kO ? kB : kA, .id = id, .mf = more, .frag_offset = offset,
                      .proto = offset == 0 ? std::optional<std::uint8_t>{} : std::optional<std::uint8_t>{proto}});
  if (offset == 0) {
    if (proto == 17) b.udp({.sport = 5000, .dport = 53, .length = 1000});
    if (proto == 6) b.tcp({.sport = 40000, .dport = 443, .flags = SYN});
  }
  return b.payload(24, 0x66).pad_to(64).build();
}

TEST_F(GoldenFirewall, FragmentsFollowTheirFirstFragment) {
  expect_drop(frag4(kO, 1, 100, false), kO, Drop::kFragNoFirst, "later fragment before its first");
  expect_forward(frag4(kO, 1, 0, true), kO, "first fragment from inside (its UDP length is the datagram's)");
  expect_forward(frag4(kO, 1, 3, true), kO, "middle fragment");
  expect_forward(frag4(kO, 1, 100, false), kO, "last fragment");
  expect_drop(frag4(kR, 2, 0, true), kR, Drop::kFwNewNotAllowed, "first fragment of a new datagram from outside");
  expect_drop(frag4(kR, 2, 3, false), kR, Drop::kFragFirstDropped, "its later fragment");
  expect_drop(frag4(kO, 1, 3, true, 6), kO, Drop::kFragNoFirst, "another protocol is another datagram");
  // A first fragment too short for its TCP header is invalid, and so are its followers.
  const Bytes tiny = PacketBuilder().eth(kR0, kIn).ipv4({.src = kA, .dst = kB, .id = 9, .mf = true, .proto = 6})
                         .payload(8, 0x01).pad_to(64).build();
  // (pad_to adds Ethernet padding after the datagram; the IPv4 total length says 28.)
  expect_drop(tiny, kO, Drop::kFwInvalid, "8-byte first TCP fragment");
  expect_drop(frag4(kO, 9, 1, false, 6), kO, Drop::kFragFirstDropped, "follower of the tiny first fragment");
  EXPECT_EQ(router_.firewall()->counters().fragments_followed, 2U);
  // IPv6: the fragment header right after the fixed header.
  auto frag6 = [](Dir d, std::uint32_t id, std::uint16_t off) {
    auto b = l3(d, true);
    b.ipv6_frag({.offset = off, .more = off == 0, .ident = id, .next_header = 17});
    if (off == 0) b.udp({.sport = 5000, .dport = 53, .length = 900});
    return b.payload(24, 0x66).pad_to(70).build();
  };
  expect_drop(frag6(kO, 0x10000, 50), kO, Drop::kFragNoFirst, "IPv6 later fragment first");
  expect_forward(frag6(kO, 0x10000, 0), kO, "IPv6 first fragment");
  expect_forward(frag6(kO, 0x10000, 50), kO, "IPv6 later fragment");
  expect_drop(frag6(kO, 0x10001, 50), kO, Drop::kFragNoFirst, "another identification");
}

TEST_F(GoldenFirewall, FragmentRecordsExpireAndAreBounded) {
  golden::FirewallConfig f = fw_on();
  f.max_fragments = 2;
  f.timeouts.fragment = 500;
  golden::Router fresh(config(f));
  router_ = fresh;
  now_ = 100;
  expect_forward(frag4(kO, 1, 0, true), kO, "record 1");
  expect_drop(frag4(kR, 2, 0, true), kR, Drop::kFwNewNotAllowed, "record 2 (a drop is recorded too)");
  expect_drop(frag4(kO, 3, 0, true), kO, Drop::kFragTableFull, "no room for record 3");
  expect_drop(frag4(kO, 3, 5, false), kO, Drop::kFragNoFirst, "so its follower has no record");
  expect_forward(frag4(kO, 1, 0, true), kO, "a repeated first fragment replaces its record (no new room needed)");
  now_ = 100 + 499;
  expect_forward(frag4(kO, 1, 5, false), kO, "record 1 (renewed at 100) lives until 600");
  now_ = 600;
  expect_drop(frag4(kO, 1, 6, false), kO, Drop::kFragNoFirst, "record 1 expired at 600");
  EXPECT_EQ(router_.firewall()->live_fragments(now_), 0U);
}

TEST_F(GoldenFirewall, OffMeansStateless) {
  golden::Router off(golden::load_config(model_test::reference_config_path()));
  EXPECT_EQ(off.firewall(), nullptr);
  const Bytes syn = tcp(kR, SYN);
  EXPECT_EQ(off.process({std::vector<std::uint8_t>(syn.begin(), syn.end()), kOutside, false}).action, Action::kForward);
  const Bytes later = frag4(kR, 5, 9, false);
  EXPECT_EQ(off.process({std::vector<std::uint8_t>(later.begin(), later.end()), kOutside, false}).action, Action::kForward);
}

TEST_F(GoldenFirewall, OnlyForwardedPacketsAreTracked) {
  // TTL 1 gets time exceeded (F2) before the firewall: no connection is made.
  const Bytes ttl1 = PacketBuilder().eth(kR0, kIn).ipv4({.src = kA, .dst = kB, .ttl = 1})
                         .udp({.sport = 5000, .dport = 53}).payload(12, 0).pad_to(64).build();
  EXPECT_EQ(send(ttl1, kO).action, Action::kReply);
  EXPECT_EQ(state(), std::nullopt);
  expect_drop(udp(kR), kR, Drop::kFwNewNotAllowed, "so the reply direction has nothing to match");
}

TEST(GoldenFirewallConfig, KeysRangesAndOneLineErrors) {
  const std::string base = R"({"ports":[{"port":0,"mac":"02:00:00:00:00:01","ipv4":["10.0.0.1/24"]}],)";
  auto load = [&](const std::string& fw) { return golden::parse_config(base + R"("firewall":)" + fw + "}"); };
  const auto c = load(R"({"enabled":true,"max_connections":7,"timeouts":{"udp":3,"tcp_time_wait":9}})");
  EXPECT_TRUE(c.firewall.enabled);
  EXPECT_EQ(c.firewall.max_connections, 7U);
  EXPECT_EQ(c.firewall.max_fragments, 1024U);
  EXPECT_EQ(c.firewall.timeouts.udp, 3U);
  EXPECT_EQ(c.firewall.timeouts.tcp_time_wait, 9U);
  EXPECT_EQ(c.firewall.timeouts.tcp_established, 10'000'000U) << "the default of 12.6";
  auto error = [&](const std::string& fw) {
    try {
      load(fw);
    } catch (const golden::ConfigError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(error(R"({"enabled":true,"timeouts":{"tcp_estab":5}})"), "firewall.timeouts: unknown key 'tcp_estab'");
  EXPECT_EQ(error(R"({"enabled":true,"timeouts":{"udp":0}})"), "firewall.timeouts.udp: 0 is outside 1..1073741824");
  EXPECT_EQ(error(R"({"enabled":true,"max_connections":0})"), "firewall.max_connections: 0 is outside 1..16777216");
  EXPECT_EQ(error(R"({"max_connections":5})"), "firewall: missing key 'enabled'");
  EXPECT_EQ(error(R"({"enabled":1})"), "firewall.enabled: expected true or false");
  EXPECT_EQ(error(R"({"enabled":true,"zones":1})"), "firewall: unknown key 'zones'");
}

TEST(GoldenFirewallTime, PacketsMustNotGoBackInTime) {
  golden::Router r(config(fw_on()));
  const Bytes f = udp(kO);
  r.process({std::vector<std::uint8_t>(f.begin(), f.end()), kInside, false, 100});
  EXPECT_THROW(r.process({std::vector<std::uint8_t>(f.begin(), f.end()), kInside, false, 99}), std::invalid_argument);
}

// Randomized: interleaved sessions, a third of them opened from outside, with SYN retransmissions,
// duplicated segments and stray ACKs. The reference is each session's script: a session opened
// from inside passes whole (its duplicates are in-state repeats), one opened from outside is refused
// at its SYN (0x61) and its later segments find no connection (0x60).
TEST(GoldenFirewallRandom, InterleavedSessionsMatchTheirScripts) {
  const std::uint64_t seed = baton::tb::test_seed();
  tb::Rng rng(seed);
  golden::Router r(config(fw_on()));
  struct Pkt {
    Bytes frame;
    std::uint8_t port;
    Action want;
    Drop reason;
    double at;
    std::size_t session;
  };
  std::vector<Pkt> pk;
  const unsigned sessions = 2000;
  unsigned inside_sessions = 0;
  for (unsigned s = 0; s < sessions; ++s) {
    const bool from_inside = !rng.chance(1.0 / 3);
    inside_sessions += from_inside ? 1 : 0;
    const Ip4 in_host = ip4(fmt::format("10.0.0.{}", 2 + s % 2)), out_host = ip4(fmt::format("203.0.113.{}", 129 + s % 100));
    const auto in_port = static_cast<std::uint16_t>(10000 + s), out_port = static_cast<std::uint16_t>(rng.range(1, 1023));
    auto seg = [&](bool from_in, std::uint16_t flags) {
      return PacketBuilder().eth(from_in ? kR0 : kR2, from_in ? kIn : kOut)
          .ipv4({.src = from_in ? in_host : out_host, .dst = from_in ? out_host : in_host})
          .tcp({.sport = from_in ? in_port : out_port, .dport = from_in ? out_port : in_port, .flags = flags})
          .payload(static_cast<std::size_t>(rng.range(0, 40)), 0).pad_to(60).build();
    };
    // The script from the initiator's side I and the responder's side P.
    const bool I = from_inside, P = !from_inside;
    std::vector<std::pair<bool, std::uint16_t>> script = {{I, SYN}};
    if (rng.chance(0.2)) script.push_back({I, SYN});  // retransmitted SYN
    script.push_back({P, SYNACK});
    if (rng.chance(0.1)) script.push_back({P, SYNACK});
    script.push_back({I, ACK});
    for (int k = rng.range(0, 6); k > 0; --k) script.push_back({rng.chance(0.5) ? I : P, 0x18});
    if (rng.chance(0.2)) script.push_back({script.back().first, script.back().second});  // duplicate
    if (rng.chance(0.5)) {
      const bool closer = rng.chance(0.5) ? I : P;
      script.push_back({closer, FIN});
      script.push_back({!closer, ACK});
      script.push_back({!closer, FIN});
      script.push_back({closer, ACK});
    } else if (rng.chance(0.3)) {
      script.push_back({rng.chance(0.5) ? I : P, RST});
    }
    double at = rng.range(0, 200000);
    for (std::size_t k = 0; k < script.size(); ++k) {
      const auto [from_in, flags] = script[k];
      Action want = Action::kForward;
      Drop reason = Drop::kNone;
      if (!from_inside) {  // refused at the SYN; nothing after it has a connection
        want = Action::kDrop;
        reason = (flags == SYN && from_in == I) ? Drop::kFwNewNotAllowed : Drop::kFwInvalid;
      }
      pk.push_back({seg(from_in, flags), static_cast<std::uint8_t>(from_in ? kInside : kOutside), want, reason, at, s});
      at += rng.range(1, 500);
    }
  }
  std::stable_sort(pk.begin(), pk.end(), [](const Pkt& a, const Pkt& b) { return a.at < b.at; });
  std::size_t bad = 0;
  for (std::size_t i = 0; i < pk.size() && bad < 10; ++i) {
    const auto& p = pk[i];
    const auto v = r.process({std::vector<std::uint8_t>(p.frame.begin(), p.frame.end()), p.port, false,
                              static_cast<std::uint64_t>(p.at)});
    if (v.action != p.want || v.reason != p.reason) {
      ++bad;
      ADD_FAILURE() << fmt::format("packet {} of session {}: {} {} instead of {} {}; seed {}", i, p.session,
                                   golden::name(v.action), golden::name(v.reason), golden::name(p.want),
                                   golden::name(p.reason), seed);
    }
  }
  EXPECT_EQ(r.firewall()->counters().created, inside_sessions) << "seed " << seed;
}

}  // namespace
