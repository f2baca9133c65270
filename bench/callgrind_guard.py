#!/usr/bin/python3
"""The callgrind guard: counts the instructions of qalam's key operations
under ``valgrind --tool=callgrind`` and fails when one grows by more than
10% over the committed baseline (bench/callgrind-baseline.txt).

    callgrind_guard.py --driver BUILD/bench/callgrind_ops --build-type TYPE
                       [--lua lua5.4 --lua-cpath 'BUILD/lua/?.so'
                        --source-dir .] [--update] [--tolerance 0.10]

Operations (docs/benchmarks.md):

- ``render``, ``save``, ``section-page``, ``sitemap``: bench/callgrind_ops.c
  does each
  once to warm up and once between CALLGRIND_START_INSTRUMENTATION and
  CALLGRIND_STOP_INSTRUMENTATION, so only that run is counted;
- ``portal``: the whole ``lua5.4 examples/portal/portal.lua STORE OUT
  --jobs 1`` run on the sample newspaper (examples/newspaper), when the
  portal and the Lua module exist;
- ``portal-300``: the same on 300 copies of the benchmark
  article in three languages (``callgrind_ops make-site``): a cost that
  grows with the pages' number and size, which eight pages hide.

Instruction counts do not depend on the machine's load, but they do on the
compiler, its flags and the versions of SQLite, cmark and Lua, so the
baseline holds one set per CMake build type, and a build type without one
is skipped. ``--update`` writes the counts of this build into the baseline
(the other build types' lines are kept): do it on purpose, when a change
is meant to cost more (or has made things cheaper), and commit the file.

Exit status: 0 within the tolerance, 1 an operation grew too much (or
failed), 77 skipped (no valgrind, or no baseline for this build type).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
BASELINE = os.path.join(HERE, "callgrind-baseline.txt")
C_OPS = ["render", "save", "section-page", "sitemap"]


def callgrind(cmd: list[str], counted_only: bool, env: dict) -> int:
    """Instructions counted by callgrind for cmd."""
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "callgrind.out")
        vg = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}"]
        if counted_only:
            vg.append("--instr-atstart=no")
        r = subprocess.run(vg + cmd, env=env, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True)
        if r.returncode != 0:
            sys.stderr.write(r.stdout + r.stderr)
            raise RuntimeError(f"{' '.join(cmd)} failed ({r.returncode})")
        total = 0
        with open(out) as f:
            for line in f:
                m = re.match(r"(?:summary|totals):\s*(\d+)", line)
                if m:
                    total = max(total, int(m.group(1)))
        return total


def read_baseline(path: str) -> list[tuple[str, str, int]]:
    rows = []
    if os.path.exists(path):
        with open(path) as f:
            for line in f:
                line = line.split("#", 1)[0].split()
                if len(line) == 3:
                    rows.append((line[0], line[1], int(line[2])))
    return rows


def write_baseline(path: str, rows: list[tuple[str, str, int]]) -> None:
    with open(path, "w") as f:
        f.write("# Instructions of qalam's key operations under callgrind, per "
                "CMake build type:\n# build-type operation instructions. "
                "Written by bench/callgrind_guard.py --update\n"
                "# (docs/benchmarks.md); checked by the ctest test "
                "callgrind_guard, which fails\n# when an operation grows by "
                "more than 10%.\n")
        for bt, op, n in sorted(rows):
            f.write(f"{bt} {op} {n}\n")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--driver", required=True)
    ap.add_argument("--build-type", required=True)
    ap.add_argument("--lua", default="")
    ap.add_argument("--lua-cpath", default="")
    ap.add_argument("--source-dir", default=os.path.dirname(HERE))
    ap.add_argument("--baseline", default=BASELINE)
    ap.add_argument("--tolerance", type=float, default=0.10)
    ap.add_argument("--update", action="store_true")
    a = ap.parse_args()

    if not shutil.which("valgrind"):
        print("skipped: valgrind is not installed (Debian: valgrind)")
        return 77
    bt = a.build_type or "None"
    env = dict(os.environ, LD_BIND_NOW="1")
    counts: dict[str, int] = {}
    for op in C_OPS:
        counts[op] = callgrind([a.driver, op], True, env)

    portal = os.path.join(a.source_dir, "examples", "portal", "portal.lua")
    news = os.path.join(a.source_dir, "examples", "newspaper")
    if a.lua and a.lua_cpath and os.path.exists(portal):
        with tempfile.TemporaryDirectory() as tmp:
            db = os.path.join(tmp, "sample.db")
            subprocess.run([a.driver, "make-store", db, news], check=True)
            lenv = dict(env, LUA_CPATH=f"{a.lua_cpath};;")
            # one process: callgrind counts only the first, whose share of
            # the work would depend on the number of processors
            counts["portal"] = callgrind(
                [a.lua, portal, db, os.path.join(tmp, "site"), "--jobs", "1"],
                False, lenv)
            site = os.path.join(tmp, "site.db")
            subprocess.run([a.driver, "make-site", site], check=True)
            counts["portal-300"] = callgrind(
                [a.lua, portal, site, os.path.join(tmp, "site-300"),
                 "--jobs", "1"], False, lenv)
    else:
        print("portal: skipped (no examples/portal/portal.lua or no Lua "
              "module)")

    base = read_baseline(a.baseline)
    mine = {op: n for b, op, n in base if b == bt}
    if a.update:
        rows = [r for r in base if r[0] != bt]
        rows += [(bt, op, n) for op, n in counts.items()]
        write_baseline(a.baseline, rows)
        for op, n in counts.items():
            print(f"{op:14} {n:>14,}  (written to the baseline for {bt})")
        return 0
    if not mine:
        print(f"skipped: {a.baseline} has no counts for build type {bt!r}; "
              "add them with --update")
        for op, n in counts.items():
            print(f"{op:14} {n:>14,}")
        return 77
    failed = False
    print(f"{'operation':14} {'baseline':>14} {'now':>14} {'change':>8}  "
          f"(instructions, build type {bt})")
    for op, n in counts.items():
        if op not in mine:
            print(f"{op:14} {'-':>14} {n:>14,}  no baseline yet")
            continue
        change = n / mine[op] - 1
        verdict = ""
        if change > a.tolerance:
            verdict = f"  FAIL: more than {a.tolerance:.0%} over the baseline"
            failed = True
        elif change < -a.tolerance:
            verdict = "  (cheaper: update the baseline to keep the gain)"
        print(f"{op:14} {mine[op]:>14,} {n:>14,} {change:>+8.1%}{verdict}")
    if failed:
        print("an operation costs more than it did; if that is intended, "
              "update the baseline: bench/callgrind_guard.py --update ... "
              "(docs/benchmarks.md)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
