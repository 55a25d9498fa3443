// SPDX-License-Identifier: Apache-2.0
// The session generator of tb/net (sessions.hpp): hosts derived from the reference
// configuration, directed TCP/UDP/ICMP sessions, determinism, and a statistical run through the
// golden model: session packets are forwarded to the other side's port, TCP sequence and
// acknowledgement numbers are consistent (checked by parsing the frames), flows repeat and a few
// sessions carry most packets.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <map>
#include <set>

#include <fmt/format.h>

#include "baton/golden/router.hpp"
#include "baton/net/flow.hpp"
#include "baton/net/parser.hpp"
#include "baton/net/sessions.hpp"
#include "model_util.hpp"

namespace {

using namespace baton;
using net::SessionKind;
using net::SessionMix;
using net::SessionPacket;

std::string reference_text() {
  std::ifstream in(model_test::reference_config_path());
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

constexpr std::uint16_t kFin = 0x001, kSyn = 0x002, kRst = 0x004, kAck = 0x010;

SessionMix only(SessionKind k) {
  SessionMix m;
  m.tcp = k == SessionKind::kTcp ? 1 : 0;
  m.udp = k == SessionKind::kUdp ? 1 : 0;
  m.icmp = k == SessionKind::kIcmpEcho ? 1 : 0;
  m.background = 0;
  m.active = 1;
  m.vlan = 0;
  return m;
}

// The packets of the first session of a generator with one active session.
std::vector<SessionPacket> first_session(const SessionMix& mix, std::uint64_t seed) {
  net::SessionGenerator gen(reference_text(), mix, seed);
  std::vector<SessionPacket> out;
  for (;;) {
    auto p = gen.next();
    EXPECT_TRUE(p.in_session());
    if (p.session != 0) break;
    out.push_back(std::move(p));
    if (out.size() > 100000) break;
  }
  return out;
}

// ---- Hosts from the configuration ------------------------------------------------------------

TEST(SessionHosts, ReferenceConfiguration) {
  const auto profile = net::SessionProfile::from_config_text(reference_text());
  const auto hosts = net::derive_hosts(profile, 16, 1);
  std::set<std::pair<std::string, int>> direct;
  std::map<int, int> remote4, remote6;
  for (const auto& h : hosts) {
    const std::string a = h.v6 ? net::to_string(h.ip6) : net::to_string(h.ip4);
    if (h.direct) {
      direct.insert({a, h.port});
      continue;
    }
    ++(h.v6 ? remote6 : remote4)[h.port];
    // Remote hosts sit inside the route of their port, and come through its next hop.
    if (!h.v6) {
      const auto u = net::to_u32(h.ip4);
      switch (h.port) {
        case 1:
          EXPECT_EQ(u >> 20, net::to_u32(net::ip4("172.16.0.0")) >> 20) << a;
          EXPECT_EQ(h.mac, net::mac("02:00:00:00:11:fe"));
          break;
        case 2:  // 203.0.113.128/25, or the default route outside every other prefix
          if ((u >> 7) != (0xcb007180U >> 7)) {
            EXPECT_FALSE((u >> 20) == (0xac100000U >> 20) || (u >> 8) == (0xcb007100U >> 8) ||
                         (u >> 24) == 10 || (u >> 8) == (0xc0000200U >> 8) ||
                         (u >> 8) == (0xc6336400U >> 8))
                << a;
          }
          EXPECT_EQ(h.mac, net::mac("02:00:00:00:12:fe"));
          break;
        case 3:
          EXPECT_EQ(u >> 7, net::to_u32(net::ip4("203.0.113.0")) >> 7) << a;  // not the /25 via 2
          EXPECT_EQ(h.mac, net::mac("02:00:00:00:13:fe"));
          break;
        default:
          ADD_FAILURE() << "remote IPv4 host " << a << " on port " << int{h.port};
      }
    } else {
      EXPECT_NE(h.port, 0) << a;
      if (h.port == 1) EXPECT_EQ(a.rfind("2001:db8:100:", 0), 0U) << a;
      if (h.port == 3) EXPECT_EQ(a.rfind("2001:db8:2", 0), 0U) << a;
    }
  }
  const std::set<std::pair<std::string, int>> want = {
      {"10.0.0.2", 0},          {"10.0.0.3", 0},          {"10.0.1.254", 1},
      {"192.0.2.254", 2},       {"198.51.100.254", 3},    {"2001:db8:0:10::2", 0},
      {"2001:db8:0:11::fe", 1}, {"2001:db8:0:12::fe", 2}, {"2001:db8:0:13::fe", 3}};
  EXPECT_EQ(direct, want);
  EXPECT_EQ(remote4, (std::map<int, int>{{1, 16}, {2, 32}, {3, 16}}));  // port 2: /25 and default
  EXPECT_EQ(remote6, (std::map<int, int>{{1, 16}, {2, 16}, {3, 16}}));
}

TEST(SessionHosts, NoTwoPortsIsAnError) {
  EXPECT_THROW(net::SessionGenerator(R"({"ports": [{"port": 0, "mac": "02:00:00:00:00:01",
      "ipv4": ["10.0.0.1/24"]}], "neighbours": [{"ip": "10.0.0.2", "mac": "02:00:00:00:00:02"}]})",
                                     SessionMix{}, 1),
               net::NetError);
}

