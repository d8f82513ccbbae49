/* /_plaza/apps: create, read, change, delete apps and rotate their secrets. */
#include "control/c_market_internal.h"

#include <stdio.h>
#include <string.h>

static void app_input(json_t *body, struct app_input *in, struct perr *e)
{
    static const char *const fields[] = {"account_id", "name", "type", "management", "redirect_url",
                                         "allow_list", "scopes", "strict_mode", "subdomain_check", NULL};
    memset(in, 0, sizeof *in);
    in_only(body, fields, e);
    in->account_id = in_str(body, "account_id", NULL, e);
    in->name = in_str(body, "name", NULL, e);
    in->type = in_str(body, "type", NULL, e);
    in->management = in_str(body, "management", NULL, e);
    in->redirect_url = in_str(body, "redirect_url", NULL, e);
    in->strict_mode = in_bool(body, "strict_mode", e);
    in->subdomain_check = in_bool(body, "subdomain_check", e);

    struct in_list allow = {in->allow_list, APP_MAX_URLS, &in->nallow};
    in->has_allow_list = in_strs(body, "allow_list", &allow, "URLs", e);

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
            char f[48];
            snprintf(f, sizeof f, "scopes[%zu]", i);
            if (json_is_string(v)) {
                in->scopes[in->nscopes] = json_string_value(v);
                in->scope_descriptions[in->nscopes++] = NULL;
                continue;
            }
            json_t *name = json_object_get(v, "scope"), *desc = json_object_get(v, "description");
            if (!json_is_object(v) || !json_is_string(name) || (desc && !json_is_string(desc)) ||
                json_object_size(v) > (desc ? 2u : 1u)) {
                perr_field(e, f, "must be a scope name or {\"scope\", \"description\"}");
                continue;
            }
            in->scopes[in->nscopes] = json_string_value(name);
            in->scope_descriptions[in->nscopes++] = desc ? json_string_value(desc) : NULL;
        }
    }
}

/* Room for a complaint about each of an app's scopes and its other fields. */
#define APP_ERRORS_MAX (APP_MAX_SCOPES + 2 * APP_MAX_URLS + 16)

int c_apps_create(struct http_req *r)
{
    struct perr e = {0};
    perr_lend(&e, h2o_mem_alloc_pool(&r->h->pool, sizeof(struct perr_item) * APP_ERRORS_MAX), APP_ERRORS_MAX);
    json_t *body = http_json_body(r, &e);
    if (!body)
        return fail(r, &e);
    struct app_input in;
    struct app_details *d = h2o_mem_alloc_pool(&r->h->pool, sizeof *d);
    char secret[SECRET_LEN];
    app_input(body, &in, &e);
    in.created_by = r->who.kind == PRINCIPAL_USER ? r->who.user_id : NULL; /* members manage what they create */
    if (e.kind != PERR_NONE || app_create(r->db, &in, d, secret, &e) != 0) {
        json_decref(body);
        return fail(r, &e);
    }
    json_decref(body);
    http_add_header(r, H2O_TOKEN_CACHE_CONTROL, "no-store");
    http_send_json(r, 201, out_app_market(r->db, d, secret));
    return 0;
}

int c_apps_list(struct http_req *r)
{
    struct perr e = {0};
    int size;
    const char *after, *account = NULL, *status = NULL;
    if (in_page(r, &size, &after, &e) != 0)
        return fail(r, &e);
    if (http_query(r, "account_id", &account) < 0) {
        perr_field(&e, "account_id", "may be given once");
        return fail(r, &e);
    }
    enum app_state state;
    if (http_query(r, "status", &status) < 0 || (status && app_state_parse(status, &state) != 0)) {
        perr_field(&e, "status",
                   "must be given once: draft, submitted, in_review, approved, published, rejected or withdrawn");
        return fail(r, &e);
    }
    struct app *list = h2o_mem_alloc_pool(&r->h->pool, sizeof *list * (size_t)(size + 1));
    int n;
    struct app_filter f = {account, status, after};
    if (app_list(r->db, &f, list, size + 1, &n, &e) != 0)
        return fail(r, &e);
    int more = n > size;
    if (more)
        n = size;
    json_t *items = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(items, out_app_summary(&list[i]));
    http_send_json(r, 200, json_pack("{s:i,s:s,s:o}", "page_size", size, "next_page_token",
                                     more ? list[n - 1].id : "", "apps", items));
    return 0;
}

int c_app_get(struct http_req *r)
{
    struct perr e = {0};
    struct app_details *d = h2o_mem_alloc_pool(&r->h->pool, sizeof *d);
    if (app_details(r->db, r->params[0], d, &e) != 0)
        return fail(r, &e);
    http_send_json(r, 200, out_app_market(r->db, d, NULL));
    return 0;
}

int c_app_patch(struct http_req *r)
{
    struct perr e = {0};
    perr_lend(&e, h2o_mem_alloc_pool(&r->h->pool, sizeof(struct perr_item) * APP_ERRORS_MAX), APP_ERRORS_MAX);
    json_t *body = http_json_body(r, &e);
    if (!body)
        return fail(r, &e);
    struct app_input in;
    struct app_details *d = h2o_mem_alloc_pool(&r->h->pool, sizeof *d);
    app_input(body, &in, &e);
    if (e.kind != PERR_NONE || app_update(r->db, r->params[0], &in, d, &e) != 0) {
        json_decref(body);
        return fail(r, &e);
    }
    json_decref(body);
    http_send_json(r, 200, out_app_market(r->db, d, NULL));
    return 0;
}

int c_app_delete(struct http_req *r)
{
    struct perr e = {0};
    if (app_delete(r->db, r->params[0], &e) != 0)
        return fail(r, &e);
    http_send_empty(r, 204);
    return 0;
}

int c_app_rotate_secret(struct http_req *r)
{
    struct perr e = {0};
    enum app_env env;
    if (app_env_parse(r->params[1], &env) != 0) {
        perr_set(&e, PERR_NOT_FOUND, "No environment %.40s: development or production.", r->params[1]);
        return fail(r, &e);
    }
    char secret[SECRET_LEN];
    struct credential c;
    if (app_rotate_secret(r->db, r->params[0], env, secret, &c, &e) != 0)
        return fail(r, &e);
    http_add_header(r, H2O_TOKEN_CACHE_CONTROL, "no-store");
    http_send_json(r, 200, json_pack("{s:s,s:s,s:s,s:o,s:o}", "environment", app_env_name(env), "client_id",
                                     c.client_id, "client_secret", secret, "created_at", out_time(c.created_at),
                                     "rotated_at", out_time(c.rotated_at)));
    return 0;
}
