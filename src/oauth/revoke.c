/* Revocation (zoom-wire §1.6) and the Data Compliance call (§1.7). Revoking
 * any token of an install uninstalls the app for that user or account: the
 * install is marked revoked, its refresh tokens die and its generation moves
 * on, so every access token stops working at once. */
#include "core/clock.h"
#include "core/db.h"
#include "oauth/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fail(struct perr *e, const char *error, const char *reason)
{
    perr_set(e, PERR_INVALID, "%s", reason);
    snprintf(e->error, sizeof e->error, "%s", error);
    return -1;
}

static int authenticate(struct db *db, const char *client_id, const char *client_secret, struct app *app,
                        enum app_env *env, struct perr *e)
{
    if (!client_id || !client_secret || !*client_id || strlen(client_id) >= ID_LEN)
        return fail(e, "invalid_client", "Invalid client_id or client_secret");
    int found = app_by_client_id(db, client_id, app, env);
    int ok = app_check_secret(db, client_id, client_secret);
    if (found != 1 || !ok)
        return fail(e, "invalid_client", "Invalid client_id or client_secret");
    return 0;
}

int oauth_revoke(struct db *db, const char *client_id, const char *client_secret, const char *token, struct perr *e)
{
    struct app app;
    enum app_env env;
    if (authenticate(db, client_id, client_secret, &app, &env, e) != 0)
        return -1;
    if (!token || !*token || strlen(token) >= TOKEN_MAX)
        return fail(e, "invalid_request", "Invalid Token!");

    /* a refresh token is known by its hash; an access token by its signature */
    int64_t install_id = 0;
    char hash[CRYPTO_HASH_HEX], owner[ID_LEN] = "";
    secret_hash(token, hash);
    struct db_stmt *st = db_query(db, "SELECT install_id, client_id FROM refresh_tokens WHERE hash = ?", "s", hash);
    if (st && db_step(st) == DB_ROW) {
        install_id = db_int(st, 0);
        db_copy(st, 1, owner, sizeof owner);
    }
    db_done(st);
    if (!install_id) {
        struct oauth_access a;
        if (token_peek(token, &a) == 0 && !a.refresh) {
            install_id = a.install_id;
            snprintf(owner, sizeof owner, "%s", a.client_id);
        }
    }
    if (!install_id || strcmp(owner, client_id) != 0)
        return fail(e, "invalid_request", "Invalid Token!");

    uint32_t generation;
    if (db_begin(db) != DB_DONE || install_revoke(db, install_id, &generation) != 0 || db_commit(db) != DB_DONE) {
        db_rollback(db);
        return perr_set(e, PERR_INTERNAL, "Revoking failed.");
    }
    install_publish_revoked(install_id, generation);
    return 0;
}

static const char *str_member(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

int oauth_compliance(struct db *db, const char *client_id, const char *client_secret, json_t *body, struct perr *e)
{
    struct app app;
    enum app_env env;
    if (authenticate(db, client_id, client_secret, &app, &env, e) != 0)
        return -1;
    const char *body_client = str_member(body, "client_id");
    const char *user_id = str_member(body, "user_id");
    const char *account_id = str_member(body, "account_id");
    json_t *completed = json_object_get(body, "compliance_completed");
    json_t *event = json_object_get(body, "deauthorization_event_received");
    if (!body_client || strcmp(body_client, client_id) != 0)
        return fail(e, "invalid_request", "client_id must be the authenticated app's client id");
    if (!user_id || !*user_id || strlen(user_id) >= ID_LEN)
        return fail(e, "invalid_request", "user_id is required");
    if (!account_id || !*account_id || strlen(account_id) >= ID_LEN)
        return fail(e, "invalid_request", "account_id is required");
    if (!json_is_boolean(completed))
        return fail(e, "invalid_request", "compliance_completed must be true or false");
    if (event && !json_is_object(event))
        return fail(e, "invalid_request", "deauthorization_event_received must be an object");

    char *text = json_dumps(body, JSON_COMPACT);
    if (!text)
        return perr_set(e, PERR_INTERNAL, "Out of memory.");
    int rc = db_run(db,
                    "INSERT INTO compliance (app_id, client_id, account_id, user_id, compliance_completed, body, "
                    "received_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    "ssssnsi", app.id, client_id, account_id, user_id, json_is_true(completed) ? 1 : 0, text,
                    clock_now());
    free(text);
    return rc == DB_DONE ? 0 : perr_set(e, PERR_INTERNAL, "Recording the compliance call failed.");
}
