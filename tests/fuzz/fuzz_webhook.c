/* Webhook payload rendering (events/outbox.c, deliveries.c): an event
 * payload carrying outside text (a meeting topic, a registrant's name, or a
 * whole JSON value) is emitted through events_emit into an in-memory store
 * (":memory:", one transaction per input, rolled back), fanned out to an
 * active subscription, and read back from the delivery inspector. The first
 * byte picks the mode: even, the rest is a JSON value used as the payload;
 * odd, the rest is the topic of a meeting.created payload.
 * Invariants: the body sent is {"event","payload","event_ts"} in that order,
 * parses back to the same payload (so a receiver's
 * JSON.stringify(JSON.parse(body)) check holds, zoom-wire §3.2), carries no
 * upper-case \u escape, and is signed as v0= and 64 hex digits. */
#include "core/clock.h"
#include "core/db.h"
#include "events/internal.h"
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

static void check_body(const char *body, const json_t *payload)
{
    static const char head[] = "{\"event\":\"meeting.created\",\"payload\":";
    FUZZ_ASSERT(strncmp(body, head, sizeof head - 1) == 0);
    json_error_t err;
    json_t *back = json_loads(body, JSON_ALLOW_NUL, &err);
    FUZZ_ASSERT(back != NULL);
    FUZZ_ASSERT(json_equal(json_object_get(back, "payload"), (json_t *)payload));
    FUZZ_ASSERT(json_is_integer(json_object_get(back, "event_ts")) && json_object_size(back) == 3);
    json_decref(back);
    for (const char *p = body; (p = strstr(p, "\\u")) != NULL; p += 2) {
        /* an escape, unless the backslash is itself escaped */
        size_t run = 0;
        while (p - run > body && p[-(long)run - 1] == '\\')
            run++;
        if (run % 2 == 0)
            for (int i = 2; i < 6; i++)
                FUZZ_ASSERT(!(p[i] >= 'A' && p[i] <= 'F'));
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
