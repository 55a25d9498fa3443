// SPDX-License-Identifier: Apache-2.0
// Environment of baton_ingress: per-port AXI4-Stream drivers with random idle cycles, a
// packet-buffer memory fed by the write ports, random backpressure on the dispatcher and
// order-append channels, an egress that gives slots back after a random delay, and register-bus
// access. Every context is checked field by field against the reference model
// (tb/model/ingress), in dispatch order, and against the bytes the frame left in its slot.
#pragma once

#include <verilated.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <sstream>
#include <string>
#include <type_traits>
#include <vector>

#include <fmt/format.h>

#include "baton/net/bytes.hpp"
#include "baton/records.hpp"
#include "baton/tb/sim.hpp"
#include "baton_ingress_regs.h"
#include "baton/model/ingress/channel_regs.hpp"
#include "baton/model/ingress/ingress_model.hpp"

namespace baton::env::ingress {

namespace ing = baton::model::ingress;
using baton::net::Bytes;

constexpr std::uint64_t low_mask(std::size_t w) { return w >= 64 ? ~0ULL : (1ULL << w) - 1; }

// Reads / writes `w` (<= 64) bits at `lsb` of a port (CData..QData or VlWide).
template <typename P>
std::uint64_t get_field(const P& port, std::size_t lsb, std::size_t w) {
  if constexpr (std::is_integral_v<P>) {
    return (static_cast<std::uint64_t>(port) >> lsb) & low_mask(w);
  } else {
    std::uint64_t v = 0;
    for (std::size_t done = 0; done < w;) {
      const std::size_t bit = lsb + done, off = bit % 32, take = std::min<std::size_t>(32 - off, w - done);
      v |= ((static_cast<std::uint64_t>(port[bit / 32]) >> off) & low_mask(take)) << done;
      done += take;
    }
    return v;
  }
}
template <typename P>
void set_field(P& port, std::size_t lsb, std::size_t w, std::uint64_t value) {
  if constexpr (std::is_integral_v<P>) {
    const std::uint64_t m = low_mask(w) << lsb;
    port = static_cast<P>((static_cast<std::uint64_t>(port) & ~m) | ((value << lsb) & m));
  } else {
    for (std::size_t done = 0; done < w;) {
      const std::size_t bit = lsb + done, off = bit % 32, take = std::min<std::size_t>(32 - off, w - done);
      const auto m = static_cast<std::uint32_t>(low_mask(take) << off);
      const auto chunk = static_cast<std::uint32_t>(((value >> done) & low_mask(take)) << off);
      port[bit / 32] = (port[bit / 32] & ~m) | chunk;
      done += take;
    }
  }
}

struct Geometry {
  unsigned ports, data_w, slots, slot_bytes = 2048, buckets, stack_bytes = 2048;
  [[nodiscard]] unsigned lanes() const { return data_w / 8; }
  [[nodiscard]] unsigned mem_addr_w() const {
    unsigned h = 0, b = 0;
    while ((1u << h) < slots) ++h;
    while ((1u << b) < slot_bytes / lanes()) ++b;
    return h + b;
  }
};

// Register map (docs/ingress.md).
// Register addresses from the header generated from rtl/ingress/baton_ingress_regs.rdl.
namespace reg {
constexpr std::uint16_t at(std::size_t offset) { return static_cast<std::uint16_t>(offset); }
inline constexpr std::uint16_t kInitPart = at(offsetof(baton_ingress_regs_t, INIT_PART));
inline constexpr std::uint16_t kAffinity = at(offsetof(baton_ingress_regs_t, AFFINITY));
inline constexpr std::uint16_t kMinFrame = at(offsetof(baton_ingress_regs_t, MIN_FRAME));
inline constexpr std::uint16_t kMaxFrame = at(offsetof(baton_ingress_regs_t, MAX_FRAME));
inline constexpr std::uint16_t kDispatched = at(offsetof(baton_ingress_regs_t, DISPATCHED));
inline constexpr std::uint16_t kKey0 = at(offsetof(baton_ingress_regs_t, HASH_KEY0));
inline constexpr std::uint16_t kPortGroup = at(offsetof(baton_ingress_regs_t, PORT_GROUP));
inline constexpr std::uint16_t kPortVlan = at(offsetof(baton_ingress_regs_t, PORT_VLAN));
inline constexpr std::uint16_t kPortClassLo = at(offsetof(baton_ingress_regs_t, PORT_CLASS_LO));
inline constexpr std::uint16_t kPortClassHi = at(offsetof(baton_ingress_regs_t, PORT_CLASS_HI));
inline constexpr std::uint16_t vlan_chan(unsigned k) {
  return static_cast<std::uint16_t>(at(offsetof(baton_ingress_regs_t, VLAN_CHAN0)) + 4 * k);
}
// Entry c of the event class table.
inline constexpr std::uint16_t event_class(unsigned c) {
  return static_cast<std::uint16_t>(at(offsetof(baton_ingress_regs_t, CLASS)) + 4 * c);
}
// An entry's register value (fields of CLASS.ENTRY).
inline std::uint32_t class_word(const baton::model::ingress::EventClass& e) {
  return ((e.enabled ? 1U : 0U) << BATON_INGRESS_REGS__CLASS__ENTRY__EN_bp) |
         (static_cast<std::uint32_t>(e.mode) << BATON_INGRESS_REGS__CLASS__ENTRY__MODE_bp) |
         ((e.conn ? 1U : 0U) << BATON_INGRESS_REGS__CLASS__ENTRY__CONN_bp) |
         ((e.aff ? 1U : 0U) << BATON_INGRESS_REGS__CLASS__ENTRY__AFF_bp) |
         (std::uint32_t{e.part} << BATON_INGRESS_REGS__CLASS__ENTRY__PART_bp) |
         (std::uint32_t{e.entry} << BATON_INGRESS_REGS__CLASS__ENTRY__ENTRY_bp);
}
// Word r of port p: entry 8p + r of the port windows (PORTS_LO, then PORTS_HI).
inline constexpr std::uint16_t port(unsigned p, unsigned r) {
  return static_cast<std::uint16_t>(at(offsetof(baton_ingress_regs_t, PORTS_LO)) + 0x20 * p + 4 * r);
}
enum : unsigned { kRx = 0, kBufferFull = 1, kOversize = 2, kRunt = 3, kTuser = 4 };
}  // namespace reg

struct Frame {
  Bytes bytes;
  unsigned port = 0;
  bool tuser = false;
};

struct Knobs {
  double in_busy = 0.8;      // chance a port offers its next beat in a cycle
  double disp_ready = 0.7;
  double ord_ready = 0.7;
  unsigned free_delay_max = 40;  // cycles until the egress gives a slot back
  bool hold_frees = false;       // the egress keeps every slot until release_frees()
  double mem_ready = 1.0;        // chance the packet buffer takes a port's beat in a cycle
  unsigned idle_lag = 0;         // the packet buffer is idle for a port this many cycles after its last beat
};

template <typename V>
class IngressEnv {
 public:
  IngressEnv(tb::Sim<V>& sim, Geometry g, ing::IngressConfig cfg, Knobs k)
      : sim_(sim), g_(g), cfg_(cfg), k_(k), model_(cfg), queued_(g.ports), sent_(g.ports),
        beat_(g.ports, 0), presenting_(g.ports, false), fire_(g.ports, false), last_write_(g.ports, 0),
        first_cycle_(g.ports), mem_(static_cast<std::size_t>(g.slots) * g.slot_bytes, 0) {
    sim_.on_sample([this] { sample(); });
    sim_.on_drive([this] { drive(); });
  }

