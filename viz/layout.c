/* layout.c: where each partner is drawn, and how it gets there.
 *
 * Two layouts share one set of nodes:
 *   value chain  upstream partners on the left, the focal firm in the centre,
 *                downstream partners on the right, knowledge partners above;
 *                each side is cut into a band per role and each band into a
 *                block per region, nodes in a grid inside (slice and dice),
 *                ordered by country, then by the week they joined;
 *   world map    an equirectangular map; each country's partners sit in a
 *                sunflower spiral (pixels, so a cluster keeps its size when
 *                zooming) around the country's position, the oldest inside.
 * A node's position is an anchor in world units plus an offset in pixels.
 * After each week (or injection) viz_layout_sync matches nodes to the
 * world's partners by slot and generation and sets new targets; every frame
 * viz_layout_animate eases the displayed values toward them, so joining
 * partners grow and fade in, leaving ones fade out where they were, and a
 * layout switch glides. Nothing is placed from scratch while drawing.
 */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "viz.h"

/* ---- roles --------------------------------------------------------------------------- */

viz_shape viz_role_shape(int role)
{
    switch (role) {
    case SGF_ROLE_SALES_PARTNER:
    case SGF_ROLE_DISTRIBUTOR:
        return VIZ_SHAPE_CIRCLE;
    case SGF_ROLE_STRATEGIC_PARTNER:
    case SGF_ROLE_MARKETING_PARTNER:
        return VIZ_SHAPE_DIAMOND;
    case SGF_ROLE_HARDWARE_MANUFACTURER:
    case SGF_ROLE_COMPONENT_SUPPLIER:
    case SGF_ROLE_SALES_OFFICE:
    case SGF_ROLE_JOINT_VENTURE:
        return VIZ_SHAPE_SQUARE;
    case SGF_ROLE_LOGISTICS_PROVIDER:
        return VIZ_SHAPE_TRIANGLE;
    case SGF_ROLE_SOFTWARE_SUPPLIER:
    case SGF_ROLE_RND_PARTNER:
        return VIZ_SHAPE_HEXAGON;
    default:
        return VIZ_SHAPE_PENTAGON;
    }
}

viz_tie viz_role_tie(int role)
{
    sgf_role r = (sgf_role)role;
    if (sgf_role_is_owned(r)) return VIZ_TIE_OWNED;
    if (r == SGF_ROLE_HARDWARE_MANUFACTURER || r == SGF_ROLE_COMPONENT_SUPPLIER ||
        r == SGF_ROLE_LOGISTICS_PROVIDER)
        return VIZ_TIE_GOODS;
    if (sgf_role_is_downstream(r) || r == SGF_ROLE_MARKETING_PARTNER) return VIZ_TIE_SALES;
    return VIZ_TIE_KNOWLEDGE;
}

/* Sides of the value chain and the order of roles within each: the rule is
 * shared with network.gexf's positions (sgf_chain_roles, base/def.c). */
enum {
    SIDE_UP = SGF_CHAIN_UP,
    SIDE_KNOW = SGF_CHAIN_KNOW,
    SIDE_DOWN = SGF_CHAIN_DOWN,
    SIDE_COUNT = SGF_CHAIN_SIDES
};
#define side_roles sgf_chain_roles

static void role_place(int role, int *side, int *group)
{
    sgf_role_chain_place(role, side, group);
}

/* Equirectangular, latitudes 80 N to 60 S (where markets are); latitude
 * stretched by v->map_stretch (1 to 1.7) so the map uses the height the
 * window gives it. */
void viz_project(const sgf_viz *v, float lat, float lon, float *x, float *y)
{
    *x = (lon + 180.0f) / 360.0f * VIZ_WORLD_W;
    *y = (80.0f - lat) / 360.0f * VIZ_WORLD_W * v->map_stretch;
}

float viz_map_height(const sgf_viz *v)
{
    return 140.0f / 360.0f * VIZ_WORLD_W * v->map_stretch;
}

/* ---- camera -------------------------------------------------------------------------- */

void viz_camera_fit(sgf_viz *v)
{
    viz_camera c = v->cam;
    int left = v->panels ? VIZ_LEFT_W : 0, right = v->panels ? VIZ_RIGHT_W : 0;
    int top = VIZ_TOP_H, bottom = v->panels ? VIZ_BOTTOM_H : 0;
    c.x = left;
    c.y = top;
    c.w = v->width - left - right;
    c.h = v->height - top - bottom;
    if (c.w < 64) c.w = 64;
    if (c.h < 64) c.h = 64;
    /* The value chain takes the free area's shape; the map keeps its own. */
    float h = VIZ_WORLD_W * (float)c.h / (float)c.w;
    v->chain_h = h < 700.0f ? 700.0f : h > 2400.0f ? 2400.0f : h;
    v->canvas_w = VIZ_WORLD_W;
    float stretch = (float)c.h / (float)c.w * 360.0f / 140.0f / 0.96f;
    v->map_stretch = stretch < 1.0f ? 1.0f : stretch > 1.7f ? 1.7f : stretch;
    v->canvas_h = v->layout == VIZ_LAYOUT_MAP ? viz_map_height(v) : v->chain_h;
    float fx = (float)c.w / v->canvas_w, fy = (float)c.h / v->canvas_h;
    c.fit = 0.96f * (fx < fy ? fx : fy);
    c.zoom = 1.0f;
    c.cx = v->canvas_w * 0.5f;
    c.cy = v->canvas_h * 0.5f;
    v->cam_target = c;
    if (v->cam.fit <= 0.0f) {
        v->cam = c;
        v->cam_easing = false;
    } else {
        /* the free area changes at once; the view glides */
        v->cam.x = c.x;
        v->cam.y = c.y;
        v->cam.w = c.w;
        v->cam.h = c.h;
        v->cam_easing = true;
    }
}

