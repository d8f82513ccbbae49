/* /v2/users: thin adapters over api/users.c. */
#include "api/api.h"
#include "http/handlers.h"
#include "http/router.h"
#include "market/market.h"

#include <stdio.h>
#include <string.h>

void v2_send_missing_scopes(struct http_req *r, const char *const *accepted, int admin_only)
{
    char msg[1024];
    size_t len = (size_t)snprintf(msg, sizeof msg, "Invalid access token, does not contain scopes:[");
    int first = 1;
    for (const char *const *s = accepted; *s && len < sizeof msg - 64; s++) {
        if (admin_only && !scope_is_admin(*s))
            continue;
        len += (size_t)snprintf(msg + len, sizeof msg - len, "%s%s", first ? "" : ", ", *s);
        first = 0;
    }
    snprintf(msg + len, sizeof msg - len, "].");
    http_send_zoom_error(r, 400, 4711, msg, NULL);
}

static struct api_caller caller_of(struct http_req *r)
{
    struct api_caller c = {r->token.user_id, r->token.account_id, r->token.client_id, r->token.scopes, r->token.type};
    return c;
}

/* The target user of a /users/{userId} route. Acting on someone else needs an
 * account-level (:admin) scope, as Zoom's admin-managed apps have. */
static int target_user(struct http_req *r, struct user *u)
{
    struct perr e = {0};
    struct api_caller c = caller_of(r);
    int self = 0;
    if (api_user_resolve(r->db, &c, r->params[0], u, &self, &e) != 0) {
        http_send_error(r, &e);
        return -1;
    }
    if (self)
        return 0;
    for (const char *const *s = r->route->scopes; *s; s++)
        if (scope_is_admin(*s) && scopes_contain(r->token.scopes, *s))
            return 0;
    v2_send_missing_scopes(r, r->route->scopes, 1);
    return -1;
}

int h_v2_user_get(struct http_req *r)
{
    struct user u;
    if (target_user(r, &u) != 0)
        return 0;
    http_send_json(r, 200, api_user_object(&u));
    return 0;
}
