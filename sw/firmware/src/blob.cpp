// SPDX-License-Identifier: Apache-2.0
// Config compiler: the binary blob of the reference firmware (layout: blob_layout.h).
#include "baton/bytes.hpp"
#include "baton/fw/blob.hpp"
#include "baton/fw/firewall.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <map>

namespace baton::fw {

namespace {

using Record = std::array<std::uint8_t, FWC_RES_BYTES>;

Record make_record(unsigned kind, unsigned port = 0, const Mac& dmac = {}, const Mac& smac = {},
                   unsigned reason = 0) {
  Record r{};
  std::copy(dmac.begin(), dmac.end(), r.begin() + FWC_R_DMAC);
  std::copy(smac.begin(), smac.end(), r.begin() + FWC_R_SMAC);
  r[FWC_R_PORT] = static_cast<std::uint8_t>(port);
  r[FWC_R_KIND] = static_cast<std::uint8_t>(kind);
  r[FWC_R_REASON] = static_cast<std::uint8_t>(reason);
  r[FWC_R_FLAGS] = kind == FWC_K_FORWARD ? 0 : 0x80;
  return r;
}

// Result records, deduplicated; record 0 is "no route".
class Results {
 public:
  Results() { add(make_record(FWC_K_NO_ROUTE)); }
  std::uint16_t add(const Record& r) {
    const auto [it, fresh] = index_.emplace(r, static_cast<std::uint16_t>(records_.size()));
    if (fresh) records_.push_back(r);
    return it->second;
  }
  [[nodiscard]] const std::vector<Record>& records() const { return records_; }

 private:
  std::vector<Record> records_;
  std::map<Record, std::uint16_t> index_;
};

// A multibit trie with override insertion: inserting a prefix makes every address inside it map
// to the result, whatever was there (callers insert in priority order). The first level has
// `root_bits` bits, every further level 8 bits.
class Trie {
 public:
  explicit Trie(unsigned root_bits) : root_bits_(root_bits), root_(1U << root_bits, 0) {}

  void insert(std::span<const std::uint8_t> addr, unsigned len, std::uint16_t res) {
    // Root level.
    const unsigned idx = bits(addr, 0, root_bits_);
    if (len <= root_bits_) {
      const unsigned span = 1U << (root_bits_ - len);
      const unsigned first = idx & ~(span - 1);
      std::fill_n(root_.begin() + first, span, res);
      return;
    }
    // The entry being refined: in the root (chunk < 0) or in a chunk. Indices, not pointers:
    // adding a chunk moves the others.
    long chunk = -1;
    unsigned at = idx;
    unsigned pos = root_bits_;
    auto entry = [&]() -> std::uint16_t& { return chunk < 0 ? root_[at] : chunks_[static_cast<std::size_t>(chunk)][at]; };
    for (;;) {
      if ((entry() & FWC_ENTRY_CHUNK) == 0) {  // expand a leaf into a chunk holding it
        const std::uint16_t leaf = entry();
        chunks_.emplace_back();
        chunks_.back().fill(leaf);
        entry() = static_cast<std::uint16_t>(FWC_ENTRY_CHUNK | (chunks_.size() - 1));
      }
      chunk = entry() & ~FWC_ENTRY_CHUNK;
      auto& c = chunks_[static_cast<std::size_t>(chunk)];
      const unsigned i = bits(addr, pos, 8);
      if (len <= pos + 8) {
        const unsigned span = 1U << (pos + 8 - len);
        std::fill_n(c.begin() + (i & ~(span - 1)), span, res);
        return;
      }
      at = i;
      pos += 8;
    }
  }

  // Keeps the reachable chunks only, renumbered in walk order. Chunk indices must fit 15 bits.
  void compact() {
    std::vector<std::array<std::uint16_t, 256>> kept;
    auto walk = [&](auto&& self, std::uint16_t e) -> std::uint16_t {
      if ((e & FWC_ENTRY_CHUNK) == 0) return e;
      const auto old = chunks_[e & ~FWC_ENTRY_CHUNK];
      kept.emplace_back();
      const std::size_t me = kept.size() - 1;
      for (unsigned k = 0; k < 256; ++k) {
        const std::uint16_t v = self(self, old[k]);
        kept[me][k] = v;
      }
      return static_cast<std::uint16_t>(FWC_ENTRY_CHUNK | std::min<std::size_t>(me, 0x7fff));
    };
    for (auto& e : root_) e = walk(walk, e);
    chunks_ = std::move(kept);
  }

