// SPDX-License-Identifier: Apache-2.0
// The stateful firewall of the reference router (docs/feature-set.md section 12, FS6) on the ISS
// engine model with flow state and the firewall image (router_fw): two-way sessions through the
// inside and outside ports with loss, duplication and reordering injected, and directed
// conversations, every packet's verdict against the golden router's with the packet's arrival
// time as its clock.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <cstdio>
#include <map>
#include <numeric>
#include <string>

#include "baton/abi.hpp"
#include "baton/env/engine/firewall.hpp"
#include "baton/fw/firewall_classes.hpp"
#include "baton/golden/firewall.hpp"
#include "baton/net/builder.hpp"
#include "baton/tb/config.hpp"
#include "fw_test_util.hpp"

namespace {

using namespace baton;
namespace eng = baton::model::engine;

std::string fw_image_prefix() {
  if (const char* s = std::getenv("BATON_ROUTER_FW_IMAGE")) return s;
  return BATON_ROUTER_FW_IMAGE;
}

eng::EngineConfig firewall_engine() {
  eng::EngineConfig c;
  c.tiles = 4;
  c.threads = 4;
  c.flow.enabled = true;
  for (const auto& r : fw::firewall_classes()) {
    auto& e = c.flow.classes.at(r.cls);
    e = {true, static_cast<eng::LookupMode>(r.lookup), static_cast<std::uint8_t>(r.part),
         static_cast<std::uint16_t>(r.entry)};
    e.conn = r.conn;
  }
  return c;
}

// Timeouts short enough that connections of every kind expire within a run (a session's packets
// come about active x mean_gap cycles apart), long enough that most sessions live.
const std::string kTimeouts = R"({"tcp_syn_sent": 100000, "tcp_syn_recv": 100000, "tcp_established": 300000,
  "tcp_fin_wait": 100000, "tcp_close_wait": 100000, "tcp_last_ack": 50000, "tcp_time_wait": 100000,
  "tcp_close": 20000, "udp": 60000, "udp_stream": 200000})";

struct Outcome {
  std::vector<golden::Verdict> expected;
  std::vector<eng::Completion> got;
  golden::FirewallCounters fw;
  eng::EngineCounters counters;
  std::size_t mismatches = 0;
};

// The earlier packets of packet i's connection (the ingress's connection key): arrival, port and
// both verdicts, for a failure message.
std::string history(const std::vector<golden::Packet>& pkts, const std::vector<std::uint64_t>& arrival, const Outcome& o,
                    std::size_t i) {
  const auto key = [&](std::size_t k) { return env::engine::connection_of(pkts[k].frame); };
  std::map<std::size_t, const eng::Completion*> by_index;
  for (const auto& c : o.got) {
    if (c.index != eng::kNoPacket) by_index[c.index] = &c;
  }
  std::string h = "\n  its connection's packets:";
  for (std::size_t k = 0; k <= i; ++k) {
    if (key(k) != key(i)) continue;
    h += fmt::format("\n    #{} port {} arrival {}: golden {}, firmware {}", k, pkts[k].port, arrival[k],
                     golden::name(o.expected[k].reason), by_index.count(k) ? fw_test::describe(*by_index[k]).substr(0, 24) : "?");
  }
  return h;
}

