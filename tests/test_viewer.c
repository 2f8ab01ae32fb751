/* test_viewer.c: `sgf view` as a user and a paper's author run it.
 *
 * Runs the built command ($SGF_BIN) headless in fresh temporary directories:
 *   - frames are written, and what is in them is checked: the right size,
 *     not blank, the background and the map colours where they belong, node
 *     colours present, and about as many node-coloured blobs as the run has
 *     partners at that week (timeseries.csv says how many);
 *   - without injections the viewer's files equal `sgf run`'s, byte for byte;
 *   - a replay file's injections are applied and logged in events.csv, a
 *     replay is repeatable, and replaying a replay's own injected.cfg gives
 *     the same files again;
 *   - bad input (missing font, bad replay file, options) exits 2 and writes
 *     nothing; no display exits 1 with a hint to --headless.
 * The PNGs are read with SDL2_image's IMG_Load, found with dlopen so that
 * this test links like every other (sgfcore only). When the command was
 * built without the viewer, every test is skipped.
 */
#include <dirent.h>
#include <dlfcn.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"
#include "image.h"

#define PROC_TAG "viewer"
#include "proc.h"

/* ---- the palette (viz/viz.h and viz/draw.c) ------------------------------------------ */

#define RGB_BACKGROUND 0x10141cu
#define RGB_OCEAN 0x121b28u
#define RGB_LAND 0x1d2940u
/* panels (viz/viz.h VIZ_LEFT_W, VIZ_RIGHT_W, VIZ_TOP_H, VIZ_BOTTOM_H) */
enum { LEFT_W = 236, RIGHT_W = 276, TOP_H = 30, BOTTOM_H = 118 };

/* The node colour ramp, RdYlBu's five stops, as viz_ramp draws it. */
static bool node_colour(uint32_t c)
{
    static const int stops[5][3] = {
        {215, 48, 39}, {252, 141, 89}, {254, 224, 144}, {145, 191, 219}, {69, 117, 180}};
    int r = (int)(c >> 16 & 255), g = (int)(c >> 8 & 255), b = (int)(c & 255);
    for (int k = 0; k <= 100; k++) {
        float x = (float)k / 100.0f * 4.0f;
        int i = x >= 4.0f ? 3 : (int)x;
        float t = x - (float)i;
        float rr = (float)stops[i][0] + t * (float)(stops[i + 1][0] - stops[i][0]);
        float gg = (float)stops[i][1] + t * (float)(stops[i + 1][1] - stops[i][1]);
        float bb = (float)stops[i][2] + t * (float)(stops[i + 1][2] - stops[i][2]);
        float d = fabsf(rr - (float)r) + fabsf(gg - (float)g) + fabsf(bb - (float)b);
        if (d <= 12.0f) return true;
    }
    return false;
}

static long count_colour_in(const image *im, uint32_t rgb, int x0, int y0, int x1, int y1)
{
    long n = 0;
    for (int y = y0; y < y1; y++)
        for (int x = x0; x < x1; x++) n += im->px[y * im->w + x] == rgb;
    return n;
}

/* Connected blobs (4-neighbours) of node-coloured pixels of at least
 * min_size pixels inside the rectangle. */
static int count_blobs(const image *im, int x0, int y0, int x1, int y1, int min_size)
{
    int w = im->w;
    uint8_t *seen = calloc((size_t)im->w * (size_t)im->h, 1);
    int *stack = malloc(sizeof *stack * (size_t)im->w * (size_t)im->h);
    int blobs = 0;
    for (int y = y0; y < y1; y++)
        for (int x = x0; x < x1; x++) {
            int i = y * w + x;
            if (seen[i] || !node_colour(im->px[i])) continue;
            int top = 0, size = 0;
            stack[top++] = i;
            seen[i] = 1;
            while (top) {
                int j = stack[--top], jx = j % w, jy = j / w;
                size++;
                const int nb[4][2] = {{1, 0}, {-1, 0}, {0, 1}, {0, -1}};
                for (int k = 0; k < 4; k++) {
                    int nx = jx + nb[k][0], ny = jy + nb[k][1];
                    if (nx < x0 || ny < y0 || nx >= x1 || ny >= y1) continue;
                    int q = ny * w + nx;
                    if (seen[q] || !node_colour(im->px[q])) continue;
                    seen[q] = 1;
                    stack[top++] = q;
                }
            }
            blobs += size >= min_size;
        }
    free(seen);
    free(stack);
    return blobs;
}

/* The value of a timeseries.csv column at a week. */
static double series_at(const char *dir, const char *column, int week)
{
    char path[2048];
    snprintf(path, sizeof path, "%s/timeseries.csv", dir);
    char *text = read_path(path, NULL);
    if (!text) return NAN;
    int col = -1, k = 0;
    char *line = strtok(text, "\n");
    for (char *s = line, *f; s; s = f ? f + 1 : NULL, k++) {
        f = strchr(s, ',');
        size_t n = f ? (size_t)(f - s) : strlen(s);
        if (strlen(column) == n && strncmp(s, column, n) == 0) col = k;
    }
    double v = NAN;
    for (line = strtok(NULL, "\n"); line && col >= 0; line = strtok(NULL, "\n")) {
        if (atoi(line) != week) continue;
        char *s = line;
        for (int c = 0; c < col && s; c++) s = strchr(s, ',') ? strchr(s, ',') + 1 : NULL;
        if (s) v = atof(s);
        break;
    }
    free(text);
    return v;
}

static bool same_file(const char *a, const char *b, const char *name)
{
    char pa[2048], pb[2048];
    snprintf(pa, sizeof pa, "%s/%s", a, name);
    snprintf(pb, sizeof pb, "%s/%s", b, name);
    size_t na = 0, nb = 0;
    char *x = read_path(pa, &na), *y = read_path(pb, &nb);
    bool same = x && y && na == nb && memcmp(x, y, na) == 0;
    free(x);
    free(y);
    return same;
}

static const char *const run_files[] = {"timeseries.csv", "events.csv",  "network.jsonl",
                                        "network.gexf",   "summary.csv", "manifest.json"};
#define RUN_FILES ((int)(sizeof run_files / sizeof run_files[0]))

/* ---- tests --------------------------------------------------------------------------- */

TEST(headless_frames_show_the_net)
{
    if (!viewer_built()) return;
    char *tmp = make_temp_dir();
    result r = run_sgf(tmp, "view", "--headless", "--ticks", "20", "--every", "10", "--out", "f");
    CHECK_EQ_INT(r.code, 0);
    CHECK_MSG(r.err[0] == '\0', "stderr: %s", r.err);
    CHECK_CONTAINS(r.out, "3 frames");
    char dir[1100];
    snprintf(dir, sizeof dir, "%s/f", tmp);
    CHECK(exists_in(dir, "frame_00000.png"));
    CHECK(exists_in(dir, "frame_00001.png"));
    CHECK(exists_in(dir, "frame_00002.png"));
    CHECK(!exists_in(dir, "frame_00003.png"));
    for (int i = 0; i < RUN_FILES; i++) CHECK_MSG(exists_in(dir, run_files[i]), "%s", run_files[i]);
    CHECK(exists_in(dir, "injected.cfg"));

    image im;

    CHECK(image_load_in(dir, "frame_00002.png", &im));
    if (im.px) {
        CHECK_EQ_INT(im.w, 1280);
        CHECK_EQ_INT(im.h, 800);
        long total = (long)im.w * im.h;
        CHECK_MSG(distinct_colours(&im) > 200, "only %d colours: blank?", distinct_colours(&im));
        long bg = count_colour(&im, RGB_BACKGROUND);
        CHECK_MSG(bg > total / 10 && bg < total * 9 / 10, "background %ld of %ld pixels", bg,
                  total);
        /* the value chain has no map */
        CHECK_EQ_INT(count_colour(&im, RGB_OCEAN), 0);
        int partners = (int)series_at(dir, "partners", 20);
        int blobs = count_blobs(&im, LEFT_W, TOP_H, im.w - RIGHT_W, im.h - BOTTOM_H, 8);
        CHECK_MSG(partners > 50, "partners at week 20: %d", partners);
        CHECK_MSG(blobs >= partners / 2 && blobs <= partners + partners / 5 + 10,
                  "%d node-coloured blobs for %d partners", blobs, partners);
        /* the legend's colour ramp is drawn in the right panel */
        int legend = count_blobs(&im, im.w - RIGHT_W, TOP_H, im.w, 120, 100);
        CHECK_MSG(legend >= 1, "no colour ramp in the legend");
        free(im.px);
    }
    result_free(&r);
    remove_temp_dir(tmp);
}

