/* test_plot.c: `sgf plot` and `sgf sweep --plot` as a paper's author uses
 * them, on small sweeps and a short run in fresh temporary directories.
 *
 *   - a two-setting factorial swept with --plot gets a heat map per metric:
 *     the right size, not blank, cells in clearly different colours of the
 *     colour scale, and the colour bar's gradient;
 *   - a metric against one setting (pooled over the other, and straight from
 *     aggregate.csv for a one-setting sweep) shows its curve with the
 *     confidence band above and below it inside the plotting area;
 *   - a run's time-series panels show a curve in every panel;
 *   - bad input (missing directory, unknown metric or setting, malformed
 *     aggregate.csv, a shard, a missing font, bad options) exits 2, says
 *     which file or setting, and writes no PNG;
 *   - a build without the viewer says that `sgf plot` needs it (exit 2).
 * The PNGs are decoded with SDL2_image's IMG_Load found through dlopen, so
 * the test links like the others. Colours are those of viz/sgf_plot.h.
 */
#include <dirent.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/stat.h>

#include "harness.h"
#include "image.h"
#include "sgf/sgf.h"

#define PROC_TAG "plot"
#include "proc.h"

/* viz/sgf_plot.h's palette */
#define RGB_BACKGROUND 0xffffffu
#define RGB_CURVE 0x1f77b4u
#define RGB_BAND 0xc7ddecu

/* Is c within a few levels of the viridis scale (the heat maps' colours)? */
static bool viridis_like(uint32_t c)
{
    static const uint32_t stops[11] = {0x440154u, 0x482475u, 0x414487u, 0x355f8du,
                                       0x2a788eu, 0x21918cu, 0x22a884u, 0x44bf70u,
                                       0x7ad151u, 0xbddf26u, 0xfde725u};
    int r = (int)(c >> 16 & 255), g = (int)(c >> 8 & 255), b = (int)(c & 255);
    for (int k = 0; k <= 200; k++) {
        double x = k / 200.0 * 10.0;
        int i = x >= 10.0 ? 9 : (int)x;
        double t = x - i;
        double d = 0;
        for (int sh = 16, q = 0; sh >= 0; sh -= 8, q++) {
            double a = (double)(stops[i] >> sh & 255u), e = (double)(stops[i + 1] >> sh & 255u);
            int ch = q == 0 ? r : q == 1 ? g : b;
            d += fabs(a + t * (e - a) - ch);
        }
        if (d <= 9.0) return true;
    }
    return false;
}

/* Colours of the scale covering at least min_pixels each (heat cells), and
 * all colours of the scale (cells and the colour bar's gradient). */
static void heat_colours(const image *im, long min_pixels, int *big, int *all)
{
    enum { SET = 1 << 15 };
    uint32_t *key = calloc(SET, sizeof *key);
    long *cnt = calloc(SET, sizeof *cnt);
    for (long i = 0; i < (long)im->w * im->h; i++) {
        uint32_t c = im->px[i];
        if (c == RGB_BACKGROUND) continue;
        uint32_t k = c | 0x1000000u, h = (k * 2654435761u) & (SET - 1);
        while (key[h] && key[h] != k) h = (h + 1) & (SET - 1);
        key[h] = k;
        cnt[h]++;
    }
    *big = *all = 0;
    for (int h = 0; h < SET; h++) {
        if (!key[h] || !viridis_like(key[h] & 0xffffffu)) continue;
        (*all)++;
        if (cnt[h] >= min_pixels) (*big)++;
    }
    free(key);
    free(cnt);
}

/* ---- files and the command ----------------------------------------------------------- */

/* PNG files (and temporaries) anywhere under dir. */
static int count_pngs(const char *dir)
{
    int n = 0;
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
        char sub[2048];
        struct stat st;
        snprintf(sub, sizeof sub, "%s/%s", dir, e->d_name);
        if (lstat(sub, &st) != 0) continue;
        if (S_ISDIR(st.st_mode))
            n += count_pngs(sub);
        else if (strstr(e->d_name, ".png"))
            n++;
    }
    if (d) closedir(d);
    return n;
}

