// SPDX-License-Identifier: Apache-2.0
#include "baton/iss/bare.hpp"

#include <fmt/format.h>

namespace baton::iss {

TileConfig bare_config(const BareOptions& opts) {
  TileConfig cfg;
  cfg.threads = opts.threads;
  cfg.zbb = opts.zbb;
  cfg.watchdog = 0;
  cfg.layout.mode = Mode::kBare;
  cfg.layout.imem_bytes = opts.imem_bytes;
  cfg.layout.dmem_bytes = opts.dmem_bytes;
  return cfg;
}

bool BareResult::faulted() const {
  for (const auto& r : last) {
    if (r && r->trap != Trap::kNone) return true;
  }
  return false;
}

bool BareResult::passed() const {
  if (end == End::kToHost) return tohost == 1U;
  return end == End::kAllEnded && !faulted();
}

BareMachine::BareMachine(const ElfImage& elf, const BareOptions& opts) : elf_(elf), opts_(opts) {
  const TileConfig cfg = bare_config(opts);
  cfg.validate();
  mem_ = std::make_unique<BareMemory>(cfg.layout);
  mem_->load_image(elf);
  tohost_ = elf.symbol("tohost");
  if (tohost_ && (*tohost_ & 3U) != 0) throw ElfError(fmt::format("{}: tohost is not word aligned", elf.path()));
  tile_ = std::make_unique<Tile>(cfg, *mem_);
  for (unsigned t = 0; t < opts.threads; ++t) tile_->start_bare(t, elf.entry());
}

BareResult BareMachine::run(const std::function<void(const RetireRecord&)>& on_retire) {
  BareResult res;
  res.last.resize(opts_.threads);
  while (tile_->any_running()) {
    if (tile_->retired() >= opts_.max_insns) {
      res.end = BareResult::End::kLimit;
      break;
    }
    const auto rec = tile_->cycle();
    if (!rec) continue;
    if (on_retire) on_retire(*rec);
    if (rec->ends_packet()) res.last[rec->thread] = *rec;
    if (tohost_ && rec->mem_wmask != 0 && rec->mem_addr == *tohost_) {
      res.end = BareResult::End::kToHost;
      res.tohost = mem_->read_word(*tohost_);
      break;
    }
  }
  if (!tile_->any_running() && res.end != BareResult::End::kToHost) res.end = BareResult::End::kAllEnded;
  res.instructions = tile_->retired();
  res.cycles = tile_->cycles();
  return res;
}

std::vector<std::uint32_t> BareMachine::signature() const {
  const std::uint32_t begin = elf_.require_symbol("begin_signature");
  const std::uint32_t end = elf_.require_symbol("end_signature");
  if (end < begin || ((begin | end) & 3U) != 0) {
    throw ElfError(fmt::format("{}: bad signature range [{:#x}, {:#x})", elf_.path(), begin, end));
  }
  std::vector<std::uint32_t> words;
  for (std::uint32_t a = begin; a < end; a += 4) words.push_back(mem_->read_word(a));
  return words;
}

}  // namespace baton::iss
