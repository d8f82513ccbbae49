/* Event subscriptions of apps: an endpoint URL, the events it wants, and the
 * app's secret and verification tokens (kept sealed: plaza signs with them).
 * A subscription receives events only once its endpoint has answered a
 * url_validation; it is validated again every 72 hours and disabled after
 * repeated failures (zoom-wire §3.3). */
#include "core/clock.h"
#include "core/config.h"
#include "core/crypto.h"
#include "core/db.h"
#include "events/events_internal.h"
#include "market/market.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NAME_MAX_LEN 64
#define TOKEN_MIN 8
#define TOKEN_MAX_LEN 64

static json_t *time_or_null(int64_t t)
{
    char buf[21];
    if (!t)
        return json_null();
    clock_format(t, buf);
    return json_string(buf);
}

static int token_ok(const char *s)
{
    size_t n = strlen(s);
    return n >= TOKEN_MIN && n <= TOKEN_MAX_LEN &&
           strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") == n;
}

#define SUB_COLUMNS                                                                                               \
    "id, app_id, env, name, url, events, secret_token, verification_token, state, validated_at, failures, "      \
    "next_validation_at, created_at, updated_at, kind"

const struct endpoint_kind endpoint_deauthorization = {"deauthorization", "deauthorization_url", DEAUTHORIZED_EVENT,
                                                       "Deauthorization Notification Endpoint",
                                                       "deauthorization_endpoint"};
const struct endpoint_kind endpoint_bot = {"bot", "bot_endpoint_url", BOT_NOTIFICATION_EVENT, "Bot Endpoint",
                                           "bot_endpoint"};
static const struct endpoint_kind *const endpoint_kinds[] = {&endpoint_deauthorization, &endpoint_bot, NULL};

const struct endpoint_kind *endpoint_kind_of(const char *kind)
{
    for (const struct endpoint_kind *const *k = endpoint_kinds; kind && *k; k++)
        if (strcmp((*k)->kind, kind) == 0)
            return *k;
    return NULL;
}

static json_t *row_json(struct db_stmt *st)
{
    char secret[128] = "", verification[128] = "";
    const struct config *c = config();
    crypto_open(c->seal_key, db_text(st, 6), secret, sizeof secret);
    crypto_open(c->seal_key, db_text(st, 7), verification, sizeof verification);
    json_t *events = json_array();
    char list[1024];
    db_copy(st, 5, list, sizeof list);
    char *save;
    for (char *ev = strtok_r(list, " ", &save); ev; ev = strtok_r(NULL, " ", &save))
        json_array_append_new(events, json_string(ev));
    json_t *o = json_pack("{s:s,s:s,s:s,s:s,s:s,s:o,s:s,s:s,s:s}", "id", db_text(st, 0), "app_id", db_text(st, 1),
                          "env", db_text(st, 2), "name", db_text(st, 3), "url", db_text(st, 4), "events", events,
                          "secret_token", secret, "verification_token", verification, "state", db_text(st, 8));
    json_object_set_new(o, "validated_at", time_or_null(db_is_null(st, 9) ? 0 : db_int(st, 9)));
    json_object_set_new(o, "validation_failures", json_integer(db_int(st, 10)));
    json_object_set_new(o, "next_validation_at", time_or_null(db_is_null(st, 11) ? 0 : db_int(st, 11)));
    json_object_set_new(o, "created_at", time_or_null(db_int(st, 12)));
    json_object_set_new(o, "updated_at", time_or_null(db_int(st, 13)));
    /* the app's own endpoints show here too: their tokens are what signs their event there */
    const struct endpoint_kind *k = endpoint_kind_of(db_text(st, 14));
    json_object_set_new(o, "kind", json_string(k ? k->shown : "event_subscription"));
    return o;
}

/* Whether subscription `id` of the app is one of the app's own endpoints: 0 with *k set to its kind, or NULL
 * for an event subscription; -1 when it does not exist or the store failed (e set). */
