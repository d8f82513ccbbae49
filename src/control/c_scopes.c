/* /_plaza/scopes: the scope catalogue (market/scopes.c), searched and paged
 * like plaza's other lists. */
#include "control/control_internal.h"

#include <stdlib.h>
#include <string.h>

static json_t *out_scope(const struct scope_def *d)
{
    json_t *sources = json_array(), *ops = json_array();
    for (const char *const *s = d->sources; s && *s; s++)
        json_array_append_new(sources, json_string(*s));
    for (size_t i = 0; i < d->nops; i++) {
        const struct scope_op *o = &scope_ops[d->ops[i]];
        json_array_append_new(ops, json_pack("{s:s,s:s,s:s,s:s}", "operation_id", o->operation, "method", o->method,
                                             "path", o->path, "summary", o->summary));
    }
    return json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:o,s:o}", "scope", d->name, "description", d->description,
                     "consent_text", d->words, "level", d->level == SCOPE_ADMIN ? "admin" : "user", "kind",
                     d->kind == SCOPE_GRANULAR ? "granular" : "classic", "accessible_apis", d->apis, "sources",
                     sources, "operations", ops);
}

/* A query parameter given at most once; 0, or -1 with a field error. */
static int once(struct http_req *r, const char *name, const char **out, struct perr *e)
{
    *out = NULL;
    if (http_query(r, name, out) < 0)
        return perr_field(e, name, "may be given once");
    return 0;
}

int c_scopes_list(struct http_req *r)
{
    struct perr e = {0};
    const char *search, *level, *kind, *size_s, *after;
    once(r, "search", &search, &e);
    once(r, "level", &level, &e);
    once(r, "kind", &kind, &e);
    once(r, "page_size", &size_s, &e);
    once(r, "next_page_token", &after, &e);
    long size = PAGE_SIZE_DEFAULT;
    if (size_s) {
        char *end;
        size = strtol(size_s, &end, 10);
        if (!*size_s || *end || size < 1 || size > PAGE_SIZE_MAX)
            perr_field(&e, "page_size", "must be a number from 1 to %d", PAGE_SIZE_MAX);
    }
    if (level && strcmp(level, "user") != 0 && strcmp(level, "admin") != 0)
        perr_field(&e, "level", "must be user or admin");
    if (kind && strcmp(kind, "classic") != 0 && strcmp(kind, "granular") != 0)
        perr_field(&e, "kind", "must be classic or granular");
    if (after && !scope_find(after))
        perr_field(&e, "next_page_token", "is not a token this API gave out");
    if (search && strlen(search) > 200)
        perr_field(&e, "search", "must be at most 200 characters");
    if (e.kind != PERR_NONE)
        return fail(r, &e);

    json_t *items = json_array();
    const char *next = "", *last = "";
    long n = 0, total = 0;
    for (size_t i = 0; i < scope_catalog_count; i++) {
        const struct scope_def *d = &scope_catalog[i];
        if (level && (d->level == SCOPE_ADMIN) != (strcmp(level, "admin") == 0))
            continue;
        if (kind && (d->kind == SCOPE_GRANULAR) != (strcmp(kind, "granular") == 0))
            continue;
        if (search && !scope_matches(d, search))
            continue;
        total++;
        if (after && strcmp(d->name, after) <= 0)
            continue;
        if (n == size) {
            next = last; /* one more matches: the page ends at the last one shown */
            continue;
        }
        last = d->name;
        json_array_append_new(items, out_scope(d));
        n++;
    }
    http_send_json(r, 200, json_pack("{s:i,s:i,s:s,s:o}", "page_size", (int)size, "total_records", (int)total,
                                     "next_page_token", next, "scopes", items));
    return 0;
}
