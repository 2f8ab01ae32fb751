/* cmd_plot.c: `sgf plot`, PNG figures of a sweep or a run with no display,
 * and the figures `sgf sweep --plot` writes.
 *
 * The command reads a directory (plot_data.c) and hands figures to the
 * viewer's renderer (viz/plot.c, sgf_plot.h: plain C types). Without the
 * viewer (-DSGF_WITH_VIEWER=OFF) the command exists but only says that it
 * needs the viewer build, with exit status 2. docs/sweeps.md ("Plots")
 * describes the figures.
 *
 * Every option and every file is checked before the first PNG is written:
 * bad input (a missing file, an unknown metric or setting, a malformed CSV)
 * exits 2 with nothing written, and each PNG is written under a temporary
 * name and renamed.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

const char sgf_cmd_plot_help[] =
    "Usage: sgf plot SWEEP_DIR [--metric M[,M...]] [--out DIR]\n"
    "       sgf plot SWEEP_DIR --metric M --x SETTING [--y SETTING | --by SETTING]\n"
    "                          [--out FILE.png]\n"
    "       sgf plot RUN_DIR [--series M1,M2,...] [--out FILE.png]\n"
    "       sgf plot SWEEP_DIR --run K [--series M1,M2,...] [--out FILE.png]\n"
    "       (all: [--format png|svg] [--force] [--size WxH] [--x-scale auto|linear|log]\n"
    "             [--font FILE] [--quiet])\n"
    "\n"
    "Draw PNG or SVG figures of a finished sweep (its aggregate.csv and runs.csv)\n"
    "or of one run (its timeseries.csv and events.csv), with no display. Needs the\n"
    "viewer build (SDL2, SDL2_ttf, SDL2_image). Titles use the words of the\n"
    "metric tables (`sgf help metrics`). Lines show the mean with its 95 %\n"
    "confidence band and every single run as a light dot; heat-map cells show the\n"
    "mean and the half-width of its 95 % interval, and every cell whose interval\n"
    "overlaps the highest cell's (outlined) is hatched: those cannot be told\n"
    "apart from it. A run's panels mark its scenario events and big steps\n"
    "(market entries, relocations, failure) with dashed lines.\n"
    "\n"
    "  SWEEP_DIR                 the sweep's natural figures into DIR (default\n"
    "                            SWEEP_DIR/plots/), one per kept metric (or those of\n"
    "                            --metric): a factorial over one setting or a\n"
    "                            one-at-a-time design, a line per setting with its\n"
    "                            95 % band; over two settings, a heat map; over\n"
    "                            more, a line per setting averaged over the others;\n"
    "                            a Latin hypercube, each point's mean against each\n"
    "                            setting in panels\n"
    "  --x SETTING               one figure: the metric against SETTING, mean and\n"
    "                            95 % confidence interval of the mean\n"
    "  --y SETTING               with --x: a heat map over two settings (factorial)\n"
    "  --by SETTING              with --x: a line per value of SETTING\n"
    "  RUN_DIR, --run K          time-series panels of a run's weekly metrics (a run\n"
    "                            directory, a timeseries CSV file, or run K of a\n"
    "                            sweep run with --series); default metrics:\n"
    "                            revenue_eur, cash_eur, partners, fill_rate,\n"
    "                            mean_trust, dc\n"
    "\n"
    "Options:\n"
    "  --metric M[,M...]  the metric(s): columns of the sweep's runs.csv\n"
    "  --x, --y, --by     a setting by its path or the last part of it\n"
    "                     (interface_competence)\n"
    "  --series M1,...    the weekly metrics, one panel each (at most 16)\n"
    "  --run K            run K of SWEEP_DIR (its series/run_K.csv.gz)\n"
    "  --out PATH         a directory for a set of figures, a .png or .svg file for\n"
    "                     one (default: in the input's plots/ directory)\n"
    "  --format F         png (default) or svg; FILE.svg implies svg\n"
    "  --force            replace figures that exist (without it, nothing is\n"
    "                     written when one would be replaced: exit 2)\n"
    "  --size WxH         pixels (default 960x640 for one panel, larger for panels;\n"
    "                     text scales with the size)\n"
    "  --x-scale S        auto (default: logarithmic when the values are spread\n"
    "                     evenly in the logarithm), linear or log\n"
    "  --font FILE        a TrueType font (default $SGF_FONT, then DejaVuSans)\n"
    "  --quiet            print nothing on success\n"
    "  -h, --help         show this help\n"
    "\n"
    "Exit status:\n"
    "  0  the figures were written\n"
    "  1  a figure could not be written (I/O, memory)\n"
    "  2  usage error, a missing or malformed input file, an unknown metric or\n"
    "     setting, a figure that exists (without --force), a missing font, or a\n"
    "     build without the viewer; nothing written\n"
    "\n"
    "Examples:\n"
    "  sgf plot out/caps\n"
    "  sgf plot out/caps --metric revenue_total_eur --x interface_competence\n"
    "  sgf plot out/modes --metric profit_total_eur --x attention_hours_per_week --by preset\n"
    "  sgf plot out/caps --metric mean_trust --x interface_competence --y global_mindset\n"
    "  sgf plot out/default-seed20010101 --series revenue_eur,partners,mean_trust\n"
    "  sgf plot out/default-seed20010101 --out fig.svg\n";

#ifndef SGF_WITH_VIEWER

int sgf_cmd_plot(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr,
            "sgf plot: this sgf was built without the viewer; figures need it (configure with "
            "-DSGF_WITH_VIEWER=ON and the Debian packages libsdl2-dev, libsdl2-ttf-dev, "
            "libsdl2-image-dev, fonts-dejavu-core)\n");
    return 2;
}

#else

#include "plot_data.h"
#include "sgf/sgf_sweep.h"

enum { MAX_FIGS = 4096 };
enum { PLOT_PATH_MAX = 3800 }; /* longest directory or --out path taken */

