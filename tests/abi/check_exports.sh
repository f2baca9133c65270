#!/bin/sh
# Checks that libqalam.so exports exactly the functions that the public
# headers declare with QALAM_API, each under a QALAM_ version node.
# usage: check_exports.sh LIBQALAM.so INCLUDE_DIR
set -eu
lib=$1 include=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Declared: the name after QALAM_API on each declaration's first line.
find "$include" \( -name '*.h' -o -name '*.h.in' \) -exec cat {} + |
  sed -n 's/^QALAM_API[^(]*[ *]\(qalam_[a-z0-9_]*\)(.*/\1/p' | sort -u >"$tmp/declared"
if [ ! -s "$tmp/declared" ]; then
  echo "no QALAM_API declarations found under $include"
  exit 1
fi

# Exported: defined dynamic symbols as name@@version (version nodes
# themselves show as absolute symbols, type A, and are skipped).
nm -D --defined-only "$lib" | awk '$2 != "A" {print $3}' >"$tmp/symbols"
sed 's/@.*//' "$tmp/symbols" | sort -u >"$tmp/exported"

status=0
if ! diff -u "$tmp/declared" "$tmp/exported" >"$tmp/diff"; then
  echo "exported symbols differ from the public headers (- declared only, + exported only):"
  cat "$tmp/diff"
  status=1
fi
unversioned=$(grep -v '@@\?QALAM_[0-9.]*$' "$tmp/symbols" || true)
if [ -n "$unversioned" ]; then
  echo "exported without a QALAM_ version node: $unversioned"
  status=1
fi
[ $status -eq 0 ] && echo "ok: $(wc -l <"$tmp/exported") exported symbols match the headers, all versioned"
exit $status
