// SPDX-License-Identifier: Apache-2.0
#include "baton/model/engine/pager.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

#include "baton/image/image.hpp"

namespace baton::model::engine {

namespace {

// The TCP replicas of the initial partition (MP3), as tb/env/engine tcp_affinity() finds them.
struct Replicas {
  unsigned base = 0;
  unsigned count = 0;
  bool placed = false;
  [[nodiscard]] bool contains(unsigned id) const {
    return count != 0 && id >= base && id < base + count;
  }
};

Replicas replicas(const image::Image& img, unsigned tiles, unsigned part_slots) {
  Replicas r;
  const image::Partition* init = img.find(img.initial_partition);
  if (init == nullptr || init->name.empty()) return r;  // no manifest: no names, no replicas
  for (unsigned k = 0;; ++k) {
    const image::Partition* p = img.find(fmt::format("{}_tcp{}", init->name, k));
    if (p == nullptr) break;
    if (k == 0) r.base = p->id;
    if (p->id != r.base + k)
      throw std::runtime_error(
          fmt::format("image: TCP replica {} has id {}, expected {}", p->name, p->id, r.base + k));
    r.count = k + 1;
  }
  if (r.count != 0 && (r.count & (r.count - 1)) != 0)
    throw std::runtime_error(fmt::format("image: {} TCP replicas, not a power of two", r.count));
  if (r.count == 0 || tiles == 0) return r;
  const unsigned shared = static_cast<unsigned>(img.partitions.size()) - r.count;
  const unsigned per_tile = (r.count + tiles - 1) / tiles;
  r.placed = tiles <= 32 && shared + per_tile <= part_slots;
  return r;
}

}  // namespace

std::vector<PagerPart> pager_parts(const image::Image& img, unsigned tiles, unsigned part_slots) {
  const Replicas r = replicas(img, tiles, part_slots);
  const std::uint64_t all = tiles >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << tiles) - 1;
  std::vector<PagerPart> out;
  for (const auto& p : img.partitions) {
    std::uint64_t where = all;
    if (r.contains(p.id)) where = r.placed ? std::uint64_t{1} << ((p.id - r.base) % tiles) : 0;
    out.push_back({p.id, p.num_pages, where, p.name});
  }
  return out;
}

Pager::Pager(const PagerGeometry& g, std::vector<PagerPart> parts, std::uint8_t initial)
    : g_(g), initial_(initial), tiles_(g.tiles) {
  if (g.tiles == 0 || g.tiles > 64) throw std::runtime_error("engine: tiles 1..64");
  if (g.part_slots < 2)
    throw std::runtime_error(
        "engine: a tile needs two partition slots (the initial partition and one more)");
  for (const auto& p : parts) parts_.emplace(p.id, p);
  const auto init = parts_.find(initial);
  if (init == parts_.end()) throw std::runtime_error("engine: the image has no initial partition");
  // The pinned initial partition never leaves, so every other partition must fit beside it.
  for (const auto& [id, p] : parts_) {
    const unsigned need = p.pages + (id == initial ? 0 : init->second.pages);
    if (p.pages == 0 || need > g.page_slots)
      throw std::runtime_error(
          fmt::format("engine: partition {} {} ({} pages) does not fit {} page slots beside the "
                      "initial partition",
                      id, p.name, p.pages, g.page_slots));
  }
}

std::uint64_t Pager::load_cycles(unsigned pages) const {
  // Descriptor, tile scan, partition-table and entry words (about 30 cycles), then one word per
  // cycle per page plus the page-slot mapping.
  return std::uint64_t{pages} * (g_.page_bytes / 4 + 1) + 30;
}

bool Pager::loadable(std::uint8_t id) const {
  const auto it = parts_.find(id);
  return it != parts_.end() && it->second.tiles != 0;
}

bool Pager::resident(unsigned tile, std::uint8_t id) const {
  return tiles_.at(tile).stamp.contains(id);
}

bool Pager::resident_anywhere(std::uint8_t id) const { return holders(id) != 0; }

unsigned Pager::holders(std::uint8_t id) const {
  unsigned n = 0;
  for (const auto& t : tiles_) n += t.stamp.contains(id) ? 1 : 0;
  return n;
}

bool Pager::room(unsigned tile, std::uint8_t id) const {
  const TileState& t = tiles_.at(tile);
  return t.free_pages >= part(id).pages && t.free_slots >= 1;
}

void Pager::place(unsigned tile, std::uint8_t id, std::uint64_t now) {
  TileState& t = tiles_.at(tile);
  t.free_pages -= part(id).pages;
  t.free_slots -= 1;
  t.stamp[id] = now;
  ++counters_.loads;
  counters_.pages += part(id).pages;
}

void Pager::evict(unsigned tile, std::uint8_t id) {
  TileState& t = tiles_.at(tile);
  t.stamp.erase(id);
  t.free_pages += part(id).pages;
  t.free_slots += 1;
  ++counters_.evictions;
}

void Pager::touch(unsigned tile, std::uint8_t id, std::uint64_t now) {
  auto& stamp = tiles_.at(tile).stamp;
  if (const auto it = stamp.find(id); it != stamp.end()) it->second = now;
}

