/* Tests of qalam/text.h: HTML and XML escaping, slugs, excerpts. */
#include <stdint.h>
#include <stdlib.h>

#include "harness.h"

/* A pointer no call may write over when it fails. */
static char untouched_marker[] = "untouched";
#define UNTOUCHED untouched_marker

/* ---- helpers ----------------------------------------------------------- */

typedef int (*text_fn)(char **out, const char *text);

static const char *show(const char *s) { return s ? s : "(null)"; }

/* Calls fn(text) and compares the result with `want`. */
static void expect_text_at(int line, const char *what, text_fn fn,
                           const char *text, const char *want) {
  char *got = NULL;
  int rc = fn(&got, text);
  if (rc != QALAM_OK) {
    harness_fail(__FILE__, line, "%s(\"%s\") failed: %s: %s", what, text,
                 qalam_strerror(rc), qalam_error_message());
    return;
  }
  if (strcmp(got, want) != 0)
    harness_fail(__FILE__, line, "%s(\"%s\") is\n    [%s]\n  expected\n    [%s]",
                 what, text, got, want);
  qalam_free(got);
}
#define EXPECT_HTML(text, want) \
  expect_text_at(__LINE__, "html_escape", qalam_html_escape, (text), (want))
#define EXPECT_XML(text, want) \
  expect_text_at(__LINE__, "xml_escape", qalam_xml_escape, (text), (want))

/* A slug is [a-z0-9]+ words joined by single '-', at most QALAM_SLUG_MAX
 * bytes. */
static int slug_well_formed(const char *s) {
  size_t n = strlen(s);
  if (n == 0 || n > QALAM_SLUG_MAX || s[0] == '-' || s[n - 1] == '-')
    return 0;
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    if (c == '-') {
      if (s[i + 1] == '-') return 0;
    } else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
      return 0;
    }
  }
  return 1;
}

static void expect_slug_at(int line, const char *title, const char *lang,
                           const char *want) {
  char *got = NULL;
  int rc = qalam_slugify(&got, title, lang);
  if (rc != QALAM_OK) {
    harness_fail(__FILE__, line, "slugify(\"%s\", %s) failed: %s: %s", title,
                 show(lang), qalam_strerror(rc), qalam_error_message());
    return;
  }
  if (want != NULL && strcmp(got, want) != 0)
    harness_fail(__FILE__, line,
                 "slugify(\"%s\", %s) is\n    [%s]\n  expected\n    [%s]",
                 title, show(lang), got, want);
  if (!slug_well_formed(got))
    harness_fail(__FILE__, line, "slugify(\"%s\", %s) = [%s] is not a slug",
                 title, show(lang), got);
  qalam_free(got);
}
#define EXPECT_SLUG(title, lang, want) \
  expect_slug_at(__LINE__, (title), (lang), (want))

static void expect_excerpt_at(int line, const char *text, size_t max,
                              const char *want) {
  char *got = NULL;
  int rc = qalam_excerpt(&got, text, max);
  if (rc != QALAM_OK) {
    harness_fail(__FILE__, line, "excerpt(\"%s\", %zu) failed: %s: %s", text,
                 max, qalam_strerror(rc), qalam_error_message());
    return;
  }
  if (strcmp(got, want) != 0)
    harness_fail(__FILE__, line,
                 "excerpt(\"%s\", %zu) is\n    [%s]\n  expected\n    [%s]",
                 text, max, got, want);
  qalam_free(got);
}
#define EXPECT_EXCERPT(text, max, want) \
  expect_excerpt_at(__LINE__, (text), (max), (want))

/* Code points in valid UTF-8. */
static size_t count_chars(const char *s) {
  size_t n = 0;
  for (; *s; s++)
    if (((unsigned char)*s & 0xC0) != 0x80) n++;
  return n;
}

/* ---- HTML and XML escaping --------------------------------------------- */

static void html_escape_five_characters(void) {
  EXPECT_HTML("&", "&amp;");
  EXPECT_HTML("<", "&lt;");
  EXPECT_HTML(">", "&gt;");
  EXPECT_HTML("\"", "&quot;");
  EXPECT_HTML("'", "&#39;");
  EXPECT_HTML("<a href=\"x?a=1&b=2\">Tom & Jerry's</a>",
              "&lt;a href=&quot;x?a=1&amp;b=2&quot;&gt;Tom &amp; "
              "Jerry&#39;s&lt;/a&gt;");
  /* already-escaped text is escaped again: the function is not a sanitizer */
  EXPECT_HTML("&amp;&#39;", "&amp;amp;&amp;#39;");
  EXPECT_HTML("&&<<>>", "&amp;&amp;&lt;&lt;&gt;&gt;");
}