  // Register bus, outside the scheduler (before traffic or after it has drained).
  void write_reg(std::uint16_t addr, std::uint32_t data) {
    auto& d = sim_.dut();
    d.reg_req_i = 1;
    d.reg_we_i = 1;
    d.reg_addr_i = addr;
    d.reg_wdata_i = data;
    d.reg_wstrb_i = 0xf;
    d.eval();
    if (d.reg_error_o) sim_.fail(fmt::format("register write 0x{:03x} refused", addr));
    sim_.step();
    d.reg_req_i = 0;
    d.reg_we_i = 0;
  }
  std::uint32_t read_reg(std::uint16_t addr) {
    auto& d = sim_.dut();
    d.reg_req_i = 1;
    d.reg_we_i = 0;
    d.reg_addr_i = addr;
    d.eval();
    const std::uint32_t v = d.reg_rdata_o;
    if (d.reg_error_o) sim_.fail(fmt::format("register read 0x{:03x} refused", addr));
    d.reg_req_i = 0;
    d.eval();
    return v;
  }
  void configure() {
    write_reg(reg::kInitPart, cfg_.init_part);
    unsigned log2 = 0;
    while ((1u << log2) < cfg_.aff_count) ++log2;
    write_reg(reg::kAffinity, ((cfg_.affinity ? 1u : 0u) << BATON_INGRESS_REGS__AFFINITY__EN_bp) |
                                  (std::uint32_t{cfg_.aff_base} << BATON_INGRESS_REGS__AFFINITY__BASE_bp) |
                                  (log2 << BATON_INGRESS_REGS__AFFINITY__LOG2_bp));
    write_reg(reg::kMinFrame, cfg_.min_frame);
    write_reg(reg::kMaxFrame, cfg_.max_frame);
    for (unsigned w = 0; w < 10; ++w) {
      write_reg(static_cast<std::uint16_t>(reg::kKey0 + 4 * w), baton::net::get32(cfg_.hash_key, 4 * w));
    }
    for (const auto& w : baton::model::ingress::channel_registers(cfg_.channels)) {
      write_reg(w.offset, w.value);
      if (read_reg(w.offset) != w.value) sim_.fail(fmt::format("channel register 0x{:03x} reads back wrong", w.offset));
    }
    for (unsigned c = 0; c < baton::model::ingress::kEventClasses; ++c) {
      const std::uint32_t w = reg::class_word(cfg_.classes[c]);
      write_reg(reg::event_class(c), w);
      if (read_reg(reg::event_class(c)) != w) sim_.fail(fmt::format("event class {} reads back wrong", c));
    }
  }

