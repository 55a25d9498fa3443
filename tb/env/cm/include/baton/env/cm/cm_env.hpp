// SPDX-License-Identifier: Apache-2.0
// Test environment of the context manager: tile agents (threads that receive contexts, work, then
// migrate or finish), the dispatcher driver, a loader, a CSR driver, the lockstep checker against
// the transaction-level model (tb/model/cm) and an independent scoreboard that needs no model
// (every context in exactly one place, deliveries only to idle threads of tiles that hold the
// partition, FIFO and oldest-first order, intact payloads).
#pragma once

#include <algorithm>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "baton/records.hpp"
#include "baton/tb/sim.hpp"
#include "baton/tb/stream.hpp"
#include "baton/model/cm/cm_model.hpp"
#include "baton/env/cm/cm_pins.hpp"
#include "baton/model/cm/cm_regs.hpp"

namespace baton::env::cm {

namespace mcm = baton::model::cm;
using tb::Pattern;
using tb::Scheduler;
using tb::Task;
using tb::Sim;

inline std::string show(const Ctx& c) { return mcm::describe(c); }
inline std::string show(const std::optional<mcm::Delivery>& d) {
  return d ? fmt::format("thread {} {}", d->thread, show(d->ctx)) : std::string("nothing");
}

// ---- CSR driver ------------------------------------------------------------------------------
// Register-bus accesses, one per cycle, in order; a read's data and every access's error flag are
// taken in the cycle of the access.
template <typename V>
class CsrDriver {
 public:
  CsrDriver(Scheduler& s, CmPins<V>& pins) : s_(s), pins_(pins) {
    s_.on_sample([this] { sample(); });
    s_.on_drive([this] { drive(); });
  }
  Task write(std::uint16_t addr, std::uint32_t data, std::uint8_t strobes = 0xF, bool* error = nullptr) {
    const auto ticket = issue(Op{true, addr, data, strobes, nullptr, error});
    while (completed_ < ticket) co_await s_.rising_edge();
  }
  Task read(std::uint16_t addr, std::uint32_t& out, bool* error = nullptr) {
    const auto ticket = issue(Op{false, addr, 0, 0xF, &out, error});
    while (completed_ < ticket) co_await s_.rising_edge();
  }
  // Called with (address, data, strobes) when a write is driven, for shadows of the configuration.
  std::function<void(std::uint16_t, std::uint32_t, std::uint8_t)> on_write;
  [[nodiscard]] bool idle() const { return queue_.empty() && !active_; }

 private:
  struct Op {
    bool write;
    std::uint16_t addr;
    std::uint32_t data;
    std::uint8_t strobes;
    std::uint32_t* result;
    bool* error;
  };
  std::uint64_t issue(Op op) {
    queue_.push_back(op);
    return ++issued_;
  }
  void sample() {
    if (!active_) return;
    if (active_->result) *active_->result = pins_.reg_rdata();
    if (active_->error) *active_->error = pins_.reg_error();
    active_.reset();
    ++completed_;
  }
  void drive() {
    if (!queue_.empty()) {
      active_ = queue_.front();
      queue_.pop_front();
      pins_.set_reg(true, active_->write, active_->addr, active_->data, active_->strobes);
      if (active_->write && on_write) on_write(active_->addr, active_->data, active_->strobes);
    } else {
      pins_.set_reg(false, false, 0, 0, 0);
    }
  }

  Scheduler& s_;
  CmPins<V>& pins_;
  std::deque<Op> queue_;
  std::optional<Op> active_;
  std::uint64_t issued_ = 0;
  std::uint64_t completed_ = 0;
};

// ---- Hardware TILES writes (the pager's port), one per cycle in issue order --------------------
template <typename V>
class TilesDriver {
 public:
  TilesDriver(Scheduler& s, CmPins<V>& pins) : s_(s), pins_(pins) {
    s_.on_sample([this] { sample(); });
    s_.on_drive([this] { drive(); });
  }
  Task write(unsigned part, unsigned tile, bool set) {
    queue_.push_back(mcm::TilesWrite{set, part, tile});
    const auto ticket = ++issued_;
    while (completed_ < ticket) co_await s_.rising_edge();
  }
  // Called with the write when it is driven, for shadows of the configuration.
  std::function<void(const mcm::TilesWrite&)> on_write;
  [[nodiscard]] bool idle() const { return queue_.empty() && !active_; }
  [[nodiscard]] std::uint64_t driven() const { return completed_; }

 private:
  void sample() {
    if (!active_) return;
    active_ = false;
    ++completed_;
  }
  void drive() {
    if (queue_.empty()) {
      pins_.set_tiles_wr(std::nullopt);
      return;
    }
    const mcm::TilesWrite w = queue_.front();
    queue_.pop_front();
    active_ = true;
    pins_.set_tiles_wr(w);
    if (on_write) on_write(w);
  }

