// SPDX-License-Identifier: Apache-2.0
// The parameters of one verilated tile configuration, and the matching ISS configuration
// (docs/abi.md section 11: the tile, the ISS and the image must agree on them).
#pragma once

#include <cstdint>
#include <string>

#include "baton/iss/config.hpp"

namespace baton::tile {

struct TileParams {
  std::string name;               // the verilated model, for messages
  // Defaults: baton_tile's parameter defaults, which are the ABI's (baton/abi.hpp).
  unsigned threads = abi::tile_default::kNumThreads;
  std::uint8_t tile_id = 0;
  unsigned num_ports = abi::tile_default::kNumPorts;
  bool zbb = true;
  bool bare = false;
  std::uint32_t boot_addr = 0;
  std::uint32_t watchdog = abi::tile_default::kWatchdogBudget;
  std::uint32_t code_bytes = abi::kCodeBytes;
  std::uint32_t page_bytes = abi::tile_default::kPageBytes;
  std::uint32_t imem_bytes = 4096;
  std::uint32_t scratch_bytes = abi::kScratchBytes;
  std::uint32_t workspace_bytes = abi::kWorkspaceBytes;
  std::uint32_t packet_bytes = abi::kPktBytes;
  std::uint32_t stack_bytes = abi::kStackBytes;
  std::uint32_t rodata_bytes = abi::kRodataBytes;
  std::uint32_t data_bytes = abi::kDataBytes;
  std::uint32_t dmem_bytes = abi::kBareDmemBytes;
  unsigned part_slots = 4;
  unsigned ptab_words = 64;

  [[nodiscard]] unsigned imem_pages() const { return bare ? 1 : imem_bytes / page_bytes; }

  // The ISS configuration that must behave exactly like this tile.
  [[nodiscard]] iss::TileConfig iss_config() const {
    iss::TileConfig c;
    c.threads = threads;
    c.tile_id = tile_id;
    c.num_ports = num_ports;
    c.zbb = zbb;
    c.watchdog = watchdog;
    c.layout.mode = bare ? iss::Mode::kBare : iss::Mode::kEngine;
    c.layout.code_bytes = code_bytes;
    c.layout.scratch_bytes = scratch_bytes;
    c.layout.workspace_bytes = workspace_bytes;
    c.layout.packet_bytes = packet_bytes;
    c.layout.stack_bytes = stack_bytes;
    c.layout.rodata_bytes = rodata_bytes;
    c.layout.data_bytes = data_bytes;
    c.layout.imem_bytes = imem_bytes;
    c.layout.dmem_bytes = dmem_bytes;
    return c;
  }
};

}  // namespace baton::tile