static void html_escape_copies_everything_else(void) {
  EXPECT_HTML("", "");
  /* every other printable ASCII character, controls, and multi-byte text */
  const char *same[] = {
      "!#$%()*+,-./0123456789:;=?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`"
      "abcdefghijklmnopqrstuvwxyz{|}~",
      "tab\there\nline\r\x01\x1f\x7f",
      "Қазақстан Республикасы — «Жаңа» 😀 東京 \xef\xbf\xbf \xef\xbf\xbe",
      "\xf4\x8f\xbf\xbf", /* U+10FFFF */
  };
  for (size_t i = 0; i < HARNESS_COUNT(same); i++) EXPECT_HTML(same[i], same[i]);
  EXPECT_HTML("«Жаңа» & 😀's", "«Жаңа» &amp; 😀&#39;s");
}

static void xml_escape_five_characters(void) {
  EXPECT_XML("&", "&amp;");
  EXPECT_XML("<", "&lt;");
  EXPECT_XML(">", "&gt;");
  EXPECT_XML("\"", "&quot;");
  EXPECT_XML("'", "&apos;");
  EXPECT_XML("<title>Tom & Jerry's \"day\"</title>",
             "&lt;title&gt;Tom &amp; Jerry&apos;s &quot;day&quot;&lt;/title&gt;");
}

static void xml_escape_replaces_illegal_characters(void) {
  /* white space XML allows stays */
  EXPECT_XML("a\tb\nc\rd", "a\tb\nc\rd");
  /* every other C0 control becomes U+FFFD */
  char all[40];
  size_t n = 0;
  for (int c = 1; c < 0x20; c++)
    if (c != '\t' && c != '\n' && c != '\r') all[n++] = (char)c;
  all[n] = '\0';
  char *got = NULL;
  CHECK_OK(qalam_xml_escape(&got, all));
  CHECK_INT(strlen(got), 3 * n);
  for (size_t i = 0; got && i < n; i++)
    CHECK(memcmp(got + 3 * i, "\xef\xbf\xbd", 3) == 0);
  qalam_free(got);
  EXPECT_XML("x\x01&\x1fy", "x\xef\xbf\xbd&amp;\xef\xbf\xbdy");
  /* U+FFFE and U+FFFF are replaced; neighbours U+FFFD, U+FFFC stay */
  EXPECT_XML("\xef\xbf\xbe|\xef\xbf\xbf", "\xef\xbf\xbd|\xef\xbf\xbd");
  EXPECT_XML("\xef\xbf\xbd\xef\xbf\xbc", "\xef\xbf\xbd\xef\xbf\xbc");
  /* DEL, C1 controls, supplementary planes and other text are allowed */
  EXPECT_XML("\x7f\xc2\x85\xc2\x9f", "\x7f\xc2\x85\xc2\x9f");
  EXPECT_XML("\xf4\x8f\xbf\xbf😀", "\xf4\x8f\xbf\xbf😀");
  EXPECT_XML("Қазақстан — «Жаңа» 東京", "Қазақстан — «Жаңа» 東京");
  EXPECT_XML("", "");
}

static void escape_rejects_bad_input(void) {
  text_fn fns[] = {qalam_html_escape, qalam_xml_escape};
  for (size_t i = 0; i < HARNESS_COUNT(fns); i++) {
    char *out = UNTOUCHED;
    CHECK_ERR(fns[i](NULL, "x"), QALAM_EINVAL);
    CHECK_MSG("out");
    CHECK_ERR(fns[i](&out, NULL), QALAM_EINVAL);
    CHECK_MSG("text is NULL");
    CHECK(out == UNTOUCHED);
    CHECK_ERR(fns[i](&out, "ok & fine \xd0"), QALAM_EUTF8);
    CHECK_MSG("at byte 10");
    CHECK(out == UNTOUCHED);
    CHECK_ERR(fns[i](&out, "\xed\xa0\x80"), QALAM_EUTF8); /* surrogate */
    CHECK_MSG("at byte 0");
    CHECK_ERR(fns[i](&out, "<\xc0\xbc>"), QALAM_EUTF8); /* overlong '<' */
    CHECK_MSG("at byte 1");
    CHECK(out == UNTOUCHED);
    /* success clears the previous error */
    CHECK_OK(fns[i](&out, "fine"));
    CHECK_STR(qalam_error_message(), "");
    CHECK(out != UNTOUCHED);
    if (out != UNTOUCHED) qalam_free(out);
  }
}

/* ---- slugs ------------------------------------------------------------- */

static void slug_ascii_titles(void) {
  EXPECT_SLUG("Kazakhstan and Kyrgyzstan Continue Strengthening Allied "
              "Relations",
              NULL,
              "kazakhstan-and-kyrgyzstan-continue-strengthening-allied-"
              "relations");
  EXPECT_SLUG("Hello, World!", "en", "hello-world");
  EXPECT_SLUG("  Leading and trailing  ", NULL, "leading-and-trailing");
  EXPECT_SLUG("COVID-19: 2026 budget, 3.5% growth", NULL,
              "covid-19-2026-budget-3-5-growth");
  EXPECT_SLUG("a_b/c\\d|e+f=g@h#i", NULL, "a-b-c-d-e-f-g-h-i");
  EXPECT_SLUG("tab\tnew\nline\r", NULL, "tab-new-line");
  /* fullwidth letters and digits */
  EXPECT_SLUG("ＡＢＣ１２３ ｘｙｚ", NULL, "abc123-xyz");
}