  Scheduler& s_;
  CmPins<V>& pins_;
  std::deque<mcm::TilesWrite> queue_;
  bool active_ = false;
  std::uint64_t issued_ = 0;
  std::uint64_t completed_ = 0;
};

// ---- The testbench's own view of the configuration --------------------------------------------
// Kept from the CSR writes the test issues, with history, so checks can allow for the few cycles
// between a decision inside the design and its effect on the pins.
class ConfigShadow {
 public:
  ConfigShadow(const mcm::Config& cfg, const Scheduler& s)
      : cfg_(cfg), s_(s), tiles_(cfg.num_parts), absent_(cfg.num_parts) {
    for (unsigned p = 0; p < cfg.num_parts; ++p) {
      tiles_[p].push_back({0, 0});
      absent_[p].push_back({0, 0});
    }
  }
  void on_write(std::uint16_t addr, std::uint32_t wdata, std::uint8_t strobes) {
    std::uint32_t mask = 0;
    for (unsigned b = 0; b < 4; ++b) mask |= ((strobes >> b) & 1U) ? 0xFFU << (8 * b) : 0U;
    const std::uint16_t a = addr & 0xFFFC;
    if (a < mcm::reg::kPartBase) return;
    const unsigned p = (a - mcm::reg::kPartBase) / mcm::reg::kPartStride;
    if (p >= cfg_.num_parts) return;
    const unsigned w = (a - mcm::reg::kPartBase) % mcm::reg::kPartStride;
    const std::uint64_t all = cfg_.num_tiles == 64 ? ~0ULL : (1ULL << cfg_.num_tiles) - 1;
    const std::uint64_t old = tiles_[p].back().second;
    if (w == mcm::reg::kPTilesLo) {
      const std::uint32_t lo = (static_cast<std::uint32_t>(old) & ~mask) | (wdata & mask);
      tiles_[p].push_back({s_.cycle(), ((old & ~0xFFFFFFFFULL) | lo) & all});
    } else if (w == mcm::reg::kPTilesHi) {
      const std::uint32_t hi = (static_cast<std::uint32_t>(old >> 32) & ~mask) | (wdata & mask);
      tiles_[p].push_back({s_.cycle(), ((old & 0xFFFFFFFFULL) | (std::uint64_t{hi} << 32)) & all});
    } else if (w == mcm::reg::kPCfg && (strobes & 1U)) {
      absent_[p].push_back({s_.cycle(), (wdata >> 1) & 1U});
    }
  }
  // A hardware TILES write; driven after the cycle's register write, so it wins on its bit.
  void on_hw_write(const mcm::TilesWrite& w) {
    if (w.part >= cfg_.num_parts || w.tile >= cfg_.num_tiles) return;
    const std::uint64_t old = tiles_[w.part].back().second;
    const std::uint64_t bit = std::uint64_t{1} << w.tile;
    tiles_[w.part].push_back({s_.cycle(), w.set ? (old | bit) : (old & ~bit)});
  }
  [[nodiscard]] std::uint64_t tiles_now(unsigned p) const { return tiles_[p].back().second; }
  // Whether `pred(value)` held at some point in [from, to] (cycles of the scheduler).
  [[nodiscard]] bool tile_held_during(unsigned p, unsigned t, std::uint64_t from, std::uint64_t to) const {
    return any_during(tiles_[p], from, to, [t](std::uint64_t m) { return ((m >> t) & 1U) != 0; });
  }
  [[nodiscard]] bool unloaded_during(unsigned p, std::uint64_t from, std::uint64_t to) const {
    return any_during(tiles_[p], from, to, [](std::uint64_t m) { return m == 0; });
  }
  [[nodiscard]] bool missing_during(unsigned part, std::uint64_t from, std::uint64_t to) const {
    if (part >= cfg_.num_parts) return true;
    return any_during(absent_[part], from, to, [](std::uint64_t a) { return a != 0; });
  }

 private:
  using History = std::vector<std::pair<std::uint64_t, std::uint64_t>>;  // (cycle, value) changes
  template <typename Pred>
  static bool any_during(const History& h, std::uint64_t from, std::uint64_t to, Pred pred) {
    for (std::size_t i = 0; i < h.size(); ++i) {
      const std::uint64_t start = h[i].first;
      const std::uint64_t end = i + 1 < h.size() ? h[i + 1].first : ~0ULL;
      if (start <= to && end >= from && pred(h[i].second)) return true;
    }
    return false;
  }
  mcm::Config cfg_;
  const Scheduler& s_;
  std::vector<History> tiles_;
  std::vector<History> absent_;
};

// ---- Independent scoreboard ------------------------------------------------------------------
// Tracks every context by a unique id (the flow field) through dispatcher, engine, threads, and
// checks what must hold whatever the policies are.
class ContextBoard {
 public:
  enum class Where { kEngine, kThread, kDone, kDropped };
  // Slack for the few cycles between a decision and its effect on the pins.
  static constexpr std::uint64_t kWindow = 6;

  ContextBoard(Scheduler& s, const mcm::Config& cfg, const ConfigShadow& shadow)
      : s_(s), cfg_(cfg), shadow_(shadow), fifo_(cfg.num_parts, false), age_(cfg.num_parts, false),
        order_(cfg.num_parts), waiting_(cfg.num_parts), showing_(cfg.num_tiles),
        shows_(cfg.num_tiles, 0), taken_at_(cfg.num_tiles, ~0ULL), prev_show_(cfg.num_tiles, 0) {}

  // Partitions whose order never changes during the test get order checks.
  void fix_order(unsigned p, bool age) { (age ? age_ : fifo_)[p] = true; }

  void on_accept(const MigReq& r, int port) {
    const std::uint32_t id = r.ctx.flow;
    auto it = ctx_.find(id);
    if (!r.from_thread) {
      s_.check(it == ctx_.end(), fmt::format("context id {} entered twice", id));
      ++new_accepted_;
    } else {
      s_.check(it != ctx_.end() && it->second.where == Where::kThread &&
                   it->second.tile == static_cast<unsigned>(port) && it->second.thread == r.src_thread,
               fmt::format("tile {} thread {} migrated id {} that it does not hold", port, r.src_thread, id));
      ++mig_accepted_;
    }
    Track& tr = ctx_[id];
    tr.where = Where::kEngine;
    tr.ctx = r.ctx;
    tr.accepted = s_.cycle();
    tr.first_valid = 0;
    const unsigned p = r.ctx.target_part;
    if (p < cfg_.num_parts) {
      order_[p].push_back(id);
      waiting_[p].insert(id);
      ++accepted_to_[p];
    }
  }

