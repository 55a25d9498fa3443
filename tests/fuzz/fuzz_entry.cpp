// SPDX-License-Identifier: Apache-2.0
// libFuzzer entry point of one check of fuzz_check.hpp; BATON_FUZZ_CHECK names it
// (cmake/BatonFuzz.cmake, tests/fuzz/CMakeLists.txt).
#include <cstddef>
#include <cstdint>

#include "fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  baton::fuzz::BATON_FUZZ_CHECK(baton::fuzz::Input(data, size));
  return 0;
}
