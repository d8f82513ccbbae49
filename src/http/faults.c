/* Fault rules in a small array under one lock; matching is a linear scan and
 * costs nothing while no rule exists. */
#include "http/faults.h"
#include "core/clock.h"

#include <fnmatch.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct fault_rule rules[FAULTS_MAX];
static _Atomic int nrules;
static int64_t next_id = 1;

json_t *fault_json(const struct fault_rule *r)
{
    char created[21], expires[21];
    clock_format(r->created_at, created);
    if (r->expires_at)
        clock_format(r->expires_at, expires);
    json_t *o = json_pack("{s:I,s:s?,s:s?,s:s,s:i,s:i,s:s,s:i,s:i,s:I,s:s}", "id", (json_int_t)r->id, "account_id",
                          r->account_id[0] ? r->account_id : NULL, "method", r->method[0] ? r->method : NULL, "path",
                          r->path, "status", r->status, "code", r->code, "message", r->message, "delay_ms",
                          r->delay_ms, "count", r->remaining, "hits", (json_int_t)r->hits, "created_at", created);
    json_object_set_new(o, "expires_at", r->expires_at ? json_string(expires) : json_null());
    return o;
}

static const char *text(json_t *o, const char *k, size_t max, const char *field, struct perr *e)
{
    json_t *v = json_object_get(o, k);
    if (!v || json_is_null(v))
        return NULL;
    if (!json_is_string(v) || strlen(json_string_value(v)) >= max) {
        perr_field(e, field, "must be a string of at most %zu characters", max - 1);
        return NULL;
    }
    return json_string_value(v);
}

static int integer(json_t *o, const char *k, long long min, long long max, long long dflt, struct perr *e)
{
    json_t *v = json_object_get(o, k);
    if (!v || json_is_null(v))
        return (int)dflt;
    if (!json_is_integer(v) || json_integer_value(v) < min || json_integer_value(v) > max) {
        perr_field(e, k, "must be a whole number from %lld to %lld", min, max);
        return (int)dflt;
    }
    return (int)json_integer_value(v);
}

int faults_add(json_t *body, struct fault_rule *out, struct perr *e)
{
    static const char *const known[] = {"account_id", "method", "path", "status", "code", "message",
                                        "delay_ms", "count", "ttl_seconds", NULL};
    const char *k;
    json_t *v;
    json_object_foreach(body, k, v)
    {
        int ok = 0;
        for (const char *const *f = known; *f; f++)
            ok |= strcmp(*f, k) == 0;
        if (!ok)
            perr_field(e, k, "is not a known field");
    }
    struct fault_rule r = {0};
    const char *account = text(body, "account_id", sizeof r.account_id, "account_id", e);
    const char *method = text(body, "method", sizeof r.method, "method", e);
    const char *path = text(body, "path", sizeof r.path, "path", e);
    const char *message = text(body, "message", sizeof r.message, "message", e);
    r.status = integer(body, "status", 0, 599, 0, e);
    r.code = integer(body, "code", 0, 1000000, r.status, e);
    r.delay_ms = integer(body, "delay_ms", 0, FAULT_DELAY_MAX_MS, 0, e);
    r.remaining = integer(body, "count", 1, 1000000, 1, e);
    int ttl = integer(body, "ttl_seconds", 1, 365 * 86400, 0, e);
    if (!path || !*path || path[0] != '/')
        perr_field(e, "path", "is required: a path pattern such as /v2/meetings/*");
    if (r.status && r.status < 400)
        perr_field(e, "status", "must be an error status (400 to 599), or 0 for a delay alone");
    if (!r.status && !r.delay_ms)
        perr_field(e, "status", "give a status, a delay_ms, or both");
    if (e->kind != PERR_NONE)
        return -1;
    snprintf(r.account_id, sizeof r.account_id, "%s", account ? account : "");
    snprintf(r.method, sizeof r.method, "%s", method ? method : "");
    for (char *p = r.method; *p; p++)
        if (*p >= 'a' && *p <= 'z')
            *p = (char)(*p - 'a' + 'A');
    snprintf(r.path, sizeof r.path, "%s", path);
    snprintf(r.message, sizeof r.message, "%s", message ? message : "Injected fault.");
    r.created_at = clock_now();
    r.expires_at = ttl ? r.created_at + ttl : 0;
    if (json_object_get(body, "count") == NULL && ttl)
        r.remaining = -1; /* a rule with only a lifetime applies until it expires */

    pthread_mutex_lock(&lock);
    if (nrules == FAULTS_MAX) {
        pthread_mutex_unlock(&lock);
        return perr_set(e, PERR_LIMIT, "At most %d fault rules can exist at once.", FAULTS_MAX);
    }
    r.id = next_id++;
    rules[nrules] = r;
    atomic_fetch_add(&nrules, 1);
    pthread_mutex_unlock(&lock);
    *out = r;
    return 0;
}

json_t *faults_list(void)
{
    json_t *items = json_array();
    pthread_mutex_lock(&lock);
    int64_t now = clock_now();
    for (int i = 0; i < nrules; i++)
        if (!rules[i].expires_at || rules[i].expires_at > now)
            json_array_append_new(items, fault_json(&rules[i]));
    pthread_mutex_unlock(&lock);
    return json_pack("{s:o}", "faults", items);
}

static void remove_at(int i)
{
    memmove(&rules[i], &rules[i + 1], sizeof rules[0] * (size_t)(nrules - i - 1));
    atomic_fetch_sub(&nrules, 1);
}

int faults_remove(int64_t id)
{
    int rc = -1;
    pthread_mutex_lock(&lock);
    for (int i = 0; i < nrules; i++)
        if (rules[i].id == id) {
            remove_at(i);
            rc = 0;
            break;
        }
    pthread_mutex_unlock(&lock);
    return rc;
}

void faults_clear(void)
{
    pthread_mutex_lock(&lock);
    atomic_store(&nrules, 0);
    pthread_mutex_unlock(&lock);
}

int faults_match(const char *account_id, const char *method, const char *path, struct fault_rule *hit)
{
    if (atomic_load_explicit(&nrules, memory_order_relaxed) == 0)
        return 0;
    int found = 0;
    int64_t now = clock_now();
    pthread_mutex_lock(&lock);
    for (int i = 0; i < nrules; i++) {
        struct fault_rule *r = &rules[i];
        if (r->expires_at && r->expires_at <= now) {
            remove_at(i--);
            continue;
        }
        if ((r->account_id[0] && (!account_id || strcmp(r->account_id, account_id) != 0)) ||
            (r->method[0] && strcmp(r->method, method) != 0) || fnmatch(r->path, path, 0) != 0)
            continue;
        r->hits++;
        *hit = *r;
        if (r->remaining > 0 && --r->remaining == 0)
            remove_at(i);
        found = 1;
        break;
    }
    pthread_mutex_unlock(&lock);
    return found;
}
