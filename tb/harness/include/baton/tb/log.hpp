// SPDX-License-Identifier: Apache-2.0
// Harness logging with fmt. Verbosity from TB_VERBOSE (0 quiet, 1 info, 2 debug).
#pragma once

#include <cstdio>
#include <string>

#include <fmt/format.h>

namespace baton::tb::log {

int verbosity();

template <typename... Args>
void info(fmt::format_string<Args...> f, Args&&... args) {
  if (verbosity() >= 1) fmt::print(stderr, "[tb] {}\n", fmt::format(f, std::forward<Args>(args)...));
}
template <typename... Args>
void debug(fmt::format_string<Args...> f, Args&&... args) {
  if (verbosity() >= 2) fmt::print(stderr, "[tb] {}\n", fmt::format(f, std::forward<Args>(args)...));
}

}  // namespace baton::tb::log