/* ---- node bookkeeping ---------------------------------------------------------------- */

static bool ensure_slots(sgf_viz *v, int count)
{
    if (count <= v->slot_cap) return true;
    int cap = v->slot_cap ? v->slot_cap : 256;
    while (cap < count) cap *= 2;
    int *sn = realloc(v->slot_node, sizeof *sn * (size_t)cap);
    if (!sn) return false;
    v->slot_node = sn;
    viz_hist *h = realloc(v->hist, sizeof *h * (size_t)cap * VIZ_HIST);
    if (!h) return false;
    v->hist = h;
    int32_t *hs = realloc(v->hist_start, sizeof *hs * (size_t)cap);
    if (!hs) return false;
    v->hist_start = hs;
    for (int i = v->slot_cap; i < cap; i++) {
        v->slot_node[i] = -1;
        v->hist_start[i] = -1;
    }
    v->slot_cap = cap;
    return true;
}

static int node_new(sgf_viz *v)
{
    if (v->node_count == v->node_cap) {
        int cap = v->node_cap ? v->node_cap * 2 : 256;
        viz_node *n = realloc(v->nodes, sizeof *n * (size_t)cap);
        if (!n) return -1;
        v->nodes = n;
        v->node_cap = cap;
    }
    viz_node *n = &v->nodes[v->node_count];
    memset(n, 0, sizeof *n);
    return v->node_count++;
}

static void node_kill(viz_node *n)
{
    n->alive = 0;
    n->talpha = 0.0f;
    n->tsize = n->size;
    n->tflow = 0.0f;
}

/* ---- partner attributes --------------------------------------------------------------- */

#define F(field, label, unit)                                                                      \
    {                                                                                              \
#field, label, offsetof(sgf_partner_view, field), false, unit                              \
    }
#define I(field, label)                                                                            \
    {                                                                                              \
#field, label, offsetof(sgf_partner_view, field), true, false                              \
    }
const viz_attr viz_attrs[] = {
    F(trust, "trust", true),
    F(commitment, "commitment", true),
    F(motivation, "motivation", true),
    F(satisfaction, "satisfaction", true),
    F(alignment, "alignment", true),
    F(product_knowledge, "product knowledge", true),
    F(awareness, "awareness", true),
    F(effort, "effort", true),
    F(competence_fit, "competence fit", true),
    F(opportunism, "opportunism", true),
    F(loyalty, "loyalty", true),
    F(focal_share, "the firm's share of its business", true),
    F(size_ratio, "size / the firm's", false),
    F(contact_persons, "contact persons", false),
    F(leaked, "knowledge leaked", false),
    F(value_eur, "value captured, EUR/week", false),
    F(flow_units, "flow, units/week", false),
    F(flow_ema, "flow smoothed, units/week", false),
    F(expected_flow, "expected flow, units/week", false),
    F(capacity_units_per_week, "capacity, units/week", false),
    F(capacity_factor, "capacity factor", false),
    F(unit_cost_eur, "unit cost, EUR", false),
    F(lead_time_weeks, "lead time, weeks", false),
    F(defect_rate, "defect rate", true),
    F(outside_option, "outside option, EUR", false),
    F(attention_hours, "attention, hours/week", false),
    F(monitoring, "monitoring", true),
    F(coordination, "coordination", true),
    F(integration, "integration", true),
    F(perceived_monitoring, "perceived monitoring", true),
    F(influence, "influence", false),
    F(experience, "experience", false),
    F(training, "training stock", false),
    I(age_weeks, "age of the tie, weeks"),
    I(joined_tick, "joined in week"),
    I(key_tenure_weeks, "contact's tenure, weeks"),
    I(below_weeks, "weeks below its outside option"),
    I(underperf_weeks, "weeks underperforming"),
    I(warnings, "warnings"),
    I(replaceability, "replaceability (1 easy, 3 hard)"),
    I(size_class, "size class (0 smaller, 2 larger)"),
    I(uid, "partner number"),
};
#undef F
#undef I
const int viz_attr_count = (int)(sizeof viz_attrs / sizeof viz_attrs[0]);

