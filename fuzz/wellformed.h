/*
 * wellformed.h - small strict checkers for what the feed target renders:
 * XML 1.0 well-formedness (no DTD, so only the five predefined entities)
 * and JSON (RFC 8259). Each returns NULL when the document is fine, else a
 * static description of the first problem, with *where set to its offset.
 */
#ifndef QALAM_FUZZ_WELLFORMED_H
#define QALAM_FUZZ_WELLFORMED_H

#include <stdint.h>
#include <string.h>

/* Decodes one UTF-8 character (valid input assumed); returns its length. */
static size_t wf_char(const unsigned char *p, uint32_t *cp) {
  if (p[0] < 0x80) {
    *cp = p[0];
    return 1;
  }
  if (p[0] < 0xE0) {
    *cp = (uint32_t)(p[0] & 0x1F) << 6 | (p[1] & 0x3F);
    return 2;
  }
  if (p[0] < 0xF0) {
    *cp = (uint32_t)(p[0] & 0x0F) << 12 | (uint32_t)(p[1] & 0x3F) << 6 |
          (p[2] & 0x3F);
    return 3;
  }
  *cp = (uint32_t)(p[0] & 0x07) << 18 | (uint32_t)(p[1] & 0x3F) << 12 |
        (uint32_t)(p[2] & 0x3F) << 6 | (p[3] & 0x3F);
  return 4;
}

