// SPDX-License-Identifier: Apache-2.0
// The reference router, rule by rule in the order of docs/feature-set.md section 3. Rule labels
// (H1, L2, V5, C7, ...) refer to that document.
#include "baton/golden/router.hpp"

#include "baton/golden/firewall.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <stdexcept>

#include "wire.hpp"

namespace baton::golden {

namespace {

using Frame = std::vector<std::uint8_t>;

constexpr std::uint16_t kTypeIpv4 = 0x0800;
constexpr std::uint16_t kTypeArp = 0x0806;
constexpr std::uint16_t kTypeIpv6 = 0x86dd;
constexpr std::size_t kArpReplyLen = 60;
constexpr std::size_t kIcmp6QuoteMax = 1232;  // 1280 - 40 - 8
constexpr std::uint8_t kReplyTtl = 64;

using wire::add1c;
using wire::fold_sum;
using wire::pseudo6;
using wire::rd16;
using wire::rd32;
using wire::wr16;
using wire::wr32;

// RFC 1624 eqn. 3.
std::uint16_t incremental(std::uint16_t hc, std::uint16_t m, std::uint16_t m_new) {
  return static_cast<std::uint16_t>(
      ~add1c(add1c(static_cast<std::uint16_t>(~hc), static_cast<std::uint16_t>(~m)), m_new));
}

bool is_tpid(std::uint16_t t) { return t == 0x8100 || t == 0x88a8; }

V6Addr v6_at(const std::uint8_t* p) {
  V6Addr a{};
  std::copy(p, p + 16, a.begin());
  return a;
}

bool v6_zero(const V6Addr& a) {
  return std::all_of(a.begin(), a.end(), [](std::uint8_t b) { return b == 0; });
}
bool v6_loopback(const V6Addr& a) {
  return std::all_of(a.begin(), a.begin() + 15, [](std::uint8_t b) { return b == 0; }) &&
         a[15] == 1;
}
bool v6_link_local(const V6Addr& a) { return a[0] == 0xfe && (a[1] & 0xc0) == 0x80; }

bool v6_match(const V6Addr& a, const V6Addr& prefix, int len) {
  for (int i = 0; i < 16 && len > 0; ++i, len -= 8) {
    const auto mask = static_cast<std::uint8_t>(len >= 8 ? 0xff : 0xff00 >> len);
    if ((a[i] & mask) != (prefix[i] & mask)) return false;
  }
  return true;
}

// The decision for one packet; the Router wraps it with the counters.
class Decider {
 public:
  Decider(const Config& c, const Packet& p, Firewall* fw) : cfg_(c), pkt_(p), f_(p.frame), fw_(fw) {}

  Verdict run() {
    // 3.1 ingress hardware
    if (pkt_.tuser_error) return drop(Drop::kTuserError);          // H1
    if (f_.size() > cfg_.max_frame) return drop(Drop::kOversize);  // H2
    if (f_.size() < cfg_.min_frame) return drop(Drop::kRunt);      // H3
    // 3.2 layer 2
    in_ = cfg_.find_port(pkt_.port);
    if (!in_) return drop(Drop::kPortUnconfigured);  // L1
    l2_group_ = (f_[0] & 1) != 0;                    // broadcast is a multicast address too
    if (!l2_group_ && !std::equal(in_->mac.begin(), in_->mac.end(), f_.begin()))
      return drop(Drop::kL2NotForUs);  // L2
    std::size_t type_at = 12;
    std::uint16_t type = rd16(&f_[type_at]);
    int tags = 0;
    while (is_tpid(type)) {
      if (tags == 2) return drop(Drop::kL2TooManyTags);              // L4
      if (type_at + 6 > f_.size()) return drop(Drop::kL2Truncated);  // L3: TCI + next type
      type = rd16(&f_[type_at + 4]);
      type_at += 4;
      ++tags;
    }
    l3_ = type_at + 2;
    n_ = f_.size() - l3_;
    switch (type) {
      case kTypeArp:
        return arp();
      case kTypeIpv4:
        return ipv4();
      case kTypeIpv6:
        return ipv6();
      default:
        return drop(Drop::kL2UnsupportedEthertype);  // L5
    }
  }

 private:
  const std::uint8_t* l3() const { return f_.data() + l3_; }