// ---- Directed sessions -----------------------------------------------------------------------

TEST(SessionDirected, TcpHandshakeDataAndClose) {
  auto mix = only(SessionKind::kTcp);
  mix.tcp_rst = 0;
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    const auto pkts = first_session(mix, seed);
    ASSERT_GE(pkts.size(), 8U);
    std::vector<std::uint16_t> flags;
    std::vector<bool> rev;
    std::set<std::uint8_t> client_ports, server_ports;
    for (const auto& p : pkts) {
      const auto f = net::parse_frame(p.frame);
      ASSERT_TRUE(f.l3.tcp.has_value());
      flags.push_back(f.l3.tcp->flags);
      rev.push_back(p.reverse);
      (p.reverse ? server_ports : client_ports).insert(p.port);
      EXPECT_EQ(p.frame.size() >= 60, true);
    }
    SCOPED_TRACE(fmt::format("seed {}", seed));
    // Handshake: SYN, SYN-ACK, ACK, alternating sides.
    EXPECT_EQ(flags[0], kSyn);
    EXPECT_EQ(flags[1], kSyn | kAck);
    EXPECT_EQ(flags[2], kAck);
    EXPECT_FALSE(rev[0]);
    EXPECT_TRUE(rev[1]);
    EXPECT_FALSE(rev[2]);
    // Each side enters on one port, the two differ.
    ASSERT_EQ(client_ports.size(), 1U);
    ASSERT_EQ(server_ports.size(), 1U);
    EXPECT_NE(*client_ports.begin(), *server_ports.begin());
    // Data: ACK set, no SYN, FIN, RST.
    const std::size_t n = flags.size();
    for (std::size_t i = 3; i + 4 < n; ++i) {
      EXPECT_EQ(flags[i] & (kSyn | kFin | kRst), 0) << i;
      EXPECT_NE(flags[i] & kAck, 0) << i;
    }
    // Close: FIN/ACK, ACK from the other side, its FIN/ACK, the last ACK from the first closer.
    EXPECT_EQ(flags[n - 4], kFin | kAck);
    EXPECT_EQ(flags[n - 3], kAck);
    EXPECT_EQ(flags[n - 2], kFin | kAck);
    EXPECT_EQ(flags[n - 1], kAck);
    EXPECT_NE(rev[n - 4], rev[n - 3]);
    EXPECT_EQ(rev[n - 3], rev[n - 2]);
    EXPECT_NE(rev[n - 2], rev[n - 1]);
    // Handshake and close packets are minimal frames padded to 60 bytes (IPv4, no tag).
    const auto f0 = net::parse_frame(pkts[0].frame);
    if (f0.l3.ip4) {
      for (std::size_t i : {std::size_t{0}, std::size_t{1}, std::size_t{2}, n - 1}) {
        EXPECT_EQ(pkts[i].frame.size(), 60U) << i;
      }
    }
  }
}