  // First cycle a delivery shows on a tile (not the transfer: a stalled tile must not hide order).
  void on_offer(unsigned tile, const mcm::Delivery& d) {
    const std::uint32_t id = d.ctx.flow;
    auto it = ctx_.find(id);
    s_.check(it != ctx_.end() && it->second.where == Where::kEngine,
             fmt::format("tile {} offered id {} which is not waiting in the engine (lost or duplicated)", tile, id));
    Track& tr = it->second;
    s_.check(tr.ctx == d.ctx, fmt::format("tile {}: payload of id {} changed: sent {}, delivered {}", tile, id,
                                          show(tr.ctx), show(d.ctx)));
    const unsigned p = d.ctx.target_part;
    s_.check(p < cfg_.num_parts, fmt::format("tile {}: delivered id {} for missing partition {}", tile, id, p));
    // The decision may be older than the offer when the context waited in the tile's delivery
    // queue behind the tile's previous delivery, which was then taken in this or the last cycle.
    const bool queued = taken_at_[tile] + 1 >= s_.cycle() && taken_at_[tile] != ~0ULL;
    const std::uint64_t from = queued ? std::min(lower(s_.cycle()), lower(prev_show_[tile])) : lower(s_.cycle());
    prev_show_[tile] = s_.cycle();
    s_.check(shadow_.tile_held_during(p, tile, from, s_.cycle()),
             fmt::format("tile {}: delivered id {} of partition {} which the tile does not hold", tile, id, p));
    s_.check(d.thread < cfg_.threads_per_tile, fmt::format("tile {}: thread index {} out of range", tile, d.thread));
    tr.first_valid = s_.cycle();
    ++shows_[tile];
    // An earlier context may be overtaken on the pins only while it waits in another tile's
    // delivery queue behind a delivery that tile has not taken yet; judged when it shows.
    resolve_suspects(id, tile);
    if (fifo_[p]) {
      for (const std::uint32_t earlier : order_[p]) {
        if (earlier == id) break;
        suspects_.push_back({earlier, id, s_.cycle(), occupied(), shows_, false, p});
      }
    }
    erase_order(p, id);
    waiting_[p].erase(id);
    if (age_[p]) check_age(p, id);
    showing_[tile] = id;
    ++offered_;
  }

  void on_delivered(unsigned tile, const mcm::Delivery& d) {
    if (showing_[tile] == d.ctx.flow) {
      showing_[tile].reset();
      taken_at_[tile] = s_.cycle();
    }
    Track& tr = ctx_.at(d.ctx.flow);
    tr.where = Where::kThread;
    tr.tile = tile;
    tr.thread = d.thread;
    ++delivered_;
    ++delivered_to_[d.ctx.target_part];
    done_age_.push_back({d.ctx.target_part, d.ctx.arrival, tr.accepted, tr.first_valid});
    if (done_age_.size() > 4096) done_age_.pop_front();
  }

  void on_free(unsigned tile, unsigned thread, const Ctx& c) {
    Track& tr = ctx_.at(c.flow);
    s_.check(tr.where == Where::kThread && tr.tile == tile && tr.thread == thread,
             fmt::format("tile {} thread {} freed id {} that it does not hold", tile, thread, c.flow));
    tr.where = Where::kDone;
    ++finished_;
  }

  void on_drop(const Ctx& c, unsigned reason) {
    auto it = ctx_.find(c.flow);
    s_.check(it != ctx_.end() && it->second.where == Where::kEngine,
             fmt::format("dropped id {} which is not in the engine", c.flow));
    s_.check(reason == static_cast<unsigned>(DropReason::kNoPartition),
             fmt::format("drop of id {} with reason {:#x}, expected DropNoPartition", c.flow, reason));
    s_.check(shadow_.missing_during(c.target_part, it->second.accepted > 8 ? it->second.accepted - 8 : 0, s_.cycle()),
             fmt::format("dropped id {} for partition {} which exists", c.flow, c.target_part));
    s_.check(it->second.ctx == c, fmt::format("dropped id {} with a changed payload", c.flow));
    it->second.where = Where::kDropped;
    if (c.target_part < cfg_.num_parts) {
      erase_order(c.target_part, c.flow);
      waiting_[c.target_part].erase(c.flow);
      --accepted_to_[c.target_part];
    }
    ++dropped_;
  }

  // First cycle a load request is offered: the CM presents a request only for a partition that
  // was unloaded a few cycles before; once presented it stays until the loader takes it (the
  // loader may hold it back for any time), so the check looks at the offer, not the transfer.
  void on_load_offer(unsigned p) {
    s_.check(p < cfg_.num_parts, fmt::format("load request for missing partition {}", p));
    s_.check(shadow_.unloaded_during(p, lower(s_.cycle()), s_.cycle()),
             fmt::format("load request for partition {} which a tile holds", p));
  }
  void on_load_request(unsigned p) {
    s_.check(p < cfg_.num_parts, fmt::format("load request for missing partition {}", p));
    ++load_requests_;
  }

