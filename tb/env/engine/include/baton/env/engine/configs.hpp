// SPDX-License-Identifier: Apache-2.0
// Geometries of the verilated engine configurations (tb/env/engine/CMakeLists.txt): the RTL
// parameters of baton_engine with the given tile count, everything else at its default (both the
// RTL and Geometry take their defaults from the ABI data file).
#pragma once

#include "baton/env/engine/load_plan.hpp"

namespace baton::env::engine {

inline Geometry default_geometry(unsigned tiles = 4) {
  Geometry g;
  g.tiles = tiles;
  return g;
}

}  // namespace baton::env::engine