static void slug_newspaper_titles(void) {
  EXPECT_SLUG("MAULEN ASHIMBAEV DISCUSSES THE MAIN MEANING OF THE DRAFT NEW "
              "CONSTITUTION WITH ACTIVE CITIZENS OF ALMATY",
              NULL,
              "maulen-ashimbaev-discusses-the-main-meaning-of-the-draft-new-"
              "constitution-with");
  EXPECT_SLUG("Қазақстан Республикасы", "kk", "qazaqstan-respublikasy");
  EXPECT_SLUG("Қазақстан Республикасы", NULL, "qazaqstan-respublikasy");
  EXPECT_SLUG("Мәулен Әшімбаев Алматының белсенді азаматтарымен жаңа "
              "Конституция жобасын талқылады",
              "kk",
              "maulen-ashimbaev-almatynyn-belsendi-azamattarymen-jana-"
              "konstitutsiia-jobasyn");
  EXPECT_SLUG("Съезд в Щучинске", "ru", "sieezd-v-shchuchinske");
  EXPECT_SLUG("Съезд в Щучинске", NULL, "sieezd-v-shchuchinske");
  EXPECT_SLUG("Казахстан и Кыргызстан продолжают укреплять союзнические "
              "отношения",
              "ru",
              "kazakhstan-i-kyrgyzstan-prodolzhaiut-ukrepliat-soiuznicheskie-"
              "otnosheniia");
  EXPECT_SLUG("Kazakhstan’s “New” Constitution — what changes?", "en",
              "kazakhstans-new-constitution-what-changes");
}

/* Every Kazakh-specific letter, capital and small, reads the same whatever
 * the language. */
static void slug_kazakh_letters(void) {
  static const struct {
    const char *upper, *lower, *ascii;
  } letters[] = {
      {"Ә", "ә", "a"}, {"Ғ", "ғ", "g"}, {"Қ", "қ", "q"},
      {"Ң", "ң", "n"}, {"Ө", "ө", "o"}, {"Ұ", "ұ", "u"},
      {"Ү", "ү", "u"}, {"Һ", "һ", "h"}, {"І", "і", "i"},
  };
  const char *langs[] = {NULL, "kk", "ru", "en"};
  for (size_t i = 0; i < HARNESS_COUNT(letters); i++) {
    for (size_t l = 0; l < HARNESS_COUNT(langs); l++) {
      EXPECT_SLUG(letters[i].upper, langs[l], letters[i].ascii);
      EXPECT_SLUG(letters[i].lower, langs[l], letters[i].ascii);
    }
  }
  EXPECT_SLUG("ӘҒҚҢӨҰҮҺІ әғқңөұүһі", NULL, "agqnouuhi-agqnouuhi");
  EXPECT_SLUG("Өңірлік жаңалықтар", "kk", "onirlik-janalyqtar");
  EXPECT_SLUG("Ұлттық құрылтай", "kk", "ulttyq-quryltai");
  EXPECT_SLUG("Үкімет һәм ғылым", "kk", "ukimet-ham-gylym");
}

/* Every Russian letter, capital and small, by ICAO Doc 9303 and by the
 * Kazakh table (which falls back to ICAO for the letters it lacks). */