  Verdict drop(Drop d) const {
    Verdict v;
    v.action = Action::kDrop;
    v.reason = d;
    v.port = pkt_.port;
    return v;
  }
  Verdict to_host() const {
    Verdict v;
    v.action = Action::kToHost;
    v.port = pkt_.port;
    v.frame = f_;
    return v;
  }
  Verdict reply(ReplyKind k, Frame out) const {
    Verdict v;
    v.action = Action::kReply;
    v.reply = k;
    v.port = pkt_.port;
    v.frame = std::move(out);
    return v;
  }
  Verdict forward(std::uint8_t port, Frame out) const {
    Verdict v;
    v.action = Action::kForward;
    v.port = port;
    v.frame = std::move(out);
    return v;
  }

  // Ethernet header of a generated frame back to the sender: destination `dst`, source the
  // ingress port's MAC, then the tags and EtherType exactly as received (bytes 12 .. l3).
  Frame reply_l2(const std::uint8_t* dst) const {
    Frame o(dst, dst + 6);
    o.insert(o.end(), in_->mac.begin(), in_->mac.end());
    o.insert(o.end(), f_.begin() + 12, f_.begin() + static_cast<std::ptrdiff_t>(l3_));
    return o;
  }

  bool port_has4(std::uint32_t a) const {
    return std::find(in_->ipv4.begin(), in_->ipv4.end(), a) != in_->ipv4.end();
  }
  bool router_has4(std::uint32_t a) const {
    for (const auto& p : cfg_.ports) {
      if (std::find(p.ipv4.begin(), p.ipv4.end(), a) != p.ipv4.end()) return true;
    }
    return false;
  }
  bool router_has6(const V6Addr& a) const {
    for (const auto& p : cfg_.ports) {
      if (std::find(p.ipv6.begin(), p.ipv6.end(), a) != p.ipv6.end()) return true;
    }
    return false;
  }
  const Route4* lpm4(std::uint32_t dst) const {
    const Route4* best = nullptr;
    for (const auto& r : cfg_.routes4) {
      const std::uint32_t mask = r.len == 0 ? 0 : ~std::uint32_t{0} << (32 - r.len);
      if ((dst & mask) == r.prefix && (!best || r.len > best->len)) best = &r;
    }
    return best;
  }
  const Route6* lpm6(const V6Addr& dst) const {
    const Route6* best = nullptr;
    for (const auto& r : cfg_.routes6) {
      if (v6_match(dst, r.prefix, r.len) && (!best || r.len > best->len)) best = &r;
    }
    return best;
  }

  // ---- 3.3 ARP ---------------------------------------------------------------------------
  Verdict arp() const {
    const std::uint8_t* a = l3();
    if (n_ < 28 || rd16(a) != 1 || rd16(a + 2) != kTypeIpv4 || a[4] != 6 || a[5] != 4)
      return drop(Drop::kArpMalformed);  // A1
    const std::uint16_t op = rd16(a + 6);
    const bool mine = port_has4(rd32(a + 24));
    if (op == 1) {
      if (!mine) return drop(Drop::kArpNotForUs);  // A4
      Frame o = reply_l2(a + 8);                   // A2
      const std::uint8_t hdr[8] = {0x00, 0x01, 0x08, 0x00, 6, 4, 0x00, 0x02};
      o.insert(o.end(), hdr, hdr + 8);
      o.insert(o.end(), in_->mac.begin(), in_->mac.end());  // SHA
      o.insert(o.end(), a + 24, a + 28);                    // SPA = requested address
      o.insert(o.end(), a + 8, a + 14);                     // THA = requester
      o.insert(o.end(), a + 14, a + 18);                    // TPA = requester's address
      if (o.size() < kArpReplyLen) o.resize(kArpReplyLen, 0);
      return reply(ReplyKind::kArpReply, std::move(o));
    }
    if (op == 2) return mine ? to_host() : drop(Drop::kArpNotForUs);  // A3, A4
    return drop(Drop::kArpBadOpcode);                                 // A5
  }

