// SPDX-License-Identifier: Apache-2.0
#include "baton/env/engine/scoreboard.hpp"

#include <algorithm>
#include <numeric>

#include <fmt/format.h>

#include "baton/net/checksum.hpp"
#include "baton/net/flow.hpp"

namespace baton::env::engine {

HwCounters counters_since(const HwCounters& now, const HwCounters& before) {
  HwCounters d;
  for (std::size_t i = 0; i < d.port_rx.size(); ++i) d.port_rx[i] = now.port_rx[i] - before.port_rx[i];
  for (std::size_t i = 0; i < d.port_tx.size(); ++i) d.port_tx[i] = now.port_tx[i] - before.port_tx[i];
  for (std::size_t i = 0; i < d.drop.size(); ++i) d.drop[i] = now.drop[i] - before.drop[i];
  d.to_host = now.to_host - before.to_host;
  d.done = now.done - before.done;
  return d;
}

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
// ", first difference at byte N (golden 0xAA, engine 0xBB)" or the empty string.
std::string first_difference(std::span<const std::uint8_t> want, std::span<const std::uint8_t> got) {
  for (std::size_t i = 0; i < std::min(want.size(), got.size()); ++i) {
    if (want[i] != got[i]) return fmt::format(", first difference at byte {} (golden {:#04x}, engine {:#04x})", i, want[i], got[i]);
  }
  return {};
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

std::string_view verdict_name(const PacketVerdict& v) {
  switch (v.fate) {
    case Fate::kSent: return v.expected == golden::Action::kReply ? "reply" : "forward";
    case Fate::kToHost: return "host";
    case Fate::kDropped: return "drop";
    case Fate::kDone: return "done";
    case Fate::kPending: break;
  }
  return "pending";
}

Scoreboard::Scoreboard(golden::Config config, unsigned num_ports)
    : router_(std::move(config)), num_ports_(num_ports), last_(num_ports + 1) {}

void Scoreboard::error(std::string what) {
  ++mismatches_;
  if (errors_.size() < 20) errors_.push_back(std::move(what));
}

const golden::Verdict& Scoreboard::expect(std::size_t index, const golden::Packet& p) {
  auto v = preset_.empty() ? router_.process(p) : preset_.at(index);
  if ((v.action == golden::Action::kForward || v.action == golden::Action::kReply) && v.port >= num_ports_) {
    error(fmt::format("packet {}: the golden model sends to port {} but the engine has {} ports", index, v.port,
                      num_ports_));
  }
  Entry e{std::move(v), order_key(p.port, p.frame), {}};
  e.got.index = index;
  e.got.in_port = p.port;
  e.got.expected = e.golden.action;
  auto [it, fresh] = verdicts_.emplace(index, std::move(e));
  if (!fresh) error(fmt::format("packet {} offered twice", index));
  return it->second.golden;
}

Scoreboard::Entry* Scoreboard::entry(std::size_t index, const char* what) {
  auto it = verdicts_.find(index);
  if (it == verdicts_.end()) {
    error(fmt::format("{} of packet {}, which was never offered", what, index));
    return nullptr;
  }
  if (it->second.got.fate != Fate::kPending) {
    error(fmt::format("{} of packet {}, which already had its fate ({})", what, index, verdict_name(it->second.got)));
    return nullptr;
  }
  return &it->second;
}

// Within an ordering key, outputs leave in ingress order: the packet index never goes down.
void Scoreboard::check_order(unsigned out, const Entry& e) {
  auto [it, fresh] = last_[out].try_emplace(e.key, e.got.index);
  if (fresh) return;
  if (it->second > e.got.index) {
    error(fmt::format("packet {} left {} after packet {} of the same flow (reordered)", e.got.index,
                      out == num_ports_ ? std::string("the host stream") : fmt::format("port {}", out), it->second));
  } else {
    it->second = e.got.index;
  }
}

namespace {
std::string describe(const golden::Verdict& v) {
  switch (v.action) {
    case golden::Action::kForward: return fmt::format("forward on port {}", v.port);
    case golden::Action::kReply: return fmt::format("reply on port {}", v.port);
    case golden::Action::kToHost: return "to host";
    case golden::Action::kDrop: return fmt::format("drop {:#04x}", static_cast<unsigned>(v.reason));
  }
  return "?";
}
}  // namespace

void Scoreboard::sent(std::size_t index, unsigned port, std::span<const std::uint8_t> frame, std::uint64_t latency) {
  Entry* e = entry(index, "a frame on an egress port");
  if (e == nullptr) return;
  e->got.fate = Fate::kSent;
  e->got.out_port = port;
  e->got.latency = latency;
  const auto& g = e->golden;
  if ((g.action != golden::Action::kForward && g.action != golden::Action::kReply) || g.port != port) {
    error(fmt::format("packet {}: engine sent it on port {}, golden says {}", index, port, describe(g)));
    return;
  }
  if (!std::equal(g.frame.begin(), g.frame.end(), frame.begin(), frame.end())) {
    error(fmt::format("packet {} on port {}: {} bytes differ from the golden frame ({} bytes){}", index, port,
                      frame.size(), g.frame.size(), first_difference(g.frame, frame)));
    return;
  }
  if (auto bad = check_frame_checksums(frame, g.action == golden::Action::kReply)) {
    error(fmt::format("packet {} on port {}: {}", index, port, *bad));
    return;
  }
  check_order(port, *e);
  e->got.ok = true;
  ++matched_;
}

void Scoreboard::to_host(std::size_t index, std::span<const std::uint8_t> frame, unsigned tuser, std::uint64_t latency) {
  Entry* e = entry(index, "a frame on the host stream");
  if (e == nullptr) return;
  e->got.fate = Fate::kToHost;
  e->got.latency = latency;
  const auto& g = e->golden;
  if (g.action != golden::Action::kToHost) {
    error(fmt::format("packet {}: engine sent it to the host, golden says {}", index, describe(g)));
    return;
  }
  if (tuser != e->got.in_port) {
    error(fmt::format("packet {}: host stream tuser {} but it entered on port {}", index, tuser, e->got.in_port));
    return;
  }
  if (!std::equal(g.frame.begin(), g.frame.end(), frame.begin(), frame.end())) {
    error(fmt::format("packet {} to host: {} bytes differ from the golden frame ({} bytes){}", index, frame.size(),
                      g.frame.size(), first_difference(g.frame, frame)));
    return;
  }
  check_order(num_ports_, *e);
  e->got.ok = true;
  ++matched_;
}

void Scoreboard::dropped(std::size_t index, unsigned reason, std::uint64_t latency) {
  Entry* e = entry(index, "a drop");
  if (e == nullptr) return;
  e->got.fate = Fate::kDropped;
  e->got.reason = reason;
  e->got.latency = latency;
  const auto& g = e->golden;
  if (g.action == golden::Action::kDrop && static_cast<unsigned>(g.reason) == reason) {
    e->got.ok = true;
    return;
  }
  const bool resource = reason == kDropBufferFull || reason == kDropQueueFull;
  const auto af = allowed_faults_.find(index);
  const bool injected = af != allowed_faults_.end() && af->second.contains(reason);
  if ((resource && allow_resource_) || injected) {
    e->got.ok = true;
    ++hw_drops_;
    return;
  }
  const bool fault = reason >= kFaultFirst && reason <= kFaultLast;
  error(fmt::format("packet {}: engine dropped it with {}{:#04x}, golden says {}", index, fault ? "fault " : "reason ",
                    reason, describe(g)));
}

void Scoreboard::done(std::size_t index, std::uint64_t latency) {
  Entry* e = entry(index, "a DONE completion");
  if (e == nullptr) return;
  e->got.fate = Fate::kDone;
  e->got.latency = latency;
  error(fmt::format("packet {}: engine ended it with DONE, golden says {}", index, describe(e->golden)));
}

void Scoreboard::unexplained(unsigned out, std::size_t bytes) {
  error(fmt::format("{}: frame of {} bytes that no packet's release announced",
                    out == num_ports_ ? std::string("host stream") : fmt::format("port {}", out), bytes));
}

std::uint64_t Scoreboard::pending() const {
  std::uint64_t n = 0;
  for (const auto& [i, e] : verdicts_) n += e.got.fate == Fate::kPending ? 1 : 0;
  return n;
}

std::vector<PacketVerdict> Scoreboard::verdicts() const {
  std::vector<PacketVerdict> out;
  out.reserve(verdicts_.size());
  for (const auto& [i, e] : verdicts_) out.push_back(e.got);
  return out;
}

void Scoreboard::finish(const HwCounters& hw) {
  // Every packet has exactly one fate.
  unsigned shown = 0;
  for (const auto& [i, e] : verdicts_) {
    if (e.got.fate != Fate::kPending) continue;
    if (shown++ < 5) error(fmt::format("packet {} (port {}): no fate at the end of the run, golden says {}", i,
                                       e.got.in_port, describe(e.golden)));
    else ++mismatches_;
  }
  // The engine's counters agree with the fates it announced.
  HwCounters want;
  for (const auto& [i, e] : verdicts_) {
    ++want.port_rx[e.got.in_port & 15U];
    switch (e.got.fate) {
      case Fate::kSent: ++want.port_tx[e.got.out_port & 15U]; break;
      case Fate::kToHost: ++want.to_host; break;
      case Fate::kDropped: ++want.drop[e.got.reason & 255U]; break;
      case Fate::kDone: ++want.done; break;
      case Fate::kPending: break;
    }
  }
  for (unsigned r = 0; r < 256; ++r) {
    if (hw.drop[r] != want.drop[r]) {
      error(fmt::format("drop counter {:#04x}: engine {} != packets dropped with it {}", r, hw.drop[r], want.drop[r]));
    }
  }
  for (unsigned p = 0; p < num_ports_ && p < 16; ++p) {
    if (hw.port_rx[p] != want.port_rx[p]) error(fmt::format("port {} rx: engine {} != packets offered {}", p, hw.port_rx[p], want.port_rx[p]));
    if (hw.port_tx[p] != want.port_tx[p]) error(fmt::format("port {} tx: engine {} != packets sent {}", p, hw.port_tx[p], want.port_tx[p]));
  }
  if (hw.to_host != want.to_host) error(fmt::format("to_host: engine {} != packets to host {}", hw.to_host, want.to_host));
  if (hw.done != want.done) error(fmt::format("done: engine {} != DONE completions {}", hw.done, want.done));
  // Accounting invariant (FS9): every packet forwarded/answered, to host, done or dropped once.
  // Packets offered: the router's count, or with preset verdicts the packets expect() took.
  const std::uint64_t offered = preset_.empty() ? router_.counters().rx : verdicts_.size();
  if (hw.rx() != offered) error(fmt::format("rx: engine {} != packets offered {}", hw.rx(), offered));
  const std::uint64_t accounted = hw.tx() + hw.to_host + hw.done + hw.dropped();
  if (accounted != hw.rx()) {
    error(fmt::format("accounting: tx {} + to_host {} + done {} + dropped {} = {} != rx {}", hw.tx(), hw.to_host,
                      hw.done, hw.dropped(), accounted, hw.rx()));
  }
}

}  // namespace baton::env::engine