TEST(headless_world_map)
{
    if (!viewer_built()) return;
    char *tmp = make_temp_dir();
    result r = run_sgf(tmp, "view", "--headless", "--layout", "map", "--ticks", "5", "--every", "5",
                       "--size", "1024x640", "--out", "m", "--quiet");
    CHECK_EQ_INT(r.code, 0);
    CHECK_MSG(r.out[0] == '\0', "--quiet printed: %s", r.out);
    image im;
    CHECK(image_load_in(tmp, "m/frame_00001.png", &im));
    if (im.px) {
        CHECK_EQ_INT(im.w, 1024);
        CHECK_EQ_INT(im.h, 640);
        long total = (long)im.w * im.h;
        long ocean = count_colour(&im, RGB_OCEAN), land = count_colour(&im, RGB_LAND);
        CHECK_MSG(ocean > total / 50, "ocean %ld pixels", ocean);
        CHECK_MSG(land > total / 100, "land %ld pixels", land);
        CHECK_MSG(land < ocean, "more land (%ld) than sea (%ld)", land, ocean);
        /* the map uses the height it has, not just the width's share */
        int top = -1, bottom = -1;
        for (int y = TOP_H; y < im.h - BOTTOM_H; y++)
            if (count_colour_in(&im, RGB_OCEAN, LEFT_W, y, im.w - RIGHT_W, y + 1) > 10) {
                if (top < 0) top = y;
                bottom = y;
            }
        int avail = im.h - BOTTOM_H - TOP_H;
        CHECK_MSG(bottom - top > avail * 6 / 10, "the map spans %d of %d pixels of height",
                  bottom - top, avail);
        int blobs = count_blobs(&im, LEFT_W, TOP_H, im.w - RIGHT_W, im.h - BOTTOM_H, 6);
        /* partners cluster by country: at least a blob per few countries */
        CHECK_MSG(blobs >= 8, "%d node-coloured blobs on the map", blobs);
        free(im.px);
    }
    result_free(&r);
    remove_temp_dir(tmp);
}

TEST(headless_equals_run)
{
    if (!viewer_built()) return;
    char *tmp = make_temp_dir();
    result a = run_sgf(tmp, "view", "--headless", "--ticks", "60", "--every", "30", "--seed", "7",
                       "--set", "firm.incentives.margin_share=0.3", "--out", "v", "--quiet");
    result b = run_sgf(tmp, "run", "--ticks", "60", "--seed", "7", "--set",
                       "firm.incentives.margin_share=0.3", "--out", "r", "--quiet");
    CHECK_EQ_INT(a.code, 0);
    CHECK_EQ_INT(b.code, 0);
    char v[1100], r[1100];
    snprintf(v, sizeof v, "%s/v", tmp);
    snprintf(r, sizeof r, "%s/r", tmp);
    for (int i = 0; i < RUN_FILES; i++)
        CHECK_MSG(same_file(v, r, run_files[i]), "%s differs from sgf run's", run_files[i]);
    result_free(&a);
    result_free(&b);
    remove_temp_dir(tmp);
}

static const char replay_text[] =
    "scenario = \"<default>\";\n"
    "seed = \"20010101\";\n"
    "ticks = 40;\n"
    "sets = [ \"firm.management.contact_persons=3\" ];\n"
    "injected = (\n"
    "  { after_tick = 5; name = \"view 1: defect\"; kind = \"partner_exit\";\n"
    "    target = \"partner\"; target_name = \"Shenzhen EMS\"; magnitude = 1.0; },\n"
    "  { after_tick = 8; name = \"view 2: key person leaves\"; kind = \"key_person_change\";\n"
    "    target = \"market\"; target_name = \"DE\"; magnitude = 1.0; },\n"
    "  { after_tick = 8; name = \"view 3: margin_share\"; kind = \"incentive_change\";\n"
    "    target = \"firm\"; setting = \"margin_share\"; new_value = 0.35; },\n"
    "  { after_tick = 12; name = \"view 4: technology shift\"; kind = \"technology_shift\";\n"
    "    target = \"firm\"; magnitude = 0.3; }\n"
    ");\n";

TEST(replay_applies_and_repeats_injections)
{
    if (!viewer_built()) return;
    char *tmp = make_temp_dir();
    write_in(tmp, "in.cfg", replay_text);
    result a = run_sgf(tmp, "view", "--replay", "in.cfg", "--headless", "--frames", "2", "--every",
                       "40", "--out", "a", "--quiet");
    result b = run_sgf(tmp, "view", "--replay", "in.cfg", "--headless", "--frames", "2", "--every",
                       "40", "--out", "b", "--quiet");
    CHECK_EQ_INT(a.code, 0);
    CHECK_MSG(a.err[0] == '\0', "stderr: %s", a.err);
    CHECK_EQ_INT(b.code, 0);
    char da[1100], db[1100], dc[1100], dn[1100];
    snprintf(da, sizeof da, "%s/a", tmp);
    snprintf(db, sizeof db, "%s/b", tmp);
    snprintf(dc, sizeof dc, "%s/c", tmp);
    snprintf(dn, sizeof dn, "%s/n", tmp);
    for (int i = 0; i < RUN_FILES; i++)
        CHECK_MSG(same_file(da, db, run_files[i]), "%s differs between replays", run_files[i]);

    /* each injection is in events.csv under the week after which it came */
    char path[1200];
    snprintf(path, sizeof path, "%s/events.csv", da);
    char *events = read_path(path, NULL);
    /* a partner's exit is its own row (partner, role, market, cause injected) */
    CHECK_CONTAINS(events, ",Shenzhen EMS,hardware_manufacturer,CN,injected,");
    CHECK_CONTAINS(events, "\n5,partner_exit,");
    CHECK_CONTAINS(events, ",view 1: defect\n");
    CHECK_CONTAINS(events, "\n8,key_person,");
    CHECK_CONTAINS(events, ",DE,injected,");
    CHECK_CONTAINS(events, ",view 2: key person leaves\n");
    CHECK_CONTAINS(events, "\n8,incentive_change,,,,,injected,");
    CHECK_CONTAINS(events, ",view 3: margin_share\n");
    CHECK_CONTAINS(events, "\n12,technology_shift,,,,,injected,");
    CHECK_CONTAINS(events, ",view 4: technology shift\n");
    free(events);

    /* the run records them again: replaying its record gives the same files */
    snprintf(path, sizeof path, "%s/injected.cfg", da);
    char *again = read_path(path, NULL);
    CHECK_CONTAINS(again, "after_tick = 12");
    CHECK_CONTAINS(again, "firm.management.contact_persons=3");
    free(again);
    result c = run_sgf(tmp, "view", "--replay", "a/injected.cfg", "--headless", "--frames", "2",
                       "--every", "40", "--out", "c", "--quiet");
    CHECK_EQ_INT(c.code, 0);
    for (int i = 0; i < RUN_FILES; i++)
        CHECK_MSG(same_file(da, dc, run_files[i]), "%s differs after replaying the record",
                  run_files[i]);

    /* and the injections changed the run */
    result n = run_sgf(tmp, "run", "--ticks", "40", "--set", "firm.management.contact_persons=3",
                       "--out", "n", "--quiet");
    CHECK_EQ_INT(n.code, 0);
    CHECK(!same_file(da, dn, "timeseries.csv"));
    CHECK(same_file(da, dn, "manifest.json")); /* the same scenario, settings and seed */
    result_free(&a);
    result_free(&b);
    result_free(&c);
    result_free(&n);
    remove_temp_dir(tmp);
}

