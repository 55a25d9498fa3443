// SPDX-License-Identifier: Apache-2.0
// The engine system environment (docs/engine.md, "System testbench"): a verilated baton_engine
// with an AXI4-Stream driver per ingress port, a monitor per egress port and on the host stream,
// the loader, an AXI4-Lite master for the CSRs, and the scoreboard against the golden model.
//
//   EngineEnv<Vengine_t4> b(geometry, options);
//   b.load(load_plan(image, blob, FWC_DATA_OFFSET, geometry));   // loader port
//   b.configure(image, golden_config);                           // CM TILES/PCFG, ingress limits
//   Scoreboard sb(golden_config, geometry.ports);
//   RunStats s = b.run(packets, sb);                             // drive, monitor, match
//   sb.finish(b.read_counters());                                // fates, counters, FS9 invariant
//
// Each packet's fate is identified through the engine's observation port (docs/engine.md,
// "Observation port"): the k-th ingress event of port p is the k-th frame offered on p (stored in
// slot s, or dropped with a reason); a release of slot s names that packet's verdict; the k-th
// frame leaving an output is the k-th packet released to it.
#pragma once

#include <algorithm>
#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "baton/env/engine/load_plan.hpp"
#include "baton/env/engine/pins.hpp"
#include "baton/env/engine/scoreboard.hpp"
#include "baton/env/engine/setup.hpp"
#include "baton/fw/accounting_classes.hpp"
#include "baton/fw/firewall_classes.hpp"
#include "baton/model/ingress/channel_regs.hpp"
#include "baton/golden/router.hpp"
#include "baton/image/image.hpp"
#include "baton/tb/axil.hpp"
#include "baton/tb/axis.hpp"
#include "baton/tb/config.hpp"
#include "baton/tb/sim.hpp"
#include "baton/abi.hpp"
#include "baton_cm_part_regs.h"
#include "baton_cm_regs.h"
#include "baton_egress_regs.h"
#include "baton_engine_regs.h"
#include "baton_engine_tile_regs.h"
#include "baton_flow_regs.h"
#include "baton_ingress_port_regs.h"
#include "baton_ingress_regs.h"
#include "baton_pager_regs.h"