static void slug_russian_letters(void) {
  static const struct {
    const char *upper, *lower, *icao, *kk;
  } letters[] = {
      {"А", "а", "a", "a"},     {"Б", "б", "b", "b"},
      {"В", "в", "v", "v"},     {"Г", "г", "g", "g"},
      {"Д", "д", "d", "d"},     {"Е", "е", "e", "e"},
      {"Ё", "ё", "e", "e"},     {"Ж", "ж", "zh", "j"},
      {"З", "з", "z", "z"},     {"И", "и", "i", "i"},
      {"Й", "й", "i", "i"},     {"К", "к", "k", "k"},
      {"Л", "л", "l", "l"},     {"М", "м", "m", "m"},
      {"Н", "н", "n", "n"},     {"О", "о", "o", "o"},
      {"П", "п", "p", "p"},     {"Р", "р", "r", "r"},
      {"С", "с", "s", "s"},     {"Т", "т", "t", "t"},
      {"У", "у", "u", "u"},     {"Ф", "ф", "f", "f"},
      {"Х", "х", "kh", "h"},    {"Ц", "ц", "ts", "ts"},
      {"Ч", "ч", "ch", "ch"},   {"Ш", "ш", "sh", "sh"},
      {"Щ", "щ", "shch", "shch"}, {"Ъ", "ъ", "ie", "ie"},
      {"Ы", "ы", "y", "y"},     {"Ь", "ь", "untitled", "untitled"},
      {"Э", "э", "e", "e"},     {"Ю", "ю", "iu", "iu"},
      {"Я", "я", "ia", "ia"},
  };
  for (size_t i = 0; i < HARNESS_COUNT(letters); i++) {
    EXPECT_SLUG(letters[i].upper, NULL, letters[i].icao);
    EXPECT_SLUG(letters[i].lower, NULL, letters[i].icao);
    EXPECT_SLUG(letters[i].lower, "ru", letters[i].icao);
    EXPECT_SLUG(letters[i].upper, "kk", letters[i].kk);
    EXPECT_SLUG(letters[i].lower, "kk", letters[i].kk);
  }
  EXPECT_SLUG("абвгдеёжзийклмнопрстуфхцчшщъыьэюя", "ru",
              "abvgdeezhziiklmnoprstufkhtschshshchieyeiuia");
  EXPECT_SLUG("АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ", NULL,
              "abvgdeezhziiklmnoprstufkhtschshshchieyeiuia");
  EXPECT_SLUG("абвгдеёжзийклмнопрстуфхцчшщъыьэюя", "kk",
              "abvgdeejziiklmnoprstufhtschshshchieyeiuia");
  /* the soft sign neither reads nor splits the word */
  EXPECT_SLUG("Мягкий знак: пальто, Ильич", "ru",
              "miagkii-znak-palto-ilich");
  EXPECT_SLUG("Объявление, подъезд, Ёлка, Юлия, Эксперт", "ru",
              "obieiavlenie-podieezd-elka-iuliia-ekspert");
}

static void slug_kazakh_and_russian_readings(void) {
  /* the letters whose reading depends on the language */
  EXPECT_SLUG("Жақсы хабар", "kk", "jaqsy-habar");
  EXPECT_SLUG("Жақсы хабар", "ru", "zhaqsy-khabar");
  EXPECT_SLUG("Жақсы хабар", NULL, "zhaqsy-khabar");
  EXPECT_SLUG("Жақсы хабар", "en", "zhaqsy-khabar");
  /* the Kazakh reading for every way of writing the language tag */
  EXPECT_SLUG("Жол", "kk-KZ", "jol");
  EXPECT_SLUG("Жол", "kk_KZ", "jol");
  EXPECT_SLUG("Жол", "KK", "jol");
  EXPECT_SLUG("Жол", "kk-Cyrl-KZ", "jol");
  EXPECT_SLUG("Жол", "kkx", "zhol"); /* not Kazakh */
  EXPECT_SLUG("Жол", "k", "zhol");
  EXPECT_SLUG("Жол", "", "zhol");
  /* the rest agree */
  EXPECT_SLUG("Шымкент, Чай, Йогурт, Уақыт", "kk", "shymkent-chai-iogurt-uaqyt");
  EXPECT_SLUG("Шымкент, Чай, Йогурт, Уақыт", "ru", "shymkent-chai-iogurt-uaqyt");
  /* letters the 2021 alphabet lacks fall back to ICAO with "kk" too */
  EXPECT_SLUG("Цирк Щедрин Съезд Юрта Ясли Электр Ёж", "kk",
              "tsirk-shchedrin-sieezd-iurta-iasli-elektr-ej");
}

static void slug_other_cyrillic_letters(void) {
  /* Ukrainian and Belarusian, by the ICAO table (no language exceptions) */
  EXPECT_SLUG("Київ", "uk", "kiiv");
  EXPECT_SLUG("Європа", NULL, "ievropa");
  EXPECT_SLUG("Ґанок ґудзик", NULL, "ganok-gudzik");
  EXPECT_SLUG("праўда Ўладзімір", "be", "prauda-uladzimir");
  EXPECT_SLUG("ЇЄҐЎІ їєґўі", NULL, "iiegui-iiegui");
  /* Serbian and Macedonian letters of the same table */
  EXPECT_SLUG("Ђђ Јј Љљ Њњ Ћћ Џџ Ѓѓ Ќќ Ѕѕ", NULL,
              "dd-jj-ljlj-njnj-cc-dzdz-gg-kk-dzdz");
  /* Cyrillic letters the tables do not cover separate words */
  EXPECT_SLUG("аҗа", NULL, "a-a");
}

