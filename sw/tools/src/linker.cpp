// SPDX-License-Identifier: Apache-2.0
#include "baton/ld/linker.hpp"

#include <elf.h>

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

namespace baton::ld {

namespace {

constexpr std::uint32_t kSdkVersion = 1;
constexpr std::uint32_t kRodataBase = image::kRodataBase;
constexpr std::uint32_t kDataBase = image::kDataBase;
constexpr std::uint32_t kRBranch = 16;
constexpr std::uint32_t kRJal = 17;
constexpr std::uint32_t kRCall = 18;
constexpr std::uint32_t kRCallPlt = 19;

std::int32_t sext(std::uint32_t v, unsigned bits) {
  const std::uint32_t m = 1U << (bits - 1);
  return static_cast<std::int32_t>((v ^ m) - m);
}

// Builds every check and the image from one ELF; each step throws the first problem it finds.
class Linker {
 public:
  Linker(const ElfFile& elf, const Options& opt) : elf_(elf), opt_(opt) {}

  Firmware run() {
    const Meta meta = read_meta(elf_);
    check_partitions(meta);
    check_entry_partitions(meta);
    check_sections();
    check_code_coverage();
    check_relocations();
    attach_entries(meta);
    resolve_functions(meta);
    build_image();
    build_manifest();
    return std::move(fw_);
  }

 private:
  [[noreturn]] void fail(const std::string& msg) const { throw LdError(fmt::format("{}: {}", elf_.what(), msg)); }

  const PartInfo* part_at(std::uint32_t addr) const {
    for (const auto& p : fw_.parts) {
      if (addr >= p.start && addr < p.end) return &p;
    }
    return nullptr;
  }

  void check_partitions(const Meta& meta) {
    if (meta.parts.empty()) fail("no partition is defined (BATON_PARTITION_DEFINE)");
    std::map<std::string, const PartInfo*> by_name;
    std::map<unsigned, const PartInfo*> by_id;
    for (const auto& p : meta.parts) {
      if (auto [it, fresh] = by_name.emplace(p.name, &p); !fresh) fail(fmt::format("duplicate partition '{}': defined twice", p.name));
      if (auto [it, fresh] = by_id.emplace(p.id, &p); !fresh) {
        fail(fmt::format("duplicate partition id {}: partitions '{}' and '{}'", p.id, it->second->name, p.name));
      }
      if (p.sdk_version != kSdkVersion) {
        fail(fmt::format("partition '{}' was built with SDK version {}, this toolchain reads version {}", p.name, p.sdk_version, kSdkVersion));
      }
      if (p.stack_bytes != meta.parts.front().stack_bytes || p.use_gp != meta.parts.front().use_gp) {
        fail(fmt::format("partition '{}' was built with different BATON_STACK_BYTES or BATON_USE_GP than '{}'", p.name, meta.parts.front().name));
      }
      if (p.end < p.start) fail(fmt::format("corrupt partition '{}': end {:#x} before start {:#x}", p.name, p.end, p.start));
      if (p.start == p.end) fail(fmt::format("empty partition '{}': it holds no code (no BATON_PARTITION({}) function)", p.name, p.name));
      if (p.start % opt_.page_bytes != 0) {
        fail(fmt::format("partition '{}' starts at {:#x}, not on a {}-byte page (built with BATON_PAGE_BYTES={})", p.name, p.start,
                         opt_.page_bytes, p.align));
      }
      if (p.end > opt_.code_bytes) fail(fmt::format("partition '{}' ends at {:#x}, beyond the code window ({:#x} bytes)", p.name, p.end, opt_.code_bytes));
      if (p.bytes() > opt_.imem_budget) {
        fail(fmt::format("partition '{}' is too large: {} bytes ({} pages) exceed the instruction-memory budget of {} bytes ({} pages)",
                         p.name, p.bytes(), (p.bytes() + opt_.page_bytes - 1) / opt_.page_bytes, opt_.imem_budget,
                         opt_.imem_budget / opt_.page_bytes));
      }
    }
    for (const auto& [id, p] : by_id) fw_.parts.push_back(*p);
    for (std::size_t i = 0; i < fw_.parts.size(); ++i) {
      for (std::size_t k = i + 1; k < fw_.parts.size(); ++k) {
        const auto& a = fw_.parts[i];
        const auto& b = fw_.parts[k];
        // Regions are whole pages: two partitions may not share one.
        const std::uint32_t a_hi = (a.end + opt_.page_bytes - 1) / opt_.page_bytes * opt_.page_bytes;
        const std::uint32_t b_hi = (b.end + opt_.page_bytes - 1) / opt_.page_bytes * opt_.page_bytes;
        if (a.start < b_hi && b.start < a_hi) fail(fmt::format("partitions '{}' and '{}' share a page", a.name, b.name));
      }
    }
    fw_.uses_gp = fw_.parts.front().use_gp;
    if (opt_.initial) {
      const PartInfo* p = fw_.find(*opt_.initial);
      if (p == nullptr) fail(fmt::format("missing partition '{}': the initial partition (--initial) is not defined", *opt_.initial));
      fw_.initial = p->id;
    } else {
      if (!by_id.contains(0)) fail("missing initial partition: no partition has id 0 (or name one with --initial)");
      fw_.initial = 0;
    }
  }

