// SPDX-License-Identifier: Apache-2.0
// baton-bench-tile: measured figures of one tile (docs/tile.md "Measured numbers").
//
//   IPC (retired instructions per cycle) with 1, 2 and 4 active threads:
//     - compute: the bare-mode -O2 C programs of sw/isa-tests (every thread runs the program,
//       each with its own stack), from the first issue until every thread has written tohost;
//     - packets: the engine-mode C partitions (checksum + SEND, CRC-32 + MIGRATE, sort + DONE)
//       on a stream of packets, contexts only to the first N threads, including delivery and
//       thread-operation overheads; the benchmark acts as the context manager.
//   Simulation speed: Verilator cycles per second of one tile, with and without the lockstep ISS.
//
//   baton-bench-tile [--isa-dir DIR] [--packets N] [--latency L]
// Shared memory answers after L cycles (default 2) and is always ready; ports never stall.
#include <chrono>
#include <map>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "Vtile_bare4.h"
#include "Vtile_e4.h"
#include "baton/iss/elf.hpp"
#include "baton/tb/sim.hpp"
#include "baton/env/tile/configs.hpp"
#include "baton/env/tile/engine_image.hpp"
#include "baton/env/tile/tile_env.hpp"
#include "baton/abi.hpp"

#ifndef TILE_ISA_DIR
#define TILE_ISA_DIR "."
#endif