  void send(Frame f) {
    queued_.at(f.port).push_back(f);
    ++total_sent_;
  }
  [[nodiscard]] bool inputs_idle() const {
    for (unsigned p = 0; p < g_.ports; ++p) {
      if (!queued_[p].empty() || presenting_[p]) return false;
    }
    return true;
  }
  [[nodiscard]] std::size_t contexts() const { return ctxs_.size(); }
  [[nodiscard]] const std::vector<Ctx>& ctx_log() const { return ctxs_; }
  [[nodiscard]] std::uint64_t skipped(unsigned reason) const { return skipped_.at(reason); }
  void release_frees() { k_.hold_frees = false; }
  void set_knobs(const Knobs& k) { k_ = k; }

  // After the drain: the per-port counters against the accounting of every frame.
  void check_accounting() {
    std::uint64_t disp = read_reg(reg::kDispatched);
    sim_.check(disp == ctxs_.size(), fmt::format("DISPATCHED {} but {} contexts seen", disp, ctxs_.size()));
    sim_.check(ords_.size() == ctxs_.size(), fmt::format("{} order records for {} contexts", ords_.size(), ctxs_.size()));
    std::uint64_t rx = 0, drops = 0, full = 0;
    std::array<std::uint64_t, 5> want{};
    for (unsigned p = 0; p < g_.ports; ++p) {
      // Frames still waiting in sent_ were never dispatched: each is a drop (predicted or full).
      for (auto& s : sent_[p]) account_missing(s);
      sent_[p].clear();
      const std::uint32_t prx = read_reg(reg::port(p, reg::kRx));
      rx += prx;
      for (unsigned r = 1; r < 5; ++r) {
        const std::uint32_t c = read_reg(reg::port(p, r));
        drops += c;
        want[r] += c;
        if (r == reg::kBufferFull) full += c;
      }
    }
    sim_.check(rx == total_sent_, fmt::format("rx counters {} != frames sent {}", rx, total_sent_));
    sim_.check(rx == drops + ctxs_.size(),
               fmt::format("accounting: rx {} != drops {} + contexts {}", rx, drops, ctxs_.size()));
    // Predicted drops must appear as their reason, or as buffer full when no slot was there.
    for (unsigned r = 2; r < 5; ++r) {
      sim_.check(want[r] <= predicted_[r] && predicted_[r] <= want[r] + full,
                 fmt::format("drop reason {}: counter {} vs {} predicted ({} buffer-full)", r, want[r], predicted_[r], full));
    }
    sim_.check(full == skipped_[reg::kBufferFull] + (predicted_[2] + predicted_[3] + predicted_[4] - want[2] - want[3] - want[4]),
               fmt::format("buffer-full counter {} vs {} unpredicted losses", full, skipped_[reg::kBufferFull]));
  }

  [[nodiscard]] unsigned free_slots() { return static_cast<unsigned>(sim_.dut().free_slots_o); }

 private:
  struct Sent {
    Frame f;
    std::uint64_t first_beat_now = 0;
    bool started = false;
  };

  void account_missing(const Sent& s) {
    const auto d = ing::hw_drop(s.f.bytes.size(), s.f.tuser, cfg_);
    if (!d) {
      ++skipped_[reg::kBufferFull];
    } else {
      ++predicted_[*d == ing::kDropOversize ? reg::kOversize : *d == ing::kDropRunt ? reg::kRunt : reg::kTuser];
    }
  }

