// SPDX-License-Identifier: Apache-2.0
#include "baton/model/cm/cm_model.hpp"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

#include "baton/model/cm/cm_regs.hpp"

namespace baton::model::cm {

std::string describe(const Ctx& c) {
  return fmt::format("ctx(handle={:#06x} part={} arrival={:#010x} entry={})", c.pkt_handle,
                     c.target_part, c.arrival, c.entry);
}

Model::Model(const Config& cfg)
    : cfg_(cfg),
      queues_(cfg.num_parts),
      busy_(cfg.num_tiles, std::vector<bool>(cfg.threads_per_tile, false)),
      thr_part_(cfg.num_tiles, std::vector<unsigned>(cfg.threads_per_tile, 0)),
      in_flight_(cfg.num_tiles, 0),
      out_(cfg.num_tiles) {
  if (cfg.num_parts < 1 || cfg.num_parts > 256 || cfg.capacity < 1 || cfg.capacity > 1024 ||
      cfg.num_tiles < 1 || cfg.num_tiles > 64 || cfg.threads_per_tile < 1 ||
      cfg.threads_per_tile > 8) {
    throw std::invalid_argument("cm model: illegal configuration");
  }
}

// First requester at or after ptr, wrapping; -1 when none.
int Model::round_robin(const std::vector<bool>& req, unsigned ptr) {
  const auto n = static_cast<unsigned>(req.size());
  for (unsigned i = 0; i < n; ++i) {
    const unsigned j = (ptr + i) % n;
    if (req[j]) return static_cast<int>(j);
  }
  return -1;
}

bool Model::exists(unsigned target) const {
  return target < cfg_.num_parts && !queues_[target].absent;
}

bool Model::tile_can_take(unsigned tile) const {
  return in_flight_[tile] < kOutDepth && first_free_thread(tile) >= 0;
}

int Model::first_free_thread(unsigned tile) const {
  for (unsigned h = 0; h < cfg_.threads_per_tile; ++h) {
    if (!busy_[tile][h]) return static_cast<int>(h);
  }
  return -1;
}

bool Model::part_has_ready_tile(unsigned part) const {
  for (unsigned t = 0; t < cfg_.num_tiles; ++t) {
    if (((queues_[part].tiles >> t) & 1U) && tile_can_take(t)) return true;
  }
  return false;
}

bool Model::holds(unsigned part, unsigned tile) const { return (queues_[part].tiles >> tile) & 1U; }

bool Model::thread_busy(unsigned tile, unsigned thread) const { return busy_[tile][thread]; }

unsigned Model::waiting(unsigned part) const { return queues_[part].waiting(); }

unsigned Model::stored() const {
  unsigned n = 0;
  for (const auto& q : queues_) n += static_cast<unsigned>(q.entries.size());
  return n;
}

// The head among the entries enqueued before `limit` (up to the pick cycle): the earliest
// enqueued entry in a FIFO queue, the earliest arrival in an age queue (equal arrivals: the
// earliest enqueued).
Model::Entry Model::take_head(Queue& q, std::uint64_t limit) {
  auto best = q.entries.end();
  for (auto it = q.entries.begin(); it != q.entries.end(); ++it) {
    if (it->by_age != q.entries.front().by_age) {
      throw std::logic_error("cm model: queue mixes FIFO and age entries");
    }
    if (it->order >= limit) continue;
    if (best == q.entries.end()) {
      best = it;
      continue;
    }
    const bool better = it->by_age ? older(it->ctx.arrival, best->ctx.arrival) : it->order < best->order;
    if (better) best = it;
  }
  if (best == q.entries.end()) throw std::logic_error("cm model: head of an empty queue");
  Entry e = *best;
  q.entries.erase(best);
  return e;
}

std::uint32_t Model::csr_value(std::uint16_t addr) const {
  const std::uint16_t a = addr & 0xFFFC;
  auto bitmap_word = [&](unsigned word, auto bit_of) {
    std::uint32_t v = 0;
    for (unsigned b = 0; b < 32; ++b) {
      const unsigned p = word * 32 + b;
      if (p < cfg_.num_parts && bit_of(queues_[p])) v |= 1U << b;
    }
    return v;
  };
  if (a >= reg::kPartBase) {
    const unsigned p = (a - reg::kPartBase) / reg::kPartStride;
    if (p >= cfg_.num_parts) return 0;
    const Queue& q = queues_[p];
    switch ((a - reg::kPartBase) % reg::kPartStride) {
      case reg::kPCfg:
        return (std::uint32_t{q.age_requested} << reg::kPCfgAgeReqBit) | (std::uint32_t{q.absent} << reg::kPCfgAbsentBit) |
               (std::uint32_t{q.age_in_effect} << reg::kPCfgAgeEffBit) |
               (std::uint32_t{q.requested} << reg::kPCfgLoadReqBit) |
               (std::uint32_t{q.imbalance} << reg::kPCfgImbalanceBit);
      case reg::kPTilesLo: return static_cast<std::uint32_t>(q.tiles);
      case reg::kPTilesHi: return static_cast<std::uint32_t>(q.tiles >> 32);
      case reg::kPDepth: return (q.hwm << reg::kPDepthHwmBit) | (q.waiting() << reg::kPDepthWaitingBit);
      case reg::kPEnq: return q.enq;
      case reg::kPDeq: return q.deq;
      case reg::kPByp: return q.byp;
      case reg::kPWait: return q.wait;
      default: return 0;
    }
  }
  if (a >= reg::kImbalanceBase && a < reg::kImbalanceBase + 0x20) {
    return bitmap_word((a - reg::kImbalanceBase) / 4, [](const Queue& q) { return q.imbalance; });
  }
  if (a >= reg::kLoadReqBase && a < reg::kLoadReqBase + 0x20) {
    return bitmap_word((a - reg::kLoadReqBase) / 4, [](const Queue& q) { return q.requested; });
  }
  if (a >= reg::kBusyBase && a < reg::kBusyBase + 0x40) {
    std::uint32_t v = 0;
    for (unsigned byte = 0; byte < 4; ++byte) {
      const unsigned t = (a - reg::kBusyBase) + byte;
      if (t >= cfg_.num_tiles) continue;
      for (unsigned h = 0; h < cfg_.threads_per_tile; ++h) {
        if (busy_[t][h]) v |= 1U << (8 * byte + h);
      }
    }
    return v;
  }
  switch (a) {
    case reg::kId: return reg::kIdValue;
    case reg::kNumParts: return cfg_.num_parts;
    case reg::kCapacity: return cfg_.capacity;
    case reg::kTopo: return (cfg_.threads_per_tile << 16) | cfg_.num_tiles;
    case reg::kCtrl: return bypass_en_ ? 1U : 0U;
    case reg::kImbThresh: return imb_thresh_;
    case reg::kInflight: return inflight_;
    case reg::kStored: return stored();
    case reg::kMigCount: return mig_cnt_;
    case reg::kNewCount: return new_cnt_;
    case reg::kDropCount: return drop_cnt_;
    case reg::kDlvCount: return dlv_cnt_;
    case reg::kAdmitStall: return stall_cnt_;
    default: return 0;
  }
}

bool Model::csr_mapped(std::uint16_t addr) const {
  const std::uint16_t a = addr & 0xFFFC;
  if (a >= reg::kPartBase) return static_cast<unsigned>((a - reg::kPartBase) / reg::kPartStride) < cfg_.num_parts;
  return a <= reg::kAdmitStall || (a >= reg::kImbalanceBase && a < reg::kBusyBase + 0x40);
}

bool Model::csr_writable(std::uint16_t addr) const {
  if (!csr_mapped(addr)) return false;
  const std::uint16_t a = addr & 0xFFFC;
  if (a >= reg::kPartBase) {
    const unsigned w = (a - reg::kPartBase) % reg::kPartStride;
    return w == reg::kPCfg || w == reg::kPTilesLo || w == reg::kPTilesHi;
  }
  return a == reg::kCtrl || a == reg::kClear || a == reg::kImbThresh;
}

// A write replaces the bytes selected by its strobes (bit b: bits 8b+7..8b).
void Model::csr_write(std::uint16_t addr, std::uint32_t data, std::uint8_t strobes, bool& clear) {
  if (!csr_writable(addr)) return;
  std::uint32_t mask = 0;
  for (unsigned b = 0; b < 4; ++b) {
    if ((strobes >> b) & 1U) mask |= 0xFFU << (8 * b);
  }
  const std::uint16_t a = addr & 0xFFFC;
  const auto merged = [&](std::uint32_t old) { return (old & ~mask) | (data & mask); };
  if (a >= reg::kPartBase) {
    Queue& q = queues_[(a - reg::kPartBase) / reg::kPartStride];
    const std::uint64_t tile_bits =
        cfg_.num_tiles == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << cfg_.num_tiles) - 1;
    switch ((a - reg::kPartBase) % reg::kPartStride) {
      case reg::kPCfg: {
        const std::uint32_t v = merged((std::uint32_t{q.age_requested} << reg::kPCfgAgeReqBit) |
                                       (std::uint32_t{q.absent} << reg::kPCfgAbsentBit));
        q.age_requested = (v >> reg::kPCfgAgeReqBit) & 1U;
        q.absent = (v >> reg::kPCfgAbsentBit) & 1U;
        break;
      }
      case reg::kPTilesLo:
        q.tiles = ((q.tiles & ~0xFFFFFFFFULL) | merged(static_cast<std::uint32_t>(q.tiles))) & tile_bits;
        break;
      case reg::kPTilesHi:
        q.tiles = ((q.tiles & 0xFFFFFFFFULL) |
                   (std::uint64_t{merged(static_cast<std::uint32_t>(q.tiles >> 32))} << 32)) & tile_bits;
        break;
      default: break;
    }
    return;
  }
  switch (a) {
    case reg::kCtrl: bypass_en_ = merged(bypass_en_ ? 1U : 0U) & 1U; break;
    case reg::kClear: clear = (strobes & 0xFU) != 0; break;  // a write that enables no byte is none
    case reg::kImbThresh: imb_thresh_ = static_cast<std::uint16_t>(merged(imb_thresh_)); break;
    default: break;
  }
}

