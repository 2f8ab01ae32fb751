/* viz.h: the viewer's parts and the state they share (private to viz/).
 *
 *   viz.c     the session: one world, its output files, the frame loop
 *             (window or headless), input, live injections, screenshots
 *   layout.c  where each partner is drawn: targets for the value-chain and
 *             world-map layouts, eased every frame, never rebuilt from scratch
 *   scene.c   the net: map background, ties, moving dots, nodes, flashes,
 *             picking a node or a country under the mouse
 *   hud.c     heads-up display, charts, legend, ticker, inspector, policy
 *             panel and help
 *   draw.c    drawing primitives: anti-aliased shape sprites, thick curves in
 *             one geometry batch, cached text, the colour ramp
 *   replay.c  injected.cfg, the record of live injections
 *   plot.c    static figures as PNG files for `sgf plot` (sgf_plot.h), drawn
 *             with draw.c's primitives on a white background
 *
 * The viewer reads the world only through sgf_world.h's const accessors and
 * changes it only through sgf_world_inject. Nodes are keyed by the partner's
 * slot and generation (sgf_partner_id), so a reused slot is a new node and a
 * partner that left fades out on its own.
 */
#ifndef SGF_VIZ_INTERNAL_H
#define SGF_VIZ_INTERNAL_H

#include <SDL.h>
#include <SDL_ttf.h>
#include <stdbool.h>
#include <stdint.h>

#include "sgf_viz.h"

/* ---- constants ----------------------------------------------------------------------- */

enum { VIZ_LAYOUT_CHAIN, VIZ_LAYOUT_MAP, VIZ_LAYOUT_COUNT };

/* Partner attributes, for colour, size, the table and its filters
 * (layout.c): every number of sgf_partner_view by name. */
typedef struct viz_attr {
    const char *name;  /* sgf_partner_view's field */
    const char *label; /* plain words, with the unit */
    size_t offset;
    bool is_int;
    bool unit; /* in [0, 1]: colours on a fixed scale */
} viz_attr;
extern const viz_attr viz_attrs[];
extern const int viz_attr_count;
double viz_attr_get(const sgf_partner_view *p, int attr);
const char *viz_attr_label(int attr);
int viz_attr_find(const char *name); /* -1 if unknown */
enum { VIZ_ATTR_TRUST = 0 };

/* Node shapes; the role decides which (viz_role_shape). */
typedef enum viz_shape {
    VIZ_SHAPE_CIRCLE,   /* sales partners, distributors */
    VIZ_SHAPE_DIAMOND,  /* strategic and marketing partners */
    VIZ_SHAPE_SQUARE,   /* manufacturers, component suppliers; owned units */
    VIZ_SHAPE_TRIANGLE, /* logistics providers */
    VIZ_SHAPE_HEXAGON,  /* software suppliers, R&D partners */
    VIZ_SHAPE_PENTAGON, /* universities, research institutes, consultants, competitors */
    VIZ_SHAPE_RING,     /* outline: owned units, selection, flashes */
    VIZ_SHAPE_COUNT
} viz_shape;

/* What a tie carries, for its colour and its dots. */
typedef enum viz_tie {
    VIZ_TIE_GOODS,     /* upstream supply: goods in, orders out */
    VIZ_TIE_SALES,     /* downstream: goods out, orders in */
    VIZ_TIE_KNOWLEDGE, /* R&D and knowledge partners */
    VIZ_TIE_OWNED,     /* the firm's own offices and joint ventures */
    VIZ_TIE_COUNT
} viz_tie;

#define VIZ_WORLD_W 2000.0f /* layout canvas, world units (the map is 360 x 180 degrees) */
#define VIZ_WORLD_H 1000.0f
#define VIZ_SPRITE_MAX 64 /* largest sprite diameter in pixels */
#define VIZ_HIST 256      /* weeks of history kept per partner and for the charts */
#define VIZ_TICKER 9      /* ticker lines shown */
#define VIZ_POLICY_ROWS 9

/* ---- drawing (draw.c) ---------------------------------------------------------------- */

typedef struct viz_text_entry {
    uint64_t key;
    SDL_Texture *tex;
    int w, h;
    uint32_t used; /* frame last drawn */
} viz_text_entry;

