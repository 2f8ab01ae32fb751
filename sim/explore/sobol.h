/* sobol.h: Sobol's low-discrepancy sequence in base 2 (Sobol 1967), with
 * the direction numbers of Joe and Kuo (2008), for the Saltelli designs of
 * sensitivity.c. Points are computed directly from their index (the XOR of
 * the direction numbers of its set bits, natural order, not Gray code), so
 * any point of any prefix comes without generating the ones before it.
 */
#ifndef SGF_EXPLORE_SOBOL_H
#define SGF_EXPLORE_SOBOL_H

#include <stdbool.h>
#include <stdint.h>

#define SGF_SOBOL_BITS 32
/* Dimensions the table holds: the first (van der Corput) and 127 more. */
#define SGF_SOBOL_MAX_DIMS 128

/* One dimension's primitive polynomial and initial direction numbers, as
 * new-joe-kuo-6.21201 lists them: degree s, the polynomial's inner
 * coefficients a (bit s-2 the coefficient of x^(s-1), ..., bit 0 of x), and
 * m_1..m_s. */
typedef struct sgf_sobol_row {
    int s;
    unsigned a;
    unsigned m[10];
} sgf_sobol_row;
/* Dimensions 2..128 (row 0 is dimension 2). */
extern const sgf_sobol_row sgf_sobol_rows[SGF_SOBOL_MAX_DIMS - 1];

/* Direction numbers v[dim][bit] for dims dimensions (<= SGF_SOBOL_MAX_DIMS). */
typedef struct sgf_sobol {
    int dims;
    uint32_t v[SGF_SOBOL_MAX_DIMS][SGF_SOBOL_BITS];
} sgf_sobol;

/* Fill s for dims dimensions; false if dims is out of range. */
bool sgf_sobol_init(sgf_sobol *s, int dims);
/* Coordinate dim of point index (< 2^32) as a 32-bit fraction. */
uint32_t sgf_sobol_bits(const sgf_sobol *s, uint64_t index, int dim);

#endif