TEST(bad_input_exits_2_and_writes_nothing)
{
    if (!viewer_built()) return;
    char *tmp = make_temp_dir();
    result r = run_sgf(tmp, "view", "--headless", "--font", "/nonexistent/font.ttf", "--out", "x");
    CHECK_EQ_INT(r.code, 2);
    CHECK_CONTAINS(r.err, "font not found");
    CHECK(!exists_in(tmp, "x"));
    result_free(&r);

    r = run_sgf_with(
        tmp, &(proc_opts){.env = (const char *const[]){"SGF_FONT=/nonexistent/also.ttf", NULL}},
        (const char *const[]){"view", "--headless", "--out", "x", NULL});
    CHECK_EQ_INT(r.code, 2);
    CHECK_CONTAINS(r.err, "also.ttf");
    result_free(&r);

    CHECK_RUN(tmp, 2, err, "missing.cfg", "view", "--replay", "missing.cfg", "--headless");

    write_in(tmp, "bad.cfg",
             "scenario = \"<default>\"; seed = \"1\"; ticks = 10;\n"
             "injected = ( { after_tick = 3; kind = \"meteor\"; } );\n");
    CHECK_RUN(tmp, 2, err, "unknown event kind 'meteor'", "view", "--replay", "bad.cfg",
              "--headless");

    CHECK_RUN(tmp, 2, err, "--replay", "view", "--replay", "bad.cfg", "--seed", "3");

    CHECK_RUN(tmp, 2, err, "--headless", "view", "--frames", "3");

    r = run_sgf(tmp, "view", "--headless", "--set", "firm.nonsense=1");
    CHECK_EQ_INT(r.code, 2);
    result_free(&r);

    /* an existing, non-empty --out needs --force */
    r = run_sgf(tmp, "view", "--headless", "--ticks", "2", "--out", ".", "--quiet");
    CHECK_EQ_INT(r.code, 2);
    result_free(&r);
    CHECK(!exists_in(tmp, "frame_00000.png"));
    remove_temp_dir(tmp);
}

TEST(no_display_exits_1_with_a_hint)
{
    if (!viewer_built()) return;
    char *tmp = make_temp_dir();
    result r =
        run_sgf_with(tmp,
                     &(proc_opts){.env = (const char *const[]){"-DISPLAY", "-WAYLAND_DISPLAY",
                                                               "-SDL_VIDEODRIVER", NULL}},
                     (const char *const[]){"view", "--out", "w", NULL});
    CHECK_EQ_INT(r.code, 1);
    CHECK_CONTAINS(r.err, "--headless");
    CHECK(!exists_in(tmp, "w"));
    result_free(&r);
    remove_temp_dir(tmp);
}

TEST(help_describes_view)
{
    if (!viewer_built()) return;
    char *tmp = make_temp_dir();
    CHECK_RUN(tmp, 0, out, "view", "help");
    result r = run_sgf(tmp, "view", "--help");
    CHECK_EQ_INT(r.code, 0);
    CHECK_CONTAINS(r.out, "--headless");
    CHECK_CONTAINS(r.out, "--replay");
    CHECK_CONTAINS(r.out, "ffmpeg");
    result_free(&r);
    remove_temp_dir(tmp);
}

/* ---- text boxes: $SGF_VIEW_TEXT_BOXES ----------------------------------------------- */

typedef struct tbox {
    char layer[12];
    int x, y, w, h;
    char text[200];
} tbox;

typedef struct tnode {
    unsigned uid;
    float x, y;
} tnode;

typedef struct tframe {
    int week, w, h, count;
    tbox *box;
    int nodes;
    tnode *node;
} tframe;

typedef struct tframes {
    tframe *f;
    int count;
} tframes;

static tframes boxes_load(const char *path)
{
    tframes t = {NULL, 0};
    FILE *f = fopen(path, "r");
    if (!f) return t;
    char line[512];
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = '\0';
        unsigned frame;
        int week, w, h;
        if (sscanf(line, "frame %u week %d size %dx%d", &frame, &week, &w, &h) == 4) {
            t.f = realloc(t.f, sizeof *t.f * (size_t)(t.count + 1));
            t.f[t.count++] = (tframe){week, w, h, 0, NULL, 0, NULL};
            continue;
        }
        if (!t.count) continue;
        tframe *fr = &t.f[t.count - 1];
        tnode nd;
        if (sscanf(line, "node %u %f %f", &nd.uid, &nd.x, &nd.y) == 3) {
            fr->node = realloc(fr->node, sizeof *fr->node * (size_t)(fr->nodes + 1));
            fr->node[fr->nodes++] = nd;
            continue;
        }
        tbox b;
        int used = 0;
        if (sscanf(line, "%11s %d %d %d %d %n", b.layer, &b.x, &b.y, &b.w, &b.h, &used) < 5)
            continue;
        snprintf(b.text, sizeof b.text, "%s", line + used);
        fr->box = realloc(fr->box, sizeof *fr->box * (size_t)(fr->count + 1));
        fr->box[fr->count++] = b;
    }
    fclose(f);
    return t;
}

static void boxes_free(tframes *t)
{
    for (int i = 0; i < t->count; i++) free(t->f[i].box), free(t->f[i].node);
    free(t->f);
}

static bool frame_has(const tframe *f, const char *text)
{
    for (int i = 0; i < f->count; i++)
        if (strstr(f->box[i].text, text)) return true;
    return false;
}

/* Pairs of text boxes that intersect (the help and the hover tooltip, drawn
 * over everything on purpose, are the overlay layer and left out). */
static int overlaps(const tframe *f, char *first, size_t size)
{
    int n = 0;
    for (int i = 0; i < f->count; i++)
        for (int j = i + 1; j < f->count; j++) {
            const tbox *a = &f->box[i], *b = &f->box[j];
            if (!strcmp(a->layer, "overlay") || !strcmp(b->layer, "overlay")) continue;
            if (a->x < b->x + b->w && b->x < a->x + a->w && a->y < b->y + b->h &&
                b->y < a->y + a->h) {
                if (n++ == 0)
                    snprintf(first, size,
                             "week %d %dx%d: '%s' (%d,%d %dx%d) and '%s' (%d,%d %dx%d)", f->week,
                             f->w, f->h, a->text, a->x, a->y, a->w, a->h, b->text, b->x, b->y, b->w,
                             b->h);
            }
        }
    return n;
}

/* `sgf view --headless ... ` with the text boxes recorded into tmp/boxes. */
static tframes run_boxes(const char *tmp, const char *const *args)
{
    char env[1200];
    snprintf(env, sizeof env, "SGF_VIEW_TEXT_BOXES=%s/boxes", tmp);
    const char *const e[] = {env, NULL};
    const proc_opts o = {e, 0, 0};
    result r = run_sgf_with(tmp, &o, args);
    if (r.code != 0) fprintf(stderr, "sgf view exited %d: %s\n", r.code, r.err);
    result_free(&r);
    char path[1200];
    snprintf(path, sizeof path, "%s/boxes", tmp);
    tframes t = boxes_load(path);
    unlink(path);
    return t;
}