Outcome run(const std::string& cfg, std::vector<golden::Packet> pkts, const std::vector<std::uint64_t>& at,
            std::uint64_t seed) {
  Outcome o;
  eng::EngineModel model(fw_image_prefix(), fw::compile_blob(fw::parse_config(cfg)), firewall_engine());
  std::vector<eng::InPacket> in;
  for (std::size_t i = 0; i < pkts.size(); ++i) in.push_back({pkts[i].frame, pkts[i].port, pkts[i].tuser_error, at[i]});
  o.got = model.run(in);
  o.counters = model.counters();
  // The golden model's clock is the arrival the engine stamped on each packet.
  std::vector<std::uint64_t> arrival(pkts.size(), 0);
  std::vector<int> seen(pkts.size(), 0);
  for (const auto& c : o.got) {
    if (c.index == eng::kNoPacket) continue;
    ++seen.at(c.index);
    arrival[c.index] = c.arrival;
  }
  for (std::size_t i = 0; i < pkts.size(); ++i) EXPECT_EQ(seen[i], 1) << "packet #" << i << " ended " << seen[i] << " times";
  o.expected = env::engine::firewall_verdicts(golden::parse_config(cfg), pkts, arrival, &o.fw);
  for (const auto& c : o.got) {
    if (c.index == eng::kNoPacket) {
      EXPECT_EQ(c.kind, eng::OutKind::kDone) << "a timeout event ends with DONE";
      continue;
    }
    if (!fw_test::same(o.expected[c.index], c) && ++o.mismatches <= 10) {
      ADD_FAILURE() << fmt::format("packet #{} (port {}, arrival {}): golden {}, firmware {}\n  frame {}\n  {}{}", c.index,
                                   pkts[c.index].port, c.arrival, fw_test::describe(o.expected[c.index]),
                                   fw_test::describe(c), net::hex(pkts[c.index].frame), model_test::context(seed, c.index),
                                   history(pkts, arrival, o, c.index));
    }
  }
  EXPECT_EQ(o.mismatches, 0U);
  {  // informational: latency and instructions per packet
    std::uint64_t worst = 0, sum = 0, n = 0, insn = 0, pl = 0;
    for (const auto& c : o.got) {
      if (c.index == eng::kNoPacket) { ++pl; continue; }
      worst = std::max<std::uint64_t>(worst, c.cycle - c.arrival);
      sum += c.cycle - c.arrival;
      insn += c.instructions;
      ++n;
    }
    std::printf("latency max %llu mean %.0f, instructions %.0f, packetless %llu\n", (unsigned long long)worst,
                double(sum) / double(n), double(insn) / double(n), (unsigned long long)pl);
  }
  return o;
}