  // ---- 3.4 IPv4 --------------------------------------------------------------------------
  Verdict ipv4() const {
    const std::uint8_t* h = l3();
    if (n_ < 20) return drop(Drop::kIpv4Truncated);            // V1
    if ((h[0] >> 4) != 4) return drop(Drop::kIpv4BadVersion);  // V2
    const std::size_t hlen = std::size_t{h[0] & 0x0fu} * 4;
    if (hlen < 20) return drop(Drop::kIpv4BadIhl);  // V3
    const std::size_t total = rd16(h + 2);
    if (total < hlen) return drop(Drop::kIpv4BadTotalLength);              // V4
    if (total > n_) return drop(Drop::kIpv4LengthBeyondFrame);             // V5
    if (fold_sum(h, hlen) != 0xffff) return drop(Drop::kIpv4BadChecksum);  // V6

    const std::uint32_t src = rd32(h + 12);
    const std::uint32_t dst = rd32(h + 16);
    const std::uint32_t s8 = src >> 24;
    const std::uint32_t d8 = dst >> 24;
    if (s8 == 0 || s8 == 127 || src >= 0xe0000000) return drop(Drop::kIpv4MartianSource);  // C1
    if (router_has4(dst)) return local4(hlen, total);                                      // C2
    if (dst == 0xffffffff) return to_host();                                               // C3
    if ((dst & 0xffffff00) == 0xe0000000) return to_host();                                // C4
    if ((dst & 0xf0000000) == 0xe0000000) return drop(Drop::kIpv4MulticastNotRouted);      // C5
    if (d8 == 0 || d8 == 127 || (dst & 0xf0000000) == 0xf0000000)
      return drop(Drop::kIpv4MartianDestination);                 // C6
    if (l2_group_) return drop(Drop::kIpv4L2MulticastNotRouted);  // C7

    const Route4* r = lpm4(dst);
    if (!r) return drop(Drop::kIpv4NoRoute);            // F1
    if (h[8] <= 1) return time_exceeded4(hlen, total);  // F2
    const auto nb = cfg_.neighbours4.find(r->next_hop.value_or(dst));
    if (nb == cfg_.neighbours4.end()) return drop(Drop::kIpv4NoNeighbour);  // F3

    if (auto v = firewall(total)) return *v;  // 12
    Frame o = f_;  // F4
    std::copy(nb->second.begin(), nb->second.end(), o.begin());
    const auto& eg = *cfg_.find_port(r->port);
    std::copy(eg.mac.begin(), eg.mac.end(), o.begin() + 6);
    std::uint8_t* q = o.data() + l3_;
    const std::uint16_t m = rd16(q + 8);
    q[8] = static_cast<std::uint8_t>(q[8] - 1);
    wr16(q + 10, incremental(rd16(q + 10), m, rd16(q + 8)));
    return forward(r->port, std::move(o));
  }

  Verdict local4(std::size_t hlen, std::size_t total) const {
    const std::uint8_t* h = l3();
    const bool fragment = (rd16(h + 6) & 0x3fff) != 0;
    if (h[9] != 1 || fragment) return to_host();  // LO4
    const std::size_t m = total - hlen;
    if (m < 8) return drop(Drop::kIcmpTruncated);  // LO1
    const std::uint8_t* icmp = h + hlen;
    if (icmp[0] != 8 || icmp[1] != 0) return to_host();                    // LO4
    if (fold_sum(icmp, m) != 0xffff) return drop(Drop::kIcmpBadChecksum);  // LO2

    Frame o = f_;  // LO3
    std::copy(f_.begin() + 6, f_.begin() + 12, o.begin());
    std::copy(in_->mac.begin(), in_->mac.end(), o.begin() + 6);
    std::uint8_t* q = o.data() + l3_;
    std::copy(h + 16, h + 20, q + 12);
    std::copy(h + 12, h + 16, q + 16);
    q[8] = kReplyTtl;
    wr16(q + 10, 0);
    wr16(q + 10, static_cast<std::uint16_t>(~fold_sum(q, hlen)));
    std::uint8_t* c = q + hlen;
    c[0] = 0;
    wr16(c + 2, incremental(rd16(c + 2), 0x0800, 0x0000));
    return reply(ReplyKind::kIcmp4EchoReply, std::move(o));
  }