TEST(text_boxes_never_overlap)
{
    if (!viewer_built()) return;
    /* both layouts, the default and the smallest window size, every
     * inspector (a partner, a country, the firm), the legend, and zoomed in */
    static const char *const sizes[] = {"1280x800", "900x600"};
    static const char *const layouts[] = {"chain", "map"};
    for (int si = 0; si < 2; si++)
        for (int li = 0; li < 2; li++) {
            char *tmp = make_temp_dir();
            tframes t = run_boxes(
                tmp, (const char *const[]){
                         "view", "--headless", "--ticks", "150", "--every", "30", "--size",
                         sizes[si], "--layout", layouts[li], "--out", "o", "--do",
                         "30 select firm; 60 key Tab; 90 select country DE; 120 key BackSpace; "
                         "120 zoom 3; 150 select firm",
                         NULL});
            CHECK_EQ_INT(t.count, 6);
            int total = 0;
            for (int i = 0; i < t.count; i++) {
                char first[600] = "";
                int n = overlaps(&t.f[i], first, sizeof first);
                total += n;
                CHECK_MSG(n == 0, "%d overlapping text boxes, first %s", n, first);
                CHECK_MSG(t.f[i].count > 60, "week %d: only %d texts", t.f[i].week, t.f[i].count);
                for (int k = 0; k < t.f[i].count; k++) {
                    const tbox *b = &t.f[i].box[k];
                    CHECK_MSG(b->x >= 0 && b->x + b->w <= t.f[i].w && b->y >= 0 &&
                                  b->y + b->h <= t.f[i].h,
                              "'%s' leaves the window", b->text);
                }
            }
            if (t.count == 6) {
                CHECK(frame_has(&t.f[1], "employees"));    /* the firm */
                CHECK(frame_has(&t.f[2], "partner no. ")); /* a partner */
                CHECK(frame_has(&t.f[3], "Germany (DE)")); /* a country */
                CHECK(frame_has(&t.f[4], "legend"));
            }
            (void)total;
            boxes_free(&t);
            remove_tree(tmp);
            free(tmp);
        }
}

/* A text of a frame's right panel that is drawn in the large font: the
 * inspector's heading (the first box right of x0 and below the top bar). */
static const char *inspector_heading(const tframe *f)
{
    for (int i = 0; i < f->count; i++)
        if (f->box[i].x >= f->w - 276 && f->box[i].y > 30 && f->box[i].y < 50)
            return f->box[i].text;
    return "";
}

TEST(selection_follows_the_partner_not_its_slot)
{
    if (!viewer_built()) return;
    char *tmp = make_temp_dir();
    /* the largest partner (Tab) is made to leave (d) in week 40; its slot
     * is free and taken by the next partner to join */
    tframes t = run_boxes(tmp, (const char *const[]){"view", "--headless", "--ticks", "200",
                                                     "--every", "20", "--out", "o", "--do",
                                                     "40 key Tab; 40 key d", NULL});
    CHECK_EQ_INT(t.count, 11);
    if (t.count == 11) {
        char name[200];
        snprintf(name, sizeof name, "%s", inspector_heading(&t.f[2]));
        CHECK_MSG(name[0], "no inspector in week 40");
        CHECK(frame_has(&t.f[2], "has left the net"));
        for (int i = 3; i < t.count; i++) {
            CHECK_MSG(strcmp(inspector_heading(&t.f[i]), name) == 0,
                      "week %d: the inspector shows '%s', not '%s'", t.f[i].week,
                      inspector_heading(&t.f[i]), name);
            CHECK(frame_has(&t.f[i], "has left the net"));
        }
    }
    /* and the partner was really gone and its slot reused: events.csv has
     * its exit and later joins */
    char path[1200];
    snprintf(path, sizeof path, "%s/o/events.csv", tmp);
    char *ev = read_path(path, NULL);
    CHECK(ev && strstr(ev, ",injected,") && strstr(ev, "view 1: defect"));
    free(ev);
    boxes_free(&t);
    remove_tree(tmp);
    free(tmp);
}

TEST(numbers_on_screen_match_the_files)
{
    if (!viewer_built()) return;
    char *tmp = make_temp_dir();
    tframes t = run_boxes(tmp, (const char *const[]){"view", "--headless", "--ticks", "260",
                                                     "--every", "52", "--out", "o", "--set",
                                                     "firm.management.preset=controller", NULL});
    CHECK_EQ_INT(t.count, 6);
    char dir[1100];
    snprintf(dir, sizeof dir, "%s/o", tmp);
    for (int i = 1; i < t.count; i++) {
        /* the date: timeseries.csv's year, the week within it */
        int week = t.f[i].week;
        char date[64];
        snprintf(date, sizeof date, "%d  week %02d", (int)series_at(dir, "year", week),
                 (week - 1) % 52 + 1);
        CHECK_MSG(frame_has(&t.f[i], date), "week %d: no '%s' in the top bar", week, date);
    }
    if (t.count > 0) {
        const tframe *f0 = &t.f[0];
        CHECK(frame_has(f0, "start of "));
        /* frame 0: the stocks as they start, no zeros for what has not happened */
        CHECK(!frame_has(f0, "EUR 0"));
        CHECK(frame_has(f0, "no week yet"));
        int partners = -1;
        for (int k = 1; k < f0->count && partners < 0; k++) /* the value is drawn first */
            if (strcmp(f0->box[k].text, "partners") == 0) partners = atoi(f0->box[k - 1].text);
        CHECK_MSG(partners > 100, "frame 0 shows %d partners", partners);
        /* a named preset: its weights, no pending edit */
        for (int k = 0; k < f0->count; k++) {
            CHECK_MSG(strchr(f0->box[k].text, '?') == NULL, "'%s' in frame 0", f0->box[k].text);
            CHECK_MSG(strstr(f0->box[k].text, "(Enter)") == NULL, "'%s' in frame 0",
                      f0->box[k].text);
        }
    }
    boxes_free(&t);
    remove_tree(tmp);
    free(tmp);
}

TEST(plain_words_not_codes)
{
    if (!viewer_built()) return;
    char *tmp = make_temp_dir();
    /* a long run, every inspector; the ticker shows each week's events */
    tframes t =
        run_boxes(tmp, (const char *const[]){"view", "--headless", "--every", "5", "--ticks", "400",
                                             "--out", "o", "--do",
                                             "5 key Tab; 200 select firm; 300 key Tab Tab", NULL});
    CHECK_MSG(t.count == 81, "%d frames", t.count);
    static const char *const codes[] = {
        "act 0", "act 1", "act 2", "act 3", "act 4", "act 5", "act (0", "size class", "contract 1",
        "contract 0", "contacts)", "id 1", "id 2",
        /* events.csv's cause words: the ticker says them in words */
        "left: ", "caught unknown", "caught none", "(outside_option)", "(key_person_change)",
        "(search)", "(replacement)", "(listed)", "(relocated)"};
    int found = 0;
    for (int i = 0; i < t.count; i++)
        for (int k = 0; k < t.f[i].count; k++) {
            const char *text = t.f[i].box[k].text;
            /* the inspectors' description lines ("a  ·  b") name roles and
             * governance in words; partner names ("GH sales_partner 3") are
             * the model's own and not checked */
            if (strstr(text, "\xc2\xb7") && strchr(text, '_') && found++ < 5)
                fprintf(stderr, "week %d: '%s' has a code\n", t.f[i].week, text);
            for (size_t c = 0; c < sizeof codes / sizeof codes[0]; c++) {
                if (strstr(text, codes[c])) {
                    if (found++ < 5)
                        fprintf(stderr, "week %d: '%s' has '%s'\n", t.f[i].week, text, codes[c]);
                }
            }
        }
    CHECK_EQ_INT(found, 0);
    /* the ticker says what happened in words */
    bool caught = false, contact = false;
    for (int i = 0; i < t.count; i++) {
        caught |= frame_has(&t.f[i], " caught ");
        contact |= frame_has(&t.f[i], "contact person leaves");
    }
    CHECK(caught);
    CHECK(contact);
    boxes_free(&t);
    remove_tree(tmp);
    free(tmp);
}

