// SPDX-License-Identifier: Apache-2.0
#include "baton/bytes.hpp"
#include "baton/elf/elf_file.hpp"

#include <gelf.h>
#include <libelf.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <iterator>
#include <memory>

#include <fmt/format.h>

namespace baton::elf {

namespace {

constexpr unsigned kEfRiscvRvc = 0x1;
constexpr unsigned kEfRiscvFloatAbi = 0x6;
constexpr unsigned kEfRiscvRve = 0x8;
constexpr std::size_t kEhdr32Bytes = 52;
constexpr std::size_t kShdr32Bytes = 40;
constexpr std::size_t kPhdr32Bytes = 32;
constexpr std::size_t kSym32Bytes = 16;
constexpr std::size_t kRela32Bytes = 12;

// Owns the libelf descriptor over a private copy of the bytes (elf_memory wants a mutable buffer).
class ElfMem {
 public:
  explicit ElfMem(std::span<const std::uint8_t> bytes) : buf_(bytes.begin(), bytes.end()) {
    if (elf_version(EV_CURRENT) == EV_NONE) throw ElfError("libelf initialisation failed");
    elf_ = elf_memory(buf_.data(), buf_.size());
  }
  ElfMem(const ElfMem&) = delete;
  ElfMem& operator=(const ElfMem&) = delete;
  ~ElfMem() {
    if (elf_ != nullptr) elf_end(elf_);
  }
  [[nodiscard]] Elf* get() const { return elf_; }

