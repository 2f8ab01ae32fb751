/* replay.c: injected.cfg, the record of a viewer session's live what-ifs.
 *
 * Every event the user injects is applied with sgf_world_inject between two
 * weeks: after week `after_tick` has been simulated and before that week's
 * outputs are written (so events.csv lists it under that week). The file
 * names the scenario, the --set assignments, the seed and the run's length,
 * then the injections in the order they were made; `sgf view --replay FILE`
 * rebuilds the same world and injects the same events at the same points,
 * which reproduces the run bit for bit (docs/viewer.md).
 *
 * The file is libconfig, like scenarios, but it is not a scenario layer: a
 * scenario event with at_tick = T fires inside week T's event step, at
 * another point of the schedule than an injection, so the two are kept apart
 * by name (`injected`, `after_tick`). It is rewritten whole (temporary name,
 * then rename) after each injection, so it is complete whenever the viewer
 * stops.
 */
#include <errno.h>
#include <inttypes.h>
#include <libconfig.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sgf/sgf_scenario.h"
#include "viz.h"

/* ---- writing ------------------------------------------------------------------------ */

static void put_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c == '\n')
            fputs("\\n", f);
        else if (c == '\t')
            fputs("\\t", f);
        else if (c < 0x20)
            fprintf(f, "\\x%02x", c);
        else
            fputc(c, f);
    }
    fputc('"', f);
}

/* A double libconfig reads back as the same float: always with a '.' or an
 * exponent, 17 significant digits. */
static void put_double(FILE *f, double v)
{
    char buf[64];
    snprintf(buf, sizeof buf, "%.17g", v);
    fputs(buf, f);
    if (!strpbrk(buf, ".eEn")) fputs(".0", f); /* "n": nan/inf print as themselves */
}

/* One event of a list: `{ TICK_KEY = tick; name = ...; ... }`, the same
 * fields in injected.cfg and session.cfg; `setting` and `new_value` only if
 * all_fields or the event has a setting. */
static void put_event(FILE *f, bool first, const char *tick_key, int tick, const sgf_event_def *ev,
                      int duration_weeks, bool all_fields)
{
    fprintf(f, "%s\n  { %s = %d; name = ", first ? "" : ",", tick_key, tick);
    put_string(f, ev->name);
    fputs("; kind = ", f);
    put_string(f, sgf_event_kind_name(ev->kind));
    fputs(";\n    target = ", f);
    put_string(f, sgf_target_kind_name(ev->target));
    fputs("; target_name = ", f);
    put_string(f, ev->target_name);
    fputs("; magnitude = ", f);
    put_double(f, ev->magnitude);
    fprintf(f, "; duration_weeks = %d;", duration_weeks);
    if (all_fields || ev->setting[0]) {
        fputs("\n    setting = ", f);
        put_string(f, ev->setting);
        fputs("; new_value = ", f);
        put_double(f, ev->new_value);
        fputs(";", f);
    }
    fputs(" }", f);
}

/* What a file says, written by write_file. */
typedef struct file_text {
    const sgf_viz_opts *o;
    const sgf_world_def *def;
    const sgf_viz_injection *inj;
    int count;
    const char *path; /* the file's final name, for its comments */
} file_text;

/* Writes dir/name whole: into a temporary name, then renamed, so the file
 * is complete whenever the viewer stops. */
static sgf_status write_file(const char *dir, const char *name,
                             void (*body)(FILE *, const file_text *), file_text *t, char *err,
                             size_t err_size)
{
    char tmp[4200], path[4200];
    snprintf(tmp, sizeof tmp, "%s/.%s.tmp", dir, name);
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(tmp, "w");
    if (!f) {
        snprintf(err, err_size, "cannot write %s: %s", tmp, strerror(errno));
        return SGF_ERR_IO;
    }
    t->path = path;
    body(f, t);
    bool bad = ferror(f) != 0;
    if (fclose(f) != 0) bad = true;
    if (bad || rename(tmp, path) != 0) {
        snprintf(err, err_size, "cannot write %s: %s", path, strerror(errno ? errno : EIO));
        remove(tmp);
        return SGF_ERR_IO;
    }
    return SGF_OK;
}

