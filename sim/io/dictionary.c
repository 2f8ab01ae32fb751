/* dictionary.c: the data dictionary of a run's files (io/dictionary.h).
 *
 * One source for `sgf help metrics` and docs/outputs.md: the model's metric
 * and event tables and the column lists below, which the writers in
 * output.c use for their headers. A test keeps docs/outputs.md equal to
 * sgf_dictionary_write(f, true).
 */
#include <stdio.h>
#include <string.h>

#include "io/dictionary.h"
#include "sgf/sgf_world.h"

const sgf_column_doc sgf_markets_columns[SGF_MKT_COLUMN_COUNT] = {
    [SGF_MKT_TICK] = {"tick", "week", "the week"},
    [SGF_MKT_MARKET] = {"market", "", "the market's ISO code (markets.<ISO> in the scenario)"},
    [SGF_MKT_OPEN] = {"open", "0/1", "1 when the market is open to entry"},
    [SGF_MKT_ENTERED] = {"entered", "0/1", "1 once the firm has entered it (home: from week 0)"},
    [SGF_MKT_DEMAND] = {"demand_units", "units", "potential demand this week"},
    [SGF_MKT_ORDERS] = {"orders_units", "units", "customer orders the firm got there this week"},
    [SGF_MKT_REVENUE] = {"revenue_eur", "EUR", "revenue booked there this week"},
    [SGF_MKT_CHANNELS] = {"channels", "count",
                          "alive sales channels there (partners and own units)"},
    [SGF_MKT_KNOWLEDGE] = {"knowledge", "[0,1]", "the firm's knowledge of the market"},
    [SGF_MKT_FOREIGNNESS] = {"foreignness", "[0,1]", "liability of foreignness (home: 0)"},
    [SGF_MKT_OUTSIDERSHIP] = {"outsidership", "[0,1]", "liability of outsidership (home: 0)"},
    [SGF_MKT_TARIFF] = {"tariff", "rate", "import tariff (0.05: 5 %)"},
    [SGF_MKT_LABOUR] = {"labour_cost_index", "index",
                        "labour cost index (1 at the start of a "
                        "typical market)"},
};

const sgf_column_doc sgf_events_columns[] = {
    {"tick", "week", "the week it happened"},
    {"kind", "", "what happened (the kinds below)"},
    {"partner_id", "",
     "the partner's uid: never reused in a run, the same as `id` in "
     "network.jsonl and network.gexf; empty when no partner"},
    {"partner", "", "the partner's name; empty when no partner"},
    {"role", "", "the partner's role (search_started: the role sought); empty when none"},
    {"market", "", "the market's ISO code (a partner's: where it is); empty when none"},
    {"cause", "", "why, one word of the kind's vocabulary below; empty when none"},
    {"value", "", "a number whose meaning the kind gives below; empty when the kind has none"},
    {"unit", "", "the unit of value; empty with value"},
    {"event", "", "the scenario event behind the row (events.<name>); empty when none"},
};
const int sgf_events_column_count = (int)(sizeof sgf_events_columns / sizeof sgf_events_columns[0]);

static const sgf_column_doc jsonl_fields[] = {
    {"tick", "week", "the week of the snapshot (0: the start)"},
    {"nodes[].id", "", "0 the firm, else the partner's uid (events.csv partner_id)"},
    {"nodes[].name, role, market", "", "as in events.csv; role focal_firm for the firm"},
    {"nodes[].side", "", "upstream, knowledge, sales (the value-chain layout) or firm"},
    {"nodes[].joined", "week", "week it joined the net"},
    {"nodes[].lat, lon", "degrees", "the market's capital"},
    {"nodes[].trust, motivation, commitment, satisfaction, effort", "[0,1]",
     "the partner's state; for the firm the mean over its partners that are not its own units"},
    {"nodes[].flow", "units", "units the partner moved this week; for the firm its deliveries"},
    {"ties[].source, target", "",
     "node ids; goods and knowledge ties point to the firm, sales "
     "ties and own units away from it"},
    {"ties[].kind", "",
     "relationship (the firm's tie with a partner) or goods_route (a "
     "manufacturer or component supplier to a logistics provider)"},
    {"ties[].flow", "units", "units moved this week (goods_route: the supplier's)"},
    {"ties[].trust", "[0,1]", "the partner's trust; null on goods routes"},
};

