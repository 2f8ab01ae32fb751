/* test_output.c: the output writer (sim/io/output.c) on a short run.
 *
 * The files exist with the right shapes, GEXF is well-formed XML with names
 * escaped, a failed or abandoned run leaves nothing that looks complete (not
 * even on a full disk, simulated with RLIMIT_FSIZE, or when memory runs
 * out), a non-empty directory is refused without force, and the definition
 * hash is stable.
 */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/alloc.h"
#include "harness.h"
#include "io/jsonstr.h"
#include "io/dictionary.h"
#include "sgf/sgf.h"

#define PROC_TAG "output"
#include "proc.h"

#define TICKS 30
#define SNAPSHOT_EVERY 10
#define ODD_NAME "Smith & <Sons> \"Ltd\", 'Zoë'"

static const char *const final_names[] = {"timeseries.csv", "markets.csv",  "events.csv",
                                          "network.jsonl",  "network.gexf", "summary.csv",
                                          "manifest.json"};
#define FINAL_COUNT ((int)(sizeof final_names / sizeof final_names[0]))

/* ---- helpers ------------------------------------------------------------------------- */

/* The default scenario, short, with frequent snapshots and one partner whose
 * name needs escaping in every format. */
static sgf_world *make_world(void)
{
    sgf_world_def def = sgf_world_def_default();
    sgf_diag diag;
    memset(&diag, 0, sizeof diag);
    if (sgf_scenario_load_default(&def, &diag) != SGF_OK) {
        char buf[1024];
        fprintf(stderr, "default scenario: %s\n", sgf_diag_format(&diag, buf, sizeof buf));
        sgf_world_def_free(&def);
        return NULL;
    }
    def.ticks = TICKS;
    def.output.snapshot_every_weeks = SNAPSHOT_EVERY;
    def.output.timeseries = true;
    def.output.network = true;
    sgf_partner_def *p = sgf_world_def_add_partner(&def);
    if (p) {
        snprintf(p->name, sizeof p->name, "%s", ODD_NAME);
        p->role = SGF_ROLE_SALES_PARTNER;
        snprintf(p->market_iso, sizeof p->market_iso, "%s", def.firm.home_iso);
        p->start_tick = 0;
    }
    sgf_world *w = NULL;
    if (sgf_scenario_validate(&def, &diag) != SGF_OK) {
        char buf[1024];
        fprintf(stderr, "validate: %s\n", sgf_diag_format(&diag, buf, sizeof buf));
    } else if (sgf_world_create(&def, &w) != SGF_OK) {
        fprintf(stderr, "sgf_world_create failed\n");
    }
    sgf_world_def_free(&def);
    return w;
}

static sgf_output_opts opts_for(const char *dir, bool force)
{
    return (sgf_output_opts){.dir = dir,
                             .force = force,
                             .scenario_name = "<test>",
                             .scenario_hash = 0x0123456789abcdefu,
                             .version = SGF_VERSION};
}

/* Step the world to its end, handing every tick to the writer. */
static sgf_status run_world(sgf_world *w, sgf_output *o)
{
    sgf_status st = SGF_OK;
    while (st == SGF_OK && !sgf_world_done(w)) {
        st = sgf_world_step(w);
        if (st == SGF_OK) st = sgf_output_tick(o, w);
    }
    return st;
}

/* A small XML well-formedness checker: tags nest and match, one root,
 * attributes quoted, no stray '<' or '&' in text or values. Returns NULL or
 * what is wrong. */
