// SPDX-License-Identifier: Apache-2.0
// One tile's view of the engine model's shared memories (docs/firmware.md 13.5): its threads are
// rows base..base+threads-1 of the engine-wide scratch/workspace arrays, and its code residency
// is its own. EngineMemory's resident pages (restrict_residency()) are one set for every tile
// sharing it, while each tile's IMEM holds its own partitions; so the port, not the memory,
// refuses a fetch from a page this tile has not loaded, and the fault stays on this tile.
#pragma once

#include <cstdint>
#include <optional>
#include <set>

#include "baton/iss/engine_memory.hpp"

namespace baton::model::engine {

class TilePort final : public iss::MemoryPort {
 public:
  TilePort(iss::EngineMemory& mem, unsigned base) : mem_(mem), base_(base) {}

  std::optional<std::uint32_t> fetch(unsigned thread, std::uint32_t pc) override {
    if (restricted_ && !pages_.contains(pc / mem_.page_bytes())) return std::nullopt;
    return mem_.fetch(base_ + thread, pc);
  }
  std::uint32_t load(const iss::MemRequest& req) override { return mem_.load(shifted(req)); }
  void store(const iss::MemRequest& req, std::uint32_t value) override {
    mem_.store(shifted(req), value);
  }

  // Every page is fetchable until the first call; afterwards only the pages marked resident.
  void set_resident(std::uint32_t code_addr, std::uint32_t bytes, bool resident) {
    restricted_ = true;
    const std::uint32_t pb = mem_.page_bytes();
    for (std::uint32_t p = code_addr / pb; bytes != 0 && p <= (code_addr + bytes - 1) / pb; ++p) {
      if (resident) {
        pages_.insert(p);
      } else {
        pages_.erase(p);
      }
    }
  }

 private:
  [[nodiscard]] iss::MemRequest shifted(const iss::MemRequest& req) const {
    iss::MemRequest r = req;
    r.thread += base_;
    return r;
  }

  iss::EngineMemory& mem_;
  unsigned base_;
  bool restricted_ = false;
  std::set<std::uint32_t> pages_;  // code page numbers in this tile's IMEM
};

}  // namespace baton::model::engine