  [[nodiscard]] const std::vector<std::uint16_t>& root() const { return root_; }
  [[nodiscard]] const std::vector<std::array<std::uint16_t, 256>>& chunks() const { return chunks_; }

 private:
  static unsigned bits(std::span<const std::uint8_t> a, unsigned pos, unsigned n) {
    unsigned v = 0;
    for (unsigned b = pos; b < pos + n; ++b) v = (v << 1) | ((a[b / 8] >> (7 - b % 8)) & 1U);
    return v;
  }

  unsigned root_bits_;
  std::vector<std::uint16_t> root_;
  std::vector<std::array<std::uint16_t, 256>> chunks_;
};

std::array<std::uint8_t, 4> bytes4(V4 a) {
  return {static_cast<std::uint8_t>(a >> 24), static_cast<std::uint8_t>(a >> 16),
          static_cast<std::uint8_t>(a >> 8), static_cast<std::uint8_t>(a)};
}

bool contains(V4 p, unsigned len, V4 a) { return len == 0 || (a >> (32 - len)) == (p >> (32 - len)); }
bool contains(const V6& p, unsigned len, const V6& a) {
  for (unsigned b = 0; b < len; ++b) {
    if (((p[b / 8] ^ a[b / 8]) >> (7 - b % 8)) & 1U) return false;
  }
  return true;
}

// Plain longest-prefix match over the configured routes (compile time only).
template <typename A>
const Route<A>* lpm(const std::vector<Route<A>>& routes, const A& a) {
  const Route<A>* best = nullptr;
  for (const auto& r : routes) {
    if (contains(r.prefix, r.len, a) && (best == nullptr || r.len > best->len)) best = &r;
  }
  return best;
}

template <typename A>
std::optional<Mac> neighbour(const std::vector<std::pair<A, Mac>>& table, const A& a) {
  for (const auto& [ip, mac] : table) {
    if (ip == a) return mac;
  }
  return std::nullopt;
}

template <typename A>
Record route_record(const RouterConfig& cfg, const Route<A>& r, const std::vector<std::pair<A, Mac>>& neigh) {
  const Mac smac = cfg.port(r.port)->mac;
  if (r.next_hop) {
    if (const auto m = neighbour(neigh, *r.next_hop)) return make_record(FWC_K_FORWARD, r.port, *m, smac);
  }
  return make_record(FWC_K_NO_NEIGH, r.port);
}

// Inserts routes (shortest first) and the host routes of neighbours reached by a connected route.
template <typename A, typename Bytes>
void insert_routes(const RouterConfig& cfg, const std::vector<Route<A>>& routes,
                   const std::vector<std::pair<A, Mac>>& neigh, Trie& trie, Results& res, Bytes to_bytes,
                   unsigned width) {
  std::vector<const Route<A>*> order;
  for (const auto& r : routes) order.push_back(&r);
  std::stable_sort(order.begin(), order.end(), [](auto* a, auto* b) { return a->len < b->len; });
  for (const auto* r : order) {
    const auto b = to_bytes(r->prefix);
    trie.insert(b, r->len, res.add(route_record(cfg, *r, neigh)));
  }
  for (const auto& [ip, mac] : neigh) {
    const auto* r = lpm(routes, ip);
    if (r == nullptr || r->next_hop) continue;
    const auto b = to_bytes(ip);
    trie.insert(b, width, res.add(make_record(FWC_K_FORWARD, r->port, mac, cfg.port(r->port)->mac)));
  }
}

using bytes::store_le16;
using bytes::store_le32;

std::size_t align(std::size_t v, std::size_t a) { return (v + a - 1) / a * a; }

}  // namespace

std::vector<std::uint8_t> compile_blob(const RouterConfig& cfg) {
  if (cfg.firewall.enabled && cfg.accounting) {
    // Both look every connection up, with different keys (flow accounting's is directional):
    // one lookup per event cannot serve both.
    throw ConfigError("firewall: the reference firmware runs either the firewall or flow_accounting, not both");
  }
  // ---- IPv4: routes, neighbour host routes, then C6, C5, C4, C3, C2 (later inserts win).
  Results res4;
  Trie trie4(16);
  auto b4 = [](V4 a) { return bytes4(a); };
  insert_routes(cfg, cfg.routes4, cfg.neigh4, trie4, res4, b4, 32);
  const std::uint16_t martian_dst = res4.add(make_record(FWC_K_DROP, 0, {}, {}, 0x27));
  for (auto [p, l] : {std::pair<V4, unsigned>{0x00000000, 8}, {0x7f000000, 8}, {0xf0000000, 4}})
    trie4.insert(bytes4(p), l, martian_dst);
  trie4.insert(bytes4(0xe0000000), 4, res4.add(make_record(FWC_K_DROP, 0, {}, {}, 0x28)));
  const std::uint16_t host4 = res4.add(make_record(FWC_K_HOST));
  trie4.insert(bytes4(0xe0000000), 24, host4);
  trie4.insert(bytes4(0xffffffff), 32, host4);
  const std::uint16_t local4 = res4.add(make_record(FWC_K_LOCAL));
  for (const auto& p : cfg.ports)
    for (const auto& [a, l] : p.v4) trie4.insert(bytes4(a), 32, local4);
  trie4.compact();

  // ---- IPv6: routes, neighbour host routes, then D7 (destination), D5, D4, D3, D2.
  Results res6;
  Trie trie6(8);
  auto b6 = [](const V6& a) { return a; };
  insert_routes(cfg, cfg.routes6, cfg.neigh6, trie6, res6, b6, 128);
  trie6.insert(V6{0xfe, 0x80}, 10, res6.add(make_record(FWC_K_SCOPE, 0, {}, {}, 0x47)));
  const std::uint16_t martian6 = res6.add(make_record(FWC_K_DROP, 0, {}, {}, 0x44));
  trie6.insert(V6{}, 128, martian6);
  V6 loop{};
  loop[15] = 1;
  trie6.insert(loop, 128, martian6);
  trie6.insert(V6{0xff}, 8, res6.add(make_record(FWC_K_DROP, 0, {}, {}, 0x45)));
  trie6.insert(V6{0xff, 0x02}, 16, res6.add(make_record(FWC_K_HOST)));
  const std::uint16_t local6 = res6.add(make_record(FWC_K_LOCAL));
  for (const auto& p : cfg.ports)
    for (const auto& [a, l] : p.v6) trie6.insert(a, 128, local6);
  trie6.compact();

  // ---- Layout.
  const std::size_t v4_chunk_off = FWC_V4_CHUNK_FIXED_OFF;
  const std::size_t v6_res_off = align(v4_chunk_off + trie4.chunks().size() * 512, 16);
  // IPv6 chunk 0 is the root: the root's 256 entries first, then the chunks (indices + 1).
  const std::size_t v6_chunk_off = align(v6_res_off + res6.records().size() * FWC_RES_BYTES, 4);
  const std::size_t total = v6_chunk_off + (trie6.chunks().size() + 1) * 512;
  if (trie4.chunks().size() > 0x7fff || res4.records().size() > FWC_V4_MAX_RESULTS || total > FWC_MAX_BYTES) {
    throw ConfigError(fmt::format("{}: the lookup tables need {} bytes, at most {} fit the data window",
                                  v6_res_off > FWC_MAX_BYTES ? "routes_ipv4" : "routes_ipv6", total,
                                  FWC_MAX_BYTES));
  }
  if (trie6.chunks().size() + 1 > 0x7fff || res6.records().size() > 0x7fff)
    throw ConfigError("routes_ipv6: too many lookup table entries");

  std::vector<std::uint8_t> blob(total, 0);
  static_assert(FWC_PORTS_OFF + FWC_MAX_PORTS * FWC_PORT_BYTES <= FWC_HDR_OFF, "ports overlap the header");
  store_le32(blob, FWC_H_MAGIC, FWC_MAGIC);
  store_le32(blob, FWC_H_VERSION, FWC_VERSION);
  store_le32(blob, FWC_H_BYTES, static_cast<std::uint32_t>(total));
  std::uint32_t mask = 0;
  for (const auto& p : cfg.ports) mask |= 1U << p.port;
  store_le32(blob, FWC_H_PORT_MASK, mask);
  store_le32(blob, FWC_H_MIN_FRAME, cfg.min_frame);
  store_le32(blob, FWC_H_MAX_FRAME, cfg.max_frame);
  store_le32(blob, FWC_H_ACCT_FLAGS, cfg.accounting ? FWC_ACCT_ON : 0U);
  store_le32(blob, FWC_H_ACCT_IDLE, cfg.idle_timeout);
  static_assert(FWC_FW_OFF + FWC_FW_BYTES <= FWC_V4_SRC_OFF, "firewall settings overlap the source classes");
  static_assert(FWC_FW_TIMEOUTS + 4 * FWF_TIMEOUTS <= FWC_FW_OFF + FWC_FW_BYTES, "firewall timeouts");
  static_assert(FWF_TIMEOUTS == kFirewallTimeoutKeys.size(), "firewall timeouts: one per key");
  store_le32(blob, FWC_FW_FLAGS, cfg.firewall.enabled ? FWC_FW_ON : 0U);
  store_le32(blob, FWC_FW_MAX_CONNECTIONS, cfg.firewall.max_connections);
  store_le32(blob, FWC_FW_MAX_FRAGMENTS, cfg.firewall.max_fragments);
  for (std::size_t t = 0; t < FWF_TIMEOUTS; ++t)
    store_le32(blob, FWC_FW_TIMEOUTS + 4 * t, cfg.firewall.timeouts[t]);
  store_le32(blob, FWC_H_V4_RESULTS, static_cast<std::uint32_t>(res4.records().size()));
  store_le32(blob, FWC_H_V4_CHUNKS, static_cast<std::uint32_t>(trie4.chunks().size()));
  store_le32(blob, FWC_H_V6_RESULTS, static_cast<std::uint32_t>(res6.records().size()));
  store_le32(blob, FWC_H_V6_CHUNKS, static_cast<std::uint32_t>(trie6.chunks().size() + 1));
  store_le32(blob, FWC_H_V4_CHUNK_OFF, static_cast<std::uint32_t>(v4_chunk_off));
  store_le32(blob, FWC_H_V6_RES_OFF, static_cast<std::uint32_t>(v6_res_off));
  store_le32(blob, FWC_H_V6_CHUNK_OFF, static_cast<std::uint32_t>(v6_chunk_off));

  // Ports: unconfigured ones hold a broadcast MAC, which never equals a frame's unicast address.
  for (unsigned i = 0; i < FWC_MAX_PORTS; ++i) {
    const std::size_t o = FWC_PORTS_OFF + i * FWC_PORT_BYTES;
    const Port* p = cfg.port(i);
    if (p == nullptr) {
      std::fill_n(blob.begin() + static_cast<std::ptrdiff_t>(o + FWC_P_MAC), 6, 0xff);
      continue;
    }
    std::copy(p->mac.begin(), p->mac.end(), blob.begin() + static_cast<std::ptrdiff_t>(o + FWC_P_MAC));
    blob[o + FWC_P_FLAGS] = static_cast<std::uint8_t>(FWC_PF_CONFIGURED | (p->inside ? FWC_PF_INSIDE : 0U));
    blob[o + FWC_P_N4] = static_cast<std::uint8_t>(p->v4.size());
    blob[o + FWC_P_N6] = static_cast<std::uint8_t>(p->v6.size());
    for (std::size_t k = 0; k < p->v4.size(); ++k) {
      const auto b = bytes4(p->v4[k].first);
      std::copy(b.begin(), b.end(), blob.begin() + static_cast<std::ptrdiff_t>(o + FWC_P_V4 + 4 * k));
    }
    if (!p->v6.empty()) {
      const auto it = std::find_if(p->v6.begin(), p->v6.end(), [](const auto& a) {
        return !(a.first[0] == 0xfe && (a.first[1] & 0xc0) == 0x80);
      });
      const V6& src = it != p->v6.end() ? it->first : p->v6.front().first;
      std::copy(src.begin(), src.end(), blob.begin() + static_cast<std::ptrdiff_t>(o + FWC_P_V6_SRC));
    }
  }
  for (unsigned b = 0; b < 256; ++b) blob[FWC_V4_SRC_OFF + b] = (b == 0 || b == 127 || b >= 224) ? 1 : 0;

  for (std::size_t i = 0; i < trie4.root().size(); ++i) store_le16(blob, FWC_V4_ROOT_OFF + 2 * i, trie4.root()[i]);
  for (std::size_t i = 0; i < res4.records().size(); ++i)
    std::copy(res4.records()[i].begin(), res4.records()[i].end(),
              blob.begin() + static_cast<std::ptrdiff_t>(FWC_V4_RES_OFF + i * FWC_RES_BYTES));
  for (std::size_t c = 0; c < trie4.chunks().size(); ++c)
    for (unsigned k = 0; k < 256; ++k) store_le16(blob, v4_chunk_off + c * 512 + 2 * k, trie4.chunks()[c][k]);
  for (std::size_t i = 0; i < res6.records().size(); ++i)
    std::copy(res6.records()[i].begin(), res6.records()[i].end(),
              blob.begin() + static_cast<std::ptrdiff_t>(v6_res_off + i * FWC_RES_BYTES));
  // IPv6: renumber chunk c as c + 1 (chunk 0 is the root).
  auto shift6 = [](std::uint16_t e) {
    return (e & FWC_ENTRY_CHUNK) != 0 ? static_cast<std::uint16_t>(e + 1) : e;
  };
  for (unsigned k = 0; k < 256; ++k) store_le16(blob, v6_chunk_off + 2 * k, shift6(trie6.root()[k]));
  for (std::size_t c = 0; c < trie6.chunks().size(); ++c)
    for (unsigned k = 0; k < 256; ++k) store_le16(blob, v6_chunk_off + (c + 1) * 512 + 2 * k, shift6(trie6.chunks()[c][k]));
  return blob;
}

namespace {
using bytes::load_le16;
using bytes::load_le32;
BlobResult record_at(std::span<const std::uint8_t> b, std::size_t base, unsigned idx) {
  const std::size_t o = base + std::size_t{idx} * FWC_RES_BYTES;
  BlobResult r;
  r.index = idx;
  std::copy_n(b.begin() + static_cast<std::ptrdiff_t>(o + FWC_R_DMAC), 6, r.dmac.begin());
  std::copy_n(b.begin() + static_cast<std::ptrdiff_t>(o + FWC_R_SMAC), 6, r.smac.begin());
  r.port = b[o + FWC_R_PORT];
  r.kind = b[o + FWC_R_KIND];
  r.reason = b[o + FWC_R_REASON];
  return r;
}
}  // namespace

BlobResult blob_lookup4(std::span<const std::uint8_t> b, V4 dst) {
  std::uint16_t e = load_le16(b, FWC_V4_ROOT_OFF + 2 * (dst >> 16));
  const std::size_t chunks = load_le32(b, FWC_H_V4_CHUNK_OFF);
  for (unsigned shift = 8; (e & FWC_ENTRY_CHUNK) != 0; shift -= 8) {
    e = load_le16(b, chunks + (e & 0x7fffU) * 512 + 2 * ((dst >> shift) & 0xff));
  }
  return record_at(b, FWC_V4_RES_OFF, e);
}

BlobResult blob_lookup6(std::span<const std::uint8_t> b, const V6& dst) {
  const std::size_t chunks = load_le32(b, FWC_H_V6_CHUNK_OFF);
  std::uint16_t e = FWC_ENTRY_CHUNK;
  for (unsigned i = 0; (e & FWC_ENTRY_CHUNK) != 0; ++i) e = load_le16(b, chunks + (e & 0x7fffU) * 512 + 2 * dst[i]);
  return record_at(b, load_le32(b, FWC_H_V6_RES_OFF), e);
}

}  // namespace baton::fw
