// SPDX-License-Identifier: Apache-2.0
// The Verilated lookup configurations (tb/env/lookup/CMakeLists.txt) as model configurations.
#pragma once

#include "baton/model/lookup/lookup_model.hpp"

namespace baton::env::lookup::configs {

using model::lookup::Config;

// Default simulation configuration: 2 x 4096 buckets x 8 ways + 8 stash = 65,544 flows and timers.
inline Config big() {
  Config c;
  c.buckets_per_bank = 4096; c.ways = 8; c.stash = 8; c.hash_kind = 0;
  c.num_slots = 64; c.max_per_flow = 8; c.timer_latency = 2;
  return c;
}
inline Config small() {
  Config c;
  c.buckets_per_bank = 4; c.ways = 2; c.stash = 4; c.hash_kind = 0;
  c.num_slots = 16; c.max_per_flow = 3; c.timer_latency = 3;
  return c;
}
inline Config weak() {
  Config c;
  c.buckets_per_bank = 8; c.ways = 2; c.stash = 2; c.hash_kind = 1;
  c.num_slots = 12; c.max_per_flow = 2; c.timer_latency = 1;
  return c;
}
// The FPGA configuration (baton_lookup_sys defaults): 2 x 256 buckets x 2 ways + 2 stash = 1,026
// flows, every memory latency 2.
inline Config fpga() {
  Config c;
  c.buckets_per_bank = 256; c.ways = 2; c.stash = 2; c.hash_kind = 0;
  c.num_slots = 8; c.max_per_flow = 4; c.timer_latency = 2;
  return c;
}

}  // namespace baton::env::lookup::configs
