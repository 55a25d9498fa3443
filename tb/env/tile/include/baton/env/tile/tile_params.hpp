// SPDX-License-Identifier: Apache-2.0
// The parameters of one verilated tile configuration, and the matching ISS configuration
// (docs/abi.md section 11: the tile, the ISS and the image must agree on them). The memory map
// (mode and window sizes) is the ISS's own iss::Layout, so each size is declared once.
#pragma once

#include <cstdint>
#include <string>

#include "baton/iss/config.hpp"

namespace baton::env::tile {

struct TileParams : iss::Layout {
  std::string name;               // the verilated model, for messages
  // Defaults: baton_tile's parameter defaults, which are the ABI's (baton/abi.hpp). The window
  // sizes (code, scratch, workspace, packet, stack, rodata, data; bare IMEM and DMEM) and the mode
  // are iss::Layout's.
  unsigned threads = abi::tile_default::kNumThreads;
  std::uint8_t tile_id = 0;
  unsigned num_ports = abi::tile_default::kNumPorts;
  bool zbb = true;
  std::uint32_t boot_addr = 0;
  std::uint32_t watchdog = abi::tile_default::kWatchdogBudget;
  std::uint32_t page_bytes = abi::tile_default::kPageBytes;
  unsigned part_slots = 4;
  unsigned ptab_words = 64;

  TileParams() { imem_bytes = 4096; }  // baton_tile's ImemBytes default (engine-mode IMEM)

  [[nodiscard]] bool bare() const { return mode == iss::Mode::kBare; }
  [[nodiscard]] const iss::Layout& layout() const { return *this; }
  [[nodiscard]] unsigned imem_pages() const { return bare() ? 1 : imem_bytes / page_bytes; }

  // The ISS configuration that must behave exactly like this tile.
  [[nodiscard]] iss::TileConfig iss_config() const {
    iss::TileConfig c;
    c.threads = threads;
    c.tile_id = tile_id;
    c.num_ports = num_ports;
    c.zbb = zbb;
    c.watchdog = watchdog;
    c.layout = layout();
    return c;
  }
};

}  // namespace baton::env::tile
