// SPDX-License-Identifier: Apache-2.0
#include "baton/iss/partition_map.hpp"

#include <stdexcept>

#include <fmt/format.h>

namespace baton::iss {

void StaticPartitionMap::add(std::uint8_t id, Partition p) {
  if (parts_.contains(id)) throw std::invalid_argument(fmt::format("partition {} defined twice", id));
  if ((p.base & 3U) != 0) throw std::invalid_argument(fmt::format("partition {} base {:#x} not word aligned", id, p.base));
  for (auto e : p.entries) {
    if ((e & 3U) != 0 || e < p.base || e >= p.base + p.bytes) {
      throw std::invalid_argument(fmt::format("partition {} entry {:#x} misaligned or outside it", id, e));
    }
  }
  parts_.emplace(id, std::move(p));
}

void StaticPartitionMap::set_resident(std::uint8_t id, bool resident) { parts_.at(id).resident = resident; }

EntryLookup StaticPartitionMap::entry(std::uint8_t part, EntryKind kind, std::uint16_t value) const {
  auto it = parts_.find(part);
  if (it == parts_.end()) return {EntryStatus::kMissing, 0};
  const Partition& p = it->second;
  std::uint32_t pc = 0;
  if (kind == EntryKind::kOffset) {
    const std::uint64_t off = static_cast<std::uint64_t>(value) * 4;
    if (off >= p.bytes) return {EntryStatus::kMissing, 0};
    pc = p.base + static_cast<std::uint32_t>(off);
  } else {
    if (value >= p.entries.size()) return {EntryStatus::kMissing, 0};
    pc = p.entries[value];
  }
  if (!p.resident) return {EntryStatus::kNotResident, pc};
  return {EntryStatus::kOk, pc};
}

}  // namespace baton::iss
