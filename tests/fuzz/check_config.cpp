// SPDX-License-Identifier: Apache-2.0
// The two readers of the router configuration (docs/feature-set.md section 2) on the same text, as
// the engine testbench calls them: the golden model's baton::golden::parse_config and the config
// compiler's baton::fw::parse_config followed by compile_blob. Each rejects with its own
// ConfigError and one line; they were written independently from the same rules, so they must
// accept the same texts, read the same tables from them and reject the others with the same
// message (as fwconfig_test requires).
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <optional>
#include <typeinfo>

#include "baton/fw/blob.hpp"
#include "baton/fw/config.hpp"
#include "baton/golden/config.hpp"
#include "fuzz_check.hpp"

namespace baton::fuzz {

namespace {

template <typename Error, typename Parse>
auto attempt(const char* who, std::string& message, Parse parse) -> std::optional<decltype(parse())> {
  try {
    return parse();
  } catch (const Error& e) {
    expect_one_line(who, e.what());
    message = e.what();
    return std::nullopt;
  } catch (const std::exception& e) {
    bug(fmt::format("{}: unexpected {}: {}", who, typeid(e).name(), e.what()));
  }
}

void same(bool equal, const std::string& what) {
  if (!equal) bug("golden and firmware loaders read different configurations: " + what);
}

void compare(const golden::Config& g, const fw::RouterConfig& f) {
  same(g.ports.size() == f.ports.size(), "port count");
  for (std::size_t i = 0; i < g.ports.size(); ++i) {
    const auto& a = g.ports[i];
    const auto& b = f.ports[i];
    const std::string w = fmt::format("ports[{}]", i);
    same(a.port == b.port && a.mac == b.mac && (a.zone == golden::Zone::kInside) == b.inside, w);
    same(a.ipv4.size() == b.v4.size() && a.ipv6.size() == b.v6.size(), w + " address count");
    for (std::size_t k = 0; k < a.ipv4.size(); ++k) {
      same(a.ipv4[k] == b.v4[k].first && a.ipv4_len[k] == static_cast<int>(b.v4[k].second), w + ".ipv4");
    }
    for (std::size_t k = 0; k < a.ipv6.size(); ++k) {
      same(a.ipv6[k] == b.v6[k].first && a.ipv6_len[k] == static_cast<int>(b.v6[k].second), w + ".ipv6");
    }
  }
  auto routes = [&](const auto& gr, const auto& fr, const char* key) {
    same(gr.size() == fr.size(), fmt::format("{} count (golden {}, firmware {})", key, gr.size(), fr.size()));
    for (std::size_t i = 0; i < gr.size(); ++i) {
      same(gr[i].prefix == fr[i].prefix && gr[i].len == static_cast<int>(fr[i].len) && gr[i].port == fr[i].port &&
               gr[i].next_hop == fr[i].next_hop,
           fmt::format("{}[{}]", key, i));
    }
  };
  routes(g.routes4, f.routes4, "routes_ipv4");
  routes(g.routes6, f.routes6, "routes_ipv6");
  same(g.neighbours4.size() == f.neigh4.size() && g.neighbours6.size() == f.neigh6.size(), "neighbour count");
  for (const auto& [ip, mac] : f.neigh4) {
    const auto it = g.neighbours4.find(ip);
    same(it != g.neighbours4.end() && it->second == mac, "IPv4 neighbour");
  }
  for (const auto& [ip, mac] : f.neigh6) {
    const auto it = g.neighbours6.find(ip);
    same(it != g.neighbours6.end() && it->second == mac, "IPv6 neighbour");
  }
  same(g.min_frame == f.min_frame && g.max_frame == f.max_frame, "limits");
  const auto& gf = g.firewall;
  const auto& ff = f.firewall;
  const auto& gt = gf.timeouts;
  const std::array<std::uint32_t, 11> gtimes = {gt.tcp_syn_sent, gt.tcp_syn_recv, gt.tcp_established, gt.tcp_fin_wait,
                                                gt.tcp_close_wait, gt.tcp_last_ack, gt.tcp_time_wait, gt.tcp_close,
                                                gt.udp, gt.udp_stream, gt.fragment};
  same(gf.enabled == ff.enabled && gf.max_connections == ff.max_connections && gf.max_fragments == ff.max_fragments &&
           gtimes == ff.timeouts,
       "firewall");
}

// The blob's lookup of every route prefix and port address must name a configured port.
void probe_blob(const std::vector<std::uint8_t>& blob, const fw::RouterConfig& f) {
  auto check = [&](const fw::BlobResult& r, const std::string& what) {
    if (r.kind == FWC_K_FORWARD || r.kind == FWC_K_NO_NEIGH) {
      if (f.port(r.port) == nullptr) bug(fmt::format("blob lookup of {} gives unconfigured port {}", what, r.port));
    }
  };
  for (const auto& r : f.routes4) check(fw::blob_lookup4(blob, r.prefix), "an IPv4 route");
  for (const auto& r : f.routes6) check(fw::blob_lookup6(blob, r.prefix), "an IPv6 route");
  for (const auto& p : f.ports) {
    for (const auto& [a, l] : p.v4) {
      if (fw::blob_lookup4(blob, a).kind != FWC_K_LOCAL) bug("blob lookup of a port's IPv4 address is not local");
    }
  }
}

}  // namespace

void check_config(Input in) {
  const std::string_view text(reinterpret_cast<const char*>(in.data()), in.size());
  std::string golden_msg;
  std::string fw_msg;
  const auto g = attempt<golden::ConfigError>("golden::ConfigError", golden_msg,
                                              [&] { return golden::parse_config(text); });
  const auto f = attempt<fw::ConfigError>("fw::ConfigError", fw_msg, [&] { return fw::parse_config(text); });
  if (g.has_value() != f.has_value()) {
    bug(fmt::format("golden and firmware loaders disagree: golden {}, firmware {}",
                    g ? "accepts" : "rejects (" + golden_msg + ")", f ? "accepts" : "rejects (" + fw_msg + ")"));
  }
  if (!f) {
    // As fwconfig_test requires: the same text gives the same message.
    if (golden_msg != fw_msg) bug(fmt::format("different messages: golden '{}', firmware '{}'", golden_msg, fw_msg));
    return;
  }
  compare(*g, *f);
  std::string blob_msg;
  const auto blob = attempt<fw::ConfigError>("fw::ConfigError (compile_blob)", blob_msg,
                                             [&] { return fw::compile_blob(*f); });
  if (blob) probe_blob(*blob, *f);
}

}  // namespace baton::fuzz