static void slug_latin_diacritics(void) {
  EXPECT_SLUG("Café Müller: ñandú, façade, Straße", NULL,
              "cafe-muller-nandu-facade-strasse");
  EXPECT_SLUG("Ærøskøbing Œuvre Łódź Đakovo Þór Ðand", NULL,
              "aeroskobing-oeuvre-lodz-dakovo-thor-dand");
  EXPECT_SLUG("İstanbul Iğdır Şişli Çanakkale Gümüşhane", "tr",
              "istanbul-igdir-sisli-canakkale-gumushane");
  EXPECT_SLUG("ÀÁÂÃÄÅ àáâãäå ÈÉÊË èéêë ÌÍÎÏ ìíîï", NULL,
              "aaaaaa-aaaaaa-eeee-eeee-iiii-iiii");
  EXPECT_SLUG("ÒÓÔÕÖØ òóôõöø ÙÚÛÜ ùúûü ÝŸý ÿ Ññ Çç ß ẞ", NULL,
              "oooooo-oooooo-uuuu-uuuu-yyy-y-nn-cc-ss-ss");
  EXPECT_SLUG("Ăă Ąą Ćć Čč Ďď Ěě Ęę Ğğ Ħħ Ĳĳ Ľľ Ŀŀ Ńń", NULL,
              "aa-aa-cc-cc-dd-ee-ee-gg-hh-ijij-ll-ll-nn");
  EXPECT_SLUG("Řř Śś Šš Ťť Ŧŧ Ůů Űű Źź Žž Żż ſ ŉ ĸ Ŋŋ", NULL,
              "rr-ss-ss-tt-tt-uu-uu-zz-zz-zz-s-n-k-ngng");
  /* Romanian, Azerbaijani, Vietnamese, ligatures */
  EXPECT_SLUG("Școală Țară", "ro", "scoala-tara");
  EXPECT_SLUG("Azərbaycan", NULL, "azerbaycan");
  EXPECT_SLUG("Việt Nam Hồ Chí Minh Đà Nẵng", NULL,
              "viet-nam-ho-chi-minh-da-nang");
  EXPECT_SLUG("ﬁnance ﬂow ﬀ ﬃ ﬄ ﬆ", NULL, "finance-flow-ff-ffi-ffl-st");
  /* decomposed accents: the combining mark is dropped, the word holds */
  EXPECT_SLUG("Cafe\xcc\x81 nai\xcc\x88ve", NULL, "cafe-naive");
  /* × and ÷ are symbols, not letters */
  EXPECT_SLUG("3×4÷2", NULL, "3-4-2");
}

static void slug_apostrophes_quotes_dashes(void) {
  EXPECT_SLUG("country's", NULL, "countrys");
  EXPECT_SLUG("Kazakhstan’s", NULL, "kazakhstans");
  EXPECT_SLUG("the country‘s ʼcapitalʼ and O`Brien", NULL,
              "the-countrys-capital-and-obrien");
  EXPECT_SLUG("\"Quoted\" “title” «Астана» „Берлин“ ‹x›", NULL,
              "quoted-title-astana-berlin-x");
  EXPECT_SLUG("rock ’n’ roll", NULL, "rock-n-roll");
  EXPECT_SLUG("'leading and trailing'", NULL, "leading-and-trailing");
  EXPECT_SLUG("Astana–Almaty — 2026 - news", NULL, "astana-almaty-2026-news");
  EXPECT_SLUG("--Hello--World--", NULL, "hello-world");
  EXPECT_SLUG("a - - b ... c !!! d", NULL, "a-b-c-d");
  EXPECT_SLUG("one ' - ’ two", NULL, "one-two");
  EXPECT_SLUG("co\xc2\xadop", NULL, "coop"); /* soft hyphen */
  /* emoji and other symbols separate words and never leave a stray '-' */
  EXPECT_SLUG("🚀 Launch 🚀🚀 day 🎉", NULL, "launch-day");
  EXPECT_SLUG("a😀b", NULL, "a-b");
  EXPECT_SLUG("👩‍👩‍👧 family 👍🏽", NULL, "family");
  EXPECT_SLUG("price: 100 € / $5 ©2026™", NULL, "price-100-5-2026");
  EXPECT_SLUG("Tokyo 東京 news", NULL, "tokyo-news");
  EXPECT_SLUG("Hello\xc2\xa0world\xe3\x80\x80" "again", NULL, "hello-world-again");
}

static void slug_untitled(void) {
  const char *empty[] = {"",  "   ", "!!!",     "—–-",   "\"'’«»",
                         "😀", "🎉🚀", "東京大学", "ь Ь",   "\t\n"};
  for (size_t i = 0; i < HARNESS_COUNT(empty); i++)
    EXPECT_SLUG(empty[i], NULL, "untitled");
  EXPECT_SLUG("ь", "kk", "untitled");
  EXPECT_SLUG("😀 東京 — «»", "kk", "untitled");
}