#define VIZ_TEXT_CACHE 2048

/* A text box as drawn (test mode, $SGF_VIEW_TEXT_BOXES): the glyphs' box in
 * pixels and the layer it belongs to (VIZ_LAYER_*). */
typedef struct viz_text_box {
    int x, y, w, h, layer;
    char text[200];
} viz_text_box;

/* What a text belongs to: HUD texts must not touch each other; labels of the
 * scene must not touch each other nor the HUD. */
enum { VIZ_LAYER_SCENE, VIZ_LAYER_HUD, VIZ_LAYER_OVERLAY, VIZ_LAYER_COUNT };

enum { VIZ_FONT_SMALL, VIZ_FONT_NORMAL, VIZ_FONT_LARGE, VIZ_FONT_COUNT };

typedef struct viz_gfx {
    SDL_Renderer *ren;
    TTF_Font *font[VIZ_FONT_COUNT];
    int line_h[VIZ_FONT_COUNT];
    SDL_Texture *sprite[VIZ_SHAPE_COUNT][VIZ_SPRITE_MAX + 1]; /* by diameter */
    viz_text_entry text[VIZ_TEXT_CACHE];
    int text_count;
    uint32_t frame;
    /* one geometry batch of coloured triangles */
    SDL_Vertex *vtx;
    int *idx;
    int vtx_count, vtx_cap, idx_count, idx_cap;
    bool oom;
    /* test mode: every text box of the frame */
    bool record;
    int layer; /* of the texts drawn now */
    viz_text_box *boxes;
    int box_count, box_cap;
    int ascent[VIZ_FONT_COUNT];
} viz_gfx;

/* Opens the fonts and makes the sprites. On failure returns false with a
 * message in err; *font_missing tells a missing font file (exit 2). */
bool viz_gfx_init(viz_gfx *g, SDL_Renderer *ren, const char *font_path, bool *font_missing,
                  char *err, size_t err_size);
/* The same with the three fonts' point sizes (small, normal, large); the
 * plots (plot.c) scale them with the figure. */
bool viz_gfx_init_sized(viz_gfx *g, SDL_Renderer *ren, const char *font_path,
                        const int sizes[VIZ_FONT_COUNT], bool *font_missing, char *err,
                        size_t err_size);
void viz_gfx_free(viz_gfx *g);
void viz_gfx_begin_frame(viz_gfx *g);

/* Text at (x, y) top-left (align 0), centred (1) or right-aligned (2);
 * returns its width in pixels. */
int viz_text(viz_gfx *g, int font, int x, int y, int align, SDL_Color c, const char *s);
int viz_textf(viz_gfx *g, int font, int x, int y, int align, SDL_Color c, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 7, 8)))
#endif
    ;
int viz_text_width(viz_gfx *g, int font, const char *s);
/* viz_text shortened with an ellipsis to at most max_w pixels. */
int viz_text_fit(viz_gfx *g, int font, int x, int y, int align, int max_w, SDL_Color c,
                 const char *s);

/* A sprite of diameter d (clamped to [2, VIZ_SPRITE_MAX]) centred at (x, y). */
void viz_sprite(viz_gfx *g, viz_shape shape, float x, float y, float d, SDL_Color c);
void viz_fill_rect(viz_gfx *g, float x, float y, float w, float h, SDL_Color c);
void viz_rect_outline(viz_gfx *g, float x, float y, float w, float h, SDL_Color c);

/* Geometry batch: thick segments and quads, drawn by viz_geom_flush in one call. */
void viz_geom_segment(viz_gfx *g, float x0, float y0, float x1, float y1, float width, SDL_Color c);
void viz_geom_quad(viz_gfx *g, float x, float y, float w, float h, SDL_Color c);
/* Any convex quad, corners in order (clockwise or not). */
void viz_geom_quad4(viz_gfx *g, const float xs[4], const float ys[4], SDL_Color c);
void viz_geom_flush(viz_gfx *g);

/* Colour for a value in [0, 1]: red (low) through yellow to blue (high). */
SDL_Color viz_ramp(float v);
SDL_Color viz_rgba(uint32_t rgb, uint8_t a);

