/* The authorization request (zoom-wire §1.1): validating what the client
 * asked for, the Marketplace's install rules, the person's decision, and the
 * single-use code that goes back on the redirect. The same functions serve
 * the browser pages and POST /_plaza/oauth/consent. */
#include "core/clock.h"
#include "core/zoom_codes.h"
#include "core/db.h"
#include "oauth/oauth_internal.h"
#include "oauth/oauth_store.h"

#include "core/uri.h"

#include <stdio.h>
#include <string.h>

#define CODE_BYTES 24 /* 32 base64url characters, like Zoom's codes */

static int page_error(struct perr *e, int code, const char *fmt, const char *arg)
{
    perr_set(e, PERR_INVALID, fmt, arg);
    e->zoom_code = code;
    return -1;
}

/* Grants the requested scopes the app registered; absent = all of them.
 * Zoom has been seen to take spaces and commas; plaza takes both. */
static int pick_scopes(const char *requested, const char *registered, char *out, size_t size)
{
    out[0] = '\0';
    if (!requested || !*requested) {
        snprintf(out, size, "%s", registered);
        return 0;
    }
    char buf[SCOPES_STR_MAX];
    snprintf(buf, sizeof buf, "%s", requested);
    size_t len = 0;
    int any = 0;
    char *save;
    for (char *s = strtok_r(buf, " ,+", &save); s; s = strtok_r(NULL, " ,+", &save)) {
        any = 1;
        if (!scopes_contain(registered, s) || scopes_contain(out, s))
            continue;
        size_t n = strlen(s);
        if (len + n + 2 > size)
            break;
        if (len)
            out[len++] = ' ';
        memcpy(out + len, s, n + 1);
        len += n;
    }
    return any && len == 0 ? -1 : 0; /* asked only for scopes the app does not have */
}

int oauth_authorize_check(struct db *db, const struct oauth_authz_req *in, struct oauth_authz *out, struct perr *e)
{
    memset(out, 0, sizeof *out);
    if (!in->client_id || !*in->client_id)
        return page_error(e, ZOOM_OAUTH_INVALID_REQUEST, "Invalid client_id.%s", "");
    int found = strlen(in->client_id) < ID_LEN ? app_by_client_id(db, in->client_id, &out->app, &out->env) : 0;
    if (found < 0)
        return perr_set(e, PERR_INTERNAL, "Reading the app failed.");
    if (found == 0)
        return page_error(e, ZOOM_OAUTH_INVALID_CLIENT_ID, "Invalid client_id: %.40s", in->client_id);
    snprintf(out->client_id, sizeof out->client_id, "%s", in->client_id);
    if (out->app.type != APP_OAUTH && out->app.type != APP_CHATBOT)
        return page_error(e, ZOOM_OAUTH_INVALID_REQUEST, "%s apps are not installed through OAuth authorization.",
                          out->app.type == APP_S2S ? "Server-to-Server OAuth" : "Webhook-only");

    /* the redirect first: until it is known good, nothing may go back to it */
    if (in->redirect_uri && *in->redirect_uri) {
        if (strlen(in->redirect_uri) > URL_MAX || !app_redirect_allowed(db, &out->app, out->env, in->redirect_uri))
            return page_error(e, ZOOM_OAUTH_REDIRECT_MISMATCH, "Redirect URI mismatch.%s", "");
        snprintf(out->redirect_uri, sizeof out->redirect_uri, "%s", in->redirect_uri);
        snprintf(out->redirect_to, sizeof out->redirect_to, "%s", in->redirect_uri);
    } else {
        if (app_redirect_url(db, &out->app, out->env, out->redirect_to) != 0 || !out->redirect_to[0])
            return page_error(e, ZOOM_OAUTH_REDIRECT_MISMATCH, "Redirect URI mismatch: the app has no redirect URL.%s", "");
    }

    if (!in->response_type || strcmp(in->response_type, "code") != 0)
        return page_error(e, ZOOM_OAUTH_INVALID_REQUEST, "Unsupported response_type: only \"code\" is supported.%s", "");
    if (in->state) {
        if (strlen(in->state) > STATE_MAX)
            return page_error(e, ZOOM_OAUTH_INVALID_REQUEST, "The state parameter is too long.%s", "");
        out->has_state = 1;
        snprintf(out->state, sizeof out->state, "%s", in->state);
    }
    if (in->code_challenge && *in->code_challenge) {
        const char *method = in->code_challenge_method && *in->code_challenge_method ? in->code_challenge_method
                                                                                      : "plain";
        if (strcmp(method, "S256") != 0 && strcmp(method, "plain") != 0)
            return page_error(e, ZOOM_OAUTH_INVALID_REQUEST, "Unsupported code_challenge_method: %.20s", method);
        if (!pkce_well_formed(in->code_challenge) || (strcmp(method, "S256") == 0 && strlen(in->code_challenge) != 43))
            return page_error(e, ZOOM_OAUTH_INVALID_REQUEST, "Malformed code_challenge.%s", "");
        snprintf(out->challenge, sizeof out->challenge, "%s", in->code_challenge);
        snprintf(out->method, sizeof out->method, "%s", method);
    } else if (in->code_challenge_method && *in->code_challenge_method) {
        return page_error(e, ZOOM_OAUTH_INVALID_REQUEST, "code_challenge_method without code_challenge.%s", "");
    }

    if (in->plaza_link && *in->plaza_link) {
        if (strlen(in->plaza_link) >= sizeof out->link)
            return page_error(e, ZOOM_OAUTH_INVALID_REQUEST, "This Publishable URL is not one plaza made.%s", "");
        snprintf(out->link, sizeof out->link, "%s", in->plaza_link);
    }

    char registered[SCOPES_STR_MAX];
    if (app_env_scopes(db, out->app.id, out->env, registered, sizeof registered) != 0) /* the tab's scopes */
        return perr_set(e, PERR_INTERNAL, "Reading the app's scopes failed.");
    if (in->scope && strlen(in->scope) >= SCOPES_STR_MAX)
        return page_error(e, ZOOM_OAUTH_INVALID_REQUEST, "Invalid scope.%s", "");
    if (pick_scopes(in->scope, registered, out->scopes, sizeof out->scopes) != 0)
        return page_error(e, ZOOM_OAUTH_INVALID_REQUEST, "Invalid scope: the app did not register the scopes requested.%s", "");
    return 0;
}