TEST(FwFirewall, SessionsWithLossDuplicationAndReorderingMatchTheGoldenModel) {
  if (!std::filesystem::exists(fw_image_prefix() + ".bin")) GTEST_SKIP() << "no firmware image";
  const std::uint64_t seed = tb::test_seed();
  SCOPED_TRACE(fmt::format("seed {} (repro: BATON_SEED={} fw_firewall_test)", seed, seed));
  const auto cfg = env::engine::with_firewall(fw_test::read_text(model_test::reference_config_path()), kTimeouts);
  env::engine::FirewallSchedule s;
  // Within what 4 tiles retire: the firewall verifies every L4 checksum, about 1 100 instructions
  // for this mix's mean frame; a connection's packets further apart than its events' latency.
  s.mean_gap = 1500;
  s.conn_gap = 8000;
  s.mix.background = 0.05;
  s.mix.active = 24;
  const auto t = env::engine::firewall_traffic(cfg, 6000, seed, 4, s);
  const Outcome o = run(cfg, t.packets, t.at, seed);
  // The stimulus exercised section 12: accepted new and established packets, invalid packets,
  // refused outside connections, expired connections.
  std::map<unsigned, std::size_t> drops;
  std::size_t sent = 0;
  for (const auto& v : o.expected) {
    if (v.action == golden::Action::kDrop) ++drops[static_cast<unsigned>(v.reason)];
    if (v.action == golden::Action::kForward) ++sent;
  }
  EXPECT_GT(o.fw.accepted_new, 100U);
  EXPECT_GT(o.fw.accepted_established, 1000U);
  EXPECT_GT(o.fw.created, 100U);
  EXPECT_GT(o.fw.expired, 10U);
  EXPECT_GT(drops[0x60], 20U) << "invalid";
  EXPECT_GT(drops[0x61], 20U) << "new from outside";
  EXPECT_GT(o.fw.accepted_related, 20U) << "ICMP errors about live connections";
  std::printf("%zu packets: %zu forwarded, fw.new %llu, fw.established %llu, created %llu, expired %llu, "
              "drops 0x60 %zu, 0x61 %zu; flow inserts %llu, deletes %llu, busy %llu\n",
              t.packets.size(), sent, static_cast<unsigned long long>(o.fw.accepted_new),
              static_cast<unsigned long long>(o.fw.accepted_established), static_cast<unsigned long long>(o.fw.created),
              static_cast<unsigned long long>(o.fw.expired), drops[0x60], drops[0x61],
              static_cast<unsigned long long>(o.counters.flow.inserts),
              static_cast<unsigned long long>(o.counters.flow.deletes), static_cast<unsigned long long>(o.counters.flow.busy));
  EXPECT_EQ(o.counters.flow.busy + o.counters.flow.full, 0U);

  // Figures (informational, docs/performance.md): instructions per packet, summed over every
  // partition a packet visits, with the firewall and for the same packets on the router image
  // without it; and per forwarded TCP ACK/data segment of a frame of at most 80 bytes (an
  // established connection's small segment: fw_in, ipv4, fw_est).
  std::uint64_t on = 0, seg = 0, segs = 0, seg_hops = 0;
  for (const auto& c : o.got) {
    if (c.index == eng::kNoPacket) continue;
    on += c.instructions;
    if (c.event_type == static_cast<std::uint8_t>(baton::abi::EventType::kTcp) && c.kind == eng::OutKind::kSend &&
        t.packets[c.index].frame.size() <= 80) {
      seg += c.instructions;
      seg_hops += c.deliveries;
      ++segs;
    }
  }
  eng::EngineModel off(fw_test::image_prefix(),
                       fw::compile_blob(fw::parse_config(fw_test::read_text(model_test::reference_config_path()))),
                       eng::EngineConfig{.tiles = 4, .threads = 4});
  std::vector<eng::InPacket> in;
  for (std::size_t i = 0; i < t.packets.size(); ++i) in.push_back({t.packets[i].frame, t.packets[i].port, false, t.at[i]});
  std::uint64_t off_insns = 0;
  for (const auto& c : off.run(in)) off_insns += c.instructions;
  std::printf("instructions per packet: firewall %.1f, router without it %.1f; small established TCP segment: "
              "%.1f instructions, %.1f deliveries (%llu segments)\n",
              static_cast<double>(on) / static_cast<double>(t.packets.size()),
              static_cast<double>(off_insns) / static_cast<double>(t.packets.size()),
              segs ? static_cast<double>(seg) / static_cast<double>(segs) : 0.0,
              segs ? static_cast<double>(seg_hops) / static_cast<double>(segs) : 0.0, static_cast<unsigned long long>(segs));
  EXPECT_GT(segs, 100U);
}

// ---- Directed conversations -------------------------------------------------------------------
using namespace baton::net;
const Mac kR0 = mac("02:00:00:00:00:10"), kR2 = mac("02:00:00:00:00:12");  // router ports 0 and 2
const Mac kIn = mac("02:00:00:00:10:02"), kOut = mac("02:00:00:00:12:fe");
const Ip4 kA = ip4("10.0.0.2"), kB = ip4("203.0.113.200");             // inside host, outside host
const Ip6 kA6 = ip6("2001:db8:0:10::2"), kB6 = ip6("2001:db8:300::9");  // the same, IPv6
enum Dir { kO, kR };  // from the inside host A (port 0) / from the outside host B (port 2)

