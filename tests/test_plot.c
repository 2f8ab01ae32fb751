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
#include <dlfcn.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"

/* viz/sgf_plot.h's palette */
#define RGB_BACKGROUND 0xffffffu
#define RGB_CURVE 0x1f77b4u
#define RGB_BAND 0xc7ddecu

/* ---- PNG through SDL2_image ---------------------------------------------------------- */

typedef struct sdl_format {
    uint32_t format;
    void *palette;
    uint8_t bits, bytes;
} sdl_format;
typedef struct sdl_surface {
    uint32_t flags;
    sdl_format *format;
    int w, h, pitch;
    void *pixels;
} sdl_surface;

static struct {
    bool tried, ok;
    sdl_surface *(*load)(const char *);
    sdl_surface *(*convert)(sdl_surface *, uint32_t, uint32_t);
    void (*free_surface)(sdl_surface *);
} sdl;

static bool sdl_open(void)
{
    if (sdl.tried) return sdl.ok;
    sdl.tried = true;
    void *img = dlopen("libSDL2_image-2.0.so.0", RTLD_NOW | RTLD_GLOBAL);
    void *core = dlopen("libSDL2-2.0.so.0", RTLD_NOW | RTLD_GLOBAL);
    if (!img || !core) {
        fprintf(stderr, "cannot load SDL2_image: %s\n", dlerror());
        return false;
    }
    *(void **)&sdl.load = dlsym(img, "IMG_Load");
    *(void **)&sdl.convert = dlsym(core, "SDL_ConvertSurfaceFormat");
    *(void **)&sdl.free_surface = dlsym(core, "SDL_FreeSurface");
    sdl.ok = sdl.load && sdl.convert && sdl.free_surface;
    return sdl.ok;
}

typedef struct image {
    int w, h;
    uint32_t *px; /* 0xRRGGBB */
} image;

static bool image_load(const char *path, image *im)
{
    memset(im, 0, sizeof *im);
    if (!sdl_open()) return false;
    sdl_surface *s = sdl.load(path);
    if (!s) return false;
    sdl_surface *c = sdl.convert(s, 0x16362004u /* ARGB8888 */, 0);
    sdl.free_surface(s);
    if (!c) return false;
    im->w = c->w;
    im->h = c->h;
    im->px = malloc(sizeof *im->px * (size_t)c->w * (size_t)c->h);
    for (int y = 0; y < c->h; y++) {
        const uint32_t *row =
            (const uint32_t *)((const uint8_t *)c->pixels + (size_t)y * (size_t)c->pitch);
        for (int x = 0; x < c->w; x++) im->px[y * c->w + x] = row[x] & 0xffffffu;
    }
    sdl.free_surface(c);
    return true;
}

static uint32_t px(const image *im, int x, int y)
{
    return im->px[y * im->w + x];
}

/* Pixels of exactly rgb inside the rectangle [x0, x1) x [y0, y1). */
static long count_in(const image *im, uint32_t rgb, int x0, int y0, int x1, int y1)
{
    long n = 0;
    for (int y = y0; y < y1; y++)
        for (int x = x0; x < x1; x++) n += px(im, x, y) == rgb;
    return n;
}

static int distinct_colours(const image *im)
{
    enum { SET = 1 << 15 };
    uint32_t *set = calloc(SET, sizeof *set);
    int n = 0;
    for (long i = 0; i < (long)im->w * im->h && n < SET / 2; i++) {
        uint32_t key = im->px[i] | 0x1000000u, h = (key * 2654435761u) & (SET - 1);
        while (set[h] && set[h] != key) h = (h + 1) & (SET - 1);
        if (!set[h]) set[h] = key, n++;
    }
    free(set);
    return n;
}

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

static const char *sgf_bin(void)
{
    const char *bin = getenv("SGF_BIN");
    if (!bin || !*bin) {
        fprintf(stderr, "SGF_BIN is not set: run this test through ctest\n");
        exit(1);
    }
    return bin;
}

static char *make_temp_dir(void)
{
    char *dir = malloc(64);
    snprintf(dir, 64, "/tmp/sgf-test-plot-XXXXXX");
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        exit(1);
    }
    return dir;
}

