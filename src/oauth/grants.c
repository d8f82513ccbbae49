/* The token endpoint's grants (zoom-wire §1.2–§1.4): authorization_code,
 * refresh_token, account_credentials, client_credentials. Error reasons and
 * OAuth error strings are Zoom's where Zoom's are known (§1.4) and documented
 * choices in docs/wire-choices.md where not. */
#include "core/clock.h"
#include "core/config.h"
#include "core/db.h"
#include "core/metrics.h"
#include "oauth/oauth_internal.h"
#include "oauth/oauth_store.h"

#include <stdio.h>
#include <string.h>

static int fail(struct perr *e, const char *error, const char *fmt, const char *arg)
{
    perr_set(e, PERR_INVALID, fmt, arg);
    snprintf(e->error, sizeof e->error, "%s", error);
    return -1;
}

static int invalid_client(struct perr *e) { return fail(e, "invalid_client", "Invalid client_id or client_secret%s", ""); }
static int invalid_token(struct perr *e) { return fail(e, "invalid_grant", "Invalid Token!%s", ""); }

static int internal(struct perr *e, const char *what)
{
    perr_set(e, PERR_INTERNAL, "%s", what);
    snprintf(e->error, sizeof e->error, "server_error");
    return -1;
}

/* Revokes every refresh token of the install and bumps its generation, so no
 * token issued so far works (within the caller's transaction). */
static int kill_tokens(struct db *db, int64_t install_id, uint32_t *generation, int *revoked)
{
    if (refresh_store_revoke_install(db, install_id, clock_now()) != 0)
        return -1;
    return install_bump(db, install_id, generation, revoked);
}

static void publish(int64_t install_id, uint32_t generation, int revoked)
{
    if (revoked)
        install_publish_revoked(install_id, generation);
    else
        install_publish(install_id, generation);
}

struct kill {
    int64_t install_id;
    uint32_t generation;
    int revoked;
};

static int kill_tokens_tx(struct db *db, void *arg)
{
    struct kill *k = arg;
    return kill_tokens(db, k->install_id, &k->generation, &k->revoked);
}

/* Outside any transaction: a detected replay revokes, and the refusal stands. */
static void kill_tokens_now(struct db *db, int64_t install_id)
{
    struct kill k = {install_id, 0, 0};
    if (db_transaction(db, kill_tokens_tx, &k) != 0) {
        log_error("oauth: could not revoke the tokens of install %lld", (long long)install_id);
        return;
    }
    publish(install_id, k.generation, k.revoked);
}

/* A code or refresh token exchanged for a new pair, in one transaction. */
struct exchange {
    struct install *ins;
    const char *client_id, *user_id, *hash, *family, *scopes;
    struct oauth_token_resp *out;
    struct perr *e;
    int revoked;                    /* the install's earlier tokens were revoked (a code's re-authorization) */
    int began, replayed, issued;    /* how far the transaction got */
};

/* The new pair of an exchange that has used its code or rotated its token:
 * both minted under a new grant id, the refresh token stored in x->family. */
static int exchange_issue(struct db *db, struct exchange *x)
{
    char grant_id[GRANT_ID_LEN];
    crypto_token(grant_id, sizeof grant_id, 24);
    struct oauth_token_resp *out = x->out;
    char hash[CRYPTO_HASH_HEX];
    const char *client_id = x->client_id, *user_id = x->user_id;
    struct token_subject subject = {x->ins, client_id, user_id, TOKEN_USER, grant_id};
    if (token_mint_access(&subject, x->scopes, out->access_token) != 0 ||
        token_mint_refresh(x->ins, client_id, user_id, grant_id, out->refresh_token, hash) != 0)
        return internal(x->e, "Minting tokens failed.");
    int64_t now = clock_now();
    struct refresh_new r = {.hash = hash,
                            .family = x->family,
                            .user_id = x->user_id,
                            .client_id = x->client_id,
                            .scopes = x->scopes,
                            .install_id = x->ins->id,
                            .expires_at = now + config()->refresh_ttl_s,
                            .created_at = now};
    if (refresh_store_insert(db, &r) != 0)
        return internal(x->e, "Storing the refresh token failed.");
    out->expires_in = ACCESS_TOKEN_TTL_S;
    snprintf(out->scope, sizeof out->scope, "%s", x->scopes);
    x->issued = 1;
    return 0;
}

