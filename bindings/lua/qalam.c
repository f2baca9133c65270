/*
 * qalam.c - the Lua 5.4 module: `local qalam = require "qalam"`.
 *
 * A thin layer over the C API (include/qalam.h): it converts types, errors
 * and lifetimes, and nothing else; every rule lives in the C core. The
 * module reference is docs/lua.md.
 *
 * The error rule, everywhere: a failure of the library (not found, exists,
 * invalid data, busy, read-only, I/O, out of memory) returns
 * `nil, message, code` with the library's message and a code string such
 * as "NOTFOUND"; misuse (a wrong argument type, an unknown option, a
 * closed object) raises an error. A `for` loop cannot receive
 * `nil, message, code`, so a failure while a cursor is iterated by `for`
 * is raised; cursor:next() returns it instead.
 *
 * Lifetimes: each userdata boxes a pointer, so closing sets it to NULL and
 * later use raises "attempt to use a closed ...". A cursor keeps its store
 * alive through a user value; a store keeps a list of its open cursors and
 * frees them before it closes, as the C API requires. A row a cursor
 * gives is read in place while it is the cursor's current row; used later,
 * it loads itself from the store by id (as the Python module's rows do).
 * Every other article (store:article(), store:page{}, copies) is owned.
 *
 * The module is three files: this one (the entry point, stores, articles
 * and cursors), convert.c (errors, arguments, times) and functions.c (the
 * functions on text and dates). Only luaopen_qalam is exported.
 */
#include <stdio.h>
#include <string.h>

#include "qalam_lua.h"

/* ------------------------------------------------------------------------
 * Store and cursor boxes
 * ---------------------------------------------------------------------- */

typedef struct lcursor lcursor;

typedef struct lstore {
  qalam_store *s;   /* NULL once closed */
  lcursor *cursors; /* open cursors, freed before the store closes */
  int busy;         /* inside an import: callbacks must not reenter */
} lstore;

enum { CURSOR_LIST, CURSOR_FRONT, CURSOR_SEARCH };

struct lcursor {
  qalam_cursor *c; /* NULL once ended or closed */
  lstore *store;   /* while linked into the store's list */
  lcursor *prev, *next;
  int kind;
  unsigned long gen; /* steps taken: a row is current while it matches */
  int ended;        /* reached the end or failed: next() gives nil */
  int store_closed; /* closed because its store was */
};

static lstore *check_store_box(lua_State *L, int idx) {
  return luaL_checkudata(L, idx, STORE_MT);
}

/* Raises when `b` (NULL: no store) is inside an import: its callbacks
 * must not use the store. */
static void check_not_busy(lua_State *L, const lstore *b) {
  if (b && b->busy)
    luaL_error(L, "the store is busy importing: it cannot be used from an "
                  "import callback");
}

static qalam_store *check_store(lua_State *L, int idx) {
  lstore *b = check_store_box(L, idx);
  if (!b->s) luaL_error(L, "attempt to use a closed store");
  check_not_busy(L, b);
  return b->s;
}

/* Frees the C cursor (keeping its next-page token in user value 2) and
 * unlinks it from its store. Used by close(), __close, __gc, the end of an
 * iteration and the store's close. */
static void cursor_release(lua_State *L, lcursor *c, int idx) {
  if (c->c) {
    char *token = NULL;
    if (idx && qalam_cursor_token(&token, c->c) == QALAM_OK && token) {
      lua_pushstring(L, token);
      qalam_free(token);
      lua_setiuservalue(L, idx, 2);
    }
    qalam_cursor_free(c->c);
    c->c = NULL;
  }
  if (c->store) {
    if (c->prev)
      c->prev->next = c->next;
    else
      c->store->cursors = c->next;
    if (c->next) c->next->prev = c->prev;
    c->store = NULL;
    c->prev = c->next = NULL;
  }
}

/* ------------------------------------------------------------------------
 * Articles
 * ---------------------------------------------------------------------- */

/* An article is owned (a), or a row lent by a cursor (lent, with the
 * cursor box in user value 1 and the step that lent it), or closed. */
typedef struct larticle {
  qalam_article *a;          /* owned; NULL while lent or once closed */
  const qalam_article *lent; /* the row; valid while cursor->gen == gen */
  lcursor *cursor;
  unsigned long gen;
  int64_t id;
} larticle;

static larticle *article_new_box(lua_State *L) {
  larticle *b = lua_newuserdatauv(L, sizeof *b, 1);
  memset(b, 0, sizeof *b);
  luaL_setmetatable(L, ARTICLE_MT);
  return b;
}

/* Whether `b` is a lent row still current in an open cursor (a cursor
 * whose store closed has no C cursor left). */
static int article_current(const larticle *b) {
  return b->lent && b->cursor->c && b->cursor->gen == b->gen;
}

/* Makes the box at `idx` own `a`, no longer a row of its cursor (which it
 * stops keeping alive). */
static void article_adopt(lua_State *L, int idx, larticle *b,
                          qalam_article *a) {
  b->a = a;
  b->lent = NULL;
  b->cursor = NULL;
  lua_pushnil(L);
  lua_setiuservalue(L, idx, 1);
}

/* Makes the article box `b` at `idx` own its article and returns it: a
 * current row is copied, a row the cursor moved past is read again from
 * the store by id. Raises when that fails (a closed store, an article
 * deleted since). */
static qalam_article *box_own(lua_State *L, int idx, larticle *b) {
  if (b->a) return b->a;
  if (!b->lent) luaL_error(L, "attempt to use a closed article");
  qalam_article *a = NULL;
  int rc;
  if (article_current(b)) {
    rc = qalam_article_copy(&a, b->lent);
  } else {
    lua_getiuservalue(L, idx, 1);    /* the cursor */
    lua_getiuservalue(L, -1, 1);     /* its store */
    rc = qalam_article_get(&a, check_store(L, -1), b->id);
    lua_pop(L, 2);
  }
  if (rc)
    luaL_error(L, "%s (%s)", qalam_error_message(), code_name(rc));
  article_adopt(L, idx, b, a);
  return a;
}

static qalam_article *article_own(lua_State *L, int idx) {
  return box_own(L, idx, luaL_checkudata(L, idx, ARTICLE_MT));
}

/* The article of box `b` at `idx` for reading: a current row in place,
 * else owned. */
static const qalam_article *box_read(lua_State *L, int idx, larticle *b) {
  if (b->a) return b->a;
  if (article_current(b)) {
    check_not_busy(L, b->cursor->store);
    return b->lent;
  }
  return box_own(L, idx, b);
}

static const qalam_article *check_article(lua_State *L, int idx) {
  return box_read(L, idx, luaL_checkudata(L, idx, ARTICLE_MT));
}

/* The id of the article of box `b` at `idx`, which a row always knows. */
static int64_t box_id(lua_State *L, int idx, larticle *b) {
  if (b->lent) return b->id;
  return qalam_article_id(box_read(L, idx, b));
}

static int64_t article_id(lua_State *L, int idx) {
  return box_id(L, idx, luaL_checkudata(L, idx, ARTICLE_MT));
}

/* Pushes an owned copy of `a` (a row lent by a cursor, or any article).
 * Returns QALAM_OK, or an error with nothing pushed. */
static int push_article_copy(lua_State *L, const qalam_article *a) {
  larticle *b = article_new_box(L);
  int rc = qalam_article_copy(&b->a, a);
  if (rc) lua_pop(L, 1);
  return rc;
}

static void push_opt_string(lua_State *L, const char *s) {
  if (s)
    lua_pushstring(L, s);
  else
    lua_pushnil(L);
}

