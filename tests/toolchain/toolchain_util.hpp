// SPDX-License-Identifier: Apache-2.0
// Shared pieces of the toolchain suites: running baton-ld as a subprocess, scratch directories,
// file helpers and symbol lookups through riscv64-unknown-elf-nm (an oracle the project did not
// write).
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "baton/tb/config.hpp"

namespace baton::test {

namespace fs = std::filesystem;

inline const std::string kLd = BATON_LD_EXE;
inline const std::string kFwDir = BATON_FW_DIR;
inline const std::string kBadDir = BATON_BAD_DIR;
inline const std::string kNm = BATON_RV_NM;

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

inline std::string slurp_text(const fs::path& p) {
  std::ifstream in(p);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline std::vector<std::uint8_t> slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline void spit(const fs::path& p, const std::vector<std::uint8_t>& bytes) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

// A fresh directory under the build tree, removed when the test passes (kept on failure to look at).
class ScratchDir {
 public:
  explicit ScratchDir(const std::string& tag) {
    path_ = fs::absolute(fs::path("toolchain-scratch") / fmt::format("{}-{}", tag, ::getpid()));
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  ~ScratchDir() {
    if (!::testing::Test::HasFailure()) {
      std::error_code ec;
      fs::remove_all(path_, ec);
    }
  }
  [[nodiscard]] const fs::path& path() const { return path_; }
  [[nodiscard]] fs::path operator/(const std::string& name) const { return path_ / name; }

 private:
  fs::path path_;
};

inline std::string shell_quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

// Runs `argv` through the shell with stdout and stderr captured in files beside `scratch`.
inline RunResult run(const std::vector<std::string>& argv, const fs::path& scratch) {
  std::string cmd;
  for (const auto& a : argv) cmd += shell_quote(a) + " ";
  const fs::path out = scratch / "stdout.txt";
  const fs::path err = scratch / "stderr.txt";
  cmd += fmt::format("> {} 2> {}", shell_quote(out.string()), shell_quote(err.string()));
  const int status = std::system(cmd.c_str());
  RunResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
  r.out = slurp_text(out);
  r.err = slurp_text(err);
  fs::remove(out);
  fs::remove(err);
  return r;
}

// Symbol → address from `nm` (defined symbols only).
inline std::map<std::string, std::uint32_t> nm_symbols(const std::string& elf) {
  std::map<std::string, std::uint32_t> syms;
  const std::string cmd = fmt::format("{} {}", shell_quote(kNm), shell_quote(elf));
  FILE* p = ::popen(cmd.c_str(), "r");
  if (p == nullptr) return syms;
  char line[512];
  while (std::fgets(line, sizeof line, p) != nullptr) {
    std::istringstream ls(line);
    std::string addr;
    std::string type;
    std::string name;
    if (ls >> addr >> type >> name) syms[name] = static_cast<std::uint32_t>(std::stoul(addr, nullptr, 16));
  }
  ::pclose(p);
  return syms;
}

// The repro line for the current test (the harness's format).
inline std::string repro() { return baton::tb::repro_command(baton::tb::test_seed(), false); }

}  // namespace baton::test
