/* Who may call what on /_plaza. The caller is the operator (the admin key),
 * or a person: by a personal access token (`Authorization: Bearer plz_…`) or
 * by the session cookie the OAuth sign-in page and the portal share, whose
 * changes must carry the session's CSRF token. Each route names its level and
 * the object it is checked against (routes.c); this file is the only place
 * that decides. An object of another account answers 404, exactly as an
 * unknown one, so that existence does not leak; within the caller's account a
 * role they lack is 403. */
#include "http/access.h"
#include "core/clock.h"
#include "core/config.h"
#include "core/crypto.h"
#include "events/events.h"
#include "api/api.h"
#include "http/router.h"
#include "market/market.h"
#include "oauth/oauth.h"

#include <stdio.h>
#include <string.h>

/* What a rule is checked against: the object's account, the user it is or
 * belongs to, and for apps the app itself. */
struct owner {
    char account_id[ID_LEN], user_id[ID_LEN];
    int is_app;
    struct app app;
};

static int is_read(const struct http_req *r)
{
    return h2o_memis(r->h->method.base, r->h->method.len, H2O_STRLIT("GET")) ||
           h2o_memis(r->h->method.base, r->h->method.len, H2O_STRLIT("HEAD"));
}

int access_is_operator(const struct http_req *r) { return r->who.operator; }

/* ---- the caller ---------------------------------------------------------------------- */

static int admin_key_is(const char *key, size_t n)
{
    const char *want = config()->admin_key;
    uint8_t a[32], b[32]; /* digests: the comparison time depends on neither the place nor the length */
    crypto_sha256(key, n, a);
    crypto_sha256(want, strlen(want), b);
    return crypto_equal(a, b, sizeof a);
}

static void principal_user(struct http_req *r, const struct user *u, enum principal_via via)
{
    struct http_principal *w = &r->who;
    w->kind = PRINCIPAL_USER;
    w->via = via;
    memcpy(w->user_id, u->id, sizeof w->user_id);
    memcpy(w->account_id, u->account_id, sizeof w->account_id);
    w->role = (int)u->role;
    w->reviewer = plaza_role_is(r->db, PLAZA_REVIEWER, u->id);
    w->operator = plaza_role_is(r->db, PLAZA_OPERATOR, u->id);
}

/* Fills r->who from the request's credentials; -1 with `e` when they are wrong. `csrf` gets the session's token. */
static int find_caller(struct http_req *r, char csrf[SESSION_TOKEN_LEN], struct perr *e)
{
    size_t n;
    const char *bearer = http_bearer(r, &n);
    struct user u;
    if (bearer) {
        if (admin_key_is(bearer, n)) {
            r->who = (struct http_principal){.kind = PRINCIPAL_KEY, .via = VIA_KEY, .operator = 1};
            return 0;
        }
        if (pat_verify(r->db, bearer, n, &u) != 1)
            return perr_set(e, PERR_UNAUTHORIZED,
                            "The bearer token is neither the admin key nor a live personal access token.");
        principal_user(r, &u, VIA_TOKEN);
        return 0;
    }
    const char *cookie = http_cookie(r, HTTP_SESSION_COOKIE);
    if (!cookie)
        return 0;
    if (!session_get(r->db, cookie, &u, csrf))
        return perr_set(e, PERR_UNAUTHORIZED, "The session has ended or is not valid: sign in again.");
    principal_user(r, &u, VIA_SESSION);
    return 0;
}

/* A change made with the cookie must carry the session's CSRF token: another site can make the browser send
 * the cookie, not read the token. */
static int check_csrf(struct http_req *r, const char *csrf, struct perr *e)
{
    if (r->who.via != VIA_SESSION || is_read(r))
        return 0;
    size_t n = 0;
    const char *sent = http_header_by_name(r, ACCESS_CSRF_HEADER, &n);
    size_t want = strlen(csrf);
    if (sent && n == want && crypto_equal(sent, csrf, want))
        return 0;
    perr_set(e, PERR_FORBIDDEN, "A change made with the session cookie needs the session's CSRF token in "
                                "X-CSRF-Token (GET /_plaza/session gives it).");
    snprintf(e->error, sizeof e->error, "csrf");
    return -1;
}

/* ---- the object ------------------------------------------------------------------------ */

