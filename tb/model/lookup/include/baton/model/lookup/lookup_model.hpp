// SPDX-License-Identifier: Apache-2.0
// Reference model of the lookup controller, written from docs/lookup.md (not from the
// RTL): the d-left flow table with its stash, per-flow serialization, workspace contents, the
// write-back merge rules, flow timers and the counters.
//
// The model is driven by what the design accepted (requests, commands, write-backs) and checks
// every observation (results, timer expiries, workspace beats, dispatched events). The order in
// which the design interleaves requests, deletes and timer expiries is its own choice; the model
// follows the order the result stream reports and checks that each source keeps its own order.
// Every check that fails throws ModelError with a one-line reason.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "baton/model/lookup/lookup_records.hpp"

namespace baton::model::lookup {

class ModelError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// CRC-32C (Castagnoli, reflected, init and final XOR 0xffffffff), bit at a time.
std::uint32_t crc32c(const std::uint8_t* data, std::size_t len);

struct Config {
  unsigned buckets_per_bank = 8192;
  unsigned ways = 4;
  unsigned stash = 8;
  unsigned hash_kind = 0;     // 0: CRC-32C slices, 1: weak (src_port)
  unsigned num_slots = 32;
  unsigned max_per_flow = 8;
  unsigned timer_latency = 2;
  std::uint64_t timer_slack = 0;  // allowed lateness of a timer beyond the documented bound
  [[nodiscard]] unsigned table_slots() const { return 2 * buckets_per_bank * ways; }
  [[nodiscard]] unsigned num_flows() const { return table_slots() + stash; }
  // Latest a timer may fire after its deadline with an idle dispatch path.
  [[nodiscard]] std::uint64_t timer_bound() const { return num_flows() + timer_latency + 2 + timer_slack; }
};

// The flow table alone: d-left hashing over two banks with a stash.
class FlowTable {
 public:
  struct Outcome {
    Status status;
    std::uint32_t flow;
  };
  explicit FlowTable(const Config& cfg);

  [[nodiscard]] std::array<std::uint32_t, 2> buckets(const FlowKey& k) const;
  Outcome lookup(const FlowKey& k, bool insert);
  bool erase(std::uint32_t flow);
  [[nodiscard]] bool valid(std::uint32_t flow) const;
  [[nodiscard]] std::optional<std::uint32_t> find(const FlowKey& k) const;
  [[nodiscard]] const FlowKey& key_of(std::uint32_t flow) const;
  [[nodiscard]] unsigned used() const { return used_; }
  [[nodiscard]] unsigned stash_used() const { return stash_used_; }

 private:
  struct Entry {
    bool valid = false;
    FlowKey key;
  };
  Entry& at(std::uint32_t flow);
  [[nodiscard]] const Entry& at(std::uint32_t flow) const;

  Config cfg_;
  std::vector<Entry> entries_;  // flow index order: bank 0, bank 1, stash
  unsigned used_ = 0;
  unsigned stash_used_ = 0;
};

// Merge of one event's write-backs (SP5, SP8).
struct Staging {
  std::array<bool, kBlockBytes> claimed{};
  Block data{};
  // Applies a write-back; returns true when it tried to overwrite a shared byte already written.
  bool apply(const Wb& wb);
  // The flow's block after done: a new flow's block starts from zero.
  void commit(Block& state, bool new_flow) const;
};

class LookupModel {
 public:
  explicit LookupModel(const Config& cfg);

  // ---- What the design accepted ----
  void request_accepted(const Req& r);
  void command_accepted(const Cmd& c, std::uint64_t now);
  void generate_accepted(const Gen& g, std::uint64_t now);
  void writeback_accepted(const Wb& wb, std::uint64_t cycle);
  // ---- What the design reported ----
  void timer_fired(const Expiry& e, std::uint64_t now);
  void result(const Res& r, std::uint64_t cycle);
  void workspace(unsigned layer, const Ws& ws);
  void dispatched(const Disp& d, std::uint64_t cycle);
  // End of test: nothing pending, no armed timer overdue, counters equal.
  void finish(std::uint64_t now, const Stats& design) const;

  // ---- Views for sequences and checks ----
  struct Event {
    std::uint16_t tag = 0;
    std::uint8_t slot = 0;
    std::uint32_t flow = 0;
    Status status = Status::kHit;
    bool holds_flow = false;
    Tiles tiles{};
    Ctx ctx;
    std::array<bool, kLayers> ws_seen{};
    bool dispatched = false;
    Staging stage;
    Block expected{};   // the workspace the event must see
  };
  [[nodiscard]] const Event* event_in_slot(std::uint8_t slot) const;
  [[nodiscard]] bool quiescent() const;
  [[nodiscard]] std::string pending_summary() const;
  [[nodiscard]] const FlowTable& table() const { return table_; }
  [[nodiscard]] bool timer_armed(std::uint32_t flow) const;
  [[nodiscard]] std::size_t armed_timers() const { return armed_; }
  [[nodiscard]] std::uint64_t events_done() const { return dones_; }
  [[nodiscard]] std::uint64_t results() const { return results_; }
  [[nodiscard]] const Stats& expected_stats() const { return stats_; }
  [[nodiscard]] std::optional<std::uint32_t> flow_of_key(const FlowKey& k) const { return table_.find(k); }

 private:
  struct Timer {
    bool armed = false;
    std::uint32_t deadline = 0;
    std::uint8_t part = 0;
    Tiles tiles{};
  };
  struct Fired {
    Expiry e;
    std::uint64_t cycle;
  };
  enum StatIdx : std::size_t {
    kLookups, kHits, kInserts, kMisses, kFull, kBusy, kDeletes, kDelMisses, kTmoFired,
    kTmoEvents, kTmoStale, kDispatched, kDones, kWbConflicts, kWbErrors, kCmdErrors, kUsed,
    kStashUsed
  };

  void admit(Event ev);
  [[nodiscard]] std::size_t holders(std::uint32_t flow) const;
  [[nodiscard]] std::size_t recently_released(std::uint32_t flow, std::uint64_t cycle) const;
  Block state_of(std::uint32_t flow) const;

  Config cfg_;
  FlowTable table_;
  std::deque<Req> pending_reqs_;
  std::deque<std::uint32_t> pending_dels_;
  std::deque<std::pair<Gen, std::uint64_t>> pending_gens_;  // generated events taken, undecided
  std::deque<Fired> fired_;
  std::map<std::uint8_t, Event> slots_;                      // events inside the controller
  std::map<std::uint32_t, std::deque<std::uint8_t>> chains_;  // per flow, in arrival order
  std::map<std::uint32_t, std::uint8_t> active_;              // flow -> slot in process
  std::map<std::uint32_t, Block> state_;                      // flow-state memory
  std::map<std::uint32_t, std::deque<std::uint64_t>> released_;  // recent done cycles per flow
  std::vector<Timer> timers_;
  std::size_t armed_ = 0;
  Stats stats_{};
  std::uint64_t dones_ = 0;
  std::uint64_t results_ = 0;
};

}  // namespace baton::model::lookup
