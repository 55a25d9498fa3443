// SPDX-License-Identifier: Apache-2.0
#include "baton/iss/engine_memory.hpp"

#include <stdexcept>

#include <fmt/format.h>

#include "baton/iss/elf.hpp"

namespace baton::iss {

EngineMemory::EngineMemory(const Layout& layout, unsigned threads, std::uint32_t page_bytes)
    : layout_(layout), page_bytes_(page_bytes), scratch_(threads), workspace_(threads), state_dirty_(threads, 0) {
  static_assert(abi::flow_state::kStateBytes <= 32, "state_dirty holds one bit per flow-state byte");
  if (page_bytes == 0 || (page_bytes & (page_bytes - 1)) != 0) {
    throw std::invalid_argument(fmt::format("page_bytes must be a power of two, got {}", page_bytes));
  }
}

std::optional<std::uint32_t> EngineMemory::fetch(unsigned /*thread*/, std::uint32_t pc) {
  if (restricted_ && !resident_pages_.contains(pc / page_bytes_)) return std::nullopt;
  return code_.read(pc, 4);
}

SparseBytes& EngineMemory::scratch(unsigned thread) { return scratch_.at(thread); }
SparseBytes& EngineMemory::workspace(unsigned thread) { return workspace_.at(thread); }

SparseBytes& EngineMemory::backing(const MemRequest& req) {
  switch (req.region) {
    case Region::kScratch: return scratch(req.thread);
    case Region::kWorkspace: return workspace(req.thread);
    case Region::kPacket: return packets_[req.pkt_handle];
    case Region::kStack: return stacks_[req.pkt_handle];
    case Region::kRodata: return rodata_;
    case Region::kData: return data_;
    case Region::kCode: return code_;
    default: break;
  }
  throw std::logic_error(fmt::format("EngineMemory: no backing for window of address {:#010x}", req.addr));
}

LookupPort& EngineMemory::lookup_port(const MemRequest& req) {
  if (lookup_ == nullptr)
    throw std::logic_error(fmt::format("EngineMemory: lookup window access at {:#010x} without a lookup port", req.addr));
  return *lookup_;
}

std::uint32_t EngineMemory::load(const MemRequest& req) {
  if (req.region == Region::kLookup) return lookup_port(req).lookup_load(req.thread, req.offset);
  return backing(req).read(req.offset, req.size);
}

void EngineMemory::store(const MemRequest& req, std::uint32_t value) {
  if (req.region == Region::kLookup) {
    lookup_port(req).lookup_store(req.thread, req.offset, value);
    return;
  }
  if (req.region == Region::kWorkspace && req.offset < abi::flow_state::kStateBytes) {
    state_dirty_.at(req.thread) |= ((1U << req.size) - 1U) << req.offset;
  }
  backing(req).write(req.offset, req.size, value);
}

void EngineMemory::restrict_residency() { restricted_ = true; }

void EngineMemory::set_resident(std::uint32_t code_addr, std::uint32_t bytes, bool resident) {
  if (bytes == 0) return;
  for (std::uint32_t p = code_addr / page_bytes_; p <= (code_addr + bytes - 1) / page_bytes_; ++p) {
    if (resident) {
      resident_pages_.insert(p);
    } else {
      resident_pages_.erase(p);
    }
  }
}

void EngineMemory::load_image(const ElfImage& elf) {
  for (const auto& seg : elf.segments()) {
    const std::uint32_t sel = seg.vaddr >> kWindowShift;
    const std::uint32_t off = seg.vaddr & kOffsetMask;
    SparseBytes* dst = nullptr;
    std::uint32_t limit = 0;
    if (sel == (kCodeBase >> kWindowShift)) {
      dst = &code_;
      limit = layout_.code_bytes;
    } else if (sel == (kRodataBase >> kWindowShift)) {
      dst = &rodata_;
      limit = layout_.rodata_bytes;
    } else if (sel == (kDataBase >> kWindowShift)) {
      dst = &data_;
      limit = layout_.data_bytes;
    }
    if (dst == nullptr || static_cast<std::uint64_t>(off) + seg.memsz > limit) {
      throw std::runtime_error(fmt::format(
          "{}: segment at {:#010x} ({} bytes) is outside the code, rodata and data windows", elf.path(), seg.vaddr,
          seg.memsz));
    }
    if (seg.executable != (dst == &code_)) {
      throw std::runtime_error(fmt::format(
          "{}: {} segment at {:#010x} is in the {} window; code belongs in the code window and data outside it",
          elf.path(), seg.executable ? "executable" : "data", seg.vaddr, dst == &code_ ? "code" : "data"));
    }
    dst->write_block(off, seg.bytes);
    for (std::uint32_t i = static_cast<std::uint32_t>(seg.bytes.size()); i < seg.memsz; ++i) dst->write8(off + i, 0);
  }
}

}  // namespace baton::iss
