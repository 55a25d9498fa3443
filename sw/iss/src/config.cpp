// SPDX-License-Identifier: Apache-2.0
#include "baton/iss/config.hpp"

#include <stdexcept>
#include <string_view>

#include <fmt/format.h>

namespace baton::iss {

std::uint32_t Layout::size_of(Region r) const {
  switch (r) {
    case Region::kCode: return mode == Mode::kBare ? imem_bytes : code_bytes;
    case Region::kContext: return kContextBytes;
    case Region::kScratch: return scratch_bytes;
    case Region::kWorkspace: return workspace_bytes;
    case Region::kPacket: return packet_bytes;
    case Region::kStack: return stack_bytes;
    case Region::kRodata: return rodata_bytes;
    case Region::kData: return data_bytes;
    case Region::kDmem: return dmem_bytes;
    case Region::kLookup: return abi::kLookupBytes;
  }
  return 0;
}

std::uint32_t Layout::base_of(Region r, Mode mode) {
  switch (r) {
    case Region::kCode: return kCodeBase;
    case Region::kContext: return kContextBase;
    case Region::kScratch: return kScratchBase;
    case Region::kWorkspace: return kWorkspaceBase;
    case Region::kPacket: return kPacketBase;
    case Region::kStack: return kStackBase;
    case Region::kRodata: return kRodataBase;
    case Region::kData: return kDataBase;
    case Region::kDmem: return mode == Mode::kBare ? kDmemBase : 0;
    case Region::kLookup: return mode == Mode::kBare ? 0 : kLookupBase;
  }
  return 0;
}

std::optional<Window> translate(const Layout& l, AccessKind kind, std::uint32_t addr) {
  const std::uint32_t offset = addr & kOffsetMask;
  const std::uint32_t sel = addr >> kWindowShift;
  std::optional<Region> region;
  bool fetch_ok = false;
  bool store_ok = true;
  if (l.mode == Mode::kBare) {
    if (sel == abi::kBareImemSelect) {
      region = Region::kCode;
      fetch_ok = true;
    } else if (sel == abi::kBareDmemSelect) {
      region = Region::kDmem;
    }
    if (region == Region::kCode && kind != AccessKind::kFetch) return std::nullopt;
  } else {
    switch (sel) {
      case abi::kCodeSelect: region = Region::kCode; fetch_ok = true; break;
      case abi::kCtxSelect: region = Region::kContext; break;
      case abi::kScratchSelect: region = Region::kScratch; break;
      case abi::kWorkspaceSelect: region = Region::kWorkspace; break;
      case abi::kPktSelect: region = Region::kPacket; break;
      case abi::kStackSelect: region = Region::kStack; break;
      case abi::kRodataSelect: region = Region::kRodata; store_ok = false; break;
      case abi::kDataSelect: region = Region::kData; break;
      case abi::kLookupSelect:
        if (l.flow_state) region = Region::kLookup;
        break;
      default: break;
    }
    if (region == Region::kCode && kind != AccessKind::kFetch) return std::nullopt;
  }
  if (!region) return std::nullopt;
  if (kind == AccessKind::kFetch && !fetch_ok) return std::nullopt;
  if (kind == AccessKind::kStore && !store_ok) return std::nullopt;
  if (offset >= l.size_of(*region)) return std::nullopt;
  return Window{*region, offset};
}

bool lookup_access_ok(const Layout& l, AccessKind kind, std::uint32_t offset, unsigned size) {
  namespace fs = abi::flow_state;
  if (size != 4 || kind == AccessKind::kFetch) return false;
  if (offset >= fs::kScratchOffset) return offset - fs::kScratchOffset < l.lookup_scratch_bytes;
  for (const auto& r : fs::kRegs) {
    if (static_cast<std::uint32_t>(r.reg) == offset) return kind == AccessKind::kLoad ? r.load : r.store;
  }
  return false;
}

void TileConfig::validate() const {
  auto fail = [](std::string_view what) { throw std::invalid_argument(std::string(what)); };
  if (threads < 1 || threads > 8) fail(fmt::format("threads must be 1..8, got {}", threads));
  if (tile_id >= 64) fail(fmt::format("tile_id must be < 64, got {}", tile_id));
  if (num_ports < 1 || num_ports > 16) fail(fmt::format("num_ports must be 1..16, got {}", num_ports));
  auto check = [&](std::string_view name, std::uint32_t v, std::uint32_t max) {
    if (v == 0 || v % 4 != 0 || v > max) {
      fail(fmt::format("{} must be a non-zero multiple of 4 no larger than {:#x}, got {:#x}", name, max, v));
    }
  };
  const std::uint32_t win = 1U << kWindowShift;
  check("code_bytes", layout.code_bytes, win);
  check("scratch_bytes", layout.scratch_bytes, win);
  check("workspace_bytes", layout.workspace_bytes, win);
  check("packet_bytes", layout.packet_bytes, 65536);
  check("stack_bytes", layout.stack_bytes, win);
  check("rodata_bytes", layout.rodata_bytes, win);
  check("data_bytes", layout.data_bytes, win);
  check("imem_bytes", layout.imem_bytes, win);
  check("dmem_bytes", layout.dmem_bytes, win);
  check("lookup_scratch_bytes", layout.lookup_scratch_bytes, abi::kLookupBytes - abi::flow_state::kScratchOffset);
  if (layout.flow_state && layout.workspace_bytes < abi::flow_state::kStateBytes)
    fail(fmt::format("workspace_bytes must hold the flow state ({} bytes) when flow_state is on, got {}",
                     abi::flow_state::kStateBytes, layout.workspace_bytes));
}

}  // namespace baton::iss
