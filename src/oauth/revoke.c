/* Revocation (zoom-wire §1.6) and the Data Compliance call (§1.7). Revoking
 * any token of an install uninstalls the app for that user or account: the
 * install is marked revoked, its refresh tokens die and its generation moves
 * on, so every access token stops working at once. */
#include "core/clock.h"
#include "core/db.h"
#include "events/events.h"
#include "oauth/oauth_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fail(struct perr *e, const char *error, const char *reason)
{
    perr_set(e, PERR_INVALID, "%s", reason);
    snprintf(e->error, sizeof e->error, "%s", error);
    return -1;
}

/* A failure of the store: 500 in OAuth's shape on /oauth, logged (with the request) where it is answered. */
static int server_error(struct perr *e, const char *what)
{
    perr_set(e, PERR_INTERNAL, "%s", what);
    snprintf(e->error, sizeof e->error, "server_error");
    return -1;
}

static int authenticate(struct db *db, const char *client_id, const char *client_secret, struct app *app,
                        enum app_env *env, struct perr *e)
{
    if (!client_id || !client_secret || !*client_id || strlen(client_id) >= ID_LEN)
        return fail(e, "invalid_client", "Invalid client_id or client_secret");
    int found = app_by_client_id(db, client_id, app, env);
    int ok = app_check_secret(db, client_id, client_secret);
    if (found < 0)
        return server_error(e, "Reading the app failed.");
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
    int rc = st ? db_step(st) : DB_ERROR;
    if (rc == DB_ROW) {
        install_id = db_int(st, 0);
        db_copy(st, 1, owner, sizeof owner);
    }
    db_done(st);
    if (rc == DB_ERROR)
        return server_error(e, "Reading the refresh token failed.");
    if (!install_id) {
        struct oauth_access a;
        if (token_peek(token, &a) == 0 && !a.refresh) {
            install_id = a.install_id;
            snprintf(owner, sizeof owner, "%s", a.client_id);
        }
    }
    if (!install_id || strcmp(owner, client_id) != 0)
        return fail(e, "invalid_request", "Invalid Token!");

    return oauth_uninstall(db, install_id, e);
}

/* zoom-wire §3.6: the deauthorization event, with the fields of Zoom's example;
 * its signature is what the compliance call must carry back. */
static json_t *deauthorized_payload(const struct install *ins, const char *client_id, const char *user_id,
                                    int64_t at_ms, char signature[CRYPTO_HASH_HEX])
{
    char text[160], when[21], iso[32];
    snprintf(text, sizeof text, "deauthorized %lld %s %lld", (long long)ins->id, user_id, (long long)at_ms);
    secret_hash(text, signature);
    clock_format(at_ms / 1000, when);
    snprintf(iso, sizeof iso, "%.19s.%03dZ", when, (int)(at_ms % 1000));
    return json_pack("{s:s,s:s,s:s,s:s,s:s,s:s}", "user_data_retention", "false", "account_id", ins->account_id,
                     "user_id", user_id, "signature", signature, "deauthorization_time", iso, "client_id", client_id);
}

