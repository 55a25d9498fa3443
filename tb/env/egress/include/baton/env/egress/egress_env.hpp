// SPDX-License-Identifier: Apache-2.0
// Environment of baton_egress: a C++ packet buffer and allocator, the order-append and completion
// drivers, one sink per output with its own backpressure, and the reference model
// (tb/model/egress). Every output frame is compared byte for byte and per ordering bucket with
// the model; counters are read over the register bus; every slot must be freed exactly once.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include <fmt/format.h>

#include "baton/records.hpp"
#include "baton_egress_regs.h"
#include "baton/tb/pattern.hpp"
#include "baton/tb/sim.hpp"
#include "baton/model/egress/egress_model.hpp"

namespace baton::env::egress {

using baton::ThreadOp;
using baton::model::egress::EgressModel;
using namespace baton::tb;

// Bit access to a Verilated port: integral types up to 64 bits or VlWide (32-bit words).
template <typename P>
std::uint64_t get_bits(const P& port, unsigned lsb, unsigned width) {
  if constexpr (std::is_integral_v<P>) {
    const auto v = static_cast<std::uint64_t>(port) >> lsb;
    return width >= 64 ? v : v & ((std::uint64_t{1} << width) - 1);
  } else {
    std::uint64_t v = 0;
    for (unsigned i = 0; i < width; ++i) {
      const unsigned b = lsb + i;
      v |= static_cast<std::uint64_t>((port[b / 32] >> (b % 32)) & 1U) << i;
    }
    return v;
  }
}

template <typename P>
void set_bits(P& port, unsigned lsb, unsigned width, std::uint64_t value) {
  if constexpr (std::is_integral_v<P>) {
    const std::uint64_t mask = (width >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << width) - 1) << lsb;
    port = static_cast<P>((static_cast<std::uint64_t>(port) & ~mask) | ((value << lsb) & mask));
  } else {
    for (unsigned i = 0; i < width; ++i) {
      const unsigned b = lsb + i;
      const auto bit = static_cast<std::uint32_t>((value >> i) & 1U);
      port[b / 32] = (port[b / 32] & ~(1U << (b % 32))) | (bit << (b % 32));
    }
  }
}

struct Shape {
  unsigned ports;
  unsigned lanes;
  unsigned slots;
  unsigned buckets;  // the design's NumBuckets
  [[nodiscard]] unsigned handle_w() const {  // baton_util_pkg::idx_w(slots)
    unsigned w = 0;
    while ((1u << w) < slots) ++w;
    return w == 0 ? 1 : w;
  }
};

struct Scenario {
  unsigned packets = 400;
  unsigned buckets_used = 8;         // ordering buckets the traffic spreads over
  unsigned max_delay = 60;           // completion delay after the append, cycles
  bool worst_case = false;           // a bucket's first waiting packet completes last
  unsigned worst_delay = 600;
  double gen_rate = 0.5;             // chance per cycle to create a packet when a slot is free
  double append_rate = 0.8, cpl_rate = 0.8;
  double sink_ready = 0.7;           // per-output ready probability (always ready when 1)
  double read_grant = 1.0;           // per-output chance the packet buffer grants a read (bank busy)
  double p_send = 0.55, p_host = 0.15, p_drop = 0.15;  // DONE otherwise
  double p_bad_port = 0.02, p_zero_len = 0.01, p_rewrite = 0.5;
  unsigned max_len = 2048;
  bool long_frames = false;          // lengths up to max_len uniformly (else mostly short)
  std::uint64_t max_cycles = 2'000'000;
};

struct Result {
  std::vector<std::string> errors;   // mismatches against the model (collected, not fatal)
  std::uint64_t cycles = 0;
  std::uint64_t beats = 0;           // beats transferred on all outputs
  unsigned peak_reads = 0;           // most packet-buffer reads in one cycle
  std::uint64_t held = 0;
  std::uint64_t lat_min = 0, lat_max = 0;  // completion transfer -> first beat out, in cycles
  bool finished = false;
};

