/*
 * qalam_lua.h - what the parts of the Lua module share (internal).
 *
 * The error rule and the lifetimes are described in qalam.c and, for
 * users, in docs/lua.md.
 */
#ifndef QALAM_LUA_H
#define QALAM_LUA_H

#include <stddef.h>
#include <stdint.h>

#include <lauxlib.h>
#include <lua.h>

#include <qalam.h>

#if LUA_VERSION_NUM < 504
#error "the qalam module needs Lua 5.4"
#endif

/* Only luaopen_qalam leaves the module; the helpers below stay inside even
 * when it is built without -fvisibility=hidden (as luarocks does). */
#if defined(_WIN32)
#define QALAM_LUA_EXPORT __declspec(dllexport)
#define QALAM_LUA_INTERNAL
#elif defined(__GNUC__)
#define QALAM_LUA_EXPORT __attribute__((visibility("default")))
#define QALAM_LUA_INTERNAL __attribute__((visibility("hidden")))
#else
#define QALAM_LUA_EXPORT
#define QALAM_LUA_INTERNAL
#endif

#define STORE_MT "qalam.store"
#define ARTICLE_MT "qalam.article"
#define CURSOR_MT "qalam.cursor"
#define HOLDER_MT "qalam.holder"

/* --- Errors (convert.c) ---------------------------------------------------
 * fail() pushes nil, the library's message and the code's name ("INVAL",
 * "UTF8", "NOTFOUND", "EXISTS", "NOMEM", "IO", "BUSY", "CORRUPT", "SCHEMA",
 * "READONLY") and returns 3. Call it right after the failing call: the
 * next qalam call clears the message. */
QALAM_LUA_INTERNAL const char *code_name(int rc);
QALAM_LUA_INTERNAL void push_message(lua_State *L, int rc);
QALAM_LUA_INTERNAL int fail(lua_State *L, int rc);

/* --- Holders --------------------------------------------------------------
 * A userdata that owns memory the library hands out, so that it is freed
 * even when Lua raises before the binding frees it. */
typedef struct holder {
  void *p;
  void (*free)(void *);
} holder;

QALAM_LUA_INTERNAL int holder_gc(lua_State *L);
QALAM_LUA_INTERNAL holder *holder_new(lua_State *L, void (*free_fn)(void *));
QALAM_LUA_INTERNAL void holder_release(holder *h);
QALAM_LUA_INTERNAL int push_held_string(lua_State *L, holder *h);
QALAM_LUA_INTERNAL void free_string(void *p);
QALAM_LUA_INTERNAL void free_section_list(void *p);

/* --- Arguments and option tables (misuse raises) --------------------------- */
QALAM_LUA_INTERNAL const char *check_text(lua_State *L, int arg);
QALAM_LUA_INTERNAL const char *opt_text(lua_State *L, int arg);
QALAM_LUA_INTERNAL size_t check_size(lua_State *L, int arg);
QALAM_LUA_INTERNAL void check_keys(lua_State *L, int idx,
                                   const char *const *keys, const char *what);
QALAM_LUA_INTERNAL int opt_table(lua_State *L, int arg,
                                 const char *const *keys, const char *what);
QALAM_LUA_INTERNAL int get_field(lua_State *L, int t, const char *key);
QALAM_LUA_INTERNAL const char *field_text(lua_State *L, int t,
                                          const char *key);
QALAM_LUA_INTERNAL lua_Integer field_integer(lua_State *L, int t,
                                             const char *key, lua_Integer def);
QALAM_LUA_INTERNAL size_t field_size(lua_State *L, int t, const char *key,
                                     size_t def);
QALAM_LUA_INTERNAL int field_bool(lua_State *L, int t, const char *key);

/* --- Times ------------------------------------------------------------------
 * Reads an integer, a date string or a date table; see convert.c. */
QALAM_LUA_INTERNAL int get_time(lua_State *L, int idx, const char *what,
                                int64_t *t, int *offset);

/* --- The functions on text and dates (functions.c) ------------------------
 * Adds them to the module table on top of the stack. */
QALAM_LUA_INTERNAL void qalam_lua_add_functions(lua_State *L);

#endif