static void slug_length_limit(void) {
  char title[512], want[128];
  /* a single 100-letter word is cut at 80 */
  memset(title, 'a', 100);
  title[100] = '\0';
  memset(want, 'a', 80);
  want[80] = '\0';
  EXPECT_SLUG(title, NULL, want);
  /* ... also when more words follow */
  strcpy(title + 100, " tail words");
  EXPECT_SLUG(title, NULL, want);
  /* exactly 80 bytes: kept whole */
  strcpy(title, "abcdefg abcdefg abcdefg abcdefg abcdefg abcdefg abcdefg "
                "abcdefg abcdefg abcdefgh");
  strcpy(want, "abcdefg-abcdefg-abcdefg-abcdefg-abcdefg-abcdefg-abcdefg-"
               "abcdefg-abcdefg-abcdefgh");
  CHECK_INT(strlen(want), 80);
  EXPECT_SLUG(title, NULL, want);
  /* one more word: cut back to the 80 bytes before it */
  strcat(title, " x");
  EXPECT_SLUG(title, NULL, want);
  /* one more letter in the last word: that word goes */
  strcpy(title, "abcdefg abcdefg abcdefg abcdefg abcdefg abcdefg abcdefg "
                "abcdefg abcdefg abcdefghi");
  strcpy(want, "abcdefg-abcdefg-abcdefg-abcdefg-abcdefg-abcdefg-abcdefg-"
               "abcdefg-abcdefg");
  EXPECT_SLUG(title, NULL, want);
  /* a 79-letter word and a second word: only the first */
  memset(title, 'b', 79);
  strcpy(title + 79, " cc");
  memset(want, 'b', 79);
  want[79] = '\0';
  EXPECT_SLUG(title, NULL, want);
  /* a multi-letter reading across the limit: a single word is cut at 80 */
  memset(title, 'a', 78);
  strcpy(title + 78, "щ");
  memset(want, 'a', 78);
  strcpy(want + 78, "sh");
  EXPECT_SLUG(title, "ru", want);
  /* Cyrillic words: cut at the last boundary */
  EXPECT_SLUG("Государственная программа развития образования и науки "
              "Республики Казахстан на 2026 год",
              "ru",
              "gosudarstvennaia-programma-razvitiia-obrazovaniia-i-nauki-"
              "respubliki-kazakhstan");
  /* a very long title costs no more than its first 80 bytes of slug */
  size_t big = 200000;
  char *huge = malloc(big + 1);
  CHECK(huge != NULL);
  if (huge) {
    for (size_t i = 0; i < big; i++) huge[i] = (i % 6 == 5) ? ' ' : 'x';
    huge[big] = '\0';
    EXPECT_SLUG(huge, NULL,
                "xxxxx-xxxxx-xxxxx-xxxxx-xxxxx-xxxxx-xxxxx-xxxxx-xxxxx-xxxxx-"
                "xxxxx-xxxxx-xxxxx");
    free(huge);
  }
}

/* Many awkward titles: every result is a well-formed slug. */
static void slug_always_well_formed(void) {
  const char *titles[] = {
      "-", "a-", "-a", "a--b", "' a '", "’’’x’’’", "x ь y", "ь-ь",
      "😀a😀", "a 😀 ", "«»a«»", "\xcc\x81", "a\xcc\x81\xcc\x81" "b",
      "ЖАҢАЛЫҚТАР: «Астана» — 2026!", "Ĳĳŉſẞ", "１２３－４５６",
      "a\xe2\x80\x8b" "b", /* zero width space separates */
  };
  const char *langs[] = {NULL, "kk", "ru"};
  for (size_t i = 0; i < HARNESS_COUNT(titles); i++)
    for (size_t l = 0; l < HARNESS_COUNT(langs); l++)
      EXPECT_SLUG(titles[i], langs[l], NULL);
  EXPECT_SLUG("a\xe2\x80\x8b" "b", NULL, "a-b");
  EXPECT_SLUG("x ь y", NULL, "x-y");
  EXPECT_SLUG("ь-ь", NULL, "untitled");
  /* each of the 80 possible cut points of a title of short words */
  char title[256];
  for (size_t lead = 0; lead < 12; lead++) {
    size_t n = 0;
    for (size_t i = 0; i < lead; i++) title[n++] = 'z';
    for (int w = 0; w < 40; w++) {
      title[n++] = ' ';
      for (int k = 0; k <= w % 4; k++) title[n++] = (char)('a' + k);
    }
    title[n] = '\0';
    EXPECT_SLUG(title, NULL, NULL);
  }
}

static void slug_rejects_bad_input(void) {
  char *out = UNTOUCHED;
  CHECK_ERR(qalam_slugify(NULL, "x", NULL), QALAM_EINVAL);
  CHECK_MSG("out");
  CHECK_ERR(qalam_slugify(&out, NULL, "kk"), QALAM_EINVAL);
  CHECK_MSG("title is NULL");
  CHECK(out == UNTOUCHED);
  CHECK_ERR(qalam_slugify(&out, "Hello \xff world", NULL), QALAM_EUTF8);
  CHECK_MSG("title");
  CHECK_MSG("at byte 6");
  CHECK(out == UNTOUCHED);
  CHECK_ERR(qalam_slugify(&out, "Қазақ\xd2", "kk"), QALAM_EUTF8);
  CHECK_MSG("at byte 10");
  CHECK_ERR(qalam_slugify(&out, "ok", "k\xe2\x80"), QALAM_EUTF8);
  CHECK_MSG("lang");
  CHECK_MSG("at byte 1");
  CHECK(out == UNTOUCHED);
}