/* 0 means "not set" for ids and times: it reads as nil. */
static void push_opt_integer(lua_State *L, int64_t n) {
  if (n)
    lua_pushinteger(L, (lua_Integer)n);
  else
    lua_pushnil(L);
}

/* The fields of an article: names, and numbers in the same order. */
static const char *const article_fields[] = {
    "id",     "slug",      "lang",      "title",   "lead",
    "body",   "html",      "author",    "source_url", "status",
    "published", "updated", "sections", "tags",    "story",
    NULL};
enum {
  F_ID, F_SLUG, F_LANG, F_TITLE, F_LEAD, F_BODY, F_HTML, F_AUTHOR,
  F_SOURCE_URL, F_STATUS, F_PUBLISHED, F_UPDATED, F_SECTIONS, F_TAGS, F_STORY
};

static void push_list(lua_State *L, const qalam_article *a, int sections) {
  size_t n = sections ? qalam_article_section_count(a)
                      : qalam_article_tag_count(a);
  lua_createtable(L, (int)n, 0);
  for (size_t i = 0; i < n; i++) {
    lua_pushstring(L, sections ? qalam_article_section(a, i)
                               : qalam_article_tag(a, i));
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
}

/* Pushes field number `f` of `a`. */
static void push_article_field(lua_State *L, const qalam_article *a, int f) {
  switch (f) {
  case F_ID: push_opt_integer(L, qalam_article_id(a)); break;
  case F_SLUG: push_opt_string(L, qalam_article_slug(a)); break;
  case F_LANG: push_opt_string(L, qalam_article_lang(a)); break;
  case F_TITLE: push_opt_string(L, qalam_article_title(a)); break;
  case F_LEAD: push_opt_string(L, qalam_article_lead(a)); break;
  case F_BODY: push_opt_string(L, qalam_article_body(a)); break;
  case F_HTML: push_opt_string(L, qalam_article_html(a)); break;
  case F_AUTHOR: push_opt_string(L, qalam_article_author(a)); break;
  case F_SOURCE_URL: push_opt_string(L, qalam_article_source_url(a)); break;
  case F_STATUS:
    lua_pushstring(L, qalam_article_status(a) == QALAM_PUBLISHED ? "published"
                                                                 : "draft");
    break;
  case F_PUBLISHED: push_opt_integer(L, qalam_article_published(a)); break;
  case F_UPDATED: push_opt_integer(L, qalam_article_updated(a)); break;
  case F_SECTIONS: push_list(L, a, 1); break;
  case F_TAGS: push_list(L, a, 0); break;
  default: push_opt_integer(L, qalam_article_story(a)); break; /* F_STORY */
  }
}

/* Whether field `f` is one a cursor loads only when asked for: reading it
 * makes a lent row owned, as the Python module does. */
static int deferred_field(int f) {
  return f == F_BODY || f == F_HTML || f == F_SECTIONS || f == F_TAGS;
}

/* Argument 1 of an __index metamethod made by new_class(): checked against
 * the class's metatable in upvalue 2. luaL_checkudata finds the metatable
 * in the registry by name, twice per field read: 13% of the instructions
 * of the portal's build went to reading article fields. */
static void *index_self(lua_State *L, const char *class_name) {
  void *p = lua_touserdata(L, 1);
  if (!p || !lua_getmetatable(L, 1) ||
      !lua_rawequal(L, -1, lua_upvalueindex(2)))
    luaL_typeerror(L, 1, class_name);
  lua_pop(L, 1);
  return p;
}

/* Upvalue 1 maps a method's name to the method and a field's name to its
 * number: one lookup, where comparing the name with each field's cost a
 * quarter of a field read. */
static int article_index(lua_State *L) {
  larticle *b = index_self(L, ARTICLE_MT);
  lua_pushvalue(L, 2);
  int type = lua_rawget(L, lua_upvalueindex(1));
  if (type == LUA_TFUNCTION) return 1;
  if (type != LUA_TNUMBER) { /* no such field: nil, from a usable article */
    box_read(L, 1, b);
    lua_pushnil(L);
    return 1;
  }
  int f = (int)lua_tointeger(L, -1);
  if (f == F_ID) { /* a row knows it without loading */
    push_opt_integer(L, box_id(L, 1, b));
    return 1;
  }
  push_article_field(L,
                     deferred_field(f) ? box_own(L, 1, b) : box_read(L, 1, b),
                     f);
  return 1;
}

static int article_newindex(lua_State *L) {
  check_article(L, 1);
  return luaL_error(L, "article fields are changed with article:set{%s = ...}",
                    lua_type(L, 2) == LUA_TSTRING ? lua_tostring(L, 2) : "...");
}

static int article_gc(lua_State *L) {
  larticle *b = luaL_checkudata(L, 1, ARTICLE_MT);
  qalam_article_free(b->a);
  b->a = NULL;
  b->lent = NULL;
  b->cursor = NULL;
  return 0;
}

static int article_tostring(lua_State *L) {
  larticle *b = luaL_checkudata(L, 1, ARTICLE_MT);
  /* never loads: a row the cursor moved past shows its id alone */
  const qalam_article *a = b->a ? b->a : article_current(b) ? b->lent : NULL;
  if (!a && b->lent)
    lua_pushfstring(L, "qalam.article %I", (lua_Integer)b->id);
  else if (!a)
    lua_pushstring(L, "qalam.article (closed)");
  else if (qalam_article_id(a))
    lua_pushfstring(L, "qalam.article %I (%s/%s)",
                    (lua_Integer)qalam_article_id(a),
                    qalam_article_lang(a) ? qalam_article_lang(a) : "",
                    qalam_article_slug(a) ? qalam_article_slug(a) : "");
  else
    lua_pushstring(L, "qalam.article (new)");
  return 1;
}

/* Reads an array of strings at the top of the stack into a block of
 * pointers (a userdata left on the stack; the strings are referenced by
 * the table). */
static const char **string_array(lua_State *L, const char *key, size_t *n) {
  int t = lua_gettop(L);
  lua_Integer len = luaL_len(L, t);
  const char **v = lua_newuserdatauv(L, sizeof *v * (size_t)(len ? len : 1), 0);
  for (lua_Integer i = 1; i <= len; i++) {
    if (lua_rawgeti(L, t, i) != LUA_TSTRING)
      luaL_error(L, "option '%s': item %I must be a string", key, i);
    size_t l;
    v[i - 1] = lua_tolstring(L, -1, &l);
    if (strlen(v[i - 1]) != l)
      luaL_error(L, "option '%s': item %I contains a NUL byte", key, i);
    lua_pop(L, 1);
  }
  *n = (size_t)len;
  return v;
}

static const char *const set_keys[] = {
    "title",  "body",      "lead",     "slug", "lang",  "author",
    "source_url", "status", "published", "sections", "tags", "story", NULL};

/* Applies the fields of the table at `t` to `a`, in the order of set_keys.
 * A value false clears an optional field. Returns QALAM_OK or the first
 * library error; raises for misuse. */
static int apply_fields(lua_State *L, int t, qalam_article *a) {
  static const struct {
    const char *key;
    int (*set)(qalam_article *, const char *);
    int optional;
  } texts[] = {
      {"title", qalam_article_set_title, 0},
      {"body", qalam_article_set_body, 0},
      {"lead", qalam_article_set_lead, 1},
      {"slug", qalam_article_set_slug, 1},
      {"lang", qalam_article_set_lang, 1},
      {"author", qalam_article_set_author, 1},
      {"source_url", qalam_article_set_source_url, 1},
  };
  int top = lua_gettop(L);
  int rc = QALAM_OK;
  check_keys(L, t, set_keys, "article");
  for (size_t i = 0; i < sizeof texts / sizeof *texts && !rc; i++) {
    int type = lua_getfield(L, t, texts[i].key);
    if (type == LUA_TNIL) continue;
    if (type == LUA_TBOOLEAN && !lua_toboolean(L, -1) && texts[i].optional) {
      rc = texts[i].set(a, NULL);
      continue;
    }
    if (type != LUA_TSTRING)
      luaL_error(L, "field '%s': string expected%s, got %s", texts[i].key,
                 texts[i].optional ? " (or false to clear)" : "",
                 luaL_typename(L, -1));
    size_t len;
    const char *s = lua_tolstring(L, -1, &len);
    if (strlen(s) != len)
      luaL_error(L, "field '%s': text contains a NUL byte", texts[i].key);
    rc = texts[i].set(a, s);
  }
  if (!rc && lua_getfield(L, t, "status") != LUA_TNIL) {
    const char *s = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "";
    if (strcmp(s, "published") && strcmp(s, "draft"))
      luaL_error(L, "field 'status': \"published\" or \"draft\" expected");
    rc = qalam_article_set_status(a, s[0] == 'p' ? QALAM_PUBLISHED
                                                 : QALAM_DRAFT);
  }
  if (!rc && lua_getfield(L, t, "published") != LUA_TNIL) {
    int64_t when = 0;
    if (lua_isboolean(L, -1) && !lua_toboolean(L, -1))
      when = 0;
    else
      rc = get_time(L, -1, "field 'published'", &when, NULL);
    if (!rc) rc = qalam_article_set_published(a, when);
  }
  static const char *const lists[] = {"sections", "tags"};
  for (int i = 0; i < 2 && !rc; i++) {
    int type = lua_getfield(L, t, lists[i]);
    if (type == LUA_TNIL) continue;
    const char **v = NULL;
    size_t n = 0;
    if (type == LUA_TTABLE)
      v = string_array(L, lists[i], &n);
    else if (!(type == LUA_TBOOLEAN && !lua_toboolean(L, -1)))
      luaL_error(L, "field '%s': array of strings expected (or false to "
                    "clear), got %s", lists[i], luaL_typename(L, -1));
    rc = i == 0 ? qalam_article_set_sections(a, v, n)
                : qalam_article_set_tags(a, v, n);
  }
  if (!rc && lua_getfield(L, t, "story") != LUA_TNIL) {
    int64_t story = 0;
    int ok = 0;
    if (lua_type(L, -1) == LUA_TNUMBER) {
      story = lua_tointegerx(L, -1, &ok);
    } else if (luaL_testudata(L, -1, ARTICLE_MT)) {
      story = article_id(L, lua_gettop(L));
      ok = 1;
    } else {
      ok = lua_isboolean(L, -1) && !lua_toboolean(L, -1);
    }
    if (!ok)
      luaL_error(L, "field 'story': article id, article or false expected");
    rc = qalam_article_set_story(a, story);
  }
  lua_settop(L, top);
  return rc;
}

/* qalam.article{fields} -> article | nil, message, code */
static int l_article(lua_State *L) {
  if (lua_isnoneornil(L, 1)) lua_newtable(L);
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_settop(L, 1);
  larticle *b = article_new_box(L);
  int rc = qalam_article_new(&b->a);
  if (!rc) rc = apply_fields(L, 1, b->a);
  if (rc) return fail(L, rc);
  return 1;
}

/* article:set{fields} -> article | nil, message, code. All or nothing:
 * the fields are applied to a copy, which replaces the article only when
 * every one was accepted. */
static int article_set(lua_State *L) {
  larticle *self = luaL_checkudata(L, 1, ARTICLE_MT);
  const qalam_article *a = check_article(L, 1);
  luaL_checktype(L, 2, LUA_TTABLE);
  lua_settop(L, 2);
  larticle *tmp = article_new_box(L);
  int rc = qalam_article_copy(&tmp->a, a);
  if (!rc) rc = apply_fields(L, 2, tmp->a);
  if (rc) return fail(L, rc);
  qalam_article *old = self->a;
  article_adopt(L, 1, self, tmp->a); /* a lent row is now owned */
  tmp->a = NULL;
  qalam_article_free(old);
  lua_settop(L, 1);
  return 1;
}

/* article:copy() -> article | nil, message, code */
static int article_copy(lua_State *L) {
  const qalam_article *a = check_article(L, 1);
  int rc = push_article_copy(L, a);
  return rc ? fail(L, rc) : 1;
}

/* article:totable() -> a plain table of every field */
static int article_totable(lua_State *L) {
  const qalam_article *a = article_own(L, 1);
  lua_createtable(L, 0, 16);
  for (int f = 0; article_fields[f]; f++) {
    push_article_field(L, a, f);
    lua_setfield(L, -2, article_fields[f]);
  }
  return 1;
}

/* ------------------------------------------------------------------------
 * Store
 * ---------------------------------------------------------------------- */

static const char *const open_keys[] = {"readonly", NULL};

/* qalam.open(path [, {readonly=}]) -> store | nil, message, code */
static int l_open(lua_State *L) {
  const char *path = check_text(L, 1);
  int opts = opt_table(L, 2, open_keys, "qalam.open");
  unsigned int flags = QALAM_STORE_DEFAULT;
  if (field_bool(L, opts, "readonly")) flags |= QALAM_STORE_READONLY;
  lstore *b = lua_newuserdatauv(L, sizeof *b, 1);
  b->s = NULL;
  b->cursors = NULL;
  b->busy = 0;
  luaL_setmetatable(L, STORE_MT);
  lua_pushvalue(L, 1);
  lua_setiuservalue(L, -2, 1); /* the path, for tostring */
  int rc = qalam_store_open(&b->s, path, flags);
  if (rc) return fail(L, rc);
  return 1;
}

/* store:close(), __close and __gc: closes its cursors, then the store.
 * Closing twice is a no-op. */
static int store_close(lua_State *L) {
  lstore *b = check_store_box(L, 1);
  if (b->busy) return luaL_error(L, "cannot close the store during an import");
  while (b->cursors) {
    lcursor *c = b->cursors;
    c->store_closed = 1;
    cursor_release(L, c, 0);
  }
  qalam_store_close(b->s);
  b->s = NULL;
  return 0;
}

static int store_tostring(lua_State *L) {
  lstore *b = check_store_box(L, 1);
  lua_getiuservalue(L, 1, 1);
  lua_pushfstring(L, "qalam.store (%s%s)", lua_tostring(L, -1),
                  b->s ? "" : ", closed");
  return 1;
}

static const char *const setting_names[] = {"title", "base_url", "lang",
                                            "offset", NULL};

static int store_index(lua_State *L) {
  lstore *b = check_store_box(L, 1);
  lua_pushvalue(L, 2);
  if (lua_rawget(L, lua_upvalueindex(1)) != LUA_TNIL) return 1;
  if (lua_type(L, 2) != LUA_TSTRING) return 0;
  const char *k = lua_tostring(L, 2);
  int setting = 0;
  for (const char *const *p = setting_names; *p; p++)
    setting |= !strcmp(*p, k);
  if (!setting) return 0;
  if (!b->s) return luaL_error(L, "attempt to use a closed store");
  if (!strcmp(k, "title")) lua_pushstring(L, qalam_store_title(b->s));
  else if (!strcmp(k, "base_url")) lua_pushstring(L, qalam_store_base_url(b->s));
  else if (!strcmp(k, "lang")) lua_pushstring(L, qalam_store_lang(b->s));
  else lua_pushinteger(L, qalam_store_offset(b->s));
  return 1;
}

static int store_newindex(lua_State *L) {
  check_store_box(L, 1);
  return luaL_error(L, "store settings are changed with store:set{%s = ...}",
                    lua_type(L, 2) == LUA_TSTRING ? lua_tostring(L, 2) : "...");
}

/* store:set{title=, base_url=, lang=, offset=} -> store | nil, msg, code.
 * Each setting is written in that order, each in its own transaction. */
static int store_set(lua_State *L) {
  qalam_store *s = check_store(L, 1);
  luaL_checktype(L, 2, LUA_TTABLE);
  check_keys(L, 2, setting_names, "store:set");
  int rc = QALAM_OK;
  const char *v;
  if ((v = field_text(L, 2, "title"))) rc = qalam_store_set_title(s, v);
  if (!rc && (v = field_text(L, 2, "base_url")))
    rc = qalam_store_set_base_url(s, v);
  if (!rc && (v = field_text(L, 2, "lang"))) rc = qalam_store_set_lang(s, v);
  if (!rc && get_field(L, 2, "offset") != LUA_TNIL) {
    lua_Integer off = field_integer(L, 2, "offset", 0);
    if (off < -100000 || off > 100000) off = 100000; /* the C core says no */
    rc = qalam_store_set_offset(s, (int)off);
  }
  if (rc) return fail(L, rc);
  lua_settop(L, 1);
  return 1;
}

/* --- Sections --- */

/* store:add_section(slug, name [, position]) -> true | nil, msg, code */
static int store_add_section(lua_State *L) {
  qalam_store *s = check_store(L, 1);
  const char *slug = check_text(L, 2);
  const char *name = check_text(L, 3);
  lua_Integer pos = luaL_optinteger(L, 4, 0);
  luaL_argcheck(L, pos >= -2147483647 && pos <= 2147483647, 4, "out of range");
  int rc = qalam_section_add(s, slug, name, (int)pos);
  if (rc) return fail(L, rc);
  lua_pushboolean(L, 1);
  return 1;
}

/* store:update_section(slug, name_or_nil, position) -> true | nil, msg, code */
static int store_update_section(lua_State *L) {
  qalam_store *s = check_store(L, 1);
  const char *slug = check_text(L, 2);
  const char *name = opt_text(L, 3);
  lua_Integer pos = luaL_checkinteger(L, 4);
  luaL_argcheck(L, pos >= -2147483647 && pos <= 2147483647, 4, "out of range");
  int rc = qalam_section_update(s, slug, name, (int)pos);
  if (rc) return fail(L, rc);
  lua_pushboolean(L, 1);
  return 1;
}

/* store:delete_section(slug) -> true | nil, msg, code */
static int store_delete_section(lua_State *L) {
  qalam_store *s = check_store(L, 1);
  int rc = qalam_section_delete(s, check_text(L, 2));
  if (rc) return fail(L, rc);
  lua_pushboolean(L, 1);
  return 1;
}

/* store:sections() -> {{slug=, name=, position=}, ...} | nil, msg, code */
static int store_sections(lua_State *L) {
  qalam_store *s = check_store(L, 1);
  holder *h = holder_new(L, free_section_list);
  int rc = qalam_section_list_open((qalam_section_list **)&h->p, s);
  if (rc) return fail(L, rc);
  const qalam_section_list *list = h->p;
  size_t n = qalam_section_list_count(list);
  lua_createtable(L, (int)n, 0);
  for (size_t i = 0; i < n; i++) {
    lua_createtable(L, 0, 3);
    lua_pushstring(L, qalam_section_list_slug(list, i));
    lua_setfield(L, -2, "slug");
    lua_pushstring(L, qalam_section_list_name(list, i));
    lua_setfield(L, -2, "name");
    lua_pushinteger(L, qalam_section_list_position(list, i));
    lua_setfield(L, -2, "position");
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  holder_release(h);
  return 1;
}

/* --- Articles --- */

/* store:add_article{fields} -> article | nil, msg, code */
static int store_add_article(lua_State *L) {
  qalam_store *s = check_store(L, 1);
  luaL_checktype(L, 2, LUA_TTABLE);
  lua_settop(L, 2);
  larticle *b = article_new_box(L);
  int rc = qalam_article_new(&b->a);
  if (!rc) rc = apply_fields(L, 2, b->a);
  if (!rc) rc = qalam_article_insert(s, b->a);
  if (rc) return fail(L, rc);
  return 1;
}

/* store:insert(article) / store:update(article) -> article | nil, msg, code */
static int store_write(lua_State *L, int update) {
  qalam_store *s = check_store(L, 1);
  qalam_article *a = article_own(L, 2);
  int rc = update ? qalam_article_update(s, a) : qalam_article_insert(s, a);
  if (rc) return fail(L, rc);
  lua_settop(L, 2);
  return 1;
}
static int store_insert(lua_State *L) { return store_write(L, 0); }
static int store_update(lua_State *L) { return store_write(L, 1); }

static int64_t check_id(lua_State *L, int arg) {
  if (luaL_testudata(L, arg, ARTICLE_MT)) return article_id(L, arg);
  return luaL_checkinteger(L, arg);
}

/* store:delete(id_or_article) -> true | nil, msg, code */
static int store_delete(lua_State *L) {
  qalam_store *s = check_store(L, 1);
  int rc = qalam_article_delete(s, check_id(L, 2));
  if (rc) return fail(L, rc);
  lua_pushboolean(L, 1);
  return 1;
}

/* store:article(id) -> article | nil, msg, code */
static int store_article(lua_State *L) {
  qalam_store *s = check_store(L, 1);
  lua_Integer id = luaL_checkinteger(L, 2);
  larticle *b = article_new_box(L);
  int rc = qalam_article_get(&b->a, s, id);
  return rc ? fail(L, rc) : 1;
}

/* store:article_by_slug(slug [, lang]) -> article | nil, msg, code */
static int store_article_by_slug(lua_State *L) {
  qalam_store *s = check_store(L, 1);
  const char *slug = check_text(L, 2);
  const char *lang = opt_text(L, 3);
  larticle *b = article_new_box(L);
  int rc = qalam_article_get_by_slug(&b->a, s, slug, lang);
  return rc ? fail(L, rc) : 1;
}

/* --- Queries and cursors --- */

static const char *const query_keys[] = {
    "section", "lang",  "tag",   "story", "since",        "since_id",
    "limit",   "page",  "after", "now",   "oldest_first", "unlisted",
    NULL};

/* Fills `q` from the options table `t` (0: none). Strings stay referenced
 * by the table. Returns QALAM_OK or a library error from a time. */
static int fill_query(lua_State *L, int t, qalam_query *q) {
  int rc = qalam_query_init(q, QALAM_QUERY_VERSION);
  if (rc || !t) return rc;
  q->section = field_text(L, t, "section");
  q->lang = field_text(L, t, "lang");
  q->tag = field_text(L, t, "tag");
  q->after = field_text(L, t, "after");
  lua_pop(L, 4);
  if (get_field(L, t, "story") != LUA_TNIL)
    q->story = luaL_testudata(L, -1, ARTICLE_MT)
                   ? article_id(L, lua_gettop(L))
                   : field_integer(L, t, "story", 0);
  lua_pop(L, 1);
  q->since_id = field_integer(L, t, "since_id", 0);
  q->limit = field_size(L, t, "limit", 0);
  q->page = field_size(L, t, "page", 0);
  if (field_bool(L, t, "oldest_first")) q->flags |= QALAM_QUERY_OLDEST_FIRST;
  if (field_bool(L, t, "unlisted")) q->flags |= QALAM_QUERY_UNLISTED;
  static const char *const times[] = {"since", "now"};
  for (int i = 0; i < 2 && !rc; i++) {
    if (get_field(L, t, times[i]) != LUA_TNIL) {
      int64_t when;
      char what[32];
      snprintf(what, sizeof what, "option '%s'", times[i]);
      rc = get_time(L, -1, what, &when, NULL);
      if (!rc) *(i ? &q->now : &q->since) = when;
    }
    lua_pop(L, 1);
  }
  return rc;
}

/* Pushes a cursor box for the store at index 1 and links it once open. */
static lcursor *cursor_new(lua_State *L, int kind) {
  lcursor *c = lua_newuserdatauv(L, sizeof *c, 2);
  memset(c, 0, sizeof *c);
  c->kind = kind;
  luaL_setmetatable(L, CURSOR_MT);
  lua_pushvalue(L, 1);
  lua_setiuservalue(L, -2, 1); /* keeps the store alive */
  return c;
}

static void cursor_link(lcursor *c, lstore *s) {
  c->store = s;
  c->next = s->cursors;
  if (s->cursors) s->cursors->prev = c;
  s->cursors = c;
}

/* Returns the values of a for loop over the cursor on top of the stack:
 * the cursor (callable), nil, nil, and the cursor as the to-be-closed
 * value, so that a break frees it at once. */
static int cursor_for(lua_State *L) {
  lua_pushnil(L);
  lua_pushnil(L);
  lua_pushvalue(L, -3);
  return 4;
}

static lcursor *check_cursor_box(lua_State *L, int idx) {
  return luaL_checkudata(L, idx, CURSOR_MT);
}

/* Pushes the row `a` of the cursor at `idx`, lent: read in place until
 * the cursor moves on (docs/lua.md). */
static void push_article_lent(lua_State *L, int idx, lcursor *c,
                              const qalam_article *a) {
  larticle *b = article_new_box(L);
  b->lent = a;
  b->cursor = c;
  b->gen = c->gen;
  b->id = qalam_article_id(a);
  lua_pushvalue(L, idx);
  lua_setiuservalue(L, -2, 1); /* keeps the cursor box alive */
}

/* Moves the cursor at `idx`. Pushes the article (a lent row, or an owned
 * copy with `copy`) and its extra value (section or snippet) and returns 2
 * (1 for plain lists); pushes nil and returns 1 at the end; on failure
 * pushes nil, message, code and returns -3 (the cursor then ends). Raises
 * when the cursor or store is closed. */
static int cursor_step(lua_State *L, int idx, int copy) {
  lcursor *c = check_cursor_box(L, idx);
  if (!c->c) {
    if (c->ended) {
      lua_pushnil(L);
      return 1;
    }
    return luaL_error(L, c->store_closed ? "attempt to use a closed store"
                                         : "attempt to use a closed cursor");
  }
  check_not_busy(L, c->store);
  const qalam_article *row;
  c->gen++; /* the rows lent so far are no longer current */
  int rc = qalam_cursor_next(&row, c->c);
  if (rc == QALAM_ITEROVER) {
    c->ended = 1;
    cursor_release(L, c, idx);
    lua_pushnil(L);
    return 1;
  }
  if (!rc && copy)
    rc = push_article_copy(L, row);
  else if (!rc)
    push_article_lent(L, idx, c, row);
  if (!rc) {
    if (c->kind == CURSOR_LIST) return 1;
    push_opt_string(L, c->kind == CURSOR_FRONT ? qalam_cursor_section(c->c)
                                               : qalam_cursor_snippet(c->c));
    return 2;
  }
  fail(L, rc);
  c->ended = 1;
  cursor_release(L, c, 0);
  return -3;
}

/* cursor:next() -> article [, section | snippet] | nil (end) |
 * nil, msg, code */
static int cursor_next(lua_State *L) {
  int n = cursor_step(L, 1, 0);
  return n < 0 ? -n : n;
}

/* __call: the step of a for loop, which raises on failure. */
static int cursor_call(lua_State *L) {
  int n = cursor_step(L, 1, 0);
  if (n < 0)
    return luaL_error(L, "%s (%s)", lua_tostring(L, -2), lua_tostring(L, -1));
  return n;
}

/* cursor:close(), __close and __gc: frees the C cursor; the next-page
 * token stays readable. Closing twice is a no-op. */
static int cursor_close(lua_State *L) {
  lcursor *c = check_cursor_box(L, 1);
  cursor_release(L, c, 1);
  return 0;
}

/* cursor:token() -> string | nil: the token of the page after the last
 * article returned, when the query had a limit and more follow. */
static int cursor_token(lua_State *L) {
  lcursor *c = check_cursor_box(L, 1);
  if (!c->c) {
    lua_getiuservalue(L, 1, 2);
    return 1;
  }
  holder *h = holder_new(L, free_string);
  int rc = qalam_cursor_token((char **)&h->p, c->c);
  if (rc) return fail(L, rc);
  if (!h->p) {
    lua_pushnil(L);
    return 1;
  }
  return push_held_string(L, h);
}

static int cursor_tostring(lua_State *L) {
  lcursor *c = check_cursor_box(L, 1);
  static const char *const kinds[] = {"articles", "front page", "search"};
  lua_pushfstring(L, "qalam.cursor (%s, %s)", kinds[c->kind],
                  c->c ? "open" : c->ended ? "ended" : "closed");
  return 1;
}

/* store:articles{...} -> cursor (for a in store:articles{...}) |
 * nil, msg, code */
static int store_articles(lua_State *L) {
  qalam_store *s = check_store(L, 1);
  int t = opt_table(L, 2, query_keys, "store:articles");
  lua_settop(L, 2);
  qalam_query q;
  int rc = fill_query(L, t, &q);
  lcursor *c = cursor_new(L, CURSOR_LIST);
  if (!rc) rc = qalam_cursor_open(&c->c, s, &q);
  if (rc) return fail(L, rc);
  cursor_link(c, check_store_box(L, 1));
  return cursor_for(L);
}

static const char *const since_keys[] = {
    "time", "id", "section", "lang", "tag", "story", "limit", "now",
    "unlisted", NULL};

/* store:since(time | {time=, id=, ...}) -> cursor, oldest first */
static int store_since(lua_State *L) {
  qalam_store *s = check_store(L, 1);
  luaL_checkany(L, 2);
  int t = 0;
  int64_t when = 0;
  int rc = QALAM_OK;
  if (lua_type(L, 2) == LUA_TTABLE) {
    t = opt_table(L, 2, since_keys, "store:since");
  } else {
    rc = get_time(L, 2, "store:since", &when, NULL);
  }
  lua_settop(L, 2);
  qalam_query q;
  if (!rc) rc = qalam_query_init(&q, QALAM_QUERY_VERSION);
  if (!rc && t) {
    q.section = field_text(L, t, "section");
    q.lang = field_text(L, t, "lang");
    q.tag = field_text(L, t, "tag");
    q.story = field_integer(L, t, "story", 0);
    q.since_id = field_integer(L, t, "id", 0);
    q.limit = field_size(L, t, "limit", 0);
    if (field_bool(L, t, "unlisted")) q.flags |= QALAM_QUERY_UNLISTED;
    if (get_field(L, t, "time") != LUA_TNIL)
      rc = get_time(L, -1, "option 'time'", &when, NULL);
    if (!rc && get_field(L, t, "now") != LUA_TNIL)
      rc = get_time(L, -1, "option 'now'", &q.now, NULL);
  }
  q.since = when;
  q.flags |= QALAM_QUERY_OLDEST_FIRST;
  lcursor *c = cursor_new(L, CURSOR_LIST);
  if (!rc) rc = qalam_cursor_open(&c->c, s, &q);
  if (rc) return fail(L, rc);
  cursor_link(c, check_store_box(L, 1));
  return cursor_for(L);
}

/* A query with nothing set but the option `now` of the table at `t` (0
 * when there is none). */
static int query_with_now(lua_State *L, int t, qalam_query *q) {
  int rc = qalam_query_init(q, QALAM_QUERY_VERSION);
  if (!rc && get_field(L, t, "now") != LUA_TNIL)
    rc = get_time(L, -1, "option 'now'", &q->now, NULL);
  return rc;
}

static const char *const front_keys[] = {"per_section", "lang", "now", NULL};

/* store:front_page{per_section=5, lang=, now=} -> cursor yielding
 * article, section_slug */
static int store_front_page(lua_State *L) {
  qalam_store *s = check_store(L, 1);
  int t = opt_table(L, 2, front_keys, "store:front_page");
  lua_settop(L, 2);
  qalam_query q;
  int rc = query_with_now(L, t, &q);
  size_t per = field_size(L, t, "per_section", 5);
  q.lang = field_text(L, t, "lang");
  lcursor *c = cursor_new(L, CURSOR_FRONT);
  if (!rc) rc = qalam_cursor_open_front_page(&c->c, s, per, &q);
  if (rc) return fail(L, rc);
  cursor_link(c, check_store_box(L, 1));
  return cursor_for(L);
}

/* store:search(text [, {limit=20, ...}]) -> cursor yielding
 * article, snippet */
static int store_search(lua_State *L) {
  qalam_store *s = check_store(L, 1);
  const char *text = check_text(L, 2);
  int t = opt_table(L, 3, query_keys, "store:search");
  lua_settop(L, 3);
  qalam_query q;
  int rc = fill_query(L, t, &q);
  if (!t || get_field(L, t, "limit") == LUA_TNIL) q.limit = 20;
  lcursor *c = cursor_new(L, CURSOR_SEARCH);
  if (!rc) rc = qalam_cursor_open_search(&c->c, s, text, &q);
  if (rc) return fail(L, rc);
  cursor_link(c, check_store_box(L, 1));
  return cursor_for(L);
}

static const char *const page_keys[] = {"section", "lang", "tag", "story",
                                        "size", "page", "after", "now",
                                        "unlisted", NULL};

/* store:page{section=, size=20, page=, after=, ...} -> items, token |
 * nil, msg, code. `token` is nil on the last page. */
static int store_page(lua_State *L) {
  qalam_store *s = check_store(L, 1);
  int t = opt_table(L, 2, page_keys, "store:page");
  lua_settop(L, 2);
  qalam_query q;
  int rc = qalam_query_init(&q, QALAM_QUERY_VERSION);
  if (t) {
    q.section = field_text(L, t, "section");
    q.lang = field_text(L, t, "lang");
    q.tag = field_text(L, t, "tag");
    q.after = field_text(L, t, "after");
    q.story = field_integer(L, t, "story", 0);
    q.page = field_size(L, t, "page", 0);
    if (field_bool(L, t, "unlisted")) q.flags |= QALAM_QUERY_UNLISTED;
    if (!rc && get_field(L, t, "now") != LUA_TNIL)
      rc = get_time(L, -1, "option 'now'", &q.now, NULL);
  }
  q.limit = field_size(L, t, "size", 20);
  if (q.limit == 0) return luaL_error(L, "option 'size': must be positive");
  lcursor *c = cursor_new(L, CURSOR_LIST);
  int ci = lua_gettop(L);
  if (!rc) rc = qalam_cursor_open(&c->c, s, &q);
  if (rc) return fail(L, rc);
  cursor_link(c, check_store_box(L, 1));
  lua_newtable(L);
  int items = lua_gettop(L);
  for (lua_Integer i = 1;; i++) {
    int n = cursor_step(L, ci, 1); /* the rows are kept: copies */
    if (n < 0) return 3;
    if (lua_isnil(L, -1)) break;
    lua_rawseti(L, items, i);
  }
  lua_pop(L, 1);
  lua_getiuservalue(L, ci, 2); /* the token, kept when the cursor ended */
  return 2;
}

/* store:count{...} -> integer | nil, msg, code */
static int store_count(lua_State *L) {
  qalam_store *s = check_store(L, 1);
  int t = opt_table(L, 2, query_keys, "store:count");
  lua_settop(L, 2);
  qalam_query q;
  size_t n = 0;
  int rc = fill_query(L, t, &q);
  if (!rc) rc = qalam_article_count(&n, s, &q);
  if (rc) return fail(L, rc);
  lua_pushinteger(L, (lua_Integer)n);
  return 1;
}

static const char *const languages_keys[] = {"now", NULL};

/* store:languages([{now=}]) -> {"en", "kk", ...} | nil, msg, code */
static int store_languages(lua_State *L) {
  qalam_store *s = check_store(L, 1);
  int t = opt_table(L, 2, languages_keys, "store:languages");
  lua_settop(L, 2);
  qalam_query q;
  int rc = query_with_now(L, t, &q);
  holder *h = holder_new(L, free_string);
  size_t n = 0;
  if (!rc) rc = qalam_article_languages((char ***)&h->p, &n, s, &q);
  if (rc) return fail(L, rc);
  char **langs = h->p;
  lua_createtable(L, (int)n, 0);
  for (size_t i = 0; i < n; i++) {
    lua_pushstring(L, langs[i]);
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  holder_release(h);
  return 1;
}

/* --- Changes --- */

/* store:revision() -> integer | nil, msg, code */
static int store_revision(lua_State *L) {
  qalam_store *s = check_store(L, 1);
  int64_t revision = 0;
  int rc = qalam_store_revision(&revision, s);
  if (rc) return fail(L, rc);
  lua_pushinteger(L, (lua_Integer)revision);
  return 1;
}

static const char *const changes_keys[] = {"after", "limit", NULL};

/* store:changes{after=0, limit=} -> {{id=, revision=, deleted=}, ...} |
 * nil, msg, code */
static int store_changes(lua_State *L) {
  qalam_store *s = check_store(L, 1);
  int t = opt_table(L, 2, changes_keys, "store:changes");
  lua_settop(L, 2);
  lua_Integer after = field_integer(L, t, "after", 0);
  size_t limit = field_size(L, t, "limit", 0);
  size_t n = 0;
  holder *h = holder_new(L, free_string); /* qalam_free() */
  int rc = qalam_changes((qalam_change **)&h->p, &n, s, after, limit);
  if (rc) return fail(L, rc);
  const qalam_change *list = h->p;
  lua_createtable(L, (int)n, 0);
  for (size_t i = 0; i < n; i++) {
    lua_createtable(L, 0, 3);
    lua_pushinteger(L, (lua_Integer)list[i].id);
    lua_setfield(L, -2, "id");
    lua_pushinteger(L, (lua_Integer)list[i].revision);
    lua_setfield(L, -2, "revision");
    lua_pushboolean(L, list[i].deleted);
    lua_setfield(L, -2, "deleted");
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  holder_release(h);
  return 1;
}

/* --- Feeds, sitemap, paths --- */

static const char *const feed_keys[] = {"format", "section", "lang", "limit",
                                        "lead_only", NULL};

/* store:feed{format="rss"|"atom"|"json", section=, lang=, limit=20,
 * lead_only=false} -> string | nil, msg, code */
static int store_feed(lua_State *L) {
  qalam_store *s = check_store(L, 1);
  int t = opt_table(L, 2, feed_keys, "store:feed");
  lua_settop(L, 2);
  static const char *const formats[] = {"rss", "atom", "json", NULL};
  qalam_feed_format format = QALAM_FEED_RSS;
  const char *f = field_text(L, t, "format");
  if (f) {
    int i = 0;
    while (formats[i] && strcmp(formats[i], f)) i++;
    if (!formats[i])
      return luaL_error(L, "option 'format': \"rss\", \"atom\" or \"json\" "
                           "expected, got '%s'", f);
    format = (qalam_feed_format)i;
  }
  const char *section = field_text(L, t, "section");
  const char *lang = field_text(L, t, "lang");
  size_t limit = field_size(L, t, "limit", 20);
  unsigned int flags = field_bool(L, t, "lead_only") ? QALAM_FEED_LEAD_ONLY : 0;
  holder *h = holder_new(L, free_string);
  int rc = qalam_feed_render((char **)&h->p, s, format, section, lang, limit,
                             flags);
  return rc ? fail(L, rc) : push_held_string(L, h);
}

/* store:sitemap() -> string | nil, msg, code */
static int store_sitemap(lua_State *L) {
  qalam_store *s = check_store(L, 1);
  holder *h = holder_new(L, free_string);
  int rc = qalam_sitemap_render((char **)&h->p, s);
  return rc ? fail(L, rc) : push_held_string(L, h);
}

static void free_sitemap(void *p) { qalam_sitemap_free(p); }

/* store:sitemap_parts([want]) -> index, {{name=, from=, to=, xml=}, ...}
 * | nil, msg, code. `want(part)` (name, from, to set) says which parts to
 * render; without it, all are. from/to are nil for the pages parts. */
static int store_sitemap_parts(lua_State *L) {
  qalam_store *s = check_store(L, 1);
  if (!lua_isnoneornil(L, 2)) luaL_checktype(L, 2, LUA_TFUNCTION);
  lua_settop(L, 2);
  holder *m = holder_new(L, free_sitemap); /* 3 */
  int rc = qalam_sitemap_open((qalam_sitemap **)&m->p, s);
  if (rc) return fail(L, rc);
  holder *h = holder_new(L, free_string);
  if ((rc = qalam_sitemap_index_render((char **)&h->p, m->p)))
    return fail(L, rc);
  push_held_string(L, h); /* 4 */
  size_t n = qalam_sitemap_count(m->p);
  lua_createtable(L, (int)n, 0); /* 5 */
  for (size_t i = 0; i < n; i++) {
    int64_t from, to;
    qalam_sitemap_span(m->p, i, &from, &to);
    lua_createtable(L, 0, 4);
    lua_pushstring(L, qalam_sitemap_name(m->p, i));
    lua_setfield(L, -2, "name");
    if (from != to) {
      lua_pushinteger(L, (lua_Integer)from);
      lua_setfield(L, -2, "from");
      lua_pushinteger(L, (lua_Integer)to);
      lua_setfield(L, -2, "to");
    }
    int want = 1;
    if (!lua_isnil(L, 2)) {
      lua_pushvalue(L, 2);
      lua_pushvalue(L, -2);
      lua_call(L, 1, 1);
      want = lua_toboolean(L, -1);
      lua_pop(L, 1);
      check_store(L, 1); /* raises if `want` closed the store */
    }
    if (want) {
      h = holder_new(L, free_string);
      if ((rc = qalam_sitemap_part_render((char **)&h->p, m->p, i)))
        return fail(L, rc);
      push_held_string(L, h);
      lua_setfield(L, -2, "xml");
    }
    lua_rawseti(L, 5, (lua_Integer)i + 1);
  }
  holder_release(m);
  return 2;
}

static const char *const path_keys[] = {"lang", "page", NULL};

/* store:path(article) or store:path(kind, name [, {lang=, page=}]) with
 * kind "front", "section" or "article" -> string | nil, msg, code */
static int store_path(lua_State *L) {
  qalam_store *s = check_store(L, 1);
  if (luaL_testudata(L, 2, ARTICLE_MT)) {
    const qalam_article *a = check_article(L, 2);
    holder *h = holder_new(L, free_string);
    int rc = qalam_article_path((char **)&h->p, s, a);
    return rc ? fail(L, rc) : push_held_string(L, h);
  }
  static const char *const kinds[] = {"front", "section", "article", NULL};
  int kind = luaL_checkoption(L, 2, NULL, kinds);
  const char *name = kind == QALAM_PAGE_FRONT ? opt_text(L, 3) : check_text(L, 3);
  int t = opt_table(L, 4, path_keys, "store:path");
  lua_settop(L, 4);
  const char *lang = field_text(L, t, "lang");
  size_t page = field_size(L, t, "page", 1);
  holder *h = holder_new(L, free_string);
  int rc = qalam_page_path((char **)&h->p, s, (qalam_page_kind)kind, lang,
                           name ? name : "", page);
  return rc ? fail(L, rc) : push_held_string(L, h);
}

/* --- Import and export --- */

typedef struct import_ctx {
  lua_State *L;
  int on_error, progress; /* stack indexes of the callbacks, or 0 */
  int raised;             /* a callback raised: its error is on top */
  /* arguments of the call being made */
  const char *path, *message;
  size_t line, done, total;
  int code, which;
} import_ctx;

/* Runs inside lua_pcall: pushes the arguments (which may raise) and calls
 * the callback. */
static int import_call(lua_State *L) {
  import_ctx *x = lua_touserdata(L, 2);
  int n;
  lua_pushvalue(L, 1);
  if (x->which == 0) {
    lua_pushstring(L, x->path);
    lua_pushinteger(L, (lua_Integer)x->line);
    lua_pushstring(L, code_name(x->code));
    lua_pushstring(L, x->message);
    n = 4;
  } else {
    lua_pushinteger(L, (lua_Integer)x->done);
    lua_pushinteger(L, (lua_Integer)x->total);
    n = 2;
  }
  lua_call(L, n, 1);
  return 1;
}

/* Calls a callback; returns non-zero (stop) when it returned false or
 * raised. A raised error stays on the stack to be raised again after the
 * import. */
static int import_callback(import_ctx *x) {
  lua_State *L = x->L;
  if (x->raised || !lua_checkstack(L, 8)) return 1;
  /* Pushing these allocates nothing, so nothing here can raise through
   * the C library's frames. */
  lua_pushcfunction(L, import_call);
  lua_pushvalue(L, x->which == 0 ? x->on_error : x->progress);
  lua_pushlightuserdata(L, x);
  if (lua_pcall(L, 2, 1, 0) != LUA_OK) {
    x->raised = 1;
    return 1;
  }
  int stop = lua_isboolean(L, -1) && !lua_toboolean(L, -1);
  lua_pop(L, 1);
  return stop;
}

static int import_on_error(const char *path, size_t line, int code,
                           const char *message, void *payload) {
  import_ctx *x = payload;
  x->which = 0;
  x->path = path;
  x->line = line;
  x->code = code;
  x->message = message;
  return import_callback(x);
}

static int import_progress(size_t done, size_t total, void *payload) {
  import_ctx *x = payload;
  x->which = 1;
  x->done = done;
  x->total = total;
  return import_callback(x);
}

static void push_stats(lua_State *L, const qalam_import_stats *st) {
  lua_createtable(L, 0, 4);
  lua_pushinteger(L, (lua_Integer)st->files);
  lua_setfield(L, -2, "files");
  lua_pushinteger(L, (lua_Integer)st->imported);
  lua_setfield(L, -2, "imported");
  lua_pushinteger(L, (lua_Integer)st->updated);
  lua_setfield(L, -2, "updated");
  lua_pushinteger(L, (lua_Integer)st->failed);
  lua_setfield(L, -2, "failed");
}

static const char *const import_keys[] = {"batch", "on_error", "progress",
                                          NULL};

/* store:import_markdown(path [, {batch=, on_error=, progress=}]) ->
 * stats | nil, msg, code, stats */
static int store_import_markdown(lua_State *L) {
  lstore *b = check_store_box(L, 1);
  qalam_store *s = check_store(L, 1);
  const char *path = check_text(L, 2);
  int t = opt_table(L, 3, import_keys, "store:import_markdown");
  lua_settop(L, 3);
  qalam_import_options opts = QALAM_IMPORT_OPTIONS_INIT;
  import_ctx x;
  memset(&x, 0, sizeof x);
  x.L = L;
  opts.batch = field_size(L, t, "batch", 0);
  if (get_field(L, t, "on_error") != LUA_TNIL) {
    luaL_argcheck(L, lua_isfunction(L, -1), 3, "on_error must be a function");
    x.on_error = lua_gettop(L);
    opts.on_error = import_on_error;
  }
  if (get_field(L, t, "progress") != LUA_TNIL) {
    luaL_argcheck(L, lua_isfunction(L, -1), 3, "progress must be a function");
    x.progress = lua_gettop(L);
    opts.progress = import_progress;
  }
  opts.payload = &x;
  qalam_import_stats st;
  memset(&st, 0, sizeof st);
  b->busy = 1;
  int rc = qalam_import(s, path, &opts, &st);
  b->busy = 0;
  if (x.raised) return lua_error(L);
  if (rc) {
    fail(L, rc);
    push_stats(L, &st);
    return 4;
  }
  push_stats(L, &st);
  return 1;
}

/* store:export_markdown(dir) -> count | nil, msg, code */
static int store_export_markdown(lua_State *L) {
  qalam_store *s = check_store(L, 1);
  size_t n = 0;
  int rc = qalam_export(&n, s, check_text(L, 2));
  if (rc) return fail(L, rc);
  lua_pushinteger(L, (lua_Integer)n);
  return 1;
}

/* ------------------------------------------------------------------------
 * Registration
 * ---------------------------------------------------------------------- */

static const luaL_Reg store_methods[] = {
    {"close", store_close},
    {"set", store_set},
    {"add_section", store_add_section},
    {"update_section", store_update_section},
    {"delete_section", store_delete_section},
    {"sections", store_sections},
    {"add_article", store_add_article},
    {"insert", store_insert},
    {"update", store_update},
    {"delete", store_delete},
    {"article", store_article},
    {"article_by_slug", store_article_by_slug},
    {"articles", store_articles},
    {"page", store_page},
    {"count", store_count},
    {"languages", store_languages},
    {"front_page", store_front_page},
    {"search", store_search},
    {"since", store_since},
    {"revision", store_revision},
    {"changes", store_changes},
    {"feed", store_feed},
    {"sitemap", store_sitemap},
    {"sitemap_parts", store_sitemap_parts},
    {"path", store_path},
    {"import_markdown", store_import_markdown},
    {"export_markdown", store_export_markdown},
    {NULL, NULL}};

static const luaL_Reg article_methods[] = {{"set", article_set},
                                          {"copy", article_copy},
                                          {"totable", article_totable},
                                          {NULL, NULL}};

static const luaL_Reg cursor_methods[] = {{"next", cursor_next},
                                         {"token", cursor_token},
                                         {"close", cursor_close},
                                         {NULL, NULL}};

static const luaL_Reg functions[] = {
    {"open", l_open}, {"article", l_article}, {NULL, NULL}};

/* Makes metatable `name` with __gc and __close on `gc`, __tostring, and
 * __index: the methods table itself when `index` is NULL, else `index` with
 * the methods table as upvalue 1 (where `fields`, NULL-terminated or NULL,
 * map to their numbers too) and the metatable as upvalue 2. */
static void new_class(lua_State *L, const char *name, const luaL_Reg *methods,
                      const char *const *fields, lua_CFunction gc,
                      lua_CFunction tostring, lua_CFunction index,
                      lua_CFunction newindex) {
  luaL_newmetatable(L, name); /* sets __name */
  lua_pushcfunction(L, gc);
  lua_setfield(L, -2, "__gc");
  lua_pushcfunction(L, gc);
  lua_setfield(L, -2, "__close");
  lua_pushcfunction(L, tostring);
  lua_setfield(L, -2, "__tostring");
  lua_newtable(L);
  luaL_setfuncs(L, methods, 0);
  for (int i = 0; fields && fields[i]; i++) {
    lua_pushinteger(L, i);
    lua_setfield(L, -2, fields[i]);
  }
  if (index) {
    lua_pushvalue(L, -2); /* upvalue 2: the metatable, for index_self() */
    lua_pushcclosure(L, index, 2);
  }
  lua_setfield(L, -2, "__index");
  if (newindex) {
    lua_pushcfunction(L, newindex);
    lua_setfield(L, -2, "__newindex");
  }
  lua_pop(L, 1);
}

QALAM_LUA_EXPORT int luaopen_qalam(lua_State *L);
QALAM_LUA_EXPORT int luaopen_qalam(lua_State *L) {
  luaL_checkversion(L);
  new_class(L, STORE_MT, store_methods, NULL, store_close, store_tostring,
            store_index, store_newindex);
  new_class(L, ARTICLE_MT, article_methods, article_fields, article_gc,
            article_tostring, article_index, article_newindex);
  new_class(L, CURSOR_MT, cursor_methods, NULL, cursor_close, cursor_tostring,
            NULL, NULL);
  luaL_getmetatable(L, CURSOR_MT);
  lua_pushcfunction(L, cursor_call);
  lua_setfield(L, -2, "__call");
  lua_pop(L, 1);
  luaL_newmetatable(L, HOLDER_MT);
  lua_pushcfunction(L, holder_gc);
  lua_setfield(L, -2, "__gc");
  lua_pop(L, 1);

  luaL_newlib(L, functions);
  qalam_lua_add_functions(L);
  lua_pushstring(L, qalam_version_string());
  lua_setfield(L, -2, "version");
  lua_pushfstring(L, "qalam %s", qalam_version_string());
  lua_setfield(L, -2, "_VERSION");
  static const struct {
    const char *name;
    lua_Integer value;
  } constants[] = {{"PAGE_SIZE", QALAM_PAGE_SIZE},
                   {"FEED_LIMIT", QALAM_FEED_LIMIT},
                   {"SITEMAP_URLS", QALAM_SITEMAP_URLS},
                   {"SLUG_MAX", QALAM_SLUG_MAX},
                   {"SCHEMA_VERSION", QALAM_SCHEMA_VERSION},
                   {"TIME_MIN", QALAM_TIME_MIN},
                   {"TIME_MAX", QALAM_TIME_MAX}};
  for (size_t i = 0; i < sizeof constants / sizeof *constants; i++) {
    lua_pushinteger(L, constants[i].value);
    lua_setfield(L, -2, constants[i].name);
  }
  return 1;
}
