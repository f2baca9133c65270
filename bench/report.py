#!/usr/bin/python3
"""Turns the RESULT lines of a benchmark run (bench/run.sh writes them to
BUILD/bench-out/*.txt) into the results table: printed, written as
Markdown (--md) and drawn as an SVG chart (--svg), with no plotting library.

    report.py OUTDIR [--md bench/results.md] [--svg bench/results.svg]

The chart shows, for every target, how much of it the measure uses: the
measured value divided by the target (for "at least N times faster", the
target divided by the measure), so that 1.0 is the target and shorter is
better, whatever the unit.
"""

from __future__ import annotations

import argparse
import glob
import os
import platform
import subprocess
from datetime import date
from html import escape


def parse(outdir: str) -> dict[str, list[dict]]:
    res: dict[str, list[dict]] = {}
    for path in sorted(glob.glob(os.path.join(outdir, "*.txt"))):
        src = os.path.basename(path)[:-4]
        with open(path, encoding="utf-8") as f:
            for line in f:
                if not line.startswith("RESULT "):
                    continue
                words = line.split()[1:]
                name, rest = words[0], words[1:]
                d: dict = {"src": src}
                i = 0
                # "rss c store-100k articles 1 peak_kib 2 ..." has bare
                # words before the key/value pairs
                while i < len(rest) and not _is_pair(rest, i):
                    d.setdefault("tags", []).append(rest[i])
                    i += 1
                while i + 1 < len(rest):
                    key, value = rest[i], rest[i + 1]
                    try:
                        d[key] = float(value)
                    except ValueError:
                        d[key] = value
                    i += 2
                res.setdefault(name, []).append(d)
    return res


def _is_pair(words: list[str], i: int) -> bool:
    if i + 1 >= len(words):
        return False
    try:
        float(words[i + 1])
        return True
    except ValueError:
        return False


def machine() -> str:
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = ""
    try:
        with open("/proc/meminfo") as f:
            kib = int(f.readline().split()[1])
            mem = f", {kib / 1024 / 1024:.0f} GB RAM"
    except (OSError, ValueError, IndexError):
        pass
    try:
        sqlite = subprocess.run(["sqlite3", "--version"], capture_output=True,
                                text=True).stdout.split()[0]
    except (OSError, IndexError):
        import sqlite3
        sqlite = sqlite3.sqlite_version
    return (f"{os.cpu_count()} cores ({cpu}){mem}, {platform.system()} "
            f"{platform.release()}; SQLite {sqlite}; {date.today()}")


