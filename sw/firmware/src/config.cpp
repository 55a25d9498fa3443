// SPDX-License-Identifier: Apache-2.0
// JSON configuration reader of the config compiler (docs/feature-set.md section 2).
#include "baton/fw/config.hpp"

#include <arpa/inet.h>

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <set>

namespace baton::fw {

const Port* RouterConfig::port(unsigned p) const {
  const auto it = std::find_if(ports.begin(), ports.end(), [p](const Port& x) { return x.port == p; });
  return it == ports.end() ? nullptr : &*it;
}

namespace {

using Json = nlohmann::json;

constexpr std::size_t kPorts = 16;
constexpr std::size_t kAddrs = 4;
constexpr std::size_t kRoutes = 1024;
constexpr std::size_t kNeighbours = 1024;

// Every check names the key path it is looking at.
class Checker {
 public:
  [[noreturn]] static void error(std::string_view where, std::string_view what) {
    throw ConfigError(escape_controls(fmt::format("{}: {}", where, what)));
  }
  // Messages quote the offending text: control characters become escapes (\n, \r, \t, \xNN), so
  // that a message stays one line.
  static std::string escape_controls(std::string_view s) {
    static constexpr std::pair<char, const char*> kNamed[] = {{'\n', "\\n"}, {'\r', "\\r"}, {'\t', "\\t"}};
    std::string out;
    out.reserve(s.size());
    for (const char c : s) {
      const auto* named = std::find_if(std::begin(kNamed), std::end(kNamed), [c](const auto& n) { return n.first == c; });
      if (named != std::end(kNamed)) {
        out += named->second;
      } else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
        out += fmt::format("\\x{:02x}", static_cast<unsigned char>(c));
      } else {
        out.push_back(c);
      }
    }
    return out;
  }