static void remove_tree(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0) return;
    if (S_ISDIR(st.st_mode)) {
        DIR *d = opendir(path);
        struct dirent *e;
        while (d && (e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
            char sub[2048];
            snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
            remove_tree(sub);
        }
        if (d) closedir(d);
        rmdir(path);
    } else {
        unlink(path);
    }
}

static void write_file(const char *dir, const char *name, const char *text)
{
    char path[2048];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f) {
        perror(path);
        exit(1);
    }
    fputs(text, f);
    fclose(f);
}

static char *read_path(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 4096, n = 0, got;
    char *buf = malloc(cap);
    while ((got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += got;
        if (cap - n < 2) buf = realloc(buf, cap *= 2);
    }
    fclose(f);
    buf[n] = '\0';
    return buf;
}

static bool exists(const char *dir, const char *name)
{
    char path[2048];
    struct stat st;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return stat(path, &st) == 0;
}

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

typedef struct result {
    int code;
    char *out, *err;
} result;

static void result_free(result *r)
{
    free(r->out);
    free(r->err);
}

/* `sgf ARGS...` in dir, with extra environment "NAME=VALUE" entries. */
static result run_env(const char *dir, const char *const *env, const char *const *args)
{
    result r = {-1, NULL, NULL};
    char out_path[1100], err_path[1100];
    snprintf(out_path, sizeof out_path, "%s.stdout", dir);
    snprintf(err_path, sizeof err_path, "%s.stderr", dir);
    const char *argv[64];
    int argc = 0;
    argv[argc++] = sgf_bin();
    for (; args[argc - 1] && argc < 63; argc++) argv[argc] = args[argc - 1];
    argv[argc] = NULL;
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) return r;
    if (pid == 0) {
        for (int i = 0; env && env[i]; i++) {
            const char *eq = strchr(env[i], '=');
            char name[128];
            snprintf(name, sizeof name, "%.*s", (int)(eq - env[i]), env[i]);
            setenv(name, eq + 1, 1);
        }
        int fo = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        int fe = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        int fi = open("/dev/null", O_RDONLY);
        if (fo < 0 || fe < 0 || fi < 0 || chdir(dir) != 0) _exit(127);
        dup2(fi, 0);
        dup2(fo, 1);
        dup2(fe, 2);
        execv(argv[0], (char *const *)argv);
        _exit(127);
    }
    int status = 0;
    if (waitpid(pid, &status, 0) == pid && WIFEXITED(status)) r.code = WEXITSTATUS(status);
    r.out = read_path(out_path);
    r.err = read_path(err_path);
    if (!r.out) r.out = calloc(1, 1);
    if (!r.err) r.err = calloc(1, 1);
    unlink(out_path);
    unlink(err_path);
    return r;
}

#define run_sgf(dir, ...) run_env((dir), NULL, (const char *const[]){__VA_ARGS__, NULL})

