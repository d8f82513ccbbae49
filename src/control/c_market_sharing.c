/* /_plaza/apps/{id}/share-requests, /_plaza/share-requests and
 * /_plaza/marketplace/settings: private sharing and the operator's say; and
 * /_plaza/accounts/{id}/app-policy, /preapproved-apps, /_plaza/apps/{id}/installs
 * and /uninstall: what accounts allow, and removing an app. */
#include "control/c_market_internal.h"
#include "oauth/oauth.h"

#include <stdio.h>
#include <string.h>

#define SHARES_MAX 100
#define INSTALLS_MAX 300
#define PREAPPROVED_MAX 300

static int in_int(json_t *o, const char *key, struct perr *e)
{
    json_t *v = json_object_get(o, key);
    if (!v || json_is_null(v))
        return -1;
    if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 100000000) {
        perr_field(e, key, "must be a whole number");
        return -1;
    }
    return (int)json_integer_value(v);
}

int c_market_share_create(struct http_req *r)
{
    static const char *const fields[] = {"will_publish", "customers",    "customer_type", "duration_days",
                                         "reason",       "actor",        NULL};
    struct perr e = {0};
    json_t *body = http_json_body(r, &e);
    if (!body)
        return fail(r, &e);
    struct share_request_new in = {0};
    in_only(body, fields, &e);
    in.will_publish = in_bool(body, "will_publish", &e);
    in.customers = in_int(body, "customers", &e);
    in.customer_type = in_str(body, "customer_type", NULL, &e);
    in.duration_days = in_int(body, "duration_days", &e);
    in.reason = in_str(body, "reason", NULL, &e);
    in.actor = in_actor(r, body, &e);
    struct share_request s;
    int rc = e.kind == PERR_NONE ? share_request_create(r->db, r->params[0], &in, &s, &e) : -1;
    json_decref(body);
    if (rc != 0)
        return fail(r, &e);
    http_send_json(r, 201, out_share_request(&s));
    return 0;
}

static int send_shares(struct http_req *r, const char *app_id, const char *status)
{
    struct perr e = {0};
    struct share_request *s = h2o_mem_alloc_pool(&r->h->pool, sizeof *s * SHARES_MAX);
    int n;
    if (status && strcmp(status, "pending") != 0 && strcmp(status, "approved") != 0 && strcmp(status, "denied") != 0) {
        perr_field(&e, "status", "must be pending, approved or denied");
        return fail(r, &e);
    }
    struct share_request_filter f = {app_id, status};
    if (share_request_list(r->db, &f, s, SHARES_MAX, &n, &e) != 0)
        return fail(r, &e);
    json_t *items = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(items, out_share_request(&s[i]));
    json_t *o = json_pack("{s:o}", "share_requests", items);
    if (app_id) {
        int64_t until = share_expires_at(r->db, app_id);
        json_object_set_new(o, "shared_until", out_time(until));
    }
    http_send_json(r, 200, o);
    return 0;
}

int c_market_share_list(struct http_req *r)
{
    struct perr e = {0};
    struct app a;
    if (app_get(r->db, r->params[0], &a, &e) != 0)
        return fail(r, &e);
    return send_shares(r, a.id, NULL);
}

int c_market_share_queue(struct http_req *r)
{
    const char *status = NULL;
    struct perr e = {0};
    if (http_query(r, "status", &status) < 0) {
        perr_field(&e, "status", "may be given once");
        return fail(r, &e);
    }
    return send_shares(r, NULL, status);
}

int c_market_share_decide(struct http_req *r)
{
    static const char *const fields[] = {"decision", "notes", "days", NULL};
    struct perr e = {0};
    json_t *body = http_json_body(r, &e);
    if (!body)
        return fail(r, &e);
    in_only(body, fields, &e);
    const char *decision = in_str(body, "decision", NULL, &e), *notes = in_str(body, "notes", NULL, &e);
    int days = in_int(body, "days", &e);
    int approve = decision && strcmp(decision, "approve") == 0;
    if (!decision || (!approve && strcmp(decision, "deny") != 0))
        perr_field(&e, "decision", "must be approve or deny");
    struct share_request s;
    struct share_decision d = {approve, days < 0 ? 0 : days, notes};
    int rc = e.kind == PERR_NONE ? share_request_decide(r->db, r->params[0], &d, &s, &e) : -1;
    json_decref(body);
    if (rc != 0)
        return fail(r, &e);
    http_send_json(r, 200, out_share_request(&s));
    return 0;
}

static json_t *settings_json(const struct market_settings *s)
{
    return json_pack("{s:b,s:i}", "accept_share_requests", s->accept_share_requests, "share_days", s->share_days);
}

int c_market_settings_get(struct http_req *r)
{
    struct market_settings s;
    struct perr e = {0};
    if (market_settings_get(r->db, &s) != 0) {
        perr_set(&e, PERR_INTERNAL, "Reading the settings failed.");
        return fail(r, &e);
    }
    http_send_json(r, 200, settings_json(&s));
    return 0;
}

int c_market_settings_patch(struct http_req *r)
{
    static const char *const fields[] = {"accept_share_requests", "share_days", NULL};
    struct perr e = {0};
    json_t *body = http_json_body(r, &e);
    if (!body)
        return fail(r, &e);
    in_only(body, fields, &e);
    int accept = in_bool(body, "accept_share_requests", &e), days = in_int(body, "share_days", &e);
    if (days == 0)
        perr_field(&e, "share_days", "must be from 1 to 365");
    struct market_settings s;
    int rc = e.kind == PERR_NONE ? market_settings_update(r->db, accept, days < 0 ? 0 : days, &s, &e) : -1;
    json_decref(body);
    if (rc != 0)
        return fail(r, &e);
    http_send_json(r, 200, settings_json(&s));
    return 0;
}