TEST(SessionDirected, TcpReset) {
  auto mix = only(SessionKind::kTcp);
  mix.tcp_rst = 1;
  const auto pkts = first_session(mix, 7);
  ASSERT_GE(pkts.size(), 4U);
  EXPECT_EQ(net::parse_frame(pkts.back().frame).l3.tcp->flags, kRst | kAck);
  for (std::size_t i = 0; i + 1 < pkts.size(); ++i) {
    EXPECT_EQ(net::parse_frame(pkts[i].frame).l3.tcp->flags & kRst, 0);
  }
}

TEST(SessionDirected, IcmpEchoSequence) {
  for (std::uint64_t seed = 1; seed <= 10; ++seed) {
    const auto pkts = first_session(only(SessionKind::kIcmpEcho), seed);
    ASSERT_GE(pkts.size(), 2U);
    ASSERT_EQ(pkts.size() % 2, 0U);
    std::optional<std::uint16_t> id;
    for (std::size_t i = 0; i < pkts.size(); ++i) {
      const auto f = net::parse_frame(pkts[i].frame);
      const auto& icmp = f.l3.ip4 ? f.l3.icmp : f.l3.icmp6;
      ASSERT_TRUE(icmp.has_value());
      EXPECT_EQ(pkts[i].reverse, i % 2 == 1);
      const std::uint8_t want = f.l3.ip4 ? (i % 2 ? 0 : 8) : (i % 2 ? 129 : 128);
      EXPECT_EQ(icmp->type, want);
      EXPECT_EQ(icmp->checksum_status, net::CsumStatus::kGood);
      if (!id) id = static_cast<std::uint16_t>(icmp->rest >> 16);
      EXPECT_EQ(icmp->rest >> 16, *id);
      EXPECT_EQ(icmp->rest & 0xffff, i / 2 + 1);
      // The reply carries the request's data: same length.
      if (i % 2) EXPECT_EQ(pkts[i].frame.size(), pkts[i - 1].frame.size());
    }
  }
}

TEST(SessionDirected, UdpRequestResponse) {
  const auto pkts = first_session(only(SessionKind::kUdp), 3);
  ASSERT_GE(pkts.size(), 2U);
  const auto f0 = net::parse_frame(pkts[0].frame);
  ASSERT_TRUE(f0.l3.udp.has_value());
  for (std::size_t i = 0; i < pkts.size(); ++i) {
    const auto f = net::parse_frame(pkts[i].frame);
    ASSERT_TRUE(f.l3.udp.has_value());
    EXPECT_EQ(pkts[i].reverse, i % 2 == 1);
    EXPECT_EQ(f.l3.udp->sport, i % 2 ? f0.l3.udp->dport : f0.l3.udp->sport);
    EXPECT_EQ(f.l3.udp->dport, i % 2 ? f0.l3.udp->sport : f0.l3.udp->dport);
    EXPECT_EQ(net::l4_checksum_status(f), net::CsumStatus::kGood);
  }
}

TEST(SessionDirected, Determinism) {
  const auto text = reference_text();
  net::SessionGenerator a(text, SessionMix{}, 42), b(text, SessionMix{}, 42),
      c(text, SessionMix{}, 43);
  std::size_t differ = 0;
  for (int i = 0; i < 3000; ++i) {
    const auto pa = a.next(), pb = b.next(), pc = c.next();
    ASSERT_EQ(pa.frame, pb.frame) << i;
    ASSERT_EQ(pa.port, pb.port) << i;
    ASSERT_EQ(pa.session, pb.session) << i;
    ASSERT_EQ(pa.reverse, pb.reverse) << i;
    ASSERT_EQ(pa.tuser, pb.tuser) << i;
    differ += pa.frame != pc.frame ? 1 : 0;
  }
  EXPECT_GT(differ, 2900U);
}

