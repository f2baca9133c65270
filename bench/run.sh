#!/bin/sh
# Runs every benchmark of qalam (docs/benchmarks.md), prints the results
# table and writes bench/results.md and bench/results.svg.
#
#   bench/run.sh [--quick] [--no-1m]
#
# --quick   fewer rounds and a 20,000-article import: a smoke run, minutes
# --no-1m   skip the 1,000,000-article store (its measures show as skipped)
# --prepare only build, and generate the corpora and stores
#
# BUILD_DIR (default build-bench) is the Release build used, configured and
# built here. Corpora and stores are generated once and cached in it:
# corpus-10k/ and corpus-100k/ (Markdown files), store-100k.db and
# store-1m.db (about 9 GB; made 100,000 files at a time through /dev/shm).
# Delete them to make them again. Raw output goes to $BUILD_DIR/bench-out/.
set -eu
cd "$(dirname "$0")/.."
quick=0
big=1
prepare=0
for a in "$@"; do
  case $a in
    --quick) quick=1 ;;
    --no-1m) big=0 ;;
    --prepare) prepare=1 ;;
    *) echo "usage: bench/run.sh [--quick] [--no-1m] [--prepare]" >&2; exit 2 ;;
  esac
done
B=${BUILD_DIR:-build-bench}
PY=/usr/bin/python3
out=$B/bench-out
mkdir -p "$out"

echo "== build ($B, Release)"
cmake -S . -B "$B" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$B" -j "$(nproc)" --target markdown_vs_cmark bench_cmark_loop \
  import_vs_sqlite store_queries cursor_rss qalam-cli python_binding \
  >/dev/null
cmake --build "$B" --target callgrind_ops >/dev/null 2>&1 || true
cmake --build "$B" -j "$(nproc)" --target qalam_lua >/dev/null 2>&1 || true

# corpus DIR COUNT [START]: the generator's articles START.. into DIR, once.
corpus() {
  if [ ! -e "$1/.complete" ]; then
    echo "   generating $2 articles into $1"
    rm -rf "$1"
    $PY bench/gen_corpus.py "$1" "$2" --start "${3:-0}"
    touch "$1/.complete"
  fi
}

# store DB CORPUS: a store imported from a corpus, once.
store() {
  if [ ! -e "$1.complete" ]; then
    echo "   importing $2 into $1"
    rm -f "$1" "$1-wal" "$1-shm"
    "$B/qalam" --db "$1" init >/dev/null
    "$B/qalam" --db "$1" import "$2" >/dev/null
    touch "$1.complete"
  fi
  "$B/qalam" --db "$1" init >/dev/null # a store cached by an older schema migrates
}

echo "== corpora and stores (cached in $B)"
corpus "$B/corpus-10k" 10000
corpus "$B/corpus-100k" 100000
import_corpus=$B/corpus-100k
store "$B/store-100k.db" "$B/corpus-100k"
if [ $big = 1 ] && [ ! -e "$B/store-1m.db.complete" ]; then
  # the first 100,000 are corpus-100k; the rest 100,000 at a time in memory
  echo "   making $B/store-1m.db (1,000,000 articles; takes a while)"
  rm -f "$B/store-1m.db" "$B/store-1m.db-wal" "$B/store-1m.db-shm"
  "$B/qalam" --db "$B/store-1m.db" init >/dev/null
  "$B/qalam" --db "$B/store-1m.db" import "$B/corpus-100k" >/dev/null
  chunk=${TMPDIR_CHUNK:-/dev/shm}/qalam-bench-chunk.$$
  for start in 100000 200000 300000 400000 500000 600000 700000 800000 \
               900000; do
    rm -rf "$chunk"
    $PY bench/gen_corpus.py "$chunk" 100000 --start $start
    "$B/qalam" --db "$B/store-1m.db" import "$chunk" >/dev/null
    echo "   ... $((start + 100000))"
  done
  rm -rf "$chunk"
  touch "$B/store-1m.db.complete"
fi
[ $big = 1 ] && "$B/qalam" --db "$B/store-1m.db" init >/dev/null
[ $prepare = 1 ] && exit 0

rm -f "$out"/*.txt
if [ $quick = 1 ]; then md_rounds="1000 9"; imp_rounds=1; reps=1000; sreps=5
else md_rounds="2000 21"; imp_rounds=3; reps=5000; sreps=15; fi

echo "== Markdown: qalam_markdown_to_html vs a plain libcmark loop (C)"
# shellcheck disable=SC2086
"$B/bench/markdown_vs_cmark" $md_rounds | tee "$out/markdown.txt"

if command -v valgrind >/dev/null && [ -x "$B/bench/callgrind_ops" ]; then
  # instructions do not depend on the machine's load: the steady figure
  ir() {
    LD_BIND_NOW=1 valgrind --tool=callgrind --instr-atstart=no \
      --callgrind-out-file=/dev/null "$B/bench/callgrind_ops" "$1" 2>&1 \
      | sed -n 's/.*I *refs: *//p' | tr -d ,
  }
  q=$(ir render); c=$(ir render-cmark)
  echo "RESULT markdown_ir qalam $q cmark $c" | tee -a "$out/markdown.txt"
