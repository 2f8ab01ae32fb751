/* cfgnum.h: whole numbers that libconfig 1.5 wrapped, read again exactly.
 *
 * libconfig 1.5 reads every whole-number literal without an L suffix into a
 * 32-bit int: 3000000000 becomes -1294967296 and 4294967297 becomes 1, with
 * no error. After libconfig has read a text, sgf_cfgnum_fix reads the
 * literals of every file it came from (the main text and each @include) with
 * a scanner of libconfig's grammar, pairs each 32-bit integer setting with
 * its literal (same file, same line, same wrapped value, in document order)
 * and gives the setting what was written:
 *   - a literal that fits in 64 bits becomes a CONFIG_TYPE_INT64 setting;
 *   - one beyond 64 bits becomes a CONFIG_TYPE_FLOAT setting holding the
 *     nearest double, and its text stays available (sgf_cfgnum_text) for
 *     readers of 64-bit unsigned values until sgf_cfgnum_free.
 * Settings written with L, floats and literals inside 32 bits are left as
 * libconfig read them.
 */
#ifndef SGF_IO_CFGNUM_H
#define SGF_IO_CFGNUM_H

#include <libconfig.h>
#include <stdbool.h>

typedef struct sgf_cfgnum sgf_cfgnum;

/* Fix the settings of cfg. main_path is the file libconfig read (NULL when
 * it read main_text). Returns NULL only when out of memory; the result
 * holds the texts of literals beyond 64 bits and must outlive every use of
 * sgf_cfgnum_text on cfg's settings. */
sgf_cfgnum *sgf_cfgnum_fix(config_t *cfg, const char *main_path, const char *main_text, bool *oom);
void sgf_cfgnum_free(sgf_cfgnum *n);

/* The literal text of a setting that sgf_cfgnum_fix found beyond 64 bits,
 * else NULL. */
const char *sgf_cfgnum_text(const config_setting_t *s);

#endif