int oauth_uninstall(struct db *db, int64_t install_id, struct perr *e)
{
    struct install ins;
    if (install_get(db, install_id, &ins) != 1)
        return perr_set(e, PERR_NOT_FOUND, "Install %lld does not exist.", (long long)install_id);
    int was_active = !ins.revoked_at;
    char client_id[ID_LEN] = "";
    struct db_stmt *st = db_query(db, "SELECT client_id FROM credentials WHERE app_id = ? AND env = ?", "ss",
                                  ins.app_id, app_env_name(ins.env));
    int found = st ? db_step(st) : DB_ERROR;
    if (found == DB_ROW)
        db_copy(st, 0, client_id, sizeof client_id);
    db_done(st);
    if (found == DB_ERROR)
        return server_error(e, "Reading the app's client id failed.");
    const char *user_id = ins.user_id[0] ? ins.user_id : ins.installed_by;
    int64_t now_ms = clock_now_ms();
    uint32_t generation;
    char signature[CRYPTO_HASH_HEX];
    if (db_begin(db) != DB_DONE)
        return perr_set(e, PERR_INTERNAL, "The store is busy.");
    int rc = install_revoke(db, install_id, &generation);
    /* an install removed twice notifies the app once */
    if (rc == 0 && was_active) {
        json_t *payload = deauthorized_payload(&ins, client_id, user_id, now_ms, signature);
        json_t *env = json_pack("{s:s,s:o,s:I}", "event", DEAUTHORIZED_EVENT, "payload", payload, "event_ts",
                                (json_int_t)now_ms);
        rc = events_emit_deauthorized(db, ins.account_id, ins.app_id, app_env_name(ins.env), env, now_ms);
        if (rc == 0 && db_run(db,
                              "INSERT INTO deauthorizations (app_id, client_id, account_id, user_id, signature, "
                              "deauthorized_at) VALUES (?, ?, ?, ?, ?, ?)",
                              "sssssi", ins.app_id, client_id, ins.account_id, user_id, signature,
                              now_ms / 1000) != DB_DONE)
            rc = -1;
    }
    if (rc != 0 || db_commit(db) != DB_DONE) {
        db_rollback(db);
        return perr_set(e, PERR_INTERNAL, "Revoking failed.");
    }
    install_publish_revoked(install_id, generation);
    webhooks_wake();
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

    /* the deauthorization this answers: the newest for the user, open or not */
    int64_t deauth_id = 0, completed_at = 0;
    char signature[CRYPTO_HASH_HEX] = "";
    struct db_stmt *st = db_query(db,
                                  "SELECT id, completed_at, signature FROM deauthorizations WHERE client_id = ? AND "
                                  "user_id = ? AND account_id = ? ORDER BY id DESC LIMIT 1",
                                  "sss", client_id, user_id, account_id);
    int rc = st ? db_step(st) : DB_ERROR;
    if (rc == DB_ROW) {
        deauth_id = db_int(st, 0);
        completed_at = db_is_null(st, 1) ? 0 : db_int(st, 1);
        db_copy(st, 2, signature, sizeof signature);
    }
    db_done(st);
    if (rc == DB_ERROR)
        return server_error(e, "Reading the deauthorization failed.");
    if (!deauth_id)
        return fail(e, "invalid_request", "No deauthorization of this user and account awaits compliance");
    if (completed_at)
        return fail(e, "invalid_request", "Compliance was already completed for this deauthorization");
    const char *signed_by = str_member(event, "signature");
    if (signed_by && strcmp(signed_by, signature) != 0)
        return fail(e, "invalid_request", "deauthorization_event_received.signature does not match the event sent");

    char *text = json_dumps(body, JSON_COMPACT);
    if (!text)
        return perr_set(e, PERR_INTERNAL, "Out of memory.");
    int64_t now = clock_now();
    if (db_begin(db) != DB_DONE) {
        free(text);
        return perr_set(e, PERR_INTERNAL, "The store is busy.");
    }
    st = db_query(db,
                  "INSERT INTO compliance (app_id, client_id, account_id, user_id, compliance_completed, body, "
                  "received_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                  "ssssnsi", app.id, client_id, account_id, user_id, json_is_true(completed) ? 1 : 0, text, now);
    int64_t compliance_id = st && db_step(st) == DB_ROW ? db_int(st, 0) : 0;
    db_done(st);
    free(text);
    /* compliance_completed false is recorded, and the deauthorization stays open */
    if (!compliance_id ||
        (json_is_true(completed) &&
         db_run(db, "UPDATE deauthorizations SET completed_at = ?, compliance_id = ? WHERE id = ?", "iii", now,
                compliance_id, deauth_id) != DB_DONE) ||
        db_commit(db) != DB_DONE) {
        db_rollback(db);
        return perr_set(e, PERR_INTERNAL, "Recording the compliance call failed.");
    }
    return 0;
}

#define OVERDUE_AFTER_S (10 * 24 * 3600)

int oauth_deauthorizations(struct db *db, const char *app_id, const char *status, json_t **out, struct perr *e)
{
    if (status && strcmp(status, "open") != 0 && strcmp(status, "overdue") != 0 && strcmp(status, "completed") != 0)
        return perr_field(e, "status", "must be open, overdue or completed");
    int64_t now = clock_now();
    struct db_stmt *st = db_query(db,
                                  "SELECT id, app_id, client_id, account_id, user_id, signature, deauthorized_at, "
                                  "completed_at FROM deauthorizations WHERE (? IS NULL OR app_id = ?) ORDER BY id "
                                  "LIMIT 1000",
                                  "ss", app_id, app_id);
    if (!st)
        return perr_set(e, PERR_INTERNAL, "Listing deauthorizations failed.");
    json_t *items = json_array();
    while (db_step(st) == DB_ROW) {
        int64_t at = db_int(st, 6), done = db_is_null(st, 7) ? 0 : db_int(st, 7);
        const char *state = done ? "completed" : now - at > OVERDUE_AFTER_S ? "overdue" : "open";
        if (status && strcmp(status, state) != 0 && !(strcmp(status, "open") == 0 && strcmp(state, "overdue") == 0))
            continue;
        char when[21], due[21], finished[21];
        clock_format(at, when);
        clock_format(at + OVERDUE_AFTER_S, due);
        json_t *o = json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "id", (json_int_t)db_int(st, 0), "app_id",
                              db_text(st, 1), "client_id", db_text(st, 2), "account_id", db_text(st, 3), "user_id",
                              db_text(st, 4), "signature", db_text(st, 5), "status", state, "deauthorized_at", when,
                              "compliance_due_at", due);
        if (done) {
            clock_format(done, finished);
            json_object_set_new(o, "completed_at", json_string(finished));
        } else {
            json_object_set_new(o, "completed_at", json_null());
        }
        json_array_append_new(items, o);
    }
    db_done(st);
    *out = json_pack("{s:o}", "deauthorizations", items);
    return 0;
}
