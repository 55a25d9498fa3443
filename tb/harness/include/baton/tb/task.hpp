// SPDX-License-Identifier: Apache-2.0
// Task: the coroutine type of the cocotb-style harness.
//
// A Task is lazy: it starts when the scheduler spawns it or when another Task co_awaits it. The
// Task object owns its frame (RAII); destroying a suspended Task destroys its frame and everything
// on it, so a simulation that ends with coroutines still waiting leaks nothing.
#pragma once

#include <coroutine>
#include <exception>
#include <utility>

namespace baton::tb {

class Task {
 public:
  struct promise_type {
    std::coroutine_handle<> continuation;
    std::exception_ptr error;
    bool done = false;

    Task get_return_object() { return Task{std::coroutine_handle<promise_type>::from_promise(*this)}; }
    std::suspend_always initial_suspend() noexcept { return {}; }

    struct FinalAwaiter {
      bool await_ready() noexcept { return false; }
      std::coroutine_handle<> await_suspend(std::coroutine_handle<promise_type> h) noexcept {
        h.promise().done = true;
        if (auto next = h.promise().continuation) return next;
        return std::noop_coroutine();
      }
      void await_resume() noexcept {}
    };
    FinalAwaiter final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() { error = std::current_exception(); }
  };

  using Handle = std::coroutine_handle<promise_type>;

  Task() = default;
  explicit Task(Handle h) : handle_(h) {}
  Task(Task&& other) noexcept : handle_(std::exchange(other.handle_, {})) {}
  Task& operator=(Task&& other) noexcept {
    if (this != &other) {
      reset();
      handle_ = std::exchange(other.handle_, {});
    }
    return *this;
  }
  Task(const Task&) = delete;
  Task& operator=(const Task&) = delete;
  ~Task() { reset(); }

  [[nodiscard]] bool valid() const { return static_cast<bool>(handle_); }
  [[nodiscard]] bool done() const { return handle_ && handle_.promise().done; }
  [[nodiscard]] Handle handle() const { return handle_; }

  // Rethrows an exception that escaped the coroutine body, if any.
  void rethrow_if_failed() const {
    if (handle_ && handle_.promise().error) std::rethrow_exception(handle_.promise().error);
  }

  // co_await child(): runs the child to completion, then resumes the parent; exceptions propagate.
  auto operator co_await() && noexcept {
    struct Awaiter {
      Handle child;
      bool await_ready() noexcept { return !child || child.promise().done; }
      std::coroutine_handle<> await_suspend(std::coroutine_handle<> parent) noexcept {
        child.promise().continuation = parent;
        return child;
      }
      void await_resume() {
        if (child && child.promise().error) std::rethrow_exception(child.promise().error);
      }
    };
    return Awaiter{handle_};
  }

 private:
  void reset() {
    if (handle_) {
      handle_.destroy();
      handle_ = {};
    }
  }
  Handle handle_;
};

}  // namespace baton::tb
