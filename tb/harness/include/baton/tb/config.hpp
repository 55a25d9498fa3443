// SPDX-License-Identifier: Apache-2.0
// Per-test configuration: seed, tracing and the repro command, from the command line
// (--seed=N, --trace), the environment (TB_SEED, TB_TRACE) or the test name.
#pragma once

#include <cstdint>
#include <string>

namespace baton::tb {

struct RunOptions {
  bool seed_given = false;
  std::uint64_t seed = 0;
  bool trace = false;
  std::string exe;        // argv[0], for repro commands
  std::string wave_dir;   // where FST files go (default: waves/ under the working directory)
};

// Process-wide options parsed by the harness main (tb/harness/src/main.cpp).
RunOptions& run_options();

// Name of the running GoogleTest test ("Suite.Name"), or "standalone" outside GoogleTest.
std::string current_test_name();

// The seed for the current test: --seed/TB_SEED when given, otherwise a stable hash of the test
// name, so every test is reproducible and different tests get different streams.
std::uint64_t test_seed();

// One line that reruns the current test with the current seed; `trace` adds --trace.
std::string repro_command(std::uint64_t seed, bool trace);

}  // namespace baton::tb
