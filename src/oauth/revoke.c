/* Revocation (zoom-wire §1.6) and the Data Compliance call (§1.7). Revoking
 * any token of an install uninstalls the app for that user or account: the
 * install is marked revoked, its refresh tokens die and its generation moves
 * on, so every access token stops working at once. */
#include "core/clock.h"
#include "core/db.h"
#include "events/events.h"
#include "events/events_store.h"
#include "market/apps_store.h"
#include "oauth/oauth_internal.h"
#include "oauth/oauth_store.h"

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
    if (refresh_store_owner(db, hash, &install_id, owner) < 0)
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

struct uninstall {
    const struct install *ins;
    int was_active;
    const char *client_id, *user_id;
    const char *removed_by; /* NULL: the app (or its user) revoked */
    int64_t now_ms;
    uint32_t generation;
    int began;
};

/* The install revoked and, the first time, the app told (app_deauthorized) and the deauthorization kept for the
 * compliance call that answers it. */
static int uninstall_tx(struct db *db, void *arg)
{
    struct uninstall *u = arg;
    const struct install *ins = u->ins;
    u->began = 1;
    int rc = install_revoke(db, ins->id, &u->generation);
    if (rc == 0)
        rc = refresh_store_revoke_install(db, ins->id, clock_now());
    /* an install removed twice notifies the app once */
    if (rc == 0 && u->was_active) {
        char signature[CRYPTO_HASH_HEX];
        json_t *payload = deauthorized_payload(ins, u->client_id, u->user_id, u->now_ms, signature);
        json_t *env = json_pack("{s:s,s:o,s:I}", "event", DEAUTHORIZED_EVENT, "payload", payload, "event_ts",
                                (json_int_t)u->now_ms);
        rc = events_emit_deauthorized(db, ins->account_id, ins->app_id, app_env_name(ins->env), env, u->now_ms);
        struct deauth_new d = {ins->app_id, u->client_id, ins->account_id, u->user_id, signature, u->now_ms / 1000};
        if (rc == 0 && deauth_store_insert(db, &d) != 0)
            rc = -1;
        if (rc == 0 && u->removed_by)
            rc = notify_app_removed(db, ins, u->removed_by);
    }
    return rc;
}

int oauth_uninstall(struct db *db, int64_t install_id, struct perr *e)
{
    return oauth_remove_install(db, install_id, NULL, e);
}

int oauth_remove_install(struct db *db, int64_t install_id, const char *removed_by, struct perr *e)
{
    struct install ins;
    if (install_get(db, install_id, &ins) != 1)
        return perr_set(e, PERR_NOT_FOUND, "Install %lld does not exist.", (long long)install_id);
    int was_active = !ins.revoked_at;
    char client_id[ID_LEN] = "";
    if (credential_store_client_id(db, ins.app_id, ins.env, client_id) < 0)
        return server_error(e, "Reading the app's client id failed.");
    const char *user_id = ins.user_id[0] ? ins.user_id : ins.installed_by;
    struct uninstall u = {&ins, was_active, client_id, user_id, removed_by, clock_now_ms(), 0, 0};
    if (db_transaction(db, uninstall_tx, &u) != 0)
        return perr_set(e, PERR_INTERNAL, u.began ? "Revoking failed." : "The store is busy.");
    install_publish_revoked(install_id, u.generation);
    webhooks_wake();
    mailer_wake();
    return 0;
}

static const char *str_member(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

/* The newest deauthorization of a user: 0 when none. */
struct newest {
    int64_t id, completed_at;
    char signature[CRYPTO_HASH_HEX];
};

static int take_newest(const struct deauth_row *r, void *arg)
{
    struct newest *n = arg;
    n->id = r->id;
    n->completed_at = r->completed_at;
    snprintf(n->signature, sizeof n->signature, "%s", r->signature ? r->signature : "");
    return 0;
}

struct compliance_call {
    struct compliance_row row;
    int64_t deauth_id;
    int began;
};

/* The call is recorded; compliance_completed false leaves the deauthorization open. */
static int compliance_tx(struct db *db, void *arg)
{
    struct compliance_call *c = arg;
    c->began = 1;
    int64_t id = compliance_store_insert(db, &c->row);
    if (!id)
        return -1;
    return c->row.completed ? deauth_store_complete(db, c->deauth_id, c->row.received_at, id) : 0;
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
    struct newest n = {0, 0, ""};
    if (deauth_store_newest(db, client_id, user_id, account_id, take_newest, &n) < 0)
        return server_error(e, "Reading the deauthorization failed.");
    int64_t deauth_id = n.id, completed_at = n.completed_at;
    const char *signature = n.signature;
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
    struct compliance_call c = {.row = {app.id, client_id, account_id, user_id, text, json_is_true(completed) ? 1 : 0,
                                        clock_now()},
                                .deauth_id = deauth_id};
    int rc = db_transaction(db, compliance_tx, &c);
    free(text);
    if (rc != 0)
        return perr_set(e, PERR_INTERNAL, c.began ? "Recording the compliance call failed." : "The store is busy.");
    return 0;
}

#define OVERDUE_AFTER_S (10 * 24 * 3600)

struct deauth_listing {
    const char *status;
    int64_t now;
    json_t *items;
};

static int deauth_json(const struct deauth_row *r, void *arg)
{
    struct deauth_listing *l = arg;
    const char *status = l->status;
    int64_t at = r->deauthorized_at, done = r->completed_at;
    const char *state = done ? "completed" : l->now - at > OVERDUE_AFTER_S ? "overdue" : "open";
    if (status && strcmp(status, state) != 0 && !(strcmp(status, "open") == 0 && strcmp(state, "overdue") == 0))
        return 0;
    char when[21], due[21], finished[21];
    clock_format(at, when);
    clock_format(at + OVERDUE_AFTER_S, due);
    json_t *o = json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "id", (json_int_t)r->id, "app_id", r->app_id,
                          "client_id", r->client_id, "account_id", r->account_id, "user_id", r->user_id, "signature",
                          r->signature, "status", state, "deauthorized_at", when, "compliance_due_at", due);
    if (done) {
        clock_format(done, finished);
        json_object_set_new(o, "completed_at", json_string(finished));
    } else {
        json_object_set_new(o, "completed_at", json_null());
    }
    json_array_append_new(l->items, o);
    return 0;
}

int oauth_deauthorizations(struct db *db, const char *app_id, const char *status, json_t **out, struct perr *e)
{
    if (status && strcmp(status, "open") != 0 && strcmp(status, "overdue") != 0 && strcmp(status, "completed") != 0)
        return perr_field(e, "status", "must be open, overdue or completed");
    struct deauth_listing l = {status, clock_now(), json_array()};
    if (deauth_store_list(db, app_id, deauth_json, &l) < 0 && json_array_size(l.items) == 0) {
        json_decref(l.items);
        return perr_set(e, PERR_INTERNAL, "Listing deauthorizations failed.");
    }
    *out = json_pack("{s:o}", "deauthorizations", l.items);
    return 0;
}
