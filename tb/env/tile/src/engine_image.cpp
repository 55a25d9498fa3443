// SPDX-License-Identifier: Apache-2.0
#include "baton/env/tile/engine_image.hpp"
#include "baton/abi.hpp"

#include <stdexcept>

#include <fmt/format.h>

namespace baton::env::tile {

namespace {
std::vector<std::uint8_t> to_bytes(const std::vector<std::uint32_t>& words) {
  std::vector<std::uint8_t> b;
  b.reserve(words.size() * 4);
  for (auto w : words) {
    for (unsigned i = 0; i < 4; ++i) b.push_back(static_cast<std::uint8_t>(w >> (8 * i)));
  }
  return b;
}
}  // namespace

void EngineImage::add(const Partition& p) {
  const std::uint32_t pb = params_.page_bytes;
  if (p.base % pb != 0) throw std::invalid_argument(fmt::format("partition {} base {:#x} not page aligned", p.id, p.base));
  if (parts_.size() >= params_.part_slots) throw std::invalid_argument("image: partition slots full");
  const std::uint32_t bytes = static_cast<std::uint32_t>(p.code.size() * 4);
  const std::uint32_t npages = (bytes + pb - 1) / pb;
  for (std::uint32_t i = 0; i < npages; ++i) {
    const std::uint32_t cp = p.base / pb + i;
    for (const auto& pg : pages_) {
      if (pg.code_page == cp) throw std::invalid_argument(fmt::format("image: code page {:#x} used twice", cp * pb));
    }
    if (pages_.size() >= params_.imem_pages()) throw std::invalid_argument("image: IMEM full");
    pages_.push_back({cp, static_cast<unsigned>(pages_.size())});
  }
  const unsigned first = params_.part_slots * abi::kLoaderPtabWordsPerSlot + static_cast<unsigned>(ptab_entries_.size());
  if (first + p.entries.size() > params_.ptab_words) throw std::invalid_argument("image: partition table full");
  entry_base_.push_back(first);
  ptab_entries_.insert(ptab_entries_.end(), p.entries.begin(), p.entries.end());
  parts_.push_back(p);
}

void EngineImage::add_non_resident_code(std::uint32_t base, const std::vector<std::uint32_t>& code) {
  hidden_code_.push_back({base, to_bytes(code)});
}

void EngineImage::add_elf(const iss::ElfImage& elf, std::uint8_t id, const std::vector<std::uint32_t>& entries) {
  const std::uint32_t start = elf.require_symbol("__text_start"), end = elf.require_symbol("__text_end");
  Partition p;
  p.id = id;
  p.base = start;
  p.entries = entries;
  for (const auto& seg : elf.segments()) {
    std::vector<std::uint8_t> bytes = seg.bytes;
    bytes.resize(seg.memsz, 0);
    const std::uint32_t window = seg.vaddr >> 28, off = seg.vaddr & 0x0fffffffU;
    if (window == 0x8) {
      set_rodata(off, bytes);
    } else if (window == 0x9) {
      set_data(off, bytes);
    } else if (window == 0x0) {
      for (std::uint32_t a = start; a < end; a += 4) {
        if (a < seg.vaddr || a + 4 > seg.vaddr + bytes.size()) continue;
        const std::uint32_t i = a - seg.vaddr;
        p.code.push_back(static_cast<std::uint32_t>(bytes[i]) | (static_cast<std::uint32_t>(bytes[i + 1]) << 8) |
                         (static_cast<std::uint32_t>(bytes[i + 2]) << 16) |
                         (static_cast<std::uint32_t>(bytes[i + 3]) << 24));
      }
    } else {
      throw std::invalid_argument(fmt::format("{}: segment at {:#010x} is not in the code, rodata or data window",
                                              elf.path(), seg.vaddr));
    }
  }
  if (p.code.size() * 4 != end - start) {
    throw std::invalid_argument(fmt::format("{}: [__text_start, __text_end) is not in one loadable segment", elf.path()));
  }
  add(p);
}

void EngineImage::set_rodata(std::uint32_t offset, const std::vector<std::uint8_t>& bytes) {
  rodata_.push_back({offset, bytes});
}

void EngineImage::set_data(std::uint32_t offset, const std::vector<std::uint8_t>& bytes) {
  data_.push_back({offset, bytes});
}

std::vector<LoadOp> EngineImage::loader_ops() const {
  std::vector<LoadOp> ops;
  const std::uint32_t pb = params_.page_bytes;
  const std::uint32_t words_per_page = pb / 4;
  for (const auto& part : parts_) {
    for (std::size_t w = 0; w < part.code.size(); ++w) {
      const std::uint32_t addr = part.base + static_cast<std::uint32_t>(w * 4);
      for (const auto& pg : pages_) {
        if (pg.code_page == addr / pb) {
          ops.push_back({LoadKind::kImemWord, pg.slot * words_per_page + (addr % pb) / 4, part.code[w]});
        }
      }
    }
  }
  constexpr std::uint32_t kValid = 1U << abi::kLoaderSlotValidBit;
  for (const auto& pg : pages_) ops.push_back({LoadKind::kPageSlot, pg.slot, kValid | pg.code_page});
  for (std::size_t s = 0; s < parts_.size(); ++s) {
    const auto& p = parts_[s];
    const auto slot = static_cast<std::uint32_t>(s);
    const std::uint32_t row = abi::kLoaderPtabWordsPerSlot * slot;
    ops.push_back({LoadKind::kPtabWord, row + abi::kLoaderPtabWordBase, p.base});
    ops.push_back({LoadKind::kPtabWord, row + abi::kLoaderPtabWordEnd,
                   p.base + static_cast<std::uint32_t>(p.code.size() * 4)});
    ops.push_back({LoadKind::kPtabWord, row + abi::kLoaderPtabWordEntries,
                   (static_cast<std::uint32_t>(p.entries.size()) << abi::kLoaderPtabEntryCountLsb) | entry_base_[s]});
    ops.push_back({LoadKind::kPartSlot, slot, kValid | p.id});
  }
  for (std::size_t i = 0; i < ptab_entries_.size(); ++i) {
    ops.push_back({LoadKind::kPtabWord, params_.part_slots * abi::kLoaderPtabWordsPerSlot + static_cast<std::uint32_t>(i),
                   ptab_entries_[i]});
  }
  return ops;
}

void EngineImage::load_iss(iss::EngineMemory& mem, iss::StaticPartitionMap& map) const {
  mem.restrict_residency();
  for (const auto& p : parts_) {
    const auto bytes = to_bytes(p.code);
    mem.code().write_block(p.base, bytes);
    mem.set_resident(p.base, static_cast<std::uint32_t>(bytes.size()), true);
    iss::StaticPartitionMap::Partition ip;
    ip.base = p.base;
    ip.bytes = static_cast<std::uint32_t>(bytes.size());
    ip.entries = p.entries;
    ip.resident = true;
    map.add(p.id, ip);
  }
  for (const auto& b : hidden_code_) mem.code().write_block(b.addr, b.bytes);
  for (const auto& b : rodata_) mem.rodata().write_block(b.addr, b.bytes);
  for (const auto& b : data_) mem.data().write_block(b.addr, b.bytes);
}

void EngineImage::load_shared(SharedMemory& mem) const {
  for (const auto& b : rodata_) mem.write_bytes(abi::kRodataBase + b.addr, 0, b.bytes);
  for (const auto& b : data_) mem.write_bytes(abi::kDataBase + b.addr, 0, b.bytes);
}

}  // namespace baton::env::tile
