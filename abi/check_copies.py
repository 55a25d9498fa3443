#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Fails when a copy of an ABI constant reappears outside the generated definitions (docs/abi.md,
"Where the ABI is defined").

The RTL and the C/C++ implementation take window selects and bases, context word numbers,
thread-operation encodings, drop-reason codes and loader destinations from baton_abi_pkg,
baton_abi.h or baton/abi.hpp, which abi/gen_abi.py generates from abi/baton_abi.toml. This scan
looks for the literal forms those copies used to take. The linker scripts cannot include a
header, so their window addresses and default sizes are compared with the data file instead.

Not scanned: the generated files, abi/, docs/, tests/ and sw/isa-tests (test vectors spell out
encodings and addresses on purpose, independently of the implementation), and the RTL-subset
cases. A line that holds such a literal for another reason carries the marker `abi-literal-ok`
with a reason.

  check_copies.py             scan the repository; exit 1 listing each copy found
  check_copies.py --selftest  check that every rule fires on a known copy and not on its fix
"""
import argparse
import pathlib
import re
import subprocess
import sys
import tomllib

ROOT = pathlib.Path(__file__).resolve().parent.parent
MARKER = "abi-literal-ok"

GENERATED = {
    "rtl/pkg/baton_abi_pkg.sv",
    "sw/sdk/include/baton_abi.h",
    "abi/include/baton/abi.hpp",
}
SKIP_PREFIXES = ("abi/", "docs/", "tests/", "sw/isa-tests/", "scripts/rtl-subset/cases/", "build")

SV = (".sv", ".svh")
C = (".c", ".h", ".cpp", ".hpp", ".S")


class Rule:
    def __init__(self, name, exts, pattern, why, line_filter=None, prefixes=None):
        self.name = name
        self.exts = exts
        self.pattern = re.compile(pattern)
        self.why = why
        self.line_filter = re.compile(line_filter) if line_filter else None
        self.prefixes = prefixes

    def applies(self, rel):
        if not rel.endswith(self.exts):
            return False
        return self.prefixes is None or rel.startswith(self.prefixes)

    def hits(self, text):
        for n, line in enumerate(text.splitlines(), 1):
            if MARKER in line:
                continue
            if self.line_filter and not self.line_filter.search(line):
                continue
            if self.pattern.search(line):
                yield n, line.strip()


# A numeric SystemVerilog literal, sized or not.
SV_NUM = r"(?:\d+'[sS]?[hdbHDB][0-9a-fA-F_]+|\b\d+\b)"

RULES = [
    Rule("sv-window-select", SV, r"\[31:28\]\s*[!=]=\s*" + SV_NUM,
         "window select compared with a literal: use baton_abi_pkg::Win*Sel"),
    Rule("sv-window-case-label", SV, r"^\s*4'[hH][0-9a-fA-F]\s*:",
         "window select as a case label: use baton_abi_pkg::Win*Sel"),
    Rule("sv-ctx-word-label", SV, r"^\s*[45]'[dD]\d+\s*:",
         "context word number as a case label: use baton_abi_pkg::CtxWord*", prefixes=("rtl/tile/",)),
    Rule("sv-ctx-word-compare", SV, r"(\[5:2\]|word\w*)\s*[!=]=\s*\d+'[dDhH][0-9a-fA-F]+",
         "context word number compared with a literal: use baton_abi_pkg::CtxWord*",
         prefixes=("rtl/tile/",)),
    Rule("sv-loader-dest", SV, r"dest\w*\s*[!=]=\s*\d*'[hHdD]",
         "loader destination compared with a literal: use baton_abi_pkg::LdDest*"),
    Rule("sv-thread-op-opcode", SV, r"7'b0001011|7'h0[bB]\b",
         "custom-0 opcode as a literal: use baton_abi_pkg::OpcodeCustom0"),
    Rule("sv-thread-op-enum", SV, r"\b(Op|Th)(Migrate|Send|Drop|ToHost|Done)\s*=\s*\d",
         "thread-operation encoding defined outside baton_abi_pkg"),
    Rule("sv-drop-enum", SV, r"\bDrop[A-Z]\w*\s*=\s*\d*'[hH]",
         "drop reason defined outside baton_abi_pkg"),
    Rule("c-window-base", C, r"0x[1-59]000'?0000(?![0-9a-fA-F'])",
         "window base as a literal: use BATON_*_BASE / abi::k*Base"),
    Rule("c-shared-window-base", C, r"0x[89]000'?0000(?![0-9a-fA-F'])",
         "rodata/data/DMEM window base as a literal: use BATON_*_BASE / abi::k*Base",
         line_filter=r"(?i)base|rodata|data|dmem|window"),
    Rule("c-window-select", C, r"case\s+0x[0-9a-fA-F]\s*:\s*region",
         "window select as a literal: use abi::k*Select"),
    Rule("c-ctx-word", C, r"case\s+\d+\s*:\s*(case\s+\d+\s*:\s*)*return\s+(c\.|cfg_\.tile_id|thread)",
         "context word number as a literal: use abi::CtxWord"),
    Rule("c-hw-drop-reason", C, r"case\s+0x8[0-9a-fA-F]\s*:|(?<![=!<>])=\s*0x8[0-9a-fA-F]\s*[,;]|\[0x8[0-9a-fA-F]\]",
         "hardware drop reason as a literal: use abi::DropReason / BATON_DROP_HW_*"),
    Rule("c-sdk-drop-reason", C, r"#\s*define\s+\w*DROP\w*\s+0x7[eEfF]",
         "SDK drop reason defined outside baton_abi.h"),
    Rule("c-loader-dest", C, r"0x[fF][eEfF]\b", "loader destination as a literal: use abi::kLoaderDest*",
         line_filter=r"[Dd]est"),
    Rule("c-thread-op-insn", C, r"\.insn\s+r\s+(0x0[bB]|CUSTOM_0)\s*,",
         "thread-operation instruction spelled out: use BATON_INSN_OP(BATON_OP_*)"),
    Rule("c-loader-slot-valid", C, r"0x8000'?0000U?\s*\|", "slot valid bit as a literal: use abi::kLoaderSlotValidBit",
         line_filter=r"(?i)slot|page|part|ops"),
    Rule("c-egress-counter", C, r"0x11[01]\b|0x100\s*\+", "egress counter index as a literal: use abi::egress_counter",
         line_filter=r"(?i)cnt|counter"),
    Rule("c-thread-op-opcode", C, r"(case|=)\s*0x0[bB]\b", "custom-0 opcode as a literal: use abi::kOpcodeCustom0"),
]

# (file, regex with one group holding a number, dotted key into the data file, description)
LINKER_CHECKS = [
    ("sw/sdk/link/baton.ld", r"\.rodata\s+(0x[0-9a-fA-F]+)\s*:", ("window", "rodata", "base"), "rodata origin"),
    ("sw/sdk/link/baton.ld", r"\.data\s+(0x[0-9a-fA-F]+)\s*:", ("window", "data", "base"), "data origin"),
    ("sw/sdk/link/baton.ld", r"__baton_code_bytes\s*:\s*(0x[0-9a-fA-F]+)", ("window", "code", "bytes"), "default CodeBytes"),
    ("sw/sdk/link/baton.ld", r"__baton_rodata_bytes\s*:\s*(0x[0-9a-fA-F]+)", ("window", "rodata", "bytes"),
     "default RodataBytes"),
    ("sw/sdk/link/baton.ld", r"__baton_data_bytes\s*:\s*(0x[0-9a-fA-F]+)", ("window", "data", "bytes"), "default DataBytes"),
]


def abi_value(abi, key):
    kind, name, field = key
    w = next(w for w in abi["window"] if w["name"] == name and w["mode"] == "engine")
    if field == "base":
        return w["select"] << abi["memory"]["window_shift"]
    return w[field]


def check_linker(abi, read):
    problems = []
    for path, regex, key, what in LINKER_CHECKS:
        text = read(path)
        m = re.search(regex, text)
        if not m:
            problems.append(f"{path}: {what} not found (expected to match {regex})")
            continue
        want = abi_value(abi, key)
        if int(m.group(1), 0) != want:
            problems.append(f"{path}: {what} is {m.group(1)}, abi/baton_abi.toml gives {want:#x}")
    return problems


def tracked_files():
    try:
        out = subprocess.run(["git", "ls-files"], cwd=ROOT, check=True, capture_output=True, text=True).stdout
        return out.split()
    except (OSError, subprocess.CalledProcessError):
        return [str(p.relative_to(ROOT)) for p in ROOT.rglob("*") if p.is_file()]


def scan():
    problems = []
    for rel in tracked_files():
        if rel in GENERATED or rel.startswith(SKIP_PREFIXES):
            continue
        rules = [r for r in RULES if r.applies(rel)]
        if not rules:
            continue
        path = ROOT / rel
        if not path.is_file():
            continue
        text = path.read_text(errors="replace")
        for r in rules:
            for n, line in r.hits(text):
                problems.append(f"{rel}:{n}: [{r.name}] {r.why}\n    {line}")
    with open(ROOT / "abi" / "baton_abi.toml", "rb") as f:
        abi = tomllib.load(f)
    problems += check_linker(abi, lambda p: (ROOT / p).read_text())
    return problems


# Per rule: a file name, a copy the rule must find and the fixed line it must accept.
SELFTEST = {
    "sv-window-select": ("rtl/x.sv", "if (addr[31:28] == 4'h8 && in_dmem) win = WinShared;",
                         "if (sel == WinBareDmemSel && in_dmem) win = WinShared;"),
    "sv-window-case-label": ("rtl/x.sv", "        4'h4: begin", "        WinPktSel: begin"),
    "sv-ctx-word-label": ("rtl/tile/x.sv", "        4'd9:  op_q.ctx.sp          <= cr_rdata_i;",
                          "        CtxWordSp:         word_data = ctx_i.sp;"),
    "sv-ctx-word-compare": ("rtl/tile/x.sv", "assign ctx_const = (addr[5:2] == 4'd14);",
                            "assign ctx_const = (addr[5:2] == CtxWordTileId);"),
    "sv-loader-dest": ("rtl/top/x.sv", "assign ld_shared = (ld_dest_i == 8'hFF);",
                       "assign ld_shared = (ld_dest_i == LdDestShared);"),
    "sv-thread-op-opcode": ("rtl/tile/x.sv", "      7'b0001011: begin  // custom-0",
                            "      OpcodeCustom0: begin  // custom-0"),
    "sv-thread-op-enum": ("rtl/tile/x.sv", "    ThMigrate = 3'd0,", "  thread_op_e op;"),
    "sv-drop-enum": ("rtl/pkg/x.sv", "    DropRunt          = 8'h87,", "    obs_reason_o = DropRunt;"),
    "c-window-base": ("sw/iss/x.hpp", "inline constexpr std::uint32_t kContextBase = 0x1000'0000U;",
                      "inline constexpr std::uint32_t kContextBase = abi::kCtxBase;"),
    "c-shared-window-base": ("sw/tools/x.hpp", "inline constexpr std::uint32_t kRodataBase = 0x8000'0000U;",
                             "  if (a == 0x80000000U && b == 0xffffffffU) return a;"),
    "c-window-select": ("sw/iss/x.cpp", "      case 0x4: region = Region::kPacket; break;",
                        "      case abi::kPktSelect: region = Region::kPacket; break;"),
    "c-ctx-word": ("sw/iss/x.cpp", "    case 10: case 11: case 12: case 13: return c.args[offset / 4 - 10];",
                   "    case CtxWord::kArg0: return c.args[0];"),
    "c-hw-drop-reason": ("tb/tools/x.cpp", "    case 0x80: return \"fault_illegal\";",
                         "  kRunt = static_cast<std::uint8_t>(abi::DropReason::kRunt),"),
    "c-loader-slot-valid": ("tb/env/x.cpp", "  ops.push_back({LoadKind::kPartSlot, slot, 0x8000'0000U | p.id});",
                            "  ops.push_back({LoadKind::kPartSlot, slot, kValid | p.id});"),
    "c-egress-counter": ("tb/model/x.hpp", "  static constexpr unsigned kCntToHost = 0x110;",
                         "  static constexpr unsigned kCntToHost = abi::egress_counter::kToHost;"),
    "c-sdk-drop-reason": ("sw/sdk/include/x.h", "#define BATON_DROP_ENTRY_RETURNED 0x7f",
                          "#define BATON_SPILL_ALIGN 16u"),
    "c-loader-dest": ("tb/env/x.hpp", "inline constexpr std::uint8_t kDestShared = 0xFF;",
                      "inline constexpr std::uint8_t kDestShared = abi::kLoaderDestShared;"),
    "c-thread-op-insn": ("sw/sdk/include/x.h", "  __asm__ volatile(\".insn r 0x0b, 4, 0, x0, x0, x0\" : : : \"memory\");",
                         "  __asm__ volatile(BATON_INSN_OP(BATON_OP_DONE) \"x0, x0\" : : : \"memory\");"),
    "c-thread-op-opcode": ("sw/iss/x.cpp", "      case 0x0b: op = decode_custom0(w); break;",
                           "      case abi::kOpcodeCustom0: op = decode_custom0(w); break;"),
}


def selftest():
    failures = []
    names = {r.name for r in RULES}
    if names != set(SELFTEST):
        failures.append(f"rules without a self-test case or cases without a rule: {sorted(names ^ set(SELFTEST))}")
    for r in RULES:
        if r.name not in SELFTEST:
            continue
        rel, bad, good = SELFTEST[r.name]
        if not r.applies(rel):
            failures.append(f"{r.name}: does not apply to {rel}")
        if not list(r.hits(bad)):
            failures.append(f"{r.name}: misses the copy {bad!r}")
        if list(r.hits(good)):
            failures.append(f"{r.name}: flags the fixed line {good!r}")
        if list(r.hits(bad + f"  // {MARKER}: test")):
            failures.append(f"{r.name}: ignores the {MARKER} marker")
    # The linker check must notice a changed value and accept the real one.
    with open(ROOT / "abi" / "baton_abi.toml", "rb") as f:
        abi = tomllib.load(f)
    real = (ROOT / "sw/sdk/link/baton.ld").read_text()
    if check_linker(abi, lambda p: real):
        failures.append("linker check rejects the committed sw/sdk/link/baton.ld")
    moved = re.sub(r"(\.rodata\s+)0x80000000", r"\g<1>0x70000000", real)
    if moved == real or not check_linker(abi, lambda p: moved):
        failures.append("linker check misses a moved rodata window")
    return failures


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--selftest", action="store_true")
    args = ap.parse_args()
    problems = selftest() if args.selftest else scan()
    if problems:
        print("\n".join(problems), file=sys.stderr)
        what = "self-test failures" if args.selftest else "copies of ABI constants (see docs/abi.md)"
        sys.exit(f"check_copies: error: {len(problems)} {what}")
    print("check_copies: ok" + (" (self-test)" if args.selftest else ""))


if __name__ == "__main__":
    main()
