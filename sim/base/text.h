/* text.h: small text helpers every layer shares.
 *
 * The edit distance behind every "did you mean": scenario settings, metric
 * names, sweep settings, plot metrics and command names all suggest by it,
 * each with its own idea of "close".
 */
#ifndef SGF_TEXT_H
#define SGF_TEXT_H

/* Names longer than this are never close to anything. */
#define SGF_EDIT_NAME_MAX 63

/* Levenshtein distance of a and b (insertions, deletions, substitutions),
 * or SGF_EDIT_FAR when either is longer than SGF_EDIT_NAME_MAX. */
#define SGF_EDIT_FAR 99
int sgf_edit_distance(const char *a, const char *b);

#endif