  void sample() {
    auto& d = sim_.dut();
    const unsigned lanes = g_.lanes();
    for (unsigned p = 0; p < g_.ports; ++p) {
      fire_[p] = get_field(d.s_tvalid_i, p, 1) && get_field(d.s_tready_o, p, 1);
      if (fire_[p] && beat_[p] == 0) {
        sim_.check(!sent_[p].empty(), "beat without a frame");
        sent_[p].back().first_beat_now = d.now_i;
        sent_[p].back().started = true;
      }
      if (get_field(d.mem_req_o, p, 1)) {
        if (get_field(d.mem_ready_i, p, 1) == 0) sim_.check(false, fmt::format("port {} wrote the packet buffer while not ready", p));
        last_write_[p] = sim_.cycle();
        const std::uint64_t addr = get_field(d.mem_addr_o, p * g_.mem_addr_w(), g_.mem_addr_w());
        for (unsigned l = 0; l < lanes; ++l) {
          if (get_field(d.mem_be_o, p * lanes + l, 1)) {
            mem_.at(addr * lanes + l) = static_cast<std::uint8_t>(get_field(d.mem_wdata_o, p * g_.data_w + 8 * l, 8));
          }
        }
      }
    }
    if (d.disp_valid_o && d.disp_ready_i) {
      CtxBits b;
      for (std::size_t k = 0; k < CtxBits::kWords; ++k) {
        b.words()[k] = static_cast<std::uint32_t>(get_field(d.disp_ctx_o, 32 * k, std::min<std::size_t>(32, kCtxWidth - 32 * k)));
      }
      check_ctx(unpack_ctx(b));
    }
    if (d.ord_valid_o && d.ord_ready_i) {
      ords_.push_back({static_cast<std::uint32_t>(d.ord_bucket_o), static_cast<std::uint16_t>(d.ord_seq_o),
                       static_cast<std::uint16_t>(d.ord_handle_o)});
      const std::size_t i = ords_.size() - 1;
      if (i < ctxs_.size()) check_order(i);
    }
    // Frees scheduled by the egress.
    eg_free_now_ = false;
    if (!k_.hold_frees && !frees_.empty() && frees_.front().first <= sim_.cycle()) {
      eg_free_now_ = true;
      eg_free_handle_ = frees_.front().second;
      frees_.pop_front();
    }
  }

  void check_order(std::size_t i) {
    const auto& c = ctxs_[i];
    const auto& o = ords_[i];
    sim_.check(o.bucket == c.flow && o.seq == c.seq && o.handle == c.pkt_handle,
               fmt::format("order record #{} {{{}, {}, {}}} does not match context {{{}, {}, {}}}", i, o.bucket,
                           o.seq, o.handle, c.flow, c.seq, c.pkt_handle));
  }

  void check_ctx(const Ctx& got) {
    const unsigned p = got.in_port;
    sim_.check(p < g_.ports, fmt::format("context with in_port {}", p));
    auto& q = sent_[p];
    const Bytes stored(mem_.begin() + static_cast<std::ptrdiff_t>(got.pkt_handle) * g_.slot_bytes,
                       mem_.begin() + static_cast<std::ptrdiff_t>(got.pkt_handle) * g_.slot_bytes + got.pkt_len);
    // The frame is the oldest completed frame of that port that the model accepts and whose
    // bytes are in the slot; the frames before it were dropped (H1-H3, or buffer full).
    std::size_t i = 0;
    const bool in_flight = !q.empty() && (presenting_[p] || beat_[p] != 0);
    const std::size_t done = q.size() - (in_flight ? 1 : 0);
    while (i < done && (ing::hw_drop(q[i].f.bytes.size(), q[i].f.tuser, cfg_) || q[i].f.bytes != stored)) ++i;
    if (i == done) {
      sim_.fail(fmt::format("context on port {} matches no frame sent\n  got  {}\n  slot {}{}", p, describe(got),
                            baton::net::hex(stored),
                            done > 0 ? "\n  oldest frame " + baton::net::hex(q.front().f.bytes) : std::string()));
    }
    for (std::size_t k = 0; k < i; ++k) {
      account_missing(q.front());
      q.pop_front();
    }
    const Sent s = q.front();
    q.pop_front();
    const Ctx want = model_.process(s.f.bytes, p, s.f.tuser, got.pkt_handle,
                                    static_cast<std::uint32_t>(s.first_beat_now)).ctx;
    if (!(got == want)) {
      sim_.fail(fmt::format("context #{} on port {} differs from the model\n  got  {}\n  want {}\n  frame {}\n  slot  {}",
                            ctxs_.size(), p, describe(got), describe(want), baton::net::hex(s.f.bytes),
                            baton::net::hex(stored)));
    }
    ctxs_.push_back(got);
    if (ords_.size() >= ctxs_.size()) check_order(ctxs_.size() - 1);
    frees_.emplace_back(sim_.cycle() + sim_.rng().range(1, k_.free_delay_max), got.pkt_handle);
  }

