-- The change list: store:revision() and store:changes{} (qalam/changes.h).
package.path = debug.getinfo(1, "S").source:match("^@(.*)/[^/]*$")
               .. "/?.lua;" .. package.path
local h = require "support"
local qalam = h.qalam
-- Counts qalam's live heap blocks and injects allocation failures (built
-- for the tests only, from tests/lua/testalloc.c).
local alloc = require "qalam_testalloc"

-- The changes as {id, revision, deleted} triples.
local function triples(changes)
  local out = {}
  for i, c in ipairs(changes) do out[i] = { c.id, c.revision, c.deleted } end
  return out
end

describe("store:revision and store:changes", function()
  local s
  before_each(function() s = h.store() end)
  after_each(function() alloc.fail() s:close() end)

  it("start at 0 and empty in a new store", function()
    assert.are.equal(0, s:revision())
    assert.are.same({}, s:changes())
    assert.are.same({}, s:changes {})
    assert.are.same({}, s:changes { after = 0, limit = 5 })
    assert.are.same({}, s:changes { after = 100 })
  end)

  it("move an article to the next revision on every save and delete", function()
    local a = assert(s:add_article { title = "One", sections = { "news" } })
    local b = assert(s:add_article { title = "Two" })
    local c = assert(s:add_article { title = "Three" })
    assert.are.equal(3, s:revision())
    assert.are.same({ { a.id, 1, false }, { b.id, 2, false }, { c.id, 3, false } },
                    triples(s:changes()))

    assert(s:update(assert(a:set { title = "One, updated" })))
    assert(s:delete(b))
    assert.are.equal(5, s:revision())
    -- each article once, with its latest change, oldest change first
    assert.are.same({ { c.id, 3, false }, { a.id, 4, false }, { b.id, 5, true } },
                    triples(s:changes()))
    assert.are.same({ { a.id, 4, false }, { b.id, 5, true } },
                    triples(s:changes { after = 3 }))
    assert.are.same({}, s:changes { after = 5 })
  end)

  it("returns plain tables of integers and booleans", function()
    local a = assert(s:add_article { title = "One" })
    assert(s:delete(a.id))
    local changes = s:changes()
    assert.are.equal(1, #changes)
    assert.are.same({ id = a.id, revision = 2, deleted = true }, changes[1])
    assert.are.equal("integer", math.type(changes[1].id))
    assert.are.equal("integer", math.type(changes[1].revision))
    assert.are.equal("integer", math.type(s:revision()))
    assert(s:add_article { title = "Two" })
    assert.is_false(s:changes { after = 2 }[1].deleted)
  end)

  it("leaves out failed writes, settings and sections", function()
    local a = assert(s:add_article { title = "One", slug = "one", sections = { "news" } })
    h.fails("EXISTS", s:add_article { title = "Again", slug = "one" })
    h.fails("NOTFOUND", s:delete(a.id + 1))
    assert(s:set { title = "Another title" })
    assert(s:delete_section("news"))
    assert.are.equal(1, s:revision())
    assert.are.same({ { a.id, 1, false } }, triples(s:changes()))
  end)

  it("limits, and goes on after the last revision", function()
    h.fill(s, 30, "news")
    assert.are.equal(30, s:revision())
    local every = s:changes()
    assert.are.equal(30, #every)
    for i, c in ipairs(every) do assert.are.equal(i, c.revision) end
    assert.are.same(every, s:changes { limit = 0 })
    assert.are.same({ every[1], every[2], every[3] }, s:changes { limit = 3 })
    assert.are.same({ every[29], every[30] }, s:changes { after = 28, limit = 7 })

    local seen, after = {}, 0
    while true do
      local page = assert(s:changes { after = after, limit = 7 })
      if #page == 0 then break end
      assert.is_true(#page <= 7)
      for _, c in ipairs(page) do seen[#seen + 1] = c end
      after = page[#page].revision
    end
    assert.are.same(every, seen)
    assert.are.equal(s:revision(), after)
  end)

  it("returns nil, message, code for a negative revision", function()
    assert(s:add_article { title = "One" })
    local msg = h.fails("INVAL", s:changes { after = -1 })
    assert.matches("after", msg, 1, true)
  end)

  it("raises for misuse", function()
    h.raises("table expected", s.changes, s, 3)
    h.raises("table expected", s.changes, s, "after")
    h.raises("unknown option 'since'", s.changes, s, { since = 1 })
    h.raises("option 'after': integer expected, got string", s.changes, s, { after = "1" })
    h.raises("option 'after': integer expected, got a fraction", s.changes, s, { after = 1.5 })
    h.raises("option 'after': integer expected, got boolean", s.changes, s, { after = true })
    h.raises("option 'limit': must not be negative", s.changes, s, { limit = -1 })
    h.raises("option 'limit': integer expected, got string", s.changes, s, { limit = "2" })
    h.raises("qalam.store expected", s.changes, {})
    h.raises("qalam.store expected", s.revision, {})
  end)

  it("raises on a closed store", function()
    assert(s:add_article { title = "One" })
    s:close()
    h.raises("attempt to use a closed store", s.revision, s)
    h.raises("attempt to use a closed store", s.changes, s)
    h.raises("attempt to use a closed store", s.changes, s, { after = 1 })
  end)

  it("reads a store opened read-only", function()
    local dir = h.tmpdir()
    local path = dir .. "/paper.db"
    local w = assert(qalam.open(path))
    local id = assert(w:add_article { title = "One" }).id
    assert(w:add_article { title = "Two" })
    assert(w:delete(id))
    w:close()
    local r = assert(qalam.open(path, { readonly = true }))
    assert.are.equal(3, r:revision())
    assert.are.same({ { id, 3, true } }, triples(r:changes { after = 2 }))
    r:close()
    h.rmdir(dir)
  end)

  it("returns \"NOMEM\" when the list cannot be allocated, and leaks nothing", function()
    h.fill(s, 100, "news") -- more changes than the first block holds
    collectgarbage()
    local base = alloc.live()
    local n, changes = 0, nil
    repeat
      n = n + 1
      alloc.fail(n)
      local msg, code
      changes, msg, code = s:changes()
      alloc.fail()
      if not changes then h.fails("NOMEM", changes, msg, code) end
      collectgarbage()
      assert.are.equal(base, alloc.live(), "leak after failing allocation " .. n)
    until changes or n == 100
    assert.is_true(n > 1, "no allocation failed")
    assert.are.equal(100, #changes)
    for _ = 1, 200 do assert(s:changes { limit = 50 }) end
    collectgarbage()
    assert.are.equal(base, alloc.live())
  end)
end)