static bool viewer_built(void)
{
    static int built = -1;
    if (built < 0) {
        char *tmp = make_temp_dir();
        result r = run_sgf(tmp, "help", "view");
        built = r.code == 0;
        result_free(&r);
        remove_tree(tmp);
        free(tmp);
        if (!built) printf("skip: sgf was built without the viewer (SGF_WITH_VIEWER=OFF)\n");
    }
    return built;
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
    write_file(tmp, cfg_name, cfg);
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
    remove_tree(tmp);
    free(tmp);
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
    char path[2048];
    snprintf(path, sizeof path, "%s/line.png", tmp);
    image im;
    CHECK(image_load(path, &im));
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
    snprintf(path, sizeof path, "%s/one/plots/revenue_total_eur_by_margin_share.png", tmp);
    CHECK(image_load(path, &im));
    if (im.px) {
        int x0 = im.w / 10, x1 = im.w * 9 / 10, y0 = im.h / 6, y1 = im.h * 7 / 8;
        CHECK(count_in(&im, RGB_CURVE, x0, y0, x1, y1) > 300);
        CHECK(count_in(&im, RGB_BAND, x0, y0, x1, y1) > 5000);
        CHECK(band_around_curve(&im, x0, y0, x1, y1));
        free(im.px);
    }
    CHECK(exists(tmp, "one/plots/mean_motivation_by_margin_share.png"));
    /* a line per value of the other setting */
    r = run_sgf(tmp, "plot", "s", "--metric", "mean_trust", "--x", "global_mindset", "--by",
                "firm.capabilities.interface_competence", "--out", "by.png");
    CHECK_EQ_INT(r.code, 0);
    result_free(&r);
    snprintf(path, sizeof path, "%s/by.png", tmp);
    CHECK(image_load(path, &im));
    if (im.px) {
        CHECK(count_in(&im, RGB_CURVE, 0, 0, im.w, im.h) > 200);
        CHECK(count_in(&im, 0xff7f0eu, 0, 0, im.w, im.h) > 200); /* the second series */
        CHECK(count_in(&im, 0x2ca02cu, 0, 0, im.w, im.h) > 200); /* the third */
        free(im.px);
    }
    /* a heat map asked for by name, in the default place */
    r = run_sgf(tmp, "plot", "s", "--metric", "mean_trust", "--x", "global_mindset", "--y",
                "interface_competence");
    CHECK_EQ_INT(r.code, 0);
    CHECK_CONTAINS(r.out, "mean_trust_by_global_mindset_and_interface_competence.png");
    result_free(&r);
    CHECK(exists(tmp, "s/plots/mean_trust_by_global_mindset_and_interface_competence.png"));
    remove_tree(tmp);
    free(tmp);
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
    char path[2048];
    snprintf(path, sizeof path, "%s/ts.png", tmp);
    image im;
    CHECK(image_load(path, &im));
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
    CHECK(exists(tmp, "run/plots/timeseries.png"));
    remove_tree(tmp);
    free(tmp);
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
    CHECK(!exists(tmp, "s/plots")); /* nothing made for a request that failed */
    {
        int pngs = count_pngs(tmp);
        result f = run_env(tmp, (const char *const[]){"SGF_FONT=/no/such/font.ttf", NULL},
                           (const char *const[]){"plot", "s", NULL});
        CHECK_EQ_INT(f.code, 2);
        CHECK_CONTAINS(f.err, "/no/such/font.ttf");
        CHECK_EQ_INT(count_pngs(tmp), pngs);
        result_free(&f);
    }

    /* a malformed aggregate.csv: the file and the line */
    char path[2048];
    snprintf(path, sizeof path, "%s/s/aggregate.csv", tmp);
    char *agg = read_path(path);
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
            write_file(tmp, "s/aggregate.csv", bad);
            CHECK_BAD(tmp, "aggregate.csv:2:", "plot", "s");
            free(bad);
        }
        write_file(tmp, "s/aggregate.csv", "point,x,runs\n0,1,2\n");
        CHECK_BAD(tmp, "aggregate.csv:1:", "plot", "s");
        write_file(tmp, "s/aggregate.csv", agg);
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
            write_file(tmp, "s/aggregate.csv", bad);
            CHECK_BAD(tmp, "not a number", "plot", "s");
            free(bad);
        }
        write_file(tmp, "s/aggregate.csv", agg);
        free(agg);
    }
    /* no aggregate.csv at all */
    snprintf(path, sizeof path, "%s/s/aggregate.csv", tmp);
    unlink(path);
    CHECK_BAD(tmp, "aggregate.csv", "plot", "s");

    /* a shard, and --plot with --shard */
    write_file(tmp, "grid2.cfg", grid_cfg);
    r = run_sgf(tmp, "sweep", "grid2.cfg", "--shard", "1/2", "--out", "shard", "--quiet");
    CHECK_EQ_INT(r.code, 0);
    result_free(&r);
    CHECK_BAD(tmp, "merge", "plot", "shard");
    CHECK_BAD(tmp, "--plot", "sweep", "grid2.cfg", "--shard", "2/2", "--out", "shard2", "--plot");
    CHECK(!exists(tmp, "shard2"));
    /* a heat map of a one-at-a-time design has no grid */
    write_file(tmp, "oat.cfg",
               "base = \"default\"; seed = 3; design = \"one_at_a_time\"; set = [\"ticks=8\"];\n"
               "vary = ( { path = \"firm.incentives.stick\"; values = [0.0, 0.4]; },\n"
               "         { path = \"firm.incentives.bonus_share\"; values = [0.0, 0.1]; } );\n"
               "metrics = [\"mean_trust\"];\n");
    r = run_sgf(tmp, "sweep", "oat.cfg", "--out", "oat", "--quiet");
    CHECK_EQ_INT(r.code, 0);
    result_free(&r);
    CHECK_BAD(tmp, "one_at_a_time", "plot", "oat", "--metric", "mean_trust", "--x", "stick", "--y",
              "bonus_share");
    remove_tree(tmp);
    free(tmp);
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
        char *mine = read_path(path);
        snprintf(path, sizeof path, "%s/s6/%s", tmp, files[i]);
        char *theirs = read_path(path);
        CHECK(mine && theirs && strcmp(mine, theirs) != 0);
        char name[64];
        snprintf(name, sizeof name, "s/%s", files[i]);
        write_file(tmp, name, theirs ? theirs : "");
        char want[128];
        snprintf(want, sizeof want, "is not the %s this sweep wrote", files[i]);
        /* the heat maps read aggregate.csv; a line over one of two settings
         * pools runs.csv */
        CHECK_BAD(tmp, want, "plot", "s", "--metric", "revenue_total_eur", "--x",
                  "interface_competence", "--out", "line.png");
        write_file(tmp, name, mine ? mine : "");
        free(mine);
        free(theirs);
    }
    result r = run_sgf(tmp, "plot", "s", "--metric", "revenue_total_eur", "--x",
                       "interface_competence", "--out", "line.png");
    CHECK_MSG(r.code == 0, "exit %d: %s", r.code, r.err);
    result_free(&r);
    /* an unfinished sweep's sweep.json has no checksums yet */
    snprintf(path, sizeof path, "%s/s/sweep.json", tmp);
    char *json = read_path(path);
    char *cut = json ? strstr(json, "  \"runs_csv_hash\"") : NULL;
    char *rest = cut ? strstr(cut, "  \"runs\":") : NULL;
    CHECK(cut && rest);
    if (cut && rest) {
        memmove(cut, rest, strlen(rest) + 1);
        write_file(tmp, "s/sweep.json", json);
        CHECK_BAD(tmp, "records no checksum of aggregate.csv", "plot", "s");
    }
    free(json);
    remove_tree(tmp);
    free(tmp);
}

