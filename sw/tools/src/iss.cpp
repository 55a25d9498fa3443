// SPDX-License-Identifier: Apache-2.0
#include "baton/image/iss.hpp"

namespace baton::image {

ImagePartitionMap::ImagePartitionMap(const Image& img) {
  for (const auto& p : img.partitions) {
    parts_.emplace(p.id, Part{p.base, p.code_bytes, p.entries});
    resident_.insert(p.id);
  }
}

void ImagePartitionMap::set_resident(std::uint8_t id, bool resident) {
  if (resident) {
    resident_.insert(id);
  } else {
    resident_.erase(id);
  }
}

iss::EntryLookup ImagePartitionMap::entry(std::uint8_t part, EntryKind kind, std::uint16_t value) const {
  auto it = parts_.find(part);
  if (it == parts_.end()) return {iss::EntryStatus::kMissing, 0};
  const Part& p = it->second;
  std::uint32_t pc = 0;
  if (kind == EntryKind::kOffset) {
    const std::uint64_t off = 4ULL * value;
    if (off >= p.code_bytes) return {iss::EntryStatus::kMissing, 0};
    pc = p.base + static_cast<std::uint32_t>(off);
  } else {
    if (value >= p.entries.size()) return {iss::EntryStatus::kMissing, 0};
    pc = p.entries[value];
  }
  if (!resident_.contains(part)) return {iss::EntryStatus::kNotResident, pc};
  return {iss::EntryStatus::kOk, pc};
}

void load_into(const Image& img, iss::EngineMemory& mem) {
  for (const auto& p : img.partitions) {
    for (std::uint32_t pg = 0; pg < p.num_pages; ++pg) mem.code().write_block(p.base + pg * img.page_bytes, img.page(p, pg));
  }
  mem.rodata().write_block(0, img.rodata);
  mem.data().write_block(0, img.data);
}

void set_residency(const Image& img, const std::set<std::uint8_t>& ids, iss::EngineMemory& mem,
                   ImagePartitionMap& map) {
  mem.restrict_residency();
  for (const auto& p : img.partitions) {
    const bool on = ids.contains(p.id);
    mem.set_resident(p.base, p.num_pages * img.page_bytes, on);
    map.set_resident(p.id, on);
  }
}

}  // namespace baton::image
