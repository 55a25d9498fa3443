// SPDX-License-Identifier: Apache-2.0
// baton_smem_xbar against a flat reference memory: random requesters (reads and byte/half/word
// writes to the packet, stack, rodata and data windows, several threads, random response
// backpressure), the ingress writer ports and the egress reader ports, all at once. Every read
// response must carry the thread of its request and the word the reference memory held when the
// request was performed (perf_o: requests are performed in order of acceptance per requester);
// responses of one thread come back in request order; every request is eventually accepted (no
// starvation within the run's cycle budget). req_ready_o is a register output: it must not change
// when the inputs of the cycle change. The back-pressure test drives every requester at one bank
// with the responses stalled in long stretches, so the port registers fill and ready falls.
// Readers: each holds a random beat until granted; per packet-buffer bank (beat k of slot h in bank
// (k + h) mod NumBanks, docs/engine.md) exactly one requesting reader is granted per cycle, a
// waiting reader within NumRd cycles, and its data is the reference beat one cycle later. Writers
// write only while pw_ready_o, a register output; with every writer aimed at one bank the staging
// fills, ready falls, and the writers wait instead of losing beats.
#include <gtest/gtest.h>

#include <array>
#include <cstdlib>
#include <deque>
#include <map>
#include <optional>
#include <vector>

#include <fmt/format.h>

#include "Vsmem_xbar_a.h"
#include "Vsmem_xbar_b.h"
#include "baton/tb/sim.hpp"

namespace {

using namespace baton::tb;

// Bit fields of Verilator ports of any width.
template <typename T>
void put_bits(T& sig, unsigned lsb, unsigned w, std::uint64_t v) {
  for (unsigned i = 0; i < w; ++i) {
    const unsigned b = lsb + i;
    const bool bit = (v >> i) & 1U;
    if constexpr (std::is_integral_v<T>) {
      if (bit) sig = static_cast<T>(sig | (T{1} << b)); else sig = static_cast<T>(sig & ~(T{1} << b));
    } else {
      if (bit) sig[b / 32] |= (1U << (b % 32)); else sig[b / 32] &= ~(1U << (b % 32));
    }
  }
}
template <typename T>
std::uint64_t get_bits(const T& sig, unsigned lsb, unsigned w) {
  std::uint64_t v = 0;
  for (unsigned i = 0; i < w; ++i) {
    const unsigned b = lsb + i;
    bool bit;
    if constexpr (std::is_integral_v<T>) bit = (sig >> b) & 1U; else bit = (sig[b / 32] >> (b % 32)) & 1U;
    if (bit) v |= std::uint64_t{1} << i;
  }
  return v;
}

struct Cfg {
  unsigned num_req, slots, slot_bytes, stack_bytes, rodata_bytes, data_bytes, lanes, num_wr, num_banks, num_rd;
};

struct Req {
  bool we;
  std::uint32_t addr;
  unsigned be;
  std::uint32_t wdata;
  unsigned thread;
  unsigned handle;
};

template <typename Model>
class XbarEnv {
 public:
  XbarEnv(Cfg cfg, double load, double rsp_ready_p, bool one_bank = false, bool hot_write_bank = false)
      : cfg_(cfg), load_(load), rsp_p_(rsp_ready_p), one_bank_(one_bank), hot_write_bank_(hot_write_bank),
        pkt_(cfg.slots * cfg.slot_bytes, -1), stack_(cfg.slots * cfg.stack_bytes, -1), ro_(cfg.rodata_bytes, -1),
        da_(cfg.data_bytes, -1), offer_(cfg.num_req), pending_(cfg.num_req), port_(cfg.num_req),
        rd_addr_(cfg.num_rd), rd_wait_(cfg.num_rd, 0), pr_expect_(cfg.num_rd) {
    unsigned beats = cfg.slots * cfg.slot_bytes / cfg.lanes;
    while ((1U << addr_w_) < beats) ++addr_w_;
  }

  void run(std::uint64_t cycles) {
    auto& d = sim_.dut();
    clear_inputs();
    sim_.reset();
    sim_.on_sample([this] { sample(); });
    sim_.on_drive([this] { drive(); });
    ASSERT_TRUE(sim_.advance(cycles)) << sim_.failure();
    // Drain: no new requests, everything ready.
    draining_ = true;
    ASSERT_TRUE(sim_.run(2000, [&] {
      for (unsigned r = 0; r < cfg_.num_req; ++r) {
        if (offer_[r] || !pending_[r].empty() || !port_[r].empty()) return false;
      }
      for (unsigned r = 0; r < cfg_.num_rd; ++r) {
        if (rd_addr_[r]) return false;
      }
      return true;
    })) << sim_.failure();
    (void)d;
    EXPECT_GT(reads_checked_, cycles / 4) << "too few reads checked";
    EXPECT_GT(reader_checked_, cycles / 20);
  }

