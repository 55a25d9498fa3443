// SPDX-License-Identifier: Apache-2.0
// The flow-state system tests' reference (tests/system/flow_test.cpp, flow_scale_test.cpp): every
// packet's fate and stamp checked against what the stimulus implies.
#pragma once

#include <gtest/gtest.h>

#include "baton/env/engine/flowstamp.hpp"

namespace baton::test::flowstamp {

using namespace baton::env::engine;
using namespace baton::env::engine::flowstamp;
using baton::abi::EventType;
using Status = baton::abi::flow_state::Status;

// The flowstamp engine of the tests (image from the build).
inline FlowEngine make_engine(const EnvOptions& o, bool pools = false) { return FlowEngine(BATON_FLOWSTAMP_IMAGE, o, pools); }

// Runs the packets; every error outside the packets' fates fails the test.
inline std::vector<Outcome> run_checked(FlowEngine& e, const std::vector<golden::Packet>& pk, const std::string& where) {
  auto r = e.run(pk);
  for (const auto& err : r.errors) ADD_FAILURE() << err << "; " << where;
  return std::move(r.fates);
}

// One flow index per flow, distinct across flows: the first stamp of flow `fi` claims `flow` in
// `owner`, the later ones must repeat it.
inline void check_flow_index(std::map<std::uint32_t, std::size_t>& owner, std::optional<std::uint32_t>& index,
                             std::uint32_t flow, std::size_t fi, const std::string& at) {
  if (!index) {
    index = flow;
    const auto [it, fresh] = owner.emplace(flow, fi);
    EXPECT_TRUE(fresh) << "flow index " << flow << " also names flow " << it->second << "; " << at;
  } else {
    EXPECT_EQ(flow, *index) << "one flow, one index; " << at;
  }
}

// Checks every packet of `t` against what the stimulus implies; returns the number of Busy events.
inline unsigned check_fates(const Traffic& t, const std::vector<Outcome>& fates, const std::string& where) {
  unsigned busy = 0;
  std::map<std::uint32_t, std::size_t> owner;  // flow index -> flow
  for (std::size_t fi = 0; fi < t.flows.size(); ++fi) {
    const Flow& f = t.flows[fi];
    std::uint32_t held = 0, bytes = 0;
    std::optional<std::uint32_t> index;
    for (std::size_t k = 0; k < f.packets.size(); ++k) {
      const std::size_t i = f.packets[k];
      const Outcome& d = fates[i];
      const auto& in = t.packets[i].frame;
      const std::string at = fmt::format("flow {} packet {} (index {}); {}", fi, k, i, where);
      if (!d.sent) {
        ADD_FAILURE() << "not sent (dropped " << d.dropped << ", reason " << d.reason << "); " << at;
        continue;
      }
      EXPECT_EQ(d.port, (f.port + 1) % kPorts) << at;
      if (d.frame.size() != in.size() + 4 * kStampWords) {
        ADD_FAILURE() << "output of " << d.frame.size() << " bytes for " << in.size() << " in; " << at;
        continue;
      }
      EXPECT_TRUE(std::equal(in.begin(), in.end(), d.frame.begin())) << "the frame before the stamp changed; " << at;
      const Stamp s = stamp_of(d.frame, in.size());
      EXPECT_EQ(s.magic, kMagic) << at;
      if (s.status == static_cast<std::uint32_t>(Status::kBusy)) {
        // Passed on without the flow's state: no count, no flow index.
        ++busy;
        EXPECT_EQ(s.flow, 0U) << at;
        EXPECT_EQ(s.l3_packets + s.l3_bytes + s.l4_packets + s.l4_prev + s.tag_prev, 0U) << at;
        continue;
      }
      ++held;
      bytes += static_cast<std::uint32_t>(in.size());
      EXPECT_EQ(s.status, static_cast<std::uint32_t>(held == 1 ? Status::kInserted : Status::kHit)) << at;
      EXPECT_EQ(s.l3_packets, held) << "layer 0's count (private, through shared); " << at;
      EXPECT_EQ(s.l3_bytes, bytes) << at;
      EXPECT_EQ(s.l4_packets, held) << "layer 1's count (private); " << at;
      EXPECT_EQ(s.l4_prev, held - 1) << "layer 1's shared word from the previous event; " << at;
      EXPECT_EQ(s.tag_prev, held == 1 ? 0U : kTagBase + held - 1)
          << "the shared tag keeps layer 0's write, not layer 1's later one (SP8); " << at;
      check_flow_index(owner, index, s.flow, fi, at);
    }
  }
  for (const std::size_t i : t.unrouted) {
    EXPECT_TRUE(fates[i].dropped && fates[i].reason == kDropUnrouted && !fates[i].sent)
        << "packet " << i << " (no lookup class) must be dropped as unrouted; " << where;
  }
  return busy;
}

}  // namespace baton::test::flowstamp
