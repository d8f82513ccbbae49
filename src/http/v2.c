/* Shared pieces of the /v2 handlers. */
#include "http/v2.h"
#include "core/zoom_codes.h"
#include "http/router.h"
#include "api/request_schema.h"

#include <stdio.h>
#include <string.h>

struct api_caller v2_caller(struct http_req *r)
{
    struct api_caller c = {r->token.user_id, r->token.account_id, r->token.client_id, r->token.scopes, r->token.type};
    return c;
}

int v2_admin(struct http_req *r)
{
    for (const char *const *s = r->route->scopes; s && *s; s++)
        if (scope_is_admin(*s) && scopes_contain(r->token.scopes, *s))
            return 1;
    return 0;
}

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
    http_send_zoom_error(r, 400, ZOOM_SCOPE_MISSING, msg, NULL);
}

int v2_fail(struct http_req *r, const struct perr *e)
{
    if (e->kind == PERR_FORBIDDEN && e->zoom_code == API_NEEDS_ADMIN)
        v2_send_missing_scopes(r, r->route->scopes, 1);
    else
        http_send_error(r, e);
    return 0;
}

int v2_target_user(struct http_req *r, struct user *u)
{
    struct perr e = {0};
    struct api_caller c = v2_caller(r);
    int self = 0;
    if (api_user_resolve(r->db, &c, r->params[0], u, &self, &e) != 0) {
        http_send_error(r, &e);
        return -1;
    }
    if (self || v2_admin(r))
        return 0;
    v2_send_missing_scopes(r, r->route->scopes, 1);
    return -1;
}

json_t *v2_body(struct http_req *r)
{
    struct perr e = {0};
    json_t *body = http_json_body(r, &e);
    if (!body) {
        if (e.kind == PERR_LIMIT)
            http_send_error(r, &e);
        else
            http_send_zoom_error(r, e.status == 415 ? 415 : 400, ZOOM_VALIDATION_FAILED, e.message, &e);
    }
    return body;
}

const char *v2_query(struct http_req *r, const char *name, int *bad)
{
    const char *v = NULL;
    if (http_query(r, name, &v) < 0) {
        char msg[96];
        snprintf(msg, sizeof msg, "Invalid parameter: %s is given more than once.", name);
        if (!*bad)
            http_send_zoom_error(r, 400, ZOOM_VALIDATION_FAILED, msg, NULL);
        *bad = 1;
        return NULL;
    }
    return v;
}

int v2_check_query(struct http_req *r)
{
    if (r->query.n == 0)
        return 0;
    const json_t *schema = schema_query_of(r->route->method, r->route->pattern);
    if (!schema)
        return 0;
    const char *names[HTTP_FORM_MAX], *values[HTTP_FORM_MAX];
    for (int i = 0; i < r->query.n; i++) {
        names[i] = r->query.kv[i].key;
        values[i] = r->query.kv[i].val;
    }
    struct perr e = {0};
    if (schema_validate_query(schema, names, values, r->query.n, &e) == 0)
        return 0;
    http_send_zoom_error(r, 400, ZOOM_VALIDATION_FAILED, e.message, &e);
    return -1;
}
