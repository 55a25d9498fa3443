// SPDX-License-Identifier: Apache-2.0
// Scheduler: cycle-based coroutine scheduling with separate sample and drive phases.
//
// One clock cycle, as Scheduler::step() runs it:
//   1. settle   - the clock falls and the model evaluates with the inputs driven last cycle;
//   2. sample   - monitors read the settled signals (a transfer is valid && ready here), then
//                 coroutines waiting on sample_phase() resume; nobody drives in this phase;
//   3. edge     - the clock rises and the model evaluates; the cycle counter advances; a failed
//                 SystemVerilog assertion stops the simulation here;
//   4. drive    - agents drive their next inputs, then coroutines waiting on rising_edge(),
//                 cycles(n) or an Event resume and may drive too.
// Because every read of a transfer happens in (2) and every write in (4), the order in which
// coroutines are resumed cannot change what the design sees.
#pragma once

#include <coroutine>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "baton/tb/task.hpp"

namespace baton::tb {

// Thrown by Scheduler::fail() to unwind to run(); never escapes run().
class SimStop : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Scheduler;

// A one-shot or reusable notification between coroutines.
class Event {
 public:
  explicit Event(Scheduler& sched) : sched_(&sched) {}
  // Wakes every waiter (in the current phase, after the running coroutine suspends) and stays set.
  void set();
  void clear() { set_ = false; }
  [[nodiscard]] bool is_set() const { return set_; }
  auto wait() {
    struct Awaiter {
      Event* ev;
      bool await_ready() const noexcept { return ev->set_; }
      void await_suspend(std::coroutine_handle<> h) { ev->waiters_.push_back(h); }
      void await_resume() const noexcept {}
    };
    return Awaiter{this};
  }

 private:
  Scheduler* sched_;
  bool set_ = false;
  std::vector<std::coroutine_handle<>> waiters_;
};

class Scheduler {
 public:
  using Callback = std::function<void()>;

  Scheduler() = default;
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;
  virtual ~Scheduler() = default;

  [[nodiscard]] std::uint64_t cycle() const { return cycle_; }
  [[nodiscard]] std::uint64_t seed() const { return seed_; }

  // Starts a coroutine; the scheduler owns its frame until the scheduler is destroyed.
  void spawn(Task task);

  // Awaitables.
  auto rising_edge() { return PhaseAwaiter{this, &edge_waiters_}; }
  auto sample_phase() { return PhaseAwaiter{this, &sample_waiters_}; }
  auto cycles(std::uint64_t n) { return TimerAwaiter{this, cycle_ + (n == 0 ? 1 : n)}; }

  // Agent hooks, called every cycle in registration order, before coroutines of that phase.
  void on_sample(Callback cb) { samplers_.push_back(std::move(cb)); }
  void on_drive(Callback cb) { drivers_.push_back(std::move(cb)); }

  // Reports a failure (seed, cycle, repro command) and stops the simulation.
  [[noreturn]] void fail(const std::string& what);
  // check(cond, ...) fails with the message when cond is false.
  void check(bool cond, const std::string& what) {
    if (!cond) fail(what);
  }
  [[nodiscard]] bool failed() const { return failed_; }
  [[nodiscard]] const std::string& failure() const { return failure_; }

  // Runs cycles until `until` returns true (checked after every cycle) or, without a predicate,
  // until every spawned task has finished. Exceeding `max_cycles` is a failure: a hang is a bug.
  // Returns false after any failure.
  bool run(std::uint64_t max_cycles, const std::function<bool()>& until = {});

  // Runs exactly `n` cycles whatever the tasks do; returns false after any failure.
  bool advance(std::uint64_t n);

  // Advances exactly one clock cycle (see the file comment). Throws SimStop on failure.
  void step();

  void resume_soon(std::coroutine_handle<> h) { ready_.push_back(h); }

 protected:
  void set_seed(std::uint64_t seed) { seed_ = seed; }
  // Provided by Sim<Model>: the model-specific parts of a cycle.
  virtual void settle() = 0;       // clock low, eval
  virtual void clock_edge() = 0;   // clock high, eval, trace
  virtual bool assertion_failed() = 0;
  virtual void on_failure() {}     // e.g. flush the wave file

 private:
  struct PhaseAwaiter {
    Scheduler* s;
    std::vector<std::coroutine_handle<>>* list;
    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<> h) { list->push_back(h); }
    void await_resume() const noexcept {}
  };
  struct TimerAwaiter {
    Scheduler* s;
    std::uint64_t at;
    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<> h) { s->timers_.emplace(at, h); }
    void await_resume() const noexcept {}
  };

  void resume_list(std::vector<std::coroutine_handle<>>& list);
  void drain_ready();
  void reap_finished();
  [[nodiscard]] bool all_tasks_done() const;

  std::uint64_t cycle_ = 0;
  std::uint64_t seed_ = 0;
  bool failed_ = false;
  std::string failure_;
  std::vector<Callback> samplers_;
  std::vector<Callback> drivers_;
  std::vector<std::coroutine_handle<>> edge_waiters_;
  std::vector<std::coroutine_handle<>> sample_waiters_;
  std::multimap<std::uint64_t, std::coroutine_handle<>> timers_;
  std::deque<std::coroutine_handle<>> ready_;
  std::vector<Task> tasks_;  // owned frames; destroyed with the scheduler

  friend class Event;
};

inline void Event::set() {
  set_ = true;
  for (auto h : waiters_) sched_->resume_soon(h);
  waiters_.clear();
}

}  // namespace baton::tb