  [[nodiscard]] std::uint64_t new_accepted() const { return new_accepted_; }
  [[nodiscard]] std::uint64_t mig_accepted() const { return mig_accepted_; }
  [[nodiscard]] std::uint64_t finished() const { return finished_; }
  [[nodiscard]] std::uint64_t dropped() const { return dropped_; }
  [[nodiscard]] std::uint64_t delivered() const { return delivered_; }
  [[nodiscard]] std::uint64_t load_requests() const { return load_requests_; }
  [[nodiscard]] std::uint64_t accepted_to(unsigned p) const {
    auto it = accepted_to_.find(p);
    return it == accepted_to_.end() ? 0 : it->second;
  }
  [[nodiscard]] std::uint64_t delivered_to(unsigned p) const {
    auto it = delivered_to_.find(p);
    return it == delivered_to_.end() ? 0 : it->second;
  }
  // Contexts still alive (in the engine or on a thread).
  [[nodiscard]] std::uint64_t alive() const { return new_accepted_ - finished_ - dropped_; }

  // At the end: every context that entered left exactly once.
  void check_all_left() {
    for (const auto& [id, tr] : ctx_) {
      s_.check(tr.where == Where::kDone || tr.where == Where::kDropped,
               fmt::format("id {} never finished (still {})", id,
                           tr.where == Where::kEngine ? "in the engine" : "on a thread"));
    }
  }

 private:
  struct Track {
    Where where = Where::kEngine;
    Ctx ctx;
    unsigned tile = 0;
    unsigned thread = 0;
    std::uint64_t accepted = 0;
    std::uint64_t first_valid = 0;
  };
  struct Served {
    unsigned part;
    std::uint32_t arrival;
    std::uint64_t accepted;
    std::uint64_t first_valid;
  };
  [[nodiscard]] static std::uint64_t lower(std::uint64_t c) { return c > kWindow ? c - kWindow : 0; }
  void erase_order(unsigned p, std::uint32_t id) {
    auto& q = order_[p];
    for (auto it = q.begin(); it != q.end(); ++it) {
      if (*it == id) {
        q.erase(it);
        return;
      }
    }
  }
  // Oldest-first: a context offered now must not be younger than one of its partition that has
  // been waiting since well before it came in and is still waiting (a few cycles of slack cover
  // the pipeline between pick and offer).
  void check_age(unsigned p, std::uint32_t id) {
    const Track& x = ctx_.at(id);
    for (const std::uint32_t oid : waiting_[p]) {
      const Track& y = ctx_.at(oid);
      if (y.accepted + 2 > x.accepted) continue;
      if (!mcm::older(y.ctx.arrival, x.ctx.arrival)) continue;
      suspects_.push_back({oid, id, s_.cycle(), occupied(), shows_, true, p});
    }
    // A suspect that has still not shown a few cycles later, while no tile had a delivery
    // queued in front of it, was really overtaken.
    for (const auto& a : suspects_) {
      if (!a.age || s_.cycle() <= a.at + 3) continue;
      const bool could_queue = std::any_of(a.showing.begin(), a.showing.end(), [](bool v) { return v; });
      const Track& y = ctx_.at(a.older);
      if (!could_queue && y.where == Where::kEngine && y.first_valid == 0) {
        s_.fail(fmt::format("oldest-first partition {}: id {} (arrival {:#x}) waited while younger id {} "
                            "was delivered at cycle {}", a.part, a.older, y.ctx.arrival, a.younger, a.at));
      }
    }
  }
  // `id` shows on `tile` now: the overtakes it suffered are excused when it shows in the same
  // cycle, or arrived in the age slack (3 cycles of pick pipeline), or when it was queued behind the delivery `tile` showed at
  // the overtake and shows right after the tile took that one.
  // Tiles showing a delivery in this cycle (including one the tile takes in this cycle).
  [[nodiscard]] std::vector<bool> occupied() const {
    std::vector<bool> v(cfg_.num_tiles);
    for (unsigned t = 0; t < cfg_.num_tiles; ++t) v[t] = showing_[t].has_value() || taken_at_[t] == s_.cycle();
    return v;
  }
  void resolve_suspects(std::uint32_t id, unsigned tile) {
    std::vector<Suspect> keep;
    for (const auto& a : suspects_) {
      if (a.older != id) {
        keep.push_back(a);
        continue;
      }
      // Behind: the tile showed another delivery at the overtake, and this is the tile's next
      // offer after that one.
      const bool behind = a.showing[tile] && shows_[tile] == a.shows[tile] + 1;
      // Shown in the same cycle is in order too (the tiles are only sampled one after another).
      const bool slack = s_.cycle() == a.at || (a.age && s_.cycle() <= a.at + 3);
      if (!behind && !slack) {
        s_.fail(fmt::format("{} partition {}: id {} shown on tile {} at cycle {} after id {}, which it should "
                            "precede, at cycle {} (the tile then showed {}, offer {}; now offer {})",
                            a.age ? "oldest-first" : "FIFO", a.part, id, tile, s_.cycle(), a.younger, a.at,
                            a.showing[tile] ? "a delivery" : "nothing",
                            a.shows[tile], shows_[tile]));
      }
    }
    suspects_.swap(keep);
  }
  struct Suspect {
    std::uint32_t older;    // should have shown first
    std::uint32_t younger;  // showed first
    std::uint64_t at;
    std::vector<bool> showing;                          // which tiles showed a delivery then
    std::vector<std::uint64_t> shows;                   // and how many offers it had shown
    bool age;
    unsigned part;
  };