TEST(help_and_builds_without_the_viewer)
{
    char *tmp = make_temp_dir();
    result r = run_sgf(tmp, "help");
    CHECK_EQ_INT(r.code, 0);
    CHECK_CONTAINS(r.out, "plot");
    result_free(&r);
    r = run_sgf(tmp, "help", "plot");
    CHECK_EQ_INT(r.code, 0);
    CHECK_CONTAINS(r.out, "--metric");
    CHECK_CONTAINS(r.out, "--series");
    result_free(&r);
    r = run_sgf(tmp, "help", "sweep");
    CHECK_CONTAINS(r.out, "--plot");
    result_free(&r);
    if (!viewer_built()) {
        r = run_sgf(tmp, "plot", "anything");
        CHECK_EQ_INT(r.code, 2);
        CHECK_CONTAINS(r.err, "viewer");
        result_free(&r);
        write_file(tmp, "grid.cfg", grid_cfg);
        r = run_sgf(tmp, "sweep", "grid.cfg", "--out", "s", "--plot");
        CHECK_EQ_INT(r.code, 2);
        CHECK_CONTAINS(r.err, "viewer");
        CHECK(!exists(tmp, "s"));
        result_free(&r);
    }
    remove_tree(tmp);
    free(tmp);
}

int main(int argc, char **argv)
{
    return RUN_TESTS(argc, argv, sweep_plot_draws_heat_maps, line_with_confidence_band,
                     time_series_panels, bad_input_exits_2_and_writes_nothing,
                     plot_refuses_another_sweeps_files, help_and_builds_without_the_viewer);
}
