-- The portal: builds the static news site of a qalam store.
--
--   lua5.4 examples/portal/portal.lua [options] STORE OUTDIR
--
-- with the qalam module on LUA_CPATH (examples/portal/run.sh sets it up).
-- docs/portal.md describes the site, the templates and the incremental
-- build.

local here = (arg and arg[0] or ""):match("^(.*)/[^/]*$") or "."
package.path = here .. "/?.lua;" .. package.path

local USAGE = [[
usage: portal.lua [options] STORE OUTDIR

Builds the static site of the qalam store STORE into OUTDIR: the front
page, the section pages, one page per article, the feeds and sitemap.xml.
Only files whose content changed are written; files an earlier build wrote
that are no longer part of the site are removed. Into the folder of an
earlier build, only the pages that the articles changed since then show on
are built again (see docs/portal.md), unless --full is given or anything
besides articles changed (settings, sections, templates).

options:
  --per-section N    articles of each section on the front page (default 5)
  --templates DIR    the templates (default: the templates/ next to portal.lua)
  --static DIR       files copied to the root of the site (default: static/)
  --full             build every page, not only the changed ones
  -v, --verbose      name every file written and removed
  -h, --help         this text
]]

local function fail(msg, code)
  io.stderr:write("portal: ", msg, "\n")
  os.exit(code or 1, true)
end

local opts = { templates = here .. "/templates", static = here .. "/static" }
local positional, verbose = {}, false
local i = 1
while i <= #arg do
  local a = arg[i]
  local function value()
    i = i + 1
    if arg[i] == nil then fail("option " .. a .. " needs a value\n" .. USAGE, 2) end
    return arg[i]
  end
  if a == "-h" or a == "--help" then
    io.write(USAGE)
    os.exit(0, true)
  elseif a == "--full" then
    opts.full = true
  elseif a == "-v" or a == "--verbose" then
    verbose = true
  elseif a == "--per-section" then
    opts.per_section = math.tointeger(tonumber(value()))
    if not opts.per_section or opts.per_section < 1 then
      fail("--per-section takes a number of articles, 1 or more", 2)
    end
  elseif a == "--templates" then
    opts.templates = value()
  elseif a == "--static" then
    opts.static = value()
  elseif a:sub(1, 1) == "-" and a ~= "-" then
    fail("unknown option " .. a .. "\n" .. USAGE, 2)
  else
    positional[#positional + 1] = a
  end
  i = i + 1
end
if #positional ~= 2 then
  io.stderr:write(USAGE)
  os.exit(2, true)
end
local store_path, outdir = positional[1], positional[2]

local found, qalam = pcall(require, "qalam")
if not found then
  fail("cannot load the qalam Lua module; put it on LUA_CPATH " ..
       "(e.g. LUA_CPATH='build/lua/?.so;;') or use examples/portal/run.sh\n" ..
       tostring(qalam))
end
local site = require "site"

local store, err, code = qalam.open(store_path, { readonly = true })
if not store then fail(("cannot open %s: %s (%s)"):format(store_path, err, code)) end

local ok, stats, warnings, incremental = pcall(site.build, store, outdir, opts)
store:close()
if not ok then fail(tostring(stats)) end

for _, w in ipairs(warnings) do io.stderr:write("portal: warning: ", w, "\n") end
if verbose then
  for _, rel in ipairs(stats.written) do print("wrote " .. rel) end
  for _, rel in ipairs(stats.removed) do print("removed " .. rel) end
end
print(("portal: %s: %s: pages: %d written, %d skipped; other files: %d written, %d skipped; removed: %d")
      :format(outdir, incremental and "changes only" or "full build",
              stats.pages.written, stats.pages.skipped,
              stats.files.written, stats.files.skipped, #stats.removed))
