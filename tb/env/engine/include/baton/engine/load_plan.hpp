// What the testbench writes through the engine's loader port at start-up (docs/engine.md,
// "Loader"): every partition of the firmware image into every tile (IMEM words, page slots,
// partition slots, partition table), then rodata, data and the configuration blob into the
// shared RAMs. Every word of the rodata/data image is written (bss too), so nothing the firmware
// reads depends on the RAMs' power-up contents.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "baton/image/image.hpp"

namespace baton::engine {

// Parameters of a verilated baton_engine that the loader and the checks need.
struct Geometry {
  unsigned tiles = 4;
  unsigned threads = 4;
  unsigned ports = 4;
  unsigned slots = 64;
  unsigned parts = 16;
  unsigned imem_bytes = 16384;
  unsigned page_bytes = 1024;
  unsigned part_slots = 8;
  unsigned ptab_words = 128;
  std::uint32_t rodata_bytes = 0x1'0000;
  std::uint32_t data_bytes = 0x8'0000;
  unsigned lanes = 8;  // DataW / 8
};

inline constexpr std::uint8_t kDestAllTiles = 0xFE;
inline constexpr std::uint8_t kDestShared = 0xFF;

struct LoadOp {
  std::uint8_t dest = kDestAllTiles;  // tile index, kDestAllTiles or kDestShared
  std::uint8_t kind = 0;              // tile loader kind (0 IMEM word, 1 page slot, 2 partition slot, 3 ptab)
  std::uint32_t addr = 0;
  std::uint32_t data = 0;
};

// Throws std::runtime_error (one line) when the image or blob does not fit the geometry.
std::vector<LoadOp> load_plan(const image::Image& img, std::span<const std::uint8_t> blob,
                              std::uint32_t blob_offset, const Geometry& g);

}  // namespace baton::engine
