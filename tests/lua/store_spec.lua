-- The store: opening, closing, settings and sections.
package.path = debug.getinfo(1, "S").source:match("^@(.*)/[^/]*$")
               .. "/?.lua;" .. package.path
local h = require "support"
local qalam = h.qalam

describe("qalam.open", function()
  local dir
  before_each(function() dir = h.tmpdir() end)
  after_each(function() h.rmdir(dir) end)

  it("creates a store file and opens it again", function()
    local path = dir .. "/paper.db"
    local s = assert(qalam.open(path))
    assert.are.equal("qalam.store (" .. path .. ")", tostring(s))
    assert(s:set { title = "Жаңалықтар" })
    s:close()
    assert.are.equal("qalam.store (" .. path .. ", closed)", tostring(s))
    local again = assert(qalam.open(path, { readonly = true }))
    assert.are.equal("Жаңалықтар", again.title)
    again:close()
  end)

  it("opens a private store in memory", function()
    local s = assert(qalam.open(":memory:"))
    assert.are.equal("", s.title)
    s:close()
  end)

  it("returns nil, message, code when the library fails", function()
    local msg = h.fails("NOTFOUND", qalam.open(dir .. "/missing.db", { readonly = true }))
    assert.matches("missing.db", msg, 1, true)
    h.fails("IO", qalam.open(dir .. "/no/such/dir/x.db"))
    h.write(dir .. "/text.db", "not a database at all")
    h.fails("CORRUPT", qalam.open(dir .. "/text.db"))
  end)

  it("refuses a store from a newer qalam with SCHEMA", function()
    local path = dir .. "/newer.db"
    assert(qalam.open(path)):close()
    local sqlite3 = os.execute("command -v sqlite3 >/dev/null")
    if not sqlite3 then
      pending("needs the sqlite3 program")
      return
    end
    assert(os.execute("sqlite3 '" .. path .. "' 'PRAGMA user_version = 999'"))
    h.fails("SCHEMA", qalam.open(path))
  end)

  it("raises for misuse", function()
    h.raises("string expected", qalam.open)
    h.raises("string expected", qalam.open, {})
    h.raises("unknown option 'read_only'", qalam.open, ":memory:", { read_only = true })
    h.raises("boolean expected", qalam.open, ":memory:", { readonly = 1 })
    h.raises("NUL byte", qalam.open, "a\0b")
  end)
end)

describe("closing a store", function()
  it("is allowed twice", function()
    local s = h.store()
    s:close()
    s:close()
  end)

  it("works as a to-be-closed variable", function()
    local outer
    do
      local s <close> = h.store()
      outer = s
      assert.are.equal("Daily", s.title)
    end
    assert.matches("closed", tostring(outer))
    h.raises("attempt to use a closed store", function() return outer.title end)
  end)

  it("makes every later use raise, never crash", function()
    local s = h.store()
    s:close()
    local uses = {
      function() return s.title end,
      function() return s.offset end,
      function() return s:set { title = "x" } end,
      function() return s:sections() end,
      function() return s:add_section("a", "A") end,
      function() return s:update_section("news", "N", 1) end,
      function() return s:delete_section("news") end,
      function() return s:add_article { title = "x", body = "" } end,
      function() return s:insert(qalam.article { title = "x", body = "" }) end,
      function() return s:update(qalam.article { title = "x", body = "" }) end,
      function() return s:delete(1) end,
      function() return s:article(1) end,
      function() return s:article_by_slug("x") end,
      function() return s:articles() end,
      function() return s:page() end,
      function() return s:count() end,
      function() return s:front_page() end,
      function() return s:search("x") end,
      function() return s:since(0) end,
      function() return s:feed() end,
      function() return s:sitemap() end,
      function() return s:path("front") end,
      function() return s:import_markdown("/nonexistent") end,
      function() return s:export_markdown("/nonexistent") end,
    }
    for i, use in ipairs(uses) do
      local ok, err = pcall(use)
      assert.is_false(ok, "use " .. i .. " did not raise")
      assert.matches("attempt to use a closed store", err, 1, true)
    end
  end)

  it("is checked on the object, so methods cannot be called on another type", function()
    local s = h.store()
    h.raises("qalam.store expected", s.sections, {})
    h.raises("qalam.store expected", s.close, "x")
    s:close()
  end)
end)