static int refuse(struct perr *e, const char *message)
{
    perr_set(e, PERR_FORBIDDEN, "%s", message);
    e->zoom_code = ZOOM_OAUTH_INVALID_REQUEST;
    return -1;
}

int oauth_user_may_install(struct db *db, const struct oauth_authz *a, const struct user *u, struct perr *e)
{
    if (strcmp(u->status, "active") != 0)
        return refuse(e, "This user is not active.");
    if (market_may_install(db, &a->app, a->env, u, a->link, e) != 0)
        return -1;
    if (a->app.management == MGMT_ADMIN && u->role == ROLE_MEMBER)
        return refuse(e, "An account admin is required to install this type of app. Please contact your account "
                         "admin or IT administrator to install this app.");
    return 0;
}

static const char *install_user(const struct oauth_authz *a, const struct user *u)
{
    return a->app.management == MGMT_ADMIN ? "" : u->id; /* admin-managed: one install for the account */
}

int oauth_scopes_for_user(struct db *db, struct oauth_authz *a, const struct user *u, struct perr *e)
{
    char scopes[SCOPES_STR_MAX];
    struct install_attempt attempt = {&a->app, a->env, u};
    if (market_install_scopes(db, &attempt, a->scopes, scopes, sizeof scopes) != 0)
        return refuse(e, "Invalid scope: none of the scopes requested is in the app's published version.");
    snprintf(a->scopes, sizeof a->scopes, "%s", scopes);
    return 0;
}

int oauth_already_granted(struct db *db, const struct oauth_authz *a, const struct user *u)
{
    struct install ins;
    if (install_find(db, a->app.id, a->env, u->account_id, install_user(a, u), &ins) != 1 || ins.revoked_at)
        return 0;
    char want[SCOPES_STR_MAX];
    snprintf(want, sizeof want, "%s", a->scopes);
    char *save;
    for (char *s = strtok_r(want, " ", &save); s; s = strtok_r(NULL, " ", &save))
        if (!scopes_contain(ins.scopes, s))
            return 0;
    return 1;
}

