#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""scripts/plot-bench on a hand-written benchmark result: the scaling efficiencies it prints are
the ones computed by hand from the fixture's packets per cycle, the three pictures are written in
both formats, and bad input is one line on stderr with exit status 1.

  plot_bench_test.py PYTHON SCRIPT FIXTURE
"""
import json
import os
import subprocess
import sys
import tempfile

PYTHON, SCRIPT, FIXTURE = sys.argv[1:4]
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print(f"FAIL: {what}")


def run(*args):
    return subprocess.run([PYTHON, SCRIPT, *args], capture_output=True, text=True, timeout=120)


with tempfile.TemporaryDirectory() as tmp:
    # Hand computation from the fixture: ipv4-64 0.0100, 0.0190, 0.0360 at 1, 2, 4 tiles;
    # default-mix 0.0030, 0.0045 at 1, 2 tiles.
    want = {"scaling default-mix 1 -> 2 tiles: 75.0 %",
            "scaling ipv4-64 1 -> 2 tiles: 95.0 %",
            "scaling ipv4-64 1 -> 4 tiles: 90.0 %"}
    for fmt, magic in (("png", b"\x89PNG\r\n\x1a\n"), ("svg", b"<?xml")):
        out = os.path.join(tmp, fmt)
        r = run(FIXTURE, "--out", out, "--format", fmt)
        check(r.returncode == 0, f"{fmt}: exit status {r.returncode}: {r.stderr.strip()}")
        lines = {l for l in r.stdout.splitlines() if l.startswith("scaling ")}
        check(lines == want, f"{fmt}: scaling lines {sorted(lines)} != {sorted(want)}")
        for kind in ("tiles", "sizes", "latency"):
            p = os.path.join(out, f"engine-{kind}.{fmt}")
            ok = os.path.exists(p) and os.path.getsize(p) > 1000
            check(ok, f"{p} missing or tiny")
            if ok:
                with open(p, "rb") as f:
                    check(f.read(len(magic)) == magic, f"{p}: not a {fmt} file")

    good = json.load(open(FIXTURE, encoding="utf-8"))
    bad_docs = {
        "not-json.json": "{ runs: ",
        "no-runs.json": json.dumps({"bench": "baton-bench-engine"}),
        "other-bench.json": json.dumps({"bench": "baton-bench-cm", "runs": good["runs"]}),
        "missing-field.json": json.dumps({"bench": "baton-bench-engine",
                                          "runs": [{k: v for k, v in good["runs"][0].items() if k != "bits_per_cycle"}]}),
        "zero-tiles.json": json.dumps({"bench": "baton-bench-engine", "runs": [dict(good["runs"][0], tiles=0)]}),
        "one-point.json": json.dumps({"bench": "baton-bench-engine",
                                      "runs": [dict(good["runs"][0], hop_histogram=[0] * 10, dispatch_histogram=[0] * 10)]}),
    }
    for name, text in list(bad_docs.items()) + [("absent.json", None)]:
        p = os.path.join(tmp, name)
        if text is not None:
            with open(p, "w", encoding="utf-8") as f:
                f.write(text)
        r = run(p, "--out", os.path.join(tmp, "bad"))
        err = r.stderr.strip().splitlines()
        check(r.returncode == 1, f"{name}: exit status {r.returncode}, want 1")
        check(len(err) == 1 and err[0].startswith("plot-bench: "), f"{name}: stderr {r.stderr!r} is not one plot-bench line")

if failures:
    print(f"{len(failures)} failure(s); repro: {PYTHON} {SCRIPT} {FIXTURE} --out /tmp/plots")
    sys.exit(1)
print("plot-bench: all checks passed")
