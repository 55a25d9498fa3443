// baton-tile-run: runs an RV32 ELF on the RTL tile (one thread, bare mode, docs/abi.md section 5)
// until the tohost store, and writes the signature like `baton-iss --signature`.
//
//   baton-tile-run prog.elf [--signature FILE] [--max-cycles N] [--trace FILE.fst] [--no-lockstep]
//
// By default every retired instruction is also checked against the ISS (lockstep). Exit status:
// 0 when tohost = 1, 1 on a failed test or a lockstep mismatch, 2 on bad input.
#include <cstdio>
#include <fstream>
#include <string>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "Vtile_bare1.h"
#include "baton/iss/elf.hpp"
#include "baton/tb/failure.hpp"
#include "baton/tb/sim.hpp"
#include "baton/tile/configs.hpp"
#include "baton/tile/tile_bench.hpp"

int main(int argc, char** argv) {
  CLI::App app{"Run an RV32 ELF on the Baton RTL tile (bare mode, one thread)"};
  std::string elf_path, sig_path, trace_path;
  std::uint64_t max_cycles = 20'000'000;
  bool no_lockstep = false;
  app.add_option("elf", elf_path, "program (linked with sw/isa-tests/link/bare.ld)")->required();
  app.add_option("--signature", sig_path, "write [begin_signature, end_signature) here, one word per line");
  app.add_option("--max-cycles", max_cycles, "give up after this many cycles");
  app.add_option("--trace", trace_path, "write FST waves to this file");
  app.add_flag("--no-lockstep", no_lockstep, "do not check each instruction against the ISS");
  CLI11_PARSE(app, argc, argv);

  std::string failure;
  baton::tb::set_failure_hook([&](const std::string& r) { failure = r; });
  try {
    const auto elf = baton::iss::ElfImage::load(elf_path);
    const auto params = baton::tile::configs::tile_bare(1);
    baton::tb::Sim<Vtile_bare1> sim(
        baton::tb::Sim<Vtile_bare1>::Options{1, !trace_path.empty(), trace_path.empty() ? "unused.fst" : trace_path});
    baton::tile::BenchOptions opts;
    opts.dmem_ready_p = 1.0;
    opts.dmem_max_latency = 1;
    opts.op_ready_p = 1.0;
    baton::tile::BareBench<Vtile_bare1> bench(sim, params, elf, opts);
    if (no_lockstep) bench.checker().set_enabled(false);
    if (!bench.loaded()) throw std::runtime_error("loading the program failed: " + failure);
    const auto r = bench.run(1, max_cycles);
    if (sim.failed()) {
      fmt::print(stderr, "baton-tile-run: {}: {}\n", elf_path, failure);
      return 1;
    }
    if (!sig_path.empty()) {
      std::ofstream out(sig_path);
      if (!out) throw std::runtime_error(fmt::format("cannot write {}", sig_path));
      for (auto w : bench.signature()) out << fmt::format("{:08x}\n", w);
    }
    if (!r.halted) {
      fmt::print(stderr, "baton-tile-run: {}: every thread ended without a tohost store ({} instructions)\n",
                 elf_path, r.retired);
      return 1;
    }
    fmt::print("{}: tohost={:#x} ({}) after {} instructions, {} cycles\n", elf_path, *r.tohost,
               r.passed() ? "pass" : fmt::format("fail, test {}", *r.tohost >> 1), r.retired, r.cycles);
    return r.passed() ? 0 : 1;
  } catch (const CLI::Error&) {
    throw;
  } catch (const std::exception& e) {
    fmt::print(stderr, "baton-tile-run: error: {}\n", e.what());
    return 2;
  }
}
