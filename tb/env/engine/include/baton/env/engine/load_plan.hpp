// SPDX-License-Identifier: Apache-2.0
// What the testbench writes through the engine's loader port at start-up (docs/engine.md,
// "Loader"; docs/pager.md): the firmware image's partitions into the pager's code store
// (descriptors, entry pcs, pages), then rodata, data and the configuration blob into the shared
// RAMs. Every word of the rodata/data image is written (bss too), so nothing the firmware reads
// depends on the RAMs' power-up contents. preload_plan() says which partitions the pager loads
// into the tiles before traffic; the others are loaded on demand.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "baton/abi.hpp"
#include "baton/image/image.hpp"

namespace baton::env::engine {

// Parameters of a verilated baton_engine that the loader and the checks need; the defaults are
// baton_engine's parameter defaults (the ABI's, baton/abi.hpp).
struct Geometry {
  unsigned tiles = abi::engine_default::kNumTiles;
  unsigned threads = abi::engine_default::kThreadsPerTile;
  unsigned ports = abi::engine_default::kNumPorts;
  unsigned slots = abi::engine_default::kNumSlots;
  unsigned parts = abi::engine_default::kNumParts;
  unsigned imem_bytes = abi::engine_default::kImemBytes;
  unsigned page_bytes = abi::engine_default::kPageBytes;
  unsigned part_slots = abi::engine_default::kPartSlots;
  unsigned ptab_words = abi::engine_default::kPtabWords;
  std::uint32_t code_store_bytes = abi::engine_default::kCodeStoreBytes;
  std::uint32_t rodata_bytes = abi::engine_default::kRodataBytes;
  std::uint32_t data_bytes = abi::engine_default::kDataBytes;
  unsigned lanes = abi::engine_default::kDataW / 8;
};

inline constexpr std::uint8_t kDestCodeStore = abi::kLoaderDestCodeStore;
inline constexpr std::uint8_t kDestShared = abi::kLoaderDestShared;

struct LoadOp {
  std::uint8_t dest = kDestShared;  // kDestCodeStore or kDestShared
  std::uint32_t addr = 0;           // byte address
  std::uint32_t data = 0;
};

// Entry-table words each partition slot of a tile owns (docs/pager.md).
inline unsigned slot_entries(const Geometry& g) {
  return (g.ptab_words - abi::kLoaderPtabWordsPerSlot * g.part_slots) / g.part_slots;
}

// TCP flow affinity (MP3, docs/engine.md "TCP flow affinity"): the image's replicas of the
// initial partition for TCP, partitions named `<initial>_tcp0` .. `<initial>_tcp<count-1>` with
// consecutive ids from `base`. Placed: replica k lives on tile k mod tiles only, every other
// partition on every tile. Not placed (count = 0, or a tile's partition slots cannot hold the
// shared partitions plus its replicas, e.g. on one or two tiles): the replicas are not loaded,
// TCP stays on the initial partition.
struct Affinity {
  unsigned base = 0;
  unsigned count = 0;  // a power of two (the ingress AFF_COUNT is 1 << log2)
  bool placed = false;
  [[nodiscard]] bool is_replica(unsigned id) const { return count != 0 && id >= base && id < base + count; }
  [[nodiscard]] unsigned tile_of(unsigned id, unsigned tiles) const { return (id - base) % tiles; }
  // The tiles partition `id` may be loaded on (bit t): every tile, a placed replica its own tile,
  // a replica that is not placed none (it is not loaded at all).
  [[nodiscard]] std::uint64_t placement(unsigned id, unsigned tiles) const {
    const std::uint64_t all = tiles >= 64 ? ~std::uint64_t{0} : ((std::uint64_t{1} << tiles) - 1);
    if (!is_replica(id)) return all;
    return placed ? std::uint64_t{1} << tile_of(id, tiles) : 0;
  }
};

// Finds the replicas by name and decides whether they fit `g`; throws std::runtime_error when
// they are not consecutive ids or their count is not a power of two up to 2^15.
Affinity tcp_affinity(const image::Image& img, const Geometry& g);

// Throws std::runtime_error (one line) when the image or blob does not fit the geometry.
std::vector<LoadOp> load_plan(const image::Image& img, std::span<const std::uint8_t> blob,
                              std::uint32_t blob_offset, const Geometry& g);

// Which partitions are in the tiles before traffic.
enum class Preload {
  kFit,      // the initial partition (pinned), then every partition in id order on every tile its
             // placement allows, as long as it fits without evicting anything
  kInitial,  // the initial partition only: everything else is loaded on its first use
};
// A pager command: load partition `part` on tile `tile` (kAllTiles: every tile it may go on).
struct PagerLoad {
  unsigned part = 0;
  unsigned tile = 0;
};
inline constexpr unsigned kAllTiles = 0xff;
std::vector<PagerLoad> preload_plan(const image::Image& img, const Geometry& g, Preload mode);

// Live reload (docs/pager.md "Live reload"): the new version `next` of partition `part` placed
// in the code store from word `at`: its pages and entry pcs (`body`, code-store writes) and its
// descriptor (`desc`, written last at the descriptor's words). Throws std::runtime_error when
// `next` does not fit beside `current`: the partition must keep its base and page count, and
// rodata and data must be the same (both versions share them).
struct ReloadPlan {
  unsigned part = 0;
  std::vector<LoadOp> body;
  std::vector<LoadOp> desc;
};
ReloadPlan reload_plan(const image::Image& current, const image::Image& next, const Geometry& g, const std::string& part,
                       std::uint32_t at);


}  // namespace baton::env::engine
