// SPDX-License-Identifier: Apache-2.0
// Scoreboards compare what a design produced with what a reference model expects.
// InOrderScoreboard: items must come out in the expected order.
// KeyedScoreboard: order is enforced within a key (e.g. a flow) and free across keys.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <string>
#include <utility>

#include <fmt/format.h>

#include "baton/tb/scheduler.hpp"

namespace baton::tb {

template <typename T>
std::string describe(const T& v) {
  if constexpr (fmt::is_formattable<T>::value) {
    return fmt::format("{}", v);
  } else {
    return "<item>";
  }
}

template <typename T>
class InOrderScoreboard {
 public:
  using Formatter = std::function<std::string(const T&)>;
  InOrderScoreboard(Scheduler& sched, std::string name, Formatter f = describe<T>)
      : sched_(sched), name_(std::move(name)), fmt_(std::move(f)) {}

  void expect(T v) { expected_.push_back(std::move(v)); }
  void observe(const T& got) {
    if (expected_.empty()) {
      sched_.fail(fmt::format("{}: unexpected item #{}: {}", name_, matched_, fmt_(got)));
    }
    if (!(expected_.front() == got)) {
      sched_.fail(fmt::format("{}: mismatch at item #{}: expected {}, got {}", name_, matched_,
                              fmt_(expected_.front()), fmt_(got)));
    }
    expected_.pop_front();
    ++matched_;
  }
  // At the end of a test: everything expected has been seen.
  void check_drained() {
    if (!expected_.empty()) {
      sched_.fail(fmt::format("{}: {} expected item(s) never seen; first: {}", name_,
                              expected_.size(), fmt_(expected_.front())));
    }
  }
  [[nodiscard]] std::size_t pending() const { return expected_.size(); }
  [[nodiscard]] std::uint64_t matched() const { return matched_; }

 private:
  Scheduler& sched_;
  std::string name_;
  Formatter fmt_;
  std::deque<T> expected_;
  std::uint64_t matched_ = 0;
};

template <typename K, typename T>
class KeyedScoreboard {
 public:
  using Formatter = std::function<std::string(const T&)>;
  KeyedScoreboard(Scheduler& sched, std::string name, Formatter f = describe<T>)
      : sched_(sched), name_(std::move(name)), fmt_(std::move(f)) {}

  void expect(const K& key, T v) {
    expected_[key].push_back(std::move(v));
    ++pending_;
  }
  void observe(const K& key, const T& got) {
    auto it = expected_.find(key);
    if (it == expected_.end() || it->second.empty()) {
      sched_.fail(fmt::format("{}: unexpected item for key {}: {}", name_, describe(key), fmt_(got)));
    }
    if (!(it->second.front() == got)) {
      sched_.fail(fmt::format("{}: mismatch for key {}: expected {}, got {}", name_, describe(key),
                              fmt_(it->second.front()), fmt_(got)));
    }
    it->second.pop_front();
    --pending_;
    ++matched_;
  }
  void check_drained() {
    for (const auto& [key, q] : expected_) {
      if (!q.empty()) {
        sched_.fail(fmt::format("{}: {} expected item(s) never seen for key {}; first: {}", name_,
                                q.size(), describe(key), fmt_(q.front())));
      }
    }
  }
  [[nodiscard]] std::size_t pending() const { return pending_; }
  [[nodiscard]] std::uint64_t matched() const { return matched_; }

 private:
  Scheduler& sched_;
  std::string name_;
  Formatter fmt_;
  std::map<K, std::deque<T>> expected_;
  std::size_t pending_ = 0;
  std::uint64_t matched_ = 0;
};

}  // namespace baton::tb