  // Before any check on code: an entry naming an undefined partition explains why its stub lies in
  // no partition.
  void check_entry_partitions(const Meta& meta) const {
    for (const auto& e : meta.entries) {
      if (fw_.find(e.partition) == nullptr) {
        fail(fmt::format("missing partition '{}': entry '{}' names it, but it is not defined (BATON_PARTITION_DEFINE)", e.partition, e.name));
      }
    }
  }

  // Every loaded section must sit in a window that allows its kind of access (docs/abi.md §4).
  void check_sections() {
    for (const auto& s : elf_.sections()) {
      if (!s.alloc() || s.size == 0) continue;
      const std::uint64_t end = static_cast<std::uint64_t>(s.addr) + s.size;
      if (s.exec()) {
        if (s.write()) fail(fmt::format("section '{}' is writable and executable", s.name));
        if (end > opt_.code_bytes) fail(fmt::format("section '{}' ({:#x}..{:#x}) is outside the code window", s.name, s.addr, end));
      } else if (s.addr >= kRodataBase && end <= static_cast<std::uint64_t>(kRodataBase) + opt_.rodata_bytes) {
        if (s.write()) fail(fmt::format("section '{}' is writable but lies in the read-only rodata window", s.name));
      } else if (s.addr >= kDataBase && end <= static_cast<std::uint64_t>(kDataBase) + opt_.data_bytes) {
        // writable or not: the data window allows both
      } else {
        fail(fmt::format("section '{}' ({:#x}..{:#x}) is outside the code, rodata and data windows", s.name, s.addr, end));
      }
    }
  }

  // All code must belong to a partition: a function outside every partition could only be
  // reached by a call that leaves the caller's partition.
  void check_code_coverage() {
    for (const auto& y : elf_.symbols()) {
      if (y.type != STT_FUNC || y.shndx == SHN_UNDEF || y.shndx >= SHN_LORESERVE) continue;
      const Section* s = elf_.section_at(y.shndx);
      if (s == nullptr || !s->alloc() || !s->exec()) continue;
      if (part_at(y.value) == nullptr) {
        fail(fmt::format("function '{}' at {:#x} (section '{}') is in no partition: mark it BATON_PARTITION(name) with a defined "
                         "partition, or make it BATON_INLINE",
                         y.name, y.value, s->name));
      }
      const PartInfo* p = part_at(y.value);
      if (y.size > 0 && static_cast<std::uint64_t>(y.value) + y.size > p->end) {
        fail(fmt::format("function '{}' runs past the end of partition '{}'", y.name, p->name));
      }
    }
    for (const auto& s : elf_.sections()) {
      if (!s.alloc() || !s.exec() || s.nobits()) continue;
      for (std::uint32_t off = 0; off < s.bytes.size(); ++off) {
        if (s.bytes[off] != 0 && part_at(s.addr + off) == nullptr) {
          fail(fmt::format("code at {:#x} ({}, section '{}') is in no partition", s.addr + off, elf_.describe(s.addr + off), s.name));
        }
      }
    }
  }