TEST(a_second_session_never_replaces_the_first)
{
    if (!viewer_built()) return;
    char *tmp = make_temp_dir();
    result a = run_sgf(tmp, "view", "--headless", "--ticks", "3", "--every", "3", "--quiet");
    CHECK_EQ_INT(a.code, 0);
    char first[1200];
    snprintf(first, sizeof first, "%s/out/default-seed20010101-view/injected.cfg", tmp);
    FILE *f = fopen(first, "a");
    CHECK(f != NULL);
    if (f) fputs("# the first session's record\n", f), fclose(f);
    result b = run_sgf(tmp, "view", "--headless", "--ticks", "3", "--every", "3", "--quiet");
    CHECK_EQ_INT(b.code, 0);
    char *text = read_path(first, NULL);
    CHECK(text && strstr(text, "# the first session's record"));
    free(text);
    char second[1200];
    snprintf(second, sizeof second, "%s/out/default-seed20010101-view-2", tmp);
    CHECK(exists_in(second, "timeseries.csv"));
    CHECK(exists_in(second, "injected.cfg"));
    result_free(&a);
    result_free(&b);
    remove_tree(tmp);
    free(tmp);
}

TEST(interrupt_keeps_the_weeks_run_and_exits_1)
{
    if (!viewer_built()) return;
    char *tmp = make_temp_dir();
    char frame[1200];
    snprintf(frame, sizeof frame, "%s/o/frame_00002.png", tmp);
    pid_t pid = start_sgf(
        tmp, NULL, (const char *const[]){"view", "--headless", "--every", "1", "--out", "o", NULL});
    struct stat st;
    struct timespec nap = {0, 10000000};
    for (int k = 0; k < 600 && stat(frame, &st) != 0; k++) nanosleep(&nap, NULL);
    kill(pid, SIGINT);
    result r = finish_sgf(tmp, pid);
    CHECK_EQ_INT(r.signal, 0);
    CHECK_EQ_INT(r.code, 1);
    CHECK_MSG(strstr(r.err, "interrupted after week"), "stderr: %s", r.err);
    result_free(&r);
    char dir[1100];
    snprintf(dir, sizeof dir, "%s/o", tmp);
    /* the files are closed with the weeks run: a manifest, a summary */
    CHECK(exists_in(dir, "manifest.json"));
    CHECK(exists_in(dir, "summary.csv"));
    double weeks = series_at(dir, "tick", 2);
    CHECK_MSG(weeks == 2, "timeseries.csv lacks week 2");
    remove_tree(tmp);
    free(tmp);
}

TEST(window_close_button_ends_cleanly_with_the_files)
{
    if (!viewer_built()) return;
    char *tmp = make_temp_dir();
    /* a real window (SDL's dummy video driver, asked for by name); after
     * week 5 `--do close` pushes what a window manager's close button gives,
     * SDL_WINDOWEVENT_CLOSE and SDL_QUIT, into the event queue */
    const proc_opts o = {
        (const char *const[]){"SDL_VIDEODRIVER=dummy", "-DISPLAY", "-WAYLAND_DISPLAY", NULL}, 0, 0};
    pid_t pid = start_sgf(
        tmp, &o,
        (const char *const[]){"view", "--ticks", "200", "--out", "w", "--do", "5 close", NULL});
    siginfo_t si;
    struct timespec nap = {0, 20000000};
    bool ended = false;
    for (int k = 0; k < 1500 && !ended; k++) { /* 30 s at most */
        memset(&si, 0, sizeof si);
        ended = waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG | WNOWAIT) == 0 && si.si_pid == pid;
        if (!ended) nanosleep(&nap, NULL);
    }
    if (!ended) kill(pid, SIGKILL);
    result r = finish_sgf(tmp, pid);
    CHECK_MSG(ended, "the viewer was still open 30 s after the close event");
    CHECK_EQ_INT(r.signal, 0);
    CHECK_EQ_INT(r.code, 0); /* docs/viewer.md: the close button exits 0 */
    CHECK_MSG(!strstr(r.err, "interrupted"), "stderr: %s", r.err);
    result_free(&r);
    char dir[1100], ref[1100];
    snprintf(dir, sizeof dir, "%s/w", tmp);
    snprintf(ref, sizeof ref, "%s/r", tmp);
    /* closed with the weeks run: the manifest counts them, and every file
     * is the one `sgf run` writes for that many weeks */
    char *manifest = read_in(dir, "manifest.json", NULL);
    const char *at = manifest ? strstr(manifest, "\"ticks_run\": ") : NULL;
    int weeks = at ? atoi(at + 13) : -1;
    free(manifest);
    CHECK_MSG(weeks >= 5 && weeks < 200, "manifest.json's ticks_run is %d", weeks);
    if (weeks >= 5 && weeks < 200) {
        char ticks[16];
        snprintf(ticks, sizeof ticks, "%d", weeks);
        result rr = run_sgf(tmp, "run", "--ticks", ticks, "--out", "r", "--quiet");
        CHECK_EQ_INT(rr.code, 0);
        result_free(&rr);
        static const char *const files[] = {"timeseries.csv", "events.csv",  "network.jsonl",
                                            "network.gexf",   "summary.csv", "markets.csv"};
        for (size_t k = 0; k < sizeof files / sizeof files[0]; k++)
            CHECK_MSG(same_file(dir, ref, files[k]), "%s differs from sgf run --ticks %d's",
                      files[k], weeks);
    }
    CHECK(exists_in(dir, "injected.cfg"));
    CHECK(exists_in(dir, "session.cfg"));
    remove_tree(tmp);
    free(tmp);
}

TEST(zoomed_net_stays_inside_its_area)
{
    if (!viewer_built()) return;
    /* the same week zoomed in and not: the panels must be the same pixels */
    char *tmp = make_temp_dir();
    result a = run_sgf(tmp, "view", "--headless", "--ticks", "40", "--every", "20", "--out", "a",
                       "--quiet");
    result b = run_sgf(tmp, "view", "--headless", "--ticks", "40", "--every", "20", "--out", "b",
                       "--do", "20 zoom 6", "--quiet");
    CHECK_EQ_INT(a.code, 0);
    CHECK_EQ_INT(b.code, 0);
    char pa[1200], pb[1200];
    snprintf(pa, sizeof pa, "%s/a/frame_00001.png", tmp);
    snprintf(pb, sizeof pb, "%s/b/frame_00001.png", tmp);
    image x, y;
    CHECK(image_load(pa, &x));
    CHECK(image_load(pb, &y));
    if (x.px && y.px) {
        long differ_panels = 0, differ_net = 0;
        for (int py = 0; py < x.h; py++)
            for (int px = 0; px < x.w; px++) {
                bool panel =
                    px < LEFT_W || px >= x.w - RIGHT_W || py < TOP_H || py >= x.h - BOTTOM_H;
                bool d = x.px[py * x.w + px] != y.px[py * x.w + px];
                if (panel)
                    differ_panels += d;
                else
                    differ_net += d;
            }
        CHECK_MSG(differ_panels == 0, "%ld panel pixels changed with the zoom", differ_panels);
        CHECK_MSG(differ_net > 10000, "the zoom changed only %ld pixels of the net", differ_net);
    }
    free(x.px);
    free(y.px);
    result_free(&a);
    result_free(&b);
    remove_tree(tmp);
    free(tmp);
}

