-- Helpers for the portal tests' Lua snippets (tests/portal/conftest.py runs
-- them with the module on LUA_CPATH): open a store, load the sample
-- newspaper, and print what a test needs as JSON.
local qalam = require "qalam"

local M = { qalam = qalam }

local function encode(v)
  local t = type(v)
  if t == "nil" then return "null" end
  if t == "boolean" or t == "number" then return tostring(v) end
  if t == "string" then
    return '"' .. v:gsub('[%c"\\]', function(c)
      return ({ ['"'] = '\\"', ["\\"] = "\\\\", ["\n"] = "\\n", ["\t"] = "\\t" })[c]
        or ("\\u%04x"):format(c:byte())
    end) .. '"'
  end
  if t == "table" then
    if #v > 0 or next(v) == nil then
      local out = {}
      for i = 1, #v do out[i] = encode(v[i]) end
      return "[" .. table.concat(out, ",") .. "]"
    end
    local out = {}
    for k, x in pairs(v) do out[#out + 1] = encode(tostring(k)) .. ":" .. encode(x) end
    return "{" .. table.concat(out, ",") .. "}"
  end
  error("cannot encode " .. t)
end
M.encode = encode

function M.print(v) io.write(encode(v), "\n") end

function M.open(path) return assert(qalam.open(path)) end

-- A store at `path` holding the sample newspaper.
function M.sample(path, newspaper)
  local s = M.open(path)
  local stats = assert(s:import_markdown(newspaper))
  assert(stats.failed == 0 and stats.imported == 5, "import failed")
  return s
end

-- Every listed article with what the pages must show of it.
function M.articles(s)
  local out = {}
  for a in assert(s:articles{}) do
    out[#out + 1] = {
      id = a.id, lang = a.lang, title = a.title, path = assert(s:path(a)),
      text = qalam.markdown_to_text(a.body), sections = a.sections,
      source_url = a.source_url or false, story = a.story or false,
      date = qalam.format_date(a.published, "dd.MM.y", a.lang, s.offset),
    }
  end
  return out
end

return M
