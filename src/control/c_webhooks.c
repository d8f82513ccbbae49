/* /_plaza: event subscriptions of apps, deliveries (inspect, redeliver), and
 * deauthorizations awaiting the Data Compliance call. */
#include "control/control_internal.h"
#include "events/events.h"
#include "http/sse.h"
#include "oauth/oauth.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void subscription_input(json_t *body, struct subscription_input *in, struct perr *e)
{
    static const char *const fields[] = {"env", "name", "url", "events", "secret_token", "verification_token", NULL};
    in_only(body, fields, e);
    in->env = in_str(body, "env", NULL, e);
    in->name = in_str(body, "name", NULL, e);
    in->url = in_str(body, "url", NULL, e);
    in->secret_token = in_str(body, "secret_token", NULL, e);
    in->verification_token = in_str(body, "verification_token", NULL, e);
    struct in_list events = {in->events, SUBSCRIPTION_EVENTS_MAX, &in->nevents};
    in->has_events = in_strs(body, "events", &events, "event types", e);
}

static int with_body(struct http_req *r, int creating)
{
    struct perr e = {0};
    json_t *body = http_json_body(r, &e), *out = NULL;
    if (!body)
        return fail(r, &e);
    struct subscription_input in = {0};
    in.app_id = r->params[0];
    subscription_input(body, &in, &e);
    int rc = e.kind != PERR_NONE ? -1
             : creating          ? subscription_create(r->db, &in, &out, &e)
                                 : subscription_update(r->db, r->params[0], r->params[1], &in, &out, &e);
    json_decref(body);
    if (rc != 0)
        return fail(r, &e);
    http_add_header(r, H2O_TOKEN_CACHE_CONTROL, "no-store");
    http_send_json(r, creating ? 201 : 200, out);
    return 0;
}

int c_subscriptions_create(struct http_req *r) { return with_body(r, 1); }
int c_subscription_patch(struct http_req *r) { return with_body(r, 0); }

int c_subscriptions_list(struct http_req *r)
{
    struct perr e = {0};
    json_t *out;
    if (subscription_list(r->db, r->params[0], &out, &e) != 0)
        return fail(r, &e);
    http_add_header(r, H2O_TOKEN_CACHE_CONTROL, "no-store");
    http_send_json(r, 200, out);
    return 0;
}

int c_subscription_get(struct http_req *r)
{
    struct perr e = {0};
    json_t *out;
    if (subscription_get(r->db, r->params[0], r->params[1], &out, &e) != 0)
        return fail(r, &e);
    http_add_header(r, H2O_TOKEN_CACHE_CONTROL, "no-store");
    http_send_json(r, 200, out);
    return 0;
}

int c_subscription_delete(struct http_req *r)
{
    struct perr e = {0};
    if (subscription_delete(r->db, r->params[0], r->params[1], &e) != 0)
        return fail(r, &e);
    http_send_empty(r, 204);
    return 0;
}

int c_subscription_validate(struct http_req *r)
{
    struct perr e = {0};
    if (subscription_validate(r->db, r->params[0], r->params[1], &e) != 0)
        return fail(r, &e);
    http_send_json(r, 202, json_pack("{s:s}", "status", "validation queued"));
    return 0;
}

static int query_int(struct http_req *r, const char *name, int64_t *out, int64_t min, int64_t max, struct perr *e)
{
    const char *v = NULL;
    if (http_query(r, name, &v) < 0)
        return perr_field(e, name, "may be given once");
    if (!v)
        return 0;
    char *end;
    long long n = strtoll(v, &end, 10);
    if (!*v || *end || n < min || n > max)
        return perr_field(e, name, "must be a whole number from %lld to %lld", (long long)min, (long long)max);
    *out = n;
    return 0;
}

int c_deliveries_list(struct http_req *r)
{
    struct perr e = {0};
    struct delivery_filter f = {0};
    int64_t size = 30, after = 0;
    const char *token = NULL;
    if (http_query(r, "app_id", &f.app_id) < 0 || http_query(r, "event", &f.event) < 0 ||
        http_query(r, "status", &f.status) < 0 || http_query(r, "subscription_id", &f.subscription_id) < 0 ||
        http_query(r, "next_page_token", &token) < 0)
        perr_set(&e, PERR_INVALID, "Each filter may be given once: app_id, event, status, subscription_id, "
                                   "next_page_token.");
    query_int(r, "page_size", &size, 1, 200, &e);
    query_int(r, "after", &after, 0, INT64_MAX, &e);
    if (token && *token) { /* the token is the last id seen */
        char *end;
        long long t = strtoll(token, &end, 10);
        if (*end || t < 0)
            perr_field(&e, "next_page_token", "is not a token this API gave out");
        else
            after = t;
    }
    f.after = after;
    f.limit = (int)size;
    json_t *out;
    if (e.kind != PERR_NONE || deliveries_list(r->db, &f, &out, &e) != 0)
        return fail(r, &e);
    http_send_json(r, 200, out);
    return 0;
}

static int delivery_id(struct http_req *r, int64_t *id)
{
    char *end;
    long long n = strtoll(r->params[0], &end, 10);
    if (*end || n <= 0) {
        struct perr e = {0};
        perr_set(&e, PERR_NOT_FOUND, "Delivery %.30s does not exist.", r->params[0]);
        fail(r, &e);
        return -1;
    }
    *id = n;
    return 0;
}

int c_delivery_get(struct http_req *r)
{
    int64_t id;
    struct perr e = {0};
    json_t *out;
    if (delivery_id(r, &id) != 0)
        return 0;
    if (delivery_get(r->db, id, &out, &e) != 0)
        return fail(r, &e);
    http_send_json(r, 200, out);
    return 0;
}

