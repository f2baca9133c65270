-- Feeds, the sitemap and page paths.
package.path = debug.getinfo(1, "S").source:match("^@(.*)/[^/]*$")
               .. "/?.lua;" .. package.path
local h = require "support"
local qalam = h.qalam

local function count(text, pattern)
  local n = 0
  for _ in text:gmatch(pattern) do n = n + 1 end
  return n
end

describe("store:feed", function()
  local s
  before_each(function()
    s = h.store()
    h.fill(s, 4, "news", { lead = "Лид «в кавычках» & co" })
    h.fill(s, 2, "world")
  end)
  after_each(function() s:close() end)

  it("writes RSS by default", function()
    local rss = assert(s:feed())
    assert.matches('^<%?xml version="1.0" encoding="UTF%-8"%?>', rss)
    assert.matches("<rss", rss, 1, true)
    assert.are.equal(6, count(rss, "<item>"))
    assert.matches("https://news.example.kz/article/story-4-of-news.html", rss, 1, true)
    assert.matches("Fri, 13 Feb 2026 10:30:00 +0500", rss, 1, true)
  end)

  it("writes Atom and JSON Feed", function()
    local atom = assert(s:feed { format = "atom" })
    assert.matches('<feed xmlns="http://www.w3.org/2005/Atom"', atom, 1, true)
    assert.are.equal(6, count(atom, "<entry"))
    local json = assert(s:feed { format = "json" })
    assert.matches('"version": "https://jsonfeed.org/version/1.1"', json, 1, true)
    assert.matches('"title": "Daily"', json, 1, true)
  end)

  it("takes a section, a language, a limit and lead_only", function()
    local rss = assert(s:feed { section = "world" })
    assert.are.equal(2, count(rss, "<item>"))
    assert.are.equal(3, count(assert(s:feed { limit = 3 }), "<item>"))
    assert.are.equal(0, count(assert(s:feed { lang = "ru" }), "<item>"))
    local lead = assert(s:feed { format = "json", section = "news", lead_only = true })
    assert.matches("\"content_text\": \"Лид «в кавычках» & co\"", lead, 1, true)
    assert.is_nil(lead:find("Second paragraph", 1, true))
    local full = assert(s:feed { format = "json", section = "news" })
    assert.matches("Second paragraph", full, 1, true)
  end)

  it("follows the error rule", function()
    h.fails("NOTFOUND", s:feed { section = "nope" })
    local bare <close> = assert(qalam.open(":memory:"))
    local msg = h.fails("INVAL", bare:feed())
    assert.matches("base_url", msg, 1, true)
    h.raises("option 'format': \"rss\", \"atom\" or \"json\" expected", s.feed, s,
             { format = "xml" })
    h.raises("unknown option 'size'", s.feed, s, { size = 3 })
    h.raises("boolean expected", s.feed, s, { lead_only = "yes" })
  end)
end)

describe("store:sitemap", function()
  it("lists the front page, the sections and every listed article", function()
    local s <close> = h.store()
    h.fill(s, 3, "news")
    local map = assert(s:sitemap())
    assert.matches('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">', map, 1, true)
    assert.matches("<loc>https://news.example.kz/index.html</loc>", map, 1, true)
    assert.matches("<loc>https://news.example.kz/news/index.html</loc>", map, 1, true)
    assert.matches("<loc>https://news.example.kz/article/story-2-of-news.html</loc>", map, 1, true)
    assert.is_true(count(map, "<url>") >= 5)
  end)

  it("follows the error rule", function()
    local bare <close> = assert(qalam.open(":memory:"))
    h.fails("INVAL", bare:sitemap())
  end)
end)

describe("store:sitemap_parts", function()
  local s
  before_each(function()
    s = h.store()
    h.fill(s, 20, "news") -- 25 January to 13 February 2026
  end)
  after_each(function() s:close() end)

  it("gives the index and a part for the pages and each month", function()
    local index, parts = assert(s:sitemap_parts())
    assert.matches('<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
                   index, 1, true)
    local names = {}
    for i, p in ipairs(parts) do
      names[i] = p.name
      assert.matches("<loc>https://news.example.kz/" .. p.name .. "</loc>", index, 1, true)
      assert.matches("<urlset", p.xml, 1, true)
    end
    assert.are.same({ "sitemap-pages.xml", "sitemap-2026-02.xml", "sitemap-2026-01.xml" }, names)
    assert.is_nil(parts[1].from)
    assert.is_nil(parts[1].to)
    -- February at +05:00
    assert.are.equal(1769886000, parts[2].from)
    assert.are.equal(1772305200, parts[2].to)
    assert.are.equal(13, count(parts[2].xml, "<url>"))
    assert.are.equal(7, count(parts[3].xml, "<url>"))
    assert.are.equal(count(assert(s:sitemap()), "<url>"),
                     count(parts[1].xml .. parts[2].xml .. parts[3].xml, "<url>"))
    assert.are.equal(50000, qalam.SITEMAP_URLS)
  end)

  it("renders only the parts want() asks for", function()
    local seen = {}
    local _, parts = assert(s:sitemap_parts(function(p)
      assert.is_nil(p.xml)
      seen[#seen + 1] = p.name
      return p.from ~= nil and p.from <= h.T and h.T < p.to
    end))
    assert.are.same({ "sitemap-pages.xml", "sitemap-2026-02.xml", "sitemap-2026-01.xml" }, seen)
    assert.is_nil(parts[1].xml)
    assert.matches("story-20-of-news", parts[2].xml, 1, true)
    assert.is_nil(parts[3].xml)
  end)

  it("raises what want() raises, and when want() closes the store", function()
    h.raises("no thanks", s.sitemap_parts, s, function() error("no thanks") end)
    h.raises("closed store", s.sitemap_parts, s, function() s:close() return true end)
  end)

  it("follows the error rule", function()
    local bare <close> = assert(qalam.open(":memory:"))
    h.fails("INVAL", bare:sitemap_parts())
    h.raises("function expected", s.sitemap_parts, s, "all")
  end)
end)

describe("store:path", function()
  local s
  before_each(function() s = h.store() end)
  after_each(function() s:close() end)

  it("gives the paths of pages and articles", function()
    assert.are.equal("index.html", s:path("front"))
    assert.are.equal("news/index.html", s:path("section", "news"))
    assert.are.equal("news/page-3.html", s:path("section", "news", { page = 3 }))
    assert.are.equal("article/hello.html", s:path("article", "hello"))
    local a = assert(s:add_article { title = "Сәлем", body = "", lang = "kk" })
    assert.are.equal("article/salem.html", s:path(a))
  end)

  it("puts the language first when the store holds more than one", function()
    assert(s:add_article { title = "Hello", body = "" })
    local a = assert(s:add_article { title = "Сәлем", body = "", lang = "kk" })
    assert.are.equal("kk/article/salem.html", s:path(a))
    assert.are.equal("kk/index.html", s:path("front", nil, { lang = "kk" }))
    assert.are.equal("en/news/page-2.html", s:path("section", "news", { page = 2 }))
  end)

  it("follows the error rule", function()
    h.fails("INVAL", s:path("section", "Not A Slug"))
    h.fails("INVAL", s:path("front", nil, { lang = "not a language" }))
    h.raises("invalid option 'home'", s.path, s, "home")
    h.raises("string expected", s.path, s, "section")
    h.raises("unknown option 'size'", s.path, s, "front", nil, { size = 1 })
    h.raises("must not be negative", s.path, s, "section", "news", { page = -1 })
  end)
end)
