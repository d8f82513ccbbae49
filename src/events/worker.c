/* The delivery worker: one thread with its own store connection that sends
 * due deliveries with libcurl's multi interface, bounded in total and per
 * subscription, and records every attempt. Zoom's rules (zoom-wire §3.1–§3.4):
 * one POST per event, signed; success only on 200 or 204 within 3 s; retries
 * 5, 20 and 60 minutes after the previous attempt, then the delivery fails.
 * Times are the virtual clock's, so advancing it fires due retries at once.
 * Deliveries left "sending" by a crash are sent again at the next start: at
 * least once. */
#include "core/bg_thread.h"
#include "core/clock.h"
#include "core/config.h"
#include "core/crypto.h"
#include "core/db.h"
#include "core/libcurl.h"
#include "core/log.h"
#include "core/sync.h"
#include "events/events_internal.h"
#include "events/events_store.h"

#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define IN_FLIGHT_MAX 64       /* transfers at once */
#define PER_SUBSCRIPTION_MAX 4 /* a slow endpoint never takes every slot */
#define TIMEOUT_MS 3000        /* zoom-wire §3.4: success within 3 s */
#define RESPONSE_KEEP 2048     /* bytes of each answer kept for inspection */
#define IDLE_WAIT_MS 1000      /* longest sleep between looks at the queue */
#define ATTEMPTS_MAX 4         /* the first and three retries */
#define LEASE_MS 10000         /* a claim outlives its transfer (TIMEOUT_MS) and recording it */

static const int64_t retry_after_ms[] = {5 * 60000, 20 * 60000, 60 * 60000};

struct transfer {
    CURL *easy;
    struct curl_slist *headers;
    int64_t delivery_id;
    char subscription_id[ID_LEN];
    int attempt, validation;
    int64_t started_ms, started_real_ms;
    char *headers_json;
    char expect_token[72]; /* for a url_validation: the encryptedToken the endpoint must answer */
    char plain_token[32];
    size_t got;
    char response[RESPONSE_KEEP + 1];
    char error[CURL_ERROR_SIZE];
};

static struct bg_thread bg = BG_THREAD_INIT;
static struct db *db;
static const struct libcurl *curl;
static CURLM *multi;
static struct transfer *flights[IN_FLIGHT_MAX];
static int nflights;

void webhooks_wake(void) { bg_thread_wake(&bg); }

void webhook_signature(const char *secret, int64_t ts, const char *body, size_t len, char out[68])
{
    /* "v0:" + ts + ":" + body, hashed without copying the body */
    char prefix[40];
    int n = snprintf(prefix, sizeof prefix, "v0:%lld:", (long long)ts);
    uint8_t mac[32];
    crypto_hmac_sha256_parts(secret, strlen(secret), (struct crypto_bytes){prefix, (size_t)n},
                             (struct crypto_bytes){body, len}, mac);
    memcpy(out, "v0=", 3);
    crypto_hex(out + 3, mac, sizeof mac);
}

static int64_t real_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static size_t on_data(char *p, size_t size, size_t n, void *arg)
{
    struct transfer *t = arg;
    size_t len = size * n, room = RESPONSE_KEEP - t->got;
    size_t keep = len < room ? len : room;
    memcpy(t->response + t->got, p, keep);
    t->got += keep;
    t->response[t->got] = '\0';
    return len; /* read it all; keep only the start */
}

static void transfer_free(struct transfer *t)
{
    if (!t)
        return;
    if (t->easy) {
        curl->multi_remove_handle(multi, t->easy);
        curl->easy_cleanup(t->easy);
    }
    curl->slist_free_all(t->headers);
    free(t->headers_json);
    free(t);
}

/* Adds a header to the request and to the record kept for inspection; a
 * secret (the verification token) goes out as is and is recorded redacted. */
static int add_header(struct transfer *t, json_t *record, const char *name, const char *value, int secret)
{
    char line[600];
    snprintf(line, sizeof line, "%s: %s", name, value);
    struct curl_slist *l = curl->slist_append(t->headers, line);
    if (!l)
        return -1;
    t->headers = l;
    json_object_set_new(record, name, json_string(secret ? DELIVERY_REDACTED : value));
    return 0;
}

static void finish(struct transfer *t, CURLcode result);

