// SPDX-License-Identifier: Apache-2.0
#include "baton/iss/tile.hpp"

#include <stdexcept>

#include <fmt/format.h>

namespace baton::iss {

namespace {
const TileConfig& validated(const TileConfig& cfg) {
  cfg.validate();
  return cfg;
}
}  // namespace

Tile::Tile(const TileConfig& cfg, MemoryPort& mem, const PartitionMap* parts)
    : cfg_(validated(cfg)), mem_(mem), parts_(parts), exec_(cfg_, mem_), harts_(cfg_.threads),
      last_(cfg_.threads - 1) {}

DeliverStatus Tile::deliver(unsigned thread, const Ctx& ctx) {
  Hart& h = harts_.at(thread);
  if (h.running()) return DeliverStatus::kBusy;
  if (parts_ == nullptr) throw std::logic_error("Tile::deliver needs a PartitionMap");
  const EntryLookup e = parts_->entry(ctx.target_part, ctx.entry_kind, ctx.entry);
  if (e.status == EntryStatus::kMissing) return DeliverStatus::kMissing;
  if (e.status == EntryStatus::kNotResident) return DeliverStatus::kNotResident;
  h = Hart{};
  h.state = Hart::State::kRunning;
  h.pc = e.pc;
  h.ctx = ctx;
  h.x[2] = ctx.sp;
  for (unsigned i = 0; i < ctx.args.size(); ++i) h.x[10 + i] = ctx.args[i];
  return DeliverStatus::kOk;
}

void Tile::start_bare(unsigned thread, std::uint32_t pc) {
  Hart& h = harts_.at(thread);
  h = Hart{};
  h.state = Hart::State::kRunning;
  h.pc = pc;
  h.x[10] = thread;
}

std::optional<RetireRecord> Tile::cycle() {
  const unsigned n = cfg_.threads;
  for (unsigned i = 1; i <= n; ++i) {
    const unsigned t = (last_ + i) % n;
    if (harts_[t].running()) {
      last_ = t;
      RetireRecord r = issue(t);
      ++cycles_;
      return r;
    }
  }
  ++cycles_;
  return std::nullopt;
}

RetireRecord Tile::step_thread(unsigned thread) {
  if (!harts_.at(thread).running()) {
    throw std::logic_error(fmt::format("Tile::step_thread: thread {} is not running", thread));
  }
  return issue(thread);
}

RetireRecord Tile::issue(unsigned thread) {
  RetireRecord r = exec_.step(harts_[thread], thread);
  r.order = order_++;
  r.cycle = cycles_;
  return r;
}

std::optional<unsigned> Tile::free_thread() const {
  for (unsigned t = 0; t < harts_.size(); ++t) {
    if (!harts_[t].running()) return t;
  }
  return std::nullopt;
}

bool Tile::any_running() const {
  for (const auto& h : harts_) {
    if (h.running()) return true;
  }
  return false;
}

}  // namespace baton::iss
