/* Webhook payload rendering (events/outbox.c, deliveries.c): an event
 * payload carrying outside text (a meeting topic, a registrant's name, or a
 * whole JSON value) is emitted through events_emit into an in-memory store
 * (":memory:", one transaction per input, rolled back), fanned out to an
 * active subscription, and read back from the delivery inspector. The first
 * byte picks the mode: even, the rest is a JSON value used as the payload;
 * odd, the rest is the topic of a meeting.created payload.
 * Invariants: the body sent is {"event","payload","event_ts"} in that order
 * and is what JSON.stringify(JSON.parse(body)) writes (zoom-wire §3.2): the
 * same values as JS reads them, numbers in JS's shortest form, no upper-case
 * \u escape, integer-like keys first; it is signed as v0= and 64 hex digits. */
#include "core/clock.h"
#include "core/db.h"
#include "events/events_internal.h"
#include "fuzz.h"
#include "market/market.h"

static struct db *db;
static char account_id[ID_LEN], app_id[ID_LEN];

static void setup_store(void)
{
    struct perr e = {0};
    if (db_open(&db, ":memory:") != DB_DONE || db_migrate(db) != DB_DONE || clock_load(db) != 0)
        abort();
    struct account acc;
    struct user owner;
    struct account_new an = {"Fuzz Inc", NULL, {"owner@fuzz.example.test", "Fuzz", "Owner", "owner-password-1",
                                                NULL, NULL, NULL, NULL}};
    if (account_create(db, &an, &acc, &owner, &e) != 0)
        abort();
    snprintf(account_id, sizeof account_id, "%s", acc.id);
    struct app_input in = {.account_id = acc.id, .name = "Fuzz hooks", .type = "oauth",
                           .redirect_url = "https://app.example.test/callback", .has_scopes = 1, .nscopes = 1,
                           .scopes = {"meeting:read"}, .strict_mode = -1, .subdomain_check = -1};
    static struct app_details details;
    char secret[SECRET_LEN];
    if (app_create(db, &in, &details, secret, &e) != 0)
        abort();
    snprintf(app_id, sizeof app_id, "%s", details.app.id);
    struct subscription_input sub = {.app_id = app_id, .url = "https://hooks.example.test/zoom",
                                     .secret_token = "s3cretT0kenForFuzzing0", .has_events = 1, .nevents = 1,
                                     .events = {"meeting.created"}};
    json_t *out = NULL;
    if (subscription_create(db, &sub, &out, &e) != 0)
        abort();
    subscription_validated(db, json_string_value(json_object_get(out, "id")), 1);
    json_decref(out);
}

/* A number token as JSON.stringify writes it: shortest digits that read back,
 * no "+"/"E"/trailing zeros/"-0", an exponent exactly outside [1e-6, 1e21). */
static void check_number(const char *t, size_t n)
{
    char tok[64];
    FUZZ_ASSERT(n < sizeof tok);
    memcpy(tok, t, n);
    tok[n] = '\0';
    char *end;
    double v = strtod(tok, &end);
    FUZZ_ASSERT(end == tok + n && v == v && v - v == 0);
    FUZZ_ASSERT(!strchr(tok, 'E') && strcmp(tok, "-0") != 0);
    char *e = strchr(tok, 'e');
    FUZZ_ASSERT(!e || e[1] == '+' || e[1] == '-');
    FUZZ_ASSERT(!strchr(e ? e + 2 : tok, '+'));
    size_t mant = e ? (size_t)(e - tok) : n;
    if (memchr(tok, '.', mant))
        FUZZ_ASSERT(tok[mant - 1] != '0' && tok[mant - 1] != '.');
    double a = v < 0 ? -v : v;
    FUZZ_ASSERT((e != NULL) == (a >= 1e21 || (a != 0 && a < 1e-6)));
    char sig[32];
    size_t k = 0;
    for (size_t i = 0; i < mant; i++)
        if (tok[i] >= '0' && tok[i] <= '9' && (k > 0 || tok[i] != '0') && k < sizeof sig - 1)
            sig[k++] = tok[i];
    while (k > 0 && sig[k - 1] == '0')
        k--;
    if (k > 1) { /* one digit fewer does not read back: the digits are the shortest */
        char shorter[40];
        snprintf(shorter, sizeof shorter, "%.*e", (int)k - 2, v);
        FUZZ_ASSERT(strtod(shorter, NULL) != v);
    }
}

static int integer_like(const char *k)
{
    size_t n = strlen(k);
    return n > 0 && n <= 10 && strspn(k, "0123456789") == n && !(k[0] == '0' && n > 1) &&
           strtoull(k, NULL, 10) < 4294967295ULL;
}

