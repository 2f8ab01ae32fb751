/* fmtnum.h: numbers as printf's "%.<prec>g" writes them, faster, and the one
 * way sgf's CSV files write a number or a missing value (internal).
 *
 * The writers (output.c) print every double with %.10g and the model's float
 * state with %.7g; printf's exact floating-point path was a fifth of a default
 * run's time. sgf_fmt_g gives the same bytes as snprintf(buf, size, "%.*g",
 * prec, x) for every double, taking a fast exact path where it can
 * (sgf_fmt_g_exact) and snprintf elsewhere. tests/test_fmtnum.c compares both
 * with snprintf on millions of doubles. Not a public header: the library's
 * users never see it.
 */
#ifndef SGF_FMTNUM_H
#define SGF_FMTNUM_H

#include <stdbool.h>
#include <stddef.h>

/* Room a buffer needs for any result: "-d.ddddddddddddddde-308" and NUL. */
#define SGF_FMT_G_SIZE 32

/* x as "%.<prec>g" (1 <= prec <= 17) into buf (SGF_FMT_G_SIZE bytes or more),
 * byte for byte as glibc writes it, for finite non-zero x with |x| from
 * 10^(prec-20) to below 10^prec, not subnormal. Returns false, buf untouched,
 * outside that range: the caller uses snprintf. */
bool sgf_fmt_g_exact(char *buf, double x, int prec);

/* x as snprintf(buf, size, "%.*g", prec, x) writes it, for every double
 * (zero, NaN, infinities included); the fast path when size >= SGF_FMT_G_SIZE.
 * Returns buf. */
char *sgf_fmt_g(char *buf, size_t size, double x, int prec);

/* x as a field of every CSV file sgf writes (a run's files, a sweep's
 * runs.csv, aggregate.csv and series, compare --csv, validate --csv, survey):
 * "%.<prec>g" as sgf_fmt_g writes it, either zero as "0", infinities as "Inf"
 * and "-Inf", and a value that does not exist (NaN: "never", "not
 * applicable", a statistic of too few runs) as "", an empty field, which
 * pandas reads as NaN and R's read.csv as NA. Returns buf (SGF_FMT_G_SIZE
 * bytes or more for the fast path) or a string literal. */
const char *sgf_fmt_csv(char *buf, size_t size, double x, int prec);

#endif