/* The value naming the object, or NULL when the request names none. */
static const char *object_name(struct http_req *r, const struct access *a)
{
    const char *v = NULL;
    if (a->from == FROM_QUERY)
        return http_query(r, a->name, &v) == 1 ? v : NULL;
    if (a->from == FROM_BODY) {
        h2o_iovec_t body = r->h->entity;
        json_t *j = body.base && body.len <= HTTP_JSON_MAX_BODY ? json_loadb(body.base, body.len, 0, NULL) : NULL;
        json_t *m = json_is_object(j) ? json_object_get(j, a->name) : NULL;
        v = json_is_string(m) ? http_strdup(r, json_string_value(m), json_string_length(m)) : NULL;
        json_decref(j);
        return v;
    }
    /* the path: the capture named a->name, counted in the pattern */
    char want[64];
    snprintf(want, sizeof want, "{%s}", a->name);
    const char *at = strstr(r->route->pattern, want);
    int index = 0;
    for (const char *p = r->route->pattern; at && p < at; p++)
        index += *p == '{';
    return at && index < r->nparams ? r->params[index] : NULL;
}

static void set_owner(struct owner *o, const char *account_id, const char *user_id)
{
    snprintf(o->account_id, sizeof o->account_id, "%s", account_id);
    snprintf(o->user_id, sizeof o->user_id, "%s", user_id ? user_id : "");
}

static int owner_of_app(struct db *db, const char *id, struct owner *o)
{
    struct perr e = {0};
    if (app_get(db, id, &o->app, &e) != 0)
        return 0;
    o->is_app = 1;
    set_owner(o, o->app.account_id, NULL);
    return 1;
}

/* A number naming a row (deliveries, installs, mail): 0 when it is not one. */
static int64_t row_id(const char *id)
{
    char *end;
    long long n = strtoll(id, &end, 10);
    return *end || end == id || n <= 0 ? 0 : n;
}

static int owner_of_delivery(struct db *db, const char *id, struct owner *o)
{
    json_t *d = NULL;
    struct perr e = {0};
    if (!row_id(id) || delivery_get(db, row_id(id), &d, &e) != 0)
        return 0;
    const char *app_id = json_string_value(json_object_get(d, "app_id"));
    int found = app_id && owner_of_app(db, app_id, o);
    json_decref(d);
    return found;
}

static int owner_of_mail(struct db *db, const char *id, struct owner *o)
{
    json_t *m = NULL;
    struct perr e = {0};
    if (!row_id(id) || mailbox_get(db, row_id(id), &m, &e) != 0)
        return 0;
    const char *account = json_string_value(json_object_get(m, "account_id")),
               *user = json_string_value(json_object_get(m, "to_user_id"));
    if (account)
        set_owner(o, account, user);
    json_decref(m);
    return account != NULL;
}

/* 1 with the object's owner, 0 when there is no such object. */
static int owner_of(struct db *db, enum access_object kind, const char *id, struct owner *o)
{
    struct perr e = {0};
    memset(o, 0, sizeof *o);
    switch (kind) {
    case OBJ_ACCOUNT: {
        struct account acc;
        if (account_get(db, id, &acc, &e) != 0)
            return 0;
        set_owner(o, acc.id, NULL);
        return 1;
    }
    case OBJ_APP:
        return owner_of_app(db, id, o);
    case OBJ_USER: {
        struct user u;
        if (strlen(id) > USER_EMAIL_MAX || user_find(db, id, &u) != 1)
            return 0;
        set_owner(o, u.account_id, u.id);
        return 1;
    }
    case OBJ_MEETING: {
        struct meeting m = {0};
        int found = meeting_find(db, id, &m) == 1;
        if (found)
            set_owner(o, m.account_id, m.host_id);
        json_decref(m.doc);
        return found;
    }
    case OBJ_DELIVERY:
        return owner_of_delivery(db, id, o);
    case OBJ_MAIL:
        return owner_of_mail(db, id, o);
    case OBJ_INSTALL: {
        struct install ins;
        if (!row_id(id) || install_get(db, row_id(id), &ins) != 1)
            return 0;
        set_owner(o, ins.account_id, ins.user_id);
        return 1;
    }
    case OBJ_NONE:
        break;
    }
    return 0;
}

/* ---- the rule --------------------------------------------------------------------------- */

static const char *const object_words[] = {"", "account", "app", "user", "meeting", "delivery", "install", "mail"};

static int not_found(const struct access *a, const char *id, struct perr *e)
{
    return perr_set(e, PERR_NOT_FOUND, "No %s %.64s.", object_words[a->object], id);
}

static int is_admin(const struct http_principal *w) { return w->role == ROLE_OWNER || w->role == ROLE_ADMIN; }

/* A reviewer reads an app once it has been submitted: the review page shows it. */
static int reviewer_reads(const struct http_req *r, const struct access *a, const struct owner *o)
{
    return (a->flags & ACCESS_REVIEWER_READS) && r->who.reviewer && is_read(r) && o->is_app &&
           strcmp(o->app.status, "draft") != 0;
}

