// SPDX-License-Identifier: Apache-2.0
#include "baton/iss/bare_memory.hpp"

#include <stdexcept>

#include <fmt/format.h>

#include "baton/iss/elf.hpp"

namespace baton::iss {

std::optional<std::uint32_t> BareMemory::fetch(unsigned /*thread*/, std::uint32_t pc) { return imem_.read(pc, 4); }

std::uint32_t BareMemory::load(const MemRequest& req) {
  return (req.region == Region::kCode ? imem_ : dmem_).read(req.offset, req.size);
}

void BareMemory::store(const MemRequest& req, std::uint32_t value) {
  (req.region == Region::kCode ? imem_ : dmem_).write(req.offset, req.size, value);
}

bool BareMemory::in_dmem(std::uint32_t addr, std::size_t n, std::uint32_t& offset) const {
  const std::uint64_t end = static_cast<std::uint64_t>(addr) + n;
  if (end <= layout_.imem_bytes) {
    offset = addr;
    return false;
  }
  if (addr >= kDmemBase && end <= static_cast<std::uint64_t>(kDmemBase) + layout_.dmem_bytes) {
    offset = addr - kDmemBase;
    return true;
  }
  throw std::out_of_range(fmt::format("address range {:#010x}+{} is outside IMEM and DMEM", addr, n));
}

std::uint32_t BareMemory::read_word(std::uint32_t addr) const {
  std::uint32_t off = 0;
  return store_for(addr, 4, off).read(off, 4);
}

void BareMemory::write_word(std::uint32_t addr, std::uint32_t value) {
  std::uint32_t off = 0;
  store_for(addr, 4, off).write(off, 4, value);
}

void BareMemory::write_bytes(std::uint32_t addr, const std::vector<std::uint8_t>& bytes) {
  std::uint32_t off = 0;
  store_for(addr, bytes.size(), off).write_block(off, bytes);
}

std::vector<std::uint8_t> BareMemory::read_bytes(std::uint32_t addr, std::size_t n) const {
  std::uint32_t off = 0;
  return store_for(addr, n, off).read_block(off, n);
}

void BareMemory::load_image(const ElfImage& elf) {
  for (const auto& seg : elf.segments()) {
    std::uint32_t off = 0;
    try {
      (void)in_dmem(seg.vaddr, seg.memsz, off);
    } catch (const std::out_of_range&) {
      throw std::runtime_error(fmt::format(
          "{}: segment at {:#010x} ({} bytes) is outside IMEM [0, {:#x}) and DMEM [{:#010x}, {:#010x})", elf.path(),
          seg.vaddr, seg.memsz, layout_.imem_bytes, kDmemBase, kDmemBase + layout_.dmem_bytes));
    }
    if (!seg.executable && !in_dmem(seg.vaddr, seg.memsz, off)) {
      throw std::runtime_error(fmt::format(
          "{}: data segment at {:#010x} lies in IMEM, which is fetch-only; link data into DMEM at {:#010x}",
          elf.path(), seg.vaddr, kDmemBase));
    }
    if (seg.executable && in_dmem(seg.vaddr, seg.memsz, off)) {
      throw std::runtime_error(fmt::format(
          "{}: executable segment at {:#010x} is outside IMEM [0, {:#x}); code is fetched only from IMEM", elf.path(),
          seg.vaddr, layout_.imem_bytes));
    }
    std::vector<std::uint8_t> bytes = seg.bytes;
    bytes.resize(seg.memsz, 0);
    write_bytes(seg.vaddr, bytes);
  }
}

}  // namespace baton::iss