double viz_attr_get(const sgf_partner_view *p, int attr)
{
    if (attr < 0 || attr >= viz_attr_count) return 0.0;
    const char *base = (const char *)p + viz_attrs[attr].offset;
    if (!viz_attrs[attr].is_int) {
        float f;
        memcpy(&f, base, sizeof f);
        return (double)f;
    }
    if (strcmp(viz_attrs[attr].name, "uid") == 0) {
        uint32_t u;
        memcpy(&u, base, sizeof u);
        return (double)u;
    }
    int i;
    memcpy(&i, base, sizeof i);
    return (double)i;
}

const char *viz_attr_label(int attr)
{
    return attr >= 0 && attr < viz_attr_count ? viz_attrs[attr].label : "volume (flow)";
}

int viz_attr_find(const char *name)
{
    for (int k = 0; k < viz_attr_count; k++)
        if (strcmp(viz_attrs[k].name, name) == 0) return k;
    return -1;
}

/* An attribute as a share of its range among the living partners (states in
 * [0, 1] on their own scale). which: 0 colour, 1 size. */
static float attr_share(const sgf_viz *v, const sgf_partner_view *p, int attr, int which)
{
    double x = viz_attr_get(p, attr);
    if (viz_attrs[attr].unit) return (float)x;
    float lo = v->attr_lo[which], hi = v->attr_hi[which];
    if (!(hi > lo)) return 0.5f;
    return (float)((x - lo) / (hi - lo));
}

static void attr_ranges(sgf_viz *v)
{
    int attrs[2] = {v->color_attr, v->size_attr};
    for (int k = 0; k < 2; k++) {
        v->attr_lo[k] = 0.0f;
        v->attr_hi[k] = 1.0f;
        if (attrs[k] < 0 || viz_attrs[attrs[k]].unit) continue;
        bool any = false;
        float lo = 0, hi = 0;
        sgf_partner_view pv;
        for (int i = sgf_world_partner_next(v->w, 0); i >= 0;
             i = sgf_world_partner_next(v->w, i + 1)) {
            sgf_world_partner(v->w, i, &pv);
            float x = (float)viz_attr_get(&pv, attrs[k]);
            if (!any || x < lo) lo = x;
            if (!any || x > hi) hi = x;
            any = true;
        }
        v->attr_lo[k] = lo;
        v->attr_hi[k] = hi;
    }
}

static uint8_t q255(float x)
{
    if (!(x > 0.0f)) return 0;
    if (x >= 1.0f) return 255;
    return (uint8_t)lroundf(x * 255.0f);
}

int viz_node_find_name(const sgf_viz *v, const char *name)
{
    int dead = -1;
    for (int i = 0; i < v->node_count; i++)
        if (strcmp(v->nodes[i].name, name) == 0) {
            if (v->nodes[i].alive) return i;
            dead = i;
        }
    return dead;
}

/* ---- seats --------------------------------------------------------------------------- */

static int seat_take(viz_seats *b, int tick)
{
    for (int k = 0; k < b->count; k++)
        if (b->freed[k] >= 0 && tick - b->freed[k] >= VIZ_SEAT_REST) {
            b->freed[k] = -1;
            return k;
        }
    if (b->count == b->cap) {
        int cap = b->cap ? b->cap * 2 : 16;
        int32_t *f = realloc(b->freed, sizeof *f * (size_t)cap);
        if (!f) return -1;
        b->freed = f;
        b->cap = cap;
    }
    b->freed[b->count] = -1;
    return b->count++;
}

static void seat_free(viz_seats *b, int seat, int tick)
{
    if (b && seat >= 0 && seat < b->count) b->freed[seat] = tick;
}

void viz_layout_reset(sgf_viz *v)
{
    if (v->seats_chain)
        for (int i = 0; i < SGF_ROLE_COUNT * SGF_MAX_MARKETS; i++) v->seats_chain[i].count = 0;
    if (v->seats_map)
        for (int i = 0; i < SGF_MAX_MARKETS; i++) v->seats_map[i].count = 0;
    for (int r = 0; r < SGF_ROLE_COUNT; r++) v->band_rows[r] = 0;
}

void viz_layout_free(sgf_viz *v)
{
    if (v->seats_chain)
        for (int i = 0; i < SGF_ROLE_COUNT * SGF_MAX_MARKETS; i++) free(v->seats_chain[i].freed);
    if (v->seats_map)
        for (int i = 0; i < SGF_MAX_MARKETS; i++) free(v->seats_map[i].freed);
    free(v->seats_chain);
    free(v->seats_map);
    v->seats_chain = v->seats_map = NULL;
}