TEST(causes_are_on_the_picture)
{
    if (!viewer_built()) return;
    char *tmp = make_temp_dir();
    /* the only manufacturer is made to leave after week 10; its successor
     * (joining in week 27) makes less than is asked of it; demand in
     * Germany falls 40 % for 26 weeks from week 21 */
    tframes t = run_boxes(
        tmp, (const char *const[]){
                 "view", "--headless", "--ticks", "60", "--every", "10", "--out", "o", "--do",
                 "10 select Shenzhen EMS; 10 key d; 20 select country DE; 20 key m", NULL});
    CHECK_EQ_INT(t.count, 7);
    if (t.count == 7) {
        /* week 0: nothing wrong, nothing said */
        CHECK(!frame_has(&t.f[0], "warning:"));
        CHECK(!frame_has(&t.f[0], "bottleneck"));
        CHECK(!frame_has(&t.f[0], "shock:"));
        CHECK(frame_has(&t.f[0], "hardware manufacturer (1)"));
        /* week 20: the band stays, empty, with its warning */
        CHECK(frame_has(&t.f[2], "hardware manufacturer (0)"));
        CHECK(frame_has(&t.f[2], "warning: no hardware manufacturer left since week 10"));
        /* weeks 30-40: the shock is named with its weeks, the bottleneck
         * with its numbers; week 50: the shock is over */
        CHECK(frame_has(&t.f[3], "shock: demand -40 % in Germany (DE), weeks 21-46"));
        CHECK(frame_has(&t.f[4], "bottleneck: "));
        CHECK(frame_has(&t.f[4], "units/week"));
        CHECK(!frame_has(&t.f[5], "shock: demand"));
        CHECK(!frame_has(&t.f[4], "hardware manufacturer (0)"));
    }
    /* the flagged tie is red on the picture */
    char path[1200];
    snprintf(path, sizeof path, "%s/o/frame_00004.png", tmp);
    image im;
    CHECK(image_load(path, &im));
    if (im.px) {
        long red = count_colour_in(&im, 0xff3b30u, LEFT_W, TOP_H, im.w - RIGHT_W, im.h - BOTTOM_H);
        CHECK_MSG(red > 300, "the bottleneck's tie has %ld red pixels", red);
        free(im.px);
    }
    snprintf(path, sizeof path, "%s/o/frame_00001.png", tmp);
    CHECK(image_load(path, &im));
    if (im.px) {
        long red = count_colour_in(&im, 0xff3b30u, LEFT_W, TOP_H, im.w - RIGHT_W, im.h - BOTTOM_H);
        CHECK_MSG(red < 50, "%ld red pixels before any bottleneck", red);
        free(im.px);
    }
    boxes_free(&t);
    remove_tree(tmp);
    free(tmp);
}

TEST(relocation_draws_the_move)
{
    if (!viewer_built()) return;
    char *tmp = make_temp_dir();
    /* solvtech moves production from China to Bangladesh in week 230 */
    char scenario[1200];
    const char *src = getenv("SGF_SOURCE_DIR");
    snprintf(scenario, sizeof scenario, "%s/scenarios/solvtech.cfg", src ? src : ".");
    tframes t = run_boxes(tmp, (const char *const[]){"view", scenario, "--headless", "--ticks",
                                                     "240", "--every", "120", "--layout", "map",
                                                     "--out", "o", NULL});
    CHECK_EQ_INT(t.count, 3);
    if (t.count == 3) {
        CHECK(!frame_has(&t.f[1], "production moved"));
        CHECK(
            frame_has(&t.f[2], "production moved from China (CN) to Bangladesh (BD) in week 230"));
    }
    image a, b;
    char pa[1200], pb[1200];
    snprintf(pa, sizeof pa, "%s/o/frame_00001.png", tmp);
    snprintf(pb, sizeof pb, "%s/o/frame_00002.png", tmp);
    CHECK(image_load(pa, &a));
    CHECK(image_load(pb, &b));
    if (a.px && b.px) {
        long before = count_colour_in(&a, 0x6cc7e8u, LEFT_W, TOP_H, a.w - RIGHT_W, a.h - BOTTOM_H);
        long after = count_colour_in(&b, 0x6cc7e8u, LEFT_W, TOP_H, b.w - RIGHT_W, b.h - BOTTOM_H);
        CHECK_MSG(after > before + 100, "the move's arrow: %ld pixels, %ld before", after, before);
    }
    free(a.px);
    free(b.px);
    boxes_free(&t);
    remove_tree(tmp);
    free(tmp);
}

/* Partners alive in both frames, and how many of them were drawn elsewhere. */
static void moved_between(const tframe *a, const tframe *b, int *common, int *moved)
{
    *common = *moved = 0;
    for (int i = 0; i < a->nodes; i++)
        for (int j = 0; j < b->nodes; j++)
            if (a->node[i].uid == b->node[j].uid) {
                (*common)++;
                if (fabsf(a->node[i].x - b->node[j].x) > 0.5f ||
                    fabsf(a->node[i].y - b->node[j].y) > 0.5f)
                    (*moved)++;
                break;
            }
}

TEST(partners_keep_their_places)
{
    if (!viewer_built()) return;
    static const char *const layouts[] = {"chain", "map"};
    for (int li = 0; li < 2; li++) {
        char *tmp = make_temp_dir();
        tframes t =
            run_boxes(tmp, (const char *const[]){"view", "--headless", "--ticks", "70", "--every",
                                                 "1", "--layout", layouts[li], "--out", "o", NULL});
        CHECK_EQ_INT(t.count, 71);
        if (t.count == 71) {
            /* the weeks: partners left between 33 and 40; nobody moved */
            int common, moved;
            moved_between(&t.f[33], &t.f[40], &common, &moved);
            CHECK_MSG(common > 150 && moved == 0, "%s: %d of %d partners moved from week 33 to 40",
                      layouts[li], moved, common);
            /* week by week: a grid grows now and then (a new seat at the end),
             * never every week */
            int reflows = 0, moves = 0, pairs = 0;
            for (int i = 1; i + 1 < t.count; i++) {
                moved_between(&t.f[i], &t.f[i + 1], &common, &moved);
                moves += moved;
                pairs += common;
                reflows += moved > common / 4;
            }
            CHECK_MSG(reflows <= 2, "%s: %d weeks re-placed a quarter of the net", layouts[li],
                      reflows);
            CHECK_MSG(moves * 50 < pairs, "%s: %d moves in %d partner-weeks", layouts[li], moves,
                      pairs);
        }
        boxes_free(&t);
        remove_tree(tmp);
        free(tmp);
    }
}

TEST(labels_name_regions_and_countries)
{
    if (!viewer_built()) return;
    char *tmp = make_temp_dir();
    tframes t =
        run_boxes(tmp, (const char *const[]){"view", "--headless", "--ticks", "10", "--every", "10",
                                             "--out", "o", "--do", "10 key l", NULL});
    CHECK_EQ_INT(t.count, 2);
    if (t.count == 2) {
        /* value chain: the sales band's regions (names or initials) */
        int regions = 0;
        for (int k = 0; k < t.f[0].count; k++)
            regions += strcmp(t.f[0].box[k].layer, "scene") == 0 && t.f[0].box[k].h < 13 &&
                       t.f[0].box[k].x > 700;
        CHECK_MSG(regions >= 3, "%d region labels right of the firm", regions);
        /* the map: countries and regions */
        CHECK(frame_has(&t.f[1], "DE"));
        CHECK(frame_has(&t.f[1], "CN"));
        CHECK(frame_has(&t.f[1], "EUROPE"));
    }
    boxes_free(&t);
    remove_tree(tmp);
    free(tmp);
}

