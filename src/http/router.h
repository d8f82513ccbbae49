/* The route table: one row per method and path pattern, with the surface that
 * decides the error shape, the handler, and for /v2 the accepted scopes and
 * Zoom's rate-limit label. routes.c holds the table; a reader scans it there. */
#ifndef PLAZA_ROUTER_H
#define PLAZA_ROUTER_H

#include "http/http.h"

#include <stddef.h>

enum route_flags {
    ROUTE_ADMIN = 1 << 0, /* a control route: who may call it is its `access` */
    ROUTE_TOKEN = 1 << 1, /* requires a Zoom access token (every /v2 route) */
    ROUTE_APP_REVISION = 1 << 2, /* the app {appId} (first parameter) or a part of it: ETag, If-Match (revision.c) */
};

/* Who may call a /_plaza route: the route table's last column, applied by
 * http/access.c before the handler runs; docs/access.md prints the table.
 * The operator (the admin key, or a user with the operator role) may call
 * every route. A signed-in user reaches an object of another account as if
 * it did not exist (404); within their account, a role they lack is 403. */
enum access_level {
    ACCESS_OPERATOR = 0, /* the default: only the operator */
    ACCESS_PUBLIC,       /* anyone, without credentials */
    ACCESS_SIGNED_IN,    /* any signed-in user */
    ACCESS_MEMBER,       /* a user of the object's account */
    ACCESS_SELF,         /* the user the object is, or belongs to; or an owner or admin of their account */
    ACCESS_MANAGER,      /* who manages the app: an owner or admin, a member with the Marketplace
                          * permissions role, or the member who created it */
    ACCESS_ADMIN,        /* an owner or admin of the object's account */
    ACCESS_REVIEWER,     /* a user with the reviewer role, of any account */
};
enum access_object { OBJ_NONE, OBJ_ACCOUNT, OBJ_APP, OBJ_USER, OBJ_MEETING, OBJ_DELIVERY, OBJ_INSTALL, OBJ_MAIL };
enum access_from { FROM_PATH, FROM_QUERY, FROM_BODY };
enum access_flags {
    ACCESS_REVIEWER_READS = 1 << 0, /* reviewers may also read an app once it left draft */
    ACCESS_OWN_DEFAULT = 1 << 1,    /* a query parameter left out means the caller's own account or user */
    ACCESS_REVIEW_QUEUE = 1 << 2,   /* reviewers may list apps of every account by a review state */
};
struct access {
    enum access_level level;
    enum access_object object; /* what the level is checked against */
    enum access_from from;
    const char *name; /* the path parameter, query parameter or body member naming the object */
    unsigned flags;
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
    struct access access;      /* /_plaza: who may call it */
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