static int exchange_code(struct db *db, void *arg)
{
    struct exchange *x = arg;
    x->began = 1;
    int used = auth_code_store_use(db, x->hash, clock_now());
    if (used < 0)
        return internal(x->e, "Using the code failed.");
    if (!used) { /* used by a concurrent request a moment ago */
        x->replayed = 1;
        return -1;
    }
    /* re-authorization: the last token issued is the valid one (Zoom 4741) */
    if (kill_tokens(db, x->ins->id, &x->ins->generation, &x->revoked) != 0)
        return internal(x->e, "Revoking earlier tokens failed.");
    return exchange_issue(db, x);
}

static int exchange_refresh(struct db *db, void *arg)
{
    struct exchange *x = arg;
    x->began = 1;
    int rotated = refresh_store_rotate(db, x->hash, clock_now());
    if (rotated < 0)
        return internal(x->e, "Rotating the refresh token failed.");
    if (!rotated) {
        x->replayed = 1;
        return -1;
    }
    return exchange_issue(db, x);
}

/* After an exchange that did not commit: 1 for a replay (the install's tokens then go, and the caller refuses),
 * else -1 with the failure in e. */
static int exchange_failed(struct db *db, struct exchange *x, int64_t install_id)
{
    if (!x->began)
        return internal(x->e, "The store is busy.");
    if (x->replayed) {
        kill_tokens_now(db, install_id);
        return 1;
    }
    if (!x->issued)
        return -1;
    return internal(x->e, "Committing the tokens failed.");
}

static int grant_code(struct db *db, const struct oauth_token_req *in, const struct app *app, enum app_env env,
                      struct oauth_token_resp *out, struct perr *e)
{
    if (app->type != APP_OAUTH && app->type != APP_CHATBOT)
        return fail(e, "unsupported_grant_type", "unsupported grant type%s", "");
    const char *code = in->code ? in->code : "";
    char hash[CRYPTO_HASH_HEX], reason[128];
    snprintf(reason, sizeof reason, "Invalid authorization code %.64s", code);
    if (!*code || strlen(code) > 64)
        return fail(e, "invalid_request", "%s", reason);
    secret_hash(code, hash);

    struct auth_code_row c;
    int found = auth_code_store_get(db, hash, &c);
    if (found < 0)
        return internal(e, "Reading the code failed.");
    if (!found)
        return fail(e, "invalid_request", "%s", reason);
    int64_t install_id = c.install_id;
    const char *redirect_uri = c.redirect_uri, *challenge = c.challenge, *method = c.method;

    if (strcmp(c.client_id, in->client_id) != 0)
        return fail(e, "invalid_request", "%s", reason);
    if (c.used) {
        /* a replayed code: whoever holds it may be an attacker; revoke what it produced */
        kill_tokens_now(db, install_id);
        return fail(e, "invalid_request", "%s", reason);
    }
    if (clock_now() >= c.expires_at)
        return fail(e, "invalid_grant", "Code is expired%s", "");
    /* the redirect_uri of the authorize request again; when that request left it out (plaza then used the
     * app's redirect URL), leaving it out again or sending the app's redirect URL are both right */
    const char *given = in->redirect_uri ? in->redirect_uri : "";
    int redirect_ok = strcmp(redirect_uri, given) == 0;
    if (!redirect_ok && !redirect_uri[0]) {
        char registered[URL_MAX + 1];
        redirect_ok = app_redirect_url(db, app, env, registered) == 0 && strcmp(registered, given) == 0;
    }
    if (!redirect_ok)
        return fail(e, "invalid_request", "Redirect URI mismatch.%s", "");
    if (challenge[0] && !pkce_verify(challenge, method, in->code_verifier))
        return fail(e, "invalid_request", "Invalid code_verifier%s", "");
    /* RFC 9700 §2.1.1: a verifier for a code issued without a challenge is a PKCE downgrade (someone stripped
     * the challenge from the authorization request, or injected a code that was not this client's) */
    if (!challenge[0] && in->code_verifier)
        return fail(e, "invalid_grant", "code_verifier sent, but the authorization request had no code_challenge%s",
                    "");