  static void keys(const Json& j, std::string_view where, std::initializer_list<std::string_view> allowed) {
    if (!j.is_object()) error(where, "expected an object");
    for (auto it = j.begin(); it != j.end(); ++it) {
      if (std::find(allowed.begin(), allowed.end(), it.key()) == allowed.end())
        error(where, fmt::format("unknown key '{}'", it.key()));
    }
  }
  static const Json& member(const Json& j, std::string_view where, const char* key) {
    const auto it = j.find(key);
    if (it == j.end()) error(where, fmt::format("missing key '{}'", key));
    return *it;
  }
  static std::string text(const Json& j, std::string_view where) {
    if (!j.is_string()) error(where, "expected a string");
    return j.get<std::string>();
  }
  static long long number(const Json& j, std::string_view where, long long lo, long long hi) {
    if (!j.is_number_integer()) error(where, "expected an integer");
    const auto v = j.get<long long>();
    if (v < lo || v > hi) error(where, fmt::format("{} is outside {}..{}", v, lo, hi));
    return v;
  }
  static const Json& list(const Json& j, std::string_view where, std::size_t most) {
    if (!j.is_array()) error(where, "expected an array");
    if (j.size() > most) error(where, fmt::format("{} entries, at most {} allowed", j.size(), most));
    return j;
  }
  static Mac mac(const Json& j, std::string_view where) {
    const std::string s = text(j, where);
    Mac m{};
    bool good = s.size() == 17;
    for (std::size_t i = 0; good && i < 6; ++i) {
      unsigned v = 0;
      for (std::size_t d = 0; d < 2; ++d) {
        const char c = s[3 * i + d];
        const int x = std::isxdigit(static_cast<unsigned char>(c)) == 0 ? -1
                      : c <= '9'                                      ? c - '0'
                                                                      : (c | 0x20) - 'a' + 10;
        good = good && x >= 0;
        v = v * 16 + static_cast<unsigned>(std::max(x, 0));
      }
      if (i < 5) good = good && s[3 * i + 2] == ':';
      m[i] = static_cast<std::uint8_t>(v);
    }
    if (!good) error(where, fmt::format("'{}' is not a MAC address like 02:00:00:00:00:01", s));
    if ((m[0] & 1U) != 0) error(where, fmt::format("{} is a multicast MAC", s));
    return m;
  }
};

std::optional<V4> parse4(const std::string& s) {
  std::uint8_t b[4];
  if (inet_pton(AF_INET, s.c_str(), b) != 1) return std::nullopt;
  return (V4{b[0]} << 24) | (V4{b[1]} << 16) | (V4{b[2]} << 8) | V4{b[3]};
}
std::optional<V6> parse6(const std::string& s) {
  V6 a{};
  if (inet_pton(AF_INET6, s.c_str(), a.data()) != 1) return std::nullopt;
  return a;
}

// "addr[/len]": the address text and the length (default: the full width).
std::pair<std::string, unsigned> prefix_text(const std::string& s, unsigned width, std::string_view where) {
  const auto slash = s.find('/');
  if (slash == std::string::npos) return {s, width};
  const std::string digits = s.substr(slash + 1);
  const bool numeric = !digits.empty() && digits.size() <= 3 &&
                       std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (!numeric || static_cast<unsigned>(std::stoul(digits)) > width)
    Checker::error(where, fmt::format("bad prefix length in '{}'", s));
  return {s.substr(0, slash), static_cast<unsigned>(std::stoul(digits))};
}

V4 mask_v4(V4 a, unsigned len) { return len == 0 ? 0 : a & (~V4{0} << (32 - len)); }
V6 mask_v6(V6 a, unsigned len) {
  for (unsigned i = 0; i < 16; ++i) {
    const unsigned bits = len > 8 * i ? std::min(8U, len - 8 * i) : 0U;
    a[i] = static_cast<std::uint8_t>(a[i] & (0xff00U >> bits));
  }
  return a;
}
bool unicast_v4(V4 a) { return (a >> 24) != 0 && (a >> 24) != 127 && (a >> 29) != 7; }
bool unicast_v6(const V6& a) {
  const bool zero_upper = std::all_of(a.begin(), a.end() - 1, [](std::uint8_t b) { return b == 0; });
  return a[0] != 0xff && !(zero_upper && a[15] <= 1);
}
bool link_local(const V6& a) { return a[0] == 0xfe && (a[1] & 0xc0) == 0x80; }
std::string v4_text(V4 a) { return fmt::format("{}.{}.{}.{}", a >> 24, (a >> 16) & 255, (a >> 8) & 255, a & 255); }

template <typename A>
struct Family;
template <>
struct Family<V4> {
  static constexpr unsigned kWidth = 32;
  static constexpr const char* kName = "IPv4";
  static std::optional<V4> parse(const std::string& s) { return parse4(s); }
  static V4 mask(V4 a, unsigned l) { return mask_v4(a, l); }
  static bool unicast(V4 a) { return unicast_v4(a); }
};
template <>
struct Family<V6> {
  static constexpr unsigned kWidth = 128;
  static constexpr const char* kName = "IPv6";
  static std::optional<V6> parse(const std::string& s) { return parse6(s); }
  static V6 mask(V6 a, unsigned l) { return mask_v6(a, l); }
  static bool unicast(const V6& a) { return unicast_v6(a); }
};

class Builder {
 public:
  RouterConfig build(const Json& root) {
    Checker::keys(root, "config", {"ports", "routes_ipv4", "routes_ipv6", "neighbours", "limits", "flow_accounting", "firewall"});
    read_ports(Checker::list(Checker::member(root, "config", "ports"), "ports", kPorts));
    if (root.contains("routes_ipv4")) read_routes<V4>(root["routes_ipv4"], "routes_ipv4", cfg_.routes4, pfx4_);
    if (root.contains("routes_ipv6")) read_routes<V6>(root["routes_ipv6"], "routes_ipv6", cfg_.routes6, pfx6_);
    add_connected();
    if (root.contains("neighbours")) read_neighbours(root["neighbours"]);
    if (root.contains("limits")) read_limits(root["limits"]);
    if (root.contains("flow_accounting")) read_accounting(root["flow_accounting"]);
    if (root.contains("firewall")) read_firewall(root["firewall"]);
    return std::move(cfg_);
  }

 private:
  template <typename A>
  void read_addrs(const Json& j, const std::string& where, std::vector<std::pair<A, unsigned>>& out,
                  std::set<A>& seen) {
    const Json& arr = Checker::list(j, where, kAddrs);
    for (std::size_t k = 0; k < arr.size(); ++k) {
      const std::string w = fmt::format("{}[{}]", where, k);
      const auto [txt, len] = prefix_text(Checker::text(arr[k], w), Family<A>::kWidth, w);
      const auto a = Family<A>::parse(txt);
      if (!a) Checker::error(w, fmt::format("'{}' is not an {} address", txt, Family<A>::kName));
      if (!Family<A>::unicast(*a)) Checker::error(w, fmt::format("{} is not a unicast address", txt));
      if (!seen.insert(*a).second) Checker::error(w, fmt::format("{} is configured twice", txt));
      out.emplace_back(*a, len);
    }
  }