  std::uint64_t reads_checked() const { return reads_checked_; }
  std::uint64_t ready_low() const { return ready_low_; }
  std::uint64_t ready_rose() const { return ready_rose_; }
  std::uint64_t write_stalls() const { return pw_stalls_; }
  std::uint64_t parallel_reads() const { return parallel_reads_; }

 private:
  std::vector<std::int16_t>& region(std::uint32_t addr, std::uint32_t handle, std::uint32_t& off) {
    const std::uint32_t o = addr & 0x0fffffffU;
    switch (addr >> 28) {
      case 4: off = handle * cfg_.slot_bytes + o; return pkt_;
      case 5: off = handle * cfg_.stack_bytes + o; return stack_;
      case 8: off = o; return ro_;
      default: off = o; return da_;
    }
  }

  Req random_req(unsigned r) {
    auto& rng = sim_.rng();
    Req q{};
    q.we = rng.chance(0.4);
    q.thread = static_cast<unsigned>(rng.range(0, 7));
    q.handle = static_cast<unsigned>(rng.range(0, cfg_.slots - 1));
    // (With hot_write_bank_ the writers keep bank 0 of the packet buffer busy, and they have
    // priority there: the requesters use the other windows; the readers check the packets.)
    const unsigned win = static_cast<unsigned>(rng.range(hot_write_bank_ ? 1 : 0, 3));
    // The ingress writers own the lower half of the slots; requesters write only the upper half.
    if (win == 0 && q.we) q.handle = static_cast<unsigned>(rng.range(cfg_.slots / 2, cfg_.slots - 1));
    std::uint32_t size = 0;
    switch (win) {
      case 0: size = cfg_.slot_bytes; q.addr = 0x4000'0000U; break;
      case 1: size = cfg_.stack_bytes; q.addr = 0x5000'0000U; break;
      case 2: size = cfg_.rodata_bytes; q.addr = 0x8000'0000U; break;
      default: size = cfg_.data_bytes; q.addr = 0x9000'0000U; break;
    }
    // Hot spot: a third of the accesses go to the first 16 bytes (bank conflicts); with one_bank_
    // every access goes to bank 0 (word 0 of its window; in the packet window, word 0 of the slot's
    // beat that lies in bank 0, the slot skewing the banks).
    const std::uint32_t pkt_bank0 = ((cfg_.num_banks - q.handle % cfg_.num_banks) % cfg_.num_banks) * cfg_.lanes;
    const std::uint32_t off = one_bank_ ? (win == 0 ? pkt_bank0 : 0U)
                              : rng.chance(0.33) ? static_cast<std::uint32_t>(rng.range(0, 3)) * 4
                                                 : static_cast<std::uint32_t>(rng.range(0, size / 4 - 1)) * 4;
    q.addr |= off;
    q.wdata = static_cast<std::uint32_t>(rng.bits(32));
    switch (rng.range(0, 2)) {
      case 0: q.be = 1U << rng.range(0, 3); break;
      case 1: q.be = rng.chance(0.5) ? 0x3U : 0xcU; break;
      default: q.be = 0xfU; break;
    }
    (void)r;
    return q;
  }

  void clear_inputs() {
    auto& d = sim_.dut();
    d.req_valid_i = 0;
    d.rsp_ready_i = 0;
    d.pw_req_i = 0;
    put_bits(d.pr_req_i, 0, cfg_.num_rd, 0);
    for (unsigned w = 0; w < cfg_.num_wr; ++w) put_bits(d.pw_req_i, w, 1, 0);
  }