// Conversation `conv` between A and B: its own client port (TCP, UDP) or echo identifier.
struct Talk {
  bool v6 = false;
  std::uint16_t conv = 0;
  PacketBuilder l3(Dir d) const {
    PacketBuilder b;
    b.eth(d == kO ? kR0 : kR2, d == kO ? kIn : kOut);
    if (v6) b.ipv6({.src = d == kO ? kA6 : kB6, .dst = d == kO ? kB6 : kA6});
    else b.ipv4({.src = d == kO ? kA : kB, .dst = d == kO ? kB : kA, .id = 7});
    return b;
  }
  [[nodiscard]] std::uint16_t client() const { return static_cast<std::uint16_t>(20000 + conv); }
  golden::Packet tcp(Dir d, std::uint16_t flags) const {
    return {l3(d).tcp({.sport = d == kO ? client() : std::uint16_t{443}, .dport = d == kO ? std::uint16_t{443} : client(),
                       .flags = flags}).payload(6, 0x5a).pad_to(64).build(), static_cast<std::uint8_t>(d == kO ? 0 : 2)};
  }
  golden::Packet udp(Dir d) const {
    return {l3(d).udp({.sport = d == kO ? client() : std::uint16_t{53}, .dport = d == kO ? std::uint16_t{53} : client()})
                .payload(12, 0x11).pad_to(64).build(), static_cast<std::uint8_t>(d == kO ? 0 : 2)};
  }
  golden::Packet echo(Dir d, bool request) const {
    auto b = l3(d);
    const std::uint32_t rest = std::uint32_t{client()} << 16 | 1;
    if (v6) b.icmpv6({.type = static_cast<std::uint8_t>(request ? 128 : 129), .rest = rest});
    else b.icmp({.type = static_cast<std::uint8_t>(request ? 8 : 0), .rest = rest});
    return {b.payload(8, 0x22).pad_to(64).build(), static_cast<std::uint8_t>(d == kO ? 0 : 2)};
  }
};

// Packets `gap` cycles apart (more than a packet's latency, so each sees its predecessor's commit).
std::vector<std::uint64_t> spaced(std::size_t n, std::uint64_t gap) {
  std::vector<std::uint64_t> at(n);
  for (std::size_t i = 0; i < n; ++i) at[i] = 100 + i * gap;
  return at;
}

bool have_fw_image() { return std::filesystem::exists(fw_image_prefix() + ".bin"); }

// Every cell of the 12.3 table, in both directions, IPv4 and IPv6: each state reached by its
// conversation, then each segment class from each side, then an ACK from the original side that
// shows what the probe left behind; every verdict the golden router's.
TEST(FwFirewall, EveryTcpCellOnTheEngine) {
  if (!have_fw_image()) GTEST_SKIP() << "no firmware image";
  const std::uint64_t seed = tb::test_seed();
  const auto cfg = env::engine::with_firewall(fw_test::read_text(model_test::reference_config_path()));
  using Step = std::pair<Dir, std::uint16_t>;
  const Step syn{kO, 0x02}, synack{kR, 0x12}, ack{kO, 0x10}, fin{kO, 0x11}, rack{kR, 0x10}, rfin{kR, 0x11}, rst{kO, 0x04};
  const std::vector<std::vector<Step>> prefixes = {
      {syn}, {syn, synack}, {syn, synack, ack}, {syn, synack, ack, fin}, {syn, synack, ack, fin, rack},
      {syn, synack, ack, fin, rack, rfin}, {syn, synack, ack, fin, rack, rfin, ack}, {syn, synack, ack, rst}};
  std::vector<golden::Packet> pkts;
  std::uint16_t conv = 0;
  for (const bool v6 : {false, true}) {
    for (const auto& pre : prefixes) {
      for (const std::uint16_t probe : {0x02, 0x12, 0x10, 0x11, 0x04}) {
        for (const Dir d : {kO, kR}) {
          const Talk t{v6, conv++};
          for (const auto& [dir, flags] : pre) pkts.push_back(t.tcp(dir, flags));
          pkts.push_back(t.tcp(d, probe));
          pkts.push_back(t.tcp(kO, 0x10));
        }
      }
    }
  }
  const Outcome o = run(cfg, pkts, spaced(pkts.size(), 1500), seed);
  std::size_t accepted = 0, refused = 0;
  for (const auto& v : o.expected) (v.action == golden::Action::kForward ? accepted : refused)++;
  EXPECT_GT(accepted, 500U);
  EXPECT_GT(refused, 40U);
}