/* The palette, shared with the tests (tests/test_viewer.c checks PNGs for them). */
#define VIZ_RGB_BACKGROUND 0x10141cu
#define VIZ_RGB_OCEAN 0x121b28u
#define VIZ_RGB_GRATICULE 0x24324au
#define VIZ_RGB_PANEL 0x1a2030u
#define VIZ_RGB_TEXT 0xd8dde6u
#define VIZ_RGB_DIM 0x8a93a6u
#define VIZ_RGB_FOCAL 0xf4f1e8u
#define VIZ_RGB_SELECT 0xffd84au

/* ---- map data (coast.c) ------------------------------------------------------------- */

typedef struct viz_polygon {
    const float *pts; /* longitude, latitude pairs, degrees */
    int count;
} viz_polygon;
extern const viz_polygon viz_coast[];
extern const int viz_coast_count;

/* An outline edge for the scanline fill, from its southern end. */
typedef struct viz_edge {
    float lat0, lat1, lon0, slope; /* degrees; slope: longitude per degree of latitude */
} viz_edge;

/* ---- state --------------------------------------------------------------------------- */

/* One drawn partner. Displayed values ease toward their targets. */
typedef struct viz_node {
    int32_t index;       /* world slot (while alive) */
    uint32_t generation; /* with index: the sgf_partner_id */
    uint32_t uid;        /* the partner's uid: never reused in a run */
    float ax, ay;        /* anchor, world units (displayed) */
    float ox, oy;        /* offset from the anchor, pixels (displayed) */
    float tax, tay, tox, toy;
    float alpha, talpha;
    float value, tvalue; /* colour metric */
    float size, tsize;   /* diameter in pixels at zoom 1 */
    float flow, tflow;   /* share of the largest flow on its side [0,1] */
    float cell, tcell;   /* room in the layout, world units (0: no limit) */
    float phase;         /* dots, from SGF_STREAM_VIEWER */
    float flash;         /* seconds of flash left */
    SDL_Color flash_color;
    int32_t market;
    int32_t joined_tick;
    uint8_t role, owned, alive, act;
    uint8_t bottleneck;           /* a supplier that can make less than asked of it */
    uint8_t struck;               /* its capacity is cut by a shock */
    bool placed;                  /* has had a target */
    int32_t seat_chain, seat_map; /* seats (viz_seats), -1 none */
    int16_t block_chain;          /* role * SGF_MAX_MARKETS + region */
    char name[SGF_NAME_MAX];
} viz_node;

/* Seats of a block (a role's region in the value chain, a country on the
 * map): a partner keeps its seat for its whole life; a freed seat stays
 * empty for VIZ_SEAT_REST weeks, then a newcomer may take it (the lowest
 * free one, else a new seat at the end). The living never move. */
typedef struct viz_seats {
    int count, cap;
    int32_t *freed; /* per seat: -1 taken, else the week it was freed */
} viz_seats;
#define VIZ_SEAT_REST 26

/* A week of a partner's history (inspector chart). */
typedef struct viz_hist {
    uint8_t trust, motivation, satisfaction, commitment; /* x 255 */
    float flow;
} viz_hist;

/* Labels of the value-chain layout (roles, regions), in world units. */
typedef struct viz_label {
    float x, y;
    float w; /* room for the text, world units */
    bool major, warn;
    char text[SGF_NAME_MAX];
} viz_label;

typedef struct viz_camera {
    float zoom;     /* 1: the canvas fits the free area */
    float cx, cy;   /* world point at the centre of the free area */
    float fit;      /* pixels per world unit at zoom 1 */
    int x, y, w, h; /* the free area between the panels, pixels */
} viz_camera;

enum { VIZ_SEL_NONE, VIZ_SEL_PARTNER, VIZ_SEL_MARKET, VIZ_SEL_FIRM };

typedef struct viz_ticker_line {
    int tick;
    SDL_Color color;
    bool mark; /* a scenario or injected event, a move, a failure: marked on the time axes */
    char event[SGF_NAME_MAX]; /* the scenario or injected event behind it, or "" */
    char text[160];
} viz_ticker_line;

