// SPDX-License-Identifier: Apache-2.0
// Seeded random source for stimulus. One Rng per test (or per agent, derived with fork()).
#pragma once

#include <cstdint>
#include <random>

namespace baton::tb {

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : engine_(seed), seed_(seed) {}

  [[nodiscard]] std::uint64_t seed() const { return seed_; }
  std::uint64_t next() { return engine_(); }
  // Uniform integer in [lo, hi].
  std::uint64_t range(std::uint64_t lo, std::uint64_t hi) {
    return std::uniform_int_distribution<std::uint64_t>(lo, hi)(engine_);
  }
  std::uint64_t bits(unsigned width) {
    return width >= 64 ? engine_() : engine_() & ((std::uint64_t{1} << width) - 1);
  }
  // True with probability p.
  bool chance(double p) { return std::uniform_real_distribution<double>(0.0, 1.0)(engine_) < p; }
  // An independent stream for a sub-component, stable for a given (seed, salt).
  Rng fork(std::uint64_t salt) { return Rng(seed_ * 0x9e3779b97f4a7c15ULL ^ (salt + 0x632be59bd9b4e019ULL)); }

 private:
  std::mt19937_64 engine_;
  std::uint64_t seed_;
};

}  // namespace baton::tb
