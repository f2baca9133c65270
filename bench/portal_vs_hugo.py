#!/usr/bin/python3
"""The qalam portal (examples/portal) against Hugo on the same corpus.

    portal_vs_hugo.py --build build-bench --corpus build-bench/corpus-10k
                      [--rounds 3] [--quick] [--work DIR]

Each round, in alternating order, times (wall clock):

- qalam from files: ``qalam init`` and ``qalam import`` of the corpus into a
  new store, then ``portal.lua STORE OUT`` into an empty folder;
- Hugo: ``hugo`` building the same files with the layout in bench/hugo
  (front page with the latest 5 of each section, section pages of 20,
  article pages, RSS; one site per language) into an empty folder;
- qalam rebuild: the portal again from the existing store into an empty
  folder;
- qalam after one change: one article's file edited and imported again,
  then the portal into the folder of the previous build (it writes only
  the files whose content changed).

Then it checks that both sites have the same number of HTML pages (Hugo's
``page/1/`` redirects, which qalam has no equivalent of, left out) and
prints min/median/max of each and the ratios. Hugo missing: skipped with a
message. RESULT lines carry the figures for bench/report.py.

The store and both sites are written under --work: by default a folder in
/dev/shm (memory) when it has room, else BUILD/portal-bench. On a disk the
time to create a file swings with whatever the disk did just before (seen
here: the same 10,000 empty files took 0.45 s in one run and 4 to 7 s in
the next ones), which drowns what the two programs do; in memory both
sides write the same files at the same cost.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)


def run(cmd: list[str], env: dict | None = None) -> float:
    t0 = time.perf_counter()
    r = subprocess.run(cmd, env=env, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True)
    t = time.perf_counter() - t0
    if r.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{r.stdout}{r.stderr}")
    return t


def html_pages(root: str, hugo: bool) -> int:
    n = 0
    for d, _, files in os.walk(root):
        for f in files:
            if not f.endswith(".html"):
                continue
            if hugo and d.endswith(os.sep + os.path.join("page", "1")):
                continue  # Hugo's redirect of page 1 to the list itself
            n += 1
    return n


def hugo_config(work: str, corpus: str) -> str:
    site = os.path.join(work, "hugo")
    os.makedirs(site, exist_ok=True)
    langs = [("kk", "Қазақша"), ("ru", "Русский"), ("en", "English")]
    with open(os.path.join(site, "config.toml"), "w") as f:
        f.write(f'''baseURL = "https://bench.example.kz/"
title = "Qalam Bench Times"
layoutDir = "{os.path.join(HERE, "hugo", "layouts")}"
defaultContentLanguage = "kk"
defaultContentLanguageInSubdir = true
disableKinds = ["taxonomy", "section", "404", "robotsTXT"]
ignoreErrors = ["error-disable-taxonomy"]
paginate = 20
timeZone = "Asia/Almaty"
[taxonomies]
  section = "sections"
[outputs]
  home = ["HTML", "RSS"]
  term = ["HTML", "RSS"]
  page = ["HTML"]
''')
        for w, (lang, name) in enumerate(langs, 1):
            f.write(f'''[languages.{lang}]
  languageName = "{name}"
  weight = {w}
  contentDir = "{os.path.join(os.path.abspath(corpus), lang)}"
''')
    return site


def default_work(build: str) -> str:
    """A folder in /dev/shm when it has 4 GiB free, else one in the build."""
    shm = "/dev/shm"
    try:
        st = os.statvfs(shm)
        if st.f_bavail * st.f_frsize >= 4 << 30:
            return os.path.join(shm, "qalam-portal-bench")
    except OSError:
        pass
    return os.path.join(build, "portal-bench")


def spread(v: list[float]) -> tuple[float, float, float]:
    v = sorted(v)
    return v[0], v[len(v) // 2], v[-1]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--build", required=True)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--work", help="where the store and sites are written "
                    "(default: /dev/shm/qalam-portal-bench when /dev/shm has "
                    "room, else BUILD/portal-bench)")
    a = ap.parse_args()
    rounds = 1 if a.quick else a.rounds
    build = os.path.abspath(a.build)
    cli = os.path.join(build, "qalam")
    portal = os.path.join(TOP, "examples", "portal", "portal.lua")
    env = dict(os.environ, LUA_CPATH=os.path.join(build, "lua", "?.so") + ";;")
    hugo = shutil.which("hugo")
    if not hugo:
        print("Hugo is not installed (Debian: apt-get install hugo): the "
              "comparison with Hugo is skipped; qalam alone is timed")
    work = os.path.abspath(a.work) if a.work else default_work(build)
    print(f"store and sites written under {work}")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    store = os.path.join(work, "store.db")
    qout, hout = os.path.join(work, "site-qalam"), os.path.join(work, "site-hugo")
    site = hugo_config(work, a.corpus) if hugo else ""
    # the article edited between builds: a copy of the corpus's first file
    # with a new title, imported alone
    first = sorted(os.listdir(os.path.join(a.corpus, "kk")))[0]
    with open(os.path.join(a.corpus, "kk", first), encoding="utf-8") as f:
        text = f.read()
    changed = os.path.join(work, "changed.md")

    def qalam_full() -> float:
        for p in (store, store + "-wal", store + "-shm"):
            if os.path.exists(p):
                os.remove(p)
        shutil.rmtree(qout, ignore_errors=True)
        t = run([cli, "--db", store, "init"])
        t += run([cli, "--db", store, "import", a.corpus])
        return t + run(["lua5.4", portal, store, qout], env)

    def hugo_full() -> float:
        shutil.rmtree(hout, ignore_errors=True)
        return run([hugo, "--source", site, "--destination", hout, "--quiet",
                    "--cacheDir", os.path.join(work, "hugo-cache")])

    def qalam_rebuild() -> float:
        shutil.rmtree(qout, ignore_errors=True)
        return run(["lua5.4", portal, store, qout], env)

    edits = [0]

    def qalam_one_change() -> float:
        edits[0] += 1
        with open(changed, "w", encoding="utf-8") as f:
            f.write(text.replace('title: "', f'title: "Edit {edits[0]}: ', 1))
        t = run([cli, "--db", store, "import", changed])
        return t + run(["lua5.4", portal, store, qout], env)

    full, hfull, rebuild, one = [], [], [], []
    r_full, r_rebuild, r_one = [], [], []
    for r in range(rounds):
        if r % 2 == 0 or not hugo:
            if hugo:
                hfull.append(hugo_full())
            full.append(qalam_full())
        else:
            full.append(qalam_full())
            hfull.append(hugo_full())
        rebuild.append(qalam_rebuild())
        one.append(qalam_one_change())
        if hugo:
            r_full.append(full[-1] / hfull[-1])
            r_rebuild.append(rebuild[-1] / hfull[-1])
        r_one.append(one[-1] / rebuild[-1])
        print(f"round {r + 1}: qalam import+build {full[-1]:.2f} s, "
              + (f"hugo {hfull[-1]:.2f} s, " if hugo else "")
              + f"qalam rebuild {rebuild[-1]:.2f} s, one change "
              f"{one[-1]:.2f} s", file=sys.stderr)

    qpages = html_pages(qout, False)
    print(f"{rounds} rounds; wall-clock seconds")
    print(f"{'':40} {'min':>8} {'median':>8} {'max':>8}")
    rows = [("qalam: import + portal (from files)", full),
            ("qalam: portal rebuild (from the store)", rebuild),
            ("qalam: one article changed + portal", one)]
    if hugo:
        rows.insert(1, ("hugo: full build", hfull))
    for name, v in rows:
        lo, mid, hi = spread(v)
        print(f"{name:40} {lo:8.2f} {mid:8.2f} {hi:8.2f}")
    if hugo:
        hpages = html_pages(hout, True)
        same = "same" if qpages == hpages else "DIFFERENT"
        print(f"HTML pages: qalam {qpages}, hugo {hpages} ({same})")
        for key, name, v in (("portal_full", "import+build / hugo", r_full),
                             ("portal_rebuild", "rebuild / hugo", r_rebuild)):
            lo, mid, hi = spread(v)
            print(f"ratio {name}: min {lo:.3f} median {mid:.3f} max {hi:.3f}")
            print(f"RESULT {key} ratio min {lo:.3f} median {mid:.3f} max "
                  f"{hi:.3f} qalam_s {spread(full if key == 'portal_full' else rebuild)[1]:.2f} "
                  f"hugo_s {spread(hfull)[1]:.2f} pages_qalam {qpages} "
                  f"pages_hugo {hpages}")
    else:
        print(f"HTML pages: qalam {qpages}")
    lo, mid, hi = spread(r_one)
    print(f"ratio one change / full rebuild: min {lo:.3f} median {mid:.3f} "
          f"max {hi:.3f}")
    print(f"RESULT portal_incremental ratio min {lo:.3f} median {mid:.3f} max "
          f"{hi:.3f} one_s {spread(one)[1]:.2f} rebuild_s "
          f"{spread(rebuild)[1]:.2f}")
    if not a.work and work.startswith("/dev/shm/"):
        shutil.rmtree(work, ignore_errors=True)  # gives the memory back
    if hugo and qpages != hpages:
        print("the two sites differ in their number of pages", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