TEST(charts_with_axes_events_and_a_choice_of_metrics)
{
    if (!viewer_built()) return;
    char *tmp = make_temp_dir();
    tframes t = run_boxes(tmp, (const char *const[]){"view", "--headless", "--ticks", "60",
                                                     "--every", "10", "--out", "o", "--charts",
                                                     "backlog_units,mean_trust,cash_eur", "--do",
                                                     "20 key t; 60 key g", NULL});
    CHECK_EQ_INT(t.count, 7);
    if (t.count == 7) {
        CHECK(frame_has(&t.f[1], "backlog (units)"));
        CHECK(frame_has(&t.f[1], "cash (EUR)"));
        CHECK(frame_has(&t.f[1], "'10")); /* the year on the time axis */
        CHECK(!frame_has(&t.f[1], "revenue (EUR)"));
        /* g: the large chart, its legend and the event's words at its mark */
        CHECK(frame_has(&t.f[6], "events: scheduled, your what-ifs, moves"));
        CHECK(frame_has(&t.f[6], "2010"));
        CHECK(frame_has(&t.f[6], "a technology shift"));
    }
    /* the what-if after week 20 is a pink mark on the charts' time axes */
    image a, b;
    char pa[1200], pb[1200];
    snprintf(pa, sizeof pa, "%s/o/frame_00001.png", tmp);
    snprintf(pb, sizeof pb, "%s/o/frame_00003.png", tmp);
    CHECK(image_load(pa, &a));
    CHECK(image_load(pb, &b));
    if (a.px && b.px) {
        long before = count_colour_in(&a, 0xff8ad8u, 0, 170, LEFT_W, a.h - 200);
        long after = count_colour_in(&b, 0xff8ad8u, 0, 170, LEFT_W, b.h - 200);
        CHECK_MSG(before == 0 && after >= 3 * 8, "event marks: %ld pixels before, %ld after",
                  before, after);
    }
    free(a.px);
    free(b.px);
    boxes_free(&t);
    /* a what-if that makes a partner leave has no event record of its own,
     * only the partner's exit naming it: it is marked too, once */
    t = run_boxes(tmp, (const char *const[]){"view", "--headless", "--ticks", "30", "--every", "30",
                                             "--out", "o2", "--do",
                                             "10 select Shenzhen EMS; 10 key d; 30 key g", NULL});
    CHECK_EQ_INT(t.count, 2);
    if (t.count == 2) {
        int words = 0;
        for (int k = 0; k < t.f[1].count; k++)
            words += strstr(t.f[1].box[k].text, "Shenzhen EMS leaves the net") != NULL &&
                     strncmp(t.f[1].box[k].text, "week ", 5) != 0; /* not the ticker's */
        CHECK_MSG(words == 1, "the large chart names the defection %d times", words);
    }
    snprintf(pa, sizeof pa, "%s/o2/frame_00001.png", tmp);
    CHECK(image_load(pa, &a));
    if (a.px) {
        long marks = count_colour_in(&a, 0xff8ad8u, 0, 170, LEFT_W, a.h - 200);
        CHECK_MSG(marks >= 3 * 8, "the defection's marks: %ld pixels", marks);
    }
    free(a.px);
    result r = run_sgf(tmp, "view", "--headless", "--ticks", "5", "--out", "bad", "--charts",
                       "revenue_eur,no_such_metric");
    CHECK_EQ_INT(r.code, 2);
    CHECK_CONTAINS(r.err, "no_such_metric");
    CHECK(!exists_in(tmp, "bad"));
    result_free(&r);
    boxes_free(&t);
    remove_tree(tmp);
    free(tmp);
}

TEST(timeline_looks_back)
{
    if (!viewer_built()) return;
    char *tmp = make_temp_dir();
    tframes t =
        run_boxes(tmp, (const char *const[]){"view", "--headless", "--ticks", "100", "--every",
                                             "100", "--out", "o", "--do", "100 back 40", NULL});
    CHECK_EQ_INT(t.count, 2);
    char dir[1100];
    snprintf(dir, sizeof dir, "%s/o", tmp);
    if (t.count == 2) {
        const tframe *f = &t.f[1];
        CHECK_EQ_INT(f->week, 100); /* the live week; the frame shows week 60 */
        CHECK(frame_has(f, "LOOKING BACK"));
        char date[64];
        snprintf(date, sizeof date, "%d  week %02d", (int)series_at(dir, "year", 60), 60 - 52);
        CHECK_MSG(frame_has(f, date), "no '%s' when looking back to week 60", date);
        /* the numbers are week 60's */
        char want[64];
        snprintf(want, sizeof want, "%.0f  (%.0f up)", series_at(dir, "partners", 60),
                 series_at(dir, "upstream_partners", 60));
        CHECK_MSG(frame_has(f, want), "the partners of week 60 ('%s') are not shown", want);
        /* the ticker ends at week 60 */
        for (int k = 0; k < f->count; k++)
            if (strncmp(f->box[k].text, "week ", 5) == 0)
                CHECK_MSG(atoi(f->box[k].text + 5) <= 60, "'%s' after week 60", f->box[k].text);
    }
    boxes_free(&t);
    remove_tree(tmp);
    free(tmp);
}

/* Texts of frame a that frame b lacks, outside the top bar and the left
 * panel (the week's number, the mode, the charts' axes over the run so far
 * differ by design when looking back); the first in `first`. */
static int texts_missing(const tframe *a, const tframe *b, char *first, size_t size)
{
    int n = 0;
    for (int i = 0; i < a->count; i++) {
        const tbox *x = &a->box[i];
        if (x->y < TOP_H || x->x < LEFT_W) continue;
        bool found = false;
        for (int j = 0; j < b->count && !found; j++) {
            const tbox *y = &b->box[j];
            found = x->x == y->x && x->y == y->y && x->w == y->w && x->h == y->h &&
                    !strcmp(x->layer, y->layer) && !strcmp(x->text, y->text);
        }
        if (!found && n++ == 0)
            snprintf(first, size, "'%s' at (%d,%d) of week %d", x->text, x->x, x->y, a->week);
    }
    return n;
}

/* Partners drawn in frame a that frame b does not draw at the same place. */
static int nodes_missing(const tframe *a, const tframe *b)
{
    int n = 0;
    for (int i = 0; i < a->nodes; i++) {
        bool found = false;
        for (int j = 0; j < b->nodes && !found; j++)
            found = a->node[i].uid == b->node[j].uid && a->node[i].x == b->node[j].x &&
                    a->node[i].y == b->node[j].y;
        n += !found;
    }
    return n;
}

TEST(looking_back_redraws_the_week_then)
{
    if (!viewer_built()) return;
    char *tmp = make_temp_dir();
    /* a partner inspected from week 40 on; on the map also the partner table
     * sorted by trust; frames at weeks 0, 20, ..., 120; at week 120 the
     * timeline goes back to week 60: that frame must show what week 60's
     * did, bands, inspector, table, status lines, ticker and every partner
     * at its place, though the net has changed since */
    static const char *const layouts[] = {"chain", "map"};
    /* (a what-if after week 10 too: the rebuilt week must include it) */
    static const char *const scripts[] = {"10 select Shenzhen EMS; 10 key d; 40 key Tab Tab Tab; "
                                          "120 back 60",
                                          "40 key Tab Tab Tab shift+t o i; 120 back 60"};
    for (int li = 0; li < 2; li++) {
        char out[32];
        snprintf(out, sizeof out, "o-%s", layouts[li]);
        tframes t =
            run_boxes(tmp, (const char *const[]){"view", "--headless", "--ticks", "200", "--every",
                                                 "20", "--frames", "7", "--layout", layouts[li],
                                                 "--out", out, "--do", scripts[li], NULL});
        CHECK_EQ_INT(t.count, 7);
        if (t.count == 7) {
            const tframe *then = &t.f[3], *later = &t.f[5], *back = &t.f[6];
            CHECK_EQ_INT(then->week, 60);
            CHECK_EQ_INT(back->week, 120);
            CHECK(frame_has(back, "LOOKING BACK"));
            CHECK(frame_has(then, li ? "sorted by trust, descending" : "partner no. "));
            /* the net did change: week 100 differs from week 60 */
            char first[600] = "";
            CHECK_MSG(texts_missing(then, later, first, sizeof first) > 0 ||
                          nodes_missing(then, later) > 0,
                      "%s: weeks 60 and 100 look the same; the test would prove nothing",
                      layouts[li]);
            first[0] = '\0';
            int lost = texts_missing(then, back, first, sizeof first);
            CHECK_MSG(lost == 0, "%s: %d texts of week 60 not shown looking back, e.g. %s",
                      layouts[li], lost, first);
            first[0] = '\0';
            int extra = texts_missing(back, then, first, sizeof first);
            CHECK_MSG(extra == 0, "%s: %d texts looking back that week 60 did not show, e.g. %s",
                      layouts[li], extra, first);
            CHECK_EQ_INT(back->nodes, then->nodes);
            CHECK_MSG(nodes_missing(then, back) == 0, "%s: %d partners of week 60 moved or gone",
                      layouts[li], nodes_missing(then, back));
        }
        boxes_free(&t);
    }
    remove_tree(tmp);
    free(tmp);
}

