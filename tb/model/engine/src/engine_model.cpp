// SPDX-License-Identifier: Apache-2.0
#include "baton/bytes.hpp"
#include "baton/model/engine/engine_model.hpp"
#include "baton/model/engine/tile_port.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <deque>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>

#include "baton/fw/blob_layout.h"
#include "baton/image/image.hpp"
#include "baton/image/iss.hpp"
#include "baton/iss/engine_memory.hpp"
#include "baton/iss/tile.hpp"
#include "baton/abi.hpp"
#include "baton/model/ingress/ingress_model.hpp"

namespace baton::model::engine {

namespace {

// The reference firmware's per-thread statistics (fw_stats), 0 for another firmware.
std::uint32_t stats_symbol(const std::string& manifest) {
  std::ifstream in(manifest);
  if (!in) throw std::runtime_error(fmt::format("{}: cannot open", manifest));
  const auto j = nlohmann::json::parse(in, nullptr, false);
  if (j.is_discarded()) throw std::runtime_error(fmt::format("{}: not JSON", manifest));
  for (const auto& s : j.value("data_symbols", nlohmann::json::array())) {
    if (s.value("name", "") == "fw_stats") return s.value("addr", 0U);
  }
  return 0;
}

using bytes::load_le32;

}  // namespace

class EngineModel::Impl {
 public:
  Impl(const std::string& prefix, std::vector<std::uint8_t> blob, const EngineConfig& cfg)
      : cfg_(cfg), img_(image::load(prefix + ".bin", prefix + ".json")),
        mem_(iss::Layout{}, cfg.tiles * cfg.threads, img_.page_bytes), blob_(std::move(blob)) {
    if (cfg.tiles == 0 || cfg.tiles > 64 || cfg.threads == 0 || cfg.threads > 8 || cfg.slots == 0 ||
        cfg.buckets == 0 || (cfg.buckets & (cfg.buckets - 1)) != 0)
      throw std::runtime_error("engine: tiles 1..64, threads 1..8, slots >= 1, buckets a power of two");
    // An empty blob: a firmware without the reference router's configuration (frame limits 60..1522).
    if (!blob_.empty() && (blob_.size() < FWC_HDR_OFF + FWC_HEADER_BYTES || load_le32(blob_, FWC_H_MAGIC) != FWC_MAGIC ||
                           load_le32(blob_, FWC_H_BYTES) != blob_.size() || blob_.size() > FWC_MAX_BYTES))
      throw std::runtime_error("engine: not a configuration blob of baton-fwconfig");
    if (img_.data.size() > FWC_DATA_OFFSET)
      throw std::runtime_error(fmt::format("engine: firmware data ({} bytes) overlaps the config blob at 0x{:08x}",
                                           img_.data.size(), FWC_BASE));
    stats_addr_ = stats_symbol(prefix + ".json");
    image::load_into(img_, mem_);
    model::ingress::IngressConfig ic;
    if (!blob_.empty()) {
      mem_.data().write_block(FWC_DATA_OFFSET, blob_);
      ic.min_frame = load_le32(blob_, FWC_H_MIN_FRAME);
      ic.max_frame = load_le32(blob_, FWC_H_MAX_FRAME);
    }
    ic.num_buckets = cfg.buckets;
    ic.init_part = img_.initial_partition;
    ic.stack_bytes = img_.stack_bytes;
    if (cfg.flow.enabled) {  // the event class table is the ingress's
      ic.classes = cfg.flow.classes;
      ic.channels = cfg.flow.channels;
      ic.flow_keys = true;
    }
    ingress_cfg_ = ic;
    if (cfg.imem_pages != 0) {
      PagerGeometry g;
      g.tiles = cfg.tiles;
      g.page_slots = cfg.imem_pages;
      g.part_slots = cfg.part_slots;
      g.page_bytes = img_.page_bytes;
      pager_.emplace(g, pager_parts(img_, cfg.tiles, cfg.part_slots), img_.initial_partition);
    }
    if (cfg.flow.enabled) {
      flow_.emplace(cfg.flow, mem_, cfg.tiles * cfg.threads);
      mem_.set_lookup(&*flow_);
    }
    for (unsigned t = 0; t < cfg.tiles; ++t) {
      iss::TileConfig tc;
      tc.threads = cfg.threads;
      tc.tile_id = static_cast<std::uint8_t>(t);
      tc.watchdog = cfg.watchdog;
      tc.layout.flow_state = cfg.flow.enabled;
      tc.layout.lookup_scratch_bytes = cfg.flow.scratch_bytes;
      ports_.push_back(std::make_unique<TilePort>(mem_, t * cfg.threads));
      maps_.push_back(std::make_unique<image::ImagePartitionMap>(img_));
      tiles_.push_back(std::make_unique<iss::Tile>(tc, *ports_.back(), maps_.back().get()));
      running_.emplace_back(cfg.threads, -1);
      running_part_.emplace_back(cfg.threads, 0);
    }
  }

