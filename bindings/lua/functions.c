/*
 * functions.c - the module's functions on text: Markdown, excerpts, slugs,
 * escaping, UTF-8, and formatting, parsing and converting dates.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "qalam_lua.h"

/* ------------------------------------------------------------------------
 * Text, Markdown and dates
 * ---------------------------------------------------------------------- */

static const char *const md_keys[] = {"smart", "unsafe", "hardbreaks", NULL};

static int markdown(lua_State *L, int html) {
  const char *text = check_text(L, 1);
  int t = opt_table(L, 2, md_keys, html ? "qalam.markdown_to_html"
                                        : "qalam.markdown_to_text");
  unsigned int o = QALAM_MD_DEFAULT;
  if (field_bool(L, t, "smart")) o |= QALAM_MD_SMART;
  if (field_bool(L, t, "unsafe")) o |= QALAM_MD_UNSAFE;
  if (field_bool(L, t, "hardbreaks")) o |= QALAM_MD_HARDBREAKS;
  holder *h = holder_new(L, free_string);
  int rc = html ? qalam_markdown_to_html((char **)&h->p, text, o)
                : qalam_markdown_to_text((char **)&h->p, text, o);
  return rc ? fail(L, rc) : push_held_string(L, h);
}
static int l_markdown_to_html(lua_State *L) { return markdown(L, 1); }
static int l_markdown_to_text(lua_State *L) { return markdown(L, 0); }

static int l_excerpt(lua_State *L) {
  const char *text = check_text(L, 1);
  size_t n = check_size(L, 2);
  holder *h = holder_new(L, free_string);
  int rc = qalam_excerpt((char **)&h->p, text, n);
  return rc ? fail(L, rc) : push_held_string(L, h);
}

static int l_slugify(lua_State *L) {
  const char *title = check_text(L, 1);
  const char *lang = opt_text(L, 2);
  holder *h = holder_new(L, free_string);
  int rc = qalam_slugify((char **)&h->p, title, lang);
  return rc ? fail(L, rc) : push_held_string(L, h);
}

static int escape(lua_State *L, int xml) {
  const char *text = check_text(L, 1);
  holder *h = holder_new(L, free_string);
  int rc = xml ? qalam_xml_escape((char **)&h->p, text)
               : qalam_html_escape((char **)&h->p, text);
  return rc ? fail(L, rc) : push_held_string(L, h);
}
static int l_html_escape(lua_State *L) { return escape(L, 0); }
static int l_xml_escape(lua_State *L) { return escape(L, 1); }

/* qalam.validate_utf8(s) -> true | nil, msg, "UTF8", byte offset (1-based) */
static int l_validate_utf8(lua_State *L) {
  size_t len, at = 0;
  const char *s = luaL_checklstring(L, 1, &len);
  int rc = qalam_utf8_validate(&at, s, len);
  if (rc) {
    fail(L, rc);
    lua_pushinteger(L, (lua_Integer)at + 1);
    return 4;
  }
  lua_pushboolean(L, 1);
  return 1;
}

/* Reads the offset argument at `arg`, defaulting to `def`. */
static int opt_offset(lua_State *L, int arg, int def) {
  if (lua_isnoneornil(L, arg)) return def;
  lua_Integer off = luaL_checkinteger(L, arg);
  if (off < -100000 || off > 100000) off = 100000; /* the C core says no */
  return (int)off;
}

static const char *const styles[] = {"short", "medium", "long", "full", NULL};

static int find_style(const char *pattern) {
  for (int i = 0; styles[i]; i++)
    if (!strcmp(styles[i], pattern)) return i;
  return -1;
}

/* qalam.format_date(time, pattern_or_style [, lang [, offset]]) */
static int l_format_date(lua_State *L) {
  int64_t t;
  int off;
  luaL_checkany(L, 1);
  const char *pattern = check_text(L, 2);
  const char *lang = luaL_optstring(L, 3, "en");
  int rc = get_time(L, 1, "bad argument #1 to 'format_date'", &t, &off);
  if (rc) return fail(L, rc);
  off = opt_offset(L, 4, off);
  holder *h = holder_new(L, free_string);
  int style = find_style(pattern);
  rc = style >= 0 ? qalam_date_format_style((char **)&h->p, t, off,
                                            (qalam_date_style)style, lang)
                  : qalam_date_format((char **)&h->p, t, off, pattern, lang);
  return rc ? fail(L, rc) : push_held_string(L, h);
}

/* qalam.date_pattern(style [, lang]) -> pattern */
static int l_date_pattern(lua_State *L) {
  int style = luaL_checkoption(L, 1, NULL, styles);
  const char *lang = luaL_optstring(L, 2, "en");
  const char *pattern = NULL;
  int rc = qalam_date_style_pattern(&pattern, (qalam_date_style)style, lang);
  if (rc) return fail(L, rc);
  lua_pushstring(L, pattern);
  return 1;
}

