// SPDX-License-Identifier: Apache-2.0
// Where a delivered context starts (docs/abi.md section 3). The partition table and entry tables
// are part of the image the partition toolchain writes; the ISS sees them only through this
// interface, so the engine model can plug in the real tables.
#pragma once

#include <cstdint>
#include <map>
#include <vector>

#include "baton/records.hpp"

namespace baton::iss {

enum class EntryStatus : std::uint8_t {
  kOk,
  kNotResident,  // the partition exists but is not in this tile's IMEM (PM13: load it first)
  kMissing,      // no such partition or entry: the packet is dropped with DropNoPartition
};

struct EntryLookup {
  EntryStatus status = EntryStatus::kMissing;
  std::uint32_t pc = 0;
};

class PartitionMap {
 public:
  PartitionMap() = default;
  PartitionMap(const PartitionMap&) = delete;
  PartitionMap& operator=(const PartitionMap&) = delete;
  virtual ~PartitionMap() = default;
  [[nodiscard]] virtual EntryLookup entry(std::uint8_t part, EntryKind kind, std::uint16_t value) const = 0;
};

// A partition table held in memory: for tests, the command line and small models.
class StaticPartitionMap final : public PartitionMap {
 public:
  struct Partition {
    std::uint32_t base = 0;              // code address of the first instruction (page aligned)
    std::uint32_t bytes = 0;             // size of the partition's code
    std::vector<std::uint32_t> entries;  // entry table: code addresses
    bool resident = true;                // loaded in this tile's IMEM
  };

  // Throws std::invalid_argument for a duplicate id or a misaligned base/entry.
  void add(std::uint8_t id, Partition p);
  void set_resident(std::uint8_t id, bool resident);
  [[nodiscard]] EntryLookup entry(std::uint8_t part, EntryKind kind, std::uint16_t value) const override;

 private:
  std::map<std::uint8_t, Partition> parts_;
};

}  // namespace baton::iss