// Register addresses from the header generated from rtl/egress/baton_egress_regs.rdl.
namespace reg {
constexpr std::uint16_t at(std::size_t offset) { return static_cast<std::uint16_t>(offset); }
inline constexpr std::uint16_t kInfo = at(offsetof(baton_egress_regs_t, INFO));
inline constexpr std::uint16_t kClear = at(offsetof(baton_egress_regs_t, CLEAR));
inline constexpr std::uint16_t kCntSel = at(offsetof(baton_egress_regs_t, CNT_SEL));
inline constexpr std::uint16_t kCntLo = at(offsetof(baton_egress_regs_t, CNT_LO));
inline constexpr std::uint16_t kHeldLo = at(offsetof(baton_egress_regs_t, HELD_LO));
inline constexpr std::uint16_t kLive = at(offsetof(baton_egress_regs_t, LIVE));
}  // namespace reg

template <typename Model>
class EgressEnv {
 public:
  EgressEnv(Shape shape, Scenario sc)
      : shape_(shape), sc_(sc), beat_w_(log2(2048 / shape.lanes)),
        model_({shape.ports, 2048}), slots_(shape.slots, std::vector<std::uint8_t>(2048)),
        slot_pkt_(shape.slots, -1), sinks_(shape.ports + 1), readers_(shape.ports + 1) {
    for (unsigned h = 0; h < shape.slots; ++h) pool_.push_back(static_cast<std::uint16_t>(h));
    rng_ = sim_.rng().fork(7);
    for (unsigned o = 0; o <= shape.ports; ++o) {
      sinks_[o].ready = sc.sink_ready >= 1.0 ? pattern::always()
                                             : pattern::random(sim_.rng().fork(100 + o), sc.sink_ready);
    }
    sim_.on_sample([this] { sample(); });
    sim_.on_drive([this] { drive(); });
  }

  Sim<Model>& sim() { return sim_; }
  EgressModel& model() { return model_; }

  Result run() {
    auto& d = sim_.dut();
    d.app_valid_i = 0;
    d.cpl_valid_i = 0;
    d.reg_req_i = 0;
    sim_.reset();
    Result r;
    const bool ok = sim_.run(sc_.max_cycles, [this] { return done(); });
    r.finished = ok;
    if (ok) sim_.advance(20);
    if (!ok && getenv("EGRESS_DEBUG")) {
      fmt::print("LIVE {}\n", reg_read(reg::kLive));
      for (unsigned h = 0; h < shape_.slots; ++h)
        if (slot_pkt_[h] >= 0) {
          const Pkt& p = pkts_[static_cast<std::size_t>(slot_pkt_[h])];
          fmt::print("slot {} pkt {} bucket {} seq {} op {} arg {} len {} ctxlen {} completed {}\n", h, p.id, p.bucket, p.seq,
                     static_cast<int>(p.op), p.arg, p.len, p.ctx_len, p.completed);
        }
    }
    r.cycles = sim_.cycle();
    r.beats = beats_;
    r.peak_reads = peak_reads_;
    errors_.insert(errors_.end(), proto_errors_.begin(), proto_errors_.end());
    if (ok) check_against_model();
    r.errors = errors_;
    r.held = reg_read64(reg::kHeldLo);
    r.lat_min = lat_min_;
    r.lat_max = lat_max_;
    return r;
  }

  std::string repro() const {
    return fmt::format("seed {} (rerun with BATON_SEED={} or --seed {})", sim_.seed(), sim_.seed(), sim_.seed());
  }

