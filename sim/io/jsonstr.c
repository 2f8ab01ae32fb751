/* jsonstr.c: JSON strings, escaped one way for every writer (jsonstr.h). */
#include "io/jsonstr.h"

#include <stdint.h>
#include <string.h>

size_t sgf_utf8_seq(const unsigned char *s)
{
    unsigned c = s[0];
    if (c < 0x80) return 1;
    size_t n;
    uint32_t cp, min;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2, cp = c & 0x1Fu, min = 0x80;
    } else if ((c & 0xF0u) == 0xE0) {
        n = 3, cp = c & 0x0Fu, min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4, cp = c & 0x07u, min = 0x10000;
    } else {
        return 0;
    }
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0u) != 0x80) return 0; /* also stops at the NUL */
        cp = (cp << 6) | (s[i] & 0x3Fu);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) || cp == 0xFFFE || cp == 0xFFFF)
        return 0;
    return n;
}

size_t sgf_json_escape(char *dst, size_t cap, const char *src)
{
    size_t n = 0, w = 0; /* the result's length; bytes in dst */
#define PUT_(str, len)                                                                             \
    do {                                                                                           \
        size_t l_ = (len);                                                                         \
        if (w == n && n + l_ < cap) {                                                              \
            memcpy(dst + n, (str), l_);                                                            \
            w += l_;                                                                               \
        }                                                                                          \
        n += l_;                                                                                   \
    } while (0)
    const unsigned char *s = (const unsigned char *)src;
    while (*s) {
        size_t k = sgf_utf8_seq(s);
        if (k == 0) {
            PUT_("\xEF\xBF\xBD", 3); /* U+FFFD for the byte */
            s++;
            continue;
        }
        if (k > 1) {
            PUT_(s, k);
            s += k;
            continue;
        }
        unsigned char c = *s++;
        if (c == '"')
            PUT_("\\\"", 2);
        else if (c == '\\')
            PUT_("\\\\", 2);
        else if (c == '\n')
            PUT_("\\n", 2);
        else if (c == '\r')
            PUT_("\\r", 2);
        else if (c == '\t')
            PUT_("\\t", 2);
        else if (c < 0x20) {
            static const char hex[] = "0123456789abcdef";
            char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            PUT_(u, 6);
        } else {
            PUT_(&c, 1);
        }
    }
#undef PUT_
    if (cap > 0) dst[w] = '\0';
    return n;
}

void sgf_json_write_string(FILE *f, const char *src)
{
    char small[256];
    size_t n = sgf_json_escape(small, sizeof small, src);
    fputc('"', f);
    if (n < sizeof small) {
        fwrite(small, 1, n, f);
    } else {
        /* Long: escape piece by piece, cutting only between sequences. */
        const unsigned char *s = (const unsigned char *)src;
        while (*s) {
            char piece[48];
            size_t len = 0;
            while (s[len] && len < 40) { /* 40 bytes escape to at most 240 */
                size_t k = sgf_utf8_seq(s + len);
                len += k ? k : 1;
            }
            memcpy(piece, s, len);
            piece[len] = '\0';
            n = sgf_json_escape(small, sizeof small, piece);
            fwrite(small, 1, n, f);
            s += len;
        }
    }
    fputc('"', f);
}