  // A direct call or jump (JAL, branch, auipc+jalr call) must stay inside its partition: leaving
  // it takes a migration. The targets come from the instructions the relocations point at.
  void check_relocations() {
    bool code_relocs = false;
    for (const auto& r : elf_.relocs()) {
      const Section* s = elf_.section_at(r.section);
      if (s == nullptr || !s->alloc() || !s->exec()) continue;
      code_relocs = true;
      if (r.type != kRBranch && r.type != kRJal && r.type != kRCall && r.type != kRCallPlt) continue;
      const std::uint32_t site = r.offset;
      const auto insn = elf_.word_at(site);
      if (!insn) fail(fmt::format("corrupt relocation: site {:#x} is outside the code", site));
      std::uint32_t target = 0;
      const std::uint32_t w = *insn;
      if (r.type == kRJal) {
        if ((w & 0x7fU) != 0x6f) fail(fmt::format("corrupt relocation: R_RISCV_JAL at {:#x} is not on a jal", site));
        const std::uint32_t imm = ((w >> 31) << 20) | (((w >> 12) & 0xffU) << 12) | (((w >> 20) & 1U) << 11) | (((w >> 21) & 0x3ffU) << 1);
        target = site + static_cast<std::uint32_t>(sext(imm, 21));
      } else if (r.type == kRBranch) {
        if ((w & 0x7fU) != 0x63) fail(fmt::format("corrupt relocation: R_RISCV_BRANCH at {:#x} is not on a branch", site));
        const std::uint32_t imm = ((w >> 31) << 12) | (((w >> 7) & 1U) << 11) | (((w >> 25) & 0x3fU) << 5) | (((w >> 8) & 0xfU) << 1);
        target = site + static_cast<std::uint32_t>(sext(imm, 13));
      } else {
        const auto lo = elf_.word_at(site + 4);
        if ((w & 0x7fU) != 0x17 || !lo || (*lo & 0x7fU) != 0x67) {
          fail(fmt::format("corrupt relocation: R_RISCV_CALL at {:#x} is not on auipc+jalr", site));
        }
        target = site + (w & 0xfffff000U) + static_cast<std::uint32_t>(sext(*lo >> 20, 12));
      }
      const PartInfo* from = part_at(site);
      const PartInfo* to = part_at(target);
      if (from == nullptr) fail(fmt::format("code at {:#x} ({}) is in no partition", site, elf_.describe(site)));
      if (to == from) continue;
      if (to == nullptr) {
        fail(fmt::format("call from '{}' (partition '{}') at {:#x} to '{}' at {:#x}, which is in no partition: make it BATON_INLINE "
                         "or place it in '{}'",
                         elf_.describe(site), from->name, site, elf_.describe(target), target, from->name));
      }
      fail(fmt::format("direct call from '{}' (partition '{}') at {:#x} into '{}' (partition '{}'): cross partitions only with a "
                       "migration (baton_migrate)",
                       elf_.describe(site), from->name, site, elf_.describe(target), to->name));
    }
    if (!code_relocs) fail("no relocations for the code: link with -Wl,-q (--emit-relocs) so calls between partitions can be checked");
  }

  void attach_entries(const Meta& meta) {
    std::map<std::string, const EntryInfo*> names;
    for (const auto& e : meta.entries) {
      auto it = std::find_if(fw_.parts.begin(), fw_.parts.end(), [&](const PartInfo& p) { return p.name == e.partition; });
      if (it == fw_.parts.end()) fail(fmt::format("missing partition '{}' for entry '{}'", e.partition, e.name));
      if (auto [n, fresh] = names.emplace(e.name, &e); !fresh) fail(fmt::format("duplicate entry '{}'", e.name));
      if (e.pc % 4 != 0 || e.pc < it->start || e.pc >= it->end) {
        fail(fmt::format("entry '{}' at {:#x} lies outside its partition '{}'", e.name, e.pc, it->name));
      }
      if (e.index >= 0x8000) fail(fmt::format("entry '{}' has index {}, beyond 32767", e.name, e.index));
      for (const auto& other : it->entries) {
        if (other.index == e.index) fail(fmt::format("duplicate entry index {} in partition '{}': '{}' and '{}'", e.index, it->name, other.name, e.name));
      }
      if (fw_.uses_gp) {
        // The stub must load gp before anything runs that was relaxed against it.
        const auto w = elf_.word_at(e.pc);
        if (!w || (*w & 0xfffU) != ((3U << 7) | 0x37U)) {
          fail(fmt::format("entry '{}' does not load gp, but the firmware uses gp (BATON_USE_GP differs between files)", e.name));
        }
      }
      it->entries.push_back(e);
    }
    for (auto& p : fw_.parts) {
      std::sort(p.entries.begin(), p.entries.end(), [](const EntryInfo& a, const EntryInfo& b) { return a.index < b.index; });
      for (std::uint32_t i = 0; i < p.entries.size(); ++i) {
        if (p.entries[i].index != i) fail(fmt::format("entry table of partition '{}' has a hole: no entry with index {}", p.name, i));
      }
    }
    const PartInfo* init = nullptr;
    for (const auto& p : fw_.parts) {
      if (p.id == fw_.initial) init = &p;
    }
    if (init->entries.empty()) fail(fmt::format("initial partition '{}' has no entry (BATON_ENTRY({}, 0, fn))", init->name, init->name));
  }