/* qalam.format_relative(time [, now [, lang]]) */
static int l_format_relative(lua_State *L) {
  int64_t t, now = (int64_t)time(NULL);
  luaL_checkany(L, 1);
  const char *lang = luaL_optstring(L, 3, "en");
  int rc = get_time(L, 1, "bad argument #1 to 'format_relative'", &t, NULL);
  if (!rc && !lua_isnoneornil(L, 2))
    rc = get_time(L, 2, "bad argument #2 to 'format_relative'", &now, NULL);
  if (rc) return fail(L, rc);
  holder *h = holder_new(L, free_string);
  rc = qalam_date_format_relative((char **)&h->p, t, now, lang);
  return rc ? fail(L, rc) : push_held_string(L, h);
}

static int rfc(lua_State *L, int which) {
  int64_t t;
  int off;
  luaL_checkany(L, 1);
  int rc = get_time(L, 1, "bad argument #1", &t, &off);
  if (rc) return fail(L, rc);
  off = opt_offset(L, 2, off);
  holder *h = holder_new(L, free_string);
  rc = which == 822 ? qalam_date_rfc822((char **)&h->p, t, off)
                    : qalam_date_rfc3339((char **)&h->p, t, off);
  return rc ? fail(L, rc) : push_held_string(L, h);
}
static int l_rfc822(lua_State *L) { return rfc(L, 822); }
static int l_rfc3339(lua_State *L) { return rfc(L, 3339); }

/* qalam.parse_date(text [, pattern [, default_offset]]) -> time, offset */
static int l_parse_date(lua_State *L) {
  const char *text = check_text(L, 1);
  const char *pattern = opt_text(L, 2);
  int def = opt_offset(L, 3, 0);
  int64_t t;
  int off;
  int rc = qalam_date_parse(&t, &off, text, pattern, def);
  if (rc) return fail(L, rc);
  lua_pushinteger(L, (lua_Integer)t);
  lua_pushinteger(L, off);
  return 2;
}

/* qalam.time(value) -> time, offset: the integer a time value stands for */
static int l_time(lua_State *L) {
  int64_t t;
  int off;
  luaL_checkany(L, 1);
  int rc = get_time(L, 1, "bad argument #1 to 'time'", &t, &off);
  if (rc) return fail(L, rc);
  lua_pushinteger(L, (lua_Integer)t);
  lua_pushinteger(L, off);
  return 2;
}

/* qalam.date(time [, offset]) -> {year=, month=, day=, hour=, min=, sec=,
 * offset=}: the calendar fields at the offset, as the C core computes them
 * (the time's own offset when it carries one, else 0). */
static int l_date(lua_State *L) {
  int64_t t;
  int off;
  luaL_checkany(L, 1);
  int rc = get_time(L, 1, "bad argument #1 to 'date'", &t, &off);
  if (rc) return fail(L, rc);
  off = opt_offset(L, 2, off);
  holder *h = holder_new(L, free_string);
  rc = qalam_date_format((char **)&h->p, t, off, "y M d H m s", "en");
  if (rc) return fail(L, rc);
  long long f[6] = {0};
  if (sscanf(h->p, "%lld %lld %lld %lld %lld %lld", &f[0], &f[1], &f[2], &f[3],
             &f[4], &f[5]) != 6)
    return luaL_error(L, "unexpected date '%s'", (const char *)h->p);
  holder_release(h);
  static const char *const names[] = {"year", "month", "day",
                                      "hour", "min",   "sec"};
  lua_createtable(L, 0, 7);
  for (int i = 0; i < 6; i++) {
    lua_pushinteger(L, (lua_Integer)f[i]);
    lua_setfield(L, -2, names[i]);
  }
  lua_pushinteger(L, off);
  lua_setfield(L, -2, "offset");
  return 1;
}

static const luaL_Reg functions[] = {
    {"markdown_to_html", l_markdown_to_html},
    {"markdown_to_text", l_markdown_to_text},
    {"excerpt", l_excerpt},
    {"slugify", l_slugify},
    {"html_escape", l_html_escape},
    {"xml_escape", l_xml_escape},
    {"validate_utf8", l_validate_utf8},
    {"format_date", l_format_date},
    {"date_pattern", l_date_pattern},
    {"format_relative", l_format_relative},
    {"rfc822", l_rfc822},
    {"rfc3339", l_rfc3339},
    {"parse_date", l_parse_date},
    {"time", l_time},
    {"date", l_date},
    {NULL, NULL}};

void qalam_lua_add_functions(lua_State *L) { luaL_setfuncs(L, functions, 0); }