/* Seats for the living that have none; the seats of the dead freed. */
static bool seats_assign(sgf_viz *v, const int *region_of, int tick)
{
    if (!v->seats_chain)
        v->seats_chain = calloc(SGF_ROLE_COUNT * SGF_MAX_MARKETS, sizeof(viz_seats));
    if (!v->seats_map) v->seats_map = calloc(SGF_MAX_MARKETS, sizeof(viz_seats));
    if (!v->seats_chain || !v->seats_map) return false;
    for (int i = 0; i < v->node_count; i++) {
        viz_node *nd = &v->nodes[i];
        if (!nd->alive || nd->seat_chain >= 0) continue;
        int m = nd->market >= 0 && nd->market < SGF_MAX_MARKETS ? nd->market : 0;
        int role = nd->role < SGF_ROLE_COUNT ? nd->role : 0;
        nd->block_chain = (int16_t)(role * SGF_MAX_MARKETS + region_of[m]);
        nd->seat_chain = seat_take(&v->seats_chain[nd->block_chain], tick);
        nd->seat_map = seat_take(&v->seats_map[m], tick);
        if (nd->seat_chain < 0 || nd->seat_map < 0) return false;
    }
    return true;
}

static void seats_release(sgf_viz *v, viz_node *nd, int tick)
{
    if (!v->seats_chain || nd->seat_chain < 0) return;
    int m = nd->market >= 0 && nd->market < SGF_MAX_MARKETS ? nd->market : 0;
    seat_free(&v->seats_chain[nd->block_chain], nd->seat_chain, tick);
    seat_free(&v->seats_map[m], nd->seat_map, tick);
    nd->seat_chain = nd->seat_map = -1;
}

/* ---- targets: value chain ------------------------------------------------------------ */

typedef struct place {
    int side, group, region, market, joined, slot, node;
} place;

static int place_cmp(const void *a, const void *b)
{
    const place *x = a, *y = b;
    if (x->side != y->side) return x->side - y->side;
    if (x->group != y->group) return x->group - y->group;
    if (x->region != y->region) return x->region - y->region;
    if (x->market != y->market) return x->market - y->market;
    if (x->joined != y->joined) return x->joined < y->joined ? -1 : 1;
    return x->slot - y->slot;
}

static void add_label(sgf_viz *v, float x, float y, float w, bool major, const char *text)
{
    if (v->label_count == v->label_cap) {
        int cap = v->label_cap ? v->label_cap * 2 : 64;
        viz_label *l = realloc(v->labels, sizeof *l * (size_t)cap);
        if (!l) return;
        v->labels = l;
        v->label_cap = cap;
    }
    viz_label *l = &v->labels[v->label_count++];
    l->x = x;
    l->y = y;
    l->w = w;
    l->major = major;
    l->warn = false;
    snprintf(l->text, sizeof l->text, "%s", text);
}

/* Seats rounded up, so that one more seat seldom changes the grid: to a
 * multiple of the largest power of two not above a quarter of them. */
static int seats_room(int n)
{
    if (n <= 4) return n;
    int q = 1;
    while (q * 2 <= n / 4) q *= 2;
    return (n + q - 1) / q * q;
}

/* Initials for a region that has no room for its name: "WE" for Western
 * Europe. */
static void initials(const char *name, char *out, size_t size)
{
    size_t n = 0;
    for (const char *c = name; *c && n + 1 < size; c++)
        if ((c == name || c[-1] == ' ' || c[-1] == '-') && *c != ' ') out[n++] = *c;
    out[n] = '\0';
}

/* One band (a role): its regions side by side, each a block of `rows` rows
 * and as many columns as its seats need, one cell size for the whole band
 * so the grid reads as one. A partner sits on its seat (column-major); the
 * rows are kept while the cells stay within 3/4 of the best size, so the
 * living do not move when others come and go. */
