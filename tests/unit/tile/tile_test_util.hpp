// SPDX-License-Identifier: Apache-2.0
// Shared helpers of the tile suites: where the RV32 test programs are, and environment options drawn
// from the test seed.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "baton/tb/rng.hpp"
#include "baton/env/tile/tile_env.hpp"

#ifndef TILE_ISA_DIR
#define TILE_ISA_DIR ""
#endif
#ifndef TILE_HAVE_RV
#define TILE_HAVE_RV 0
#endif

namespace baton::env::tile::test {

// The ELF of an sw/isa-tests program, built by tests/sw (variant bare or engine).
inline std::string program_path(const std::string& name, const std::string& variant) {
  return std::string(TILE_ISA_DIR) + "/" + name + "." + variant + ".elf";
}

// Skips without the RV32 cross compiler; fails when it exists but the program was not built.
#define TILE_REQUIRE_PROGRAM(path)                                                                   \
  do {                                                                                               \
    if (!TILE_HAVE_RV) GTEST_SKIP() << "riscv64-unknown-elf-gcc not found: RV32 programs not built"; \
    ASSERT_TRUE(std::filesystem::exists(path)) << "missing " << (path) << " (target baton_isa_programs)"; \
  } while (0)

// Shared-memory latency and port backpressure drawn from the test's random stream.
inline EnvOptions random_env_options(tb::Rng& rng) {
  EnvOptions o;
  o.dmem_ready_p = 0.3 + 0.7 * static_cast<double>(rng.range(0, 100)) / 100.0;
  o.dmem_max_latency = static_cast<unsigned>(rng.range(1, 12));
  o.op_ready_p = 0.2 + 0.8 * static_cast<double>(rng.range(0, 100)) / 100.0;
  return o;
}

}  // namespace baton::env::tile::test
