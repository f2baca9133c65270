-- Lifetimes and memory: collection in loops, stores kept alive by their
-- cursors, and out-of-memory inside the library.
package.path = debug.getinfo(1, "S").source:match("^@(.*)/[^/]*$")
               .. "/?.lua;" .. package.path
local h = require "support"
local qalam = h.qalam
-- Counts qalam's live heap blocks and injects allocation failures (built
-- for the tests only, from tests/lua/testalloc.c).
local alloc = require "qalam_testalloc"

local BODY = ("Ұзын мәтін, long text. "):rep(100)

local function settle()
  collectgarbage()
  collectgarbage()
end

describe("collection in loops", function()
  local s
  before_each(function()
    s = h.store()
    h.fill(s, 30, "news", { body = BODY })
  end)
  after_each(function() s:close() end)

  -- Runs `round` 10,000 times twice: qalam's live blocks must come back to
  -- where they were, and the second run must not grow the process (a leak
  -- of 10,000 articles or cursors would be tens of MiB).
  local function bounded(round)
    local rss
    for pass = 1, 2 do
      settle()
      local base = alloc.live()
      if pass == 2 then rss = h.rss_kb() end
      for i = 1, 10000 do
        round(i)
        if i % 1000 == 0 then collectgarbage() end
      end
      settle()
      assert.are.equal(base, alloc.live())
    end
    -- under AddressSanitizer freed memory sits in quarantine: the resident
    -- size says nothing there (the block count above does)
    if rss and not os.getenv("QALAM_SANITIZED") then
      local grown = h.rss_kb() - rss
      assert.is_true(grown < 4 * 1024, "resident memory grew by " .. grown .. " KiB")
    end
  end

  it("frees 10,000 dropped articles", function()
    local id = assert(s:article_by_slug("story-1-of-news")).id
    bounded(function(i)
      local a = assert(s:article(id))
      assert(a.body == BODY)
      local b = assert(qalam.article { title = "Тақырып " .. i, body = BODY })
      local c = assert(b:copy())
      assert(c:set { lead = "x" })
    end)
  end)

  it("frees 10,000 dropped cursors: ended, broken off and never finished", function()
    bounded(function(i)
      local k = i % 3
      if k == 0 then
        for _ in s:articles { limit = 2 } do end
      elseif k == 1 then
        for _ in s:articles { section = "news" } do break end
      else
        local c = s:articles { limit = 5 }
        assert(c:next())
      end
    end)
  end)

  it("frees pages, searches, front pages and feeds", function()
    settle()
    local base = alloc.live()
    for _ = 1, 300 do
      local items, token = s:page { size = 7 }
      assert(#items == 7 and token)
      for _ in s:search("story") do break end
      for _ in s:front_page() do end
      assert(s:feed { format = "json" })
      assert(s:sections())
    end
    settle()
    assert.are.equal(base, alloc.live())
  end)
end)

describe("a cursor", function()
  it("keeps its store alive", function()
    local c
    do
      local s = h.store()
      h.fill(s, 3, "news")
      c = s:articles()
    end
    settle()
    local n = 0
    for _ in c do n = n + 1 end
    assert.are.equal(3, n)
  end)

  it("and its store may be collected in any order", function()
    settle()
    local base = alloc.live()
    for _ = 1, 200 do
      local s = h.store()
      h.fill(s, 2, "news")
      local c1, c2 = s:articles(), s:search("story")
      assert(c1:next() and c2:next())
      s, c1, c2 = nil, nil, nil
    end
    settle()
    assert.are.equal(base, alloc.live())
  end)
end)

describe("a row a cursor gives", function()
  local s, ids
  before_each(function()
    s = h.store()
    ids = h.fill(s, 3, "news", { tags = { "t" } })
  end)
  after_each(function() s:close() end)

  it("reads the row in place while it is the current one", function()
    for a in s:articles() do
      local stored = assert(s:article(a.id))
      for _, k in ipairs { "id", "slug", "lang", "title", "published", "status" } do
        assert.are.same(stored[k], a[k], k)
      end
      assert.are.equal(stored.body, a.body)
      assert.are.same({ "news" }, a.sections)
      assert.matches("^qalam.article %d+ %(en/story%-%d%-of%-news%)$", tostring(a))
    end
  end)

  it("kept past the loop, loads itself by id: the article as stored then", function()
    local kept = {}
    for a in s:articles() do kept[#kept + 1] = a end
    -- not loaded yet: tostring shows the id alone
    assert.are.equal("qalam.article " .. ids[3], tostring(kept[1]))
    local newest = assert(s:article(ids[3]))
    assert(newest:set { title = "Edited" })
    assert(s:update(newest))
    assert.are.equal("Edited", kept[1].title)
    assert.are.equal("Story 2 of news", kept[2].title)
    assert.are.same({ "t" }, kept[2].tags)
    -- loaded once: it no longer follows the store
    assert(newest:set { title = "Edited again" })
    assert(s:update(newest))
    assert.are.equal("Edited", kept[1].title)
  end)

  it("kept past the loop, raises when its article was deleted or the store closed", function()
    local kept = {}
    for a in s:articles() do kept[#kept + 1] = a end
    assert(s:delete(ids[3]))
    local ok, err = pcall(function() return kept[1].title end)
    assert.is_false(ok)
    assert.matches("NOTFOUND", err, 1, true)
    assert.are.equal(ids[3], kept[1].id) -- the id needs no load
    local owned = kept[2]
    assert(owned.body) -- the body makes a row its own copy
    s:close()
    h.raises("attempt to use a closed store", function() return kept[3].title end)
    assert.are.equal("Story 2 of news", owned.title)
    s = h.store() -- for after_each
  end)

  it("becomes an owned article when changed, copied or saved", function()
    local a = assert(s:articles():next())
    assert(a:set { lead = "New lead" })
    assert(s:update(a))
    assert.are.equal("New lead", assert(s:article(a.id)).lead)
    local copy
    for b in s:articles { limit = 1 } do copy = assert(b:copy()) end
    s:close()
    assert.are.equal("Story 3 of news", copy.title)
    assert.are.equal("New lead", a.lead)
    s = h.store()
  end)

  it("of store:page{} is an owned copy", function()
    local items = assert(s:page { size = 3 })
    s:close()
    assert.are.equal("Story 3 of news", items[1].title)
    assert.are.equal("Story 1 of news", items[3].title)
    s = h.store()
  end)
end)

-- Runs fn() with the n-th allocation failing, for n = 1, 2, ... until it
-- succeeds; every failure must follow the error rule with code "NOMEM"
-- (or raise, for a for loop), and leave no block behind.
local function each_failing_allocation(fn, label)
  label = label or "call"
  settle()
  local base = alloc.live()
  local failures = 0
  for n = 1, 10000 do
    alloc.fail(n)
    local ok, result, message, code = pcall(fn)
    alloc.fail()
    if ok and result ~= nil then
      result = nil -- luacheck: ignore
      settle()
      assert.are.equal(base, alloc.live(), label .. ": leak after failing allocation " .. n)
      return failures
    end
    failures = failures + 1
    if ok then
      assert.is_string(message)
      assert.are.equal("NOMEM", code, message)
    else
      assert.matches("NOMEM", tostring(result), 1, true)
    end
    settle()
    assert.are.equal(base, alloc.live(), label .. ": leak after failing allocation " .. n)
  end
  error("never succeeded")
end

describe("out of memory", function()
  local s
  before_each(function()
    s = h.store()
    h.fill(s, 3, "news", { tags = { "a", "b" } })
  end)
  after_each(function() alloc.fail() s:close() end)

  it("returns nil, message, \"NOMEM\" and leaks nothing", function()
    local cases = {
      function() return qalam.markdown_to_html("# Hi\n\n*there* [x](http://y)") end,
      function() return qalam.slugify("Жаңа жыл") end,
      function() return qalam.format_date(h.T, "long", "ru") end,
      function() return qalam.article { title = "x", body = "y", tags = { "t" } } end,
      function() return s:add_article { title = "Жаңа", body = "*b*", sections = { "news" } } end,
      function() return s:article(1) end,
      function() return s:sections() end,
      function() return s:page { size = 2 } end,
      function() return s:feed {} end,
      function() return s:sitemap() end,
    }
    for i, case in ipairs(cases) do
      local failures = each_failing_allocation(case, "case " .. i)
      assert.is_true(failures > 0, "case " .. i .. " never allocated")
    end
  end)

  it("while iterating: next() returns it, a for loop raises it", function()
    -- next() after a successful open
    local failures = each_failing_allocation(function()
      local c, m, k = s:articles()
      if not c then return nil, m, k end
      local got = {}
      while true do
        local a, message, code = c:next()
        if a == nil and message then return nil, message, code end
        if a == nil then break end
        got[#got + 1] = a.title
      end
      return got
    end)
    assert.is_true(failures > 0)
    -- loading a row's body or sections raises NOMEM
    each_failing_allocation(function()
      local c, message, code = s:articles()
      if not c then return nil, message, code end
      local n = 0
      for a in c do n = n + #a.body + #a.tags end
      return n
    end)
    -- the for loop raises with the message and code
    each_failing_allocation(function()
      local n = 0
      local c, message, code = s:search("story")
      if not c then return nil, message, code end
      for _ in c do n = n + 1 end
      return n
    end)
  end)
end)
