-- The module's functions: Markdown, text, slugs and dates.
package.path = debug.getinfo(1, "S").source:match("^@(.*)/[^/]*$")
               .. "/?.lua;" .. package.path
local h = require "support"
local qalam = h.qalam
local T = h.T

describe("the module", function()
  it("loads and tells its version", function()
    assert.is_table(qalam)
    assert.matches("^%d+%.%d+%.%d+", qalam.version)
    assert.are.equal("qalam " .. qalam.version, qalam._VERSION)
    assert.are.equal(20, qalam.PAGE_SIZE)
    assert.are.equal(80, qalam.SLUG_MAX)
    assert.is_true(qalam.SCHEMA_VERSION >= 1)
    assert.are.equal(-62135596800, qalam.TIME_MIN)
    assert.are.equal(253402300799, qalam.TIME_MAX)
  end)

  it("is the same table when required twice", function()
    assert.are.equal(qalam, require "qalam")
  end)
end)

describe("markdown_to_html", function()
  it("renders CommonMark safely by default", function()
    assert.are.equal("<p>Hello <em>world</em></p>\n",
                     qalam.markdown_to_html("Hello *world*"))
    local html = qalam.markdown_to_html("<b>x</b> [a](javascript:alert(1))")
    assert.is_nil(html:find("<b>", 1, true))
    assert.is_truthy(html:find("raw HTML omitted", 1, true))
    assert.is_truthy(html:find('href=""', 1, true))
  end)

  it("takes the options smart, hardbreaks and unsafe", function()
    assert.are.equal("<p>“Hi” – there</p>\n",
                     qalam.markdown_to_html('"Hi" -- there', { smart = true }))
    assert.are.equal("<p>a<br />\nb</p>\n",
                     qalam.markdown_to_html("a\nb", { hardbreaks = true }))
    assert.are.equal("<p><b>x</b></p>\n",
                     qalam.markdown_to_html("<b>x</b>", { unsafe = true }))
  end)

  it("keeps non-ASCII text", function()
    assert.are.equal("<p>Қазақстан және <strong>Қырғызстан</strong></p>\n",
                     qalam.markdown_to_html("Қазақстан және **Қырғызстан**"))
  end)

  it("returns nil, message, code for invalid UTF-8", function()
    local msg = h.fails("UTF8", qalam.markdown_to_html("a\255b"))
    assert.matches("UTF%-8", msg)
  end)

  it("raises for misuse", function()
    h.raises("string expected", qalam.markdown_to_html, nil)
    h.raises("unknown option 'smrt'", qalam.markdown_to_html, "x", { smrt = true })
    h.raises("boolean expected", qalam.markdown_to_html, "x", { smart = "yes" })
    h.raises("NUL byte", qalam.markdown_to_html, "a\0b")
  end)
end)

describe("markdown_to_text", function()
  it("drops the markup", function()
    assert.are.equal("Title\n\nSome text & link",
      qalam.markdown_to_text("# Title\n\nSome *text* &amp; [link](http://x)"))
    assert.are.equal("“Quoted”", qalam.markdown_to_text('"Quoted"', { smart = true }))
  end)

  it("follows the error rule", function()
    h.fails("UTF8", qalam.markdown_to_text("\192\128"))
    h.raises("unknown option", qalam.markdown_to_text, "x", { html = true })
  end)
end)

describe("excerpt", function()
  it("cuts after whole words, counting characters", function()
    assert.are.equal("Один два…", qalam.excerpt("Один два три четыре", 9))
    assert.are.equal("short text", qalam.excerpt("  short \n text ", 100))
  end)

  it("follows the error rule", function()
    h.fails("INVAL", qalam.excerpt("x", 0))
    h.fails("UTF8", qalam.excerpt("\255", 5))
    h.raises("must not be negative", qalam.excerpt, "abc", -1)
    h.raises("number expected", qalam.excerpt, "abc")
  end)
end)

describe("slugify", function()
  it("transliterates by language", function()
    assert.are.equal("jana-jyl", qalam.slugify("Жаңа жыл", "kk"))
    assert.are.equal("zhana-zhyl", qalam.slugify("Жаңа жыл", "ru"))
    assert.are.equal("zhana-zhyl", qalam.slugify("Жаңа жыл"))
    assert.are.equal("countrys-news", qalam.slugify("Country's News!"))
    assert.are.equal("untitled", qalam.slugify("!!!"))
  end)

  it("follows the error rule", function()
    local msg = h.fails("UTF8", qalam.slugify("ab\255c"))
    assert.matches("byte 2", msg)
    h.raises("NUL byte", qalam.slugify, "a\0b")
    h.raises("string expected", qalam.slugify, {})
  end)
end)