typedef struct plot_args {
    const char *target, *out, *font, *metric, *x, *y, *by, *series;
    const char *format; /* "png" or "svg" */
    long run;
    bool has_run, quiet, force;
    int width, height;
    plot_xscale xscale;
} plot_args;

static bool parse_size(const char *v, int *w, int *h)
{
    const char *x = strchr(v, 'x');
    if (!x) return false;
    char a[16];
    size_t n = (size_t)(x - v);
    if (n == 0 || n >= sizeof a) return false;
    memcpy(a, v, n);
    a[n] = '\0';
    return sgf_cli_parse_int(a, SGF_PLOT_MIN_SIZE, SGF_PLOT_MAX_SIZE, w) &&
           sgf_cli_parse_int(x + 1, SGF_PLOT_MIN_SIZE, SGF_PLOT_MAX_SIZE, h);
}

/* Returns -1 to go on, or an exit status. */
static int parse_args(int argc, char **argv, plot_args *a)
{
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i], *v = NULL;
        int m;
        if (arg[0] != '-') {
            if (a->target)
                return sgf_cli_usage_error("plot", "more than one directory given ('%s', '%s')",
                                           a->target, arg);
            a->target = arg;
        } else if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
            fputs(sgf_cmd_plot_help, stdout);
            return 0;
        } else if (strcmp(arg, "--quiet") == 0 || strcmp(arg, "-q") == 0) {
            a->quiet = true;
        } else if (strcmp(arg, "--force") == 0) {
            a->force = true;
        } else if ((m = sgf_cli_option_value(argc, argv, &i, "--format", &v)) != 0) {
            if (m < 0 || (strcmp(v, "png") != 0 && strcmp(v, "svg") != 0))
                return sgf_cli_usage_error("plot", "--format is png or svg");
            a->format = v;
        } else if ((m = sgf_cli_option_value(argc, argv, &i, "--metric", &v)) != 0) {
            if (m < 0 || !v[0]) return sgf_cli_usage_error("plot", "--metric needs a metric");
            a->metric = v;
        } else if ((m = sgf_cli_option_value(argc, argv, &i, "--x", &v)) != 0) {
            if (m < 0 || !v[0]) return sgf_cli_usage_error("plot", "--x needs a setting");
            a->x = v;
        } else if ((m = sgf_cli_option_value(argc, argv, &i, "--y", &v)) != 0) {
            if (m < 0 || !v[0]) return sgf_cli_usage_error("plot", "--y needs a setting");
            a->y = v;
        } else if ((m = sgf_cli_option_value(argc, argv, &i, "--by", &v)) != 0) {
            if (m < 0 || !v[0]) return sgf_cli_usage_error("plot", "--by needs a setting");
            a->by = v;
        } else if ((m = sgf_cli_option_value(argc, argv, &i, "--series", &v)) != 0) {
            if (m < 0 || !v[0])
                return sgf_cli_usage_error("plot", "--series needs metrics, e.g. "
                                                   "--series revenue_eur,partners");
            a->series = v;
        } else if ((m = sgf_cli_option_value(argc, argv, &i, "--run", &v)) != 0) {
            uint64_t k;
            if (m < 0 || !sgf_cli_parse_u64(v, &k) || k > 1000000000000ULL)
                return sgf_cli_usage_error("plot", "--run needs a run number (runs.csv's run)");
            a->run = (long)k;
            a->has_run = true;
        } else if ((m = sgf_cli_option_value(argc, argv, &i, "--out", &v)) != 0) {
            if (m < 0 || !v[0]) return sgf_cli_usage_error("plot", "--out needs a path");
            a->out = v;
        } else if ((m = sgf_cli_option_value(argc, argv, &i, "--font", &v)) != 0) {
            if (m < 0 || !v[0]) return sgf_cli_usage_error("plot", "--font needs a file");
            a->font = v;
        } else if ((m = sgf_cli_option_value(argc, argv, &i, "--size", &v)) != 0) {
            if (m < 0 || !parse_size(v, &a->width, &a->height))
                return sgf_cli_usage_error("plot",
                                           "--size needs WxH with each side from %d to %d, e.g. "
                                           "--size 1280x800",
                                           SGF_PLOT_MIN_SIZE, SGF_PLOT_MAX_SIZE);
        } else if ((m = sgf_cli_option_value(argc, argv, &i, "--x-scale", &v)) != 0) {
            if (m >= 0 && strcmp(v, "auto") == 0)
                a->xscale = PLOT_XSCALE_AUTO;
            else if (m >= 0 && strcmp(v, "linear") == 0)
                a->xscale = PLOT_XSCALE_LINEAR;
            else if (m >= 0 && strcmp(v, "log") == 0)
                a->xscale = PLOT_XSCALE_LOG;
            else
                return sgf_cli_usage_error("plot", "--x-scale is auto, linear or log");
        } else {
            return sgf_cli_usage_error("plot", "unknown option '%s'", arg);
        }
    }
    if (!a->target) return sgf_cli_usage_error("plot", "needs a sweep's or a run's directory");
    if (strlen(a->target) > PLOT_PATH_MAX || (a->out && strlen(a->out) > PLOT_PATH_MAX))
        return sgf_cli_usage_error("plot", "a path longer than %d characters", PLOT_PATH_MAX);
    if ((a->y || a->by) && !a->x)
        return sgf_cli_usage_error("plot", "--%s needs --x (the setting along the x axis)",
                                   a->y ? "y" : "by");
    if (a->y && a->by)
        return sgf_cli_usage_error("plot", "give --y (a heat map) or --by (a line per value), "
                                           "not both");
    if (a->x && !a->metric)
        return sgf_cli_usage_error("plot", "--x needs --metric (the quantity on the y axis)");
    if (a->x && strchr(a->metric, ','))
        return sgf_cli_usage_error("plot", "--x draws one figure: give one --metric");
    if (a->series && (a->metric || a->x))
        return sgf_cli_usage_error("plot", "--series draws a run's weekly metrics; --metric "
                                           "and --x are for a sweep");
    if (a->has_run && (a->metric || a->x))
        return sgf_cli_usage_error("plot", "--run draws a run's weekly metrics; --metric and "
                                           "--x are for the sweep's results");
    return -1;
}