static const sgf_column_doc gexf_items[] = {
    {"graph", "",
     "mode dynamic, timeformat integer (weeks), start 0, end the last week; every "
     "interval closed (start and end included)"},
    {"node id", "",
     "0 the firm, else the partner's uid; label its name; start the week it "
     "joined, end its last week in the net"},
    {"node role, side, market, lat, lon, joined", "", "static, as in network.jsonl"},
    {"node trust, motivation, flow", "",
     "dynamic: a value from the node's first week (joining "
     "or week 0) and from each snapshot on"},
    {"viz:position", "",
     "the viewer's value-chain layout: upstream left, knowledge top middle, "
     "sales right, a band per role, the firm in the middle (y up)"},
    {"viz:color", "",
     "by what the tie carries: goods orange, sales blue, knowledge violet, own "
     "units teal, the firm white"},
    {"edge", "",
     "weight the mean weekly flow over the tie's life; kind relationship or "
     "goods_route as in network.jsonl; dynamic tie_trust and tie_flow"},
};

static void md_escape(FILE *f, const char *s)
{
    for (; *s; s++) {
        if (*s == '|') fputc('\\', f);
        fputc(*s, f);
    }
}

static void section(FILE *f, bool md, const char *title, const char *intro)
{
    if (md)
        fprintf(f, "\n## %s\n\n%s\n\n", title, intro);
    else
        fprintf(f, "\n%s\n  %s\n\n", title, intro);
}

static void row3(FILE *f, bool md, const char *a, const char *b, const char *c)
{
    if (md) {
        fputs("| `", f);
        md_escape(f, a);
        fputs("` | ", f);
        md_escape(f, b);
        fputs(" | ", f);
        md_escape(f, c);
        fputs(" |\n", f);
    } else {
        fprintf(f, "  %-32s %-8s %s\n", a, b, c);
    }
}

static void head3(FILE *f, bool md, const char *a, const char *b, const char *c)
{
    if (md) fprintf(f, "| %s | %s | %s |\n|---|---|---|\n", a, b, c);
}

static void metric_table(FILE *f, bool md, const sgf_metric_info *t, int n)
{
    head3(f, md, "column", "unit", "meaning");
    char doc[512];
    for (int i = 0; i < n; i++) {
        if (t[i].empty && t[i].empty[0])
            snprintf(doc, sizeof doc, "%s; empty when %s", t[i].doc, t[i].empty);
        else
            snprintf(doc, sizeof doc, "%s", t[i].doc);
        row3(f, md, t[i].name, t[i].unit, doc);
    }
}

static void column_table(FILE *f, bool md, const sgf_column_doc *c, int n)
{
    head3(f, md, "column", "unit", "meaning");
    for (int i = 0; i < n; i++) row3(f, md, c[i].name, c[i].unit, c[i].doc);
}

