/* net.c: the helpers every submodel uses: the partner slots (add, remove,
 * find, handles), the event log of the week, and drawing from a setting's
 * distribution. world.c keeps the life cycle and the schedule; the submodels
 * include this module through model/net.h, never world.c.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/alloc.h"
#include "model/world_internal.h"

/* ---- partner slots ------------------------------------------------------------ */

static bool grow_partners(sgf_world *w)
{
    if (w->partner_count < w->partner_capacity) return true;
    int cap = w->partner_capacity ? w->partner_capacity * 2 : 64;
    sgf_partner *p = sgf_realloc(w->partners, sizeof *p * (size_t)cap);
    if (!p) return w->nomem = true, false;
    w->partners = p;
    char(*n)[SGF_NAME_MAX] = sgf_realloc(w->names, sizeof *n * (size_t)cap);
    if (!n) return w->nomem = true, false;
    w->names = n;
    int *f = sgf_realloc(w->free_slots, sizeof *f * (size_t)cap);
    if (!f) return w->nomem = true, false;
    w->free_slots = f;
    w->partner_capacity = cap;
    return true;
}

int sgf_partner_add(sgf_world *w, const sgf_partner_def *pd, int market)
{
    int i;
    uint32_t gen = 1;
    if (w->free_count > 0) {
        i = w->free_slots[--w->free_count];
        gen = w->partners[i].generation + 1;
    } else {
        if (!grow_partners(w)) return -1;
        i = w->partner_count++;
    }
    sgf_partner *p = &w->partners[i];
    memset(p, 0, sizeof *p);
    p->generation = gen;
    p->uid = ++w->uid_last;
    p->alive = 1;
    p->role = (uint8_t)pd->role;
    p->owned = sgf_role_is_owned(pd->role);
    p->market = market;
    p->trust = (float)pd->trust;
    p->commitment = (float)pd->commitment;
    p->motivation = (float)pd->motivation;
    p->satisfaction = 0.5f;
    p->alignment = (float)pd->alignment;
    p->product_knowledge = (float)pd->product_knowledge;
    p->awareness = (float)pd->awareness;
    p->effort = p->motivation;
    p->competence_fit = (float)pd->competence_fit;
    p->opportunism = (float)pd->opportunism;
    p->loyalty = (float)pd->loyalty;
    p->focal_share = (float)pd->focal_share;
    p->size_ratio = (float)pd->size_ratio;
    p->size_class = pd->size_ratio < 0.5 ? 0 : pd->size_ratio <= 2.0 ? 1 : 2;
    p->contact_persons = (float)(pd->contact_persons < 1.0 ? 1.0 : pd->contact_persons);
    p->capacity_units_per_week = (float)pd->capacity_units_per_week;
    p->unit_cost_eur = (float)pd->unit_cost_eur;
    p->lead_time_weeks = (float)pd->lead_time_weeks;
    p->defect_rate = (float)pd->defect_rate;
    p->outside_option = (float)pd->outside_option;
    for (int k = 0; k < 5; k++) p->pref[k] = (float)pd->pref[k];
    p->capacity_factor = 1.0f;
    p->contract = pd->contract;
    p->replaceability = (uint8_t)(pd->replaceability < 1 ? 1 : pd->replaceability);
    p->joined_tick = w->tick;
    if (p->owned) { /* own people: the firm's knowledge, no outside option */
        p->trust = p->commitment = p->motivation = p->alignment = 0.9f;
        p->product_knowledge = p->awareness = 0.9f;
        if (pd->role == SGF_ROLE_SALES_OFFICE) p->opportunism = 0.0f;
        /* an owned unit is a sales team of its own: assumption, the reach of
         * a partner four times the firm's size */
        if (p->size_ratio < 4.0f) p->size_ratio = 4.0f;
    }
    snprintf(w->names[i], SGF_NAME_MAX, "%s", pd->name);
    w->alive_count++;
    w->role_alive[pd->role]++;
    if (w->role_alive[pd->role] > w->role_built[pd->role])
        w->role_built[pd->role] = w->role_alive[pd->role];
    if (market >= 0 && market < w->market_count && sgf_role_is_downstream(pd->role)) {
        sgf_market *mk = &w->markets[market];
        mk->channels++;
        if (mk->channels > mk->target_channels) mk->target_channels = mk->channels;
    }
    return i;
}

void sgf_partner_remove(sgf_world *w, int index, int log_kind, const char *why)
{
    sgf_partner *p = &w->partners[index];
    if (!p->alive) return;
    p->alive = 0;
    w->alive_count--;
    w->role_alive[p->role]--;
    if (p->market >= 0 && sgf_role_is_downstream((sgf_role)p->role))
        w->markets[p->market].channels--;
    w->free_slots[w->free_count++] = index;
    if (log_kind) sgf_log(w, log_kind, 0, w->names[index], p->trust, "%s", why);
}

int sgf_partner_find(const sgf_world *w, const char *name)
{
    for (int i = 0; i < w->partner_count; i++)
        if (w->partners[i].alive && strcmp(w->names[i], name) == 0) return i;
    return -1;
}

bool sgf_partner_id_valid(const sgf_world *w, sgf_partner_id id)
{
    return id.generation != 0 && id.index >= 0 && id.index < w->partner_count &&
           w->partners[id.index].generation == id.generation && w->partners[id.index].alive;
}

/* ---- the event log --------------------------------------------------------------- */

void sgf_log(sgf_world *w, int internal, sgf_event_kind kind, const char *target, double value,
             const char *fmt, ...)
{
    if (w->log_count == w->log_capacity) {
        int cap = w->log_capacity ? w->log_capacity * 2 : 64;
        sgf_event_record *g = sgf_realloc(w->log, sizeof *g * (size_t)cap);
        if (!g) { /* the step reports it: a run never silently loses a line */
            w->nomem = true;
            return;
        }
        w->log = g;
        w->log_capacity = cap;
    }
    sgf_event_record *r = &w->log[w->log_count++];
    r->tick = w->tick;
    r->kind = kind;
    r->internal = internal;
    snprintf(r->target, sizeof r->target, "%s", target ? target : "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->detail, sizeof r->detail, fmt, ap);
    va_end(ap);
    r->value = value;
}

const char *sgf_log_kind_name(int internal, sgf_event_kind kind)
{
    static const char *const names[SGF_LOG_KIND_COUNT] = {
        "event",         "new_partner",  "partner_exit",       "defection", "opportunism_detected",
        "key_person",    "market_entry", "office_opened",      "jv_formed", "relocation",
        "replacement",   "retrain",      "innovation_radical", "recovery",  "failure",
        "search_started"};
    if (internal == SGF_LOG_EVENT) return sgf_event_kind_name(kind);
    if (internal > 0 && internal < SGF_LOG_KIND_COUNT) return names[internal];
    return "unknown";
}