  void sample() {
    auto& d = sim_.dut();
    // Reader data of last cycle's grants.
    for (unsigned r = 0; r < cfg_.num_rd; ++r) {
      if (!pr_expect_[r]) continue;
      for (unsigned l = 0; l < cfg_.lanes; ++l) {
        const auto got = static_cast<std::uint8_t>(get_bits(d.pr_rdata_o, (r * cfg_.lanes + l) * 8, 8));
        if ((*pr_expect_[r])[l] >= 0 && got != (*pr_expect_[r])[l]) {
          sim_.fail(fmt::format("reader {} beat lane {}: got {:#04x}, expected {:#04x}", r, l, got,
                                (*pr_expect_[r])[l]));
        }
      }
      ++reader_checked_;
      pr_expect_[r].reset();
    }
    // Responses.
    for (unsigned r = 0; r < cfg_.num_req; ++r) {
      if (((d.rsp_valid_o >> r) & 1U) && ((d.rsp_ready_i >> r) & 1U)) {
        const auto th = static_cast<unsigned>(get_bits(d.rsp_thread_o, 3 * r, 3));
        const auto data = static_cast<std::uint32_t>(get_bits(d.rsp_rdata_o, 32 * r, 32));
        auto& q = pending_[r];
        if (std::getenv("XBAR_REQ") && r == std::strtoul(std::getenv("XBAR_REQ"), nullptr, 10)) {
          fmt::print("cycle {} rsp {} thread {} data {:#x}\n", sim_.cycle(), r, th, data);
        }
        auto it = std::find_if(q.begin(), q.end(), [&](const auto& p) { return p.first == th; });
        if (it == q.end()) sim_.fail(fmt::format("requester {}: response for thread {} with no read", r, th));
        for (unsigned i = 0; i < 4; ++i) {
          const int want = it->second[i];
          const auto got = static_cast<std::uint8_t>(data >> (8 * i));
          if (want >= 0 && want != got) {
            sim_.fail(fmt::format("requester {} thread {}: read {:#010x}, byte {} expected {:#04x} (address {:#010x} "
                                  "handle {}, accepted in cycle {})", r, th, data, i, want, it->req.addr,
                                  it->req.handle, it->cycle));
          }
        }
        q.erase(it);
        ++reads_checked_;
      }
    }
    // Performed requests (the oldest of the requester's accepted ones): reads see the memory
    // before this cycle's writes.
    std::vector<std::pair<Req, unsigned>> writes;
    for (unsigned r = 0; r < cfg_.num_req; ++r) {
      if (!((d.perf_o >> r) & 1U)) continue;
      if (port_[r].empty()) {
        sim_.fail(fmt::format("requester {}: a request performed that was never accepted", r));
        return;
      }
      const auto [q, acc] = port_[r].front();
      port_[r].pop_front();
      std::uint32_t off;
      auto& mem = region(q.addr, q.handle, off);
      if (std::getenv("XBAR_DEBUG") && (q.addr & ~3U) == std::strtoul(std::getenv("XBAR_DEBUG"), nullptr, 16)) {
        fmt::print("cycle {} perf {} {} addr {:#x} h {} be {:#x} wdata {:#x} thread {}\n", sim_.cycle(), r,
                   q.we ? "W" : "R", q.addr, q.handle, q.be, q.wdata, q.thread);
      }
      if (q.we) {
        writes.push_back({q, r});
      } else {
        const std::uint32_t w = off & ~3U;
        pending_[r].push_back({q.thread, {mem[w], mem[w + 1], mem[w + 2], mem[w + 3]}, q, acc});
      }
    }
    // Accepted requests enter the requester's port register, performed in order from the next
    // cycle on.
    for (unsigned r = 0; r < cfg_.num_req; ++r) {
      const bool ready = (d.req_ready_o >> r) & 1U;
      if (((d.req_valid_i >> r) & 1U) && ready) {
        const Req& q = *offer_[r];
        if (std::getenv("XBAR_REQ") && r == std::strtoul(std::getenv("XBAR_REQ"), nullptr, 10) && !q.we) {
          fmt::print("cycle {} req {} R addr {:#x} h {} thread {}\n", sim_.cycle(), r, q.addr, q.handle, q.thread);
        }
        port_[r].push_back({q, sim_.cycle()});
        offer_[r].reset();
        wait_[r] = 0;
      } else if (offer_[r]) {
        if (!ready) ++ready_low_;
        if (++wait_[r] > 200) sim_.fail(fmt::format("requester {} starved for 200 cycles", r));
      }
      if (ready && !((ready_q_ >> r) & 1U)) ++ready_rose_;
    }
    ready_q_ = static_cast<std::uint64_t>(d.req_ready_o);
    // Readers: grants only to requesters, exactly one per bank that has a requester.
    const unsigned slot_beats = cfg_.slot_bytes / cfg_.lanes;
    std::vector<unsigned> bank_req(cfg_.num_banks, 0), bank_gnt(cfg_.num_banks, 0);
    unsigned granted = 0;
    for (unsigned r = 0; r < cfg_.num_rd; ++r) {
      const bool req = get_bits(d.pr_req_i, r, 1) != 0;
      const bool gnt = get_bits(d.pr_gnt_o, r, 1) != 0;
      if (gnt && !req) sim_.fail(fmt::format("reader {} granted without a request", r));
      if (!req) continue;
      const unsigned a = *rd_addr_[r];
      const unsigned bank = (a % slot_beats + a / slot_beats) % cfg_.num_banks;
      ++bank_req[bank];
      if (!gnt) {
        if (++rd_wait_[r] > cfg_.num_rd) sim_.fail(fmt::format("reader {} waited {} cycles", r, rd_wait_[r]));
        continue;
      }
      ++bank_gnt[bank];
      ++granted;
      std::array<std::int16_t, 64> beat{};
      for (unsigned l = 0; l < cfg_.lanes; ++l) beat[l] = pkt_[a * cfg_.lanes + l];
      pr_expect_[r] = beat;
      rd_addr_[r].reset();
      rd_wait_[r] = 0;
    }
    for (unsigned b = 0; b < cfg_.num_banks; ++b) {
      if (bank_gnt[b] != (bank_req[b] ? 1U : 0U)) {
        sim_.fail(fmt::format("bank {}: {} readers requesting, {} granted", b, bank_req[b], bank_gnt[b]));
      }
    }
    if (granted > 1) ++parallel_reads_;
    for (const auto& [q, r] : writes) {
      std::uint32_t off;
      auto& mem = region(q.addr, q.handle, off);
      for (unsigned i = 0; i < 4; ++i) {
        if ((q.be >> i) & 1U) mem[(off & ~3U) + i] = static_cast<std::int16_t>((q.wdata >> (8 * i)) & 0xffU);
      }
    }
    // Writer beats land within a few cycles: unknown until then, applied in order 32 cycles later.
    // (Hot: 21 cycles, just above the staging's bound of WrDepth x NumWr = 20 cycles, so the
    // writers can reuse their few bank-0 beats soon enough to overload the bank.)
    const unsigned lag = hot_write_bank_ ? 21 : 32;
    while (!wr_delay_.empty() && wr_delay_.front().first + lag <= sim_.cycle()) {
      for (const auto& [a, v] : wr_delay_.front().second) {
        if (--wr_pending_[a] == 0) pkt_[a] = v;  // a newer beat for the byte keeps it unknown
      }
      wr_delay_.pop_front();
    }
    for (unsigned w = 0; w < cfg_.num_wr; ++w) {
      if (!get_bits(d.pw_req_i, w, 1)) continue;
      if (!get_bits(d.pw_ready_o, w, 1)) sim_.fail(fmt::format("writer {} wrote while not ready", w));
      const std::uint32_t base = static_cast<std::uint32_t>(get_bits(d.pw_addr_i, w * addr_w_, addr_w_)) * cfg_.lanes;
      std::vector<std::pair<std::uint32_t, std::int16_t>> bytes;
      for (unsigned l = 0; l < cfg_.lanes; ++l) {
        if (get_bits(d.pw_be_i, w * cfg_.lanes + l, 1)) {
          bytes.push_back({base + l, static_cast<std::int16_t>(get_bits(d.pw_wdata_i, (w * cfg_.lanes + l) * 8, 8))});
          pkt_[base + l] = -1;
          ++wr_pending_[base + l];
        }
      }
      wr_delay_.push_back({sim_.cycle(), bytes});
    }
  }

