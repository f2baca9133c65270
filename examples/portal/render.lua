-- Templates: pl.template's syntax, compiled here, every value HTML-escaped.
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
-- Every $(expr) goes through M.escape, which escapes everything except
-- values wrapped by raw(). A name a template uses that is neither in its
-- data nor a helper is an error, not an empty string.

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

-- Escaped strings, by string: most short values (links, section and
-- language names, labels) are the same on thousands of pages, and a lookup
-- costs less than looking for something to escape. Long ones (titles,
-- excerpts) are mostly seen once and not kept. Emptied when it grows past
-- CACHE_MAX, so that it stays small however many pages a build makes; the
-- compiled templates look values up in it themselves, so it is emptied in
-- place.
local CACHE_MAX, CACHED_LEN = 4096, 40
local cache, cached = {}, 0

-- What every $(expr) goes through. Most values have nothing to escape:
-- they are returned as they are, without a call into the library. The
-- five plain searches run at the speed of memchr; one search for the class
-- [&<>"'] went through Lua's pattern matcher a character at a time, and
-- was a quarter of a full build's instructions.
function M.escape(v)
  local e = cache[v]
  if e then return e end
  if type(v) ~= "string" then
    if getmetatable(v) == Trusted then return v.html end
    v = tostring(v)
  end
  if find(v, "&", 1, true) or find(v, "<", 1, true) or find(v, ">", 1, true)
     or find(v, '"', 1, true) or find(v, "'", 1, true) then
    local err
    e, err = qalam.html_escape(v)
    -- never written unescaped: text that is not UTF-8 stops the build
    if not e then error("cannot escape a value: " .. err, 2) end
  else
    e = v
  end
  if #v <= CACHED_LEN then
    if cached == CACHE_MAX then
      for k in pairs(cache) do cache[k] = nil end
      cached = 0
    end
    cache[v], cached = e, cached + 1
  end
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

-- The Lua source of a template: a function of the environment the
-- template's names are read from (_ENV), returning the text. The syntax is
-- pl.template's (lines starting with # are Lua; $(expr) is a value), but
-- each value is escaped by a direct call and the text gathered in one
-- table, and a line of the template is a line of the source, so that an
-- error names the template's own line.
local function source(text)
  local code = { "local __esc, __concat, __c = ... return function(_ENV) local __b, __n = {}, 0 " }
  local function put(what)
    code[#code + 1] = "__n = __n + 1 __b[__n] = " .. what .. " "
  end
  -- text with $(expr) in it
  local function values(chunk)
    local s = 1
    for at, expr, after in chunk:gmatch("()%$(%b())()") do
      if at > s then put(("%q"):format(chunk:sub(s, at - 1))) end
      -- a value escaped before is found without a call
      code[#code + 1] = "do local __v = " .. expr ..
                        " __n = __n + 1 __b[__n] = __c[__v] or __esc(__v or '') end "
      s = after
    end
    if s <= #chunk then put(("%q"):format(chunk:sub(s))) end
  end
  local s = 1
  while true do
    -- a Lua line at s, or the text up to the next one
    local _, e, lua = text:find("^#+([^\n]*\n?)", s)
    if not e then
      local nl
      nl, e, lua = text:find("\n#+([^\n]*\n?)", s)
      values(text:sub(s, nl))
      if not e then break end
    end
    code[#code + 1] = lua:gsub("\n$", "") .. "\n"
    s = e + 1
  end
  code[#code + 1] = " return __concat(__b) end"
  return table.concat(code)
end
M.source = source

function Renderer:compile(name)
  local fn = self.cache[name]
  if fn then return fn end
  local path = self.dir .. "/" .. name
  local chunk, err = load(source(read(path)), "@" .. path, "t", {})
  if not chunk then error("template " .. path .. ": " .. tostring(err), 0) end
  fn = chunk(M.escape, table.concat, cache)
  self.cache[name] = fn
  return fn
end

-- What a template sees besides its data: raw, include, the `helpers` and
-- Lua's globals; any other name is an error, not an empty string. Made
-- once per helpers table (a page's helpers are shared by its folder), so
-- that a render makes no closures.
function Renderer:scope(helpers)
  local scope = self.scopes[helpers]
  if scope then return scope end
  local names = { raw = M.raw }
  -- include(other [, data]): Renderer:part
  names.include = function(other, d)
    return self:part(other, d or self.data, helpers)
  end
  for k, v in pairs(helpers) do names[k] = v end
  setmetatable(names, {
    __index = function(_, k)
      local v = _G[k]
      if v ~= nil then return v end
      error(("unknown name '%s'"):format(tostring(k)), 2)
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
  local fn = self:compile(name)
  -- The template reads its values from the data itself, the other names
  -- through the scope, set as the data's metatable while it renders
  -- (copying the data into a new table was 5% of a build). Data that has
  -- a metatable of its own is copied.
  local scope = self:scope(helpers or NO_HELPERS)
  local env, lent = data, getmetatable(data) == nil
  if lent then
    setmetatable(data, scope)
  else
    env = {}
    for k, v in pairs(data) do env[k] = v end
    setmetatable(env, scope)
  end
  local outer_data = self.data
  self.data = data
  local ok, out = pcall(fn, env)
  self.data = outer_data
  if lent then setmetatable(data, nil) end
  if not ok then error("template " .. name .. ": " .. tostring(out), 0) end
  return out
end

-- Renders template `name` as a part of another (include, the masthead in
-- the layout): trusted HTML without its final newline, as the
-- placeholder's line ends the line.
function Renderer:part(name, data, helpers)
  local out = self:render(name, data, helpers)
  if out:byte(-1) == 10 then out = out:sub(1, -2) end
  return M.raw(out)
end

return M
