// SPDX-License-Identifier: Apache-2.0
// The toolchain's error: every problem with the input or the options; what() is one line naming
// the file, section or symbol. The ELF reader's own errors are baton::elf::ElfError.
#pragma once

#include <stdexcept>

namespace baton::ld {

class LdError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace baton::ld
