// SPDX-License-Identifier: Apache-2.0
// The stateful firewall and fragment policy, rule by rule from docs/feature-set.md section 12
// (subsection numbers in the comments).
#include "baton/golden/firewall.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <stdexcept>

#include "wire.hpp"

namespace baton::golden {

namespace {

using wire::fold_sum;
using wire::pseudo4;
using wire::pseudo6;
using wire::rd16;
using wire::rd32;

constexpr std::uint8_t kTcp = 6, kUdp = 17, kIcmp4 = 1, kIcmp6 = 58, kFragment6 = 44;

// 12.3: the valid flag combinations (CWR and ECE cleared).
bool valid_tcp_flags(std::uint8_t f) {
  constexpr std::uint8_t kValid[] = {0x02, 0x22, 0x12, 0x04, 0x14, 0x1c, 0x11,
                                     0x31, 0x19, 0x39, 0x10, 0x18, 0x30, 0x38};
  return std::find(std::begin(kValid), std::end(kValid), f) != std::end(kValid);
}

enum class Seg : std::uint8_t { kSyn, kSynAck, kAck, kFin, kRst };

Seg segment_class(std::uint8_t f) {
  if (f & 0x04) return Seg::kRst;
  if (f & 0x02) return (f & 0x10) ? Seg::kSynAck : Seg::kSyn;
  if (f & 0x01) return Seg::kFin;
  return Seg::kAck;
}

bool icmp_error(std::uint8_t family, std::uint8_t type) {
  if (family == 4) return type == 3 || type == 4 || type == 5 || type == 11 || type == 12;
  return type >= 1 && type <= 4;
}

}  // namespace

std::string_view name(ConnState s) {
  constexpr std::string_view kNames[kConnStates] = {"syn_sent",  "syn_recv",   "established", "fin_wait",
                                                    "close_wait", "last_ack",  "time_wait",   "close",
                                                    "unreplied", "replied"};
  const auto i = static_cast<std::size_t>(s);
  return i < kConnStates ? kNames[i] : "?";
}

std::string_view name(CtState s) {
  switch (s) {
    case CtState::kInvalid:
      return "invalid";
    case CtState::kNew:
      return "new";
    case CtState::kEstablished:
      return "established";
    case CtState::kRelated:
      return "related";
  }
  return "?";
}

Firewall::Tuple Firewall::Tuple::swapped() const {
  Tuple t = *this;
  std::swap(t.src, t.dst);
  std::swap(t.sport, t.dport);
  return t;
}

Firewall::Firewall(const FirewallConfig& cfg) : cfg_(cfg) {}

void Firewall::expire(std::uint64_t time) {
  if (time < last_time_) {
    throw std::invalid_argument(
        fmt::format("firewall: a packet at cycle {} comes after one at cycle {}; times must not decrease", time, last_time_));
  }
  last_time_ = time;
  // 12.6: gone at its expiry time.
  while (!conn_expiry_.empty() && conn_expiry_.begin()->first <= time) {
    conns_.erase(conn_expiry_.begin()->second);
    conn_expiry_.erase(conn_expiry_.begin());
    ++counters_.expired;
  }
  while (!frag_expiry_.empty() && frag_expiry_.begin()->first <= time) {
    frags_.erase(frag_expiry_.begin()->second);
    frag_expiry_.erase(frag_expiry_.begin());
  }
}

const Firewall::Conn* Firewall::find(const Tuple& t) const {
  const auto it = conns_.find(t);
  return it == conns_.end() ? nullptr : &it->second;
}

std::uint32_t Firewall::timeout(ConnState s) const {
  const FirewallTimeouts& t = cfg_.timeouts;
  switch (s) {
    case ConnState::kSynSent:
      return t.tcp_syn_sent;
    case ConnState::kSynRecv:
      return t.tcp_syn_recv;
    case ConnState::kEstablished:
      return t.tcp_established;
    case ConnState::kFinWait:
      return t.tcp_fin_wait;
    case ConnState::kCloseWait:
      return t.tcp_close_wait;
    case ConnState::kLastAck:
      return t.tcp_last_ack;
    case ConnState::kTimeWait:
      return t.tcp_time_wait;
    case ConnState::kClose:
      return t.tcp_close;
    case ConnState::kUnreplied:
      return t.udp;
    case ConnState::kReplied:
      return t.udp_stream;
  }
  throw std::logic_error("firewall: unknown connection state");
}

FirewallDecision Firewall::inspect(std::span<const std::uint8_t> ip, bool from_inside, std::uint64_t time,
                                   std::size_t ip_offset) {
  expire(time);
  ip_offset_ = ip_offset;
  if (ip.size() < 20) throw std::logic_error("firewall: not an IP datagram the router validated");
  const std::uint8_t* h = ip.data();
  Tuple base;
  L4View l4;
  FragKey fk;
  bool is_fragment = false, first = true;
  if ((h[0] >> 4) == 4) {
    const std::size_t hlen = std::size_t{h[0] & 0x0fU} * 4;
    const std::size_t total = rd16(h + 2);
    if (hlen < 20 || total < hlen || total > ip.size()) throw std::logic_error("firewall: an IPv4 header the router refuses");
    base.family = 4;
    std::copy_n(h + 12, 4, base.src.begin());
    std::copy_n(h + 16, 4, base.dst.begin());
    base.proto = h[9];
    const std::uint16_t frag = rd16(h + 6);
    is_fragment = (frag & 0x3fff) != 0;  // MF or an offset
    first = (frag & 0x1fff) == 0;
    fk.id = rd16(h + 4);
    l4 = {h + hlen, total - hlen, true, false};
  } else {
    const std::size_t plen = rd16(h + 4);
    if (ip.size() < 40 + plen) throw std::logic_error("firewall: an IPv6 header the router refuses");
    base.family = 6;
    std::copy_n(h + 8, 16, base.src.begin());
    std::copy_n(h + 24, 16, base.dst.begin());
    base.proto = h[6];
    l4 = {h + 40, plen, true, false};
    if (base.proto == kFragment6) {  // 12.8: the fragment header right after the fixed header
      if (plen < 8) return {false, Drop::kFwInvalid, CtState::kInvalid, true};
      is_fragment = true;
      base.proto = h[40];
      first = (rd16(h + 42) >> 3) == 0;
      fk.id = rd32(h + 44);
      l4 = {h + 48, plen - 8, true, false};
    }
  }
  if (is_fragment) {
    fk.family = base.family;
    fk.src = base.src;
    fk.dst = base.dst;
    fk.proto = base.proto;
    if (!first) {  // a later fragment follows its datagram's record
      const auto it = frags_.find(fk);
      if (it == frags_.end()) return {false, Drop::kFragNoFirst, CtState::kInvalid, true};
      if (!it->second.accept) return {false, Drop::kFragFirstDropped, CtState::kInvalid, true};
      ++counters_.fragments_followed;
      return {true, Drop::kNone, it->second.ct, true};
    }
    l4.check_sum = false;  // the L4 checksum covers the whole datagram
    l4.fragment = true;
  }
  const Outcome o = track(base, h, l4);
  FirewallDecision d = decide(o, from_inside);
  if (is_fragment) {
    d.fragment = true;
    const auto it = frags_.find(fk);
    if (it == frags_.end() && frags_.size() >= cfg_.max_fragments) {
      return {false, Drop::kFragTableFull, o.ct, true};
    }
    if (it != frags_.end()) {
      frag_expiry_.erase({it->second.expiry, fk});
      frags_.erase(it);
    }
    const std::uint64_t expiry = time + cfg_.timeouts.fragment;
    frags_[fk] = {d.accept, d.reason, d.ct, expiry};
    frag_expiry_.insert({expiry, fk});
  }
  if (d.accept) commit(o, time);
  return d;
}

Firewall::Outcome Firewall::track(const Tuple& base, const std::uint8_t* ip, const L4View& l4) const {
  if (base.proto == kTcp) return tcp(base, ip, l4);
  if ((base.family == 4 && base.proto == kIcmp4) || (base.family == 6 && base.proto == kIcmp6)) return icmp(base, ip, l4);
  if (base.proto == kUdp) {  // 12.2 validity
    if (l4.len < 8) return {};
    const std::uint8_t* u = l4.p;
    if (!l4.fragment) {
      const std::size_t ulen = rd16(u + 4);
      if (ulen < 8 || ulen > l4.len) return {};
      const std::uint16_t sum = rd16(u + 6);
      if (base.family == 6 && sum == 0) return {};
      if (sum != 0 && !l4_sum_ok(base, ip, l4, ulen)) return {};
    }
    Tuple t = base;
    t.sport = rd16(u);
    t.dport = rd16(u + 2);
    return datagram(t);
  }
  return datagram(base);  // other protocols: addresses and protocol
}

bool Firewall::l4_sum_ok(const Tuple& t, const std::uint8_t* ip, const L4View& l4, std::size_t n) const {
  std::uint16_t ps = 0;
  if (t.family == 4) {
    if (t.proto != kIcmp4) ps = pseudo4(ip + 12, ip + 16, static_cast<std::uint16_t>(n), t.proto);
  } else {
    ps = pseudo6(ip + 8, ip + 24, static_cast<std::uint32_t>(n), t.proto);
  }
  return fold_sum(l4.p, n, ps) == 0xffff;
}

// 12.4: UDP and other protocols.
Firewall::Outcome Firewall::datagram(const Tuple& t) const {
  Outcome o;
  o.orig = t;
  if (const Conn* c = find(t)) {
    o.ct = c->seen_reply ? CtState::kEstablished : CtState::kNew;
    o.next = c->seen_reply ? ConnState::kReplied : ConnState::kUnreplied;
    return o;
  }
  if (find(t.swapped()) != nullptr) {
    o.orig = t.swapped();
    o.ct = CtState::kEstablished;
    o.reply_dir = true;
    o.next = ConnState::kReplied;
    return o;
  }
  o.ct = CtState::kNew;
  o.creates = true;
  o.next = ConnState::kUnreplied;
  return o;
}

// 12.3.
Firewall::Outcome Firewall::tcp(const Tuple& base, const std::uint8_t* ip, const L4View& l4) const {
  const Outcome invalid;
  if (l4.len < 20) return invalid;
  const std::uint8_t* p = l4.p;
  const std::size_t doff = static_cast<std::size_t>(p[12] >> 4) * 4;
  if (doff < 20 || doff > l4.len) return invalid;
  Tuple t = base;
  t.sport = rd16(p);
  t.dport = rd16(p + 2);
  if (l4.check_sum && !l4_sum_ok(t, ip, l4, l4.len)) return invalid;
  const auto flags = static_cast<std::uint8_t>(p[13] & 0x3f);
  if (!valid_tcp_flags(flags)) return invalid;
  const Seg seg = segment_class(flags);

  Outcome o;
  const Conn* c = find(t);
  bool from_orig = true;
  if (c != nullptr) {
    o.orig = t;
  } else if ((c = find(t.swapped())) != nullptr) {
    o.orig = t.swapped();
    from_orig = false;
  }
  auto create = [&](bool reopen) {
    Outcome n;
    n.ct = CtState::kNew;
    n.creates = true;
    n.reopen = reopen;
    n.old = o.orig;
    n.orig = t;
    n.next = ConnState::kSynSent;
    return n;
  };
  if (c == nullptr) return seg == Seg::kSyn ? create(false) : invalid;

  const bool from_closer = from_orig == c->closer_orig;
  std::optional<ConnState> next;
  bool reopen = false, ignore = false;  // ignore: the "=" cells, accepted without a change
  using S = ConnState;
  switch (c->state) {
    case S::kSynSent:
      if (seg == Seg::kSyn && from_orig) next = S::kSynSent;
      if (seg == Seg::kSynAck && !from_orig) next = S::kSynRecv;
      if (seg == Seg::kAck && !from_orig) ignore = true;
      break;
    case S::kSynRecv:
      if (seg == Seg::kSyn && from_orig) ignore = true;
      if (seg == Seg::kSynAck) {
        if (from_orig) next = S::kSynRecv;
        else ignore = true;
      }
      if (seg == Seg::kAck) next = from_orig ? S::kEstablished : S::kSynRecv;
      if (seg == Seg::kFin) next = S::kFinWait;
      break;
    case S::kEstablished:
      if ((seg == Seg::kSyn && from_orig) || (seg == Seg::kSynAck && !from_orig)) ignore = true;
      if (seg == Seg::kAck) next = S::kEstablished;
      if (seg == Seg::kFin) next = S::kFinWait;
      break;
    case S::kFinWait:
    case S::kCloseWait:
    case S::kLastAck:
      if ((seg == Seg::kSyn && from_orig) || (seg == Seg::kSynAck && !from_orig)) ignore = true;
      if (c->state == S::kFinWait) {
        if (seg == Seg::kAck) next = from_closer ? S::kFinWait : S::kCloseWait;
        if (seg == Seg::kFin) next = from_closer ? S::kFinWait : S::kLastAck;
      } else if (c->state == S::kCloseWait) {
        if (seg == Seg::kAck) next = S::kCloseWait;
        if (seg == Seg::kFin) next = from_closer ? S::kCloseWait : S::kLastAck;
      } else {
        if (seg == Seg::kAck) next = from_closer ? S::kTimeWait : S::kLastAck;
        if (seg == Seg::kFin) next = S::kLastAck;
      }
      break;
    case S::kTimeWait:
    case S::kClose:
      if (seg == Seg::kSyn) reopen = true;
      if (seg == Seg::kSynAck && !from_orig) ignore = true;
      if (seg == Seg::kAck || seg == Seg::kFin) next = c->state;
      break;
    default:
      throw std::logic_error("firewall: a TCP connection in a datagram state");
  }
  if (seg == Seg::kRst) next = S::kClose;  // RST closes in every state
  if (reopen) return create(true);
  if (ignore) next = c->state;
  if (!next) return invalid;
  o.ignore = ignore;
  o.ct = (from_orig && !c->seen_reply) ? CtState::kNew : CtState::kEstablished;
  o.reply_dir = !from_orig;
  o.next = *next;
  // The first FIN names the closing side (C of 12.3).
  o.closer_orig = (*next == S::kFinWait && c->state != S::kFinWait) ? from_orig : c->closer_orig;
  return o;
}

// 12.4: ICMP echo pseudo-connections and errors.
Firewall::Outcome Firewall::icmp(const Tuple& base, const std::uint8_t* ip, const L4View& l4) const {
  const Outcome invalid;
  if (l4.len < 8) return invalid;
  if (l4.check_sum && !l4_sum_ok(base, ip, l4, l4.len)) return invalid;
  const std::uint8_t type = l4.p[0];
  const std::uint8_t req = base.family == 4 ? 8 : 128, rep = base.family == 4 ? 0 : 129;
  const std::uint16_t id = rd16(l4.p + 4);
  Outcome o;
  if (type == req) {
    Tuple t = base;
    t.sport = id;
    o.orig = t;
    if (const Conn* c = find(t)) {
      o.ct = c->seen_reply ? CtState::kEstablished : CtState::kNew;
      o.next = c->seen_reply ? ConnState::kReplied : ConnState::kUnreplied;
    } else {
      o.ct = CtState::kNew;
      o.creates = true;
      o.next = ConnState::kUnreplied;
    }
    return o;
  }
  if (type == rep) {
    Tuple t = base.swapped();
    t.sport = id;
    if (find(t) == nullptr) return invalid;
    o.orig = t;
    o.ct = CtState::kEstablished;
    o.reply_dir = true;
    o.next = ConnState::kReplied;
    return o;
  }
  // The quote counts within the frame's first kQuoteWindow bytes (the connection key the engine's
  // ingress builds from it, ingress.md "Connection key").
  const std::size_t at = ip_offset_ + static_cast<std::size_t>(l4.p - ip) + 8;
  const std::size_t n = std::min(l4.len - 8, at < kQuoteWindow ? kQuoteWindow - at : 0);
  if (icmp_error(base.family, type) && related(base, l4.p + 8, n)) {
    o.ct = CtState::kRelated;
    return o;
  }
  return invalid;
}

bool Firewall::related(const Tuple& outer, const std::uint8_t* q, std::size_t n) const {
  Tuple t;
  t.family = outer.family;
  const std::uint8_t* l4 = nullptr;
  std::size_t m = 0;
  if (outer.family == 4) {
    if (n < 20 || (q[0] >> 4) != 4) return false;
    const std::size_t ihl = std::size_t{q[0] & 0x0fU} * 4;
    if (ihl < 20 || ihl > n) return false;
    t.proto = q[9];
    std::copy_n(q + 12, 4, t.src.begin());
    std::copy_n(q + 16, 4, t.dst.begin());
    l4 = q + ihl;
    m = n - ihl;
  } else {
    if (n < 40 || (q[0] >> 4) != 6) return false;
    t.proto = q[6];
    std::copy_n(q + 8, 16, t.src.begin());
    std::copy_n(q + 24, 16, t.dst.begin());
    l4 = q + 40;
    m = n - 40;
  }
  // The error must travel back to the quoted datagram's sender (Linux refuses others as forged).
  if (outer.dst != t.src) return false;
  const bool icmp = (t.family == 4 && t.proto == kIcmp4) || (t.family == 6 && t.proto == kIcmp6);
  if (t.proto == kTcp || t.proto == kUdp) {
    if (m < 8) return false;
    t.sport = rd16(l4);
    t.dport = rd16(l4 + 2);
  } else if (icmp) {
    if (m < 8) return false;
    const std::uint8_t req = t.family == 4 ? 8 : 128, rep = t.family == 4 ? 0 : 129;
    if (l4[0] == rep) t = t.swapped();
    else if (l4[0] != req) return false;
    t.sport = rd16(l4 + 4);
    t.dport = 0;
    return find(t) != nullptr;
  }
  return find(t) != nullptr || find(t.swapped()) != nullptr;
}

// 12.5: the ruleset.
FirewallDecision Firewall::decide(const Outcome& o, bool from_inside) const {
  switch (o.ct) {
    case CtState::kInvalid:
      return {false, Drop::kFwInvalid, o.ct, false};
    case CtState::kEstablished:
    case CtState::kRelated:
      return {true, Drop::kNone, o.ct, false};
    case CtState::kNew:
      if (!from_inside) return {false, Drop::kFwNewNotAllowed, o.ct, false};
      if (o.creates && !o.reopen && conns_.size() >= cfg_.max_connections) return {false, Drop::kFwTableFull, o.ct, false};
      return {true, Drop::kNone, o.ct, false};
  }
  throw std::logic_error("firewall: unknown connection state of a packet");
}

// 12.5: only an accepted packet changes a connection.
void Firewall::commit(const Outcome& o, std::uint64_t time) {
  if (o.ct == CtState::kNew) ++counters_.accepted_new;
  if (o.ct == CtState::kEstablished) ++counters_.accepted_established;
  if (o.ct == CtState::kRelated) {
    ++counters_.accepted_related;
    return;
  }
  if (o.reopen) {
    const auto it = conns_.find(o.old);
    conn_expiry_.erase({it->second.expiry, o.old});
    conns_.erase(it);
  }
  if (o.creates) ++counters_.created;
  auto [it, fresh] = conns_.try_emplace(o.orig);
  Conn& c = it->second;
  if (o.ignore) {  // 12.3 "=": only the seen-reply flag
    c.seen_reply = c.seen_reply || o.reply_dir;
    return;
  }
  if (!fresh) conn_expiry_.erase({c.expiry, o.orig});
  c.state = o.next;
  c.seen_reply = c.seen_reply || o.reply_dir;
  c.closer_orig = o.closer_orig;
  c.expiry = time + timeout(c.state);
  conn_expiry_.insert({c.expiry, o.orig});
}

std::array<std::uint64_t, kConnStates> Firewall::live_by_state(std::uint64_t time) {
  expire(time);
  std::array<std::uint64_t, kConnStates> n{};
  for (const auto& [t, c] : conns_) ++n[static_cast<std::size_t>(c.state)];
  return n;
}

std::size_t Firewall::live_fragments(std::uint64_t time) {
  expire(time);
  return frags_.size();
}

}  // namespace baton::golden