def rows(res: dict[str, list[dict]]) -> list[dict]:
    """One row per target: measure, compared with, target, result text,
    budget used (measure/target, <= 1 is met) or None when not measured."""
    out = []

    def first(name: str, pred=lambda d: True) -> dict | None:
        for d in res.get(name, []):
            if pred(d):
                return d
        return None

    def add(measure, versus, target, value, used, note=""):
        out.append(dict(measure=measure, versus=versus, target=target,
                        value=value, used=used, note=note))

    def ratio_row(key, measure, versus, limit, fmt="{:.2f}×"):
        d = first(key)
        if d is None:
            add(measure, versus, f"≤ {limit}×", "not run", None)
            return
        extra = ""
        if key == "portal_full":
            extra = (f" ({d['qalam_s']:.1f} s vs {d['hugo_s']:.1f} s; "
                     f"{int(d['pages_qalam'])} and {int(d['pages_hugo'])} "
                     "pages)")
        elif key == "portal_rebuild":
            extra = f" ({d['qalam_s']:.1f} s vs {d['hugo_s']:.1f} s)"
        elif key == "portal_incremental":
            extra = f" ({d['one_s']:.1f} s vs {d['rebuild_s']:.1f} s)"
        elif key == "markdown":
            extra = f" ({d['qalam_us']:.1f} µs vs {d['cmark_us']:.1f} µs)"
        elif key in ("py_markdown", "py_markdown_bytes"):
            extra = f" ({d['qalam_us']:.1f} µs vs {d['c_us']:.1f} µs)"
        elif key == "import":
            extra = (f" ({d['qalam_s']:.1f} s vs {d['plain_s']:.1f} s, "
                     f"{int(d['n']):,} files)")
        elif key == "py_iterate":
            extra = (f" ({d['qalam_us']:.2f} µs vs {d['sqlite_us']:.2f} µs "
                     f"an article, {int(d['n']):,})")
        add(measure, versus, f"≤ {limit}×",
            f"{fmt.format(d['median'])} [{d['min']:.2f}–{d['max']:.2f}]"
            + extra, d["median"] / limit)

    def ir_row(key, measure, versus, ours, theirs, limit):
        """A ratio of instruction counts (callgrind), when measured; with
        no `limit`, a figure without a target (a floor)."""
        d = first(key)
        if d is None or ours not in d:
            return
        r = d[ours] / d[theirs]
        add(measure, versus, f"≤ {limit}×" if limit else "— (a floor)",
            f"{r:.3f}× ({int(d[ours]):,} vs {int(d[theirs]):,}, callgrind)",
            r / limit if limit else None)

    ratio_row("portal_full", "portal from 10,000 files (import + build)",
              "`hugo` on the same files", 0.4)
    ratio_row("portal_rebuild", "portal rebuild from the store, 10,000",
              "`hugo` full build", 0.15)
    ratio_row("portal_incremental", "rebuild after one article changes",
              "qalam full rebuild", 0.01, "{:.3f}×")
    ratio_row("markdown", "Markdown → HTML, C API, per article",
              "plain libcmark loop", 1.10, "{:.3f}×")
    d = first("markdown_ir")
    if d:
        add("Markdown → HTML, C API: instructions", "plain libcmark",
            "≤ 1.10×", f"{d['qalam'] / d['cmark']:.3f}× ({int(d['qalam']):,} "
            f"vs {int(d['cmark']):,}, callgrind)",
            d["qalam"] / d["cmark"] / 1.10)
    ratio_row("py_markdown", "`qalam.markdown_to_html` from Python",
              "plain libcmark loop (C)", 1.3, "{:.3f}×")
    ir_row("py_markdown_ir", "`qalam.markdown_to_html` from Python: "
           "instructions", "plain libcmark loop (C)", "qalam", "c", 1.3)
    ratio_row("py_markdown_bytes", "`qalam.markdown_to_html` from Python, "
              "UTF-8 `bytes` in and out", "plain libcmark loop (C)", 1.3,
              "{:.3f}×")
    ir_row("py_markdown_ir", "`qalam.markdown_to_html` from Python, `bytes`: "
           "instructions", "plain libcmark loop (C)", "bytes", "c", 1.3)
    d = first("py_vs_pymd")
    if d:
        add("`qalam.markdown_to_html` from Python", "python-markdown",
            "≥ 40× faster",
            f"{d['median']:.0f}× faster [{d['min']:.0f}–{d['max']:.0f}] "
            f"({d['pymd_us']:.0f} µs)", 40 / d["median"])
    else:
        add("`qalam.markdown_to_html` from Python", "python-markdown",
            "≥ 40× faster", "not run", None)
    ratio_row("import", "import 100,000 articles (render, insert, FTS)",
              "plain SQLite + FTS5 + cmark in C", 1.5)
    for size, label in (("1000000", "1,000,000"), ("100000", "100,000")):
        d = first("section_page", lambda d: int(d["n"]) == int(size))
        if d or size == "1000000":
            add(f"latest 20 of a section, {label} articles", "—",
                "≤ 50 µs median, index only",
                (f"{d['median_us']:.1f} µs [{d['min_us']:.1f}–"
                 f"{d['max_us']:.0f}], plan "
                 f"{'index only' if d['index_only'] else 'NOT index only'}")
                if d else "not run",
                (d["median_us"] / 50 if d["index_only"] else 9.99)
                if d else None)
        d = first("search", lambda d: int(d["n"]) == int(size))
        if d or size == "1000000":
            add(f"FTS top 20 with snippets, {label} articles", "—",
                "≤ 20 ms median",
                f"{d['median_ms']:.2f} ms [{d['min_ms']:.2f}–"
                f"{d['max_ms']:.1f}] (query mix)" if d else "not run",
                d["median_ms"] / 20 if d else None)
    for lang in ("c", "python", "lua"):
        small = first("rss", lambda d: d.get("tags", [None])[0] == lang and
                      "store-100k" in d.get("tags", []))
        big = first("rss", lambda d: d.get("tags", [None])[0] == lang and
                    "store-1m" in d.get("tags", []))
        name = {"c": "C", "python": "Python", "lua": "Lua"}[lang]
        if small and big:
            change = big["peak_kib"] / small["peak_kib"] - 1
            add(f"cursor over every article, peak RSS ({name})",
                "100k vs 1M articles", "same ±10%",
                f"{small['peak_kib'] / 1024:.1f} MB → "
                f"{big['peak_kib'] / 1024:.1f} MB ({change:+.1%})",
                abs(change) / 0.10)
        elif small:
            add(f"cursor over every article, peak RSS ({name})",
                "100k vs 1M articles", "same ±10%",
                f"{small['peak_kib'] / 1024:.1f} MB at 100k; 1M not run",
                None)
        else:
            add(f"cursor over every article, peak RSS ({name})",
                "100k vs 1M articles", "same ±10%", "not run", None)
    ratio_row("py_iterate", "Python: iterate 100,000, title and date",
              "Python's `sqlite3`", 1.5)
    ir_row("py_iterate_ir", "Python: iterate, title and date: "
           "instructions a row", "Python's `sqlite3`", "qalam", "sqlite", 1.5)
    # no target: what the cffi route costs at least
    ir_row("py_iterate_ir", "Python: the same C calls alone, no row objects: "
           "instructions a row", "Python's `sqlite3`", "calls", "sqlite", None)
    return out