/* ---- excerpts ---------------------------------------------------------- */

static void excerpt_fits(void) {
  EXPECT_EXCERPT("Hello world", 11, "Hello world");
  EXPECT_EXCERPT("Hello world", 1000, "Hello world");
  EXPECT_EXCERPT("Қазақстан Республикасы", 22, "Қазақстан Республикасы");
  EXPECT_EXCERPT("a", 1, "a");
  EXPECT_EXCERPT("😀", 1, "😀");
  EXPECT_EXCERPT("", 5, "");
  EXPECT_EXCERPT(" \t\r\n ", 5, "");
}

static void excerpt_folds_white_space(void) {
  EXPECT_EXCERPT("  Hello \t\n  world\r\n\r\nagain  ", 100,
                 "Hello world again");
  /* Unicode spaces: no-break, thin, ideographic, line separator */
  EXPECT_EXCERPT("\xc2\xa0" "a\xc2\xa0\xc2\xa0" "b\xe2\x80\x89" "c"
                 "\xe3\x80\x80" "d\xe2\x80\xa8" "e\xc2\xa0",
                 100, "a b c d e");
  /* the folded length is what must fit */
  EXPECT_EXCERPT("one      two", 7, "one two");
  EXPECT_EXCERPT("one      two", 6, "one…");
  /* characters that are not white space stay */
  EXPECT_EXCERPT("a\xe2\x80\x8b" "b", 100, "a\xe2\x80\x8b" "b");
}

static void excerpt_cuts_at_word_boundary(void) {
  EXPECT_EXCERPT("Hello world", 10, "Hello…");
  EXPECT_EXCERPT("Hello world", 6, "Hello…");
  EXPECT_EXCERPT("Hello world", 5, "Hello…");
  EXPECT_EXCERPT("Hello big world", 9, "Hello big…");
  EXPECT_EXCERPT("Hello big world", 10, "Hello big…");
  EXPECT_EXCERPT("Hello big world", 14, "Hello big…");
  EXPECT_EXCERPT("The quick brown fox jumps over the lazy dog", 20,
                 "The quick brown fox…");
  EXPECT_EXCERPT("  The   quick\n\nbrown fox  ", 12, "The quick…");
}

static void excerpt_long_first_word(void) {
  EXPECT_EXCERPT("Supercalifragilistic", 5, "Super…");
  EXPECT_EXCERPT("Supercalifragilistic word", 5, "Super…");
  EXPECT_EXCERPT("   Supercalifragilistic", 3, "Sup…");
  EXPECT_EXCERPT("Hello", 1, "H…");
  EXPECT_EXCERPT("a b", 1, "a…");
  EXPECT_EXCERPT("ab cd", 1, "a…");
  EXPECT_EXCERPT("Қазақ", 1, "Қ…");
  EXPECT_EXCERPT("Республикасы", 5, "Респу…");
}

static void excerpt_multibyte_near_cut(void) {
  EXPECT_EXCERPT("Қазақстан Республикасы", 9, "Қазақстан…");
  EXPECT_EXCERPT("Қазақстан Республикасы", 10, "Қазақстан…");
  EXPECT_EXCERPT("Қазақстан Республикасы", 21, "Қазақстан…");
  EXPECT_EXCERPT("Hi 😀😀😀", 4, "Hi…");
  EXPECT_EXCERPT("Hi 😀😀😀", 6, "Hi 😀😀😀");
  EXPECT_EXCERPT("😀😀😀", 2, "😀😀…");
  EXPECT_EXCERPT("😀 😀😀", 2, "😀…");
  EXPECT_EXCERPT("東京大学の研究", 3, "東京大…");

  /* every cut of a mixed text: valid UTF-8, at most max + 1 characters,
   * "…" exactly when cut, a prefix of the folded text, no double space */
  const char *text = "  Жаңа  заң 😀 қабылданды:\tдепутаттар\n«иә» деді 東京 ok ";
  const char *folded = "Жаңа заң 😀 қабылданды: депутаттар «иә» деді 東京 ok";
  size_t total = count_chars(folded);
  for (size_t max = 1; max <= total + 2; max++) {
    char *got = NULL;
    CHECK_OK(qalam_excerpt(&got, text, max));
    if (got == NULL) continue;
    size_t len = strlen(got);
    CHECK_OK(qalam_utf8_validate(NULL, got, len));
    CHECK(count_chars(got) <= max + 1);
    CHECK(strstr(got, "  ") == NULL);
    int cut = len >= 3 && strcmp(got + len - 3, "…") == 0;
    if (max >= total) {
      CHECK_STR(got, folded);
    } else {
      CHECK(cut);
      size_t body = cut ? len - 3 : len;
      CHECK(body > 0 && got[body - 1] != ' ');
      CHECK(strncmp(got, folded, body) == 0);
      /* cut at a word end, or inside the first word */
      CHECK(folded[body] == ' ' || strchr(got, ' ') == NULL);
    }
    qalam_free(got);
  }
}

