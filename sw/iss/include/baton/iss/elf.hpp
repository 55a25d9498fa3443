// SPDX-License-Identifier: Apache-2.0
// RV32 ELF executables read with libelf: loadable segments, entry point and symbols.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace baton::iss {

// Thrown for anything that makes an ELF file unusable; what() is one line naming the problem.
class ElfError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct Segment {
  std::uint32_t vaddr = 0;
  std::uint32_t memsz = 0;
  bool executable = false;
  bool writable = false;
  std::vector<std::uint8_t> bytes;  // file contents; memsz - bytes.size() trailing zero bytes
};

class ElfImage {
 public:
  // Reads and validates `path`: 32-bit little-endian RISC-V executable, no compressed
  // instructions (EF_RISCV_RVC), soft-float ABI, at least one loadable segment.
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
