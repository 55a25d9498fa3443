// SPDX-License-Identifier: Apache-2.0
// Partition residency of the ISS engine model's tiles (docs/firmware.md 13.5): a functional model
// of the pager's policy (docs/pager.md, rtl/pager), not of its cycles. Each tile has page slots
// and partition slots; the pinned initial partition is on every tile; a partition whose contexts
// wait while no tile holds it (a page fault) is loaded onto one tile, evicting the least recently
// used idle partitions there; one load at a time, taking about as long as the pager's copy.
// Kept apart from EngineModel so the policy can be tested without running firmware.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace baton::image {
struct Image;
}

namespace baton::model::engine {

// Which partitions are in the tiles before traffic (tb/env/engine preload_plan()).
enum class Preload : std::uint8_t {
  kFit,      // the initial partition, then every other in id order on every tile its placement
             // allows, as long as it fits without evicting anything
  kInitial,  // the initial partition only: everything else is loaded on its first use
};

struct PagerGeometry {
  unsigned tiles = 2;
  unsigned page_slots = 16;         // ImemBytes / PageBytes
  unsigned part_slots = 8;          // PartSlots
  std::uint32_t page_bytes = 1024;  // PageBytes
  unsigned cm_parts = 16;           // NumParts: the victim scan reads one stamp per CM queue
  bool spread = false;              // CTRL.SPREAD: no victim on a tile, try the other candidates
};

// A partition as the pager sees it (its code-store descriptor).
struct PagerPart {
  std::uint8_t id = 0;
  unsigned pages = 0;
  std::uint64_t tiles = 0;  // placement: bit t when tile t may hold it; 0 = never loaded
  std::string name;         // for messages
};

// Counters of docs/pager.md (LOADS, PAGES, FAULTS, FAULT_CYCLES, VICTIM_WAIT), per run.
struct PagingCounters {
  std::uint64_t loads = 0;     // partitions copied into a tile, preloads included
  std::uint64_t preloads = 0;  // of which before traffic
  std::uint64_t pages = 0;     // pages copied (preloads included)
  std::uint64_t evictions = 0;
  std::uint64_t faults = 0;        // loads for contexts waiting on a partition no tile held
  std::uint64_t fault_cycles = 0;  // sum over faults of request to availability
  std::uint64_t max_fault_cycles = 0;
  std::uint64_t victim_waits = 0;  // tile full and no victim: 16-cycle retries
};

enum class PagingEventKind : std::uint8_t { kPreload, kLoad, kEvict };

// One residency change; the engine applies it to the tile's ISS view, tests read the history.
struct PagingEvent {
  std::uint64_t cycle = 0;
  unsigned tile = 0;
  std::uint8_t part = 0;
  PagingEventKind kind = PagingEventKind::kLoad;
  [[nodiscard]] bool resident() const { return kind != PagingEventKind::kEvict; }
};

// The partitions of `img` with their placement on `tiles` tiles of `part_slots` partition slots:
// every tile, except the TCP replicas of the initial partition (`<initial>_tcp<k>`, consecutive
// ids, a power of two of them), which go on tile k mod tiles only, and only when a tile's slots
// hold every shared partition plus its replicas; otherwise nowhere (as tb/env/engine Affinity::placement()).
// Throws std::runtime_error (one line) for replicas with gaps in their ids or a bad count.
std::vector<PagerPart> pager_parts(const image::Image& img, unsigned tiles, unsigned part_slots);

class Pager {
 public:
  // What the engine knows that the pager must ask for: is a context of `part` running on a
  // thread of `tile`; does `part`'s queue hold contexts.
  using InUse = std::function<bool(unsigned tile, std::uint8_t part)>;
  using Waiting = std::function<bool(std::uint8_t part)>;

  // Throws std::runtime_error (one line) when a partition does not fit a tile beside the initial
  // one or a tile has fewer than two partition slots (load_plan()'s checks).
  Pager(const PagerGeometry& g, std::vector<PagerPart> parts, std::uint8_t initial);