  Scheduler& s_;
  mcm::Config cfg_;
  const ConfigShadow& shadow_;
  std::map<std::uint32_t, Track> ctx_;
  std::vector<bool> fifo_, age_;
  std::vector<std::deque<std::uint32_t>> order_;
  std::vector<std::set<std::uint32_t>> waiting_;  // accepted for the partition, not yet offered
  std::vector<Suspect> suspects_;
  std::vector<std::optional<std::uint32_t>> showing_;               // per tile, id offered now
  std::vector<std::uint64_t> shows_;                                 // per tile, offers so far
  std::vector<std::uint64_t> taken_at_;                              // per tile, last transfer
  std::vector<std::uint64_t> prev_show_;                             // per tile, last first offer
  std::deque<Served> done_age_;
  std::map<unsigned, std::uint64_t> accepted_to_, delivered_to_;
  std::uint64_t new_accepted_ = 0, mig_accepted_ = 0, finished_ = 0, dropped_ = 0, delivered_ = 0;
  std::uint64_t offered_ = 0, load_requests_ = 0;
};

// ---- Lockstep with the reference model ---------------------------------------------------------
// Every cycle out of reset: give the model what the design sees, compare what both show.
template <typename V>
class Lockstep {
 public:
  Lockstep(Scheduler& s, CmPins<V>& pins, const mcm::Config& cfg) : s_(s), pins_(pins), model_(cfg) {
    s_.on_sample([this] { sample(); });
  }
  [[nodiscard]] const mcm::Model& model() const { return model_; }
  [[nodiscard]] const mcm::Outputs& last() const { return last_; }
  // Called after each compared cycle with the model's outputs and annotations.
  std::function<void(const mcm::Outputs&)> on_cycle;
  [[nodiscard]] std::uint64_t cycles() const { return cycles_; }
  [[nodiscard]] std::uint64_t bypasses() const { return bypasses_; }
  [[nodiscard]] std::uint64_t picks() const { return picks_; }

 private:
  void mismatch(const std::string& what, const std::string& expected, const std::string& got) {
    s_.fail(fmt::format("cm lockstep (model cycle {}): {}: model expects {}, design shows {}", model_.cycle(),
                        what, expected, got));
  }
  void sample() {
    if (pins_.in_reset()) return;
    const mcm::Config& cfg = model_.config();
    const mcm::Inputs in = pins_.inputs();
    const mcm::Outputs exp = model_.step(in);
    for (unsigned t = 0; t < cfg.num_tiles; ++t) {
      if (exp.mig_ready[t] != pins_.mig_ready(t)) {
        mismatch(fmt::format("mig_ready[{}]", t), fmt::format("{}", exp.mig_ready[t]),
                 fmt::format("{}", pins_.mig_ready(t)));
      }
      std::optional<mcm::Delivery> got;
      if (pins_.dlv_valid(t)) got = pins_.dlv(t);
      if (exp.dlv[t] != got) mismatch(fmt::format("delivery to tile {}", t), show(exp.dlv[t]), show(got));
    }
    if (exp.disp_ready != pins_.disp_ready()) {
      mismatch("disp_ready", fmt::format("{}", exp.disp_ready), fmt::format("{}", pins_.disp_ready()));
    }
    std::optional<Ctx> drop;
    if (pins_.drop_valid()) drop = pins_.drop_ctx();
    if (exp.drop != drop) {
      mismatch("drop output", exp.drop ? show(*exp.drop) : "nothing", drop ? show(*drop) : "nothing");
    }
    std::optional<unsigned> load;
    if (pins_.load_valid()) load = pins_.load_part();
    if (exp.load_part != load) {
      mismatch("load request", exp.load_part ? fmt::format("partition {}", *exp.load_part) : "nothing",
               load ? fmt::format("partition {}", *load) : "nothing");
    }
    for (unsigned p = 0; p < cfg.num_parts; ++p) {
      if (exp.load_requested[p] != pins_.load_requested(p)) {
        mismatch(fmt::format("load_requested[{}]", p), fmt::format("{}", exp.load_requested[p]),
                 fmt::format("{}", pins_.load_requested(p)));
      }
      if (exp.imbalance[p] != pins_.imbalance(p)) {
        mismatch(fmt::format("imbalance[{}]", p), fmt::format("{}", exp.imbalance[p]),
                 fmt::format("{}", pins_.imbalance(p)));
      }
    }
    for (unsigned t = 0; t < cfg.num_tiles; ++t) {
      for (unsigned h = 0; h < cfg.threads_per_tile; ++h) {
        const bool busy = pins_.thr_busy(t, h);
        if (exp.thr_busy[t][h] != busy) {
          mismatch(fmt::format("thr_busy[{}][{}]", t, h), fmt::format("{}", exp.thr_busy[t][h]), fmt::format("{}", busy));
        } else if (busy && exp.thr_part[t][h] != pins_.thr_part(t, h)) {
          mismatch(fmt::format("thr_part[{}][{}]", t, h), fmt::format("{}", exp.thr_part[t][h]),
                   fmt::format("{}", pins_.thr_part(t, h)));
        }
      }
    }
    for (unsigned p = 0; p < cfg.num_parts; ++p) {
      if (exp.waiting[p] != pins_.waiting(p)) {
        mismatch(fmt::format("waiting[{}]", p), fmt::format("{}", exp.waiting[p]), fmt::format("{}", pins_.waiting(p)));
      }
    }
    if (in.reg_req && !in.reg_we && exp.reg_rdata != pins_.reg_rdata()) {
      mismatch(fmt::format("register read of {:#06x}", in.reg_addr), fmt::format("{:#010x}", exp.reg_rdata),
               fmt::format("{:#010x}", pins_.reg_rdata()));
    }
    if (in.reg_req && exp.reg_error != pins_.reg_error()) {
      mismatch(fmt::format("register {} of {:#06x}: error flag", in.reg_we ? "write" : "read", in.reg_addr),
               fmt::format("{}", exp.reg_error), fmt::format("{}", pins_.reg_error()));
    }
    if (exp.bypass_part >= 0) ++bypasses_;
    if (exp.pick_part >= 0) ++picks_;
    ++cycles_;
    last_ = exp;
    if (on_cycle) on_cycle(exp);
  }

