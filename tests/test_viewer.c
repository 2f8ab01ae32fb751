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
#include <stdbool.h>
#include <stdint.h>
#include <sys/stat.h>

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

int main(int argc, char **argv)
{
    return RUN_TESTS(argc, argv, headless_frames_show_the_net, headless_world_map,
                     headless_equals_run, replay_applies_and_repeats_injections,
                     bad_input_exits_2_and_writes_nothing, no_display_exits_1_with_a_hint,
                     help_describes_view);
}
