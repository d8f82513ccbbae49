/* People acting for themselves: the portal's session (/_plaza/session),
 * personal access tokens for scripts and the CLI (/_plaza/tokens), and the
 * plaza-wide operator role (/_plaza/operators). docs/access.md. */
#include "control/control_internal.h"
#include "http/access.h"
#include "oauth/oauth.h"

#include <string.h>

/* The session's answer: who, their roles, the CSRF token its changes carry, and when it ends. */
static json_t *out_session(struct http_req *r, const struct user *u, const char *csrf, int64_t expires_at)
{
    return json_pack("{s:o,s:{s:b,s:b},s:s,s:o}", "user", out_user(u), "roles", "reviewer",
                     plaza_role_is(r->db, PLAZA_REVIEWER, u->id), "operator",
                     plaza_role_is(r->db, PLAZA_OPERATOR, u->id), "csrf_token", csrf, "expires_at",
                     out_time(expires_at));
}

int c_session_create(struct http_req *r)
{
    static const char *const fields[] = {"email", "password", NULL};
    struct perr e = {0};
    json_t *body = http_json_body(r, &e);
    if (!body)
        return fail(r, &e);
    in_only(body, fields, &e);
    const char *email = in_str(body, "email", NULL, &e), *password = in_str(body, "password", NULL, &e);
    if (!email)
        perr_field(&e, "email", "is required");
    if (!password)
        perr_field(&e, "password", "is required");
    char token[SESSION_TOKEN_LEN], csrf[SESSION_TOKEN_LEN];
    struct user u;
    int64_t expires_at = 0;
    int rc = e.kind == PERR_NONE ? session_create(r->db, email, password, token, &u, &e) : -1;
    json_decref(body);
    if (rc != 0)
        return fail(r, &e);
    if (!session_get(r->db, token, &u, csrf) || !session_expiry(r->db, token, &expires_at)) {
        perr_set(&e, PERR_INTERNAL, "Reading the new session failed.");
        return fail(r, &e);
    }
    http_set_cookie(r, HTTP_SESSION_COOKIE, token, SESSION_TTL_S);
    http_add_header(r, H2O_TOKEN_CACHE_CONTROL, "no-store");
    http_send_json(r, 201, out_session(r, &u, csrf, expires_at));
    return 0;
}

int c_session_get(struct http_req *r)
{
    struct perr e = {0};
    const char *token = http_cookie(r, HTTP_SESSION_COOKIE);
    char csrf[SESSION_TOKEN_LEN];
    struct user u;
    int64_t expires_at = 0;
    if (r->who.via == VIA_TOKEN && user_find(r->db, r->who.user_id, &u) == 1) { /* `plaza whoami` */
        json_t *out = out_session(r, &u, "", 0);
        json_object_del(out, "csrf_token");
        json_object_del(out, "expires_at");
        http_send_json(r, 200, out);
        return 0;
    }
    if (!token || !session_get(r->db, token, &u, csrf) || !session_expiry(r->db, token, &expires_at)) {
        perr_set(&e, PERR_UNAUTHORIZED, token ? "The session has ended: sign in again." : "Not signed in.");
        return fail(r, &e);
    }
    http_add_header(r, H2O_TOKEN_CACHE_CONTROL, "no-store");
    http_send_json(r, 200, out_session(r, &u, csrf, expires_at));
    return 0;
}

int c_session_delete(struct http_req *r)
{
    session_delete(r->db, http_cookie(r, HTTP_SESSION_COOKIE));
    http_set_cookie(r, HTTP_SESSION_COOKIE, "", 0);
    http_send_empty(r, 204);
    return 0;
}

/* ---- personal access tokens ---------------------------------------------------------------- */

static json_t *out_token(const struct access_token_row *t)
{
    return json_pack("{s:s,s:s,s:o,s:o}", "id", t->id, "name", t->name, "created_at", out_time(t->created_at),
                     "last_used_at", out_time(t->last_used_at));
}

/* Tokens belong to people: the admin key has none. */
static int a_person(struct http_req *r, struct user *u, struct perr *e)
{
    if (r->who.kind == PRINCIPAL_USER && user_find(r->db, r->who.user_id, u) == 1)
        return 0;
    return perr_set(e, PERR_FORBIDDEN, "Personal access tokens belong to a signed-in user, not to the admin key.");
}