namespace baton::env::engine {

// CSR addresses of the engine. The top registers and the block windows come from the header
// generated from rtl/top/baton_engine_regs.rdl, the registers inside the block windows from the
// headers generated from rtl/cm/baton_cm_regs.rdl, rtl/ingress/baton_ingress_regs.rdl and
// rtl/egress/baton_egress_regs.rdl (docs/registers.md).
namespace csr {
namespace detail {
constexpr std::uint32_t at(std::size_t offset) { return static_cast<std::uint32_t>(offset); }
}  // namespace detail
inline constexpr std::uint32_t kCm = detail::at(offsetof(baton_engine_regs_t, CM));
inline constexpr std::uint32_t kIngress = detail::at(offsetof(baton_engine_regs_t, INGRESS));
inline constexpr std::uint32_t kEgress = detail::at(offsetof(baton_engine_regs_t, EGRESS));
inline constexpr std::uint32_t kTopId = detail::at(offsetof(baton_engine_regs_t, ID));
inline constexpr std::uint32_t kTopClear = detail::at(offsetof(baton_engine_regs_t, CLEAR));
inline constexpr std::uint32_t kTopCycleLo = detail::at(offsetof(baton_engine_regs_t, CYCLE_LO));
inline constexpr std::uint32_t kTopCycleHi = detail::at(offsetof(baton_engine_regs_t, CYCLE_HI));
inline constexpr std::uint32_t kTopCompletions = detail::at(offsetof(baton_engine_regs_t, COMPLETIONS));
inline constexpr std::uint32_t kTopMigrations = detail::at(offsetof(baton_engine_regs_t, MIGRATIONS));
inline constexpr std::uint32_t kTopLoadReqs = detail::at(offsetof(baton_engine_regs_t, LOAD_REQS));
inline constexpr std::uint32_t kTopIdValue = BATON_ENGINE_REGS__ID__VALUE_reset;
// An entry of an external array: `base` plus entry e's stride (the layout's size rounded up to a
// power of two, as rdl-gen places entries) plus the register's offset in the layout.
template <typename Layout>
constexpr std::uint32_t entry(std::uint32_t base, unsigned e, std::size_t reg_offset) {
  return base + static_cast<std::uint32_t>(std::bit_ceil(sizeof(Layout))) * e + detail::at(reg_offset);
}
// Tile t's counters (layout baton_engine_tile_regs) in the tile windows (TILES_LO, then TILES_HI).
inline constexpr std::uint32_t top_issue(unsigned t) {
  return entry<baton_engine_tile_regs_t>(detail::at(offsetof(baton_engine_regs_t, TILES_LO)), t,
                                         offsetof(baton_engine_tile_regs_t, ISSUE));
}
inline constexpr std::uint32_t top_retire(unsigned t) {
  return entry<baton_engine_tile_regs_t>(detail::at(offsetof(baton_engine_regs_t, TILES_LO)), t,
                                         offsetof(baton_engine_tile_regs_t, RETIRE));
}
// Register `reg_offset` (offsetof(baton_cm_part_regs_t, ...)) of partition p (the CM's windows).
inline constexpr std::uint32_t cm_part(unsigned p, std::size_t reg_offset) {
  return entry<baton_cm_part_regs_t>(kCm + detail::at(offsetof(baton_cm_regs_t, PARTS_A)), p, reg_offset);
}
inline constexpr std::uint32_t kCmNewCount = kCm + detail::at(offsetof(baton_cm_regs_t, NEW_COUNT));
inline constexpr std::uint32_t kCmDlvCount = kCm + detail::at(offsetof(baton_cm_regs_t, DLV_COUNT));
inline constexpr std::uint32_t kCmAdmitStall = kCm + detail::at(offsetof(baton_cm_regs_t, ADMIT_STALL));
inline constexpr std::uint32_t kIngInitPart = kIngress + detail::at(offsetof(baton_ingress_regs_t, INIT_PART));
inline constexpr std::uint32_t kIngAffinity = kIngress + detail::at(offsetof(baton_ingress_regs_t, AFFINITY));
inline constexpr std::uint32_t kIngMinFrame = kIngress + detail::at(offsetof(baton_ingress_regs_t, MIN_FRAME));
inline constexpr std::uint32_t kIngMaxFrame = kIngress + detail::at(offsetof(baton_ingress_regs_t, MAX_FRAME));
inline constexpr std::uint32_t kIngDispatched = kIngress + detail::at(offsetof(baton_ingress_regs_t, DISPATCHED));
inline constexpr std::uint32_t kIngPortGroup = kIngress + detail::at(offsetof(baton_ingress_regs_t, PORT_GROUP));
// Entry c of the ingress's event class table (docs/ingress.md "Target partition").
inline constexpr std::uint32_t ing_class(unsigned c) {
  return kIngress + detail::at(offsetof(baton_ingress_regs_t, CLASS)) + 4 * c;
}
// Register `reg_offset` (offsetof(baton_ingress_port_regs_t, ...)) of port p (the port windows).
inline constexpr std::uint32_t ing_port(unsigned p, std::size_t reg_offset) {
  return entry<baton_ingress_port_regs_t>(kIngress + detail::at(offsetof(baton_ingress_regs_t, PORTS_LO)), p,
                                          reg_offset);
}
inline constexpr std::uint32_t kPager = detail::at(offsetof(baton_engine_regs_t, PAGER));
inline constexpr std::uint32_t pager(std::size_t reg_offset) { return kPager + detail::at(reg_offset); }
// The flow-state window (engines built with FlowState, rtl/flow/baton_flow_regs.rdl).
inline constexpr std::uint32_t kFlow = detail::at(offsetof(baton_engine_regs_t, FLOW));
inline constexpr std::uint32_t kFlowStatus = kFlow + detail::at(offsetof(baton_flow_regs_t, STATUS));
// PART_LAYER word of partition p (bit p mod 32 is its layer).
inline constexpr std::uint32_t flow_part_layer(unsigned p) {
  return kFlow + detail::at(offsetof(baton_flow_regs_t, PART_LAYER0)) + 4 * (p / 32);
}
// Counter c of the flow-state window (lk_stats_t order, then pulls and write-backs).
inline constexpr std::uint32_t flow_counter(unsigned c) {
  return kFlow + detail::at(offsetof(baton_flow_regs_t, STATS)) + 4 * c;
}
inline constexpr std::uint32_t kEgCntSel = kEgress + detail::at(offsetof(baton_egress_regs_t, CNT_SEL));
inline constexpr std::uint32_t kEgCntLo = kEgress + detail::at(offsetof(baton_egress_regs_t, CNT_LO));
inline constexpr std::uint32_t kEgCntHi = kEgress + detail::at(offsetof(baton_egress_regs_t, CNT_HI));
}  // namespace csr

struct EnvOptions {
  std::uint64_t seed = 1;
  bool trace = false;
  std::string wave_file = "engine.fst";
  double out_ready = 1.0;        // probability an egress/host sink is ready in a cycle
  double in_rate = 1.0;          // probability an input source offers a beat in a cycle (load)
  std::uint64_t drain_cycles = 200;     // idle cycles (all slots free) that end a run
  std::uint64_t max_idle = 200'000;     // cycles without any output before giving up
  // Flow control as a MAC with PAUSE would do it: a port starts a new frame only while more than
  // 2 x ports + 1 packet-buffer slots are free (free_slots_o), so the buffer never overflows.
  // Off: frames arrive at line rate and the ingress drops what does not fit (buffer_full).
  bool pace = true;
  // MP3: when the image has TCP replicas of the initial partition and they fit the tiles
  // (tcp_affinity), the ingress sends TCP to them (AFFINITY register). Off, or not placed: TCP
  // goes to the initial partition like the rest.
  bool affinity = true;
  // Partitions the pager loads before traffic (load_plan.hpp); the rest are loaded on demand.
  Preload preload = Preload::kFit;
  // Rebalancing (PM11, docs/pager.md): 0 = off; else the CM's IMB_THRESH (cycles a queue's oldest
  // context waits before its partition counts as hot) with the pager's HOLDOFF. On by default:
  // the default engine's IMEMs hold 8 of the reference firmware's 12 pages per tile.
  std::uint32_t rebalance_thresh = 64;
  std::uint32_t rebalance_holdoff = 2048;
  // The pager's CTRL.SPREAD: a load whose chosen tile has no victim tries the other candidate
  // tiles before it waits (docs/pager.md step 3). On by default: with rebalancing it was as good
  // or better on every mix of baton-bench-paging (performance.md "Paging").
  bool victim_spread = true;
  // Stimulus fault for the scoreboard's self-test: offer packet `swap_offer.second` where
  // `swap_offer.first` would have gone and vice versa (both on one port). The engine then
  // keeps the order it saw, which the scoreboard must report as a reordering within the flow.
  std::pair<std::size_t, std::size_t> swap_offer{~std::size_t{0}, ~std::size_t{0}};
};

// The options a test starts from: the test's seed, --trace, waves named after the running test.
inline EnvOptions test_options() {
  EnvOptions o;
  o.seed = tb::test_seed();
  o.trace = tb::run_options().trace;
  o.wave_file = tb::wave_path_for(tb::current_test_name());
  return o;
}

struct RunStats {
  std::uint64_t cycles = 0;        // from the first offered beat to the last output
  std::uint64_t packets = 0;
  std::uint64_t outputs = 0;       // frames out (ports and host)
  std::uint64_t decided = 0;       // packets with a fate (outputs and drops)
  std::vector<std::uint64_t> latency;  // cycles from a packet's last input beat to its output's last beat
  // Hand-off (observation port): cycles from a MIGRATE retiring to the first instruction of the
  // thread that continues the packet, and from a frame's admission (stored in its slot, after
  // its last beat) to the first instruction of its initial partition.
  std::vector<std::uint64_t> hop_latency, dispatch_latency;
  bool timed_out = false;
};

// Statistics read from the CSRs after a run, for the report.
struct EngineStats {
  std::uint64_t cycles = 0;
  std::vector<std::uint32_t> issue, retire;  // per tile
  std::uint32_t completions = 0, migrations = 0, load_reqs = 0;
  std::uint32_t cm_new = 0, cm_dlv = 0, cm_admit_stall = 0;
  // Pager (docs/pager.md)
  std::uint32_t pg_loads = 0, pg_evictions = 0, pg_pages = 0, pg_faults = 0, pg_fault_cycles = 0, pg_fault_max = 0,
                pg_victim_wait = 0, pg_errors = 0, pg_rebalances = 0;
  struct Queue {
    unsigned part;
    std::uint32_t hwm, enq, deq, byp, wait;
  };
  std::vector<Queue> queues;
};

template <typename Model>
class EngineEnv {
 public:
  EngineEnv(Geometry g, EnvOptions o)
      : g_(g), opt_(std::move(o)),
        sim_(typename tb::Sim<Model>::Options{opt_.seed, opt_.trace, opt_.wave_file}),
        axil_(sim_, axil_pins(sim_.dut()), "csr", tb::Rng(opt_.seed ^ 0xa5a5), 0.0, 0.0) {
    auto& d = sim_.dut();
    for (unsigned p = 0; p < g_.ports; ++p) {
      in_.push_back(std::make_unique<tb::AxisSource>(sim_, source_pins(d, p), g_.lanes, fmt::format("in{}", p)));
      in_[p]->on_packet_sent = [this, p](std::uint64_t n) { on_sent(p, n); };
      in_[p]->on_packet_started = [this, p](std::uint64_t) {
        if (!in_flight_[p].empty()) started_at_[in_flight_[p].front()] = sim_.cycle();
      };
      if (opt_.in_rate < 1.0) in_[p]->set_pattern(tb::pattern::random(tb::Rng(opt_.seed * 17 + p), opt_.in_rate));
      out_.push_back(std::make_unique<tb::AxisSink>(sim_, sink_pins(d, p), g_.lanes, fmt::format("out{}", p),
                                                    ready_pattern(p)));
      out_[p]->on_packet = [this, p](const tb::AxisPacket& pk) { on_output(p, pk, 0); };
    }
    host_ = std::make_unique<tb::AxisSink>(sim_, host_pins(d), g_.lanes, "host", ready_pattern(g_.ports));
    host_->on_packet = [this](const tb::AxisPacket& pk) {
      on_output(g_.ports, pk, host_tuser_);
    };
    d.ld_valid_i = 0;
    sim_.on_sample([this] {
      sample_loader();
      sample_observation();
    });
    sim_.on_drive([this] { drive_loader(); });
    sim_.reset(8);
    reset_done_ = sim_.cycle();
  }