void sgf_dictionary_write(FILE *f, bool md)
{
    if (md)
        fputs("# Output files: the data dictionary\n\n"
              "Every file `sgf run` writes into its output directory, every column and what "
              "its values mean. This text is generated from the program's own tables (`sgf "
              "help metrics` prints the same); tests/test_output.c keeps it current.\n\n"
              "CSV files follow RFC 4180 (a field is quoted only when it holds a comma, a "
              "quote or a line break), a header line names the columns, and an empty field "
              "means \"never\" or \"not applicable\", never zero. Numbers are written with up to "
              "10 significant digits, the same on every machine.\n\n"
              "| file | one row / line per |\n|---|---|\n"
              "| `timeseries.csv` | week |\n"
              "| `markets.csv` | market and week |\n"
              "| `events.csv` | event (one happening, one row) |\n"
              "| `summary.csv` | run |\n"
              "| `network.jsonl` | snapshot of the net (week 0, every "
              "`output.snapshot_every_weeks` weeks, the end) |\n"
              "| `network.gexf` | the whole run as one dynamic graph (GEXF 1.2) |\n"
              "| `manifest.json` | the run's identity: version, scenario, hash, seed, streams, "
              "parameters |\n",
              f);
    else
        fputs("sgf help metrics: the columns of a run's files (docs/outputs.md has the same "
              "with the file formats).\nAn empty CSV field means \"never\" or \"not "
              "applicable\".\n",
              f);
    section(f, md, "timeseries.csv",
            "A row per week (tick 1 to the last). Counts \"this week\" are flows of the week; "
            "the rest are states at its end.");
    metric_table(f, md, sgf_metric_table, sgf_metric_count);
    section(f, md, "summary.csv",
            "One row per run; concatenated summaries keep which run is which by scenario "
            "(the file given to sgf run, or <default>), seed and run (the run index).");
    static const sgf_column_doc ids[] = {{"scenario", "", "the scenario file, or <default>"},
                                         {"seed", "", "the master seed"},
                                         {"run", "", "the run index (replication)"}};
    head3(f, md, "column", "unit", "meaning");
    for (int i = 0; i < 3; i++) row3(f, md, ids[i].name, ids[i].unit, ids[i].doc);
    char doc[512];
    for (int i = 0; i < sgf_summary_count; i++) {
        const sgf_metric_info *t = &sgf_summary_table[i];
        if (t->empty && t->empty[0])
            snprintf(doc, sizeof doc, "%s; empty when %s", t->doc, t->empty);
        else
            snprintf(doc, sizeof doc, "%s", t->doc);
        row3(f, md, t->name, t->unit, doc);
    }
    section(f, md, "markets.csv",
            "A row per market and week (long format: filter by market, or pivot). Written "
            "with timeseries.csv.");
    column_table(f, md, sgf_markets_columns, SGF_MKT_COLUMN_COUNT);
    section(f, md, "events.csv",
            "A row per event: one happening is one row, so counting rows of a kind counts "
            "happenings (partner_exit rows are the exits of timeseries.csv's exits column).");
    column_table(f, md, sgf_events_columns, sgf_events_column_count);
    section(f, md, "Event kinds",
            "What each kind means, its value and unit, and the words of its cause column.");
    if (md) fputs("| kind | meaning | value (unit) | causes |\n|---|---|---|---|\n", f);
    for (int k = 0; k < SGF_LOG_KIND_COUNT; k++) {
        const sgf_log_kind_info *e = &sgf_log_kind_table[k];
        if (!e->name) continue;
        char val[256];
        if (e->value_unit[0])
            snprintf(val, sizeof val, "%s (%s)", e->value_doc, e->value_unit);
        else
            snprintf(val, sizeof val, "%s", "empty");
        if (md) {
            fputs("| `", f);
            md_escape(f, e->name);
            fputs("` | ", f);
            md_escape(f, e->meaning);
            fputs(" | ", f);
            md_escape(f, val);
            fputs(" | ", f);
            md_escape(f, e->causes[0] ? e->causes : "-");
            fputs(" |\n", f);
        } else {
            fprintf(f, "  %-22s %s\n  %-22s value: %s; cause: %s\n", e->name, e->meaning, "", val,
                    e->causes[0] ? e->causes : "-");
        }
    }
    if (md) {
        fputs("\nScenario event kinds (the `(event kind)` row): ", f);
        for (int k = 0; k < SGF_EV_KIND_COUNT; k++)
            fprintf(f, "%s`%s`", k ? ", " : "", sgf_event_kind_name((sgf_event_kind)k));
        fputs(".\n", f);
    }
    section(f, md, "network.jsonl",
            "A JSON object per line, a snapshot of the net: week 0, every "
            "output.snapshot_every_weeks weeks (0: none between), and the last week.");
    column_table(f, md, jsonl_fields, (int)(sizeof jsonl_fields / sizeof jsonl_fields[0]));
    section(f, md, "network.gexf",
            "GEXF 1.2 (http://www.gexf.net/1.2draft) for Gephi and networkx.read_gexf: the "
            "run as one dynamic directed graph. The model's export partner group has no "
            "partner agents, so it has no nodes or ties here.");
    column_table(f, md, gexf_items, (int)(sizeof gexf_items / sizeof gexf_items[0]));
    section(f, md, "manifest.json",
            "Written last: its presence means the run finished and every other file is "
            "complete. sgf_version, scenario, scenario_title, scenario_hash, seed, run_index, "
            "ticks_run, snapshot_every_weeks, streams (the generators' purpose and state), "
            "files (the files of this run) and parameters (the resolved scenario).");
}
