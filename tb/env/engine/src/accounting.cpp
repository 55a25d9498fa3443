// SPDX-License-Identifier: Apache-2.0
#include "baton/env/engine/accounting.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <numeric>
#include <stdexcept>

#include "baton/tb/rng.hpp"

namespace baton::env::engine {

std::string with_accounting(const std::string& config_text, std::uint32_t idle) {
  auto j = nlohmann::json::parse(config_text);
  j["flow_accounting"] = {{"enabled", true}, {"idle_timeout", idle}};
  return j.dump(2);
}

TimedTraffic accounting_traffic(const std::string& config_text, std::size_t n, std::uint64_t seed, unsigned ports,
                                const AccountingSchedule& s) {
  const golden::Config cfg = golden::parse_config(config_text);
  if (!cfg.accounting.enabled) throw std::invalid_argument("accounting_traffic: the configuration has accounting off");
  golden::Router router(cfg);
  net::SessionGenerator gen(config_text, s.mix, seed);
  tb::Rng rng(seed ^ 0xacc0U);
  const auto win = golden::FlowAccounting::windows(cfg.accounting.idle_timeout, s.timing);
  struct State {
    std::uint64_t last = 0;
    bool open = false;
    std::uint64_t closed_at = 0;
    bool closed = false;
  };
  std::map<golden::FlowKey, State> flows;
  struct Timed {
    std::uint64_t at;
    golden::Packet p;
  };
  std::vector<Timed> out;
  std::uint64_t now = 0;
  while (out.size() < n) {
    auto sp = gen.next();
    if (sp.port >= ports) throw std::runtime_error(fmt::format("accounting traffic: port {} beyond {}", sp.port, ports));
    golden::Packet p{std::vector<std::uint8_t>(sp.frame.begin(), sp.frame.end()), sp.port, sp.tuser};
    now += rng.range(1, 2 * s.mean_gap);
    // A packet the timing would leave open is deferred, not the stream: only its own flow's later
    // packets wait behind it.
    std::uint64_t at = now;
    if (const auto acc = golden::FlowAccounting::accounted(p, router.process(p))) {
      State& f = flows[acc->key];
      at = std::max(at, f.last + (f.open ? s.flow_gap : 0));
      if (f.closed) at = std::max(at, f.closed_at + win.after_close + s.margin);
      if (f.open) {
        const std::uint64_t lo = win.expiry_lo > s.margin ? win.expiry_lo - s.margin : 0;
        const std::uint64_t hi = win.expiry_hi + s.margin;
        if (at - f.last >= lo && at - f.last <= hi) at = f.last + hi + 1;
      }
      f.last = at;
      f.open = !acc->closes();
      f.closed = acc->closes();
      if (f.closed) f.closed_at = at;
    }
    out.push_back({at, std::move(p)});
  }
  std::stable_sort(out.begin(), out.end(), [](const Timed& a, const Timed& b) { return a.at < b.at; });
  TimedTraffic t;
  for (auto& o : out) {
    t.at.push_back(o.at);
    t.packets.push_back(std::move(o.p));
  }
  return t;
}

std::vector<golden::FlowRecord> golden_records(const golden::Config& cfg, const std::vector<golden::Packet>& packets,
                                               const std::vector<std::uint64_t>& arrival,
                                               const golden::AccountingTiming& timing, std::size_t* max_concurrent) {
  golden::Router router(cfg);
  golden::FlowAccounting acct(cfg.accounting, timing);
  // Arrival order: a packet waits for its own port only, so a later packet on another port may
  // enter first.
  std::vector<std::size_t> order(packets.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return arrival.at(a) < arrival.at(b); });
  for (const std::size_t i : order) acct.packet(packets[i], router.process(packets[i]), arrival.at(i));
  if (max_concurrent != nullptr) *max_concurrent = acct.max_concurrent();
  acct.finish();
  return acct.records();
}

std::vector<std::string> compare_records(const std::vector<golden::FlowRecord>& want,
                                         const std::vector<std::vector<std::uint8_t>>& messages) {
  std::vector<std::string> err;
  std::multimap<std::pair<golden::FlowKey, std::uint32_t>, golden::FlowRecord> expect;
  for (const auto& r : want) expect.emplace(std::make_pair(r.key, r.first), r);
  for (const auto& m : messages) {
    const auto r = golden::FlowRecord::parse(m);
    if (!r) {
      err.push_back(fmt::format("a host message of {} bytes is not a flow record", m.size()));
      continue;
    }
    const auto it = expect.find({r->key, r->first});
    if (it == expect.end()) {
      err.push_back("exported but not expected: " + r->to_string());
      continue;
    }
    if (!(it->second == *r)) err.push_back(fmt::format("record differs\n  golden   {}\n  exported {}", it->second.to_string(), r->to_string()));
    expect.erase(it);
  }
  for (const auto& [k, r] : expect) err.push_back("expected but not exported: " + r.to_string());
  return err;
}

}  // namespace baton::env::engine
