-- The writer: writes a file only when its content changed, and removes
-- the files an earlier build wrote that are no longer part of the site.
--
-- Every page written is compared with the file on disk: equal bytes are
-- skipped (the file, its time and its inode are left alone), different
-- ones replace the file through a temporary file and a rename. Since a
-- page's bytes depend only on the store, a page is rewritten exactly when
-- something it shows changed.
--
-- The list of files a build wrote is kept in OUTDIR/.portal-manifest. A
-- full build removes those it did not write again (the page of a deleted
-- article, a section page that is no longer needed), and the folders this
-- leaves empty; an incremental build (site.lua decides which pages a
-- change touches) removes what it is told to and updates the list. Files
-- the manifest does not name are never touched.

local lfs = require "lfs"

local M = {}

M.MANIFEST = ".portal-manifest"

local Writer = {}
Writer.__index = Writer

-- The content of the file at `path`, or nil.
local function read(path)
  local f = io.open(path, "rb")
  if not f then return nil end
  local s = f:read("a")
  f:close()
  return s
end
M.read = read

local function mkdirs(path)
  local sofar = path:sub(1, 1) == "/" and "/" or ""
  for part in path:gmatch("[^/]+") do
    sofar = sofar .. part
    local mode = lfs.attributes(sofar, "mode")
    if not mode then
      local ok, err = lfs.mkdir(sofar)
      if not ok and lfs.attributes(sofar, "mode") ~= "directory" then
        error("cannot create " .. sofar .. ": " .. tostring(err), 0)
      end
    elseif mode ~= "directory" then
      error("cannot create " .. sofar .. ": not a directory", 0)
    end
    sofar = sofar .. "/"
  end
end

-- A relative path the manifest may name: no absolute paths, no "..".
local function safe(rel)
  if rel == "" or rel:sub(1, 1) == "/" then return false end
  -- a part "." or ".." starts the path or follows a "/"
  if rel:sub(1, 1) ~= "." and not rel:find("/.", 1, true) then return true end
  for part in rel:gmatch("[^/]+") do
    if part == ".." or part == "." then return false end
  end
  return true
end

local function read_manifest(root)
  local old = {}
  local manifest = read(root .. "/" .. M.MANIFEST)
  if manifest then
    for line in manifest:gmatch("[^\n]+") do
      if safe(line) then old[line] = true end
    end
  end
  return old
end

-- A writer into `root` (created when missing). A full build writes every
-- file of the site; an incremental one (`incremental` true) writes some
-- and removes the ones named by remove(), keeping the manifest in step.
function M.open(root, incremental)
  root = root:gsub("/+$", "")
  if root == "" then root = "/" end
  mkdirs(root)
  local self = setmetatable({
    root = root,
    incremental = incremental,
    old = incremental and {} or read_manifest(root), -- files the last build wrote
    produced = {},   -- files this build wrote or kept
    created = {},    -- files that were not there before
    dirs = {},       -- folders known to exist
    order = {},
    stats = { pages = { written = 0, skipped = 0 },
              files = { written = 0, skipped = 0 },
              written = {}, removed = {} },
  }, Writer)
  return self
end