#define VIZ_CHARTS 4      /* the chart panel's charts */
#define VIZ_LOG_MAX 50000 /* event lines kept for the timeline (about 9 MB at most) */

/* A shock under way (or a change that lasts, shown for a while): what it
 * is in words, where, and the weeks it covers. */
typedef struct viz_shock {
    sgf_event_kind kind;
    char target[SGF_NAME_MAX];
    int market;   /* or -1 */
    uint32_t uid; /* a partner hit, or 0 */
    int start, end;
    char text[160];
} viz_shock;
#define VIZ_SHOCKS 16

/* A relocation of production: drawn as a move on the map for a while. */
typedef struct viz_move {
    int from, to; /* markets */
    int tick;
} viz_move;
#define VIZ_MOVES 8

/* What the viewer finds wrong this week, in words (hud.c's status lines). */
typedef struct viz_bottleneck {
    bool on;
    uint32_t uid;
    char name[SGF_NAME_MAX];
    float capacity, expected; /* units a week */
} viz_bottleneck;

typedef struct viz_policy_row {
    const char *label;
    sgf_event_kind kind; /* mode_change or incentive_change */
    const char *setting;
    double step, lo, hi;
    double sent;    /* last value sent (or the scenario's) */
    double pending; /* being edited */
    bool known;     /* sent is known (scenario value or sent) */
} viz_policy_row;