/* JS lists integer-like keys first, ascending. */
static void check_order(const json_t *j)
{
    const char *k;
    json_t *v;
    size_t i;
    if (json_is_array(j))
        json_array_foreach((json_t *)j, i, v) check_order(v);
    if (!json_is_object(j))
        return;
    int others = 0;
    unsigned long long last = 0;
    int first = 1;
    json_object_foreach((json_t *)j, k, v)
    {
        if (integer_like(k)) {
            FUZZ_ASSERT(!others);
            unsigned long long x = strtoull(k, NULL, 10);
            FUZZ_ASSERT(first || x > last);
            last = x, first = 0;
        } else {
            others = 1;
        }
        check_order(v);
    }
}

static void check_body(const char *body, const json_t *payload)
{
    static const char head[] = "{\"event\":\"meeting.created\",\"payload\":";
    FUZZ_ASSERT(strncmp(body, head, sizeof head - 1) == 0);
    /* the same values, compared as JS holds them (every number a double) */
    json_t *back = json_loads(body, JSON_ALLOW_NUL | JSON_DECODE_INT_AS_REAL, NULL);
    FUZZ_ASSERT(back != NULL && json_object_size(back) == 3 && json_is_real(json_object_get(back, "event_ts")));
    char *sent = json_dumps(payload, JSON_ENCODE_ANY | JSON_COMPACT);
    json_t *want = json_loads(sent, JSON_DECODE_ANY | JSON_ALLOW_NUL | JSON_DECODE_INT_AS_REAL, NULL);
    FUZZ_ASSERT(want && json_equal(json_object_get(back, "payload"), want));
    free(sent);
    json_decref(want);
    json_t *ordered = json_loads(body, JSON_ALLOW_NUL | JSON_DECODE_INT_AS_REAL, NULL);
    check_order(ordered);
    json_decref(ordered);
    json_decref(back);
    /* numbers and \u escapes, outside and inside strings */
    int in_string = 0;
    for (const char *p = body; *p;) {
        if (in_string) {
            if (*p == '\\') {
                if (p[1] == 'u')
                    for (int i = 2; i < 6; i++)
                        FUZZ_ASSERT(!(p[i] >= 'A' && p[i] <= 'F'));
                p += p[1] == 'u' ? 6 : 2;
                continue;
            }
            in_string = *p != '"';
            p++;
        } else if (*p == '"') {
            in_string = 1;
            p++;
        } else if (*p == '-' || (*p >= '0' && *p <= '9')) {
            size_t n = strspn(p, "-+.eE0123456789");
            check_number(p, n);
            p += n;
        } else {
            p++;
        }
    }
    char sig[68];
    webhook_signature("s3cretT0kenForFuzzing0", 1700000000, body, strlen(body), sig);
    FUZZ_ASSERT(strncmp(sig, "v0=", 3) == 0 && strlen(sig) == 67 && strspn(sig + 3, "0123456789abcdef") == 64);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_setup();
    if (!db)
        setup_store();
    if (size < 1)
        return 0;
    json_t *payload;
    if (!(data[0] & 1)) {
        payload = json_loadb((const char *)data + 1, size - 1, JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL);
    } else {
        json_t *topic = json_stringn((const char *)data + 1, size - 1);
        payload = topic ? json_pack("{s:s,s:{s:I,s:s,s:o,s:i,s:s}}", "account_id", account_id, "object", "id",
                                    (json_int_t)85746065432, "uuid", "aDYlohsHRtCd4ii1uC2+hA==", "topic", topic,
                                    "type", 2, "start_time", "2024-05-01T15:00:00Z")
                        : NULL;
    }
    if (!payload)
        return 0;
    json_t *expected = json_deep_copy(payload);
    FUZZ_ASSERT(db_begin(db) == DB_DONE);
    FUZZ_ASSERT(events_emit(db, account_id, app_id, "meeting.created", payload) == 0); /* takes payload */
    struct delivery_filter f = {.app_id = app_id, .event = "meeting.created", .limit = 5};
    json_t *list = NULL;
    struct perr e = {0};
    FUZZ_ASSERT(deliveries_list(db, &f, &list, &e) == 0);
    json_t *items = json_object_get(list, "deliveries");
    FUZZ_ASSERT(json_array_size(items) == 1);
    const char *body = json_string_value(json_object_get(json_array_get(items, 0), "body"));
    FUZZ_ASSERT(body != NULL);
    check_body(body, expected);
    json_decref(list);
    json_decref(expected);
    db_rollback(db);
    return 0;
}
