/* scenario_schema.h: the table of every setting a scenario file can hold.
 *
 * One table per group of sgf_world_def (sgf_def.h): the top level, firm and
 * its sub-groups, epg, environment, params, output, and one per element of
 * the named lists (markets, partners, populations, events). Each row names a
 * setting, its type, where it lives (offsetof into the group's struct), its
 * range, its enum names or sub-table, its unit and one line of meaning.
 *
 * The loader (scenario.c) decodes libconfig settings through these tables,
 * the JSON writer and the settings reference (docs/scenarios.md) walk them,
 * and validation re-checks every range after all layers. Adding a field to
 * sgf_def.h means adding one row here; the reference test then shows it.
 */
#ifndef SGF_SCENARIO_SCHEMA_H
#define SGF_SCENARIO_SCHEMA_H

#include <stdbool.h>
#include <stddef.h>

#include "sgf/sgf_def.h"

typedef enum sgf_field_type {
    SGF_FT_DOUBLE,
    SGF_FT_INT,
    SGF_FT_UINT64, /* seeds: integer, hex, or a quoted decimal string */
    SGF_FT_BOOL,
    SGF_FT_STRING,  /* char array of `size` bytes, NUL included */
    SGF_FT_ENUM,    /* stored as the enum (int-sized), written by name */
    SGF_FT_DIST,    /* sgf_dist: a number or "beta(4,2)" */
    SGF_FT_STRLIST, /* char[max_count][size] plus an int count */
    SGF_FT_GROUP,   /* a nested struct, described by `group` */
    SGF_FT_LIST     /* a named list of the def (top level only), by `list` */
} sgf_field_type;

/* Field flags. */
enum {
    SGF_FF_REQUIRED = 1u << 0, /* must be present when a list element is new */
    SGF_FF_KEY = 1u << 1       /* the key of a list element */
};

/* An enum's names: name(i) for i in [0, count). */
typedef struct sgf_enum_desc {
    const char *type_name; /* "role", "governance", ... */
    int count;
    const char *(*name)(int value);
} sgf_enum_desc;

struct sgf_schema;

/* A named list of the def: access to its elements through functions, so no
 * code outside sgf_def.h's own helpers reallocates the arrays. */
typedef struct sgf_list_desc {
    const char *key;  /* key field name: "iso" or "name" */
    const char *noun; /* "market", "partner", ... for messages */
    const struct sgf_schema *element;
    int (*count)(const sgf_world_def *def);
    void *(*at)(sgf_world_def *def, int index);
    const void *(*at_const)(const sgf_world_def *def, int index);
    void *(*add)(sgf_world_def *def); /* NULL on out of memory */
    void (*make_default)(void *out);  /* an element with defaults */
    size_t element_size;              /* sizeof the element struct */
} sgf_list_desc;

typedef struct sgf_field {
    const char *name;
    sgf_field_type type;
    size_t offset;       /* within the group's struct */
    size_t size;         /* STRING: capacity; STRLIST: element capacity */
    size_t count_offset; /* STRLIST: offset of the int count */
    int max_count;       /* STRLIST: element limit */
    double min, max;     /* numeric and DIST range; +-INFINITY when open */
    const sgf_enum_desc *enumeration;
    const struct sgf_schema *group;
    const sgf_list_desc *list;
    const char *unit; /* "" when dimensionless */
    const char *doc;
    unsigned flags;
} sgf_field;

typedef struct sgf_schema {
    const char *path; /* "firm.capabilities"; "" for the top level */
    const char *doc;  /* one line for the reference */
    const sgf_field *fields;
    int field_count;
} sgf_schema;

/* The top level: sgf_world_def. */
const sgf_schema *sgf_schema_root(void);

/* The field called `name` in `schema`, or NULL. */
const sgf_field *sgf_schema_find(const sgf_schema *schema, const char *name);

/* Field value access within a group's struct; the field's type decides. */
int sgf_field_get_enum(const sgf_field *f, const void *base);
void sgf_field_set_enum(const sgf_field *f, void *base, int value);

/* The enum value called `name`, or -1. */
int sgf_enum_from_name(const sgf_enum_desc *e, const char *name);

#endif
