#!/usr/bin/python3
"""The Python benchmarks of qalam, each side by side with its alternative
in one process, interleaved over rounds (min/median/max and the ratio of
each round, taken under the same machine load).

    py_bench.py markdown --cmark-loop libbench_cmark_loop.so [--quick]
        qalam.markdown_to_html() per article, against the plain libcmark
        loop in C (bench/cmark_loop.c, loaded with ctypes, timed inside C)
        and against python-markdown (skipped when not installed); also
        with the article as UTF-8 bytes, which gives bytes.
    py_bench.py iterate STORE [--quick]
        iterates every listed article newest first reading the title and
        the publication time as an aware datetime, against Python's sqlite3
        module reading the same columns of the same rows in the same order
        and making the same datetime.
    py_bench.py rss STORE
        iterates every article (scheduled ones too) through one cursor
        (title and time) and prints the peak resident set size.
    py_bench.py ir WHAT COUNT [--cmark-loop LIB] [--store STORE]
        one side of a measure COUNT times and nothing else, for
        valgrind --tool=callgrind to count its instructions (bench/run.sh
        subtracts the run with WHAT "none", which makes the same setup):
        markdown (qalam.markdown_to_html), markdown-bytes (the same from
        and to UTF-8 bytes), cmark (the C loop), iterate
        (articles with title and time), iterate-calls (only the C calls
        of iterate, with no row objects: what the cffi route costs at
        least), sqlite (the sqlite3 twin).

Run with PYTHONPATH pointing at the build tree's bindings/python. Every
figure a runner needs is on a line starting with RESULT.
"""

from __future__ import annotations

import argparse
import ctypes
import sqlite3
import statistics
import sys
import time
from datetime import datetime

import qalam


