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
    w->partners_joined++;
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
    w->partners_left++;
    w->role_alive[p->role]--;
    if (p->market >= 0 && sgf_role_is_downstream((sgf_role)p->role))
        w->markets[p->market].channels--;
    w->free_slots[w->free_count++] = index;
    w->acc.exits++; /* every departure counts, whatever its cause */
    if (log_kind) sgf_log_partner(w, log_kind, index, p->trust, why, "left: %s", why);
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

static sgf_event_record *vlog(sgf_world *w, int internal, sgf_event_kind kind, const char *target,
                              double value, const char *fmt, va_list ap)
{
    if (w->log_count == w->log_capacity) {
        int cap = w->log_capacity ? w->log_capacity * 2 : 64;
        sgf_event_record *g = sgf_realloc(w->log, sizeof *g * (size_t)cap);
        if (!g) { /* the step reports it: a run never silently loses a line */
            w->nomem = true;
            return NULL;
        }
        w->log = g;
        w->log_capacity = cap;
    }
    sgf_event_record *r = &w->log[w->log_count++];
    memset(r, 0, sizeof *r);
    r->tick = w->tick;
    r->kind = kind;
    r->internal = internal;
    snprintf(r->target, sizeof r->target, "%s", target ? target : "");
    vsnprintf(r->detail, sizeof r->detail, fmt, ap);
    r->value = value;
    r->role = -1;
    r->market = -1;
    return r;
}

sgf_event_record *sgf_log(sgf_world *w, int internal, sgf_event_kind kind, const char *target,
                          double value, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sgf_event_record *r = vlog(w, internal, kind, target, value, fmt, ap);
    va_end(ap);
    return r;
}

sgf_event_record *sgf_log_partner(sgf_world *w, int internal, int index, double value,
                                  const char *cause, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sgf_event_record *r = vlog(w, internal, 0, w->names[index], value, fmt, ap);
    va_end(ap);
    if (!r) return NULL;
    const sgf_partner *p = &w->partners[index];
    r->partner_uid = p->uid;
    r->role = p->role;
    r->market = p->market;
    snprintf(r->cause, sizeof r->cause, "%s", cause ? cause : "");
    return r;
}

sgf_event_record *sgf_log_market(sgf_world *w, int internal, int market, double value,
                                 const char *cause, const char *fmt, ...)
{
    const char *iso = market >= 0 && market < w->market_count ? w->def.markets[market].iso : "";
    va_list ap;
    va_start(ap, fmt);
    sgf_event_record *r = vlog(w, internal, 0, iso, value, fmt, ap);
    va_end(ap);
    if (!r) return NULL;
    r->market = market >= 0 && market < w->market_count ? market : -1;
    snprintf(r->cause, sizeof r->cause, "%s", cause ? cause : "");
    return r;
}

/* The data dictionary of the log: what a record of each kind says. */
const sgf_log_kind_info sgf_log_kind_table[SGF_LOG_KIND_COUNT] = {
    [SGF_LOG_EVENT] = {"(event kind)",
                       "a scenario or injected event took effect (its kind names the row: "
                       "demand_shock, tariff_change, ...); partner_exit and key_person_change "
                       "events write the partners' own partner_exit and key_person rows instead",
                       "magnitude", "the event's magnitude (docs/scenarios.md says per kind)",
                       "scheduled, injected"},
    [SGF_LOG_NEW_PARTNER] = {"new_partner", "a partner or owned unit joined the net", "[0,1]",
                             "its trust at joining",
                             "search, replacement, relocation, market_entry, sales_office, "
                             "joint_venture, listed"},
    [SGF_LOG_PARTNER_EXIT] = {"partner_exit", "a partner left the net (every departure)", "[0,1]",
                              "its trust when it left",
                              "outside_option, key_person_change, defection, replaced, "
                              "relocated, scheduled, injected"},
    [SGF_LOG_DEFECTION] = {NULL, NULL, NULL, NULL, NULL},
    [SGF_LOG_OPPORTUNISM_DETECTED] = {"opportunism_detected",
                                      "the firm detected an opportunistic act of a partner", "EUR",
                                      "the act's damage before early detection saved half",
                                      "shirk, overpromise, leak, poach"},
    [SGF_LOG_KEY_PERSON] = {"key_person", "a contact person of the partner left", "share",
                            "share of the personal part of the tie lost (severity / contacts)",
                            "turnover, scheduled, injected"},
    [SGF_LOG_MARKET_ENTRY] = {"market_entry", "the firm entered a market (first time only)", "", "",
                              "partner, sales_office, joint_venture, integrated, listed"},
    [SGF_LOG_OFFICE_OPENED] = {"office_opened",
                               "the firm opened a sales office of its own in the market", "", "",
                               ""},
    [SGF_LOG_JV_FORMED] = {"jv_formed", "the firm formed a 50 % joint venture in the market", "",
                           "", ""},
    [SGF_LOG_RELOCATION] = {"relocation",
                            "production moved to this market (the old site's exit has cause "
                            "relocated)",
                            "", "", ""},
    [SGF_LOG_REPLACEMENT] = {NULL, NULL, NULL, NULL, NULL},
    [SGF_LOG_RETRAIN] = {"retrain", "the firm retrained a partner after a technology shift",
                         "[0,1]", "its competence fit after the training", ""},
    [SGF_LOG_INNOVATION_RADICAL] = {"innovation_radical", "a radical co-innovation", "count",
                                    "radical co-innovations this week", ""},
    [SGF_LOG_RECOVERY] = {"recovery", "an event's effect ended (its duration ran out)", "factor",
                          "the value restored (a factor, or the old tariff)",
                          "the kind of the event recovered from"},
    [SGF_LOG_FAILURE] = {"failure", "the firm failed: cash below its credit line", "EUR",
                         "cash at failure", ""},
    [SGF_LOG_SEARCH_STARTED] = {"search_started",
                                "the firm started a search (role: the role sought)", "weeks",
                                "weeks the search takes", "partner, entry"},
    [SGF_LOG_ENTRY_FAILED] = {"market_entry_failed", "an entry attempt into the market failed", "",
                              "", ""},
};

const char *sgf_log_value_unit(const sgf_event_record *r)
{
    if (r->internal < 0 || r->internal >= SGF_LOG_KIND_COUNT) return "";
    const char *u = sgf_log_kind_table[r->internal].value_unit;
    return u ? u : "";
}

const char *sgf_log_kind_name(int internal, sgf_event_kind kind)
{
    static const char *const names[SGF_LOG_KIND_COUNT] = {"event",
                                                          "new_partner",
                                                          "partner_exit",
                                                          "defection",
                                                          "opportunism_detected",
                                                          "key_person",
                                                          "market_entry",
                                                          "office_opened",
                                                          "jv_formed",
                                                          "relocation",
                                                          "replacement",
                                                          "retrain",
                                                          "innovation_radical",
                                                          "recovery",
                                                          "failure",
                                                          "search_started",
                                                          "market_entry_failed"};
    if (internal == SGF_LOG_EVENT) return sgf_event_kind_name(kind);
    if (internal > 0 && internal < SGF_LOG_KIND_COUNT) return names[internal];
    return "unknown";
}