/* Two settings crossed, 3 x 3 points, 3 replications, half a year each. */
static const char grid_cfg[] =
    "name = \"grid\";\n"
    "base = \"default\";\n"
    "seed = 5;\n"
    "replications = 3;\n"
    "design = \"factorial\";\n"
    "set = [\"ticks=26\"];\n"
    "vary = (\n"
    "  { path = \"firm.capabilities.interface_competence\"; values = [0.1, 0.5, 0.9]; },\n"
    "  { path = \"firm.capabilities.global_mindset\"; values = [0.1, 0.5, 0.9]; }\n"
    ");\n"
    "metrics = [\"revenue_total_eur\", \"mean_trust\", \"partners_final\"];\n";

/* One setting, 4 values, 4 replications. */
static const char line_cfg[] =
    "name = \"one\";\n"
    "base = \"default\";\n"
    "seed = 9;\n"
    "replications = 4;\n"
    "set = [\"ticks=26\"];\n"
    "vary = ( { path = \"firm.incentives.margin_share\"; values = [0.1, 0.2, 0.3, 0.4]; } );\n"
    "metrics = [\"revenue_total_eur\", \"mean_motivation\"];\n";

/* A sweep in tmp/DIR from the text; true when it ran. */
static bool sweep(const char *tmp, const char *cfg_name, const char *cfg, const char *dir,
                  bool plot)
{
    write_in(tmp, cfg_name, cfg);
    result r = plot ? run_sgf(tmp, "sweep", cfg_name, "-j", "2", "--out", dir, "--quiet", "--plot")
                    : run_sgf(tmp, "sweep", cfg_name, "-j", "2", "--out", dir, "--quiet");
    bool ok = r.code == 0;
    if (!ok) fprintf(stderr, "sgf sweep %s: exit %d\n%s", cfg_name, r.code, r.err);
    result_free(&r);
    return ok;
}

/* The curve is drawn with its band above and below it: in some column of
 * the plotting area, band pixels lie on both sides of a curve pixel. */
static bool band_around_curve(const image *im, int x0, int y0, int x1, int y1)
{
    int found = 0;
    for (int x = x0; x < x1; x += 7) {
        int cy = -1;
        for (int y = y0; y < y1 && cy < 0; y++)
            if (px(im, x, y) == RGB_CURVE) cy = y;
        if (cy < 0) continue;
        bool above = false, below = false;
        for (int y = y0; y < cy; y++) above |= px(im, x, y) == RGB_BAND;
        for (int y = cy; y < y1; y++) below |= px(im, x, y) == RGB_BAND;
        found += above && below;
    }
    return found >= 5;
}

/* ---- tests ---------------------------------------------------------------------------- */

TEST(sweep_plot_draws_heat_maps)
{
    if (!viewer_built()) return;
    char *tmp = make_temp_dir();
    CHECK(sweep(tmp, "grid.cfg", grid_cfg, "s", true));
    char path[2048];
    static const char *const names[] = {
        "revenue_total_eur_by_interface_competence_and_global_mindset.png",
        "mean_trust_by_interface_competence_and_global_mindset.png",
        "partners_final_by_interface_competence_and_global_mindset.png"};
    for (int i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s/s/plots/%s", tmp, names[i]);
        image im;
        CHECK_MSG(image_load(path, &im), "cannot read %s", path);
        if (!im.px) continue;
        CHECK_EQ_INT(im.w, 960);
        CHECK_EQ_INT(im.h, 640);
        CHECK(distinct_colours(&im) > 100);
        CHECK(count_in(&im, RGB_BACKGROUND, 0, 0, im.w, im.h) > (long)im.w * im.h / 10);
        int big = 0, all = 0;
        heat_colours(&im, 2000, &big, &all);
        /* nine cells of the grid in at least three clearly different colours */
        CHECK_MSG(big >= 3, "%s: %d cell colours", names[i], big);
        /* and the colour bar's gradient */
        CHECK_MSG(all >= 60, "%s: %d colours of the scale", names[i], all);
        free(im.px);
    }
    CHECK_EQ_INT(count_pngs(tmp), 3); /* no temporaries left */
    remove_temp_dir(tmp);
}