def spread(values: list[float]) -> tuple[float, float, float]:
    v = sorted(values)
    return v[0], v[len(v) // 2], v[-1]


def peak_rss_kib() -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def cmark_loop(path: str) -> tuple[ctypes.CDLL, bytes]:
    """The C loop's library and its article."""
    lib = ctypes.CDLL(path)
    lib.bench_article.restype = ctypes.c_char_p
    lib.bench_cmark_loop.restype = ctypes.c_double
    lib.bench_cmark_loop.argtypes = [ctypes.c_char_p, ctypes.c_long]
    return lib, lib.bench_article()


# the rows qalam lists, in its order (docs/store.md)
LISTED_SQL = ("SELECT title, published FROM articles WHERE status = 1 AND "
              "published <= ? ORDER BY published DESC, id DESC")


def bench_markdown(args: argparse.Namespace) -> None:
    lib, raw = cmark_loop(args.cmark_loop)
    text = raw.decode("utf-8")
    try:
        import markdown as pymd
        md = pymd.Markdown()
    except ImportError:
        md = None
        print("python-markdown is not installed (Debian: python3-markdown): "
              "that comparison is skipped")
    n = 500 if args.quick else 2000
    rounds = 7 if args.quick else 15
    render = qalam.markdown_to_html

    def run_qalam() -> float:
        t0 = time.perf_counter()
        for _ in range(n):
            render(text)
        return (time.perf_counter() - t0) / n

    def run_bytes() -> float:  # UTF-8 in and out: no str to encode, decode
        t0 = time.perf_counter()
        for _ in range(n):
            render(raw)
        return (time.perf_counter() - t0) / n

    def run_c() -> float:
        return lib.bench_cmark_loop(raw, n)

    def run_pymd() -> float:
        m = max(n // 40, 10)
        t0 = time.perf_counter()
        for _ in range(m):
            md.reset()
            md.convert(text)
        return (time.perf_counter() - t0) / m

    run_qalam(), run_bytes(), run_c()
    if md:
        run_pymd()
    q, b, c, p, rc, rb, rp = [], [], [], [], [], [], []
    for r in range(rounds):
        order = [run_qalam, run_bytes, run_c] + ([run_pymd] if md else [])
        if r % 2:
            order.reverse()
        got = {f: f() for f in order}
        q.append(got[run_qalam])
        b.append(got[run_bytes])
        c.append(got[run_c])
        rc.append(q[-1] / c[-1])
        rb.append(b[-1] / c[-1])
        if md:
            p.append(got[run_pymd])
            rp.append(p[-1] / q[-1])
    print(f"article: {len(raw)} bytes; {rounds} rounds, interleaved")
    print(f"{'':34} {'min':>9} {'median':>9} {'max':>9}  (us per article)")
    for name, v in (("qalam.markdown_to_html (Python)", q),
                    ("  the same, bytes in and out", b),
                    ("cmark_markdown_to_html (C loop)", c),
                    ("python-markdown", p)):
        if v:
            lo, mid, hi = spread(v)
            print(f"{name:34} {lo*1e6:9.2f} {mid*1e6:9.2f} {hi*1e6:9.2f}")
    lo, mid, hi = spread(rc)
    print(f"ratio qalam from Python / C loop: min {lo:.3f} median {mid:.3f} "
          f"max {hi:.3f}")
    print(f"RESULT py_markdown ratio min {lo:.3f} median {mid:.3f} max "
          f"{hi:.3f} qalam_us {statistics.median(q)*1e6:.3f} c_us "
          f"{statistics.median(c)*1e6:.3f}")
    lo, mid, hi = spread(rb)
    print(f"ratio qalam from Python, bytes / C loop: min {lo:.3f} median "
          f"{mid:.3f} max {hi:.3f}")
    print(f"RESULT py_markdown_bytes ratio min {lo:.3f} median {mid:.3f} max "
          f"{hi:.3f} qalam_us {statistics.median(b)*1e6:.3f} c_us "
          f"{statistics.median(c)*1e6:.3f}")
    if md:
        lo, mid, hi = spread(rp)
        print(f"python-markdown / qalam: min {lo:.1f} median {mid:.1f} max "
              f"{hi:.1f} times slower")
        print(f"RESULT py_vs_pymd speedup min {lo:.2f} median {mid:.2f} max "
              f"{hi:.2f} pymd_us {statistics.median(p)*1e6:.1f}")


def bench_iterate(args: argparse.Namespace) -> None:
    store = qalam.Store(args.store, readonly=True)
    tz = store.timezone
    now = int(time.time())
    con = sqlite3.connect(f"file:{args.store}?mode=ro", uri=True)
    sql = LISTED_SQL
    fromtimestamp = datetime.fromtimestamp

    def run_qalam() -> tuple[float, int]:
        t0 = time.perf_counter()
        n = 0
        for a in store.articles():
            a.title
            a.published
            n += 1
        return time.perf_counter() - t0, n

    def run_sqlite() -> tuple[float, int]:
        t0 = time.perf_counter()
        n = 0
        for title, published in con.execute(sql, (now,)):
            fromtimestamp(published, tz)
            n += 1
        return time.perf_counter() - t0, n

    run_qalam(), run_sqlite()
    rounds = 3 if args.quick else 7
    q, s, ratio = [], [], []
    count = 0
    for r in range(rounds):
        if r % 2 == 0:
            (tq, nq), (ts, ns) = run_qalam(), run_sqlite()
        else:
            (ts, ns), (tq, nq) = run_sqlite(), run_qalam()
        if nq != ns:
            sys.exit(f"qalam listed {nq} articles, sqlite3 {ns}")
        count = nq
        q.append(tq)
        s.append(ts)
        ratio.append(tq / ts)
    store.close()
    print(f"{count} articles; {rounds} rounds, interleaved")
    print(f"{'':26} {'min':>9} {'median':>9} {'max':>9}  (us per article)")
    for name, v in (("qalam Store.articles()", q), ("sqlite3 module", s)):
        lo, mid, hi = spread(v)
        print(f"{name:26} {lo/count*1e6:9.3f} {mid/count*1e6:9.3f} "
              f"{hi/count*1e6:9.3f}")
    lo, mid, hi = spread(ratio)
    print(f"ratio qalam/sqlite3: min {lo:.3f} median {mid:.3f} max {hi:.3f}")
    print(f"RESULT py_iterate ratio min {lo:.3f} median {mid:.3f} max "
          f"{hi:.3f} qalam_us {statistics.median(q)/count*1e6:.3f} sqlite_us "
          f"{statistics.median(s)/count*1e6:.3f} n {count}")


def bench_rss(args: argparse.Namespace) -> None:
    t0 = time.perf_counter()
    n = 0
    with qalam.Store(args.store, readonly=True) as store:
        for a in store.articles(unlisted=True):
            a.title
            a.published
            n += 1
    print(f"RESULT rss python articles {n} peak_kib {peak_rss_kib()} "
          f"seconds {time.perf_counter() - t0:.2f}")


def bench_ir(args: argparse.Namespace) -> None:
    n = args.count
    if args.what_ir in ("markdown", "markdown-bytes", "cmark", "none") and \
            args.cmark_loop:
        lib, raw = cmark_loop(args.cmark_loop)
        text = raw.decode("utf-8")
        if args.what_ir == "markdown":
            for _ in range(n):
                qalam.markdown_to_html(text)
        elif args.what_ir == "markdown-bytes":
            for _ in range(n):
                qalam.markdown_to_html(raw)
        elif args.what_ir == "cmark":
            lib.bench_cmark_loop(raw, n)
        return
    store = qalam.Store(args.store, readonly=True)
    tz = store.timezone
    con = sqlite3.connect(f"file:{args.store}?mode=ro", uri=True)
    now = int(time.time())
    if args.what_ir == "iterate":
        for a in store.articles(limit=n):
            a.title
            a.published
    elif args.what_ir == "iterate-calls":
        # the floor of the cffi route: the three C calls a row needs and the
        # same str and datetime, but no row objects and no properties
        from qalam._qalam import ffi, lib
        it = store.articles(limit=n)
        ptr, out = it._ptr, ffi.new("const qalam_article **")
        step, title = lib.qalam_cursor_next, lib.qalam_article_title
        published, string = lib.qalam_article_published, ffi.string
        while step(out, ptr) == 0:
            row = out[0]
            string(title(row)).decode("utf-8")
            datetime.fromtimestamp(published(row), tz)
    elif args.what_ir == "sqlite":
        for title, published in con.execute(LISTED_SQL + " LIMIT ?",
                                            (now, n)):
            datetime.fromtimestamp(published, tz)
    elif args.what_ir != "none":
        sys.exit(f"unknown measure {args.what_ir!r}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="what", required=True)
    m = sub.add_parser("markdown")
    m.add_argument("--cmark-loop", required=True)
    m.add_argument("--quick", action="store_true")
    i = sub.add_parser("iterate")
    i.add_argument("store")
    i.add_argument("--quick", action="store_true")
    r = sub.add_parser("rss")
    r.add_argument("store")
    c = sub.add_parser("ir")
    c.add_argument("what_ir", choices=["markdown", "markdown-bytes", "cmark",
                                       "iterate", "iterate-calls", "sqlite",
                                       "none"])
    c.add_argument("count", type=int)
    c.add_argument("--cmark-loop")
    c.add_argument("--store")
    a = ap.parse_args()
    {"markdown": bench_markdown, "iterate": bench_iterate,
     "rss": bench_rss, "ir": bench_ir}[a.what](a)


if __name__ == "__main__":
    main()
