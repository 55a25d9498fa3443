// SPDX-License-Identifier: Apache-2.0
#include "baton/tb/failure.hpp"

#include <cstdio>

#include <fmt/format.h>

namespace baton::tb {

namespace {
FailureHook& hook() {
  static FailureHook h = [](const std::string& report) {
    fmt::print(stderr, "FAILED: {}\n", report);
  };
  return h;
}
}  // namespace

void set_failure_hook(FailureHook h) { hook() = std::move(h); }
void report_failure(const std::string& report) { hook()(report); }

}  // namespace baton::tb