TEST(line_with_confidence_band)
{
    if (!viewer_built()) return;
    char *tmp = make_temp_dir();
    CHECK(sweep(tmp, "grid.cfg", grid_cfg, "s", false));
    /* pooled over the other setting (runs.csv) */
    result r = run_sgf(tmp, "plot", "s", "--metric", "revenue_total_eur", "--x",
                       "interface_competence", "--out", "line.png", "--size", "800x500");
    CHECK_EQ_INT(r.code, 0);
    result_free(&r);
    image im;
    CHECK(image_load_in(tmp, "line.png", &im));
    if (im.px) {
        CHECK_EQ_INT(im.w, 800);
        CHECK_EQ_INT(im.h, 500);
        int x0 = im.w / 10, x1 = im.w * 9 / 10, y0 = im.h / 6, y1 = im.h * 7 / 8;
        CHECK(count_in(&im, RGB_CURVE, x0, y0, x1, y1) > 300);
        CHECK(count_in(&im, RGB_BAND, x0, y0, x1, y1) > 5000);
        CHECK(band_around_curve(&im, x0, y0, x1, y1));
        CHECK(distinct_colours(&im) > 50);
        free(im.px);
    }
    /* straight from aggregate.csv: a one-setting sweep's natural figures */
    CHECK(sweep(tmp, "one.cfg", line_cfg, "one", true));
    CHECK(image_load_in(tmp, "one/plots/revenue_total_eur_by_margin_share.png", &im));
    if (im.px) {
        int x0 = im.w / 10, x1 = im.w * 9 / 10, y0 = im.h / 6, y1 = im.h * 7 / 8;
        CHECK(count_in(&im, RGB_CURVE, x0, y0, x1, y1) > 300);
        CHECK(count_in(&im, RGB_BAND, x0, y0, x1, y1) > 5000);
        CHECK(band_around_curve(&im, x0, y0, x1, y1));
        free(im.px);
    }
    CHECK(exists_in(tmp, "one/plots/mean_motivation_by_margin_share.png"));
    /* a line per value of the other setting */
    r = run_sgf(tmp, "plot", "s", "--metric", "mean_trust", "--x", "global_mindset", "--by",
                "firm.capabilities.interface_competence", "--out", "by.png");
    CHECK_EQ_INT(r.code, 0);
    result_free(&r);
    CHECK(image_load_in(tmp, "by.png", &im));
    if (im.px) {
        CHECK(count_in(&im, RGB_CURVE, 0, 0, im.w, im.h) > 200);
        CHECK(count_in(&im, 0xff7f0eu, 0, 0, im.w, im.h) > 200); /* the second series */
        CHECK(count_in(&im, 0x2ca02cu, 0, 0, im.w, im.h) > 200); /* the third */
        free(im.px);
    }
    /* a heat map asked for by name, in the default place */
    CHECK_RUN(tmp, 0, out, "mean_trust_by_global_mindset_and_interface_competence.png", "plot", "s",
              "--metric", "mean_trust", "--x", "global_mindset", "--y", "interface_competence");
    CHECK(exists_in(tmp, "s/plots/mean_trust_by_global_mindset_and_interface_competence.png"));
    remove_temp_dir(tmp);
}

TEST(time_series_panels)
{
    if (!viewer_built()) return;
    char *tmp = make_temp_dir();
    result r = run_sgf(tmp, "run", "--ticks", "40", "--out", "run", "--quiet");
    CHECK_EQ_INT(r.code, 0);
    result_free(&r);
    r = run_sgf(tmp, "plot", "run", "--series", "revenue_eur,partners,mean_trust,cash_eur", "--out",
                "ts.png");
    CHECK_EQ_INT(r.code, 0);
    result_free(&r);
    image im;
    CHECK(image_load_in(tmp, "ts.png", &im));
    if (im.px) {
        CHECK_EQ_INT(im.w, 1200);
        CHECK_EQ_INT(im.h, 640);
        /* four panels in two rows and two columns, a curve in each */
        int mx = im.w / 2, my = im.h / 2 + 20;
        CHECK(count_in(&im, RGB_CURVE, 0, 0, mx, my) > 150);
        CHECK(count_in(&im, RGB_CURVE, mx, 0, im.w, my) > 150);
        CHECK(count_in(&im, RGB_CURVE, 0, my, mx, im.h) > 150);
        CHECK(count_in(&im, RGB_CURVE, mx, my, im.w, im.h) > 150);
        free(im.px);
    }
    /* the default metrics, into the run's plots/ */
    r = run_sgf(tmp, "plot", "run", "--quiet");
    CHECK_EQ_INT(r.code, 0);
    result_free(&r);
    CHECK(exists_in(tmp, "run/plots/timeseries.png"));
    remove_temp_dir(tmp);
}