static bool has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n > m && strcmp(s + n - m, suffix) == 0;
}

/* --out against what is drawn: one figure (FILE.png or FILE.svg) or a set
 * (a directory); sets a->format from the file's suffix. -1 to go on. */
static int check_out(plot_args *a, bool one)
{
    if (!a->out) {
        if (!a->format) a->format = "png";
        return -1;
    }
    bool png = has_suffix(a->out, ".png"), svg = has_suffix(a->out, ".svg");
    if (one && !png && !svg)
        return sgf_cli_usage_error("plot", "--out names the figure's file, FILE.png or FILE.svg");
    if (!one && (png || svg))
        return sgf_cli_usage_error("plot",
                                   "--out names a directory for a sweep's figures "
                                   "(--metric M --x SETTING draws one figure into FILE.png)");
    if (one) {
        const char *from_name = svg ? "svg" : "png";
        if (a->format && strcmp(a->format, from_name) != 0)
            return sgf_cli_usage_error("plot", "--format %s, but --out %s ends in .%s", a->format,
                                       a->out, from_name);
        a->format = from_name;
    }
    if (!a->format) a->format = "png";
    return -1;
}

/* A path into out; every input path was checked to be short enough
 * (parse_args), so this only guards against the impossible. */
#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static bool
pathf(char *out, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(out, size, fmt, ap);
    va_end(ap);
    return n >= 0 && (size_t)n < size;
}