/* A delivery that could not be started is an attempt that failed: recorded
 * with the reason (the inspector shows it) and retried on Zoom's schedule. */
static int start_failed(struct transfer *t, const char *why)
{
    log_error("webhooks: delivery %lld attempt %d not sent: %s", (long long)t->delivery_id, t->attempt, why);
    snprintf(t->error, sizeof t->error, "plaza could not send it: %s", why);
    if (t->easy) {
        curl->easy_cleanup(t->easy);
        t->easy = NULL;
    }
    finish(t, CURLE_FAILED_INIT);
    transfer_free(t);
    return -1;
}

/* Starts one delivery (already marked "sending"). 0 when the transfer is under
 * way; -1 when it could not start, the failure recorded and logged. */
static int start(int64_t id, const char *subscription_id, const char *event, const char *url, const char *body,
                 int attempts)
{
    struct sub_secrets s;
    struct transfer *t = calloc(1, sizeof *t);
    if (!t) {
        log_error("webhooks: delivery %lld: out of memory; it goes out at the next start", (long long)id);
        return -1;
    }
    t->delivery_id = id;
    t->attempt = attempts + 1;
    t->validation = strcmp(event, VALIDATION_EVENT) == 0;
    snprintf(t->subscription_id, sizeof t->subscription_id, "%s", subscription_id);
    t->started_ms = clock_now_ms();
    t->started_real_ms = real_ms();
    if (subscription_secrets(db, subscription_id, &s) != 0)
        return start_failed(t, "the subscription's tokens could not be read");
    if (t->validation) { /* the answer must be hex HMAC-SHA256(secret, plainToken) (§3.3) */
        json_t *j = json_loads(body, 0, NULL);
        const char *plain = json_string_value(json_object_get(json_object_get(j, "payload"), "plainToken"));
        uint8_t mac[32];
        snprintf(t->plain_token, sizeof t->plain_token, "%s", plain ? plain : "");
        crypto_hmac_sha256(s.secret, strlen(s.secret), t->plain_token, strlen(t->plain_token), mac);
        crypto_hex(t->expect_token, mac, sizeof mac);
        json_decref(j);
    }
    int64_t ts = t->started_ms / 1000;
    char ts_text[24], signature[68], tracking[96];
    snprintf(ts_text, sizeof ts_text, "%lld", (long long)ts);
    webhook_signature(s.secret, ts, body, strlen(body), signature);
    snprintf(tracking, sizeof tracking, "v=2.0;clid=plaza;rid=WH_%lld_%d", (long long)id, t->attempt);

    json_t *record = json_object();
    t->easy = curl->easy_init();
    if (!t->easy || add_header(t, record, "user-agent", "Zoom Marketplace/1.0a", 0) ||
        add_header(t, record, "content-type", "application/json; charset=utf-8", 0) ||
        add_header(t, record, DELIVERY_SECRET_HEADER, s.verification, 1) ||
        add_header(t, record, "clientid", s.client_id, 0) ||
        add_header(t, record, "x-zm-request-timestamp", ts_text, 0) ||
        add_header(t, record, "x-zm-signature", signature, 0) || add_header(t, record, "x-zm-trackingid", tracking, 0) ||
        add_header(t, record, "accept-encoding", "gzip", 0) ||
        !(t->headers = curl->slist_append(t->headers, "Expect:"))) {
        json_decref(record);
        return start_failed(t, "libcurl could not set up the request");
    }
    t->headers_json = json_dumps(record, JSON_COMPACT);
    json_decref(record);
    if (!t->headers_json)
        return start_failed(t, "out of memory");

    CURL *h = t->easy;
    curl->easy_setopt(h, CURLOPT_URL, url);
    curl->easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl->easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl->easy_setopt(h, CURLOPT_TIMEOUT_MS, (long)TIMEOUT_MS);
    curl->easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, (long)TIMEOUT_MS);
    curl->easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L); /* a redirect is not a 200 */
    curl->easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "gzip"); /* the answer kept for inspection is decoded */
    curl->easy_setopt(h, CURLOPT_POST, 1L);
    curl->easy_setopt(h, CURLOPT_COPYPOSTFIELDS, body);
    curl->easy_setopt(h, CURLOPT_HTTPHEADER, t->headers);
    curl->easy_setopt(h, CURLOPT_WRITEFUNCTION, on_data);
    curl->easy_setopt(h, CURLOPT_WRITEDATA, t);
    curl->easy_setopt(h, CURLOPT_ERRORBUFFER, t->error);
    curl->easy_setopt(h, CURLOPT_PRIVATE, t);
    if (curl->multi_add_handle(multi, h) != CURLM_OK)
        return start_failed(t, "libcurl refused the transfer");
    flights[nflights++] = t;
    return 0;
}