/* Exit 2, stderr names what, and no PNG anywhere under tmp. */
#define CHECK_BAD(tmp, what, ...)                                                                  \
    do {                                                                                           \
        int pngs_ = count_pngs(tmp);                                                               \
        result r_ = run_sgf((tmp), __VA_ARGS__);                                                   \
        CHECK_EQ_INT(r_.code, 2);                                                                  \
        CHECK_CONTAINS(r_.err, (what));                                                            \
        CHECK_EQ_INT(count_pngs(tmp), pngs_);                                                      \
        result_free(&r_);                                                                          \
    } while (0)

TEST(bad_input_exits_2_and_writes_nothing)
{
    if (!viewer_built()) return;
    char *tmp = make_temp_dir();
    CHECK(sweep(tmp, "grid.cfg", grid_cfg, "s", false));
    result r = run_sgf(tmp, "run", "--ticks", "10", "--out", "run", "--quiet");
    CHECK_EQ_INT(r.code, 0);
    result_free(&r);

    CHECK_BAD(tmp, "nowhere", "plot", "nowhere");
    CHECK_BAD(tmp, "--metric nope", "plot", "s", "--metric", "nope");
    CHECK_BAD(tmp, "revenue_total_eur", "plot", "s", "--metric", "nope", "--x",
              "interface_competence"); /* the message lists the kept metrics */
    CHECK_BAD(tmp, "--x flexibility", "plot", "s", "--metric", "mean_trust", "--x", "flexibility");
    CHECK_BAD(tmp, "--by", "plot", "s", "--metric", "mean_trust", "--x", "global_mindset", "--by",
              "global_mindset");
    CHECK_BAD(tmp, "--out", "plot", "s", "--metric", "mean_trust", "--x", "global_mindset", "--out",
              "figure.jpg");
    CHECK_BAD(tmp, "--size", "plot", "s", "--size", "10x10");
    CHECK_BAD(tmp, "--out", "plot", "s", "--out", "all.png");
    CHECK_BAD(tmp, "--x-scale", "plot", "s", "--x-scale", "cubic");
    CHECK_BAD(tmp, "--y needs --x", "plot", "s", "--y", "global_mindset");
    CHECK_BAD(tmp, "--series nope", "plot", "run", "--series", "revenue_eur,nope");
    CHECK_BAD(tmp, "--run", "plot", "run", "--run", "3");
    CHECK_BAD(tmp, "series/run_3.csv.gz", "plot", "s", "--run", "3");
    CHECK(!exists_in(tmp, "s/plots")); /* nothing made for a request that failed */
    {
        int pngs = count_pngs(tmp);
        result f = run_sgf_with(
            tmp, &(proc_opts){.env = (const char *const[]){"SGF_FONT=/no/such/font.ttf", NULL}},
            (const char *const[]){"plot", "s", NULL});
        CHECK_EQ_INT(f.code, 2);
        CHECK_CONTAINS(f.err, "/no/such/font.ttf");
        CHECK_EQ_INT(count_pngs(tmp), pngs);
        result_free(&f);
    }

    /* a malformed aggregate.csv: the file and the line */
    char path[2048];
    snprintf(path, sizeof path, "%s/s/aggregate.csv", tmp);
    char *agg = read_path(path, NULL);
    CHECK(agg != NULL);
    if (agg) {
        char *second = strchr(agg, '\n');
        char *comma = second ? strchr(second + 1, ',') : NULL;
        if (comma) {
            /* the second line's first setting value becomes two fields */
            size_t n = strlen(agg);
            char *bad = malloc(n + 8);
            size_t at = (size_t)(comma - agg) + 1;
            memcpy(bad, agg, at);
            memcpy(bad + at, "x,", 2);
            memcpy(bad + at + 2, agg + at, n - at + 1);
            write_in(tmp, "s/aggregate.csv", bad);
            CHECK_BAD(tmp, "aggregate.csv:2:", "plot", "s");
            free(bad);
        }
        write_in(tmp, "s/aggregate.csv", "point,x,runs\n0,1,2\n");
        CHECK_BAD(tmp, "aggregate.csv:1:", "plot", "s");
        write_in(tmp, "s/aggregate.csv", agg);
        /* a metric's mean that is not a number */
        char *p = strstr(agg, "\n0,");
        if (p) {
            char *row_end = strchr(p + 1, '\n');
            char *last = row_end;
            while (last > p && last[-1] != ',') last--;
            size_t n = strlen(agg);
            char *bad = malloc(n + 16);
            size_t at = (size_t)(last - agg);
            memcpy(bad, agg, at);
            memcpy(bad + at, "abc", 3);
            memcpy(bad + at + 3, row_end, n - (size_t)(row_end - agg) + 1);
            write_in(tmp, "s/aggregate.csv", bad);
            CHECK_BAD(tmp, "not a number", "plot", "s");
            free(bad);
        }
        write_in(tmp, "s/aggregate.csv", agg);
        free(agg);
    }
    /* no aggregate.csv at all */
    snprintf(path, sizeof path, "%s/s/aggregate.csv", tmp);
    unlink(path);
    CHECK_BAD(tmp, "aggregate.csv", "plot", "s");

    /* a shard, and --plot with --shard */
    write_in(tmp, "grid2.cfg", grid_cfg);
    r = run_sgf(tmp, "sweep", "grid2.cfg", "--shard", "1/2", "--out", "shard", "--quiet");
    CHECK_EQ_INT(r.code, 0);
    result_free(&r);
    CHECK_BAD(tmp, "merge", "plot", "shard");
    CHECK_BAD(tmp, "--plot", "sweep", "grid2.cfg", "--shard", "2/2", "--out", "shard2", "--plot");
    CHECK(!exists_in(tmp, "shard2"));
    /* a heat map of a one-at-a-time design has no grid */
    write_in(tmp, "oat.cfg",
             "base = \"default\"; seed = 3; design = \"one_at_a_time\"; set = [\"ticks=8\"];\n"
             "vary = ( { path = \"firm.incentives.stick\"; values = [0.0, 0.4]; },\n"
             "         { path = \"firm.incentives.bonus_share\"; values = [0.0, 0.1]; } );\n"
             "metrics = [\"mean_trust\"];\n");
    r = run_sgf(tmp, "sweep", "oat.cfg", "--out", "oat", "--quiet");
    CHECK_EQ_INT(r.code, 0);
    result_free(&r);
    CHECK_BAD(tmp, "one_at_a_time", "plot", "oat", "--metric", "mean_trust", "--x", "stick", "--y",
              "bonus_share");
    remove_temp_dir(tmp);
}

