#!/bin/sh
# Compares the ABI of a built libqalam.so with the committed baseline
# tests/abi/libqalam.abi (docs/security.md, "ABI policy").
#
# usage: check_abi.sh [--write FILE] LIBQALAM.so SOURCE_DIR BUILD_DIR
#
#   LIBQALAM.so  the shared library just built (with debug info: -g)
#   SOURCE_DIR   the source tree (public headers in include/, the baseline)
#   BUILD_DIR    the build tree (the generated include/qalam/version.h)
#   --write FILE only dump the library's ABI to FILE (scripts/update-abi)
#
# Exit status: 0 the ABI is the baseline's or only grew (new functions,
# enumerators added at the end); 1 an incompatible change, a changed SONAME
# or a broken baseline; 77 abidw/abidiff or debug info missing (skipped).
#
# Only public types count: abidw gets the header directories and
# --drop-private-types, and tests/abi/abi.suppr drops every type that is not
# defined under include/qalam/ or not named qalam_*. Locations, the build
# directory, the corpus path and DT_NEEDED are left out, so the dump is the
# same for Debug, RelWithDebInfo and sanitizer builds and on any machine.
set -eu

write=
if [ "${1:-}" = "--write" ]; then
  write=$2
  shift 2
fi
if [ $# -ne 3 ]; then
  echo "usage: $0 [--write FILE] LIBQALAM.so SOURCE_DIR BUILD_DIR" >&2
  exit 2
fi
lib=$1 src=$(cd "$2" && pwd) build=$(cd "$3" && pwd)
baseline=$src/tests/abi/libqalam.abi
suppr=$src/tests/abi/abi.suppr

for tool in abidw abidiff readelf; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "skipped: $tool not found (Debian: apt-get install abigail-tools binutils)"
    exit 77
  fi
done
if ! readelf -S "$lib" | grep -q '\.debug_info'; then
  echo "skipped: $lib has no debug info; build with -g" \
       "(CMAKE_BUILD_TYPE RelWithDebInfo or Debug)"
  exit 77
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# dump LIB OUT: the library's public ABI as abixml.
dump() {
  abidw --load-all-types --drop-private-types \
        --headers-dir "$src/include" --headers-dir "$build/include" \
        --suppressions "$suppr" \
        --no-corpus-path --no-comp-dir-path --no-show-locs --no-elf-needed \
        --drop-undefined-syms --type-id-style hash \
        --out-file "$tmp/raw.abi" "$1"
  # Translation units are named by absolute path: keep them relative to
  # the source tree so that the baseline does not depend on the checkout.
  sed "s|path='$src/|path='|" "$tmp/raw.abi" >"$2"
}

if [ -n "$write" ]; then
  dump "$lib" "$write"
  exit 0
fi

if [ ! -s "$baseline" ]; then
  echo "FAIL: no ABI baseline at $baseline; create it with scripts/update-abi"
  exit 1
fi
dump "$lib" "$tmp/current.abi"
# Left in the build tree for a look after a failure.
cp "$tmp/current.abi" "$build/libqalam.current.abi" 2>/dev/null || true

abi_version=$(sed -n 's/^set(QALAM_ABI_VERSION \([0-9]*\)).*/\1/p' \
              "$src/CMakeLists.txt")
soname_of() { sed -n "1s/.* soname='\([^']*\)'.*/\1/p" "$1"; }
old_soname=$(soname_of "$baseline")
new_soname=$(soname_of "$tmp/current.abi")
if [ "$old_soname" != "$new_soname" ]; then
  echo "FAIL: the baseline describes $old_soname, the library is $new_soname."
  echo "If QALAM_ABI_VERSION was bumped on purpose (it is $abi_version in"
  echo "CMakeLists.txt), regenerate the baseline and commit it:"
  echo "    scripts/update-abi && git add tests/abi/libqalam.abi"
  exit 1
fi

set +e
abidiff --non-reachable-types --no-show-locs \
        "$baseline" "$tmp/current.abi" >"$tmp/report" 2>&1
rc=$?
set -e
# abidiff's status is a bit mask: 1 error, 2 usage error, 4 ABI change,
# 8 incompatible ABI change (a removed function or variable).
if [ $((rc & 3)) -ne 0 ]; then
  echo "FAIL: abidiff could not compare (status $rc):"
  cat "$tmp/report"
  exit 1
fi

# Bit 8 is set only for removals; a changed parameter type, a grown struct
# or a removed enumerator only sets bit 4. So read the summary: anything
# removed or changed is incompatible, only additions are not.
count() { # count WHAT: the number before WHAT on abidiff's summary lines
  sed -n "s/.*summary:.* \([0-9][0-9]*\) $1.*/\1/p" "$tmp/report" |
    awk '{n += $1} END {print n + 0}'
}
removed=$(( $(count Removed) + $(count removed) ))
changed=$(( $(count Changed) + $(count changed) ))
added=$(( $(count Added) + $(count added) ))

if [ $((rc & 8)) -ne 0 ] || [ "$removed" -ne 0 ] || [ "$changed" -ne 0 ]; then
  cat "$tmp/report"
  echo
  echo "FAIL: incompatible ABI change against tests/abi/libqalam.abi"
  echo "($removed removed, $changed changed): programs built against"
  echo "$old_soname would break. Either"
  echo "  - fix it: keep the old function and type as they are, add a new"
  echo "    function under a new name, grow option structs only at the end"
  echo "    (docs/conventions.md, ABI); or"
  echo "  - break the ABI on purpose: bump QALAM_ABI_VERSION in CMakeLists.txt"
  echo "    (now $abi_version; the SONAME follows), rebuild, run"
  echo "    scripts/update-abi and commit tests/abi/libqalam.abi with the change."
  exit 1
fi

if [ "$rc" -ne 0 ] || [ "$added" -ne 0 ]; then
  cat "$tmp/report"
  echo
  echo "ok: compatible ABI change against tests/abi/libqalam.abi ($added added)."
  # New functions land in QALAM_1 through the map's qalam_* pattern.
  fresh=$(sed -n "s/^ *\[A\] '[^']*' *{\([^}]*\)}.*/\1/p; s/^  '[^']*' *{\([^}]*\)}.*/\1/p" \
          "$tmp/report" | sort -u)
  [ -n "$fresh" ] && echo "added symbols: $(echo $fresh)"
  echo "note: give new functions their own version node in core/qalam.map"
  echo "(e.g. QALAM_1.1 { global: qalam_new_thing; } QALAM_1;) before the"
  echo "release that adds them, and once released run scripts/update-abi so"
  echo "that the baseline covers them too."
  exit 0
fi
echo "ok: ABI identical to tests/abi/libqalam.abi ($new_soname)"