static int endpoint_of(struct db *db, const char *app_id, const char *id, const struct endpoint_kind **k,
                       struct perr *e)
{
    struct db_stmt *st =
        db_query(db, "SELECT kind FROM event_subscriptions WHERE id = ? AND app_id = ?", "ss", id, app_id);
    int rc = st ? db_step(st) : DB_ERROR;
    *k = rc == DB_ROW ? endpoint_kind_of(db_text(st, 0)) : NULL;
    db_done(st);
    if (rc == DB_ERROR)
        return perr_set(e, PERR_INTERNAL, "Reading the subscription failed.");
    if (rc != DB_ROW)
        return perr_set(e, PERR_NOT_FOUND, "Event subscription %.40s does not exist.", id);
    return 0;
}

static int fetch(struct db *db, const char *app_id, const char *id, json_t **out, struct perr *e)
{
    struct db_stmt *st =
        db_query(db, "SELECT " SUB_COLUMNS " FROM event_subscriptions WHERE id = ? AND app_id = ?", "ss", id, app_id);
    if (!st)
        return perr_set(e, PERR_INTERNAL, "Reading the subscription failed.");
    int found = db_step(st) == DB_ROW;
    if (found && out)
        *out = row_json(st);
    db_done(st);
    return found ? 0 : perr_set(e, PERR_NOT_FOUND, "Event subscription %.40s does not exist.", id);
}

/* Checks the fields given; fills `events` (space-separated). */
static void validate(const struct subscription_input *in, int creating, char *events, size_t size, struct perr *e)
{
    if (in->env && strcmp(in->env, "development") != 0 && strcmp(in->env, "production") != 0)
        perr_field(e, "env", "must be development or production");
    if (in->name && (!*in->name || strlen(in->name) > NAME_MAX_LEN))
        perr_field(e, "name", "must be 1 to %d characters", NAME_MAX_LEN);
    if (in->url) {
        const char *why = url_app_check(in->url);
        if (why)
            perr_field(e, "url", "%s", why);
    } else if (creating) {
        perr_field(e, "url", "is required: the event notification endpoint URL");
    }
    if (in->secret_token && !token_ok(in->secret_token))
        perr_field(e, "secret_token", "must be %d to %d letters, digits, - or _", TOKEN_MIN, TOKEN_MAX_LEN);
    if (in->verification_token && !token_ok(in->verification_token))
        perr_field(e, "verification_token", "must be %d to %d letters, digits, - or _", TOKEN_MIN, TOKEN_MAX_LEN);
    events[0] = '\0';
    if (!in->has_events) {
        if (creating)
            perr_field(e, "events", "is required: the event types to receive");
        return;
    }
    if (in->nevents == 0)
        perr_field(e, "events", "must name at least one event type");
    size_t len = 0;
    for (int i = 0; i < in->nevents; i++) {
        char f[40];
        snprintf(f, sizeof f, "events[%d]", i);
        if (!events_known(in->events[i])) {
            perr_field(e, f, "unknown event type '%.60s': the types plaza sends are in docs/api-coverage.md#events",
                       in->events[i]);
            continue;
        }
        int dup = 0;
        for (int j = 0; j < i; j++)
            dup |= strcmp(in->events[i], in->events[j]) == 0;
        if (dup)
            continue;
        size_t n = strlen(in->events[i]);
        if (len + n + 2 > size)
            break;
        if (len)
            events[len++] = ' ';
        memcpy(events + len, in->events[i], n + 1);
        len += n;
    }
}

static void seal_token(const char *given, char sealed[256])
{
    char token[WEBHOOK_TOKEN_LEN];
    if (!given) {
        crypto_token(token, sizeof token, 16);
        given = token;
    }
    crypto_seal(config()->seal_key, given, sealed, 256);
}