typedef struct sgf_viz {
    sgf_viz_opts opts;
    sgf_world_def def; /* own copy; the seed changes on restart */
    sgf_world *w;
    sgf_output *out;
    bool out_pending; /* the last week's outputs are not written yet */
    bool out_closed;
    bool failed;   /* a runtime failure: exit status 1 */
    bool finished; /* the run reached its last week */
    char run_dir[4096];
    char message[256]; /* status line (errors, hints), fades */
    float message_time;

    /* SDL */
    SDL_Window *win;
    SDL_Surface *surface; /* headless target */
    viz_gfx gfx;
    int width, height;

    /* view */
    int layout;
    int color_attr;               /* viz_attrs index */
    int size_attr;                /* viz_attrs index, or -1: volume (flow against the largest) */
    float attr_lo[2], attr_hi[2]; /* colour and size attribute ranges among the living */
    int scrub_tick;               /* the timeline: -1 live, else the week looked at */
    struct sgf_viz *past;         /* looking back: the session rebuilt to scrub_tick (viz.c) */
    bool is_past;                 /* this is such a rebuild, not the live session */
    bool seats_only;              /* a rebuild's week on the way: seats, no targets (layout.c) */
    int live_tick;                /* while the past is swapped in: the live week, else -1 */
    int past_full_tick;           /* a rebuild: the week its net was last fully synced, or -1 */
    int16_t (*rows_hist)[SGF_ROLE_COUNT]; /* [tick]: band_rows as the week ended */
    int rows_hist_count, rows_hist_cap;
    viz_camera cam;
    viz_camera cam_target; /* eased toward after a layout switch or a resize */
    bool cam_easing;
    float canvas_w, canvas_h; /* the current layout's canvas, world units */
    float chain_h;            /* the value chain's canvas height (follows the window's shape) */
    float map_stretch;        /* the map's latitude scale (viz_project) */
    bool panels;              /* HUD, legend, inspector shown */
    bool help;
    bool dragging, drag_moved;
    int drag_x, drag_y;
    float drag_cx, drag_cy;
    int mouse_x, mouse_y;

    /* time */
    bool paused;
    int speed_index;
    double accum;    /* weeks owed to the simulation */
    double dot_time; /* seconds of dot motion */
    float frame_ms;  /* smoothed draw time, shown in the top bar */

    /* nodes: the net of the week shown. These fields, w and the selection's
     * last state are what viz.c's swap_past exchanges with the rebuilt
     * past when looking back; a field added here must be added there. */
    viz_node *nodes;
    int node_count, node_cap;
    int *slot_node;      /* world slot -> node index, -1 none */
    viz_hist *hist;      /* [slot * VIZ_HIST + tick % VIZ_HIST] */
    int32_t *hist_start; /* tick the slot's current partner joined our record */
    int slot_cap;
    float *market_rot; /* map: each country's spiral turned by a viewer-stream angle */
    float *market_flash;
    int market_cap;
    float focal_ax, focal_ay, focal_tax, focal_tay;
    float focal_flash;
    float max_flow_up, max_flow_down;
    viz_label *labels;
    int label_count, label_cap;
    viz_seats *seats_chain;             /* [SGF_ROLE_COUNT * SGF_MAX_MARKETS] */
    viz_seats *seats_map;               /* [SGF_MAX_MARKETS] */
    int band_rows[SGF_ROLE_COUNT];      /* rows of each band's grid, kept while they fit */
    bool role_seen[SGF_ROLE_COUNT];     /* the role has had partners in this run */
    int role_gone_tick[SGF_ROLE_COUNT]; /* week its last partner left, -1 */
    viz_bottleneck bottleneck;
    viz_shock shocks[VIZ_SHOCKS];
    int shock_count;
    viz_move moves[VIZ_MOVES];
    int move_count;
    sgf_rng viewer_rng; /* SGF_STREAM_VIEWER */

    /* selection: a partner by its uid (never by slot: slots are reused) */
    int sel_kind;
    int sel_index; /* market index */
    uint32_t sel_uid;
    sgf_partner_view sel_last; /* the selected partner as last seen alive */
    char sel_last_name[SGF_NAME_MAX];

    /* history: every week's metrics of the run (sgf_metrics, about 0.5 kB a
     * week), every event line shown (at most VIZ_LOG_MAX) */
    sgf_metrics *mhist; /* [tick], 0 .. last tick simulated */
    int mhist_count, mhist_cap;
    viz_ticker_line *log;
    int log_count, log_cap;
    viz_ticker_line *marks; /* the marked lines only (the charts' event marks) */
    int mark_count, mark_cap;
    int chart_metric[VIZ_CHARTS]; /* sgf_metric_table indices */
    int chart_focus;              /* the chart [ and ] change */
    bool chart_big;               /* g: the focused chart, large, over the net */
    bool table;                   /* the partner table (T) */
    int table_sort;               /* viz_attrs index, or -1: name */
    bool table_desc;
    int table_role;   /* filter: role, or -1 all */
    int table_market; /* filter: market, or -1 all */
    float table_trust_lo, table_trust_hi;
    int table_scroll;
    int log_seen;       /* events of this week already shown */
    bool quiet_flashes; /* headless: events long before the next frame do not flash */

    /* live what-ifs */
    sgf_viz_injection *injections;
    int injection_count, injection_cap;
    int replay_next; /* next of opts.replay's injections */
    viz_policy_row policy[VIZ_POLICY_ROWS];
    int policy_row;

    /* the map background (ocean, land) for the camera it was drawn for */
    SDL_Texture *map_tex;
    uint32_t *map_px;
    int map_w, map_h;
    float map_key[6];
    viz_edge *coast_edges;
    int coast_edge_count;

    /* screenshots and frames */
    bool shot_wanted;
    int shot_count;

    /* --do: actions at given weeks (viz.c) */
    struct viz_action *actions;
    int action_count, action_next;
    FILE *box_file; /* $SGF_VIEW_TEXT_BOXES: every text box of every frame */
    bool interrupted;
    bool close_asked; /* --do close, headless: stop as the close button would */
    int visible_nodes;
    SDL_Rect *placed; /* the scene's labels placed in this frame (scene.c) */
    int placed_count, placed_cap;
} sgf_viz;

/* ---- layout.c ------------------------------------------------------------------------ */
bool viz_layout_sync(sgf_viz *v); /* after a step or an injection */
void viz_layout_animate(sgf_viz *v, float dt);
void viz_layout_snap(sgf_viz *v);  /* headless: every value at its target */
void viz_layout_reset(sgf_viz *v); /* a new session: every seat free */
void viz_layout_free(sgf_viz *v);
void viz_layout_retarget(sgf_viz *v); /* after a layout switch or a resize */
viz_shape viz_role_shape(int role);
viz_tie viz_role_tie(int role);
int viz_node_find_name(const sgf_viz *v, const char *name); /* alive first; -1 none */
void viz_project(const sgf_viz *v, float lat, float lon, float *x, float *y);
float viz_map_height(const sgf_viz *v); /* the map's canvas height, world units */

