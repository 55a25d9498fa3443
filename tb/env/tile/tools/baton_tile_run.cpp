// SPDX-License-Identifier: Apache-2.0
// baton-tile-run: runs an RV32 ELF on the RTL tile (one thread, bare mode, docs/abi.md section 5)
// until the tohost store, and writes the signature like `baton-iss --signature`.
//
//   baton-tile-run prog.elf [--signature FILE] [--max-cycles N] [--trace FILE.fst] [--no-lockstep]
//                           [--imem-size 256K|4M]
//
// IMEM is a parameter of the verilated model, so each size is its own model: tile_bare1 (256 KiB,
// the default, what sw/isa-tests/link/bare.ld links for) and tile_bare1_4m (4 MiB, for
// compliance-style programs padded to reach the largest jump offsets). Any other size is refused.
//
// By default every retired instruction is also checked against the ISS (lockstep). Exit status:
// 0 when tohost = 1, 1 on a failed test or a lockstep mismatch, 2 on bad arguments or input (one
// line on stderr).
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "baton/size_text.hpp"
#include "Vtile_bare1.h"
#include "Vtile_bare1_4m.h"
#include "baton/iss/elf.hpp"
#include "baton/tb/failure.hpp"
#include "baton/tb/sim.hpp"
#include "baton/env/tile/configs.hpp"
#include "baton/env/tile/tile_env.hpp"

namespace {

struct Args {
  std::string elf_path, sig_path, trace_path;
  std::uint64_t max_cycles = 20'000'000;
  bool no_lockstep = false;
};

using baton::size_text;

template <typename M>
int run(const Args& a, const baton::env::tile::TileParams& params, const baton::iss::ElfImage& elf) {
  std::string failure;
  baton::tb::set_failure_hook([&](const std::string& r) { failure = r; });
  typename baton::tb::Sim<M>::Options sim_opts{1, !a.trace_path.empty(),
                                               a.trace_path.empty() ? "unused.fst" : a.trace_path};
  baton::tb::Sim<M> sim(sim_opts);
  baton::env::tile::EnvOptions opts;
  opts.dmem_ready_p = 1.0;
  opts.dmem_max_latency = 1;
  opts.op_ready_p = 1.0;
  baton::env::tile::TileBareEnv<M> env(sim, params, elf, opts);
  if (a.no_lockstep) env.checker().set_enabled(false);
  if (!env.loaded()) throw std::runtime_error("loading the program failed: " + failure);
  const auto r = env.run(1, a.max_cycles);
  if (sim.failed()) {
    fmt::print(stderr, "baton-tile-run: {}: {}\n", a.elf_path, failure);
    return 1;
  }
  if (!a.sig_path.empty()) {
    std::ofstream out(a.sig_path);
    if (!out) throw std::runtime_error(fmt::format("cannot write {}", a.sig_path));
    for (auto w : env.signature()) out << fmt::format("{:08x}\n", w);
  }
  if (!r.halted) {
    fmt::print(stderr, "baton-tile-run: {}: every thread ended without a tohost store ({} instructions)\n",
               a.elf_path, r.retired);
    return 1;
  }
  fmt::print("{}: tohost={:#x} ({}) after {} instructions, {} cycles\n", a.elf_path, *r.tohost,
             r.passed() ? "pass" : fmt::format("fail, test {}", *r.tohost >> 1), r.retired, r.cycles);
  return r.passed() ? 0 : 1;
}

// The verilated bare-mode models, smallest IMEM first; the first is the default.
struct Model {
  baton::env::tile::TileParams (*params)();
  int (*run)(const Args&, const baton::env::tile::TileParams&, const baton::iss::ElfImage&);
};
const Model kModels[] = {
    {[] { return baton::env::tile::configs::tile_bare(1); }, run<Vtile_bare1>},
    {baton::env::tile::configs::tile_bare1_4m, run<Vtile_bare1_4m>},
};

std::string available() {
  std::string s;
  for (const auto& m : kModels) s += (s.empty() ? "" : ", ") + size_text(m.params().imem_bytes);
  return s;
}

// Where the executable segments below DMEM end (the loader reports every other misplaced segment).
std::uint64_t code_end(const baton::iss::ElfImage& elf) {
  std::uint64_t end = 0;
  for (const auto& seg : elf.segments()) {
    if (seg.executable && seg.vaddr < baton::iss::kDmemBase) {
      end = std::max<std::uint64_t>(end, std::uint64_t{seg.vaddr} + seg.memsz);
    }
  }
  return end;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Run an RV32 ELF on the Baton RTL tile (bare mode, one thread)"};
  Args a;
  std::uint32_t imem_bytes = kModels[0].params().imem_bytes;
  app.add_option("elf", a.elf_path, "program (linked with sw/isa-tests/link/bare.ld)")->required();
  app.add_option("--signature", a.sig_path, "write [begin_signature, end_signature) here, one word per line");
  app.add_option("--max-cycles", a.max_cycles, "give up after this many cycles");
  app.add_option("--trace", a.trace_path, "write FST waves to this file");
  app.add_flag("--no-lockstep", a.no_lockstep, "do not check each instruction against the ISS");
  app.add_option("--imem-size", imem_bytes,
                 fmt::format("IMEM bytes at 0x00000000, one of the verilated sizes: {} (K = 1024)", available()))
      ->transform(CLI::AsSizeValue(false))
      ->default_str(size_text(imem_bytes));
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    fmt::print(stderr, "baton-tile-run: error: {} (see --help)\n", e.what());
    return 2;
  }

  const Model* model = nullptr;
  for (const auto& m : kModels) {
    if (m.params().imem_bytes == imem_bytes) model = &m;
  }
  if (model == nullptr) {
    fmt::print(stderr, "baton-tile-run: error: --imem-size {} is not a verilated size; available: {}\n",
               size_text(imem_bytes), available());
    return 2;
  }
  try {
    const auto elf = baton::iss::ElfImage::load(a.elf_path);
    const auto params = model->params();
    const std::uint64_t end = code_end(elf);
    if (end > params.imem_bytes) {
      std::string hint =
          fmt::format("the largest --imem-size is {}", size_text(kModels[std::size(kModels) - 1].params().imem_bytes));
      for (const auto& m : kModels) {
        if (end <= m.params().imem_bytes) {
          hint = fmt::format("run with --imem-size {}", size_text(m.params().imem_bytes));
          break;
        }
      }
      throw std::runtime_error(fmt::format("{}: code ends at {:#x}, beyond IMEM [0, {:#x}) (--imem-size {}); {}",
                                           a.elf_path, end, params.imem_bytes, size_text(params.imem_bytes), hint));
    }
    return model->run(a, params, elf);
  } catch (const std::exception& e) {
    fmt::print(stderr, "baton-tile-run: error: {}\n", e.what());
    return 2;
  }
}
