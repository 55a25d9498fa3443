// SPDX-License-Identifier: Apache-2.0
#include "baton/env/tile/scenario.hpp"
#include "baton/abi.hpp"

#include <algorithm>

namespace baton::env::tile {

namespace {
std::vector<std::uint8_t> random_bytes(tb::Rng& rng, std::size_t n) {
  std::vector<std::uint8_t> b(n);
  for (auto& x : b) x = static_cast<std::uint8_t>(rng.bits(8));
  return b;
}
}  // namespace

void Scenario::install(SharedMemory& rtl, iss::EngineMemory& iss) const {
  for (const auto& b : blobs) {
    rtl.write_bytes(b.addr, b.handle, b.bytes);
    const std::uint32_t off = b.addr & 0x0fffffffU;
    switch (b.addr >> 28) {
      case 0x4: iss.packet(b.handle).write_block(off, b.bytes); break;
      case 0x5: iss.stack(b.handle).write_block(off, b.bytes); break;
      default: iss.data().write_block(off, b.bytes); break;
    }
  }
}

Scenario make_scenario(tb::Rng& rng, const TileParams& p, const ScenarioOptions& o) {
  Scenario s(p);
  struct Entry {
    std::uint8_t part;
    std::uint16_t index;
    std::uint32_t offset_words;
  };
  std::vector<Entry> entries;
  std::uint32_t next_page = 1;  // page 0 stays empty: a jump to 0 faults
  const unsigned nparts = std::min(o.partitions, p.part_slots);
  unsigned pages_left = p.imem_pages();
  for (unsigned k = 0; k < nparts; ++k) {
    Partition part;
    part.id = static_cast<std::uint8_t>(10 + 7 * k);
    part.base = next_page * p.page_bytes;
    for (unsigned e = 0; e < o.programs_per_partition; ++e) {
      const std::uint32_t pc = part.base + static_cast<std::uint32_t>(part.code.size() * 4);
      const auto prog = generate_program(rng, p, o.gen, pc);
      const std::uint32_t bytes_after = static_cast<std::uint32_t>((part.code.size() + prog.words.size()) * 4);
      if ((bytes_after + p.page_bytes - 1) / p.page_bytes > pages_left) break;
      if (entries.size() + 1 > p.ptab_words - p.part_slots * 4) break;
      entries.push_back({part.id, static_cast<std::uint16_t>(part.entries.size()),
                         static_cast<std::uint32_t>(part.code.size())});
      part.entries.push_back(pc);
      part.code.insert(part.code.end(), prog.words.begin(), prog.words.end());
      s.program_faults.push_back(prog.fault);
    }
    if (part.code.empty()) break;
    const std::uint32_t pages = (static_cast<std::uint32_t>(part.code.size() * 4) + p.page_bytes - 1) / p.page_bytes;
    pages_left -= pages;
    next_page += pages + 1;  // a gap page: never resident
    s.image.add(part);
  }

  // Rodata: random; data: one 4 KiB slice per delivery slot (args[3] selects it).
  s.image.set_rodata(0, random_bytes(rng, std::min<std::uint32_t>(p.rodata_bytes, 4096)));
  const std::uint32_t slices = std::max<std::uint32_t>(1, p.data_bytes / 4096);
  for (std::uint32_t i = 0; i < std::min<std::uint32_t>(slices, o.deliveries); ++i) {
    s.blobs.push_back({abi::kDataBase + i * 4096, 0, random_bytes(rng, std::min<std::uint32_t>(4096, p.data_bytes))});
  }

  for (unsigned d = 0; d < o.deliveries && !entries.empty(); ++d) {
    const auto& e = entries[rng.range(0, entries.size() - 1)];
    Ctx c;
    c.pkt_handle = static_cast<std::uint16_t>(0x100 + d);
    c.pkt_len = static_cast<std::uint16_t>(rng.range(0, p.packet_bytes));
    c.in_port = static_cast<std::uint8_t>(rng.bits(4));
    c.arrival = static_cast<std::uint32_t>(rng.next());
    c.seq = static_cast<std::uint16_t>(rng.bits(16));
    c.flow = static_cast<std::uint32_t>(rng.bits(20));
    c.event_type = static_cast<std::uint8_t>(rng.bits(8));
    c.target_part = e.part;
    if (rng.chance(0.5)) {
      c.entry_kind = EntryKind::kIndex;
      c.entry = e.index;
    } else {
      c.entry_kind = EntryKind::kOffset;
      c.entry = static_cast<std::uint16_t>(e.offset_words);
    }
    if (rng.chance(o.missing_p)) {
      switch (rng.range(0, 2)) {
        case 0: c.target_part = static_cast<std::uint8_t>(200 + rng.range(0, 50)); break;
        case 1: c.entry_kind = EntryKind::kIndex; c.entry = static_cast<std::uint16_t>(100 + rng.bits(10)); break;
        default: c.entry_kind = EntryKind::kOffset; c.entry = static_cast<std::uint16_t>(0x4000 + rng.bits(12)); break;
      }
    }
    c.sp = rng.chance(0.7) ? abi::kStackBase + p.stack_bytes : static_cast<std::uint32_t>(rng.next());
    for (auto& a : c.args) a = static_cast<std::uint32_t>(rng.next());
    c.args[3] = (d % slices) * 4096;
    s.contexts.push_back(c);
    s.blobs.push_back({abi::kPktBase, c.pkt_handle, random_bytes(rng, std::min<std::uint32_t>(p.packet_bytes, 2048))});
    s.blobs.push_back({abi::kStackBase, c.pkt_handle, random_bytes(rng, std::min<std::uint32_t>(p.stack_bytes, 2048))});
  }
  return s;
}

}  // namespace baton::env::tile