static bool is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static bool exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* Splits a comma list in place; returns the count or -1 past max. */
static int split_list(char *s, char **out, int max)
{
    int n = 0;
    for (char *tok = strtok(s, ","); tok; tok = strtok(NULL, ",")) {
        while (*tok == ' ') tok++;
        size_t len = strlen(tok);
        while (len > 0 && tok[len - 1] == ' ') tok[--len] = '\0';
        if (!*tok) continue;
        if (n == max) return -1;
        out[n++] = tok;
    }
    return n;
}

/* ---- a sweep's figures --------------------------------------------------------------- */

static sgf_status find_param(const plot_sweep *s, const char *opt, const char *name, int *out,
                             char *err, size_t size)
{
    int j = plot_sweep_find_param(s, name);
    if (j >= 0) {
        *out = j;
        return SGF_OK;
    }
    int n = snprintf(err, size, "%s %s: %s setting of the sweep in %s (varied:", opt, name,
                     j == -2 ? "names more than one" : "not a varied", s->dir);
    for (int k = 0; k < s->param_count && n > 0 && (size_t)n < size; k++)
        n += snprintf(err + n, size - (size_t)n, "%s %s", k ? "," : "", s->params[k]);
    if (n > 0 && (size_t)n < size) snprintf(err + n, size - (size_t)n, ")");
    return SGF_ERR_USAGE;
}

static sgf_status find_metric(const plot_sweep *s, const char *name, int *out, char *err,
                              size_t size)
{
    int m = plot_sweep_find_metric(s, name);
    if (m >= 0) {
        *out = m;
        return SGF_OK;
    }
    int n =
        snprintf(err, size, "--metric %s: not a metric of %s/aggregate.csv (kept:", name, s->dir);
    for (int k = 0; k < s->metric_count && n > 0 && (size_t)n < size; k++)
        n += snprintf(err + n, size - (size_t)n, "%s %s", k ? "," : "", s->metrics[k]);
    if (n > 0 && (size_t)n < size) snprintf(err + n, size - (size_t)n, ")");
    return SGF_ERR_USAGE;
}