def verdict(r: dict) -> str:
    if r["used"] is None:
        return "—"
    return "met" if r["used"] <= 1 else "**missed**"


def markdown(rs: list[dict], where: str) -> str:
    lines = [f"Machine: {where}.", "",
             "| measure | compared with | target | result (median [min–max]) "
             "| |", "|---|---|---|---|---|"]
    for r in rs:
        lines.append(f"| {r['measure']} | {r['versus']} | {r['target']} | "
                     f"{r['value']} | {verdict(r)} |")
    return "\n".join(lines) + "\n"


def svg(rs: list[dict]) -> str:
    rs = [r for r in rs if r["used"] is not None]
    W, left, bar, gap, top = 1000, 470, 18, 8, 46
    scale_max = 2.0  # the axis runs to twice the target
    plot = W - left - 30
    H = top + len(rs) * (bar + gap) + 40
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" '
           f'height="{H}" viewBox="0 0 {W} {H}" font-family="sans-serif" '
           'font-size="12">',
           f'<rect width="{W}" height="{H}" fill="#fff"/>',
           f'<text x="{left}" y="18" font-size="14" font-weight="bold">'
           'qalam benchmarks: share of each target used</text>',
           f'<text x="{left}" y="34" fill="#555">measure ÷ target '
           '(1.0 = the target; shorter is better; bars past 2.0 are cut)'
           '</text>']
    for k in range(0, 5):
        v = k * 0.5
        x = left + plot * v / scale_max
        out.append(f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" '
                   f'y2="{H - 30}" stroke="{"#c00" if v == 1 else "#ddd"}" '
                   f'stroke-width="{2 if v == 1 else 1}"/>')
        out.append(f'<text x="{x:.1f}" y="{H - 14}" text-anchor="middle" '
                   f'fill="#555">{v:.1f}</text>')
    for i, r in enumerate(rs):
        y = top + i * (bar + gap)
        used = r["used"]
        w = plot * min(used, scale_max) / scale_max
        colour = "#2e8b57" if used <= 1 else "#d9534f"
        label = r["measure"].replace("`", "")
        if r["versus"] != "—":
            label += " vs " + r["versus"].replace("`", "")
        if len(label) > 72:
            label = label[:71] + "…"
        out.append(f'<text x="{left - 8}" y="{y + 13}" text-anchor="end">'
                   f'{escape(label)}</text>')
        out.append(f'<rect x="{left}" y="{y}" width="{max(w, 1):.1f}" '
                   f'height="{bar}" fill="{colour}"/>')
        if used > scale_max:  # cut bar: the value inside its end
            out.append(f'<text x="{left + w - 4:.1f}" y="{y + 13}" '
                       f'text-anchor="end" fill="#fff" font-weight="bold">'
                       f'{used:.2f}</text>')
        else:
            out.append(f'<text x="{left + max(w, 1) + 4:.1f}" y="{y + 13}" '
                       f'fill="#333">{used:.2f}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("outdir")
    ap.add_argument("--md")
    ap.add_argument("--svg")
    a = ap.parse_args()
    rs = rows(parse(a.outdir))
    where = machine()
    table = markdown(rs, where)
    print(table)
    if a.md:
        with open(a.md, "w", encoding="utf-8") as f:
            f.write("# Benchmark results\n\nWritten by `bench/run.sh` "
                    "(docs/benchmarks.md says what each measure is).\n\n"
                    + table + "\n![chart](results.svg)\n")
    if a.svg:
        with open(a.svg, "w", encoding="utf-8") as f:
            f.write(svg(rs))


if __name__ == "__main__":
    main()
