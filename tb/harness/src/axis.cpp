// SPDX-License-Identifier: Apache-2.0
#include "baton/tb/axis.hpp"

#include <algorithm>

namespace baton::tb {

std::vector<AxisBeat> to_beats(const AxisPacket& p, unsigned lanes) {
  std::vector<AxisBeat> beats;
  const std::size_t n = p.data.size();
  for (std::size_t off = 0; off < std::max<std::size_t>(n, 1); off += lanes) {
    AxisBeat b;
    b.bytes.assign(lanes, 0);
    const std::size_t take = std::min<std::size_t>(lanes, n - std::min(off, n));
    std::copy_n(p.data.begin() + static_cast<std::ptrdiff_t>(std::min(off, n)), take, b.bytes.begin());
    b.keep = take >= 64 ? ~0ULL : ((1ULL << take) - 1);
    b.last = off + lanes >= n;
    b.user = b.last && p.error;
    beats.push_back(std::move(b));
  }
  return beats;
}

AxisSource::AxisSource(Scheduler& sched, AxisSourcePins pins, unsigned lanes, std::string name,
                       Pattern willing)
    : sched_(sched), pins_(std::move(pins)), lanes_(lanes), name_(std::move(name)),
      willing_(std::move(willing)) {
  pins_.set_valid(false);
  sched_.on_sample([this] { sample(); });
  sched_.on_drive([this] { drive(); });
}

void AxisSource::push(const AxisPacket& p) {
  for (auto& b : to_beats(p, lanes_)) beats_.push_back(std::move(b));
}

void AxisSource::sample() {
  if (valid_ && pins_.ready()) {
    const bool last = beats_.front().last;
    beats_.pop_front();
    valid_ = false;
    if (!mid_packet_ && on_packet_started) on_packet_started(packets_sent_);
    mid_packet_ = !last;
    if (last) {
      if (on_packet_sent) on_packet_sent(packets_sent_);
      ++packets_sent_;
    }
  }
}

void AxisSource::drive() {
  if (!valid_ && !beats_.empty() && willing_()) {
    valid_ = true;
    pins_.set_beat(beats_.front());
  }
  pins_.set_valid(valid_);
}

AxisSink::AxisSink(Scheduler& sched, AxisSinkPins pins, unsigned lanes, std::string name,
                   Pattern ready)
    : sched_(sched), pins_(std::move(pins)), lanes_(lanes), name_(std::move(name)),
      willing_(std::move(ready)) {
  pins_.set_ready(false);
  sched_.on_sample([this] { sample(); });
  sched_.on_drive([this] { drive(); });
}

void AxisSink::sample() {
  if (!(ready_ && pins_.valid())) return;
  const AxisBeat b = pins_.beat();
  // Valid bytes must be contiguous from lane 0; only the last beat may be partial.
  const std::uint64_t full = lanes_ >= 64 ? ~0ULL : ((1ULL << lanes_) - 1);
  const std::uint64_t k = b.keep & full;
  if ((k & (k + 1)) != 0) sched_.fail(fmt::format("{}: tkeep {:#x} is not contiguous from lane 0", name_, k));
  if (!b.last && k != full) sched_.fail(fmt::format("{}: partial tkeep {:#x} before tlast", name_, k));
  for (unsigned i = 0; i < lanes_; ++i) {
    if ((k >> i) & 1U) current_.data.push_back(b.bytes[i]);
  }
  if (b.last) {
    current_.error = b.user;
    ++packets_;
    if (on_packet) on_packet(current_);
    current_ = AxisPacket{};
  }
}

void AxisSink::drive() {
  ready_ = willing_();
  pins_.set_ready(ready_);
}

}  // namespace baton::tb
