// SPDX-License-Identifier: Apache-2.0
// baton-iss: runs an RV32IM(+Zbb) program in bare mode (docs/abi.md sections 5 and 9).
// Exit status: 0 pass, 1 test failure (tohost != 1), 2 bad arguments or input, 3 fault,
// 4 instruction limit reached.
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <string>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "baton/size_text.hpp"
#include "baton/iss/bare.hpp"
#include "baton/iss/elf.hpp"
#include "baton/iss/retire.hpp"

namespace {

constexpr int kExitPass = 0;
constexpr int kExitFail = 1;
constexpr int kExitUsage = 2;
constexpr int kExitFault = 3;
constexpr int kExitLimit = 4;

int error(const std::string& msg) {
  fmt::print(stderr, "baton-iss: error: {}\n", msg);
  return kExitUsage;
}

std::string end_text(const baton::iss::RetireRecord& r) {
  using baton::iss::Trap;
  if (r.trap != Trap::kNone) {
    return fmt::format("fault {} (drop reason {:#04x}) at pc {:#010x}, tval {:#010x}", baton::iss::trap_name(r.trap),
                       r.op->arg, r.pc, r.tval);
  }
  return fmt::format("{} arg {:#x} at pc {:#010x}", baton::iss::thread_op_name(r.op->op), r.op->arg, r.pc);
}

// Where the executable segments below DMEM end (BareMemory reports every other misplaced segment).
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
  CLI::App app{"Baton instruction-set simulator: runs an RV32IM(+Zbb) ELF in bare mode (docs/iss.md)"};
  std::string elf_path;
  std::string signature_path;
  std::string trace_format = "text";
  bool trace = false;
  bool no_zbb = false;
  baton::iss::BareOptions opts;
  app.add_option("elf", elf_path, "RV32 ELF executable")->required();
  app.add_option("--signature", signature_path, "write [begin_signature, end_signature) here, one hex word per line");
  app.add_option("--max-insns", opts.max_insns, "stop after this many instructions (exit 4)")
      ->check(CLI::PositiveNumber)->capture_default_str();
  app.add_flag("--trace", trace, "print one retire record per instruction on stdout");
  app.add_option("--trace-format", trace_format, "trace format")->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  app.add_option("--threads", opts.threads, "hardware threads; each starts at the entry with a0 = its index")
      ->check(CLI::Range(1U, 8U))->capture_default_str();
  app.add_flag("--no-zbb", no_zbb, "make Zbb instructions illegal (Zbb is on by default)");
  app.add_option("--imem-size", opts.imem_bytes, "IMEM bytes at 0x00000000 (e.g. 262144, 256K, 4M; K = 1024)")
      ->transform(CLI::AsSizeValue(false))->capture_default_str();
  app.add_option("--dmem-size", opts.dmem_bytes,
                 fmt::format("DMEM bytes at {:#010x} (e.g. 1M)", baton::iss::kDmemBase))
      ->transform(CLI::AsSizeValue(false))->capture_default_str();
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    return error(fmt::format("{} (see --help)", e.what()));
  }
  opts.zbb = !no_zbb;

  try {
    const auto elf = baton::iss::ElfImage::load(elf_path);
    if (const std::uint64_t end = code_end(elf); end > opts.imem_bytes && end <= (1U << baton::iss::kWindowShift)) {
      return error(fmt::format("{}: code ends at {:#x}, beyond IMEM [0, {:#x}); run with --imem-size {}", elf_path,
                               end, opts.imem_bytes, baton::size_text(baton::pow2_size_at_least(end))));
    }
    baton::iss::BareMachine machine(elf, opts);
    if (!signature_path.empty()) {
      (void)elf.require_symbol("begin_signature");
      (void)elf.require_symbol("end_signature");
    }
    const bool json = trace_format == "json";
    const auto result = machine.run([&](const baton::iss::RetireRecord& r) {
      if (trace) fmt::print("{}\n", json ? baton::iss::format_record_json(r) : baton::iss::format_record(r));
    });
    std::fflush(stdout);

    if (!signature_path.empty()) {
      std::ofstream out(signature_path);
      if (!out) return error(fmt::format("cannot write signature file '{}'", signature_path));
      for (auto w : machine.signature()) out << fmt::format("{:08x}\n", w);
    }

    using End = baton::iss::BareResult::End;
    const std::string stats = fmt::format("{} instructions, {} cycles", result.instructions, result.cycles);
    int rc = kExitPass;
    switch (result.end) {
      case End::kToHost: {
        const std::uint32_t v = *result.tohost;
        if (v == 1) {
          fmt::print(stderr, "baton-iss: PASS (tohost = 1) after {}\n", stats);
        } else if ((v & 1U) != 0) {
          fmt::print(stderr, "baton-iss: FAIL test {} (tohost = {:#x}) after {}\n", v >> 1, v, stats);
          rc = kExitFail;
        } else {
          fmt::print(stderr, "baton-iss: FAIL (tohost = {:#x}) after {}\n", v, stats);
          rc = kExitFail;
        }
        break;
      }
      case End::kAllEnded:
        for (std::size_t t = 0; t < result.last.size(); ++t) {
          fmt::print(stderr, "baton-iss: thread {}: {}\n", t, end_text(*result.last[t]));
        }
        rc = result.faulted() ? kExitFault : kExitPass;
        fmt::print(stderr, "baton-iss: {} after {}\n", rc == kExitPass ? "ENDED" : "FAULT", stats);
        break;
      case End::kLimit:
        fmt::print(stderr, "baton-iss: instruction limit {} reached after {}\n", opts.max_insns, stats);
        rc = kExitLimit;
        break;
    }
    return rc;
  } catch (const std::exception& e) {
    return error(e.what());
  }
}
