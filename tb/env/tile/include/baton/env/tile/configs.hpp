// SPDX-License-Identifier: Apache-2.0
// The verilated tile configurations of tb/env/tile/CMakeLists.txt, as TileParams. Each entry must
// match the -G parameters of its baton_verilate() call; the lockstep check fails at the first
// instruction whose behaviour depends on a parameter that disagrees.
#pragma once

#include "baton/env/tile/tile_params.hpp"

namespace baton::env::tile::configs {

// Engine mode, four threads, defaults except a larger IMEM and partition table for test images.
inline TileParams tile_e4() {
  TileParams p;
  p.name = "tile_e4";
  p.threads = 4;
  p.imem_bytes = 16384;
  p.part_slots = 8;
  p.ptab_words = 64;
  return p;
}

// Engine mode, one thread, every window parameter changed, Zbb off, a short watchdog.
inline TileParams tile_e1() {
  TileParams p;
  p.name = "tile_e1";
  p.threads = 1;
  p.tile_id = 5;
  p.num_ports = 4;
  p.zbb = false;
  p.watchdog = 600;
  p.code_bytes = 1U << 20;
  p.page_bytes = 512;
  p.imem_bytes = 8192;
  p.scratch_bytes = 128;
  p.workspace_bytes = 512;
  p.packet_bytes = 1024;
  p.stack_bytes = 512;
  p.rodata_bytes = 65536;
  p.data_bytes = 65536;
  p.part_slots = 4;
  p.ptab_words = 32;
  return p;
}

// Bare mode (docs/abi.md section 5): IMEM and DMEM as the ISA tests' linker script expects.
inline TileParams tile_bare(unsigned threads) {
  TileParams p;
  p.name = threads == 1 ? "tile_bare1" : "tile_bare4";
  p.threads = threads;
  p.mode = iss::Mode::kBare;
  p.boot_addr = 0;
  p.watchdog = 0;
  p.imem_bytes = 256U << 10;
  p.dmem_bytes = 1U << 20;
  return p;
}

// Bare mode, one thread, 4 MiB of IMEM: compliance-style programs whose code is padded to reach
// the largest branch and jump offsets (riscv-arch-test's jal test needs about 1.7 MB).
inline TileParams tile_bare1_4m() {
  TileParams p = tile_bare(1);
  p.name = "tile_bare1_4m";
  p.imem_bytes = 4U << 20;
  return p;
}

}  // namespace baton::env::tile::configs