/* A sweep directory is plotted only with its own files: another sweep's
 * aggregate.csv or runs.csv (same columns, other seed) copied in would be
 * drawn under this sweep's title. */
TEST(plot_refuses_another_sweeps_files)
{
    if (!viewer_built()) return;
    char *tmp = make_temp_dir();
    CHECK(sweep(tmp, "grid.cfg", grid_cfg, "s", false));
    char other[sizeof grid_cfg + 16];
    snprintf(other, sizeof other, "%s", grid_cfg);
    char *seed = strstr(other, "seed = 5;");
    if (seed) seed[7] = '6';
    CHECK(sweep(tmp, "grid6.cfg", other, "s6", false));
    char path[2048];
    const char *files[] = {"aggregate.csv", "runs.csv"};
    for (int i = 0; i < 2; i++) {
        snprintf(path, sizeof path, "%s/s/%s", tmp, files[i]);
        char *mine = read_path(path, NULL);
        snprintf(path, sizeof path, "%s/s6/%s", tmp, files[i]);
        char *theirs = read_path(path, NULL);
        CHECK(mine && theirs && strcmp(mine, theirs) != 0);
        char name[64];
        snprintf(name, sizeof name, "s/%s", files[i]);
        write_in(tmp, name, theirs ? theirs : "");
        char want[128];
        snprintf(want, sizeof want, "is not the %s this sweep wrote", files[i]);
        /* the heat maps read aggregate.csv; a line over one of two settings
         * pools runs.csv */
        CHECK_BAD(tmp, want, "plot", "s", "--metric", "revenue_total_eur", "--x",
                  "interface_competence", "--out", "line.png");
        write_in(tmp, name, mine ? mine : "");
        free(mine);
        free(theirs);
    }
    result r = run_sgf(tmp, "plot", "s", "--metric", "revenue_total_eur", "--x",
                       "interface_competence", "--out", "line.png");
    CHECK_MSG(r.code == 0, "exit %d: %s", r.code, r.err);
    result_free(&r);
    /* an unfinished sweep's sweep.json has no checksums yet */
    snprintf(path, sizeof path, "%s/s/sweep.json", tmp);
    char *json = read_path(path, NULL);
    char *cut = json ? strstr(json, "  \"runs_csv_hash\"") : NULL;
    char *rest = cut ? strstr(cut, "  \"runs\":") : NULL;
    CHECK(cut && rest);
    if (cut && rest) {
        memmove(cut, rest, strlen(rest) + 1);
        write_in(tmp, "s/sweep.json", json);
        CHECK_BAD(tmp, "records no checksum of aggregate.csv", "plot", "s");
    }
    free(json);
    remove_tree(tmp);
    free(tmp);
}

