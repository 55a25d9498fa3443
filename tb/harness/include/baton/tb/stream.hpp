// SPDX-License-Identifier: Apache-2.0
// Valid/ready stream agents: a source (driver) and a sink that drive a channel, and a passive
// monitor that checks the channel contract and reports transfers. A transfer happens on a rising
// edge where valid and ready are both high; agents observe it in the sample phase and change
// their outputs in the drive phase (see scheduler.hpp).
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <utility>

#include <fmt/format.h>

#include "baton/tb/pattern.hpp"
#include "baton/tb/port.hpp"
#include "baton/tb/scheduler.hpp"

namespace baton::tb {

template <typename T>
struct SourcePins {
  std::function<void(bool)> set_valid;
  std::function<bool()> ready;
  std::function<void(const T&)> set_payload;
};

template <typename T>
struct SinkPins {
  std::function<bool()> valid;
  std::function<void(bool)> set_ready;
  std::function<T()> payload;
};

template <typename T>
struct MonitorPins {
  std::function<bool()> valid;
  std::function<bool()> ready;
  std::function<T()> payload;
};

// Binds pins to model members: source_pins<T>(dut.in_valid_i, dut.in_ready_o, dut.in_data_i).
template <typename T, typename V, typename R, typename D>
SourcePins<T> source_pins(V& valid, const R& ready, D& data) {
  return {[&valid](bool b) { valid = b; }, [&ready] { return ready != 0; },
          [&data](const T& v) { write_port(data, v); }};
}
template <typename T, typename V, typename R, typename D>
SinkPins<T> sink_pins(const V& valid, R& ready, const D& data) {
  return {[&valid] { return valid != 0; }, [&ready](bool b) { ready = b; },
          [&data] { return read_port<T>(data); }};
}
template <typename T, typename V, typename R, typename D>
MonitorPins<T> monitor_pins(const V& valid, const R& ready, const D& data) {
  return {[&valid] { return valid != 0; }, [&ready] { return ready != 0; },
          [&data] { return read_port<T>(data); }};
}

template <typename T>
class StreamSource {
 public:
  StreamSource(Scheduler& sched, SourcePins<T> pins, std::string name,
               Pattern willing = pattern::always())
      : sched_(sched), pins_(std::move(pins)), name_(std::move(name)), willing_(std::move(willing)) {
    pins_.set_valid(false);
    sched_.on_sample([this] { sample(); });
    sched_.on_drive([this] { drive(); });
  }
  StreamSource(const StreamSource&) = delete;
  StreamSource& operator=(const StreamSource&) = delete;

  void set_pattern(Pattern p) { willing_ = std::move(p); }
  void push(T item) {
    queue_.push_back(std::move(item));
    ++pushed_;
  }
  // Pushes an item and returns when the design has accepted it.
  Task send(T item) {
    push(std::move(item));
    const std::uint64_t ticket = pushed_;
    while (accepted_ < ticket) co_await sched_.rising_edge();
  }
  // Returns when every pushed item has been accepted.
  Task drain() {
    while (accepted_ < pushed_) co_await sched_.rising_edge();
  }
  [[nodiscard]] std::size_t pending() const { return queue_.size(); }
  [[nodiscard]] std::uint64_t accepted() const { return accepted_; }
  [[nodiscard]] const std::string& name() const { return name_; }
  // Called in the sample phase with each accepted item.
  std::function<void(const T&)> on_accept;

 private:
  void sample() {
    if (valid_ && pins_.ready()) {
      if (on_accept) on_accept(queue_.front());
      queue_.pop_front();
      ++accepted_;
      valid_ = false;
    }
  }
  void drive() {
    // An offered item stays offered, unchanged, until it is taken (valid never depends on ready).
    if (!valid_ && !queue_.empty() && willing_()) {
      valid_ = true;
      pins_.set_payload(queue_.front());
    }
    pins_.set_valid(valid_);
  }

  Scheduler& sched_;
  SourcePins<T> pins_;
  std::string name_;
  Pattern willing_;
  std::deque<T> queue_;
  bool valid_ = false;
  std::uint64_t pushed_ = 0;
  std::uint64_t accepted_ = 0;
};

template <typename T>
class StreamSink {
 public:
  StreamSink(Scheduler& sched, SinkPins<T> pins, std::string name, Pattern ready = pattern::always())
      : sched_(sched), pins_(std::move(pins)), name_(std::move(name)), willing_(std::move(ready)) {
    pins_.set_ready(false);
    sched_.on_sample([this] { sample(); });
    sched_.on_drive([this] { drive(); });
  }
  StreamSink(const StreamSink&) = delete;
  StreamSink& operator=(const StreamSink&) = delete;

  void set_pattern(Pattern p) { willing_ = std::move(p); }
  // Called in the sample phase with every received item.
  std::function<void(const T&)> on_item;
  [[nodiscard]] std::uint64_t received() const { return received_; }
  // Returns once `n` items in total have been received.
  Task wait_for(std::uint64_t n) {
    while (received_ < n) co_await sched_.rising_edge();
  }
  [[nodiscard]] const std::string& name() const { return name_; }

 private:
  void sample() {
    if (ready_ && pins_.valid()) {
      ++received_;
      if (on_item) on_item(pins_.payload());
    }
  }
  void drive() {
    ready_ = willing_();
    pins_.set_ready(ready_);
  }

  Scheduler& sched_;
  SinkPins<T> pins_;
  std::string name_;
  Pattern willing_;
  bool ready_ = false;
  std::uint64_t received_ = 0;
};

// Passive monitor: reports transfers and fails the test when the channel breaks the contract
// (valid withdrawn, or payload changed, while valid waits for ready).
template <typename T>
class StreamMonitor {
 public:
  StreamMonitor(Scheduler& sched, MonitorPins<T> pins, std::string name)
      : sched_(sched), pins_(std::move(pins)), name_(std::move(name)) {
    sched_.on_sample([this] { sample(); });
  }
  StreamMonitor(const StreamMonitor&) = delete;
  StreamMonitor& operator=(const StreamMonitor&) = delete;

  std::function<void(const T&)> on_transfer;
  [[nodiscard]] std::uint64_t transfers() const { return transfers_; }

 private:
  void sample() {
    const bool valid = pins_.valid();
    const bool ready = pins_.ready();
    if (waiting_) {
      if (!valid) sched_.fail(fmt::format("{}: valid withdrawn before ready", name_));
      if (!(pins_.payload() == held_)) sched_.fail(fmt::format("{}: payload changed while waiting for ready", name_));
    }
    if (valid && ready) {
      ++transfers_;
      if (on_transfer) on_transfer(pins_.payload());
    }
    waiting_ = valid && !ready;
    if (waiting_) held_ = pins_.payload();
  }

  Scheduler& sched_;
  MonitorPins<T> pins_;
  std::string name_;
  bool waiting_ = false;
  T held_{};
  std::uint64_t transfers_ = 0;
};

}  // namespace baton::tb
