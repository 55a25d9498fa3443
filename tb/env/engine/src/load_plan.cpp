// SPDX-License-Identifier: Apache-2.0
#include "baton/bytes.hpp"
#include "baton/env/engine/load_plan.hpp"

#include <algorithm>
#include <bit>
#include <stdexcept>

#include <fmt/format.h>

#include "baton/abi.hpp"

namespace baton::env::engine {

namespace {

void shared_words(std::vector<LoadOp>& ops, std::uint32_t base, std::span<const std::uint8_t> bytes) {
  for (std::size_t o = 0; o < bytes.size(); o += 4) {
    ops.push_back({kDestShared, base + static_cast<std::uint32_t>(o), baton::bytes::load_le32_padded(bytes, o)});
  }
}
}  // namespace

Affinity tcp_affinity(const image::Image& img, const Geometry& g) {
  Affinity a;
  const image::Partition* init = img.find(img.initial_partition);
  if (init == nullptr || init->name.empty()) return a;
  for (unsigned k = 0;; ++k) {
    const image::Partition* r = img.find(fmt::format("{}_tcp{}", init->name, k));
    if (r == nullptr) break;
    if (k == 0) a.base = r->id;
    if (r->id != a.base + k) throw std::runtime_error(fmt::format("image: TCP replica {} has id {}, expected {}", r->name, r->id, a.base + k));
    a.count = k + 1;
  }
  if (a.count != 0 && ((a.count & (a.count - 1)) != 0 || a.count > 32768)) {
    throw std::runtime_error(fmt::format("image: {} TCP replicas, not a power of two", a.count));
  }
  if (a.count == 0 || g.tiles == 0) return a;
  const unsigned shared = static_cast<unsigned>(img.partitions.size()) - a.count;
  const unsigned per_tile = (a.count + g.tiles - 1) / g.tiles;
  a.placed = g.tiles <= 32 && shared + per_tile <= g.part_slots;
  return a;
}

std::vector<LoadOp> load_plan(const image::Image& img, std::span<const std::uint8_t> blob,
                              std::uint32_t blob_offset, const Geometry& g) {
  if (img.page_bytes != g.page_bytes) {
    throw std::runtime_error(fmt::format("image: page size {} but the engine's tiles use {}", img.page_bytes, g.page_bytes));
  }
  const unsigned page_slots = g.imem_bytes / g.page_bytes;
  const image::Partition* init = img.find(img.initial_partition);
  if (init == nullptr) throw std::runtime_error("image: no initial partition");
  for (const auto& p : img.partitions) {
    if (p.id >= g.parts) throw std::runtime_error(fmt::format("image: partition id {} >= the CM's {} queues", p.id, g.parts));
    // The pinned initial partition stays: every other partition must fit beside it.
    const unsigned need = p.num_pages + (p.id == init->id ? 0 : init->num_pages);
    if (p.num_pages == 0 || need > page_slots) {
      throw std::runtime_error(fmt::format("image: partition {} ({} pages) does not fit the tiles' IMEM of {} pages beside the "
                                           "initial partition",
                                           p.name, p.num_pages, page_slots));
    }
    if (p.entries.size() > slot_entries(g)) {
      throw std::runtime_error(fmt::format("image: partition {} has {} entries but a partition slot holds {}", p.name,
                                           p.entries.size(), slot_entries(g)));
    }
  }
  const Affinity aff = tcp_affinity(img, g);
  if (g.part_slots < 2) throw std::runtime_error("image: the tiles need two partition slots (the initial partition and one more)");
  if (img.rodata.size() > g.rodata_bytes) {
    throw std::runtime_error(fmt::format("image: rodata of {} bytes exceeds the engine's {}", img.rodata.size(), g.rodata_bytes));
  }
  if (img.data.size() > blob_offset || blob_offset + blob.size() > g.data_bytes) {
    throw std::runtime_error(fmt::format("image: data ({} bytes) and configuration blob ({} bytes at {:#x}) do not fit "
                                         "the engine's data RAM of {} bytes",
                                         img.data.size(), blob.size(), blob_offset, g.data_bytes));
  }

  // Code store (docs/pager.md): descriptors at word desc_words * id, then the entry pcs, then the
  // pages, page aligned.
  std::vector<std::uint32_t> store(abi::kLoaderCsDescWords * g.parts, 0);
  std::vector<std::uint32_t> entry_at(g.parts, 0);
  for (const auto& p : img.partitions) {
    entry_at[p.id] = static_cast<std::uint32_t>(store.size());
    for (std::uint32_t e : p.entries) store.push_back(e);
  }
  const std::uint32_t words_per_page = g.page_bytes / 4;
  store.resize((store.size() + words_per_page - 1) / words_per_page * words_per_page, 0);
  const std::uint32_t pages_at = static_cast<std::uint32_t>(store.size());
  for (std::size_t o = 0; o < img.pages.size(); o += 4) store.push_back(baton::bytes::load_le32_padded(img.pages, o));
  if (4 * store.size() > g.code_store_bytes) {
    throw std::runtime_error(fmt::format("image: code pages and tables ({} bytes) exceed the pager's code store of {} bytes",
                                         4 * store.size(), g.code_store_bytes));
  }
  for (const auto& p : img.partitions) {
    const std::uint64_t where = aff.placement(p.id, g.tiles);
    if (where == 0) continue;  // not loaded: the descriptor stays invalid
    std::uint32_t* d = &store[abi::kLoaderCsDescWords * p.id];
    d[abi::kLoaderCsDescWordFlags] = (1U << abi::kLoaderCsDescValidBit) |
                                     (p.id == init->id ? 1U << abi::kLoaderCsDescPinnedBit : 0U) | p.num_pages;
    d[abi::kLoaderCsDescWordBase] = p.base;
    d[abi::kLoaderCsDescWordEnd] = p.base + p.code_bytes;
    d[abi::kLoaderCsDescWordPages] = pages_at + p.first_page * words_per_page;
    d[abi::kLoaderCsDescWordEntryCount] = static_cast<std::uint32_t>(p.entries.size());
    d[abi::kLoaderCsDescWordEntries] = entry_at[p.id];
    d[abi::kLoaderCsDescWordTilesLo] = static_cast<std::uint32_t>(where);
    d[abi::kLoaderCsDescWordTilesHi] = static_cast<std::uint32_t>(where >> 32);
  }

  std::vector<LoadOp> ops;
  for (std::size_t w = 0; w < store.size(); ++w) ops.push_back({kDestCodeStore, static_cast<std::uint32_t>(4 * w), store[w]});
  // Shared RAMs: rodata, data (the gap up to the blob zeroed), the blob.
  shared_words(ops, image::kRodataBase, img.rodata);
  std::vector<std::uint8_t> data(blob_offset, 0);
  std::copy(img.data.begin(), img.data.end(), data.begin());
  shared_words(ops, image::kDataBase, data);
  shared_words(ops, image::kDataBase + blob_offset, blob);
  return ops;
}

ReloadPlan reload_plan(const image::Image& current, const image::Image& next, const Geometry& g, const std::string& part,
                       std::uint32_t at) {
  const image::Partition* a = current.find(part);
  const image::Partition* b = next.find(part);
  if (a == nullptr || b == nullptr) throw std::runtime_error(fmt::format("reload: no partition {} in both images", part));
  if (a->id != b->id || a->base != b->base || a->num_pages != b->num_pages || a->entries.size() != b->entries.size()) {
    throw std::runtime_error(fmt::format("reload: {} changes its id, base, pages or entry count", part));
  }
  if (current.rodata != next.rodata || current.data != next.data) {
    throw std::runtime_error(fmt::format("reload: the images' rodata or data differ; {} cannot be swapped alone", part));
  }
  ReloadPlan r;
  r.part = b->id;
  const std::uint32_t words_per_page = g.page_bytes / 4;
  std::uint32_t w = at;
  const std::uint32_t pages_at = w;
  for (std::uint32_t k = 0; k < b->num_pages; ++k) {
    const auto bytes = next.page(*b, k);
    for (std::uint32_t i = 0; i < words_per_page; ++i) {
      r.body.push_back({kDestCodeStore, 4 * w++, baton::bytes::load_le32_padded(bytes, 4 * i)});
    }
  }
  const std::uint32_t entries_at = w;
  for (std::uint32_t e : b->entries) r.body.push_back({kDestCodeStore, 4 * w++, e});
  if (4ULL * w > g.code_store_bytes) throw std::runtime_error("reload: the new version does not fit the code store");
  const std::uint64_t where = tcp_affinity(next, g).placement(b->id, g.tiles);
  const bool pinned = b->id == next.initial_partition;
  std::uint32_t d[abi::kLoaderCsDescWords] = {};
  d[abi::kLoaderCsDescWordFlags] = (1U << abi::kLoaderCsDescValidBit) | (pinned ? 1U << abi::kLoaderCsDescPinnedBit : 0U) |
                                   b->num_pages;
  d[abi::kLoaderCsDescWordBase] = b->base;
  d[abi::kLoaderCsDescWordEnd] = b->base + b->code_bytes;
  d[abi::kLoaderCsDescWordPages] = pages_at;
  d[abi::kLoaderCsDescWordEntryCount] = static_cast<std::uint32_t>(b->entries.size());
  d[abi::kLoaderCsDescWordEntries] = entries_at;
  d[abi::kLoaderCsDescWordTilesLo] = static_cast<std::uint32_t>(where);
  d[abi::kLoaderCsDescWordTilesHi] = static_cast<std::uint32_t>(where >> 32);
  for (std::uint32_t i = 0; i < abi::kLoaderCsDescWords; ++i) {
    r.desc.push_back({kDestCodeStore, 4 * (abi::kLoaderCsDescWords * b->id + i), d[i]});
  }
  return r;
}

std::vector<PagerLoad> preload_plan(const image::Image& img, const Geometry& g, Preload mode) {
  std::vector<PagerLoad> cmds;
  const image::Partition* init = img.find(img.initial_partition);
  if (init == nullptr) return cmds;
  cmds.push_back({init->id, kAllTiles});
  if (mode == Preload::kInitial) return cmds;
  const Affinity aff = tcp_affinity(img, g);
  std::vector<unsigned> pages(g.tiles, g.imem_bytes / g.page_bytes), slots(g.tiles, g.part_slots);
  const std::uint64_t init_where = aff.placement(init->id, g.tiles);
  for (unsigned t = 0; t < g.tiles; ++t) {
    if ((init_where >> t) & 1U) {
      pages[t] -= init->num_pages;
      slots[t] -= 1;
    }
  }
  for (const auto& p : img.partitions) {
    if (p.id == init->id) continue;
    const std::uint64_t where = aff.placement(p.id, g.tiles);
    std::vector<unsigned> fits;
    for (unsigned t = 0; t < g.tiles; ++t) {
      if (((where >> t) & 1U) && pages[t] >= p.num_pages && slots[t] >= 1) fits.push_back(t);
    }
    for (unsigned t : fits) {
      pages[t] -= p.num_pages;
      slots[t] -= 1;
    }
    if (fits.empty()) continue;
    if (fits.size() == static_cast<std::size_t>(std::popcount(where))) {
      cmds.push_back({p.id, kAllTiles});
    } else {
      for (unsigned t : fits) cmds.push_back({p.id, t});
    }
  }
  return cmds;
}

}  // namespace baton::env::engine
