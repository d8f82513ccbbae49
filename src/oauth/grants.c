/* The token endpoint's grants (zoom-wire §1.2–§1.4): authorization_code,
 * refresh_token, account_credentials, client_credentials. Error reasons and
 * OAuth error strings are Zoom's where Zoom's are known (§1.4) and documented
 * choices in docs/wire-choices.md where not. */
#include "core/clock.h"
#include "core/config.h"
#include "core/db.h"
#include "core/metrics.h"
#include "oauth/oauth_internal.h"

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

static int internal(struct db *db, struct perr *e, const char *what)
{
    db_rollback(db);
    perr_set(e, PERR_INTERNAL, "%s", what);
    snprintf(e->error, sizeof e->error, "server_error");
    return -1;
}

/* Revokes every refresh token of the install and bumps its generation, so no
 * token issued so far works (within the caller's transaction). */
static int kill_tokens(struct db *db, int64_t install_id, uint32_t *generation, int *revoked)
{
    if (db_run(db, "UPDATE refresh_tokens SET revoked_at = COALESCE(revoked_at, ?) WHERE install_id = ?", "ii",
               clock_now(), install_id) != DB_DONE)
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

/* Outside any transaction: a detected replay revokes, and the refusal stands. */
static void kill_tokens_now(struct db *db, int64_t install_id)
{
    uint32_t gen;
    int revoked = 0;
    if (db_begin(db) != DB_DONE)
        return;
    if (kill_tokens(db, install_id, &gen, &revoked) != 0 || db_commit(db) != DB_DONE) {
        db_rollback(db);
        log_error("oauth: could not revoke the tokens of install %lld", (long long)install_id);
        return;
    }
    publish(install_id, gen, revoked);
}

static int issue_pair(struct db *db, struct install *ins, const char *client_id, const char *user_id,
                      const char *grant_id, const char *family, const char *scopes, struct oauth_token_resp *out,
                      struct perr *e)
{
    char hash[CRYPTO_HASH_HEX];
    if (token_mint_access(ins, client_id, user_id, TOKEN_USER, grant_id, scopes, out->access_token) != 0 ||
        token_mint_refresh(ins, client_id, user_id, grant_id, out->refresh_token, hash) != 0)
        return internal(db, e, "Minting tokens failed.");
    int64_t now = clock_now();
    if (db_run(db,
               "INSERT INTO refresh_tokens (hash, install_id, family, user_id, client_id, scopes, expires_at, "
               "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
               "sissssii", hash, ins->id, family, user_id, client_id, scopes, now + config()->refresh_ttl_s,
               now) != DB_DONE)
        return internal(db, e, "Storing the refresh token failed.");
    out->expires_in = ACCESS_TOKEN_TTL_S;
    snprintf(out->scope, sizeof out->scope, "%s", scopes);
    return 0;
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

    struct db_stmt *st = db_query(db,
                                  "SELECT install_id, user_id, client_id, redirect_uri, scopes, challenge, "
                                  "challenge_method, expires_at, used_at FROM auth_codes WHERE hash = ?",
                                  "s", hash);
    if (!st)
        return internal(db, e, "Reading the code failed.");
    if (db_step(st) != DB_ROW) {
        db_done(st);
        return fail(e, "invalid_request", "%s", reason);
    }
    int64_t install_id = db_int(st, 0);
    char user_id[ID_LEN], client_id[ID_LEN], redirect_uri[URL_MAX + 1], scopes[SCOPES_STR_MAX], challenge[129] = "",
                                                                                                method[8] = "";
    db_copy(st, 1, user_id, sizeof user_id);
    db_copy(st, 2, client_id, sizeof client_id);
    db_copy(st, 3, redirect_uri, sizeof redirect_uri);
    db_copy(st, 4, scopes, sizeof scopes);
    if (!db_is_null(st, 5)) {
        db_copy(st, 5, challenge, sizeof challenge);
        db_copy(st, 6, method, sizeof method);
    }
    int64_t expires_at = db_int(st, 7);
    int used = !db_is_null(st, 8);
    db_done(st);

    if (strcmp(client_id, in->client_id) != 0)
        return fail(e, "invalid_request", "%s", reason);
    if (used) {
        /* a replayed code: whoever holds it may be an attacker; revoke what it produced */
        kill_tokens_now(db, install_id);
        return fail(e, "invalid_request", "%s", reason);
    }
    if (clock_now() >= expires_at)
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

    if (db_begin(db) != DB_DONE)
        return internal(db, e, "The store is busy.");
    if (db_run(db, "UPDATE auth_codes SET used_at = ? WHERE hash = ? AND used_at IS NULL", "is", clock_now(), hash) !=
        DB_DONE)
        return internal(db, e, "Using the code failed.");
    if (db_changes(db) != 1) { /* used by a concurrent request a moment ago */
        db_rollback(db);
        kill_tokens_now(db, install_id);
        return fail(e, "invalid_request", "%s", reason);
    }
    /* re-authorization: the last token issued is the valid one (Zoom 4741) */
    int revoked = 0;
    if (kill_tokens(db, install_id, &ins.generation, &revoked) != 0)
        return internal(db, e, "Revoking earlier tokens failed.");
    char grant_id[GRANT_ID_LEN];
    crypto_token(grant_id, sizeof grant_id, 24);
    if (issue_pair(db, &ins, in->client_id, user_id, grant_id, hash, scopes, out, e) != 0)
        return -1;
    if (db_commit(db) != DB_DONE)
        return internal(db, e, "Committing the tokens failed.");
    publish(ins.id, ins.generation, revoked);
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
    struct db_stmt *st = db_query(db,
                                  "SELECT install_id, family, user_id, client_id, scopes, expires_at, rotated_at, "
                                  "revoked_at FROM refresh_tokens WHERE hash = ?",
                                  "s", hash);
    if (!st)
        return internal(db, e, "Reading the refresh token failed.");
    if (db_step(st) != DB_ROW) {
        db_done(st);
        return invalid_token(e);
    }
    int64_t install_id = db_int(st, 0);
    char family[CRYPTO_HASH_HEX], user_id[ID_LEN], client_id[ID_LEN], scopes[SCOPES_STR_MAX];
    db_copy(st, 1, family, sizeof family);
    db_copy(st, 2, user_id, sizeof user_id);
    db_copy(st, 3, client_id, sizeof client_id);
    db_copy(st, 4, scopes, sizeof scopes);
    int64_t expires_at = db_int(st, 5);
    int rotated = !db_is_null(st, 6), revoked = !db_is_null(st, 7);
    db_done(st);

    if (strcmp(client_id, in->client_id) != 0)
        return invalid_token(e);
    if (rotated && !revoked) {
        /* an old token came back: it leaked, or the app lost track; either way the install's tokens go */
        kill_tokens_now(db, install_id);
        return invalid_token(e);
    }
    if (revoked || clock_now() >= expires_at)
        return invalid_token(e);
    struct install ins;
    if (install_get(db, install_id, &ins) != 1 || ins.revoked_at)
        return invalid_token(e);

    if (db_begin(db) != DB_DONE)
        return internal(db, e, "The store is busy.");
    if (db_run(db, "UPDATE refresh_tokens SET rotated_at = ? WHERE hash = ? AND rotated_at IS NULL AND revoked_at IS NULL",
               "is", clock_now(), hash) != DB_DONE)
        return internal(db, e, "Rotating the refresh token failed.");
    if (db_changes(db) != 1) {
        db_rollback(db);
        kill_tokens_now(db, install_id);
        return invalid_token(e);
    }
    char grant_id[GRANT_ID_LEN];
    crypto_token(grant_id, sizeof grant_id, 24);
    if (issue_pair(db, &ins, in->client_id, user_id, grant_id, family, scopes, out, e) != 0)
        return -1;
    if (db_commit(db) != DB_DONE)
        return internal(db, e, "Committing the tokens failed.");
    metrics_count(METRIC_TOKENS_REFRESH_TOKEN);
    return 0;
}

/* Server-to-Server and chatbot tokens: one account-wide install, created on first use. */
static int app_install(struct db *db, const struct app *app, enum app_env env, const char *scopes,
                       struct install *ins, struct user *owner, struct perr *e)
{
    if (user_owner_of(db, app->account_id, owner) != 1)
        return internal(db, e, "The app's account has no owner.");
    int found = install_find(db, app->id, env, app->account_id, "", ins);
    if (found == 1 && !ins->revoked_at && strcmp(ins->scopes, scopes) == 0)
        return 0;
    if (db_begin(db) != DB_DONE)
        return internal(db, e, "The store is busy.");
    if (install_upsert(db, app->id, env, app->account_id, "", owner->id, scopes, ins, e) != 0)
        return internal(db, e, "Storing the install failed.");
    if (db_commit(db) != DB_DONE)
        return internal(db, e, "Committing the install failed.");
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
        return internal(db, e, "Reading the app's scopes failed.");
    if (app_install(db, app, env, scopes, &ins, &owner, e) != 0)
        return -1;
    char grant_id[GRANT_ID_LEN];
    crypto_token(grant_id, sizeof grant_id, 24);
    if (token_mint_access(&ins, in->client_id, owner.id, TOKEN_ACCOUNT, grant_id, scopes, out->access_token) != 0)
        return internal(db, e, "Minting the token failed.");
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
    if (app_install(db, app, env, scopes, &ins, &owner, e) != 0)
        return -1;
    char grant_id[GRANT_ID_LEN];
    crypto_token(grant_id, sizeof grant_id, 24);
    if (token_mint_access(&ins, in->client_id, owner.id, TOKEN_CLIENT, grant_id, scopes, out->access_token) != 0)
        return internal(db, e, "Minting the token failed.");
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
        return internal(db, e, "Reading the app failed.");
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