  static std::string describe(const Ctx& c) {
    return fmt::format("handle {} len {} port {} arrival {} seq {} flow {} event {} part {} sp {:#x} args {:#010x} {:#010x} {:#06x} {}",
                       c.pkt_handle, c.pkt_len, c.in_port, c.arrival, c.seq, c.flow, c.event_type, c.target_part,
                       c.sp, c.args[0], c.args[1], c.args[2], c.args[3]);
  }

  void drive() {
    auto& d = sim_.dut();
    auto& rng = sim_.rng();
    const unsigned lanes = g_.lanes();
    d.now_i = static_cast<std::uint32_t>(sim_.cycle());
    for (unsigned p = 0; p < g_.ports; ++p) {
      set_field(d.mem_ready_i, p, 1, k_.mem_ready >= 1.0 || rng.chance(k_.mem_ready));
      set_field(d.mem_idle_i, p, 1, last_write_[p] + k_.idle_lag < sim_.cycle());
      if (fire_[p]) {
        presenting_[p] = false;
        const Bytes& f = sent_[p].back().f.bytes;
        beat_[p] += 1;
        if (static_cast<std::size_t>(beat_[p]) * lanes >= f.size()) beat_[p] = 0;
        fire_[p] = false;
      }
      if (!presenting_[p] && beat_[p] == 0 && !queued_[p].empty() && rng.chance(k_.in_busy)) {
        sent_[p].push_back(Sent{queued_[p].front()});
        queued_[p].pop_front();
        presenting_[p] = true;
      } else if (!presenting_[p] && beat_[p] != 0 && rng.chance(k_.in_busy)) {
        presenting_[p] = true;
      }
      set_field(d.s_tvalid_i, p, 1, presenting_[p]);
      if (presenting_[p]) {
        const Sent& s = sent_[p].back();
        const std::size_t base = static_cast<std::size_t>(beat_[p]) * lanes;
        const std::size_t n = std::min<std::size_t>(lanes, s.f.bytes.size() - base);
        for (unsigned l = 0; l < lanes; ++l) {
          const std::uint8_t byte = l < n ? s.f.bytes[base + l] : static_cast<std::uint8_t>(rng.bits(8));
          set_field(d.s_tdata_i, p * g_.data_w + 8 * l, 8, byte);
          set_field(d.s_tkeep_i, p * lanes + l, 1, l < n);
        }
        const bool last = base + n >= s.f.bytes.size();
        set_field(d.s_tlast_i, p, 1, last);
        set_field(d.s_tuser_i, p, 1, last && s.f.tuser);
      }
    }
    d.disp_ready_i = rng.chance(k_.disp_ready);
    d.ord_ready_i = rng.chance(k_.ord_ready);
    d.eg_free_valid_i = eg_free_now_;
    d.eg_free_handle_i = eg_free_handle_;
    eg_free_now_ = false;
  }

  struct Ord {
    std::uint32_t bucket;
    std::uint16_t seq, handle;
  };

  tb::Sim<V>& sim_;
  Geometry g_;
  ing::IngressConfig cfg_;
  Knobs k_;
  ing::IngressModel model_;
  std::vector<std::deque<Frame>> queued_;
  std::vector<std::deque<Sent>> sent_;
  std::vector<unsigned> beat_;
  std::vector<bool> presenting_, fire_;
  std::vector<std::uint64_t> last_write_;  // per port: cycle of its last packet-buffer beat
  std::vector<std::uint64_t> first_cycle_;
  std::vector<std::uint8_t> mem_;
  std::vector<Ctx> ctxs_;
  std::vector<Ord> ords_;
  std::deque<std::pair<std::uint64_t, std::uint16_t>> frees_;
  bool eg_free_now_ = false;
  std::uint16_t eg_free_handle_ = 0;
  std::uint64_t total_sent_ = 0;
  std::array<std::uint64_t, 5> skipped_{}, predicted_{};
};

}  // namespace baton::env::ingress