static void injected_body(FILE *f, const file_text *t)
{
    const sgf_viz_opts *o = t->o;
    fprintf(f,
            "# injected.cfg: the events injected live by `sgf view`, in the order made.\n"
            "# Each was applied after week `after_tick` had been simulated and before\n"
            "# that week's outputs were written. Replay the run exactly with\n"
            "#   sgf view --replay %s [--headless --out DIR]\n",
            t->path);
    fputs("scenario = ", f);
    put_string(f, o->scenario_name ? o->scenario_name : "<default>");
    fputs(";\nscenario_file = ", f);
    put_string(f, o->scenario_file ? o->scenario_file : "");
    /* A string: a seed may not fit libconfig's signed 64-bit integers. */
    fprintf(f, ";\nseed = \"%" PRIu64 "\";\nticks = %d;\nsets = [", t->def->seed, t->def->ticks);
    for (int i = 0; i < o->set_count; i++) {
        fputs(i ? ", " : " ", f);
        put_string(f, o->sets[i]);
    }
    fputs(o->set_count ? " ];\n" : "];\n", f);
    fputs("injected = (", f);
    for (int i = 0; i < t->count; i++)
        put_event(f, i == 0, "after_tick", t->inj[i].after_tick, &t->inj[i].event,
                  t->inj[i].event.duration_weeks, true);
    fputs(t->count ? "\n);\n" : ");\n", f);
}

sgf_status sgf_viz_replay_write(const char *dir, const sgf_viz_opts *o, const sgf_world_def *def,
                                const sgf_viz_injection *inj, int count, char *err, size_t err_size)
{
    file_text t = {o, def, inj, count, NULL};
    return write_file(dir, "injected.cfg", injected_body, &t, err, err_size);
}

/* ---- session.cfg: the what-ifs as a scenario layer ------------------------------------ */

static bool write_text_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (!f) return false;
    bool ok = fputs(text, f) >= 0;
    if (fclose(f) != 0) ok = false;
    return ok;
}

static void session_body(FILE *f, const file_text *t)
{
    const sgf_viz_opts *o = t->o;
    const char *extends = o->scenario_file && o->scenario_file[0] ? o->scenario_file : NULL;
    fprintf(f,
            "# session.cfg: the what-ifs of a `sgf view` session as a scenario layer.\n"
            "# Each injection made after week T is an ordinary event at week T + 1.\n"
            "#   sgf run %s\n"
            "#   sgf compare BASE.cfg %s --reps 30\n",
            t->path, t->path);
    if (o->set_count > 0) {
        fputs("# The session also had these --set assignments; give them to `sgf run`\n"
              "# (and to the base) yourself:\n",
              f);
        for (int i = 0; i < o->set_count; i++) fprintf(f, "#   --set %s\n", o->sets[i]);
    }
    fputs("extends = ", f);
    put_string(f, extends ? extends : "base.cfg");
    fputs(";\nname = ", f);
    char name[SGF_NAME_MAX + 16];
    snprintf(name, sizeof name, "%.*s-session", SGF_NAME_MAX - 10, t->def->name);
    put_string(f, name);
    fprintf(f, ";\nseed = %" PRIu64 ";\nticks = %d;\nevents = (", t->def->seed, t->def->ticks);
    for (int i = 0; i < t->count; i++) {
        const sgf_event_def *ev = &t->inj[i].event;
        /* the recovery comes in the same week as the injection's: an
         * injection after week T with d weeks recovers in week T + d's
         * step, a scheduled event at T + 1 with d - 1 weeks too */
        int d = ev->duration_weeks > 1 ? ev->duration_weeks - 1 : ev->duration_weeks;
        put_event(f, i == 0, "at_tick", t->inj[i].after_tick + 1, ev, d, false);
    }
    fputs(t->count ? "\n);\n" : ");\n", f);
}

