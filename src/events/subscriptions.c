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
#include "events/events_store.h"
#include "market/apps_store.h"
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

static json_t *row_json(const struct subscription_row *r)
{
    char secret[128] = "", verification[128] = "";
    const struct config *c = config();
    crypto_open(c->seal_key, r->secret_token, secret, sizeof secret);
    crypto_open(c->seal_key, r->verification_token, verification, sizeof verification);
    json_t *events = json_array();
    char list[1024];
    snprintf(list, sizeof list, "%s", r->events ? r->events : "");
    char *save;
    for (char *ev = strtok_r(list, " ", &save); ev; ev = strtok_r(NULL, " ", &save))
        json_array_append_new(events, json_string(ev));
    json_t *o = json_pack("{s:s,s:s,s:s,s:s,s:s,s:o,s:s,s:s,s:s}", "id", r->id, "app_id", r->app_id, "env", r->env,
                          "name", r->name, "url", r->url, "events", events, "secret_token", secret,
                          "verification_token", verification, "state", r->state);
    json_object_set_new(o, "validated_at", time_or_null(r->validated_at));
    json_object_set_new(o, "validation_failures", json_integer(r->failures));
    json_object_set_new(o, "next_validation_at", time_or_null(r->next_validation_at));
    json_object_set_new(o, "created_at", time_or_null(r->created_at));
    json_object_set_new(o, "updated_at", time_or_null(r->updated_at));
    /* the app's own endpoints show here too: their tokens are what signs their event there */
    const struct endpoint_kind *k = endpoint_kind_of(r->kind);
    json_object_set_new(o, "kind", json_string(k ? k->shown : "event_subscription"));
    return o;
}

/* A subscription read into *(json_t **)arg, when arg is not NULL. */
static int one_json(const struct subscription_row *r, void *arg)
{
    if (arg)
        *(json_t **)arg = row_json(r);
    return 0;
}

static int append_json(const struct subscription_row *r, void *arg)
{
    json_array_append_new(arg, row_json(r));
    return 0;
}

/* Whether subscription `id` of the app is one of the app's own endpoints: 0 with *k set to its kind, or NULL
 * for an event subscription; -1 when it does not exist or the store failed (e set). */
static int endpoint_of(struct db *db, const char *app_id, const char *id, const struct endpoint_kind **k,
                       struct perr *e)
{
    char kind[24] = "";
    int found = subscription_store_kind(db, app_id, id, kind, sizeof kind);
    *k = found == 1 ? endpoint_kind_of(kind) : NULL;
    if (found < 0)
        return perr_set(e, PERR_INTERNAL, "Reading the subscription failed.");
    if (!found)
        return perr_set(e, PERR_NOT_FOUND, "Event subscription %.40s does not exist.", id);
    return 0;
}

