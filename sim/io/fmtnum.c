/* fmtnum.c: printf's "%.<prec>g", exact and faster, and CSV fields (fmtnum.h).
 *
 * Used by the writers (output.c) for every number of a run's files, which
 * must be byte-identical on every machine and to what snprintf gives:
 * tests/test_fmtnum.c checks that against glibc on millions of doubles, and
 * tests/test_golden.c the bytes of a whole run.
 */
#include "io/fmtnum.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#ifdef __SIZEOF_INT128__
__extension__ typedef unsigned __int128 fmt_u128;

static const uint64_t fmt_pow10[20] = {1ull,
                                       10ull,
                                       100ull,
                                       1000ull,
                                       10000ull,
                                       100000ull,
                                       1000000ull,
                                       10000000ull,
                                       100000000ull,
                                       1000000000ull,
                                       10000000000ull,
                                       100000000000ull,
                                       1000000000000ull,
                                       10000000000000ull,
                                       100000000000000ull,
                                       1000000000000000ull,
                                       10000000000000000ull,
                                       100000000000000000ull,
                                       1000000000000000000ull,
                                       10000000000000000000ull};

/* |x| = m * 2^e is scaled by 10^k in 128-bit integers and rounded half to
 * even, as glibc rounds the exact binary value, then laid out by %g's rules
 * (fixed for decimal exponents -4 .. prec-1, else d.ddde+XX; trailing zeros
 * dropped). It is exact where m * 10^k < 2^128 and the shift -e < 128, that
 * is for |x| below 10^prec and from 10^(prec-20) up; subnormals go to
 * snprintf. About six times faster than glibc's exact path. */
bool sgf_fmt_g_exact(char *buf, double x, int prec)
{
    if (prec < 1 || prec > 17) return false;
    uint64_t bits;
    memcpy(&bits, &x, sizeof bits);
    int bexp = (int)((bits >> 52) & 0x7ff);
    if (bexp == 0 || bexp == 0x7ff) return false;
    uint64_t m = (bits & 0xfffffffffffffull) | (1ull << 52);
    int e = bexp - 1075; /* |x| = m * 2^e, m < 2^53 */
    /* floor(log10 |x|): E or E + 1; a wrong guess shows in q and is retried */
    int E = (int)floor((e + 52) * 0.30102999566398120);
    for (int attempt = 0; attempt < 3; attempt++) {
        int k = prec - 1 - E;
        if (k < 0 || k > 19 || e >= 0 || e < -127) return false;
        fmt_u128 n = (fmt_u128)m * fmt_pow10[k]; /* < 2^117 */
        int s = -e;
        fmt_u128 q = n >> s;
        fmt_u128 r = n & (((fmt_u128)1 << s) - 1), half = (fmt_u128)1 << (s - 1);
        if (r > half || (r == half && (q & 1))) q++;
        fmt_u128 lo = fmt_pow10[prec - 1], hi = lo * 10;
        if (q < lo) {
            E--;
            continue;
        }
        if (q > hi) {
            E++;
            continue;
        }
        if (q == hi) { /* rounded up to the next power of ten */
            q = lo;
            E++;
        }
        char d[20];
        uint64_t q64 = (uint64_t)q;
        for (int i = prec - 1; i >= 0; i--) {
            d[i] = (char)('0' + (int)(q64 % 10));
            q64 /= 10;
        }
        int nd = prec;
        while (nd > 1 && d[nd - 1] == '0') nd--;
        char *o = buf;
        if (x < 0) *o++ = '-';
        if (E < prec && E >= -4) {
            if (E >= 0) {
                for (int i = 0; i <= E; i++) *o++ = i < nd ? d[i] : '0';
                if (nd > E + 1) *o++ = '.';
                for (int i = E + 1; i < nd; i++) *o++ = d[i];
            } else {
                *o++ = '0';
                *o++ = '.';
                for (int i = 0; i < -E - 1; i++) *o++ = '0';
                for (int i = 0; i < nd; i++) *o++ = d[i];
            }
        } else {
            *o++ = d[0];
            if (nd > 1) *o++ = '.';
            for (int i = 1; i < nd; i++) *o++ = d[i];
            *o++ = 'e';
            *o++ = E < 0 ? '-' : '+';
            int ex = E < 0 ? -E : E;
            if (ex >= 100) {
                *o++ = (char)('0' + ex / 100);
                ex %= 100;
            }
            *o++ = (char)('0' + ex / 10);
            *o++ = (char)('0' + ex % 10);
        }
        *o = '\0';
        return true;
    }
    return false;
}
#else
bool sgf_fmt_g_exact(char *buf, double x, int prec)
{
    (void)buf, (void)x, (void)prec;
    return false;
}
#endif

char *sgf_fmt_g(char *buf, size_t size, double x, int prec)
{
    if (size >= SGF_FMT_G_SIZE && sgf_fmt_g_exact(buf, x, prec)) return buf;
    snprintf(buf, size, "%.*g", prec, x);
    return buf;
}

const char *sgf_fmt_csv(char *buf, size_t size, double x, int prec)
{
    if (isnan(x)) return "";
    if (isinf(x)) return x > 0 ? "Inf" : "-Inf";
    if (x == 0.0) return "0"; /* no "-0" */
    return sgf_fmt_g(buf, size, x, prec);
}
