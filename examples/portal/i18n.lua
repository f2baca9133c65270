-- The portal's interface strings in Kazakh, Russian and English.
--
-- One table per language; a key missing from a language falls back to
-- English, and a language without a table (an article in "de") gets the
-- English strings. Strings with %s or %d are string.format patterns.
-- Article text, section names and the site's title come from the store,
-- never from here.

local M = {}

M.strings = {
  en = {
    more = "More",
    sections = "Sections",
    source = "Source",
    translations = "In other languages",
    languages = "Languages",
    choose_language = "Choose a language",
    front_page = "Front page",
    page_of = "Page %d of %d",
    previous = "Previous page",
    next = "Next page",
    pages = "Pages",
    feeds = "Feeds",
    sitemap = "Sitemap",
    author = "Author",
    published = "Published",
    no_articles = "No articles yet.",
    skip = "Skip to content",
  },
  kk = {
    more = "Толығырақ",
    sections = "Айдарлар",
    source = "Дереккөз",
    translations = "Басқа тілдерде",
    languages = "Тілдер",
    choose_language = "Тілді таңдаңыз",
    front_page = "Басты бет",
    page_of = "%d-бет, барлығы %d",
    previous = "Алдыңғы бет",
    next = "Келесі бет",
    pages = "Беттер",
    feeds = "Арналар",
    sitemap = "Сайт картасы",
    author = "Авторы",
    published = "Жарияланды",
    no_articles = "Әзірге мақала жоқ.",
    skip = "Мазмұнға өту",
  },
  ru = {
    more = "Ещё",
    sections = "Рубрики",
    source = "Источник",
    translations = "На других языках",
    languages = "Языки",
    choose_language = "Выберите язык",
    front_page = "Главная",
    page_of = "Страница %d из %d",
    previous = "Предыдущая страница",
    next = "Следующая страница",
    pages = "Страницы",
    feeds = "Ленты",
    sitemap = "Карта сайта",
    author = "Автор",
    published = "Опубликовано",
    no_articles = "Пока нет материалов.",
    skip = "Перейти к содержанию",
  },
}

-- Each language's name in itself, for language links.
M.names = {
  en = "English",
  kk = "Қазақша",
  ru = "Русский",
}

-- The date shown in listings and on article pages (a CLDR pattern for
-- qalam.format_date), per language; the newspaper's own form everywhere.
M.date_pattern = {
  en = "dd.MM.y",
  kk = "dd.MM.y",
  ru = "dd.MM.y",
}

-- The base language of a tag: "kk-KZ" and "kk_KZ" are "kk".
local function base(lang)
  return (tostring(lang or "en"):match("^[A-Za-z]+") or "en"):lower()
end

-- The strings of `lang` (English for a language it has none of).
local function strings(lang)
  return M.strings[base(lang)] or M.strings.en
end

-- The string `key` of the strings `t` (else English), formatted with the
-- extra arguments; raises at the caller of its caller for an unknown key.
local function lookup(t, key, ...)
  local s = t[key] or M.strings.en[key]
  if not s then error("i18n: no interface string '" .. tostring(key) .. "'", 3) end
  if select("#", ...) > 0 then return s:format(...) end
  return s
end

-- The string `key` in `lang`, formatted with the extra arguments.
function M.get(lang, key, ...)
  local s = lookup(strings(lang), key, ...) -- not a tail call: see lookup
  return s
end

-- A function t(key, ...) bound to one language, for templates (its
-- strings found once, not at every call).
function M.bind(lang)
  local t = strings(lang)
  return function(key, ...)
    local s = lookup(t, key, ...)
    return s
  end
end

function M.name(lang)
  return M.names[base(lang)] or tostring(lang)
end

function M.pattern(lang)
  return M.date_pattern[base(lang)] or "dd.MM.y"
end

return M
