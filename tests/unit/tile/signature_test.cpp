// SPDX-License-Identifier: Apache-2.0
// The compliance-style run commands agree: baton-tile-run (the RTL tile) and baton-iss (the ISS)
// write identical signature files for the same programs, and the same exit status.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <fmt/format.h>

#include "tile_test_util.hpp"

namespace baton::env::tile {
namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

int run(const std::string& cmd) {
  const int rc = std::system((cmd + " > /dev/null 2>&1").c_str());
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

class Signature : public ::testing::TestWithParam<std::string> {};

TEST_P(Signature, TileRunMatchesIss) {
  const auto elf = test::program_path(GetParam(), "bare");
  TILE_REQUIRE_PROGRAM(elf);
  const auto dir = std::filesystem::temp_directory_path() / fmt::format("tile_sig_{}", ::getpid());
  std::filesystem::create_directories(dir);
  const auto rtl = (dir / (GetParam() + ".rtl.sig")).string();
  const auto iss = (dir / (GetParam() + ".iss.sig")).string();
  const int rc_rtl = run(fmt::format("'{}' '{}' --signature '{}'", BATON_TILE_RUN, elf, rtl));
  const int rc_iss = run(fmt::format("'{}' '{}' --signature '{}'", BATON_ISS_EXE, elf, iss));
  EXPECT_EQ(rc_rtl == 0, rc_iss == 0) << "exit status: baton-tile-run " << rc_rtl << ", baton-iss " << rc_iss;
  const auto a = slurp(rtl), b = slurp(iss);
  EXPECT_FALSE(a.empty()) << "no signature from baton-tile-run; repro: " << BATON_TILE_RUN << " " << elf
                          << " --signature out.sig";
  EXPECT_EQ(a, b) << "signatures differ; repro: " << BATON_TILE_RUN << " " << elf << " --signature rtl.sig && "
                  << BATON_ISS_EXE << " " << elf << " --signature iss.sig && diff rtl.sig iss.sig";
  std::filesystem::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(Programs, Signature,
                         ::testing::Values("rv32i_alu", "rv32i_branch", "rv32i_mem", "rv32m", "zbb", "checksum",
                                           "hash", "sort", "parser", "selftest_fail"),
                         [](const auto& info) { return info.param; });

// A mutated program (a different result) gives a different signature: the comparison can fail.
TEST(SignatureControl, DifferentProgramsDiffer) {
  const auto a = test::program_path("rv32i_alu", "bare"), b = test::program_path("rv32m", "bare");
  TILE_REQUIRE_PROGRAM(a);
  TILE_REQUIRE_PROGRAM(b);
  const auto dir = std::filesystem::temp_directory_path() / fmt::format("tile_sigc_{}", ::getpid());
  std::filesystem::create_directories(dir);
  run(fmt::format("'{}' '{}' --signature '{}'", BATON_TILE_RUN, a, (dir / "a.sig").string()));
  run(fmt::format("'{}' '{}' --signature '{}'", BATON_TILE_RUN, b, (dir / "b.sig").string()));
  EXPECT_NE(slurp((dir / "a.sig").string()), slurp((dir / "b.sig").string()));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace baton::env::tile
