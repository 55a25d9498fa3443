// SPDX-License-Identifier: Apache-2.0
// Memory sizes as the command-line tools print and accept them (CLI11's AsSizeValue reads them
// back): "256K" for 256 KiB, "4M" for 4 MiB, otherwise the byte count.
#pragma once

#include <cstdint>
#include <string>

#include <fmt/format.h>

namespace baton {

[[nodiscard]] inline std::string size_text(std::uint64_t bytes) {
  if (bytes != 0 && bytes % (std::uint64_t{1} << 20) == 0) return fmt::format("{}M", bytes >> 20);
  if (bytes != 0 && bytes % (std::uint64_t{1} << 10) == 0) return fmt::format("{}K", bytes >> 10);
  return fmt::format("{}", bytes);
}

// The smallest power of two of at least `bytes` and at least 1 KiB: an instruction-memory size
// that holds `bytes`.
[[nodiscard]] inline std::uint64_t pow2_size_at_least(std::uint64_t bytes) {
  std::uint64_t p = 1024;
  while (p < bytes) p <<= 1;
  return p;
}

}  // namespace baton