static const char *xml_problem(const char *s)
{
    enum { DEPTH = 64 };
    const char *stack[DEPTH];
    size_t stack_len[DEPTH];
    int depth = 0, roots = 0;
    while (*s) {
        if (*s == '&') {
            const char *e = s + 1;
            while ((*e >= 'a' && *e <= 'z') || *e == '#' || (*e >= '0' && *e <= '9')) e++;
            if (*e != ';' || e == s + 1) return "bad entity in text";
            s = e + 1;
            continue;
        }
        if (*s != '<') {
            if (depth == 0 && *s != '\n' && *s != ' ') return "text outside the root";
            s++;
            continue;
        }
        if (strncmp(s, "<?", 2) == 0) {
            const char *e = strstr(s, "?>");
            if (!e) return "unterminated <?";
            s = e + 2;
            continue;
        }
        if (strncmp(s, "<!--", 4) == 0) {
            const char *e = strstr(s, "-->");
            if (!e) return "unterminated comment";
            s = e + 3;
            continue;
        }
        bool closing = s[1] == '/';
        const char *name = s + (closing ? 2 : 1);
        size_t n = strcspn(name, " \t\n/>");
        if (n == 0) return "empty tag name";
        const char *p = name + n;
        if (closing) {
            if (depth == 0 || stack_len[depth - 1] != n || strncmp(stack[depth - 1], name, n))
                return "closing tag does not match";
            depth--;
            p += strspn(p, " \t\n");
            if (*p != '>') return "junk in closing tag";
            s = p + 1;
            continue;
        }
        /* attributes: name="value" */
        for (;;) {
            p += strspn(p, " \t\n");
            if (*p == '>' || (p[0] == '/' && p[1] == '>')) break;
            size_t an = strcspn(p, "= \t\n>");
            if (an == 0 || p[an] != '=') return "attribute without value";
            p += an + 1;
            char q = *p;
            if (q != '"' && q != '\'') return "unquoted attribute";
            const char *v = ++p;
            while (*p && *p != q) {
                if (*p == '<') return "'<' in attribute value";
                if (*p == '&') {
                    const char *e = p + 1;
                    while ((*e >= 'a' && *e <= 'z') || *e == '#' || (*e >= '0' && *e <= '9')) e++;
                    if (*e != ';' || e == p + 1) return "bad entity in attribute";
                }
                p++;
            }
            (void)v;
            if (*p != q) return "unterminated attribute";
            p++;
        }
        bool empty = *p == '/';
        if (depth == 0 && ++roots > 1) return "more than one root element";
        if (!empty) {
            if (depth == DEPTH) return "nested too deep";
            stack[depth] = name;
            stack_len[depth++] = n;
        }
        s = p + (empty ? 2 : 1);
    }
    if (depth != 0) return "unclosed element";
    if (roots != 1) return "no root element";
    return NULL;
}

static int tool_exists(const char *name)
{
    char cmd[256];
    snprintf(cmd, sizeof cmd, "command -v %s >/dev/null 2>&1", name);
    return system(cmd) == 0;
}

/* ---- tests --------------------------------------------------------------------------- */