/* session.cfg: the scenario the session ran, extended by its injections as
 * ordinary scheduled events: an injection made after week T is an event
 * with at_tick = T + 1, the next week's event step, so `sgf run` and `sgf
 * compare --reps N` replicate the what-ifs. The built-in default scenario
 * is written beside it as base.cfg. A scheduled event fires in its week's
 * event step after that week's recoveries, drift and listed partners, an
 * injection just before them: the runs are the same unless the injection
 * draws random numbers or one of those touches its target
 * (docs/viewer.md says when). */
sgf_status sgf_viz_session_write(const char *dir, const sgf_viz_opts *o, const sgf_world_def *def,
                                 const sgf_viz_injection *inj, int count, char *err,
                                 size_t err_size)
{
    if (!(o->scenario_file && o->scenario_file[0])) {
        char base[4200];
        snprintf(base, sizeof base, "%s/base.cfg", dir);
        if (!write_text_file(base, sgf_scenario_default_text())) {
            snprintf(err, err_size, "cannot write %s: %s", base, strerror(errno));
            return SGF_ERR_IO;
        }
    }
    file_text t = {o, def, inj, count, NULL};
    return write_file(dir, "session.cfg", session_body, &t, err, err_size);
}

/* ---- reading ------------------------------------------------------------------------ */

static bool kind_by_name(const char *s, sgf_event_kind *out)
{
    for (int k = 0; k < SGF_EV_KIND_COUNT; k++)
        if (strcmp(sgf_event_kind_name((sgf_event_kind)k), s) == 0) {
            *out = (sgf_event_kind)k;
            return true;
        }
    return false;
}

static bool target_by_name(const char *s, sgf_target_kind *out)
{
    for (int k = 0; k < SGF_TARGET_COUNT; k++)
        if (strcmp(sgf_target_kind_name((sgf_target_kind)k), s) == 0) {
            *out = (sgf_target_kind)k;
            return true;
        }
    return false;
}

static char *dup_str(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d) memcpy(d, s, n);
    return d;
}

void sgf_viz_replay_free(sgf_viz_replay *r)
{
    if (!r) return;
    for (int i = 0; i < r->set_count; i++) free(r->sets[i]);
    free(r->sets);
    free(r->injections);
    memset(r, 0, sizeof *r);
}

