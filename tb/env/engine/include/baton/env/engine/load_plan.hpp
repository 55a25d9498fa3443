// SPDX-License-Identifier: Apache-2.0
// What the testbench writes through the engine's loader port at start-up (docs/engine.md,
// "Loader"): every partition of the firmware image into every tile (the TCP replicas each into
// its own tile only) (IMEM words, page slots,
// partition slots, partition table), then rodata, data and the configuration blob into the
// shared RAMs. Every word of the rodata/data image is written (bss too), so nothing the firmware
// reads depends on the RAMs' power-up contents.
#pragma once

#include <cstdint>
#include <span>
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
  std::uint32_t rodata_bytes = abi::engine_default::kRodataBytes;
  std::uint32_t data_bytes = abi::engine_default::kDataBytes;
  unsigned lanes = abi::engine_default::kDataW / 8;
};

inline constexpr std::uint8_t kDestAllTiles = abi::kLoaderDestAllTiles;
inline constexpr std::uint8_t kDestShared = abi::kLoaderDestShared;

struct LoadOp {
  std::uint8_t dest = kDestAllTiles;  // tile index, kDestAllTiles or kDestShared
  std::uint8_t kind = 0;              // tile loader kind (abi::LoaderKind)
  std::uint32_t addr = 0;
  std::uint32_t data = 0;
};

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
};

// Finds the replicas by name and decides whether they fit `g`; throws std::runtime_error when
// they are not consecutive ids or their count is not a power of two up to 2^15.
Affinity tcp_affinity(const image::Image& img, const Geometry& g);

// Throws std::runtime_error (one line) when the image or blob does not fit the geometry.
std::vector<LoadOp> load_plan(const image::Image& img, std::span<const std::uint8_t> blob,
                              std::uint32_t blob_offset, const Geometry& g);

}  // namespace baton::env::engine
