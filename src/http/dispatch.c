/* Every request passes here: route it, check who is calling (admin key for
 * /_plaza, access token and scopes for /v2), bound the body, run the handler,
 * then log one line and count it. Errors before the handler are answered in
 * the shape of the path's surface. */
#include "http/dispatch.h"
#include "core/zoom_codes.h"
#include "core/config.h"
#include "core/crypto.h"
#include "core/db.h"
#include "core/log.h"
#include "core/metrics.h"
#include "http/handlers.h"
#include "http/hosts.h"
#include "core/urls.h"
#include "http/http.h"
#include "http/access.h"
#include "http/router.h"
#include "http/v2.h"
#include "oauth/oauth.h"
#include "http/faults.h"
#include "http/ratelimit.h"
#include "http/revision.h"
#include "events/events.h"
#include "market/market.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

/* Stand-ins that give unknown paths the error shape of their surface. */
static const struct route surface_routes[] = {
    [SURFACE_OAUTH] = {"*", "/oauth", SURFACE_OAUTH, NULL, 0, NULL, NULL},
    [SURFACE_API] = {"*", "/v2", SURFACE_API, NULL, 0, NULL, NULL},
    [SURFACE_CONTROL] = {"*", "/_plaza", SURFACE_CONTROL, NULL, 0, NULL, NULL},
    [SURFACE_PAGE] = {"*", "/marketplace", SURFACE_PAGE, NULL, 0, NULL, NULL},
    [SURFACE_PLAIN] = {"*", "/", SURFACE_PLAIN, NULL, 0, NULL, NULL},
};

size_t route_max_body(const struct route *route) { return route->max_body ? route->max_body : HTTP_JSON_MAX_BODY; }

static int64_t now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static void not_found(struct http_req *r)
{
    struct perr e = {0};
    switch (r->route->surface) {
    case SURFACE_API:
        http_send_zoom_error(r, 404, ZOOM_NOT_FOUND, "Not Found", NULL);
        return;
    case SURFACE_OAUTH:
        http_send_oauth_error(r, 404, "Not Found", "invalid_request");
        return;
    default:
        perr_set(&e, PERR_NOT_FOUND, "No route for %.*s %.*s.", (int)r->h->method.len, r->h->method.base,
                 (int)(r->h->query_at == SIZE_MAX ? r->h->path.len : r->h->query_at), r->h->path.base);
        http_send_error(r, &e);
    }
}

/* A path asked of the Zoom hostname that does not serve it: 404 in the shape
 * of the path's surface, saying which host does. The control API is never
 * served at Zoom's hostnames. */
static void wrong_host(struct http_req *r, const char *why)
{
    struct perr e = {0};
    switch (r->route->surface) {
    case SURFACE_API:
        http_send_zoom_error(r, 404, ZOOM_NOT_FOUND, why, NULL);
        return;
    case SURFACE_OAUTH:
        http_send_oauth_error(r, 404, why, "invalid_request");
        return;
    case SURFACE_CONTROL:
        perr_set(&e, PERR_NOT_FOUND, "The control API is not served at Zoom's hostnames: use %s/_plaza.",
                 config()->public_url);
        http_send_error(r, &e);
        return;
    default:
        http_send_text(r, 404, "text/plain; charset=utf-8", why, strlen(why));
    }
}

static void method_not_allowed(struct http_req *r, h2o_iovec_t path)
{
    struct perr e = {0};
    char allow[128];
    router_allow(path, allow, sizeof allow);
    http_add_header(r, H2O_TOKEN_ALLOW, allow);
    switch (r->route->surface) {
    case SURFACE_API:
        http_send_zoom_error(r, 405, ZOOM_METHOD_NOT_ALLOWED, "Method Not Allowed", NULL);
        return;
    case SURFACE_OAUTH:
        http_send_oauth_error(r, 405, "Method Not Allowed", "invalid_request");
        return;
    default:
        perr_set(&e, PERR_INVALID, "Method %.*s is not allowed here.", (int)r->h->method.len, r->h->method.base);
        e.status = 405;
        http_send_error(r, &e);
    }
}

