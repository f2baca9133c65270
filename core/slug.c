/* slug.c - URL slugs from titles (qalam/text.h, docs/slugs.md). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "error.h"
#include "qalam/text.h"
#include "slug_tables.h"
#include "utf8.h"

/* What a character does to a slug. */
enum slug_kind {
  SLUG_SEPARATE, /* ends the current word */
  SLUG_DROP,     /* vanishes without ending the word */
  SLUG_LETTERS   /* adds letters or digits to the current word */
};

static int map_compare(const void *key, const void *elem) {
  uint32_t cp = *(const uint32_t *)key;
  uint32_t other = ((const slug_map *)elem)->cp;
  return cp < other ? -1 : cp > other;
}

static const char *map_find(const slug_map *map, size_t n, uint32_t cp) {
  const slug_map *m = bsearch(&cp, map, n, sizeof *map, map_compare);
  return m ? m->ascii : NULL;
}

#define MAP_FIND(map, cp) map_find((map), sizeof(map) / sizeof((map)[0]), (cp))

/* Apostrophes, quotation marks and invisible characters: dropped without
 * splitting the word ("country's" -> "countrys"). */
static int slug_dropped(uint32_t cp) {
  switch (cp) {
  case 0x0022: /* " */
  case 0x0027: /* ' */
  case 0x0060: /* ` */
  case 0x00AB: /* « */
  case 0x00AD: /* soft hyphen */
  case 0x00B4: /* ´ used as an apostrophe */
  case 0x00BB: /* » */
  case 0x02BB: /* ʻ modifier letter turned comma (Uzbek o‘) */
  case 0x02BC: /* ʼ modifier letter apostrophe */
  case 0x200C: /* zero width non-joiner */
  case 0x200D: /* zero width joiner */
  case 0x2018: /* ‘ */
  case 0x2019: /* ’ */
  case 0x201A: /* ‚ */
  case 0x201B: /* ‛ */
  case 0x201C: /* “ */
  case 0x201D: /* ” */
  case 0x201E: /* „ */
  case 0x201F: /* ‟ */
  case 0x2039: /* ‹ */
  case 0x203A: /* › */
  case 0x2060: /* word joiner */
  case 0xFEFF: /* zero width no-break space (byte order mark) */
    return 1;
  default:
    break;
  }
  return (cp >= 0x0300 && cp <= 0x036F) || /* combining diacritics */
         (cp >= 0x0483 && cp <= 0x0489) || /* combining Cyrillic marks */
         (cp >= 0xFE00 && cp <= 0xFE0F);   /* variation selectors */
}

/* The lowercase form of a Cyrillic letter U+0400..U+04FF (other code
 * points come back unchanged). */
static uint32_t cyrillic_lower(uint32_t cp) {
  if (cp >= 0x0400 && cp <= 0x040F) return cp + 0x50;
  if (cp >= 0x0410 && cp <= 0x042F) return cp + 0x20;
  if (cp == 0x04C0) return 0x04CF; /* palochka */
  /* Case pairs: capital on the even code point ... */
  if ((cp >= 0x0460 && cp <= 0x0481) || (cp >= 0x048A && cp <= 0x04BF) ||
      (cp >= 0x04D0 && cp <= 0x04FF))
    return cp | 1;
  /* ... or, in U+04C1..U+04CE, on the odd one. */
  if (cp >= 0x04C1 && cp <= 0x04CE) return (cp & 1) ? cp + 1 : cp;
  return cp;
}

/* The ASCII reading of a Cyrillic letter, or NULL when it has none. */
static const char *cyrillic_reading(uint32_t cp, int kazakh) {
  cp = cyrillic_lower(cp);
  const char *r = MAP_FIND(slug_kk_letters, cp);
  if (r) return r;
  if (cp >= 0x0430 && cp <= 0x044F) {
    if (kazakh && slug_kk_shared[cp - 0x0430]) return slug_kk_shared[cp - 0x0430];
    return slug_icao_basic[cp - 0x0430];
  }
  return MAP_FIND(slug_icao_more, cp);
}

/* Classifies one character; for SLUG_LETTERS, *letters is what it adds
 * (`one` provides storage for single ASCII characters). */
