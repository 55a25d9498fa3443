// SPDX-License-Identifier: Apache-2.0
#include "baton/net/sessions.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <set>

#include "baton/net/builder.hpp"

namespace baton::net {

namespace {

constexpr std::uint16_t kFin = 0x001;
constexpr std::uint16_t kSyn = 0x002;
constexpr std::uint16_t kRst = 0x004;
constexpr std::uint16_t kPsh = 0x008;
constexpr std::uint16_t kAck = 0x010;

std::pair<std::string, int> split_prefix(const std::string& s, int max_len) {
  const auto slash = s.find('/');
  if (slash == std::string::npos) return {s, max_len};
  return {s.substr(0, slash), std::stoi(s.substr(slash + 1))};
}

std::uint32_t mask4(int len) { return len == 0 ? 0 : ~std::uint32_t{0} << (32 - len); }

bool in_prefix(const Ip4& a, const Ip4& net, int len) {
  return (to_u32(a) & mask4(len)) == (to_u32(net) & mask4(len));
}

bool in_prefix(const Ip6& a, const Ip6& net, int len) {
  for (int bit = 0; bit < len; ++bit) {
    const auto m = static_cast<std::uint8_t>(0x80 >> (bit % 8));
    if ((a[bit / 8] & m) != (net[bit / 8] & m)) return false;
  }
  return true;
}

Ip6 masked(Ip6 a, int len) {
  for (int bit = len; bit < 128; ++bit) {
    a[bit / 8] &= static_cast<std::uint8_t>(~(0x80 >> (bit % 8)));
  }
  return a;
}

bool link_local(const Ip6& a) { return a[0] == 0xfe && (a[1] & 0xc0) == 0x80; }

// Addresses that may be both source and destination of a routed IPv4 packet (feature-set C1, C6).
bool usable4(const Ip4& a) { return a[0] != 0 && a[0] != 127 && a[0] < 224; }

// The same for IPv6 (D1, D4, D5, D7).
bool usable6(const Ip6& a) {
  if (a[0] == 0xff || link_local(a)) return false;
  const bool low_zero =
      std::all_of(a.begin(), a.begin() + 15, [](std::uint8_t b) { return b == 0; });
  return !(low_zero && a[15] <= 1);  // :: and ::1
}

}  // namespace

// ---- SessionProfile ------------------------------------------------------------------------

SessionProfile SessionProfile::from_config_text(std::string_view text) {
  SessionProfile p;
  try {
    const auto j = nlohmann::json::parse(text);
    std::vector<Route4> connected4;
    std::vector<Route6> connected6;
    for (const auto& jp : j.at("ports")) {
      Port port;
      port.port = jp.at("port").get<std::uint8_t>();
      port.mac = mac(jp.at("mac").get<std::string>());
      for (const auto& a : jp.value("ipv4", nlohmann::json::array())) {
        const auto [text4, len] = split_prefix(a.get<std::string>(), 32);
        const Ip4 addr = ip4(text4);
        port.ip4.push_back(addr);
        if (len < 32)
          connected4.push_back({ip4_from_u32(to_u32(addr) & mask4(len)), len, port.port, {}});
      }
      for (const auto& a : jp.value("ipv6", nlohmann::json::array())) {
        const auto [text6, len] = split_prefix(a.get<std::string>(), 128);
        const Ip6 addr = ip6(text6);
        port.ip6.push_back(addr);
        if (len < 128 && !link_local(addr))
          connected6.push_back({masked(addr, len), len, port.port, {}});
      }
      p.ports.push_back(port);
    }
    for (const auto& r : j.value("routes_ipv4", nlohmann::json::array())) {
      const auto [a, len] = split_prefix(r.at("prefix").get<std::string>(), 32);
      Route4 route{ip4(a), len, r.at("port").get<std::uint8_t>(), {}};
      if (r.contains("next_hop")) route.next_hop = ip4(r["next_hop"].get<std::string>());
      p.routes4.push_back(route);
    }
    for (const auto& r : j.value("routes_ipv6", nlohmann::json::array())) {
      const auto [a, len] = split_prefix(r.at("prefix").get<std::string>(), 128);
      Route6 route{ip6(a), len, r.at("port").get<std::uint8_t>(), {}};
      if (r.contains("next_hop")) route.next_hop = ip6(r["next_hop"].get<std::string>());
      p.routes6.push_back(route);
    }
    p.routes4.insert(p.routes4.end(), connected4.begin(), connected4.end());
    p.routes6.insert(p.routes6.end(), connected6.begin(), connected6.end());
    for (const auto& n : j.value("neighbours", nlohmann::json::array())) {
      const auto ip = n.at("ip").get<std::string>();
      const Mac m = mac(n.at("mac").get<std::string>());
      if (ip.find(':') != std::string::npos) {
        p.neighbours6[ip6(ip)] = m;
      } else {
        p.neighbours4[ip4(ip)] = m;
      }
    }
    if (j.contains("limits")) {
      p.min_frame = j["limits"].value("min_frame", p.min_frame);
      p.max_frame = j["limits"].value("max_frame", p.max_frame);
    }
  } catch (const nlohmann::json::exception& e) {
    throw NetError(fmt::format("session profile: {}", e.what()));
  } catch (const std::logic_error& e) {
    throw NetError(fmt::format("session profile: {}", e.what()));
  }
  if (p.ports.empty()) throw NetError("session profile: no ports");
  return p;
}

const SessionProfile::Route4* SessionProfile::lookup(const Ip4& dst) const {
  const Route4* best = nullptr;
  for (const auto& r : routes4) {
    if (in_prefix(dst, r.prefix, r.len) && (best == nullptr || r.len > best->len)) best = &r;
  }
  return best;
}

const SessionProfile::Route6* SessionProfile::lookup(const Ip6& dst) const {
  const Route6* best = nullptr;
  for (const auto& r : routes6) {
    if (in_prefix(dst, r.prefix, r.len) && (best == nullptr || r.len > best->len)) best = &r;
  }
  return best;
}

bool SessionProfile::is_router_address(const Ip4& a) const {
  return std::any_of(ports.begin(), ports.end(), [&](const Port& p) {
    return std::find(p.ip4.begin(), p.ip4.end(), a) != p.ip4.end();
  });
}

bool SessionProfile::is_router_address(const Ip6& a) const {
  return std::any_of(ports.begin(), ports.end(), [&](const Port& p) {
    return std::find(p.ip6.begin(), p.ip6.end(), a) != p.ip6.end();
  });
}

const SessionProfile::Port* SessionProfile::find_port(std::uint8_t port) const {
  for (const auto& p : ports) {
    if (p.port == port) return &p;
  }
  return nullptr;
}

// ---- Hosts ---------------------------------------------------------------------------------

std::vector<Host> derive_hosts(const SessionProfile& profile, std::size_t remote_per_route,
                               std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  auto rand = [&](std::uint64_t lo, std::uint64_t hi) {
    return std::uniform_int_distribution<std::uint64_t>(lo, hi)(rng);
  };
  std::vector<Host> hosts;
  const std::size_t tries = 64 * remote_per_route;

  for (const auto& r : profile.routes4) {
    if (profile.find_port(r.port) == nullptr) continue;
    auto routed_here = [&](const Ip4& a) {
      return usable4(a) && !profile.is_router_address(a) && profile.lookup(a) == &r;
    };
    if (!r.next_hop) {  // the neighbours inside it are the hosts
      for (const auto& [ip, m] : profile.neighbours4) {
        if (routed_here(ip)) hosts.push_back({.ip4 = ip, .port = r.port, .mac = m, .direct = true});
      }
      continue;
    }
    const auto gw = profile.neighbours4.find(*r.next_hop);
    if (gw == profile.neighbours4.end()) continue;
    std::set<Ip4> drawn;
    for (std::size_t t = 0; t < tries && drawn.size() < remote_per_route; ++t) {
      const auto host_bits = static_cast<std::uint32_t>(rand(0, 0xffffffff)) & ~mask4(r.len);
      const Ip4 a = ip4_from_u32((to_u32(r.prefix) & mask4(r.len)) | host_bits);
      if (routed_here(a) && drawn.insert(a).second) {
        hosts.push_back({.ip4 = a, .port = r.port, .mac = gw->second});
      }
    }
  }

  for (const auto& r : profile.routes6) {
    if (profile.find_port(r.port) == nullptr) continue;
    auto routed_here = [&](const Ip6& a) {
      return usable6(a) && !profile.is_router_address(a) && profile.lookup(a) == &r;
    };
    if (!r.next_hop) {
      for (const auto& [ip, m] : profile.neighbours6) {
        if (routed_here(ip)) {
          hosts.push_back({.v6 = true, .ip6 = ip, .port = r.port, .mac = m, .direct = true});
        }
      }
      continue;
    }
    const auto gw = profile.neighbours6.find(*r.next_hop);
    if (gw == profile.neighbours6.end()) continue;
    // Remote hosts of very short prefixes (a default route) are global unicast, 2000::/3.
    const Ip6 base = r.len < 3 ? ip6("2000::") : r.prefix;
    const int len = std::max(r.len, 3);
    std::set<Ip6> drawn;
    for (std::size_t t = 0; t < tries && drawn.size() < remote_per_route; ++t) {
      Ip6 a = masked(base, len);
      for (int bit = len; bit < 128; ++bit) {
        if (rand(0, 1) != 0) a[bit / 8] |= static_cast<std::uint8_t>(0x80 >> (bit % 8));
      }
      if (routed_here(a) && drawn.insert(a).second) {
        hosts.push_back({.v6 = true, .ip6 = a, .port = r.port, .mac = gw->second});
      }
    }
  }
  return hosts;
}

// ---- SessionGenerator ----------------------------------------------------------------------

std::string_view to_string(SessionKind k) {
  switch (k) {
    case SessionKind::kTcp:
      return "tcp";
    case SessionKind::kUdp:
      return "udp";
    case SessionKind::kIcmpEcho:
      return "icmp-echo";
  }
  return "?";
}

namespace {

TrafficProfile background_profile(std::string_view text, const TrafficMix& mix) {
  auto p = TrafficProfile::from_config_text(text);
  p.mix = mix;
  return p;
}

// Hosts grouped by port, ports in ascending order, for one family.
std::vector<std::vector<const Host*>> group_by_port(const std::vector<Host>& hosts, bool v6) {
  std::map<std::uint8_t, std::vector<const Host*>> m;
  for (const auto& h : hosts) {
    if (h.v6 == v6) m[h.port].push_back(&h);
  }
  std::vector<std::vector<const Host*>> out;
  for (auto& [port, list] : m) out.push_back(std::move(list));
  return out;
}

}  // namespace

SessionGenerator::SessionGenerator(std::string_view config_json_text, SessionMix mix,
                                   std::uint64_t seed)
    : profile_(SessionProfile::from_config_text(config_json_text)),
      mix_(mix),
      hosts_(derive_hosts(profile_, mix.remote_per_route, seed ^ 0x5851f42d4c957f2dULL)),
      by_port4_(group_by_port(hosts_, false)),
      by_port6_(group_by_port(hosts_, true)),
      rng_(seed),
      background_(background_profile(config_json_text, mix.background_mix),
                  seed ^ 0x9e3779b97f4a7c15ULL),
      kind_pick_({mix.tcp, mix.udp, mix.icmp}) {
  if (by_port4_.size() < 2 && by_port6_.size() < 2) {
    throw NetError("session generator: no two ports have hosts behind them");
  }
  if (mix_.active == 0) throw NetError("session generator: no active sessions");
  // Zones: the port groups of each family split into inside and outside, once.
  for (const auto [groups, zones] : {std::pair{&by_port4_, &zones4_}, std::pair{&by_port6_, &zones6_}}) {
    for (std::size_t g = 0; g < groups->size() && !mix_.inside_ports.empty(); ++g) {
      const std::uint8_t port = (*groups)[g].front()->port;
      const bool in = std::find(mix_.inside_ports.begin(), mix_.inside_ports.end(), port) != mix_.inside_ports.end();
      (in ? zones->inside : zones->outside).push_back(g);
    }
  }
  std::vector<double> w;
  for (std::size_t k = 0; k < mix_.active; ++k) {
    w.push_back(1.0 / std::pow(static_cast<double>(k + 1), mix_.zipf));
  }
  slot_pick_ = std::discrete_distribution<std::size_t>(w.begin(), w.end());
  slots_.resize(mix_.active);
  min_size_ = std::max<std::size_t>(profile_.min_frame, 60);
  max_size_ = std::min<std::size_t>(profile_.max_frame, 1518);
}

std::uint64_t SessionGenerator::rand(std::uint64_t lo, std::uint64_t hi) {
  return std::uniform_int_distribution<std::uint64_t>(lo, hi)(rng_);
}

bool SessionGenerator::chance(double p) {
  return std::uniform_real_distribution<double>(0, 1)(rng_) < p;
}

std::uint16_t SessionGenerator::data_size() {
  // Mostly small (requests, acknowledgements with a little data) or full-size (bulk transfer).
  const auto span = max_size_ - min_size_;
  const auto r = rand(0, 99);
  if (r < 35)
    return static_cast<std::uint16_t>(
        rand(min_size_, min_size_ + std::min<std::size_t>(span, 100)));
  if (r < 70)
    return static_cast<std::uint16_t>(
        rand(max_size_ - std::min<std::size_t>(span, 118), max_size_));
  return static_cast<std::uint16_t>(rand(min_size_, max_size_));
}

std::size_t SessionGenerator::exchanges() {
  // Bounded Pareto: P(n >= k) = k^-alpha.
  const double u = std::uniform_real_distribution<double>(1e-12, 1.0)(rng_);
  const double x = std::floor(std::pow(u, -1.0 / mix_.length_alpha));
  return static_cast<std::size_t>(
      std::clamp(x, 1.0, static_cast<double>(std::max<std::size_t>(mix_.max_exchanges, 1))));
}

SessionGenerator::Session SessionGenerator::open() {
  Session s;
  s.id = next_id_++;
  s.kind = static_cast<SessionKind>(kind_pick_(rng_));
  const bool v6 = by_port4_.size() < 2 || (by_port6_.size() >= 2 && chance(mix_.ip6));
  const auto& groups = v6 ? by_port6_ : by_port4_;
  const Zones& zones = v6 ? zones6_ : zones4_;
  std::size_t cp = 0, sp = 0;
  bool refused = false;  // opened from outside: the first packet alone
  if (!zones.inside.empty() && !zones.outside.empty()) {
    const bool from_inside = chance(mix_.opened_inside);
    const auto& a = from_inside ? zones.inside : zones.outside;
    const auto& b = from_inside ? zones.outside : zones.inside;
    cp = a[rand(0, a.size() - 1)];
    sp = b[rand(0, b.size() - 1)];
    refused = !from_inside;
  } else {
    cp = rand(0, groups.size() - 1);
    sp = rand(0, groups.size() - 2);
    if (sp >= cp) ++sp;
  }
  s.client.host = groups[cp][rand(0, groups[cp].size() - 1)];
  s.server.host = groups[sp][rand(0, groups[sp].size() - 1)];
  if (chance(mix_.vlan)) s.vlan = static_cast<std::uint16_t>(rand(1, 4094));
  for (Side* side : {&s.client, &s.server}) {
    static constexpr std::array<std::uint8_t, 3> kInitialTtl = {64, 128, 255};
    side->ttl = static_cast<std::uint8_t>(kInitialTtl[rand(0, 2)] - rand(0, 20));
    side->ip_id = static_cast<std::uint16_t>(rand(0, 0xffff));
    side->flow_label = static_cast<std::uint32_t>(rand(1, 0xfffff));
    side->seq = static_cast<std::uint32_t>(rand(0, 0xffffffff));
  }
  s.client.port = static_cast<std::uint16_t>(rand(32768, 60999));
  const std::size_t n = exchanges();
  switch (s.kind) {
    case SessionKind::kTcp: {
      static constexpr std::array<std::uint16_t, 6> kServices = {80, 443, 22, 25, 8080, 993};
      s.server.port = chance(0.8) ? kServices[rand(0, kServices.size() - 1)]
                                  : static_cast<std::uint16_t>(rand(1, 1023));
      s.steps.push_back({false, kSyn, 0});
      s.steps.push_back({true, kSyn | kAck, 0});
      s.steps.push_back({false, kAck, 0});
      bool from_server = false;  // the client speaks first
      for (std::size_t i = 0; i < n; ++i) {
        s.steps.push_back({from_server, kPsh | kAck, data_size()});
        if (chance(0.3)) s.steps.push_back({!from_server, kAck, 0});  // a pure acknowledgement
        if (chance(0.5)) from_server = !from_server;
      }
      if (chance(mix_.tcp_rst)) {
        s.steps.push_back({chance(0.5), kRst | kAck, 0});
      } else {
        const bool closer = chance(0.5);
        s.steps.push_back({closer, kFin | kAck, 0});
        s.steps.push_back({!closer, kAck, 0});
        s.steps.push_back({!closer, kFin | kAck, 0});
        s.steps.push_back({closer, kAck, 0});
      }
      break;
    }
    case SessionKind::kUdp: {
      static constexpr std::array<std::uint16_t, 6> kServices = {53, 123, 443, 500, 4500, 5060};
      s.server.port = chance(0.8) ? kServices[rand(0, kServices.size() - 1)]
                                  : static_cast<std::uint16_t>(rand(1024, 65535));
      for (std::size_t i = 0; i < n; ++i) {
        s.steps.push_back({false, 0, data_size()});
        s.steps.push_back({true, 0, data_size()});
      }
      break;
    }
    case SessionKind::kIcmpEcho: {
      // Identifier in client.port, next sequence number in client.seq; one size per session.
      s.client.port = static_cast<std::uint16_t>(rand(0, 0xffff));
      s.client.seq = 1;
      const auto size = data_size();
      for (std::size_t i = 0; i < n; ++i) {
        s.steps.push_back({false, 0, size});
        s.steps.push_back({true, 0, size});
      }
      break;
    }
  }
  if (refused) s.steps.resize(1);
  return s;
}

SessionPacket SessionGenerator::next() {
  if (mix_.background > 0 && chance(mix_.background)) {
    auto g = background_.next();
    SessionPacket p;
    p.frame = std::move(g.frame);
    p.port = g.port;
    p.tuser = g.tuser;
    p.background = g.kind;
    return p;
  }
  Session& s = slots_[slot_pick_(rng_)];
  if (s.id == kNoSession) s = open();
  SessionPacket p = emit(s);
  if (s.at == s.steps.size()) s = Session{};
  return p;
}

SessionPacket SessionGenerator::emit(Session& s) {
  const Step& st = s.steps[s.at++];
  Side& from = st.reverse ? s.server : s.client;
  Side& to = st.reverse ? s.client : s.server;
  const Host& src = *from.host;
  const Host& dst = *to.host;

  PacketBuilder b;
  b.eth(profile_.find_port(src.port)->mac, src.mac);
  if (s.vlan) b.vlan(*s.vlan);
  const std::size_t l2 = s.vlan ? 18 : 14;
  const std::size_t l3 = src.v6 ? 40 : 20;
  const std::size_t l4 = s.kind == SessionKind::kTcp ? 20 : 8;
  const std::size_t hdr = l2 + l3 + l4;
  const std::size_t len = st.size > hdr ? st.size - hdr : 0;
  Bytes data(len);
  for (std::size_t i = 0; i < len; i += 8) {
    const auto r = rng_();
    for (std::size_t k = 0; k < 8 && i + k < len; ++k)
      data[i + k] = static_cast<std::uint8_t>(r >> (8 * k));
  }

  const bool tcp = s.kind == SessionKind::kTcp;
  if (src.v6) {
    b.ipv6({.src = src.ip6, .dst = dst.ip6, .hop_limit = from.ttl, .flow_label = from.flow_label});
  } else {
    b.ipv4({.src = src.ip4, .dst = dst.ip4, .ttl = from.ttl, .id = from.ip_id++, .df = tcp});
  }
  switch (s.kind) {
    case SessionKind::kTcp: {
      b.tcp({.sport = from.port,
             .dport = to.port,
             .seq = from.seq,
             .ack = (st.flags & kAck) != 0 ? to.seq : 0,
             .flags = st.flags,
             .window = static_cast<std::uint16_t>(st.reverse ? 29200 : 64240)});
      from.seq += static_cast<std::uint32_t>(len + ((st.flags & kSyn) ? 1 : 0) +
                                             ((st.flags & kFin) ? 1 : 0));
      break;
    }
    case SessionKind::kUdp:
      b.udp({.sport = from.port, .dport = to.port});
      break;
    case SessionKind::kIcmpEcho: {
      // The reply echoes the request's identifier, sequence number and data.
      const std::uint32_t rest = (std::uint32_t{s.client.port} << 16) | (s.client.seq & 0xffff);
      if (!st.reverse) {
        s.echo_data = data;
      } else {
        data = s.echo_data;
        ++s.client.seq;
      }
      const std::uint8_t type = src.v6 ? (st.reverse ? 129 : 128) : (st.reverse ? 0 : 8);
      if (src.v6) {
        b.icmpv6({.type = type, .code = 0, .rest = rest});
      } else {
        b.icmp({.type = type, .code = 0, .rest = rest});
      }
      break;
    }
  }
  SessionPacket p;
  p.frame = b.payload(data).pad_to(60).build();
  p.port = src.port;
  p.session = s.id;
  p.reverse = st.reverse;
  p.kind = s.kind;
  return p;
}

}  // namespace baton::net