/* RFC 9112 §6.3: a request framed two ways (Content-Length and
 * Transfer-Encoding, two different lengths, two transfer codings) could be read
 * differently by a proxy in front of plaza, which would then see a second,
 * smuggled request. h2o picks one framing and reads the body by it; plaza
 * refuses the request once h2o hands it over and closes the connection, so
 * nothing that follows on it is read as a request. A head over HTTP_MAX_HEAD
 * bytes is 431, also closing. */
static int check_framing(struct http_req *r)
{
    struct http_head head;
    if (!http_head_inspect(r->h, &head))
        return 0;
    struct perr e = {0};
    if (head.content_lengths && head.transfer_encodings)
        perr_set(&e, PERR_INVALID, "A request may not carry both Content-Length and Transfer-Encoding.");
    else if (head.lengths_differ)
        perr_set(&e, PERR_INVALID, "A request may not carry two different Content-Length values.");
    else if (head.transfer_encodings > 1)
        perr_set(&e, PERR_INVALID, "A request may carry Transfer-Encoding once, as `chunked`.");
    else if (head.size > HTTP_MAX_HEAD) {
        perr_set(&e, PERR_LIMIT, "The request line and headers are larger than %d bytes.", HTTP_MAX_HEAD);
        e.status = 431;
    } else
        return 0;
    r->h->http1_is_persistent = 0;
    http_send_error(r, &e);
    return -1;
}

/* /_plaza: `Authorization: Bearer <admin key>`, compared in constant time. */
/* /v2: a valid access token that carries one of the route's scopes.
 * zoom-wire §2.2: 401/124 for bad or expired tokens, 400/4711 for scopes. */
static int check_token(struct http_req *r)
{
    size_t n;
    const char *tok = http_bearer(r, &n);
    struct oauth_access a;
    enum oauth_verdict v = tok ? oauth_access_verify(r->db, tok, n, &a) : OAUTH_TOKEN_INVALID;
    if (v == OAUTH_TOKEN_EXPIRED) {
        http_send_zoom_error(r, 401, ZOOM_ACCESS_TOKEN_INVALID, "Access token is expired.", NULL);
        return -1;
    }
    if (v != OAUTH_TOKEN_OK) {
        http_send_zoom_error(r, 401, ZOOM_ACCESS_TOKEN_INVALID, "Invalid access token.", NULL);
        return -1;
    }
    memcpy(r->token.client_id, a.client_id, sizeof a.client_id);
    memcpy(r->token.user_id, a.user_id, sizeof a.user_id);
    memcpy(r->token.account_id, a.account_id, sizeof a.account_id);
    r->token.install_id = a.install_id;
    r->token.type = a.type;
    r->token.scopes = http_strdup(r, a.scopes, strlen(a.scopes));

    const char *const *accepted = r->route->scopes;
    if (!accepted)
        return 0;
    for (const char *const *s = accepted; *s; s++)
        if (scopes_contain(r->token.scopes, *s))
            return 0;
    v2_send_missing_scopes(r, accepted, 0);
    return -1;
}

/* The request's last step: one log line and the counters. */
static void finish(struct http_req *r)
{
    /* a change may have queued deliveries: the worker looks now rather than at its next tick */
    if (!h2o_memis(r->h->method.base, r->h->method.len, H2O_STRLIT("GET")) && r->status < 400)
        webhooks_wake();
    int64_t took = now_us() - r->started_us;
    metrics_request(r->thread->metrics, r->route_index, r->status, took);
    log_info("%.*s %s %d %lldus rid=%s", (int)r->h->method.len, r->h->method.base,
             r->route_index < routes_count ? r->route->pattern : "-", r->status, (long long)took, r->request_id);
}

/* An injected fault's answer, in the surface's shape. */
static void send_fault(struct http_req *r, const struct fault_rule *f)
{
    if (r->route->surface == SURFACE_OAUTH)
        http_send_oauth_error(r, f->status, f->message, "server_error");
    else
        http_send_zoom_error(r, f->status, f->code, f->message, NULL);
}