/* The level, for an object of the caller's own account (or none). */
static int level_allows(struct http_req *r, const struct access *a, const struct owner *o)
{
    const struct http_principal *w = &r->who;
    struct user me;
    switch (a->level) {
    case ACCESS_PUBLIC:
    case ACCESS_SIGNED_IN:
    case ACCESS_MEMBER:
        return 1;
    case ACCESS_SELF:
        return is_admin(w) || (o->user_id[0] && strcmp(o->user_id, w->user_id) == 0);
    case ACCESS_ADMIN:
        return is_admin(w);
    case ACCESS_MANAGER:
        if (user_find(r->db, w->user_id, &me) != 1)
            return 0;
        return o->is_app ? market_may_manage_app(r->db, &o->app, &me) : market_may_manage_apps(r->db, w->account_id, &me);
    case ACCESS_REVIEWER:
        return w->reviewer;
    case ACCESS_OPERATOR:
        return 0;
    }
    return 0;
}

static const char *const level_words[] = {
    "the operator role",
    "",
    "a signed-in user",
    "a user of the account",
    "the user themselves, or an owner or admin of their account",
    "an owner or admin of the account, a member with the Marketplace permissions role, or the app's creator",
    "an owner or admin of the account",
    "the reviewer role",
};

/* Applies the rule to a signed-in user. */
static int check_user(struct http_req *r, struct perr *e)
{
    const struct access *a = &r->route->access;
    const struct http_principal *w = &r->who;
    struct owner o = {0};
    const char *id = a->object != OBJ_NONE ? object_name(r, a) : NULL;
    if (a->object != OBJ_NONE && !id && (a->flags & ACCESS_OWN_DEFAULT)) {
        const char *queue = NULL;
        if ((a->flags & ACCESS_REVIEW_QUEUE) && w->reviewer && http_query(r, "status", &queue) == 1 &&
            strcmp(queue, "draft") != 0)
            return 0; /* a reviewer's queue: every account's apps in a review state */
        id = a->object == OBJ_USER ? w->user_id : w->account_id;
        http_query_set(r, a->name, id);
    }
    if (a->object != OBJ_NONE && !id && a->from != FROM_BODY)
        return perr_field(e, a->name, "is required when a user (not the operator) calls");
    if (id) {
        if (!owner_of(r->db, a->object, id, &o))
            return not_found(a, id, e);
        int mine = strcmp(o.account_id, w->account_id) == 0;
        if (!mine && a->level != ACCESS_REVIEWER && !reviewer_reads(r, a, &o))
            return not_found(a, id, e);
        if (!mine || reviewer_reads(r, a, &o))
            return a->level == ACCESS_REVIEWER && !w->reviewer ? not_found(a, id, e) : 0;
    }
    if (level_allows(r, a, &o))
        return 0;
    return perr_set(e, PERR_FORBIDDEN, "%s %s needs %s.", r->route->method, r->route->pattern, level_words[a->level]);
}

int access_check(struct http_req *r)
{
    struct perr e = {0};
    char csrf[SESSION_TOKEN_LEN] = "";
    const struct access *a = &r->route->access;
    memset(&r->who, 0, sizeof r->who);
    if (a->level == ACCESS_PUBLIC) { /* credentials are read, not required: stale ones do not stand in the way */
        if (find_caller(r, csrf, &e) != 0)
            memset(&r->who, 0, sizeof r->who);
        return 0;
    }
    if (find_caller(r, csrf, &e) == 0 && check_csrf(r, csrf, &e) == 0) {
        if (r->who.operator)
            return 0;
        if (r->who.kind == PRINCIPAL_NONE)
            perr_set(&e, PERR_UNAUTHORIZED, "Sign in (POST /_plaza/session), or send the admin key or a personal "
                                            "access token as `Authorization: Bearer <token>`.");
        else if (check_user(r, &e) == 0)
            return 0;
    }
    http_send_error(r, &e);
    return -1;
}

const char *access_acting_user(const struct http_req *r, const char *named, const char *field, struct perr *e)
{
    const struct http_principal *w = &r->who;
    if (w->kind != PRINCIPAL_USER || w->operator)
        return named;
    if (named) {
        struct user u;
        if (strlen(named) > USER_EMAIL_MAX || user_find(r->db, named, &u) != 1 || strcmp(u.id, w->user_id) != 0) {
            perr_set(e, PERR_FORBIDDEN, "A signed-in user acts as themselves.");
            perr_field(e, field, "must be you (%s) or left out", w->user_id);
            return NULL;
        }
    }
    return w->user_id;
}
