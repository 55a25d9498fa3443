// SPDX-License-Identifier: Apache-2.0
// Bounded random-mutation test of the ELF reader and partition checks (runs everywhere; the
// libFuzzer target in fuzz_target.cpp goes further where clang is installed). Mutants of the
// example firmware and of a one-partition firmware: byte flips, header and section-header fields
// set to edge values, truncation, .baton.meta damage. Each must be accepted or rejected with a
// one-line ElfError or LdError; a crash prints the seed and mutant number from a signal handler.
#include <gtest/gtest.h>

#include <csignal>
#include <cstring>
#include <optional>
#include <string>
#include <unistd.h>

#include "baton/elf/elf_file.hpp"
#include "baton/ld/linker.hpp"
#include "baton/tb/rng.hpp"
#include "toolchain_util.hpp"

namespace {

using namespace baton::test;

volatile std::sig_atomic_t g_mutant = -1;
char g_crash_note[256];

extern "C" void on_crash(int sig) {
  const char* msg = "\nfuzz_test: crashed on mutant; ";
  (void)!::write(2, msg, std::strlen(msg));
  (void)!::write(2, g_crash_note, std::strlen(g_crash_note));
  char num[32];
  const int n = std::snprintf(num, sizeof num, " mutant=%d\n", static_cast<int>(g_mutant));
  (void)!::write(2, num, static_cast<std::size_t>(n));
  std::signal(sig, SIG_DFL);
  std::raise(sig);
}

void put32(std::vector<std::uint8_t>& b, std::size_t off, std::uint32_t v) {
  if (off + 4 <= b.size()) std::memcpy(b.data() + off, &v, 4);
}

std::vector<std::uint8_t> mutate(const std::vector<std::uint8_t>& good, baton::tb::Rng& rng) {
  auto b = good;
  std::uint32_t shoff = 0;
  std::memcpy(&shoff, good.data() + 32, 4);
  const std::uint32_t edges[] = {0, 1, 3, 4, 0x7fffffffU, 0x80000000U, 0xffffffffU,
                                 static_cast<std::uint32_t>(good.size()), static_cast<std::uint32_t>(good.size() + 1)};
  const auto pick_edge = [&] { return edges[rng.range(0, std::size(edges) - 1)]; };
  switch (rng.range(0, 5)) {
    case 0:  // a few random bytes anywhere
      for (auto n = rng.range(1, 8); n > 0; --n) b[rng.range(0, b.size() - 1)] = static_cast<std::uint8_t>(rng.next());
      break;
    case 1:  // an ELF header field
      put32(b, 4 * rng.range(4, 12), rng.chance(0.5) ? pick_edge() : static_cast<std::uint32_t>(rng.next()));
      break;
    case 2: {  // a field of a section header (offset, size, link, info, entsize...)
      const auto shnum = (good.size() - shoff) / 40;
      const std::size_t h = shoff + 40 * rng.range(0, shnum - 1) + 4 * rng.range(0, 9);
      put32(b, h, rng.chance(0.7) ? pick_edge() : static_cast<std::uint32_t>(rng.next()));
      break;
    }
    case 3:  // truncation
      b.resize(rng.range(0, b.size() - 1));
      break;
    case 4: {  // bytes in the first 16 KiB (code, meta, symbol tables of small files)
      const auto hi = std::min<std::size_t>(b.size(), 16384);
      for (auto n = rng.range(1, 4); n > 0; --n) b[rng.range(0, hi - 1)] ^= static_cast<std::uint8_t>(1U << rng.range(0, 7));
      break;
    }
    default:  // a word anywhere set to an edge value
      put32(b, rng.range(0, b.size() - 4) & ~3ULL, pick_edge());
      break;
  }
  return b;
}

class ElfMutation : public ::testing::TestWithParam<int> {};

TEST_P(ElfMutation, NeverCrashesAndErrorsAreOneLine) {
  const std::uint64_t seed = baton::tb::test_seed();
  std::snprintf(g_crash_note, sizeof g_crash_note, "seed=%llu repro: %s", static_cast<unsigned long long>(seed),
                repro().c_str());
  std::signal(SIGSEGV, on_crash);
  std::signal(SIGBUS, on_crash);
  std::signal(SIGABRT, on_crash);
  std::signal(SIGFPE, on_crash);
  const std::vector<std::vector<std::uint8_t>> seeds{slurp(kFwDir + "/migrate.elf"), slurp(kBadDir + "/bad_tiny.elf")};
  ASSERT_GT(seeds[0].size(), 1000U);
  baton::tb::Rng rng(seed);
  unsigned accepted = 0;
  unsigned rejected = 0;
  constexpr int kMutants = 4000;
  for (int i = 0; i < kMutants; ++i) {
    g_mutant = i;
    const auto m = mutate(seeds[rng.range(0, seeds.size() - 1)], rng);
    // The reader's and the toolchain's errors are the expected rejections; anything else fails.
    std::optional<std::string> rejection;
    try {
      const auto elf = baton::elf::ElfFile::parse(m, "mutant");
      const auto fw = baton::ld::link(elf, baton::ld::Options{});
      (void)fw.image.serialize();
      ++accepted;
    } catch (const baton::elf::ElfError& e) {
      rejection = e.what();
    } catch (const baton::ld::LdError& e) {
      rejection = e.what();
    } catch (const std::exception& e) {
      FAIL() << "unexpected exception: " << e.what() << "\n  seed: " << seed << " mutant " << i << "\n  repro: " << repro();
    }
    if (rejection) {
      ++rejected;
      ASSERT_EQ(rejection->find('\n'), std::string::npos) << "multi-line error: " << *rejection << "\n  seed: " << seed
                                                           << " mutant " << i << "\n  repro: " << repro();
    }
  }
  std::signal(SIGSEGV, SIG_DFL);
  std::signal(SIGBUS, SIG_DFL);
  std::signal(SIGABRT, SIG_DFL);
  std::signal(SIGFPE, SIG_DFL);
  EXPECT_GT(rejected, 0U) << "the mutations reach the checks";
  RecordProperty("accepted", static_cast<int>(accepted));
  RecordProperty("rejected", static_cast<int>(rejected));
}
INSTANTIATE_TEST_SUITE_P(Seeds, ElfMutation, ::testing::Range(0, 4));

}  // namespace
