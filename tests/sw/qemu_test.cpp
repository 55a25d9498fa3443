// SPDX-License-Identifier: Apache-2.0
// The ISS cross-checked against QEMU (label oracle): each directed test and C program is also
// linked for QEMU's virt machine; its halt routine prints the signature and the halt status on
// the UART. Signatures and status must agree word for word. The C programs also run on random
// inputs, patched into a copy of each ELF file.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "baton/iss/bare.hpp"
#include "baton/iss/elf.hpp"
#include "baton/tb/config.hpp"
#include "baton/tb/rng.hpp"
#include "iss_test_util.hpp"

namespace baton::iss {
namespace {

using baton::iss::test::program_path;
using baton::iss::test::repro;
namespace fs = std::filesystem;

struct Result {
  std::vector<std::uint32_t> signature;
  std::uint32_t status = 0;
  std::string raw;
};

bool have_qemu() { return std::string(BATON_QEMU).size() > 0 && fs::exists(BATON_QEMU); }

fs::path work_dir() {
  auto d = fs::temp_directory_path() / fmt::format("baton-iss-qemu-{}", ::getpid());
  fs::create_directories(d);
  return d;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

Result run_qemu(const std::string& elf) {
  const auto out = work_dir() / "qemu.out";
  const std::string cmd = fmt::format(
      "timeout 30 '{}' -M virt -cpu rv32,zbb=true -bios none -nographic -kernel '{}' < /dev/null > '{}' 2>&1",
      BATON_QEMU, elf, out.string());
  const int rc = std::system(cmd.c_str());
  Result r;
  r.raw = slurp(out);
  EXPECT_TRUE(WIFEXITED(rc) && WEXITSTATUS(rc) == 0) << "qemu failed: " << cmd << "\n" << r.raw;
  std::istringstream in(r.raw);
  std::string tag;
  std::string value;
  bool halted = false;
  while (in >> tag) {
    if (tag == "SIG" && in >> value) r.signature.push_back(static_cast<std::uint32_t>(std::stoul(value, nullptr, 16)));
    if (tag == "TOHOST" && in >> value) {
      r.status = static_cast<std::uint32_t>(std::stoul(value, nullptr, 16));
      halted = true;
    }
    if (tag == "TRAP") ADD_FAILURE() << "QEMU took an exception: " << r.raw;
  }
  EXPECT_TRUE(halted) << "no TOHOST line from QEMU: " << r.raw;
  return r;
}

Result run_iss(const std::string& elf_path, const std::vector<std::uint8_t>* input) {
  const auto elf = ElfImage::load(elf_path);
  BareMachine m(elf, BareOptions{});
  if (input != nullptr) m.memory().write_bytes(elf.require_symbol("input"), *input);
  const auto res = m.run();
  EXPECT_EQ(res.end, BareResult::End::kToHost) << elf_path;
  return {m.signature(), res.tohost.value_or(0), {}};
}

// Writes `bytes` at virtual address `addr` of a copy of an ELF32 file (inside a PT_LOAD's file image).
std::string patched_copy(const std::string& path, std::uint32_t addr, const std::vector<std::uint8_t>& bytes,
                         const std::string& name) {
  std::string b = slurp(path);
  auto u16 = [&](std::size_t o) { return static_cast<std::uint32_t>(static_cast<std::uint8_t>(b[o]) | static_cast<std::uint8_t>(b[o + 1]) << 8); };
  auto u32 = [&](std::size_t o) { return u16(o) | u16(o + 2) << 16; };
  const std::uint32_t phoff = u32(0x1c);
  const std::uint32_t phentsize = u16(0x2a);
  const std::uint32_t phnum = u16(0x2c);
  for (std::uint32_t i = 0; i < phnum; ++i) {
    const std::size_t ph = phoff + i * phentsize;
    const std::uint32_t type = u32(ph);
    const std::uint32_t off = u32(ph + 4);
    const std::uint32_t vaddr = u32(ph + 8);
    const std::uint32_t filesz = u32(ph + 16);
    if (type == 1 && addr >= vaddr && addr + bytes.size() <= vaddr + filesz) {
      std::memcpy(b.data() + off + (addr - vaddr), bytes.data(), bytes.size());
      const auto out = work_dir() / name;
      std::ofstream(out, std::ios::binary) << b;
      return out.string();
    }
  }
  ADD_FAILURE() << "address " << addr << " not in a loadable segment of " << path;
  return path;
}

void expect_same(const Result& iss, const Result& qemu, const std::string& what) {
  EXPECT_EQ(iss.status, qemu.status) << what;
  ASSERT_EQ(iss.signature.size(), qemu.signature.size()) << what;
  for (std::size_t i = 0; i < iss.signature.size(); ++i) {
    ASSERT_EQ(iss.signature[i], qemu.signature[i]) << what << ": signature word " << i;
  }
}

class QemuOracle : public ::testing::TestWithParam<std::string> {};

TEST_P(QemuOracle, SameSignatureAsIss) {
  BATON_REQUIRE_PROGRAMS();
  if (!have_qemu()) GTEST_SKIP() << "qemu-system-riscv32 not found: the QEMU cross-check is skipped (run scripts/setup)";
  const auto iss = run_iss(program_path(GetParam(), "bare"), nullptr);
  const auto qemu = run_qemu(program_path(GetParam(), "qemu"));
  expect_same(iss, qemu, GetParam());
  EXPECT_GT(iss.signature.size(), 0U);
  if (GetParam() != "selftest_fail") {
    EXPECT_EQ(iss.status, 1U) << GetParam();
  }
}

INSTANTIATE_TEST_SUITE_P(Programs, QemuOracle,
                         ::testing::Values("rv32i_alu", "rv32i_branch", "rv32i_mem", "rv32m", "zbb", "selftest_fail",
                                           "checksum", "hash", "sort", "parser"),
                         [](const auto& info) { return info.param; });

TEST(QemuOracleRandom, CProgramsOnRandomInputs) {
  BATON_REQUIRE_PROGRAMS();
  if (!have_qemu()) GTEST_SKIP() << "qemu-system-riscv32 not found: the QEMU cross-check is skipped (run scripts/setup)";
  const auto seed = baton::tb::test_seed();
  baton::tb::Rng rng(seed);
  std::uint64_t n = 0;
  for (const std::string prog : {"checksum", "hash", "sort", "parser"}) {
    for (int k = 0; k < 4; ++k, ++n) {
      // Length word then bytes; for sort the length is an element count.
      const bool sort = prog == "sort";
      const std::uint32_t len = sort ? static_cast<std::uint32_t>(rng.range(0, 256))
                                     : static_cast<std::uint32_t>(rng.range(0, prog == "hash" ? 300 : 1500));
      std::vector<std::uint8_t> input(4 + (sort ? 4 * len : len));
      for (int b = 0; b < 4; ++b) input[static_cast<std::size_t>(b)] = static_cast<std::uint8_t>(len >> (8 * b));
      for (std::size_t b = 4; b < input.size(); ++b) input[b] = static_cast<std::uint8_t>(rng.bits(8));
      if (prog == "parser" && len >= 14 && rng.chance(0.7)) {
        input[4 + 12] = 0x08;  // make most frames IPv4 so the parser goes deep
        input[4 + 13] = 0x00;
        if (len > 14) input[4 + 14] = 0x45;
      }
      const auto iss = run_iss(program_path(prog, "bare"), &input);
      const auto qemu_elf = program_path(prog, "qemu");
      const auto patched = patched_copy(qemu_elf, ElfImage::load(qemu_elf).require_symbol("input"), input,
                                        prog + ".qemu.elf");
      const auto qemu = run_qemu(patched);
      expect_same(iss, qemu, fmt::format("{} input length {} {}", prog, len, repro(seed, n)));
    }
  }
}

}  // namespace
}  // namespace baton::iss
