// SPDX-License-Identifier: Apache-2.0
#include "baton/tb/axil.hpp"

#include <fmt/format.h>

namespace baton::tb {

namespace {
Pattern maybe_random(Rng rng, double p_busy) {
  return p_busy <= 0.0 ? pattern::always() : pattern::random(rng, 1.0 - p_busy);
}
}  // namespace

AxilMaster::AxilMaster(Scheduler& sched, AxilMasterPins pins, std::string name, Rng rng,
                       double idle, double backpressure)
    : sched_(sched),
      name_(std::move(name)),
      aw_(sched, std::move(pins.aw), name_ + ".aw", maybe_random(rng.fork(1), idle)),
      w_(sched, std::move(pins.w), name_ + ".w", maybe_random(rng.fork(2), idle)),
      b_(sched, std::move(pins.b), name_ + ".b", maybe_random(rng.fork(3), backpressure)),
      ar_(sched, std::move(pins.ar), name_ + ".ar", maybe_random(rng.fork(4), idle)),
      r_(sched, std::move(pins.r), name_ + ".r", maybe_random(rng.fork(5), backpressure)) {
  b_.on_item = [this](const std::uint8_t& resp) {
    if (pending_writes_.empty()) sched_.fail(fmt::format("{}: write response without a write", name_));
    auto* out = pending_writes_.front();
    pending_writes_.pop_front();
    out->resp = static_cast<AxilResp>(resp & 3U);
    out->done = true;
  };
  r_.on_item = [this](const std::uint64_t& beat) {
    if (pending_reads_.empty()) sched_.fail(fmt::format("{}: read data without a read", name_));
    auto* out = pending_reads_.front();
    pending_reads_.pop_front();
    out->data = static_cast<std::uint32_t>(beat);
    out->resp = static_cast<AxilResp>((beat >> 32) & 3U);
    out->done = true;
  };
}

Task AxilMaster::write(std::uint32_t addr, std::uint32_t data, std::uint8_t strb, AxilResult& out) {
  out = AxilResult{};
  pending_writes_.push_back(&out);
  aw_.push(addr);
  w_.push(AxilWrite{0, data, strb});
  while (!out.done) co_await sched_.rising_edge();
}

Task AxilMaster::read(std::uint32_t addr, AxilResult& out) {
  out = AxilResult{};
  pending_reads_.push_back(&out);
  ar_.push(addr);
  while (!out.done) co_await sched_.rising_edge();
}

}  // namespace baton::tb
