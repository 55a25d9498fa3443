// SPDX-License-Identifier: Apache-2.0
// Programs with more than 256 KiB of code: baton-tile-run and baton-iss with --imem-size 4M.
//
// The test writes a compliance-style program whose code spans 1.38 MiB (more than the default
// IMEM of both tools: 256 KiB for baton-tile-run, 1 MiB for baton-iss): a chain of far jumps
// across zero padding (the largest forward and backward JAL offsets, an absolute LUI+JALR, a
// PC-relative AUIPC+JALR, the largest forward and backward branch offsets, a target exactly at
// 256 KiB). Each stop records its PC and its link register (relative to _start) and folds a tag
// into an order-sensitive sum. The expected signature is computed here from the layout, the
// program compares each word with the same constants (tohost = 1 only if all agree), and QEMU
// runs the same source linked for its virt machine as a third, independent execution.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "tile_test_util.hpp"

#ifndef TILE_ISA_SRC
#define TILE_ISA_SRC ""
#endif
#ifndef TILE_RV_GCC
#define TILE_RV_GCC ""
#endif
#ifndef TILE_QEMU
#define TILE_QEMU ""
#endif

namespace baton::env::tile {
namespace {

namespace fs = std::filesystem;

// Offsets from _start (the IMEM base: 0 on the tile and the ISS, 0x8000_0000 under QEMU).
constexpr std::uint32_t kS0 = 0x100;           // jal ra, S1: the largest forward JAL offset
constexpr std::uint32_t kS1 = kS0 + 0xffffc;   // 0x1000fc
constexpr std::uint32_t kJ1 = 0x100200;        // jal ra, S2: the largest backward JAL offset
constexpr std::uint32_t kS2 = kJ1 - 0x100000;  // 0x200
constexpr std::uint32_t kJ2 = 0x300;           // lui t0, %hi(S3); jalr ra, %lo(S3)(t0)
constexpr std::uint32_t kS3 = 0x160000;
constexpr std::uint32_t kB3 = 0x160100;        // beq x0, x0, S3b: the largest forward branch
constexpr std::uint32_t kS3b = kB3 + 0xffc;    // 0x1610fc
constexpr std::uint32_t kB3b = 0x161200;       // bne s1, x0, S3c: the largest backward branch
constexpr std::uint32_t kS3c = kB3b - 0x1000;  // 0x160200
constexpr std::uint32_t kJ3c = 0x160300;       // jal ra, S4
constexpr std::uint32_t kS4 = 0xc0000;         // auipc+addi t0, S5; jr t0
constexpr std::uint32_t kS5 = 0x40000;         // the first word past a 256 KiB IMEM
constexpr std::uint32_t kImem = 4U << 20;

// What the program records, in order: PCs (the AUIPC at each stop), links, the tag sum.
std::vector<std::uint32_t> expected_signature() {
  std::uint32_t sum = 0;
  for (std::uint32_t tag = 1; tag <= 7; ++tag) sum = sum * 31 + tag;  // visiting order S1 S2 S3 S3b S3c S4 S5
  return {kS1, kS0 + 4, kS2, kJ1 + 4, kS3, kJ2 + 8, kJ3c + 4, kS5, sum};
}

// `bad_word` >= 0 makes the program expect a wrong value for that signature word (control run).
std::string program_source(int bad_word) {
  const auto sig = expected_signature();
  std::string s = R"(#include "baton_test.h"
.macro REC reg            /* record \reg - _start */
  sub t1, \reg, s2
  sw t1, 0(s3)
  addi s3, s3, 4
.endm
.macro HERE               /* record this pc - _start; must be the first instruction of a stop */
  auipc t1, 0
  sub t1, t1, s2
  sw t1, 0(s3)
  addi s3, s3, 4
.endm
.macro TAG n              /* s1 = s1 * 31 + n */
  li t0, 31
  mul s1, s1, t0
  addi s1, s1, \n
.endm
TEST_BEGIN
  la s2, _start
  la s3, rec
  li s1, 0
  j S0
)";
  s += fmt::format(R"(
.org {S0:#x}
S0: jal ra, S1
.org {S2:#x}
S2: HERE
  REC ra
  TAG 2
  j J2
.org {J2:#x}
J2: lui t0, %hi(S3)
  jalr ra, %lo(S3)(t0)
.org {S5:#x}
S5: HERE
  TAG 7
  sw s1, 0(s3)
  la t0, final
  jr t0
.org {S4:#x}
S4: REC ra
  TAG 6
  la t0, S5
  jr t0
.org {S1:#x}
S1: HERE
  REC ra
  TAG 1
  j J1
.org {J1:#x}
J1: jal ra, S2
.org {S3:#x}
S3: HERE
  REC ra
  TAG 3
  j B3
.org {B3:#x}
B3: beq x0, x0, S3b
  j test_fail
.org {S3c:#x}
S3c: TAG 5
  j J3c
.org {J3c:#x}
J3c: jal ra, S4
.org {S3b:#x}
S3b: TAG 4
  j B3b
.org {B3b:#x}
B3b: bne s1, x0, S3c
  j test_fail
final:
  la s4, rec
)",
                   fmt::arg("S0", kS0), fmt::arg("S1", kS1), fmt::arg("J1", kJ1), fmt::arg("S2", kS2),
                   fmt::arg("J2", kJ2), fmt::arg("S3", kS3), fmt::arg("B3", kB3), fmt::arg("S3b", kS3b),
                   fmt::arg("B3b", kB3b), fmt::arg("S3c", kS3c), fmt::arg("J3c", kJ3c), fmt::arg("S4", kS4),
                   fmt::arg("S5", kS5));
  for (std::size_t i = 0; i < sig.size(); ++i) {
    const std::uint32_t want = sig[i] + (static_cast<int>(i) == bad_word ? 1 : 0);
    s += fmt::format("  lw t2, {}(s4)\n  CHECK t2, {:#x}\n", 4 * i, want);
  }
  s += R"(  j test_pass
TEST_END
.section .data
rec: .fill 16, 4, 0
TEST_DATA 16
)";
  return s;
}

struct Run {
  int rc = -1;
  std::string out, err;
};

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Run run(const std::string& cmd, const fs::path& dir) {
  const auto out = dir / "stdout", err = dir / "stderr";
  const int rc = std::system(fmt::format("{} < /dev/null > '{}' 2> '{}'", cmd, out.string(), err.string()).c_str());
  return {WIFEXITED(rc) ? WEXITSTATUS(rc) : -1, slurp(out), slurp(err)};
}

std::vector<std::uint32_t> read_signature(const fs::path& p) {
  std::vector<std::uint32_t> words;
  std::ifstream in(p);
  std::string line;
  while (std::getline(in, line)) {
    EXPECT_EQ(line.size(), 8U) << "signature line '" << line << "' in " << p;
    words.push_back(static_cast<std::uint32_t>(std::stoul(line, nullptr, 16)));
  }
  return words;
}

// The first `n` words of a signature (the program's signature area is longer than what it writes).
std::vector<std::uint32_t> head(std::vector<std::uint32_t> v, std::size_t n) {
  if (v.size() > n) v.resize(n);
  return v;
}

bool one_line(const std::string& s) { return !s.empty() && s.find('\n') == s.size() - 1; }

class ImemSize : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!TILE_HAVE_RV) GTEST_SKIP() << "riscv64-unknown-elf-gcc not found: the large program cannot be built";
    dir_ = fs::temp_directory_path() / fmt::format("tile_imem_{}", ::getpid());
    fs::create_directories(dir_);
  }
  void TearDown() override {
    if (!dir_.empty() && !HasFailure()) fs::remove_all(dir_);
  }

  // Writes the program and links it: `variant` bare (IMEM at 0) or qemu (at 0x8000_0000).
  std::string build(const std::string& name, const std::string& variant, int bad_word = -1) {
    const auto src = dir_ / (name + ".S");
    std::ofstream(src) << program_source(bad_word);
    const auto elf = (dir_ / (name + "." + variant + ".elf")).string();
    const std::string isa = TILE_ISA_SRC;
    std::string extra = "-T bare.ld";
    if (variant == "qemu") {
      extra = fmt::format("-DTARGET_QEMU -T qemu.ld '{0}/crt/qemu_rt.c' '{0}/crt/qemu_trap.S'", isa);
    }
    const auto r = run(fmt::format("'{}' -march=rv32im -mabi=ilp32 -nostdlib -nostartfiles -ffreestanding -static -O2 "
                                   "-Wl,--no-relax -Wl,--defsym=__imem_bytes={:#x} '-I{}/include' '-L{}/link' {} "
                                   "'{}' -o '{}'",
                                   TILE_RV_GCC, kImem, isa, isa, extra, src.string(), elf),
                       dir_);
    EXPECT_EQ(r.rc, 0) << "linking " << elf << " failed:\n" << r.err;
    return elf;
  }

  fs::path dir_;
};

TEST_F(ImemSize, FarJumpChainOnTileIssAndQemu) {
  const auto elf = build("far", "bare");
  ASSERT_FALSE(HasFailure());
  const auto want = expected_signature();

  // The defaults refuse the program with one line that names the option to use, exit status 2.
  auto r = run(fmt::format("'{}' '{}'", BATON_TILE_RUN, elf), dir_);
  EXPECT_EQ(r.rc, 2) << r.err;
  EXPECT_TRUE(one_line(r.err)) << r.err;
  EXPECT_NE(r.err.find("baton-tile-run: error:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("beyond IMEM [0, 0x40000)"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--imem-size 4M"), std::string::npos) << r.err;
  r = run(fmt::format("'{}' '{}'", BATON_ISS_EXE, elf), dir_);
  EXPECT_EQ(r.rc, 2) << r.err;
  EXPECT_TRUE(one_line(r.err)) << r.err;
  EXPECT_NE(r.err.find("baton-iss: error:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("beyond IMEM [0, 0x100000)"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--imem-size 2M"), std::string::npos) << r.err;

  // The RTL tile with the 4 MiB model, in lockstep with the ISS.
  const auto rtl_sig = dir_ / "rtl.sig";
  r = run(fmt::format("'{}' '{}' --imem-size 4M --signature '{}'", BATON_TILE_RUN, elf, rtl_sig.string()), dir_);
  EXPECT_EQ(r.rc, 0) << r.out << r.err << "repro: " << BATON_TILE_RUN << " " << elf << " --imem-size 4M";
  EXPECT_EQ(head(read_signature(rtl_sig), want.size()), want);

  // The ISS alone, the size given in bytes.
  const auto iss_sig = dir_ / "iss.sig";
  r = run(fmt::format("'{}' '{}' --imem-size {} --signature '{}'", BATON_ISS_EXE, elf, kImem, iss_sig.string()),
          dir_);
  EXPECT_EQ(r.rc, 0) << r.err;
  EXPECT_EQ(head(read_signature(iss_sig), want.size()), want);
  EXPECT_EQ(slurp(rtl_sig), slurp(iss_sig));

  // QEMU's virt machine: the same source linked at 0x8000_0000; the signature comes on the UART.
  const std::string qemu = TILE_QEMU;
  if (qemu.empty() || !fs::exists(qemu)) {
    GTEST_SKIP() << "qemu-system-riscv32 not found: the QEMU run is skipped";
  }
  const auto qelf = build("far", "qemu");
  ASSERT_FALSE(HasFailure());
  r = run(fmt::format("timeout 30 '{}' -M virt -cpu rv32 -bios none -nographic -kernel '{}'", qemu, qelf), dir_);
  EXPECT_EQ(r.rc, 0) << r.out << r.err;
  std::istringstream in(r.out);
  std::string tag, value;
  std::vector<std::uint32_t> qsig;
  std::optional<std::uint32_t> tohost;
  while (in >> tag) {
    if (tag == "SIG" && in >> value) qsig.push_back(static_cast<std::uint32_t>(std::stoul(value, nullptr, 16)));
    if (tag == "TOHOST" && in >> value) tohost = static_cast<std::uint32_t>(std::stoul(value, nullptr, 16));
    if (tag == "TRAP") ADD_FAILURE() << "QEMU took an exception: " << r.out;
  }
  EXPECT_EQ(tohost, 1U) << r.out;
  EXPECT_EQ(head(qsig, want.size()), want) << r.out;
  EXPECT_EQ(qsig, read_signature(iss_sig));
}

// The program's own checks can fail: one expected constant off by one gives "failed test 9".
TEST_F(ImemSize, SelfCheckCanFail) {
  const auto elf = build("far_bad", "bare", 8);
  ASSERT_FALSE(HasFailure());
  const auto r = run(fmt::format("'{}' '{}' --imem-size 4M", BATON_TILE_RUN, elf), dir_);
  EXPECT_EQ(r.rc, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("fail, test 9"), std::string::npos) << r.out << r.err;
}

// --imem-size accepts only the verilated sizes, in bytes or with K/M; anything else is one line.
TEST_F(ImemSize, OnlyVerilatedSizes) {
  const auto elf = build("far", "bare");
  ASSERT_FALSE(HasFailure());
  for (const std::string size : {"1M", "1048576", "100"}) {
    const auto r = run(fmt::format("'{}' '{}' --imem-size {}", BATON_TILE_RUN, elf, size), dir_);
    EXPECT_EQ(r.rc, 2) << size << ": " << r.err;
    EXPECT_TRUE(one_line(r.err)) << r.err;
    EXPECT_NE(r.err.find("is not a verilated size; available: 256K, 4M"), std::string::npos) << r.err;
  }
  // Not a size at all: the same exit status, one line.
  auto bad = run(fmt::format("'{}' '{}' --imem-size lots", BATON_TILE_RUN, elf), dir_);
  EXPECT_EQ(bad.rc, 2) << bad.err;
  EXPECT_TRUE(one_line(bad.err)) << bad.err;
  EXPECT_NE(bad.err.find("baton-tile-run: error:"), std::string::npos) << bad.err;
  // 262144 is the default model: same refusal as without the option.
  const auto r = run(fmt::format("'{}' '{}' --imem-size 262144", BATON_TILE_RUN, elf), dir_);
  EXPECT_EQ(r.rc, 2) << r.err;
  EXPECT_NE(r.err.find("--imem-size 256K); run with --imem-size 4M"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace baton::env::tile
