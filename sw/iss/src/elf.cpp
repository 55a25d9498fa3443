// SPDX-License-Identifier: Apache-2.0
#include "baton/iss/elf.hpp"

#include <elf.h>

#include <fmt/format.h>

namespace baton::iss {

ElfImage ElfImage::load(const std::string& path) {
  const auto file = elf::ElfFile::read_file(path);
  ElfImage img;
  img.path_ = path;
  img.entry_ = file.entry();
  img.segments_ = file.segments();
  if (img.segments_.empty()) throw ElfError(fmt::format("{}: no loadable segments", path));
  for (const auto& y : file.symbols()) {
    if (y.name.empty() || y.type == STT_SECTION || y.type == STT_FILE) continue;
    // Globals win over locals of the same name.
    auto [it, inserted] = img.symbols_.try_emplace(y.name, y.value);
    if (!inserted && y.bind != STB_LOCAL) it->second = y.value;
  }
  return img;
}

std::optional<std::uint32_t> ElfImage::symbol(const std::string& name) const {
  if (auto it = symbols_.find(name); it != symbols_.end()) return it->second;
  return std::nullopt;
}

std::uint32_t ElfImage::require_symbol(const std::string& name) const {
  if (auto v = symbol(name)) return *v;
  throw ElfError(fmt::format("{}: symbol '{}' not found", path_, name));
}

}  // namespace baton::iss