  // Register bus, used when the traffic is over.
  std::uint32_t reg_read(std::uint16_t addr) {
    auto& d = sim_.dut();
    d.reg_req_i = 1;
    d.reg_we_i = 0;
    d.reg_addr_i = addr;
    d.reg_wstrb_i = 0;
    d.eval();
    const std::uint32_t v = d.reg_rdata_o;
    sim_.step();
    d.reg_req_i = 0;
    return v;
  }
  bool reg_error(std::uint16_t addr, bool write) {
    auto& d = sim_.dut();
    d.reg_req_i = 1;
    d.reg_we_i = write;
    d.reg_addr_i = addr;
    d.reg_wstrb_i = 0xf;
    d.reg_wdata_i = 0;
    d.eval();
    const bool e = d.reg_error_o != 0;
    sim_.step();
    d.reg_req_i = 0;
    d.reg_we_i = 0;
    return e;
  }
  void reg_write(std::uint16_t addr, std::uint32_t v) {
    auto& d = sim_.dut();
    d.reg_req_i = 1;
    d.reg_we_i = 1;
    d.reg_addr_i = addr;
    d.reg_wdata_i = v;
    d.reg_wstrb_i = 0xf;
    sim_.step();
    d.reg_req_i = 0;
    d.reg_we_i = 0;
  }
  std::uint64_t reg_read64(std::uint16_t lo) {
    const std::uint64_t l = reg_read(lo);
    return l | (std::uint64_t{reg_read(static_cast<std::uint16_t>(lo + 4))} << 32);
  }
  std::uint64_t counter(unsigned index) {
    reg_write(reg::kCntSel, index);
    for (int i = 0; i < 4; ++i) sim_.step();
    const std::uint32_t sel = reg_read(reg::kCntSel);
    if ((sel & BATON_EGRESS_REGS__CNT_SEL__VALID_bm) == 0 || (sel & BATON_EGRESS_REGS__CNT_SEL__INDEX_bm) != index) {
      errors_.push_back(fmt::format("counter {:#x}: snapshot not valid (CNT_SEL reads {:#x})", index, sel));
    }
    return reg_read64(reg::kCntLo);
  }

 private:
  struct Pkt {
    std::uint64_t id;
    std::uint16_t handle;
    std::uint32_t bucket;
    std::uint16_t seq;
    unsigned len;
    std::uint8_t in_port;
    ThreadOp op;
    std::uint8_t arg;
    unsigned ctx_len;
    bool completed = false;
    std::uint64_t cpl_cycle = 0;
  };
  struct Sink {
    Pattern ready;
    bool ready_now = false;
    std::vector<std::uint8_t> cur;
    std::optional<unsigned> user;
    std::vector<std::pair<std::vector<std::uint8_t>, unsigned>> frames;
    std::vector<std::uint64_t> first_beat;  // cycle of each frame's first beat
    bool in_frame = false;
  };

  static unsigned log2(unsigned v) {
    unsigned r = 0;
    while ((1U << r) < v) ++r;
    return r;
  }

  bool done() const {
    if (getenv("EGRESS_DEBUG") && sim_.cycle() % 100000 == 0)
      fmt::print("cycle {} gen {} pool {} appq {} cpl {} appv {} cplv {} idle {} frees {} waiting {}\n", sim_.cycle(), generated_, pool_.size(),
                 app_q_.size(), cpl_sched_.size(), app_valid_, cpl_valid_, idle_outputs_, frees_, model_.waiting());
    return generated_ == sc_.packets && pool_.size() == shape_.slots && app_q_.empty() &&
           cpl_sched_.empty() && !app_valid_ && !cpl_valid_ && idle_outputs_ > 50;
  }

  // ---- stimulus ----
  std::vector<std::uint8_t> frame_content(std::uint64_t id, unsigned len) {
    std::vector<std::uint8_t> b(len);
    for (auto& x : b) x = static_cast<std::uint8_t>(rng_.bits(8));
    if (len >= 4) {
      for (unsigned i = 0; i < 4; ++i) b[i] = static_cast<std::uint8_t>(id >> (8 * i));
    } else {
      // Short frames are unique by a per-length counter so that output frames map to packets.
      const unsigned n = short_count_[len]++;
      for (unsigned i = 0; i < len; ++i) b[i] = static_cast<std::uint8_t>(n >> (8 * i));
    }
    return b;
  }

  unsigned pick_len() {
    unsigned len;
    if (sc_.long_frames) {
      len = static_cast<unsigned>(rng_.range(1, sc_.max_len));
    } else {
      switch (rng_.range(0, 9)) {
        case 0: len = static_cast<unsigned>(rng_.range(1, 16)); break;
        case 1: len = sc_.max_len; break;
        case 2: len = static_cast<unsigned>(rng_.range(17, sc_.max_len)); break;
        default: len = static_cast<unsigned>(rng_.range(17, std::min(200U, sc_.max_len)));
      }
    }
    if (len < 4 && short_count_[len] >= (1U << (8 * len)) - 1) len = 4;
    return len;
  }