fi

echo "== Markdown from Python: qalam vs the C loop vs python-markdown"
PYTHONPATH=$B/bindings/python $PY bench/py_bench.py markdown \
  --cmark-loop "$B/bench/libbench_cmark_loop.so" \
  $([ $quick = 1 ] && echo --quick) | tee "$out/py_markdown.txt"

echo "== Python: iterate 100,000 articles reading title and date vs sqlite3"
PYTHONPATH=$B/bindings/python $PY bench/py_bench.py iterate \
  "$B/store-100k.db" $([ $quick = 1 ] && echo --quick) | tee "$out/py_iterate.txt"

if command -v valgrind >/dev/null; then
  echo "== Python, instructions (callgrind): markdown and iteration"
  # pyir WHAT COUNT OPTIONS: instructions of one side, COUNT times, less
  # those of the same setup doing nothing, per time
  pyir() {
    what=$1 n=$2
    shift 2
    run() {
      w=$1
      shift
      PYTHONPATH=$B/bindings/python valgrind --tool=callgrind \
        --callgrind-out-file=/dev/null $PY bench/py_bench.py ir "$w" "$n" \
        "$@" 2>&1 | sed -n 's/.*I *refs: *//p' | tr -d ,
    }
    all=$(run "$what" "$@")
    none=$(run none "$@")
    echo $(( (all - none) / n ))
  }
  loop="--cmark-loop $B/bench/libbench_cmark_loop.so"
  # shellcheck disable=SC2086
  echo "RESULT py_markdown_ir qalam $(pyir markdown 2000 $loop) bytes" \
    "$(pyir markdown-bytes 2000 $loop) c $(pyir cmark 2000 $loop)" \
    | tee -a "$out/py_markdown.txt"
  on="--store $B/store-100k.db"
  # shellcheck disable=SC2086
  echo "RESULT py_iterate_ir qalam $(pyir iterate 20000 $on) calls" \
    "$(pyir iterate-calls 20000 $on) sqlite $(pyir sqlite 20000 $on)" \
    | tee -a "$out/py_iterate.txt"
fi

echo "== import: qalam_import vs plain SQLite + FTS5 + cmark ($import_corpus)"
"$B/bench/import_vs_sqlite" "$import_corpus" "$B" $imp_rounds \
  | tee "$out/import.txt"

queries() {
  # the rare words of the mix: a village and surnames of articles the
  # corpus has at every size
  set -- "$1" "$($PY bench/gen_corpus.py --names 77 village)" \
    "$($PY bench/gen_corpus.py --names 4 surname)" \
    "$($PY bench/gen_corpus.py --names 77 surname)"
  "$B/bench/store_queries" "$1" $reps $sreps "$2" "$3" "$4" \
    "трамвай* Алматы" "бюджет"
}
echo "== section page and search at 100,000 articles"
queries "$B/store-100k.db" | tee "$out/queries_100k.txt"
if [ $big = 1 ]; then
  echo "== section page and search at 1,000,000 articles"
  queries "$B/store-1m.db" | tee "$out/queries_1m.txt"
fi

echo "== cursor: peak RSS iterating every article (C, Python, Lua)"
stores="$B/store-100k.db"
[ $big = 1 ] && stores="$stores $B/store-1m.db"
for s in $stores; do
  tag=$(basename "$s" .db)
  "$B/bench/cursor_rss" "$s" | sed "s/^RESULT rss c/RESULT rss c $tag/" \
    | tee -a "$out/rss.txt"
  PYTHONPATH=$B/bindings/python $PY bench/py_bench.py rss "$s" \
    | sed "s/^RESULT rss python/RESULT rss python $tag/" | tee -a "$out/rss.txt"
  if [ -e "$B/lua/qalam.so" ]; then
    LUA_CPATH="$B/lua/?.so;;" lua5.4 bench/cursor_rss.lua "$s" \
      | sed "s/^RESULT rss lua/RESULT rss lua $tag/" | tee -a "$out/rss.txt"
  fi
done

echo "== portal vs Hugo"
if [ -f examples/portal/portal.lua ] && [ -e "$B/lua/qalam.so" ]; then
  $PY bench/portal_vs_hugo.py --build "$B" --corpus "$B/corpus-10k" \
    $([ $quick = 1 ] && echo --quick) | tee "$out/portal.txt"
else
  echo "skipped: examples/portal/portal.lua (or the Lua module) is missing" \
    | tee "$out/portal.txt"
fi

echo "== results"
$PY bench/report.py "$out" --md bench/results.md --svg bench/results.svg