  Scheduler& s_;
  CmPins<V>& pins_;
  mcm::Model model_;
  mcm::Outputs last_;
  std::uint64_t cycles_ = 0, bypasses_ = 0, picks_ = 0;
};

// ---- Tile agent ------------------------------------------------------------------------------
// The threads of one tile: a delivered context runs for a while, then its thread either migrates
// it (request on the tile's context link) or lets it go (free strobe).
struct ThreadAction {
  bool migrate = false;
  Ctx next;  // the context as sent with the migration (target partition, entry, arguments)
};

template <typename V>
class TileAgent {
 public:
  using Decide = std::function<ThreadAction(unsigned tile, unsigned thread, const Ctx&)>;
  using Service = std::function<unsigned()>;

  TileAgent(Sim<V>& sim, CmPins<V>& pins, ContextBoard& board, unsigned tile, Pattern ready, Pattern willing)
      : sim_(sim), pins_(pins), board_(board), tile_(tile),
        threads_(pins.config().threads_per_tile),
        sink_(sim, tb::SinkPins<mcm::Delivery>{[this] { return pins_.dlv_valid(tile_); },
                                               [this](bool r) { pins_.set_dlv_ready(tile_, r); },
                                               [this] { return pins_.dlv(tile_); }},
              fmt::format("cm.dlv{}", tile), std::move(ready)),
        mon_(sim, tb::MonitorPins<mcm::Delivery>{[this] { return pins_.dlv_valid(tile_); },
                                                 [this] { return pins_.dlv_ready(tile_); },
                                                 [this] { return pins_.dlv(tile_); }},
             fmt::format("cm.dlv{}.contract", tile)),
        src_(sim, tb::SourcePins<MigReq>{[this](bool v) { pins_.set_mig_valid(tile_, v); },
                                         [this] { return pins_.mig_ready(tile_); },
                                         [this](const MigReq& r) { pins_.set_mig(tile_, r); }},
             fmt::format("cm.mig{}", tile), std::move(willing)) {
    // Transfers are handled in this agent's own sample hook, after the offer checks of that cycle.
    sink_.on_item = [this](const mcm::Delivery& d) { transfer_ = d; };
    src_.on_accept = [this](const MigReq& r) { migrated(r); };
    sim_.on_sample([this] { sample(); });
    sim_.on_drive([this] { drive(); });
    pins_.set_free(tile_, std::nullopt);
  }
  TileAgent(const TileAgent&) = delete;
  TileAgent& operator=(const TileAgent&) = delete;

  Decide decide;      // what a thread does when its work is done
  Service service;    // cycles of work per context
  bool hold = false;  // threads keep their contexts until released (directed tests)
  // Called when a thread receives a context (tile, thread, context), at the transfer.
  std::function<void(unsigned, unsigned, const Ctx&)> on_receive;
  // Called in the first cycle a delivery is offered to this tile.
  std::function<void(unsigned, const mcm::Delivery&)> on_offer;

  [[nodiscard]] unsigned busy_threads() const {
    unsigned n = 0;
    for (const auto& th : threads_) n += th.state != State::kIdle ? 1 : 0;
    return n;
  }
  [[nodiscard]] std::uint64_t received() const { return sink_.received(); }
  tb::StreamSource<MigReq>& link() { return src_; }
  tb::StreamSink<mcm::Delivery>& sink() { return sink_; }
  // Directed tests: make a holding thread act now.
  void act_now(unsigned thread) { threads_.at(thread).until = 0; }
  [[nodiscard]] bool running(unsigned thread) const { return threads_.at(thread).state == State::kRunning; }

 private:
  enum class State { kIdle, kRunning, kMigrating, kFreeing };
  struct Thread {
    State state = State::kIdle;
    Ctx ctx;
    std::uint64_t until = 0;
  };

  void sample() {
    // First cycle of an offer: the order checks look at offers, not transfers.
    const bool v = pins_.dlv_valid(tile_);
    if (v && !waiting_) {
      board_.on_offer(tile_, pins_.dlv(tile_));
      if (on_offer) on_offer(tile_, pins_.dlv(tile_));
    }
    waiting_ = v && !pins_.dlv_ready(tile_);
    if (transfer_) {
      delivered(*transfer_);
      transfer_.reset();
    }
  }
  void delivered(const mcm::Delivery& d) {
    Thread& th = threads_.at(d.thread);
    sim_.check(th.state == State::kIdle,
               fmt::format("tile {}: context {} delivered to busy thread {}", tile_, show(d.ctx), d.thread));
    board_.on_delivered(tile_, d);
    th.state = State::kRunning;
    th.ctx = d.ctx;
    th.until = hold ? ~0ULL : sim_.cycle() + (service ? service() : 1);
    if (on_receive) on_receive(tile_, d.thread, d.ctx);
  }
  void migrated(const MigReq& r) {
    Thread& th = threads_.at(r.src_thread);
    sim_.check(th.state == State::kMigrating, fmt::format("tile {}: unexpected migration accepted", tile_));
    board_.on_accept(r, static_cast<int>(tile_));
    th.state = State::kIdle;
  }
  void drive() {
    for (unsigned h = 0; h < threads_.size(); ++h) {
      Thread& th = threads_[h];
      if (th.state != State::kRunning || sim_.cycle() < th.until) continue;
      const ThreadAction a = decide ? decide(tile_, h, th.ctx) : ThreadAction{};
      if (a.migrate) {
        th.state = State::kMigrating;
        src_.push(MigReq{true, static_cast<std::uint8_t>(tile_), static_cast<std::uint8_t>(h), a.next});
      } else {
        th.state = State::kFreeing;
        frees_.push_back(h);
      }
    }
    // One free strobe per cycle; the thread is free once the design has seen the strobe.
    std::optional<unsigned> f;
    if (!frees_.empty()) {
      f = frees_.front();
      frees_.pop_front();
      Thread& th = threads_[*f];
      board_.on_free(tile_, *f, th.ctx);
      th.state = State::kIdle;
    }
    pins_.set_free(tile_, f);
  }

