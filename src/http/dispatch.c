/* Every request passes here: route it, check who is calling (admin key for
 * /_plaza, access token and scopes for /v2), bound the body, run the handler,
 * then log one line and count it. Errors before the handler are answered in
 * the shape of the path's surface. */
#include "http/dispatch.h"
#include "core/config.h"
#include "core/crypto.h"
#include "core/log.h"
#include "core/metrics.h"
#include "http/handlers.h"
#include "http/http.h"
#include "http/router.h"
#include "oauth/oauth.h"

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
        http_send_zoom_error(r, 404, 404, "Not Found", NULL);
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

static void method_not_allowed(struct http_req *r, h2o_iovec_t path)
{
    struct perr e = {0};
    char allow[128];
    router_allow(path, allow, sizeof allow);
    http_add_header(r, H2O_TOKEN_ALLOW, allow);
    switch (r->route->surface) {
    case SURFACE_API:
        http_send_zoom_error(r, 405, 405, "Method Not Allowed", NULL);
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

/* /_plaza: `Authorization: Bearer <admin key>`, compared in constant time. */
static int check_admin(struct http_req *r)
{
    size_t n;
    const char *key = http_bearer(r, &n);
    const char *want = config()->admin_key;
    size_t wn = strlen(want);
    uint8_t a[32], b[32];
    if (key) { /* compare digests so that the comparison time does not depend on the length either */
        crypto_sha256(key, n, a);
        crypto_sha256(want, wn, b);
    }
    if (!key || !crypto_equal(a, b, sizeof a)) {
        struct perr e = {0};
        perr_set(&e, PERR_UNAUTHORIZED, "Send the admin key as `Authorization: Bearer <admin key>`.");
        http_send_error(r, &e);
        return -1;
    }
    return 0;
}

/* /v2: a valid access token that carries one of the route's scopes.
 * zoom-wire §2.2: 401/124 for bad or expired tokens, 400/4711 for scopes. */
static int check_token(struct http_req *r)
{
    size_t n;
    const char *tok = http_bearer(r, &n);
    struct oauth_access a;
    enum oauth_verdict v = tok ? oauth_access_verify(tok, n, &a) : OAUTH_TOKEN_INVALID;
    if (v == OAUTH_TOKEN_EXPIRED) {
        http_send_zoom_error(r, 401, 124, "Access token is expired.", NULL);
        return -1;
    }
    if (v != OAUTH_TOKEN_OK) {
        http_send_zoom_error(r, 401, 124, "Invalid access token.", NULL);
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

int dispatch_request(h2o_handler_t *self, h2o_req_t *req)
{
    (void)self;
    struct http_thread *t = (struct http_thread *)req->conn->ctx;
    int64_t started = now_us();

    struct http_req *r = h2o_mem_alloc_pool(&req->pool, sizeof *r);
    memset(r, 0, sizeof *r);
    r->h = req;
    r->db = t->db;
    uint8_t rid[16];
    crypto_random(rid, sizeof rid);
    crypto_hex(r->request_id, rid, sizeof rid);

    h2o_iovec_t path = req->path;
    h2o_iovec_t query = {NULL, 0};
    if (req->query_at != SIZE_MAX) {
        query = h2o_iovec_init(path.base + req->query_at + 1, path.len - req->query_at - 1);
        path.len = req->query_at;
    }

    enum route_match m = router_match(&req->pool, req->method, path, &r->route, r->params, &r->nparams);
    size_t route_index = m == ROUTE_FOUND ? router_index(r->route) : routes_count;
    struct perr e = {0};

    if (m == ROUTE_NO_PATH) {
        r->route = &surface_routes[router_surface_of(path)];
        not_found(r);
    } else if (m == ROUTE_NO_METHOD) {
        r->route = &surface_routes[r->route->surface];
        method_not_allowed(r, path);
    } else if (query.len && http_form_parse(&req->pool, query.base, query.len, &r->query, &e) != 0) {
        if (e.kind == PERR_LIMIT)
            e.kind = PERR_INVALID;
        http_send_error(r, &e);
    } else if (req->entity.base && req->entity.len > HTTP_JSON_MAX_BODY) {
        perr_set(&e, PERR_LIMIT, "Request body is larger than %d bytes.", HTTP_JSON_MAX_BODY);
        http_send_error(r, &e);
    } else if ((r->route->flags & ROUTE_ADMIN) && check_admin(r) != 0) {
        /* answered */
    } else if ((r->route->flags & ROUTE_TOKEN) && check_token(r) != 0) {
        /* answered */
    } else {
        r->route->handler(r);
        if (r->status == 0) {
            log_error("request %s: handler for %s %s sent nothing", r->request_id, r->route->method,
                      r->route->pattern);
            perr_set(&e, PERR_INTERNAL, "The handler produced no response.");
            http_send_error(r, &e);
        }
    }

    int64_t took = now_us() - started;
    metrics_request(t->metrics, route_index, r->status, took);
    log_info("%.*s %s %d %lldus rid=%s", (int)req->method.len, req->method.base,
             m == ROUTE_FOUND ? r->route->pattern : "-", r->status, (long long)took, r->request_id);
    return 0;
}