/* Zoom's rate limits (§2.3) for /v2: headers on every answer, 429 past the limit. */
static int check_rate(struct http_req *r)
{
    if (!(r->route->flags & ROUTE_TOKEN) || !ratelimit_enabled(r->token.account_id))
        return 0;
    struct account a;
    struct perr ignore = {0};
    if (account_get(r->db, r->token.account_id, &a, &ignore) != 0)
        return 0;
    struct ratelimit_verdict v;
    ratelimit_check(r->db, a.id, a.plan, r->route->rate_label, &v);
    if (!v.applies)
        return 0;
    char n[24];
    http_add_header_by_name(r, "x-ratelimit-category", v.category);
    snprintf(n, sizeof n, "%lld", (long long)v.limit);
    http_add_header_by_name(r, "x-ratelimit-limit", n);
    snprintf(n, sizeof n, "%lld", (long long)v.remaining);
    http_add_header_by_name(r, "x-ratelimit-remaining", n);
    if (!v.limited)
        return 0;
    http_add_header_by_name(r, "x-ratelimit-type", v.type);
    http_add_header_by_name(r, "retry-after", v.retry_after);
    http_send_zoom_error(r, 429, ZOOM_RATE_LIMITED, v.message, NULL);
    return -1;
}

/* Rate limit, then the handler; what every routed request ends with. */
static void run(struct http_req *r)
{
    char context[40];
    snprintf(context, sizeof context, "rid=%s", r->request_id);
    log_context_set(context); /* whatever fails below (the store, a module) names this request */
    /* the URLs it writes stay where the caller is: Zoom's hostnames or the
     * public URL. The control API's are for apps (the Publishable URL, the
     * events of simulated meetings), like work outside a request. */
    if (r->zoom_host || r->route->surface != SURFACE_CONTROL)
        urls_begin_request(r->zoom_host, r->zoom_port);
    if (check_rate(r) == 0 && (r->route->surface != SURFACE_API || v2_check_query(r) == 0)) {
        if (r->route->flags & ROUTE_APP_REVISION)
            revision_run(r); /* ETag, and If-Match checked in the change's transaction */
        else
            r->route->handler(r);
        if (r->status == 0) {
            struct perr e = {0};
            log_error("request %s: handler for %s %s sent nothing", r->request_id, r->route->method,
                      r->route->pattern);
            perr_set(&e, PERR_INTERNAL, "The handler produced no response.");
            http_send_error(r, &e);
        }
        if (db_abandon(r->db)) /* a path that forgot its transaction: never hold the store's locks */
            log_error("request %s: %s %s left a transaction open; rolled back", r->request_id, r->route->method,
                      r->route->pattern);
    }
    log_context_set(NULL);
    urls_end_request();
    finish(r);
}

/* A delayed request waits in a timer of its thread; if the client goes away
 * first, the request's pool is cleared and the timer entry unlinked. */
struct delayed {
    h2o_timeout_entry_t entry;
    struct http_req *r;
    struct fault_rule rule;
};

static void on_delay_dispose(void *p)
{
    struct delayed *d = p;
    if (h2o_timeout_is_linked(&d->entry))
        h2o_timeout_unlink(&d->entry);
}

static void on_delay(h2o_timeout_entry_t *entry)
{
    struct delayed *d = H2O_STRUCT_FROM_MEMBER(struct delayed, entry, entry);
    struct http_req *r = d->r;
    if (d->rule.status) {
        send_fault(r, &d->rule);
        finish(r);
        return;
    }
    run(r);
}

static int delay(struct http_req *r, const struct fault_rule *rule)
{
    h2o_timeout_t *timer = dispatch_timer(r->thread, (uint32_t)rule->delay_ms);
    if (!timer)
        return -1;
    struct delayed *d = h2o_mem_alloc_shared(&r->h->pool, sizeof *d, on_delay_dispose);
    memset(d, 0, sizeof *d);
    d->r = r;
    d->rule = *rule;
    d->entry.cb = on_delay;
    h2o_timeout_link(r->thread->ctx.loop, timer, &d->entry);
    return 0;
}