namespace {

using namespace baton;
using namespace baton::env::tile;

struct Figure {
  std::uint64_t retired = 0;
  std::uint64_t cycles = 0;
  std::uint64_t issued = 0;
  double seconds = 0;
  [[nodiscard]] double ipc() const { return cycles ? static_cast<double>(retired) / static_cast<double>(cycles) : 0; }
};

EnvOptions fast_memory(unsigned latency) {
  EnvOptions o;
  o.dmem_ready_p = 1.0;
  o.dmem_min_latency = latency;
  o.dmem_max_latency = latency;
  o.op_ready_p = 1.0;
  return o;
}

// Every active thread runs the program to its tohost store.
Figure compute_ipc(const std::string& elf_path, unsigned threads, unsigned latency, bool lockstep) {
  const auto elf = iss::ElfImage::load(elf_path);
  tb::Sim<Vtile_bare4> sim(tb::Sim<Vtile_bare4>::Options{1, false, "unused.fst"});
  TileBareEnv<Vtile_bare4> env(sim, configs::tile_bare(4), elf, fast_memory(latency));
  env.checker().set_enabled(lockstep);
  const auto tohost = elf.require_symbol("tohost");
  unsigned halts = 0;
  env.dmem().on_write = [&](std::uint32_t addr, std::uint8_t, std::uint32_t) { halts += (addr == tohost) ? 1 : 0; };
  std::uint64_t first_issue = 0, retired = 0;
  bool started = false;
  sim.on_sample([&] {
    if (!started && sim.dut().perf_issue_o) {
      started = true;
      first_issue = sim.cycle();
    }
    if (halts < threads) retired += sim.dut().perf_retire_o;
  });
  for (unsigned t = 0; t < threads; ++t) env.deliver_start(t);
  const auto t0 = std::chrono::steady_clock::now();
  if (!sim.run(50'000'000, [&] { return halts >= threads; })) throw std::runtime_error(sim.failure());
  Figure f;
  f.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  f.cycles = sim.cycle() - first_issue;
  f.retired = retired;
  return f;
}

std::vector<std::uint8_t> bytes(tb::Rng& rng, std::size_t n) {
  std::vector<std::uint8_t> b(n);
  for (auto& x : b) x = static_cast<std::uint8_t>(rng.bits(8));
  return b;
}

// Packets through three C partitions; contexts go only to threads < `threads`.
Figure packet_ipc(const std::string& dir, unsigned threads, unsigned packets, unsigned latency) {
  const auto params = configs::tile_e4();
  EngineImage img(params);
  const auto csum = iss::ElfImage::load(dir + "/mt_csum.engine.elf");
  const auto crc = iss::ElfImage::load(dir + "/mt_crc.engine.elf");
  const auto sort = iss::ElfImage::load(dir + "/mt_sort.engine.elf");
  img.add_elf(csum, 1, {csum.require_symbol("csum_entry")});
  img.add_elf(crc, 2, {crc.require_symbol("crc_entry")});
  img.add_elf(sort, 3, {sort.require_symbol("sort_entry")});
  tb::Sim<Vtile_e4> sim(tb::Sim<Vtile_e4>::Options{7, false, "unused.fst"});
  TileEngineEnv<Vtile_e4> env(sim, params, img, fast_memory(latency));
  env.checker().set_enabled(false);
  tb::Rng rng(42);
  std::deque<Ctx> pending;
  for (unsigned i = 0; i < packets; ++i) {
    const auto h = static_cast<std::uint16_t>(i + 1);
    const auto pkt = bytes(rng, 16);  // the sort partition is quadratic
    env.shared().write_bytes(abi::kPktBase, h, pkt);
    Ctx c;
    c.pkt_handle = h;
    c.pkt_len = 16;
    c.target_part = (i % 2 == 0) ? 1 : 2;
    c.entry_kind = EntryKind::kIndex;
    c.sp = abi::kStackBase + params.stack_bytes;
    pending.push_back(c);
  }
  std::size_t seen = 0;
  unsigned done = 0;
  std::uint64_t retired = 0;
  sim.on_sample([&] {
    retired += sim.dut().perf_retire_o;
    for (; seen < env.ops().size(); ++seen) {
      const auto& op = env.ops()[seen];
      if (op.op == ThreadOp::kMigrate) {
        pending.push_front(op.ctx);
      } else {
        ++done;
      }
    }
  });
  sim.on_drive([&] {
    if (pending.empty() || env.backlog() != 0) return;
    const auto idle = static_cast<std::uint32_t>(sim.dut().thread_idle_o);
    for (unsigned t = 0; t < threads; ++t) {
      if ((idle >> t) & 1U) {
        env.deliver_to(t, pending.front());
        pending.pop_front();
        return;
      }
    }
  });
  const auto start = sim.cycle();
  if (!sim.run(50'000'000, [&] { return done == packets; })) throw std::runtime_error(sim.failure());
  Figure f;
  f.cycles = sim.cycle() - start;
  f.retired = retired;
  return f;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Baton tile benchmark: IPC with 1, 2 and 4 threads, simulation speed"};
  std::string dir = TILE_ISA_DIR;
  unsigned packets = 200, latency = 2;
  app.add_option("--isa-dir", dir, "where the sw/isa-tests ELF files are")->capture_default_str();
  app.add_option("--packets", packets, "packets in the packet benchmark")->capture_default_str();
  app.add_option("--latency", latency, "shared-memory read latency in cycles")->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  try {
    fmt::print("baton-bench-tile: tile_e4 / tile_bare4 configurations (docs/tile.md), shared-memory latency {} "
               "cycles, no backpressure\n\n",
               latency);
    fmt::print("{:<28} {:>9} {:>9} {:>9}\n", "compute IPC (bare, -O2 C)", "1 thread", "2 threads", "4 threads");
    for (const char* prog : {"hash", "checksum", "sort", "parser"}) {
      std::string row = fmt::format("{:<28}", prog);
      for (unsigned t : {1U, 2U, 4U}) row += fmt::format(" {:>9.3f}", compute_ipc(dir + "/" + prog + ".bare.elf", t, latency, false).ipc());
      fmt::print("{}\n", row);
    }
    fmt::print("\n{:<28} {:>9} {:>9} {:>9}\n", "packet IPC (engine)", "1 thread", "2 threads", "4 threads");
    std::string row = fmt::format("{:<28}", fmt::format("csum/crc+migrate/sort x{}", packets));
    std::string cyc = fmt::format("{:<28}", "  cycles per packet");
    for (unsigned t : {1U, 2U, 4U}) {
      const auto f = packet_ipc(dir, t, packets, latency);
      row += fmt::format(" {:>9.3f}", f.ipc());
      cyc += fmt::format(" {:>9.1f}", static_cast<double>(f.cycles) / packets);
    }
    fmt::print("{}\n{}\n", row, cyc);

    const auto fast = compute_ipc(dir + "/hash.bare.elf", 4, latency, false);
    const auto checked = compute_ipc(dir + "/hash.bare.elf", 4, latency, true);
    fmt::print("\nsimulation speed (hash, 4 threads, one tile, single-threaded Verilator)\n");
    fmt::print("  RTL alone:            {:>8.2f} M cycles/s ({} cycles in {:.3f} s)\n",
               static_cast<double>(fast.cycles) / fast.seconds / 1e6, fast.cycles, fast.seconds);
    fmt::print("  RTL + lockstep ISS:   {:>8.2f} M cycles/s\n", static_cast<double>(checked.cycles) / checked.seconds / 1e6);
    return 0;
  } catch (const std::exception& e) {
    fmt::print(stderr, "baton-bench-tile: error: {}\n", e.what());
    return 2;
  }
}