  Verdict time_exceeded4(std::size_t hlen, std::size_t total) const {
    const std::uint8_t* h = l3();
    const bool later_fragment = (rd16(h + 6) & 0x1fff) != 0;
    bool about_error = false;
    if (h[9] == 1 && total > hlen) {
      const std::uint8_t t = h[hlen];
      about_error = t == 3 || t == 4 || t == 5 || t == 11 || t == 12;
    }
    if (later_fragment || about_error || in_->ipv4.empty()) return drop(Drop::kIpv4TtlExpired);

    const std::size_t q = std::min(total, hlen + 8);
    Frame o = reply_l2(f_.data() + 6);
    const std::size_t ip = o.size();
    o.resize(ip + 28 + q, 0);
    std::uint8_t* p = o.data() + ip;
    p[0] = 0x45;
    p[1] = 0xc0;
    wr16(p + 2, static_cast<std::uint16_t>(28 + q));
    p[8] = kReplyTtl;
    p[9] = 1;
    wr32(p + 12, in_->ipv4.front());
    std::copy(h + 12, h + 16, p + 16);
    wr16(p + 10, static_cast<std::uint16_t>(~fold_sum(p, 20)));
    std::uint8_t* c = p + 20;
    c[0] = 11;
    std::copy(h, h + q, c + 8);
    wr16(c + 2, static_cast<std::uint16_t>(~fold_sum(c, 8 + q)));
    return reply(ReplyKind::kIcmp4TimeExceeded, std::move(o));
  }

  // ---- 3.6 IPv6 --------------------------------------------------------------------------
  Verdict ipv6() const {
    const std::uint8_t* h = l3();
    if (n_ < 40) return drop(Drop::kIpv6Truncated);            // W1
    if ((h[0] >> 4) != 6) return drop(Drop::kIpv6BadVersion);  // W2
    const std::size_t plen = rd16(h + 4);
    if (40 + plen > n_) return drop(Drop::kIpv6LengthBeyondFrame);  // W3
    const V6Addr src = v6_at(h + 8);
    const V6Addr dst = v6_at(h + 24);
    if (src[0] == 0xff || v6_loopback(src)) return drop(Drop::kIpv6MartianSource);     // D1
    if (router_has6(dst)) return local6(plen);                                         // D2
    if (dst[0] == 0xff && dst[1] == 0x02) return to_host();                            // D3
    if (dst[0] == 0xff) return drop(Drop::kIpv6MulticastNotRouted);                    // D4
    if (v6_zero(dst) || v6_loopback(dst)) return drop(Drop::kIpv6MartianDestination);  // D5
    if (l2_group_) return drop(Drop::kIpv6L2MulticastNotRouted);                       // D6
    if (v6_zero(src) || v6_link_local(src) || v6_link_local(dst))
      return drop(Drop::kIpv6ScopeNotRouted);  // D7

    const Route6* r = lpm6(dst);
    if (!r) return drop(Drop::kIpv6NoRoute);     // E1
    if (h[7] <= 1) return time_exceeded6(plen);  // E2
    const auto nb = cfg_.neighbours6.find(r->next_hop.value_or(dst));
    if (nb == cfg_.neighbours6.end()) return drop(Drop::kIpv6NoNeighbour);  // E3

    if (auto v = firewall(40 + plen)) return *v;  // 12
    Frame o = f_;  // E4
    std::copy(nb->second.begin(), nb->second.end(), o.begin());
    const auto& eg = *cfg_.find_port(r->port);
    std::copy(eg.mac.begin(), eg.mac.end(), o.begin() + 6);
    o[l3_ + 7] = static_cast<std::uint8_t>(o[l3_ + 7] - 1);
    return forward(r->port, std::move(o));
  }

  Verdict local6(std::size_t plen) const {
    const std::uint8_t* h = l3();
    if (h[6] != 58) return to_host();                   // LO6-4
    if (plen < 8) return drop(Drop::kIcmpv6Truncated);  // LO6-1
    const std::uint8_t* icmp = h + 40;
    if (icmp[0] != 128 || icmp[1] != 0) return to_host();  // LO6-4
    if (fold_sum(icmp, plen, pseudo6(h + 8, h + 24, static_cast<std::uint32_t>(plen), 58)) !=
        0xffff) {
      return drop(Drop::kIcmpv6BadChecksum);  // LO6-2
    }
    Frame o = f_;  // LO6-3
    std::copy(f_.begin() + 6, f_.begin() + 12, o.begin());
    std::copy(in_->mac.begin(), in_->mac.end(), o.begin() + 6);
    std::uint8_t* q = o.data() + l3_;
    std::copy(h + 24, h + 40, q + 8);
    std::copy(h + 8, h + 24, q + 24);
    q[7] = kReplyTtl;
    std::uint8_t* c = q + 40;
    c[0] = 129;
    wr16(c + 2, incremental(rd16(c + 2), 0x8000, 0x8100));
    return reply(ReplyKind::kIcmp6EchoReply, std::move(o));
  }

