// SPDX-License-Identifier: Apache-2.0
// An RV32 executable as the ISS loads it: loadable segments, entry point and a symbol table by
// name. A view over the common ELF reader (sw/common/include/baton/elf/elf_file.hpp), which does
// the reading and the checks.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "baton/elf/elf_file.hpp"

namespace baton::iss {

using elf::ElfError;
using elf::Segment;

class ElfImage {
 public:
  // Reads and validates `path` (elf::ElfFile::read_file: 32-bit little-endian RISC-V executable,
  // no compressed instructions, soft-float ABI) and requires at least one loadable segment.
  static ElfImage load(const std::string& path);

  [[nodiscard]] const std::string& path() const { return path_; }
  [[nodiscard]] std::uint32_t entry() const { return entry_; }
  [[nodiscard]] const std::vector<Segment>& segments() const { return segments_; }
  [[nodiscard]] std::optional<std::uint32_t> symbol(const std::string& name) const;
  // Like symbol() but throws ElfError when the symbol is missing.
  [[nodiscard]] std::uint32_t require_symbol(const std::string& name) const;
  [[nodiscard]] const std::map<std::string, std::uint32_t>& symbols() const { return symbols_; }

 private:
  std::string path_;
  std::uint32_t entry_ = 0;
  std::vector<Segment> segments_;
  std::map<std::string, std::uint32_t> symbols_;
};

}  // namespace baton::iss
