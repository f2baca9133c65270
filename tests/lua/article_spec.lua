-- Articles: the object, and creating, reading, updating and deleting them.
package.path = debug.getinfo(1, "S").source:match("^@(.*)/[^/]*$")
               .. "/?.lua;" .. package.path
local h = require "support"
local qalam = h.qalam
local T = h.T

local TITLE = [[Қазақстан мен Қырғызстан «одақтастық» қатынастарды нығайтуда]]
local BODY = "Бішкек, 13 ақпан 2026 – «Сапар» барысында...\n\n**Маңызды** мәлімдеме."

describe("an article object", function()
  it("is made from a table and read through fields", function()
    local a = assert(qalam.article {
      title = TITLE, body = BODY, lead = "Лид", author = "Редакция",
      source_url = "https://example.kz/a", lang = "kk", slug = "odaq",
      sections = { "news", "world", "news" }, tags = { "саясат", "ЕАЭО" },
      published = T, status = "draft",
    })
    assert.are.equal(TITLE, a.title)
    assert.are.equal(BODY, a.body)
    assert.are.equal("Лид", a.lead)
    assert.are.equal("Редакция", a.author)
    assert.are.equal("https://example.kz/a", a.source_url)
    assert.are.equal("kk", a.lang)
    assert.are.equal("odaq", a.slug)
    assert.are.same({ "news", "world" }, a.sections)
    assert.are.same({ "саясат", "ЕАЭО" }, a.tags)
    assert.are.equal(T, a.published)
    assert.are.equal("draft", a.status)
    -- not saved yet
    assert.is_nil(a.id)
    assert.is_nil(a.html)
    assert.is_nil(a.updated)
    assert.is_nil(a.story)
    assert.is_nil(a.no_such_field)
    assert.is_nil(a[1])
    assert.is_nil(a[0])
    assert.is_nil(a[true])
    assert.are.equal("function", type(a.copy))
    -- every field of the plain table, read one by one
    local n = 0
    for k, v in pairs(a:totable()) do
      assert.are.same(v, a[k])
      n = n + 1
    end
    assert.are.equal(11, n) -- 15 fields, less the unset id, html, updated, story
    assert.are.equal("qalam.article (new)", tostring(a))
    -- the field reader checks what it is given, whatever calls it
    local index = getmetatable(a).__index
    h.raises("qalam.article expected, got table", index, {}, "title")
    h.raises("qalam.article expected, got FILE*", index, io.stdout, "title")
    local store = assert(qalam.open(":memory:"))
    h.raises("qalam.article expected, got qalam.store", index, store, "title")
    store:close()
  end)

  it("has defaults for an empty table", function()
    local a = assert(qalam.article {})
    assert.are.equal("published", a.status)
    assert.is_nil(a.title)
    assert.is_nil(a.lang)
    assert.is_nil(a.published)
    assert.are.same({}, a.sections)
    local b = assert(qalam.article())
    assert.are.equal("published", b.status)
  end)

  it("takes times as tables and strings", function()
    local a = assert(qalam.article { title = "x", body = "",
      published = { year = 2026, month = 2, day = 13, hour = 10, min = 30, offset = 300 } })
    assert.are.equal(T, a.published)
    local b = assert(qalam.article { title = "x", body = "",
                                     published = "2026-02-13T10:30:00+05:00" })
    assert.are.equal(T, b.published)
    local c = assert(qalam.article { title = "x", body = "", published = "13.02.2026" })
    assert.are.equal(1770940800, c.published)
  end)

  it("changes with set{}, all or nothing", function()
    local a = assert(qalam.article { title = "One", body = "b", lead = "l",
                                     tags = { "x" } })
    assert.are.equal(a, a:set { title = "Two", lead = false, tags = false })
    assert.are.equal("Two", a.title)
    assert.is_nil(a.lead)
    assert.are.same({}, a.tags)
    -- the second field is bad: the first is not applied either
    h.fails("INVAL", a:set { title = "Three", lang = "not a language" })
    assert.are.equal("Two", a.title)
    h.fails("UTF8", a:set { body = "ok", author = "\255" })
    assert.are.equal("b", a.body)
    h.fails("INVAL", a:set { published = qalam.TIME_MAX + 1 })
    h.fails("INVAL", a:set { published = "31.02.2026" })
    h.fails("INVAL", a:set { source_url = "not a url" })
    h.fails("INVAL", a:set { sections = { "Not A Slug" } })
    h.fails("INVAL", a:set { tags = { "" } })
    assert.are.same({}, a.sections)
  end)

  it("refuses assignment and wrong types", function()
    local a = assert(qalam.article { title = "x", body = "" })
    h.raises("article:set{title = ...}", function() a.title = "y" end)
    h.raises("unknown option 'titel'", a.set, a, { titel = "y" })
    h.raises("field 'title': string expected", a.set, a, { title = 5 })
    h.raises("field 'title': string expected", a.set, a, { title = false })
    h.raises("field 'lead': string expected (or false to clear)", a.set, a, { lead = 1 })
    h.raises("field 'status'", a.set, a, { status = "hidden" })
    h.raises("field 'sections': array of strings", a.set, a, { sections = "news" })
    h.raises("option 'tags': item 2 must be a string", a.set, a, { tags = { "a", 2 } })
    h.raises("time expected", a.set, a, { published = true })
    h.raises("field 'story'", a.set, a, { story = "1" })
    h.raises("NUL byte", a.set, a, { title = "a\0b" })
    h.raises("table expected", a.set, a, "title")
    h.raises("table expected", qalam.article, "title")
    assert.are.equal("x", a.title)
  end)

  it("copies and turns into a plain table", function()
    local a = assert(qalam.article { title = TITLE, body = BODY, tags = { "t" } })
    local b = assert(a:copy())
    assert(b:set { title = "other" })
    assert.are.equal(TITLE, a.title)
    local t = a:totable()
    assert.are.equal("table", type(t))
    assert.are.equal(TITLE, t.title)
    assert.are.same({ "t" }, t.tags)
    assert.are.equal("published", t.status)
  end)

  it("closes with <close> and then raises on use", function()
    local outer
    do
      local a <close> = assert(qalam.article { title = "x", body = "" })
      outer = a
    end
    assert.are.equal("qalam.article (closed)", tostring(outer))
    h.raises("attempt to use a closed article", function() return outer.title end)
    h.raises("attempt to use a closed article", outer.set, outer, { title = "y" })
    h.raises("attempt to use a closed article", outer.copy, outer)
  end)
end)

