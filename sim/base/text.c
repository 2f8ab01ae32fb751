/* text.c: see text.h. */
#include "base/text.h"

#include <string.h>

int sgf_edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > SGF_EDIT_NAME_MAX || lb > SGF_EDIT_NAME_MAX) return SGF_EDIT_FAR;
    int row[SGF_EDIT_NAME_MAX + 1]; /* one row of the table, updated in place */
    for (size_t j = 0; j <= lb; j++) row[j] = (int)j;
    for (size_t i = 1; i <= la; i++) {
        int diag = row[0];
        row[0] = (int)i;
        for (size_t j = 1; j <= lb; j++) {
            int up = row[j];
            int best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best) best = up + 1;
            if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}