/* What an attempt came to, recorded in one transaction. */
struct outcome {
    const struct transfer *t;
    int ok, status;
    const char *error;
    int64_t duration;
    int began;
    const char *failed; /* the step that failed, for the log */
};

static int record_outcome(struct db *tx, void *arg)
{
    struct outcome *o = arg;
    const struct transfer *t = o->t;
    o->began = 1;
    struct attempt_new a = {.delivery_id = t->delivery_id,
                            .n = t->attempt,
                            .started_at = t->started_ms,
                            .duration_ms = o->duration,
                            .request_headers = t->headers_json ? t->headers_json : "{}",
                            .error = o->error,
                            .response = t->response,
                            .status_code = o->status};
    if (attempt_store_insert(tx, &a) != 0)
        o->failed = "recording the attempt";
    int64_t now = clock_now_ms();
    if (!o->failed && o->ok && delivery_store_delivered(tx, t->delivery_id, t->attempt, now, t->started_ms) != 0)
        o->failed = "marking it delivered";
    else if (!o->failed && !o->ok && (t->validation || t->attempt >= ATTEMPTS_MAX) &&
             delivery_store_failed(tx, t->delivery_id, t->attempt, t->started_ms) != 0)
        o->failed = "marking it failed";
    else if (!o->failed && !o->ok && !t->validation && t->attempt < ATTEMPTS_MAX &&
             delivery_store_retry(tx, t->delivery_id, t->attempt, t->started_ms + retry_after_ms[t->attempt - 1],
                                  t->started_ms) != 0)
        o->failed = "scheduling its retry";
    if (!o->failed && t->validation && subscription_validated(tx, t->subscription_id, o->ok) != 0)
        o->failed = "recording the url_validation's outcome";
    return o->failed ? -1 : 0;
}

/* Records the outcome of a finished transfer and schedules what follows. */
static void finish(struct transfer *t, CURLcode result)
{
    long status = 0;
    if (result == CURLE_OK)
        curl->easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &status);
    int ok = result == CURLE_OK && (status == 200 || status == 204);
    const char *error = result == CURLE_OK ? "" : (t->error[0] ? t->error : curl->easy_strerror(result));
    if (t->validation && result == CURLE_OK && status != 200)
        error = "a url_validation must be answered with 200";
    if (ok && t->validation) {
        json_t *j = json_loads(t->response, 0, NULL);
        const char *plain = json_string_value(json_object_get(j, "plainToken"));
        const char *enc = json_string_value(json_object_get(j, "encryptedToken"));
        ok = status == 200 && plain && enc && strcmp(plain, t->plain_token) == 0 && strlen(enc) == 64 &&
             crypto_equal(enc, t->expect_token, 64);
        if (!ok)
            error = "the answer is not {\"plainToken\",\"encryptedToken\"} with the right encryptedToken";
        json_decref(j);
    }
    int64_t duration = real_ms() - t->started_real_ms;
    struct outcome o = {.t = t, .ok = ok, .status = (int)status, .error = error, .duration = duration};
    int rc = db_transaction(db, record_outcome, &o);
    if (rc == 0)
        return;
    if (!o.failed)
        o.failed = o.began ? "committing" : "beginning the transaction";
    /* what was sent stays "sending", and goes out again at the next start: at least once */
    log_error("webhooks: delivery %lld attempt %d: %s failed (%s); it goes out again at the next start",
              (long long)t->delivery_id, t->attempt, o.failed, db_errmsg(db));
}

static int in_flight_for(const char *subscription_id)
{
    int n = 0;
    for (int i = 0; i < nflights; i++)
        n += strcmp(flights[i]->subscription_id, subscription_id) == 0;
    return n;
}

/* Subscriptions whose revalidation is due. */
struct due {
    struct due_one {
        char id[ID_LEN], app[ID_LEN], url[2049];
    } *list;
    size_t n;
};

