// SPDX-License-Identifier: Apache-2.0
// Reads the records that baton.h places in .baton.meta (struct baton_meta_* there).
#include <cstring>

#include <fmt/format.h>

#include "baton/ld/linker.hpp"

namespace baton::ld {

namespace {

constexpr std::uint32_t kKindPartition = 1;
constexpr std::uint32_t kKindEntry = 2;
constexpr std::uint32_t kKindFunction = 3;
constexpr std::size_t kNameBytes = 48;
constexpr std::size_t kPartitionRecord = 8 * 4 + kNameBytes;
constexpr std::size_t kEntryRecord = 4 * 4 + 2 * kNameBytes;
constexpr std::size_t kFunctionRecord = 4 * 4 + 2 * kNameBytes;

class Reader {
 public:
  Reader(const ElfFile& elf, const Section& s) : elf_(elf), bytes_(s.bytes) {}

  [[nodiscard]] bool done() const { return pos_ >= bytes_.size(); }
  [[nodiscard]] std::size_t pos() const { return pos_; }

  void need(std::size_t n, const char* what) const {
    if (pos_ + n > bytes_.size()) {
      throw LdError(fmt::format("{}: corrupt .baton.meta: {} record at offset {:#x} is truncated", elf_.what(), what, pos_));
    }
  }
  std::uint32_t word() {
    std::uint32_t v = 0;
    std::memcpy(&v, bytes_.data() + pos_, 4);  // little-endian host and file
    pos_ += 4;
    return v;
  }
  // A NUL-terminated C identifier in a fixed-size field; empty allowed only when `may_be_empty`.
  std::string name(const char* what, bool may_be_empty = false) {
    const char* p = reinterpret_cast<const char*>(bytes_.data() + pos_);
    const std::size_t n = strnlen(p, kNameBytes);
    const std::size_t at = pos_;
    pos_ += kNameBytes;
    if (n == kNameBytes) throw LdError(fmt::format("{}: corrupt .baton.meta: {} name at offset {:#x} is not terminated", elf_.what(), what, at));
    std::string s(p, n);
    if (s.empty() && may_be_empty) return s;
    bool ok = !s.empty() && !(s[0] >= '0' && s[0] <= '9');
    for (char c : s) ok = ok && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_');
    if (!ok) throw LdError(fmt::format("{}: corrupt .baton.meta: {} name at offset {:#x} is not a C identifier", elf_.what(), what, at));
    return s;
  }

 private:
  const ElfFile& elf_;
  const std::vector<std::uint8_t>& bytes_;
  std::size_t pos_ = 0;
};

}  // namespace

Meta read_meta(const ElfFile& elf) {
  const Section* s = elf.section(".baton.meta");
  if (s == nullptr || s->bytes.empty()) {
    throw LdError(fmt::format("{}: no section .baton.meta: no partition is defined (BATON_PARTITION_DEFINE) "
                              "or the firmware was not linked with sw/sdk/link/baton.ld",
                              elf.what()));
  }
  if (s->bytes.size() % 4 != 0) throw LdError(fmt::format("{}: corrupt .baton.meta: size {} is not a multiple of 4", elf.what(), s->bytes.size()));
  Meta m;
  Reader r(elf, *s);
  while (!r.done()) {
    r.need(4, "a");
    const std::size_t at = r.pos();
    const std::uint32_t kind = r.word();
    if (kind == kKindPartition) {
      r.need(kPartitionRecord - 4, "partition");
      PartInfo p;
      const std::uint32_t id = r.word();
      p.start = r.word();
      p.end = r.word();
      p.align = r.word();
      p.stack_bytes = r.word();
      p.sdk_version = r.word();
      p.use_gp = r.word() != 0;
      p.name = r.name("partition");
      if (id > 255) throw LdError(fmt::format("{}: partition '{}' has id {}, outside 0..255", elf.what(), p.name, id));
      p.id = static_cast<std::uint8_t>(id);
      m.parts.push_back(std::move(p));
    } else if (kind == kKindEntry) {
      r.need(kEntryRecord - 4, "entry");
      EntryInfo e;
      e.index = r.word();
      e.pc = r.word();
      e.fn = r.word();
      e.partition = r.name("entry partition");
      e.name = r.name("entry");
      m.entries.push_back(std::move(e));
    } else if (kind == kKindFunction) {
      r.need(kFunctionRecord - 4, "function");
      FunctionInfo f;
      f.id = r.word();
      r.word();
      r.word();
      f.entry = r.name("function entry");
      r.name("function", true);
      m.functions.push_back(std::move(f));
    } else {
      throw LdError(fmt::format("{}: corrupt .baton.meta: unknown record kind {} at offset {:#x}", elf.what(), kind, at));
    }
  }
  return m;
}

}  // namespace baton::ld