int subscription_create(struct db *db, const struct subscription_input *in, json_t **out, struct perr *e)
{
    struct app app;
    if (app_get(db, in->app_id, &app, e) != 0)
        return -1;
    char events[1024];
    validate(in, 1, events, sizeof events, e);
    if (e->kind != PERR_NONE)
        return -1;
    const char *env = in->env ? in->env : "development";
    int64_t count = -1;
    struct db_stmt *st = db_query(
        db, "SELECT count(*) FROM event_subscriptions WHERE app_id = ? AND kind = 'subscription'", "s", app.id);
    if (st && db_step(st) == DB_ROW)
        count = db_int(st, 0);
    db_done(st);
    if (count < 0)
        return perr_set(e, PERR_INTERNAL, "Counting the app's subscriptions failed.");
    if (count >= SUBSCRIPTIONS_MAX)
        return perr_set(e, PERR_CONFLICT, "An app has at most %d event subscriptions.", SUBSCRIPTIONS_MAX);
    char id[ID_LEN], secret[256], verification[256];
    ids_new(id);
    seal_token(in->secret_token, secret);
    seal_token(in->verification_token, verification);
    int64_t now = clock_now();
    if (db_begin(db) != DB_DONE)
        return perr_set(e, PERR_INTERNAL, "The store is busy.");
    if (db_run(db,
               "INSERT INTO event_subscriptions (id, app_id, env, name, url, events, secret_token, verification_token, "
               "state, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)",
               "ssssssssii", id, app.id, env, in->name ? in->name : "Event subscription", in->url, events, secret,
               verification, now, now) != DB_DONE ||
        validation_enqueue(db, id, app.id, in->url) != 0 || db_commit(db) != DB_DONE) {
        db_rollback(db);
        return perr_set(e, PERR_INTERNAL, "Storing the subscription failed.");
    }
    webhooks_wake();
    return fetch(db, app.id, id, out, e);
}

int subscription_get(struct db *db, const char *app_id, const char *id, json_t **out, struct perr *e)
{
    return fetch(db, app_id, id, out, e);
}

int subscription_list(struct db *db, const char *app_id, json_t **out, struct perr *e)
{
    struct app app;
    if (app_get(db, app_id, &app, e) != 0)
        return -1;
    /* the app's endpoints in each environment with credentials, so their tokens can be read before the first
     * event goes there */
    char envs[2][16];
    int nenvs = 0, rc = DB_DONE;
    struct db_stmt *st = db_query(db, "SELECT env FROM credentials WHERE app_id = ? ORDER BY env", "s", app_id);
    while (st && nenvs < 2 && (rc = db_step(st)) == DB_ROW)
        db_copy(st, 0, envs[nenvs++], sizeof envs[0]);
    db_done(st);
    if (!st || rc == DB_ERROR)
        return perr_set(e, PERR_INTERNAL, "Reading the app's environments failed.");
    for (int i = 0; i < nenvs; i++) {
        for (const struct endpoint_kind *const *k = endpoint_kinds; *k; k++) {
            char id[ID_LEN];
            if (db_begin(db) != DB_DONE || endpoint_sync(db, app_id, envs[i], *k, id) < 0 ||
                db_commit(db) != DB_DONE) {
                db_rollback(db);
                return perr_set(e, PERR_INTERNAL, "Reading the app's %s failed.", (*k)->name);
            }
        }
    }
    /* event subscriptions first, then the app's endpoints */
    st = db_query(db,
                  "SELECT " SUB_COLUMNS " FROM event_subscriptions WHERE app_id = ? ORDER BY CASE kind WHEN "
                  "'subscription' THEN 0 WHEN 'deauthorization' THEN 1 ELSE 2 END, created_at, id",
                  "s", app_id);
    if (!st)
        return perr_set(e, PERR_INTERNAL, "Listing subscriptions failed.");
    json_t *items = json_array();
    while (db_step(st) == DB_ROW)
        json_array_append_new(items, row_json(st));
    db_done(st);
    *out = json_pack("{s:o}", "event_subscriptions", items);
    return 0;
}

