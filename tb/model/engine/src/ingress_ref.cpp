#include "baton/engine/ingress_ref.hpp"

#include "baton/net/flow.hpp"

namespace baton::engine {

namespace {
std::uint32_t be16(std::span<const std::uint8_t> f, std::size_t o) { return (f[o] << 8) | f[o + 1]; }
bool tpid(std::uint32_t t) { return t == 0x8100 || t == 0x88a8; }

std::uint32_t ones_sum(std::span<const std::uint8_t> b) {
  std::uint32_t s = 0;
  for (std::size_t i = 0; i + 1 < b.size(); i += 2) s += (b[i] << 8) | b[i + 1];
  if (b.size() % 2) s += b.back() << 8;
  while (s >> 16) s = (s & 0xffff) + (s >> 16);
  return s;
}
}  // namespace

IngressResult ingress(std::span<const std::uint8_t> f, unsigned in_port, bool tuser_error, const IngressLimits& lim) {
  IngressResult r;
  if (tuser_error) r.drop = 0x89;
  else if (f.size() > lim.max_frame) r.drop = 0x88;
  else if (f.size() < lim.min_frame || f.size() < 14) r.drop = 0x87;
  if (r.drop) return r;

  // Tags: a tag counts when its TCI and the following EtherType are in the frame.
  std::size_t off = 12;
  unsigned tags = 0;
  std::uint32_t type = be16(f, off);
  while (tpid(type) && tags < 3 && off + 6 <= f.size()) {
    ++tags;
    off += 4;
    type = be16(f, off);
    if (tags == 2 && tpid(type)) {
      tags = 3;
      break;
    }
  }
  const bool truncated_tag = tpid(type) && tags < 3;
  const std::size_t l3 = off + 2;
  const std::size_t n = f.size() > l3 ? f.size() - l3 : 0;
  std::uint32_t l3kind = 0, l4kind = 0, l4off = 0;
  bool csum_ok = false, malformed = false, fragment = false;
  if (tags < 3 && !truncated_tag) {
    if (type == 0x0806) l3kind = 1;
    if (type == 0x0800) {
      l3kind = 2;
      const unsigned ihl = n >= 1 ? (f[l3] & 15U) * 4 : 0;
      if (n < 20 || (f[l3] >> 4) != 4 || ihl < 20 || ihl > n || be16(f, l3 + 2) > n) malformed = true;
      if (n >= 20 && ihl >= 20 && ihl <= n) {
        csum_ok = ones_sum(f.subspan(l3, ihl)) == 0xffff;
        const std::uint32_t frag = be16(f, l3 + 6);
        fragment = (frag & 0x3fff) != 0;
        const unsigned proto = f[l3 + 9];
        l4kind = proto == 6 ? 1 : proto == 17 ? 2 : proto == 1 ? 3 : 5;
        if ((frag & 0x1fff) == 0 && l3 + ihl < f.size()) l4off = static_cast<std::uint32_t>(l3 + ihl);
      }
    } else if (type == 0x86dd) {
      l3kind = 3;
      if (n < 40 || (f[l3] >> 4) != 6 || 40 + be16(f, l3 + 4) > n) malformed = true;
      if (n >= 40) {
        const unsigned nh = f[l3 + 6];
        fragment = nh == 44 && n >= 48;
        l4kind = nh == 6 ? 1 : nh == 17 ? 2 : nh == 58 ? 4 : 5;
        if (!fragment && l3 + 40 < f.size()) l4off = static_cast<std::uint32_t>(l3 + 40);
      }
    }
  }
  if (l4off > 255) l4off = 0;
  r.parse_word = static_cast<std::uint32_t>(l3 & 0xff) | (l4off << 8) | (tags << pw::kTagShift) |
                 (l3kind << pw::kL3KindShift) | (l4kind << pw::kL4KindShift) | (csum_ok ? pw::kCsumOk : 0) |
                 (malformed ? pw::kMalformed : 0) | (fragment ? pw::kFragment : 0);
  r.ethertype = type;
  r.hash = net::flow_hash(f);
  if (l3kind == 1) r.event_type = 1;
  else if (l3kind == 2 || l3kind == 3) {
    r.event_type = fragment ? 7 : l4kind == 1 ? 4 : l4kind == 2 ? 5 : (l4kind == 3 || l4kind == 4) ? 6 : static_cast<std::uint8_t>(l3kind);
  }
  r.bucket = (r.hash ^ (in_port * 0x9E37U)) & (lim.buckets - 1);
  return r;
}

}  // namespace baton::engine
