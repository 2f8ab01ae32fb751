/* cfgnum.c: whole numbers that libconfig 1.5 wrapped, read again exactly
 * (see cfgnum.h). */
#include "io/cfgnum.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"

/* A whole-number literal without an L suffix, as libconfig's scanner sees
 * it. */
typedef struct lit {
    int line;
    int wrapped; /* what libconfig 1.5 made of it */
    bool fits32; /* libconfig read it right */
    bool fits64; /* exact as a 64-bit integer: value */
    long long value;
    double nearest; /* the nearest double, for literals beyond 64 bits */
    char *text;     /* only beyond 64 bits */
} lit;

typedef struct file_lits {
    const char *file; /* as libconfig names it; NULL for the main text */
    lit *lits;
    int count, cap, next;
} file_lits;

struct sgf_cfgnum {
    file_lits *files;
    int count, cap;
    bool oom;
};

static bool is_name_start(int c)
{
    return isalpha(c) || c == '*';
}
static bool is_name_char(int c)
{
    return isalnum(c) || c == '*' || c == '_' || c == '-';
}

static void add_lit(sgf_cfgnum *n, file_lits *fl, const char *s, size_t len, bool hex, int line)
{
    char buf[128];
    if (fl->count == fl->cap) {
        int cap = fl->cap ? fl->cap * 2 : 32;
        lit *g = sgf_realloc(fl->lits, sizeof *g * (size_t)cap);
        if (!g) {
            n->oom = true;
            return;
        }
        fl->lits = g;
        fl->cap = cap;
    }
    lit *l = &fl->lits[fl->count];
    memset(l, 0, sizeof *l);
    l->line = line;
    /* a literal longer than any 64-bit number: keep enough of it */
    size_t k = len < sizeof buf - 1 ? len : sizeof buf - 1;
    memcpy(buf, s, k);
    buf[k] = '\0';
    errno = 0;
    if (hex) {
        /* libconfig 1.5: strtoul, then the low 32 bits */
        unsigned long long u = strtoull(buf, NULL, 16);
        bool over = errno == ERANGE || len >= sizeof buf - 1;
        l->wrapped = (int)(unsigned)(u & 0xFFFFFFFFu);
        if (over) u = ULLONG_MAX, l->wrapped = -1;
        l->fits32 = !over && u <= (unsigned long long)INT_MAX;
        l->fits64 = !over && u <= (unsigned long long)LLONG_MAX;
        l->value = (long long)u;
        l->nearest = (double)u;
    } else {
        /* libconfig 1.5: strtoll (saturating), then the low 32 bits */
        long long v = strtoll(buf, NULL, 10);
        bool over = errno == ERANGE || len >= sizeof buf - 1;
        if (len >= sizeof buf - 1) v = buf[0] == '-' ? LLONG_MIN : LLONG_MAX;
        l->wrapped = (int)(unsigned)((unsigned long long)v & 0xFFFFFFFFu);
        l->fits32 = !over && v >= INT_MIN && v <= INT_MAX;
        l->fits64 = !over;
        l->value = v;
        l->nearest = strtod(buf, NULL);
    }
    if (!l->fits64) {
        l->text = sgf_malloc(k + 1);
        if (!l->text) {
            n->oom = true;
            return;
        }
        memcpy(l->text, buf, k + 1);
    }
    fl->count++;
}

/* The whole-number literals of text, in order, by libconfig 1.5's grammar:
 * comments (#, //, slash-star), strings with their escapes, names (which may
 * hold digits and '-'), floats and L-suffixed integers are skipped. */
static void scan(sgf_cfgnum *n, file_lits *fl, const char *text, size_t len)
{
    const char *p = text, *end = text + len;
    int line = 1;
    while (p < end && !n->oom) {
        char c = *p;
        if (c == '\n') {
            line++;
            p++;
        } else if (c == '#' || (c == '/' && p + 1 < end && p[1] == '/')) {
            while (p < end && *p != '\n') p++;
        } else if (c == '/' && p + 1 < end && p[1] == '*') {
            for (p += 2; p < end && !(*p == '*' && p + 1 < end && p[1] == '/'); p++)
                if (*p == '\n') line++;
            p = p < end ? p + 2 : end;
        } else if (c == '"') {
            for (p++; p < end && *p != '"'; p++) {
                if (*p == '\n') line++;
                if (*p == '\\' && p + 1 < end) {
                    p++;
                    if (*p == '\n') line++;
                }
            }
            if (p < end) p++;
        } else if (is_name_start((unsigned char)c)) {
            while (p < end && is_name_char((unsigned char)*p)) p++;
        } else if (isdigit((unsigned char)c) ||
                   ((c == '-' || c == '+' || c == '.') && p + 1 < end &&
                    (isdigit((unsigned char)p[1]) || p[1] == '.'))) {
            const char *s = p;
            bool hex = false, flt = false;
            if (*p == '-' || *p == '+') p++;
            if (p + 1 < end && p[0] == '0' && (p[1] == 'x' || p[1] == 'X') && s == p) {
                p += 2;
                hex = true;
                while (p < end && isxdigit((unsigned char)*p)) p++;
            } else {
                while (p < end && isdigit((unsigned char)*p)) p++;
                if (p < end && *p == '.') {
                    flt = true;
                    p++;
                    while (p < end && isdigit((unsigned char)*p)) p++;
                }
                if (p < end && (*p == 'e' || *p == 'E')) {
                    const char *q = p + 1;
                    if (q < end && (*q == '-' || *q == '+')) q++;
                    if (q < end && isdigit((unsigned char)*q)) {
                        flt = true;
                        p = q;
                        while (p < end && isdigit((unsigned char)*p)) p++;
                    }
                }
            }
            if (p < end && *p == 'L') { /* 64-bit: libconfig reads it right */
                while (p < end && *p == 'L') p++;
                continue;
            }
            if (flt || p == s) {
                if (p == s) p++;
                continue;
            }
            add_lit(n, fl, s, (size_t)(p - s), hex, line);
        } else {
            p++;
        }
    }
}