std::vector<PagingEvent> Pager::reset(Preload mode) {
  for (auto& t : tiles_) t = TileState{g_.page_slots, g_.part_slots, {}};
  requests_.clear();
  job_.reset();
  tile_ptr_ = 0;
  counters_ = {};
  std::vector<PagingEvent> ev;
  auto preload = [&](const PagerPart& p) {
    for (unsigned t = 0; t < g_.tiles; ++t) {
      if (((p.tiles >> t) & 1U) == 0 || !room(t, p.id)) continue;
      place(t, p.id, 0);
      ++counters_.preloads;
      ev.push_back({0, t, p.id, PagingEventKind::kPreload});
    }
  };
  preload(part(initial_));
  if (mode == Preload::kFit) {
    for (const auto& [id, p] : parts_)
      if (id != initial_) preload(p);
  }
  return ev;
}

std::optional<unsigned> Pager::choose_tile(std::uint8_t id, std::uint64_t skip) const {
  const PagerPart& p = part(id);
  std::optional<unsigned> best;
  for (unsigned i = 0; i < g_.tiles; ++i) {
    const unsigned t = (tile_ptr_ + i) % g_.tiles;
    if (((p.tiles >> t) & 1U) == 0 || ((skip >> t) & 1U) != 0 || resident(t, id)) continue;
    if (room(t, id)) return t;
    if (!best || tiles_[t].free_pages > tiles_[*best].free_pages) best = t;
  }
  return best;
}

std::optional<std::uint8_t> Pager::victim(unsigned tile, std::uint8_t loading,
                                          const Waiting& waiting, const InUse& in_use) const {
  std::optional<std::uint8_t> v;
  std::uint64_t oldest = 0;
  for (const auto& [id, stamp] : tiles_.at(tile).stamp) {
    if (id == initial_ || id == loading || in_use(tile, id)) continue;
    // Evicting the only copy of a partition with parked contexts would fault it straight back.
    if (waiting(id) && holders(id) == 1) continue;
    if (!v || stamp < oldest) {
      v = id;
      oldest = stamp;
    }
  }
  return v;
}

void Pager::note_requests(std::uint64_t now, const Waiting& waiting) {
  for (const auto& [id, p] : parts_) {
    if (p.tiles == 0 || (job_ && job_->part == id) || requests_.contains(id)) continue;
    if (waiting(id) && !resident_anywhere(id)) requests_.emplace(id, now);
  }
}

void Pager::publish(std::uint64_t now, std::vector<PagingEvent>& ev) {
  if (!job_ || !job_->tile || now < job_->ready) return;
  const unsigned t = *job_->tile;
  const std::uint8_t id = job_->part;
  // The pages and the slot were taken when the copy started; now the partition is visible.
  tiles_[t].free_pages += part(id).pages;
  tiles_[t].free_slots += 1;
  place(t, id, now);
  ++counters_.faults;
  const std::uint64_t waited = now - job_->requested;
  counters_.fault_cycles += waited;
  counters_.max_fault_cycles = std::max(counters_.max_fault_cycles, waited);
  tile_ptr_ = (t + 1) % g_.tiles;
  ev.push_back({now, t, id, PagingEventKind::kLoad});
  job_.reset();
}

bool Pager::make_room(std::uint64_t now, unsigned t, const Waiting& waiting, const InUse& in_use,
                      std::vector<PagingEvent>& ev) {
  Job& j = *job_;
  while (!room(t, j.part)) {
    const auto v = victim(t, j.part, waiting, in_use);
    if (!v) return false;
    evict(t, *v);
    ++j.evictions;
    ev.push_back({now, t, *v, PagingEventKind::kEvict});
  }
  return true;
}

void Pager::serve(std::uint64_t now, const Waiting& waiting, const InUse& in_use,
                  std::vector<PagingEvent>& ev) {
  if (!job_) {
    if (requests_.empty()) return;
    const auto [id, since] = *requests_.begin();  // the lowest partition id first
    requests_.erase(requests_.begin());
    job_ = Job{id, since, now, std::nullopt, 0, 0};
  }
  Job& j = *job_;
  if (j.tile || now < j.not_before) return;
  // A tile without room and without a victim makes the load wait, or with CTRL.SPREAD is skipped
  // for the other candidates (the load waits only when every candidate was scanned without one).
  std::uint64_t tried = 0;
  std::optional<unsigned> t;
  for (;;) {
    t = tried != 0 && !g_.spread ? std::nullopt : choose_tile(j.part, tried);
    if (!t && tried == 0) {  // every tile it may go on holds it already: nothing to load
      job_.reset();
      return;
    }
    if (!t) {
      ++counters_.victim_waits;
      j.not_before = now + 16;
      return;
    }
    if (make_room(now, *t, waiting, in_use, ev)) break;
    tried |= std::uint64_t{1} << *t;
  }
  tiles_[*t].free_pages -= part(j.part).pages;
  tiles_[*t].free_slots -= 1;
  j.tile = t;
  // An eviction scans every queue's stamp and clears the tile's page slots before the copy.
  const std::uint64_t evict_cost = std::uint64_t{g_.cm_parts} + 5 + g_.page_slots;
  j.ready = now + load_cycles(part(j.part).pages) + j.evictions * evict_cost;
}

std::vector<PagingEvent> Pager::cycle(std::uint64_t now, const Waiting& waiting,
                                      const InUse& in_use) {
  std::vector<PagingEvent> ev;
  publish(now, ev);
  note_requests(now, waiting);
  serve(now, waiting, in_use, ev);
  return ev;
}

}  // namespace baton::model::engine