 private:
  std::vector<char> buf_;
  Elf* elf_ = nullptr;
};

using bytes::load_le16;
using bytes::load_le32;

// Names from the string tables go into one-line messages: escape anything unprintable.
std::string printable(const char* raw) {
  std::string out;
  for (const char* p = raw; *p != '\0'; ++p) {
    const auto c = static_cast<unsigned char>(*p);
    out += (c < 0x20 || c >= 0x7f || c == '\\') ? fmt::format("\\x{:02x}", c) : std::string(1, static_cast<char>(c));
  }
  return out;
}

}  // namespace

bool Section::alloc() const { return (flags & SHF_ALLOC) != 0; }
bool Section::exec() const { return (flags & SHF_EXECINSTR) != 0; }
bool Section::write() const { return (flags & SHF_WRITE) != 0; }
bool Section::nobits() const { return type == SHT_NOBITS; }

ElfFile ElfFile::parse(std::span<const std::uint8_t> b, const std::string& what) {
  auto fail = [&](const std::string& msg) { return ElfError(fmt::format("{}: {}", what, msg)); };
  const std::size_t size = b.size();

  // The identification and header fields are checked by hand first, so the messages say what is
  // wrong (libelf would only say "invalid") and libelf never sees a header whose tables overrun.
  if (size < EI_NIDENT || std::memcmp(b.data(), ELFMAG, SELFMAG) != 0) throw fail("not an ELF file (bad magic)");
  if (b[EI_CLASS] != ELFCLASS32) {
    throw fail(fmt::format("not a 32-bit ELF file: wrong ELF class {} ({}), expected ELFCLASS32 (rv32)",
                           b[EI_CLASS] == ELFCLASS64 ? "ELFCLASS64" : "unknown", b[EI_CLASS]));
  }
  if (b[EI_DATA] != ELFDATA2LSB) throw fail("not little-endian (ELFDATA2LSB expected)");
  if (size < kEhdr32Bytes) throw fail(fmt::format("truncated ELF: {} bytes, shorter than the ELF header", size));
  const std::uint16_t machine = load_le16(b, 18);
  if (machine != EM_RISCV) throw fail(fmt::format("wrong machine {} (e_machine): expected EM_RISCV (243)", machine));
  if (load_le16(b, 16) != ET_EXEC) throw fail("not an executable (e_type is not ET_EXEC): link the firmware first");
  const std::uint32_t eflags = load_le32(b, 36);
  if ((eflags & kEfRiscvRvc) != 0U) throw fail("wrong ABI flags: built with compressed instructions (C); use -march=rv32im_zbb or rv32im");
  if ((eflags & kEfRiscvFloatAbi) != 0U) throw fail("wrong ABI flags: hard-float ABI; use -mabi=ilp32");
  if ((eflags & kEfRiscvRve) != 0U) throw fail("wrong ABI flags: RV32E ABI is not supported");
  const std::uint32_t shoff = load_le32(b, 32);
  const std::uint16_t shentsize = load_le16(b, 46);
  const std::uint16_t shnum = load_le16(b, 48);
  const std::uint16_t shstrndx = load_le16(b, 50);
  if (shoff == 0 || shnum == 0) throw fail("no section headers (stripped?): keep them, the toolchain reads sections and relocations");
  if (shentsize != kShdr32Bytes) throw fail(fmt::format("corrupt ELF: section header size {} (expected 40)", shentsize));
  if (static_cast<std::uint64_t>(shoff) + 1ULL * shnum * kShdr32Bytes > size) {
    throw fail(fmt::format("truncated ELF: section headers end beyond the file ({} bytes)", size));
  }
  if (shstrndx >= shnum) throw fail("corrupt ELF: section-name table index out of range");
  const std::uint32_t phoff = load_le32(b, 28);
  const std::uint16_t phentsize = load_le16(b, 42);
  const std::uint16_t phnum = load_le16(b, 44);
  if (phnum != 0) {
    if (phentsize != kPhdr32Bytes) throw fail(fmt::format("corrupt ELF: program header size {} (expected 32)", phentsize));
    if (static_cast<std::uint64_t>(phoff) + 1ULL * phnum * kPhdr32Bytes > size) {
      throw fail(fmt::format("truncated ELF: program headers end beyond the file ({} bytes)", size));
    }
  }

  // Every section with file contents must lie in the file, and so must the string tables.
  for (std::uint32_t i = 1; i < shnum; ++i) {
    const std::size_t h = shoff + i * kShdr32Bytes;
    const std::uint32_t type = load_le32(b, h + 4);
    const std::uint32_t off = load_le32(b, h + 16);
    const std::uint32_t sz = load_le32(b, h + 20);
    if (type != SHT_NOBITS && type != SHT_NULL && static_cast<std::uint64_t>(off) + sz > size) {
      throw fail(fmt::format("truncated ELF: section {} lies beyond the end of the file", i));
    }
  }

  ElfMem mem(b);
  Elf* e = mem.get();
  if (e == nullptr || elf_kind(e) != ELF_K_ELF) throw fail(fmt::format("corrupt ELF: {}", elf_errmsg(-1)));

  ElfFile f;
  f.what_ = what;
  f.flags_ = eflags;
  f.entry_ = load_le32(b, 24);

  // Loadable segments, read by hand: the fields are few and every one is bounds-checked here.
  for (std::uint32_t i = 0; i < phnum; ++i) {
    const std::size_t h = phoff + i * kPhdr32Bytes;
    if (load_le32(b, h) != PT_LOAD) continue;
    const std::uint32_t off = load_le32(b, h + 4);
    const std::uint32_t vaddr = load_le32(b, h + 8);
    const std::uint32_t filesz = load_le32(b, h + 16);
    const std::uint32_t memsz = load_le32(b, h + 20);
    const std::uint32_t pflags = load_le32(b, h + 24);
    if (memsz == 0) continue;
    if (filesz > memsz) throw fail(fmt::format("corrupt ELF: segment {} has filesz > memsz", i));
    if (static_cast<std::uint64_t>(off) + filesz > size) {
      throw fail(fmt::format("truncated ELF: segment {} lies beyond the end of the file", i));
    }
    if (static_cast<std::uint64_t>(vaddr) + memsz > 0x1'0000'0000ULL) {
      throw fail(fmt::format("corrupt ELF: segment {} wraps the address space", i));
    }
    Segment seg;
    seg.vaddr = vaddr;
    seg.memsz = memsz;
    seg.executable = (pflags & PF_X) != 0;
    seg.writable = (pflags & PF_W) != 0;
    seg.bytes.assign(b.begin() + static_cast<std::ptrdiff_t>(off), b.begin() + static_cast<std::ptrdiff_t>(off + filesz));
    f.segments_.push_back(std::move(seg));
  }

  std::size_t strndx = 0;
  if (elf_getshdrstrndx(e, &strndx) != 0) throw fail(fmt::format("corrupt ELF: {}", elf_errmsg(-1)));
  Elf_Scn* scn = nullptr;
  while ((scn = elf_nextscn(e, scn)) != nullptr) {
    GElf_Shdr sh;
    if (gelf_getshdr(scn, &sh) == nullptr) throw fail(fmt::format("corrupt section header: {}", elf_errmsg(-1)));
    Section s;
    s.index = static_cast<std::uint32_t>(elf_ndxscn(scn));
    const char* name = elf_strptr(e, strndx, sh.sh_name);
    if (name == nullptr) throw fail(fmt::format("corrupt ELF: section {} has no name", s.index));
    s.name = printable(name);
    s.type = sh.sh_type;
    s.flags = static_cast<std::uint32_t>(sh.sh_flags);
    s.addr = static_cast<std::uint32_t>(sh.sh_addr);
    s.size = static_cast<std::uint32_t>(sh.sh_size);
    s.info = sh.sh_info;
    if (s.alloc() && static_cast<std::uint64_t>(s.addr) + s.size > 0x1'0000'0000ULL) {
      throw fail(fmt::format("corrupt ELF: section '{}' wraps the address space", s.name));
    }
    if (sh.sh_type != SHT_NOBITS && sh.sh_type != SHT_NULL && sh.sh_size > 0) {
      s.bytes.assign(b.begin() + static_cast<std::ptrdiff_t>(sh.sh_offset),
                     b.begin() + static_cast<std::ptrdiff_t>(sh.sh_offset + sh.sh_size));
    }
    f.sections_.push_back(std::move(s));

    if (sh.sh_type == SHT_SYMTAB) {
      if (sh.sh_entsize != kSym32Bytes) throw fail(fmt::format("corrupt symbol table '{}'", name));
      if (!f.symbols_.empty()) throw fail("corrupt ELF: more than one symbol table");
      Elf_Data* data = elf_getdata(scn, nullptr);
      if (data == nullptr) throw fail(fmt::format("corrupt symbol table: {}", elf_errmsg(-1)));
      const std::size_t count = data->d_size / kSym32Bytes;
      for (std::size_t k = 0; k < count; ++k) {
        GElf_Sym sym;
        if (gelf_getsym(data, static_cast<int>(k), &sym) == nullptr) throw fail("corrupt symbol table entry");
        Symbol y;
        const char* sname = elf_strptr(e, sh.sh_link, sym.st_name);
        if (sname == nullptr) throw fail(fmt::format("corrupt ELF: symbol {} has a bad name", k));
        y.name = printable(sname);
        y.value = static_cast<std::uint32_t>(sym.st_value);
        y.size = static_cast<std::uint32_t>(sym.st_size);
        y.type = static_cast<std::uint8_t>(GELF_ST_TYPE(sym.st_info));
        y.bind = static_cast<std::uint8_t>(GELF_ST_BIND(sym.st_info));
        y.shndx = sym.st_shndx;
        f.symbols_.push_back(std::move(y));
      }
    } else if (sh.sh_type == SHT_RELA) {
      if (sh.sh_entsize != kRela32Bytes) throw fail(fmt::format("corrupt relocation section '{}'", name));
      Elf_Data* data = elf_getdata(scn, nullptr);
      if (data == nullptr) throw fail(fmt::format("corrupt relocation section '{}': {}", name, elf_errmsg(-1)));
      const std::size_t count = data->d_size / kRela32Bytes;
      for (std::size_t k = 0; k < count; ++k) {
        GElf_Rela r;
        if (gelf_getrela(data, static_cast<int>(k), &r) == nullptr) throw fail(fmt::format("corrupt relocation in '{}'", name));
        f.relocs_.push_back(Reloc{sh.sh_info, static_cast<std::uint32_t>(r.r_offset),
                                  static_cast<std::uint32_t>(GELF_R_TYPE(r.r_info)),
                                  static_cast<std::uint32_t>(GELF_R_SYM(r.r_info)),
                                  static_cast<std::int32_t>(r.r_addend)});
      }
    } else if (sh.sh_type == SHT_REL) {
      throw fail(fmt::format("section '{}': REL relocations are not used by RISC-V (corrupt ELF?)", name));
    }
  }
  for (const auto& r : f.relocs_) {
    if (r.symbol >= f.symbols_.size()) throw fail("corrupt relocation: symbol index out of range");
    if (f.section_at(r.section) == nullptr) throw fail("corrupt relocation: target section out of range");
  }
  return f;
}

ElfFile ElfFile::read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ElfError(fmt::format("{}: cannot open", path));
  std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return parse(bytes, path);
}

