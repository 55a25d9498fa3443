// SPDX-License-Identifier: Apache-2.0
// Flow state in the ISS engine model (docs/flow-state.md, docs/abi.md sections 12 and 13): the
// event class table, the flow table (the lookup controller's d-left table, so flow indices are
// the controller's), per-flow serialization, the workspace transfer at delivery and write-back
// when a thread lets go of an event, flow timers, generated events and the scratchpad. The engine
// model (engine_model.cpp) calls it at ingress, delivery, thread operations and every cycle; the
// ISS reaches the lookup window through it (iss::LookupPort).
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <vector>

#include "baton/abi.hpp"
#include "baton/iss/engine_memory.hpp"
#include "baton/model/ingress/ingress_model.hpp"
#include "baton/model/lookup/lookup_model.hpp"
#include "baton/records.hpp"

namespace baton::model::engine {

// The event class table and its lookup modes are the ingress's (ingress_model.hpp): the engine
// model copies FlowStateConfig's table into the ingress model, which routes packet events; this
// unit looks their flows up by the class's mode and routes the events it makes itself.
using ingress::EventClass;
using ingress::LookupMode;
using ingress::event_class;
using ingress::kEventClasses;

struct FlowStateConfig {
  bool enabled = false;
  std::array<EventClass, kEventClasses> classes{};
  ingress::ChannelConfig channels;             // channel groups and in_class per port (SP4)
  std::array<std::uint8_t, 256> part_layer{};  // the layer (0, 1) whose private portion a partition sees
  lookup::Config table{.buckets_per_bank = 8192, .ways = 4, .stash = 8};  // 65 544 flows
  std::uint32_t scratch_bytes = abi::flow_state::kScratchBytes;
};

struct FlowCounters {
  std::uint64_t lookups = 0, hits = 0, inserts = 0, misses = 0, full = 0, busy = 0;
  std::uint64_t timers_fired = 0, timeout_events = 0, stale_timers = 0, generated = 0, deletes = 0;
  std::uint64_t wb_conflicts = 0, ignored_ops = 0;  // shared bytes kept; flow operations without a flow
  std::uint64_t max_used = 0;                       // table entries in use, high-water mark
  std::uint64_t used = 0;
};

class FlowUnit final : public iss::LookupPort {
 public:
  // `threads`: engine-wide thread count (tile t, thread h is t * ThreadsPerTile + h).
  FlowUnit(const FlowStateConfig& cfg, iss::EngineMemory& mem, unsigned threads);

  // A packet event from the ingress (its frame, the parse word and the event class the ingress
  // routed it by): looks its flow up by the class's mode (the key is ingress::flow_key() with the
  // port's in_class); returns the context to queue now, or nullopt when it waits behind an event
  // of its flow (take_ready() returns it later).
  std::optional<Ctx> admit(Ctx ctx, std::span<const std::uint8_t> frame, const ingress::ParseWord& word,
                           unsigned port, unsigned cls);
  // ctx (packet handle ctx.pkt_handle) was delivered to engine-wide thread g.
  void delivered(unsigned g, const Ctx& ctx);
  // Thread g lets go of its event: MIGRATE (ends = false) or SEND/DROP/TO_HOST/DONE.
  void let_go(unsigned g, bool ends, std::uint64_t now);
  // Every cycle, before the tiles run: timers whose deadline is <= now fire (SP9); timer stores
  // count from this cycle.
  void tick(std::uint64_t now);

  // Packet events released from their flow's wait (in release order).
  std::vector<Ctx> take_ready();
  // Events without a packet (timeout, generated) waiting for a packet-buffer slot.
  [[nodiscard]] bool packetless_waiting() const { return !packetless_.empty(); }
  // Builds the next packetless event's context on slot `handle` (pkt_len 0).
  Ctx start_packetless(std::uint16_t handle, std::uint32_t now, std::uint32_t stack_bytes);
  // Earliest armed deadline, for an idle engine to skip ahead.
  [[nodiscard]] std::optional<std::uint64_t> next_deadline() const;
  [[nodiscard]] bool idle() const;  // no event in process or waiting
  [[nodiscard]] const FlowCounters& counters() const { return counters_; }
  [[nodiscard]] const lookup::FlowTable& table() const { return table_; }
  // The flow-state block (private portions, then shared) of a flow.
  [[nodiscard]] lookup::Block state(std::uint32_t flow) const;
  [[nodiscard]] std::uint32_t scratch_word(std::uint32_t index) const { return scratch_.at(index); }

  // iss::LookupPort
  std::uint32_t lookup_load(unsigned thread, std::uint32_t offset) override;
  void lookup_store(unsigned thread, std::uint32_t offset, std::uint32_t value) override;

 private:
  using Status = abi::flow_state::Status;
  struct Event {
    std::uint32_t flow = 0;
    Status status = Status::kNone;
    bool holds = false;  // holds the flow's state and lock
    bool del = false;    // delete the flow when the event ends
    // timer_class: the class of the timeout events of this event's later timer_set stores
    // (docs/abi.md section 13; default channel group 0, event type timeout).
    unsigned tmo_cls = static_cast<unsigned>(abi::EventType::kTimeout);
    lookup::Staging stage;
  };
  struct Waiting {
    std::optional<Ctx> ctx;  // a packet event, or a packetless one (class below)
    Event ev;
    unsigned cls = 0;
    abi::EventType type = abi::EventType::kOther;
  };
  struct Timer {
    bool armed = false;
    std::uint64_t deadline = 0;
    unsigned cls = 0;
  };

  void enqueue(Waiting w);  // behind the flow's current event, or released now
  void release(std::uint32_t flow);
  Event* event_of_thread(unsigned g);
  void route(Ctx& ctx, unsigned cls) const;
  void count_used();

  FlowStateConfig cfg_;
  iss::EngineMemory& mem_;
  lookup::FlowTable table_;
  std::vector<lookup::Block> state_;
  std::vector<Timer> timers_;
  std::multimap<std::uint64_t, std::uint32_t> deadlines_;  // deadline -> flow (stale entries skipped)
  std::map<std::uint16_t, Event> events_;                  // by packet handle, while delivered or queued
  std::vector<int> thread_handle_;                         // engine-wide thread -> handle, -1 idle
  std::vector<std::uint8_t> thread_layer_;                 // engine-wide thread -> layer it runs
  std::set<std::uint32_t> active_;                         // flows with an event past the lookup
  std::map<std::uint32_t, std::deque<Waiting>> chains_;    // events waiting behind them
  std::vector<Ctx> ready_;
  std::deque<Waiting> packetless_;
  std::vector<std::uint32_t> scratch_;
  FlowCounters counters_;
  std::uint64_t now_ = 0;  // the engine cycle of the last tick()
};

}  // namespace baton::model::engine
