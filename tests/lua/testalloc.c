/*
 * testalloc.c - a Lua module for the specs only: `require "qalam_testalloc"`
 * installs an allocator for qalam that counts live blocks and can make
 * allocations fail, so the specs can check that nothing leaks and that
 * out-of-memory reaches Lua as nil, message, "NOMEM".
 *
 * It wraps the C library's malloc, so blocks allocated before it was
 * installed are freed correctly; counts are therefore compared, not taken
 * as absolute.
 */
#include <stdlib.h>

#include <lauxlib.h>
#include <lua.h>

#include <qalam.h>
#include <qalam/sys/alloc.h>

static long long live;
static long long calls;
static long long fail_at;   /* fail the call with this number; 0: never */
static int fail_from;       /* and every call after it */

static int should_fail(void) {
  calls++;
  return fail_at && (calls == fail_at || (fail_from && calls > fail_at));
}

static void *t_malloc(size_t size, void *payload) {
  (void)payload;
  if (should_fail()) return NULL;
  void *p = malloc(size);
  if (p) live++;
  return p;
}

static void *t_realloc(void *ptr, size_t size, void *payload) {
  (void)payload;
  if (should_fail()) return NULL;
  void *p = realloc(ptr, size);
  if (p && !ptr) live++;
  return p;
}

static void t_free(void *ptr, void *payload) {
  (void)payload;
  if (ptr) live--;
  free(ptr);
}

/* live() -> blocks allocated and not yet freed since the module loaded */
static int l_live(lua_State *L) {
  lua_pushinteger(L, (lua_Integer)live);
  return 1;
}

/* fail(n [, from]) makes the n-th allocation from now fail (and every one
 * after it when `from` is true); fail() stops failing. */
static int l_fail(lua_State *L) {
  lua_Integer n = luaL_optinteger(L, 1, 0);
  fail_from = lua_toboolean(L, 2);
  calls = 0;
  fail_at = n > 0 ? n : 0;
  return 0;
}

#if defined(__GNUC__)
__attribute__((visibility("default")))
#endif
int luaopen_qalam_testalloc(lua_State *L);

int luaopen_qalam_testalloc(lua_State *L) {
  static int installed;
  if (!installed) {
    qalam_allocator a = QALAM_ALLOCATOR_INIT;
    a.malloc = t_malloc;
    a.realloc = t_realloc;
    a.free = t_free;
    if (qalam_set_allocator(&a) != QALAM_OK)
      return luaL_error(L, "qalam_set_allocator: %s", qalam_error_message());
    installed = 1;
  }
  static const luaL_Reg fns[] = {{"live", l_live}, {"fail", l_fail},
                                 {NULL, NULL}};
  luaL_newlib(L, fns);
  return 1;
}
