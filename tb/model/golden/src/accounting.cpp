// SPDX-License-Identifier: Apache-2.0
// Flow accounting (docs/feature-set.md section 11).
#include "baton/golden/accounting.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "wire.hpp"

namespace baton::golden {

namespace {

// The golden model's byte order helpers (wire.hpp) on a frame and an offset.
std::uint32_t be16(const std::vector<std::uint8_t>& f, std::size_t o) { return wire::rd16(&f[o]); }
std::uint32_t be32(const std::vector<std::uint8_t>& f, std::size_t o) { return wire::rd32(&f[o]); }
void put16(std::vector<std::uint8_t>& f, std::size_t o, std::uint32_t v) { wire::wr16(&f[o], static_cast<std::uint16_t>(v)); }
void put32(std::vector<std::uint8_t>& f, std::size_t o, std::uint32_t v) { wire::wr32(&f[o], v); }

// Drops before the accounting point: L1-L5 (3.2), V1-V6 (3.4), and the ingress hardware (3.1).
bool dropped_before_accounting(const Verdict& v) {
  if (v.action != Action::kDrop) return false;
  const auto r = static_cast<unsigned>(v.reason);
  return (r >= 0x01 && r <= 0x05) || (r >= 0x20 && r <= 0x25) || r >= 0x80;
}

}  // namespace

std::vector<std::uint8_t> FlowRecord::to_bytes() const {
  std::vector<std::uint8_t> f(kBytes, 0);
  put16(f, 12, kEtherType);
  f[14] = kVersion;
  f[15] = static_cast<std::uint8_t>(reason);
  f[16] = key.protocol;
  f[17] = tcp_flags;
  f[18] = in_port;
  put16(f, 20, key.vlan);
  put32(f, 22, key.src);
  put32(f, 26, key.dst);
  put16(f, 30, key.sport);
  put16(f, 32, key.dport);
  put32(f, 34, packets);
  put32(f, 38, octets);
  put32(f, 42, first);
  put32(f, 46, last);
  return f;
}

std::optional<FlowRecord> FlowRecord::parse(const std::vector<std::uint8_t>& f) {
  if (f.size() != kBytes || be16(f, 12) != kEtherType || f[14] != kVersion) return std::nullopt;
  if (f[15] < 1 || f[15] > 3) return std::nullopt;
  FlowRecord r;
  r.reason = static_cast<CloseReason>(f[15]);
  r.key.protocol = f[16];
  r.tcp_flags = f[17];
  r.in_port = f[18];
  r.key.vlan = static_cast<std::uint16_t>(be16(f, 20));
  r.key.src = be32(f, 22);
  r.key.dst = be32(f, 26);
  r.key.sport = static_cast<std::uint16_t>(be16(f, 30));
  r.key.dport = static_cast<std::uint16_t>(be16(f, 32));
  r.packets = be32(f, 34);
  r.octets = be32(f, 38);
  r.first = be32(f, 42);
  r.last = be32(f, 46);
  return r;
}

std::string FlowRecord::to_string() const {
  static constexpr const char* kReason[] = {"?", "idle", "fin", "rst"};
  const auto ip = [](std::uint32_t a) { return fmt::format("{}.{}.{}.{}", a >> 24, (a >> 16) & 255, (a >> 8) & 255, a & 255); };
  return fmt::format("{} vlan {} {}:{} > {}:{} proto {} port {} flags {:#04x}: {} packets {} octets, first {} last {}",
                     kReason[static_cast<unsigned>(reason) & 3], key.vlan, ip(key.src), key.sport, ip(key.dst),
                     key.dport, key.protocol, in_port, tcp_flags, packets, octets, first, last);
}

std::optional<FlowAccounting::Accounted> FlowAccounting::accounted(const Packet& p, const Verdict& v) {
  if (dropped_before_accounting(v)) return std::nullopt;
  const auto& f = p.frame;
  // L2 passed (no L1-L5 drop): the frame holds its tags and an EtherType.
  std::size_t off = 12;
  std::uint16_t vlan = 0;
  unsigned tags = 0;
  while (off + 2 <= f.size() && (be16(f, off) == 0x8100U || be16(f, off) == 0x88a8U) && tags < 2) {
    if (tags == 0 && off + 4 <= f.size()) vlan = static_cast<std::uint16_t>(be16(f, off + 2) & 0x0fffU);
    off += 4;
    ++tags;
  }
  if (off + 2 > f.size() || be16(f, off) != 0x0800U) return std::nullopt;
  const std::size_t l3 = off + 2;
  // V1-V6 passed: the header is whole and the total length lies inside the frame.
  const std::size_t ihl = 4U * (f[l3] & 0x0fU);
  const std::size_t total = be16(f, l3 + 2);
  if ((be16(f, l3 + 6) & 0x3fffU) != 0) return std::nullopt;  // MF or fragment offset: a fragment
  Accounted a;
  FlowKey& k = a.key;
  k.vlan = vlan;
  k.src = be32(f, l3 + 12);
  k.dst = be32(f, l3 + 16);
  k.protocol = f[l3 + 9];
  if ((k.protocol == 6 || k.protocol == 17) && ihl + 4 <= total) {
    k.sport = static_cast<std::uint16_t>(be16(f, l3 + ihl));
    k.dport = static_cast<std::uint16_t>(be16(f, l3 + ihl + 2));
  }
  a.octets = static_cast<std::uint32_t>(total);
  if (k.protocol == 6 && ihl + 14 <= total) a.tcp_flags = f[l3 + ihl + 13];
  return a;
}

void FlowAccounting::packet(const Packet& p, const Verdict& v, std::uint64_t arrival) {
  if (arrival < prev_arrival_) {
    throw std::invalid_argument(fmt::format("flow accounting: arrival {} before the previous one ({})", arrival, prev_arrival_));
  }
  prev_arrival_ = arrival;
  if (!cfg_.enabled) return;
  const auto acc = accounted(p, v);
  if (!acc) return;
  ++accounted_;
  const FlowKey* key = &acc->key;
  const std::uint32_t total = acc->octets;
  const std::uint8_t flags = acc->tcp_flags;

  const Windows w = windows(cfg_.idle_timeout, timing_);
  if (const auto c = closed_at_.find(*key); c != closed_at_.end() && arrival - c->second < w.after_close) {
    throw AmbiguousTiming(fmt::format("flow accounting: a packet of a flow arrives {} cycles after the packet that "
                                      "closed its record (at cycle {}), within twice the latency bound {}",
                                      arrival - c->second, c->second, timing_.latency));
  }
  auto it = open_.find(*key);
  if (it != open_.end()) {
    const std::uint64_t gap = arrival - it->second.last;
    const std::uint64_t idle = cfg_.idle_timeout;
    if (gap >= w.expiry_lo && gap <= w.expiry_hi) {
      throw AmbiguousTiming(fmt::format("flow accounting: {} arrives {} cycles after the flow's last packet (cycle {}), "
                                        "inside the idle expiry window [{}, {}]",
                                        it->second.rec.to_string(), gap, it->second.last, w.expiry_lo, w.expiry_hi));
    }
    if (gap > idle) {
      live_remove(it->second.last + idle);
      records_.push_back(it->second.rec);
      open_.erase(it);
      it = open_.end();
    }
  }
  if (it == open_.end()) {
    FlowRecord r;
    r.key = *key;
    r.in_port = p.port;
    r.first = static_cast<std::uint32_t>(arrival);
    it = open_.emplace(*key, Open{r, arrival}).first;
  } else {
    live_remove(it->second.last + cfg_.idle_timeout);
  }
  FlowRecord& r = it->second.rec;
  ++r.packets;
  r.octets += total;
  r.last = static_cast<std::uint32_t>(arrival);
  r.tcp_flags |= flags;
  it->second.last = arrival;
  while (!live_.empty() && *live_.begin() <= arrival) live_.erase(live_.begin());
  pruned_upto_ = arrival;
  if (!acc->closes()) {
    live_.insert(arrival + cfg_.idle_timeout);
    max_open_ = std::max(max_open_, live_.size());
  }
  if (acc->closes()) {
    r.reason = (flags & 0x04U) != 0 ? CloseReason::kRst : CloseReason::kFin;
    records_.push_back(r);
    open_.erase(it);
    closed_at_[*key] = arrival;
  }
}

// A record's bound is in live_ until an arrival at or past it pruned it.
void FlowAccounting::live_remove(std::uint64_t bound) {
  if (bound <= pruned_upto_) return;
  if (const auto l = live_.find(bound); l != live_.end()) live_.erase(l);
}

void FlowAccounting::finish() {
  for (auto& [k, o] : open_) {
    o.rec.reason = CloseReason::kIdle;
    records_.push_back(o.rec);
  }
  open_.clear();
}

}  // namespace baton::golden