// Zones: with inside ports every session joins an inside host to one behind another port; about
// `opened_inside` of them start from inside, the others are their first packet alone (a firewall
// refuses them, so nothing answers).
TEST(SessionDirected, ZonesOpenFromInside) {
  const std::uint64_t seed = tb::test_seed();
  SCOPED_TRACE(fmt::format("seed {}", seed));
  SessionMix mix;
  mix.background = 0;
  mix.inside_ports = {0, 1};
  net::SessionGenerator gen(reference_text(), mix, seed);
  struct Seen {
    std::uint8_t client_port = 0, server_port = 0;
    bool server_seen = false;
    std::size_t packets = 0;
  };
  std::map<std::uint64_t, Seen> sessions;
  for (int i = 0; i < 20000; ++i) {
    const auto p = gen.next();
    ASSERT_TRUE(p.in_session());
    auto [it, fresh] = sessions.try_emplace(p.session);
    if (fresh) ASSERT_FALSE(p.reverse) << "a session starts with its client's packet";
    ++it->second.packets;
    (p.reverse ? it->second.server_port : it->second.client_port) = p.port;
    it->second.server_seen |= p.reverse;
  }
  const auto inside = [](std::uint8_t port) { return port <= 1; };
  std::size_t from_inside = 0, from_outside = 0;
  for (const auto& [id, s] : sessions) {
    if (inside(s.client_port)) {
      ++from_inside;
      if (s.server_seen) EXPECT_FALSE(inside(s.server_port)) << "session " << id << ": inside to inside";
    } else {
      ++from_outside;
      // A refused session is one packet; the last sessions may still be open, none is refused twice.
      EXPECT_EQ(s.packets, 1U) << "session " << id << " opened from outside port " << int{s.client_port};
      EXPECT_FALSE(s.server_seen);
    }
  }
  const double share = static_cast<double>(from_inside) / static_cast<double>(from_inside + from_outside);
  EXPECT_GT(from_inside + from_outside, 300U);
  EXPECT_NEAR(share, mix.opened_inside, 0.05) << from_inside << " from inside, " << from_outside << " from outside";
}

// ---- Through the golden model ------------------------------------------------------------------

struct Figures {
  std::size_t packets = 0, session_packets = 0, forwarded = 0, sessions = 0;
  std::size_t repeated = 0;      // session packets whose ordering key was seen before
  std::size_t flows = 0;         // distinct ordering keys of session packets
  std::size_t flows_repeat = 0;  // of them with at least 2 packets
  double top10 = 0;              // share of session packets in the top 10 % of sessions
};

// Independent TCP check: sequence and acknowledgement numbers from the parsed frames.
struct TcpTrack {
  bool started = false;
  std::array<std::uint32_t, 2> next{};  // next sequence number of client, server
  std::array<bool, 2> known{};
  bool closed = false;
};

