// SPDX-License-Identifier: Apache-2.0
// baton-ld: the partition toolchain command (docs/firmware.md).
//   baton-ld fw.elf -o out/fw            writes out/fw.bin, out/fw.hex, out/fw.json
//   baton-ld fw.elf --list               prints the partitions, entries and function table
// Any problem: one line on stderr naming it, exit 1, and no output file is created or changed
// (every file is written to a temporary name and renamed only when all of them succeeded).
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "baton/image/image.hpp"
#include "baton/ld/linker.hpp"

namespace {

namespace fs = std::filesystem;

// Files staged under temporary names; commit() renames them all, the destructor removes leftovers.
class StagedFiles {
 public:
  StagedFiles() = default;
  StagedFiles(const StagedFiles&) = delete;
  StagedFiles& operator=(const StagedFiles&) = delete;
  ~StagedFiles() {
    for (const auto& f : files_) {
      std::error_code ec;
      fs::remove(f.tmp, ec);
    }
  }

  void add(const std::string& path, const std::string_view bytes) {
    const std::string tmp = fmt::format("{}.tmp-{}", path, ::getpid());
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    files_.push_back({path, tmp});
    if (!out) throw baton::ld::LdError(fmt::format("{}: cannot write", path));
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out) throw baton::ld::LdError(fmt::format("{}: write failed", path));
  }

  void commit() {
    for (const auto& f : files_) {
      std::error_code ec;
      fs::rename(f.tmp, f.path, ec);
      if (ec) throw baton::ld::LdError(fmt::format("{}: cannot rename into place: {}", f.path, ec.message()));
    }
    files_.clear();
  }

 private:
  struct File {
    std::string path;
    std::string tmp;
  };
  std::vector<File> files_;
};

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"baton-ld: split a Baton firmware ELF into paged partitions and write the shared-memory image"};
  std::string elf_path;
  std::string prefix;
  std::string bin_path;
  std::string hex_path;
  std::string manifest_path;
  std::string initial;
  bool list = false;
  unsigned hex_word_bytes = 4;
  baton::ld::Options opt;
  app.add_option("elf", elf_path, "rv32 firmware ELF linked with sw/sdk/link/baton.ld and -Wl,-q")->required();
  app.add_option("-o,--output", prefix, "write PREFIX.bin, PREFIX.hex and PREFIX.json");
  app.add_option("--bin", bin_path, "binary image file");
  app.add_option("--hex", hex_path, "$readmemh image file");
  app.add_option("--manifest", manifest_path, "JSON manifest file");
  app.add_option("--page-bytes", opt.page_bytes, "page size (PageBytes)")->capture_default_str();
  app.add_option("--imem-budget", opt.imem_budget, "largest partition in bytes (instruction memory)")->capture_default_str();
  app.add_option("--code-bytes", opt.code_bytes, "code window size (CodeBytes)")->capture_default_str();
  app.add_option("--rodata-bytes", opt.rodata_bytes, "rodata window size (RodataBytes)")->capture_default_str();
  app.add_option("--data-bytes", opt.data_bytes, "data window size (DataBytes)")->capture_default_str();
  app.add_option("--initial", initial, "initial partition by name (default: the partition with id 0)");
  app.add_option("--hex-word-bytes", hex_word_bytes, "bytes per $readmemh word")->capture_default_str()->check(CLI::IsMember({4, 8, 16, 32, 64}));
  app.add_flag("--list", list, "print the partitions, entries and function table");
  CLI11_PARSE(app, argc, argv);

  if (!prefix.empty()) {
    if (bin_path.empty()) bin_path = prefix + ".bin";
    if (hex_path.empty()) hex_path = prefix + ".hex";
    if (manifest_path.empty()) manifest_path = prefix + ".json";
  }
  if (!initial.empty()) opt.initial = initial;
  if (!list && bin_path.empty() && hex_path.empty() && manifest_path.empty()) {
    fmt::print(stderr, "baton-ld: error: nothing to do: give -o PREFIX, --bin/--hex/--manifest or --list\n");
    return 2;
  }
  try {
    const auto elf = baton::ld::ElfFile::read_file(elf_path);
    const auto fw = baton::ld::link(elf, opt);
    StagedFiles out;
    const auto bin = fw.image.serialize();
    auto manifest = fw.manifest;
    manifest["image"] = {{"bytes", bin.size()}, {"crc32", baton::image::crc32(bin)}, {"hex_word_bytes", hex_word_bytes}};
    if (!bin_path.empty()) {
      manifest["image"]["bin"] = fs::path(bin_path).filename().string();
      out.add(bin_path, std::string_view(reinterpret_cast<const char*>(bin.data()), bin.size()));
    }
    if (!hex_path.empty()) {
      manifest["image"]["hex"] = fs::path(hex_path).filename().string();
      out.add(hex_path, baton::image::to_readmemh(bin, hex_word_bytes));
    }
    if (!manifest_path.empty()) out.add(manifest_path, manifest.dump(2) + "\n");
    out.commit();
    if (list) fmt::print("{}", baton::ld::list_text(fw, opt));
  } catch (const std::exception& e) {
    fmt::print(stderr, "baton-ld: error: {}\n", e.what());
    return 1;
  }
  return 0;
}