TEST(writes_every_file_in_a_new_directory)
{
    char *tmp = make_temp_dir();
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/a/b/run", tmp); /* mkdir -p */
    sgf_world *w = make_world();
    CHECK(w != NULL);
    if (!w) goto out;
    sgf_output_opts opts = opts_for(dir, false);
    sgf_output *o = NULL;
    char err[512];
    CHECK_EQ_INT(sgf_output_open(&opts, w, &o, err, sizeof err), SGF_OK);
    if (!o) goto out;
    CHECK_EQ_INT(run_world(w, o), SGF_OK);
    CHECK_EQ_INT(sgf_output_close(o, w, true), SGF_OK);

    for (int i = 0; i < FINAL_COUNT; i++)
        CHECK_MSG(exists_in(dir, final_names[i]), "%s missing", final_names[i]);
    CHECK_EQ_INT(count_entries(dir), FINAL_COUNT); /* no temporaries left */

    char *ts = read_in(dir, "timeseries.csv", NULL);
    CHECK(ts != NULL);
    if (ts) {
        CHECK_EQ_INT(count_lines(ts), TICKS + 1);
        CHECK(strncmp(ts, sgf_metric_table[0].name, strlen(sgf_metric_table[0].name)) == 0);
        /* every row has as many fields as the header */
        int commas_header = 0, commas_row = 0;
        const char *nl = strchr(ts, '\n');
        for (const char *s = ts; s < nl; s++) commas_header += *s == ',';
        for (const char *s = nl + 1; *s && *s != '\n'; s++) commas_row += *s == ',';
        CHECK_EQ_INT(commas_header, sgf_metric_count - 1);
        CHECK_EQ_INT(commas_row, commas_header);
    }
    free(ts);

    char *sum = read_in(dir, "summary.csv", NULL);
    CHECK(sum != NULL);
    if (sum) {
        CHECK_EQ_INT(count_lines(sum), 2);
        const char *ids = "scenario,seed,run,";
        CHECK(strncmp(sum, ids, strlen(ids)) == 0);
        CHECK(strncmp(sum + strlen(ids), sgf_summary_table[0].name,
                      strlen(sgf_summary_table[0].name)) == 0);
    }
    free(sum);

    char *ev = read_in(dir, "events.csv", NULL);
    CHECK(ev != NULL);
    const char *ev_head = "tick,kind,partner_id,partner,role,market,cause,value,unit,event\n";
    if (ev) CHECK(strncmp(ev, ev_head, strlen(ev_head)) == 0);
    free(ev);

    char *jl = read_in(dir, "network.jsonl", NULL);
    CHECK(jl != NULL);
    if (jl) {
        /* week 0, then every SNAPSHOT_EVERY weeks; the last one is the final */
        CHECK_EQ_INT(count_lines(jl), 1 + TICKS / SNAPSHOT_EVERY);
        const char *first = "{\"tick\":0,\"nodes\":[{\"id\":0,";
        CHECK(strncmp(jl, first, strlen(first)) == 0);
        CHECK_CONTAINS(jl, "{\"tick\":10,\"nodes\":[{\"id\":0,");
        CHECK_CONTAINS(jl, "\"ties\":[{\"source\":");
        CHECK_CONTAINS(jl, "Smith & <Sons> \\\"Ltd\\\", 'Zoë'");
        CHECK_CONTAINS(jl, "\"role\":\"sales_partner\"");
    }
    free(jl);

    char *gexf = read_in(dir, "network.gexf", NULL);
    CHECK(gexf != NULL);
    if (gexf) {
        const char *problem = xml_problem(gexf);
        CHECK_MSG(problem == NULL, "network.gexf: %s", problem);
        CHECK_CONTAINS(gexf, "mode=\"dynamic\"");
        CHECK_CONTAINS(gexf, "timeformat=\"integer\"");
        CHECK_CONTAINS(gexf, "xmlns:viz=\"http://www.gexf.net/1.2draft/viz\"");
        CHECK_CONTAINS(gexf, "<viz:position x=\"");
        CHECK(strstr(gexf, "endopen") == NULL && strstr(gexf, "startopen") == NULL);
        CHECK_CONTAINS(gexf, "Smith &amp; &lt;Sons&gt; &quot;Ltd&quot;, &apos;Zoë&apos;");
        CHECK_CONTAINS(gexf, "<attvalue for=\"trust\" value=\"");
        CHECK_CONTAINS(gexf, "<node id=\"0\" label=\"");
        CHECK_CONTAINS(gexf, "source=\"0\"");
    }
    free(gexf);
    if (tool_exists("xmllint")) {
        char cmd[1200];
        snprintf(cmd, sizeof cmd, "xmllint --noout '%s/network.gexf'", dir);
        CHECK_EQ_INT(system(cmd), 0);
    }

    char *man = read_in(dir, "manifest.json", NULL);
    CHECK(man != NULL);
    if (man) {
        CHECK_CONTAINS(man, "\"sgf_version\": \"" SGF_VERSION "\"");
        CHECK_CONTAINS(man, "\"scenario_hash\": \"0123456789abcdef\"");
        CHECK_CONTAINS(man, "\"seed\": ");
        CHECK_CONTAINS(man, "\"ticks_run\": 30");
        CHECK_CONTAINS(man, "\"purpose\": \"model\"");
        CHECK_CONTAINS(man, "\"parameters\": ");
        CHECK_CONTAINS(man, "\"network.gexf\"");
        /* the model stream it reports is the one sgf_rng_derive gives */
        const sgf_world_def *def = sgf_world_def_of(w);
        sgf_rng r;
        sgf_rng_derive(&r, def->seed, def->run_index, SGF_STREAM_MODEL);
        char want[128];
        snprintf(want, sizeof want,
                 "\"state\": \"0x%016" PRIx64 "\", \"inc\": \"0x%016" PRIx64 "\"", r.state, r.inc);
        CHECK_CONTAINS(man, want);
        size_t len = strlen(man);
        CHECK(len > 2 && man[len - 2] == '}' && man[len - 1] == '\n');
    }
    free(man);
    if (tool_exists("python3")) {
        char cmd[2400];
        snprintf(cmd, sizeof cmd,
                 "python3 -c 'import json,sys; json.load(open(sys.argv[1])); "
                 "[json.loads(l) for l in open(sys.argv[2])]' '%s/manifest.json' "
                 "'%s/network.jsonl'",
                 dir, dir);
        CHECK_EQ_INT(system(cmd), 0);
    }
out:
    sgf_world_destroy(w);
    remove_temp_dir(tmp);
}