/* The file libconfig read, or NULL when it cannot be opened again (then its
 * literals stay as libconfig read them) or memory runs out (*oom). */
static char *read_all(const char *path, size_t *len, bool *oom)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 4096, n = 0;
    char *buf = sgf_malloc(cap);
    while (buf) {
        size_t k = fread(buf + n, 1, cap - n, f);
        n += k;
        if (n < cap) break;
        char *g = sgf_realloc(buf, cap * 2);
        if (!g) {
            sgf_free(buf);
            buf = NULL;
            break;
        }
        buf = g;
        cap *= 2;
    }
    fclose(f);
    if (!buf) *oom = true;
    if (buf) *len = n;
    return buf;
}

static file_lits *file_of(sgf_cfgnum *n, const char *file, const char *main_path,
                          const char *main_text)
{
    for (int i = 0; i < n->count; i++) {
        const char *f = n->files[i].file;
        if ((!f && !file) || (f && file && strcmp(f, file) == 0)) return &n->files[i];
    }
    if (n->count == n->cap) {
        int cap = n->cap ? n->cap * 2 : 4;
        file_lits *g = sgf_realloc(n->files, sizeof *g * (size_t)cap);
        if (!g) {
            n->oom = true;
            return NULL;
        }
        n->files = g;
        n->cap = cap;
    }
    file_lits *fl = &n->files[n->count++];
    memset(fl, 0, sizeof *fl);
    fl->file = file;
    if (!file && main_text) {
        scan(n, fl, main_text, strlen(main_text));
    } else {
        const char *path = file ? file : main_path;
        size_t len = 0;
        char *text = path ? read_all(path, &len, &n->oom) : NULL;
        if (text) {
            /* libconfig stops at a NUL byte; so does the scan */
            size_t k = strnlen(text, len);
            scan(n, fl, text, k);
            sgf_free(text);
        }
    }
    return fl;
}

static void fix_setting(sgf_cfgnum *n, config_setting_t *s, const char *main_path,
                        const char *main_text)
{
    file_lits *fl = file_of(n, config_setting_source_file(s), main_path, main_text);
    if (!fl) return;
    int line = (int)config_setting_source_line(s);
    int v = config_setting_get_int(s);
    /* the next literal of its line with its value, from where the last one
     * was found; a file included twice starts over */
    int found = -1;
    for (int i = fl->next; i < fl->count && found < 0; i++)
        if (fl->lits[i].line == line && fl->lits[i].wrapped == v) found = i;
    for (int i = 0; i < fl->next && found < 0; i++)
        if (fl->lits[i].line == line && fl->lits[i].wrapped == v) found = i;
    if (found < 0) return; /* not paired: left as libconfig read it */
    fl->next = found + 1;
    const lit *l = &fl->lits[found];
    if (l->fits32) return;
    if (l->fits64) {
        s->type = CONFIG_TYPE_INT64;
        s->value.llval = l->value;
    } else {
        s->type = CONFIG_TYPE_FLOAT;
        s->value.fval = l->nearest;
        config_setting_set_hook(s, l->text);
    }
}

static void walk(sgf_cfgnum *n, config_setting_t *s, const char *main_path, const char *main_text)
{
    int t = config_setting_type(s);
    if (t == CONFIG_TYPE_GROUP || t == CONFIG_TYPE_LIST || t == CONFIG_TYPE_ARRAY) {
        int len = config_setting_length(s);
        for (int i = 0; i < len && !n->oom; i++)
            walk(n, config_setting_get_elem(s, (unsigned)i), main_path, main_text);
    } else if (t == CONFIG_TYPE_INT) {
        fix_setting(n, s, main_path, main_text);
    }
}

sgf_cfgnum *sgf_cfgnum_fix(config_t *cfg, const char *main_path, const char *main_text, bool *oom)
{
    *oom = false;
    sgf_cfgnum *n = sgf_calloc(1, sizeof *n);
    if (!n) {
        *oom = true;
        return NULL;
    }
    walk(n, config_root_setting(cfg), main_path, main_text);
    if (n->oom) {
        *oom = true;
        sgf_cfgnum_free(n);
        return NULL;
    }
    return n;
}

void sgf_cfgnum_free(sgf_cfgnum *n)
{
    if (!n) return;
    for (int i = 0; i < n->count; i++) {
        for (int k = 0; k < n->files[i].count; k++) sgf_free(n->files[i].lits[k].text);
        sgf_free(n->files[i].lits);
    }
    sgf_free(n->files);
    sgf_free(n);
}

const char *sgf_cfgnum_text(const config_setting_t *s)
{
    return config_setting_type(s) == CONFIG_TYPE_FLOAT ? config_setting_get_hook(s) : NULL;
}