describe("articles in a store", function()
  local s
  before_each(function() s = h.store() end)
  after_each(function() s:close() end)

  it("are added, read back by id and by slug", function()
    local a = assert(s:add_article { title = TITLE, body = BODY, lang = "kk",
                                     sections = { "news" }, published = T,
                                     tags = { "саясат" } })
    assert.is_true(a.id > 0)
    assert.are.equal("qazaqstan-men-qyrgyzstan-odaqtastyq-qatynastardy-nygaituda", a.slug)
    assert.matches("<strong>Маңызды</strong>", a.html, 1, true)
    assert.is_number(a.updated)
    assert.are.equal("qalam.article " .. a.id .. " (kk/" .. a.slug .. ")", tostring(a))
    local b = assert(s:article(a.id))
    assert.are.equal(TITLE, b.title)
    assert.are.equal(BODY, b.body)
    assert.are.same({ "news" }, b.sections)
    assert.are.same({ "саясат" }, b.tags)
    assert.are.equal(T, b.published)
    local c = assert(s:article_by_slug(a.slug, "kk"))
    assert.are.equal(a.id, c.id)
    h.fails("NOTFOUND", s:article_by_slug(a.slug)) -- the default language is en
  end)

  it("fill in language, slug and time", function()
    local before = os.time()
    local a = assert(s:add_article { title = "Hello, World", body = "" })
    assert.are.equal("en", a.lang)
    assert.are.equal("hello-world", a.slug)
    assert.is_true(a.published >= before and a.published <= os.time() + 1)
    local b = assert(s:add_article { title = "Hello, World", body = "" })
    assert.are.equal("hello-world-2", b.slug)
  end)

  it("insert an article object, then update it", function()
    local a = assert(qalam.article { title = "Draft", body = "one", status = "draft",
                                     published = T })
    assert.are.equal(a, s:insert(a))
    local id = a.id
    assert.is_number(id)
    assert(a:set { body = "*two*", status = "published", sections = { "world" } })
    assert.are.equal(a, s:update(a))
    local b = assert(s:article(id))
    assert.are.equal("<p><em>two</em></p>\n", b.html)
    assert.are.equal("published", b.status)
    assert.are.same({ "world" }, b.sections)
    assert.are.equal("draft", b.slug) -- the slug stays
  end)

  it("delete by id or by article", function()
    local a = assert(s:add_article { title = "A", body = "" })
    local b = assert(s:add_article { title = "B", body = "" })
    assert.is_true(s:delete(a.id))
    assert.is_true(s:delete(b))
    h.fails("NOTFOUND", s:article(a.id))
    h.fails("NOTFOUND", s:delete(a.id))
    h.raises("number expected", s.delete, s, {})
  end)

  it("link translations through story", function()
    local kk = assert(s:add_article { title = "Жаңалық", body = "", lang = "kk" })
    local ru = assert(s:add_article { title = "Новость", body = "", lang = "ru",
                                      story = kk })
    local en = assert(s:add_article { title = "News", body = "", story = kk.id })
    assert.are.equal(kk.id, ru.story)
    assert.are.equal(kk.id, en.story)
    local langs = {}
    for a in s:articles { story = kk.id } do langs[#langs + 1] = a.lang end
    table.sort(langs)
    assert.are.same({ "en", "kk", "ru" }, langs)
    assert(en:set { story = false })
    assert(s:update(en))
    assert.is_nil(assert(s:article(en.id)).story)
  end)

  it("follow the error rule", function()
    local a = assert(s:add_article { title = "A", body = "", slug = "a" })
    h.fails("EXISTS", s:add_article { title = "B", body = "", slug = "a" })
    h.fails("NOTFOUND", s:add_article { title = "C", body = "", sections = { "nope" } })
    h.fails("NOTFOUND", s:add_article { title = "C", body = "", story = 999 })
    h.fails("INVAL", s:add_article { body = "no title" })
    h.fails("INVAL", s:insert(a)) -- already stored
    local new = assert(qalam.article { title = "never stored", body = "" })
    h.fails("INVAL", s:update(new)) -- no id
    assert(s:insert(new))
    assert(s:delete(new.id))
    h.fails("NOTFOUND", s:update(new))
    h.fails("NOTFOUND", s:article(12345))
    h.fails("NOTFOUND", s:article_by_slug("nope"))
    h.fails("UTF8", s:article_by_slug("\255"))
    h.raises("qalam.article expected", s.insert, s, { title = "x" })
    h.raises("qalam.article expected", s.update, s, nil)
    h.raises("number expected", s.article, s, {})
    h.raises("number has no integer representation", s.article, s, 1.5)
  end)

  it("outlive their store", function()
    local a = assert(s:add_article { title = "Kept", body = "text" })
    local b = assert(s:article(a.id))
    s:close()
    collectgarbage()
    assert.are.equal("Kept", b.title)
    assert.are.equal("<p>text</p>\n", b.html)
    s = h.store() -- for after_each
  end)
end)