describe("settings", function()
  local s
  before_each(function() s = h.store() end)
  after_each(function() s:close() end)

  it("read as fields", function()
    assert.are.equal("Daily", s.title)
    assert.are.equal("https://news.example.kz", s.base_url)
    assert.are.equal("en", s.lang)
    assert.are.equal(300, s.offset)
    assert.is_nil(s.no_such_setting)
  end)

  it("change with set{}", function()
    assert.are.equal(s, s:set { title = "«Егемен Қазақстан»", base_url = "https://x.kz/",
                                lang = "kk", offset = -90 })
    assert.are.equal("«Егемен Қазақстан»", s.title)
    assert.are.equal("https://x.kz", s.base_url)
    assert.are.equal("kk", s.lang)
    assert.are.equal(-90, s.offset)
  end)

  it("return nil, message, code for invalid values", function()
    h.fails("INVAL", s:set { base_url = "ftp://x" })
    h.fails("INVAL", s:set { lang = "english" })
    h.fails("INVAL", s:set { offset = 2000 })
    h.fails("INVAL", s:set { offset = 1 << 40 })
    h.fails("UTF8", s:set { title = "a\255" })
    assert.are.equal("Daily", s.title)
    assert.are.equal(300, s.offset)
  end)

  it("refuse assignment and unknown names", function()
    h.raises("store:set{title = ...}", function() s.title = "x" end)
    h.raises("unknown option 'name'", s.set, s, { name = "x" })
    h.raises("string expected", s.set, s, { title = 1 })
    h.raises("integer expected", s.set, s, { offset = "300" })
    h.raises("table expected", s.set, s, "title")
  end)

  it("are refused with READONLY on a read-only store", function()
    local dir = h.tmpdir()
    assert(qalam.open(dir .. "/p.db")):close()
    local ro = assert(qalam.open(dir .. "/p.db", { readonly = true }))
    h.fails("READONLY", ro:set { title = "x" })
    h.fails("READONLY", ro:add_section("a", "A"))
    h.fails("READONLY", ro:add_article { title = "x", body = "" })
    ro:close()
    h.rmdir(dir)
  end)
end)

describe("sections", function()
  local s
  before_each(function() s = h.store() end)
  after_each(function() s:close() end)

  it("list in front-page order as tables", function()
    assert.is_true(s:add_section("culture", "Мәдениет", 0))
    assert.is_true(s:add_section("sport", "Sport"))
    assert.are.same({
      { slug = "culture", name = "Мәдениет", position = 0 },
      { slug = "sport", name = "Sport", position = 0 },
      { slug = "news", name = "News", position = 1 },
      { slug = "world", name = "World", position = 2 },
    }, s:sections())
  end)

  it("update and delete", function()
    assert.is_true(s:update_section("news", "Жаңалықтар", 5))
    assert.is_true(s:update_section("world", nil, 9))
    assert.is_true(s:delete_section("world"))
    assert.are.same({ { slug = "news", name = "Жаңалықтар", position = 5 } },
                    s:sections())
  end)

  it("follow the error rule", function()
    h.fails("EXISTS", s:add_section("news", "News again"))
    h.fails("INVAL", s:add_section("Bad Slug", "x"))
    h.fails("INVAL", s:add_section("ok", ""))
    h.fails("UTF8", s:add_section("ok", "\255"))
    h.fails("NOTFOUND", s:update_section("nope", "x", 1))
    h.fails("NOTFOUND", s:delete_section("nope"))
    h.raises("number expected", s.update_section, s, "news", "x")
    h.raises("number has no integer representation", s.add_section, s, "a", "A", 1.5)
    h.raises("string expected", s.add_section, s, "a")
  end)
end)
