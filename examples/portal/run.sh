#!/bin/sh
# Runs the portal with the qalam Lua module of this tree's build:
#   examples/portal/run.sh STORE OUTDIR [options]
# BUILD_DIR (default: build, at the top of the tree) is the CMake build
# folder holding lua/qalam.so.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
build=${BUILD_DIR:-build}
case $build in /*) ;; *) build=$top/$build ;; esac
if [ ! -f "$build/lua/qalam.so" ]; then
  echo "portal: $build/lua/qalam.so is missing; build first (scripts/build)" >&2
  exit 1
fi
LUA_CPATH="$build/lua/?.so;${LUA_CPATH:-;}"
export LUA_CPATH
exec lua5.4 "$here/portal.lua" "$@"
