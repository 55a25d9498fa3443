// SPDX-License-Identifier: Apache-2.0
// Helpers shared by the ISS test suites: where the RV32 programs are, and the line every
// failure carries (seed, cycle, one-line repro command).
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <string>

#include <fmt/format.h>

#include "baton/tb/config.hpp"

namespace baton::iss::test {

inline std::string program_path(const std::string& name, const std::string& variant) {
  return fmt::format("{}/{}.{}.elf", BATON_ISA_DIR, name, variant);
}

inline bool have_programs() { return BATON_HAVE_RV != 0; }

// "seed=S cycle=C repro: <command>" for failure messages.
inline std::string repro(std::uint64_t seed, std::uint64_t cycle) {
  return fmt::format("seed={} cycle={} repro: {}", seed, cycle, baton::tb::repro_command(seed, false));
}

}  // namespace baton::iss::test

// Skips the test when the RV32 cross compiler was not found at configure time.
#define BATON_REQUIRE_PROGRAMS()                                                                \
  do {                                                                                          \
    if (!::baton::iss::test::have_programs()) {                                                 \
      GTEST_SKIP() << "riscv64-unknown-elf-gcc not found: RV32 test programs were not built "   \
                      "(run scripts/setup)";                                                    \
    }                                                                                           \
  } while (0)
