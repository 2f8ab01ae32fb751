/* dictionary.h: the data dictionary of a run's files (sgf help metrics,
 * docs/outputs.md), and the column lists the writers share with it.
 *
 * The metric tables themselves live with the model (sgf_metric_table,
 * sgf_summary_table, sgf_log_kind_table in sgf/sgf_world.h); this module adds
 * the files' other columns and formats everything as text or Markdown.
 */
#ifndef SGF_IO_DICTIONARY_H
#define SGF_IO_DICTIONARY_H

#include <stdbool.h>
#include <stdio.h>

/* A column of a file that is not a metric table. */
typedef struct sgf_column_doc {
    const char *name;
    const char *unit; /* "" none */
    const char *doc;
} sgf_column_doc;

/* markets.csv: a row per market and week, in this column order. */
enum {
    SGF_MKT_TICK,
    SGF_MKT_MARKET,
    SGF_MKT_OPEN,
    SGF_MKT_ENTERED,
    SGF_MKT_DEMAND,
    SGF_MKT_ORDERS,
    SGF_MKT_REVENUE,
    SGF_MKT_CHANNELS,
    SGF_MKT_KNOWLEDGE,
    SGF_MKT_FOREIGNNESS,
    SGF_MKT_OUTSIDERSHIP,
    SGF_MKT_TARIFF,
    SGF_MKT_LABOUR,
    SGF_MKT_COLUMN_COUNT
};
extern const sgf_column_doc sgf_markets_columns[SGF_MKT_COLUMN_COUNT];

/* events.csv, in this column order. */
extern const sgf_column_doc sgf_events_columns[];
extern const int sgf_events_column_count;

/* The whole dictionary: plain text for the terminal (sgf help metrics) or
 * Markdown (docs/outputs.md, kept equal by tests/test_output.c). */
void sgf_dictionary_write(FILE *f, bool markdown);

#endif
