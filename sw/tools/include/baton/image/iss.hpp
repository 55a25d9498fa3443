// SPDX-License-Identifier: Apache-2.0
// The image as the ISS sees it: a PartitionMap over the image's partition and entry tables
// (docs/abi.md section 3), and a loader that fills an EngineMemory with code pages, rodata and
// data. The engine testbench can use the same two pieces with its own memory.
#pragma once

#include <cstdint>
#include <map>
#include <set>

#include "baton/image/image.hpp"
#include "baton/iss/engine_memory.hpp"
#include "baton/iss/partition_map.hpp"

namespace baton::image {

class ImagePartitionMap final : public iss::PartitionMap {
 public:
  // Every partition starts resident (loaded in this tile's IMEM).
  explicit ImagePartitionMap(const Image& img);

  void set_resident(std::uint8_t id, bool resident);
  [[nodiscard]] bool resident(std::uint8_t id) const { return resident_.contains(id); }
  [[nodiscard]] iss::EntryLookup entry(std::uint8_t part, EntryKind kind, std::uint16_t value) const override;

 private:
  struct Part {
    std::uint32_t base = 0;
    std::uint32_t code_bytes = 0;
    std::vector<std::uint32_t> entries;
  };
  std::map<std::uint8_t, Part> parts_;
  std::set<std::uint8_t> resident_;
};

// Copies the code pages of every partition to their code addresses, rodata to 0x8000_0000 and
// data to 0x9000_0000. Residency is left to the caller (EngineMemory: everything resident).
void load_into(const Image& img, iss::EngineMemory& mem);

// Makes exactly the partitions in `ids` resident in `mem` and `map` (PM2: a tile's IMEM holds
// some partitions, page by page).
void set_residency(const Image& img, const std::set<std::uint8_t>& ids, iss::EngineMemory& mem,
                   ImagePartitionMap& map);

}  // namespace baton::image