static int wf_xml_char_ok(uint32_t c) {
  return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
         (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

static int wf_name_char(unsigned char c, int first) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
         c == ':' || c >= 0x80 ||
         (!first && ((c >= '0' && c <= '9') || c == '-' || c == '.'));
}

/* A character or entity reference at p ('&'); returns its length or 0. */
static size_t wf_xml_ref(const char *p) {
  static const char *const named[] = {"&amp;", "&lt;", "&gt;", "&quot;",
                                      "&apos;"};
  for (size_t i = 0; i < 5; i++)
    if (!strncmp(p, named[i], strlen(named[i])))
      return strlen(named[i]);
  if (p[1] != '#')
    return 0;
  int hex = p[2] == 'x';
  const char *q = p + 2 + hex;
  uint32_t v = 0;
  size_t digits = 0;
  for (;; q++, digits++) {
    unsigned d;
    if (*q >= '0' && *q <= '9')
      d = (unsigned)(*q - '0');
    else if (hex && *q >= 'a' && *q <= 'f')
      d = (unsigned)(*q - 'a' + 10);
    else if (hex && *q >= 'A' && *q <= 'F')
      d = (unsigned)(*q - 'A' + 10);
    else
      break;
    v = v * (hex ? 16 : 10) + d;
    if (v > 0x10FFFF)
      return 0;
  }
  if (!digits || *q != ';' || !wf_xml_char_ok(v))
    return 0;
  return (size_t)(q + 1 - p);
}

#define WF_FAIL(msg)                                                       \
  do {                                                                     \
    *where = (size_t)(p - doc);                                            \
    return msg;                                                            \
  } while (0)

static const char *wf_xml(const char *doc, size_t *where) {
  enum { MAXDEPTH = 256 };
  const char *stack[MAXDEPTH];
  size_t stack_len[MAXDEPTH];
  int depth = 0, roots = 0;
  const char *p = doc;
  while (*p) {
    if (*p == '<') {
      if (!strncmp(p, "<?", 2)) {
        const char *end = strstr(p, "?>");
        if (!end || depth)
          WF_FAIL("bad processing instruction");
        p = end + 2;
      } else if (!strncmp(p, "<!--", 4)) {
        const char *end = strstr(p + 4, "--");
        if (!end || end[2] != '>')
          WF_FAIL("bad comment");
        p = end + 3;
      } else if (!strncmp(p, "<![CDATA[", 9)) {
        const char *end = strstr(p, "]]>");
        if (!end || !depth)
          WF_FAIL("bad CDATA section");
        p = end + 3;
      } else if (p[1] == '/') {
        const char *name = p + 2;
        size_t n = 0;
        while (wf_name_char((unsigned char)name[n], n == 0))
          n++;
        if (!depth || n != stack_len[depth - 1] ||
            memcmp(name, stack[depth - 1], n))
          WF_FAIL("end tag does not match");
        depth--;
        p = name + n;
        while (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r')
          p++;
        if (*p != '>')
          WF_FAIL("bad end tag");
        p++;
      } else {
        const char *name = p + 1;
        size_t n = 0;
        while (wf_name_char((unsigned char)name[n], n == 0))
          n++;
        if (!n)
          WF_FAIL("bad tag name");
        if (!depth && roots++)
          WF_FAIL("second root element");
        p = name + n;
        for (;;) {
          int space = 0;
          while (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r') {
            p++;
            space = 1;
          }
          if (*p == '>' || (p[0] == '/' && p[1] == '>'))
            break;
          size_t an = 0;
          while (wf_name_char((unsigned char)p[an], an == 0))
            an++;
          if (!an || !space)
            WF_FAIL("bad attribute");
          p += an;
          if (*p++ != '=')
            WF_FAIL("attribute without '='");
          char quote = *p++;
          if (quote != '"' && quote != '\'')
            WF_FAIL("unquoted attribute");
          while (*p != quote) {
            if (!*p || *p == '<')
              WF_FAIL("bad attribute value");
            if (*p == '&') {
              size_t r = wf_xml_ref(p);
              if (!r)
                WF_FAIL("bad reference in attribute");
              p += r;
              continue;
            }
            uint32_t c;
            size_t len = wf_char((const unsigned char *)p, &c);
            if (!wf_xml_char_ok(c))
              WF_FAIL("character not allowed in XML");
            p += len;
          }
          p++;
        }
        if (*p == '/') {
          p += 2;
        } else {
          if (depth == MAXDEPTH)
            WF_FAIL("too deep");
          stack[depth] = name;
          stack_len[depth++] = n;
          p++;
        }
      }
    } else if (*p == '&') {
      size_t r = wf_xml_ref(p);
      if (!r || !depth)
        WF_FAIL("bad reference");
      p += r;
    } else {
      if (!strncmp(p, "]]>", 3))
        WF_FAIL("']]>' in text");
      uint32_t c;
      size_t len = wf_char((const unsigned char *)p, &c);
      if (!wf_xml_char_ok(c))
        WF_FAIL("character not allowed in XML");
      if (!depth && c != ' ' && c != '\n' && c != '\t' && c != '\r')
        WF_FAIL("text outside the root element");
      p += len;
    }
  }
  if (depth)
    WF_FAIL("unclosed element");
  if (roots != 1)
    WF_FAIL("no root element");
  return NULL;
}

/* --- JSON ---------------------------------------------------------------- */

static void wf_json_ws(const char **p) {
  while (**p == ' ' || **p == '\n' || **p == '\t' || **p == '\r')
    ++*p;
}

static int wf_hex4(const char *p, unsigned *v) {
  *v = 0;
  for (int i = 0; i < 4; i++) {
    char c = p[i];
    unsigned d;
    if (c >= '0' && c <= '9')
      d = (unsigned)(c - '0');
    else if (c >= 'a' && c <= 'f')
      d = (unsigned)(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F')
      d = (unsigned)(c - 'A' + 10);
    else
      return 0;
    *v = *v * 16 + d;
  }
  return 1;
}

static const char *wf_json_value(const char **pp, int depth);

static const char *wf_json_string(const char **pp) {
  const char *p = *pp;
  if (*p++ != '"')
    return "string expected";
  for (;;) {
    unsigned char c = (unsigned char)*p;
    if (!c)
      return "unterminated string";
    if (c < 0x20) {
      *pp = p;
      return "control character in string";
    }
    if (c == '"')
      break;
    if (c == '\\') {
      p++;
      if (strchr("\"\\/bfnrt", *p) && *p) {
        p++;
      } else if (*p == 'u') {
        unsigned v, w;
        if (!wf_hex4(p + 1, &v)) {
          *pp = p;
          return "bad \\u escape";
        }
        p += 5;
        if (v >= 0xDC00 && v <= 0xDFFF) {
          *pp = p;
          return "lone low surrogate";
        }
        if (v >= 0xD800 && v <= 0xDBFF) {
          if (p[0] != '\\' || p[1] != 'u' || !wf_hex4(p + 2, &w) ||
              w < 0xDC00 || w > 0xDFFF) {
            *pp = p;
            return "lone high surrogate";
          }
          p += 6;
        }
      } else {
        *pp = p;
        return "bad escape";
      }
    } else {
      p++;
    }
  }
  *pp = p + 1;
  return NULL;
}

static const char *wf_json_value(const char **pp, int depth) {
  const char *err;
  if (depth > 64)
    return "too deep";
  wf_json_ws(pp);
  const char *p = *pp;
  if (*p == '{' || *p == '[') {
    char close = *p == '{' ? '}' : ']';
    *pp = p + 1;
    wf_json_ws(pp);
    if (**pp == close) {
      ++*pp;
      return NULL;
    }
    for (;;) {
      if (close == '}') {
        wf_json_ws(pp);
        if ((err = wf_json_string(pp)))
          return err;
        wf_json_ws(pp);
        if (**pp != ':')
          return "':' expected";
        ++*pp;
      }
      if ((err = wf_json_value(pp, depth + 1)))
        return err;
      wf_json_ws(pp);
      if (**pp == ',') {
        ++*pp;
        continue;
      }
      if (**pp != close)
        return "',' or end expected";
      ++*pp;
      return NULL;
    }
  }
  if (*p == '"')
    return wf_json_string(pp);
  if (!strncmp(p, "true", 4) || !strncmp(p, "null", 4)) {
    *pp = p + 4;
    return NULL;
  }
  if (!strncmp(p, "false", 5)) {
    *pp = p + 5;
    return NULL;
  }
  if (*p == '-')
    p++;
  if (*p == '0') {
    p++;
  } else if (*p >= '1' && *p <= '9') {
    while (*p >= '0' && *p <= '9')
      p++;
  } else {
    return "value expected";
  }
  if (*p == '.') {
    p++;
    if (!(*p >= '0' && *p <= '9'))
      return "bad number";
    while (*p >= '0' && *p <= '9')
      p++;
  }
  if (*p == 'e' || *p == 'E') {
    p++;
    if (*p == '+' || *p == '-')
      p++;
    if (!(*p >= '0' && *p <= '9'))
      return "bad number";
    while (*p >= '0' && *p <= '9')
      p++;
  }
  *pp = p;
  return NULL;
}

static const char *wf_json(const char *doc, size_t *where) {
  const char *p = doc;
  const char *err = wf_json_value(&p, 0);
  if (!err) {
    wf_json_ws(&p);
    if (*p)
      err = "text after the value";
  }
  *where = (size_t)(p - doc);
  return err;
}

#undef WF_FAIL

#endif
