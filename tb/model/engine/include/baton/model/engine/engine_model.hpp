// SPDX-License-Identifier: Apache-2.0
// ISS-level model of the integrated engine (docs/firmware.md, "ISS engine model"): the ingress
// reference model (tb/model/ingress) -> one context queue per partition -> T tiles x N threads, each thread an ISS hart
// -> completions released per ordering bucket in dispatch order
// (as the egress does) -> frames per port, to host, drops with reason, counters. It runs the
// real firmware image with the real configuration blob. Partition residency: every partition on
// every tile (imem_pages = 0), or tiles of imem_pages page slots filled by the pager's policy
// (pager.hpp).
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "baton/model/engine/flow_state.hpp"
#include "baton/model/engine/pager.hpp"

namespace baton::image {
struct Image;
}

namespace baton::model::engine {

struct EngineConfig {
  unsigned tiles = 2;
  unsigned threads = 4;           // per tile
  unsigned slots = 64;            // packet-buffer slots (contexts in flight)
  unsigned buckets = 1024;        // ordering buckets
  std::uint32_t watchdog = 4096;  // WatchdogBudget
  std::uint64_t max_idle_cycles = 1'000'000;
  // Residency (docs/pager.md): page slots per tile (ImemBytes / PageBytes); 0 = unlimited, every
  // partition resident on every tile and no pager (the model before the pager existed).
  unsigned imem_pages = 0;
  unsigned part_slots = 8;  // partition slots per tile (PartSlots), with imem_pages != 0
  Preload preload = Preload::kFit;
  // Flow state (docs/flow-state.md): the event class table, the flow table and the lookup window.
  // Off: no lookup window (every access faults), the ingress's targets unchanged.
  FlowStateConfig flow;
};

enum class OutKind : std::uint8_t { kSend, kToHost, kDrop, kDone };

struct InPacket {
  std::vector<std::uint8_t> frame;
  std::uint8_t port = 0;
  bool tuser = false;
  std::uint64_t not_before = 0;  // earliest engine cycle of its arrival (later ones wait)
};

inline constexpr std::size_t kNoPacket = static_cast<std::size_t>(-1);

struct Completion {
  std::size_t index = 0;  // input packet; kNoPacket for an event without one (timeout, generated)
  OutKind kind = OutKind::kDrop;
  std::uint8_t port = 0;    // egress port (send) or ingress port (to host)
  std::uint8_t reason = 0;  // drop
  std::vector<std::uint8_t> frame;
  std::uint32_t bucket = 0;
  std::uint64_t instructions = 0;  // retired over all deliveries of the packet
  unsigned deliveries = 0;         // 1 + migrations
  std::uint64_t cycle = 0;         // engine cycle of the completion (the thread operation)
  std::uint64_t arrival = 0;       // engine cycle the ingress took the packet (ctx.arrival; events: their start)
  std::uint8_t event_type = 0;     // of the context (abi::EventType)
};

// Counters with the names of docs/feature-set.md section 7 (replies by kind come from the
// firmware's per-thread statistics, the rest from the completions).
struct EngineCounters {
  std::uint64_t rx = 0, forwarded = 0, replies = 0, to_host = 0, dropped = 0, done = 0;
  std::array<std::uint64_t, 5> reply{};  // arp, icmp4 echo, icmp4 ttl, icmp6 echo, icmp6 hop
  std::uint64_t acct_late = 0;           // flow accounting: packets queued behind their flow's export
  std::array<std::uint64_t, 256> drop{};
  std::array<std::uint64_t, 16> port_rx{}, port_tx{};
  std::uint64_t cycles = 0, instructions = 0;
  PagingCounters paging;  // all zero with imem_pages = 0
  FlowCounters flow;      // all zero without flow state
};

class EngineModel {
 public:
  // `image_prefix`: PREFIX.bin and PREFIX.json from baton-ld; `blob`: baton-fwconfig output, or
  // empty for a firmware other than the reference router (no blob, no reply counters).
  // Throws std::runtime_error with one line on a bad image, blob or manifest.
  EngineModel(const std::string& image_prefix, std::vector<std::uint8_t> blob, EngineConfig cfg = {});
  ~EngineModel();
  EngineModel(const EngineModel&) = delete;
  EngineModel& operator=(const EngineModel&) = delete;

  // Runs the packets (arrival order = index) to completion; returns the completions in the
  // order the egress releases them.
  std::vector<Completion> run(const std::vector<InPacket>& packets);
  [[nodiscard]] const EngineCounters& counters() const { return counters_; }
  // The last run's residency changes in cycle order: preloads, loads, evictions (empty with
  // imem_pages = 0).
  [[nodiscard]] const std::vector<PagingEvent>& paging_events() const;
  // The flow-state unit after the last run (null without flow state): table, state, scratchpad.
  [[nodiscard]] const FlowUnit* flow_state() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
  EngineCounters counters_;
};

}  // namespace baton::model::engine
