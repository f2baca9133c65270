/*
 * convert.c - the conversions every part of the Lua module shares: errors
 * to `nil, message, code`, memory the library hands out, arguments and
 * option tables, and time values.
 */
#include <stdio.h>
#include <string.h>

#include "qalam_lua.h"

/* ------------------------------------------------------------------------
 * Errors
 * ---------------------------------------------------------------------- */

const char *code_name(int rc) {
  switch (rc) {
  case QALAM_EINVAL: return "INVAL";
  case QALAM_EUTF8: return "UTF8";
  case QALAM_ENOTFOUND: return "NOTFOUND";
  case QALAM_EEXISTS: return "EXISTS";
  case QALAM_ENOMEM: return "NOMEM";
  case QALAM_EIO: return "IO";
  case QALAM_EBUSY: return "BUSY";
  case QALAM_ECORRUPT: return "CORRUPT";
  case QALAM_ESCHEMA: return "SCHEMA";
  case QALAM_EREADONLY: return "READONLY";
  default: return "ERROR";
  }
}

/* Pushes the library's message for the failure `rc`; read it before any
 * other qalam call, which would clear it. */
void push_message(lua_State *L, int rc) {
  const char *msg = qalam_error_message();
  lua_pushstring(L, msg && *msg ? msg : qalam_strerror(rc));
}

/* nil, message, code: the result of every failed call. */
int fail(lua_State *L, int rc) {
  lua_pushnil(L);
  push_message(L, rc);
  lua_pushstring(L, code_name(rc));
  return 3;
}

/* ------------------------------------------------------------------------
 * Holders: memory the library hands out, freed even when Lua raises
 * ---------------------------------------------------------------------- */

int holder_gc(lua_State *L) {
  holder *h = luaL_checkudata(L, 1, HOLDER_MT);
  if (h->p) h->free(h->p);
  h->p = NULL;
  return 0;
}

/* Pushes an empty holder; the library writes into h->p. */
holder *holder_new(lua_State *L, void (*free_fn)(void *)) {
  holder *h = lua_newuserdatauv(L, sizeof *h, 0);
  h->p = NULL;
  h->free = free_fn;
  luaL_setmetatable(L, HOLDER_MT);
  return h;
}

void holder_release(holder *h) {
  if (h->p) h->free(h->p);
  h->p = NULL;
}

/* Replaces the holder on top of the stack with its string, freed at once. */
int push_held_string(lua_State *L, holder *h) {
  lua_pushstring(L, (const char *)h->p);
  holder_release(h);
  lua_remove(L, -2);
  return 1;
}

void free_string(void *p) { qalam_free(p); }
void free_section_list(void *p) { qalam_section_list_free(p); }

/* ------------------------------------------------------------------------
 * Arguments
 * ---------------------------------------------------------------------- */

/* Text passed to the C API is NUL-terminated, so a Lua string with a NUL
 * byte inside cannot be passed whole: that is an argument error. */
const char *check_text(lua_State *L, int arg) {
  size_t len;
  const char *s = luaL_checklstring(L, arg, &len);
  if (strlen(s) != len) luaL_argerror(L, arg, "text contains a NUL byte");
  return s;
}

const char *opt_text(lua_State *L, int arg) {
  return lua_isnoneornil(L, arg) ? NULL : check_text(L, arg);
}

size_t check_size(lua_State *L, int arg) {
  lua_Integer n = luaL_checkinteger(L, arg);
  luaL_argcheck(L, n >= 0, arg, "must not be negative");
  return (size_t)n;
}

/* Raises unless every key of the table at `idx` is in `keys`. */
void check_keys(lua_State *L, int idx, const char *const *keys,
                       const char *what) {
  idx = lua_absindex(L, idx);
  lua_pushnil(L);
  while (lua_next(L, idx)) {
    lua_pop(L, 1);
    if (lua_type(L, -1) != LUA_TSTRING)
      luaL_error(L, "%s: keys must be strings, got %s", what,
                 luaL_typename(L, -1));
    const char *k = lua_tostring(L, -1);
    int known = 0;
    for (const char *const *p = keys; *p && !known; p++)
      known = !strcmp(*p, k);
    if (!known) luaL_error(L, "%s: unknown option '%s'", what, k);
  }
}

/* Optional table argument: 0 when absent, else its index (checked). */
int opt_table(lua_State *L, int arg, const char *const *keys,
                     const char *what) {
  if (lua_isnoneornil(L, arg)) return 0;
  luaL_checktype(L, arg, LUA_TTABLE);
  check_keys(L, arg, keys, what);
  return lua_absindex(L, arg);
}

/* Pushes t[key] (left on the stack, so strings stay referenced) and
 * returns its type; `t` 0 pushes nil. */
int get_field(lua_State *L, int t, const char *key) {
  if (!t) {
    lua_pushnil(L);
    return LUA_TNIL;
  }
  return lua_getfield(L, t, key);
}

