// SPDX-License-Identifier: Apache-2.0
#include "baton/bytes.hpp"
#include "baton/env/engine/load_plan.hpp"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

#include "baton/abi.hpp"

namespace baton::env::engine {

namespace {

// A page-slot word: {valid [31], page index} (docs/tile.md, loader).
constexpr std::uint32_t kPageSlotValid = 1U << abi::kLoaderSlotValidBit;

void shared_words(std::vector<LoadOp>& ops, std::uint32_t base, std::span<const std::uint8_t> bytes) {
  for (std::size_t o = 0; o < bytes.size(); o += 4) {
    ops.push_back({kDestShared, 0, base + static_cast<std::uint32_t>(o), baton::bytes::load_le32_padded(bytes, o)});
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
  const std::uint32_t npages = static_cast<std::uint32_t>(img.pages.size() / img.page_bytes);
  if (npages > g.imem_bytes / g.page_bytes) {
    throw std::runtime_error(fmt::format("image: {} code pages do not fit the tiles' IMEM of {} pages", npages,
                                         g.imem_bytes / g.page_bytes));
  }
  const Affinity aff = tcp_affinity(img, g);
  // Partition slots per tile: the shared partitions, then that tile's replicas (none when they
  // are not placed: then they are not loaded).
  const unsigned shared_parts = static_cast<unsigned>(img.partitions.size()) - aff.count;
  const unsigned most = shared_parts + (aff.placed ? (aff.count + g.tiles - 1) / g.tiles : 0);
  if (most > g.part_slots) {
    throw std::runtime_error(fmt::format("image: {} partitions on a tile but the tiles hold {}", most, g.part_slots));
  }
  if (img.rodata.size() > g.rodata_bytes) {
    throw std::runtime_error(fmt::format("image: rodata of {} bytes exceeds the engine's {}", img.rodata.size(), g.rodata_bytes));
  }
  if (img.data.size() > blob_offset || blob_offset + blob.size() > g.data_bytes) {
    throw std::runtime_error(fmt::format("image: data ({} bytes) and configuration blob ({} bytes at {:#x}) do not fit "
                                         "the engine's data RAM of {} bytes",
                                         img.data.size(), blob.size(), blob_offset, g.data_bytes));
  }
  for (const auto& p : img.partitions) {
    if (p.id >= g.parts) throw std::runtime_error(fmt::format("image: partition id {} >= the CM's {} queues", p.id, g.parts));
  }

  std::vector<LoadOp> ops;
  const std::uint32_t words_per_page = g.page_bytes / 4;
  // IMEM: page store index = IMEM page slot.
  auto dest_of = [&](const image::Partition& p) {
    return aff.is_replica(p.id) ? static_cast<std::uint8_t>(aff.tile_of(p.id, g.tiles)) : kDestAllTiles;
  };
  for (const auto& p : img.partitions) {
    if (aff.is_replica(p.id) && !aff.placed) continue;
    for (std::uint32_t k = 0; k < p.num_pages; ++k) {
      const std::uint32_t slot = p.first_page + k;
      const auto bytes = img.page(p, k);
      for (std::uint32_t w = 0; w < words_per_page; ++w) {
        ops.push_back({dest_of(p), static_cast<std::uint8_t>(abi::LoaderKind::kImem), slot * words_per_page + w,
                       baton::bytes::load_le32_padded(bytes, 4 * w)});
      }
      ops.push_back({dest_of(p), static_cast<std::uint8_t>(abi::LoaderKind::kPageSlot), slot,
                     kPageSlotValid | ((p.base / g.page_bytes) + k)});
    }
  }
  // Partition table: the shared partitions in image order from slot 0, then on each tile its
  // replicas; entry tables after the slot records.
  struct Place {
    std::uint32_t slot = 0, entry_word = 0;
  };
  Place shared{0, g.part_slots * abi::kLoaderPtabWordsPerSlot};
  std::vector<Place> tile_place;
  auto place = [&](const image::Partition& p, std::uint8_t dest, Place& at) {
    if (at.entry_word + p.entries.size() > g.ptab_words) throw std::runtime_error("image: entry tables exceed the partition-table RAM");
    const std::uint32_t slot = at.slot++;
    // The partition-table words of slot `slot` and the slot itself, laid out as the ABI says.
    constexpr auto kPtab = static_cast<std::uint8_t>(abi::LoaderKind::kPtab);
    constexpr auto kPartSlot = static_cast<std::uint8_t>(abi::LoaderKind::kPartSlot);
    const std::uint32_t row = abi::kLoaderPtabWordsPerSlot * slot;
    ops.push_back({dest, kPtab, row + abi::kLoaderPtabWordBase, p.base});
    ops.push_back({dest, kPtab, row + abi::kLoaderPtabWordEnd, p.base + p.code_bytes});
    ops.push_back({dest, kPtab, row + abi::kLoaderPtabWordEntries,
                   (static_cast<std::uint32_t>(p.entries.size()) << abi::kLoaderPtabEntryCountLsb) | at.entry_word});
    for (std::size_t e = 0; e < p.entries.size(); ++e) {
      ops.push_back({dest, kPtab, at.entry_word + static_cast<std::uint32_t>(e), p.entries[e]});
    }
    at.entry_word += static_cast<std::uint32_t>(p.entries.size());
    ops.push_back({dest, kPartSlot, slot, (1U << abi::kLoaderSlotValidBit) | p.id});
  };
  for (const auto& p : img.partitions) {
    if (!aff.is_replica(p.id)) place(p, kDestAllTiles, shared);
  }
  tile_place.assign(g.tiles, shared);
  for (const auto& p : img.partitions) {
    if (aff.is_replica(p.id) && aff.placed) place(p, dest_of(p), tile_place[aff.tile_of(p.id, g.tiles)]);
  }
  // Shared RAMs: rodata, data (the gap up to the blob zeroed), the blob.
  shared_words(ops, image::kRodataBase, img.rodata);
  std::vector<std::uint8_t> data(blob_offset, 0);
  std::copy(img.data.begin(), img.data.end(), data.begin());
  shared_words(ops, image::kDataBase, data);
  shared_words(ops, image::kDataBase + blob_offset, blob);
  return ops;
}

}  // namespace baton::env::engine