  void read_ports(const Json& arr) {
    if (arr.empty()) Checker::error("ports", "at least one port is required");
    std::set<unsigned> numbers;
    std::set<V4> seen4;
    std::set<V6> seen6;
    for (std::size_t i = 0; i < arr.size(); ++i) {
      const std::string w = fmt::format("ports[{}]", i);
      const Json& jp = arr[i];
      Checker::keys(jp, w, {"port", "mac", "zone", "ipv4", "ipv6"});
      Port p;
      p.port = static_cast<unsigned>(Checker::number(Checker::member(jp, w, "port"), w + ".port", 0, 15));
      if (!numbers.insert(p.port).second) Checker::error(w + ".port", fmt::format("port {} configured twice", p.port));
      p.mac = Checker::mac(Checker::member(jp, w, "mac"), w + ".mac");
      if (jp.contains("zone")) {
        const std::string z = Checker::text(jp["zone"], w + ".zone");
        if (z != "inside" && z != "outside")
          Checker::error(w + ".zone", fmt::format("'{}' is neither \"inside\" nor \"outside\"", z));
        p.inside = z == "inside";
      }
      if (jp.contains("ipv4")) read_addrs<V4>(jp["ipv4"], w + ".ipv4", p.v4, seen4);
      if (jp.contains("ipv6")) read_addrs<V6>(jp["ipv6"], w + ".ipv6", p.v6, seen6);
      cfg_.ports.push_back(std::move(p));
    }
  }

  template <typename A>
  void read_routes(const Json& j, const char* where, std::vector<Route<A>>& out,
                   std::set<std::pair<A, unsigned>>& prefixes) {
    const Json& arr = Checker::list(j, where, kRoutes);
    for (std::size_t i = 0; i < arr.size(); ++i) {
      const std::string w = fmt::format("{}[{}]", where, i);
      Checker::keys(arr[i], w, {"prefix", "next_hop", "port"});
      const std::string wp = w + ".prefix";
      const auto [txt, len] = prefix_text(Checker::text(Checker::member(arr[i], w, "prefix"), wp), Family<A>::kWidth, wp);
      const auto a = Family<A>::parse(txt);
      if (!a) Checker::error(wp, fmt::format("'{}' is not an {} prefix", txt, Family<A>::kName));
      if (Family<A>::mask(*a, len) != *a) Checker::error(wp, fmt::format("'{}/{}' has host bits set", txt, len));
      Route<A> r;
      r.prefix = *a;
      r.len = len;
      r.port = static_cast<unsigned>(Checker::number(Checker::member(arr[i], w, "port"), w + ".port", 0, 15));
      if (cfg_.port(r.port) == nullptr) Checker::error(w + ".port", fmt::format("port {} is not configured", r.port));
      if (arr[i].contains("next_hop")) {
        const std::string nh = Checker::text(arr[i]["next_hop"], w + ".next_hop");
        const auto h = Family<A>::parse(nh);
        if (!h) Checker::error(w + ".next_hop", fmt::format("'{}' is not an {} address", nh, Family<A>::kName));
        r.next_hop = *h;
      }
      if (!prefixes.emplace(r.prefix, r.len).second) Checker::error(wp, fmt::format("{}/{} appears twice", txt, len));
      out.push_back(r);
    }
  }

  void add_connected() {
    for (std::size_t i = 0; i < cfg_.ports.size(); ++i) {
      const Port& p = cfg_.ports[i];
      for (std::size_t k = 0; k < p.v4.size(); ++k) {
        const auto [a, len] = p.v4[k];
        if (len == 32) continue;
        const Route<V4> r{mask_v4(a, len), len, p.port, std::nullopt};
        if (!pfx4_.emplace(r.prefix, len).second)
          Checker::error(fmt::format("ports[{}].ipv4[{}]", i, k),
                         fmt::format("connected prefix {}/{} is already routed", v4_text(r.prefix), len));
        cfg_.routes4.push_back(r);
      }
      for (std::size_t k = 0; k < p.v6.size(); ++k) {
        const auto& [a, len] = p.v6[k];
        if (len == 128 || link_local(a)) continue;  // link-local prefixes are never routed (D7)
        const Route<V6> r{mask_v6(a, len), len, p.port, std::nullopt};
        if (!pfx6_.emplace(r.prefix, len).second)
          Checker::error(fmt::format("ports[{}].ipv6[{}]", i, k), fmt::format("connected prefix /{} is already routed", len));
        cfg_.routes6.push_back(r);
      }
    }
    if (cfg_.routes4.size() > kRoutes)
      Checker::error("routes_ipv4", fmt::format("{} routes with connected ones, at most {}", cfg_.routes4.size(), kRoutes));
    if (cfg_.routes6.size() > kRoutes)
      Checker::error("routes_ipv6", fmt::format("{} routes with connected ones, at most {}", cfg_.routes6.size(), kRoutes));
  }

