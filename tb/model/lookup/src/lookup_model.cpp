// SPDX-License-Identifier: Apache-2.0
#include "baton/model/lookup/lookup_model.hpp"

#include <fmt/format.h>

namespace baton::model::lookup {

namespace {

template <typename... Args>
void expect(bool cond, fmt::format_string<Args...> f, Args&&... args) {
  if (!cond) throw ModelError(fmt::format(f, std::forward<Args>(args)...));
}

bool holds_flow(Status s) {
  return s == Status::kHit || s == Status::kInserted || s == Status::kTimeout || s == Status::kGenerated;
}

}  // namespace

std::uint32_t crc32c(const std::uint8_t* data, std::size_t len) {
  std::uint32_t crc = 0xffffffffU;
  for (std::size_t i = 0; i < len; ++i) {
    crc ^= data[i];
    for (int b = 0; b < 8; ++b) crc = (crc & 1U) ? (crc >> 1) ^ 0x82f63b78U : crc >> 1;
  }
  return ~crc;
}

// ---- FlowTable ------------------------------------------------------------------------------------

FlowTable::FlowTable(const Config& cfg) : cfg_(cfg), entries_(cfg.num_flows()) {}

std::array<std::uint32_t, 2> FlowTable::buckets(const FlowKey& k) const {
  const std::uint32_t mask = cfg_.buckets_per_bank - 1;
  if (cfg_.hash_kind == 1) return {k.src_port & mask, k.src_port & mask};
  const auto b = k.bytes();
  const std::uint32_t crc = crc32c(b.data(), b.size());
  return {crc & mask, (crc >> 16) & mask};
}

FlowTable::Entry& FlowTable::at(std::uint32_t flow) { return entries_.at(flow); }
const FlowTable::Entry& FlowTable::at(std::uint32_t flow) const { return entries_.at(flow); }

std::optional<std::uint32_t> FlowTable::find(const FlowKey& k) const {
  const auto b = buckets(k);
  for (unsigned bank = 0; bank < 2; ++bank) {
    for (unsigned w = 0; w < cfg_.ways; ++w) {
      const std::uint32_t f = (bank * cfg_.buckets_per_bank + b[bank]) * cfg_.ways + w;
      if (at(f).valid && at(f).key == k) return f;
    }
  }
  for (unsigned s = 0; s < cfg_.stash; ++s) {
    const std::uint32_t f = cfg_.table_slots() + s;
    if (at(f).valid && at(f).key == k) return f;
  }
  return std::nullopt;
}

FlowTable::Outcome FlowTable::lookup(const FlowKey& k, bool insert) {
  if (auto f = find(k)) return {Status::kHit, *f};
  if (!insert) return {Status::kMiss, 0};
  const auto b = buckets(k);
  std::array<unsigned, 2> cnt{};
  for (unsigned bank = 0; bank < 2; ++bank) {
    for (unsigned w = 0; w < cfg_.ways; ++w) {
      cnt[bank] += at((bank * cfg_.buckets_per_bank + b[bank]) * cfg_.ways + w).valid ? 1 : 0;
    }
  }
  auto take = [&](std::uint32_t f) {
    at(f).valid = true;
    at(f).key = k;
    ++used_;
    return Outcome{Status::kInserted, f};
  };
  if (cnt[0] < cfg_.ways || cnt[1] < cfg_.ways) {
    const unsigned bank = cnt[1] < cnt[0] ? 1 : 0;  // less loaded bucket, ties to bank 0
    for (unsigned w = 0; w < cfg_.ways; ++w) {
      const std::uint32_t f = (bank * cfg_.buckets_per_bank + b[bank]) * cfg_.ways + w;
      if (!at(f).valid) return take(f);
    }
  }
  for (unsigned s = 0; s < cfg_.stash; ++s) {
    const std::uint32_t f = cfg_.table_slots() + s;
    if (!at(f).valid) {
      ++stash_used_;
      return take(f);
    }
  }
  return {Status::kFull, 0};
}

bool FlowTable::erase(std::uint32_t flow) {
  if (flow >= cfg_.num_flows() || !at(flow).valid) return false;
  at(flow).valid = false;
  --used_;
  if (flow >= cfg_.table_slots()) --stash_used_;
  return true;
}

bool FlowTable::valid(std::uint32_t flow) const { return flow < cfg_.num_flows() && at(flow).valid; }

const FlowKey& FlowTable::key_of(std::uint32_t flow) const { return at(flow).key; }

// ---- Staging --------------------------------------------------------------------------------------

bool Staging::apply(const Wb& wb) {
  bool conflict = false;
  for (std::size_t j = 0; j < kPortionBytes; ++j) {
    if ((wb.priv_be >> j) & 1U) {
      const std::size_t i = wb.layer * kPortionBytes + j;
      claimed[i] = true;  // a layer's own portion: the last write wins
      data[i] = wb.priv[j];
    }
  }
  for (std::size_t j = 0; j < kPortionBytes; ++j) {
    if ((wb.shared_be >> j) & 1U) {
      const std::size_t i = kSharedOffset + j;
      if (claimed[i]) {
        conflict = true;  // written earlier in this event by another write-back: keep that
      } else {
        claimed[i] = true;
        data[i] = wb.shared[j];
      }
    }
  }
  return conflict;
}

void Staging::commit(Block& state, bool new_flow) const {
  if (new_flow) state.fill(0);
  for (std::size_t i = 0; i < kBlockBytes; ++i) {
    if (claimed[i]) state[i] = data[i];
  }
}

// ---- LookupModel ----------------------------------------------------------------------------------

LookupModel::LookupModel(const Config& cfg) : cfg_(cfg), table_(cfg), timers_(cfg.num_flows()) {}

void LookupModel::request_accepted(const Req& r) { pending_reqs_.push_back(r); }

void LookupModel::command_accepted(const Cmd& c, std::uint64_t now) {
  if (c.op == CmdOp::kNop) return;
  if (c.flow >= cfg_.num_flows()) {
    ++stats_[kCmdErrors];
    return;
  }
  Timer& t = timers_[c.flow];
  if (t.armed) --armed_;
  switch (c.op) {
    case CmdOp::kTimerSet:
      t = Timer{true, static_cast<std::uint32_t>(now + c.timeout), c.part, c.tiles};
      ++armed_;
      break;
    case CmdOp::kTimerCancel:
      t.armed = false;
      break;
    case CmdOp::kDelete:
      t.armed = false;
      pending_dels_.push_back(c.flow);
      break;
    case CmdOp::kNop:
      break;
  }
}

void LookupModel::timer_fired(const Expiry& e, std::uint64_t now) {
  ++stats_[kTmoFired];
  expect(e.flow < cfg_.num_flows(), "timer fired for flow {} beyond the {} flows", e.flow, cfg_.num_flows());
  Timer& t = timers_[e.flow];
  expect(t.armed, "timer of flow {} fired but is not armed (fired twice, or after its cancel/delete)", e.flow);
  expect(e.deadline == t.deadline, "timer of flow {} fired with deadline {}, armed with {}", e.flow,
         e.deadline, t.deadline);
  const auto late = static_cast<std::int32_t>(static_cast<std::uint32_t>(now) - e.deadline);
  expect(late >= 0, "timer of flow {} fired at {} before its deadline {}", e.flow, now, e.deadline);
  expect(static_cast<std::uint64_t>(late) <= cfg_.timer_bound(),
         "timer of flow {} fired {} cycles after its deadline {} (bound {})", e.flow, late, e.deadline,
         cfg_.timer_bound());
  expect(e.part == t.part && e.tiles == t.tiles, "timer of flow {} fired with the wrong handler", e.flow);
  t.armed = false;
  --armed_;
  fired_.push_back({e, now});
}

// A generated event enters like a timer expiry, for its flow index; one out of range is counted
// as a command error and goes no further.
void LookupModel::generate_accepted(const Gen& g, std::uint64_t now) {
  if (g.flow >= cfg_.num_flows()) {
    ++stats_[kCmdErrors];
    return;
  }
  pending_gens_.push_back({g, now});
}

void LookupModel::admit(Event ev) {
  expect(!slots_.contains(ev.slot), "slot {} given to event tag {} while event tag {} still holds it",
         ev.slot, ev.tag, slots_.contains(ev.slot) ? slots_.at(ev.slot).tag : 0);
  if (ev.holds_flow) chains_[ev.flow].push_back(ev.slot);
  slots_.emplace(ev.slot, std::move(ev));
}

std::size_t LookupModel::holders(std::uint32_t flow) const {
  auto it = chains_.find(flow);
  return it == chains_.end() ? 0 : it->second.size();
}

// Events whose done was accepted in the last few cycles may still hold their slot in the design
// (the release follows the write-back by a fixed pipeline delay).
std::size_t LookupModel::recently_released(std::uint32_t flow, std::uint64_t cycle) const {
  auto it = released_.find(flow);
  if (it == released_.end()) return 0;
  std::size_t n = 0;
  for (auto w : it->second) n += (w + 8 > cycle) ? 1 : 0;
  return n;
}

void LookupModel::result(const Res& r, std::uint64_t cycle) {
  ++results_;
  switch (r.kind) {
    case OpKind::kReq: {
      expect(!pending_reqs_.empty(), "result for request tag {} that was never accepted", r.tag);
      const Req req = pending_reqs_.front();
      expect(req.tag == r.tag, "requests decided out of order: result for tag {}, oldest accepted is tag {}",
             r.tag, req.tag);
      pending_reqs_.pop_front();
      ++stats_[kLookups];
      const auto out = table_.lookup(req.key, req.insert);
      Status want = out.status;
      if (out.status == Status::kHit) {
        const std::size_t lower = holders(out.flow);
        const std::size_t upper = lower + recently_released(out.flow, cycle);
        if (r.status == Status::kBusy) {
          expect(upper >= cfg_.max_per_flow,
                 "request tag {} refused as Busy while flow {} holds only {} event(s) (limit {})", r.tag,
                 out.flow, upper, cfg_.max_per_flow);
          want = Status::kBusy;
        } else {
          expect(lower < cfg_.max_per_flow,
                 "request tag {} queued although flow {} already holds {} events (limit {})", r.tag,
                 out.flow, lower, cfg_.max_per_flow);
        }
      }
      expect(r.status == want, "request tag {} key {}: status {}, expected {}", r.tag, req.key.str(),
             to_string(r.status), to_string(want));
      expect(r.flow == out.flow, "request tag {} ({}): flow {}, expected {}", r.tag, to_string(want),
             r.flow, out.flow);
      switch (want) {
        case Status::kHit: ++stats_[kHits]; break;
        case Status::kBusy: ++stats_[kHits]; ++stats_[kBusy]; break;
        case Status::kInserted: ++stats_[kInserts]; break;
        case Status::kMiss: ++stats_[kMisses]; break;
        case Status::kFull: ++stats_[kFull]; break;
        default: break;
      }
      Event ev;
      ev.tag = req.tag;
      ev.slot = r.slot;
      ev.flow = out.flow;
      ev.status = want;
      ev.holds_flow = holds_flow(want);
      ev.tiles = req.tiles;
      ev.ctx = req.ctx;
      ev.ctx.flow = (ev.holds_flow || want == Status::kBusy) ? out.flow : 0;
      admit(std::move(ev));
      break;
    }
    case OpKind::kDel: {
      expect(!pending_dels_.empty(), "delete result for flow {} that was never commanded", r.flow);
      const std::uint32_t f = pending_dels_.front();
      expect(f == r.flow, "deletes decided out of order: result for flow {}, oldest is flow {}", r.flow, f);
      pending_dels_.pop_front();
      const bool ok = table_.erase(f);
      const Status want = ok ? Status::kDeleted : Status::kDelMiss;
      expect(r.status == want, "delete of flow {}: status {}, expected {}", f, to_string(r.status),
             to_string(want));
      ++stats_[ok ? kDeletes : kDelMisses];
      break;
    }
    case OpKind::kTmo: {
      expect(!fired_.empty(), "timeout result for flow {} without a timer expiry", r.flow);
      const Fired fr = fired_.front();
      expect(fr.e.flow == r.flow, "timeouts decided out of order: result for flow {}, oldest expiry is flow {}",
             r.flow, fr.e.flow);
      fired_.pop_front();
      const bool live = table_.valid(r.flow);
      const Status want = live ? Status::kTimeout : Status::kTmoStale;
      expect(r.status == want, "timeout of flow {}: status {}, expected {}", r.flow, to_string(r.status),
             to_string(want));
      if (!live) {
        ++stats_[kTmoStale];
        break;
      }
      ++stats_[kTmoEvents];
      Event ev;
      ev.slot = r.slot;
      ev.flow = r.flow;
      ev.status = Status::kTimeout;
      ev.holds_flow = true;
      ev.tiles = fr.e.tiles;
      ev.ctx.flow = r.flow;
      ev.ctx.event_type = kEvTimeout;
      ev.ctx.target_part = fr.e.part;
      ev.ctx.args[0] = fr.e.deadline;
      // The arrival stamp is taken when the expiry enters the table pipeline.
      ev.ctx.arrival = static_cast<std::uint32_t>(fr.cycle);
      ev.ctx.sp = static_cast<std::uint32_t>(cycle);  // upper bound, kept here until dispatch
      admit(std::move(ev));
      break;
    }
    case OpKind::kGen: {
      expect(!pending_gens_.empty(), "generated-event result for flow {} that was never taken", r.flow);
      const auto [g, taken] = pending_gens_.front();
      expect(g.flow == r.flow, "generated events decided out of order: result for flow {}, oldest is flow {}",
             r.flow, g.flow);
      pending_gens_.pop_front();
      const bool live = table_.valid(r.flow);
      const Status want = live ? Status::kGenerated : Status::kTmoStale;
      expect(r.status == want, "generated event of flow {}: status {}, expected {}", r.flow, to_string(r.status),
             to_string(want));
      if (!live) {
        ++stats_[kTmoStale];
        break;
      }
      Event ev;
      ev.slot = r.slot;
      ev.flow = r.flow;
      ev.status = Status::kGenerated;
      ev.holds_flow = true;
      ev.ctx.flow = r.flow;
      ev.ctx.event_type = kEvGenerated;
      ev.ctx.target_part = g.part;
      ev.ctx.arrival = static_cast<std::uint32_t>(taken);  // stamped when it enters the table pipeline
      ev.ctx.sp = static_cast<std::uint32_t>(cycle);       // upper bound, kept here until dispatch
      admit(std::move(ev));
      break;
    }
  }
}

Block LookupModel::state_of(std::uint32_t flow) const {
  auto it = state_.find(flow);
  expect(it != state_.end(), "flow {} is read before any event of it wrote its state", flow);
  return it->second;
}

void LookupModel::workspace(unsigned layer, const Ws& ws) {
  auto it = slots_.find(ws.slot);
  expect(it != slots_.end(), "workspace (layer {}) for slot {}, which holds no event", layer, ws.slot);
  Event& ev = it->second;
  expect(ev.holds_flow, "workspace (layer {}) for event tag {} that has no flow ({})", layer, ev.tag,
         to_string(ev.status));
  expect(!ev.dispatched && !ev.ws_seen[layer], "second workspace (layer {}) for event tag {} of flow {}",
         layer, ev.tag, ev.flow);
  const auto& chain = chains_.at(ev.flow);
  if (chain.front() != ev.slot) {
    const Event& first = slots_.at(chain.front());
    throw ModelError(fmt::format(
        "serialization: workspace of event tag {} of flow {} delivered while the earlier event tag {} "
        "of that flow (slot {}) is not finished", ev.tag, ev.flow, first.tag, first.slot));
  }
  expect(ws.flow == ev.flow, "workspace of event tag {}: flow {}, expected {}", ev.tag, ws.flow, ev.flow);
  expect(ws.tile == ev.tiles[layer], "workspace of event tag {} layer {}: tile {}, expected {}", ev.tag,
         layer, ws.tile, ev.tiles[layer]);
  if (!ev.ws_seen[0] && !ev.ws_seen[1]) {
    ev.expected = ev.status == Status::kInserted ? Block{} : state_of(ev.flow);
  }
  for (std::size_t j = 0; j < kPortionBytes; ++j) {
    const std::uint8_t want_p = ev.expected[layer * kPortionBytes + j];
    const std::uint8_t want_s = ev.expected[kSharedOffset + j];
    expect(ws.priv[j] == want_p,
           "lost update: flow {} event tag {} layer {} workspace byte {} is {:#04x}, expected {:#04x}",
           ev.flow, ev.tag, layer, j, ws.priv[j], want_p);
    expect(ws.shared[j] == want_s,
           "lost update: flow {} event tag {} shared workspace byte {} (to layer {}) is {:#04x}, expected {:#04x}",
           ev.flow, ev.tag, j, layer, ws.shared[j], want_s);
  }
  ev.ws_seen[layer] = true;
}

void LookupModel::dispatched(const Disp& d, std::uint64_t cycle) {
  ++stats_[kDispatched];
  auto it = slots_.find(d.slot);
  expect(it != slots_.end(), "dispatch from slot {}, which holds no event", d.slot);
  Event& ev = it->second;
  expect(d.status == ev.status && d.tag == ev.tag && d.tiles == ev.tiles,
         "dispatch of slot {}: status {} tag {}, expected status {} tag {} (or wrong tiles)", d.slot,
         to_string(d.status), d.tag, to_string(ev.status), ev.tag);
  if (ev.status == Status::kTimeout || ev.status == Status::kGenerated) {
    Ctx want = ev.ctx;
    const std::uint64_t lo = ev.ctx.arrival, hi = ev.ctx.sp;
    want.sp = 0;
    want.arrival = d.ctx.arrival;
    expect(d.ctx == want, "timeout event of flow {}: context fields differ from the timer's", ev.flow);
    expect(d.ctx.arrival >= lo && d.ctx.arrival <= hi && hi <= cycle,
           "timeout event of flow {}: arrival {} outside [{}, {}]", ev.flow, d.ctx.arrival, lo, hi);
  } else {
    expect(d.ctx == ev.ctx, "dispatch of event tag {}: context differs from the request's (flow {} vs {})",
           ev.tag, d.ctx.flow, ev.ctx.flow);
  }
  if (!ev.holds_flow) {
    slots_.erase(it);
    return;
  }
  for (unsigned l = 0; l < kLayers; ++l) {
    expect(ev.ws_seen[l], "event tag {} of flow {} dispatched before its layer-{} workspace", ev.tag,
           ev.flow, l);
  }
  if (auto a = active_.find(ev.flow); a != active_.end()) {
    throw ModelError(fmt::format("serialization: event tag {} of flow {} dispatched while event tag {} "
                                 "of that flow is still in process", ev.tag, ev.flow,
                                 slots_.at(a->second).tag));
  }
  expect(chains_.at(ev.flow).front() == ev.slot,
         "serialization: event tag {} of flow {} dispatched ahead of an earlier event of that flow",
         ev.tag, ev.flow);
  active_[ev.flow] = ev.slot;
  ev.dispatched = true;
}

void LookupModel::writeback_accepted(const Wb& wb, std::uint64_t cycle) {
  auto it = slots_.find(wb.slot);
  if (it == slots_.end() || !it->second.dispatched) {
    ++stats_[kWbErrors];  // not an event in process: the design ignores it
    return;
  }
  Event& ev = it->second;
  if (ev.stage.apply(wb)) ++stats_[kWbConflicts];
  if (!wb.done) return;
  Block& st = state_[ev.flow];
  ev.stage.commit(st, ev.status == Status::kInserted);
  auto& chain = chains_.at(ev.flow);
  expect(chain.front() == ev.slot, "done of event tag {} that is not the head of flow {}", ev.tag, ev.flow);
  chain.pop_front();
  if (chain.empty()) chains_.erase(ev.flow);
  active_.erase(ev.flow);
  auto& rel = released_[ev.flow];
  rel.push_back(cycle);
  while (!rel.empty() && rel.front() + 64 < cycle) rel.pop_front();
  slots_.erase(it);
  ++stats_[kDones];
  ++dones_;
}

const LookupModel::Event* LookupModel::event_in_slot(std::uint8_t slot) const {
  auto it = slots_.find(slot);
  return it == slots_.end() ? nullptr : &it->second;
}

bool LookupModel::timer_armed(std::uint32_t flow) const { return flow < timers_.size() && timers_[flow].armed; }

bool LookupModel::quiescent() const {
  return pending_reqs_.empty() && pending_dels_.empty() && pending_gens_.empty() && fired_.empty() &&
         slots_.empty();
}

std::string LookupModel::pending_summary() const {
  return fmt::format("{} request(s), {} delete(s), {} generated, {} expiries undecided; {} event(s) in slots",
                     pending_reqs_.size(), pending_dels_.size(), pending_gens_.size(), fired_.size(),
                     slots_.size());
}

void LookupModel::finish(std::uint64_t now, const Stats& design) const {
  expect(quiescent(), "at the end: {}", pending_summary());
  for (std::uint32_t f = 0; f < timers_.size(); ++f) {
    const Timer& t = timers_[f];
    if (!t.armed) continue;
    const auto late = static_cast<std::int32_t>(static_cast<std::uint32_t>(now) - t.deadline);
    expect(late <= static_cast<std::int64_t>(cfg_.timer_bound()),
           "timer of flow {} (deadline {}) never fired; now {}", f, t.deadline, now);
  }
  Stats want = stats_;
  want[kUsed] = table_.used();
  want[kStashUsed] = table_.stash_used();
  std::string diff;
  for (std::size_t i = 0; i < kNumStats; ++i) {
    if (want[i] != design[i]) diff += fmt::format(" {}={} (expected {})", kStatNames[i], design[i], want[i]);
  }
  expect(diff.empty(), "counters differ:{}", diff);
}

}  // namespace baton::model::lookup