  static constexpr std::size_t kNoPacket = ~std::size_t{0};
  // Every output frame (out = port, or `ports` for the host stream) with the cycle of its last
  // beat and the index of the packet it belongs to (kNoPacket: none was released there).
  std::function<void(unsigned out, const std::vector<std::uint8_t>& frame, std::uint64_t cycle, std::size_t packet)>
      on_frame;

  // Events the engine made without a packet (flow state: timeout and generated events), observed
  // when they took a packet-buffer slot; what became of each (release code and cycle, the frame
  // when it went to a port or the host).
  struct PacketlessEvent {
    unsigned type = 0;
    std::uint32_t flow = 0;
    std::uint64_t admitted = 0, released = 0;
    unsigned code = 0;  // the egress release code (drop reason, 0x100 + port, 0x110 host, 0x111 done)
    bool output = false;  // its frame was seen
    unsigned out = 0;
    std::vector<std::uint8_t> frame;
  };
  const std::vector<PacketlessEvent>& packetless() const { return events_; }
  // Per packet of the last run: the cycle its fate was decided (released as DONE or a drop, or its
  // frame's last beat out); 0 if never.
  const std::vector<std::uint64_t>& decided_at() const { return decided_at_; }
  // A run also waits until this many packetless events were released (timers fire after the
  // packets, so "every slot free" alone would end it too early).
  void expect_packetless(std::size_t n) { expect_events_ = n; }
  // Per packet of the last run: the engine's cycle counter (CYCLE_LO, docs/engine.md) when its
  // first beat entered the port, as a MAC would timestamp it. The counter leaves reset through
  // the engine's two-stage reset synchronizer (baton_rst_sync), so it reads c - reset - 2 in the
  // cycle c the beat is taken. The stimulus side's clock, for models that need arrival times
  // (flow accounting).
  [[nodiscard]] std::uint64_t arrival_time(std::size_t packet) const { return engine_time(started_at_.at(packet)); }
  // The engine's cycle counter when the packet was stored in its slot (admitted, after its last
  // beat: the order in which the ingress hands frames on), or nothing when it never was.
  [[nodiscard]] std::optional<std::uint64_t> admission_time(std::size_t packet) const {
    const std::uint64_t c = stored_at_.at(packet);
    return c == 0 ? std::nullopt : std::optional<std::uint64_t>(engine_time(c));
  }
  // The engine's cycle counter in simulation cycle `cycle`.
  [[nodiscard]] std::uint64_t engine_time(std::uint64_t cycle) const { return cycle - reset_done_ - 2; }
  // The simulation cycle of each packet's first beat (0: never offered).
  [[nodiscard]] const std::vector<std::uint64_t>& started_at() const { return started_at_; }
  // Earliest offer cycle of each packet, relative to the run's start (empty: as soon as possible).
  void set_offer_times(std::vector<std::uint64_t> at) { offer_at_ = std::move(at); }

  tb::Sim<Model>& sim() { return sim_; }
  Model& dut() { return sim_.dut(); }

  // Runs the loader port until every operation is taken.
  void load(std::vector<LoadOp> ops) {
    load_ops_ = std::deque<LoadOp>(ops.begin(), ops.end());
    if (!sim_.run(load_ops_.size() * 4 + 1000, [&] { return load_ops_.empty(); })) {
      throw std::runtime_error("engine: loader did not finish: " + sim_.failure());
    }
  }

  // CM partition presence (partition ids the image does not load are absent: a migration there
  // is dropped), the pager's preload (preload_plan; the pager sets the CM's TILES as it loads)
  // and the ingress limits, initial partition and TCP affinity (MP3).
  void configure(const image::Image& img, const golden::Config& cfg) {
    const Affinity aff = tcp_affinity(img, g_);
    for (unsigned p = 0; p < g_.parts; ++p) {
      const bool present = img.find(static_cast<std::uint8_t>(p)) != nullptr && aff.placement(p, g_.tiles) != 0;
      reg_write(csr::cm_part(p, offsetof(baton_cm_part_regs_t, PCFG)), present ? 0 : BATON_CM_PART_REGS__PCFG__ABSENT_bm);
    }
    for (const PagerLoad& c : preload_plan(img, g_, opt_.preload)) pager_command(c.part, c.tile, kPagerLoad);
    using R = baton_pager_regs_t;
    std::uint32_t ctrl = BATON_PAGER_REGS__CTRL__DEMAND_bm;
    if (opt_.victim_spread) ctrl |= BATON_PAGER_REGS__CTRL__SPREAD_bm;
    if (opt_.rebalance_thresh != 0) {
      reg_write(csr::kCm + csr::detail::at(offsetof(baton_cm_regs_t, IMB_THRESH)), opt_.rebalance_thresh);
      reg_write(csr::pager(offsetof(R, HOLDOFF)), opt_.rebalance_holdoff);
      ctrl |= BATON_PAGER_REGS__CTRL__REBALANCE_bm;
    }
    if (ctrl != BATON_PAGER_REGS__CTRL__DEMAND_bm) reg_write(csr::pager(offsetof(R, CTRL)), ctrl);
    reg_write(csr::kIngInitPart, img.initial_partition);
    if (aff.count != 0) {
      const unsigned log2 = static_cast<unsigned>(std::countr_zero(aff.count));
      const bool on = opt_.affinity && aff.placed;
      reg_write(csr::kIngAffinity, ((on ? 1U : 0U) << BATON_INGRESS_REGS__AFFINITY__EN_bp) |
                                       (aff.base << BATON_INGRESS_REGS__AFFINITY__BASE_bp) |
                                       (log2 << BATON_INGRESS_REGS__AFFINITY__LOG2_bp));
    }
    reg_write(csr::kIngMinFrame, static_cast<std::uint32_t>(cfg.min_frame));
    reg_write(csr::kIngMaxFrame, static_cast<std::uint32_t>(cfg.max_frame));
    if (reg_read(csr::kTopId) != csr::kTopIdValue) throw std::runtime_error("engine: top ID register reads wrong");
    if (cfg.accounting.enabled) configure_accounting(img);
    if (cfg.firewall.enabled) configure_firewall(img);
  }

