/* /_plaza/apps/{id}/environments/{development|production}: the app's
 * Development and Production tabs (credentials and their state, redirect URL
 * and allow list, Embed features, scopes with descriptions). */
#include "control/c_market_internal.h"

#include <stdio.h>
#include <string.h>

static int env_param(struct http_req *r, enum app_env *env, struct perr *e)
{
    if (app_env_parse(r->params[1], env) == 0)
        return 0;
    perr_set(e, PERR_NOT_FOUND, "No environment %.40s: development or production.", r->params[1]);
    return -1;
}

static int send_tab(struct http_req *r, int status, const struct app_tab *t, struct perr *e)
{
    struct app_details *d = h2o_mem_alloc_pool(&r->h->pool, sizeof *d);
    if (app_details(r->db, r->params[0], d, e) != 0)
        return fail(r, e);
    http_send_json(r, status, out_tab(r->db, r->params[0], t, d));
    return 0;
}

int c_market_tab_get(struct http_req *r)
{
    struct perr e = {0};
    enum app_env env;
    struct app_tab *t = h2o_mem_alloc_pool(&r->h->pool, sizeof *t);
    if (env_param(r, &env, &e) != 0 || app_tab_get(r->db, r->params[0], env, t, &e) != 0)
        return fail(r, &e);
    return send_tab(r, 200, t, &e);
}

/* {"features": {"meeting_sdk", "device_oauth"}, "scopes": [name | {scope, description}],
 *  "scope_descriptions": {scope: text}, "from_development": true} */
static void tab_input(json_t *body, struct app_tab_input *in, struct perr *e)
{
    static const char *const fields[] = {"features", "scopes", "scope_descriptions", "from_development", NULL};
    static const char *const feature_fields[] = {"meeting_sdk", "device_oauth", NULL};
    memset(in, 0, sizeof *in);
    in->meeting_sdk = in->device_oauth = -1;
    in_only(body, fields, e);
    json_t *features = in_obj(body, "features", e);
    if (features) {
        struct perr fe = {0};
        if (in_only(features, feature_fields, &fe) != 0)
            perr_field(e, "features", "has only meeting_sdk and device_oauth (the Embed features of a tab)");
        in->meeting_sdk = in_bool(features, "meeting_sdk", e);
        in->device_oauth = in_bool(features, "device_oauth", e);
    }
    in->from_development = in_bool(body, "from_development", e) == 1;
    json_t *scopes = json_object_get(body, "scopes");
    if (scopes && !json_is_null(scopes)) {
        if (!json_is_array(scopes) || json_array_size(scopes) > APP_MAX_SCOPES) {
            perr_field(e, "scopes", "must be an array of at most %d scopes", APP_MAX_SCOPES);
            return;
        }
        in->has_scopes = 1;
        size_t i;
        json_t *v;
        json_array_foreach(scopes, i, v)
        {
            json_t *name = json_is_string(v) ? v : json_object_get(v, "scope");
            json_t *desc = json_is_object(v) ? json_object_get(v, "description") : NULL;
            if (!json_is_string(name) || (desc && !json_is_string(desc)) ||
                (json_is_object(v) && json_object_size(v) > (desc ? 2u : 1u))) {
                char f[48];
                snprintf(f, sizeof f, "scopes[%zu]", i);
                perr_field(e, f, "must be a scope name or {\"scope\", \"description\"}");
                continue;
            }
            in->scopes[in->nscopes] = json_string_value(name);
            in->descriptions[in->nscopes++] = desc ? json_string_value(desc) : NULL;
        }
    }
    json_t *describe = in_obj(body, "scope_descriptions", e);
    const char *key;
    json_t *v;
    json_object_foreach(describe, key, v)
    {
        if (in->ndescribe == TAB_DESCRIBE_MAX) {
            perr_field(e, "scope_descriptions", "at most %d at once", TAB_DESCRIBE_MAX);
            break;
        }
        if (!json_is_string(v)) {
            char f[96];
            snprintf(f, sizeof f, "scope_descriptions.%.60s", key);
            perr_field(e, f, "must be a string");
            continue;
        }
        in->describe_scope[in->ndescribe] = key;
        in->describe_text[in->ndescribe++] = json_string_value(v);
    }
}

/* Room for a complaint about each scope and description and the tab's other fields. */
#define TAB_ERRORS_MAX (2 * APP_MAX_SCOPES + 16)

int c_market_tab_patch(struct http_req *r)
{
    struct perr e = {0};
    perr_lend(&e, h2o_mem_alloc_pool(&r->h->pool, sizeof(struct perr_item) * TAB_ERRORS_MAX), TAB_ERRORS_MAX);
    enum app_env env;
    if (env_param(r, &env, &e) != 0)
        return fail(r, &e);
    json_t *body = http_json_body(r, &e);
    if (!body)
        return fail(r, &e);
    struct app_tab_input *in = h2o_mem_alloc_pool(&r->h->pool, sizeof *in);
    struct app_tab *t = h2o_mem_alloc_pool(&r->h->pool, sizeof *t);
    tab_input(body, in, &e);
    int rc = e.kind == PERR_NONE ? app_tab_update(r->db, r->params[0], env, in, t, &e) : -1;
    json_decref(body);
    if (rc != 0)
        return fail(r, &e);
    return send_tab(r, 200, t, &e);
}