/* ---- camera -------------------------------------------------------------------------- */
static inline float viz_sx(const viz_camera *c, float wx)
{
    return (float)c->x + (float)c->w * 0.5f + (wx - c->cx) * c->fit * c->zoom;
}
static inline float viz_sy(const viz_camera *c, float wy)
{
    return (float)c->y + (float)c->h * 0.5f + (wy - c->cy) * c->fit * c->zoom;
}
/* Node sprites grow more slowly than the map when zooming in. */
static inline float viz_node_scale(const viz_camera *c)
{
    float s = SDL_sqrtf(c->zoom);
    return s < 0.75f ? 0.75f : s > 3.0f ? 3.0f : s;
}
void viz_camera_fit(sgf_viz *v);

/* ---- scene.c ------------------------------------------------------------------------- */
void viz_scene_draw(sgf_viz *v);
void viz_scene_hover(sgf_viz *v); /* the name under the mouse, over the panels */
/* What is under the pixel: sets kind and index; false if nothing. */
bool viz_scene_pick(const sgf_viz *v, int x, int y, int *kind, int *index);
void viz_node_screen(const sgf_viz *v, const viz_node *n, float *x, float *y);
void viz_focal_screen(const sgf_viz *v, float *x, float *y);

/* ---- hud.c --------------------------------------------------------------------------- */
void viz_hud_draw(sgf_viz *v);
/* The partner table's filter, and its rows (slots, sorted); hud.c. */
bool viz_table_pass(const sgf_viz *v, const sgf_partner_view *p);
int viz_table_rows(sgf_viz *v, int *slots, int max);
void viz_timeline_rect(const sgf_viz *v, SDL_Rect *r); /* the timeline's bar, for clicks */
/* The week shown: the timeline's, or the last simulated. */
int viz_shown_tick(const sgf_viz *v);
/* The last week simulated by the live session (also while the past is shown). */
int viz_now_tick(const sgf_viz *v);
/* The metrics of a week (the record; this week's from the world). */
const sgf_metrics *viz_metrics_at(const sgf_viz *v, int tick);
/* Status lines (what is wrong and why), at most max; hud.c. */
int viz_status_lines(sgf_viz *v, viz_ticker_line *lines, int max);
void viz_event_words(const sgf_event_record *e, const sgf_world_def *def, char *out, size_t size);
const char *viz_act_words(int act);
void viz_role_words(int role, char *buf, size_t size);
extern const double viz_speeds[];
extern const int viz_speed_count;
void viz_policy_init(sgf_viz *v);
SDL_Color viz_event_color(const sgf_event_record *e);
bool viz_event_shown(const sgf_event_record *e); /* in the ticker and as a flash */
/* Layout of the panels, shared by the camera fit and the HUD. */
enum { VIZ_TOP_H = 30, VIZ_LEFT_W = 236, VIZ_RIGHT_W = 276, VIZ_BOTTOM_H = 118 };

/* ---- viz.c --------------------------------------------------------------------------- */
void viz_message(sgf_viz *v, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* The selected partner, if it is alive: true and *out (if not NULL) filled. */
bool viz_selected_partner(const sgf_viz *v, sgf_partner_view *out);
/* Keeps the selected partner's last live state (after each week, injection
 * and selection), for the inspector once it has left. */
void viz_track_selection(sgf_viz *v);
/* The node of a partner uid, alive first; -1 none. */
int viz_node_by_uid(const sgf_viz *v, uint32_t uid);

/* ---- replay.c ------------------------------------------------------------------------ */
sgf_status sgf_viz_replay_write(const char *dir, const sgf_viz_opts *o, const sgf_world_def *def,
                                const sgf_viz_injection *inj, int count, char *err,
                                size_t err_size);
bool sgf_viz_parse_u64(const char *text, uint64_t *out);
sgf_status sgf_viz_session_write(const char *dir, const sgf_viz_opts *o, const sgf_world_def *def,
                                 const sgf_viz_injection *inj, int count, char *err,
                                 size_t err_size);

#endif
