-- cursor_rss.lua - the Lua twin of cursor_rss.c: iterates every article of
-- a store through one cursor, reading each title and publication time, and
-- prints the count and the process's peak resident set size (VmHWM).
-- Every article, scheduled ones too (unlisted = true).
-- Usage: LUA_CPATH="build-bench/lua/?.so;;" lua5.4 bench/cursor_rss.lua STORE
local qalam = require "qalam"

local t0 = os.clock()
local store <close> = assert(qalam.open(arg[1], { readonly = true }))
local n, bytes = 0, 0
for a in assert(store:articles{ unlisted = true }) do
  bytes = bytes + #a.title + (a.published & 1)
  n = n + 1
end
local peak = 0
for line in io.lines("/proc/self/status") do
  local kib = line:match("^VmHWM:%s*(%d+)")
  if kib then peak = tonumber(kib) end
end
print(("RESULT rss lua articles %d peak_kib %d seconds %.2f"):format(
  n, peak, os.clock() - t0))
