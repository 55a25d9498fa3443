// SPDX-License-Identifier: Apache-2.0
// End to end: the example firmware (sw/examples/migrate), cross-compiled during the build, goes
// through baton-ld; every table of the image is checked against an independent source: symbol
// addresses from riscv64-unknown-elf-nm, code bytes from the ISS's own ELF loader, the function
// table from the ids written in the example's partitions.h, the file layout from docs/firmware.md.
#include <gtest/gtest.h>

#include <array>
#include <cstring>
#include <fstream>

#include <nlohmann/json.hpp>

#include "baton/bytes.hpp"
#include "baton/image/image.hpp"
#include "baton/iss/elf.hpp"
#include "toolchain_util.hpp"

namespace {

using namespace baton::test;
using baton::image::Image;

const std::string kElf = kFwDir + "/migrate.elf";
const std::string kElfGp = kFwDir + "/migrate_gp.elf";

// What the example declares (sw/examples/migrate/partitions.h and its BATON_ENTRY lines).
struct ExpectedPart {
  const char* name;
  std::uint8_t id;
  std::vector<const char*> entries;
};
const std::array<ExpectedPart, 4> kParts{{
    {"classify", 0, {"classify_main"}},
    {"csum", 1, {"csum_input"}},
    {"finish", 2, {"finish_input", "finish_abort"}},
    {"slow", 3, {"slow_input", "slow_returns"}},
}};

using baton::bytes::load_le32;

// Bitwise CRC-32 (IEEE 802.3, reflected), written here so the check does not share code with
// the image library.
std::uint32_t crc32_ref(const std::vector<std::uint8_t>& b) {
  std::uint32_t c = 0xffffffffU;
  for (auto byte : b) {
    c ^= byte;
    for (int k = 0; k < 8; ++k) c = (c >> 1) ^ (0xedb88320U & (0U - (c & 1U)));
  }
  return ~c;
}

// A byte of the ELF's loaded memory through the ISS's ELF reader.
std::uint8_t elf_byte(const baton::iss::ElfImage& elf, std::uint32_t addr) {
  for (const auto& s : elf.segments()) {
    if (addr >= s.vaddr && addr - s.vaddr < s.memsz) {
      const std::uint32_t off = addr - s.vaddr;
      return off < s.bytes.size() ? s.bytes[off] : 0;
    }
  }
  return 0;
}

struct Built {
  Image img;
  nlohmann::json manifest;
  std::vector<std::uint8_t> bin;
  std::string hex;
  RunResult result;
};

Built build(const ScratchDir& dir, const std::string& elf, const std::vector<std::string>& extra = {}) {
  std::vector<std::string> argv{kLd, elf, "-o", (dir / "fw").string(), "--list"};
  argv.insert(argv.end(), extra.begin(), extra.end());
  Built b;
  b.result = run(argv, dir.path());
  if (b.result.exit_code != 0) return b;
  b.bin = slurp(dir / "fw.bin");
  b.hex = slurp_text(dir / "fw.hex");
  b.manifest = nlohmann::json::parse(slurp_text(dir / "fw.json"));
  b.img = Image::parse(b.bin, "fw.bin");
  baton::image::apply_manifest(b.img, (dir / "fw.json").string());
  return b;
}

TEST(ToolchainE2E, PartitionTableMatchesNmAndPagesMatchElf) {
  ScratchDir dir("e2e-tables");
  const Built b = build(dir, kElf);
  ASSERT_EQ(b.result.exit_code, 0) << b.result.err << "\n  repro: " << repro();
  const auto nm = nm_symbols(kElf);
  const auto elf = baton::iss::ElfImage::load(kElf);
  ASSERT_EQ(b.img.partitions.size(), kParts.size());
  std::uint32_t expect_first_page = 0;
  for (const auto& ep : kParts) {
    SCOPED_TRACE(ep.name);
    const auto* p = b.img.find(ep.id);
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(p->name, ep.name);
    EXPECT_EQ(p->base, nm.at(fmt::format("__baton_part_{}_start", ep.name)));
    EXPECT_EQ(p->end(), nm.at(fmt::format("__baton_part_{}_end", ep.name)));
    EXPECT_EQ(p->base % 1024, 0U);
    EXPECT_GT(p->code_bytes, 0U);
    EXPECT_EQ(p->num_pages, (p->code_bytes + 1023) / 1024);
    EXPECT_EQ(p->first_page, expect_first_page);  // page store in id order
    expect_first_page += p->num_pages;
    EXPECT_EQ(p->initial, ep.id == 0);
    ASSERT_EQ(p->entries.size(), ep.entries.size());
    for (std::size_t i = 0; i < ep.entries.size(); ++i) {
      EXPECT_EQ(p->entries[i], nm.at(fmt::format("__baton_entry_{}", ep.entries[i]))) << "entry " << i;
    }
    // Every byte of every page: the ELF's bytes inside the partition, zero padding after it.
    for (std::uint32_t pg = 0; pg < p->num_pages; ++pg) {
      const auto page = b.img.page(*p, pg);
      for (std::uint32_t k = 0; k < 1024; ++k) {
        const std::uint32_t addr = p->base + pg * 1024 + k;
        const std::uint8_t want = addr < p->end() ? elf_byte(elf, addr) : 0;
        ASSERT_EQ(page[k], want) << fmt::format("code byte at {:#x}", addr);
      }
    }
  }
  EXPECT_EQ(b.img.initial_partition, 0);
  EXPECT_EQ(b.img.page_bytes, 1024U);
  EXPECT_EQ(b.img.stack_bytes, 2048U);
  EXPECT_EQ(b.img.flags, 0U);
}

TEST(ToolchainE2E, FunctionTableRodataAndDataAreInTheImage) {
  ScratchDir dir("e2e-data");
  const Built b = build(dir, kElf);
  ASSERT_EQ(b.result.exit_code, 0) << b.result.err;
  const auto nm = nm_symbols(kElf);
  const std::uint32_t table = nm.at("__baton_fn_table");
  const std::uint32_t slots = (nm.at("__baton_fn_table_end") - table) / 4;
  EXPECT_EQ(slots, 64U);
  EXPECT_EQ(b.img.fn_table_addr, table);
  EXPECT_EQ(b.img.fn_table_slots, slots);
  // FN_CSUM -> csum (1) entry 0, FN_SLOW -> slow (3) entry 0, FN_RETURNS -> slow entry 1.
  const std::map<std::uint32_t, std::uint32_t> want{{0, 0x0001'0000U}, {1, 0x0003'0000U}, {2, 0x0003'0001U}};
  for (std::uint32_t s = 0; s < slots; ++s) {
    const std::uint32_t w = load_le32(b.img.rodata, table - 0x8000'0000U + 4 * s);
    EXPECT_EQ(w, want.contains(s) ? want.at(s) : 0xffffffffU) << "slot " << s;
  }
  // Initialised data and bss (slow_bias = 100, the counters 0) at nm's addresses.
  EXPECT_EQ(load_le32(b.img.data, nm.at("slow_bias") - 0x9000'0000U), 100U);
  for (std::uint32_t i = 0; i < 512; ++i) {
    ASSERT_EQ(load_le32(b.img.data, nm.at("classify_count") - 0x9000'0000U + 4 * i), 0U);
    ASSERT_EQ(load_le32(b.img.data, nm.at("slow_bytes") - 0x9000'0000U + 4 * i), 0U);
  }
}

TEST(ToolchainE2E, BinaryHeaderHexAndManifestFollowTheDocumentedFormat) {
  ScratchDir dir("e2e-format");
  const Built b = build(dir, kElf);
  ASSERT_EQ(b.result.exit_code, 0) << b.result.err;
  // Header words at the offsets docs/firmware.md lists.
  EXPECT_EQ(std::memcmp(b.bin.data(), "BTNI", 4), 0);
  EXPECT_EQ(load_le32(b.bin, 0x04), 1U);
  EXPECT_EQ(load_le32(b.bin, 0x08), 96U);
  EXPECT_EQ(load_le32(b.bin, 0x0c), b.bin.size());
  EXPECT_EQ(load_le32(b.bin, 0x14), 1024U);
  EXPECT_EQ(load_le32(b.bin, 0x18), 4U);
  EXPECT_EQ(load_le32(b.bin, 0x28) % 1024, 0U) << "page store is page aligned in the file";
  auto zeroed = b.bin;
  std::memset(zeroed.data() + 0x10, 0, 4);
  EXPECT_EQ(load_le32(b.bin, 0x10), crc32_ref(zeroed)) << "header CRC";
  // $readmemh: one comment line, then one 32-bit word per line, byte 0 in the low bits.
  std::istringstream hex(b.hex);
  std::string line;
  std::getline(hex, line);
  EXPECT_TRUE(line.starts_with("//"));
  std::vector<std::uint8_t> from_hex;
  while (std::getline(hex, line)) {
    ASSERT_EQ(line.size(), 8U) << line;
    const auto w = static_cast<std::uint32_t>(std::stoul(line, nullptr, 16));
    for (int i = 0; i < 4; ++i) from_hex.push_back(static_cast<std::uint8_t>(w >> (8 * i)));
  }
  EXPECT_EQ(from_hex, b.bin);
  // Manifest: the fields a consumer relies on.
  const auto& m = b.manifest;
  EXPECT_EQ(m.at("format"), "baton-image");
  EXPECT_EQ(m.at("version"), 1);
  EXPECT_EQ(m.at("image").at("crc32").get<std::uint32_t>(), crc32_ref(b.bin));
  EXPECT_EQ(m.at("image").at("bytes").get<std::size_t>(), b.bin.size());
  EXPECT_EQ(m.at("image").at("bin"), "fw.bin");
  EXPECT_EQ(m.at("partitions").size(), 4U);
  EXPECT_EQ(m.at("partitions").at(3).at("entries").at(1).at("name"), "slow_returns");
  EXPECT_EQ(m.at("function_table").at("functions").size(), 3U);
  const auto nm = nm_symbols(kElf);
  bool found = false;
  for (const auto& s : m.at("partitions").at(1).at("symbols")) {
    if (s.at("name") == "csum_input") {
      found = true;
      EXPECT_EQ(s.at("addr").get<std::uint32_t>(), nm.at("csum_input"));
    }
  }
  EXPECT_TRUE(found) << "csum_input listed among the symbols of partition csum";
  // --list: one line per partition with its name and base.
  for (const auto& ep : kParts) {
    EXPECT_NE(b.result.out.find(fmt::format(" {} ", ep.name)), std::string::npos) << b.result.out;
  }
  EXPECT_NE(b.result.out.find(fmt::format("{:#010x}", nm.at("__baton_part_csum_start"))), std::string::npos);
}

TEST(ToolchainE2E, GpFirmwareFlagsTheImageAndEveryStubLoadsGp) {
  ScratchDir dir("e2e-gp");
  const Built b = build(dir, kElfGp);
  ASSERT_EQ(b.result.exit_code, 0) << b.result.err;
  EXPECT_EQ(b.img.flags & baton::image::kFlagUsesGp, baton::image::kFlagUsesGp);
  EXPECT_TRUE(b.manifest.at("uses_gp").get<bool>());
  for (const auto& p : b.img.partitions) {
    for (auto pc : p.entries) {
      const auto w = b.img.code_word(pc);
      ASSERT_TRUE(w.has_value());
      EXPECT_EQ(*w & 0xfffU, 0x1b7U) << fmt::format("entry at {:#x} starts with lui gp", pc);
    }
  }
}

TEST(ToolchainE2E, PageSizeAndHexWidthOptionsAndDeterminism) {
  ScratchDir dir("e2e-opts");
  const Built small = build(dir, kElf, {"--page-bytes", "512", "--hex-word-bytes", "8"});
  ASSERT_EQ(small.result.exit_code, 0) << small.result.err;
  EXPECT_EQ(small.img.page_bytes, 512U);
  for (const auto& p : small.img.partitions) EXPECT_EQ(p.num_pages, (p.code_bytes + 511) / 512) << p.name;
  std::istringstream hex(small.hex);
  std::string line;
  std::getline(hex, line);
  std::getline(hex, line);
  EXPECT_EQ(line.size(), 16U);
  EXPECT_EQ(line.substr(8), "494e5442") << "first 64-bit word holds the magic in its low half";
  EXPECT_EQ(baton::image::from_readmemh(small.hex, 8), small.bin);
  ScratchDir again("e2e-opts-again");
  const Built twice = build(again, kElf, {"--page-bytes", "512", "--hex-word-bytes", "8"});
  EXPECT_EQ(twice.bin, small.bin) << "same input, same image";
}

// Icarus Verilog's $readmemh (a reader the project did not write) loads the hex file into a
// 32-bit memory; every word must equal the binary image's word.
TEST(ToolchainE2E, IverilogReadmemhLoadsTheHexFile) {
  const std::string iverilog = BATON_IVERILOG_EXE;
  if (iverilog.empty() || iverilog.find("NOTFOUND") != std::string::npos) GTEST_SKIP() << "iverilog not installed";
  ScratchDir dir("e2e-iverilog");
  const Built b = build(dir, kElf);
  ASSERT_EQ(b.result.exit_code, 0) << b.result.err;
  const std::size_t words = b.bin.size() / 4;
  std::ofstream(dir / "tb.v") << fmt::format(
      "module tb;\n  reg [31:0] mem [0:{}];\n  integer i;\n  initial begin\n    $readmemh(\"{}\", mem);\n"
      "    for (i = 0; i < {}; i = i + 1) $display(\"%h\", mem[i]);\n    $finish;\n  end\nendmodule\n",
      words - 1, (dir / "fw.hex").string(), words);
  const std::string vvp = (fs::path(iverilog).parent_path() / "vvp").string();
  const RunResult c = run({iverilog, "-o", (dir / "tb.vvp").string(), (dir / "tb.v").string()}, dir.path());
  ASSERT_EQ(c.exit_code, 0) << c.err;
  const RunResult r = run({vvp, "-n", (dir / "tb.vvp").string()}, dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::istringstream out(r.out);
  std::string line;
  std::size_t i = 0;
  while (std::getline(out, line) && i < words) {
    if (line.size() != 8) continue;  // $finish notice
    ASSERT_EQ(static_cast<std::uint32_t>(std::stoul(line, nullptr, 16)), load_le32(b.bin, 4 * i)) << "word " << i;
    ++i;
  }
  EXPECT_EQ(i, words);
}

}  // namespace