/* The natural figures of metric m: see `sgf help plot`. */
static sgf_status natural_of_metric(const plot_sweep *s, int m, plot_xscale xs, plot_fig *figs,
                                    int *count, char *err, size_t size)
{
    bool factorial = strcmp(s->design, "factorial") == 0;
    bool lhs = strcmp(s->design, "latin_hypercube") == 0;
    sgf_status st = SGF_OK;
    if (factorial && s->param_count == 2) {
        if (*count >= MAX_FIGS) return SGF_OK;
        st = plot_make_heat(s, m, 0, 1, &figs[*count], err, size);
        if (st == SGF_OK) (*count)++;
    } else if (lhs) {
        if (*count >= MAX_FIGS) return SGF_OK;
        st = plot_make_panels(s, m, xs, &figs[*count], err, size);
        if (st == SGF_OK) (*count)++;
    } else {
        for (int j = 0; j < s->param_count && st == SGF_OK && *count < MAX_FIGS; j++) {
            st = plot_make_line(s, m, j, -1, xs, &figs[*count], err, size);
            if (st == SGF_OK) (*count)++;
        }
    }
    return st;
}

static void free_figs(plot_fig *figs, int count)
{
    for (int i = 0; i < count; i++) plot_fig_free(&figs[i]);
    free(figs);
}

/* Writes figs into dir (created when missing), each as dir/NAME.png, or the
 * one figure to file (then dir, if not NULL, is the file's directory to
 * create). The font is checked first, so a missing one creates nothing. */
static int write_figs(plot_fig *figs, int count, const char *dir, const char *file,
                      const plot_args *a)
{
    char err[1024];
    char path[4400];
    /* nothing is replaced without --force, and nothing written if one would be */
    if (!a->force) {
        int clash = 0;
        const char *first = NULL;
        char first_path[4400] = "";
        for (int i = 0; i < count; i++) {
            if (file)
                pathf(path, sizeof path, "%s", file);
            else
                pathf(path, sizeof path, "%s/%s.%s", dir, figs[i].name, a->format);
            if (exists(path)) {
                if (!first) snprintf(first_path, sizeof first_path, "%s", path);
                first = first_path;
                clash++;
            }
        }
        if (clash) {
            fprintf(stderr, "sgf plot: %s exists%s; give --force to replace %s, or another --out\n",
                    first, clash > 1 ? " (and more figures of this set)" : "",
                    clash > 1 ? "them" : "it");
            return 2;
        }
    }
    sgf_plotter *p = NULL;
    int w = a->width ? a->width : 960, h = a->height ? a->height : 640;
    int code = sgf_plotter_create(w, h, a->font, &p, err, sizeof err);
    if (code != 0) {
        fprintf(stderr, "sgf plot: %s\n", err);
        return code;
    }
    if (dir && sgf_sweep_make_dir(dir, err, sizeof err) != SGF_OK) {
        fprintf(stderr, "sgf plot: %s\n", err);
        sgf_plotter_destroy(p);
        return 1;
    }
    for (int i = 0; i < count && code == 0; i++) {
        if (a->width) figs[i].fig.width = figs[i].fig.height = 0; /* --size wins */
        if (file)
            pathf(path, sizeof path, "%s", file);
        else
            pathf(path, sizeof path, "%s/%s.%s", dir, figs[i].name, a->format);
        sgf_status st = sgf_plotter_write(p, &figs[i].fig, path, err, sizeof err);
        if (st != SGF_OK) {
            fprintf(stderr, "sgf plot: %s\n", err);
            code = sgf_status_exit_code(st);
        } else if (!a->quiet && file) {
            printf("sgf plot: %s\n", path);
        }
    }
    sgf_plotter_destroy(p);
    if (code == 0 && !a->quiet && !file)
        printf("sgf plot: %d figure%s in %s/\n", count, count == 1 ? "" : "s", dir);
    return code;
}

