-- What a build leaves for the next one, so that it can rewrite only the
-- pages a change shows on (docs/portal.md, "Incremental builds"):
--
--   OUTDIR/.portal-state     the fingerprint of everything but the
--                            articles (settings, sections, templates,
--                            options, the portal itself), the store
--                            revision and time the site shows, its
--                            languages and the page count of each section
--   OUTDIR/.portal-articles  one line per article on the site: its id,
--                            language, publication time, story, page and
--                            sections; later lines replace earlier ones
--
-- Both are plain text and never run as code. A missing, unreadable or
-- foreign state means a full build.

local M = {}

M.STATE, M.ARTICLES = ".portal-state", ".portal-articles"
local MAGIC = "qalam-portal-state 1"

local read = require("build").read

-- Writes through a temporary file and a rename: never half-written; a
-- file that already holds `text` is left alone.
local function replace(path, text)
  if read(path) == text then return end
  local f, err = io.open(path .. ".tmp", "wb")
  if not f then error("cannot write " .. path .. ": " .. tostring(err), 0) end
  f:write(text)
  f:close()
  local ok, rerr = os.rename(path .. ".tmp", path)
  if not ok then error("cannot write " .. path .. ": " .. tostring(rerr), 0) end
end

local function pair_key(slug, lang) return slug .. "\t" .. lang end
M.pair_key = pair_key

-- An article's line: id, lang, published, story (0: none), path,
-- sections separated by spaces (slugs have none).
local function line(id, e)
  return ("%d\t%s\t%d\t%d\t%s\t%s\n"):format(id, e.lang, e.published,
    e.story or 0, e.path, table.concat(e.sections, " "))
end

-- A new, empty state (for a full build to fill).
function M.new(root, fingerprint)
  return { root = root, fingerprint = fingerprint, revision = 0, now = 0,
           langs = {}, pages = {}, lines = {}, appended = {} }
end

-- The state the last build left in `root`, or nil.
function M.load(root)
  local text = read(root .. "/" .. M.STATE)
  if not text or text:sub(1, #MAGIC + 1) ~= MAGIC .. "\n" then return nil end
  local st = M.new(root, nil)
  for key, value in text:gmatch("([^\t\n]+)\t([^\n]*)\n") do
    if key == "fingerprint" then st.fingerprint = value
    elseif key == "revision" then st.revision = math.tointeger(tonumber(value))
    elseif key == "now" then st.now = math.tointeger(tonumber(value))
    elseif key == "langs" then
      for l in value:gmatch("%S+") do st.langs[#st.langs + 1] = l end
    elseif key == "pages" then
      local slug, lang, n = value:match("^(%S+) (%S+) (%d+)$")
      if slug then st.pages[pair_key(slug, lang)] = tonumber(n) end
    end
  end
  st.articles = read(root .. "/" .. M.ARTICLES)
  if not st.fingerprint or not st.revision or not st.now or not st.articles then
    return nil
  end
  return st
end

-- What the last build recorded of article `id` (nil: not on the site).
-- Only the lines of that id are looked at, the last one winning.
function M.article(st, id)
  local text, needle = st.articles, "\n" .. id .. "\t"
  local found, from = nil, 1
  while true do
    local at = text:find(needle, from, true)
    if not at then break end
    found, from = at + 1, at + 1
  end
  if not found then return nil end
  local l = text:match("^[^\n]*", found)
  local lang, published, story, path, sections =
    l:match("^%d+\t([^\t]*)\t(%-?%d+)\t(%d+)\t([^\t]*)\t([^\t]*)$")
  if not lang or lang == "" then return nil end  -- a removal line: "id\t-"
  local list = {}
  for s in sections:gmatch("%S+") do list[#list + 1] = s end
  story = tonumber(story)
  return { lang = lang, published = tonumber(published),
           story = story ~= 0 and story or nil, path = path, sections = list }
end

-- Records article `id` as `entry` ({lang, published, story, path,
-- sections}), or as gone when entry is nil.
function M.set(st, id, entry)
  st.appended[#st.appended + 1] = entry and line(id, entry) or ("%d\t-\n"):format(id)
end

-- During a full build: the line of every article on the site.
function M.add(st, id, entry)
  st.lines[#st.lines + 1] = line(id, entry)
end

-- The same, for the lines a worker made with add(), as one string.
function M.add_lines(st, lines)
  st.lines[#st.lines + 1] = lines
end

-- Writes the state: a full build rewrites the article lines, an
-- incremental one appends its own.
function M.save(st, full)
  local head = { MAGIC,
    "fingerprint\t" .. st.fingerprint,
    "revision\t" .. st.revision,
    "now\t" .. st.now,
    "langs\t" .. table.concat(st.langs, " ") }
  local keys = {}
  for k in pairs(st.pages) do keys[#keys + 1] = k end
  table.sort(keys)
  for _, k in ipairs(keys) do
    local slug, lang = k:match("^([^\t]*)\t(.*)$")
    head[#head + 1] = ("pages\t%s %s %d"):format(slug, lang, st.pages[k])
  end
  local path = st.root .. "/" .. M.ARTICLES
  if full then
    replace(path, "\n" .. table.concat(st.lines))
  elseif #st.appended > 0 then
    local f, err = io.open(path, "ab")
    if not f then error("cannot write " .. path .. ": " .. tostring(err), 0) end
    f:write(table.concat(st.appended))
    f:close()
  end
  -- the state last: a build cut short before this leaves the old state,
  -- whose revision makes the next build do the same changes again
  replace(st.root .. "/" .. M.STATE, table.concat(head, "\n") .. "\n")
end

return M
