// SPDX-License-Identifier: Apache-2.0
#include "baton/tb/scheduler.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "baton/tb/config.hpp"
#include "baton/tb/failure.hpp"

namespace baton::tb {

void Scheduler::spawn(Task task) {
  auto h = task.handle();
  tasks_.push_back(std::move(task));
  resume_soon(h);
}

void Scheduler::resume_list(std::vector<std::coroutine_handle<>>& list) {
  std::vector<std::coroutine_handle<>> now;
  now.swap(list);  // waiters that re-arm go onto the fresh list, for the next cycle
  for (auto h : now) ready_.push_back(h);
  drain_ready();
}

void Scheduler::drain_ready() {
  while (!ready_.empty()) {
    auto h = ready_.front();
    ready_.pop_front();
    h.resume();
    reap_finished();
  }
}

// A spawned task that ended with an exception ends the simulation with that error.
void Scheduler::reap_finished() {
  for (auto& t : tasks_) {
    if (t.done()) {
      try {
        t.rethrow_if_failed();
      } catch (const SimStop&) {
        throw;
      } catch (const std::exception& e) {
        t = Task{};
        fail(fmt::format("task ended with exception: {}", e.what()));
      }
    }
  }
  std::erase_if(tasks_, [](const Task& t) { return !t.valid() || t.done(); });
}

bool Scheduler::all_tasks_done() const {
  return std::all_of(tasks_.begin(), tasks_.end(), [](const Task& t) { return t.done(); });
}

void Scheduler::step() {
  settle();
  for (auto& cb : samplers_) cb();
  resume_list(sample_waiters_);
  clock_edge();
  ++cycle_;
  if (assertion_failed()) fail("SystemVerilog assertion failed (message above)");
  for (auto& cb : drivers_) cb();
  while (!timers_.empty() && timers_.begin()->first <= cycle_) {
    ready_.push_back(timers_.begin()->second);
    timers_.erase(timers_.begin());
  }
  resume_list(edge_waiters_);
}

bool Scheduler::run(std::uint64_t max_cycles, const std::function<bool()>& until) {
  if (failed_) return false;
  try {
    drain_ready();  // start freshly spawned tasks before the first edge
    const std::uint64_t limit = cycle_ + max_cycles;
    while (true) {
      if (until ? until() : all_tasks_done()) return true;
      if (cycle_ >= limit) fail(fmt::format("cycle budget of {} cycles exhausted (hang?)", max_cycles));
      step();
    }
  } catch (const SimStop&) {
    return false;
  }
}

bool Scheduler::advance(std::uint64_t n) {
  if (failed_) return false;
  try {
    drain_ready();
    for (std::uint64_t i = 0; i < n; ++i) step();
    return true;
  } catch (const SimStop&) {
    return false;
  }
}

void Scheduler::fail(const std::string& what) {
  if (!failed_) {
    failed_ = true;
    on_failure();
    failure_ = fmt::format(
        "{}\n  test:  {}\n  seed:  {}\n  cycle: {}\n  repro: {}\n  waves: {}", what,
        current_test_name(), seed_, cycle_, repro_command(seed_, false), repro_command(seed_, true));
    report_failure(failure_);
  }
  throw SimStop(what);
}

}  // namespace baton::tb