static int fetch(struct db *db, const char *app_id, const char *id, json_t **out, struct perr *e)
{
    int found = subscription_store_get(db, app_id, id, one_json, out);
    if (found < 0)
        return perr_set(e, PERR_INTERNAL, "Reading the subscription failed.");
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

struct creation {
    struct subscription_new row;
    int began;
};

/* A subscription is stored with its first url_validation queued, or not at all. */
static int create_tx(struct db *db, void *arg)
{
    struct creation *c = arg;
    c->began = 1;
    return subscription_store_insert(db, &c->row) == DB_DONE &&
                   validation_enqueue(db, c->row.id, c->row.app_id, c->row.url) == 0
               ? 0
               : -1;
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
    int64_t count = subscription_store_count(db, app.id);
    if (count < 0)
        return perr_set(e, PERR_INTERNAL, "Counting the app's subscriptions failed.");
    if (count >= SUBSCRIPTIONS_MAX)
        return perr_set(e, PERR_CONFLICT, "An app has at most %d event subscriptions.", SUBSCRIPTIONS_MAX);
    char id[ID_LEN], secret[256], verification[256];
    ids_new(id);
    seal_token(in->secret_token, secret);
    seal_token(in->verification_token, verification);
    struct creation c = {.row = {.id = id,
                                 .app_id = app.id,
                                 .env = env,
                                 .name = in->name ? in->name : "Event subscription",
                                 .url = in->url,
                                 .events = events,
                                 .secret_token = secret,
                                 .verification_token = verification,
                                 .now = clock_now()}};
    if (db_transaction(db, create_tx, &c) != 0)
        return perr_set(e, PERR_INTERNAL, c.began ? "Storing the subscription failed." : "The store is busy.");
    /* the answer is the subscription as stored: read before the worker, woken, may already validate it */
    int rc = fetch(db, app.id, id, out, e);
    webhooks_wake();
    return rc;
}

int subscription_get(struct db *db, const char *app_id, const char *id, json_t **out, struct perr *e)
{
    return fetch(db, app_id, id, out, e);
}

struct endpoint_sync_tx {
    const char *app_id, *env;
    const struct endpoint_kind *k;
    char id[ID_LEN];
};

static int endpoint_sync_tx(struct db *db, void *arg)
{
    struct endpoint_sync_tx *t = arg;
    return endpoint_sync(db, t->app_id, t->env, t->k, t->id) < 0 ? -1 : 0;
}

int subscription_list(struct db *db, const char *app_id, json_t **out, struct perr *e)
{
    struct app app;
    if (app_get(db, app_id, &app, e) != 0)
        return -1;
    /* the app's endpoints in each environment with credentials, so their tokens can be read before the first
     * event goes there */
    struct credential creds[2];
    char envs[2][16];
    int nenvs = 0;
    if (credential_store_list(db, app_id, creds, 2, &nenvs) != 0)
        return perr_set(e, PERR_INTERNAL, "Reading the app's environments failed.");
    for (int i = 0; i < nenvs; i++) /* development, then production, as the store orders them */
        snprintf(envs[i], sizeof envs[i], "%s", app_env_name(creds[i].env));
    for (int i = 0; i < nenvs; i++) {
        for (const struct endpoint_kind *const *k = endpoint_kinds; *k; k++) {
            struct endpoint_sync_tx sync = {app_id, envs[i], *k, ""};
            if (db_transaction(db, endpoint_sync_tx, &sync) != 0)
                return perr_set(e, PERR_INTERNAL, "Reading the app's %s failed.", (*k)->name);
        }
    }
    /* event subscriptions first, then the app's endpoints */
    json_t *items = json_array();
    if (subscription_store_list(db, app_id, append_json, items) < 0 && json_array_size(items) == 0) {
        json_decref(items);
        return perr_set(e, PERR_INTERNAL, "Listing subscriptions failed.");
    }
    *out = json_pack("{s:o}", "event_subscriptions", items);
    return 0;
}

struct change {
    const char *app_id, *id;
    struct subscription_change change;
    int began;
};

/* A subscription changed, and validated again when its endpoint or tokens changed. */
static int update_tx(struct db *db, void *arg)
{
    struct change *c = arg;
    c->began = 1;
    if (subscription_store_update(db, c->id, &c->change) != 0)
        return -1;
    if (!c->change.revalidate)
        return 0;
    char url[2049] = "";
    if (subscription_store_url(db, NULL, c->id, url) != 1)
        return -1;
    return validation_enqueue(db, c->id, c->app_id, url) == 0 ? 0 : -1;
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
    struct change c = {.app_id = app_id,
                       .id = id,
                       .change = {.env = in->env,
                                  .name = in->name,
                                  .url = in->url,
                                  .events = in->has_events ? events : NULL,
                                  .secret_token = in->secret_token ? secret : NULL,
                                  .verification_token = in->verification_token ? verification : NULL,
                                  .revalidate = revalidate,
                                  .now = clock_now()}};
    if (db_transaction(db, update_tx, &c) != 0)
        return perr_set(e, PERR_INTERNAL, c.began ? "Storing the subscription failed." : "The store is busy.");
    int rc = fetch(db, app_id, id, out, e); /* as stored, before the worker may act on it */
    webhooks_wake();
    return rc;
}

int subscription_delete(struct db *db, const char *app_id, const char *id, struct perr *e)
{
    const struct endpoint_kind *endpoint;
    if (endpoint_of(db, app_id, id, &endpoint, e) != 0)
        return -1;
    if (endpoint)
        return perr_set(e, PERR_CONFLICT, "This is the app's %s: clear features.%s to stop %s going there.",
                        endpoint->name, endpoint->field, endpoint->event);
    return subscription_store_delete(db, id) == 0
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
    char url[2049];
    int found = subscription_store_url(db, app_id, id, url);
    if (found < 0)
        return perr_set(e, PERR_INTERNAL, "Reading the subscription failed.");
    if (!found)
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
    struct delivery_new d = {.subscription_id = subscription_id,
                             .app_id = app_id,
                             .event = VALIDATION_EVENT,
                             .url = url,
                             .body = body,
                             .event_id = 0, /* a url_validation belongs to no event */
                             .next_at = ts};
    int rc = delivery_enqueue(db, &d);
    free(body);
    return rc;
}

struct secrets_read {
    struct sub_secrets *out;
    char app_id[ID_LEN], env[16];
    int opened;
};

static int read_secrets(const struct subscription_row *row, void *arg)
{
    struct secrets_read *r = arg;
    const struct config *c = config();
    r->opened = crypto_open(c->seal_key, row->secret_token, r->out->secret, sizeof r->out->secret) == 0 &&
                crypto_open(c->seal_key, row->verification_token, r->out->verification,
                            sizeof r->out->verification) == 0;
    snprintf(r->out->state, sizeof r->out->state, "%s", row->state);
    r->out->failures = (int)row->failures;
    snprintf(r->app_id, sizeof r->app_id, "%s", row->app_id);
    snprintf(r->env, sizeof r->env, "%s", row->env);
    return 0;
}

int subscription_secrets(struct db *db, const char *subscription_id, struct sub_secrets *out)
{
    memset(out, 0, sizeof *out);
    struct secrets_read r = {out, "", "", 0};
    enum app_env env;
    if (subscription_store_by_id(db, subscription_id, read_secrets, &r) != 1 || !r.opened)
        return -1;
    /* the client id of the app's credentials in that environment, when it has them */
    if (app_env_parse(r.env, &env) == 0 && credential_store_client_id(db, r.app_id, env, out->client_id) < 0)
        return -1;
    return 0;
}

int subscription_validated(struct db *db, const char *subscription_id, int ok)
{
    int64_t now = clock_now();
    /* a first validation that fails leaves it unvalidated; repeated failed revalidations disable it */
    int rc = ok ? subscription_store_validation_passed(db, subscription_id, now, now + REVALIDATE_EVERY_S)
                : subscription_store_validation_failed(db, subscription_id, VALIDATION_FAILURES_MAX, now,
                                                       now + REVALIDATE_EVERY_S);
    if (rc != 0)
        return -1;
    /* an endpoint that did not prove itself gets nothing: what waited for it is dropped */
    return delivery_store_fail_unproven(db, subscription_id, VALIDATION_EVENT);
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
    char url[2049];
    if (endpoint_url(db, app_id, k->field, url) != 0)
        return -1;
    struct endpoint_row have;
    int rc = endpoint_store_find(db, app_id, env, k->kind, &have);
    if (rc < 0)
        return -1;
    snprintf(id, ID_LEN, "%s", have.id);
    int64_t now = clock_now();
    if (!url[0]) { /* none (any more): what waited for it is dropped, as for a disabled subscription */
        if (!id[0] || strcmp(have.state, "disabled") == 0)
            return 0;
        return endpoint_store_disable(db, id, now) == 0 && delivery_store_fail_queued(db, id) == 0 ? 0 : -1;
    }
    if (id[0]) {
        if (strcmp(url, have.url) == 0 && strcmp(have.state, "active") == 0)
            return 1;
        return endpoint_store_activate(db, id, url, now) == 0 ? 1 : -1;
    }
    /* made now, with the app's tokens, as Zoom signs everything of an app with its one Secret Token: those of
     * its oldest event subscription in this environment, else of its other endpoint there, else new ones */
    char secret[256] = "", verification[256] = "";
    if (endpoint_store_app_tokens(db, app_id, env, k->kind, secret, verification) < 0)
        return -1;
    if (!secret[0]) {
        seal_token(NULL, secret);
        seal_token(NULL, verification);
    }
    ids_new(id);
    struct subscription_new row = {.id = id,
                                   .app_id = app_id,
                                   .env = env,
                                   .name = k->name,
                                   .url = url,
                                   .events = k->event,
                                   .secret_token = secret,
                                   .verification_token = verification,
                                   .kind = k->kind,
                                   .now = now};
    rc = subscription_store_insert(db, &row);
    if (rc == DB_CONSTRAINT) /* made a moment ago by another thread: use that one */
        return endpoint_sync(db, app_id, env, k, id);
    return rc == DB_DONE ? 1 : -1;
}

int events_subscription_urls(struct db *db, const char *app_id, void (*fn)(const char *url, void *arg), void *arg)
{
    return subscription_store_urls(db, app_id, fn, arg);
}