// UDP and ICMP echo pseudo-connections, the ruleset from both zones, and every state's expiry:
// each conversation's next packet comes just before, then exactly at, its connection's expiry.
TEST(FwFirewall, PseudoConnectionsAndExpiryAtTheCycle) {
  if (!have_fw_image()) GTEST_SKIP() << "no firmware image";
  const std::uint64_t seed = tb::test_seed();
  const auto cfg = env::engine::with_firewall(fw_test::read_text(model_test::reference_config_path()),
                                              R"({"udp": 20000, "udp_stream": 30000, "tcp_syn_sent": 25000,
                                                  "tcp_established": 40000})");
  std::vector<golden::Packet> pkts;
  std::vector<std::uint64_t> at;
  std::uint64_t now = 100;
  std::uint16_t conv = 0;
  auto add = [&](golden::Packet p, std::uint64_t t) {
    pkts.push_back(std::move(p));
    at.push_back(t);
  };
  for (const bool v6 : {false, true}) {
    for (const std::int64_t late : {-1, 0}) {  // one cycle before the expiry, then at it
      const Talk u{v6, conv++}, e{v6, conv++}, t{v6, conv++}, x{v6, conv++};
      add(u.udp(kR), now);                        // new from outside: refused
      add(u.udp(kO), now + 1000);                 // new from inside: UNREPLIED
      add(u.udp(kO), now + 2000);                 // still new
      add(u.udp(kR), now + 3000);                 // reply: REPLIED (udp_stream from here)
      add(u.udp(kO), now + 3000 + 30000 + late);  // established, or gone (new again, accepted)
      add(e.echo(kO, true), now + 500);           // request: UNREPLIED
      add(e.echo(kO, false), now + 1500);         // a reply from the requester: invalid
      add(e.echo(kR, false), now + 2500);         // the reply: REPLIED
      add(e.echo(kR, true), now + 3500);          // a request from the replier: new, refused outside
      add(e.echo(kR, false), now + 2500 + 30000 + late);  // established or expired (invalid)
      add(t.tcp(kO, 0x02), now + 700);                    // SYN_SENT
      add(t.tcp(kR, 0x12), now + 700 + 25000 + late);     // SYN-ACK: SYN_RECV or too late (invalid)
      add(x.tcp(kR, 0x02), now + 900);                    // an outside SYN: refused
      add(x.tcp(kO, 0x10), now + 1100);                   // a stray ACK: invalid
      now += 80000;
    }
  }
  std::vector<std::size_t> order(pkts.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return at[a] < at[b]; });
  std::vector<golden::Packet> sorted;
  std::vector<std::uint64_t> sorted_at;
  for (const auto i : order) {
    sorted.push_back(pkts[i]);
    sorted_at.push_back(at[i]);
  }
  const Outcome o = run(cfg, sorted, sorted_at, seed);
  EXPECT_GT(o.fw.expired, 4U);
}

