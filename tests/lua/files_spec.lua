-- Importing and exporting Markdown files with front matter.
package.path = debug.getinfo(1, "S").source:match("^@(.*)/[^/]*$")
               .. "/?.lua;" .. package.path
local h = require "support"
local qalam = h.qalam

local HERE = debug.getinfo(1, "S").source:match("^@(.*)/[^/]*$")
local NEWSPAPER = HERE .. "/../../examples/newspaper"

local GOOD = [[
---
title: "«Жаңа» конституция: не өзгереді?"
date: 13.02.2026
sections: [news]
tags: [саясат]
lang: kk
lead: Қысқаша
---

Мәтін **маңызды**.
]]

local BAD = [[
---
title: "Broken
date: 31.02.2026
---
]]

describe("store:import_markdown", function()
  local dir, s
  before_each(function()
    dir = h.tmpdir()
    s = assert(qalam.open(":memory:"))
  end)
  after_each(function()
    s:close()
    h.rmdir(dir)
  end)

  it("imports the sample newspaper with its settings and sections", function()
    local progress = {}
    local stats = assert(s:import_markdown(NEWSPAPER, {
      progress = function(done, total) progress[#progress + 1] = done .. "/" .. total end,
    }))
    assert.are.same({ files = 5, imported = 5, updated = 0, failed = 0 }, stats)
    assert.are.same({ "1/5", "2/5", "3/5", "4/5", "5/5" }, progress)
    assert.are.equal("Enbekshi QazaQ", s.title)
    assert.are.equal(300, s.offset)
    assert.are.same({ "news", "society" },
                    { s:sections()[1].slug, s:sections()[2].slug })
    local n = 0
    for a, section in s:front_page() do
      n = n + 1
      assert.are.equal("13.02.2026", qalam.format_date(a.published, "dd.MM.y", "en", s.offset))
      assert.is_string(section)
    end
    assert.are.equal(10, n)
    -- again: the same articles are updated, not duplicated
    stats = assert(s:import_markdown(NEWSPAPER, { batch = 2 }))
    assert.are.same({ files = 5, imported = 0, updated = 5, failed = 0 }, stats)
  end)

  it("reports bad files through on_error and goes on", function()
    h.write(dir .. "/good.md", GOOD)
    h.write(dir .. "/bad.md", BAD)
    h.write(dir .. "/_skipped.md", BAD)
    local errors = {}
    local stats = assert(s:import_markdown(dir, {
      on_error = function(path, line, code, message)
        errors[#errors + 1] = { path = path, line = line, code = code, message = message }
      end,
    }))
    assert.are.same({ files = 2, imported = 1, updated = 0, failed = 1 }, stats)
    assert.are.equal(1, #errors)
    assert.are.equal(dir .. "/bad.md", errors[1].path)
    assert.is_number(errors[1].line)
    assert.is_string(errors[1].code)
    assert.is_true(#errors[1].message > 0)
    local slug = qalam.slugify("«Жаңа» конституция: не өзгереді?", "kk")
    local a = assert(s:article_by_slug(slug, "kk"))
    assert.are.equal("«Жаңа» конституция: не өзгереді?", a.title)
    assert.are.same({ "саясат" }, a.tags)
    assert.are.equal("Қысқаша", a.lead)
  end)

  it("stops when a callback returns false", function()
    h.write(dir .. "/a.md", GOOD)
    h.write(dir .. "/b.md", BAD)
    h.write(dir .. "/c.md", (GOOD:gsub("«Жаңа»", "Басқа")))
    local calls = 0
    local stats = assert(s:import_markdown(dir, {
      progress = function() calls = calls + 1 return false end,
    }))
    assert.are.equal(1, calls)
    assert.is_true(stats.imported + stats.failed < 3)
    local errors = 0
    stats = assert(s:import_markdown(dir, {
      on_error = function() errors = errors + 1 return false end,
    }))
    assert.are.equal(1, errors)
  end)

  it("raises a callback's error after the import", function()
    h.write(dir .. "/a.md", GOOD)
    local err = h.raises("boom", s.import_markdown, s, dir,
                         { progress = function() error("boom") end })
    assert.matches("files_spec", err, 1, true)
    local ok, obj = pcall(s.import_markdown, s, dir,
                          { progress = function() error({ reason = "table" }) end })
    assert.is_false(ok)
    assert.are.same({ reason = "table" }, obj)
  end)

  it("keeps the store out of reach of callbacks", function()
    h.write(dir .. "/a.md", GOOD)
    h.raises("cannot close the store during an import", s.import_markdown, s, dir,
             { progress = function() s:close() end })
    h.raises("busy importing", s.import_markdown, s, dir,
             { progress = function() return s:article(1) end })
    h.raises("busy importing", s.import_markdown, s, dir,
             { progress = function() for _ in s:articles() do end end })
    -- reading a setting is fine
    assert(s:import_markdown(dir, { progress = function() return s.title end }))
  end)

  it("follows the error rule", function()
    local _, stats = h.fails("NOTFOUND", s:import_markdown(dir .. "/missing"))
    assert.are.same({ files = 0, imported = 0, updated = 0, failed = 0 }, stats)
    h.fails("UTF8", s:import_markdown(dir .. "/\255"))
    local ro_path = dir .. "/ro.db"
    assert(qalam.open(ro_path)):close()
    local ro <close> = assert(qalam.open(ro_path, { readonly = true }))
    h.fails("READONLY", ro:import_markdown(NEWSPAPER))
    h.raises("on_error must be a function", s.import_markdown, s, dir, { on_error = 1 })
    h.raises("progress must be a function", s.import_markdown, s, dir, { progress = {} })
    h.raises("unknown option 'verbose'", s.import_markdown, s, dir, { verbose = true })
    h.raises("must not be negative", s.import_markdown, s, dir, { batch = -1 })
  end)

  it("returns BUSY when another connection holds the write lock", function()
    local path = dir .. "/busy.db"
    local writer <close> = assert(qalam.open(path))
    local other <close> = assert(qalam.open(path))
    local result
    assert(writer:import_markdown(NEWSPAPER, {
      progress = function(done)
        if done == 1 then result = { other:set { title = "waits, then gives up" } } end
      end,
    }))
    h.fails("BUSY", table.unpack(result, 1, 3))
  end)
end)

describe("store:export_markdown", function()
  local dir
  before_each(function() dir = h.tmpdir() end)
  after_each(function() h.rmdir(dir) end)

  it("writes files that import into the same store", function()
    local s <close> = h.store()
    h.fill(s, 3, "news", { tags = { "тег" } })
    assert(s:add_article { title = "Жоба", body = "draft", status = "draft", lang = "kk" })
    assert.are.equal(4, s:export_markdown(dir .. "/out"))
    assert.is_string(h.read(dir .. "/out/en/story-1-of-news.md"))
    assert.is_string(h.read(dir .. "/out/kk/zhoba.md") or h.read(dir .. "/out/kk/joba.md"))
    local copy <close> = assert(qalam.open(":memory:"))
    local stats = assert(copy:import_markdown(dir .. "/out"))
    assert.are.equal(4, stats.imported)
    assert.are.equal("Daily", copy.title)
    assert.are.same(s:sections(), copy:sections())
    local a = assert(copy:article_by_slug("story-2-of-news"))
    assert.are.same({ "тег" }, a.tags)
    assert.are.equal(h.T - h.DAY, a.published)
  end)

  it("follows the error rule", function()
    local s <close> = h.store()
    h.fails("IO", s:export_markdown("/dev/null/x"))
    h.fails("UTF8", s:export_markdown(dir .. "/\255"))
    h.raises("string expected", s.export_markdown, s)
  end)
end)