  void generate() {
    if (generated_ >= sc_.packets || pool_.empty() || !rng_.chance(sc_.gen_rate)) return;
    const std::size_t pick = rng_.range(0, pool_.size() - 1);
    const std::uint16_t h = pool_[pick];
    pool_.erase(pool_.begin() + static_cast<std::ptrdiff_t>(pick));
    Pkt p{};
    p.id = generated_++;
    p.handle = h;
    p.bucket = static_cast<std::uint32_t>(rng_.range(0, sc_.buckets_used - 1) * (shape_.buckets / sc_.buckets_used));
    p.seq = next_seq_[p.bucket]++;
    p.len = pick_len();
    p.in_port = static_cast<std::uint8_t>(rng_.range(0, 15));
    const double r = rng_.range(0, 9999) / 10000.0;
    if (r < sc_.p_send) {
      p.op = ThreadOp::kSend;
      p.arg = static_cast<std::uint8_t>(rng_.chance(sc_.p_bad_port) ? rng_.range(shape_.ports, 255)
                                                                     : rng_.range(0, shape_.ports - 1));
    } else if (r < sc_.p_send + sc_.p_host) {
      p.op = ThreadOp::kToHost;
    } else if (r < sc_.p_send + sc_.p_host + sc_.p_drop) {
      p.op = ThreadOp::kDrop;
      p.arg = static_cast<std::uint8_t>(rng_.chance(0.8) ? rng_.range(1, 0x7f) : rng_.range(0x80, 0xff));
    } else {
      p.op = ThreadOp::kDone;
    }
    p.ctx_len = rng_.chance(sc_.p_zero_len) ? 0 : p.len;
    auto bytes = frame_content(p.id, p.len);
    std::copy(bytes.begin(), bytes.end(), slots_[h].begin());
    slot_pkt_[h] = static_cast<std::int64_t>(p.id);
    if (p.len >= 4) by_content_[bytes] = p.id;  // updated again after a rewrite
    else by_content_[bytes] = p.id;
    pkts_.push_back(p);
    app_q_.push_back(p.id);
  }

  void schedule_completion(const Pkt& p) {
    std::uint64_t delay = rng_.range(1, sc_.max_delay);
    if (sc_.worst_case && waiting_in_bucket_[p.bucket] == 0) delay = sc_.worst_delay + rng_.range(0, sc_.max_delay);
    ++waiting_in_bucket_[p.bucket];
    cpl_sched_.emplace(sim_.cycle() + delay, p.id);
  }

  void drive() {
    auto& d = sim_.dut();
    if (!d.rst_ni) return;
    generate();
    // Order append.
    if (!app_valid_ && !app_q_.empty() && rng_.chance(sc_.append_rate)) {
      const Pkt& p = pkts_[app_q_.front()];
      d.app_bucket_i = p.bucket;
      d.app_seq_i = p.seq;
      d.app_handle_i = p.handle;
      app_valid_ = true;
    }
    d.app_valid_i = app_valid_;
    // Completion: the earliest due packet, after an optional header rewrite in its slot.
    if (!cpl_valid_ && !cpl_sched_.empty() && cpl_sched_.begin()->first <= sim_.cycle() &&
        rng_.chance(sc_.cpl_rate)) {
      const auto it = cpl_sched_.begin();
      Pkt& p = pkts_[it->second];
      cpl_sched_.erase(it);
      if (p.op == ThreadOp::kSend && p.len > 4 && rng_.chance(sc_.p_rewrite)) {
        std::vector<std::uint8_t> old(slots_[p.handle].begin(), slots_[p.handle].begin() + p.len);
        by_content_.erase(old);
        const unsigned n = static_cast<unsigned>(rng_.range(1, std::min(16U, p.len - 4)));
        const unsigned at = static_cast<unsigned>(rng_.range(4, p.len - n));
        for (unsigned i = 0; i < n; ++i) slots_[p.handle][at + i] = static_cast<std::uint8_t>(rng_.bits(8));
        by_content_[std::vector<std::uint8_t>(slots_[p.handle].begin(), slots_[p.handle].begin() + p.len)] = p.id;
      }
      baton::ThreadOpRec t;
      t.op = p.op;
      t.arg = p.arg;
      t.src_tile = static_cast<std::uint8_t>(rng_.bits(6));
      t.src_thread = static_cast<std::uint8_t>(rng_.bits(3));
      t.ctx.pkt_handle = p.handle;
      t.ctx.pkt_len = static_cast<std::uint16_t>(p.ctx_len);
      t.ctx.in_port = p.in_port;
      t.ctx.seq = static_cast<std::uint16_t>(rng_.bits(16));  // ignored by the egress
      t.ctx.flow = static_cast<std::uint32_t>(rng_.bits(20));
      t.ctx.arrival = static_cast<std::uint32_t>(rng_.bits(32));
      const auto bits = baton::pack(t);
      for (std::size_t w = 0; w < bits.words().size(); ++w) d.cpl_i[w] = bits.words()[w];
      cpl_valid_ = true;
      cpl_id_ = p.id;
    }
    d.cpl_valid_i = cpl_valid_;
    // Packet-buffer read data, one cycle after the read; grants for this cycle.
    for (unsigned o = 0; o <= shape_.ports; ++o) {
      Reader& r = readers_[o];
      for (unsigned i = 0; i < shape_.lanes; ++i) {
        const std::uint8_t byte = r.pending ? r.data[i] : static_cast<std::uint8_t>(rng_.bits(8));
        set_bits(d.mem_rdata_i, (o * shape_.lanes + i) * 8, 8, byte);
      }
      set_bits(d.mem_gnt_i, o, 1, sc_.read_grant >= 1.0 || rng_.chance(sc_.read_grant));
    }
    // Output readiness.
    for (unsigned o = 0; o <= shape_.ports; ++o) {
      sinks_[o].ready_now = sinks_[o].ready();
      if (o < shape_.ports) set_bits(d.tx_tready_i, o, 1, sinks_[o].ready_now);
      else d.host_tready_i = sinks_[o].ready_now;
    }
  }