  Verdict time_exceeded6(std::size_t plen) const {
    const std::uint8_t* h = l3();
    const bool about_error = h[6] == 58 && plen >= 1 && h[40] < 128;
    if (about_error || in_->ipv6.empty()) return drop(Drop::kIpv6HopLimitExpired);
    const V6Addr* source = &in_->ipv6.front();
    for (const auto& a : in_->ipv6) {
      if (!v6_link_local(a)) {
        source = &a;
        break;
      }
    }
    const std::size_t q = std::min<std::size_t>(40 + plen, kIcmp6QuoteMax);
    Frame o = reply_l2(f_.data() + 6);
    const std::size_t ip = o.size();
    o.resize(ip + 48 + q, 0);
    std::uint8_t* p = o.data() + ip;
    p[0] = 0x60;
    wr16(p + 4, static_cast<std::uint16_t>(8 + q));
    p[6] = 58;
    p[7] = kReplyTtl;
    std::copy(source->begin(), source->end(), p + 8);
    std::copy(h + 8, h + 24, p + 24);
    std::uint8_t* c = p + 40;
    c[0] = 3;
    std::copy(h, h + q, c + 8);
    const std::uint16_t ps = pseudo6(p + 8, p + 24, static_cast<std::uint32_t>(8 + q), 58);
    wr16(c + 2, static_cast<std::uint16_t>(~fold_sum(c, 8 + q, ps)));
    return reply(ReplyKind::kIcmp6TimeExceeded, std::move(o));
  }

  // Section 12: a packet about to be forwarded passes the firewall first; nullopt to forward.
  std::optional<Verdict> firewall(std::size_t ip_len) const {
    if (fw_ == nullptr) return std::nullopt;
    const FirewallDecision d = fw_->inspect({f_.data() + l3_, ip_len}, in_->zone == Zone::kInside, pkt_.time, l3_);
    if (d.accept) return std::nullopt;
    return drop(d.reason);
  }

  const Config& cfg_;
  const Packet& pkt_;
  const Frame& f_;
  Firewall* fw_ = nullptr;
  const PortConfig* in_ = nullptr;
  bool l2_group_ = false;
  std::size_t l3_ = 0;
  std::size_t n_ = 0;
};

}  // namespace

Router::Router(Config config) : config_(std::move(config)) {
  if (config_.min_frame < 14) throw std::invalid_argument("golden router: min_frame below 14");
  if (config_.firewall.enabled) firewall_ = std::make_unique<Firewall>(config_.firewall);
}

Router::~Router() = default;
Router::Router(Router&&) noexcept = default;
Router& Router::operator=(Router&&) noexcept = default;
Router::Router(const Router& other)
    : config_(other.config_),
      counters_(other.counters_),
      firewall_(other.firewall_ ? std::make_unique<Firewall>(*other.firewall_) : nullptr) {}
Router& Router::operator=(const Router& other) {
  if (this != &other) *this = Router(other);
  return *this;
}

Verdict Router::process(const Packet& packet) {
  if (packet.port > 15)
    throw std::invalid_argument(fmt::format("golden router: ingress port {} > 15", packet.port));
  Verdict v = Decider(config_, packet, firewall_.get()).run();
  ++counters_.rx;
  ++counters_.port[packet.port].rx;
  switch (v.action) {
    case Action::kForward:
      ++counters_.forwarded;
      ++counters_.port[v.port].tx;
      break;
    case Action::kReply:
      ++counters_.replies;
      ++counters_.reply[static_cast<std::size_t>(v.reply)];
      ++counters_.port[v.port].tx;
      break;
    case Action::kToHost:
      ++counters_.to_host;
      break;
    case Action::kDrop:
      ++counters_.dropped;
      ++counters_.drop[static_cast<std::uint8_t>(v.reason)];
      break;
  }
  return v;
}

}  // namespace baton::golden
