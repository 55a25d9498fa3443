#include "baton/engine/load_plan.hpp"

#include <stdexcept>

#include <fmt/format.h>

namespace baton::engine {

namespace {
std::uint32_t le32(std::span<const std::uint8_t> b, std::size_t o) {
  std::uint32_t v = 0;
  for (unsigned i = 0; i < 4; ++i) {
    if (o + i < b.size()) v |= static_cast<std::uint32_t>(b[o + i]) << (8 * i);
  }
  return v;
}

void shared_words(std::vector<LoadOp>& ops, std::uint32_t base, std::span<const std::uint8_t> bytes) {
  for (std::size_t o = 0; o < bytes.size(); o += 4) {
    ops.push_back({kDestShared, 0, base + static_cast<std::uint32_t>(o), le32(bytes, o)});
  }
}
}  // namespace

std::vector<LoadOp> load_plan(const image::Image& img, std::span<const std::uint8_t> blob,
                              std::uint32_t blob_offset, const Geometry& g) {
  if (img.page_bytes != g.page_bytes) {
    throw std::runtime_error(fmt::format("image: page size {} but the engine's tiles use {}", img.page_bytes, g.page_bytes));
  }
  const std::uint32_t npages = static_cast<std::uint32_t>(img.pages.size() / img.page_bytes);
  if (npages > g.imem_bytes / g.page_bytes) {
    throw std::runtime_error(fmt::format("image: {} code pages do not fit the tiles' IMEM of {} pages", npages,
                                         g.imem_bytes / g.page_bytes));
  }
  if (img.partitions.size() > g.part_slots) {
    throw std::runtime_error(fmt::format("image: {} partitions but the tiles hold {}", img.partitions.size(), g.part_slots));
  }
  if (img.rodata.size() > g.rodata_bytes) {
    throw std::runtime_error(fmt::format("image: rodata of {} bytes exceeds the engine's {}", img.rodata.size(), g.rodata_bytes));
  }
  if (img.data.size() > blob_offset || blob_offset + blob.size() > g.data_bytes) {
    throw std::runtime_error(fmt::format("image: data ({} bytes) and configuration blob ({} bytes at {:#x}) do not fit "
                                         "the engine's data RAM of {} bytes",
                                         img.data.size(), blob.size(), blob_offset, g.data_bytes));
  }
  for (const auto& p : img.partitions) {
    if (p.id >= g.parts) throw std::runtime_error(fmt::format("image: partition id {} >= the CM's {} queues", p.id, g.parts));
  }

  std::vector<LoadOp> ops;
  const std::uint32_t words_per_page = g.page_bytes / 4;
  // IMEM: page store index = IMEM page slot.
  for (const auto& p : img.partitions) {
    for (std::uint32_t k = 0; k < p.num_pages; ++k) {
      const std::uint32_t slot = p.first_page + k;
      const auto bytes = img.page(p, k);
      for (std::uint32_t w = 0; w < words_per_page; ++w) {
        ops.push_back({kDestAllTiles, 0, slot * words_per_page + w, le32(bytes, 4 * w)});
      }
      ops.push_back({kDestAllTiles, 1, slot, 0x8000'0000U | ((p.base / g.page_bytes) + k)});
    }
  }
  // Partition table: slot s = partition s of the image; entry tables after the slot records.
  std::uint32_t entry_word = g.part_slots * 4;
  for (std::size_t s = 0; s < img.partitions.size(); ++s) {
    const auto& p = img.partitions[s];
    const auto slot = static_cast<std::uint32_t>(s);
    if (entry_word + p.entries.size() > g.ptab_words) throw std::runtime_error("image: entry tables exceed the partition-table RAM");
    ops.push_back({kDestAllTiles, 3, 4 * slot + 0, p.base});
    ops.push_back({kDestAllTiles, 3, 4 * slot + 1, p.base + p.code_bytes});
    ops.push_back({kDestAllTiles, 3, 4 * slot + 2, (static_cast<std::uint32_t>(p.entries.size()) << 16) | entry_word});
    for (std::size_t e = 0; e < p.entries.size(); ++e) {
      ops.push_back({kDestAllTiles, 3, entry_word + static_cast<std::uint32_t>(e), p.entries[e]});
    }
    entry_word += static_cast<std::uint32_t>(p.entries.size());
    ops.push_back({kDestAllTiles, 2, slot, 0x8000'0000U | p.id});
  }
  // Shared RAMs: rodata, data (the gap up to the blob zeroed), the blob.
  shared_words(ops, image::kRodataBase, img.rodata);
  std::vector<std::uint8_t> data(blob_offset, 0);
  std::copy(img.data.begin(), img.data.end(), data.begin());
  shared_words(ops, image::kDataBase, data);
  shared_words(ops, image::kDataBase + blob_offset, blob);
  return ops;
}

}  // namespace baton::engine
