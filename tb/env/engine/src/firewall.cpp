// SPDX-License-Identifier: Apache-2.0
#include "baton/env/engine/firewall.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <numeric>
#include <optional>
#include <stdexcept>

#include "baton/golden/firewall.hpp"
#include "baton/net/builder.hpp"
#include "baton/net/parser.hpp"
#include "baton/model/ingress/ingress_model.hpp"
#include "baton/tb/rng.hpp"

namespace baton::env::engine {

std::string with_firewall(const std::string& config_text, const std::string& timeouts_json) {
  auto j = nlohmann::json::parse(config_text);
  j["firewall"] = {{"enabled", true}, {"timeouts", nlohmann::json::parse(timeouts_json)}};
  return j.dump(2);
}

std::string without_firewall(const std::string& config_text) {
  auto j = nlohmann::json::parse(config_text);
  j.erase("firewall");
  return j.dump(2);
}

std::vector<std::uint8_t> inside_ports(const golden::Config& cfg) {
  std::vector<std::uint8_t> v;
  for (const auto& p : cfg.ports) {
    if (p.zone == golden::Zone::kInside) v.push_back(p.port);
  }
  return v;
}

std::optional<golden::Packet> icmp_error_about(const golden::Packet& about, const golden::Packet& back, bool unrelated,
                                               std::uint32_t variant) {
  const net::ParsedFrame pa = net::parse_frame(about.frame), pb = net::parse_frame(back.frame);
  const std::size_t la = pa.l3_offset, lb = pb.l3_offset;
  const std::uint16_t ta = pa.ethertype;
  const bool v6 = ta == 0x86dd;
  if (ta != pb.ethertype || (ta != 0x0800 && ta != 0x86dd)) return std::nullopt;
  const std::size_t hl = v6 ? 40 : std::size_t{about.frame.at(la) & 0x0fU} * 4;
  if (about.frame.size() < la + hl + 8 || back.frame.size() < lb + (v6 ? 40 : 20)) return std::nullopt;
  net::Bytes quote(about.frame.begin() + static_cast<std::ptrdiff_t>(la),
                   about.frame.begin() + static_cast<std::ptrdiff_t>(la + hl + 8));
  if (unrelated) {  // another connection: the source port, or an ICMP echo's identifier
    const std::uint8_t proto = v6 ? quote[6] : quote[9];
    const std::size_t at = hl + ((proto == 1 || proto == 58) ? 4 : 0);
    quote[at] ^= 0x5a;
    quote[at + 1] ^= 0xa5;
  }
  net::PacketBuilder b;
  b.eth(net::Mac{}, net::Mac{});
  const std::uint8_t* ip = back.frame.data() + lb;
  if (v6) {
    net::Ip6 src{}, dst{};
    std::copy_n(ip + 8, 16, src.begin());
    std::copy_n(ip + 24, 16, dst.begin());
    b.ipv6({.src = src, .dst = dst}).icmpv6({.type = static_cast<std::uint8_t>(variant % 2 ? 3 : 1), .code = 0});
  } else {
    net::Ip4 src{}, dst{};
    std::copy_n(ip + 12, 4, src.begin());
    std::copy_n(ip + 16, 4, dst.begin());
    b.ipv4({.src = src, .dst = dst}).icmp({.type = static_cast<std::uint8_t>(variant % 2 ? 11 : 3),
                                           .code = static_cast<std::uint8_t>(variant % 2 ? 0 : 3)});
  }
  const net::Bytes built = b.payload(quote).pad_to(64).build();
  golden::Packet e;
  e.frame.assign(back.frame.begin(), back.frame.begin() + static_cast<std::ptrdiff_t>(lb));
  e.frame.insert(e.frame.end(), built.begin() + 14, built.end());
  e.port = back.port;
  return e;
}

TimedTraffic firewall_traffic(const std::string& config_text, std::size_t n, std::uint64_t seed, unsigned ports,
                              const FirewallSchedule& s) {
  net::SessionGenerator gen(config_text, s.mix, seed);
  tb::Rng rng(seed ^ 0xf1e3U);
  // The packet stream with the faults: a held packet goes out after the next one (reordering).
  std::vector<golden::Packet> stream;
  std::optional<golden::Packet> held;
  // Per session, the last packet of each direction (an ICMP error about one goes out from the
  // other's side).
  std::map<std::uint64_t, std::array<std::optional<golden::Packet>, 2>> last_of;
  while (stream.size() < n) {
    auto sp = gen.next();
    if (sp.port >= ports) throw std::runtime_error(fmt::format("firewall traffic: port {} beyond {}", sp.port, ports));
    golden::Packet p{std::vector<std::uint8_t>(sp.frame.begin(), sp.frame.end()), sp.port, sp.tuser};
    if (sp.in_session()) last_of[sp.session][sp.reverse ? 1 : 0] = p;
    if (sp.in_session() && rng.chance(s.loss)) continue;
    const bool dup = sp.in_session() && rng.chance(s.duplicate);
    if (sp.in_session() && !held && rng.chance(s.reorder)) {
      held = std::move(p);
      continue;
    }
    stream.push_back(p);
    if (dup) stream.push_back(p);
    if (sp.in_session() && rng.chance(s.icmp_errors)) {
      if (const auto& back = last_of[sp.session][sp.reverse ? 0 : 1]) {
        const bool unrelated = rng.chance(0.25);
        if (auto e = icmp_error_about(p, *back, unrelated, static_cast<std::uint32_t>(rng.bits(8)))) stream.push_back(std::move(*e));
      }
    }
    if (held) {
      stream.push_back(std::move(*held));
      held.reset();
    }
  }
  stream.resize(n);
  // Arrival times: a random gap after the previous packet, but at least conn_gap after the last
  // packet of the same connection (the ingress's connection key of IPv4/IPv6 frames).
  std::map<model::lookup::FlowKey, std::uint64_t> last;
  struct Timed {
    std::uint64_t at;
    golden::Packet p;
  };
  std::vector<Timed> out;
  std::uint64_t now = 0;
  for (auto& p : stream) {
    now += rng.range(1, 2 * s.mean_gap);
    std::uint64_t at = now;
    if (const auto key = connection_of(p.frame)) {
      const auto it = last.find(*key);
      if (it != last.end()) at = std::max(at, it->second + s.conn_gap);
      last[*key] = at;
    }
    out.push_back({at, std::move(p)});
  }
  std::stable_sort(out.begin(), out.end(), [](const Timed& a, const Timed& b) { return a.at < b.at; });
  TimedTraffic t;
  for (auto& o : out) {
    o.p.time = o.at;
    t.at.push_back(o.at);
    t.packets.push_back(std::move(o.p));
  }
  return t;
}

std::vector<golden::Verdict> firewall_verdicts(const golden::Config& cfg, const std::vector<golden::Packet>& packets,
                                               const std::vector<std::uint64_t>& arrival,
                                               golden::FirewallCounters* counters,
                                               std::array<std::uint64_t, golden::kConnStates>* live,
                                               const std::vector<std::uint64_t>* order) {
  if (arrival.size() != packets.size()) throw std::invalid_argument("firewall_verdicts: one arrival per packet");
  if (order != nullptr && order->size() != packets.size()) throw std::invalid_argument("firewall_verdicts: one order key per packet");
  const std::vector<std::uint64_t>& key = order != nullptr ? *order : arrival;
  golden::Router router(cfg);
  std::vector<std::size_t> seq(packets.size());
  std::iota(seq.begin(), seq.end(), std::size_t{0});
  std::stable_sort(seq.begin(), seq.end(), [&](std::size_t a, std::size_t b) { return key[a] < key[b]; });
  std::vector<golden::Verdict> v(packets.size());
  std::uint64_t last = 0;
  for (const std::size_t i : seq) {
    golden::Packet p = packets[i];
    p.time = last = std::max(last, arrival[i]);
    v[i] = router.process(p);
  }
  if (golden::Firewall* fw = router.firewall()) {
    if (counters != nullptr) *counters = fw->counters();
    if (live != nullptr) *live = fw->live_by_state(last);
  }
  return v;
}

TcpConnections::TcpConnections(const std::string& config_text, std::size_t n, std::uint64_t seed)
    : profile_(net::SessionProfile::from_config_text(config_text)),
      hosts_(net::derive_hosts(profile_, 16, seed)),
      rng_state_(seed) {
  const auto inside = inside_ports(golden::parse_config(config_text));
  std::vector<const net::Host*> in, out;
  for (const auto& h : hosts_) {
    if (!h.v6) (std::find(inside.begin(), inside.end(), h.port) != inside.end() ? in : out).push_back(&h);
  }
  if (in.empty() || out.empty()) throw std::runtime_error("TcpConnections: no IPv4 hosts inside and outside");
  // Distinct client ports (1024 .. 61023), then the next server port: distinct connections.
  if (n > 60000 * 8) throw std::runtime_error(fmt::format("TcpConnections: {} connections, at most 480 000", n));
  tb::Rng rng(seed);
  for (std::size_t i = 0; i < n; ++i) {
    Conn c;
    c.client = in[i % in.size()];
    c.server = out[(i * 7 + 3) % out.size()];
    c.sport = static_cast<std::uint16_t>(1024 + i % 60000);
    c.dport = static_cast<std::uint16_t>(443 + i / 60000);
    c.seq_c = static_cast<std::uint32_t>(rng.next());
    c.seq_s = static_cast<std::uint32_t>(rng.next());
    conns_.push_back(c);
  }
}

std::vector<golden::Packet> TcpConnections::syn() {
  std::vector<golden::Packet> v;
  for (auto& c : conns_) v.push_back(segment(c, false, 0x002, 0));
  return v;
}
std::vector<golden::Packet> TcpConnections::syn_ack() {
  std::vector<golden::Packet> v;
  for (auto& c : conns_) v.push_back(segment(c, true, 0x012, 0));
  return v;
}
std::vector<golden::Packet> TcpConnections::ack() {
  std::vector<golden::Packet> v;
  for (auto& c : conns_) v.push_back(segment(c, false, 0x010, 0));
  return v;
}
std::vector<golden::Packet> TcpConnections::established(std::size_t m) {
  tb::Rng rng(rng_state_++);
  std::vector<golden::Packet> v;
  for (std::size_t k = 0; k < m; ++k) {
    Conn& c = conns_[k % conns_.size()];
    const bool from_server = ((k / conns_.size()) & 1U) != 0;
    const std::size_t payload = rng.range(0, 26);  // 14 + 20 + 20 + 26 = 80 bytes at most
    v.push_back(segment(c, from_server, payload ? 0x018 : 0x010, payload));
  }
  return v;
}

golden::Packet TcpConnections::segment(Conn& c, bool from_server, std::uint16_t flags, std::size_t payload) {
  const net::Host& a = from_server ? *c.server : *c.client;
  const net::Host& b = from_server ? *c.client : *c.server;
  std::uint32_t& seq = from_server ? c.seq_s : c.seq_c;
  const std::uint32_t ack = from_server ? c.seq_c : c.seq_s;
  net::PacketBuilder pb;
  pb.eth(profile_.find_port(a.port)->mac, a.mac)
      .ipv4({.src = a.ip4, .dst = b.ip4, .id = static_cast<std::uint16_t>(seq)})
      .tcp({.sport = from_server ? c.dport : c.sport,
            .dport = from_server ? c.sport : c.dport,
            .seq = seq,
            .ack = (flags & 0x010) ? ack : 0,
            .flags = flags});
  if (payload) pb.payload(payload, static_cast<std::uint8_t>(seq));
  seq += static_cast<std::uint32_t>(payload) + ((flags & 0x002) ? 1U : 0U);
  golden::Packet p;
  p.frame = pb.pad_to(60).build();
  p.port = a.port;
  return p;
}

std::optional<model::lookup::FlowKey> connection_of(const std::vector<std::uint8_t>& frame) {
  namespace ing = model::ingress;
  const auto info = ing::parse(frame, ing::IngressConfig::kDefaultKey);
  if (info.word.l3 != ing::L3Kind::kIpv4 && info.word.l3 != ing::L3Kind::kIpv6) return std::nullopt;
  return ing::connection_key(frame, info.word).key;
}

}  // namespace baton::env::engine