TEST(only_the_start_and_the_end_when_period_is_zero)
{
    char *tmp = make_temp_dir();
    sgf_world_def def = sgf_world_def_default();
    sgf_diag diag;
    sgf_world *w = NULL;
    CHECK_EQ_INT(sgf_scenario_load_default(&def, &diag), SGF_OK);
    def.ticks = 7;
    def.output.snapshot_every_weeks = 0;
    def.output.network = true;
    CHECK_EQ_INT(sgf_world_create(&def, &w), SGF_OK);
    sgf_world_def_free(&def);
    if (!w) goto out;
    sgf_output_opts opts = opts_for(tmp, false); /* an existing, empty directory */
    sgf_output *o = NULL;
    char err[512];
    CHECK_EQ_INT(sgf_output_open(&opts, w, &o, err, sizeof err), SGF_OK);
    if (!o) goto out;
    CHECK_EQ_INT(run_world(w, o), SGF_OK);
    CHECK_EQ_INT(sgf_output_close(o, w, true), SGF_OK);
    char *jl = read_in(tmp, "network.jsonl", NULL);
    CHECK(jl != NULL);
    if (jl) {
        CHECK_EQ_INT(count_lines(jl), 2); /* the start and the end */
        CHECK(strncmp(jl, "{\"tick\":0,", 10) == 0);
        const char *nl = strchr(jl, '\n');
        CHECK(nl && strncmp(nl + 1, "{\"tick\":7,", 10) == 0);
    }
    free(jl);
out:
    sgf_world_destroy(w);
    remove_temp_dir(tmp);
}

TEST(abandoned_run_leaves_nothing)
{
    char *tmp = make_temp_dir();
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/new/run", tmp);
    sgf_world *w = make_world();
    CHECK(w != NULL);
    if (!w) goto out;
    sgf_output_opts opts = opts_for(dir, false);
    sgf_output *o = NULL;
    char err[512];
    CHECK_EQ_INT(sgf_output_open(&opts, w, &o, err, sizeof err), SGF_OK);
    if (!o) goto out;
    for (int i = 0; i < 12; i++) {
        sgf_world_step(w);
        sgf_output_tick(o, w);
    }
    CHECK(count_entries(dir) > 0); /* temporaries while running */
    for (int i = 0; i < FINAL_COUNT; i++) CHECK(!exists_in(dir, final_names[i]));
    sgf_output_close(o, w, false);
    /* the directories it made are gone again, the one that was there stays */
    CHECK(!path_exists(dir));
    CHECK(!exists_in(tmp, "new"));
    CHECK_EQ_INT(count_entries(tmp), 0);
out:
    sgf_world_destroy(w);
    remove_temp_dir(tmp);
}

TEST(refuses_non_empty_directory_without_force)
{
    char *tmp = make_temp_dir();
    char keep[1100], old_manifest[1100];
    snprintf(keep, sizeof keep, "%s/keep.txt", tmp);
    snprintf(old_manifest, sizeof old_manifest, "%s/manifest.json", tmp);
    write_in(tmp, "keep.txt", "mine\n");
    write_in(tmp, "manifest.json", "{}\n");

    sgf_world *w = make_world();
    CHECK(w != NULL);
    if (!w) goto out;
    sgf_output_opts opts = opts_for(tmp, false);
    sgf_output *o = NULL;
    char err[512];
    CHECK_EQ_INT(sgf_output_open(&opts, w, &o, err, sizeof err), SGF_ERR_EXISTS);
    CHECK(o == NULL);
    CHECK_CONTAINS(err, "--force");
    CHECK_CONTAINS(err, tmp);
    CHECK_EQ_INT(count_entries(tmp), 2);
    CHECK(path_exists(old_manifest));

    /* With force it writes, and an old manifest never vouches for new files. */
    opts.force = true;
    CHECK_EQ_INT(sgf_output_open(&opts, w, &o, err, sizeof err), SGF_OK);
    if (!o) goto out;
    CHECK(!path_exists(old_manifest));
    sgf_world_step(w);
    sgf_output_tick(o, w);
    sgf_output_close(o, w, false);
    CHECK(!path_exists(old_manifest));
    CHECK(path_exists(keep));
    CHECK_EQ_INT(count_entries(tmp), 1);

    CHECK_EQ_INT(sgf_output_open(&opts, w, &o, err, sizeof err), SGF_OK);
    if (!o) goto out;
    CHECK_EQ_INT(run_world(w, o), SGF_OK);
    CHECK_EQ_INT(sgf_output_close(o, w, true), SGF_OK);
    CHECK(path_exists(keep));
    CHECK_EQ_INT(count_entries(tmp), FINAL_COUNT + 1);
out:
    sgf_world_destroy(w);
    remove_temp_dir(tmp);
}