  void drive() {
    auto& d = sim_.dut();
    auto& rng = sim_.rng();
    const unsigned beats = cfg_.slots * cfg_.slot_bytes / cfg_.lanes;
    for (unsigned r = 0; r < cfg_.num_req; ++r) {
      if (!offer_[r] && !draining_ && rng.chance(load_)) offer_[r] = random_req(r);
      const bool v = offer_[r].has_value();
      put_bits(d.req_valid_i, r, 1, v);
      if (v) {
        const Req& q = *offer_[r];
        put_bits(d.req_we_i, r, 1, q.we);
        put_bits(d.req_addr_i, 32 * r, 32, q.addr);
        put_bits(d.req_be_i, 4 * r, 4, q.be);
        put_bits(d.req_wdata_i, 32 * r, 32, q.wdata);
        put_bits(d.req_thread_i, 3 * r, 3, q.thread);
        put_bits(d.req_handle_i, 16 * r, 16, q.handle);
      }
      // One bank: responses stalled in stretches of 64 cycles out of every 128.
      const bool stalled = one_bank_ && ((sim_.cycle() / 64) % 2 == 1);
      put_bits(d.rsp_ready_i, r, 1, draining_ || (!stalled && rng.chance(rsp_p_)));
    }
    // Writers: bursts of consecutive beats in their own slot (writer w: slot w), at most one beat
    // per cycle each, as the ingress port writers do, and only while ready (else the beat waits).
    // With hot_write_bank_ every beat lands in bank 0, as back-to-back one-beat frames can.
    // Readers: a random beat each, held until granted.
    const unsigned slot_beats = cfg_.slot_bytes / cfg_.lanes;
    const auto pw_ready_before = get_bits(d.pw_ready_o, 0, cfg_.num_wr);
    for (unsigned w = 0; w < cfg_.num_wr; ++w) {
      if (!get_bits(d.pw_ready_o, w, 1)) {
        put_bits(d.pw_req_i, w, 1, 0);
        if (!draining_) ++pw_stalls_;  // a writer not ready while traffic runs
        continue;
      }
      // A frame: a burst of beats at (nearly) one per cycle, then a gap, as an input port delivers.
      if (pw_left_[w] == 0 && pw_gap_[w] == 0) {
        pw_beat_[w] = static_cast<unsigned>(rng.range(0, slot_beats - 1));
        pw_left_[w] = hot_write_bank_ ? 1U : static_cast<unsigned>(rng.range(1, 3 * slot_beats));
        pw_gap_[w] = hot_write_bank_ ? 0U : static_cast<unsigned>(rng.range(1, 24));
      }
      if (hot_write_bank_) {  // in turn, the beats of slots w and w + num_wr that lie in bank 0
        const unsigned per_slot = slot_beats / cfg_.num_banks;
        const unsigned i = pw_hot_next_[w] % (2 * per_slot);
        pw_slot_[w] = w + (i >= per_slot ? cfg_.num_wr : 0U);
        pw_beat_[w] = (slot_beats + cfg_.num_banks * (i % per_slot) - pw_slot_[w] % cfg_.num_banks) % slot_beats;
      }
      // The ingress never has two beats for one address in flight (a slot is written once per
      // frame, and a dropped frame's slot comes back only when its beats are written).
      const std::uint32_t at = (pw_slot_[w] * slot_beats + pw_beat_[w]) * cfg_.lanes;
      bool in_flight = false;
      for (unsigned l = 0; l < cfg_.lanes; ++l) {
        const auto it = wr_pending_.find(at + l);
        if (it != wr_pending_.end() && it->second != 0) in_flight = true;
      }
      if (!draining_ && pw_left_[w] > 0 && !in_flight && rng.chance(0.97)) {
        put_bits(d.pw_req_i, w, 1, 1);
        put_bits(d.pw_addr_i, w * addr_w_, addr_w_, pw_slot_[w] * slot_beats + pw_beat_[w]);
        for (unsigned l = 0; l < cfg_.lanes; ++l) {
          put_bits(d.pw_wdata_i, (w * cfg_.lanes + l) * 8, 8, rng.bits(8));
          put_bits(d.pw_be_i, w * cfg_.lanes + l, 1, rng.chance(0.9));
        }
        pw_beat_[w] = (pw_beat_[w] + 1) % slot_beats;
        --pw_left_[w];
        ++pw_hot_next_[w];
      } else {
        put_bits(d.pw_req_i, w, 1, 0);
        if (pw_left_[w] == 0 && pw_gap_[w] > 0) --pw_gap_[w];
      }
    }
    for (unsigned r = 0; r < cfg_.num_rd; ++r) {
      if (!rd_addr_[r] && !draining_ && rng.chance(0.6)) rd_addr_[r] = static_cast<unsigned>(rng.range(0, beats - 1));
      put_bits(d.pr_req_i, r, 1, rd_addr_[r].has_value());
      put_bits(d.pr_addr_i, r * addr_w_, addr_w_, rd_addr_[r].value_or(0));
    }
    // The requesters' and writers' ready are flops: the inputs just driven must not change them.
    const auto ready_before = static_cast<std::uint64_t>(d.req_ready_o);
    d.eval();
    if (get_bits(d.pw_ready_o, 0, cfg_.num_wr) != pw_ready_before) {
      sim_.fail(fmt::format("pw_ready_o changed with this cycle's inputs ({:#x} -> {:#x})", pw_ready_before,
                            get_bits(d.pw_ready_o, 0, cfg_.num_wr)));
    }
    if (static_cast<std::uint64_t>(d.req_ready_o) != ready_before) {
      sim_.fail(fmt::format("req_ready_o changed with this cycle's inputs ({:#x} -> {:#x})", ready_before,
                            static_cast<std::uint64_t>(d.req_ready_o)));
    }
  }

