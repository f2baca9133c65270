#!/bin/sh
# Installs the build into a temporary prefix and builds a program outside the
# tree against it four ways: pkg-config shared and static, and CMake's
# find_package(qalam) with qalam::qalam and qalam::qalam_static. Each program
# runs, and the static ones must not need libqalam.so.
# usage: run.sh BUILD_DIR THIS_DIR [EXTRA_CFLAGS]
set -eu
build=$1 here=$2 extra=${3:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix

cmake --install "$build" --prefix "$prefix" >/dev/null
pcdir=$(dirname "$(find "$prefix" -name qalam.pc)")
libdir=$(dirname "$pcdir")
export PKG_CONFIG_PATH=$pcdir

cc=${CC:-cc}
# shellcheck disable=SC2046,SC2086
$cc $extra -o "$tmp/shared" "$here/consumer/consumer.c" $(pkg-config --cflags --libs qalam)
LD_LIBRARY_PATH=$libdir "$tmp/shared"
# shellcheck disable=SC2046,SC2086
$cc $extra -o "$tmp/static" "$here/consumer/consumer.c" $(pkg-config --cflags qalam) \
  -Wl,-Bstatic -lqalam -Wl,-Bdynamic $(pkg-config --static --libs-only-L qalam) \
  $(pkg-config --libs libcmark sqlite3 yaml-0.1)
"$tmp/static"
if readelf -d "$tmp/static" | grep -q 'libqalam'; then
  echo "the static build still needs libqalam.so"; exit 1
fi

CFLAGS="$extra" LDFLAGS="$extra" cmake -S "$here/consumer" -B "$tmp/cmake" \
  -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build "$tmp/cmake" >/dev/null
LD_LIBRARY_PATH=$libdir "$tmp/cmake/consumer_shared"
"$tmp/cmake/consumer_static"
if readelf -d "$tmp/cmake/consumer_static" | grep -q 'libqalam'; then
  echo "qalam::qalam_static still needs libqalam.so"; exit 1
fi
echo "ok: pkg-config and find_package(qalam), shared and static"