  std::vector<Completion> run(const std::vector<InPacket>& pkts, EngineCounters& c);
  [[nodiscard]] const std::vector<PagingEvent>& events() const { return events_; }
  [[nodiscard]] const FlowUnit* flow() const { return flow_ ? &*flow_ : nullptr; }

 private:
  struct Slot {
    std::size_t index = 0;
    std::uint32_t bucket = 0;
    std::uint16_t seq = 0;
    std::uint64_t instructions = 0;
    unsigned deliveries = 0;
    bool ordered = true;  // released in bucket order (packets); events without a packet are not
    std::uint8_t event_type = 0;
    std::uint64_t arrival = 0;
  };

  // Applies residency changes to the tiles' partition maps (delivery) and ports (fetch).
  void apply(const std::vector<PagingEvent>& ev) {
    for (const auto& e : ev) {
      const image::Partition* p = img_.find(e.part);
      ports_.at(e.tile)->set_resident(p->base, p->num_pages * img_.page_bytes, e.resident());
      maps_.at(e.tile)->set_resident(e.part, e.resident());
      events_.push_back(e);
    }
  }

  // Before traffic: every tile empty but for the preloaded partitions.
  void start_residency() {
    events_.clear();
    if (!pager_) return;
    for (unsigned t = 0; t < cfg_.tiles; ++t) {
      for (const auto& p : img_.partitions) {
        ports_[t]->set_resident(p.base, p.num_pages * img_.page_bytes, false);
        maps_[t]->set_resident(p.id, false);
      }
    }
    apply(pager_->reset(cfg_.preload));
  }

  // One pager cycle: it sees which queues hold contexts and what each tile's threads run.
  void page(std::uint64_t now) {
    if (!pager_) return;
    const auto waiting = [this](std::uint8_t part) {
      const auto it = queues_.find(part);
      return it != queues_.end() && !it->second.empty();
    };
    const auto in_use = [this](unsigned tile, std::uint8_t part) {
      for (unsigned th = 0; th < cfg_.threads; ++th)
        if (running_[tile][th] >= 0 && running_part_[tile][th] == part) return true;
      return false;
    };
    apply(pager_->cycle(now, waiting, in_use));
  }

  // Whether a context of `part` may go to `tile` now; with a pager, a partition that can never be
  // loaded (not in the image, or a replica without placement) is dropped by the caller.
  [[nodiscard]] bool deliverable(unsigned tile, std::uint8_t part) const {
    return !pager_ || !pager_->loadable(part) || pager_->resident(tile, part);
  }

  void schedule(std::vector<Completion>& out);

  void complete(Completion done, std::uint16_t seq, std::vector<Completion>& out) {
    auto& b = buckets_[done.bucket];
    b.ready.emplace(seq, std::move(done));
    for (auto it = b.ready.find(b.next); it != b.ready.end(); it = b.ready.find(b.next)) {
      out.push_back(std::move(it->second));
      b.ready.erase(it);
      ++b.next;
    }
  }

