// SPDX-License-Identifier: Apache-2.0
// A plain backing store for engine mode: a global code image with per-page residency, global
// rodata/data, per-thread scratch/workspace and per-packet packet/stack windows. The engine model
// and the checkers may use it or supply their own MemoryPort.
#pragma once

#include <cstdint>
#include <map>
#include <set>

#include "baton/iss/config.hpp"
#include "baton/iss/memory.hpp"

namespace baton::iss {

class ElfImage;

// What serves the lookup window (Region::kLookup) for an engine with flow state: the engine model.
// Offsets are window offsets that lookup_access_ok() accepted; accesses are 32-bit words.
class LookupPort {
 public:
  LookupPort() = default;
  LookupPort(const LookupPort&) = delete;
  LookupPort& operator=(const LookupPort&) = delete;
  virtual ~LookupPort() = default;
  virtual std::uint32_t lookup_load(unsigned thread, std::uint32_t offset) = 0;
  virtual void lookup_store(unsigned thread, std::uint32_t offset, std::uint32_t value) = 0;
};

class EngineMemory final : public MemoryPort {
 public:
  EngineMemory(const Layout& layout, unsigned threads, std::uint32_t page_bytes = 1024);

  std::optional<std::uint32_t> fetch(unsigned thread, std::uint32_t pc) override;
  std::uint32_t load(const MemRequest& req) override;
  void store(const MemRequest& req, std::uint32_t value) override;

  // Residency of code pages in this tile's IMEM. Every page is resident until restrict_residency()
  // is called; afterwards only pages marked with set_resident().
  void restrict_residency();
  void set_resident(std::uint32_t code_addr, std::uint32_t bytes, bool resident);

  // Copies the loadable segments of an engine-mode image into the code, rodata and data windows.
  // Throws std::runtime_error naming a segment that lies outside them.
  void load_image(const ElfImage& elf);

  // Direct access to the backing of each window (offsets are window offsets).
  SparseBytes& code() { return code_; }
  SparseBytes& rodata() { return rodata_; }
  SparseBytes& data() { return data_; }
  SparseBytes& scratch(unsigned thread);
  SparseBytes& workspace(unsigned thread);
  SparseBytes& packet(std::uint16_t handle) { return packets_[handle]; }
  SparseBytes& stack(std::uint16_t handle) { return stacks_[handle]; }
  [[nodiscard]] std::uint32_t page_bytes() const { return page_bytes_; }

  // Flow state: the lookup window's server (not owned; none = an access is a logic error), and
  // per thread the bytes of the workspace's flow-state part (the first kStateBytes) stored since
  // clear_state_dirty(): bit i = byte i.
  void set_lookup(LookupPort* port) { lookup_ = port; }
  [[nodiscard]] std::uint32_t state_dirty(unsigned thread) const { return state_dirty_.at(thread); }
  void clear_state_dirty(unsigned thread) { state_dirty_.at(thread) = 0; }

 private:
  SparseBytes& backing(const MemRequest& req);
  LookupPort& lookup_port(const MemRequest& req);

  Layout layout_;
  std::uint32_t page_bytes_;
  bool restricted_ = false;
  std::set<std::uint32_t> resident_pages_;
  SparseBytes code_;
  SparseBytes rodata_;
  SparseBytes data_;
  std::vector<SparseBytes> scratch_;
  std::vector<SparseBytes> workspace_;
  std::vector<std::uint32_t> state_dirty_;
  LookupPort* lookup_ = nullptr;
  std::map<std::uint16_t, SparseBytes> packets_;
  std::map<std::uint16_t, SparseBytes> stacks_;
};

}  // namespace baton::iss