static void excerpt_rejects_bad_input(void) {
  char *out = UNTOUCHED;
  CHECK_ERR(qalam_excerpt(NULL, "x", 5), QALAM_EINVAL);
  CHECK_MSG("out");
  CHECK_ERR(qalam_excerpt(&out, NULL, 5), QALAM_EINVAL);
  CHECK_MSG("text is NULL");
  CHECK_ERR(qalam_excerpt(&out, "text", 0), QALAM_EINVAL);
  CHECK_MSG("max_chars");
  CHECK(out == UNTOUCHED);
  CHECK_ERR(qalam_excerpt(&out, "Жаңа \xe2\x80 заң", 5), QALAM_EUTF8);
  CHECK_MSG("at byte 9");
  CHECK_ERR(qalam_excerpt(&out, "\xc0\x80", 5), QALAM_EUTF8);
  CHECK_MSG("at byte 0");
  CHECK(out == UNTOUCHED);
}

/* ---- allocation failures ----------------------------------------------- */

static int scenario_html_escape(void) {
  char *a = NULL, *b = NULL;
  TRY(qalam_html_escape(&a, "<p class=\"x\">Tom & Jerry's «Жаңа» 😀</p>"));
  int rc = qalam_html_escape(&b, "");
  qalam_free(a);
  if (rc == QALAM_OK) qalam_free(b);
  return rc;
}

static int scenario_xml_escape(void) {
  char *a = NULL, *b = NULL;
  TRY(qalam_xml_escape(&a, "<t a='1'>\x01 & \xef\xbf\xbf Жаңа</t>"));
  int rc = qalam_xml_escape(&b, "plain");
  qalam_free(a);
  if (rc == QALAM_OK) qalam_free(b);
  return rc;
}

static int scenario_slugify(void) {
  const char *titles[] = {
      "Қазақстан Республикасы",
      "MAULEN ASHIMBAEV DISCUSSES THE MAIN MEANING OF THE DRAFT NEW "
      "CONSTITUTION WITH ACTIVE CITIZENS OF ALMATY",
      "😀 東京", /* untitled */
  };
  for (size_t i = 0; i < HARNESS_COUNT(titles); i++) {
    char *s = NULL;
    TRY(qalam_slugify(&s, titles[i], "kk"));
    qalam_free(s);
  }
  return QALAM_OK;
}

static int scenario_excerpt(void) {
  const char *text =
      "Мәулен Әшімбаев Алматының белсенді азаматтарымен жаңа Конституция "
      "жобасын талқылады. Maulen Ashimbaev discusses the main meaning of the "
      "draft new constitution with active citizens of Almaty 😀.";
  size_t maxes[] = {1, 10, 60, 1000};
  for (size_t i = 0; i < HARNESS_COUNT(maxes); i++) {
    char *s = NULL;
    TRY(qalam_excerpt(&s, text, maxes[i]));
    qalam_free(s);
  }
  return QALAM_OK;
}

int main(int argc, char **argv) {
  static const harness_test tests[] = {
      HARNESS_TEST(html_escape_five_characters),
      HARNESS_TEST(html_escape_copies_everything_else),
      HARNESS_TEST(xml_escape_five_characters),
      HARNESS_TEST(xml_escape_replaces_illegal_characters),
      HARNESS_TEST(escape_rejects_bad_input),
      HARNESS_TEST(slug_ascii_titles),
      HARNESS_TEST(slug_newspaper_titles),
      HARNESS_TEST(slug_kazakh_letters),
      HARNESS_TEST(slug_russian_letters),
      HARNESS_TEST(slug_kazakh_and_russian_readings),
      HARNESS_TEST(slug_other_cyrillic_letters),
      HARNESS_TEST(slug_latin_diacritics),
      HARNESS_TEST(slug_apostrophes_quotes_dashes),
      HARNESS_TEST(slug_untitled),
      HARNESS_TEST(slug_length_limit),
      HARNESS_TEST(slug_always_well_formed),
      HARNESS_TEST(slug_rejects_bad_input),
      HARNESS_TEST(excerpt_fits),
      HARNESS_TEST(excerpt_folds_white_space),
      HARNESS_TEST(excerpt_cuts_at_word_boundary),
      HARNESS_TEST(excerpt_long_first_word),
      HARNESS_TEST(excerpt_multibyte_near_cut),
      HARNESS_TEST(excerpt_rejects_bad_input),
  };
  static const harness_scenario scenarios[] = {
      {"html_escape", scenario_html_escape, NULL, NULL},
      {"xml_escape", scenario_xml_escape, NULL, NULL},
      {"slugify", scenario_slugify, NULL, NULL},
      {"excerpt", scenario_excerpt, NULL, NULL},
  };
  return harness_main(argc, argv, tests, HARNESS_COUNT(tests), scenarios,
                      HARNESS_COUNT(scenarios));
}