    struct install ins;
    if (install_get(db, install_id, &ins) != 1 || ins.revoked_at)
        return fail(e, "invalid_request", "%s", reason);

    struct exchange x = {.ins = &ins, .client_id = in->client_id, .user_id = c.user_id, .hash = hash,
                         .family = hash, .scopes = c.scopes, .out = out, .e = e};
    if (db_transaction(db, exchange_code, &x) != 0)
        return exchange_failed(db, &x, install_id) == 1 ? fail(e, "invalid_request", "%s", reason) : -1;
    publish(ins.id, ins.generation, x.revoked);
    metrics_count(METRIC_TOKENS_AUTHORIZATION_CODE);
    return 0;
}

static int grant_refresh(struct db *db, const struct oauth_token_req *in, const struct app *app,
                         struct oauth_token_resp *out, struct perr *e)
{
    if (app->type != APP_OAUTH && app->type != APP_CHATBOT)
        return fail(e, "unsupported_grant_type", "unsupported grant type%s", "");
    const char *token = in->refresh_token ? in->refresh_token : "";
    if (!*token || strlen(token) >= TOKEN_MAX)
        return invalid_token(e);
    char hash[CRYPTO_HASH_HEX];
    secret_hash(token, hash);
    struct refresh_row r;
    int found = refresh_store_get(db, hash, &r);
    if (found < 0)
        return internal(e, "Reading the refresh token failed.");
    if (!found)
        return invalid_token(e);
    int64_t install_id = r.install_id;

    if (strcmp(r.client_id, in->client_id) != 0)
        return invalid_token(e);
    if (r.rotated && !r.revoked) {
        /* an old token came back: it leaked, or the app lost track; either way the install's tokens go */
        kill_tokens_now(db, install_id);
        return invalid_token(e);
    }
    if (r.revoked || clock_now() >= r.expires_at)
        return invalid_token(e);
    struct install ins;
    if (install_get(db, install_id, &ins) != 1 || ins.revoked_at)
        return invalid_token(e);

    struct exchange x = {.ins = &ins, .client_id = in->client_id, .user_id = r.user_id, .hash = hash,
                         .family = r.family, .scopes = r.scopes, .out = out, .e = e};
    if (db_transaction(db, exchange_refresh, &x) != 0)
        return exchange_failed(db, &x, install_id) == 1 ? invalid_token(e) : -1;
    metrics_count(METRIC_TOKENS_REFRESH_TOKEN);
    return 0;
}

/* An account-wide install: of which app, in which environment, with which scopes, and where its install and
 * the account's owner go. */
struct account_install {
    const struct app *app;
    enum app_env env;
    const char *scopes;
    const struct user *owner;
    struct install *ins;
    struct perr *e;
    int began, stored; /* how far the transaction got */
};

static int upsert_account_install(struct db *db, void *arg)
{
    struct account_install *a = arg;
    a->began = 1;
    struct install_request req = {a->app->id, a->env, a->app->account_id, "", a->owner->id, a->scopes};
    if (install_upsert(db, &req, a->ins, a->e) != 0)
        return -1;
    a->stored = 1;
    return 0;
}

/* Server-to-Server and chatbot tokens: one account-wide install, created on first use. `a` says which, and
 * receives the install in a->ins and the account's owner in `owner`. */
static int app_install(struct db *db, struct account_install *a, struct user *owner)
{
    const struct app *app = a->app;
    enum app_env env = a->env;
    const char *scopes = a->scopes;
    struct install *ins = a->ins;
    struct perr *e = a->e;
    a->owner = owner;
    if (user_owner_of(db, app->account_id, owner) != 1)
        return internal(e, "The app's account has no owner.");
    int found = install_find(db, app->id, env, app->account_id, "", ins);
    if (found == 1 && !ins->revoked_at && strcmp(ins->scopes, scopes) == 0)
        return 0;
    if (db_transaction(db, upsert_account_install, a) != 0)
        return internal(e, !a->began    ? "The store is busy."
                           : !a->stored ? "Storing the install failed."
                                        : "Committing the install failed.");
    install_publish(ins->id, ins->generation);
    return 0;
}

