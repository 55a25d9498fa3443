// SPDX-License-Identifier: Apache-2.0
// The harness main for every GoogleTest executable:
//   --seed=N        seed for every test (default: a stable hash of the test name); env TB_SEED
//                   (or BATON_SEED); TB_SEED=random draws one seed for the run from the system
//                   entropy source, so repeated runs see new stimulus. Every test prints its seed.
//   --trace         write FST waves to waves/<test>.fst; env TB_TRACE=1
//   --wave-dir=DIR  where waves go
// A test that fails without --trace is rerun once, in a child process, with the same seed and
// --trace, so its waves are on disk when the failure is read (disable with TB_AUTO_TRACE=0).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "baton/tb/config.hpp"
#include "baton/tb/failure.hpp"
#include "baton/tb/sim.hpp"

namespace {

using baton::tb::run_options;

bool env_true(const char* name) {
  const char* v = std::getenv(name);
  return v != nullptr && std::string_view(v) != "0" && std::string_view(v) != "";
}

class AutoTrace : public ::testing::EmptyTestEventListener {
  void OnTestStart(const ::testing::TestInfo&) override {
    fmt::print(stderr, "[tb] {} seed {}\n", baton::tb::current_test_name(), baton::tb::test_seed());
  }
  void OnTestEnd(const ::testing::TestInfo& info) override {
    if (!info.result()->Failed() || run_options().trace) return;
    if (const char* v = std::getenv("TB_AUTO_TRACE"); v != nullptr && std::string_view(v) == "0") return;
    const std::string name = fmt::format("{}.{}", info.test_suite_name(), info.name());
    const auto seed = run_options().seed_given ? run_options().seed : 0;
    std::string cmd = fmt::format("TB_AUTO_TRACE=0 '{}' --gtest_filter='{}' --trace{}{} > /dev/null 2>&1",
                                  run_options().exe, name,
                                  run_options().seed_given ? fmt::format(" --seed={}", seed) : "",
                                  run_options().wave_dir.empty() ? "" : " --wave-dir=" + run_options().wave_dir);
    fmt::print(stderr, "[tb] rerunning {} with --trace to record waves\n", name);
    [[maybe_unused]] int rc = std::system(cmd.c_str());
    fmt::print(stderr, "[tb] waves: {}\n", std::filesystem::absolute(baton::tb::wave_path_for(name)).string());
  }
};

}  // namespace

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  auto& opts = run_options();
  std::error_code ec;
  const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  opts.exe = ec ? std::string(argv[0]) : self.string();
  const char* seed_env = std::getenv("TB_SEED");
  if (seed_env == nullptr) seed_env = std::getenv("BATON_SEED");
  if (seed_env != nullptr && std::string_view(seed_env) == "random") {
    opts.seed_given = true;
    opts.seed = (std::uint64_t{std::random_device{}()} << 32 | std::random_device{}()) & 0xffffffffULL;
    fmt::print(stderr, "[tb] random seed {} (repeat with TB_SEED={})\n", opts.seed, opts.seed);
  } else if (seed_env != nullptr) {
    char* end = nullptr;
    opts.seed = std::strtoull(seed_env, &end, 0);
    if (end == seed_env || *end != '\0') {
      fmt::print(stderr, "error: TB_SEED/BATON_SEED must be a number or 'random', not '{}'\n", seed_env);
      return 2;
    }
    opts.seed_given = true;
  }
  opts.trace = env_true("TB_TRACE");
  for (int i = 1; i < argc; ++i) {
    const std::string_view a(argv[i]);
    if (a.starts_with("--seed=")) {
      opts.seed_given = true;
      opts.seed = std::strtoull(std::string(a.substr(7)).c_str(), nullptr, 0);
    } else if (a == "--trace") {
      opts.trace = true;
    } else if (a.starts_with("--wave-dir=")) {
      opts.wave_dir = std::string(a.substr(11));
    } else {
      fmt::print(stderr, "error: unknown argument '{}' (expected --seed=N, --trace, --wave-dir=DIR or gtest flags)\n", a);
      return 2;
    }
  }
  baton::tb::set_failure_hook([](const std::string& report) { ADD_FAILURE() << report; });
  ::testing::UnitTest::GetInstance()->listeners().Append(new AutoTrace);  // gtest takes ownership
  return RUN_ALL_TESTS();
}
