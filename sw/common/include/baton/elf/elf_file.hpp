// SPDX-License-Identifier: Apache-2.0
// The one reader of Baton's rv32 ELF executables, for the partition toolchain (sections with their
// bytes, symbols and relocations kept by linking with --emit-relocs / -q) and for the ISS and the
// testbenches (loadable segments, entry point, symbols). Reads from memory, so the fuzz target and
// the tests can feed it any bytes; never trusts an offset or size it has not checked.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace baton::elf {

// Every problem with the input; what() is one line naming the file, section or symbol.
class ElfError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct Section {
  std::string name;
  std::uint32_t index = 0;
  std::uint32_t type = 0;   // SHT_*
  std::uint32_t flags = 0;  // SHF_*
  std::uint32_t addr = 0;
  std::uint32_t size = 0;
  std::uint32_t info = 0;        // for SHT_RELA: the section the relocations apply to
  std::vector<std::uint8_t> bytes;  // empty for SHT_NOBITS

  [[nodiscard]] bool alloc() const;
  [[nodiscard]] bool exec() const;
  [[nodiscard]] bool write() const;
  [[nodiscard]] bool nobits() const;
};

struct Symbol {
  std::string name;
  std::uint32_t value = 0;
  std::uint32_t size = 0;
  std::uint8_t type = 0;  // STT_*
  std::uint8_t bind = 0;  // STB_*
  std::uint16_t shndx = 0;
};

// A PT_LOAD program header with a non-zero memory size.
struct Segment {
  std::uint32_t vaddr = 0;
  std::uint32_t memsz = 0;
  bool executable = false;
  bool writable = false;
  std::vector<std::uint8_t> bytes;  // file contents; memsz - bytes.size() trailing zero bytes
};

struct Reloc {
  std::uint32_t section = 0;  // index of the section it applies to
  std::uint32_t offset = 0;   // r_offset: the site's address in an executable
  std::uint32_t type = 0;     // R_RISCV_*
  std::uint32_t symbol = 0;   // index into symbols()
  std::int32_t addend = 0;
};

class ElfFile {
 public:
  // Parses and validates: 32-bit, little-endian, RISC-V, ET_EXEC, no C extension, soft-float
  // ABI, not RV32E, section headers present, every section and segment inside the file. `what`
  // names the input in messages. Throws ElfError.
  static ElfFile parse(std::span<const std::uint8_t> bytes, const std::string& what);
  static ElfFile read_file(const std::string& path);

  [[nodiscard]] const std::string& what() const { return what_; }
  [[nodiscard]] std::uint32_t flags() const { return flags_; }
  [[nodiscard]] std::uint32_t entry() const { return entry_; }
  [[nodiscard]] const std::vector<Segment>& segments() const { return segments_; }
  [[nodiscard]] const std::vector<Section>& sections() const { return sections_; }
  [[nodiscard]] const std::vector<Symbol>& symbols() const { return symbols_; }
  [[nodiscard]] const std::vector<Reloc>& relocs() const { return relocs_; }
  [[nodiscard]] const Section* section(const std::string& name) const;
  [[nodiscard]] const Section* section_at(std::uint32_t index) const;
  [[nodiscard]] std::optional<Symbol> symbol(const std::string& name) const;
  // The function symbol whose [value, value+size) holds addr, else the closest symbol at or below
  // it in the same section; for messages.
  [[nodiscard]] std::string describe(std::uint32_t addr) const;
  // Reads a little-endian word at a loaded address; nullopt outside every section with bytes.
  [[nodiscard]] std::optional<std::uint32_t> word_at(std::uint32_t addr) const;
  // Bytes of loaded memory [addr, addr+n), zeros where no section has bytes.
  [[nodiscard]] std::vector<std::uint8_t> bytes_at(std::uint32_t addr, std::uint32_t n) const;

 private:
  std::string what_;
  std::uint32_t flags_ = 0;
  std::uint32_t entry_ = 0;
  std::vector<Segment> segments_;
  std::vector<Section> sections_;
  std::vector<Symbol> symbols_;
  std::vector<Reloc> relocs_;
};

}  // namespace baton::elf
