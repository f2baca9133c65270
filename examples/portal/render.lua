-- Templates: Penlight's pl.template with every value HTML-escaped.
--
-- A template is HTML with two kinds of placeholders (docs/portal.md):
--
--   $(expr)          the value of a Lua expression, HTML-escaped through
--                    qalam.html_escape (& < > " ' all escaped), so it is
--                    safe in text and in quoted attributes;
--   $(raw(expr))     trusted HTML, written as it is: only for HTML the
--                    store rendered (an article's body) or another template
--                    produced (include, the page in the layout);
--   # lua            a line starting with # is Lua (if, for, end).
--
-- pl.template turns every $(expr) into a call of the template's
-- `__tostring`; this module replaces that function with one that escapes
-- everything except values wrapped by raw(). A name a template uses that
-- is neither in its data nor a helper is an error, not an empty string.

local template = require "pl.template"
local qalam = require "qalam"

local M = {}

local Trusted = {}
Trusted.__tostring = function(t) return t.html end

-- Marks `html` as trusted: written without escaping.
function M.raw(html)
  if getmetatable(html) == Trusted then return html end
  if type(html) ~= "string" then
    error("raw() takes a string, got " .. type(html), 2)
  end
  return setmetatable({ html = html }, Trusted)
end

local find, type = string.find, type

-- Escaped strings, by string: most values (links, section and language
-- names, labels) are the same on thousands of pages, and a lookup costs
-- less than looking for something to escape. Emptied when it grows past
-- CACHE_MAX, so that it stays small however many pages a build makes.
local CACHE_MAX = 4096
local cache, cached = {}, 0

-- What every $(expr) goes through. Most values have nothing to escape:
-- they are returned as they are, without a call into the library.
function M.escape(v)
  local e = cache[v]
  if e then return e end
  if type(v) ~= "string" then
    if getmetatable(v) == Trusted then return v.html end
    v = tostring(v)
  end
  if find(v, "[&<>\"']") then
    local err
    e, err = qalam.html_escape(v)
    -- never written unescaped: text that is not UTF-8 stops the build
    if not e then error("cannot escape a value: " .. err, 2) end
  else
    e = v
  end
  if cached == CACHE_MAX then cache, cached = {}, 0 end
  cache[v], cached = e, cached + 1
  return e
end

local Renderer = {}
Renderer.__index = Renderer

-- A renderer reading templates from `dir`.
function M.new(dir)
  return setmetatable({ dir = dir, cache = {},
                        scopes = setmetatable({}, { __mode = "k" }) }, Renderer)
end

local function read(path)
  local f, err = io.open(path, "rb")
  if not f then error("template: " .. err, 0) end
  local s = f:read("a")
  f:close()
  return s
end

function Renderer:compile(name)
  local ct = self.cache[name]
  if ct then return ct end
  local path = self.dir .. "/" .. name
  local err
  ct, err = template.compile(read(path), { chunk_name = "@" .. path })
  if not ct then error("template " .. path .. ": " .. tostring(err), 0) end
  -- the hook: pl.template writes every $(expr) as __tostring(expr or '')
  ct.env.__tostring = M.escape
  self.cache[name] = ct
  return ct
end

-- What a template sees besides its data: raw, include, the `helpers` and
-- Lua's globals; any other name is an error, not an empty string. Made
-- once per helpers table (a page's helpers are shared by its folder), so
-- that a render makes no closures.
function Renderer:scope(helpers)
  local scope = self.scopes[helpers]
  if scope then return scope end
  local names = { raw = M.raw }
  -- include(other [, data]): without its final newline, as the
  -- placeholder's line ends the line
  names.include = function(other, d)
    return M.raw((self:render(other, d or self.data, helpers):gsub("\n$", "")))
  end
  for k, v in pairs(helpers) do names[k] = v end
  setmetatable(names, {
    __index = function(_, k)
      local v = _G[k]
      if v ~= nil then return v end
      error(("template %s: unknown name '%s'"):format(self.name, tostring(k)), 2)
    end,
  })
  scope = { __index = names }
  self.scopes[helpers] = scope
  return scope
end

local NO_HELPERS = {}

-- Renders template `name` with `data` (a table of values) and `helpers`
-- (functions such as t and include; raw is always there). Returns the
-- text; raises on a template error.
function Renderer:render(name, data, helpers)
  local ct = self:compile(name)
  -- the data is copied in, so that a template reads its values without a
  -- call; the other names come from the scope
  local env = {}
  for k, v in pairs(data) do env[k] = v end
  setmetatable(env, self:scope(helpers or NO_HELPERS))
  local outer_name, outer_data = self.name, self.data
  self.name, self.data = name, data
  local out, err = ct:render(env)
  self.name, self.data = outer_name, outer_data
  if not out then error("template " .. name .. ": " .. tostring(err), 0) end
  return out
end

return M