TEST(help_and_builds_without_the_viewer)
{
    char *tmp = make_temp_dir();
    CHECK_RUN(tmp, 0, out, "plot", "help");
    result r = run_sgf(tmp, "help", "plot");
    CHECK_EQ_INT(r.code, 0);
    CHECK_CONTAINS(r.out, "--metric");
    CHECK_CONTAINS(r.out, "--series");
    result_free(&r);
    r = run_sgf(tmp, "help", "sweep");
    CHECK_CONTAINS(r.out, "--plot");
    result_free(&r);
    if (!viewer_built()) {
        CHECK_RUN(tmp, 2, err, "viewer", "plot", "anything");
        write_in(tmp, "grid.cfg", grid_cfg);
        r = run_sgf(tmp, "sweep", "grid.cfg", "--out", "s", "--plot");
        CHECK_EQ_INT(r.code, 2);
        CHECK_CONTAINS(r.err, "viewer");
        CHECK(!exists_in(tmp, "s"));
        result_free(&r);
    }
    remove_temp_dir(tmp);
}

/* ---- SVG: the figure's structure, readable by a test ------------------------------- */

static int count_str(const char *text, const char *needle)
{
    int n = 0;
    for (const char *p = text; p && (p = strstr(p, needle)) != NULL; p += strlen(needle)) n++;
    return n;
}

/* The x attribute of the text element of class cls whose content is word,
 * or NAN. */
static double text_x(const char *svg, const char *cls, const char *word)
{
    char pat[160];
    snprintf(pat, sizeof pat, "class=\"%s\">%s</text>", cls, word);
    const char *hit = strstr(svg, pat);
    if (!hit) return NAN;
    const char *start = hit;
    while (start > svg && strncmp(start, "<text ", 6) != 0) start--;
    const char *x = strstr(start, " x=\"");
    return x && x < hit ? strtod(x + 4, NULL) : NAN;
}

/* The numbers shown by the text elements of class cls, in order. */
static int class_numbers(const char *svg, const char *cls, double *out, int max)
{
    char pat[96];
    snprintf(pat, sizeof pat, "class=\"%s\">", cls);
    int n = 0;
    for (const char *p = svg; (p = strstr(p, pat)) != NULL && n < max; p += strlen(pat))
        out[n++] = strtod(p + strlen(pat), NULL);
    return n;
}

static bool well_formed_svg(const char *svg)
{
    return svg && strncmp(svg, "<?xml", 5) == 0 && strstr(svg, "<svg xmlns=") &&
           strstr(svg, "</svg>\n") && count_str(svg, "<g") == count_str(svg, "</g>");
}

/* A heat map as SVG: every cell whose interval (aggregate.csv) overlaps the
 * highest cell's is hatched, no other; the title uses the metric table's
 * words. */