  // The stateful firewall (docs/feature-set.md section 12, docs/firewall.md): the event class
  // table of fw::firewall_classes (connection keys, CONN). It needs the firewall image (router_fw,
  // whose partitions the classes name) and an engine built with FlowState.
  void configure_firewall(const image::Image& img) {
    for (const unsigned p : {FWF_PART_IN, FWF_PART_SETUP, FWF_PART_EST, FWF_PART_CLOSE}) {
      if (img.find(static_cast<std::uint8_t>(p)) == nullptr) {
        throw std::runtime_error(fmt::format("firewall: the firmware image has no partition {}; the firewall runs on the "
                                             "router_fw image", p));
      }
    }
    wait_flow_table("the firewall");
    write_classes(fw::firewall_classes());
  }

  // Enables the event class table entries `routes` (ingress CLASS registers).
  void write_classes(const std::vector<fw::ClassRoute>& routes) {
    for (const auto& c : routes) {
      reg_write(csr::ing_class(c.cls), BATON_INGRESS_REGS__CLASS__ENTRY__EN_bm |
                                           (static_cast<unsigned>(c.lookup) << BATON_INGRESS_REGS__CLASS__ENTRY__MODE_bp) |
                                           ((c.conn ? 1U : 0U) << BATON_INGRESS_REGS__CLASS__ENTRY__CONN_bp) |
                                           (c.part << BATON_INGRESS_REGS__CLASS__ENTRY__PART_bp) |
                                           (c.entry << BATON_INGRESS_REGS__CLASS__ENTRY__ENTRY_bp));
    }
  }

  // Waits until the flow table reports ready after its clear; one line naming `who` when the
  // engine has no flow state.
  void wait_flow_table(const std::string& who) {
    // Without FlowState the window answers with an error response (or, were it mapped, never
    // reports the table ready): either way one line that names the cause.
    const auto ready = [&] {
      try {
        return (reg_read(csr::kFlowStatus) & 1U) != 0;
      } catch (const std::runtime_error&) {
        throw std::runtime_error(who + " needs an engine built with FlowState: its flow-state registers do not answer");
      }
    };
    for (unsigned polls = 0; !ready(); ++polls) {
      if (polls > 4096) {
        throw std::runtime_error(who + " needs an engine built with FlowState: its flow table never reported ready");
      }
      if (!sim_.advance(64)) throw std::runtime_error("engine: " + sim_.failure());
    }
  }

  // Flow accounting (docs/feature-set.md section 11): the event class table of
  // fw::accounting_classes. It needs an engine built with FlowState, whose flow table reports
  // ready after its clear; the idle timeout itself is in the firmware's blob.
  void configure_accounting(const image::Image& img) {
    const image::Partition* exp = img.find(static_cast<std::uint8_t>(FWA_PART_EXPORT));
    if (exp == nullptr || exp->entries.size() <= FWA_ENTRY_CLOSE) {
      throw std::runtime_error(fmt::format("flow accounting: the firmware image has no export entries (partition {}, entries {} and {})",
                                           FWA_PART_EXPORT, FWA_ENTRY_IDLE, FWA_ENTRY_CLOSE));
    }
    wait_flow_table("flow accounting");
    write_classes(fw::accounting_classes(img.initial_partition));
  }

  // SP4 channels (docs/ingress.md "Channels"): channel groups, VLAN channels and the flow key's
  // class of each port, each register read back.
  void configure_channels(const baton::model::ingress::ChannelConfig& c) {
    for (const auto& w : baton::model::ingress::channel_registers(c)) {
      reg_write(csr::kIngress + w.offset, w.value);
      if (reg_read(csr::kIngress + w.offset) != w.value) {
        throw std::runtime_error(fmt::format("engine: ingress channel register 0x{:03x} reads back wrong", w.offset));
      }
    }
  }

  // The firmware's image and configuration blob through the loader port, then configure() for it.
  void boot(const Firmware& fw) {
    load(load_plan(fw.image, fw.blob, fw.blob_offset, g_));
    configure(fw.image, fw.config);
  }

