// SPDX-License-Identifier: Apache-2.0
#include "baton/iss/elf.hpp"

#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

namespace baton::iss {

namespace {

// Owns the file descriptor and the libelf handle.
class ElfHandle {
 public:
  explicit ElfHandle(const std::string& path) {
    if (elf_version(EV_CURRENT) == EV_NONE) throw ElfError("libelf initialisation failed");
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) throw ElfError(fmt::format("{}: cannot open: {}", path, std::strerror(errno)));
    elf_ = elf_begin(fd_, ELF_C_READ, nullptr);
    if (elf_ == nullptr) {
      ::close(fd_);
      throw ElfError(fmt::format("{}: not readable as ELF: {}", path, elf_errmsg(-1)));
    }
  }
  ElfHandle(const ElfHandle&) = delete;
  ElfHandle& operator=(const ElfHandle&) = delete;
  ~ElfHandle() {
    elf_end(elf_);
    ::close(fd_);
  }
  [[nodiscard]] Elf* get() const { return elf_; }

 private:
  int fd_ = -1;
  Elf* elf_ = nullptr;
};

constexpr unsigned kEfRiscvRvc = 0x1;
constexpr unsigned kEfRiscvFloatAbi = 0x6;
constexpr unsigned kEfRiscvRve = 0x8;

}  // namespace

ElfImage ElfImage::load(const std::string& path) {
  ElfHandle h(path);
  Elf* e = h.get();
  auto fail = [&](std::string_view what) { return ElfError(fmt::format("{}: {}", path, what)); };
  if (elf_kind(e) != ELF_K_ELF) throw fail("not an ELF file");
  if (gelf_getclass(e) != ELFCLASS32) throw fail("not a 32-bit ELF file (expected RV32)");
  GElf_Ehdr eh;
  if (gelf_getehdr(e, &eh) == nullptr) throw fail(fmt::format("bad ELF header: {}", elf_errmsg(-1)));
  if (eh.e_ident[EI_DATA] != ELFDATA2LSB) throw fail("not little-endian");
  if (eh.e_machine != EM_RISCV) throw fail(fmt::format("machine {} is not RISC-V", eh.e_machine));
  if (eh.e_type != ET_EXEC) throw fail("not an executable (ET_EXEC)");
  if ((eh.e_flags & kEfRiscvRvc) != 0U) throw fail("built with compressed instructions (C); use -march=rv32im");
  if ((eh.e_flags & kEfRiscvFloatAbi) != 0U) throw fail("hard-float ABI; use -mabi=ilp32");
  if ((eh.e_flags & kEfRiscvRve) != 0U) throw fail("RV32E ABI is not supported");

  ElfImage img;
  img.path_ = path;
  img.entry_ = static_cast<std::uint32_t>(eh.e_entry);

  std::size_t nphdr = 0;
  if (elf_getphdrnum(e, &nphdr) != 0) throw fail("cannot read program headers");
  for (std::size_t i = 0; i < nphdr; ++i) {
    GElf_Phdr ph;
    if (gelf_getphdr(e, static_cast<int>(i), &ph) == nullptr) throw fail("cannot read a program header");
    if (ph.p_type != PT_LOAD || ph.p_memsz == 0) continue;
    if (ph.p_filesz > ph.p_memsz) throw fail(fmt::format("segment {} has filesz > memsz", i));
    Segment s;
    s.vaddr = static_cast<std::uint32_t>(ph.p_vaddr);
    s.memsz = static_cast<std::uint32_t>(ph.p_memsz);
    s.executable = (ph.p_flags & PF_X) != 0;
    s.writable = (ph.p_flags & PF_W) != 0;
    if (ph.p_filesz > 0) {
      std::size_t file_size = 0;
      const char* raw = elf_rawfile(e, &file_size);
      if (raw == nullptr || ph.p_offset + ph.p_filesz > file_size) {
        throw fail(fmt::format("segment {} lies beyond the end of the file (truncated?)", i));
      }
      s.bytes.assign(raw + ph.p_offset, raw + ph.p_offset + ph.p_filesz);
    }
    img.segments_.push_back(std::move(s));
  }
  if (img.segments_.empty()) throw fail("no loadable segments");

  Elf_Scn* scn = nullptr;
  while ((scn = elf_nextscn(e, scn)) != nullptr) {
    GElf_Shdr sh;
    if (gelf_getshdr(scn, &sh) == nullptr || sh.sh_type != SHT_SYMTAB) continue;
    Elf_Data* data = elf_getdata(scn, nullptr);
    if (data == nullptr || sh.sh_entsize == 0) continue;
    const std::size_t count = sh.sh_size / sh.sh_entsize;
    for (std::size_t k = 0; k < count; ++k) {
      GElf_Sym sym;
      if (gelf_getsym(data, static_cast<int>(k), &sym) == nullptr) continue;
      const char* name = elf_strptr(e, sh.sh_link, sym.st_name);
      if (name == nullptr || *name == '\0') continue;
      const int type = GELF_ST_TYPE(sym.st_info);
      if (type == STT_SECTION || type == STT_FILE) continue;
      // Globals win over locals of the same name.
      const bool global = GELF_ST_BIND(sym.st_info) != STB_LOCAL;
      auto [it, inserted] = img.symbols_.try_emplace(name, static_cast<std::uint32_t>(sym.st_value));
      if (!inserted && global) it->second = static_cast<std::uint32_t>(sym.st_value);
    }
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