int subscription_update(struct db *db, const char *app_id, const char *id, const struct subscription_input *in,
                        json_t **out, struct perr *e)
{
    const struct endpoint_kind *endpoint;
    if (endpoint_of(db, app_id, id, &endpoint, e) != 0)
        return -1;
    char events[1024];
    validate(in, 0, events, sizeof events, e);
    if (endpoint) { /* its URL is the app's features field; only the tokens that sign for it are its own */
        if (in->url)
            perr_field(e, "url", "is the app's features.%s: change it there", endpoint->field);
        if (in->has_events)
            perr_field(e, "events", "is %s only", endpoint->event);
        if (in->env)
            perr_field(e, "env", "cannot change");
        if (in->name)
            perr_field(e, "name", "cannot change");
    }
    if (e->kind != PERR_NONE)
        return -1;
    char secret[256] = "", verification[256] = "";
    if (in->secret_token)
        seal_token(in->secret_token, secret);
    if (in->verification_token)
        seal_token(in->verification_token, verification);
    /* a new endpoint or new tokens must prove themselves again; the app's own endpoints are not validated */
    int revalidate = !endpoint && (in->url || in->secret_token);
    if (db_begin(db) != DB_DONE)
        return perr_set(e, PERR_INTERNAL, "The store is busy.");
    int rc = db_run(db,
                    "UPDATE event_subscriptions SET env = COALESCE(?, env), name = COALESCE(?, name), "
                    "url = COALESCE(?, url), events = COALESCE(?, events), secret_token = COALESCE(?, secret_token), "
                    "verification_token = COALESCE(?, verification_token), "
                    "state = CASE WHEN ? <> 0 THEN 'pending' ELSE state END, updated_at = ? WHERE id = ?",
                    "ssssssnis", in->env, in->name, in->url, in->has_events ? events : NULL,
                    in->secret_token ? secret : NULL, in->verification_token ? verification : NULL, revalidate,
                    clock_now(), id);
    if (rc == DB_DONE && revalidate) {
        struct db_stmt *st = db_query(db, "SELECT url FROM event_subscriptions WHERE id = ?", "s", id);
        char url[2049] = "";
        rc = st && db_step(st) == DB_ROW ? DB_DONE : DB_ERROR;
        if (rc == DB_DONE)
            db_copy(st, 0, url, sizeof url);
        db_done(st);
        if (rc == DB_DONE)
            rc = validation_enqueue(db, id, app_id, url) == 0 ? DB_DONE : DB_ERROR;
    }
    if (rc != DB_DONE || db_commit(db) != DB_DONE) {
        db_rollback(db);
        return perr_set(e, PERR_INTERNAL, "Storing the subscription failed.");
    }
    webhooks_wake();
    return fetch(db, app_id, id, out, e);
}

int subscription_delete(struct db *db, const char *app_id, const char *id, struct perr *e)
{
    const struct endpoint_kind *endpoint;
    if (endpoint_of(db, app_id, id, &endpoint, e) != 0)
        return -1;
    if (endpoint)
        return perr_set(e, PERR_CONFLICT, "This is the app's %s: clear features.%s to stop %s going there.",
                        endpoint->name, endpoint->field, endpoint->event);
    return db_run(db, "DELETE FROM event_subscriptions WHERE id = ?", "s", id) == DB_DONE
               ? 0
               : perr_set(e, PERR_INTERNAL, "Deleting the subscription failed.");
}

int subscription_validate(struct db *db, const char *app_id, const char *id, struct perr *e)
{
    const struct endpoint_kind *endpoint;
    if (endpoint_of(db, app_id, id, &endpoint, e) != 0)
        return -1;
    if (endpoint)
        return perr_set(e, PERR_CONFLICT, "The app's %s receives no url_validation.", endpoint->name);
    struct db_stmt *st =
        db_query(db, "SELECT url FROM event_subscriptions WHERE id = ? AND app_id = ?", "ss", id, app_id);
    char url[2049];
    int rc = st ? db_step(st) : DB_ERROR;
    if (rc == DB_ROW)
        db_copy(st, 0, url, sizeof url);
    db_done(st);
    if (rc == DB_ERROR)
        return perr_set(e, PERR_INTERNAL, "Reading the subscription failed.");
    if (rc != DB_ROW)
        return perr_set(e, PERR_NOT_FOUND, "Event subscription %.40s does not exist.", id);
    if (validation_enqueue(db, id, app_id, url) != 0)
        return perr_set(e, PERR_INTERNAL, "Queueing the validation failed.");
    webhooks_wake();
    return 0;
}