/* A text option: NULL when absent. Leaves the value on the stack. */
const char *field_text(lua_State *L, int t, const char *key) {
  int type = get_field(L, t, key);
  if (type == LUA_TNIL) return NULL;
  if (type != LUA_TSTRING)
    luaL_error(L, "option '%s': string expected, got %s", key,
               luaL_typename(L, -1));
  size_t len;
  const char *s = lua_tolstring(L, -1, &len);
  if (strlen(s) != len)
    luaL_error(L, "option '%s': text contains a NUL byte", key);
  return s;
}

lua_Integer field_integer(lua_State *L, int t, const char *key,
                                 lua_Integer def) {
  int type = get_field(L, t, key);
  lua_Integer n = def;
  if (type != LUA_TNIL) {
    int ok;
    n = lua_tointegerx(L, -1, &ok);
    if (type != LUA_TNUMBER || !ok)
      luaL_error(L, "option '%s': integer expected, got %s", key,
                 type == LUA_TNUMBER ? "a fraction" : luaL_typename(L, -1));
  }
  lua_pop(L, 1);
  return n;
}

size_t field_size(lua_State *L, int t, const char *key, size_t def) {
  lua_Integer n = field_integer(L, t, key, (lua_Integer)def);
  if (n < 0) luaL_error(L, "option '%s': must not be negative", key);
  return (size_t)n;
}

int field_bool(lua_State *L, int t, const char *key) {
  int type = get_field(L, t, key);
  if (type != LUA_TNIL && type != LUA_TBOOLEAN)
    luaL_error(L, "option '%s': boolean expected, got %s", key,
               luaL_typename(L, -1));
  int b = lua_toboolean(L, -1);
  lua_pop(L, 1);
  return b;
}

/* ------------------------------------------------------------------------
 * Times: integers (Unix seconds), date tables or date strings
 * ---------------------------------------------------------------------- */

static lua_Integer time_field(lua_State *L, int t, const char *key, int need,
                              lua_Integer def) {
  int type = lua_getfield(L, t, key);
  int ok = 0;
  lua_Integer n = lua_tointegerx(L, -1, &ok);
  if (type == LUA_TNIL) {
    if (need) luaL_error(L, "date table: field '%s' is missing", key);
    n = def;
  } else if (type != LUA_TNUMBER || !ok) {
    luaL_error(L, "date table: field '%s' must be an integer", key);
  }
  lua_pop(L, 1);
  return n;
}

/* Reads the time at `idx`: an integer (Unix seconds; offset 0), a string
 * parsed by qalam_date_parse() (ISO 8601 / RFC 3339 or dd.MM.y; read at
 * offset 0 when it has none), or a table {year, month, day, hour, min, sec,
 * offset} (hour, min, sec and offset default to 0; other keys, as in
 * os.date("*t"), are ignored), which is written out as ISO 8601 and parsed
 * the same way so that the C core checks it. Returns QALAM_OK or a library
 * error (for nil, message, code); raises for a wrong type. */
int get_time(lua_State *L, int idx, const char *what, int64_t *t,
                    int *offset) {
  idx = lua_absindex(L, idx);
  switch (lua_type(L, idx)) {
  case LUA_TNUMBER: {
    int ok;
    lua_Integer n = lua_tointegerx(L, idx, &ok);
    if (!ok) luaL_error(L, "%s: time must be an integer", what);
    *t = n;
    if (offset) *offset = 0;
    return QALAM_OK;
  }
  case LUA_TSTRING: {
    size_t len;
    const char *s = lua_tolstring(L, idx, &len);
    if (strlen(s) != len) luaL_error(L, "%s: text contains a NUL byte", what);
    return qalam_date_parse(t, offset, s, NULL, 0);
  }
  case LUA_TTABLE: {
    lua_Integer y = time_field(L, idx, "year", 1, 0);
    lua_Integer mo = time_field(L, idx, "month", 1, 0);
    lua_Integer d = time_field(L, idx, "day", 1, 0);
    lua_Integer h = time_field(L, idx, "hour", 0, 0);
    lua_Integer mi = time_field(L, idx, "min", 0, 0);
    lua_Integer s = time_field(L, idx, "sec", 0, 0);
    lua_Integer off = time_field(L, idx, "offset", 0, 0);
    char text[200], zone[64];
    if (off == 0)
      strcpy(zone, "Z");
    else
      snprintf(zone, sizeof zone, "%c%02lld:%02lld", off < 0 ? '-' : '+',
               (long long)((off < 0 ? -off : off) / 60),
               (long long)((off < 0 ? -off : off) % 60));
    snprintf(text, sizeof text, "%04lld-%02lld-%02lldT%02lld:%02lld:%02lld%s",
             (long long)y, (long long)mo, (long long)d, (long long)h,
             (long long)mi, (long long)s, zone);
    return qalam_date_parse(t, offset, text, NULL, 0);
  }
  default:
    return luaL_error(L, "%s: time expected (integer, table or string), got %s",
                      what, luaL_typename(L, idx));
  }
}