static int plot_sweep_dir(const plot_args *a)
{
    char err[2048];
    plot_sweep s;
    sgf_status st = plot_sweep_load(a->target, &s, err, sizeof err);
    if (st != SGF_OK) {
        fprintf(stderr, "sgf plot: %s\n", err);
        return sgf_status_exit_code(st);
    }
    plot_fig *figs = calloc(MAX_FIGS, sizeof *figs);
    int count = 0, code = 0;
    char *metric_copy = a->metric ? strdup(a->metric) : NULL;
    if (!figs || (a->metric && !metric_copy)) {
        fprintf(stderr, "sgf plot: out of memory\n");
        code = 1;
        goto done;
    }
    if (a->x) {
        int m = 0, x = 0, other = -1;
        st = find_metric(&s, a->metric, &m, err, sizeof err);
        if (st == SGF_OK) st = find_param(&s, "--x", a->x, &x, err, sizeof err);
        if (st == SGF_OK && (a->y || a->by))
            st =
                find_param(&s, a->y ? "--y" : "--by", a->y ? a->y : a->by, &other, err, sizeof err);
        if (st == SGF_OK)
            st = a->y ? plot_make_heat(&s, m, x, other, &figs[0], err, sizeof err)
                      : plot_make_line(&s, m, x, other, a->xscale, &figs[0], err, sizeof err);
        if (st == SGF_OK) count = 1;
    } else {
        char *names[256];
        int n = 0;
        if (metric_copy) {
            n = split_list(metric_copy, names, 256);
            if (n < 1) {
                code = sgf_cli_usage_error("plot", "--metric needs metrics");
                goto done;
            }
        }
        for (int i = 0; st == SGF_OK && i < (metric_copy ? n : s.metric_count); i++) {
            int m = i;
            if (metric_copy) st = find_metric(&s, names[i], &m, err, sizeof err);
            if (st == SGF_OK)
                st = natural_of_metric(&s, m, a->xscale, figs, &count, err, sizeof err);
        }
    }
    if (st != SGF_OK) {
        fprintf(stderr, "sgf plot: %s\n", err);
        code = sgf_status_exit_code(st);
        goto done;
    }
    char dir[4200];
    pathf(dir, sizeof dir, "%s/plots", a->target);
    if (a->x) {
        char file[4400];
        if (a->out)
            pathf(file, sizeof file, "%s", a->out);
        else
            pathf(file, sizeof file, "%s/%s.%s", dir, figs[0].name, a->format);
        code = write_figs(figs, 1, a->out ? NULL : dir, file, a);
    } else {
        code = write_figs(figs, count, a->out ? a->out : dir, NULL, a);
    }
done:
    free(metric_copy);
    if (figs) free_figs(figs, count);
    plot_sweep_free(&s);
    return code;
}

/* ---- a run's weekly series ----------------------------------------------------------- */

/* "key": value of a flat JSON file, or "" (for titles only). */
static void json_field(const char *path, const char *key, char *out, size_t size)
{
    out[0] = '\0';
    FILE *f = fopen(path, "rb");
    if (!f) return;
    char line[1024], pat[80];
    snprintf(pat, sizeof pat, "\"%s\":", key);
    while (fgets(line, sizeof line, f)) {
        char *p = strstr(line, pat);
        if (!p) continue;
        p += strlen(pat);
        while (*p == ' ') p++;
        if (*p == '"') p++;
        size_t n = 0;
        while (*p && *p != '"' && *p != ',' && *p != '\n' && n + 1 < size) out[n++] = *p++;
        out[n] = '\0';
        break;
    }
    fclose(f);
}

