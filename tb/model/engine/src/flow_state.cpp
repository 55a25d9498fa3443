// SPDX-License-Identifier: Apache-2.0
#include "baton/model/engine/flow_state.hpp"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

#include "baton/model/ingress/ingress_model.hpp"

namespace baton::model::engine {

namespace fs = abi::flow_state;
using abi::EventType;

namespace {

bool holds_state(fs::Status s) {
  return s == fs::Status::kHit || s == fs::Status::kInserted || s == fs::Status::kTimeout ||
         s == fs::Status::kGenerated;
}

}  // namespace

FlowUnit::FlowUnit(const FlowStateConfig& cfg, iss::EngineMemory& mem, unsigned threads)
    : cfg_(cfg), mem_(mem), table_(cfg.table), state_(cfg.table.num_flows()), timers_(cfg.table.num_flows()),
      thread_handle_(threads, -1), thread_layer_(threads, 0), scratch_(cfg.scratch_bytes / 4, 0) {
  if (cfg.table.num_flows() > (1U << width::kFlow))
    throw std::invalid_argument(fmt::format("flow state: {} flows do not fit ctx.flow's {} bits",
                                            cfg.table.num_flows(), width::kFlow));
  if (cfg.table.max_per_flow == 0) throw std::invalid_argument("flow state: max_per_flow must be at least 1");
  for (unsigned c = 0; c < kEventClasses; ++c) {
    if (static_cast<unsigned>(cfg.classes[c].mode) > 2)
      throw std::invalid_argument(fmt::format("flow state: class {} has an unknown lookup mode", c));
  }
  ingress::check_channels(cfg.channels);
  for (const auto l : cfg.part_layer) {
    if (l >= lookup::kLayers) throw std::invalid_argument(fmt::format("flow state: layer {} out of range", l));
  }
  if (cfg.scratch_bytes == 0 || cfg.scratch_bytes % 4 != 0 ||
      cfg.scratch_bytes > abi::kLookupBytes - fs::kScratchOffset)
    throw std::invalid_argument("flow state: scratch_bytes must be a non-zero multiple of 4 within the window");
}

void FlowUnit::route(Ctx& ctx, unsigned cls) const {
  const EventClass& ec = cfg_.classes.at(cls);
  if (!ec.enabled) return;
  ctx.target_part = ec.part;
  ctx.entry_kind = EntryKind::kIndex;
  ctx.entry = ec.entry;
}

void FlowUnit::count_used() {
  counters_.used = table_.used();
  counters_.max_used = std::max(counters_.max_used, counters_.used);
}

std::optional<Ctx> FlowUnit::admit(Ctx ctx, std::span<const std::uint8_t> frame, const ingress::ParseWord& word,
                                   unsigned port, unsigned cls) {
  const EventClass& ec = cfg_.classes.at(cls);
  Waiting w;
  w.cls = cls;
  if (!ec.enabled || ec.mode == LookupMode::kNone) {
    events_[ctx.pkt_handle] = Event{};  // status none
    return ctx;
  }
  ++counters_.lookups;
  const auto key = ec.conn ? ingress::connection_key(frame, word).key
                          : ingress::flow_key(frame, word, cfg_.channels.port_class.at(port & 15U));
  const auto out = table_.lookup(key, ec.mode == LookupMode::kInsert);
  count_used();
  Event ev;
  ev.flow = out.flow;
  switch (out.status) {
    case lookup::Status::kHit: ev.status = Status::kHit; break;
    case lookup::Status::kInserted:
      ev.status = Status::kInserted;
      state_.at(out.flow).fill(0);  // a new flow's state starts at zero
      ++counters_.inserts;
      break;
    case lookup::Status::kMiss: ev.status = Status::kMiss; break;
    case lookup::Status::kFull: ev.status = Status::kFull; break;
    default: throw std::logic_error("flow state: unexpected table outcome");
  }
  if (ev.status == Status::kHit) ++counters_.hits;
  if (ev.status == Status::kMiss) ++counters_.misses;
  if (ev.status == Status::kFull) ++counters_.full;
  if (ev.status == Status::kHit || ev.status == Status::kInserted) {
    const auto it = chains_.find(ev.flow);
    const std::size_t holders = (active_.contains(ev.flow) ? 1 : 0) + (it == chains_.end() ? 0 : it->second.size());
    if (holders >= cfg_.table.max_per_flow) {
      ev.status = Status::kBusy;  // passed on without the flow's lock
      ++counters_.busy;
    }
  }
  ev.holds = holds_state(ev.status);
  if (!ev.holds) {
    events_[ctx.pkt_handle] = ev;
    return ctx;
  }
  w.ctx = ctx;
  w.ev = ev;
  const bool now = !active_.contains(ev.flow);
  enqueue(std::move(w));
  if (!now) return std::nullopt;
  auto r = ready_.back();
  ready_.pop_back();
  return r;
}

void FlowUnit::enqueue(Waiting w) {
  const std::uint32_t flow = w.ev.flow;
  if (active_.contains(flow)) {
    chains_[flow].push_back(std::move(w));
    return;
  }
  active_.insert(flow);
  if (w.ctx) {
    events_[w.ctx->pkt_handle] = w.ev;
    ready_.push_back(*w.ctx);
  } else {
    packetless_.push_back(std::move(w));
  }
}

void FlowUnit::release(std::uint32_t flow) {
  active_.erase(flow);
  auto it = chains_.find(flow);
  if (it == chains_.end()) return;
  Waiting w = std::move(it->second.front());
  it->second.pop_front();
  if (it->second.empty()) chains_.erase(it);
  enqueue(std::move(w));
}

std::vector<Ctx> FlowUnit::take_ready() {
  std::vector<Ctx> r;
  r.swap(ready_);
  return r;
}

Ctx FlowUnit::start_packetless(std::uint16_t handle, std::uint32_t now, std::uint32_t stack_bytes) {
  if (packetless_.empty()) throw std::logic_error("flow state: no packetless event waiting");
  Waiting w = std::move(packetless_.front());
  packetless_.pop_front();
  Ctx c;
  c.pkt_handle = handle;
  c.pkt_len = 0;
  c.arrival = now;
  c.flow = w.ev.flow;
  c.event_type = static_cast<std::uint8_t>(w.type);
  c.sp = abi::kStackBase + stack_bytes;
  route(c, w.cls);
  events_[handle] = w.ev;
  return c;
}

void FlowUnit::delivered(unsigned g, const Ctx& ctx) {
  thread_handle_.at(g) = ctx.pkt_handle;
  thread_layer_.at(g) = cfg_.part_layer.at(ctx.target_part);
  mem_.clear_state_dirty(g);
  const Event& ev = events_.at(ctx.pkt_handle);
  if (!ev.holds) return;
  // The flow's state as this event has left it so far: committed state overlaid with the
  // event's earlier write-backs (a migration sees what the previous thread wrote).
  lookup::Block view = state_.at(ev.flow);
  for (std::size_t i = 0; i < lookup::kBlockBytes; ++i)
    if (ev.stage.claimed[i]) view[i] = ev.stage.data[i];
  const unsigned layer = thread_layer_[g];
  auto& ws = mem_.workspace(g);
  for (std::size_t j = 0; j < lookup::kPortionBytes; ++j) {
    ws.write8(static_cast<std::uint32_t>(fs::kPrivateOffset + j), view[layer * lookup::kPortionBytes + j]);
    ws.write8(static_cast<std::uint32_t>(fs::kSharedOffset + j), view[lookup::kSharedOffset + j]);
  }
}

FlowUnit::Event* FlowUnit::event_of_thread(unsigned g) {
  const int h = thread_handle_.at(g);
  if (h < 0) throw std::logic_error(fmt::format("flow state: thread {} runs no event", g));
  return &events_.at(static_cast<std::uint16_t>(h));
}

void FlowUnit::let_go(unsigned g, bool ends, std::uint64_t /*now*/) {
  const int h = thread_handle_.at(g);
  if (h < 0) throw std::logic_error(fmt::format("flow state: thread {} lets go of nothing", g));
  thread_handle_[g] = -1;
  auto it = events_.find(static_cast<std::uint16_t>(h));
  Event& ev = it->second;
  if (ev.holds) {
    // The write-back: the bytes this thread stored, with their masks (SP5, SP8).
    const std::uint32_t dirty = mem_.state_dirty(g);
    lookup::Wb wb;
    wb.done = ends;
    const auto& ws = mem_.workspace(g);
    // The layer is the partition's: the thread ran the context's target partition.
    wb.layer = thread_layer_.at(g);
    for (std::size_t j = 0; j < lookup::kPortionBytes; ++j) {
      wb.priv[j] = ws.read8(static_cast<std::uint32_t>(fs::kPrivateOffset + j));
      wb.shared[j] = ws.read8(static_cast<std::uint32_t>(fs::kSharedOffset + j));
    }
    wb.priv_be = static_cast<std::uint16_t>(dirty >> fs::kPrivateOffset);
    wb.shared_be = static_cast<std::uint16_t>(dirty >> fs::kSharedOffset);
    if (ev.stage.apply(wb)) ++counters_.wb_conflicts;
  }
  if (!ends) return;
  if (ev.holds) {
    ev.stage.commit(state_.at(ev.flow), false);
    if (ev.del) {
      if (table_.erase(ev.flow)) ++counters_.deletes;
      if (timers_[ev.flow].armed) timers_[ev.flow].armed = false;
      count_used();
    }
    const std::uint32_t flow = ev.flow;
    events_.erase(it);
    release(flow);
  } else {
    events_.erase(it);
  }
}

void FlowUnit::tick(std::uint64_t now) {
  now_ = now;
  while (!deadlines_.empty() && deadlines_.begin()->first <= now) {
    const auto [deadline, flow] = *deadlines_.begin();
    deadlines_.erase(deadlines_.begin());
    Timer& t = timers_.at(flow);
    if (!t.armed || t.deadline != deadline) continue;  // cancelled or moved
    t.armed = false;
    ++counters_.timers_fired;
    if (!table_.valid(flow)) {
      ++counters_.stale_timers;
      continue;
    }
    ++counters_.timeout_events;
    Waiting w;
    w.cls = t.cls;
    w.type = EventType::kTimeout;
    w.ev.flow = flow;
    w.ev.status = Status::kTimeout;
    w.ev.holds = true;
    enqueue(std::move(w));
  }
}

std::optional<std::uint64_t> FlowUnit::next_deadline() const {
  for (const auto& [d, flow] : deadlines_) {
    const Timer& t = timers_.at(flow);
    if (t.armed && t.deadline == d) return d;
  }
  return std::nullopt;
}

bool FlowUnit::idle() const { return active_.empty() && chains_.empty() && packetless_.empty() && ready_.empty(); }

lookup::Block FlowUnit::state(std::uint32_t flow) const { return state_.at(flow); }

std::uint32_t FlowUnit::lookup_load(unsigned thread, std::uint32_t offset) {
  if (offset >= fs::kScratchOffset) return scratch_.at((offset - fs::kScratchOffset) / 4);
  const Event* ev = event_of_thread(thread);
  switch (static_cast<fs::Reg>(offset)) {
    case fs::Reg::kFlow:
      return ev->holds ? ev->flow : 0;
    case fs::Reg::kStatus: return static_cast<std::uint32_t>(ev->status);
    default: break;
  }
  throw std::logic_error(fmt::format("flow state: load from lookup register {:#x}", offset));
}

void FlowUnit::lookup_store(unsigned thread, std::uint32_t offset, std::uint32_t value) {
  if (offset >= fs::kScratchOffset) {
    scratch_.at((offset - fs::kScratchOffset) / 4) = value;
    return;
  }
  Event* ev = event_of_thread(thread);
  if (!ev->holds) {
    ++counters_.ignored_ops;
    return;
  }
  Timer& t = timers_.at(ev->flow);
  switch (static_cast<fs::Reg>(offset)) {
    case fs::Reg::kTimerSet:
      t.armed = true;
      t.deadline = now_ + value;
      t.cls = ev->tmo_cls;
      deadlines_.emplace(t.deadline, ev->flow);
      return;
    case fs::Reg::kTimerCancel: t.armed = false; return;
    case fs::Reg::kTimerClass: ev->tmo_cls = value & (kEventClasses - 1); return;
    case fs::Reg::kDelete: ev->del = true; return;
    case fs::Reg::kGenEvent: {
      ++counters_.generated;
      Waiting w;
      w.cls = value & (kEventClasses - 1);
      w.type = EventType::kGenerated;
      w.ev.flow = ev->flow;
      w.ev.status = Status::kGenerated;
      w.ev.holds = true;
      chains_[ev->flow].push_back(std::move(w));  // behind this event, which holds the flow
      return;
    }
    default: break;
  }
  throw std::logic_error(fmt::format("flow state: store to lookup register {:#x}", offset));
}

}  // namespace baton::model::engine