Outputs Model::step(const Inputs& in) {
  const unsigned T = cfg_.num_tiles;
  const unsigned P = cfg_.num_parts;
  if (in.mig.size() != T || in.free.size() != T || in.dlv_ready.size() != T) {
    throw std::invalid_argument("cm model: inputs sized for another tile count");
  }

  Outputs o;
  o.mig_ready.assign(T, false);
  o.dlv.resize(T);
  for (unsigned t = 0; t < T; ++t) {
    if (!out_[t].empty()) o.dlv[t] = out_[t].front();
  }
  o.drop = drop_;
  o.load_part = load_;
  o.load_requested.resize(P);
  o.imbalance.resize(P);
  for (unsigned p = 0; p < P; ++p) {
    o.load_requested[p] = queues_[p].requested;
    o.imbalance[p] = queues_[p].imbalance;
  }
  o.thr_busy = busy_;
  o.thr_part = thr_part_;
  o.waiting.resize(P);
  for (unsigned p = 0; p < P; ++p) o.waiting[p] = queues_[p].waiting() != 0;
  if (in.reg_req) {
    o.reg_rdata = csr_value(in.reg_addr);
    // CLEAR is write-only: reading it is an error.
    o.reg_error = !csr_mapped(in.reg_addr) || (in.reg_we && !csr_writable(in.reg_addr)) ||
                  (!in.reg_we && (in.reg_addr & 0xFFFC) == reg::kClear);
  }

  // ---- Accept: round-robin over the tile links and the dispatcher --------------------------------
  // New contexts are admitted only while fewer than `capacity` contexts are alive.
  const bool admit = inflight_ < cfg_.capacity;
  std::vector<bool> req(T + 1, false);
  for (unsigned t = 0; t < T; ++t) req[t] = in.mig[t] && (in.mig[t]->from_thread || admit);
  req[T] = in.disp.has_value() && admit;
  const bool s1_drop = s1_ && !exists(s1_->target_part);
  const bool take = !s1_ || !s1_drop || !drop_;
  const int grant = take ? round_robin(req, in_ptr_) : -1;
  std::optional<MigReq> accepted;
  if (grant >= 0) {
    o.accepted_port = grant;
    if (static_cast<unsigned>(grant) < T) {
      o.mig_ready[grant] = true;
      accepted = in.mig[grant];
    } else {
      o.disp_ready = true;
      accepted = MigReq{false, 0, 0, *in.disp};
    }
  }

  // ---- Delivery engine -------------------------------------------------------------------------
  std::vector<bool> eligible(P);
  for (unsigned p = 0; p < P; ++p) eligible[p] = queues_[p].waiting() > 0 && part_has_ready_tile(p);
  const int q = round_robin(eligible, part_ptr_);

  const bool s1_exists = s1_ && exists(s1_->target_part);
  const unsigned s1p = s1_exists ? s1_->target_part : 0;
  // A bypass needs an empty queue with nothing of it still on the way out, and an idle thread;
  // queued work has priority for the one delivery per cycle.
  const bool pick_in_flight =
      (pk_ && pk_->part == s1p) || (pp_ && pp_->part == s1p) || (rd_ && rd_->part == s1p);
  const bool bypass = q < 0 && s1_exists && bypass_en_ && queues_[s1p].waiting() == 0 &&
                      !pick_in_flight && part_has_ready_tile(s1p);
  const bool deliver = q >= 0 || bypass;
  const bool s1_enq = s1_exists && !bypass;
  int tile = -1;
  int thread = -1;
  if (deliver) {
    const unsigned part = q >= 0 ? static_cast<unsigned>(q) : s1p;
    std::vector<bool> cand(T);
    for (unsigned t = 0; t < T; ++t) cand[t] = holds(part, t) && tile_can_take(t);
    tile = round_robin(cand, tile_ptr_);
    thread = first_free_thread(static_cast<unsigned>(tile));
  }
  if (bypass) o.bypass_part = static_cast<int>(s1p);
  if (s1_enq) o.enqueue_part = static_cast<int>(s1p);
  if (q >= 0) o.pick_part = q;

  // ---- Everything below updates the state for the next cycle, from this cycle's view -----------
  // Statistics (they see the waiting counts at the start of the cycle).
  for (unsigned p = 0; p < P; ++p) {
    Queue& qu = queues_[p];
    qu.wait += qu.waiting();
    qu.hwm = std::max(qu.hwm, qu.waiting());
  }
  if (grant >= 0) (accepted->from_thread ? mig_cnt_ : new_cnt_)++;
  if (deliver) ++dlv_cnt_;
  if (in.disp && !admit) ++stall_cnt_;

  // Imbalance and the sticky "old" flags, from the entries stored at the start of the cycle.
  std::vector<bool> imb_next(P, false);
  for (unsigned p = 0; p < P; ++p) {
    for (auto& e : queues_[p].entries) {
      if (e.old) imb_next[p] = true;
      if (e.armed && static_cast<std::uint16_t>(now_) == e.due) e.old = true;
    }
  }

  // Load requests: requested while no tile holds the partition and contexts wait for it.
  std::vector<bool> req_next(P);
  for (unsigned p = 0; p < P; ++p) {
    const Queue& qu = queues_[p];
    req_next[p] = qu.tiles == 0 &&
                  (qu.requested || qu.waiting() != 0 || (s1_enq && s1p == p));
  }
  int pend_first = -1;
  for (unsigned p = 0; p < P && pend_first < 0; ++p) {
    if (queues_[p].pending) pend_first = static_cast<int>(p);
  }
  const bool load_take = pend_first >= 0 && (!load_ || in.load_ready);
  for (unsigned p = 0; p < P; ++p) {
    Queue& qu = queues_[p];
    qu.pending = req_next[p] && (qu.pending || !qu.requested) &&
                 !(load_take && pend_first == static_cast<int>(p));
  }
  if (load_take) {
    load_ = static_cast<unsigned>(pend_first);
  } else if (in.load_ready) {
    load_.reset();
  }

  // Order changes take effect only while a queue has no waiting entry.
  for (unsigned p = 0; p < P; ++p) {
    if (queues_[p].waiting() == 0 && !(s1_enq && s1p == p)) {
      queues_[p].age_in_effect = queues_[p].age_requested;
    }
  }

  // The pick of two cycles ago takes its head out of the queue (among the entries enqueued up to
  // its pick cycle).
  std::optional<Read> rd_next;
  if (pp_) {
    Queue& qu = queues_[pp_->part];
    Entry e = take_head(qu, pp_->limit);
    --qu.picked;
    rd_next = Read{e.ctx, pp_->part, pp_->tile, pp_->thread};
  }

  // Delivery queues: the tile takes the front; the read of an earlier pick joins before this
  // cycle's bypass.
  for (unsigned t = 0; t < T; ++t) {
    if (!out_[t].empty() && in.dlv_ready[t]) {
      out_[t].pop_front();
      --in_flight_[t];
    }
    if (rd_ && rd_->tile == t) out_[t].push_back(Delivery{rd_->ctx, rd_->thread});
    if (bypass && static_cast<unsigned>(tile) == t) {
      out_[t].push_back(Delivery{*s1_, static_cast<unsigned>(thread)});
    }
    if (out_[t].size() > kOutDepth) throw std::logic_error("cm model: delivery queue overflow");
  }

  // Threads: reserved by a delivery, freed by a migration from them or by the free input.
  unsigned frees = 0;
  if (deliver) {
    busy_[tile][thread] = true;
    thr_part_[tile][thread] = q >= 0 ? static_cast<unsigned>(q) : s1p;
    ++in_flight_[tile];
  }
  if (accepted && accepted->from_thread && accepted->src_thread < cfg_.threads_per_tile) {
    busy_[grant][accepted->src_thread] = false;
  }
  for (unsigned t = 0; t < T; ++t) {
    if (in.free[t]) {
      if (*in.free[t] < cfg_.threads_per_tile) busy_[t][*in.free[t]] = false;
      ++frees;
    }
  }

  // Queues: the pick and the enqueue.
  if (q >= 0) {
    ++queues_[q].picked;
    ++queues_[q].deq;
  }
  if (s1_enq) {
    Queue& qu = queues_[s1p];
    // The threshold in force at the enqueue applies to the entry.
    qu.entries.push_back(Entry{*s1_, order_++, qu.age_in_effect, imb_thresh_ != 0,
                               static_cast<std::uint16_t>(now_ + imb_thresh_), false});
    ++qu.enq;
  }
  if (bypass) ++queues_[s1p].byp;

  // Drops: a context for a partition that does not exist leaves through the drop output.
  const bool drop_load = s1_drop && !drop_;
  if (drop_load) {
    drop_ = *s1_;
    ++drop_cnt_;
  } else if (drop_ && in.drop_ready) {
    drop_.reset();
  }

  inflight_ = inflight_ + ((grant >= 0 && !accepted->from_thread) ? 1 : 0) - frees - (drop_load ? 1 : 0);

  if (take) {
    s1_.reset();
    if (accepted) s1_ = accepted->ctx;
  }
  pp_ = pk_;
  pk_.reset();
  if (q >= 0) {
    pk_ = Pick{static_cast<unsigned>(q), static_cast<unsigned>(tile), static_cast<unsigned>(thread), order_};
  }
  rd_ = rd_next;

  if (grant >= 0) in_ptr_ = (static_cast<unsigned>(grant) + 1) % (T + 1);
  if (q >= 0) part_ptr_ = (static_cast<unsigned>(q) + 1) % P;
  if (deliver) tile_ptr_ = (static_cast<unsigned>(tile) + 1) % T;

  for (unsigned p = 0; p < P; ++p) {
    queues_[p].requested = req_next[p];
    queues_[p].imbalance = imb_next[p];
  }

  bool clear = false;
  if (in.reg_req && in.reg_we) csr_write(in.reg_addr, in.reg_wdata, in.reg_wstrb, clear);
  // The hardware TILES write lands after the register write: it wins on the same bit, and the
  // register write's other bits stand. Out-of-range partitions or tiles are ignored.
  if (in.tiles_wr && in.tiles_wr->part < P && in.tiles_wr->tile < T) {
    const std::uint64_t bit = std::uint64_t{1} << in.tiles_wr->tile;
    std::uint64_t& m = queues_[in.tiles_wr->part].tiles;
    m = in.tiles_wr->set ? (m | bit) : (m & ~bit);
  }
  if (clear) {
    for (auto& qu : queues_) qu.enq = qu.deq = qu.byp = qu.wait = qu.hwm = 0;
    mig_cnt_ = new_cnt_ = drop_cnt_ = dlv_cnt_ = stall_cnt_ = 0;
  }

  ++now_;
  return o;
}

}  // namespace baton::model::cm
