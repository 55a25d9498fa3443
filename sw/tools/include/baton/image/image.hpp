// SPDX-License-Identifier: Apache-2.0
// The Baton shared-memory image (docs/firmware.md "Image format"): what the partition toolchain
// writes and what the RTL testbench, the ISS and the FPGA boot image read. One self-describing
// little-endian binary (header, partition table, entry tables, code pages, rodata, data) plus a
// JSON manifest with names and symbols. The same bytes as 32-bit words are the $readmemh file.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "baton/abi.hpp"

namespace baton::image {

// Thrown for an image or manifest that cannot be used; what() is one line naming the problem.
class ImageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

inline constexpr std::uint32_t kMagic = 0x494e5442U;  // "BTNI" as bytes in the file
inline constexpr std::uint32_t kVersion = 1;
inline constexpr std::uint32_t kHeaderBytes = 96;
inline constexpr std::uint32_t kPartRecordBytes = 32;
inline constexpr std::uint32_t kNoEntry = 0xffffffffU;  // function-table slot without a function
inline constexpr std::uint32_t kRodataBase = abi::kRodataBase;
inline constexpr std::uint32_t kDataBase = abi::kDataBase;

// Header flags.
inline constexpr std::uint32_t kFlagUsesGp = 1U << 0;

struct Partition {
  std::uint8_t id = 0;
  bool initial = false;
  std::uint32_t base = 0;        // code address of its first byte (page aligned)
  std::uint32_t code_bytes = 0;  // bytes of code (the last page is zero-padded)
  std::uint32_t first_page = 0;  // index of its first page in the page store
  std::uint32_t num_pages = 0;
  std::vector<std::uint32_t> entries;  // entry table: entry PCs, index order
  std::string name;                    // from the manifest; empty when only the binary was read

  [[nodiscard]] std::uint32_t end() const { return base + code_bytes; }
};

// A decoded image. Build one and call serialize(), or parse() the bytes of a file.
struct Image {
  std::uint32_t page_bytes = abi::engine_default::kPageBytes;
  std::uint32_t stack_bytes = abi::engine_default::kStackBytes;
  std::uint32_t flags = 0;
  std::uint8_t initial_partition = 0;
  std::uint32_t fn_table_addr = 0;  // rodata address of the PM8 function table
  std::uint32_t fn_table_slots = 0;
  std::vector<Partition> partitions;      // sorted by id
  std::vector<std::uint8_t> pages;        // page store: num_pages * page_bytes
  std::vector<std::uint8_t> rodata;       // loads at kRodataBase
  std::vector<std::uint8_t> data;         // loads at kDataBase (bss included as zeros)

  [[nodiscard]] const Partition* find(std::uint8_t id) const;
  [[nodiscard]] const Partition* find(const std::string& name) const;
  // The bytes of one code page (page `page` of partition `p`).
  [[nodiscard]] std::span<const std::uint8_t> page(const Partition& p, std::uint32_t page) const;
  // Code word at code address `pc`, if a partition holds it.
  [[nodiscard]] std::optional<std::uint32_t> code_word(std::uint32_t pc) const;
  // Function-table slot `fn` (PM8), decoded from rodata.
  [[nodiscard]] std::optional<std::uint32_t> fn_slot(std::uint32_t fn) const;

  // The binary file: header, tables, pages, rodata, data; CRC-32 over all of it.
  [[nodiscard]] std::vector<std::uint8_t> serialize() const;
  // Parses and validates a binary image; `what` names the source in error messages.
  static Image parse(std::span<const std::uint8_t> bytes, const std::string& what);
  static Image read_file(const std::string& path);
};

// $readmemh text: `word_bytes` bytes per line (little-endian within the word, as the memory
// sees them), lowest address first, after one comment line. The length is padded with zero bytes.
[[nodiscard]] std::string to_readmemh(std::span<const std::uint8_t> bytes, unsigned word_bytes);
// The inverse, for tests and tools: comments and blank lines skipped.
[[nodiscard]] std::vector<std::uint8_t> from_readmemh(const std::string& text, unsigned word_bytes);

// Reads the JSON manifest beside an image and fills the partition names of `img` (matched by
// id); throws ImageError when the manifest does not describe this image.
void apply_manifest(Image& img, const std::string& manifest_path);

// Loads `<prefix>.bin` and, when present, `<prefix>.json`.
[[nodiscard]] Image load(const std::string& bin_path, const std::optional<std::string>& manifest_path);

[[nodiscard]] std::uint32_t crc32(std::span<const std::uint8_t> bytes);

}  // namespace baton::image