  void finish(std::uint16_t handle, OutKind kind, std::uint8_t arg, std::uint16_t len, std::vector<Completion>& out) {
    Slot& s = slots_.at(handle);
    Completion d;
    d.index = s.index;
    d.kind = kind;
    d.bucket = s.bucket;
    d.instructions = s.instructions;
    d.deliveries = s.deliveries;
    d.cycle = now_;
    d.arrival = s.arrival;
    d.event_type = s.event_type;
    if (kind == OutKind::kSend) {
      d.port = arg;
      d.frame = mem_.packet(handle).read_block(0, len);
    } else if (kind == OutKind::kToHost) {
      d.port = s.index == kNoPacket ? 0 : in_port_.at(s.index);
      d.frame = mem_.packet(handle).read_block(0, len);
    } else if (kind == OutKind::kDrop) {
      d.reason = arg;
    }
    const std::uint16_t seq = s.seq;
    const bool ordered = s.ordered;
    slots_.erase(handle);
    free_.push_back(handle);
    if (ordered) {
      complete(std::move(d), seq, out);
    } else {
      out.push_back(std::move(d));
    }
  }

  EngineConfig cfg_;
  image::Image img_;
  iss::EngineMemory mem_;
  std::vector<std::uint8_t> blob_;
  std::uint32_t stats_addr_ = 0;
  std::uint64_t now_ = 0;  // current engine cycle
  model::ingress::IngressConfig ingress_cfg_;
  std::vector<std::unique_ptr<TilePort>> ports_;
  std::vector<std::unique_ptr<image::ImagePartitionMap>> maps_;  // per tile: its resident partitions
  std::vector<std::unique_ptr<iss::Tile>> tiles_;
  std::vector<std::vector<int>> running_;  // handle per (tile, thread), -1 idle
  std::vector<std::vector<std::uint8_t>> running_part_;  // partition of the delivered context
  std::optional<Pager> pager_;  // imem_pages != 0
  std::optional<FlowUnit> flow_;  // cfg.flow.enabled
  std::vector<PagingEvent> events_;
  std::map<std::uint16_t, Slot> slots_;
  std::vector<std::uint16_t> free_;
  struct Bucket {
    std::uint16_t next = 0;  // next sequence number to release
    std::map<std::uint16_t, Completion> ready;
  };
  std::map<std::uint32_t, Bucket> buckets_;
  std::map<std::uint8_t, std::deque<Ctx>> queues_;
  std::vector<std::uint8_t> in_port_;
};

// Hands queued contexts to idle threads of tiles where their partition is resident; contexts of
// an absent partition stay queued (no thread is held) until the pager has loaded it.
void EngineModel::Impl::schedule(std::vector<Completion>& out) {
  const auto no_partition = static_cast<std::uint8_t>(abi::DropReason::kNoPartition);
  if (pager_) {
    // As the CM's PCFG.absent: a partition the pager can never load drops its contexts.
    for (auto& [part, q] : queues_) {
      if (pager_->loadable(part)) continue;
      for (; !q.empty(); q.pop_front()) finish(q.front().pkt_handle, OutKind::kDrop, no_partition, q.front().pkt_len, out);
    }
  }
  for (unsigned t = 0; t < cfg_.tiles; ++t) {
    for (auto& [part, q] : queues_) {
      if (!deliverable(t, part)) continue;
      while (!q.empty()) {
        const auto th = tiles_[t]->free_thread();
        if (!th) break;
        const Ctx ctx = q.front();
        q.pop_front();
        const auto st = tiles_[t]->deliver(*th, ctx);
        if (st == iss::DeliverStatus::kMissing) {
          finish(ctx.pkt_handle, OutKind::kDrop, no_partition, ctx.pkt_len, out);
          continue;
        }
        if (st != iss::DeliverStatus::kOk) throw std::runtime_error("engine: delivery refused");
        running_[t][*th] = ctx.pkt_handle;
        running_part_[t][*th] = ctx.target_part;
        if (flow_) flow_->delivered(t * cfg_.threads + *th, ctx);
        if (pager_) pager_->touch(t, ctx.target_part, now_);
        ++slots_.at(ctx.pkt_handle).deliveries;
      }
    }
  }
}

std::vector<Completion> EngineModel::Impl::run(const std::vector<InPacket>& pkts, EngineCounters& c) {
  std::vector<Completion> out;
  in_port_.clear();
  for (const auto& p : pkts) in_port_.push_back(p.port);
  free_.clear();
  for (unsigned h = 0; h < cfg_.slots; ++h) free_.push_back(static_cast<std::uint16_t>(cfg_.slots - 1 - h));
  if (stats_addr_ != 0) mem_.data().write_block(stats_addr_ - abi::kDataBase, std::vector<std::uint8_t>(64 * 8 * 32, 0));
  model::ingress::IngressModel ingress(ingress_cfg_);  // sequence numbers start at 0 per run
  buckets_.clear();
  start_residency();
  std::size_t next = 0;
  std::uint64_t idle = 0;
  std::uint32_t cycle = 0;
  const auto flow_busy = [this] { return flow_ && (!flow_->idle() || flow_->next_deadline()); };
  while (next < pkts.size() || !slots_.empty() || flow_busy()) {
    // Nothing in flight: skip to the next arrival or timer deadline.
    if (slots_.empty() && (!flow_ || flow_->idle())) {
      std::uint64_t to = next < pkts.size() ? pkts[next].not_before : UINT64_MAX;
      if (flow_ && flow_->next_deadline()) to = std::min(to, *flow_->next_deadline());
      if (to != UINT64_MAX && to > cycle) {
        c.cycles += to - cycle;
        cycle = static_cast<std::uint32_t>(to);
      }
    }
    // Ingress: one frame per cycle while a slot is free. With flow state, as the RTL ingress does,
    // the last free slot is kept for events without a packet: a timeout or generated event that
    // heads its flow's chain needs one, and the packets chained behind it may hold all the others.
    const std::size_t reserved = flow_ ? 1 : 0;
    if (next < pkts.size() && free_.size() > reserved && pkts[next].not_before <= cycle) {
      const InPacket& p = pkts[next];
      const std::uint16_t h = free_.back();
      const auto o = ingress.process(p.frame, p.port & 15U, p.tuser, h, cycle);
      ++c.rx;
      ++c.port_rx.at(p.port & 15U);
      if (o.drop) {
        Completion d;
        d.index = next;
        d.kind = OutKind::kDrop;
        d.reason = *o.drop;
        d.bucket = 0xffffffffU;  // never dispatched: no bucket order
        d.cycle = cycle;
        d.arrival = cycle;
        out.push_back(std::move(d));
      } else {
        free_.pop_back();
        slots_[h] = Slot{next, o.ctx.flow, o.ctx.seq, 0, 0, true, o.ctx.event_type, cycle};
        std::vector<std::uint8_t> bytes(2048, 0);
        std::copy(p.frame.begin(), p.frame.end(), bytes.begin());
        mem_.packet(h).write_block(0, bytes);
        if (!flow_) {
          queues_[o.ctx.target_part].push_back(o.ctx);
        } else if (const auto now = flow_->admit(o.ctx, p.frame, o.info.word, p.port & 15U, o.event_class)) {
          queues_[now->target_part].push_back(*now);
        }
      }
      ++next;
    }
    now_ = cycle;
    if (flow_) {
      flow_->tick(cycle);
      for (const auto& ctx : flow_->take_ready()) queues_[ctx.target_part].push_back(ctx);
      // Timeout and generated events take a packet-buffer slot of length 0 (docs/flow-state.md).
      while (flow_->packetless_waiting() && !free_.empty()) {
        const std::uint16_t h = free_.back();
        free_.pop_back();
        mem_.packet(h).write_block(0, std::vector<std::uint8_t>(2048, 0));
        const Ctx ctx = flow_->start_packetless(h, cycle, img_.stack_bytes);
        slots_[h] = Slot{kNoPacket, 0, 0, 0, 0, false, ctx.event_type, cycle};
        queues_[ctx.target_part].push_back(ctx);
      }
    }
    page(now_);
    schedule(out);
    // Tiles: one instruction each.
    bool progress = false;
    for (unsigned t = 0; t < cfg_.tiles; ++t) {
      const auto rec = tiles_[t]->cycle();
      if (!rec) continue;
      progress = true;
      ++c.instructions;
      const int h = running_[t][rec->thread];
      Slot& s = slots_.at(static_cast<std::uint16_t>(h));
      ++s.instructions;
      if (!rec->op) continue;
      running_[t][rec->thread] = -1;
      const auto& op = *rec->op;
      if (flow_) flow_->let_go(t * cfg_.threads + rec->thread, op.op != ThreadOp::kMigrate, now_);
      switch (op.op) {
        case ThreadOp::kMigrate: queues_[op.ctx.target_part].push_back(op.ctx); break;
        case ThreadOp::kSend: finish(op.ctx.pkt_handle, OutKind::kSend, op.arg, op.ctx.pkt_len, out); break;
        case ThreadOp::kToHost: finish(op.ctx.pkt_handle, OutKind::kToHost, 0, op.ctx.pkt_len, out); break;
        case ThreadOp::kDrop: finish(op.ctx.pkt_handle, OutKind::kDrop, op.arg, op.ctx.pkt_len, out); break;
        case ThreadOp::kDone: finish(op.ctx.pkt_handle, OutKind::kDone, 0, op.ctx.pkt_len, out); break;
      }
    }
    ++cycle;
    ++c.cycles;
    idle = progress ? 0 : idle + 1;
    if (idle > cfg_.max_idle_cycles) {
      std::string queued;
      for (const auto& [part, q] : queues_) {
        if (!q.empty()) queued += fmt::format(" partition {}: {}", part, q.size());
      }
      throw std::runtime_error(fmt::format("engine: no progress (scheduler stuck) at cycle {}: {} slots in use, "
                                           "queued{}, flow state {}", cycle, slots_.size(), queued.empty() ? " none" : queued,
                                           flow_ && !flow_->idle() ? "busy" : "idle"));
    }
  }
  // Counters.
  std::uint64_t sends = 0;
  for (const auto& d : out) {
    switch (d.kind) {
      case OutKind::kSend: ++sends; ++c.port_tx.at(d.port & 15U); break;
      case OutKind::kToHost: ++c.to_host; break;
      case OutKind::kDrop: ++c.dropped; ++c.drop.at(d.reason); break;
      case OutKind::kDone: ++c.done; break;
    }
  }
  c.reply = {};
  c.acct_late = 0;
  for (unsigned row = 0; stats_addr_ != 0 && row < 64 * 8; ++row) {
    for (unsigned k = 0; k < 6; ++k) {
      const std::uint64_t v = mem_.data().read(stats_addr_ - abi::kDataBase + row * 32 + k * 4, 4);
      (k < 5 ? c.reply[k] : c.acct_late) += v;
    }
  }
  c.replies = 0;
  for (auto v : c.reply) c.replies += v;
  c.forwarded = sends - c.replies;
  if (pager_) c.paging = pager_->counters();
  if (flow_) c.flow = flow_->counters();
  return out;
}

EngineModel::EngineModel(const std::string& prefix, std::vector<std::uint8_t> blob, EngineConfig cfg)
    : impl_(std::make_unique<Impl>(prefix, std::move(blob), cfg)) {}
EngineModel::~EngineModel() = default;

const std::vector<PagingEvent>& EngineModel::paging_events() const { return impl_->events(); }
const FlowUnit* EngineModel::flow_state() const { return impl_->flow(); }

std::vector<Completion> EngineModel::run(const std::vector<InPacket>& packets) {
  counters_ = {};
  return impl_->run(packets, counters_);
}

}  // namespace baton::model::engine