static int add_due(const char *id, const char *app_id, const char *url, void *arg)
{
    struct due *d = arg;
    struct due_one *grown = realloc(d->list, sizeof *d->list * (d->n + 1));
    if (!grown) {
        log_error("webhooks: out of memory listing due revalidations");
        return 1;
    }
    d->list = grown;
    struct due_one *one = &d->list[d->n++];
    snprintf(one->id, sizeof one->id, "%s", id ? id : "");
    snprintf(one->app, sizeof one->app, "%s", app_id ? app_id : "");
    snprintf(one->url, sizeof one->url, "%s", url ? url : "");
    return 0;
}

struct revalidation {
    const struct due_one *one;
    int64_t next_at;
};

/* The next one is scheduled when this one's answer comes; both or neither. */
static int revalidate_tx(struct db *tx, void *arg)
{
    struct revalidation *r = arg;
    return subscription_store_next_validation(tx, r->one->id, r->next_at) == 0 &&
                   validation_enqueue(tx, r->one->id, r->one->app, r->one->url) == 0
               ? 0
               : -1;
}

/* Queues due revalidations (every 72 hours of virtual time, §3.3). */
static void schedule_revalidations(void)
{
    int64_t now = clock_now();
    struct due d = {0};
    if (subscription_store_due_validations(db, now, add_due, &d) < 0 && d.n == 0)
        log_error("webhooks: looking for due revalidations failed");
    for (size_t i = 0; i < d.n; i++) {
        struct revalidation r = {&d.list[i], now + REVALIDATE_EVERY_S};
        if (db_transaction(db, revalidate_tx, &r) != 0)
            log_error("webhooks: queueing the revalidation of subscription %s failed (%s); tried again later",
                      d.list[i].id, db_errmsg(db));
    }
    free(d.list);
}

struct queue {
    char id[ID_LEN], url[2049], app_id[ID_LEN], env[16];
    int active;
    const struct endpoint_kind *endpoint; /* NULL for an event subscription */
    int64_t due;                          /* its first queued delivery's next_at */
};

/* Subscriptions with something queued, the one whose oldest delivery is due
 * first at the head. */
struct queues {
    struct queue *list;
    size_t n, cap;
};

static int add_queue(const struct queue_row *r, void *arg)
{
    struct queues *qs = arg;
    if (qs->n == qs->cap) {
        size_t grow = qs->cap ? qs->cap * 2 : 16;
        struct queue *bigger = realloc(qs->list, sizeof *qs->list * grow);
        if (!bigger) {
            log_error("webhooks: out of memory reading the queue");
            return 1;
        }
        qs->list = bigger;
        qs->cap = grow;
    }
    struct queue *q = &qs->list[qs->n++];
    snprintf(q->id, sizeof q->id, "%s", r->id ? r->id : "");
    snprintf(q->url, sizeof q->url, "%s", r->url ? r->url : "");
    q->active = r->active;
    snprintf(q->app_id, sizeof q->app_id, "%s", r->app_id ? r->app_id : "");
    snprintf(q->env, sizeof q->env, "%s", r->env ? r->env : "");
    q->endpoint = endpoint_kind_of(r->kind);
    q->due = r->due;
    return 0;
}

static struct queue *queues(size_t *n)
{
    struct queues qs = {0};
    if (delivery_store_queues(db, add_queue, &qs) < 0 && qs.n == 0)
        log_error("webhooks: reading the queue failed");
    *n = qs.n;
    return qs.list;
}

/* Deliveries claimed, copied before they are started. */
struct claims {
    struct claimed {
        int64_t id;
        int attempts;
        char event[64];
        char *url, *body;
    } got[PER_SUBSCRIPTION_MAX];
    int n, room;
};

/* Claims up to `room` due deliveries of the queue for this node, each marked
 * "sending" with a lease, and starts them. Rows another node is claiming at
 * the same moment are skipped, not waited for (FOR UPDATE SKIP LOCKED: one
 * claim per delivery across the nodes sharing the store). Events go to the
 * subscription's current URL; a url_validation to the URL it checks. */
