/* The route table: one row per method and path pattern, with the surface that
 * decides the error shape, the handler, and for /v2 the accepted scopes and
 * Zoom's rate-limit label. routes.c holds the table; a reader scans it there. */
#ifndef PLAZA_ROUTER_H
#define PLAZA_ROUTER_H

#include "http/http.h"

#include <stddef.h>

enum route_flags {
    ROUTE_ADMIN = 1 << 0, /* requires the admin key (every /_plaza route) */
    ROUTE_TOKEN = 1 << 1, /* requires a Zoom access token (every /v2 route) */
    ROUTE_APP_REVISION = 1 << 2, /* the app {appId} (first parameter) or a part of it: ETag, If-Match (revision.c) */
};

struct route {
    const char *method;
    const char *pattern; /* literal segments and {name} captures: "/v2/users/{userId}" */
    enum surface surface;
    http_handler handler;
    unsigned flags;
    const char *const *scopes; /* ROUTE_TOKEN: accepted scopes, any one suffices; NULL-terminated */
    const char *rate_label;    /* Zoom's label: Light, Medium, Heavy, Resource-intensive */
    size_t max_body;           /* bytes of body accepted; 0 = HTTP_JSON_MAX_BODY (see route_max_body) */
};

/* The route's body bound in bytes. The largest of them all is h2o's own bound
 * (server.c), the only one h2o applies before reading a body. */
size_t route_max_body(const struct route *route);

#define SCOPES(...) ((const char *const[]){__VA_ARGS__, NULL})

extern const struct route routes[];
extern const size_t routes_count;

enum route_match { ROUTE_FOUND, ROUTE_NO_PATH, ROUTE_NO_METHOD };

/* Finds the route for method and raw path (without query). Path parameters are
 * percent-decoded into the pool. On ROUTE_NO_METHOD, *route is one route with
 * that path (for its surface). */
enum route_match router_match(h2o_mem_pool_t *pool, h2o_iovec_t method, h2o_iovec_t path, const struct route **route,
                              const char **params, int *nparams);

/* The methods routed for a path, as an Allow header value ("GET, POST"). */
void router_allow(h2o_iovec_t path, char *out, size_t size);

/* The surface a path belongs to by its prefix (for answers to unknown paths). */
enum surface router_surface_of(h2o_iovec_t path);

/* Index of a route in the table (for per-route metrics). */
size_t router_index(const struct route *r);

#endif
