// SPDX-License-Identifier: Apache-2.0
// The baton-iss command: exit status, one-line errors for bad arguments and bad ELF files, the
// signature file, traces and threads.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "baton/iss/bare.hpp"
#include "baton/iss/elf.hpp"
#include "iss_test_util.hpp"

namespace baton::iss {
namespace {

using baton::iss::test::program_path;
namespace fs = std::filesystem;

struct Run {
  int status = -1;
  std::string out;
  std::string err;
};

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

fs::path scratch_dir() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  auto d = fs::temp_directory_path() / fmt::format("baton-iss-cli-{}-{}", ::getpid(), info->name());
  fs::create_directories(d);
  return d;
}

Run run(const std::string& args) {
  const auto d = scratch_dir();
  const std::string cmd = fmt::format("'{}' {} > '{}' 2> '{}' < /dev/null", BATON_ISS_EXE, args,
                                      (d / "out").string(), (d / "err").string());
  const int rc = std::system(cmd.c_str());
  Run r;
  r.status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
  r.out = slurp(d / "out");
  r.err = slurp(d / "err");
  return r;
}

std::size_t lines(const std::string& s) { return static_cast<std::size_t>(std::count(s.begin(), s.end(), '\n')); }

void expect_one_line_error(const Run& r, const std::string& needle) {
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_EQ(lines(r.err), 1U) << r.err;
  EXPECT_EQ(r.err.rfind("baton-iss: error: ", 0), 0U) << r.err;
  EXPECT_NE(r.err.find(needle), std::string::npos) << "expected '" << needle << "' in: " << r.err;
}

TEST(Cli, BadArguments) {
  expect_one_line_error(run(""), "elf is required");
  expect_one_line_error(run("--no-such-option x.elf"), "no-such-option");
  expect_one_line_error(run("x.elf --threads 9"), "threads");
  expect_one_line_error(run("x.elf --max-insns abc"), "max-insns");
  expect_one_line_error(run("x.elf --trace-format xml"), "trace-format");
  EXPECT_EQ(run("--help").status, 0);
}

TEST(Cli, BadElfFiles) {
  const auto d = scratch_dir();
  expect_one_line_error(run("/nonexistent/prog.elf"), "cannot open");
  {
    std::ofstream(d / "text.elf") << "this is not an ELF file\n";
  }
  expect_one_line_error(run((d / "text.elf").string()), "not an ELF file");
  expect_one_line_error(run(fmt::format("'{}'", BATON_ISS_EXE)), "not a 32-bit ELF");  // the x86-64 binary itself
  if (!baton::iss::test::have_programs()) GTEST_SKIP() << "RV32 programs not built";
  // Patch a good RV32 image: compressed-instruction flag, hard-float flag, truncation.
  std::string good = slurp(program_path("rv32i_alu", "bare"));
  auto patched = [&](const std::string& name, std::size_t off, char value, std::size_t keep = std::string::npos) {
    std::string b = good.substr(0, keep);
    if (off < b.size()) b[off] = static_cast<char>(b[off] | value);
    std::ofstream(d / name, std::ios::binary) << b;
    return (d / name).string();
  };
  constexpr std::size_t kEflags = 0x24;  // e_flags in the ELF32 header
  expect_one_line_error(run(patched("rvc.elf", kEflags, 0x1)), "compressed");
  expect_one_line_error(run(patched("hard.elf", kEflags, 0x4)), "hard-float");
  expect_one_line_error(run(patched("trunc.elf", 0x1000, 0, 200)), "");
  // A bare image whose code lies outside IMEM.
  expect_one_line_error(run(program_path("rv32i_alu", "qemu")), "outside IMEM");
  // A missing symbol is named.
  try {
    (void)ElfImage::load(program_path("bare_fault", "bare")).require_symbol("no_such_symbol");
    ADD_FAILURE() << "no exception";
  } catch (const ElfError& e) {
    EXPECT_NE(std::string(e.what()).find("symbol 'no_such_symbol' not found"), std::string::npos) << e.what();
  }
}

TEST(Cli, ExitStatusAndSignature) {
  BATON_REQUIRE_PROGRAMS();
  const auto d = scratch_dir();
  const auto sig = d / "alu.sig";
  const auto pass = run(fmt::format("'{}' --signature '{}'", program_path("rv32i_alu", "bare"), sig.string()));
  EXPECT_EQ(pass.status, 0) << pass.err;
  EXPECT_NE(pass.err.find("PASS"), std::string::npos) << pass.err;
  // The file is exactly the machine's signature, one 8-digit word per line.
  const auto elf = ElfImage::load(program_path("rv32i_alu", "bare"));
  BareMachine m(elf, BareOptions{});
  (void)m.run();
  std::string want;
  for (auto w : m.signature()) want += fmt::format("{:08x}\n", w);
  EXPECT_EQ(slurp(sig), want);
  EXPECT_EQ(lines(want), 1024U);

  const auto fail = run(fmt::format("'{}'", program_path("selftest_fail", "bare")));
  EXPECT_EQ(fail.status, 1);
  EXPECT_NE(fail.err.find("FAIL test 3"), std::string::npos) << fail.err;

  const auto fault = run(fmt::format("'{}'", program_path("bare_fault", "bare")));
  EXPECT_EQ(fault.status, 3);
  EXPECT_NE(fault.err.find("fault illegal"), std::string::npos) << fault.err;

  const auto limit = run(fmt::format("'{}' --max-insns 1000", program_path("bare_loop", "bare")));
  EXPECT_EQ(limit.status, 4);
  EXPECT_NE(limit.err.find("limit 1000"), std::string::npos) << limit.err;

  const auto send = run(fmt::format("'{}'", program_path("bare_send", "bare")));
  EXPECT_EQ(send.status, 0);
  EXPECT_NE(send.err.find("SEND arg 0x3"), std::string::npos) << send.err;
}

TEST(Cli, Trace) {
  BATON_REQUIRE_PROGRAMS();
  const auto text = run(fmt::format("'{}' --trace", program_path("bare_fault", "bare")));
  EXPECT_EQ(text.status, 3);
  ASSERT_EQ(lines(text.out), 3U) << text.out;
  EXPECT_NE(text.out.find("x10=00000001"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("trap=illegal tval=00000073"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("op=DROP arg=0x80"), std::string::npos) << text.out;
  const auto json = run(fmt::format("'{}' --trace --trace-format json", program_path("bare_fault", "bare")));
  ASSERT_EQ(lines(json.out), 3U);
  EXPECT_EQ(json.out.front(), '{');
  EXPECT_NE(json.out.find("\"trap\":\"illegal\""), std::string::npos) << json.out;
  EXPECT_NE(json.out.find("\"op\":{\"op\":\"DROP\",\"arg\":128"), std::string::npos) << json.out;
}

TEST(Cli, Threads) {
  BATON_REQUIRE_PROGRAMS();
  const auto d = scratch_dir();
  for (unsigned n : {1U, 3U, 8U}) {
    const auto sig = d / fmt::format("t{}.sig", n);
    const auto r = run(fmt::format("'{}' --threads {} --signature '{}'", program_path("bare_threads", "bare"), n,
                                   sig.string()));
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(lines(r.err), n + 1) << r.err;  // one line per thread and a summary
    std::istringstream in(slurp(sig));
    std::vector<std::uint32_t> words;
    std::string line;
    while (std::getline(in, line)) words.push_back(static_cast<std::uint32_t>(std::stoul(line, nullptr, 16)));
    ASSERT_EQ(words.size(), 16U);
    for (unsigned t = 0; t < 8; ++t) {
      EXPECT_EQ(words[t], t < n ? (t + 1) * 0x1111U : 0U) << n << " threads, word " << t;
      EXPECT_EQ(words[8 + t], t < n ? 2 * t + 1 : 0U) << n << " threads, word " << 8 + t;
    }
  }
}

}  // namespace
}  // namespace baton::iss