int c_delivery_redeliver(struct http_req *r)
{
    int64_t id;
    struct perr e = {0};
    json_t *out;
    if (delivery_id(r, &id) != 0)
        return 0;
    if (delivery_redeliver(r->db, id, &out, &e) != 0)
        return fail(r, &e);
    http_send_json(r, 201, out);
    return 0;
}

int c_deauthorizations_list(struct http_req *r)
{
    struct perr e = {0};
    const char *app = NULL, *status = NULL;
    json_t *out;
    if (http_query(r, "app_id", &app) < 0 || http_query(r, "status", &status) < 0) {
        perr_set(&e, PERR_INVALID, "Each filter may be given once: app_id, status.");
        return fail(r, &e);
    }
    if (oauth_deauthorizations(r->db, app, status, &out, &e) != 0)
        return fail(r, &e);
    http_send_json(r, 200, out);
    return 0;
}

int c_install_delete(struct http_req *r)
{
    struct perr e = {0};
    char *end;
    long long id = strtoll(r->params[0], &end, 10);
    if (*end || id <= 0) {
        perr_set(&e, PERR_NOT_FOUND, "Install %.30s does not exist.", r->params[0]);
        return fail(r, &e);
    }
    if (oauth_remove_install(r->db, id, "operator", &e) != 0)
        return fail(r, &e);
    http_send_empty(r, 204);
    return 0;
}

int c_installs_list(struct http_req *r)
{
    struct perr e = {0};
    const char *app = NULL, *account = NULL, *user = NULL, *token = NULL;
    if (http_query(r, "app_id", &app) < 0 || http_query(r, "account_id", &account) < 0 ||
        http_query(r, "user_id", &user) < 0 || http_query(r, "next_page_token", &token) < 0) {
        perr_set(&e, PERR_INVALID, "Each filter may be given once: app_id, account_id, user_id, next_page_token.");
        return fail(r, &e);
    }
    int64_t after = token && *token ? strtoll(token, NULL, 10) : 0;
    enum { PAGE = 100 };
    struct install *list = h2o_mem_alloc_pool(&r->h->pool, sizeof *list * (PAGE + 1));
    int n;
    struct install_filter f = {app, account, user, after};
    if (install_list(r->db, &f, list, PAGE + 1, &n) != 0) {
        perr_set(&e, PERR_INTERNAL, "Listing installs failed.");
        return fail(r, &e);
    }
    int more = n > PAGE;
    if (more)
        n = PAGE;
    json_t *items = json_array();
    for (int i = 0; i < n; i++) {
        const struct install *in = &list[i];
        json_t *o = json_pack("{s:I,s:s,s:s,s:s,s:s?,s:s,s:s,s:o,s:o}", "id", (json_int_t)in->id, "app_id", in->app_id,
                              "env", app_env_name(in->env), "account_id", in->account_id, "user_id",
                              in->user_id[0] ? in->user_id : NULL, "installed_by", in->installed_by, "scopes",
                              in->scopes, "created_at", out_time(in->created_at), "revoked_at",
                              out_time(in->revoked_at));
        json_object_set_new(o, "status", json_string(in->revoked_at ? "removed" : "installed"));
        struct app a;
        struct perr ignored = {0};
        if (app_get(r->db, in->app_id, &a, &ignored) == 0) /* who installed what, by name (the admin's page) */
            json_object_set_new(o, "app_name", json_string(a.name));
        json_array_append_new(items, o);
    }
    char next[24] = "";
    if (more)
        snprintf(next, sizeof next, "%lld", (long long)list[n - 1].id);
    http_send_json(r, 200, json_pack("{s:o,s:s}", "installs", items, "next_page_token", next));
    return 0;
}

/* GET /_plaza/accounts/{accountId}/installs: every app installed in the account, whoever made it (an owner's
 * or admin's "installed apps"); the same list as GET /_plaza/installs?account_id=. */
int c_account_installs(struct http_req *r)
{
    if (http_query_set(r, "account_id", r->params[0]) != 0) {
        struct perr e = {0};
        perr_set(&e, PERR_INVALID, "Too many query parameters.");
        return fail(r, &e);
    }
    return c_installs_list(r);
}

/* GET /_plaza/apps/{appId}/deliveries/stream: the app's deliveries as they
 * happen (http/sse.h), one `event: delivery` each, its id the newest
 * delivery announced, so that Last-Event-ID resumes after it. */
static void announce(json_t *delivery, int64_t cursor, void *arg)
{
    struct sse_out *out = arg;
    char id[24];
    snprintf(id, sizeof id, "%lld", (long long)cursor);
    char *data = json_dumps(delivery, JSON_COMPACT);
    if (data)
        sse_event(out, "delivery", id, data);
    free(data);
}

static int tail_poll(struct db *db, void *state, struct sse_out *out)
{
    if (delivery_tail_poll(db, state, announce, out) != 0)
        log_warn("deliveries stream: reading the deliveries failed; trying again at the next poll");
    return 0;
}

int c_deliveries_stream(struct http_req *r)
{
    struct perr e = {0};
    struct app a;
    if (app_get(r->db, r->params[0], &a, &e) != 0)
        return fail(r, &e);
    struct delivery_tail *t = h2o_mem_alloc_pool(&r->h->pool, sizeof *t);
    if (delivery_tail_start(r->db, t, a.id, sse_last_event_id(r)) != 0) {
        perr_set(&e, PERR_INTERNAL, "Reading the app's deliveries failed.");
        return fail(r, &e);
    }
    if (sse_start(r, tail_poll, t) != 0) {
        perr_set(&e, PERR_LIMIT, "%d event streams are open on this node already; try again later.", SSE_STREAMS_MAX);
        e.status = 503;
        return fail(r, &e);
    }
    return 0;
}