static int take_claimed(const struct claimed_row *r, void *arg)
{
    struct claims *c = arg;
    struct claimed *got = &c->got[c->n++];
    got->id = r->id;
    snprintf(got->event, sizeof got->event, "%s", r->event ? r->event : "");
    got->attempts = r->attempts;
    got->url = strdup(r->url ? r->url : "");
    got->body = strdup(r->body ? r->body : "");
    return c->n >= c->room || c->n >= PER_SUBSCRIPTION_MAX;
}

static void claim(const struct queue *q, int room, int64_t now)
{
    struct delivery_claim c = {.node_id = sync_node_id(),
                               .url = q->url,
                               .subscription_id = q->id,
                               .active = q->active,
                               .lease_until = real_ms() + LEASE_MS,
                               .now = now,
                               .room = room};
    struct claims got = {.room = room};
    /* finished before start(), which may write */
    if (room > 0 && delivery_store_claim(db, &c, take_claimed, &got) < 0)
        log_error("webhooks: claiming deliveries of subscription %s failed; tried again later", q->id);
    for (int k = 0; k < got.n; k++) {
        struct claimed *g = &got.got[k];
        if (g->url && g->body)
            start(g->id, q->id, g->event, g->url, g->body, g->attempts);
        else if (delivery_store_unclaim(db, g->id) != 0)
            log_error("webhooks: delivery %lld: out of memory, and queueing it again failed; it goes out when its "
                      "lease ends",
                      (long long)g->id);
        free(g->url);
        free(g->body);
    }
}

/* Deliveries whose node died while sending them (their lease ended) are queued
 * again: at least once. With one node on SQLite, a new start is the only
 * owner, and takes back every delivery the last run left "sending". */
static void reclaim(int at_start)
{
    int64_t n = delivery_store_reclaim(db, at_start && !sync_on() ? 0 : real_ms());
    if (n < 0)
        log_error("webhooks: deliveries left sending by a stopped node could not be queued again");
    else if (n > 0)
        log_info("webhooks: %lld deliveries left sending by a stopped node queued again", (long long)n);
}

/* When the queue's next delivery falls due after `now`, or 0 when none waits. */
static int64_t next_due(const struct queue *q, int64_t now)
{
    return delivery_store_next_due(db, q->id, q->active, now);
}

struct endpoint_follow {
    const struct queue *q;
    int rc; /* endpoint_sync's */
};

static int endpoint_follow_tx(struct db *tx, void *arg)
{
    struct endpoint_follow *f = arg;
    char id[ID_LEN];
    f->rc = endpoint_sync(tx, f->q->app_id, f->q->env, f->q->endpoint, id);
    return f->rc < 0 ? -1 : 0;
}

/* An app's endpoint's deliveries go to the app's URL (its features field)
 * as it is now, as a subscription's go to its current URL. 1 with q->url
 * current, 0 when the app has none any more, -1 when the store failed. */
static int follow_endpoint_url(struct queue *q)
{
    struct endpoint_follow f = {q, -1};
    if (db_transaction(db, endpoint_follow_tx, &f) == 0) {
        if (f.rc == 1)
            f.rc = subscription_store_url(db, NULL, q->id, q->url) == 1 ? 1 : -1;
        if (f.rc >= 0)
            return f.rc;
    }
    log_error("webhooks: reading the %s URL of app %s failed; tried again later", q->endpoint->name, q->app_id);
    return -1;
}

/* Starts what is due in the free slots, each subscription at most
 * PER_SUBSCRIPTION_MAX at once so a slow endpoint delays only its own
 * events. Returns how long the worker may sleep: until the next queued
 * delivery falls due, at most IDLE_WAIT_MS. Due deliveries held back for
 * want of a slot wait for a transfer to end, which wakes the worker. */
static int start_due(void)
{
    if (nflights >= IN_FLIGHT_MAX)
        return IDLE_WAIT_MS; /* a transfer that ends wakes the worker */
    int64_t now = clock_now_ms(), next = 0;
    size_t n;
    struct queue *list = queues(&n);
    for (size_t i = 0; i < n; i++) {
        int room = PER_SUBSCRIPTION_MAX - in_flight_for(list[i].id);
        if (IN_FLIGHT_MAX - nflights < room)
            room = IN_FLIGHT_MAX - nflights;
        if (room <= 0)
            continue; /* full: its transfers ending wake the worker */
        int64_t at = list[i].due;
        if (at > now) { /* not due yet: when to look again */
            if (!next || at < next)
                next = at;
            continue;
        }
        if (list[i].endpoint && follow_endpoint_url(&list[i]) != 1)
            continue; /* the app has no such URL any more: what waited was failed */
        claim(&list[i], room, now);
        if ((at = next_due(&list[i], now)) && (!next || at < next))
            next = at;
    }
    free(list);
    if (!next)
        return IDLE_WAIT_MS;
    int64_t d = next - clock_now_ms();
    return d <= 0 ? 0 : d > IDLE_WAIT_MS ? IDLE_WAIT_MS : (int)d;
}