  Sim<V>& sim_;
  CmPins<V>& pins_;
  ContextBoard& board_;
  unsigned tile_;
  std::vector<Thread> threads_;
  tb::StreamSink<mcm::Delivery> sink_;
  tb::StreamMonitor<mcm::Delivery> mon_;
  tb::StreamSource<MigReq> src_;
  std::deque<unsigned> frees_;
  std::optional<mcm::Delivery> transfer_;
  bool waiting_ = false;
};

// ---- The whole environment ----------------------------------------------------------------------
struct EnvKnobs {
  double disp_willing = 1.0;  // dispatcher offers when it has something, with this probability
  double mig_willing = 1.0;   // tile links offer a waiting migration with this probability
  double dlv_ready = 1.0;     // tiles accept a delivery with this probability
  double drop_ready = 1.0;
  double load_ready = 1.0;
};

template <typename V>
class CmEnv {
 public:
  using Knobs = EnvKnobs;

  CmEnv(Sim<V>& sim, const mcm::Config& cfg, const Knobs& k)
      : sim_(sim), cfg_(cfg), pins_(sim.dut(), cfg), shadow_(cfg, sim), board_(sim, cfg, shadow_),
        lockstep_(sim, pins_, cfg), csr_(sim, pins_), hw_tiles_(sim, pins_),
        disp_(sim, tb::SourcePins<Ctx>{[this](bool v) { pins_.set_disp_valid(v); },
                                       [this] { return pins_.disp_ready(); },
                                       [this](const Ctx& c) { pins_.set_disp(c); }},
              "cm.disp", pattern(k.disp_willing, 11)),
        drop_(sim, tb::SinkPins<Ctx>{[this] { return pins_.drop_valid(); },
                                     [this](bool r) { pins_.set_drop_ready(r); },
                                     [this] { return pins_.drop_ctx(); }},
              "cm.drop", pattern(k.drop_ready, 12)),
        drop_mon_(sim, tb::MonitorPins<Ctx>{[this] { return pins_.drop_valid(); },
                                            [this] { return pins_.drop_ready(); },
                                            [this] { return pins_.drop_ctx(); }},
                  "cm.drop.contract"),
        load_(sim, tb::SinkPins<unsigned>{[this] { return pins_.load_valid(); },
                                          [this](bool r) { pins_.set_load_ready(r); },
                                          [this] { return pins_.load_part(); }},
              "cm.load", pattern(k.load_ready, 13)),
        load_mon_(sim, tb::MonitorPins<unsigned>{[this] { return pins_.load_valid(); },
                                                 [this] { return pins_.load_ready(); },
                                                 [this] { return pins_.load_part(); }},
                  "cm.load.contract") {
    pins_.set_reg(false, false, 0, 0, 0);
    pins_.set_disp_valid(false);
    sim.on_sample([this] {
      const bool v = pins_.load_valid();
      if (v && !load_waiting_) board_.on_load_offer(pins_.load_part());
      load_waiting_ = v && !pins_.load_ready();
    });
    for (unsigned t = 0; t < cfg.num_tiles; ++t) {
      tiles_.push_back(std::make_unique<TileAgent<V>>(sim, pins_, board_, t, pattern(k.dlv_ready, 100 + t),
                                                      pattern(k.mig_willing, 200 + t)));
    }
    csr_.on_write = [this](std::uint16_t a, std::uint32_t d, std::uint8_t s) { shadow_.on_write(a, d, s); };
    hw_tiles_.on_write = [this](const mcm::TilesWrite& w) { shadow_.on_hw_write(w); };
    disp_.on_accept = [this](const Ctx& c) {
      board_.on_accept(MigReq{false, 0, 0, c}, static_cast<int>(cfg_.num_tiles));
      if (on_disp_accept) on_disp_accept(c);
    };
    drop_.on_item = [this](const Ctx& c) {
      board_.on_drop(c, pins_.drop_reason());
      if (on_drop) on_drop(c);
    };
    load_.on_item = [this](const unsigned& p) {
      board_.on_load_request(p);
      if (on_load) on_load(p);
    };
  }

  Sim<V>& sim() { return sim_; }
  CmPins<V>& pins() { return pins_; }
  ContextBoard& board() { return board_; }
  Lockstep<V>& lockstep() { return lockstep_; }
  CsrDriver<V>& csr() { return csr_; }
  TilesDriver<V>& hw_tiles() { return hw_tiles_; }
  TileAgent<V>& tile(unsigned t) { return *tiles_.at(t); }
  tb::StreamSource<Ctx>& dispatcher() { return disp_; }
  const mcm::Config& config() const { return cfg_; }
  std::function<void(unsigned)> on_load;
  // Called when the design accepts a new context from the dispatcher.
  std::function<void(const Ctx&)> on_disp_accept;
  // Called when a dropped context leaves through the drop output.
  std::function<void(const Ctx&)> on_drop;