  void protocol_error(const std::string& what) {
    if (proto_errors_.size() < 20) proto_errors_.push_back(fmt::format("cycle {}: {}", sim_.cycle(), what));
  }

  void sample() {
    auto& d = sim_.dut();
    if (app_valid_ && d.app_ready_o) {
      const Pkt& p = pkts_[app_q_.front()];
      app_q_.pop_front();
      app_valid_ = false;
      if (auto e = model_.append(p.bucket, p.seq, p.id)) protocol_error(*e);
      schedule_completion(p);
    }
    if (cpl_valid_ && d.cpl_ready_o) {
      Pkt& p = pkts_[cpl_id_];
      cpl_valid_ = false;
      p.completed = true;
      p.cpl_cycle = sim_.cycle();
      --waiting_in_bucket_[p.bucket];
      std::vector<std::uint8_t> frame(slots_[p.handle].begin(), slots_[p.handle].begin() + p.ctx_len);
      if (auto e = model_.complete(p.id, p.op, p.arg, frame, p.in_port)) protocol_error(*e);
    }
    const unsigned addr_w = shape_.handle_w() + beat_w_;
    unsigned reads = 0;
    for (unsigned o = 0; o <= shape_.ports; ++o) {
      Reader& r = readers_[o];
      r.pending = get_bits(d.mem_req_o, o, 1) != 0 && get_bits(d.mem_gnt_i, o, 1) != 0;
      if (!r.pending) continue;
      ++reads;
      const std::uint64_t addr = get_bits(d.mem_addr_o, o * addr_w, addr_w);
      const auto handle = static_cast<unsigned>(addr >> beat_w_);
      const auto beat = static_cast<unsigned>(addr & ((1U << beat_w_) - 1));
      if (handle >= shape_.slots || slot_pkt_[handle] < 0) {
        protocol_error(fmt::format("output {} read slot {} that holds no packet", o, handle));
        r.pending = false;
        continue;
      }
      if (!pkts_[static_cast<std::size_t>(slot_pkt_[handle])].completed) {
        protocol_error(fmt::format("output {} read slot {} before its packet completed", o, handle));
      }
      // The RAM word is read now (a slot freed in this cycle may be refilled before the data is
      // driven next phase).
      const auto* w = &slots_[handle][beat * shape_.lanes];
      r.data.assign(w, w + shape_.lanes);
    }
    peak_reads_ = std::max(peak_reads_, reads);
    if (d.free_valid_o) {
      const unsigned h = d.free_handle_o;
      if (h >= shape_.slots || slot_pkt_[h] < 0) {
        protocol_error(fmt::format("free of slot {} that holds no packet (double free?)", h));
      } else {
        const Pkt& p = pkts_[static_cast<std::size_t>(slot_pkt_[h])];
        if (!p.completed) protocol_error(fmt::format("slot {} freed before its packet completed", h));
        slot_pkt_[h] = -1;
        pool_.push_back(static_cast<std::uint16_t>(h));
        ++frees_;
      }
    }
    bool any = false;
    for (unsigned o = 0; o <= shape_.ports; ++o) {
      const bool host = o == shape_.ports;
      const bool valid = host ? d.host_tvalid_o != 0 : get_bits(d.tx_tvalid_o, o, 1) != 0;
      if (valid) any = true;
      if (!valid || !sinks_[o].ready_now) continue;
      Sink& s = sinks_[o];
      ++beats_;
      if (!s.in_frame) s.first_beat.push_back(sim_.cycle());
      s.in_frame = !(host ? d.host_tlast_o != 0 : get_bits(d.tx_tlast_o, o, 1) != 0);
      const std::uint64_t keep = host ? get_bits(d.host_tkeep_o, 0, shape_.lanes)
                                      : get_bits(d.tx_tkeep_o, o * shape_.lanes, shape_.lanes);
      const bool last = host ? d.host_tlast_o != 0 : get_bits(d.tx_tlast_o, o, 1) != 0;
      const std::uint64_t all = shape_.lanes >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << shape_.lanes) - 1;
      if (!last && keep != all) protocol_error(fmt::format("output {}: partial tkeep {:#x} before tlast", o, keep));
      if (keep == 0 || (keep & (keep + 1)) != 0) protocol_error(fmt::format("output {}: tkeep {:#x} not contiguous", o, keep));
      for (unsigned i = 0; i < shape_.lanes; ++i) {
        if (((keep >> i) & 1U) == 0) continue;
        const auto byte = static_cast<std::uint8_t>(
            host ? get_bits(d.host_tdata_o, 8 * i, 8) : get_bits(d.tx_tdata_o, o * 8 * shape_.lanes + 8 * i, 8));
        s.cur.push_back(byte);
      }
      if (host) {
        const unsigned u = d.host_tuser_o;
        if (s.user && *s.user != u) protocol_error("host: tuser changed inside a frame");
        s.user = u;
      }
      if (last) {
        s.frames.emplace_back(std::move(s.cur), s.user.value_or(0));
        s.cur.clear();
        s.user.reset();
      }
    }
    idle_outputs_ = any ? 0 : idle_outputs_ + 1;
  }

  std::vector<std::uint8_t> model_frame(std::uint64_t id) const {
    for (unsigned o = 0; o <= shape_.ports; ++o)
      for (const auto& [b, v] : model_.expected(o))
        for (const auto& f : v)
          if (f.id == id) return f.bytes;
    return {};
  }

  void check_against_model() {
    for (unsigned o = 0; o <= shape_.ports; ++o) {
      const bool host = o == shape_.ports;
      std::map<std::uint32_t, std::vector<EgressModel::Frame>> got;
      std::size_t fi = 0;
      for (const auto& [bytes, user] : sinks_[o].frames) {
        const std::uint64_t first = sinks_[o].first_beat.at(fi++);
        auto it = by_content_.find(bytes);
        if (it == by_content_.end()) {
          std::string why;
          if (bytes.size() >= 4) {
            const std::uint64_t id = bytes[0] | (bytes[1] << 8) | (bytes[2] << 16) | (std::uint64_t{bytes[3]} << 24);
            if (id < pkts_.size()) {
              const auto& want = model_frame(id);
              std::size_t at = 0;
              while (at < want.size() && at < bytes.size() && want[at] == bytes[at]) ++at;
              why = fmt::format(" (packet {} differs from byte {} of {})", id, at, want.size());
            }
          }
          errors_.push_back(fmt::format("output {}: a {}-byte frame that no packet carried{}", o, bytes.size(), why));
          continue;
        }
        const Pkt& p = pkts_[it->second];
        const std::uint64_t lat = first - p.cpl_cycle;
        lat_min_ = lat_min_ == 0 ? lat : std::min(lat_min_, lat);
        lat_max_ = std::max(lat_max_, lat);
        got[p.bucket].push_back({p.id, bytes, static_cast<std::uint8_t>(host ? user : p.in_port)});
      }
      const auto& want = model_.expected(o);
      std::map<std::uint32_t, bool> keys;
      for (const auto& [b, v] : want) keys[b] = true;
      for (const auto& [b, v] : got) keys[b] = true;
      for (const auto& [b, unused] : keys) {
        const auto wi = want.find(b);
        const auto gi = got.find(b);
        const std::size_t wn = wi == want.end() ? 0 : wi->second.size();
        const std::size_t gn = gi == got.end() ? 0 : gi->second.size();
        for (std::size_t i = 0; i < std::max(wn, gn); ++i) {
          const EgressModel::Frame* w = i < wn ? &wi->second[i] : nullptr;
          const EgressModel::Frame* g = i < gn ? &gi->second[i] : nullptr;
          if (w && g && *w == *g) continue;
          errors_.push_back(fmt::format("output {} bucket {} frame #{}: expected packet {} got packet {}{}", o, b, i,
                                        w ? fmt::format("{}", w->id) : "none", g ? fmt::format("{}", g->id) : "none",
                                        (w && g && w->id == g->id) ? " (bytes or tuser differ)" : ""));
          break;
        }
      }
    }
    // Accounting: every packet released exactly once, every slot freed exactly once.
    if (model_.waiting() != 0) errors_.push_back(fmt::format("{} packets never released by the model", model_.waiting()));
    if (frees_ != sc_.packets) errors_.push_back(fmt::format("{} frees for {} packets", frees_, sc_.packets));
    const std::uint32_t live = reg_read(reg::kLive);
    if (live != 0) errors_.push_back(fmt::format("LIVE = {} after the traffic", live));
    std::uint64_t sum = 0, model_sum = 0;
    for (unsigned i = 0; i < EgressModel::kNumCounters; ++i) {
      if (model_.counter(i) == 0 && (i & 0xff) % 7 != 0 && i < 0x100) continue;  // sample the zero ones
      const std::uint64_t c = counter(i);
      sum += c;
      model_sum += model_.counter(i);
      if (c != model_.counter(i)) {
        errors_.push_back(fmt::format("counter {:#x} = {}, model {}", i, c, model_.counter(i)));
      }
      if (i >= 0x112) break;
    }
    if (model_sum != sc_.packets) errors_.push_back(fmt::format("model counted {} of {} packets", model_sum, sc_.packets));
    if (sum != sc_.packets) errors_.push_back(fmt::format("counters sum to {} for {} packets", sum, sc_.packets));
  }

  Shape shape_;
  Scenario sc_;
  unsigned beat_w_;
  Sim<Model> sim_;
  Rng rng_{1};
  EgressModel model_;
  std::vector<std::vector<std::uint8_t>> slots_;
  std::vector<std::int64_t> slot_pkt_;
  std::vector<std::uint16_t> pool_;
  std::vector<Pkt> pkts_;
  std::deque<std::uint64_t> app_q_;
  std::multimap<std::uint64_t, std::uint64_t> cpl_sched_;
  std::map<std::uint32_t, std::uint16_t> next_seq_;
  std::map<std::uint32_t, unsigned> waiting_in_bucket_;
  std::map<std::vector<std::uint8_t>, std::uint64_t> by_content_;
  unsigned short_count_[4] = {0, 0, 0, 0};
  std::vector<Sink> sinks_;
  std::vector<std::string> errors_, proto_errors_;
  std::uint64_t generated_ = 0, frees_ = 0, beats_ = 0;
  unsigned peak_reads_ = 0;
  bool app_valid_ = false, cpl_valid_ = false;
  std::uint64_t cpl_id_ = 0;
  struct Reader {
    bool pending = false;             // read this cycle, data next
    std::vector<std::uint8_t> data;
  };
  std::vector<Reader> readers_;
  unsigned idle_outputs_ = 0;
  std::uint64_t lat_min_ = 0, lat_max_ = 0;
};

}  // namespace baton::env::egress