  static constexpr unsigned kPagerLoad = 1, kPagerEvict = 2;
  // One pager command (CMD), waited for; throws when the pager reports an error.
  void pager_command(unsigned part, unsigned tile, unsigned op) {
    using R = baton_pager_regs_t;
    reg_write(csr::pager(offsetof(R, CMD)), (part << BATON_PAGER_REGS__CMD__PART_bp) |
                                                (tile << BATON_PAGER_REGS__CMD__TILE_bp) |
                                                (op << BATON_PAGER_REGS__CMD__OP_bp));
    for (unsigned polls = 0;; ++polls) {
      const std::uint32_t st = reg_read(csr::pager(offsetof(R, STATUS)));
      if ((st & (BATON_PAGER_REGS__STATUS__BUSY_bm | BATON_PAGER_REGS__STATUS__CMD_PENDING_bm)) == 0) {
        if (const std::uint32_t e = (st & BATON_PAGER_REGS__STATUS__ERROR_bm) >> BATON_PAGER_REGS__STATUS__ERROR_bp) {
          throw std::runtime_error(fmt::format("engine: pager refused {} of partition {} on tile {}: error {}",
                                               op == kPagerEvict ? "eviction" : "load", part, tile, e));
        }
        return;
      }
      if (polls > 100'000) throw std::runtime_error("engine: pager command did not finish");
      if (!sim_.advance(32)) throw std::runtime_error("engine: " + sim_.failure());
    }
  }

  // Live reload under traffic (docs/pager.md "Live reload"), a task to spawn() before run(): once
  // run() has decided `after` packets, writes the new version's pages and entry pcs into a free
  // part of the code store, pauses loading (faults and rebalancing) while it rewrites the
  // descriptor, then evicts the partition from every tile (contexts running the old version
  // finish in it; new ones wait) and loads it on every tile it may go on again. `started` and `done` receive the cycles the
  // eviction started and the reload ended.
  tb::Task live_reload(ReloadPlan plan, std::uint64_t after, std::uint64_t& started, std::uint64_t& done) {
    using R = baton_pager_regs_t;
    tb::AxilResult r;
    while (stats_.decided < after) co_await sim_.cycles(1);
    auto store = [this](const std::vector<LoadOp>& ops) -> tb::Task {
      for (const auto& op : ops) load_ops_.push_back(op);
      while (!load_ops_.empty()) co_await sim_.cycles(1);
    };
    auto idle = [this, &r](std::uint32_t mask) -> tb::Task {
      for (;;) {
        co_await axil_.read(csr::pager(offsetof(R, STATUS)), r);
        if ((r.data & mask) == 0) co_return;
        co_await sim_.cycles(16);
      }
    };
    constexpr std::uint32_t kBusy = BATON_PAGER_REGS__STATUS__BUSY_bm | BATON_PAGER_REGS__STATUS__CMD_PENDING_bm;
    co_await store(plan.body);
    co_await axil_.read(csr::pager(offsetof(R, CTRL)), r);
    const std::uint32_t ctrl = r.data;
    // No load (fault or rebalancing) may read the descriptor while it changes.
    co_await axil_.write(csr::pager(offsetof(R, CTRL)), 0, 0xf, r);
    co_await idle(BATON_PAGER_REGS__STATUS__BUSY_bm);
    co_await store(plan.desc);
    co_await axil_.write(csr::pager(offsetof(R, CTRL)), ctrl, 0xf, r);
    started = sim_.cycle();
    for (unsigned op : {kPagerEvict, kPagerLoad}) {
      co_await axil_.write(csr::pager(offsetof(R, CMD)),
                           (plan.part << BATON_PAGER_REGS__CMD__PART_bp) | (kAllTiles << BATON_PAGER_REGS__CMD__TILE_bp) |
                               (op << BATON_PAGER_REGS__CMD__OP_bp),
                           0xf, r);
      co_await sim_.cycles(4);
      co_await idle(kBusy);
    }
    done = sim_.cycle();
  }
  void spawn(tb::Task t) { sim_.spawn(std::move(t)); }

  std::uint32_t reg_read(std::uint32_t addr) {
    tb::AxilResult r;
    sim_.spawn(axil_.read(addr, r));
    if (!sim_.run(2000, [&] { return r.done; })) throw std::runtime_error("engine: CSR read timed out: " + sim_.failure());
    if (r.resp != tb::AxilResp::kOkay) throw std::runtime_error(fmt::format("engine: CSR read of {:#07x} failed", addr));
    return r.data;
  }
  // Contexts that entered partition p's CM queue (queued or bypassed): new and migrated.
  std::uint32_t part_entered(unsigned p) {
    return reg_read(csr::cm_part(p, offsetof(baton_cm_part_regs_t, ENQ))) +
           reg_read(csr::cm_part(p, offsetof(baton_cm_part_regs_t, BYP)));
  }
  void reg_write(std::uint32_t addr, std::uint32_t data) {
    tb::AxilResult r;
    sim_.spawn(axil_.write(addr, data, 0xf, r));
    if (!sim_.run(2000, [&] { return r.done; })) throw std::runtime_error("engine: CSR write timed out: " + sim_.failure());
    if (r.resp != tb::AxilResp::kOkay) throw std::runtime_error(fmt::format("engine: CSR write of {:#07x} failed", addr));
  }

  // Offers the packets (each port in list order), gives every packet's fate to the scoreboard;
  // `progress(decided, total)` is called every few thousand cycles.
  RunStats run(const std::vector<golden::Packet>& pkts, Scoreboard& sb,
               const std::function<void(std::size_t, std::size_t)>& progress = {}) {
    sb_ = &sb;
    pkts_ = &pkts;
    stats_ = RunStats{};
    stats_.packets = pkts.size();
    queued_.assign(g_.ports, {});
    rx_order_.assign(g_.ports, {});
    released_.assign(g_.ports + 1, {});
    slot_.assign(g_.slots, kNoPacket);
    sent_at_.assign(pkts.size(), 0);
    started_at_.assign(pkts.size(), 0);
    stored_at_.assign(pkts.size(), 0);
    decided_at_.assign(pkts.size(), 0);
    admit_at_.assign(g_.slots, 0);
    mig_at_.assign(g_.slots, 0);
    for (std::size_t i = 0; i < pkts.size(); ++i) {
      if (pkts[i].port >= g_.ports) {
        throw std::runtime_error(fmt::format("packet {}: ingress port {} but the engine has {} ports", i, pkts[i].port, g_.ports));
      }
      queued_[pkts[i].port].push_back(i);
    }
    if (const auto [a, b] = opt_.swap_offer; a < pkts.size() && b < pkts.size()) {
      auto& q = queued_[pkts[a].port];
      auto ia = std::find(q.begin(), q.end(), a), ib = std::find(q.begin(), q.end(), b);
      if (pkts[a].port != pkts[b].port || ia == q.end() || ib == q.end()) {
        throw std::runtime_error("swap_offer: both packets must enter on one port");
      }
      std::iter_swap(ia, ib);
    }
    in_flight_.assign(g_.ports, {});
    events_.clear();
    events_done_ = 0;
    const std::uint64_t start = sim_.cycle();
    run_start_ = start;
    if (!offer_at_.empty() && offer_at_.size() != pkts.size()) {
      throw std::runtime_error("set_offer_times: one time per packet");
    }
    last_output_ = start;
    std::uint64_t last_progress = start;
    std::uint64_t quiet_since = 0;
    bool ok = sim_.run(~std::uint64_t{0} >> 1, [&] {
      feed();
      const std::uint64_t now = sim_.cycle();
      if (progress && now - last_progress >= 4096) {
        progress(static_cast<std::size_t>(stats_.decided), pkts.size());
        last_progress = now;
      }
      // Done when everything was offered and every packet-buffer slot is free again (the egress
      // frees a slot after its frame left or its drop was counted), for drain_cycles cycles.
      const bool idle = all_offered() && sim_.dut().free_slots_o == g_.slots && events_done_ >= expect_events_;
      if (idle) {
        if (quiet_since == 0) quiet_since = now;
        return now - quiet_since >= opt_.drain_cycles;
      }
      quiet_since = 0;
      if (offer_due_later()) last_output_ = std::max(last_output_, now - 1);  // paced: quiet by design
      if (now - last_output_ > opt_.max_idle) {
        stats_.timed_out = true;
        return true;
      }
      return false;
    });
    if (!ok) throw std::runtime_error(sim_.failure());
    stats_.cycles = last_output_ - start;
    if (progress) progress(static_cast<std::size_t>(stats_.decided), pkts.size());
    sb_ = nullptr;
    return stats_;
  }

  // After run(): keeps the engine running until `more` further events without a packet have
  // ended (flow state: the timers of flows still in the table fire after the last packet), for at
  // most `max_cycles`; their frames go to on_frame and packetless() as during the run. False when
  // they did not all come.
  bool drain_events(Scoreboard& sb, std::size_t more, std::uint64_t max_cycles) {
    sb_ = &sb;
    const std::size_t target = events_done_ + more;
    const bool ok = sim_.run(max_cycles, [&] { return events_done_ >= target && sim_.dut().free_slots_o == g_.slots; });
    sb_ = nullptr;
    return ok;
  }

  HwCounters read_counters() {
    HwCounters c;
    for (unsigned p = 0; p < g_.ports; ++p) {
      using abi::DropReason;
      const auto drop = [&c](DropReason r) -> std::uint64_t& { return c.drop[static_cast<std::uint8_t>(r)]; };
      c.port_rx[p] = reg_read(csr::ing_port(p, offsetof(baton_ingress_port_regs_t, RX)));
      drop(DropReason::kBufferFull) += reg_read(csr::ing_port(p, offsetof(baton_ingress_port_regs_t, BUFFER_FULL)));
      drop(DropReason::kOversize) += reg_read(csr::ing_port(p, offsetof(baton_ingress_port_regs_t, OVERSIZE)));
      drop(DropReason::kRunt) += reg_read(csr::ing_port(p, offsetof(baton_ingress_port_regs_t, RUNT)));
      drop(DropReason::kTuserError) += reg_read(csr::ing_port(p, offsetof(baton_ingress_port_regs_t, TUSER)));
    }
    for (unsigned r = 0; r < 256; ++r) c.drop[r] += eg_counter(r);
    namespace ec = abi::egress_counter;
    for (unsigned p = 0; p < g_.ports; ++p) c.port_tx[p] = eg_counter(ec::kTxBase + p);
    c.to_host = eg_counter(ec::kToHost);
    c.done = eg_counter(ec::kDone);
    return c;
  }

  EngineStats read_stats() {
    EngineStats s;
    const std::uint32_t lo = reg_read(csr::kTopCycleLo);
    s.cycles = (static_cast<std::uint64_t>(reg_read(csr::kTopCycleHi)) << 32) | lo;
    for (unsigned t = 0; t < g_.tiles; ++t) {
      s.issue.push_back(reg_read(csr::top_issue(t)));
      s.retire.push_back(reg_read(csr::top_retire(t)));
    }
    s.completions = reg_read(csr::kTopCompletions);
    s.migrations = reg_read(csr::kTopMigrations);
    s.load_reqs = reg_read(csr::kTopLoadReqs);
    s.cm_new = reg_read(csr::kCmNewCount);
    s.cm_dlv = reg_read(csr::kCmDlvCount);
    s.cm_admit_stall = reg_read(csr::kCmAdmitStall);
    using R = baton_pager_regs_t;
    s.pg_loads = reg_read(csr::pager(offsetof(R, LOADS)));
    s.pg_evictions = reg_read(csr::pager(offsetof(R, EVICTIONS)));
    s.pg_pages = reg_read(csr::pager(offsetof(R, PAGES)));
    s.pg_faults = reg_read(csr::pager(offsetof(R, FAULTS)));
    s.pg_fault_cycles = reg_read(csr::pager(offsetof(R, FAULT_CYCLES)));
    s.pg_fault_max = reg_read(csr::pager(offsetof(R, FAULT_MAX)));
    s.pg_victim_wait = reg_read(csr::pager(offsetof(R, VICTIM_WAIT)));
    s.pg_errors = reg_read(csr::pager(offsetof(R, ERRORS)));
    s.pg_rebalances = reg_read(csr::pager(offsetof(R, REBALANCES)));
    for (unsigned p = 0; p < g_.parts; ++p) {
      const std::uint32_t enq = reg_read(csr::cm_part(p, offsetof(baton_cm_part_regs_t, ENQ)));
      const std::uint32_t byp = reg_read(csr::cm_part(p, offsetof(baton_cm_part_regs_t, BYP)));
      if (enq == 0 && byp == 0) continue;
      const std::uint32_t depth = reg_read(csr::cm_part(p, offsetof(baton_cm_part_regs_t, DEPTH)));
      s.queues.push_back({p, (depth & BATON_CM_PART_REGS__DEPTH__HWM_bm) >> BATON_CM_PART_REGS__DEPTH__HWM_bp, enq,
                          reg_read(csr::cm_part(p, offsetof(baton_cm_part_regs_t, DEQ))), byp,
                          reg_read(csr::cm_part(p, offsetof(baton_cm_part_regs_t, WAIT)))});
    }
    return s;
  }

 private:
  std::uint64_t eg_counter(unsigned idx) {
    reg_write(csr::kEgCntSel, idx);
    const std::uint64_t lo = reg_read(csr::kEgCntLo);
    const std::uint64_t hi = reg_read(csr::kEgCntHi);
    return (hi << 32) | lo;
  }

  tb::Pattern ready_pattern(unsigned which) {
    if (opt_.out_ready >= 1.0) return tb::pattern::always();
    return tb::pattern::random(tb::Rng(opt_.seed * 31 + which), opt_.out_ready);
  }

  // Paced stimulus: every port's next packet is due later (so no output is expected meanwhile).
  bool offer_due_later() const {
    if (offer_at_.empty()) return false;
    bool any = false;
    for (unsigned p = 0; p < g_.ports; ++p) {
      if (queued_[p].empty()) continue;
      if (sim_.cycle() - run_start_ >= offer_at_[queued_[p].front()]) return false;
      any = true;
    }
    return any;
  }

  bool all_offered() const {
    for (unsigned p = 0; p < g_.ports; ++p) {
      if (!queued_[p].empty() || !in_flight_[p].empty()) return false;
    }
    return true;
  }

  // Keeps two packets queued in every port's driver (so the agents never hold many beats).
  void feed() {
    const unsigned reserve = 2 * g_.ports + 1;
    for (unsigned p = 0; p < g_.ports; ++p) {
      while (!queued_[p].empty() && in_flight_[p].size() < 2) {
        if (opt_.pace && sim_.dut().free_slots_o <= reserve + pending_) break;
        const std::size_t i = queued_[p].front();
        if (!offer_at_.empty() && sim_.cycle() - run_start_ < offer_at_[i]) break;
        ++pending_;
        queued_[p].pop_front();
        const auto& pk = (*pkts_)[i];
        sb_->expect(i, pk);
        tb::AxisPacket ap;
        ap.data = pk.frame;
        ap.error = pk.tuser_error;
        in_[p]->push(ap);
        in_flight_[p].push_back(i);
        rx_order_[p].push_back(i);
      }
    }
  }

  void on_sent(unsigned p, std::uint64_t) {
    if (pending_ > 0) --pending_;
    if (in_flight_[p].empty()) return;
    sent_at_[in_flight_[p].front()] = sim_.cycle();
    in_flight_[p].pop_front();
  }

  void on_output(unsigned out, const tb::AxisPacket& pk, unsigned tuser) {
    last_output_ = sim_.cycle();
    if (sb_ == nullptr) {
      sim_.fail(fmt::format("output {}: frame of {} bytes outside a run", out, pk.data.size()));
      return;
    }
    if (released_[out].empty()) {
      if (on_frame) on_frame(out, pk.data, sim_.cycle(), kNoPacket);
      sb_->unexplained(out, pk.data.size());
      return;
    }
    const std::size_t idx = released_[out].front();
    released_[out].pop_front();
    if (idx >= kEventBase) {  // a packetless event's frame: not the scoreboard's
      auto& e = events_.at(idx - kEventBase);
      e.output = true;
      ++events_done_;  // its frame is out
      e.out = out;
      e.frame = pk.data;
      if (on_frame) on_frame(out, pk.data, sim_.cycle(), idx);
      return;
    }
    if (on_frame) on_frame(out, pk.data, sim_.cycle(), idx);
    decided_at_[idx] = sim_.cycle();
    const std::uint64_t lat = sim_.cycle() - sent_at_[idx];
    if (out == g_.ports) {
      sb_->to_host(idx, pk.data, tuser, lat);
    } else {
      sb_->sent(idx, out, pk.data, lat);
    }
    ++stats_.outputs;
    ++stats_.decided;
    stats_.latency.push_back(lat);
  }

  // Hand-off events per tile: a start pairs with the slot's last MIGRATE, or else its admission.
  void sample_handoff() {
    auto& d = sim_.dut();
    const unsigned hw = static_cast<unsigned>(std::bit_width(g_.slots - 1U));
    const std::uint64_t now = sim_.cycle();
    for (unsigned t = 0; t < g_.tiles; ++t) {
      if (get_bits(d.obs_mig_o, t, 1) != 0) {
        mig_at_[get_bits(d.obs_mig_handle_o, t * hw, hw)] = now;
      }
    }
    for (unsigned t = 0; t < g_.tiles; ++t) {
      if (get_bits(d.obs_start_o, t, 1) == 0) continue;
      const auto slot = static_cast<unsigned>(get_bits(d.obs_start_handle_o, t * hw, hw));
      if (mig_at_[slot] != 0) {
        stats_.hop_latency.push_back(now - mig_at_[slot]);
      } else if (admit_at_[slot] != 0) {
        stats_.dispatch_latency.push_back(now - admit_at_[slot]);
      }
      mig_at_[slot] = 0;
      admit_at_[slot] = 0;
    }
  }

  // The observation port: ingress events per port in frame order (a stored frame's descriptor
  // before a drop in the same cycle), then the egress release.
  void sample_observation() {
    if (sb_ == nullptr) return;
    auto& d = sim_.dut();
    const unsigned hw = static_cast<unsigned>(std::bit_width(g_.slots - 1U));
    for (unsigned p = 0; p < g_.ports; ++p) {
      if (get_bits(d.obs_rx_admit_o, p, 1) != 0) {
        const auto slot = static_cast<unsigned>(get_bits(d.obs_rx_handle_o, p * hw, hw));
        if (const auto idx = next_rx(p, "stored")) {
          if (slot_[slot] != kNoPacket) {
            sim_.fail(fmt::format("observation: slot {} stored packet {} while it still holds packet {}", slot, *idx,
                                  slot_[slot]));
          }
          slot_[slot] = *idx;
          admit_at_[slot] = sim_.cycle();
          stored_at_[*idx] = sim_.cycle();
        }
      }
      if (get_bits(d.obs_rx_drop_o, p, 1) != 0) {
        const auto reason = static_cast<unsigned>(get_bits(d.obs_rx_reason_o, 8 * p, 8));
        if (const auto idx = next_rx(p, "dropped")) {
          // The drop is decided at the last beat, possibly before on_sent() stamped it.
          sb_->dropped(*idx, reason, sent_at_[*idx] == 0 ? 0 : sim_.cycle() - sent_at_[*idx]);
          ++stats_.decided;
        }
      }
    }
    sample_handoff();
    if (d.obs_ev_o != 0) {
      const auto slot = static_cast<unsigned>(d.obs_ev_handle_o);
      if (slot >= slot_.size() || slot_[slot] != kNoPacket) {
        sim_.fail(fmt::format("observation: a packetless event took slot {}, which is not free", slot));
      } else {
        slot_[slot] = kEventBase + events_.size();
        PacketlessEvent e;
        e.type = static_cast<unsigned>(d.obs_ev_type_o);
        e.flow = static_cast<std::uint32_t>(d.obs_ev_flow_o);
        e.admitted = sim_.cycle();
        events_.push_back(std::move(e));
      }
    }
    if (d.obs_rel_o != 0) {
      const auto slot = static_cast<unsigned>(d.obs_rel_handle_o);
      const auto code = static_cast<unsigned>(d.obs_rel_code_o);
      const std::size_t idx = slot < slot_.size() ? slot_[slot] : kNoPacket;
      if (idx == kNoPacket) {
        sim_.fail(fmt::format("observation: release of slot {} (code {:#05x}) that holds no packet", slot, code));
        return;
      }
      slot_[slot] = kNoPacket;
      if (idx >= kEventBase) {
        auto& e = events_.at(idx - kEventBase);
        e.released = sim_.cycle();
        e.code = code;
        if (code < 0x100 || code == 0x111) ++events_done_;  // dropped or DONE: nothing more to see
        if (code >= 0x100 && code < 0x100 + g_.ports) released_[code - 0x100].push_back(idx);
        if (code == 0x110) released_[g_.ports].push_back(idx);
        last_output_ = sim_.cycle();
        return;
      }
      if (code >= 0x100 && code < 0x100 + g_.ports) {
        released_[code - 0x100].push_back(idx);
      } else if (code == 0x110) {
        released_[g_.ports].push_back(idx);
      } else if (code == 0x111) {
        decided_at_[idx] = sim_.cycle();
        sb_->done(idx, sim_.cycle() - sent_at_[idx]);
        ++stats_.decided;
      } else if (code < 0x100) {
        decided_at_[idx] = sim_.cycle();
        sb_->dropped(idx, code, sim_.cycle() - sent_at_[idx]);
        ++stats_.decided;
      } else {
        sim_.fail(fmt::format("observation: release of packet {} with code {:#05x}", idx, code));
      }
    }
  }

  std::optional<std::size_t> next_rx(unsigned p, const char* what) {
    if (rx_order_[p].empty()) {
      sim_.fail(fmt::format("observation: port {} reports a frame {} but none was offered", p, what));
      return std::nullopt;
    }
    const std::size_t idx = rx_order_[p].front();
    rx_order_[p].pop_front();
    return idx;
  }

  void sample_loader() {
    auto& d = sim_.dut();
    if (d.ld_valid_i && d.ld_ready_o && !load_ops_.empty()) load_ops_.pop_front();
  }
  void drive_loader() {
    auto& d = sim_.dut();
    d.ld_valid_i = !load_ops_.empty();
    if (!load_ops_.empty()) {
      const auto& op = load_ops_.front();
      d.ld_dest_i = op.dest;
      d.ld_addr_i = op.addr;
      d.ld_data_i = op.data;
    }
  }

  tb::AxisSourcePins source_pins(Model& d, unsigned p) {
    const unsigned dw = 8 * g_.lanes, lanes = g_.lanes;
    return {[&d, p](bool v) { put_bits(d.s_tvalid_i, p, 1, v); },
            [&d, p] { return get_bits(d.s_tready_o, p, 1) != 0; },
            [&d, p, dw, lanes](const tb::AxisBeat& b) {
              for (unsigned i = 0; i < lanes; ++i) put_bits(d.s_tdata_i, p * dw + 8 * i, 8, b.bytes[i]);
              put_bits(d.s_tkeep_i, p * lanes, lanes, b.keep);
              put_bits(d.s_tlast_i, p, 1, b.last);
              put_bits(d.s_tuser_i, p, 1, b.user);
            }};
  }
  tb::AxisSinkPins sink_pins(Model& d, unsigned p) {
    const unsigned dw = 8 * g_.lanes, lanes = g_.lanes;
    return {[&d, p] { return get_bits(d.m_tvalid_o, p, 1) != 0; },
            [&d, p](bool r) { put_bits(d.m_tready_i, p, 1, r); },
            [&d, p, dw, lanes] {
              tb::AxisBeat b;
              b.bytes.resize(lanes);
              for (unsigned i = 0; i < lanes; ++i) b.bytes[i] = static_cast<std::uint8_t>(get_bits(d.m_tdata_o, p * dw + 8 * i, 8));
              b.keep = get_bits(d.m_tkeep_o, p * lanes, lanes);
              b.last = get_bits(d.m_tlast_o, p, 1) != 0;
              return b;
            }};
  }
  tb::AxisSinkPins host_pins(Model& d) {
    const unsigned lanes = g_.lanes;
    return {[&d] { return d.host_tvalid_o != 0; }, [&d](bool r) { d.host_tready_i = r; },
            [this, &d, lanes] {
              tb::AxisBeat b;
              b.bytes.resize(lanes);
              for (unsigned i = 0; i < lanes; ++i) b.bytes[i] = static_cast<std::uint8_t>(get_bits(d.host_tdata_o, 8 * i, 8));
              b.keep = get_bits(d.host_tkeep_o, 0, lanes);
              b.last = d.host_tlast_o != 0;
              host_tuser_ = d.host_tuser_o;
              return b;
            }};
  }

  static tb::AxilMasterPins axil_pins(Model& d) {
    tb::AxilMasterPins p;
    p.aw = {[&d](bool v) { d.axil_awvalid_i = v; }, [&d] { return d.axil_awready_o != 0; },
            [&d](const std::uint32_t& a) { d.axil_awaddr_i = a; }};
    p.w = {[&d](bool v) { d.axil_wvalid_i = v; }, [&d] { return d.axil_wready_o != 0; },
           [&d](const tb::AxilWrite& w) {
             d.axil_wdata_i = w.data;
             d.axil_wstrb_i = w.strb;
           }};
    p.b = {[&d] { return d.axil_bvalid_o != 0; }, [&d](bool r) { d.axil_bready_i = r; },
           [&d] { return static_cast<std::uint8_t>(d.axil_bresp_o); }};
    p.ar = {[&d](bool v) { d.axil_arvalid_i = v; }, [&d] { return d.axil_arready_o != 0; },
            [&d](const std::uint32_t& a) { d.axil_araddr_i = a; }};
    p.r = {[&d] { return d.axil_rvalid_o != 0; }, [&d](bool r) { d.axil_rready_i = r; },
           [&d] { return (static_cast<std::uint64_t>(d.axil_rresp_o) << 32) | d.axil_rdata_o; }};
    return p;
  }

  Geometry g_;
  EnvOptions opt_;
  tb::Sim<Model> sim_;
  tb::AxilMaster axil_;
  std::vector<std::unique_ptr<tb::AxisSource>> in_;
  std::vector<std::unique_ptr<tb::AxisSink>> out_;
  std::unique_ptr<tb::AxisSink> host_;
  unsigned host_tuser_ = 0;
  std::deque<LoadOp> load_ops_;
  Scoreboard* sb_ = nullptr;
  const std::vector<golden::Packet>* pkts_ = nullptr;
  std::vector<std::deque<std::size_t>> queued_, in_flight_;
  std::vector<std::deque<std::size_t>> rx_order_;   // per port: offered, no ingress event yet
  std::vector<std::deque<std::size_t>> released_;   // per output: released, frame not seen yet
  std::vector<std::size_t> slot_;                   // packet in each packet-buffer slot
  std::vector<std::uint64_t> sent_at_;
  std::vector<std::uint64_t> started_at_;  // cycle the packet's first beat was taken
  std::uint64_t reset_done_ = 0;
  std::vector<std::uint64_t> decided_at_;
  std::vector<std::uint64_t> stored_at_;  // per packet: the cycle it was stored in a slot (0: never)
  std::vector<std::uint64_t> admit_at_, mig_at_;  // per slot: admission, last MIGRATE (0: none)
  std::uint64_t last_output_ = 0;
  static constexpr std::size_t kEventBase = std::size_t{1} << 40;  // slot_ marks of packetless events
  std::vector<PacketlessEvent> events_;
  std::size_t expect_events_ = 0;
  std::size_t events_done_ = 0;  // packetless events released with nothing left to see
  std::vector<std::uint64_t> offer_at_;
  std::uint64_t run_start_ = 0;
  unsigned pending_ = 0;  // pushed to a driver, last beat not sent yet (slot maybe not claimed)
  RunStats stats_;
};

}  // namespace baton::env::engine
