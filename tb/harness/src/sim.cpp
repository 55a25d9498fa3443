// SPDX-License-Identifier: Apache-2.0
#include "baton/tb/sim.hpp"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cstdlib>
#include <filesystem>

namespace baton::tb {

namespace {
std::string safe_name(const std::string& test_name) {
  std::string safe = test_name.empty() ? std::string("sim") : test_name;
  std::replace_if(safe.begin(), safe.end(),
                  [](char c) { return !(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_'); },
                  '_');
  return safe;
}
}  // namespace

std::string coverage_path_for(const std::string& test_name) {
  const char* dir = std::getenv("BATON_COVERAGE_DIR");
  if (dir == nullptr || *dir == '\0') return {};
  static std::atomic<unsigned> models{0};
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  return fmt::format("{}/{}-{}-{}.dat", dir, safe_name(test_name), static_cast<long>(::getpid()), models++);
}

std::string wave_path_for(const std::string& test_name) {
  const std::string safe = safe_name(test_name);
  const auto& dir = run_options().wave_dir;
  return (dir.empty() ? std::string("waves") : dir) + "/" + safe + ".fst";
}

}  // namespace baton::tb