  Sim<Model> sim_;
  Cfg cfg_;
  double load_, rsp_p_;
  bool one_bank_, hot_write_bank_;
  bool draining_ = false;
  std::vector<std::int16_t> pkt_, stack_, ro_, da_;  // -1: never written (RAM contents unknown)
  std::vector<std::optional<Req>> offer_;
  std::map<unsigned, unsigned> wait_;
  struct Pending {
    unsigned first;
    std::array<std::int16_t, 4> second;
    Req req;
    std::uint64_t cycle;
  };
  std::vector<std::deque<Pending>> pending_;
  std::vector<std::deque<std::pair<Req, std::uint64_t>>> port_;  // accepted, not yet performed
  std::uint64_t ready_q_ = ~std::uint64_t{0}, ready_low_ = 0, ready_rose_ = 0;
  std::vector<std::optional<unsigned>> rd_addr_;   // per reader: the beat it requests
  std::vector<unsigned> rd_wait_;
  std::vector<std::optional<std::array<std::int16_t, 64>>> pr_expect_;
  std::uint64_t pw_stalls_ = 0, parallel_reads_ = 0;
  unsigned addr_w_ = 0;  // width of one writer address
  std::map<std::uint32_t, unsigned> wr_pending_;
  std::array<unsigned, 16> pw_beat_{}, pw_left_{}, pw_gap_{}, pw_hot_next_{};
  std::array<unsigned, 16> pw_slot_ = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};  // writer w: slot w
  std::deque<std::pair<std::uint64_t, std::vector<std::pair<std::uint32_t, std::int16_t>>>> wr_delay_;
  std::uint64_t reads_checked_ = 0, reader_checked_ = 0;
};