static int grant_account(struct db *db, const struct oauth_token_req *in, const struct app *app, enum app_env env,
                         struct oauth_token_resp *out, struct perr *e)
{
    if (app->type != APP_S2S)
        return fail(e, "unsupported_grant_type", "unsupported grant type%s", "");
    if (!in->account_id || strcmp(in->account_id, app->account_id) != 0)
        return fail(e, "invalid_request", "Invalid account_id%s", "");
    char scopes[SCOPES_STR_MAX];
    struct install ins;
    struct user owner;
    if (app_scopes(db, app->id, scopes, sizeof scopes) != 0)
        return internal(e, "Reading the app's scopes failed.");
    struct account_install a = {app, env, scopes, NULL, &ins, e, 0, 0};
    if (app_install(db, &a, &owner) != 0)
        return -1;
    char grant_id[GRANT_ID_LEN];
    crypto_token(grant_id, sizeof grant_id, 24);
    struct token_subject subject = {&ins, in->client_id, owner.id, TOKEN_ACCOUNT, grant_id};
    if (token_mint_access(&subject, scopes, out->access_token) != 0)
        return internal(e, "Minting the token failed.");
    out->expires_in = ACCESS_TOKEN_TTL_S;
    snprintf(out->scope, sizeof out->scope, "%s", scopes);
    metrics_count(METRIC_TOKENS_ACCOUNT_CREDENTIALS);
    return 0;
}

static int grant_client(struct db *db, const struct oauth_token_req *in, const struct app *app, enum app_env env,
                        struct oauth_token_resp *out, struct perr *e)
{
    if (app->type != APP_CHATBOT)
        return fail(e, "unsupported_grant_type", "unsupported grant type%s", "");
    const char *scopes = "imchat:bot";
    struct install ins;
    struct user owner;
    struct account_install a = {app, env, scopes, NULL, &ins, e, 0, 0};
    if (app_install(db, &a, &owner) != 0)
        return -1;
    char grant_id[GRANT_ID_LEN];
    crypto_token(grant_id, sizeof grant_id, 24);
    struct token_subject subject = {&ins, in->client_id, owner.id, TOKEN_CLIENT, grant_id};
    if (token_mint_access(&subject, scopes, out->access_token) != 0)
        return internal(e, "Minting the token failed.");
    out->expires_in = ACCESS_TOKEN_TTL_S;
    snprintf(out->scope, sizeof out->scope, "%s", scopes);
    metrics_count(METRIC_TOKENS_CLIENT_CREDENTIALS);
    return 0;
}

int oauth_token(struct db *db, const struct oauth_token_req *in, struct oauth_token_resp *out, struct perr *e)
{
    memset(out, 0, sizeof *out);
    if (!in->client_id || !in->client_secret || !*in->client_id || strlen(in->client_id) >= ID_LEN)
        return invalid_client(e);
    struct app app;
    enum app_env env;
    int found = app_by_client_id(db, in->client_id, &app, &env);
    if (found < 0)
        return internal(e, "Reading the app failed.");
    /* check the secret even for unknown ids, so timing says nothing */
    int secret_ok = app_check_secret(db, in->client_id, in->client_secret);
    if (!found || !secret_ok)
        return invalid_client(e);

    const char *g = in->grant_type;
    if (!g || !*g)
        return fail(e, "invalid_request", "Missing grant_type%s", "");
    if (strcmp(g, "authorization_code") == 0)
        return grant_code(db, in, &app, env, out, e);
    if (strcmp(g, "refresh_token") == 0)
        return grant_refresh(db, in, &app, out, e);
    if (strcmp(g, "account_credentials") == 0)
        return grant_account(db, in, &app, env, out, e);
    if (strcmp(g, "client_credentials") == 0)
        return grant_client(db, in, &app, env, out, e);
    return fail(e, "unsupported_grant_type", "unsupported grant type%s", "");
}
