/* /_plaza/apps/{id}/sections, /production, /publishable-url and /domains:
 * configuring an app section by section. */
#include "control/c_market_internal.h"

#include <stdio.h>
#include <string.h>

static json_t *sections_out(struct http_req *r, const char *app_id, json_t *doc)
{
    struct app a;
    struct perr ignore = {0};
    json_t *o = json_pack("{s:s}", "app_id", app_id);
    if (app_get(r->db, app_id, &a, &ignore) == 0) {
        json_object_set_new(o, "status", json_string(a.status));
        json_object_set_new(o, "version", json_integer(app_current_version(r->db, app_id)));
    }
    json_object_update(o, doc);
    json_decref(doc);
    return o;
}

int c_market_sections_get(struct http_req *r)
{
    struct perr e = {0};
    json_t *doc;
    if (sections_get(r->db, r->params[0], &doc, &e) != 0)
        return fail(r, &e);
    http_send_json(r, 200, sections_out(r, r->params[0], doc));
    return 0;
}

int c_market_sections_patch(struct http_req *r)
{
    struct perr e = {0};
    json_t *body = http_json_body(r, &e), *doc;
    if (!body)
        return fail(r, &e);
    int rc = sections_update(r->db, r->params[0], body, &doc, &e);
    json_decref(body);
    if (rc != 0)
        return fail(r, &e);
    http_send_json(r, 200, sections_out(r, r->params[0], doc));
    return 0;
}

int c_market_production_put(struct http_req *r)
{
    static const char *const fields[] = {"redirect_url", "allow_list", NULL};
    struct perr e = {0};
    json_t *body = http_json_body(r, &e);
    if (!body)
        return fail(r, &e);
    in_only(body, fields, &e);
    const char *allow[APP_MAX_URLS];
    struct production_urls urls = {.redirect_url = in_str(body, "redirect_url", NULL, &e), .allow_list = allow};
    struct in_list allow_list = {allow, APP_MAX_URLS, &urls.nallow};
    urls.has_allow_list = in_strs(body, "allow_list", &allow_list, "URLs", &e);
    struct app_details *d = h2o_mem_alloc_pool(&r->h->pool, sizeof *d);
    int created = 0;
    int rc = e.kind == PERR_NONE ? app_configure_production(r->db, r->params[0], &urls, d, &created, &e) : -1;
    json_decref(body);
    if (rc != 0)
        return fail(r, &e);
    http_send_json(r, created ? 201 : 200, out_app_market(r->db, d, NULL));
    return 0;
}

int c_market_link_create(struct http_req *r)
{
    static const char *const fields[] = {"environment", NULL};
    struct perr e = {0};
    json_t *body = r->h->entity.len ? http_json_body(r, &e) : json_object();
    if (!body)
        return fail(r, &e);
    in_only(body, fields, &e);
    const char *env_s = in_str(body, "environment", NULL, &e);
    enum app_env env = ENV_DEVELOPMENT;
    if (env_s && app_env_parse(env_s, &env) != 0)
        perr_field(&e, "environment", "must be development or production");
    struct app_link l;
    struct link_replaced replaced = {0};
    int rc = e.kind == PERR_NONE ? link_create(r->db, r->params[0], env_s ? (int)env : -1, &l, &replaced, &e) : -1;
    json_decref(body);
    if (rc != 0)
        return fail(r, &e);
    json_t *o = out_link(&l);
    if (replaced.had) { /* what the new link killed: every copy of the old one already shared */
        json_t *prev = out_link(&replaced.link);
        json_t *at = json_object_get(prev, "created_at");
        char text[400];
        snprintf(text, sizeof text,
                 "the Publishable URL made at %s (%s) stops working: every copy already shared is refused",
                 json_is_string(at) ? json_string_value(at) : "-", replaced.link.state);
        json_object_set_new(o, "replaced", prev);
        json_object_set_new(o, "invalidates", json_string(text));
    } else {
        json_object_set_new(o, "replaced", json_null());
        json_object_set_new(o, "invalidates", json_string("nothing: the app had no Publishable URL"));
    }
    http_send_json(r, 201, o);
    return 0;
}

int c_market_link_get(struct http_req *r)
{
    struct perr e = {0};
    struct app a;
    struct app_link l;
    if (app_get(r->db, r->params[0], &a, &e) != 0)
        return fail(r, &e);
    if (link_get(r->db, a.id, &l) != 1) {
        perr_set(&e, PERR_NOT_FOUND, "App %s has no Publishable URL yet: POST /_plaza/apps/{id}/publishable-url (plaza app publishable-url ID --new) makes one.", a.id);
        return fail(r, &e);
    }
    http_send_json(r, 200, out_link(&l));
    return 0;
}

static int send_domains(struct http_req *r, const struct app_domain *d, int n, const char *code)
{
    json_t *items = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(items, out_domain(&d[i]));
    json_t *o = json_pack("{s:s,s:o}", "app_id", r->params[0], "domains", items);
    if (code)
        json_object_set_new(o, "verification_code", json_string(code));
    http_send_json(r, 200, o);
    return 0;
}

int c_market_domains_list(struct http_req *r)
{
    struct perr e = {0};
    struct app_domain *d = h2o_mem_alloc_pool(&r->h->pool, sizeof *d * DOMAINS_MAX);
    struct app_domains list = {d, DOMAINS_MAX, 0};
    char code[48];
    if (domains_list(r->db, r->params[0], &list, code, &e) != 0)
        return fail(r, &e);
    return send_domains(r, d, list.n, code);
}

int c_market_domains_verify(struct http_req *r)
{
    static const char *const fields[] = {"domain", "manual", NULL};
    struct perr e = {0};
    json_t *body = r->h->entity.len ? http_json_body(r, &e) : json_object();
    if (!body)
        return fail(r, &e);
    in_only(body, fields, &e);
    const char *domain = in_str(body, "domain", NULL, &e);
    int manual = in_bool(body, "manual", &e);
    struct app_domain *d = h2o_mem_alloc_pool(&r->h->pool, sizeof *d * DOMAINS_MAX);
    struct app_domains list = {d, DOMAINS_MAX, 0};
    struct domain_check check = {domain, manual == 1};
    int rc = e.kind == PERR_NONE ? domains_verify(r->db, r->params[0], &check, &list, &e) : -1;
    json_decref(body);
    return rc == 0 ? send_domains(r, d, list.n, NULL) : fail(r, &e);
}
