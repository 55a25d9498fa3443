// SPDX-License-Identifier: Apache-2.0
// Constrained-random engine-mode programs for the lockstep tests: every RV32IM (+Zbb) opcode,
// dependent chains, forward branches and jumps, loads and stores of every width to every legal
// window (and the context window), multiply/divide with corner operands, a thread operation at
// the end, and optionally one fault of a chosen or random kind. All control flow goes forward
// except the watchdog fault, so a program always ends.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "baton/tb/rng.hpp"
#include "baton/env/tile/tile_params.hpp"

namespace baton::env::tile {

enum class FaultKind : std::uint8_t {
  kNone,
  kIllegal,          // illegal encodings, ECALL/EBREAK/CSR, reserved fields
  kThreadOperand,    // thread operation with an out-of-range operand (illegal)
  kMisalignedLoad,
  kMisalignedStore,
  kMisalignedJump,
  kLoadAccess,
  kStoreAccess,
  kFetchAccess,      // jump to a non-resident page or outside the code window
  kWatchdog,         // endless loop
  kRandomWord,       // one fully random instruction word (anything may happen)
};
inline constexpr unsigned kFaultKinds = 11;

struct GenOptions {
  unsigned length = 120;          // body blocks (one instruction or a short sequence each)
  FaultKind fault = FaultKind::kNone;
  bool fault_random = false;      // pick the fault kind at random (kNone included)
  bool fault_first = false;       // put the fault before any branch, so it always happens
  std::uint32_t non_resident_pc = 0x00f0'0000;  // a code address whose page is not resident
};

struct GenProgram {
  std::vector<std::uint32_t> words;
  FaultKind fault = FaultKind::kNone;
};

// `base` is the program's code address (its first instruction). The program's slice of the data
// window is data base + a3 (ctx.args[3]) at delivery, so concurrent runs of one program can be
// given separate slices.
GenProgram generate_program(tb::Rng& rng, const TileParams& params, const GenOptions& opts, std::uint32_t base);

}  // namespace baton::env::tile
