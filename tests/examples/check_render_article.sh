#!/bin/sh
# The C example renders the sample newspaper's stories with their date,
# their title and every quote of the body intact.
# usage: check_render_article.sh QALAM-RENDER-ARTICLE SOURCE_DIR
set -eu
bin=$1 src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
fail() { echo "FAIL: $*"; status=1; }
count() { grep -o -- "$1" "$2" | wc -l; }

first=$src/examples/newspaper/01-kazakhstan-kyrgyzstan-allied-relations.md
line=$("$bin" "$first" "$tmp/first.html")
[ "$line" = "13.02.2026  Kazakhstan and Kyrgyzstan Continue Strengthening Allied Relations" ] ||
  fail "summary line: $line"
grep -q '<h1>Kazakhstan and Kyrgyzstan Continue Strengthening Allied Relations</h1>' "$tmp/first.html" ||
  fail "title heading missing"
grep -q '<time datetime="2026-02-13T17:40:00+05:00">13.02.2026</time>' "$tmp/first.html" ||
  fail "date missing"
grep -q '<p>Source: <a href="https://www.gov.kz/memleket/entities/mfa/press/news/details/1161450?lang=kk">' "$tmp/first.html" ||
  fail "source link missing"
grep -q '<p>During the talks, the heads of the foreign ministries' "$tmp/first.html" ||
  fail "restored paragraphs missing"

# Every quote in every story survives: curly ones as they are, straight
# ones escaped, never dropped.
for md in "$src"/examples/newspaper/0*.md; do
  out=$tmp/$(basename "$md" .md).html
  "$bin" "$md" "$out" >/dev/null
  sed '1,/^---$/d' "$md" >"$tmp/body"  # line 1 opens the front matter, the next --- closes it
  for q in '“' '”' '’'; do
    [ "$(count "$q" "$tmp/body")" -eq "$(count "$q" "$out")" ] ||
      fail "$(basename "$md"): count of $q differs"
  done
  [ "$(count '"' "$tmp/body")" -eq "$(count '&quot;' "$out")" ] ||
    fail "$(basename "$md"): straight double quotes lost"
  [ "$(count "'" "$tmp/body")" -eq "$(count '&#39;' "$out")" ] ||
    fail "$(basename "$md"): apostrophes lost"
done
grep -q 'the idea of &quot;A Just Kazakhstan&quot;' "$tmp/02-ashimbaev-draft-constitution-almaty.html" ||
  fail "quoted phrase of story 2 not intact"

# Bad input: a missing file and a file without front matter fail cleanly.
if "$bin" "$tmp/missing.md" 2>/dev/null; then fail "missing file accepted"; fi
printf 'no front matter\n' >"$tmp/plain.md"
if "$bin" "$tmp/plain.md" 2>/dev/null; then fail "file without front matter accepted"; fi
printf -- '---\ntitle: T\ndate: 31.02.2026\n---\nbody\n' >"$tmp/baddate.md"
if "$bin" "$tmp/baddate.md" 2>"$tmp/err"; then fail "invalid date accepted"; fi
grep -q "31.02.2026" "$tmp/err" || fail "invalid date message does not name the date"

[ $status -eq 0 ] && echo "ok: the sample newspaper renders with dates, titles and quotes intact"
exit $status