int validation_enqueue(struct db *db, const char *subscription_id, const char *app_id, const char *url)
{
    /* zoom-wire §3.3: key order payload, event_ts, event */
    char plain[WEBHOOK_TOKEN_LEN];
    crypto_token(plain, sizeof plain, 16);
    int64_t ts = clock_now_ms();
    json_t *env = json_pack("{s:{s:s},s:I,s:s}", "payload", "plainToken", plain, "event_ts", (json_int_t)ts,
                            "event", VALIDATION_EVENT);
    char *body = json_dumps(env, JSON_COMPACT);
    json_decref(env);
    if (!body)
        return -1;
    int rc = delivery_enqueue(db, subscription_id, app_id, 0, VALIDATION_EVENT, url, body, ts);
    free(body);
    return rc;
}

int subscription_secrets(struct db *db, const char *subscription_id, struct sub_secrets *out)
{
    memset(out, 0, sizeof *out);
    struct db_stmt *st = db_query(db,
                                  "SELECT s.secret_token, s.verification_token, s.state, s.failures, c.client_id "
                                  "FROM event_subscriptions s LEFT JOIN credentials c ON c.app_id = s.app_id AND "
                                  "c.env = s.env WHERE s.id = ?",
                                  "s", subscription_id);
    int found = st && db_step(st) == DB_ROW;
    if (found) {
        const struct config *c = config();
        found = crypto_open(c->seal_key, db_text(st, 0), out->secret, sizeof out->secret) == 0 &&
                crypto_open(c->seal_key, db_text(st, 1), out->verification, sizeof out->verification) == 0;
        db_copy(st, 2, out->state, sizeof out->state);
        out->failures = (int)db_int(st, 3);
        db_copy(st, 4, out->client_id, sizeof out->client_id);
    }
    db_done(st);
    return found ? 0 : -1;
}

int subscription_validated(struct db *db, const char *subscription_id, int ok)
{
    int64_t now = clock_now();
    int rc;
    if (ok)
        rc = db_run(db,
               "UPDATE event_subscriptions SET state = 'active', validated_at = ?, failures = 0, "
               "next_validation_at = ?, updated_at = ? WHERE id = ?",
               "iiis", now, now + REVALIDATE_EVERY_S, now, subscription_id);
    else /* a first validation that fails leaves it unvalidated; repeated failed revalidations disable it */
        rc = db_run(db,
               "UPDATE event_subscriptions SET failures = failures + 1, "
               "state = CASE WHEN state = 'pending' OR state = 'unvalidated' THEN 'unvalidated' "
               "WHEN failures + 1 >= ? THEN 'disabled' ELSE state END, "
               "next_validation_at = ?, updated_at = ? WHERE id = ?",
               "niis", VALIDATION_FAILURES_MAX, now + REVALIDATE_EVERY_S, now, subscription_id);
    if (rc != DB_DONE)
        return -1;
    /* an endpoint that did not prove itself gets nothing: what waited for it is dropped */
    return db_run(db,
                  "UPDATE deliveries SET status = 'failed' WHERE subscription_id = ? AND status IN ('pending', "
                  "'retrying') AND event <> ? AND (SELECT state FROM event_subscriptions WHERE id = ?) IN "
                  "('unvalidated', 'disabled')",
                  "sss", subscription_id, VALIDATION_EVENT, subscription_id) == DB_DONE
               ? 0
               : -1;
}

