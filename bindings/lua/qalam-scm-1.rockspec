-- The qalam module for Lua 5.4, built against an installed libqalam.
--
-- From the root of a qalam source tree, with libqalam installed (headers
-- and library, e.g. `cmake --install build` to /usr/local):
--
--   luarocks --lua-version=5.4 make bindings/lua/qalam-scm-1.rockspec
--
-- and, when libqalam is under another prefix:
--
--   luarocks --lua-version=5.4 make bindings/lua/qalam-scm-1.rockspec \
--     QALAM_DIR=/opt/qalam
--
-- `luarocks make` builds the checked-out tree; the source URL below is
-- only for fetching a copy. docs/lua.md has the whole story.
rockspec_format = "3.0"
package = "qalam"
version = "scm-1"

source = {
  url = "git+file://./",
}

description = {
  summary = "Lua binding of qalam, a news portal core",
  detailed = [[
    Stores of articles and sections in SQLite, listing with pagination,
    front pages, full-text search, feeds and sitemaps, Markdown import and
    export, and Markdown, slug and date functions in kk, ru and en.
  ]],
  -- The project has not declared a license yet (there is no LICENSE file):
  -- NOASSERTION (SPDX) until it does.
  license = "NOASSERTION",
  labels = { "news", "cms", "markdown", "sqlite" },
}

dependencies = {
  "lua >= 5.4, < 5.5",
}

external_dependencies = {
  QALAM = {
    header = "qalam.h",
    library = "qalam",
  },
}

build = {
  type = "builtin",
  modules = {
    qalam = {
      sources = {
        "bindings/lua/qalam.c",
        "bindings/lua/convert.c",
        "bindings/lua/functions.c",
      },
      libraries = { "qalam" },
      incdirs = { "$(QALAM_INCDIR)" },
      libdirs = { "$(QALAM_LIBDIR)" },
    },
  },
}