// ICMP errors (12.4), the verdicts written out: related when they quote a live connection,
// whichever side sends them and whichever direction they quote, for TCP, UDP and echo over IPv4
// and IPv6; invalid when they quote no connection, a datagram whose sender is not their
// destination, an echo request from the connection's replier, or a quote that ends past the
// frame's first 128 bytes. Every verdict is also the golden router's.
TEST(FwFirewall, RelatedIcmpErrors) {
  if (!have_fw_image()) GTEST_SKIP() << "no firmware image";
  const std::uint64_t seed = tb::test_seed();
  const auto cfg = env::engine::with_firewall(fw_test::read_text(model_test::reference_config_path()));
  std::vector<golden::Packet> pkts;
  std::vector<std::pair<std::size_t, bool>> errors;  // packet index, related
  std::uint16_t conv = 0;
  const auto add = [&](const golden::Packet& p) { pkts.push_back(p); };
  const auto error = [&](const golden::Packet& about, const golden::Packet& back, bool related, bool unrelated = false) {
    const auto e = env::engine::icmp_error_about(about, back, unrelated, static_cast<std::uint32_t>(errors.size()));
    ASSERT_TRUE(e.has_value());
    errors.emplace_back(pkts.size(), related);
    pkts.push_back(*e);
  };
  for (const bool v6 : {false, true}) {
    const Talk t{v6, conv++}, u{v6, conv++}, e{v6, conv++};
    const auto syn = t.tcp(kO, 0x02), synack = t.tcp(kR, 0x12);
    add(syn);
    add(synack);
    error(syn, synack, true);           // to A about its SYN, from B's side
    error(synack, syn, true);           // to B about its SYN-ACK, from A's side
    error(syn, synack, false, true);    // a quote of no connection
    error(synack, synack, false);       // to A about B's own packet: not back to the quoted sender
    add(u.udp(kO));
    error(u.udp(kO), u.udp(kR), true);  // UDP, before any reply
    add(e.echo(kO, true));
    error(e.echo(kO, true), e.echo(kR, false), true);    // the request
    error(e.echo(kR, false), e.echo(kO, true), true);    // a reply (never sent) names the same connection
    error(e.echo(kR, true), e.echo(kO, true), false);    // a request from B: B opened no echo connection
    error(e.echo(kO, true), e.echo(kR, false), false, true);  // another identifier
  }
  {  // The quote window: options in both IPv4 headers end the quote at byte 126 (related) or 130.
    const Talk w{false, conv++};
    PacketBuilder sb;
    sb.eth(kR0, kIn).ipv4({.src = kA, .dst = kB, .options = Bytes(40, 1)})
        .tcp({.sport = w.client(), .dport = 443, .flags = 0x02});
    const golden::Packet syn{sb.payload(6, 0x5a).pad_to(64).build(), 0};
    add(syn);
    const Bytes quote(syn.frame.begin() + 14, syn.frame.begin() + 14 + 60 + 8);
    for (const std::size_t opts : {16, 20}) {
      PacketBuilder eb;
      eb.eth(kR2, kOut).ipv4({.src = kB, .dst = kA, .options = Bytes(opts, 1)}).icmp({.type = 3, .code = 3}).payload(quote);
      errors.emplace_back(pkts.size(), opts == 16);
      pkts.push_back({eb.pad_to(64).build(), 2});
    }
  }
  const Outcome o = run(cfg, pkts, spaced(pkts.size(), 1500), seed);
  std::size_t related = 0;
  for (const auto& [i, rel] : errors) {
    const auto& v = o.expected.at(i);
    if (rel) {
      EXPECT_EQ(v.action, golden::Action::kForward) << "error #" << i << " is related";
      ++related;
    } else {
      EXPECT_EQ(v.reason, golden::Drop::kFwInvalid) << "error #" << i << " is invalid";
    }
  }
  EXPECT_EQ(o.fw.accepted_related, related);
}

// More events of one connection in flight than the lookup admits: the ones beyond are dropped
// with fw_busy (0x63), each counted, none lost; the golden model does not predict these.
TEST(FwFirewall, BusyConnectionIsACountedDrop) {
  if (!have_fw_image()) GTEST_SKIP() << "no firmware image";
  const auto cfg = env::engine::with_firewall(fw_test::read_text(model_test::reference_config_path()));
  const Talk t{false, 1};
  std::vector<eng::InPacket> in;
  in.push_back({t.tcp(kO, 0x02).frame, 0, false, 100});
  in.push_back({t.tcp(kR, 0x12).frame, 2, false, 2000});
  in.push_back({t.tcp(kO, 0x10).frame, 0, false, 4000});
  for (int i = 0; i < 24; ++i) in.push_back({t.tcp(kO, 0x18).frame, 0, false, 6000});  // all at once
  eng::EngineModel model(fw_image_prefix(), fw::compile_blob(fw::parse_config(cfg)), firewall_engine());
  const auto got = model.run(in);
  std::size_t busy = 0, sent = 0;
  for (const auto& c : got) {
    if (c.index == eng::kNoPacket) continue;
    if (c.kind == eng::OutKind::kDrop && c.reason == 0x63) ++busy;
    if (c.kind == eng::OutKind::kSend) ++sent;
  }
  EXPECT_GT(busy, 0U);
  EXPECT_EQ(busy, model.counters().flow.busy);
  EXPECT_EQ(busy + sent, in.size()) << "every packet sent or dropped busy";
}

}  // namespace
