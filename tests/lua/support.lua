-- Shared helpers of the Lua module's specs (not a spec itself).
local qalam = require "qalam"
local assert = require "luassert"

local M = { qalam = qalam }

-- Unix times used throughout: 13.02.2026 10:30 at +05:00 and around it.
M.T = 1770960600
M.DAY = 86400

-- Asserts the error rule for runtime failures: nil, a message, a code.
-- Returns the message.
function M.fails(code, value, message, got_code, ...)
  assert.is_nil(value, "expected a failure, got " .. tostring(value))
  assert.is_string(message)
  assert.is_true(#message > 0, "empty message")
  assert.are.equal(code, got_code, "message was: " .. tostring(message))
  return message, ...
end

-- Asserts that calling fn(...) raises an error whose message contains
-- `pattern` (plain text).
function M.raises(pattern, fn, ...)
  local ok, err = pcall(fn, ...)
  assert.is_false(ok, "expected an error")
  err = tostring(err)
  assert.is_truthy(err:find(pattern, 1, true),
                   "error '" .. err .. "' does not mention '" .. pattern .. "'")
  return err
end

function M.tmpdir()
  local d = os.tmpname()
  os.remove(d)
  assert(os.execute("mkdir -p '" .. d .. "'"))
  return d
end

function M.rmdir(d)
  os.execute("rm -rf '" .. d .. "'")
end

function M.write(path, text)
  local f = assert(io.open(path, "wb"))
  f:write(text)
  f:close()
end

function M.read(path)
  local f = io.open(path, "rb")
  if not f then return nil end
  local s = f:read("a")
  f:close()
  return s
end

-- Resident memory of this process in KiB (C allocations included), or nil
-- where /proc is missing.
local page_kb
function M.rss_kb()
  local f = io.open("/proc/self/statm")
  if not f then return nil end
  local _, resident = f:read("n", "n")
  f:close()
  if not page_kb then
    local p = io.popen("getconf PAGESIZE")
    page_kb = (p and tonumber(p:read("a")) or 4096) / 1024
    if p then p:close() end
  end
  return resident * page_kb
end

-- A store in memory with settings and two sections.
function M.store()
  local s = assert(qalam.open(":memory:"))
  assert(s:set{ title = "Daily", base_url = "https://news.example.kz",
                lang = "en", offset = 300 })
  assert(s:add_section("news", "News", 1))
  assert(s:add_section("world", "World", 2))
  return s
end

-- Adds `n` articles to `section`, one a day before T, newest first by id
-- order reversed; returns their ids, oldest first.
function M.fill(s, n, section, extra)
  local ids = {}
  for i = 1, n do
    local fields = {
      title = ("Story %d of %s"):format(i, section),
      body = ("Body of story %d.\n\nSecond paragraph."):format(i),
      sections = { section },
      published = M.T - (n - i) * M.DAY,
    }
    for k, v in pairs(extra or {}) do fields[k] = v end
    ids[i] = assert(s:add_article(fields)).id
  end
  return ids
end

return M