Figures run_golden(const std::string& text, std::uint64_t seed, std::size_t n,
                   const SessionMix& mix) {
  Figures fig;
  net::SessionGenerator gen(text, mix, seed);
  golden::Router router(golden::parse_config(text));
  std::map<std::pair<std::uint64_t, bool>, std::uint8_t> ingress;  // (session, reverse) -> port
  std::map<std::pair<std::uint64_t, bool>, std::set<std::uint8_t>> egress;
  std::map<std::pair<int, net::Bytes>, std::size_t> keys;
  std::map<std::uint64_t, std::size_t> per_session;
  std::map<std::uint64_t, TcpTrack> tcp;
  std::map<std::uint64_t, std::pair<std::uint16_t, std::uint16_t>> echo;  // id, next sequence
  std::size_t sizes_min = 10000, sizes_max = 0;
  std::array<std::size_t, 12> size_bins{};  // 60..1518 in 12 bins
  std::size_t background = 0, ip6 = 0, tagged = 0, resets = 0;
  std::size_t tcp_errors = 0, echo_errors = 0, csum_errors = 0, dir_errors = 0;
  std::set<SessionKind> kinds;
  for (std::size_t i = 0; i < n; ++i) {
    const auto p = gen.next();
    const auto v = router.process({p.frame, p.port, p.tuser});
    ++fig.packets;
    if (!p.in_session()) {
      ++background;
      continue;
    }
    ++fig.session_packets;
    ++per_session[p.session];
    kinds.insert(p.kind);
    const auto dir = std::make_pair(p.session, p.reverse);
    const auto [it, fresh] = ingress.emplace(dir, p.port);
    if (!fresh && it->second != p.port) ++dir_errors;
    if (v.action == golden::Action::kForward) {
      ++fig.forwarded;
      egress[dir].insert(v.port);
    }
    const auto key = std::make_pair(int{p.port}, net::flow_key(p.frame).input);
    fig.repeated += keys[key]++ > 0 ? 1 : 0;

    sizes_min = std::min(sizes_min, p.frame.size());
    sizes_max = std::max(sizes_max, p.frame.size());
    if (p.frame.size() >= 60 && p.frame.size() <= 1518)
      ++size_bins[(p.frame.size() - 60) * 12 / 1459];

    const auto f = net::parse_frame(p.frame);
    ip6 += f.l3.ip6 ? 1 : 0;
    tagged += f.tags.empty() ? 0 : 1;
    if (net::l4_checksum_status(f) != net::CsumStatus::kGood) ++csum_errors;
    if (p.kind == SessionKind::kTcp) {
      if (!f.l3.tcp || !f.l3.tcp->payload_len) {
        ++tcp_errors;
        continue;
      }
      const auto& t = *f.l3.tcp;
      auto& tr = tcp[p.session];
      const int me = p.reverse ? 1 : 0, peer = 1 - me;
      bool ok = !tr.closed;
      if (!tr.started) {  // the first packet is the client's SYN
        ok = ok && t.flags == kSyn && !p.reverse;
        tr.started = true;
      } else if (t.flags & kSyn) {  // the server's SYN-ACK acknowledges the client's SYN
        ok = ok && p.reverse && !tr.known[1] && (t.flags & kAck) && t.ack == tr.next[0];
      } else {
        ok = ok && tr.known[me] && t.seq == tr.next[me] && (t.flags & kAck) &&
             t.ack == tr.next[peer];
      }
      if (!ok && tcp_errors < 5) {
        ADD_FAILURE() << fmt::format(
            "TCP session {} packet #{} flags {:03x} seq {} ack {}; seed {}", p.session, i, t.flags,
            t.seq, t.ack, seed);
      }
      tcp_errors += ok ? 0 : 1;
      tr.next[me] =
          t.seq + *t.payload_len + ((t.flags & kSyn) ? 1 : 0) + ((t.flags & kFin) ? 1 : 0);
      tr.known[me] = true;
      if (t.flags & kRst) {
        tr.closed = true;
        ++resets;
      }
    } else if (p.kind == SessionKind::kIcmpEcho) {
      const auto& icmp = f.l3.ip4 ? f.l3.icmp : f.l3.icmp6;
      if (!icmp) {
        ++echo_errors;
        continue;
      }
      const auto id = static_cast<std::uint16_t>(icmp->rest >> 16);
      const auto sq = static_cast<std::uint16_t>(icmp->rest);
      auto [e, first] = echo.emplace(p.session, std::make_pair(id, std::uint16_t{1}));
      // Requests carry the next sequence number, replies repeat it.
      const bool ok = e->second.first == id && sq == e->second.second;
      echo_errors += ok ? 0 : 1;
      if (p.reverse) ++e->second.second;
    }
  }
  // Each direction leaves on the port the other direction enters on.
  for (const auto& [dir, ports] : egress) {
    const auto other = ingress.find({dir.first, !dir.second});
    if (other == ingress.end()) continue;  // the session was cut off by the end of the run
    if (ports != std::set<std::uint8_t>{other->second}) ++dir_errors;
  }
  fig.sessions = per_session.size();
  for (const auto& [k, c] : keys) fig.flows_repeat += c >= 2 ? 1 : 0;
  fig.flows = keys.size();
  std::vector<std::size_t> counts;
  for (const auto& [s, c] : per_session) counts.push_back(c);
  std::sort(counts.rbegin(), counts.rend());
  std::size_t top = 0;
  for (std::size_t k = 0; k < std::max<std::size_t>(1, counts.size() / 10); ++k) top += counts[k];
  fig.top10 = static_cast<double>(top) / static_cast<double>(fig.session_packets);

  const double fwd = static_cast<double>(fig.forwarded) / static_cast<double>(fig.session_packets);
  const double rep = static_cast<double>(fig.repeated) / static_cast<double>(fig.session_packets);
  std::cout << fmt::format(
      "seed {}: {} packets, {} background, {} session packets in {} sessions; forwarded {:.4f}; "
      "flows {} ({} with >= 2 packets), packets on a seen flow {:.3f}; top 10 % sessions carry "
      "{:.3f}; IPv6 {}, tagged {}, TCP resets {}; sizes {}..{}\n",
      seed, fig.packets, background, fig.session_packets, fig.sessions, fwd, fig.flows,
      fig.flows_repeat, rep, fig.top10, ip6, tagged, resets, sizes_min, sizes_max);

  EXPECT_GE(fwd, 0.90) << "seed " << seed;
  EXPECT_EQ(dir_errors, 0U) << "seed " << seed;
  EXPECT_EQ(tcp_errors, 0U) << "seed " << seed;
  EXPECT_EQ(echo_errors, 0U) << "seed " << seed;
  EXPECT_EQ(csum_errors, 0U) << "seed " << seed;
  EXPECT_GE(rep, 0.7) << "seed " << seed;
  EXPECT_GE(fig.flows_repeat * 10, fig.session_packets / 2)
      << "seed " << seed;  // many repeating flows
  EXPECT_GE(fig.top10, 0.3) << "seed " << seed;
  EXPECT_EQ(kinds.size(), 3U);
  EXPECT_GT(ip6, 0U);
  EXPECT_GT(tagged, 0U);
  const double bg = static_cast<double>(background) / static_cast<double>(n);
  EXPECT_NEAR(bg, mix.background, 0.03);
  EXPECT_EQ(sizes_min, 60U);
  EXPECT_EQ(sizes_max, 1518U);
  for (std::size_t b = 0; b < size_bins.size(); ++b)
    EXPECT_GT(size_bins[b], 0U) << "size bin " << b;
  return fig;
}

// Three seeds, one instance each (each has its own seed and repro line).
class SessionGoldenSeeds : public ::testing::TestWithParam<int> {};
TEST_P(SessionGoldenSeeds, Reference) {
  run_golden(reference_text(), tb::test_seed(), 5000, SessionMix{});
}
INSTANTIATE_TEST_SUITE_P(Seeds, SessionGoldenSeeds, ::testing::Values(0, 1, 2));

TEST(SessionGolden, DirectedConfiguration) {
  run_golden(model_test::kDirectedConfig, tb::test_seed(), 5000, SessionMix{});
}

TEST(SessionGolden, ManySessionsNoBackground) {
  SessionMix mix;
  mix.background = 0;
  mix.active = 256;
  mix.vlan = 0.5;
  run_golden(reference_text(), tb::test_seed(), 5000, mix);
}

}  // namespace