describe("html_escape and xml_escape", function()
  it("escape without stripping", function()
    assert.are.equal("&lt;a href=&quot;x&quot;&gt;&amp;&#39;",
                     qalam.html_escape([[<a href="x">&']]))
    assert.are.equal("a\239\191\189b&lt;&apos;", qalam.xml_escape("a\1b<'"))
    assert.are.equal("Тест «кавычки»", qalam.html_escape("Тест «кавычки»"))
  end)

  it("follow the error rule", function()
    h.fails("UTF8", qalam.html_escape("\255"))
    h.fails("UTF8", qalam.xml_escape("\255"))
    h.raises("string expected", qalam.html_escape, nil)
  end)
end)

describe("validate_utf8", function()
  it("accepts UTF-8, NUL bytes included", function()
    assert.is_true(qalam.validate_utf8("Сәлем, әлем"))
    assert.is_true(qalam.validate_utf8("a\0b"))
    assert.is_true(qalam.validate_utf8(""))
  end)

  it("gives the 1-based position of the first bad byte", function()
    local _, pos = h.fails("UTF8", qalam.validate_utf8("ab\255c"))
    assert.are.equal(3, pos)
    -- a surrogate and an overlong form
    h.fails("UTF8", qalam.validate_utf8("\237\160\128"))
    h.fails("UTF8", qalam.validate_utf8("\192\175"))
  end)
end)

describe("format_date", function()
  it("formats with a CLDR pattern in en, ru and kk", function()
    assert.are.equal("13.02.2026", qalam.format_date(T, "dd.MM.y", "en", 300))
    assert.are.equal("пятница, 13 февраля 2026 10:30",
                     qalam.format_date(T, "EEEE, d MMMM y HH:mm", "ru", 300))
    assert.are.equal("жұма, 13 ақпан 2026 10:30",
                     qalam.format_date(T, "EEEE, d MMMM y HH:mm", "kk", 300))
  end)

  it("takes the style names short, medium, long and full", function()
    assert.are.equal("2/13/26", qalam.format_date(T, "short"))
    assert.are.equal("Friday, February 13, 2026",
                     qalam.format_date(T, "full", "en", 300))
    assert.are.equal("13 февраля 2026 г.", qalam.format_date(T, "long", "ru"))
  end)

  it("uses offset 0 for integers and the offset a date carries", function()
    assert.are.equal("05:30", qalam.format_date(T, "HH:mm"))
    assert.are.equal("10:30", qalam.format_date("2026-02-13T10:30+05:00", "HH:mm"))
    assert.are.equal("10:30", qalam.format_date(
      { year = 2026, month = 2, day = 13, hour = 10, min = 30, offset = 300 },
      "HH:mm"))
    -- an explicit offset wins
    assert.are.equal("06:30", qalam.format_date("2026-02-13T10:30+05:00",
                                                "HH:mm", "en", 60))
  end)

  it("follows the error rule", function()
    h.fails("INVAL", qalam.format_date(T, "qqq"))
    h.fails("INVAL", qalam.format_date(T, "dd", "fr"))
    h.fails("INVAL", qalam.format_date(T, "dd", "en", 5000))
    h.fails("INVAL", qalam.format_date(qalam.TIME_MAX + 1, "dd"))
    h.fails("INVAL", qalam.format_date("31.02.2026", "dd"))
    h.raises("time expected", qalam.format_date, true, "dd")
    h.raises("must be an integer", qalam.format_date, 1.5, "dd")
    h.raises("number has no integer representation",
             qalam.format_date, T, "dd", "en", 1.5)
  end)
end)

describe("date_pattern", function()
  it("gives the CLDR pattern of a style", function()
    assert.are.equal("d MMMM y 'г'.", qalam.date_pattern("long", "ru"))
    assert.is_string(qalam.date_pattern("short"))
  end)

  it("follows the error rule", function()
    h.fails("INVAL", qalam.date_pattern("long", "de"))
    h.raises("invalid option 'huge'", qalam.date_pattern, "huge")
  end)
end)

describe("format_relative", function()
  it("says how long ago or ahead, in each language", function()
    assert.are.equal("3 часа назад", qalam.format_relative(T - 3 * 3600, T, "ru"))
    assert.are.equal("in 2 days", qalam.format_relative(T + 2 * h.DAY, T))
    assert.are.equal("3 сағат бұрын", qalam.format_relative(T - 3 * 3600, T, "kk"))
    assert.are.equal("now", qalam.format_relative(T, T))
  end)

  it("measures from the current time without `now`", function()
    assert.are.equal("now", qalam.format_relative(os.time()))
    assert.are.equal("2 days ago", qalam.format_relative(os.time() - 2 * h.DAY - 5))
  end)

  it("follows the error rule", function()
    h.fails("INVAL", qalam.format_relative(T, T, "xx"))
    h.fails("INVAL", qalam.format_relative(qalam.TIME_MAX + 1, T))
    h.raises("time expected", qalam.format_relative, true, T)
  end)
end)

describe("rfc822 and rfc3339", function()
  it("write feed dates", function()
    assert.are.equal("Fri, 13 Feb 2026 10:30:00 +0500", qalam.rfc822(T, 300))
    assert.are.equal("2026-02-13T05:30:00Z", qalam.rfc3339(T))
    assert.are.equal("2026-02-13T10:30:00+05:00",
                     qalam.rfc3339("2026-02-13T10:30+05:00"))
  end)

  it("follow the error rule", function()
    h.fails("INVAL", qalam.rfc822(qalam.TIME_MAX + 1))
    h.fails("INVAL", qalam.rfc3339(T, 1440))
    h.raises("time expected", qalam.rfc822, nil)
  end)
end)

describe("parse_date", function()
  it("reads ISO 8601 and dd.MM.y, returning time and offset", function()
    assert.are.same({ T, 300 }, { qalam.parse_date("2026-02-13T10:30:00+05:00") })
    assert.are.same({ 1770940800, 0 }, { qalam.parse_date("13.02.2026") })
    assert.are.same({ 1770940800 - 300 * 60, 300 },
                    { qalam.parse_date("13.02.2026", nil, 300) })
  end)

  it("reads a pattern", function()
    assert.are.same({ T, 300 },
      { qalam.parse_date("13/02/2026 10:30", "dd/MM/yyyy HH:mm", 300) })
  end)

  it("follows the error rule", function()
    local msg = h.fails("INVAL", qalam.parse_date("31.02.2026"))
    assert.are.equal("invalid date '31.02.2026': day 31 is out of range for February 2026", msg)
    h.fails("INVAL", qalam.parse_date("13.02.2026 trailing"))
    h.fails("UTF8", qalam.parse_date("\255"))
    h.raises("string expected", qalam.parse_date, {})
  end)
end)

describe("time and date", function()
  it("convert between integers, tables and strings", function()
    assert.are.same({ T, 300 }, { qalam.time {
      year = 2026, month = 2, day = 13, hour = 10, min = 30, offset = 300 } })
    assert.are.same({ T, 0 }, { qalam.time(os.date("!*t", T)) })
    assert.are.same({ T, 0 }, { qalam.time(T) })
    assert.are.same({ T, 300 }, { qalam.time("2026-02-13T10:30+05:00") })
    assert.are.same({ year = 2026, month = 2, day = 13, hour = 10, min = 30,
                      sec = 0, offset = 300 },
                    qalam.date("2026-02-13T10:30+05:00"))
    assert.are.same({ year = 2026, month = 2, day = 13, hour = 5, min = 30,
                      sec = 0, offset = 0 }, qalam.date(T))
    assert.are.equal(7, qalam.date(T, 90).hour)
    local d = qalam.date(T, -300)
    assert.are.equal(T, (qalam.time(d)))
  end)

  it("follow the error rule", function()
    local msg = h.fails("INVAL", qalam.time { year = 2026, month = 2, day = 30 })
    assert.matches("day 30 is out of range for February 2026", msg)
    h.fails("INVAL", qalam.time { year = 2026, month = 2, day = 1, offset = 2000 })
    h.fails("INVAL", qalam.date(qalam.TIME_MIN - 1))
    h.raises("field 'month' is missing", qalam.time, { year = 2026 })
    h.raises("field 'day' must be an integer", qalam.time,
             { year = 2026, month = 1, day = "1" })
    h.raises("must be an integer", qalam.time, 1.5)
    h.raises("time expected", qalam.date, false)
  end)
end)