  void read_neighbours(const Json& j) {
    const Json& arr = Checker::list(j, "neighbours", kNeighbours);
    std::set<V4> seen4;
    std::set<V6> seen6;
    for (std::size_t i = 0; i < arr.size(); ++i) {
      const std::string w = fmt::format("neighbours[{}]", i);
      Checker::keys(arr[i], w, {"ip", "mac"});
      const std::string ip = Checker::text(Checker::member(arr[i], w, "ip"), w + ".ip");
      const Mac m = Checker::mac(Checker::member(arr[i], w, "mac"), w + ".mac");
      if (const auto a = parse4(ip)) {
        if (!seen4.insert(*a).second) Checker::error(w + ".ip", fmt::format("{} appears twice", ip));
        cfg_.neigh4.emplace_back(*a, m);
      } else if (const auto b = parse6(ip)) {
        if (!seen6.insert(*b).second) Checker::error(w + ".ip", fmt::format("{} appears twice", ip));
        cfg_.neigh6.emplace_back(*b, m);
      } else {
        Checker::error(w + ".ip", fmt::format("'{}' is not an IP address", ip));
      }
    }
  }

  void read_limits(const Json& l) {
    Checker::keys(l, "limits", {"min_frame", "max_frame"});
    if (l.contains("min_frame"))
      cfg_.min_frame = static_cast<unsigned>(Checker::number(l["min_frame"], "limits.min_frame", 14, 60));
    if (l.contains("max_frame"))
      cfg_.max_frame = static_cast<unsigned>(Checker::number(l["max_frame"], "limits.max_frame", 64, 2048));
  }

  // docs/feature-set.md section 11.
  void read_accounting(const Json& a) {
    Checker::keys(a, "flow_accounting", {"enabled", "idle_timeout"});
    const Json& en = Checker::member(a, "flow_accounting", "enabled");
    if (!en.is_boolean()) Checker::error("flow_accounting.enabled", "expected true or false");
    cfg_.accounting = en.get<bool>();
    if (cfg_.accounting || a.contains("idle_timeout")) {
      cfg_.idle_timeout = static_cast<std::uint32_t>(Checker::number(Checker::member(a, "flow_accounting", "idle_timeout"),
                                                                     "flow_accounting.idle_timeout", 1, kMaxIdleTimeout));
    }
  }

  // docs/feature-set.md section 12.1.
  void read_firewall(const Json& f) {
    Checker::keys(f, "firewall", {"enabled", "max_connections", "max_fragments", "timeouts"});
    const Json& en = Checker::member(f, "firewall", "enabled");
    if (!en.is_boolean()) Checker::error("firewall.enabled", "expected true or false");
    FirewallSettings& fw = cfg_.firewall;
    fw.enabled = en.get<bool>();
    if (f.contains("max_connections"))
      fw.max_connections = static_cast<std::uint32_t>(Checker::number(f["max_connections"], "firewall.max_connections", 1, 1LL << 24));
    if (f.contains("max_fragments"))
      fw.max_fragments = static_cast<std::uint32_t>(Checker::number(f["max_fragments"], "firewall.max_fragments", 1, 1LL << 20));
    if (!f.contains("timeouts")) return;
    const Json& t = f["timeouts"];
    if (!t.is_object()) Checker::error("firewall.timeouts", "expected an object");
    for (auto it = t.begin(); it != t.end(); ++it) {
      const auto k = std::find(kFirewallTimeoutKeys.begin(), kFirewallTimeoutKeys.end(), it.key());
      if (k == kFirewallTimeoutKeys.end()) Checker::error("firewall.timeouts", fmt::format("unknown key '{}'", it.key()));
      fw.timeouts[static_cast<std::size_t>(k - kFirewallTimeoutKeys.begin())] = static_cast<std::uint32_t>(
          Checker::number(*it, "firewall.timeouts." + it.key(), 1, kMaxIdleTimeout));
    }
  }

  RouterConfig cfg_;
  std::set<std::pair<V4, unsigned>> pfx4_;
  std::set<std::pair<V6, unsigned>> pfx6_;
};

}  // namespace

RouterConfig parse_config(std::string_view json_text) {
  Json root;
  try {
    root = Json::parse(json_text);
  } catch (const Json::exception& e) {  // parse_error, or out_of_range for a number overflow
    std::string msg = e.what();
    if (const auto pos = msg.find("] "); pos != std::string::npos) msg.erase(0, pos + 2);
    throw ConfigError(Checker::escape_controls("JSON " + msg));
  }
  return Builder().build(root);
}

RouterConfig load_config(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw ConfigError(fmt::format("{}: cannot open", path));
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  try {
    return parse_config(text);
  } catch (const ConfigError& e) {
    throw ConfigError(Checker::escape_controls(fmt::format("{}: {}", path, e.what())));
  }
}

}  // namespace baton::fw