static void band_grid(sgf_viz *v, const sgf_world_def *def, int role, const place *p, int n,
                      float x0, float y0, float w, float h, float px,
                      const char *const *region_name)
{
    const viz_seats *blocks = &v->seats_chain[role * SGF_MAX_MARKETS];
    int rs[SGF_MAX_MARKETS], cnt[SGF_MAX_MARKETS], regions = 0;
    for (int r = 0; r < SGF_MAX_MARKETS && r < def->market_count; r++)
        if (blocks[r].count > 0) rs[regions] = r, cnt[regions++] = seats_room(blocks[r].count);
    if (regions == 0) return;
    int seats = 0;
    for (int r = 0; r < regions; r++) seats += cnt[r];
    float rgap = fminf(8.0f * px, w / (float)(regions * 8));
    float best_c = 0.0f;
    int best_rows = 1;
    for (int rows = 1; rows <= seats; rows++) {
        int cols = 0;
        for (int r = 0; r < regions; r++) cols += (cnt[r] + rows - 1) / rows;
        float cw = (w - rgap * (float)(regions - 1)) / (float)cols, ch = h / (float)rows;
        float c = cw < ch ? cw : ch;
        if (c > best_c) best_c = c, best_rows = rows;
        if (ch < best_c) break; /* more rows only make cells smaller */
    }
    int rows = v->band_rows[role];
    if (rows > 0) {
        int cols = 0;
        for (int r = 0; r < regions; r++) cols += (cnt[r] + rows - 1) / rows;
        float cw = (w - rgap * (float)(regions - 1)) / (float)cols, ch = h / (float)rows;
        float c = cw < ch ? cw : ch;
        if (c >= 0.75f * best_c) best_c = c, best_rows = rows;
    }
    v->band_rows[role] = best_rows;
    float c = best_c > 56.0f ? 56.0f : best_c;
    float x = x0, bx[SGF_MAX_MARKETS];
    for (int r = 0; r < regions; r++) {
        int cols = (cnt[r] + best_rows - 1) / best_rows;
        float bw = c * (float)cols;
        bx[r] = x;
        const char *region = region_name[rs[r]];
        if (regions > 1 && bw >= 24.0f * px) {
            char ini[16];
            initials(region, ini, sizeof ini);
            /* the whole name where it fits, else its initials */
            add_label(v, x, y0 - 15.0f * px, bw, false,
                      bw >= (float)strlen(region) * 6.5f * px ? region : ini);
        }
        x += bw + rgap;
    }
    for (int k = 0; k < n; k++) {
        viz_node *nd = &v->nodes[p[k].node];
        int r = 0;
        while (r < regions && rs[r] != nd->block_chain % SGF_MAX_MARKETS) r++;
        if (r == regions || nd->seat_chain < 0) continue;
        nd->tax = bx[r] + c * ((float)(nd->seat_chain / best_rows) + 0.5f);
        nd->tay = y0 + c * ((float)(nd->seat_chain % best_rows) + 0.5f);
        nd->tox = nd->toy = 0.0f;
        nd->tcell = c;
    }
}

/* One side of the chain: a band per role, stacked, heights by count; a
 * role that has had partners keeps its band when they are all gone, empty
 * and marked. px is the size of a screen pixel in world units, for the
 * labels' room. */
static void chain_side(sgf_viz *v, const sgf_world_def *def, int side, const place *p, int n,
                       float x0, float y0, float w, float h, float px,
                       const char *const *region_name)
{
    const float label_major = 20.0f * px, label_minor = 15.0f * px, gap = 12.0f * px;
    int starts[8], counts[8], roles[8], groups = 0;
    for (int k = 0, at = 0; k < 7 && side_roles[side][k] >= 0; k++) {
        int role = side_roles[side][k], c = 0;
        while (at + c < n && p[at + c].group == k) c++;
        if (c > 0 || v->role_seen[role]) {
            starts[groups] = at;
            counts[groups] = c;
            roles[groups] = role;
            groups++;
        }
        at += c;
    }
    if (groups == 0) return;
    bool multi_region[8] = {false};
    int seats[8] = {0}, all_seats = 0;
    float room = 0.0f;
    for (int g = 0; g < groups; g++) {
        int blocks = 0;
        for (int r = 0; r < SGF_MAX_MARKETS; r++) {
            int c = seats_room(v->seats_chain[roles[g] * SGF_MAX_MARKETS + r].count);
            seats[g] += c;
            blocks += c > 0;
        }
        all_seats += seats[g];
        multi_region[g] = blocks > 1;
        room += label_major + gap + (multi_region[g] ? label_minor : 0.0f);
    }
    float minh = 18.0f * px;
    float avail = h - room - (float)groups * minh;
    if (avail < 0.0f) avail = 0.0f;
    float y = y0;
    for (int g = 0; g < groups; g++) {
        const place *gp = p + starts[g];
        int gn = counts[g];
        float bh = minh + (all_seats > 0 ? avail * (float)seats[g] / (float)all_seats : 0.0f);
        char role[64], text[SGF_NAME_MAX];
        viz_role_words(roles[g], role, sizeof role);
        snprintf(text, sizeof text, "%.36s (%d)", role, gn);
        add_label(v, x0, y, w, true, text);
        if (gn == 0) {
            v->labels[v->label_count - 1].warn = true;
            add_label(v, x0, y + label_major, w, false, "all gone: see the status line");
            v->labels[v->label_count - 1].warn = true;
        }
        float by = y + label_major + (multi_region[g] ? label_minor : 0.0f);
        if (gn > 0) band_grid(v, def, roles[g], gp, gn, x0, by, w, bh, px, region_name);
        y = by + bh + gap;
    }
}