static void drain_wake(void) { bg_thread_drain(&bg); }

static int pending_work(void)
{
    int any = delivery_store_any_queued(db);
    if (any < 0) {
        log_error("webhooks: looking for queued deliveries failed");
        return 0;
    }
    return any;
}

static void *worker_main(void *arg)
{
    (void)arg;
    log_context_set("thread=webhooks"); /* store errors below name the worker */
    reclaim(1); /* deliveries a crash left "sending" go out again */
    int64_t reclaimed_at = real_ms();
    int scrubbed = delivery_attempts_scrub(db);
    if (scrubbed < 0)
        log_error("webhooks: redacting the verification token in older delivery attempts failed");
    else if (scrubbed > 0)
        log_info("webhooks: redacted the verification token in %d older delivery attempts", scrubbed);
    /* The queue is read again only when something may have changed: a
     * transfer ended, the API woke the worker, or the next delivery fell due.
     * Other wake-ups (a transfer's socket activity) go straight back to libcurl. */
    int look = 1;
    int64_t deadline = 0; /* when the next queued delivery falls due, real time */
    while (!bg_thread_stopping(&bg)) {
        if (real_ms() >= deadline)
            look = 1;
        if (look) {
            if (sync_on() && real_ms() - reclaimed_at >= LEASE_MS / 4) { /* other nodes' ended leases */
                reclaim(0);
                reclaimed_at = real_ms();
            }
            schedule_revalidations();
            if (!multi && pending_work()) { /* libcurl is loaded when there is something to send */
                if ((curl = libcurl()) && !(multi = curl->multi_init()))
                    log_error("webhooks: cannot create a libcurl multi handle");
            }
        }
        if (multi) {
            int running_handles = 0;
            curl->multi_perform(multi, &running_handles);
            CURLMsg *msg;
            int left;
            while ((msg = curl->multi_info_read(multi, &left))) {
                if (msg->msg != CURLMSG_DONE)
                    continue;
                struct transfer *t = NULL;
                curl->easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&t);
                CURLcode result = msg->data.result;
                finish(t, result);
                for (int i = 0; i < nflights; i++)
                    if (flights[i] == t) {
                        flights[i] = flights[--nflights];
                        break;
                    }
                transfer_free(t);
                look = 1; /* a slot is free */
            }
            int wait;
            if (look) { /* after the finished ones, so their slots are reused at once */
                wait = start_due();
                deadline = real_ms() + wait;
                look = 0;
            } else {
                int64_t d = deadline - real_ms();
                wait = d <= 0 ? 0 : (int)d;
            }
            if (nflights > running_handles)
                wait = 0; /* just started: let libcurl take them up */
            struct curl_waitfd extra = {bg.wake_fd, CURL_WAIT_POLLIN, 0};
            int numfds = 0;
            curl->multi_poll(multi, &extra, 1, wait, &numfds);
            if (extra.revents) {
                drain_wake();
                look = 1;
            }
        } else {
            struct pollfd p = {bg.wake_fd, POLLIN, 0};
            if (poll(&p, 1, IDLE_WAIT_MS) > 0)
                drain_wake();
            look = 1;
        }
    }
    while (nflights > 0) /* abandoned: their deliveries are still "sending" and go out at the next start */
        transfer_free(flights[--nflights]);
    return NULL;
}

int webhooks_start(const struct config *cfg) { return bg_thread_start(&bg, cfg->db_path, &db, worker_main); }

void webhooks_stop(void)
{
    if (!bg_thread_join(&bg))
        return;
    if (multi)
        curl->multi_cleanup(multi);
    multi = NULL;
    bg_thread_close(&bg, &db);
}
