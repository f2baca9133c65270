-- Listing, paging, the front page, search and "since".
package.path = debug.getinfo(1, "S").source:match("^@(.*)/[^/]*$")
               .. "/?.lua;" .. package.path
local h = require "support"
local qalam = h.qalam
local T, DAY = h.T, h.DAY

local function titles(...)
  local out = {}
  for a in ... do out[#out + 1] = a.title end
  return out
end

describe("store:articles", function()
  local s, news, world
  before_each(function()
    s = h.store()
    news = h.fill(s, 7, "news")
    world = h.fill(s, 3, "world", { tags = { "мир" }, lang = "ru" })
  end)
  after_each(function() s:close() end)

  it("iterates newest first as copies", function()
    local got = titles(s:articles { section = "news" })
    assert.are.same({ "Story 7 of news", "Story 6 of news", "Story 5 of news",
                      "Story 4 of news", "Story 3 of news", "Story 2 of news",
                      "Story 1 of news" }, got)
    assert.are.equal(10, #titles(s:articles()))
  end)

  it("filters by language, tag, since, since_id, and orders oldest first", function()
    assert.are.same({ "Story 3 of world", "Story 2 of world", "Story 1 of world" },
                    titles(s:articles { lang = "ru" }))
    assert.are.same({ "Story 3 of world", "Story 2 of world", "Story 1 of world" },
                    titles(s:articles { tag = "мир" }))
    assert.are.same({ "Story 6 of news", "Story 7 of news" },
                    titles(s:articles { section = "news", since = T - DAY,
                                        oldest_first = true }))
    assert.are.same({ "Story 7 of news" },
                    titles(s:articles { section = "news", since_id = news[6] }))
    assert.are.same({ "Story 7 of news" },
                    titles(s:articles { section = "news",
                                        since = { year = 2026, month = 2, day = 13,
                                                  offset = 300 } }))
  end)

  it("lists drafts and scheduled articles only when asked", function()
    assert(s:add_article { title = "Draft", body = "", sections = { "news" },
                           status = "draft", published = T })
    assert(s:add_article { title = "Later", body = "", sections = { "news" },
                           published = T + 10 * DAY })
    local now = T + DAY
    assert.are.equal(7, #titles(s:articles { section = "news", now = now }))
    assert.are.equal(9, #titles(s:articles { section = "news", now = now,
                                             unlisted = true }))
    assert.are.equal(8, #titles(s:articles { section = "news", now = T + 11 * DAY }))
    assert.are.equal(7, s:count { section = "news", now = now })
  end)

  it("names the languages of the listed articles", function()
    assert.are.same({ "en", "ru" }, s:languages())
    assert(s:add_article { title = "Кейін", body = "", lang = "kk",
                           published = T + 10 * DAY })
    assert(s:add_article { title = "Draft", body = "", lang = "de", status = "draft" })
    assert.are.same({ "en", "ru" }, s:languages { now = T + DAY })
    assert.are.same({ "en", "kk", "ru" }, s:languages { now = T + 11 * DAY })
    assert.are.same({}, s:languages { now = T - 100 * DAY })
    h.raises("unknown option 'lang'", s.languages, s, { lang = "kk" })
  end)

  it("pages by number and counts", function()
    assert.are.equal(7, s:count { section = "news" })
    assert.are.equal(10, s:count())
    assert.are.same({ "Story 7 of news", "Story 6 of news", "Story 5 of news" },
                    titles(s:articles { section = "news", limit = 3 }))
    assert.are.same({ "Story 4 of news", "Story 3 of news", "Story 2 of news" },
                    titles(s:articles { section = "news", limit = 3, page = 2 }))
    assert.are.same({ "Story 1 of news" },
                    titles(s:articles { section = "news", limit = 3, page = 3 }))
  end)

  it("stops cleanly and keeps ending", function()
    local c = s:articles { section = "world" }
    assert.matches("open", tostring(c))
    assert.are.equal("Story 3 of world", c:next().title)
    assert.are.equal("Story 2 of world", c:next().title)
    assert.are.equal("Story 1 of world", c:next().title)
    assert.is_nil(c:next())
    assert.is_nil(c:next())
    assert.are.equal("qalam.cursor (articles, ended)", tostring(c))
    c:close()
    c:close()
  end)

  it("frees the cursor when a for loop breaks", function()
    -- store:articles{} returns the cursor also as the loop's to-be-closed
    -- value; keep a reference to look at it afterwards
    local c0
    local function articles(q)
      local c, a, b, close = s:articles(q)
      c0 = c
      return c, a, b, close
    end
    local seen
    for a in articles { section = "news" } do
      seen = a
      break
    end
    assert.are.equal("Story 7 of news", seen.title)
    -- the for loop closed it (its fourth value)
    assert.are.equal("qalam.cursor (articles, closed)", tostring(c0))
    h.raises("attempt to use a closed cursor", c0.next, c0)
    -- the copy outlives the cursor
    assert.are.equal("Story 7 of news", seen.title)
    assert.matches("<p>Body of story 7.</p>", seen.html, 1, true)
  end)

  it("closes a cursor held in a <close> variable", function()
    local outer
    do
      local c <close> = s:articles()
      outer = c
      assert.is_not_nil(c:next())
    end
    h.raises("attempt to use a closed cursor", outer.next, outer)
  end)

  it("follows the error rule", function()
    local msg = h.fails("NOTFOUND", s:articles { section = "nope" })
    assert.matches("nope", msg, 1, true)
    h.fails("INVAL", s:articles { after = "not a token" })
    h.fails("INVAL", s:articles { since = "31.02.2026" })
    h.fails("UTF8", s:articles { lang = "\255" })
    h.fails("NOTFOUND", s:count { section = "nope" })
    -- for needs the cursor: assert() passes all of it through
    local n = 0
    for _ in assert(s:articles { section = "world" }) do n = n + 1 end
    assert.are.equal(3, n)
    h.raises("unknown option 'sectoin'", s.articles, s, { sectoin = "news" })
    h.raises("integer expected", s.articles, s, { limit = "3" })
    h.raises("must not be negative", s.articles, s, { limit = -1 })
    h.raises("string expected", s.articles, s, { section = 1 })
    h.raises("boolean expected", s.articles, s, { unlisted = 1 })
    h.raises("table expected", s.articles, s, "news")
    h.raises("time expected", s.articles, s, { now = true })
  end)
end)

describe("paging with tokens", function()
  local s
  before_each(function()
    s = h.store()
    h.fill(s, 5, "news")
  end)
  after_each(function() s:close() end)

  it("store:page gives items and the next page's token", function()
    local items, token = s:page { section = "news", size = 2 }
    assert.are.equal(2, #items)
    assert.are.equal("Story 5 of news", items[1].title)
    assert.is_string(token)
    local items2, token2 = s:page { section = "news", size = 2, after = token }
    assert.are.same({ "Story 3 of news", "Story 2 of news" },
                    { items2[1].title, items2[2].title })
    local items3, token3 = s:page { section = "news", size = 2, after = token2 }
    assert.are.same({ "Story 1 of news" }, { items3[1].title })
    assert.is_nil(token3)
  end)

  it("keeps the next page the same while articles arrive", function()
    local _, token = s:page { section = "news", size = 2 }
    h.fill(s, 3, "news", { published = T + DAY })
    local items = s:page { section = "news", size = 2, after = token }
    assert.are.same({ "Story 3 of news", "Story 2 of news" },
                    { items[1].title, items[2].title })
  end)

  it("also pages by number", function()
    local items, token = s:page { section = "news", size = 2, page = 3 }
    assert.are.same({ "Story 1 of news" }, { items[1].title })
    assert.is_nil(token)
    local empty = s:page { section = "news", size = 2, page = 9 }
    assert.are.same({}, empty)
    local all = s:page()
    assert.are.equal(5, #all)
  end)

  it("the cursor's token stays readable after the loop and after a break", function()
    local c = s:articles { section = "news", limit = 2 }
    local n = 0
    for _ in c do n = n + 1 end
    assert.are.equal(2, n)
    local token = c:token()
    assert.is_string(token)
    -- a loop over the call closes the cursor; the token stays
    local c2
    local function page(q)
      local c, a, b, close = s:articles(q)
      c2 = c
      return c, a, b, close
    end
    for _ in page { section = "news", limit = 2, after = token } do end
    assert.is_nil(tostring(c2):find("open", 1, true))
    local token2 = c2:token()
    assert.is_string(token2)
    assert.are.same({ "Story 1 of news" },
                    titles(s:articles { section = "news", limit = 2, after = token2 }))
    -- an open cursor answers too; no limit, no token
    local c3 = s:articles { section = "news" }
    assert.is_nil(c3:token())
    c3:close()
  end)

  it("follows the error rule", function()
    h.fails("INVAL", s:page { after = "garbage" })
    h.fails("NOTFOUND", s:page { section = "nope" })
    h.raises("option 'size': must be positive", s.page, s, { size = 0 })
    h.raises("unknown option 'limit'", s.page, s, { limit = 3 })
  end)
end)

describe("store:front_page", function()
  it("gives each section's latest articles with the section", function()
    local s <close> = h.store()
    h.fill(s, 7, "news")
    h.fill(s, 6, "world")
    local got = {}
    for a, section in s:front_page { per_section = 5 } do
      got[section] = (got[section] or 0) + 1
      assert.matches("of " .. section .. "$", a.title)
    end
    assert.are.same({ news = 5, world = 5 }, got)
    local n = 0
    for _ in s:front_page() do n = n + 1 end
    assert.are.equal(10, n)
    n = 0
    for _ in s:front_page { per_section = 2, lang = "en", now = T } do n = n + 1 end
    assert.are.equal(4, n)
    n = 0
    for _ in s:front_page { lang = "ru" } do n = n + 1 end
    assert.are.equal(0, n)
    h.fails("INVAL", s:front_page { per_section = 0 })
    local c = s:front_page()
    local a, section = c:next()
    assert.are.equal("news", section)
    assert.are.equal("Story 7 of news", a.title)
    h.raises("unknown option 'limit'", s.front_page, s, { limit = 1 })
  end)

  it("takes one article a section with per_section = 1", function()
    local s <close> = h.store()
    h.fill(s, 3, "news")
    local n = 0
    for _ in s:front_page { per_section = 1 } do n = n + 1 end
    assert.are.equal(1, n)
  end)
end)

describe("store:search", function()
  local s
  before_each(function()
    s = h.store()
    assert(s:add_article { title = "Қазақстан мен Қырғызстан", body = "Одақтастық қатынастар нығаюда.",
                           lang = "kk", published = T })
    assert(s:add_article { title = "Экономика", body = "Рост ВВП в Казахстане составил 5%.",
                           lang = "ru", published = T - DAY })
    assert(s:add_article { title = "Weather", body = "Snow in Astana & <b>Almaty</b>.",
                           published = T - 2 * DAY })
  end)
  after_each(function() s:close() end)

  it("finds words in any case with highlighted snippets", function()
    local hits = {}
    for a, snippet in s:search("ҚАЗАҚСТАН") do
      hits[#hits + 1] = { a.title, snippet }
    end
    assert.are.equal(1, #hits)
    assert.are.equal("Қазақстан мен Қырғызстан", hits[1][1])
    assert.matches("<mark>Қазақстан</mark>", hits[1][2], 1, true)
    local a, snippet = s:search("каз*")()
    assert.are.equal("Экономика", a.title)
    assert.matches("<mark>", snippet, 1, true)
    local _, snip = s:search("astana")()
    assert.matches("Astana</mark> &amp; Almaty", snip, 1, true)
  end)

  it("filters and limits", function()
    assert.are.equal(0, #titles(s:search("astana", { lang = "ru" })))
    assert.are.equal(1, #titles(s:search("astana", { lang = "en", limit = 1 })))
  end)

  it("follows the error rule", function()
    h.fails("INVAL", s:search("   "))
    h.fails("UTF8", s:search("\255"))
    h.fails("NOTFOUND", s:search("x", { section = "nope" }))
    h.raises("string expected", s.search, s)
    h.raises("unknown option", s.search, s, "x", { size = 1 })
  end)
end)

describe("store:since", function()
  local s, ids
  before_each(function()
    s = h.store()
    ids = h.fill(s, 4, "news")
  end)
  after_each(function() s:close() end)

  it("lists from a time or after an id, oldest first", function()
    assert.are.same({ "Story 3 of news", "Story 4 of news" }, titles(s:since(T - DAY)))
    assert.are.same({ "Story 3 of news", "Story 4 of news" },
                    titles(s:since("2026-02-12T10:30+05:00")))
    assert.are.same({ "Story 2 of news", "Story 3 of news", "Story 4 of news" },
                    titles(s:since { id = ids[1] }))
    assert.are.same({ "Story 2 of news" }, titles(s:since { id = ids[1], limit = 1 }))
    assert.are.same({ "Story 4 of news" },
                    titles(s:since { time = T, section = "news" }))
    assert.are.same({}, titles(s:since { id = ids[4] }))
    assert.are.same({}, titles(s:since { id = ids[1], now = T - 3 * DAY }))
  end)

  it("follows the error rule", function()
    h.fails("INVAL", s:since("not a date"))
    h.fails("NOTFOUND", s:since { id = 0, section = "nope" })
    h.raises("unknown option 'after'", s.since, s, { after = "x" })
    h.raises("time expected", s.since, s, true)
    h.raises("bad argument #2", s.since, s)
  end)
end)

describe("closing the store under a cursor", function()
  it("closes the cursor: later use raises", function()
    local s = h.store()
    h.fill(s, 3, "news")
    local c = s:articles()
    assert.is_not_nil(c:next())
    s:close()
    assert.are.equal("qalam.cursor (articles, closed)", tostring(c))
    h.raises("attempt to use a closed store", c.next, c)
    h.raises("attempt to use a closed store", function() for _ in c do end end)
    c:close()
  end)
end)