static void chain_targets(sgf_viz *v, place *pl, int n)
{
    const sgf_world_def *def = sgf_world_def_of(v->w);
    /* a region's name by its index (the first market of the region) */
    const char *region_name[SGF_MAX_MARKETS];
    for (int m = 0; m < def->market_count && m < SGF_MAX_MARKETS; m++)
        region_name[m] = def->markets[m].region[0] ? def->markets[m].region : "-";
    qsort(pl, (size_t)n, sizeof *pl, place_cmp);
    v->label_count = 0;
    float H = v->chain_h, W = VIZ_WORLD_W;
    float fit = v->cam_target.fit > 0.0f ? v->cam_target.fit : 0.4f;
    float px = 1.0f / fit; /* world units per screen pixel at zoom 1 */
    int s0 = 0;
    for (int s = 0; s < SIDE_COUNT; s++) {
        int s1 = s0;
        while (s1 < n && pl[s1].side == s) s1++;
        if (s == SIDE_UP)
            chain_side(v, def, s, pl + s0, s1 - s0, 40.0f, 40.0f, 0.30f * W, H - 80.0f, px,
                       region_name);
        if (s == SIDE_KNOW)
            chain_side(v, def, s, pl + s0, s1 - s0, 0.40f * W, 40.0f, 0.20f * W, 0.34f * H, px,
                       region_name);
        if (s == SIDE_DOWN)
            chain_side(v, def, s, pl + s0, s1 - s0, 0.63f * W, 40.0f, 0.37f * W - 40.0f, H - 80.0f,
                       px, region_name);
        s0 = s1;
    }
    v->focal_tax = 0.5f * W;
    v->focal_tay = 0.58f * H;
}

/* ---- targets: world map -------------------------------------------------------------- */

static void map_targets(sgf_viz *v, place *pl, int n)
{
    const sgf_world_def *def = sgf_world_def_of(v->w);
    /* by country, oldest first */
    for (int k = 0; k < n; k++) pl[k].side = pl[k].group = pl[k].region = 0;
    qsort(pl, (size_t)n, sizeof *pl, place_cmp);
    int home = -1;
    for (int m = 0; m < def->market_count; m++)
        if (def->markets[m].home) home = m;
    for (int k = 0, rank = 0; k < n; k++) {
        if (k > 0 && pl[k].market != pl[k - 1].market) rank = 0;
        int m = pl[k].market;
        viz_node *nd = &v->nodes[pl[k].node];
        float x = VIZ_WORLD_W * 0.5f, y = viz_map_height(v) * 0.5f;
        if (m >= 0 && m < def->market_count)
            viz_project(v, (float)def->markets[m].lat, (float)def->markets[m].lon, &x, &y);
        /* the firm sits at home: its partners there start further out */
        /* its seat, not its rank: the living keep their places */
        int seat = nd->seat_map >= 0 ? nd->seat_map : rank;
        float kk = (float)(seat + (m == home ? 5 : 0)) + 0.6f;
        float a = kk * 2.3999632f + (m >= 0 && m < v->market_cap ? v->market_rot[m] : 0.0f);
        float r = 3.6f * sqrtf(kk);
        nd->tax = x;
        nd->tay = y;
        nd->tox = r * cosf(a);
        nd->toy = r * sinf(a);
        nd->tcell = 0.0f;
        rank++;
    }
    v->label_count = 0;
    if (home >= 0)
        viz_project(v, (float)def->markets[home].lat, (float)def->markets[home].lon, &v->focal_tax,
                    &v->focal_tay);
}

/* ---- sync ---------------------------------------------------------------------------- */

static void compute_targets(sgf_viz *v)
{
    const sgf_world_def *def = sgf_world_def_of(v->w);
    place *pl = malloc(sizeof *pl * (size_t)(v->node_count ? v->node_count : 1));
    if (!pl) return;
    /* regions in order of first appearance among the markets */
    int region_of[SGF_MAX_MARKETS] = {0};
    for (int m = 0; m < def->market_count && m < SGF_MAX_MARKETS; m++) {
        region_of[m] = m;
        for (int k = 0; k < m; k++)
            if (strcmp(def->markets[k].region, def->markets[m].region) == 0) {
                region_of[m] = region_of[k];
                break;
            }
    }
    if (!seats_assign(v, region_of, sgf_world_tick(v->w)) || v->seats_only) {
        free(pl); /* a rebuild's week on the way: only who sits where (viz.c) */
        return;
    }
    int n = 0;
    for (int i = 0; i < v->node_count; i++) {
        viz_node *nd = &v->nodes[i];
        if (!nd->alive) continue;
        place *p = &pl[n++];
        role_place(nd->role, &p->side, &p->group);
        p->market = nd->market >= 0 && nd->market < def->market_count ? nd->market : 0;
        p->region = p->market < SGF_MAX_MARKETS ? region_of[p->market] : 0;
        p->joined = nd->joined_tick;
        p->slot = nd->index;
        p->node = i;
    }
    if (v->layout == VIZ_LAYOUT_MAP)
        map_targets(v, pl, n);
    else
        chain_targets(v, pl, n);
    free(pl);
    for (int i = 0; i < v->node_count; i++) {
        viz_node *nd = &v->nodes[i];
        if (nd->placed) continue;
        nd->ax = nd->tax;
        nd->ay = nd->tay;
        nd->ox = nd->tox;
        nd->oy = nd->toy;
        nd->value = nd->tvalue;
        nd->cell = nd->tcell;
        nd->placed = true;
    }
}

