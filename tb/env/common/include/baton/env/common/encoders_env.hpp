// SPDX-License-Identifier: Apache-2.0
// Testbench for the combinational encoders baton_prio_enc and baton_lzc against the reference
// functions: exhaustive for narrow inputs, otherwise directed corners (zero, all ones, every single
// bit, every "all bits from i up / down") followed by seeded random values of random density.
#pragma once

#include <cstdint>
#include <vector>

#include <fmt/format.h>

#include "baton/model/common/encoders.hpp"
#include "baton/env/common/common_env.hpp"

namespace baton::env::common {

struct EncConfig {
  unsigned width;
  bool msb_or_leading;  // prio_enc: Msb; lzc: Mode (leading zeros)
};

// The input sequence: exhaustive up to 16 bits, else corners then `random_count` random values.
inline std::vector<std::uint64_t> encoder_inputs(unsigned width, Rng& rng, unsigned random_count) {
  const std::uint64_t mask = width >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << width) - 1;
  std::vector<std::uint64_t> v;
  if (width <= 16) {
    for (std::uint64_t x = 0; x <= mask; ++x) v.push_back(x);
    return v;
  }
  v.push_back(0);
  v.push_back(mask);
  for (unsigned i = 0; i < width; ++i) {
    v.push_back(std::uint64_t{1} << i);
    v.push_back((mask << i) & mask);
    v.push_back(mask >> i);
  }
  for (unsigned k = 0; k < random_count; ++k) {
    std::uint64_t x = rng.bits(width);
    for (unsigned thin = static_cast<unsigned>(rng.range(0, 6)); thin > 0; --thin) x &= rng.bits(width);
    v.push_back(x);
  }
  return v;
}

template <typename V>
void run_prio_enc(EncConfig cfg, unsigned random_count) {
  PrimSim<V> sim;
  auto& d = sim.dut();
  const auto inputs = encoder_inputs(cfg.width, sim.rng(), random_count);
  std::size_t next = 0;
  std::uint64_t applied = 0;
  sim.on_drive([&] {
    applied = inputs[next++];
    write_port(d.in_i, applied);
  });
  sim.on_sample([&] {
    if (next == 0) return;
    const auto e = model::common::prio_enc(applied, cfg.width, cfg.msb_or_leading);
    const auto got_onehot = read_port<std::uint64_t>(d.onehot_o);
    if ((d.valid_o != 0) != e.valid || (e.valid && d.idx_o != e.idx) || got_onehot != e.onehot) {
      sim.fail(fmt::format("in_i = 0x{:x}: expected valid {} idx {} onehot 0x{:x}, got valid {} idx {} onehot 0x{:x}",
                           applied, e.valid, e.idx, e.onehot, d.valid_o != 0,
                           static_cast<unsigned>(d.idx_o), got_onehot));
    }
  });
  ASSERT_TRUE(sim.advance(inputs.size())) << sim.failure();
}

template <typename V>
void run_lzc(EncConfig cfg, unsigned random_count) {
  PrimSim<V> sim;
  auto& d = sim.dut();
  const auto inputs = encoder_inputs(cfg.width, sim.rng(), random_count);
  std::size_t next = 0;
  std::uint64_t applied = 0;
  sim.on_drive([&] {
    applied = inputs[next++];
    write_port(d.in_i, applied);
  });
  sim.on_sample([&] {
    if (next == 0) return;
    const auto e = model::common::lzc(applied, cfg.width, cfg.msb_or_leading);
    if (d.cnt_o != e.count || (d.empty_o != 0) != e.empty) {
      sim.fail(fmt::format("in_i = 0x{:x}: expected cnt {} empty {}, got cnt {} empty {}", applied,
                           e.count, e.empty, static_cast<unsigned>(d.cnt_o), d.empty_o != 0));
    }
  });
  ASSERT_TRUE(sim.advance(inputs.size())) << sim.failure();
}

}  // namespace baton::env::common
