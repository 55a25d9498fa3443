// SPDX-License-Identifier: Apache-2.0
// The partition toolchain proper: from a validated rv32 ELF (built with sw/sdk) to the partition
// table, entry tables, PM8 function table, the shared-memory image and its JSON manifest.
// docs/firmware.md describes the rules checked here and the formats written.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "baton/image/image.hpp"
#include "baton/elf/elf_file.hpp"
#include "baton/ld/error.hpp"

namespace baton::ld {

// The toolchain reads its input with the common ELF reader (sw/common).
using elf::ElfError;
using elf::ElfFile;
using elf::Reloc;
using elf::Section;
using elf::Symbol;

struct Options {
  std::uint32_t page_bytes = abi::engine_default::kPageBytes;    // PageBytes
  std::uint32_t imem_budget = abi::engine_default::kImemBytes;   // largest partition an IMEM can hold
  std::uint32_t code_bytes = abi::kCodeBytes;                    // CodeBytes
  std::uint32_t rodata_bytes = abi::kRodataBytes;                // RodataBytes
  std::uint32_t data_bytes = abi::kDataBytes;                    // DataBytes
  std::optional<std::string> initial;      // initial partition by name; default: id 0

  // Throws LdError naming the first bad option.
  void validate() const;
};

struct EntryInfo {
  std::string name;       // the C entry function
  std::string partition;  // partition name from the record
  std::uint32_t index = 0;
  std::uint32_t pc = 0;   // the stub
  std::uint32_t fn = 0;   // the C function the stub calls
};

struct PartInfo {
  std::string name;
  std::uint8_t id = 0;
  std::uint32_t start = 0;
  std::uint32_t end = 0;
  std::uint32_t align = 0;  // page size the firmware was compiled for
  std::uint32_t stack_bytes = 0;
  std::uint32_t sdk_version = 0;
  bool use_gp = false;
  std::vector<EntryInfo> entries;  // index order

  [[nodiscard]] std::uint32_t bytes() const { return end - start; }
};

struct FunctionInfo {
  std::uint32_t id = 0;
  std::string entry;
  std::uint8_t partition = 0;
  std::uint32_t index = 0;
};

// The partition records, entries and functions found in .baton.meta, before any check that
// needs the rest of the ELF.
struct Meta {
  std::vector<PartInfo> parts;  // file order
  std::vector<EntryInfo> entries;
  std::vector<FunctionInfo> functions;
};

[[nodiscard]] Meta read_meta(const ElfFile& elf);

struct Firmware {
  std::vector<PartInfo> parts;  // sorted by id
  std::vector<FunctionInfo> functions;
  std::uint8_t initial = 0;
  bool uses_gp = false;
  std::string arch;  // Tag_RISCV_arch, when present
  image::Image image;
  nlohmann::json manifest;

  [[nodiscard]] const PartInfo* find(const std::string& name) const;
};

// Validates and builds; throws LdError (one line) on the first problem.
[[nodiscard]] Firmware link(const ElfFile& elf, const Options& opt);

// An objdump-style summary of the partitions, entries and functions.
[[nodiscard]] std::string list_text(const Firmware& fw, const Options& opt);

}  // namespace baton::ld