/* The varied values of run K, from the sweep's runs.csv, as "a = 1, b = 2". */
static void run_values(const char *dir, long run, char *out, size_t size)
{
    out[0] = '\0';
    char path[4200];
    snprintf(path, sizeof path, "%s/runs.csv", dir);
    FILE *f = fopen(path, "rb");
    if (!f) return;
    char header[8192], line[8192];
    if (fgets(header, sizeof header, f)) {
        char want[32];
        int wl = snprintf(want, sizeof want, "%ld,", run);
        bool at_start = true; /* a line longer than the buffer comes in pieces */
        while (fgets(line, sizeof line, f)) {
            bool start = at_start;
            at_start = strchr(line, '\n') != NULL;
            if (!start || strncmp(line, want, (size_t)wl) != 0) continue;
            /* run,point,replicate,seed,run_index,<settings>,status,... */
            char *hs[256], *ls[256];
            int hn = 0, ln = 0;
            for (char *t = strtok(header, ",\n"); t && hn < 256; t = strtok(NULL, ",\n"))
                hs[hn++] = t;
            for (char *t = strtok(line, ",\n"); t && ln < 256; t = strtok(NULL, ",\n"))
                ls[ln++] = t;
            size_t n = 0;
            if (ln > 2) n += (size_t)snprintf(out, size, "point %s, replicate %s", ls[1], ls[2]);
            for (int i = 5; i < hn && i < ln && strcmp(hs[i], "status") != 0 && n < size; i++) {
                const char *last = strrchr(hs[i], '.');
                n += (size_t)snprintf(out + n, size - n, "%s%s = %s", n ? ", " : "",
                                      last ? last + 1 : hs[i], ls[i]);
            }
            break;
        }
    }
    fclose(f);
}

static int plot_run(const plot_args *a)
{
    static const char *const defaults[] = {"revenue_eur", "cash_eur",   "partners",
                                           "fill_rate",   "mean_trust", "dc"};
    char err[2048], file[4400], title[512], subtitle[1024] = "", out[4400], dir[4400];
    char events[4400] = "";
    bool sweep_run = a->has_run;
    if (sweep_run) {
        pathf(file, sizeof file, "%s/series/run_%ld.csv.gz", a->target, a->run);
        if (!exists(file)) {
            fprintf(stderr,
                    "sgf plot: --run %ld: %s does not exist (time series are written by "
                    "`sgf sweep --series`)\n",
                    a->run, file);
            return 2;
        }
        char name[256];
        pathf(dir, sizeof dir, "%s/sweep.json", a->target);
        json_field(dir, "name", name, sizeof name);
        snprintf(title, sizeof title, "sweep %s, run %ld", name[0] ? name : "?", a->run);
        run_values(a->target, a->run, subtitle, sizeof subtitle);
        pathf(dir, sizeof dir, "%s/plots", a->target);
        pathf(out, sizeof out, "%s/run_%ld.%s", dir, a->run, a->format);
    } else if (is_dir(a->target)) {
        pathf(file, sizeof file, "%s/timeseries.csv", a->target);
        if (!exists(file)) {
            fprintf(stderr,
                    "sgf plot: %s is neither a sweep's directory (sweep.json, aggregate.csv) nor "
                    "a run's (timeseries.csv)\n",
                    a->target);
            return 2;
        }
        char path[4400], scen[256], seed[64], idx[64];
        pathf(path, sizeof path, "%s/manifest.json", a->target);
        json_field(path, "scenario_title", scen, sizeof scen);
        json_field(path, "seed", seed, sizeof seed);
        json_field(path, "run_index", idx, sizeof idx);
        if (scen[0])
            snprintf(title, sizeof title, "%s, seed %s%s%s", scen, seed,
                     idx[0] && strcmp(idx, "0") ? ", run_index " : "",
                     idx[0] && strcmp(idx, "0") ? idx : "");
        else
            snprintf(title, sizeof title, "run %s", a->target);
        snprintf(subtitle, sizeof subtitle, "weekly metrics of one run");
        pathf(dir, sizeof dir, "%s/plots", a->target);
        pathf(out, sizeof out, "%s/timeseries.%s", dir, a->format);
        pathf(events, sizeof events, "%s/events.csv", a->target);
    } else {
        pathf(file, sizeof file, "%s", a->target);
        if (!exists(file)) {
            fprintf(stderr, "sgf plot: %s: no such file or directory\n", a->target);
            return 2;
        }
        snprintf(title, sizeof title, "%s", a->target);
        snprintf(subtitle, sizeof subtitle, "weekly metrics of one run");
        const char *slash = strrchr(a->target, '/');
        const char *base = slash ? slash + 1 : a->target;
        size_t bl = strcspn(base, ".");
        pathf(dir, sizeof dir, "%.*splots", slash ? (int)(slash - a->target + 1) : 0, a->target);
        pathf(out, sizeof out, "%s/%.*s.%s", dir, (int)bl, base, a->format);
    }
    char *copy = NULL;
    const char *names[SGF_PLOT_MAX_PANELS + 1];
    int n = 0;
    if (a->series) {
        copy = strdup(a->series);
        char *parts[SGF_PLOT_MAX_PANELS + 1];
        n = copy ? split_list(copy, parts, SGF_PLOT_MAX_PANELS) : 0;
        if (n < 1) {
            free(copy);
            return sgf_cli_usage_error("plot", "--series takes 1 to %d metrics",
                                       SGF_PLOT_MAX_PANELS);
        }
        for (int i = 0; i < n; i++) names[i] = parts[i];
    } else {
        n = (int)(sizeof defaults / sizeof defaults[0]);
        for (int i = 0; i < n; i++) names[i] = defaults[i];
    }
    plot_fig fig;
    sgf_status st = plot_make_series(file, events[0] ? events : NULL, names, n, title,
                                     subtitle[0] ? subtitle : NULL, &fig, err, sizeof err);
    free(copy);
    if (st != SGF_OK) {
        fprintf(stderr, "sgf plot: %s\n", err);
        return sgf_status_exit_code(st);
    }
    if (a->out) pathf(out, sizeof out, "%s", a->out);
    int code = write_figs(&fig, 1, a->out ? NULL : dir, out, a);
    plot_fig_free(&fig);
    return code;
}