/* Who gets the token: the signed-in user, or whoever the body's e-mail and password name (`plaza login`). */
static int token_owner(struct http_req *r, json_t *body, struct user *u, struct perr *e)
{
    const char *email = in_str(body, "email", NULL, e), *password = in_str(body, "password", NULL, e);
    if (e->kind != PERR_NONE)
        return -1;
    if (!email && !password) {
        if (r->who.kind == PRINCIPAL_NONE)
            return perr_set(e, PERR_UNAUTHORIZED, "Sign in, or send the user's email and password.");
        return a_person(r, u, e);
    }
    if (!email || !password)
        return perr_field(e, email ? "password" : "email", "is required with %s", email ? "email" : "password");
    return signin_check(r->db, email, password, u, e);
}

int c_tokens_create(struct http_req *r)
{
    static const char *const fields[] = {"name", "email", "password", NULL};
    struct perr e = {0};
    struct user u;
    json_t *body = http_json_body(r, &e);
    if (!body)
        return fail(r, &e);
    in_only(body, fields, &e);
    const char *name = in_str(body, "name", NULL, &e);
    struct access_token_row t;
    char token[PAT_TOKEN_LEN];
    int rc = e.kind == PERR_NONE && token_owner(r, body, &u, &e) == 0 ? pat_create(r->db, &u, name, &t, token, &e) : -1;
    json_decref(body);
    if (rc != 0)
        return fail(r, &e);
    json_t *out = out_token(&t);
    json_object_set_new(out, "token", json_string(token));
    json_object_set_new(out, "user", out_user(&u));
    http_add_header(r, H2O_TOKEN_CACHE_CONTROL, "no-store");
    http_send_json(r, 201, out);
    return 0;
}

int c_tokens_list(struct http_req *r)
{
    struct perr e = {0};
    struct user u;
    struct access_token_row *rows = h2o_mem_alloc_pool(&r->h->pool, sizeof *rows * PAT_MAX_PER_USER);
    int n = 0;
    if (a_person(r, &u, &e) != 0 || pat_list(r->db, u.id, rows, PAT_MAX_PER_USER, &n, &e) != 0)
        return fail(r, &e);
    json_t *list = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(list, out_token(&rows[i]));
    http_send_json(r, 200, json_pack("{s:o}", "tokens", list));
    return 0;
}

int c_token_delete(struct http_req *r)
{
    struct perr e = {0};
    struct user u;
    if (a_person(r, &u, &e) != 0 || pat_revoke(r->db, u.id, r->params[0], &e) != 0)
        return fail(r, &e);
    http_send_empty(r, 204);
    return 0;
}

/* ---- plaza-wide roles: reviewers (/_plaza/reviewers) and operators (/_plaza/operators) ---------------------- */

#define ROLE_HOLDERS_MAX 64
static const char *const role_keys[] = {"reviewer", "operator"};
static const char *const role_lists[] = {"reviewers", "operators"};

int c_role_list(struct http_req *r, enum plaza_role role)
{
    struct perr e = {0};
    struct user *u = h2o_mem_alloc_pool(&r->h->pool, sizeof *u * ROLE_HOLDERS_MAX);
    int n = 0;
    if (plaza_role_list(r->db, role, u, ROLE_HOLDERS_MAX, &n, &e) != 0)
        return fail(r, &e);
    json_t *list = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(list, out_user(&u[i]));
    http_send_json(r, 200, json_pack("{s:o}", role_lists[role], list));
    return 0;
}

int c_role_put(struct http_req *r, enum plaza_role role)
{
    struct perr e = {0};
    struct user u;
    if (plaza_role_add(r->db, role, r->params[0], &u, &e) != 0)
        return fail(r, &e);
    json_t *out = out_user(&u);
    json_object_set_new(out, role_keys[role], json_true());
    http_send_json(r, 200, out);
    return 0;
}

int c_role_delete(struct http_req *r, enum plaza_role role)
{
    struct perr e = {0};
    if (plaza_role_remove(r->db, role, r->params[0], &e) != 0)
        return fail(r, &e);
    http_send_empty(r, 204);
    return 0;
}

int c_operators_list(struct http_req *r) { return c_role_list(r, PLAZA_OPERATOR); }
int c_operator_put(struct http_req *r) { return c_role_put(r, PLAZA_OPERATOR); }
int c_operator_delete(struct http_req *r) { return c_role_delete(r, PLAZA_OPERATOR); }
