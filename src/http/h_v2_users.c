/* /v2/users: thin adapters over api/users.c. */
#include "http/router.h"
#include "http/v2.h"
#include "oauth/oauth.h"

#include <stdio.h>
#include <string.h>

int h_v2_users_list(struct http_req *r)
{
    int bad = 0;
    struct user_list_query q = {v2_query(r, "status", &bad),      v2_query(r, "role_id", &bad),
                                v2_query(r, "page_size", &bad),   v2_query(r, "page_number", &bad),
                                v2_query(r, "next_page_token", &bad), v2_query(r, "include_fields", &bad)};
    if (bad)
        return 0;
    struct perr e = {0};
    struct api_caller c = v2_caller(r);
    json_t *out;
    if (api_user_list(r->db, &c, &q, &out, &e) != 0)
        return v2_fail(r, &e);
    http_send_json(r, 200, out);
    return 0;
}

int h_v2_user_get(struct http_req *r)
{
    struct perr e = {0};
    struct api_caller c = v2_caller(r);
    struct user_body u = {0};
    if (api_user_body(r->db, &c, r->params[0], &u, &e) != 0)
        return v2_fail(r, &e);
    if (!u.is_self && !v2_admin(r)) {
        v2_send_missing_scopes(r, r->route->scopes, 1);
        return 0;
    }
    http_send_text(r, 200, "application/json;charset=UTF-8", http_strdup(r, u.text, u.len), u.len);
    return 0;
}

int h_v2_user_patch(struct http_req *r)
{
    struct user u;
    if (v2_target_user(r, &u) != 0)
        return 0;
    json_t *body = v2_body(r);
    if (!body)
        return 0;
    struct perr e = {0};
    struct api_caller c = v2_caller(r);
    int rc = api_user_update(r->db, &c, v2_admin(r) || r->token.type == TOKEN_ACCOUNT, &u, body, &e);
    json_decref(body);
    if (rc != 0)
        return v2_fail(r, &e);
    http_send_empty(r, 204);
    return 0;
}

int h_v2_user_settings_get(struct http_req *r)
{
    struct user u;
    if (v2_target_user(r, &u) != 0)
        return 0;
    int bad = 0;
    const char *option = v2_query(r, "option", &bad);
    if (bad)
        return 0;
    struct perr e = {0};
    json_t *out;
    if (api_user_settings(r->db, &u, option, &out, &e) != 0)
        return v2_fail(r, &e);
    http_send_json(r, 200, out);
    return 0;
}

int h_v2_user_settings_patch(struct http_req *r)
{
    struct user u;
    if (v2_target_user(r, &u) != 0)
        return 0;
    int bad = 0;
    const char *option = v2_query(r, "option", &bad);
    if (bad)
        return 0;
    json_t *body = v2_body(r);
    if (!body)
        return 0;
    struct perr e = {0};
    struct api_caller c = v2_caller(r);
    int rc = api_user_settings_update(r->db, &c, &u, option, body, &e);
    json_decref(body);
    if (rc != 0)
        return v2_fail(r, &e);
    http_send_empty(r, 204);
    return 0;
}

int h_v2_assistants_list(struct http_req *r)
{
    struct user u;
    if (v2_target_user(r, &u) != 0)
        return 0;
    struct perr e = {0};
    json_t *out;
    if (api_assistants_list(r->db, &u, &out, &e) != 0)
        return v2_fail(r, &e);
    http_send_json(r, 200, out);
    return 0;
}

int h_v2_assistants_create(struct http_req *r)
{
    struct user u;
    if (v2_target_user(r, &u) != 0)
        return 0;
    json_t *body = v2_body(r), *out = NULL;
    if (!body)
        return 0;
    struct perr e = {0};
    int rc = api_assistants_add(r->db, &u, body, &out, &e);
    json_decref(body);
    if (rc != 0)
        return v2_fail(r, &e);
    http_send_json(r, 201, out);
    return 0;
}

static int remove_assistants(struct http_req *r, const char *assistant)
{
    struct user u;
    if (v2_target_user(r, &u) != 0)
        return 0;
    struct perr e = {0};
    if (api_assistants_remove(r->db, &u, assistant, &e) != 0)
        return v2_fail(r, &e);
    http_send_empty(r, 204);
    return 0;
}

int h_v2_assistants_delete_all(struct http_req *r) { return remove_assistants(r, NULL); }
int h_v2_assistant_delete(struct http_req *r) { return remove_assistants(r, r->params[1]); }

int h_v2_user_token_get(struct http_req *r)
{
    struct user u;
    if (v2_target_user(r, &u) != 0)
        return 0;
    int bad = 0;
    const char *type = v2_query(r, "type", &bad), *ttl = v2_query(r, "ttl", &bad);
    if (bad)
        return 0;
    struct perr e = {0};
    json_t *out;
    if (api_user_token(&u, type, ttl, &out, &e) != 0)
        return v2_fail(r, &e);
    http_send_json(r, 200, out);
    return 0;
}

/* Revokes the user's SSO token: plaza signs no one in through SSO, so there is
 * never one to revoke, and the call succeeds as Zoom's does for such users. */
int h_v2_user_token_delete(struct http_req *r)
{
    struct user u;
    if (v2_target_user(r, &u) != 0)
        return 0;
    http_send_empty(r, 204);
    return 0;
}
