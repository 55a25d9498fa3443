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

TimedTraffic firewall_traffic(const std::string& config_text, std::size_t n, std::uint64_t seed, unsigned ports,
                              const FirewallSchedule& s) {
  net::SessionGenerator gen(config_text, s.mix, seed);
  tb::Rng rng(seed ^ 0xf1e3U);
  // The packet stream with the faults: a held packet goes out after the next one (reordering).
  std::vector<golden::Packet> stream;
  std::optional<golden::Packet> held;
  while (stream.size() < n) {
    auto sp = gen.next();
    if (sp.port >= ports) throw std::runtime_error(fmt::format("firewall traffic: port {} beyond {}", sp.port, ports));
    golden::Packet p{std::vector<std::uint8_t>(sp.frame.begin(), sp.frame.end()), sp.port, sp.tuser};
    if (sp.in_session() && rng.chance(s.loss)) continue;
    const bool dup = sp.in_session() && rng.chance(s.duplicate);
    if (sp.in_session() && !held && rng.chance(s.reorder)) {
      held = std::move(p);
      continue;
    }
    stream.push_back(p);
    if (dup) stream.push_back(p);
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

std::optional<model::lookup::FlowKey> connection_of(const std::vector<std::uint8_t>& frame) {
  namespace ing = model::ingress;
  const auto info = ing::parse(frame, ing::IngressConfig::kDefaultKey);
  if (info.word.l3 != ing::L3Kind::kIpv4 && info.word.l3 != ing::L3Kind::kIpv6) return std::nullopt;
  return ing::connection_key(frame, info.word).key;
}

}  // namespace baton::env::engine