/* ---- pre-approval -------------------------------------------------------------- */

static json_t *policy_json(struct http_req *r, const char *account_id, const struct app_policy *p)
{
    char (*ids)[ID_LEN] = h2o_mem_alloc_pool(&r->h->pool, sizeof *ids * PREAPPROVED_MAX);
    int n = 0;
    struct perr ignore = {0};
    preapproval_list(r->db, account_id, ids, PREAPPROVED_MAX, &n, &ignore);
    json_t *apps = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(apps, json_string(ids[i]));
    return json_pack("{s:s,s:b,s:o}", "account_id", account_id, "require_preapproval", p->require_preapproval,
                     "preapproved_apps", apps);
}

int c_market_policy_get(struct http_req *r)
{
    struct perr e = {0};
    struct app_policy p;
    if (app_policy_get(r->db, r->params[0], &p, &e) != 0)
        return fail(r, &e);
    http_send_json(r, 200, policy_json(r, r->params[0], &p));
    return 0;
}

int c_market_policy_patch(struct http_req *r)
{
    static const char *const fields[] = {"require_preapproval", "actor", NULL};
    struct perr e = {0};
    json_t *body = http_json_body(r, &e);
    if (!body)
        return fail(r, &e);
    in_only(body, fields, &e);
    int require = in_bool(body, "require_preapproval", &e);
    const char *actor = in_actor(r, body, &e);
    if (require < 0 && e.kind == PERR_NONE)
        perr_field(&e, "require_preapproval", "is required: true or false");
    struct app_policy p;
    int rc = e.kind == PERR_NONE ? app_policy_set(r->db, r->params[0], require, actor, &p, &e) : -1;
    json_decref(body);
    if (rc != 0)
        return fail(r, &e);
    http_send_json(r, 200, policy_json(r, r->params[0], &p));
    return 0;
}

int c_market_preapproval_put(struct http_req *r)
{
    static const char *const fields[] = {"actor", NULL};
    struct perr e = {0};
    json_t *body = r->h->entity.len ? http_json_body(r, &e) : json_object();
    if (!body)
        return fail(r, &e);
    in_only(body, fields, &e);
    const char *actor = in_actor(r, body, &e);
    struct app_policy p;
    int rc = e.kind == PERR_NONE ? preapproval_add(r->db, r->params[0], r->params[1], actor, &e) : -1;
    json_decref(body);
    if (rc != 0 || app_policy_get(r->db, r->params[0], &p, &e) != 0)
        return fail(r, &e);
    http_send_json(r, 200, policy_json(r, r->params[0], &p));
    return 0;
}

int c_market_preapproval_delete(struct http_req *r)
{
    struct perr e = {0};
    const char *actor = in_actor_query(r, &e);
    if (e.kind != PERR_NONE)
        return fail(r, &e);
    if (preapproval_remove(r->db, r->params[0], r->params[1], actor, &e) != 0)
        return fail(r, &e);
    http_send_empty(r, 204);
    return 0;
}

/* ---- installs ------------------------------------------------------------------ */

int c_market_installs(struct http_req *r)
{
    struct perr e = {0};
    struct market_install *m = h2o_mem_alloc_pool(&r->h->pool, sizeof *m * INSTALLS_MAX);
    int n;
    if (market_installs(r->db, r->params[0], m, INSTALLS_MAX, &n, &e) != 0)
        return fail(r, &e);
    json_t *items = json_array();
    for (int i = 0; i < n; i++) {
        const struct install *ins = &m[i].ins;
        json_t *scopes = json_array();
        char buf[SCOPES_STR_MAX], *save;
        snprintf(buf, sizeof buf, "%s", ins->scopes);
        for (char *s = strtok_r(buf, " ", &save); s; s = strtok_r(NULL, " ", &save))
            json_array_append_new(scopes, json_string(s));
        json_array_append_new(
            items, json_pack("{s:I,s:s,s:s,s:s?,s:s,s:o,s:s,s:o,s:b,s:b,s:o,s:o}", "id", (json_int_t)ins->id,
                             "environment", app_env_name(ins->env), "account_id", ins->account_id, "user_id",
                             ins->user_id[0] ? ins->user_id : NULL, "installed_by", ins->installed_by, "version",
                             m[i].app_version ? json_integer(m[i].app_version) : json_null(), "via",
                             m[i].via[0] ? m[i].via : "own", "scopes", scopes, "active", ins->revoked_at == 0,
                             "reauthorization_required", m[i].reauthorization_required, "created_at",
                             out_time(ins->created_at), "revoked_at", out_time(ins->revoked_at)));
    }
    http_send_json(r, 200, json_pack("{s:s,s:o}", "app_id", r->params[0], "installs", items));
    return 0;
}

int c_market_uninstall(struct http_req *r)
{
    static const char *const fields[] = {"user", "environment", NULL};
    struct perr e = {0};
    json_t *body = http_json_body(r, &e);
    if (!body)
        return fail(r, &e);
    in_only(body, fields, &e);
    const char *user = in_str(body, "user", NULL, &e), *env_s = in_str(body, "environment", NULL, &e);
    enum app_env env = ENV_DEVELOPMENT;
    if (env_s && app_env_parse(env_s, &env) != 0)
        perr_field(&e, "environment", "must be development or production");
    int64_t id = 0;
    int rc = e.kind == PERR_NONE && market_uninstall(r->db, r->params[0], user, env, &id, &e) == 0
                 ? oauth_remove_install(r->db, id, user, &e)
                 : -1;
    json_decref(body);
    if (rc != 0)
        return fail(r, &e);
    http_send_json(r, 200, json_pack("{s:I,s:b}", "install_id", (json_int_t)id, "removed", 1));
    return 0;
}
