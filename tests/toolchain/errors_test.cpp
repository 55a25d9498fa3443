// SPDX-License-Identifier: Apache-2.0
// Every error baton-ld reports (docs/firmware.md, "Errors"): firmware built wrong on purpose
// during the build, or good firmware with bytes changed here. Each must give exactly one line on
// stderr naming the partition, symbol, section or field, exit status 1, and no output file.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>

#include "toolchain_util.hpp"

namespace {

using namespace baton::test;

const std::string kGood = kFwDir + "/migrate.elf";

struct Case {
  std::string name;
  std::string input;              // path, or "patch:<how>" for a modified copy of the example
  std::vector<std::string> args;  // extra baton-ld options
  std::vector<std::string> says;  // substrings the error line must contain
};

std::ostream& operator<<(std::ostream& os, const Case& c) { return os << c.name; }

std::string bad(const std::string& n) { return kBadDir + "/bad_" + n + ".elf"; }

std::uint32_t rd32(const std::vector<std::uint8_t>& b, std::size_t o) {
  std::uint32_t v;
  std::memcpy(&v, b.data() + o, 4);
  return v;
}
std::uint16_t rd16(const std::vector<std::uint8_t>& b, std::size_t o) {
  std::uint16_t v;
  std::memcpy(&v, b.data() + o, 2);
  return v;
}

// File offset of a section's contents, read straight from the ELF32 section headers.
std::size_t section_offset(const std::vector<std::uint8_t>& b, const std::string& want) {
  const std::uint32_t shoff = rd32(b, 32);
  const std::uint16_t shnum = rd16(b, 48);
  const std::uint16_t shstr = rd16(b, 50);
  const std::uint32_t names = rd32(b, shoff + 40U * shstr + 16);
  for (std::uint16_t i = 0; i < shnum; ++i) {
    const std::size_t h = shoff + 40U * i;
    if (reinterpret_cast<const char*>(b.data() + names + rd32(b, h)) == want) return rd32(b, h + 16);
  }
  ADD_FAILURE() << "no section " << want;
  return 0;
}

// Builds the modified copies of the example ELF.
std::string patched(const std::string& how, const ScratchDir& dir) {
  auto b = slurp(kGood);
  if (how == "machine") {
    b[18] = 62;  // EM_X86_64
    b[19] = 0;
  } else if (how == "rve") {
    b[36] |= 0x8;
  } else if (how == "hardfloat") {
    b[36] |= 0x4;
  } else if (how == "cut-header") {
    b.resize(40);
  } else if (how == "cut-half") {
    b.resize(b.size() / 2);
  } else if (how == "cut-sections") {
    b.resize(rd32(b, 32) + 40 * 3);  // inside the section header table
  } else if (how == "meta-kind") {
    b[section_offset(b, ".baton.meta")] = 0x77;
  } else if (how == "meta-name") {
    // The first name of the first record (partition: after 8 words; entry, function: after 4).
    const std::size_t meta = section_offset(b, ".baton.meta");
    b[meta + (rd32(b, meta) == 1 ? 32 : 16)] = '-';
  } else if (how == "shentsize") {
    b[46] = 39;
  } else if (how == "strtab-newline") {
    // A symbol name with a line break, in an ELF whose error names that symbol.
    b = slurp(bad("cross_call"));
    const std::string needle("b_helper", 9);  // with its NUL: the symbol table's copy
    const auto at = std::search(b.begin() + static_cast<std::ptrdiff_t>(section_offset(b, ".strtab")), b.end(), needle.begin(), needle.end());
    EXPECT_NE(at, b.end());
    if (at != b.end()) at[1] = '\n';
  } else if (how == "text") {
    const std::string t = "this is not an ELF file\n";
    b.assign(t.begin(), t.end());
  }
  const auto path = dir / ("patched-" + how + ".elf");
  spit(path, b);
  return path.string();
}

const std::vector<Case> kCases{
    {"CrossPartitionCall", bad("cross_call"), {}, {"direct call", "a_main", "b_helper", "partition 'b'", "migration"}},
    {"CallIntoNoPartition", bad("unpartitioned_call"), {}, {"loose_helper", "no partition"}},
    {"LibgccCall", bad("libgcc_call"), {}, {"__udivdi3", "no partition"}},
    {"DuplicatePartitionName", bad("dup_name"), {}, {"duplicate partition 'a'"}},
    {"DuplicatePartitionId", bad("dup_id"), {}, {"duplicate partition id 0", "'first'", "'second'"}},
    {"EmptyPartition", bad("empty"), {}, {"empty partition 'hollow'"}},
    {"MissingPartition", bad("missing_part"), {}, {"missing partition 'ghost'", "ghost_main"}},
    {"MissingInitialPartition", bad("no_initial"), {}, {"missing initial partition", "id 0"}},
    {"MissingInitialByName", kGood, {"--initial", "nosuch"}, {"missing partition 'nosuch'"}},
    {"UndefinedEntryName", bad("undefined_entry"), {}, {"undefined entry name 'no_such_entry'"}},
    {"FunctionIdBeyondTable", bad("fn_slots"), {}, {"function id 70", "64-slot"}},
    {"DuplicateEntryIndex", bad("dup_entry"), {}, {"duplicate entry index 0", "partition 'a'", "a_main", "a_again"}},
    {"EntryTableHole", bad("entry_hole"), {}, {"partition 'b'", "hole", "index 0"}},
    {"PartitionOverBudget", bad("oversize"), {"--imem-budget", "16384"}, {"partition 'big' is too large", "16384"}},
    {"PartitionOverSmallBudget", kGood, {"--page-bytes", "256", "--imem-budget", "256"}, {"partition 'classify' is too large"}},
    {"PartitionNotOnPage", kGood, {"--page-bytes", "2048"}, {"partition 'csum'", "2048-byte page"}},
    {"MixedGpBuild", bad("gp_mixed"), {}, {"BATON_USE_GP"}},
    {"WrongClassRv64", bad("rv64"), {}, {"wrong ELF class", "ELFCLASS64"}},
    {"WrongClassHostBinary", kLd, {}, {"wrong ELF class"}},
    {"WrongMachine", "patch:machine", {}, {"wrong machine 62"}},
    {"CompressedAbi", bad("rvc"), {}, {"wrong ABI flags", "compressed"}},
    {"HardFloatAbi", bad("hardfloat"), {}, {"wrong ABI flags", "hard-float"}},
    {"HardFloatFlagPatched", "patch:hardfloat", {}, {"hard-float"}},
    {"Rv32eFlag", "patch:rve", {}, {"RV32E"}},
    {"NotAnExecutable", kBadDir + "/bad_object.o", {}, {"not an executable"}},
    {"NoRelocations", kBadDir + "/bad_norelocs.elf", {}, {"no relocations", "-Wl,-q"}},
    {"NotElf", "patch:text", {}, {"not an ELF file"}},
    {"TruncatedHeader", "patch:cut-header", {}, {"truncated"}},
    {"TruncatedHalf", "patch:cut-half", {}, {"truncated"}},
    {"TruncatedSectionTable", "patch:cut-sections", {}, {"truncated"}},
    {"CorruptSectionHeaderSize", "patch:shentsize", {}, {"corrupt ELF", "section header size"}},
    {"CorruptMetaKind", "patch:meta-kind", {}, {"corrupt .baton.meta", "unknown record kind"}},
    {"CorruptMetaName", "patch:meta-name", {}, {"corrupt .baton.meta", "not a C identifier"}},
    {"SymbolNameWithLineBreak", "patch:strtab-newline", {}, {"direct call", "b\\x0ahelper"}},
    {"NoSuchFile", kBadDir + "/does-not-exist.elf", {}, {"does-not-exist.elf", "cannot open"}},
};

class Errors : public ::testing::TestWithParam<Case> {};

TEST_P(Errors, OneLineNonZeroExitNothingWritten) {
  const Case& c = GetParam();
  ScratchDir dir("err-" + c.name);
  const std::string input = c.input.starts_with("patch:") ? patched(c.input.substr(6), dir) : c.input;
  // An output from an earlier run must survive a failed run unchanged.
  spit(dir / "out.json", {'o', 'l', 'd'});
  std::vector<std::string> argv{kLd, input, "-o", (dir / "out").string()};
  argv.insert(argv.end(), c.args.begin(), c.args.end());
  const RunResult r = run(argv, dir.path());
  const std::string how = fmt::format("\n  stderr: {}  repro: {} {}", r.err, kLd, input);
  EXPECT_EQ(r.exit_code, 1) << how;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << "exactly one line" << how;
  EXPECT_TRUE(r.err.starts_with("baton-ld: error: ")) << how;
  for (const auto& s : c.says) EXPECT_NE(r.err.find(s), std::string::npos) << "expected '" << s << "'" << how;
  EXPECT_FALSE(fs::exists(dir / "out.bin")) << how;
  EXPECT_FALSE(fs::exists(dir / "out.hex")) << how;
  EXPECT_EQ(slurp_text(dir / "out.json"), "old") << how;
  for (const auto& e : fs::directory_iterator(dir.path())) {
    EXPECT_EQ(e.path().string().find(".tmp-"), std::string::npos) << "temporary file left: " << e.path();
  }
}

INSTANTIATE_TEST_SUITE_P(Toolchain, Errors, ::testing::ValuesIn(kCases),
                         [](const ::testing::TestParamInfo<Case>& i) { return i.param.name; });

// The good example passes with the same command lines, so the failures above are the inputs'.
TEST(ErrorsControl, GoodFirmwareLinksAndWritesAllThreeFiles) {
  ScratchDir dir("err-control");
  const RunResult r = run({kLd, kGood, "-o", (dir / "out").string()}, dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(r.err.empty()) << r.err;
  for (const char* ext : {".bin", ".hex", ".json"}) EXPECT_TRUE(fs::exists(dir / (std::string("out") + ext))) << ext;
}

// Zero-initialized data without initialized data: .bss must land in the data window (it once
// followed rodata, which baton-ld rejects), and the image must build.
TEST(ErrorsControl, BssWithoutDataLandsInTheDataWindow) {
  const std::string elf = kBadDir + "/good_bss_only.elf";
  const auto syms = nm_symbols(elf);
  ASSERT_TRUE(syms.count("packets_seen")) << "nm found no packets_seen in " << elf;
  const std::uint32_t addr = syms.at("packets_seen");
  EXPECT_EQ(addr >> 28, 0x9U) << fmt::format("packets_seen at {:#010x}, outside the data window", addr);
  ScratchDir dir("err-bss-only");
  const RunResult r = run({kLd, elf, "-o", (dir / "out").string()}, dir.path());
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

TEST(ErrorsControl, UsageErrorsExitTwo) {
  ScratchDir dir("err-usage");
  EXPECT_EQ(run({kLd}, dir.path()).exit_code, 106) << "CLI11: required argument missing";
  EXPECT_EQ(run({kLd, kGood}, dir.path()).exit_code, 2) << "no output and no --list";
  EXPECT_NE(run({kLd, kGood, "--list", "--hex-word-bytes", "3"}, dir.path()).exit_code, 0);
}

}  // namespace
