/* lua_profile.c - a Lua 5.4 interpreter with symbols, for profiling Lua
 * programs (the portal) with callgrind or perf: Debian's lua5.4 binary is
 * stripped, so a profile of it names no function of the VM, while this one,
 * linked with the static liblua5.4.a, shows where the time goes (the VM,
 * the pattern matcher, table.concat, the collector). docs/benchmarks.md
 * gives the commands.
 *
 *   lua_profile SCRIPT [ARGS...]   runs SCRIPT as lua5.4 would: arg[0] is
 *                                  SCRIPT, arg[-1] this program, ARGS in
 *                                  arg[1..] and in the chunk's ...
 */
#include <lua5.4/lauxlib.h>
#include <lua5.4/lua.h>
#include <lua5.4/lualib.h>
#include <stdio.h>

static int traceback(lua_State *L) {
  luaL_traceback(L, L, lua_tostring(L, 1), 1);
  return 1;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s SCRIPT [ARGS...]\n", argv[0]);
    return 2;
  }
  lua_State *L = luaL_newstate();
  if (!L) return 1;
  luaL_openlibs(L);
  lua_createtable(L, argc, 1);
  for (int i = 0; i < argc; i++) {
    lua_pushstring(L, argv[i]);
    lua_rawseti(L, -2, i - 1);
  }
  lua_setglobal(L, "arg");
  lua_pushcfunction(L, traceback);
  int status = luaL_loadfile(L, argv[1]);
  if (!status) {
    for (int i = 2; i < argc; i++) lua_pushstring(L, argv[i]); /* the ... */
    status = lua_pcall(L, argc - 2, 0, 1);
  }
  if (status) fprintf(stderr, "%s\n", lua_tostring(L, -1));
  lua_close(L);
  return status ? 1 : 0;
}
