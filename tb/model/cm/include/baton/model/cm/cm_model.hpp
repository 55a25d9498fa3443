// SPDX-License-Identifier: Apache-2.0
// Transaction-level reference model of the context manager (PM4-PM7, PM13, PM11 measurements).
//
// Written from docs/cm.md ("Behaviour"), not from the RTL: queues are ordered lists
// of contexts, threads are flags, and the policies (round-robin input arbitration, queued work
// before bypass, round-robin partitions and tiles, lowest free thread, FIFO or oldest-first head,
// admission limit, load requests, imbalance) are applied to those objects directly. There are no
// store slots, stamps or comparator trees here.
//
// The model advances in the same cycles as the design (step() is one cycle) so that every
// transaction it produces - which request is accepted, which context goes to which thread and
// when, what is dropped, which partition is requested for loading - can be compared one for one,
// and its statistics counters must equal the design's exactly.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "baton/records.hpp"

namespace baton::model::cm {

struct Config {
  unsigned num_parts = 16;
  unsigned capacity = 64;
  unsigned num_tiles = 4;
  unsigned threads_per_tile = 4;
};

// One TILES bit written by hardware (the pager, docs/pager.md): set or clear tile `tile` in
// partition `part`'s tile set. It wins over a register write to the same TILES word in the cycle.
struct TilesWrite {
  bool set = false;
  unsigned part = 0;
  unsigned tile = 0;
};

// What the design sees in one cycle.
struct Inputs {
  std::vector<std::optional<MigReq>> mig;     // per tile: request offered (valid) or not
  std::optional<Ctx> disp;                    // dispatcher offers a new context
  std::vector<std::optional<unsigned>> free;  // per tile: thread freed this cycle
  std::vector<bool> dlv_ready;                // per tile
  bool drop_ready = false;
  bool load_ready = false;
  std::optional<TilesWrite> tiles_wr;
  // Register bus: one access in this cycle when reg_req.
  bool reg_req = false;
  bool reg_we = false;
  std::uint16_t reg_addr = 0;
  std::uint32_t reg_wdata = 0;
  std::uint8_t reg_wstrb = 0xF;
};

struct Delivery {
  Ctx ctx;
  unsigned thread = 0;
  bool operator==(const Delivery&) const = default;
};

// What the design shows in one cycle.
struct Outputs {
  std::vector<bool> mig_ready;
  bool disp_ready = false;
  std::vector<std::optional<Delivery>> dlv;  // per tile, the delivery offered (head of its queue)
  std::optional<Ctx> drop;
  std::optional<unsigned> load_part;
  std::vector<bool> load_requested;
  std::vector<bool> imbalance;
  // For the pager: per thread, busy (holds or awaits a context) and that context's partition
  // (meaningful while busy); per partition, contexts wait in its queue (not yet picked).
  std::vector<std::vector<bool>> thr_busy;
  std::vector<std::vector<unsigned>> thr_part;
  std::vector<bool> waiting;
  std::uint32_t reg_rdata = 0;  // read data of this cycle's access (meaningful for a read)
  bool reg_error = false;       // this cycle's access names no register, or writes a read-only one

  // Annotations of what happened in this cycle (not pins; for checkers and benchmarks).
  int accepted_port = -1;       // 0..T-1 tile link, T dispatcher, -1 none
  int bypass_part = -1;         // partition whose S1 request was handed straight to a thread
  int enqueue_part = -1;        // partition whose S1 request was written into the store
  int pick_part = -1;           // queue picked for delivery this cycle
};

class Model {
 public:
  explicit Model(const Config& cfg);

  // One cycle: the outputs the design shows under these inputs, then the state advances.
  Outputs step(const Inputs& in);

