// SPDX-License-Identifier: Apache-2.0
// An engine-mode tile with one image loaded as partition 1 (tests/sw engine and tile suites).
#pragma once

#include <string>
#include <vector>

#include "baton/iss/elf.hpp"
#include "baton/iss/engine_memory.hpp"
#include "baton/iss/partition_map.hpp"
#include "baton/iss/tile.hpp"
#include "iss_test_util.hpp"

namespace baton::iss::test {

inline TileConfig engine_config(unsigned threads = 4) {
  TileConfig c;
  c.threads = threads;
  return c;
}

class EngineRig {
 public:
  explicit EngineRig(const std::string& program, const TileConfig& cfg = engine_config())
      : elf_(ElfImage::load(program_path(program, "engine"))),
        mem_(cfg.layout, cfg.threads),
        tile_(cfg, mem_, &parts_) {
    mem_.load_image(elf_);
    text_start_ = elf_.require_symbol("__text_start");
    text_end_ = elf_.require_symbol("__text_end");
    StaticPartitionMap::Partition p;
    p.base = text_start_;
    p.bytes = text_end_ - text_start_;
    parts_.add(1, p);
  }

  // A context for partition 1 whose entry is the symbol `entry` (as a word offset).
  [[nodiscard]] Ctx ctx_for(const std::string& entry) const {
    Ctx c;
    c.target_part = 1;
    c.entry_kind = EntryKind::kOffset;
    c.entry = static_cast<std::uint16_t>((sym(entry) - text_start_) / 4);
    c.sp = kStackBase + tile_.config().layout.stack_bytes;
    return c;
  }

  // Steps `thread` until its packet ends (or `limit` records); returns every record.
  std::vector<RetireRecord> run_thread(unsigned thread, std::size_t limit = 100000) {
    std::vector<RetireRecord> recs;
    while (tile_.running(thread) && recs.size() < limit) recs.push_back(tile_.step_thread(thread));
    return recs;
  }

  [[nodiscard]] std::uint32_t sym(const std::string& name) const { return elf_.require_symbol(name); }
  [[nodiscard]] std::uint32_t text_start() const { return text_start_; }
  [[nodiscard]] std::uint32_t text_end() const { return text_end_; }
  EngineMemory& mem() { return mem_; }
  Tile& tile() { return tile_; }
  StaticPartitionMap& parts() { return parts_; }

 private:
  ElfImage elf_;
  StaticPartitionMap parts_;
  EngineMemory mem_;
  Tile tile_;
  std::uint32_t text_start_ = 0;
  std::uint32_t text_end_ = 0;
};

}  // namespace baton::iss::test
