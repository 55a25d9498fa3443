// SPDX-License-Identifier: Apache-2.0
// Replays the committed fuzz corpora (tests/fuzz/corpus/<target>/) through the checks of the
// libFuzzer targets, so that machines without clang run every seed and every regression input.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "fuzz_check.hpp"

namespace {

namespace fs = std::filesystem;

std::vector<fs::path> corpus(const char* target) {
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(fs::path(BATON_FUZZ_CORPUS_DIR) / target)) {
    if (e.is_regular_file()) files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

void replay(const char* target, void (*check)(baton::fuzz::Input)) {
  baton::fuzz::set_throw_on_bug(true);
  const auto files = corpus(target);
  ASSERT_GE(files.size(), 4U) << "corpus " << target << " is missing or too small";
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    const std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    try {
      check(bytes);
    } catch (const baton::fuzz::FuzzFailure& e) {
      ADD_FAILURE() << f.string() << ": " << e.what;
    }
  }
}

TEST(FuzzCorpus, Pcap) { replay("pcap", baton::fuzz::check_pcap); }
TEST(FuzzCorpus, Config) { replay("config", baton::fuzz::check_config); }
TEST(FuzzCorpus, Image) { replay("image", baton::fuzz::check_image); }

}  // namespace
