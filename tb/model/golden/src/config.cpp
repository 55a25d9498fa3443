// SPDX-License-Identifier: Apache-2.0
#include "baton/golden/config.hpp"

#include <arpa/inet.h>

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

namespace baton::golden {

const PortConfig* Config::find_port(std::uint8_t port) const {
  for (const auto& p : ports) {
    if (p.port == port) return &p;
  }
  return nullptr;
}

namespace {

using nlohmann::json;

// Messages quote the offending text, which may hold any character: control characters are
// written as escapes so that a message stays one line.
std::string one_line(std::string_view s) {
  std::string out;
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (u < 0x20 || u == 0x7f) {
      out += fmt::format("\\x{:02x}", u);
    } else {
      out += c;
    }
  }
  return out;
}

[[noreturn]] void fail(const std::string& where, const std::string& what) {
  throw ConfigError(one_line(fmt::format("{}: {}", where, what)));
}

void only_keys(const json& j, const std::string& where,
               std::initializer_list<std::string_view> allowed) {
  if (!j.is_object()) fail(where, "expected an object");
  for (const auto& [k, v] : j.items()) {
    bool ok = false;
    for (auto a : allowed) ok = ok || a == k;
    if (!ok) fail(where, fmt::format("unknown key '{}'", k));
  }
}

const json& need(const json& j, const std::string& where, const char* key) {
  if (!j.contains(key)) fail(where, fmt::format("missing key '{}'", key));
  return j.at(key);
}

std::string str(const json& j, const std::string& where) {
  if (!j.is_string()) fail(where, "expected a string");
  return j.get<std::string>();
}

std::int64_t integer(const json& j, const std::string& where, std::int64_t lo, std::int64_t hi) {
  if (!j.is_number_integer()) fail(where, "expected an integer");
  const auto v = j.get<std::int64_t>();
  if (v < lo || v > hi) fail(where, fmt::format("{} is outside {}..{}", v, lo, hi));
  return v;
}

const json& array(const json& j, const std::string& where, std::size_t max) {
  if (!j.is_array()) fail(where, "expected an array");
  if (j.size() > max) fail(where, fmt::format("{} entries, at most {} allowed", j.size(), max));
  return j;
}

MacAddr parse_mac(const json& j, const std::string& where) {
  const std::string s = str(j, where);
  MacAddr m{};
  bool ok = s.size() == 17;
  for (std::size_t i = 0; ok && i < 6; ++i) {
    const auto hexval = [](char c) -> int {
      if (c >= '0' && c <= '9') return c - '0';
      if (c >= 'a' && c <= 'f') return c - 'a' + 10;
      if (c >= 'A' && c <= 'F') return c - 'A' + 10;
      return -1;
    };
    const int hi = hexval(s[3 * i]);
    const int lo = hexval(s[3 * i + 1]);
    ok = hi >= 0 && lo >= 0 && (i == 5 || s[3 * i + 2] == ':');
    m[i] = static_cast<std::uint8_t>(hi << 4 | lo);
  }
  if (!ok) fail(where, fmt::format("'{}' is not a MAC address like 02:00:00:00:00:01", s));
  if (m[0] & 1) fail(where, fmt::format("{} is a multicast MAC", s));
  return m;
}

std::optional<std::uint32_t> text_v4(const std::string& s) {
  in_addr a{};
  if (inet_pton(AF_INET, s.c_str(), &a) != 1) return std::nullopt;
  return ntohl(a.s_addr);
}

std::optional<V6Addr> text_v6(const std::string& s) {
  V6Addr a{};
  if (inet_pton(AF_INET6, s.c_str(), a.data()) != 1) return std::nullopt;
  return a;
}

// "addr/len" with an optional length.
std::pair<std::string, int> split(const std::string& s, int max_len, const std::string& where) {
  const auto slash = s.find('/');
  if (slash == std::string::npos) return {s, max_len};
  const std::string l = s.substr(slash + 1);
  if (l.empty() || l.size() > 3 || l.find_first_not_of("0123456789") != std::string::npos ||
      std::stoi(l) > max_len) {
    fail(where, fmt::format("bad prefix length in '{}'", s));
  }
  return {s.substr(0, slash), std::stoi(l)};
}

std::uint32_t mask4(int len) { return len == 0 ? 0 : ~std::uint32_t{0} << (32 - len); }

V6Addr masked6(V6Addr a, int len) {
  for (int i = 0; i < 16; ++i) {
    const int keep = std::clamp(len - 8 * i, 0, 8);
    a[i] &= static_cast<std::uint8_t>(0xff00 >> keep);
  }
  return a;
}

bool unicast4(std::uint32_t a) {
  const std::uint32_t top = a >> 24;
  return top != 0 && top != 127 && a < 0xe0000000;
}

bool unicast6(const V6Addr& a) {
  V6Addr zero{};
  V6Addr loop{};
  loop[15] = 1;
  return a != zero && a != loop && a[0] != 0xff;
}

std::string v4_text(std::uint32_t a) {
  return fmt::format("{}.{}.{}.{}", a >> 24, (a >> 16) & 0xff, (a >> 8) & 0xff, a & 0xff);
}

Config build(const json& root) {
  Config c;
  only_keys(root, "config", {"ports", "routes_ipv4", "routes_ipv6", "neighbours", "limits", "flow_accounting", "firewall"});
  const json& ports = array(need(root, "config", "ports"), "ports", kMaxPorts);
  if (ports.empty()) fail("ports", "at least one port is required");
  std::set<std::uint8_t> seen_ports;
  std::set<std::uint32_t> seen4;
  std::set<V6Addr> seen6;
  for (std::size_t i = 0; i < ports.size(); ++i) {
    const std::string w = fmt::format("ports[{}]", i);
    const json& jp = ports[i];
    only_keys(jp, w, {"port", "mac", "zone", "ipv4", "ipv6"});
    PortConfig p;
    p.port = static_cast<std::uint8_t>(integer(need(jp, w, "port"), w + ".port", 0, 15));
    if (!seen_ports.insert(p.port).second)
      fail(w + ".port", fmt::format("port {} configured twice", p.port));
    p.mac = parse_mac(need(jp, w, "mac"), w + ".mac");
    if (jp.contains("zone")) {
      const std::string z = str(jp["zone"], w + ".zone");
      if (z == "inside") {
        p.zone = Zone::kInside;
      } else if (z == "outside") {
        p.zone = Zone::kOutside;
      } else {
        fail(w + ".zone", fmt::format("'{}' is neither \"inside\" nor \"outside\"", z));
      }
    }
    if (jp.contains("ipv4")) {
      const json& a = array(jp["ipv4"], w + ".ipv4", kMaxAddrsPerPort);
      for (std::size_t k = 0; k < a.size(); ++k) {
        const std::string wa = fmt::format("{}.ipv4[{}]", w, k);
        const auto [text, len] = split(str(a[k], wa), 32, wa);
        const auto v = text_v4(text);
        if (!v) fail(wa, fmt::format("'{}' is not an IPv4 address", text));
        if (!unicast4(*v)) fail(wa, fmt::format("{} is not a unicast address", text));
        if (!seen4.insert(*v).second) fail(wa, fmt::format("{} is configured twice", text));
        p.ipv4.push_back(*v);
        p.ipv4_len.push_back(len);
      }
    }
    if (jp.contains("ipv6")) {
      const json& a = array(jp["ipv6"], w + ".ipv6", kMaxAddrsPerPort);
      for (std::size_t k = 0; k < a.size(); ++k) {
        const std::string wa = fmt::format("{}.ipv6[{}]", w, k);
        const auto [text, len] = split(str(a[k], wa), 128, wa);
        const auto v = text_v6(text);
        if (!v) fail(wa, fmt::format("'{}' is not an IPv6 address", text));
        if (!unicast6(*v)) fail(wa, fmt::format("{} is not a unicast address", text));
        if (!seen6.insert(*v).second) fail(wa, fmt::format("{} is configured twice", text));
        p.ipv6.push_back(*v);
        p.ipv6_len.push_back(len);
      }
    }
    c.ports.push_back(p);
  }

  std::set<std::pair<std::uint32_t, int>> prefixes4;
  std::set<std::pair<V6Addr, int>> prefixes6;
  auto route_port = [&](const json& jr, const std::string& w) {
    const auto port = static_cast<std::uint8_t>(integer(need(jr, w, "port"), w + ".port", 0, 15));
    if (!c.find_port(port)) fail(w + ".port", fmt::format("port {} is not configured", port));
    return port;
  };
  // Static routes of one family (section 2): same rules and messages for IPv4 and IPv6.
  auto load_routes = [&]<class Route>(const char* key, int bits, const char* family, auto parse, auto masked,
                                      auto& prefixes, std::vector<Route>& out) {
    if (!root.contains(key)) return;
    const json& rs = array(root[key], key, kMaxRoutes);
    for (std::size_t i = 0; i < rs.size(); ++i) {
      const std::string w = fmt::format("{}[{}]", key, i);
      only_keys(rs[i], w, {"prefix", "next_hop", "port"});
      Route r;
      const auto [text, len] = split(str(need(rs[i], w, "prefix"), w + ".prefix"), bits, w + ".prefix");
      const auto v = parse(text);
      if (!v) fail(w + ".prefix", fmt::format("'{}' is not an {} prefix", text, family));
      if (masked(*v, len) != *v) fail(w + ".prefix", fmt::format("'{}/{}' has host bits set", text, len));
      r.prefix = *v;
      r.len = len;
      r.port = route_port(rs[i], w);
      if (rs[i].contains("next_hop")) {
        const std::string nh = str(rs[i]["next_hop"], w + ".next_hop");
        const auto a = parse(nh);
        if (!a) fail(w + ".next_hop", fmt::format("'{}' is not an {} address", nh, family));
        r.next_hop = *a;
      }
      if (!prefixes.insert({r.prefix, r.len}).second)
        fail(w + ".prefix", fmt::format("{}/{} appears twice", text, len));
      out.push_back(r);
    }
  };
  load_routes("routes_ipv4", 32, "IPv4", text_v4, [](std::uint32_t a, int len) { return a & mask4(len); },
              prefixes4, c.routes4);
  load_routes("routes_ipv6", 128, "IPv6", text_v6, masked6, prefixes6, c.routes6);
  // Connected routes from the port addresses (section 2).
  for (std::size_t i = 0; i < c.ports.size(); ++i) {
    const auto& p = c.ports[i];
    for (std::size_t k = 0; k < p.ipv4.size(); ++k) {
      if (p.ipv4_len[k] == 32) continue;
      Route4 r{p.ipv4[k] & mask4(p.ipv4_len[k]), p.ipv4_len[k], p.port, std::nullopt, true};
      if (!prefixes4.insert({r.prefix, r.len}).second) {
        fail(fmt::format("ports[{}].ipv4[{}]", i, k),
             fmt::format("connected prefix {}/{} is already routed", v4_text(r.prefix), r.len));
      }
      c.routes4.push_back(r);
    }
    for (std::size_t k = 0; k < p.ipv6.size(); ++k) {
      // Link-local prefixes are never routed (D7), so they install no route.
      if (p.ipv6_len[k] == 128 || (p.ipv6[k][0] == 0xfe && (p.ipv6[k][1] & 0xc0) == 0x80)) continue;
      Route6 r{masked6(p.ipv6[k], p.ipv6_len[k]), p.ipv6_len[k], p.port, std::nullopt, true};
      if (!prefixes6.insert({r.prefix, r.len}).second) {
        fail(fmt::format("ports[{}].ipv6[{}]", i, k),
             fmt::format("connected prefix /{} is already routed", r.len));
      }
      c.routes6.push_back(r);
    }
  }
  if (c.routes4.size() > kMaxRoutes)
    fail("routes_ipv4",
         fmt::format("{} routes with connected ones, at most {}", c.routes4.size(), kMaxRoutes));
  if (c.routes6.size() > kMaxRoutes)
    fail("routes_ipv6",
         fmt::format("{} routes with connected ones, at most {}", c.routes6.size(), kMaxRoutes));

  if (root.contains("neighbours")) {
    const json& ns = array(root["neighbours"], "neighbours", kMaxNeighbours);
    for (std::size_t i = 0; i < ns.size(); ++i) {
      const std::string w = fmt::format("neighbours[{}]", i);
      only_keys(ns[i], w, {"ip", "mac"});
      const std::string ip = str(need(ns[i], w, "ip"), w + ".ip");
      const MacAddr m = parse_mac(need(ns[i], w, "mac"), w + ".mac");
      if (const auto a4 = text_v4(ip)) {
        if (!c.neighbours4.emplace(*a4, m).second)
          fail(w + ".ip", fmt::format("{} appears twice", ip));
      } else if (const auto a6 = text_v6(ip)) {
        if (!c.neighbours6.emplace(*a6, m).second)
          fail(w + ".ip", fmt::format("{} appears twice", ip));
      } else {
        fail(w + ".ip", fmt::format("'{}' is not an IP address", ip));
      }
    }
  }
  if (root.contains("limits")) {
    const json& l = root["limits"];
    only_keys(l, "limits", {"min_frame", "max_frame"});
    if (l.contains("min_frame"))
      c.min_frame = static_cast<std::size_t>(integer(l["min_frame"], "limits.min_frame", 14, 60));
    if (l.contains("max_frame"))
      c.max_frame = static_cast<std::size_t>(integer(l["max_frame"], "limits.max_frame", 64, 2048));
  }
  if (root.contains("flow_accounting")) {  // section 11
    const json& a = root["flow_accounting"];
    only_keys(a, "flow_accounting", {"enabled", "idle_timeout"});
    const json& en = need(a, "flow_accounting", "enabled");
    if (!en.is_boolean()) fail("flow_accounting.enabled", "expected true or false");
    c.accounting.enabled = en.get<bool>();
    if (c.accounting.enabled || a.contains("idle_timeout")) {
      c.accounting.idle_timeout = static_cast<std::uint32_t>(
          integer(need(a, "flow_accounting", "idle_timeout"), "flow_accounting.idle_timeout", 1, kMaxIdleTimeout));
    }
  }
  if (root.contains("firewall")) {  // section 12
    const json& f = root["firewall"];
    only_keys(f, "firewall", {"enabled", "max_connections", "max_fragments", "timeouts"});
    const json& en = need(f, "firewall", "enabled");
    if (!en.is_boolean()) fail("firewall.enabled", "expected true or false");
    FirewallConfig& fw = c.firewall;
    fw.enabled = en.get<bool>();
    if (f.contains("max_connections"))
      fw.max_connections = static_cast<std::uint32_t>(integer(f["max_connections"], "firewall.max_connections", 1, kMaxConnections));
    if (f.contains("max_fragments"))
      fw.max_fragments = static_cast<std::uint32_t>(integer(f["max_fragments"], "firewall.max_fragments", 1, kMaxFragmentRecords));
    if (f.contains("timeouts")) {
      const json& t = f["timeouts"];
      struct Key {
        std::string_view name;
        std::uint32_t FirewallTimeouts::*field;
      };
      static constexpr Key kKeys[] = {
          {"tcp_syn_sent", &FirewallTimeouts::tcp_syn_sent},       {"tcp_syn_recv", &FirewallTimeouts::tcp_syn_recv},
          {"tcp_established", &FirewallTimeouts::tcp_established}, {"tcp_fin_wait", &FirewallTimeouts::tcp_fin_wait},
          {"tcp_close_wait", &FirewallTimeouts::tcp_close_wait},   {"tcp_last_ack", &FirewallTimeouts::tcp_last_ack},
          {"tcp_time_wait", &FirewallTimeouts::tcp_time_wait},     {"tcp_close", &FirewallTimeouts::tcp_close},
          {"udp", &FirewallTimeouts::udp},                         {"udp_stream", &FirewallTimeouts::udp_stream},
          {"fragment", &FirewallTimeouts::fragment}};
      if (!t.is_object()) fail("firewall.timeouts", "expected an object");
      for (const auto& [k, v] : t.items()) {
        const Key* key = nullptr;
        for (const auto& x : kKeys) key = x.name == k ? &x : key;
        if (key == nullptr) fail("firewall.timeouts", fmt::format("unknown key '{}'", k));
        fw.timeouts.*(key->field) = static_cast<std::uint32_t>(integer(v, "firewall.timeouts." + k, 1, kMaxIdleTimeout));
      }
    }
  }
  return c;
}

}  // namespace

Config parse_config(std::string_view text) {
  json root;
  try {
    root = json::parse(text);
  } catch (const json::exception& e) {  // parse_error, or out_of_range for a number overflow
    std::string what = e.what();
    const auto cut = what.find("] ");
    if (cut != std::string::npos) what = what.substr(cut + 2);
    throw ConfigError(one_line(fmt::format("JSON {}", what)));
  }
  return build(root);
}

Config load_config(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw ConfigError(fmt::format("{}: cannot open", path));
  std::stringstream ss;
  ss << in.rdbuf();
  try {
    return parse_config(ss.str());
  } catch (const ConfigError& e) {
    throw ConfigError(one_line(fmt::format("{}: {}", path, e.what())));
  }
}

}  // namespace baton::golden
