/* jsonstr.h: strings as every JSON writer of sgf writes them (internal).
 *
 * One rule for manifest.json, network.jsonl, sweep.json and the scenario
 * dump: a quote and a backslash are escaped, \n \r \t as such, every other
 * control character as \u00XX, and each byte that does not begin a valid
 * UTF-8 sequence (a stray continuation byte, an overlong form, a surrogate,
 * beyond U+10FFFF, a cut sequence) is replaced by U+FFFD. The output is
 * always valid JSON text in valid UTF-8, whatever bytes a name holds.
 */
#ifndef SGF_JSONSTR_H
#define SGF_JSONSTR_H

#include <stddef.h>
#include <stdio.h>

/* Length of the valid UTF-8 sequence at s (1 for ASCII, 2 to 4), or 0 if the
 * byte at s does not begin one. Reads no further than a NUL. */
size_t sgf_utf8_seq(const unsigned char *s);

/* src escaped (no surrounding quotes) into dst, snprintf-style: returns the
 * length of the whole result; dst holds the longest prefix that fits, cut
 * only between whole escapes or sequences, NUL-terminated when cap > 0. */
size_t sgf_json_escape(char *dst, size_t cap, const char *src);

/* "src" escaped, quotes included. */
void sgf_json_write_string(FILE *f, const char *src);

#endif