  // Empties every tile, zeroes the counters and preloads; returns the residency.
  std::vector<PagingEvent> reset(Preload mode);
  // One engine cycle at `now`: publishes a finished load, takes the next request (the lowest
  // partition id that waits while no tile holds or loads it), makes room and starts its copy.
  // Returns the residency changes of this cycle (evictions before loads).
  std::vector<PagingEvent> cycle(std::uint64_t now, const Waiting& waiting, const InUse& in_use);
  // A delivery of `part` to `tile` (the least-recently-used stamp).
  void touch(unsigned tile, std::uint8_t part, std::uint64_t now);

  // `part` exists and may go on some tile: its contexts wait for a load; otherwise the engine
  // drops them (DropNoPartition).
  [[nodiscard]] bool loadable(std::uint8_t part) const;
  // `part` is published on `tile`: a context of it may be delivered there.
  [[nodiscard]] bool resident(unsigned tile, std::uint8_t part) const;
  [[nodiscard]] bool resident_anywhere(std::uint8_t part) const;
  [[nodiscard]] unsigned free_pages(unsigned tile) const { return tiles_.at(tile).free_pages; }
  [[nodiscard]] const PagingCounters& counters() const { return counters_; }
  // Cycles a load of `pages` pages takes once the tile has room (docs/pager.md "Cost", rounded).
  [[nodiscard]] std::uint64_t load_cycles(unsigned pages) const;

 private:
  struct TileState {
    unsigned free_pages = 0;
    unsigned free_slots = 0;
    std::map<std::uint8_t, std::uint64_t> stamp;  // resident partitions: last delivery or load
  };
  struct Job {
    std::uint8_t part = 0;
    std::uint64_t requested = 0;   // first cycle the fault was seen
    std::uint64_t not_before = 0;  // victim wait: choose the tile again at this cycle
    std::optional<unsigned> tile;  // chosen, room made, copy under way
    std::uint64_t ready = 0;       // copy done: publish at this cycle
    unsigned evictions = 0;        // made for this load (their scans and clears cost time)
  };

  [[nodiscard]] const PagerPart& part(std::uint8_t id) const { return parts_.at(id); }
  [[nodiscard]] bool room(unsigned tile, std::uint8_t part) const;
  [[nodiscard]] unsigned holders(std::uint8_t part) const;
  // `skip`: tiles already scanned without a victim in this round (bit t).
  [[nodiscard]] std::optional<unsigned> choose_tile(std::uint8_t part, std::uint64_t skip = 0) const;
  // Evicts victims on tile t until the job's partition fits; false when none is left first.
  bool make_room(std::uint64_t now, unsigned t, const Waiting& waiting, const InUse& in_use,
                 std::vector<PagingEvent>& ev);
  [[nodiscard]] std::optional<std::uint8_t> victim(unsigned tile, std::uint8_t loading,
                                                   const Waiting& waiting,
                                                   const InUse& in_use) const;
  void place(unsigned tile, std::uint8_t part, std::uint64_t now);
  void evict(unsigned tile, std::uint8_t part);
  void note_requests(std::uint64_t now, const Waiting& waiting);
  void publish(std::uint64_t now, std::vector<PagingEvent>& ev);
  void serve(std::uint64_t now, const Waiting& waiting, const InUse& in_use,
             std::vector<PagingEvent>& ev);

  PagerGeometry g_;
  std::map<std::uint8_t, PagerPart> parts_;
  std::uint8_t initial_;
  std::vector<TileState> tiles_;
  std::map<std::uint8_t, std::uint64_t> requests_;  // partition -> cycle its fault was first seen
  std::optional<Job> job_;
  unsigned tile_ptr_ = 0;  // rotating start of the tile scan, after the last loaded tile
  PagingCounters counters_;
};

}  // namespace baton::model::engine
