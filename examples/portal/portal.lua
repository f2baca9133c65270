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
  --jobs N           processes that render the section and article pages
                     of a full build (default: the number of processors;
                     with 2 or more, this one writes the other files)
  -v, --verbose      name every file written and removed
  -h, --help         this text
]]

local function fail(msg, code)
  io.stderr:write("portal: ", msg, "\n")
  os.exit(code or 1, true)
end

-- The number of processors, for --jobs.
local function processors()
  local f = io.open("/proc/cpuinfo", "r")
  if not f then return 1 end
  local n = 0
  for line in f:lines() do
    if line:match("^processor%s*:") then n = n + 1 end
  end
  f:close()
  return math.max(1, math.min(n, 8))
end

local opts = { templates = here .. "/templates", static = here .. "/static" }
local positional, verbose, worker, langs = {}, false, nil, nil
local passed = {} -- the options a worker is started with
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
  elseif a == "--jobs" then
    opts.jobs = math.tointeger(tonumber(value()))
    if not opts.jobs or opts.jobs < 1 then fail("--jobs takes a number, 1 or more", 2) end
  elseif a == "--worker" then -- internal: a share of a full build
    local k, n = value():match("^(%d+)/(%d+)$")
    worker = { share = tonumber(k), jobs = tonumber(n) }
  elseif a == "--langs" then -- internal, with --worker
    langs = {}
    for l in value():gmatch("[^,]+") do langs[#langs + 1] = l end
  elseif a == "--per-section" then
    opts.per_section = math.tointeger(tonumber(value()))
    if not opts.per_section or opts.per_section < 1 then
      fail("--per-section takes a number of articles, 1 or more", 2)
    end
    passed[#passed + 1] = a; passed[#passed + 1] = arg[i]
  elseif a == "--templates" then
    opts.templates = value()
    passed[#passed + 1] = a; passed[#passed + 1] = arg[i]
  elseif a == "--static" then
    opts.static = value()
    passed[#passed + 1] = a; passed[#passed + 1] = arg[i]
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

-- A build makes many short-lived strings and tables (a page's values, its
-- pieces, its text): the generational collector spends less on them
-- (callgrind, 1,000-article build: 2.4% fewer instructions; peak RSS
-- unchanged at 15 MB for 10,000 articles).
collectgarbage("generational")

local found, qalam = pcall(require, "qalam")
if not found then
  fail("cannot load the qalam Lua module; put it on LUA_CPATH " ..
       "(e.g. LUA_CPATH='build/lua/?.so;;') or use examples/portal/run.sh\n" ..
       tostring(qalam))
end
local site = require "site"

local store, err, code = qalam.open(store_path, { readonly = true })
if not store then fail(("cannot open %s: %s (%s)"):format(store_path, err, code)) end

local function shell_quote(s)
  return "'" .. s:gsub("'", "'\\''") .. "'"
end

-- A worker's report: a first line with the byte lengths of the first two
-- blocks, then three blocks of lines: each file it wrote or kept (kind,
-- 1 when written, path), the state's line of each article, and each
-- section with its page count. (One pattern per kind over the whole
-- report, as it was, cost the first process 300M instructions, after the
-- workers had finished, at 10,000 articles.)
local function report_path(share)
  return outdir .. "/.portal-worker-" .. share
end

if worker then
  local ok, files, lines, pages = pcall(site.work, store, outdir, opts,
                                        langs or {}, worker.jobs, worker.share)
  store:close()
  if not ok then fail(tostring(files)) end
  local block = {}
  for _, e in ipairs(files) do
    block[#block + 1] = e[1] .. "\t" .. (e[3] and "1" or "0") .. "\t" .. e[2] .. "\n"
  end
  local file_lines, article_lines = table.concat(block), table.concat(lines)
  local f = assert(io.open(report_path(worker.share), "wb"))
  f:write(#file_lines, " ", #article_lines, "\n", file_lines, article_lines)
  for key, n in pairs(pages) do f:write(key, "\t", n, "\n") end
  assert(f:close())
  os.exit(0, true)
end

-- Starts the process that renders share `share` of `jobs` of the section
-- and article pages; returns readers of its report, which wait for it
-- to finish.
local interpreter = arg[-1]
for k = -2, -10, -1 do
  if arg[k] == nil then break end
  interpreter = arg[k]
end
opts.jobs = opts.jobs or processors()
opts.spawn = function(share, jobs, site_langs)
  local cmd = { interpreter, arg[0], "--worker", share .. "/" .. jobs,
                "--langs", table.concat(site_langs, ",") }
  for _, p in ipairs(passed) do cmd[#cmd + 1] = p end
  cmd[#cmd + 1] = store_path
  cmd[#cmd + 1] = outdir
  for k, c in ipairs(cmd) do cmd[k] = shell_quote(c) end
  local proc = assert(io.popen(table.concat(cmd, " "), "r"))
  local files, articles, sections
  -- waits for the worker and splits its report into its three blocks
  local function wait()
    if files then return end
    proc:read("a")
    local done, how, status = proc:close()
    if not done then error(("a worker failed (%s %s)"):format(how, status), 0) end
    local f = assert(io.open(report_path(share), "rb"))
    local report = f:read("a")
    f:close()
    os.remove(report_path(share))
    local nf, na, at = report:match("^(%d+) (%d+)\n()")
    if not at then error("a worker's report is damaged", 0) end
    nf, na = tonumber(nf), tonumber(na)
    files = report:sub(at, at + nf - 1)
    articles = report:sub(at + nf, at + nf + na - 1)
    sections = report:sub(at + nf + na)
  end
  -- an iterator over the lines of `block` matching `pattern`, each
  -- turned into values by `convert`
  local function each(block, pattern, convert)
    local next_line = block:gmatch(pattern)
    return function()
      local a, b, c = next_line()
      if a then return convert(a, b, c) end
    end
  end
  return {
    -- kind, path, written for each file
    files = function()
      wait()
      return each(files, "(%a+)\t(%d)\t([^\n]*)\n",
                  function(kind, w, rel) return kind, rel, w == "1" end)
    end,
    -- the state's lines of its articles, as one string
    articles = function()
      wait()
      return articles
    end,
    -- state.pair_key (slug TAB lang), page count
    sections = function()
      wait()
      return each(sections, "([^\t\n]+\t[^\t\n]+)\t(%d+)\n",
                  function(key, n) return key, math.tointeger(tonumber(n)) end)
    end,
  }
end

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