TEST(a_file_in_the_way_is_an_io_error)
{
    char *tmp = make_temp_dir();
    char path[1100];
    snprintf(path, sizeof path, "%s/file", tmp);
    write_in(tmp, "file", "");
    sgf_world *w = make_world();
    CHECK(w != NULL);
    if (w) {
        char dir[1200];
        snprintf(dir, sizeof dir, "%s/sub", path);
        sgf_output_opts opts = opts_for(path, false);
        sgf_output *o = NULL;
        char err[512];
        CHECK_EQ_INT(sgf_output_open(&opts, w, &o, err, sizeof err), SGF_ERR_IO);
        CHECK_CONTAINS(err, "not a directory");
        opts.dir = dir;
        CHECK_EQ_INT(sgf_output_open(&opts, w, &o, err, sizeof err), SGF_ERR_IO);
        CHECK(o == NULL);
    }
    sgf_world_destroy(w);
    remove_temp_dir(tmp);
}

/* A full disk, simulated by a file size limit: the error names the file and
 * nothing that looks complete is left. Runs in a child so the limit and the
 * ignored SIGXFSZ stay there. */
static int full_disk_child(const char *dir, rlim_t limit, char *err_out, size_t err_size)
{
    signal(SIGXFSZ, SIG_IGN);
    struct rlimit rl;
    if (getrlimit(RLIMIT_FSIZE, &rl) != 0) return 90;
    rlim_t soft = rl.rlim_cur;
    rl.rlim_cur = limit;
    if (setrlimit(RLIMIT_FSIZE, &rl) != 0) return 90;
    sgf_world *w = make_world();
    if (!w) return 91;
    sgf_output_opts opts = opts_for(dir, false);
    sgf_output *o = NULL;
    sgf_status st = sgf_output_open(&opts, w, &o, err_out, err_size);
    if (st == SGF_OK) {
        st = run_world(w, o);
        if (st != SGF_OK) {
            snprintf(err_out, err_size, "%s", sgf_output_error(o));
            sgf_output_close(o, w, false);
        } else {
            st = sgf_output_close(o, w, true);
            if (st != SGF_OK) snprintf(err_out, err_size, "%s", sgf_output_error(NULL));
        }
    }
    sgf_world_destroy(w);
    rl.rlim_cur = soft; /* room again for the report */
    setrlimit(RLIMIT_FSIZE, &rl);
    return (int)st;
}

TEST(full_disk_is_reported_and_cleaned_up)
{
    /* limits that fail while streaming and ones that fail at close */
    static const rlim_t limits[] = {100, 2000, 20000, 60000, 150000};
    for (size_t k = 0; k < sizeof limits / sizeof limits[0]; k++) {
        char *tmp = make_temp_dir();
        char dir[1024], errfile[1100];
        snprintf(dir, sizeof dir, "%s/run", tmp);
        snprintf(errfile, sizeof errfile, "%s.err", tmp);
        fflush(NULL);
        pid_t pid = fork();
        if (pid == 0) {
            char err[512] = "";
            int code = full_disk_child(dir, limits[k], err, sizeof err);
            FILE *f = fopen(errfile, "w");
            if (f) {
                fputs(err, f);
                fclose(f);
            }
            _exit(code);
        }
        int status = 0;
        waitpid(pid, &status, 0);
        CHECK(WIFEXITED(status));
        int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        char errtext[600] = "";
        FILE *f = fopen(errfile, "r");
        if (f) {
            size_t n = fread(errtext, 1, sizeof errtext - 1, f);
            errtext[n] = '\0';
            fclose(f);
            unlink(errfile);
        }
        if (code == SGF_OK) {
            /* a limit high enough for everything: then all must be there */
            for (int i = 0; i < FINAL_COUNT; i++) CHECK(exists_in(dir, final_names[i]));
        } else {
            CHECK_MSG(code == SGF_ERR_IO, "limit %lu: status %d (%s)", (unsigned long)limits[k],
                      code, errtext);
            CHECK_CONTAINS(errtext, dir);
            CHECK(strstr(errtext, "File too large") || strstr(errtext, "No space"));
            CHECK_MSG(!path_exists(dir), "limit %lu left %s", (unsigned long)limits[k], dir);
        }
        remove_temp_dir(tmp);
    }
}