sgf_status sgf_viz_replay_load(const char *path, sgf_viz_replay *out, char *err, size_t err_size)
{
    memset(out, 0, sizeof *out);
    config_t cfg;
    config_init(&cfg);
    config_set_auto_convert(&cfg, CONFIG_TRUE);
    sgf_status st = SGF_ERR_SCENARIO;
    const char *s = NULL;
    if (!config_read_file(&cfg, path)) {
        if (config_error_type(&cfg) == CONFIG_ERR_FILE_IO) {
            snprintf(err, err_size, "%s: cannot read the file", path);
            st = SGF_ERR_IO;
        } else {
            snprintf(err, err_size, "%s:%d: %s", path, config_error_line(&cfg),
                     config_error_text(&cfg));
        }
        goto fail;
    }
    if (!config_lookup_string(&cfg, "scenario", &s)) {
        snprintf(err, err_size, "%s: missing setting 'scenario' (a file name or \"<default>\")",
                 path);
        goto fail;
    }
    snprintf(out->scenario, sizeof out->scenario, "%s", s);
    s = "";
    config_lookup_string(&cfg, "scenario_file", &s);
    snprintf(out->scenario_file, sizeof out->scenario_file, "%s", s);
    if (!out->scenario_file[0] && strcmp(out->scenario, "<default>") != 0)
        snprintf(out->scenario_file, sizeof out->scenario_file, "%s", out->scenario);
    if (!config_lookup_string(&cfg, "seed", &s) || !sgf_viz_parse_u64(s, &out->seed)) {
        snprintf(err, err_size, "%s: setting 'seed' must be a string of decimal digits", path);
        goto fail;
    }
    if (!config_lookup_int(&cfg, "ticks", &out->ticks) || out->ticks < 1) {
        snprintf(err, err_size, "%s: setting 'ticks' must be a whole number of weeks >= 1", path);
        goto fail;
    }
    const config_setting_t *sets = config_lookup(&cfg, "sets");
    if (sets) {
        int n = config_setting_length(sets);
        out->sets = calloc((size_t)(n ? n : 1), sizeof *out->sets);
        if (!out->sets) goto nomem;
        for (int i = 0; i < n; i++) {
            const char *a = config_setting_get_string_elem(sets, i);
            if (!a) {
                snprintf(err, err_size, "%s: sets[%d] is not a string", path, i);
                goto fail;
            }
            if (!(out->sets[out->set_count++] = dup_str(a))) goto nomem;
        }
    }
    const config_setting_t *list = config_lookup(&cfg, "injected");
    int n = list ? config_setting_length(list) : 0;
    out->injections = calloc((size_t)(n ? n : 1), sizeof *out->injections);
    if (!out->injections) goto nomem;
    int last = 0;
    for (int i = 0; i < n; i++) {
        const config_setting_t *e = config_setting_get_elem(list, (unsigned)i);
        sgf_viz_injection *inj = &out->injections[i];
        sgf_event_def *ev = &inj->event;
        *ev = sgf_event_def_default();
        const char *name = "", *kind = NULL, *target = "firm", *tname = "", *setting = "";
        double magnitude = ev->magnitude, new_value = ev->new_value;
        int duration = ev->duration_weeks;
        if (!config_setting_is_group(e) ||
            !config_setting_lookup_int(e, "after_tick", &inj->after_tick) ||
            !config_setting_lookup_string(e, "kind", &kind)) {
            snprintf(err, err_size, "%s:%d: injected[%d] needs after_tick and kind", path,
                     config_setting_source_line(e), i);
            goto fail;
        }
        config_setting_lookup_string(e, "name", &name);
        config_setting_lookup_string(e, "target", &target);
        config_setting_lookup_string(e, "target_name", &tname);
        config_setting_lookup_string(e, "setting", &setting);
        config_setting_lookup_float(e, "magnitude", &magnitude);
        config_setting_lookup_float(e, "new_value", &new_value);
        config_setting_lookup_int(e, "duration_weeks", &duration);
        if (!kind_by_name(kind, &ev->kind)) {
            snprintf(err, err_size, "%s:%d: injected[%d]: unknown event kind '%s'", path,
                     config_setting_source_line(e), i, kind);
            goto fail;
        }
        if (!target_by_name(target, &ev->target)) {
            snprintf(err, err_size, "%s:%d: injected[%d]: unknown target kind '%s'", path,
                     config_setting_source_line(e), i, target);
            goto fail;
        }
        if (inj->after_tick < 1 || inj->after_tick < last) {
            snprintf(err, err_size,
                     "%s:%d: injected[%d]: after_tick %d must be >= 1 and not before the "
                     "previous injection's",
                     path, config_setting_source_line(e), i, inj->after_tick);
            goto fail;
        }
        last = inj->after_tick;
        snprintf(ev->name, sizeof ev->name, "%s", name);
        snprintf(ev->target_name, sizeof ev->target_name, "%s", tname);
        snprintf(ev->setting, sizeof ev->setting, "%s", setting);
        ev->magnitude = magnitude;
        ev->new_value = new_value;
        ev->duration_weeks = duration;
        ev->at_tick = inj->after_tick;
        out->injection_count++;
    }
    config_destroy(&cfg);
    return SGF_OK;
nomem:
    snprintf(err, err_size, "%s: out of memory", path);
    st = SGF_ERR_NOMEM;
fail:
    config_destroy(&cfg);
    sgf_viz_replay_free(out);
    return st;
}