  [[nodiscard]] const Config& config() const { return cfg_; }
  [[nodiscard]] std::uint64_t cycle() const { return now_; }
  // Register value as a read in this cycle returns it.
  [[nodiscard]] std::uint32_t csr_value(std::uint16_t addr) const;
  // Whether an address names a register, and whether that register can be written.
  [[nodiscard]] bool csr_mapped(std::uint16_t addr) const;
  [[nodiscard]] bool csr_writable(std::uint16_t addr) const;
  [[nodiscard]] unsigned waiting(unsigned part) const;
  [[nodiscard]] unsigned stored() const;
  [[nodiscard]] unsigned inflight() const { return inflight_; }
  [[nodiscard]] bool thread_busy(unsigned tile, unsigned thread) const;
  [[nodiscard]] bool holds(unsigned part, unsigned tile) const;
  [[nodiscard]] bool age_order(unsigned part) const { return queues_[part].age_in_effect; }

 private:
  struct Entry {
    Ctx ctx;
    std::uint64_t order = 0;        // enqueue order (FIFO)
    bool by_age = false;            // order in effect when it was enqueued
    bool armed = false;             // a threshold was set when it was enqueued
    std::uint16_t due = 0;          // cycle (mod 2^16) at which it has waited that threshold
    bool old = false;               // waited at least the threshold (sticky)
  };
  struct Queue {
    std::vector<Entry> entries;     // all stored contexts of the partition
    unsigned picked = 0;            // picked for delivery, head not yet taken out
    bool age_requested = false;
    bool age_in_effect = false;
    bool absent = false;
    std::uint64_t tiles = 0;        // bit t: tile t holds the partition
    bool requested = false;         // load requested (PM13)
    bool pending = false;           // load request not yet handed to the loader
    bool imbalance = false;
    // statistics
    std::uint32_t enq = 0, deq = 0, byp = 0, wait = 0;
    unsigned hwm = 0;
    [[nodiscard]] unsigned waiting() const { return static_cast<unsigned>(entries.size()) - picked; }
  };
  struct Pick {
    unsigned part = 0;
    unsigned tile = 0;
    unsigned thread = 0;
    std::uint64_t limit = 0;        // entries enqueued up to the pick cycle: order below this
  };
  struct Read {
    Ctx ctx;
    unsigned part = 0;
    unsigned tile = 0;
    unsigned thread = 0;
  };

  [[nodiscard]] bool exists(unsigned target) const;
  [[nodiscard]] bool tile_can_take(unsigned tile) const;
  [[nodiscard]] int first_free_thread(unsigned tile) const;
  [[nodiscard]] bool part_has_ready_tile(unsigned part) const;
  Entry take_head(Queue& q, std::uint64_t limit);
  void csr_write(std::uint16_t addr, std::uint32_t data, std::uint8_t strobes, bool& clear);
  static int round_robin(const std::vector<bool>& req, unsigned ptr);

  Config cfg_;
  std::uint64_t now_ = 0;
  std::vector<Queue> queues_;
  std::vector<std::vector<bool>> busy_;   // [tile][thread]
  std::vector<std::vector<unsigned>> thr_part_;  // [tile][thread]: partition of the last delivery
  // Deliveries decided for the tile and not yet taken by it; at most kOutDepth.
  static constexpr unsigned kOutDepth = 2;
  std::vector<unsigned> in_flight_;
  std::vector<std::deque<Delivery>> out_;  // the tile's delivery queue, front offered
  std::optional<Ctx> s1_;
  std::optional<Pick> pk_;  // picked last cycle
  std::optional<Pick> pp_;  // picked two cycles ago: its head is taken out this cycle
  std::optional<Read> rd_;
  std::optional<Ctx> drop_;
  std::optional<unsigned> load_;
  unsigned inflight_ = 0;
  unsigned in_ptr_ = 0, part_ptr_ = 0, tile_ptr_ = 0;
  std::uint64_t order_ = 0;
  bool bypass_en_ = true;
  std::uint16_t imb_thresh_ = 0;
  std::uint32_t mig_cnt_ = 0, new_cnt_ = 0, drop_cnt_ = 0, dlv_cnt_ = 0, stall_cnt_ = 0;
};

// Serial-number order of arrival times: a is older than b when a - b is negative mod 2^32.
constexpr bool older(std::uint32_t a, std::uint32_t b) {
  return static_cast<std::int32_t>(a - b) < 0;
}

std::string describe(const Ctx& c);

}  // namespace baton::model::cm