/* Fail each allocation of open, tick and close in turn: always a clean
 * status, never a crash or leak, and no final files after a failure. */
TEST(out_of_memory_is_clean)
{
    char *tmp = make_temp_dir();
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/run", tmp);
    for (int phase = 0; phase < 3; phase++) {
        for (long n = 1; n < 10000; n++) {
            sgf_world *w = make_world();
            CHECK(w != NULL);
            if (!w) break;
            sgf_output_opts opts = opts_for(dir, false);
            sgf_output *o = NULL;
            char err[512];
            sgf_status st;
            long made;
            if (phase == 0) {
                sgf_alloc_fail_at(n);
                st = sgf_output_open(&opts, w, &o, err, sizeof err);
                made = sgf_alloc_fail_at(0);
                if (st == SGF_OK) sgf_output_close(o, w, false);
            } else {
                st = sgf_output_open(&opts, w, &o, err, sizeof err);
                CHECK_EQ_INT(st, SGF_OK);
                if (st != SGF_OK) {
                    sgf_world_destroy(w);
                    break;
                }
                for (int t = 0; t < 10; t++) {
                    sgf_world_step(w);
                    sgf_output_tick(o, w);
                }
                if (phase == 1) { /* ticks that snapshot and grow the arrays */
                    sgf_alloc_fail_at(n);
                    for (int t = 0; t < 20 && st == SGF_OK; t++) st = sgf_output_tick(o, w);
                    made = sgf_alloc_fail_at(0);
                    sgf_output_close(o, w, false);
                } else {
                    sgf_alloc_fail_at(n);
                    st = sgf_output_close(o, w, true);
                    made = sgf_alloc_fail_at(0);
                }
            }
            bool injected = made >= n;
            if (injected) {
                CHECK_MSG(st == SGF_ERR_NOMEM || st == SGF_OK, "phase %d, n %ld: status %d", phase,
                          n, (int)st);
            } else {
                CHECK_EQ_INT(st, SGF_OK);
            }
            if (st != SGF_OK || phase < 2)
                CHECK_MSG(!path_exists(dir), "phase %d, n %ld", phase, n);
            remove_tree(dir);
            sgf_world_destroy(w);
            if (!injected) break; /* every allocation point has been failed once */
        }
    }
    remove_temp_dir(tmp);
}

TEST(definition_hash_is_stable)
{
    sgf_world_def a = sgf_world_def_default(), b = sgf_world_def_default();
    sgf_diag diag;
    CHECK_EQ_INT(sgf_scenario_load_default(&a, &diag), SGF_OK);
    CHECK_EQ_INT(sgf_scenario_load_default(&b, &diag), SGF_OK);
    uint64_t ha = sgf_def_hash(&a);
    CHECK(ha != 0);
    CHECK_EQ_U64(ha, sgf_def_hash(&b));
    CHECK_EQ_U64(ha, sgf_def_hash(&a));
    b.seed = a.seed + 1;
    CHECK(sgf_def_hash(&b) != ha);
    b.seed = a.seed;
    b.firm.employees += 1.0;
    CHECK(sgf_def_hash(&b) != ha);
    sgf_world_def_free(&a);
    sgf_world_def_free(&b);
}

TEST(xml_checker_catches_mistakes)
{
    CHECK(xml_problem("<a><b x=\"1\"/></a>\n") == NULL);
    CHECK(xml_problem("<?xml version=\"1.0\"?>\n<a>t &amp; u</a>\n") == NULL);
    CHECK(xml_problem("<a><b></a></b>") != NULL);
    CHECK(xml_problem("<a x=\"<\"/>") != NULL);
    CHECK(xml_problem("<a>A & B</a>") != NULL);
    CHECK(xml_problem("<a x=1/>") != NULL);
    CHECK(xml_problem("<a/><b/>") != NULL);
    CHECK(xml_problem("<a>") != NULL);
}