/* Appends "name=value" (value URL-encoded) to a redirect URL. */
static int append_param(char *url, size_t size, const char *name, const char *value)
{
    char esc[3 * STATE_MAX + 1];
    if (uri_encode(value, esc, sizeof esc) < 0)
        return -1;
    size_t len = strlen(url);
    int n = snprintf(url + len, size - len, "%c%s=%s", strchr(url, '?') ? '&' : '?', name, esc);
    return n < 0 || (size_t)n >= size - len ? -1 : 0;
}

/* An approval: the install, the Marketplace's note of it, and the code that hands it over. */
struct approval {
    const struct oauth_authz *a;
    const struct user *u;
    const char *hash, *scopes;
    int64_t now;
    struct install ins;
    struct perr *e;
    int began, stored; /* how far the transaction got */
};

/* The three rows of an approval, together or not at all. */
static int record_approval(struct db *db, void *arg)
{
    struct approval *p = arg;
    const struct oauth_authz *a = p->a;
    p->began = 1;
    struct install_request req = {a->app.id, a->env, p->u->account_id, install_user(a, p->u), p->u->id, p->scopes};
    if (install_upsert(db, &req, &p->ins, p->e) != 0 ||
        market_install_note(db, p->ins.id, &a->app, a->env, p->u) != 0)
        return -1;
    struct auth_code_new c = {.hash = p->hash,
                              .user_id = p->u->id,
                              .client_id = a->client_id,
                              .redirect_uri = a->redirect_uri,
                              .scopes = p->scopes,
                              .challenge = a->challenge[0] ? a->challenge : NULL,
                              .method = a->challenge[0] ? a->method : NULL,
                              .install_id = p->ins.id,
                              .expires_at = p->now + AUTH_CODE_TTL_S,
                              .created_at = p->now};
    if (auth_code_store_insert(db, &c) != 0)
        return -1;
    p->stored = 1;
    return 0;
}

int oauth_decide(struct db *db, const struct oauth_authz *a, const struct user *u, int approve,
                 const struct oauth_redirect *to, struct perr *e)
{
    char *location = to->location;
    size_t size = to->size;
    if (oauth_user_may_install(db, a, u, e) != 0)
        return -1;
    snprintf(location, size, "%s", a->redirect_to);
    if (!approve) {
        if (append_param(location, size, "error", "access_denied") != 0 ||
            (a->has_state && append_param(location, size, "state", a->state) != 0))
            return perr_set(e, PERR_INVALID, "The redirect URL is too long.");
        return 0;
    }

    char code[48], hash[CRYPTO_HASH_HEX];
    crypto_token(code, sizeof code, CODE_BYTES);
    secret_hash(code, hash);
    if (append_param(location, size, "code", code) != 0 ||
        (a->has_state && append_param(location, size, "state", a->state) != 0))
        return perr_set(e, PERR_INVALID, "The redirect URL is too long.");

    /* outside the developer's account a published app grants what its live version was reviewed with */
    char scopes[SCOPES_STR_MAX];
    struct install_attempt attempt = {&a->app, a->env, u};
    if (market_install_scopes(db, &attempt, a->scopes, scopes, sizeof scopes) != 0)
        return refuse(e, "Invalid scope: none of the scopes requested is in the app's published version.");

    struct approval p = {.a = a, .u = u, .hash = hash, .scopes = scopes, .now = clock_now(), .e = e};
    if (db_transaction(db, record_approval, &p) != 0) {
        if (!p.began)
            return perr_set(e, PERR_INTERNAL, "The store is busy.");
        if (!p.stored)
            return e->kind ? -1 : perr_set(e, PERR_INTERNAL, "Storing the authorization failed.");
        return perr_set(e, PERR_INTERNAL, "Committing the authorization failed.");
    }
    install_publish(p.ins.id, p.ins.generation);
    return 0;
}

const char *oauth_scope_words(const char *scope)
{
    const char *w = scope_words(scope);
    return w ? w : scope;
}