-- Writes `content` to `rel` (a path relative to the root) unless the file
-- already holds exactly that. Paths ending in .html count as pages.
function Writer:write(rel, content)
  assert(safe(rel), "unsafe output path " .. rel)
  if self.produced[rel] then error("two outputs for " .. rel, 0) end
  self.produced[rel] = true
  self.order[#self.order + 1] = rel
  local kind = rel:match("%.html$") and "pages" or "files"
  local path = self.root .. "/" .. rel
  local old = read(path)
  if old == content then
    self.stats[kind].skipped = self.stats[kind].skipped + 1
    return false
  end
  local dir = path:match("^(.*)/[^/]*$")
  if dir and not self.dirs[dir] then
    mkdirs(dir)
    self.dirs[dir] = true
  end
  -- A new file is written in place: nothing links to it before the pages
  -- of this build, and a file cut short by a crash differs from its page,
  -- so the next build writes it again. A file that is there is replaced
  -- by a rename, so that it is never seen half-written. (Writing every
  -- file through a rename doubled the time of a first build.)
  local tmp = old == nil and path or path .. ".tmp"
  if old == nil then self.created[#self.created + 1] = rel end
  local f, err = io.open(tmp, "wb")
  if not f then error("cannot write " .. tmp .. ": " .. tostring(err), 0) end
  local ok, werr = f:write(content)
  f:close()
  if not ok then os.remove(tmp); error("cannot write " .. tmp .. ": " .. tostring(werr), 0) end
  if tmp ~= path then
    local renamed, rerr = os.rename(tmp, path)
    if not renamed then os.remove(tmp); error("cannot write " .. path .. ": " .. tostring(rerr), 0) end
  end
  self.stats[kind].written = self.stats[kind].written + 1
  self.stats.written[#self.stats.written + 1] = rel
  return true
end

-- What this writer wrote or kept: {kind, rel, written} in order (a
-- worker's report).
function Writer:files()
  local out, written = {}, {}
  for _, rel in ipairs(self.stats.written) do written[rel] = true end
  for _, rel in ipairs(self.order) do
    out[#out + 1] = { rel:match("%.html$") and "pages" or "files", rel, written[rel] or false }
  end
  return out
end

-- Counts file `rel` that another process wrote (written) or kept.
function Writer:adopt(rel, kind, written)
  assert(safe(rel), "unsafe output path " .. rel)
  if self.produced[rel] then error("two outputs for " .. rel, 0) end
  self.produced[rel] = true
  self.order[#self.order + 1] = rel
  if written then
    self.stats[kind].written = self.stats[kind].written + 1
    self.stats.written[#self.stats.written + 1] = rel
  else
    self.stats[kind].skipped = self.stats[kind].skipped + 1
  end
end

-- The files the last build wrote whose paths start with `prefix`, in the
-- manifest's order: a plain search of its text (reading it line by line,
-- as read_manifest does, cost a changes-only build of 10,000 articles 80M
-- instructions; a pattern search 30M).
function Writer:earlier(prefix)
  local out = {}
  local text = "\n" .. (read(self.root .. "/" .. M.MANIFEST) or "")
  local at = text:find("\n" .. prefix, 1, true)
  while at do
    local rel = text:match("^[^\n]*", at + 1)
    if safe(rel) then out[#out + 1] = rel end
    at = text:find("\n" .. prefix, at + 1, true)
  end
  return out
end

-- Removes file `rel` of an earlier build (and the folders this leaves
-- empty, up to the root).
function Writer:remove(rel)
  assert(safe(rel), "unsafe output path " .. rel)
  if self.produced[rel] then return end
  local path = self.root .. "/" .. rel
  if lfs.attributes(path, "mode") == "file" then
    assert(os.remove(path))
    self.stats.removed[#self.stats.removed + 1] = rel
    local dir = rel:match("^(.*)/[^/]*$")
    while dir do
      if not lfs.rmdir(self.root .. "/" .. dir) then break end
      dir = dir:match("^(.*)/[^/]*$")
    end
  end
end

-- Removes what the last build wrote and this one did not (a full build),
-- writes the new manifest and returns the statistics.
function Writer:finish()
  local list = {}
  if self.incremental then
    -- the manifest changes only when files came or went
    if #self.created == 0 and #self.stats.removed == 0 then return self.stats end
    local names = read_manifest(self.root)
    for _, rel in ipairs(self.created) do names[rel] = true end
    for _, rel in ipairs(self.stats.removed) do names[rel] = nil end
    for rel in pairs(names) do list[#list + 1] = rel end
  else
    local gone = {}
    for rel in pairs(self.old) do
      if not self.produced[rel] then gone[#gone + 1] = rel end
    end
    table.sort(gone)
    for _, rel in ipairs(gone) do self:remove(rel) end
    for _, rel in ipairs(self.order) do list[#list + 1] = rel end
  end
  table.sort(list)
  local manifest = table.concat(list, "\n") .. "\n"
  local path = self.root .. "/" .. M.MANIFEST
  if read(path) ~= manifest then
    local f = assert(io.open(path .. ".tmp", "wb"))
    f:write(manifest)
    f:close()
    assert(os.rename(path .. ".tmp", path))
  end
  return self.stats
end

return M