  void resolve_functions(const Meta& meta) {
    const auto table = elf_.symbol("__baton_fn_table");
    const auto table_end = elf_.symbol("__baton_fn_table_end");
    if (!table || !table_end || table_end->value < table->value || table->value < kRodataBase ||
        table_end->value > kRodataBase + opt_.rodata_bytes || table->value % 4 != 0) {
      fail("symbol '__baton_fn_table' is missing or outside rodata (link sw/sdk/src/baton_rt.S and sw/sdk/link/baton.ld)");
    }
    fn_table_ = table->value;
    fn_slots_ = (table_end->value - table->value) / 4;
    bool backed = false;  // the table must have bytes in the ELF: the image patches them
    for (const auto& s : elf_.sections()) {
      if (s.alloc() && !s.nobits() && fn_table_ >= s.addr && table_end->value - s.addr <= s.bytes.size()) backed = true;
    }
    if (!backed) fail("symbol '__baton_fn_table' does not lie in a rodata section with contents");
    std::set<std::uint32_t> ids;
    for (const auto& f : meta.functions) {
      if (!ids.insert(f.id).second) fail(fmt::format("duplicate function id {} in the function table", f.id));
      FunctionInfo out = f;
      bool found = false;
      for (const auto& p : fw_.parts) {
        for (const auto& e : p.entries) {
          if (e.name == f.entry) {
            out.partition = p.id;
            out.index = e.index;
            found = true;
          }
        }
      }
      if (!found) fail(fmt::format("undefined entry name '{}' in function {} of the function table (no BATON_ENTRY for it)", f.entry, f.id));
      if (f.id >= fn_slots_) {
        fail(fmt::format("function id {} ('{}') does not fit the {}-slot function table (build with -DBATON_FN_SLOTS=N)", f.id,
                         f.entry, fn_slots_));
      }
      fw_.functions.push_back(out);
    }
    std::sort(fw_.functions.begin(), fw_.functions.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  }

  static std::uint32_t window_end(const ElfFile& elf, std::uint32_t base, std::uint32_t size) {
    std::uint32_t hi = base;
    for (const auto& s : elf.sections()) {
      if (s.alloc() && s.size > 0 && s.addr >= base && s.addr - base < size) hi = std::max(hi, s.addr + s.size);
    }
    return hi;
  }

  void build_image() {
    image::Image& img = fw_.image;
    img.page_bytes = opt_.page_bytes;
    img.stack_bytes = fw_.parts.front().stack_bytes;
    img.flags = fw_.uses_gp ? image::kFlagUsesGp : 0U;
    img.initial_partition = fw_.initial;
    img.fn_table_addr = fn_table_;
    img.fn_table_slots = fn_slots_;
    std::uint32_t page = 0;
    for (const auto& p : fw_.parts) {
      image::Partition ip;
      ip.id = p.id;
      ip.initial = p.id == fw_.initial;
      ip.name = p.name;
      ip.base = p.start;
      ip.code_bytes = p.bytes();
      ip.first_page = page;
      ip.num_pages = (p.bytes() + opt_.page_bytes - 1) / opt_.page_bytes;
      for (const auto& e : p.entries) ip.entries.push_back(e.pc);
      const auto code = elf_.bytes_at(p.start, ip.num_pages * opt_.page_bytes);
      // Bytes past the partition's end (the next partition cannot be there: pages are not
      // shared) are zero in the ELF too, but make the padding explicit.
      img.pages.insert(img.pages.end(), code.begin(), code.begin() + p.bytes());
      img.pages.resize(img.pages.size() + (ip.num_pages * opt_.page_bytes - p.bytes()), 0);
      page += ip.num_pages;
      img.partitions.push_back(std::move(ip));
    }
    const std::uint32_t ro_end = window_end(elf_, kRodataBase, opt_.rodata_bytes);
    img.rodata = elf_.bytes_at(kRodataBase, ro_end - kRodataBase);
    for (std::uint32_t slot = 0; slot < fn_slots_; ++slot) {
      std::uint32_t w = image::kNoEntry;
      for (const auto& f : fw_.functions) {
        if (f.id == slot) w = (static_cast<std::uint32_t>(f.partition) << 16) | (f.index & 0x7fffU);
      }
      const std::uint32_t off = fn_table_ - kRodataBase + 4 * slot;
      for (unsigned i = 0; i < 4; ++i) img.rodata.at(off + i) = static_cast<std::uint8_t>(w >> (8 * i));
    }
    const std::uint32_t data_end = window_end(elf_, kDataBase, opt_.data_bytes);
    img.data = elf_.bytes_at(kDataBase, data_end - kDataBase);  // NOBITS (bss) reads as zeros
    if (const Section* a = elf_.section(".riscv.attributes")) {
      const std::string raw(a->bytes.begin(), a->bytes.end());
      if (auto at = raw.find("rv32"); at != std::string::npos) fw_.arch = raw.substr(at, raw.find('\0', at) - at);
    }
  }

  void build_manifest() {
    using nlohmann::json;
    json j;
    j["format"] = "baton-image";
    j["version"] = image::kVersion;
    j["elf"] = elf_.what();
    j["arch"] = fw_.arch;
    j["page_bytes"] = opt_.page_bytes;
    j["imem_budget"] = opt_.imem_budget;
    j["stack_bytes"] = fw_.image.stack_bytes;
    j["uses_gp"] = fw_.uses_gp;
    j["initial_partition"] = fw_.initial;
    j["windows"] = {{"code_bytes", opt_.code_bytes}, {"rodata_base", kRodataBase}, {"rodata_bytes", opt_.rodata_bytes},
                    {"data_base", kDataBase}, {"data_bytes", opt_.data_bytes}};
    json parts = json::array();
    for (const auto& p : fw_.parts) {
      const auto* ip = fw_.image.find(p.id);
      json jp;
      jp["id"] = p.id;
      jp["name"] = p.name;
      jp["initial"] = p.id == fw_.initial;
      jp["base"] = p.start;
      jp["bytes"] = p.bytes();
      jp["pages"] = ip->num_pages;
      jp["first_page"] = ip->first_page;
      json entries = json::array();
      for (const auto& e : p.entries) {
        entries.push_back({{"index", e.index}, {"name", e.name}, {"pc", e.pc}, {"offset_words", (e.pc - p.start) / 4}, {"function", e.fn}});
      }
      jp["entries"] = entries;
      json syms = json::array();
      for (const auto& y : elf_.symbols()) {
        if (y.type == STT_FUNC && y.value >= p.start && y.value < p.end) {
          syms.push_back({{"name", y.name}, {"addr", y.value}, {"size", y.size}, {"global", y.bind != STB_LOCAL}});
        }
      }
      std::sort(syms.begin(), syms.end(), [](const json& a, const json& b) { return a["addr"] < b["addr"]; });
      jp["symbols"] = syms;
      parts.push_back(jp);
    }
    j["partitions"] = parts;
    json fns = json::array();
    for (const auto& f : fw_.functions) {
      fns.push_back({{"id", f.id}, {"entry", f.entry}, {"partition", f.partition}, {"index", f.index},
                     {"word", (static_cast<std::uint32_t>(f.partition) << 16) | f.index}});
    }
    j["function_table"] = {{"addr", fn_table_}, {"slots", fn_slots_}, {"functions", fns}};
    json data_syms = json::array();
    for (const auto& y : elf_.symbols()) {
      if (y.type != STT_OBJECT || y.value < kRodataBase) continue;
      data_syms.push_back({{"name", y.name}, {"addr", y.value}, {"size", y.size}});
    }
    std::sort(data_syms.begin(), data_syms.end(), [](const json& a, const json& b) { return a["addr"] < b["addr"]; });
    j["data_symbols"] = data_syms;
    j["segments"] = {{"rodata", {{"addr", kRodataBase}, {"bytes", fw_.image.rodata.size()}}},
                     {"data", {{"addr", kDataBase}, {"bytes", fw_.image.data.size()}}}};
    fw_.manifest = std::move(j);
  }

  const ElfFile& elf_;
  const Options& opt_;
  Firmware fw_;
  std::uint32_t fn_table_ = 0;
  std::uint32_t fn_slots_ = 0;
};

}  // namespace

void Options::validate() const {
  auto pow2 = [](std::uint32_t v) { return v != 0 && (v & (v - 1)) == 0; };
  if (!pow2(page_bytes) || page_bytes < 64 || page_bytes > (1U << 20)) {
    throw LdError(fmt::format("--page-bytes {}: must be a power of two from 64 to 1 MiB", page_bytes));
  }
  if (imem_budget < page_bytes) throw LdError(fmt::format("--imem-budget {}: smaller than one page", imem_budget));
  if (code_bytes == 0 || code_bytes > (256U << 20) || code_bytes % 4 != 0) throw LdError(fmt::format("--code-bytes {}: must be a multiple of 4 up to 256 MiB", code_bytes));
  if (rodata_bytes == 0 || rodata_bytes > (256U << 20) || rodata_bytes % 4 != 0) throw LdError(fmt::format("--rodata-bytes {}: must be a multiple of 4 up to 256 MiB", rodata_bytes));
  if (data_bytes == 0 || data_bytes > (256U << 20) || data_bytes % 4 != 0) throw LdError(fmt::format("--data-bytes {}: must be a multiple of 4 up to 256 MiB", data_bytes));
}

const PartInfo* Firmware::find(const std::string& name) const {
  for (const auto& p : parts) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

Firmware link(const ElfFile& elf, const Options& opt) {
  opt.validate();
  return Linker(elf, opt).run();
}

std::string list_text(const Firmware& fw, const Options& opt) {
  std::string out = fmt::format("{}: {} partitions, {}-byte pages, initial partition {}, {}{}\n", fw.manifest.value("elf", std::string("?")),
                                fw.parts.size(), opt.page_bytes, fw.initial, fw.arch.empty() ? "arch unknown" : fw.arch,
                                fw.uses_gp ? ", gp" : "");
  out += fmt::format("{:>3}  {:<20} {:>10} {:>10} {:>6} {:>5} {:>7}\n", "id", "name", "base", "end", "bytes", "pages", "entries");
  for (const auto& p : fw.parts) {
    const std::uint32_t pages = (p.bytes() + opt.page_bytes - 1) / opt.page_bytes;
    out += fmt::format("{:>3}  {:<20} {:#010x} {:#010x} {:>6} {:>5} {:>7}{}\n", p.id, p.name, p.start, p.end, p.bytes(), pages,
                       p.entries.size(), p.id == fw.initial ? "  (initial)" : "");
    for (const auto& e : p.entries) {
      out += fmt::format("       entry {:>3}  {:#010x}  +{:<5} {}\n", e.index, e.pc, (e.pc - p.start) / 4, e.name);
    }
  }
  if (!fw.functions.empty()) {
    out += fmt::format("function table at {:#010x}, {} slots:\n", fw.image.fn_table_addr, fw.image.fn_table_slots);
    for (const auto& f : fw.functions) {
      out += fmt::format("  fn {:>3} -> partition {:>3} entry {:>3}  {}\n", f.id, f.partition, f.index, f.entry);
    }
  }
  out += fmt::format("rodata {} bytes at {:#010x}, data {} bytes at {:#010x}\n", fw.image.rodata.size(), kRodataBase, fw.image.data.size(),
                     kDataBase);
  return out;
}

}  // namespace baton::ld
