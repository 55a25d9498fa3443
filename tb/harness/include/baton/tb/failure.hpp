// SPDX-License-Identifier: Apache-2.0
// Where harness failures go. Under GoogleTest (the harness main) a failure becomes a non-fatal
// test failure; elsewhere (benchmarks, the main job) it prints to stderr.
#pragma once

#include <functional>
#include <string>

namespace baton::tb {

using FailureHook = std::function<void(const std::string& report)>;
void set_failure_hook(FailureHook hook);
void report_failure(const std::string& report);

}  // namespace baton::tb
