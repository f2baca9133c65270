"""NUL characters and invalid UTF-8 through the Python binding: a text
with a NUL, which C would silently cut short, and one with lone
surrogates, which is not UTF-8, must each raise qalam.InvalidInput with a
message that says so, and store nothing. So must an import file with a NUL
byte. Run: PYTHONPATH=<build>/bindings/python python3 fault_python_nul.py
(exits 77, "skipped", when the binding is not built)."""

import os
import sys
import tempfile

try:
    import qalam
except ImportError as e:  # the binding is optional
    print(f"skipped: cannot import qalam ({e})")
    sys.exit(77)

passed = failed = 0


def check(cond, what):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print(f"FAILED: {what}", file=sys.stderr)


def refused(fn, words, what):
    try:
        fn()
    except qalam.InvalidInput as e:
        check(words in str(e), f"{what}: message {str(e)!r} lacks {words!r}")
        return
    except Exception as e:  # noqa: BLE001 - any other outcome is a failure
        check(False, f"{what}: raised {type(e).__name__}: {e}")
        return
    check(False, f"{what}: accepted")


with tempfile.TemporaryDirectory(prefix="qalam-pynul-") as tmp:
    path = os.path.join(tmp, "store.db")
    with qalam.Store(path) as store:
        store.add_section("news", "News", position=1)
        for bad, words in (("ab\0cd", "NUL"), ("ab\udc80cd", "at byte 2")):
            kinds = {
                "title": lambda: store.add_article(title=bad, body="x"),
                "body": lambda: store.add_article(title="t", body=bad),
                "lead": lambda: store.add_article(title="t", lead=bad),
                "author": lambda: store.add_article(title="t", author=bad),
                "slug": lambda: store.add_article(title="t", slug=bad),
                "tags": lambda: store.add_article(title="t", tags=["a", bad]),
                "sections": lambda: store.add_article(title="t",
                                                      sections=["news", bad]),
                "store title": lambda: setattr(store, "title", bad),
                "section name": lambda: store.add_section("s", bad),
                "search": lambda: list(store.search(bad)),
                "by slug": lambda: store.article_by_slug(bad),
                "markdown": lambda: qalam.markdown_to_html(bad),
                "import path": lambda: store.import_markdown(
                    os.path.join(tmp, bad)),
            }
            for what, fn in kinds.items():
                refused(fn, words if what not in ("slug",) else "", what)
            # An article's setters leave the field as it was.
            a = store.add_article(title="Kept", body="kept body",
                                  sections=["news"])
            for field in ("title", "body", "lead", "author"):
                before = getattr(a, field)
                refused(lambda: setattr(a, field, bad), "", f"article.{field}")
                check(getattr(a, field) == before, f"{field} changed")
            store.delete(a)
        check(store.count() == 0, f"{store.count()} articles stored")
        check(store.title == "", "store title changed")
        check([s.slug for s in store.sections()] == ["news"], "sections changed")

        # An import file with a NUL byte is told and skipped.
        src = os.path.join(tmp, "src")
        os.mkdir(src)
        with open(os.path.join(src, "a.md"), "wb") as f:
            f.write(b"---\ntitle: Nul\n---\n\nbefore\0after\n")
        with open(os.path.join(src, "b.md"), "wb") as f:
            f.write(b"---\ntitle: Fine\n---\n\nfine\n")
        told = []
        stats = store.import_markdown(
            src, on_error=lambda p, line, e: told.append((p, line, e)))
        check(stats.imported == 1 and stats.failed == 1, f"import {stats}")
        check(len(told) == 1 and told[0][1] == 5
              and isinstance(told[0][2], qalam.InvalidInput)
              and "NUL" in str(told[0][2]), f"told {told}")
        check(store.count() == 1, "the NUL file was stored")
        print(f"told: {told[0][0]}:{told[0][1]}: {told[0][2]}")

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