bool viz_layout_sync(sgf_viz *v)
{
    int count = sgf_world_partner_slots(v->w);
    if (!ensure_slots(v, count)) return false;
    int tick = sgf_world_tick(v->w);
    float max_up = 0.0f, max_down = 0.0f;
    sgf_partner_view pv;
    const sgf_partner_view *p = &pv;
    for (int i = sgf_world_partner_next(v->w, 0); i >= 0; i = sgf_world_partner_next(v->w, i + 1)) {
        sgf_world_partner(v->w, i, &pv);
        float f = p->flow_ema > 0.0f ? p->flow_ema : 0.0f;
        if (sgf_role_is_downstream((sgf_role)p->role)) {
            if (f > max_down) max_down = f;
        } else if (f > max_up) {
            max_up = f;
        }
    }
    v->max_flow_up = max_up;
    v->max_flow_down = max_down;
    if (!v->seats_only) attr_ranges(v);
    int role_alive[SGF_ROLE_COUNT] = {0};
    v->bottleneck.on = false;
    for (int i = 0; i < count; i++) {
        bool alive = sgf_world_partner(v->w, i, &pv);
        int ni = v->slot_node[i];
        if (ni >= 0 && (!alive || v->nodes[ni].uid != p->uid)) {
            seats_release(v, &v->nodes[ni], tick);
            node_kill(&v->nodes[ni]);
            v->slot_node[i] = -1;
            ni = -1;
        }
        if (!alive) continue;
        if (ni < 0) {
            ni = node_new(v);
            if (ni < 0) return false;
            viz_node *nd = &v->nodes[ni];
            nd->index = i;
            nd->generation = p->id.generation;
            nd->uid = p->uid;
            nd->alive = 1;
            nd->seat_chain = nd->seat_map = -1;
            nd->talpha = 1.0f;
            snprintf(nd->name, sizeof nd->name, "%s", p->name);
            sgf_rng r;
            sgf_rng_substream(&r, &v->viewer_rng, ((uint64_t)(uint32_t)i << 32) | p->id.generation);
            nd->phase = (float)sgf_rng_uniform(&r);
            v->slot_node[i] = ni;
            v->hist_start[i] = tick;
        }
        viz_node *nd = &v->nodes[ni];
        nd->role = (uint8_t)p->role;
        nd->owned = p->owned;
        nd->act = (uint8_t)p->act;
        nd->struck = p->capacity_factor < 0.999f;
        /* a bottleneck: a goods supplier that can make less than is asked
         * of it (capacity after shocks below the expected flow) */
        float cap = p->capacity_units_per_week * p->capacity_factor;
        nd->bottleneck = viz_role_tie(p->role) == VIZ_TIE_GOODS &&
                         p->role != SGF_ROLE_LOGISTICS_PROVIDER && p->expected_flow > 0.0f &&
                         cap < 0.95f * p->expected_flow;
        if (nd->bottleneck &&
            (!v->bottleneck.on ||
             p->expected_flow - cap > v->bottleneck.expected - v->bottleneck.capacity)) {
            v->bottleneck.on = true;
            v->bottleneck.uid = p->uid;
            snprintf(v->bottleneck.name, sizeof v->bottleneck.name, "%s", p->name);
            v->bottleneck.capacity = cap;
            v->bottleneck.expected = p->expected_flow;
        }
        if (p->role < SGF_ROLE_COUNT) {
            v->role_seen[p->role] = true;
            role_alive[p->role]++;
        }
        nd->market = p->market;
        nd->joined_tick = p->joined_tick;
        nd->tvalue = attr_share(v, p, v->color_attr, 0);
        float mx = sgf_role_is_downstream((sgf_role)p->role) ? max_down : max_up;
        float rel = mx > 0.0f && p->flow_ema > 0.0f ? p->flow_ema / mx : 0.0f;
        nd->tflow = rel;
        float sz = v->size_attr >= 0 ? attr_share(v, p, v->size_attr, 1) : rel;
        if (!(sz > 0.0f)) sz = 0.0f;
        nd->tsize = 8.0f + 10.0f * sqrtf(sz > 1.0f ? 1.0f : sz);
        viz_hist *h = &v->hist[(size_t)i * VIZ_HIST + (size_t)(tick % VIZ_HIST)];
        h->trust = q255(p->trust);
        h->motivation = q255(p->motivation);
        h->satisfaction = q255(p->satisfaction);
        h->commitment = q255(p->commitment);
        h->flow = p->flow_units;
    }
    /* slots beyond the world's count cannot hold nodes; a shrink never happens,
     * but keep the map honest */
    for (int i = count; i < v->slot_cap; i++)
        if (v->slot_node[i] >= 0) {
            seats_release(v, &v->nodes[v->slot_node[i]], tick);
            node_kill(&v->nodes[v->slot_node[i]]);
            v->slot_node[i] = -1;
        }
    for (int r = 0; r < SGF_ROLE_COUNT; r++) {
        if (role_alive[r] > 0)
            v->role_gone_tick[r] = -1;
        else if (v->role_seen[r] && v->role_gone_tick[r] < 0)
            v->role_gone_tick[r] = tick;
    }
    compute_targets(v);
    viz_track_selection(v);
    return true;
}

