-- The pages of the site: what each page shows, read from the store and
-- handed to the templates. Paths come from the core (store:path), so the
-- pages, the feeds and the sitemap always agree; links between pages are
-- relative, so the site works from any folder, a file:// URL or a server.

local qalam = require "qalam"
local i18n = require "i18n"
local render = require "render"
local build = require "build"
local state = require "state"

local M = {}

local FEEDS = {
  { format = "rss", file = "feed.xml", type = "application/rss+xml", name = "RSS" },
  { format = "atom", file = "atom.xml", type = "application/atom+xml", name = "Atom" },
  { format = "json", file = "feed.json", type = "application/feed+json", name = "JSON Feed" },
}

local function dirname(p)
  return p:match("^(.*/)") or ""
end

-- The link from a page in folder `dir` to the file at `to` (both relative
-- to the site's root).
local function compute_relative(dir, to)
  local fd, tp = {}, {}
  for part in dir:gmatch("[^/]+") do fd[#fd + 1] = part end
  for part in to:gmatch("[^/]+") do tp[#tp + 1] = part end
  local i = 1
  while i <= #fd and i < #tp and fd[i] == tp[i] do i = i + 1 end
  local out = {}
  for _ = i, #fd do out[#out + 1] = ".." end
  for j = i, #tp do out[#out + 1] = tp[j] end
  return table.concat(out, "/")
end

-- The link from the page at `from` to the file at `to`. A page links to
-- the same few targets (the front page, every section, the stylesheet) as
-- every page of its folder: those links are kept per folder and target.
-- Links to articles are not (each is made about once: keeping them would
-- hold one per article in memory); they go through link_once.
local relative_cache = {}
local function link_once(from, to)
  return compute_relative(dirname(from), to)
end
function M.relative(from, to)
  local dir = dirname(from)
  local by_dir = relative_cache[dir]
  if not by_dir then
    by_dir = {}
    relative_cache[dir] = by_dir
  end
  local link = by_dir[to]
  if not link then
    link = compute_relative(dir, to)
    by_dir[to] = link
  end
  return link
end
local relative = M.relative

local Site = {}
Site.__index = Site

local function must(v, err, code)
  if v == nil and err then error(err .. (code and " (" .. code .. ")" or ""), 0) end
  return v, err, code
end

function Site:path(...)
  return must(self.store:path(...))
end

-- An article's path, once per article.
function Site:article_path(a)
  local p = self.paths[a.id]
  if not p then
    p = self:path(a)
    self.paths[a.id] = p
  end
  return p
end

-- The paths of the front and section pages, asked of the core once each
-- (every page links to all of them).
function Site:front_path(lang)
  local key = "front\0" .. (lang or "")
  local p = self.paths[key]
  if not p then
    p = self:path("front", nil, { lang = lang })
    self.paths[key] = p
  end
  return p
end

function Site:section_path(slug, lang, page)
  page = page or 1
  local key = "section\0" .. slug .. "\0" .. (lang or "") .. "\0" .. page
  local p = self.paths[key]
  if not p then
    p = self:path("section", slug, { lang = lang, page = page })
    self.paths[key] = p
  end
  return p
end

function Site:date(t, lang)
  return qalam.format_date(t, i18n.pattern(lang), lang, self.offset)
end

-- What a listing shows of an article, linked from the page at `from`.
function Site:item(a, from, lang)
  local text = a.lead
  if not text or text == "" then
    text = qalam.excerpt(qalam.markdown_to_text(a.body), self.excerpt_chars)
  end
  return {
    id = a.id,
    title = a.title,
    href = link_once(from, self:article_path(a)),
    date = self:date(a.published, lang),
    datetime = qalam.rfc3339(a.published, self.offset),
    excerpt = text,
    lang = a.lang,
  }
end

-- The feeds of a folder ("" for the root, "news/", "kk/news/") as links
-- from the page at `from`, when the site has feeds at all.
function Site:feed_links(dir, from, title)
  local links = {}
  if not self.feeds then return links end
  for _, f in ipairs(FEEDS) do
    links[#links + 1] = { type = f.type, name = f.name,
                          title = title .. " (" .. f.name .. ")",
                          href = relative(from, dir .. f.file) }
  end
  return links
end

-- What the layout shows around every page of folder `dir` in `lang` (with
-- section `current` marked): the same for all the pages of a folder, so
-- made once per folder, language and section rather than once a page,
-- the masthead (site title, languages, sections) rendered once too.
-- Templates only read these tables.
function Site:chrome(path, lang, current)
  local dir = dirname(path)
  local key = dir .. "\0" .. lang .. "\0" .. (current or "")
  local c = self.chromes[key]
  if c then return c end
  local front = self:front_path(lang)
  local nav = {}
  for _, s in ipairs(self.sections) do
    nav[#nav + 1] = { name = s.name, slug = s.slug,
                      href = relative(path, self:section_path(s.slug, lang)),
                      current = current == s.slug }
  end
  local languages = {}
  if self.multi then
    for _, l in ipairs(self.langs) do
      languages[#languages + 1] = {
        code = l, name = i18n.name(l), current = l == lang,
        href = relative(path, self:front_path(l)) }
    end
  end
  c = {
    helpers = { t = i18n.bind(lang), lang_name = i18n.name },
    feeds = self:feed_links(dirname(front), path, self.title),
    home = relative(path, front),
    stylesheet = relative(path, "style.css"),
    sitemap = self.feeds and relative(path, "sitemap.xml") or false,
  }
  c.masthead = self.renderer:part("masthead.html", {
    home = c.home, site_title = self.title, sections = nav, languages = languages,
  }, c.helpers)
  self.chromes[key] = c
  return c
end

-- The footer of the pages of chrome `c` that link to `feeds`, rendered
-- once per list of feeds (a folder's, or a section's).
function Site:footer(c, feeds)
  local footer = self.footers[feeds]
  if not footer then
    footer = self.renderer:part("footer.html", {
      home = c.home, site_title = self.title, feeds = feeds, sitemap = c.sitemap,
    }, c.helpers)
    self.footers[feeds] = footer
  end
  return footer
end

local NONE = setmetatable({}, { __newindex = function() error("read-only", 2) end })

-- Writes one page: `name` rendered into the layout.
function Site:page(path, lang, name, data, frame)
  local c = self:chrome(path, lang, frame.section)
  local content = self.renderer:render(name, data, c.helpers)
  local title = frame.title and (frame.title .. " — " .. self.title) or self.title
  local feeds = frame.feeds or c.feeds
  local html = self.renderer:render("layout.html", {
    lang = lang,
    page_title = title,
    stylesheet = c.stylesheet,
    feeds = feeds,
    alternates = frame.alternates or NONE,
    kind = name:match("^[%w_-]+"),
    masthead = c.masthead,
    content = render.raw(content),
    footer = self:footer(c, feeds),
  }, c.helpers)
  self.writer:write(path, html)
end

function Site:front(lang)
  local path = self:front_path(lang)
  local blocks, by_slug = {}, {}
  for a, slug in must(self.store:front_page{ per_section = self.per_section, lang = lang }) do
    local block = by_slug[slug]
    if not block then
      local s = self.section_by_slug[slug]
      block = { slug = slug, name = s and s.name or slug,
                href = relative(path, self:section_path(slug, lang)),
                items = {} }
      by_slug[slug] = block
    end
    block.items[#block.items + 1] = self:item(a, path, lang)
  end
  -- sections in front-page order; those without articles are left out
  for _, s in ipairs(self.sections) do
    if by_slug[s.slug] then blocks[#blocks + 1] = by_slug[s.slug] end
  end
  self:page(path, lang, "front.html", { sections = blocks }, {})
end

-- Writes the pages of section `s` in `lang`. `only` (incremental builds)
-- limits them: with `only.all` every page is written (an article left
-- or moved: its old place is not known); else the pages showing one of
-- the articles `only.ids`, and with `only.shift` (a new article) every page
-- after the first of those too, as they all shift by one. Returns the
-- number of pages.
function Site:section(s, lang, only)
  local count = must(self.store:count{ section = s.slug, lang = lang })
  local per = qalam.PAGE_SIZE
  local pages = math.max(1, math.ceil(count / per))
  if only and not only.all and not only.shift then
    -- articles edited in place: their pages are found by counting the
    -- newer ones (those of the same second may stand on either side)
    local want = {}
    for _, t in pairs(only.times) do
      local newer = must(self.store:count{ section = s.slug, lang = lang, since = t + 1 })
      local upto = must(self.store:count{ section = s.slug, lang = lang, since = t })
      for n = newer // per + 1, math.max(upto - 1, 0) // per + 1 do want[n] = true end
    end
    for n in pairs(want) do
      if n <= pages then
        local path = self:section_path(s.slug, lang, n)
        local items = {}
        for _, a in ipairs(must(self.store:page{ section = s.slug, lang = lang, size = per, page = n })) do
          items[#items + 1] = self:item(a, path, lang)
        end
        self:section_page(s, lang, n, pages, items)
      end
    end
    return pages
  end
  local n, items, from = 1, {}, nil
  local path = self:section_path(s.slug, lang, n)
  local function flush()
    local wanted = not only or only.all or from
    if not wanted then
      for _, item in ipairs(items) do
        if only.ids[item.id] then wanted = true; break end
      end
      if wanted and only.shift then from = n end
    end
    if wanted then self:section_page(s, lang, n, pages, items) end
    n, items = n + 1, {}
    if n <= pages then path = self:section_path(s.slug, lang, n) end
  end
  -- one pass over the section, newest first, cut into pages as it goes
  -- (numbered pages would each skip over the ones before them); an item
  -- is made while its row is the cursor's current one, which is read in
  -- place
  for a in must(self.store:articles{ section = s.slug, lang = lang, limit = pages * per }) do
    items[#items + 1] = self:item(a, path, lang)
    if #items == per and n < pages then flush() end
  end
  flush()
  return pages
end

-- Writes page `n` of `pages` of section `s` showing `items` (Site:item).
function Site:section_page(s, lang, n, pages, items)
  local path = self:section_path(s.slug, lang, n)
  local function link(k)
    if k < 1 or k > pages then return false end
    return relative(path, self:section_path(s.slug, lang, k))
  end
  -- the site's feeds and the section's, the same for every page of the
  -- section (one folder): made once, so that its footer is too
  local key = s.slug .. "\0" .. lang
  local feeds = self.section_feeds[key]
  if not feeds then
    feeds = self:feed_links(dirname(self:front_path(lang)), path, self.title)
    for _, f in ipairs(self:feed_links(dirname(self:section_path(s.slug, lang)),
                                       path, self.title .. " — " .. s.name)) do
      feeds[#feeds + 1] = f
    end
    self.section_feeds[key] = feeds
  end
  self:page(path, lang, "section.html", {
    name = s.name, slug = s.slug, items = items,
    page = n, pages = pages,
    previous = link(n - 1), next = link(n + 1),
  }, { title = s.name, section = s.slug, feeds = feeds })
end

function Site:article(a)
  local lang = a.lang
  local path = self:article_path(a)
  local sections = {}
  for _, slug in ipairs(a.sections) do
    local s = self.section_by_slug[slug]
    if s then
      sections[#sections + 1] = { name = s.name, slug = slug,
        href = relative(path, self:section_path(slug, lang)) }
    end
  end
  -- the other articles of its story, in their languages
  local translations, alternates = {}, {}
  if a.story then
    for t in must(self.store:articles{ story = a.story }) do
      if t.id ~= a.id then
        local href = link_once(path, self:article_path(t))
        translations[#translations + 1] = { lang = t.lang, name = i18n.name(t.lang),
                                            title = t.title, href = href }
        alternates[#alternates + 1] = { hreflang = t.lang, href = href }
      end
    end
    table.sort(translations, function(x, y) return x.lang < y.lang end)
    table.sort(alternates, function(x, y) return x.hreflang < y.hreflang end)
  end
  self:page(path, lang, "article.html", {
    id = a.id,
    title = a.title,
    lead = a.lead or false,
    author = a.author or false,
    date = self:date(a.published, lang),
    datetime = qalam.rfc3339(a.published, self.offset),
    body = render.raw(a.html or ""),
    source_url = a.source_url or false,
    sections = sections,
    translations = translations,
  }, { title = a.title, alternates = alternates })
end

-- The root of a site with several languages: a page to choose one.
function Site:languages_page()
  local lang = self.default_lang
  local list = {}
  for _, l in ipairs(self.langs) do
    list[#list + 1] = { code = l, name = i18n.name(l),
                        prompt = i18n.get(l, "choose_language"),
                        href = relative("index.html", self:front_path(l)) }
  end
  self:page("index.html", lang, "languages.html", { languages = list },
            { feeds = self:feed_links("", "index.html", self.title) })
end

function Site:write_feeds(dir, section, lang)
  for _, f in ipairs(FEEDS) do
    local text = must(self.store:feed{ format = f.format, section = section, lang = lang })
    self.writer:write(dir .. f.file, text)
  end
end

-- Copies the files of `dir` (the stylesheet) to the root of the site.
function Site:static(dir)
  local lfs = require "lfs"
  local names = {}
  for name in lfs.dir(dir) do
    if name:sub(1, 1) ~= "." and lfs.attributes(dir .. "/" .. name, "mode") == "file" then
      names[#names + 1] = name
    end
  end
  table.sort(names)
  for _, name in ipairs(names) do
    local f = assert(io.open(dir .. "/" .. name, "rb"))
    local s = f:read("a")
    f:close()
    self.writer:write(name, s)
  end
end

-- Everything besides the articles that the pages show: when it differs
-- from the last build's, every page is built again.
local HERE = (debug.getinfo(1, "S").source:match("^@(.*)/[^/]*$")) or "."

local function fingerprint(self, opts)
  local lfs = require "lfs"
  local store = self.store
  local parts = { "qalam " .. qalam.version, self.title, tostring(store.base_url),
                  tostring(store.lang), tostring(self.offset), self.per_section,
                  self.excerpt_chars, opts.templates, opts.static }
  for _, s in ipairs(self.sections) do
    parts[#parts + 1] = ("%s=%s@%d"):format(s.slug, s.name, s.position)
  end
  -- the templates, the static files and the portal's own code
  for _, dir in ipairs{ opts.templates, opts.static, HERE } do
    local names = {}
    for name in lfs.dir(dir) do names[#names + 1] = name end
    table.sort(names)
    for _, name in ipairs(names) do
      local a = lfs.attributes(dir .. "/" .. name)
      if a and a.mode == "file" then
        parts[#parts + 1] = ("%s/%s:%d:%d"):format(dir, name, a.size, a.modification)
      end
    end
  end
  return (table.concat(parts, "|"):gsub("[\t\n]", " "))
end

-- What the state keeps of an article on the site.
function Site:entry(a)
  return { lang = a.lang, published = a.published, story = a.story,
           path = self:article_path(a), sections = a.sections }
end

-- Every page, for a new site or when more than articles changed.
function Site:full(opts, st)
  -- the revision first: a change made during the build is redone by the next
  st.revision = must(self.store:revision())
  st.now = os.time()
  local store = self.store
  -- the languages of the listed articles, the store's own first (found
  -- by index probes: reading every article took 50 ms at 10,000, before
  -- the workers could start)
  local langs = must(store:languages())
  table.sort(langs, function(x, y)
    if x == self.default_lang or y == self.default_lang then return x == self.default_lang and x ~= y end
    return x < y
  end)
  if #langs == 0 then langs = { self.default_lang } end
  self:set_langs(langs)
  st.langs = langs

  -- With several jobs, each share of the section and article pages is a
  -- worker's, and this process writes the rest meanwhile: when it took
  -- a share too, it finished 16% after the worker (10,000 articles,
  -- callgrind), one processor idle meanwhile.
  local jobs = opts.spawn and opts.jobs or 1
  local workers = {}
  if jobs > 1 then
    for k = 0, jobs - 1 do workers[#workers + 1] = opts.spawn(k, jobs, langs) end
  else
    self:section_share(1, 0, st)
  end
  for _, lang in ipairs(langs) do
    self:front(lang)
    if jobs == 1 then self:article_share(lang, 1, 0, st) end
    if self.feeds and self.multi then
      self:write_feeds(dirname(self:front_path(lang)), nil, lang)
    end
  end
  if self.multi then self:languages_page() end
  if self.feeds then
    -- the feeds of the whole site (every language) at the root
    self:write_feeds("", nil, nil)
    self:sitemap()
  end
  self:static(opts.static)
  for _, w in ipairs(workers) do
    for kind, rel, written in w.files() do self.writer:adopt(rel, kind, written) end
    state.add_lines(st, w.articles())
    for key, pages in w.sections() do st.pages[key] = pages end
  end
end

-- The pages and feeds of the (language, section) pairs whose place in the
-- site's order is `share` modulo `jobs`, with their page counts recorded
-- in the state `st`, and the feeds (every language) of the sections whose
-- place is. (The feeds were the first process's, which also writes the
-- front pages and the sitemap: it took 30% more instructions than the
-- other on the bench's 10,000 articles.)
function Site:section_share(jobs, share, st)
  local k = 0
  for _, lang in ipairs(self.langs) do
    for _, s in ipairs(self.sections) do
      if k % jobs == share then
        st.pages[state.pair_key(s.slug, lang)] = self:section(s, lang)
        if self.feeds and self.multi then
          self:write_feeds(dirname(self:section_path(s.slug, lang)), s.slug, lang)
        end
      end
      k = k + 1
    end
  end
  if not self.feeds then return end
  for i, s in ipairs(self.sections) do
    if (i - 1) % jobs == share then self:write_feeds(s.slug .. "/", s.slug, nil) end
  end
end

-- The article pages in `lang` whose id is `share` modulo `jobs`, recorded
-- in the state `st`.
function Site:article_share(lang, jobs, share, st)
  for a in must(self.store:articles{ lang = lang }) do
    if a.id % jobs == share then
      self:article(a)
      state.add(st, a.id, self:entry(a))
    end
  end
end

function Site:set_langs(langs)
  self.langs = langs
  -- the core decides the layout: several languages put every page under
  -- a language folder (docs/feeds.md)
  self.multi = self:front_path(langs[1]) ~= "index.html"
end

-- sitemap.xml, an index of the sitemaps the core splits the site into
-- (the pages; the articles of each month: docs/feeds.md). With `versions`
-- (an incremental build: the old and new {published} of each changed
-- article) only the pages parts and the months of those times are made
-- again, and the parts the last build wrote that are gone are removed (a
-- full build removes them with everything else it did not write).
function Site:sitemap(versions)
  local want = versions and function(part)
    if not part.from then return true end
    for _, v in ipairs(versions) do
      if v.published >= part.from and v.published < part.to then return true end
    end
    return false
  end
  local index, parts = must(self.store:sitemap_parts(want))
  self.writer:write("sitemap.xml", index)
  local present = {}
  for _, part in ipairs(parts) do
    if part.xml then self.writer:write(part.name, part.xml) end
    present[part.name] = true
  end
  if versions then
    for _, name in ipairs(self.writer:earlier("sitemap-")) do
      if not present[name] then self.writer:remove(name) end
    end
  end
end

-- Only the pages the articles changed since the last build show on: their
-- own pages and their translations', the section pages listing them, the
-- front pages, feeds and the sitemap. Returns false, having written
-- nothing, when the change needs a full build (a language came or went).
function Site:update(st)
  local store, now = self.store, os.time()
  self:set_langs(st.langs)
  local known = {}
  for _, l in ipairs(st.langs) do known[l] = true end
  local ids, revision = {}, st.revision
  for _, c in ipairs(must(store:changes{ after = st.revision })) do
    ids[c.id] = true
    if c.revision > revision then revision = c.revision end
  end
  -- scheduled articles whose time came since the last build
  for a in must(store:since{ time = st.now + 1 }) do ids[a.id] = true end
  if next(ids) == nil then
    st.now = now
    return true
  end

  local langs, pairs_, stories, pages, gone = {}, {}, {}, {}, {}
  local versions = {} -- the old and new {lang, published, in_} of each
  local function pair(slug, lang)
    local key = state.pair_key(slug, lang)
    local p = pairs_[key]
    if not p then
      p = { slug = slug, lang = lang, key = key, ids = {}, times = {} }
      pairs_[key] = p
    end
    return p
  end
  for id in pairs(ids) do
    local old = state.article(st, id)
    local a, err, code = store:article(id)
    if not a and code ~= "NOTFOUND" then must(a, err, code) end
    if a and (a.status ~= "published" or a.published > now) then a = nil end
    if a and not known[a.lang] then return false end
    local new = a and self:entry(a)
    local in_old, in_new = {}, {}
    for _, slug in ipairs(old and old.sections or {}) do in_old[slug] = true end
    for _, slug in ipairs(new and new.sections or {}) do in_new[slug] = true end
    if old then versions[#versions + 1] = { lang = old.lang, published = old.published, in_ = in_old } end
    if new then versions[#versions + 1] = { lang = new.lang, published = new.published, in_ = in_new } end
    if old then
      langs[old.lang] = true
      if old.story then stories[old.story] = true end
      for _, slug in ipairs(old.sections) do
        local p = pair(slug, old.lang)
        p.ids[id] = true
        -- it left the listing, or moved in it: its old place is unknown
        if not new or new.lang ~= old.lang or not in_new[slug] or
           new.published ~= old.published then p.all = true end
      end
      if not new or new.path ~= old.path then gone[#gone + 1] = old.path end
    end
    if new then
      langs[new.lang] = true
      if new.story then stories[new.story] = true end
      pages[#pages + 1] = a
      for _, slug in ipairs(new.sections) do
        local p = pair(slug, new.lang)
        p.ids[id], p.times[id] = true, new.published
        if not old or old.lang ~= new.lang or not in_old[slug] then p.shift = true end
      end
    end
    if old or new then state.set(st, id, new) end
  end
  -- the last article of a language gone: the language folders change
  for lang in pairs(langs) do
    if #st.langs > 1 and must(store:count{ lang = lang }) == 0 then return false end
  end

  for _, a in ipairs(pages) do self:article(a) end
  for story in pairs(stories) do
    for t in must(store:articles{ story = story }) do
      if not ids[t.id] then self:article(t) end
    end
  end
  local slugs = {}
  for key, p in pairs(pairs_) do
    local s = self.section_by_slug[p.slug]
    if s then
      slugs[p.slug] = true
      local n = self:section(s, p.lang, p)
      for k = n + 1, st.pages[key] or 0 do
        self.writer:remove(self:section_path(s.slug, p.lang, k))
      end
      st.pages[key] = n
    end
  end
  for lang in pairs(langs) do self:front(lang) end
  if self.feeds then
    -- a feed shows the latest qalam.FEED_LIMIT of its listing: it changed
    -- only if a changed article is (or was: nothing else changed since)
    -- among them, that is when fewer than that many are newer: the last
    -- one the feed shows is not (counting the newer ones read each one)
    local function shows(section, lang)
      local last, n = nil, 0
      for a in must(store:articles{ section = section, lang = lang, limit = qalam.FEED_LIMIT }) do
        n = n + 1
        if n == qalam.FEED_LIMIT then last = a.published end
      end
      for _, v in ipairs(versions) do
        if (not lang or v.lang == lang) and (not section or v.in_[section]) and
           (not last or v.published >= last) then
          return true
        end
      end
      return false
    end
    if shows(nil, nil) then self:write_feeds("", nil, nil) end
    for slug in pairs(slugs) do
      if shows(slug, nil) then self:write_feeds(slug .. "/", slug, nil) end
    end
    if self.multi then
      for lang in pairs(langs) do
        if shows(nil, lang) then
          self:write_feeds(dirname(self:front_path(lang)), nil, lang)
        end
      end
      for _, p in pairs(pairs_) do
        if slugs[p.slug] and shows(p.slug, p.lang) then
          self:write_feeds(dirname(self:section_path(p.slug, p.lang)), p.slug, p.lang)
        end
      end
    end
    self:sitemap(versions)
  end
  for _, rel in ipairs(gone) do self.writer:remove(rel) end
  st.revision, st.now = revision, now
  return true
end

-- The site of `store` with `opts`, before anything is written.
local function new_site(store, opts)
  local self = setmetatable({
    store = store,
    renderer = render.new(opts.templates),
    per_section = opts.per_section or 5,
    excerpt_chars = opts.excerpt_chars or 240,
    offset = store.offset or 0,
    paths = {},
    chromes = {},
    footers = {},       -- by list of feeds (Site:footer)
    section_feeds = {}, -- by section and language (Site:section_page)
    warnings = {},
  }, Site)
  self.title = store.title
  if not self.title or self.title == "" then self.title = store.base_url or "qalam" end
  self.default_lang = store.lang or "en"
  self.sections = must(store:sections())
  self.section_by_slug = {}
  for _, s in ipairs(self.sections) do self.section_by_slug[s.slug] = s end
  self.feeds = store.base_url ~= nil and store.base_url ~= ""
  if not self.feeds then
    self.warnings[#self.warnings + 1] =
      "the store has no base_url: feeds and sitemap.xml not written"
  end
  return self
end

-- A worker of a full build (portal.lua --worker): writes its share of the
-- section and article pages in `langs` into `outdir`, and returns what it
-- wrote ({kind, rel, written}), the state lines of its articles and the
-- page counts of its sections (by state.pair_key), for the build that
-- started it.
function M.work(store, outdir, opts, langs, jobs, share)
  local self = new_site(store, opts)
  self.writer = build.open(outdir, false)
  self:set_langs(langs)
  local st = state.new(self.writer.root, "")
  self:section_share(jobs, share, st)
  for _, lang in ipairs(langs) do self:article_share(lang, jobs, share, st) end
  return self.writer:files(), st.lines, st.pages
end

-- Builds the site of `store` into `outdir`: only what changed since the
-- last build into the same folder, unless opts.full or anything besides
-- the articles changed. Options: templates, static (folders), per_section
-- (articles a section on the front page), excerpt_chars, full, and for a
-- full build jobs and spawn(share, jobs, langs) (portal.lua starts a
-- process that returns files() and sections() iterators and articles(), the
-- state's lines, of what it did).
-- Returns the writer's statistics, a list of warnings and whether the
-- build was incremental.
function M.build(store, outdir, opts)
  local self = new_site(store, opts)
  local fp = fingerprint(self, opts)
  if not opts.full then
    self.writer = build.open(outdir, true)
    local st = state.load(self.writer.root)
    if st and st.fingerprint == fp and self:update(st) then
      local stats = self.writer:finish()
      state.save(st, false)
      return stats, self.warnings, true
    end
  end
  self.writer = build.open(outdir, false)
  local st = state.new(self.writer.root, fp)
  self:full(opts, st)
  local stats = self.writer:finish()
  state.save(st, true)
  return stats, self.warnings, false
end

return M