int dispatch_request(h2o_handler_t *self, h2o_req_t *req)
{
    (void)self;
    struct http_thread *t = (struct http_thread *)req->conn->ctx;

    struct http_req *r = h2o_mem_alloc_pool(&req->pool, sizeof *r);
    memset(r, 0, sizeof *r);
    r->h = req;
    r->db = t->db;
    r->thread = t;
    r->started_us = now_us();
    if (!t->rid_prefix)
        crypto_random(&t->rid_prefix, sizeof t->rid_prefix);
    snprintf(r->request_id, sizeof r->request_id, "%016llx%016llx", (unsigned long long)t->rid_prefix,
             (unsigned long long)++t->rid_counter);

    h2o_iovec_t path = req->path;
    h2o_iovec_t query = {NULL, 0};
    if (req->query_at != SIZE_MAX) {
        query = h2o_iovec_init(path.base + req->query_at + 1, path.len - req->query_at - 1);
        path.len = req->query_at;
    }

    enum route_match m = router_match(&req->pool, req->method, path, &r->route, r->params, &r->nparams);
    r->route_index = m == ROUTE_FOUND ? router_index(r->route) : routes_count;
    if (m == ROUTE_NO_PATH)
        r->route = &surface_routes[router_surface_of(path)];
    else if (m == ROUTE_NO_METHOD)
        r->route = &surface_routes[r->route->surface];
    struct perr e = {0};
    enum zoom_host zh = hosts_classify(req->authority.base, req->authority.len, &r->zoom_port);
    const char *refusal = hosts_refusal(zh, path.base, path.len);
    r->zoom_host = zh != HOST_OTHER;

    if (check_framing(r) != 0) {
        /* answered, and the connection closes */
    } else if (refusal) {
        wrong_host(r, refusal);
    } else if (m == ROUTE_NO_PATH) {
        not_found(r);
    } else if (m == ROUTE_NO_METHOD) {
        method_not_allowed(r, path);
    } else if (query.len && http_form_parse(&req->pool, query.base, query.len, &r->query, &e) != 0) {
        if (e.kind == PERR_LIMIT)
            e.kind = PERR_INVALID;
        http_send_error(r, &e);
    } else if (req->entity.base && req->entity.len > route_max_body(r->route)) {
        /* before any authentication: a caller learns only the bound */
        perr_set(&e, PERR_LIMIT, "Request body is larger than %zu bytes.", route_max_body(r->route));
        req->http1_is_persistent = 0;
        http_send_error(r, &e);
    } else if ((r->route->flags & ROUTE_ADMIN) && access_check(r) != 0) {
        /* answered */
    } else if ((r->route->flags & ROUTE_TOKEN) && check_token(r) != 0) {
        /* answered */
    } else {
        struct fault_rule fault;
        int faulty = (r->route->surface == SURFACE_API || r->route->surface == SURFACE_OAUTH) &&
                     faults_match(r->token.account_id[0] ? r->token.account_id : NULL, r->route->method,
                                  http_strdup(r, path.base, path.len), &fault);
        if (faulty && fault.delay_ms > 0 && delay(r, &fault) == 0)
            return 0; /* finished when the timer fires */
        if (faulty && fault.status)
            send_fault(r, &fault);
        else {
            run(r);
            return 0;
        }
    }
    finish(r);
    return 0;
}

h2o_timeout_t *dispatch_timer(struct http_thread *t, uint32_t ms)
{
    for (int i = 0; i < t->ntimers; i++)
        if (t->timers[i].ms == ms)
            return &t->timers[i].timeout;
    if (t->ntimers == DISPATCH_TIMERS) {
        log_warn("dispatch: more than %d distinct fault delays; answering without delay", DISPATCH_TIMERS);
        return NULL;
    }
    t->timers[t->ntimers].ms = ms;
    h2o_timeout_init(t->ctx.loop, &t->timers[t->ntimers].timeout, ms);
    return &t->timers[t->ntimers++].timeout;
}

void dispatch_timers_dispose(struct http_thread *t)
{
    for (int i = 0; i < t->ntimers; i++)
        h2o_timeout_dispose(t->ctx.loop, &t->timers[i].timeout);
    t->ntimers = 0;
}