void viz_layout_retarget(sgf_viz *v)
{
    attr_ranges(v);
    for (int i = 0; i < v->node_count; i++) {
        viz_node *nd = &v->nodes[i];
        if (!nd->alive) continue;
        sgf_partner_view pv;
        if (sgf_world_partner(v->w, nd->index, &pv) && pv.uid == nd->uid) {
            nd->tvalue = attr_share(v, &pv, v->color_attr, 0);
            if (v->size_attr >= 0) {
                float sz = attr_share(v, &pv, v->size_attr, 1);
                sz = sz > 0.0f ? (sz > 1.0f ? 1.0f : sz) : 0.0f;
                nd->tsize = 8.0f + 10.0f * sqrtf(sz);
            }
        }
    }
    compute_targets(v);
}

/* ---- animation ----------------------------------------------------------------------- */

static void remove_dead(sgf_viz *v)
{
    for (int i = 0; i < v->node_count;) {
        viz_node *nd = &v->nodes[i];
        if (nd->alive || nd->alpha > 0.01f || nd->flash > 0.0f) {
            i++;
            continue;
        }
        int last = v->node_count - 1;
        if (i != last) {
            v->nodes[i] = v->nodes[last];
            const viz_node *moved = &v->nodes[i];
            if (moved->alive && moved->index < v->slot_cap && v->slot_node[moved->index] == last)
                v->slot_node[moved->index] = i;
        }
        v->node_count--;
    }
}

static float ease(float x, float target, float k)
{
    return x + (target - x) * k;
}

void viz_layout_animate(sgf_viz *v, float dt)
{
    float kp = 1.0f - expf(-dt / 0.22f); /* position: ~0.7 s to settle */
    float ka = 1.0f - expf(-dt / 0.30f); /* fades */
    float kv = 1.0f - expf(-dt / 0.35f); /* colours and sizes */
    for (int i = 0; i < v->node_count; i++) {
        viz_node *nd = &v->nodes[i];
        nd->ax = ease(nd->ax, nd->tax, kp);
        nd->ay = ease(nd->ay, nd->tay, kp);
        nd->ox = ease(nd->ox, nd->tox, kp);
        nd->oy = ease(nd->oy, nd->toy, kp);
        nd->alpha = ease(nd->alpha, nd->talpha, ka);
        nd->value = ease(nd->value, nd->tvalue, kv);
        nd->size = ease(nd->size, nd->tsize, kv);
        nd->flow = ease(nd->flow, nd->tflow, kv);
        nd->cell = ease(nd->cell, nd->tcell, kp);
        if (nd->flash > 0.0f) nd->flash -= dt;
    }
    v->focal_ax = ease(v->focal_ax, v->focal_tax, kp);
    v->focal_ay = ease(v->focal_ay, v->focal_tay, kp);
    if (v->focal_flash > 0.0f) v->focal_flash -= dt;
    for (int m = 0; m < v->market_cap; m++)
        if (v->market_flash[m] > 0.0f) v->market_flash[m] -= dt;
    if (v->cam_easing) {
        viz_camera *c = &v->cam;
        const viz_camera *t = &v->cam_target;
        c->fit = ease(c->fit, t->fit, kp);
        c->zoom = ease(c->zoom, t->zoom, kp);
        c->cx = ease(c->cx, t->cx, kp);
        c->cy = ease(c->cy, t->cy, kp);
        if (fabsf(c->fit - t->fit) < 1e-4f * t->fit && fabsf(c->zoom - t->zoom) < 1e-3f &&
            fabsf(c->cx - t->cx) < 0.05f && fabsf(c->cy - t->cy) < 0.05f) {
            *c = *t;
            v->cam_easing = false;
        }
    }
    remove_dead(v);
}

void viz_layout_snap(sgf_viz *v)
{
    for (int i = 0; i < v->node_count; i++) {
        viz_node *nd = &v->nodes[i];
        nd->ax = nd->tax;
        nd->ay = nd->tay;
        nd->ox = nd->tox;
        nd->oy = nd->toy;
        nd->alpha = nd->talpha;
        nd->value = nd->tvalue;
        nd->size = nd->tsize;
        nd->flow = nd->tflow;
        nd->cell = nd->tcell;
    }
    v->focal_ax = v->focal_tax;
    v->focal_ay = v->focal_tay;
    if (v->cam_easing) {
        v->cam = v->cam_target;
        v->cam_easing = false;
    }
    /* flashes stay: a frame shows the events since the previous one */
    for (int i = 0; i < v->node_count;) {
        viz_node *nd = &v->nodes[i];
        if (!nd->alive && nd->flash <= 0.0f) {
            int last = v->node_count - 1;
            if (i != last) {
                v->nodes[i] = v->nodes[last];
                const viz_node *moved = &v->nodes[i];
                if (moved->alive && v->slot_node[moved->index] == last)
                    v->slot_node[moved->index] = i;
            }
            v->node_count--;
        } else {
            i++;
        }
    }
}