static enum slug_kind slug_classify(uint32_t cp, int kazakh, char one[2],
                                    const char **letters) {
  one[1] = '\0';
  if (cp < 0x80) {
    if (cp >= 'A' && cp <= 'Z') cp += 'a' - 'A';
    if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9')) {
      one[0] = (char)cp;
      *letters = one;
      return SLUG_LETTERS;
    }
    return slug_dropped(cp) ? SLUG_DROP : SLUG_SEPARATE;
  }
  if (slug_dropped(cp)) return SLUG_DROP;
  const char *r = NULL;
  if (cp >= 0x0400 && cp <= 0x04FF) {
    r = cyrillic_reading(cp, kazakh);
  } else if (cp >= 0xFF10 && cp <= 0xFF19) { /* fullwidth digits */
    one[0] = (char)('0' + (cp - 0xFF10));
    r = one;
  } else if ((cp >= 0xFF21 && cp <= 0xFF3A) || (cp >= 0xFF41 && cp <= 0xFF5A)) {
    one[0] = (char)('a' + ((cp - 0xFF21) & 0x1F)); /* fullwidth Latin */
    r = one;
  } else if (cp <= 0xFFFF) {
    r = MAP_FIND(slug_latin, cp);
  }
  if (r == NULL) return SLUG_SEPARATE;
  if (r[0] == '\0') return SLUG_DROP; /* ь */
  *letters = r;
  return SLUG_LETTERS;
}

/* "kk", "kk-KZ", "kk_KZ", "KK-Cyrl-KZ", ...: Kazakh. */
static int lang_is_kazakh(const char *lang) {
  return lang != NULL && (lang[0] == 'k' || lang[0] == 'K') &&
         (lang[1] == 'k' || lang[1] == 'K') &&
         (lang[2] == '\0' || lang[2] == '-' || lang[2] == '_');
}

int qalam_slugify(char **out, const char *title, const char *lang) {
  qalam__error_clear();
  if (out == NULL)
    return qalam__error(QALAM_EINVAL,
                        "out is NULL: pass the address of a char * to "
                        "receive the slug");
  int rc = qalam__check_text(title, "title");
  if (rc != QALAM_OK) return rc;
  if (lang != NULL) {
    rc = qalam__utf8_check(lang, strlen(lang), "lang", NULL);
    if (rc != QALAM_OK) return rc;
  }
  int kazakh = lang_is_kazakh(lang);

  qalam_buf b = QALAM_BUF_INIT;
  /* Room for the longest slug plus the longest reading that can cross
   * the limit, so that a slug takes one allocation. */
  qalam__buf_grow(&b, QALAM_SLUG_MAX + 8);
  const unsigned char *s = (const unsigned char *)title;
  size_t len = strlen(title);
  int pending_dash = 0;
  /* Once past the limit the cut below knows all it needs. */
  for (size_t i = 0; i < len && !b.failed && b.len <= QALAM_SLUG_MAX;) {
    uint32_t cp;
    size_t n = qalam__utf8_decode(s + i, len - i, &cp);
    i += n ? n : 1; /* n is never 0: the title was validated */
    char one[2];
    const char *letters = NULL;
    switch (slug_classify(cp, kazakh, one, &letters)) {
    case SLUG_SEPARATE:
      pending_dash = 1;
      break;
    case SLUG_DROP:
      break;
    case SLUG_LETTERS:
      if (pending_dash && b.len > 0) qalam__buf_putc(&b, '-');
      pending_dash = 0;
      qalam__buf_puts(&b, letters);
      break;
    }
  }

  if (!b.failed && b.len > QALAM_SLUG_MAX) {
    /* Cut at the last word boundary within the limit; a first word longer
     * than the limit is cut at the limit. */
    size_t cut = QALAM_SLUG_MAX;
    if (b.ptr[cut] != '-') {
      while (cut > 0 && b.ptr[cut] != '-') cut--;
      if (cut == 0) cut = QALAM_SLUG_MAX;
    }
    qalam__buf_truncate(&b, cut);
  }
  if (!b.failed && b.len == 0) qalam__buf_puts(&b, "untitled");
  return qalam__buf_finish(out, &b);
}