  // Sets or clears one tile of a partition's set through the hardware port, as the pager does.
  Task hw_assign(unsigned p, unsigned t, bool set) { co_await hw_tiles_.write(p, t, set); }

  // Writes a partition's tile set.
  Task assign(unsigned p, std::uint64_t tiles) {
    co_await csr_.write(mcm::reg::part(p, mcm::reg::kPTilesLo), static_cast<std::uint32_t>(tiles));
    if (cfg_.num_tiles > 32) co_await csr_.write(mcm::reg::part(p, mcm::reg::kPTilesHi), static_cast<std::uint32_t>(tiles >> 32));
  }

  // Reads every register the design has and lets the lockstep compare each with the model.
  Task read_all_registers() {
    std::uint32_t v = 0;
    for (std::uint16_t a = 0; a < 0x00C0; a += 4) co_await csr_.read(a, v);
    for (unsigned p = 0; p < cfg_.num_parts; ++p) {
      for (std::uint16_t w = 0; w < mcm::reg::kPartStride; w += 4) co_await csr_.read(mcm::reg::part(p, w), v);
    }
    co_await csr_.read(mcm::reg::part(cfg_.num_parts, 0), v);  // first unmapped partition block
    sim_.check(v == 0, "unmapped partition block reads non-zero");
  }

  // Independent checks of the statistics against the testbench's own counts (at quiescence).
  Task check_counters_against_board() {
    std::uint32_t v = 0;
    co_await csr_.read(mcm::reg::kNewCount, v);
    sim_.check(v == static_cast<std::uint32_t>(board_.new_accepted()),
               fmt::format("NEW_COUNT {} but {} new contexts were accepted", v, board_.new_accepted()));
    co_await csr_.read(mcm::reg::kMigCount, v);
    sim_.check(v == static_cast<std::uint32_t>(board_.mig_accepted()),
               fmt::format("MIG_COUNT {} but {} migrations were accepted", v, board_.mig_accepted()));
    co_await csr_.read(mcm::reg::kDropCount, v);
    sim_.check(v == static_cast<std::uint32_t>(board_.dropped()),
               fmt::format("DROP_COUNT {} but {} contexts were dropped", v, board_.dropped()));
    co_await csr_.read(mcm::reg::kDlvCount, v);
    sim_.check(v == static_cast<std::uint32_t>(board_.delivered()),
               fmt::format("DLV_COUNT {} but {} deliveries were seen", v, board_.delivered()));
    for (unsigned p = 0; p < cfg_.num_parts; ++p) {
      std::uint32_t enq = 0, deq = 0, byp = 0, depth = 0;
      co_await csr_.read(mcm::reg::part(p, mcm::reg::kPEnq), enq);
      co_await csr_.read(mcm::reg::part(p, mcm::reg::kPDeq), deq);
      co_await csr_.read(mcm::reg::part(p, mcm::reg::kPByp), byp);
      co_await csr_.read(mcm::reg::part(p, mcm::reg::kPDepth), depth);
      sim_.check(enq == deq, fmt::format("partition {}: {} enqueues but {} dequeues at quiescence", p, enq, deq));
      sim_.check((depth & 0xFFFF) == 0, fmt::format("partition {}: depth {} at quiescence", p, depth & 0xFFFF));
      sim_.check(enq + byp == board_.delivered_to(p),
                 fmt::format("partition {}: enqueues {} + bypasses {} != {} deliveries", p, enq, byp,
                             board_.delivered_to(p)));
    }
  }

 private:
  Pattern pattern(double p, std::uint64_t salt) {
    return p >= 1.0 ? tb::pattern::always() : tb::pattern::random(sim_.rng().fork(salt), p);
  }

  Sim<V>& sim_;
  mcm::Config cfg_;
  CmPins<V> pins_;
  ConfigShadow shadow_;
  ContextBoard board_;
  Lockstep<V> lockstep_;
  CsrDriver<V> csr_;
  TilesDriver<V> hw_tiles_;
  tb::StreamSource<Ctx> disp_;
  tb::StreamSink<Ctx> drop_;
  tb::StreamMonitor<Ctx> drop_mon_;
  tb::StreamSink<unsigned> load_;
  tb::StreamMonitor<unsigned> load_mon_;
  std::vector<std::unique_ptr<TileAgent<V>>> tiles_;
  bool load_waiting_ = false;  // a load request was offered and not yet taken
};

// A fresh context with a unique id (flow) and a given arrival time.
inline Ctx make_ctx(std::uint32_t id, unsigned part, std::uint32_t arrival, tb::Rng& rng) {
  Ctx c;
  c.pkt_handle = static_cast<std::uint16_t>(rng.bits(16));
  c.pkt_len = static_cast<std::uint16_t>(64 + rng.bits(10));
  c.in_port = static_cast<std::uint8_t>(rng.bits(4));
  c.arrival = arrival;
  c.seq = static_cast<std::uint16_t>(rng.bits(16));
  c.flow = id & 0xFFFFF;
  c.event_type = static_cast<std::uint8_t>(rng.bits(8));
  c.target_part = static_cast<std::uint8_t>(part);
  c.entry_kind = rng.chance(0.5) ? EntryKind::kOffset : EntryKind::kIndex;
  c.entry = static_cast<std::uint16_t>(rng.bits(15));
  c.sp = static_cast<std::uint32_t>(rng.bits(32));
  for (auto& a : c.args) a = static_cast<std::uint32_t>(rng.bits(32));
  return c;
}

}  // namespace baton::env::cm
