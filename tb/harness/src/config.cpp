// SPDX-License-Identifier: Apache-2.0
#include "baton/tb/config.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <string_view>

#include <fmt/format.h>

namespace baton::tb {

RunOptions& run_options() {
  static RunOptions opts;
  return opts;
}

std::string current_test_name() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  if (info == nullptr) return "standalone";
  return fmt::format("{}.{}", info->test_suite_name(), info->name());
}

// FNV-1a: stable across runs, compilers and platforms, unlike std::hash.
static std::uint64_t fnv1a(std::string_view s) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : s) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

std::uint64_t test_seed() {
  const auto& opts = run_options();
  if (opts.seed_given) return opts.seed;
  return fnv1a(current_test_name()) & 0xffffffffULL;
}

std::string repro_command(std::uint64_t seed, bool trace) {
  const auto& opts = run_options();
  const std::string exe = opts.exe.empty() ? std::string("<test-binary>") : opts.exe;
  return fmt::format("{} --gtest_filter='{}' --seed={}{}", exe, current_test_name(), seed,
                     trace ? " --trace" : "");
}

}  // namespace baton::tb
