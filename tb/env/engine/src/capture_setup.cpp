// SPDX-License-Identifier: Apache-2.0
#include "baton/env/engine/capture_setup.hpp"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "baton/net/parser.hpp"

namespace baton::env::engine {

namespace {

bool unicast(const net::Mac& m) { return (m[0] & 1U) == 0 && m != net::Mac{}; }

bool host4(const net::Ip4& a) {
  return a[0] != 0 && a[0] != 127 && a[0] < 224;  // not this-network, loopback, multicast or class E
}

bool host6(const net::Ip6& a) {
  const bool zero_or_loop = std::all_of(a.begin(), a.end() - 1, [](auto b) { return b == 0; }) && a[15] <= 1;
  const bool multicast = a[0] == 0xff;
  const bool link_local = a[0] == 0xfe && (a[1] & 0xc0) == 0x80;  // never routed (D7)
  return !zero_or_loop && !multicast && !link_local;
}

// MACs in order of first appearance, each with the port it is given.
class PortMap {
 public:
  explicit PortMap(unsigned ports) : ports_(ports) {}
  unsigned add(const net::Mac& m) {
    auto [it, fresh] = port_.try_emplace(m, static_cast<unsigned>(port_.size()) % ports_);
    return it->second;
  }
  [[nodiscard]] unsigned of(const net::Mac& m) const { return port_.at(m); }

 private:
  unsigned ports_;
  std::map<net::Mac, unsigned> port_;
};

template <typename Addr>
struct Hosts {
  std::map<Addr, std::pair<unsigned, net::Mac>> behind;  // address -> port, neighbour MAC
  void add(const Addr& a, unsigned port, const net::Mac& mac) { behind.try_emplace(a, port, mac); }
};

}  // namespace

CaptureSetup capture_setup(const net::PcapFile& file, unsigned num_ports, bool pad) {
  std::vector<net::ParsedFrame> frames;
  frames.reserve(file.records.size());
  for (const auto& r : file.records) frames.push_back(net::parse_frame(r.data));

  // Ports: source MACs first, then destination MACs never seen as a source.
  PortMap ports(num_ports);
  for (const auto& f : frames) {
    if (f.eth_ok && unicast(f.src)) ports.add(f.src);
  }
  for (const auto& f : frames) {
    if (f.eth_ok && unicast(f.dst)) ports.add(f.dst);
  }
  auto in_port = [&](const net::ParsedFrame& f) { return f.eth_ok && unicast(f.src) ? ports.of(f.src) : 0U; };

  // Each port's MAC: the unicast destination its frames use most.
  std::vector<std::map<net::Mac, unsigned>> dst_count(num_ports);
  for (const auto& f : frames) {
    if (f.eth_ok && unicast(f.dst)) ++dst_count[in_port(f)][f.dst];
  }

  // Hosts: sources behind their MAC's port first, then destinations behind theirs.
  Hosts<net::Ip4> h4;
  Hosts<net::Ip6> h6;
  std::set<net::Ip4> ip_sources;
  for (const auto& f : frames) {
    if (!f.eth_ok || !unicast(f.src)) continue;
    if (f.l3.ip4) ip_sources.insert(f.l3.ip4->src);
    if (f.l3.ip4 && host4(f.l3.ip4->src)) h4.add(f.l3.ip4->src, in_port(f), f.src);
    if (f.l3.ip6 && host6(f.l3.ip6->src)) h6.add(f.l3.ip6->src, in_port(f), f.src);
    if (f.l3.arp && f.l3.arp->ptype == 0x0800 && host4(f.l3.arp->spa)) h4.add(f.l3.arp->spa, in_port(f), f.l3.arp->sha);
  }
  // ARP request targets no IP packet uses as a source: the router answers them on the
  // request's port (the host that answered in the capture is then the router).
  std::vector<std::set<net::Ip4>> router4(num_ports);
  std::set<net::Ip4> taken;
  for (const auto& f : frames) {
    if (!f.l3.arp || f.l3.arp->op != 1 || !host4(f.l3.arp->tpa)) continue;
    const auto& t = f.l3.arp->tpa;
    if (ip_sources.contains(t) || taken.contains(t) || router4[in_port(f)].size() >= 4) continue;
    router4[in_port(f)].insert(t);
    taken.insert(t);
  }
  for (const auto& t : taken) h4.behind.erase(t);
  for (const auto& f : frames) {
    if (!f.eth_ok || !unicast(f.dst)) continue;
    if (f.l3.ip4 && host4(f.l3.ip4->dst) && !taken.contains(f.l3.ip4->dst)) {
      h4.add(f.l3.ip4->dst, ports.of(f.dst), f.dst);
    }
    if (f.l3.ip6 && host6(f.l3.ip6->dst)) h6.add(f.l3.ip6->dst, ports.of(f.dst), f.dst);
  }

  nlohmann::json cfg;
  cfg["ports"] = nlohmann::json::array();
  for (unsigned p = 0; p < num_ports; ++p) {
    net::Mac mac{0x02, 0, 0, 0, 0, static_cast<std::uint8_t>(0x10 + p)};
    unsigned best = 0;
    for (const auto& [m, n] : dst_count[p]) {
      if (n > best) {
        best = n;
        mac = m;
      }
    }
    nlohmann::json jp = {{"port", p}, {"mac", net::to_string(mac)}};
    nlohmann::json a4 = nlohmann::json::array();
    for (const auto& a : router4[p]) a4.push_back(net::to_string(a) + "/32");
    if (!a4.empty()) jp["ipv4"] = a4;
    cfg["ports"].push_back(jp);
  }
  cfg["routes_ipv4"] = nlohmann::json::array();
  cfg["routes_ipv6"] = nlohmann::json::array();
  cfg["neighbours"] = nlohmann::json::array();
  // Static limits of the configuration (docs/feature-set.md section 2): 1024 routes a family.
  for (const auto& [a, pm] : h4.behind) {
    if (cfg["routes_ipv4"].size() >= 1024) break;
    cfg["routes_ipv4"].push_back({{"prefix", net::to_string(a) + "/32"}, {"port", pm.first}});
    cfg["neighbours"].push_back({{"ip", net::to_string(a)}, {"mac", net::to_string(pm.second)}});
  }
  for (const auto& [a, pm] : h6.behind) {
    if (cfg["routes_ipv6"].size() >= 1024) break;
    cfg["routes_ipv6"].push_back({{"prefix", net::to_string(a) + "/128"}, {"port", pm.first}});
    cfg["neighbours"].push_back({{"ip", net::to_string(a)}, {"mac", net::to_string(pm.second)}});
  }
  cfg["limits"] = {{"min_frame", 60}, {"max_frame", 2048}};

  CaptureSetup s;
  s.config_json = cfg.dump(2);
  for (std::size_t i = 0; i < file.records.size(); ++i) {
    std::vector<std::uint8_t> frame(file.records[i].data.begin(), file.records[i].data.end());
    if (pad && frame.size() < 60) frame.resize(60, 0);
    s.packets.push_back({std::move(frame), static_cast<std::uint8_t>(in_port(frames[i])), false});
  }
  return s;
}

}  // namespace baton::env::engine
