#!/bin/sh
# Reruns scripts/gen_cldr.py into a temporary directory and compares the
# result with the committed core/date_cldr.c and tests/c/date_cldr_vectors.h.
#
# usage: check_generated.sh [SOURCE_DIR]
# Exits 0 when they match, 1 when they differ (the diff is shown), and 77 -
# "skipped" - when the Python that has Babel (Debian's /usr/bin/python3 with
# python3-babel, or $QALAM_PYTHON) is not there.
set -eu

src=${1:-$(cd "$(dirname "$0")/../.." && pwd)}
py=${QALAM_PYTHON:-/usr/bin/python3}

if ! [ -x "$py" ] || ! "$py" -c 'import babel.dates' >/dev/null 2>&1; then
  echo "skipped: $py cannot import babel (install python3-babel)"
  exit 77
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

"$py" "$src/scripts/gen_cldr.py" --out "$tmp"

status=0
for f in core/date_cldr.c tests/c/date_cldr_vectors.h; do
  if ! diff -u "$src/$f" "$tmp/$f"; then
    echo "$f differs from what scripts/gen_cldr.py writes now:" \
         "run /usr/bin/python3 scripts/gen_cldr.py and commit the result" >&2
    status=1
  fi
done
[ "$status" -eq 0 ] && echo "generated CLDR files are up to date"
exit "$status"