TEST(svg_heat_map_hatches_the_cells_like_the_best)
{
    if (!viewer_built()) return;
    char *tmp = make_temp_dir();
    CHECK(sweep(tmp, "grid.cfg", grid_cfg, "g", false));
    static const char *const metrics[] = {"mean_trust", "revenue_total_eur", "partners_final"};
    for (int mi = 0; mi < 3; mi++) {
        const char *metric = metrics[mi];
        result r = run_sgf(tmp, "plot", "g", "--metric", metric, "--x", "interface_competence",
                           "--y", "global_mindset", "--out", "h.svg", "--quiet");
        CHECK_MSG(r.code == 0, "exit %d: %s", r.code, r.err);
        result_free(&r);
        char path[2048];
        snprintf(path, sizeof path, "%s/h.svg", tmp);
        char *svg = read_path(path, NULL);
        CHECK(well_formed_svg(svg));
        /* the cells' intervals from aggregate.csv */
        snprintf(path, sizeof path, "%s/g/aggregate.csv", tmp);
        char *agg = read_path(path, NULL);
        CHECK(agg != NULL);
        double mean[16], lo[16], hi[16];
        int cells = 0, col = -1;
        for (char *line = agg; agg && line && *line && cells < 16;) {
            char *nl = strchr(line, '\n');
            if (nl) *nl = '\0';
            char *f[64];
            int nf = 0;
            for (char *t = line; nf < 64;) {
                f[nf++] = t;
                char *comma = strchr(t, ',');
                if (!comma) break;
                *comma = '\0';
                t = comma + 1;
            }
            if (col < 0) {
                char want[96];
                snprintf(want, sizeof want, "%s_mean", metric);
                for (int k = 0; k < nf; k++)
                    if (strcmp(f[k], want) == 0) col = k;
            } else if (col + 3 < nf) {
                mean[cells] = strtod(f[col], NULL);
                lo[cells] = strtod(f[col + 2], NULL);
                hi[cells] = strtod(f[col + 3], NULL);
                cells++;
            }
            line = nl ? nl + 1 : NULL;
        }
        CHECK_EQ_INT(cells, 9);
        int best = 0, overlap = 0;
        for (int k = 1; k < cells; k++)
            if (mean[k] > mean[best]) best = k;
        for (int k = 0; k < cells; k++) overlap += hi[k] >= lo[best] && lo[k] <= hi[best];
        CHECK_MSG(count_str(svg, "class=\"sgf-overlap\"") == overlap,
                  "%s: %d cells hatched, %d overlap the best's interval", metric,
                  count_str(svg, "class=\"sgf-overlap\""), overlap);
        CHECK_EQ_INT(count_str(svg, "class=\"sgf-best\""), 1);
        CHECK(svg && strstr(svg, "\xc2\xb1 "));
        /* the title: the metric table's words, then the column's name */
        for (int k = 0; k < sgf_summary_count; k++) {
            if (strcmp(sgf_summary_table[k].name, metric) != 0) continue;
            char want[300];
            snprintf(want, sizeof want, "%s (%s) by interface_competence",
                     sgf_summary_table[k].doc + 1, metric);
            CHECK_MSG(svg && strstr(svg, want), "no title '...%s'", want);
        }
        free(agg);
        free(svg);
        snprintf(path, sizeof path, "%s/h.svg", tmp);
        unlink(path);
    }
    remove_tree(tmp);
    free(tmp);
}

/* A line plot shows every single run as a dot; a share that is the same in
 * every run gets the axis 0..1, never negative values; categories keep the
 * design's order (not the alphabet's). */
TEST(line_plot_shows_runs_keeps_order_and_bounds)
{
    if (!viewer_built()) return;
    char *tmp = make_temp_dir();
    static const char cat_cfg[] =
        "name = \"cats\";\n"
        "base = \"default\";\n"
        "seed = 3;\n"
        "replications = 3;\n"
        "set = [\"ticks=13\"];\n"
        "vary = ( { path = \"firm.management.preset\";\n"
        "           values = [\"orchestrator\", \"laissez_faire\", \"controller\"]; } );\n"
        "metrics = [\"mean_trust\", \"failed\", \"revenue_total_eur\"];\n";
    CHECK(sweep(tmp, "cats.cfg", cat_cfg, "c", false));
    CHECK(sweep(tmp, "one.cfg", line_cfg, "l", false));
    char path[2048];
    result r = run_sgf(tmp, "plot", "l", "--metric", "revenue_total_eur", "--x", "margin_share",
                       "--out", "l.svg", "--quiet");
    CHECK_EQ_INT(r.code, 0);
    result_free(&r);
    snprintf(path, sizeof path, "%s/l.svg", tmp);
    char *svg = read_path(path, NULL);
    CHECK(well_formed_svg(svg));
    CHECK_EQ_INT(count_str(svg, "class=\"sgf-run\""), 16); /* 4 values x 4 replications */
    free(svg);

    r = run_sgf(tmp, "plot", "c", "--metric", "failed", "--x", "preset", "--out", "f.svg",
                "--quiet");
    CHECK_EQ_INT(r.code, 0);
    result_free(&r);
    snprintf(path, sizeof path, "%s/f.svg", tmp);
    svg = read_path(path, NULL);
    CHECK(well_formed_svg(svg));
    double ticks[64];
    int n = class_numbers(svg ? svg : "", "sgf-ytick", ticks, 64);
    CHECK(n >= 2);
    double tmin = 1e9, tmax = -1e9;
    for (int i = 0; i < n; i++) tmin = fmin(tmin, ticks[i]), tmax = fmax(tmax, ticks[i]);
    CHECK_MSG(tmin >= 0 && tmax <= 1 && tmax - tmin >= 0.5,
              "a share of runs on an axis from %g to %g", tmin, tmax);
    double xo = text_x(svg ? svg : "", "sgf-xtick", "orchestrator");
    double xl = text_x(svg ? svg : "", "sgf-xtick", "laissez_faire");
    double xc = text_x(svg ? svg : "", "sgf-xtick", "controller");
    CHECK_MSG(xo < xl && xl < xc, "categories at x %g, %g, %g: not the design's order", xo, xl, xc);
    free(svg);
    remove_tree(tmp);
    free(tmp);
}