/* The app's features field `field`, "" when it has none; -1 when it could not be read. */
static int endpoint_url(struct db *db, const char *app_id, const char *field, char url[2049])
{
    struct perr e = {0};
    json_t *doc = NULL;
    url[0] = '\0';
    if (sections_get(db, app_id, &doc, &e) != 0)
        return e.kind == PERR_NOT_FOUND ? 0 : -1;
    const char *u = sections_str(doc, SECTION_FEATURES, field);
    snprintf(url, 2049, "%s", u ? u : "");
    json_decref(doc);
    return 0;
}

int endpoint_sync(struct db *db, const char *app_id, const char *env, const struct endpoint_kind *k, char id[ID_LEN])
{
    char url[2049], have_url[2049] = "", state[16] = "";
    if (endpoint_url(db, app_id, k->field, url) != 0)
        return -1;
    id[0] = '\0';
    struct db_stmt *st = db_query(db,
                                  "SELECT id, url, state FROM event_subscriptions WHERE app_id = ? AND env = ? AND "
                                  "kind = ?",
                                  "sss", app_id, env, k->kind);
    int rc = st ? db_step(st) : DB_ERROR;
    if (rc == DB_ROW) {
        db_copy(st, 0, id, ID_LEN);
        db_copy(st, 1, have_url, sizeof have_url);
        db_copy(st, 2, state, sizeof state);
    }
    db_done(st);
    if (rc == DB_ERROR)
        return -1;
    int64_t now = clock_now();
    if (!url[0]) { /* none (any more): what waited for it is dropped, as for a disabled subscription */
        if (!id[0] || strcmp(state, "disabled") == 0)
            return 0;
        return db_run(db, "UPDATE event_subscriptions SET state = 'disabled', updated_at = ? WHERE id = ?", "is", now,
                      id) == DB_DONE &&
                       db_run(db,
                              "UPDATE deliveries SET status = 'failed' WHERE subscription_id = ? AND status IN "
                              "('pending', 'retrying')",
                              "s", id) == DB_DONE
                   ? 0
                   : -1;
    }
    if (id[0]) {
        if (strcmp(url, have_url) == 0 && strcmp(state, "active") == 0)
            return 1;
        return db_run(db, "UPDATE event_subscriptions SET url = ?, state = 'active', updated_at = ? WHERE id = ?",
                      "sis", url, now, id) == DB_DONE
                   ? 1
                   : -1;
    }
    /* made now, with the app's tokens, as Zoom signs everything of an app with its one Secret Token: those of
     * its oldest event subscription in this environment, else of its other endpoint there, else new ones */
    char secret[256] = "", verification[256] = "";
    st = db_query(db,
                  "SELECT secret_token, verification_token FROM event_subscriptions WHERE app_id = ? AND env = ? AND "
                  "kind <> ? ORDER BY CASE WHEN kind = 'subscription' THEN 0 ELSE 1 END, created_at, id LIMIT 1",
                  "sss", app_id, env, k->kind);
    rc = st ? db_step(st) : DB_ERROR;
    if (rc == DB_ROW) {
        db_copy(st, 0, secret, sizeof secret);
        db_copy(st, 1, verification, sizeof verification);
    }
    db_done(st);
    if (rc == DB_ERROR)
        return -1;
    if (!secret[0]) {
        seal_token(NULL, secret);
        seal_token(NULL, verification);
    }
    ids_new(id);
    rc = db_run(db,
                "INSERT INTO event_subscriptions (id, app_id, env, name, url, events, secret_token, "
                "verification_token, state, created_at, updated_at, kind) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'active', ?, "
                "?, ?)",
                "ssssssssiis", id, app_id, env, k->name, url, k->event, secret, verification, now, now, k->kind);
    if (rc == DB_CONSTRAINT) /* made a moment ago by another thread: use that one */
        return endpoint_sync(db, app_id, env, k, id);
    return rc == DB_DONE ? 1 : -1;
}
