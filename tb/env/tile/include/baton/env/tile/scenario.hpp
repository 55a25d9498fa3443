// SPDX-License-Identifier: Apache-2.0
// A random engine-mode scenario: partitions full of generated programs (each program an entry of
// its partition), memory contents, and a list of contexts that run them (and sometimes name a
// missing partition or entry). Installing it gives the RTL side and the ISS identical memories.
#pragma once

#include <cstdint>
#include <vector>

#include "baton/iss/engine_memory.hpp"
#include "baton/records.hpp"
#include "baton/tb/rng.hpp"
#include "baton/env/tile/engine_image.hpp"
#include "baton/env/tile/rand_program.hpp"
#include "baton/env/tile/shared_memory.hpp"
#include "baton/env/tile/tile_params.hpp"

namespace baton::env::tile {

struct ScenarioOptions {
  unsigned partitions = 4;
  unsigned programs_per_partition = 4;
  unsigned deliveries = 32;
  GenOptions gen;
  double missing_p = 0.03;   // a context names a missing partition or entry
};

struct Scenario {
  explicit Scenario(const TileParams& p) : image(p) {}
  EngineImage image;
  std::vector<Ctx> contexts;
  std::vector<FaultKind> program_faults;
  struct Blob {
    std::uint32_t addr;
    std::uint16_t handle;
    std::vector<std::uint8_t> bytes;
  };
  std::vector<Blob> blobs;   // packet, stack and data contents

  // Writes the packet/stack/data contents into both memories.
  void install(SharedMemory& rtl, iss::EngineMemory& iss) const;
};

Scenario make_scenario(tb::Rng& rng, const TileParams& params, const ScenarioOptions& opts);

}  // namespace baton::env::tile