/* `sgf plot RUN_DIR --out FILE.png`, the documented form, works; a second
 * time it refuses to replace the file (exit 2, file untouched) unless
 * --force; a run's figure marks its scenario events. */
TEST(run_plot_out_file_force_and_event_marks)
{
    if (!viewer_built()) return;
    char *tmp = make_temp_dir();
    result r = run_sgf(tmp, "run", "--ticks", "300", "--out", "run", "--quiet");
    CHECK_EQ_INT(r.code, 0);
    result_free(&r);
    r = run_sgf(tmp, "plot", "run", "--out", "r.png", "--quiet");
    CHECK_MSG(r.code == 0, "exit %d: %s", r.code, r.err);
    result_free(&r);
    CHECK(exists_in(tmp, "r.png"));
    char path[2048];
    snprintf(path, sizeof path, "%s/r.png", tmp);
    struct stat before, after;
    CHECK(stat(path, &before) == 0);
    r = run_sgf(tmp, "plot", "run", "--out", "r.png");
    CHECK_EQ_INT(r.code, 2);
    CHECK_CONTAINS(r.err, "--force");
    result_free(&r);
    CHECK(stat(path, &after) == 0 && after.st_ino == before.st_ino &&
          after.st_mtime == before.st_mtime);
    r = run_sgf(tmp, "plot", "run", "--out", "r.png", "--force", "--quiet");
    CHECK_EQ_INT(r.code, 0);
    result_free(&r);
    /* a sweep's set of figures is refused the same way */
    r = run_sgf(tmp, "plot", "run", "--format", "svg", "--quiet");
    CHECK_EQ_INT(r.code, 0);
    result_free(&r);
    r = run_sgf(tmp, "plot", "run", "--format", "svg");
    CHECK_EQ_INT(r.code, 2);
    result_free(&r);
    CHECK(exists_in(tmp, "run/plots/timeseries.svg"));
    snprintf(path, sizeof path, "%s/run/plots/timeseries.svg", tmp);
    char *svg = read_path(path, NULL);
    CHECK(well_formed_svg(svg));
    /* the default scenario's technology shift in week 260 */
    CHECK_MSG(svg && strstr(svg, "class=\"sgf-mark\">technology_shift</text>"),
              "no marker for the week-260 technology shift");
    free(svg);
    r = run_sgf(tmp, "plot", "run", "--out", "r.svg", "--format", "png");
    CHECK_EQ_INT(r.code, 2);
    result_free(&r);
    remove_tree(tmp);
    free(tmp);
}

int main(int argc, char **argv)
{
    return RUN_TESTS(
        argc, argv, sweep_plot_draws_heat_maps, line_with_confidence_band, time_series_panels,
        bad_input_exits_2_and_writes_nothing, plot_refuses_another_sweeps_files,
        help_and_builds_without_the_viewer, svg_heat_map_hatches_the_cells_like_the_best,
        line_plot_shows_runs_keeps_order_and_bounds, run_plot_out_file_force_and_event_marks);
}