TEST(partner_table_sorts_and_filters)
{
    if (!viewer_built()) return;
    char *tmp = make_temp_dir();
    /* T opens it; 1 picks the first role with partners; o sorts by trust; i descending */
    tframes t = run_boxes(tmp, (const char *const[]){"view", "--headless", "--ticks", "30",
                                                     "--every", "30", "--out", "o", "--do",
                                                     "30 key shift+t 1 o i Down", NULL});
    CHECK_EQ_INT(t.count, 2);
    if (t.count == 2) {
        const tframe *f = &t.f[1];
        CHECK(frame_has(f, "sorted by trust, descending"));
        CHECK(frame_has(f, "role rnd partner"));
        /* the only R&D partner left in week 23: none shown */
        CHECK(frame_has(f, "partners: 0 shown"));
        /* rows: trust values, right-aligned in one column, top down */
        int n = 0, right = -1;
        double prev = 2.0;
        bool sorted = true;
        for (int k = 0; k < f->count; k++) {
            const tbox *b = &f->box[k];
            if (b->x < LEFT_W || b->x > f->w / 2 || strlen(b->text) != 5 || b->text[1] != '.')
                continue;
            if (right < 0) right = b->x + b->w;
            if (b->x + b->w != right) continue;
            double x = atof(b->text);
            sorted &= x <= prev;
            prev = x;
            n++;
        }
        CHECK_EQ_INT(n, 0);
    }
    boxes_free(&t);
    /* no filter but the role of sales partners: many rows, all sorted */
    t = run_boxes(tmp, (const char *const[]){"view", "--headless", "--ticks", "30", "--every", "30",
                                             "--out", "o2", "--do",
                                             "30 key shift+t 1 1 1 1 1 1 o i", NULL});
    if (t.count == 2) {
        const tframe *f = &t.f[1];
        int n = 0, right = -1;
        double prev = 2.0;
        bool sorted = true;
        for (int k = 0; k < f->count; k++) {
            const tbox *b = &f->box[k];
            if (b->x < LEFT_W || b->x > f->w * 3 / 4 || strlen(b->text) != 5 || b->text[1] != '.')
                continue;
            if (right < 0) right = b->x + b->w;
            if (b->x + b->w != right) continue;
            double x = atof(b->text);
            sorted &= x <= prev;
            prev = x;
            n++;
        }
        CHECK_MSG(n >= 15, "%d rows", n);
        CHECK(sorted);
        char overlap[600] = "";
        CHECK_MSG(overlaps(f, overlap, sizeof overlap) == 0, "%s", overlap);
    }
    boxes_free(&t);
    remove_tree(tmp);
    free(tmp);
}

TEST(what_ifs_become_a_scenario_layer)
{
    if (!viewer_built()) return;
    char *tmp = make_temp_dir();
    /* a demand shock, an incentive change (policy panel), a capacity loss
     * and a technology shift, injected live */
    result a = run_sgf(tmp, "view", "--headless", "--ticks", "80", "--every", "80", "--out", "v",
                       "--quiet", "--do",
                       "20 select country DE; 20 key m; 25 key Down Down Down Down Down Right "
                       "Return; 30 select Shenzhen EMS; 30 key x; 40 key t");
    CHECK_EQ_INT(a.code, 0);
    char dir[1100];
    snprintf(dir, sizeof dir, "%s/v", tmp);
    CHECK(exists_in(dir, "session.cfg"));
    CHECK(exists_in(dir, "base.cfg")); /* the built-in default, beside it */
    result c = run_sgf(tmp, "check", "v/session.cfg");
    CHECK_EQ_INT(c.code, 0);
    char path[1200];
    snprintf(path, sizeof path, "%s/v/session.cfg", tmp);
    char *text = read_path(path, NULL);
    CHECK(text && strstr(text, "at_tick = 21") && strstr(text, "at_tick = 41"));
    CHECK(text && strstr(text, "setting = \"margin_share\""));
    free(text);
    /* the layer run by `sgf run` is the live session, byte for byte */
    result r = run_sgf(tmp, "run", "v/session.cfg", "--out", "r", "--quiet");
    CHECK_EQ_INT(r.code, 0);
    char rd[1100];
    snprintf(rd, sizeof rd, "%s/r", tmp);
    CHECK_MSG(same_file(dir, rd, "timeseries.csv"), "timeseries.csv differs");
    /* summary.csv names the scenario it ran (column 1): the rest is equal */
    char *sa = read_in(dir, "summary.csv", NULL), *sb = read_in(rd, "summary.csv", NULL);
    const char *ra = sa ? strchr(sa, '\n') : NULL, *rb = sb ? strchr(sb, '\n') : NULL;
    ra = ra ? strchr(ra, ',') : NULL;
    rb = rb ? strchr(rb, ',') : NULL;
    CHECK_MSG(sa && sb && strncmp(sa, sb, (size_t)(strchr(sa, '\n') - sa)) == 0 && ra && rb &&
                  strcmp(ra, rb) == 0,
              "summary.csv differs beyond the scenario's name");
    free(sa);
    free(sb);
    CHECK_MSG(same_file(dir, rd, "network.jsonl"), "network.jsonl differs");
    /* and it replicates: a comparison with the base runs */
    result k =
        run_sgf(tmp, "compare", "v/base.cfg", "v/session.cfg", "--reps", "3", "--ticks", "60");
    CHECK_MSG(k.code == 0, "sgf compare: %s", k.err);
    CHECK_CONTAINS(k.out, "revenue");
    result_free(&a);
    result_free(&c);
    result_free(&r);
    result_free(&k);
    remove_tree(tmp);
    free(tmp);
}

int main(int argc, char **argv)
{
    return RUN_TESTS(
        argc, argv, headless_frames_show_the_net, headless_world_map, headless_equals_run,
        replay_applies_and_repeats_injections, bad_input_exits_2_and_writes_nothing,
        no_display_exits_1_with_a_hint, help_describes_view, text_boxes_never_overlap,
        selection_follows_the_partner_not_its_slot, numbers_on_screen_match_the_files,
        plain_words_not_codes, a_second_session_never_replaces_the_first,
        interrupt_keeps_the_weeks_run_and_exits_1, window_close_button_ends_cleanly_with_the_files,
        zoomed_net_stays_inside_its_area, causes_are_on_the_picture, relocation_draws_the_move,
        partners_keep_their_places, labels_name_regions_and_countries,
        charts_with_axes_events_and_a_choice_of_metrics, timeline_looks_back,
        looking_back_redraws_the_week_then, partner_table_sorts_and_filters,
        what_ifs_become_a_scenario_layer);
}
