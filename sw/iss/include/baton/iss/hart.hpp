// SPDX-License-Identifier: Apache-2.0
// Architectural state of one hardware thread.
#pragma once

#include <array>
#include <cstdint>

#include "baton/records.hpp"

namespace baton::iss {

struct Hart {
  enum class State : std::uint8_t { kIdle, kRunning };

  State state = State::kIdle;
  std::uint32_t pc = 0;
  std::array<std::uint32_t, 32> x{};  // x[0] stays 0
  Ctx ctx;                            // as delivered, pkt_len as updated by the thread
  std::uint64_t retired = 0;          // instructions retired since delivery (watchdog)

  [[nodiscard]] bool running() const { return state == State::kRunning; }
};

}  // namespace baton::iss
