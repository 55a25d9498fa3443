// SPDX-License-Identifier: Apache-2.0
#include "fuzz_check.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>

namespace baton::fuzz {

namespace {

bool g_throw = false;

class Scratch {
 public:
  explicit Scratch(std::string_view tag) {
    std::error_code ec;
    std::string dir = "/dev/shm";
    if (!std::filesystem::is_directory(dir, ec) || ::access(dir.c_str(), W_OK) != 0) {
      const char* t = std::getenv("TMPDIR");
      dir = t != nullptr && *t != '\0' ? t : "/tmp";
    }
    path_ = dir + "/baton-fuzz-" + std::string(tag) + "-" + std::to_string(::getpid());
  }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;
  ~Scratch() { std::remove(path_.c_str()); }

  const std::string& write(Input contents) {
    std::FILE* f = std::fopen(path_.c_str(), "wb");
    if (f == nullptr) {
      std::fprintf(stderr, "fuzz: cannot create %s\n", path_.c_str());
      std::abort();
    }
    const bool ok = std::fwrite(contents.data(), 1, contents.size(), f) == contents.size();
    if (std::fclose(f) != 0 || !ok) {
      std::fprintf(stderr, "fuzz: cannot write %s\n", path_.c_str());
      std::abort();
    }
    return path_;
  }

 private:
  std::string path_;
};

}  // namespace

void set_throw_on_bug(bool on) { g_throw = on; }

void bug(const std::string& what) {
  if (g_throw) throw FuzzFailure{what};
  std::fprintf(stderr, "\nfuzz check failed: %s\n", what.c_str());
  std::abort();
}

void expect_one_line(std::string_view type, const char* what) {
  const std::string_view w(what);
  if (w.empty()) bug(std::string(type) + " with an empty message");
  if (w.find('\n') != std::string_view::npos || w.find('\r') != std::string_view::npos) {
    bug(std::string(type) + " message is not one line: " + std::string(w));
  }
}

const std::string& scratch_file(std::string_view tag, Input contents) {
  static std::map<std::string, std::unique_ptr<Scratch>, std::less<>> files;
  auto it = files.find(tag);
  if (it == files.end()) it = files.emplace(std::string(tag), std::make_unique<Scratch>(tag)).first;
  return it->second->write(contents);
}

}  // namespace baton::fuzz