// Config a: 3 requesters, 8 banks, 64-bit beats, 2 outstanding reads per requester, 4 writers,
// 5 readers.
constexpr Cfg kA{3, 8, 256, 64, 256, 256, 8, 4, 8, 5};
// Config b: 5 requesters, 2 banks, 128-bit beats, 8 outstanding reads, 1 writer, 3 readers.
constexpr Cfg kB{5, 8, 128, 32, 128, 64, 16, 1, 2, 3};

TEST(SmemXbar, RandomMatchesReferenceA) {
  XbarEnv<Vsmem_xbar_a> env(kA, 0.7, 0.7);
  env.run(50000);
  EXPECT_GT(env.parallel_reads(), 5000U) << "readers were never granted in the same cycle";
}
TEST(SmemXbar, SaturatedSlowResponsesA) { XbarEnv<Vsmem_xbar_a>(kA, 1.0, 0.2).run(50000); }
TEST(SmemXbar, RandomMatchesReferenceB) { XbarEnv<Vsmem_xbar_b>(kB, 0.6, 0.8).run(50000); }
TEST(SmemXbar, SaturatedB) { XbarEnv<Vsmem_xbar_b>(kB, 1.0, 1.0).run(50000); }

// Every requester at one bank, responses stalled in stretches: the port registers fill, ready
// falls and rises again many times, nothing is lost, duplicated or reordered.
TEST(SmemXbar, ReadyUnderBackPressureA) {
  XbarEnv<Vsmem_xbar_a> env(kA, 1.0, 0.5, true);
  env.run(20000);
  EXPECT_GT(env.ready_low(), 2000U) << "the port registers never filled";
  EXPECT_GT(env.ready_rose(), 100U);
}
TEST(SmemXbar, ReadyUnderBackPressureB) {
  XbarEnv<Vsmem_xbar_b> env(kB, 1.0, 0.5, true);
  env.run(20000);
  EXPECT_GT(env.ready_low(), 2000U) << "the port registers never filled";
  EXPECT_GT(env.ready_rose(), 100U);
}

// Every writer's beats aimed at bank 0 (one-beat frames back to back can do that): the staging
// fills, pw_ready_o falls, writers wait; every beat still lands (the readers check the data).
TEST(SmemXbar, WritersWaitWhenTheirBankIsBusyA) {
  XbarEnv<Vsmem_xbar_a> env(kA, 0.5, 0.8, false, true);
  env.run(20000);
  EXPECT_GT(env.write_stalls(), 1000U) << "the writer staging never filled";
}

}  // namespace