/* A strict check of one JSON string body (between the quotes): valid UTF-8,
 * no raw control character or quote, only the escapes JSON has. */
static bool json_body_ok(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == '"') return false;
        if (c == '\\') {
            if (i + 1 >= n) return false;
            char e = s[i + 1];
            if (strchr("\"\\/bfnrt", e)) {
                i += 2;
                continue;
            }
            if (e != 'u' || i + 6 > n) return false;
            for (int k = 2; k < 6; k++)
                if (!strchr("0123456789abcdefABCDEF", s[i + k])) return false;
            i += 6;
            continue;
        }
        size_t k = sgf_utf8_seq((const unsigned char *)s + i);
        if (k == 0 || i + k > n) return false;
        i += k;
    }
    return true;
}

/* Every JSON writer escapes through sgf_json_escape: whatever bytes a name
 * holds (invalid UTF-8, control characters, quotes, backslashes), the
 * result is a valid JSON string, and valid UTF-8 text comes back unchanged
 * once unescaped. */
TEST(json_strings_are_valid_for_any_bytes)
{
    /* every single byte */
    for (int b = 1; b < 256; b++) {
        char in[2] = {(char)b, 0}, out[16];
        size_t n = sgf_json_escape(out, sizeof out, in);
        CHECK_MSG(n < sizeof out && json_body_ok(out, n), "byte 0x%02x gives '%s'", b, out);
    }
    /* the classic traps */
    static const char *const traps[] = {"\xff",
                                        "\xc0\x80",
                                        "\xed\xa0\x80",
                                        "\xf4\x90\x80\x80",
                                        "\xe2\x82",
                                        "a\x01"
                                        "b\x1f",
                                        "\"\\",
                                        "\x7f",
                                        "\xef\xbb\xbf",
                                        "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"};
    for (size_t t = 0; t < sizeof traps / sizeof traps[0]; t++) {
        char out[128];
        size_t n = sgf_json_escape(out, sizeof out, traps[t]);
        CHECK(n < sizeof out && json_body_ok(out, n));
    }
    char out[64];
    sgf_json_escape(out, sizeof out, "caf\xc3\xa9 \xe2\x82\xac");
    CHECK_STR(out, "caf\xc3\xa9 \xe2\x82\xac"); /* valid UTF-8 is kept */
    sgf_json_escape(out, sizeof out, "a\xffz\"\\\n\x01");
    CHECK_STR(out, "a\xef\xbf\xbdz\\\"\\\\\\n\\u0001");
    /* random byte strings, and the length a small buffer reports */
    sgf_rng r;
    sgf_rng_seed(&r, 13, 8);
    for (int i = 0; i < 20000; i++) {
        char in[40];
        int len = (int)sgf_rng_bounded(&r, 39);
        for (int k = 0; k < len; k++) in[k] = (char)(1 + sgf_rng_bounded(&r, 255));
        in[len] = '\0';
        char big[40 * 6 + 1], tiny[8];
        size_t n = sgf_json_escape(big, sizeof big, in);
        CHECK(n < sizeof big);
        CHECK(json_body_ok(big, n));
        CHECK_EQ_INT(sgf_json_escape(tiny, sizeof tiny, in), n);
        CHECK(strlen(tiny) <= n && strlen(tiny) < sizeof tiny &&
              strncmp(tiny, big, strlen(tiny)) == 0);
    }
    /* the FILE writer, long enough to take the piecewise path */
    char in[2000];
    for (int k = 0; k < 1999; k++) in[k] = (char)(k % 3 == 0 ? 0xff : k % 3 == 1 ? 0x01 : 0xc3);
    in[1999] = '\0';
    FILE *f = tmpfile();
    CHECK(f != NULL);
    if (f) {
        sgf_json_write_string(f, in);
        long size = ftell(f);
        rewind(f);
        char *text = malloc((size_t)size + 1);
        size_t got = fread(text, 1, (size_t)size, f);
        CHECK(got == (size_t)size && size >= 2 && text[0] == '"' && text[size - 1] == '"');
        CHECK(json_body_ok(text + 1, (size_t)size - 2));
        free(text);
        fclose(f);
    }
}

/* docs/outputs.md is the dictionary sgf_dictionary_write makes, byte for
 * byte. To regenerate it after changing a metric, a column or an event kind:
 *   SGF_UPDATE_DOCS=1 SGF_SOURCE_DIR=$PWD build/tests/test_output docs_outputs_current */
