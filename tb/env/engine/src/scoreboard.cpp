#include "baton/engine/scoreboard.hpp"

#include <numeric>

#include <fmt/format.h>

#include "baton/net/checksum.hpp"
#include "baton/net/flow.hpp"

namespace baton::engine {

std::uint64_t HwCounters::rx() const { return std::accumulate(port_rx.begin(), port_rx.end(), std::uint64_t{0}); }
std::uint64_t HwCounters::tx() const { return std::accumulate(port_tx.begin(), port_tx.end(), std::uint64_t{0}); }
std::uint64_t HwCounters::dropped() const { return std::accumulate(drop.begin(), drop.end(), std::uint64_t{0}); }

namespace {
std::uint16_t be16(std::span<const std::uint8_t> f, std::size_t o) {
  return static_cast<std::uint16_t>((f[o] << 8) | f[o + 1]);
}

// The ordering key of docs/feature-set.md section 6: ingress port and the flow-key bytes.
std::string order_key(unsigned in_port, std::span<const std::uint8_t> frame) {
  const auto key = net::flow_key(frame);
  std::string s(1, static_cast<char>(in_port));
  s.append(key.input.begin(), key.input.end());
  return s;
}
}  // namespace

std::optional<std::string> check_frame_checksums(std::span<const std::uint8_t> f, bool icmp) {
  std::size_t off = 12;
  for (int tags = 0; tags < 2 && off + 4 <= f.size(); ++tags) {
    const auto t = be16(f, off);
    if (t != 0x8100 && t != 0x88a8) break;
    off += 4;
  }
  if (off + 2 > f.size()) return std::nullopt;
  const auto type = be16(f, off);
  const std::size_t l3 = off + 2;
  if (type == 0x0800 && l3 + 20 <= f.size()) {
    const unsigned ihl = (f[l3] & 0x0fU) * 4U;
    if ((f[l3] >> 4) != 4 || ihl < 20 || l3 + ihl > f.size()) return std::nullopt;
    if (net::ones_sum(f.subspan(l3, ihl)) != 0xffff) return fmt::format("IPv4 header checksum wrong");
    const std::size_t total = be16(f, l3 + 2);
    if (icmp && f[l3 + 9] == 1 && l3 + total <= f.size() && total >= ihl) {
      if (net::ones_sum(f.subspan(l3 + ihl, total - ihl)) != 0xffff) return fmt::format("ICMP checksum wrong");
    }
  } else if (type == 0x86dd && l3 + 40 <= f.size() && icmp && f[l3 + 6] == 58) {
    const std::size_t plen = be16(f, l3 + 4);
    if (l3 + 40 + plen > f.size()) return std::nullopt;
    net::Ip6 src{}, dst{};
    std::copy_n(f.begin() + static_cast<long>(l3 + 8), 16, src.begin());
    std::copy_n(f.begin() + static_cast<long>(l3 + 24), 16, dst.begin());
    const auto init = net::pseudo_sum6(src, dst, static_cast<std::uint32_t>(plen), 58);
    if (net::ones_sum(f.subspan(l3 + 40, plen), init) != 0xffff) return fmt::format("ICMPv6 checksum wrong");
  }
  return std::nullopt;
}

Scoreboard::Scoreboard(golden::Config config, unsigned num_ports)
    : router_(std::move(config)), num_ports_(num_ports), queues_(num_ports + 1) {}

void Scoreboard::error(std::string what) {
  ++mismatches_;
  if (errors_.size() < 20) errors_.push_back(std::move(what));
}

const golden::Verdict& Scoreboard::expect(std::size_t index, const golden::Packet& p) {
  auto v = router_.process(p);
  const std::string key = order_key(p.port, p.frame);
  switch (v.action) {
    case golden::Action::kForward:
    case golden::Action::kReply:
      if (v.port >= num_ports_) {
        error(fmt::format("packet {}: the golden model sends to port {} but the engine has {} ports", index, v.port,
                          num_ports_));
      } else {
        queues_[v.port][key].push_back({index, v.frame, p.port, v.action == golden::Action::kReply});
      }
      break;
    case golden::Action::kToHost:
      queues_[num_ports_][key].push_back({index, v.frame, p.port, false});
      break;
    case golden::Action::kDrop:
      break;
  }
  return verdicts_.emplace(index, std::move(v)).first->second;
}

std::optional<std::size_t> Scoreboard::observe(unsigned out, std::span<const std::uint8_t> frame, unsigned tuser) {
  const std::string where = out == num_ports_ ? std::string("host") : fmt::format("port {}", out);
  if (out > num_ports_) {
    error(fmt::format("frame on unknown output {}", out));
    return std::nullopt;
  }
  auto& qs = queues_[out];
  for (auto it = qs.begin(); it != qs.end(); ++it) {
    auto& q = it->second;
    if (q.empty()) continue;
    const Expected& e = q.front();
    if (!std::equal(e.frame.begin(), e.frame.end(), frame.begin(), frame.end())) continue;
    if (out == num_ports_ && e.in_port != tuser) continue;
    const std::size_t index = e.index;
    if (auto bad = check_frame_checksums(frame, e.reply)) error(fmt::format("packet {} on {}: {}", index, where, *bad));
    q.pop_front();
    if (q.empty()) qs.erase(it);
    ++matched_;
    return index;
  }
  // Not at the head of its key: the entries before it never left. That is legal only if the
  // engine dropped them for a hardware reason (0x80..0x86), which finish() checks by count; if
  // one of them shows up later, it is reported as unexpected (so a reordering is still caught).
  for (auto it = qs.begin(); it != qs.end(); ++it) {
    auto& q = it->second;
    for (std::size_t i = 1; i < q.size(); ++i) {
      if (!std::equal(q[i].frame.begin(), q[i].frame.end(), frame.begin(), frame.end())) continue;
      if (out == num_ports_ && q[i].in_port != tuser) continue;
      for (std::size_t k = 0; k < i; ++k) {
        skipped_.push_back(fmt::format("packet {} (expected on {} before packet {} of the same flow)", q[k].index,
                                       where, q[i].index));
      }
      const std::size_t index = q[i].index;
      if (auto bad = check_frame_checksums(frame, q[i].reply)) error(fmt::format("packet {} on {}: {}", index, where, *bad));
      q.erase(q.begin(), q.begin() + static_cast<long>(i) + 1);
      if (q.empty()) qs.erase(it);
      ++matched_;
      return index;
    }
  }
  error(fmt::format("{}: unexpected frame of {} bytes (no golden verdict produces it, or it left after a later "
                    "packet of its flow)", where, frame.size()));
  return std::nullopt;
}

std::uint64_t Scoreboard::outstanding() const {
  std::uint64_t n = skipped_.size();
  for (const auto& qs : queues_) {
    for (const auto& [k, q] : qs) n += q.size();
  }
  return n;
}

void Scoreboard::finish(const HwCounters& hw) {
  const auto& g = router_.counters();
  // Hardware drops the golden model does not predict: 0x80..0x86 and anything it never raises.
  for (unsigned r = 0x80; r <= 0x86; ++r) hw_drops_ += hw.drop[r];
  std::uint64_t missing_drops = 0;
  for (unsigned r = 0; r < 256; ++r) {
    if (r >= 0x80 && r <= 0x86) continue;
    if (hw.drop[r] > g.drop[r]) {
      error(fmt::format("drop reason {:#04x}: engine {} > golden {}", r, hw.drop[r], g.drop[r]));
    } else {
      missing_drops += g.drop[r] - hw.drop[r];
    }
  }
  const std::uint64_t missing_out = outstanding();
  if (missing_out + missing_drops != hw_drops_) {
    error(fmt::format("{} expected outputs and {} expected drops are missing, but the engine dropped {} packets for "
                      "hardware reasons (0x80..0x86)",
                      missing_out, missing_drops, hw_drops_));
    // Name a few of the missing outputs.
    unsigned shown = 0;
    for (const auto& sk : skipped_) {
      if (shown++ < 5) error("missing: " + sk);
    }
    for (unsigned o = 0; o < queues_.size() && shown < 5; ++o) {
      for (const auto& [k, q] : queues_[o]) {
        for (const auto& e : q) {
          if (shown++ < 5) error(fmt::format("packet {}: expected output on {} never seen", e.index, o));
        }
      }
    }
  }
  // Accounting invariant (FS9): every packet forwarded/answered, to host, done or dropped once.
  if (hw.rx() != g.rx) error(fmt::format("rx: engine {} != packets offered {}", hw.rx(), g.rx));
  const std::uint64_t accounted = hw.tx() + hw.to_host + hw.done + hw.dropped();
  if (accounted != hw.rx()) {
    error(fmt::format("accounting: tx {} + to_host {} + done {} + dropped {} = {} != rx {}", hw.tx(), hw.to_host,
                      hw.done, hw.dropped(), accounted, hw.rx()));
  }
  for (unsigned p = 0; p < num_ports_ && p < 16; ++p) {
    if (hw.port_rx[p] != g.port[p].rx) error(fmt::format("port {} rx: engine {} != golden {}", p, hw.port_rx[p], g.port[p].rx));
    if (hw_drops_ == 0 && hw.port_tx[p] != g.port[p].tx) {
      error(fmt::format("port {} tx: engine {} != golden {}", p, hw.port_tx[p], g.port[p].tx));
    }
  }
  if (hw_drops_ == 0 && hw.to_host != g.to_host) error(fmt::format("to_host: engine {} != golden {}", hw.to_host, g.to_host));
  if (hw.done != 0) error(fmt::format("{} DONE completions (the reference firmware never ends a packet with DONE)", hw.done));
}

}  // namespace baton::engine
