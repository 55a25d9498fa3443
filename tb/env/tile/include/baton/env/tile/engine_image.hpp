// SPDX-License-Identifier: Apache-2.0
// An engine-mode image for one tile: code partitions placed in the code window, their pages
// resident in IMEM slots, the partition table, and the rodata/data windows. The same description
// loads the RTL (loader port operations, shared-memory model) and the ISS (memory, partition map),
// so both start from identical state.
#pragma once

#include <cstdint>
#include <vector>

#include "baton/iss/elf.hpp"
#include "baton/iss/engine_memory.hpp"
#include "baton/iss/partition_map.hpp"
#include "baton/env/tile/agents.hpp"
#include "baton/env/tile/shared_memory.hpp"
#include "baton/env/tile/tile_params.hpp"

namespace baton::env::tile {

struct Partition {
  std::uint8_t id = 0;
  std::uint32_t base = 0;              // code address, page aligned
  std::vector<std::uint32_t> code;     // instruction words from base
  std::vector<std::uint32_t> entries;  // entry table (code addresses)
};

class EngineImage {
 public:
  explicit EngineImage(const TileParams& params) : params_(params) {}

  // Places a partition; its pages go into free IMEM slots (throws when IMEM, the partition slots
  // or the partition table are full, or when pages overlap).
  void add(const Partition& p);
  // Code present in the code window (ISS) but not resident in this tile: a fetch there faults.
  void add_non_resident_code(std::uint32_t base, const std::vector<std::uint32_t>& code);
  // An engine-mode ELF (sw/isa-tests/link/engine.ld) as partition `id`: [__text_start,
  // __text_end) is its code, the rodata and data segments go to their windows.
  void add_elf(const iss::ElfImage& elf, std::uint8_t id, const std::vector<std::uint32_t>& entries = {});
  void set_rodata(std::uint32_t offset, const std::vector<std::uint8_t>& bytes);
  void set_data(std::uint32_t offset, const std::vector<std::uint8_t>& bytes);

  [[nodiscard]] std::vector<LoadOp> loader_ops() const;
  void load_iss(iss::EngineMemory& mem, iss::StaticPartitionMap& map) const;
  void load_shared(SharedMemory& mem) const;

  [[nodiscard]] const std::vector<Partition>& partitions() const { return parts_; }

 private:
  struct Page {
    std::uint32_t code_page;  // code address / page_bytes
    unsigned slot;
  };
  struct Blob {
    std::uint32_t addr;
    std::vector<std::uint8_t> bytes;
  };

  TileParams params_;
  std::vector<Partition> parts_;
  std::vector<Page> pages_;
  std::vector<std::uint32_t> ptab_entries_;  // entry pcs, placed after the slot words
  std::vector<unsigned> entry_base_;          // per partition: first ptab word of its entries
  std::vector<Blob> hidden_code_, rodata_, data_;
};

}  // namespace baton::env::tile