TEST(docs_outputs_current)
{
    const char *src = getenv("SGF_SOURCE_DIR");
    CHECK_MSG(src && *src, "SGF_SOURCE_DIR is not set: run this test through ctest");
    if (!src || !*src) return;
    char *gen = NULL;
    size_t gen_len = 0;
    FILE *mf = open_memstream(&gen, &gen_len);
    CHECK(mf != NULL);
    if (!mf) return;
    sgf_dictionary_write(mf, true);
    fclose(mf);
    char path[1200];
    snprintf(path, sizeof path, "%s/docs/outputs.md", src);
    const char *update = getenv("SGF_UPDATE_DOCS");
    if (update && *update) {
        FILE *f = fopen(path, "wb");
        CHECK(f != NULL);
        if (f) {
            fwrite(gen, 1, gen_len, f);
            fclose(f);
            printf("wrote %s\n", path);
        }
    } else {
        char *doc = NULL;
        FILE *f = fopen(path, "rb");
        CHECK_MSG(f != NULL, "cannot read %s", path);
        if (f) {
            size_t cap = gen_len + 65536, n = 0;
            doc = malloc(cap + 1);
            n = fread(doc, 1, cap, f);
            doc[n] = '\0';
            fclose(f);
            CHECK_MSG(n == gen_len && memcmp(doc, gen, n) == 0,
                      "docs/outputs.md is out of date; regenerate it with SGF_UPDATE_DOCS=1 "
                      "SGF_SOURCE_DIR=<source dir> test_output docs_outputs_current");
        }
        free(doc);
    }
    /* every column the writers use is in it */
    for (int i = 0; i < sgf_metric_count; i++) CHECK_CONTAINS(gen, sgf_metric_table[i].name);
    for (int i = 0; i < sgf_summary_count; i++) CHECK_CONTAINS(gen, sgf_summary_table[i].name);
    for (int i = 0; i < SGF_MKT_COLUMN_COUNT; i++) CHECK_CONTAINS(gen, sgf_markets_columns[i].name);
    for (int i = 0; i < sgf_events_column_count; i++)
        CHECK_CONTAINS(gen, sgf_events_columns[i].name);
    free(gen);
}

/* Statistics over runs leave out the values that do not exist (an empty
 * summary.csv field): failed_tick averages the runs that failed. */
TEST(stats_leave_out_missing_values)
{
    const double v[] = {10.0, NAN, 30.0, NAN};
    sgf_stat s = sgf_stat_of(v, 4);
    CHECK_EQ_INT(s.n, 2);
    CHECK(s.mean == 20.0);
    CHECK(fabs(s.sd - sqrt(200.0)) < 1e-12);
    const double none[] = {NAN, NAN};
    s = sgf_stat_of(none, 2);
    CHECK_EQ_INT(s.n, 0);
    CHECK(isnan(s.mean));
}

/* An unknown metric's message names the close ones. */
TEST(close_metric_names_are_suggested)
{
    char buf[256];
    sgf_metric_suggest(sgf_summary_table, sgf_summary_count, "revenue", buf, sizeof buf);
    CHECK_CONTAINS(buf, "revenue_total_eur");
    sgf_metric_suggest(sgf_summary_table, sgf_summary_count, "international_share", buf,
                       sizeof buf);
    CHECK_CONTAINS(buf, "international_share_last_year");
    sgf_metric_suggest(sgf_metric_table, sgf_metric_count, "mean_trsut", buf, sizeof buf);
    CHECK_CONTAINS(buf, "mean_trust");
    sgf_metric_suggest(sgf_metric_table, sgf_metric_count, "zzzzqqqq", buf, sizeof buf);
    CHECK_STR(buf, "");
}

int main(int argc, char **argv)
{
    return RUN_TESTS(argc, argv, writes_every_file_in_a_new_directory,
                     only_the_start_and_the_end_when_period_is_zero,
                     abandoned_run_leaves_nothing, refuses_non_empty_directory_without_force,
                     a_file_in_the_way_is_an_io_error, full_disk_is_reported_and_cleaned_up,
                     out_of_memory_is_clean, definition_hash_is_stable,
                     xml_checker_catches_mistakes, json_strings_are_valid_for_any_bytes,
                     docs_outputs_current, close_metric_names_are_suggested,
                     stats_leave_out_missing_values);
}
