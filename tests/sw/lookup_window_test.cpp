// SPDX-License-Identifier: Apache-2.0
// The lookup window in the ISS (docs/abi.md section 13): absent (every access faults) unless the
// layout enables flow state; the register and scratchpad access rules, against a table written
// here from the ABI document; loads and stores reaching the engine's LookupPort; the workspace's
// per-byte dirty bits that drive the write-back.
#include <gtest/gtest.h>

#include <map>
#include <vector>

#include "baton/iss/config.hpp"
#include "baton/iss/engine_memory.hpp"

namespace baton::iss {
namespace {

namespace fs = abi::flow_state;

TEST(LookupWindow, AbsentWithoutFlowState) {
  Layout off;
  for (const auto kind : {AccessKind::kLoad, AccessKind::kStore, AccessKind::kFetch})
    EXPECT_FALSE(translate(off, kind, 0x6000'0000U).has_value());
  Layout on;
  on.flow_state = true;
  const auto w = translate(on, AccessKind::kLoad, 0x6000'0004U);
  ASSERT_TRUE(w.has_value());
  EXPECT_EQ(w->region, Region::kLookup);
  EXPECT_EQ(w->offset, 4U);
  EXPECT_FALSE(translate(on, AccessKind::kFetch, 0x6000'0000U).has_value()) << "never fetchable";
  EXPECT_FALSE(translate(on, AccessKind::kLoad, 0x6002'0000U).has_value()) << "128 KiB window";
  EXPECT_TRUE(translate(on, AccessKind::kLoad, 0x6001'fffcU).has_value());
}

TEST(LookupWindow, RegisterAndScratchpadRules) {
  Layout l;
  l.flow_state = true;
  // abi.md section 13: (offset, loadable, storable).
  const std::map<std::uint32_t, std::pair<bool, bool>> regs{
      {0x00, {true, false}}, {0x04, {true, false}}, {0x08, {false, true}}, {0x0c, {false, true}},
      {0x10, {false, true}}, {0x14, {false, true}}, {0x18, {false, true}}};
  for (std::uint32_t off = 0; off < 0x40; off += 4) {
    const auto it = regs.find(off);
    const bool ld = it != regs.end() && it->second.first;
    const bool st = it != regs.end() && it->second.second;
    EXPECT_EQ(lookup_access_ok(l, AccessKind::kLoad, off, 4), ld) << "load " << off;
    EXPECT_EQ(lookup_access_ok(l, AccessKind::kStore, off, 4), st) << "store " << off;
    for (const unsigned size : {1U, 2U}) {
      EXPECT_FALSE(lookup_access_ok(l, AccessKind::kLoad, off, size)) << "sub-word load " << off;
      EXPECT_FALSE(lookup_access_ok(l, AccessKind::kStore, off, size)) << "sub-word store " << off;
    }
  }
  EXPECT_FALSE(lookup_access_ok(l, AccessKind::kLoad, 0xfffc, 4)) << "between registers and scratchpad";
  // The scratchpad: words below lookup_scratch_bytes.
  l.lookup_scratch_bytes = 64;
  EXPECT_TRUE(lookup_access_ok(l, AccessKind::kLoad, 0x1'0000, 4));
  EXPECT_TRUE(lookup_access_ok(l, AccessKind::kStore, 0x1'003c, 4));
  EXPECT_FALSE(lookup_access_ok(l, AccessKind::kStore, 0x1'0040, 4));
  EXPECT_FALSE(lookup_access_ok(l, AccessKind::kLoad, 0x1'0000, 1));
}

class RecordingPort final : public LookupPort {
 public:
  std::uint32_t lookup_load(unsigned thread, std::uint32_t offset) override {
    loads.emplace_back(thread, offset);
    return 0xabc00000U | offset;
  }
  void lookup_store(unsigned thread, std::uint32_t offset, std::uint32_t value) override {
    stores.push_back({thread, offset, value});
  }
  std::vector<std::pair<unsigned, std::uint32_t>> loads;
  struct Store {
    unsigned thread;
    std::uint32_t offset, value;
  };
  std::vector<Store> stores;
};

TEST(LookupWindow, EngineMemoryForwardsToThePortAndTracksWorkspaceStores) {
  Layout l;
  l.flow_state = true;
  EngineMemory mem(l, 4);
  MemRequest ld{Region::kLookup, 0x04, 0x6000'0004U, 4, 2, 0};
  EXPECT_THROW((void)mem.load(ld), std::logic_error) << "no port attached";
  RecordingPort port;
  mem.set_lookup(&port);
  EXPECT_EQ(mem.load(ld), 0xabc00004U);
  mem.store(MemRequest{Region::kLookup, 0x08, 0x6000'0008U, 4, 1, 0}, 77);
  ASSERT_EQ(port.loads.size(), 1U);
  EXPECT_EQ(port.loads[0].first, 2U);
  ASSERT_EQ(port.stores.size(), 1U);
  EXPECT_EQ(port.stores[0].thread, 1U);
  EXPECT_EQ(port.stores[0].offset, 0x08U);
  EXPECT_EQ(port.stores[0].value, 77U);

  // Dirty bits: one per byte of the first state_bytes bytes of the workspace, per thread.
  EXPECT_EQ(mem.state_dirty(3), 0U);
  mem.store(MemRequest{Region::kWorkspace, 0, 0x3000'0000U, 4, 3, 0}, 1);
  mem.store(MemRequest{Region::kWorkspace, 17, 0x3000'0011U, 1, 3, 0}, 1);
  mem.store(MemRequest{Region::kWorkspace, 30, 0x3000'001eU, 2, 3, 0}, 1);
  mem.store(MemRequest{Region::kWorkspace, fs::kStateBytes, 0x3000'0020U, 4, 3, 0}, 1);  // scratch part
  EXPECT_EQ(mem.state_dirty(3), 0x0000'000fU | (1U << 17) | (3U << 30));
  EXPECT_EQ(mem.state_dirty(0), 0U) << "other threads untouched";
  mem.clear_state_dirty(3);
  EXPECT_EQ(mem.state_dirty(3), 0U);
}

}  // namespace
}  // namespace baton::iss