int sgf_cmd_plot(int argc, char **argv)
{
    plot_args a;
    memset(&a, 0, sizeof a);
    int code = parse_args(argc, argv, &a);
    if (code >= 0) return code;
    char probe[4400];
    pathf(probe, sizeof probe, "%s/sweep.json", a.target);
    bool sweep = is_dir(a.target) && exists(probe);
    if (a.series && sweep && !a.has_run)
        return sgf_cli_usage_error("plot",
                                   "%s is a sweep: --series plots one run's weeks, give --run K "
                                   "(a sweep run with --series) or a run's directory",
                                   a.target);
    if (a.has_run && !sweep) {
        fprintf(stderr, "sgf plot: --run %ld: %s is not a sweep's directory (no sweep.json)\n",
                a.run, a.target);
        return 2;
    }
    if (a.metric && !sweep) {
        fprintf(stderr,
                "sgf plot: --metric: %s is not a sweep's directory (no sweep.json); a run's "
                "weekly metrics are plotted with --series\n",
                a.target);
        return 2;
    }
    code = check_out(&a, a.x || a.series || a.has_run || !sweep);
    if (code >= 0) return code;
    if (sweep && !a.has_run) return plot_sweep_dir(&a);
    return plot_run(&a);
}

int sgf_cli_plot_sweep(const char *dir, bool quiet)
{
    plot_args a;
    memset(&a, 0, sizeof a);
    a.target = dir;
    a.quiet = quiet;
    a.format = "png";
    a.force = true; /* the sweep's own plots/, drawn again after a resume */
    if (strlen(dir) > PLOT_PATH_MAX) {
        fprintf(stderr, "sgf plot: %s: a path longer than %d characters\n", dir, PLOT_PATH_MAX);
        return 2;
    }
    return plot_sweep_dir(&a);
}

#endif