const Section* ElfFile::section(const std::string& name) const {
  for (const auto& s : sections_) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

const Section* ElfFile::section_at(std::uint32_t index) const {
  for (const auto& s : sections_) {
    if (s.index == index) return &s;
  }
  return nullptr;
}

std::optional<Symbol> ElfFile::symbol(const std::string& name) const {
  std::optional<Symbol> found;
  for (const auto& y : symbols_) {
    if (y.name != name || y.shndx == SHN_UNDEF) continue;
    if (!found || (found->bind == STB_LOCAL && y.bind != STB_LOCAL)) found = y;  // globals win
  }
  return found;
}

std::string ElfFile::describe(std::uint32_t addr) const {
  auto named = [&](const Symbol& y) {
    return addr == y.value ? y.name : fmt::format("{}+{:#x}", y.name, addr - y.value);
  };
  const Symbol* best = nullptr;
  for (const auto& y : symbols_) {
    if (y.type != STT_FUNC && y.type != STT_NOTYPE) continue;
    if (y.name.empty() || y.name.starts_with(".L") || y.name.starts_with("$") || y.value > addr) continue;
    const Section* s = section_at(y.shndx);
    if (s == nullptr || !s->alloc()) continue;
    if (y.type == STT_FUNC && y.size > 0 && addr - y.value < y.size) return named(y);
    if (best == nullptr || y.value > best->value) best = &y;
  }
  return best == nullptr ? fmt::format("{:#010x}", addr) : named(*best);
}

std::optional<std::uint32_t> ElfFile::word_at(std::uint32_t addr) const {
  for (const auto& s : sections_) {
    if (!s.alloc() || s.nobits() || addr < s.addr) continue;
    const std::uint64_t off = addr - s.addr;
    if (off + 4 <= s.bytes.size()) return load_le32(s.bytes, static_cast<std::size_t>(off));
  }
  return std::nullopt;
}

std::vector<std::uint8_t> ElfFile::bytes_at(std::uint32_t addr, std::uint32_t n) const {
  std::vector<std::uint8_t> out(n, 0);
  const std::uint64_t lo = addr;
  const std::uint64_t hi = lo + n;
  for (const auto& s : sections_) {
    if (!s.alloc() || s.nobits() || s.bytes.empty()) continue;
    const std::uint64_t slo = s.addr;
    const std::uint64_t shi = slo + s.bytes.size();
    const std::uint64_t a = std::max(lo, slo);
    const std::uint64_t z = std::min(hi, shi);
    for (std::uint64_t k = a; k < z; ++k) out[k - lo] = s.bytes[k - slo];
  }
  return out;
}

}  // namespace baton::elf
