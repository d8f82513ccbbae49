/* Meetings and webinars (zoom-wire §2.8–§2.9): create, read, update, delete,
 * end/recover (listing is in meeting_list.c, the document's rules in
 * meeting_doc.c). Each row keeps the indexed fields in columns and the rest of
 * Zoom's object as a JSON document; responses are rendered in Zoom's key
 * order. Every change writes its event in the same transaction. */
#include "api/meetings_internal.h"
#include "core/uri.h"
#include "api/meetings_store.h"
#include "core/zoom_codes.h"
#include "api/paging.h"
#include "api/request_schema.h"
#include "api/timeutil.h"
#include "api/zak.h"
#include "core/urls.h"
#include "core/clock.h"
#include "core/config.h"
#include "core/db.h"
#include "events/events.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define DAILY_CREATE_UPDATE_LIMIT 100 /* per host and UTC day (zoom-wire §2.3) */
#define RECOVER_WINDOW_S (7 * 24 * 3600)

static const char *const kind_names[] = {"meeting", "webinar"};

void meeting_clear(struct meeting *m)
{
    json_decref(m->doc);
    m->doc = NULL;
}

static int not_found(struct perr *e, enum meeting_kind kind, const char *id)
{
    if (kind == KIND_WEBINAR)
        perr_set(e, PERR_NOT_FOUND, "Webinar %.30s not found or has expired.", id);
    else
        perr_set(e, PERR_NOT_FOUND, "Meeting %.30s is not found or has expired.", id);
    e->zoom_code = ZOOM_MEETING_NOT_FOUND;
    return -1;
}

static int zoom_error(struct perr *e, int code, const char *fmt, const char *arg)
{
    perr_set(e, PERR_INVALID, fmt, arg);
    e->zoom_code = code;
    return -1;
}

int64_t meeting_number(const char *id)
{
    char *end;
    long long num = strtoll(id, &end, 10);
    return *id && *end == '\0' && num > 0 ? (int64_t)num : 0;
}

void api_uuid_param(const char *param, char out[API_UUID_PARAM_MAX])
{
    snprintf(out, API_UUID_PARAM_MAX, "%s", param);
    if (!strchr(param, '%'))
        return;
    char again[API_UUID_PARAM_MAX];
    snprintf(again, sizeof again, "%s", param);
    long n = uri_decode(again, strlen(again), 0);
    if (n >= 0 && !memchr(again, '\0', (size_t)n))
        snprintf(out, API_UUID_PARAM_MAX, "%s", again);
}

int api_tx_error(struct perr *e, int ran, const char *failed)
{
    if (e->kind != PERR_NONE)
        return -1;
    return perr_set(e, PERR_INTERNAL, "%s", ran ? failed : "The store is busy.");
}

int meeting_load(struct db *db, const struct meeting_ref *ref, int with_deleted, struct meeting *m, struct perr *e)
{
    const struct api_caller *c = ref->caller;
    int admin = ref->admin;
    enum meeting_kind kind = ref->kind;
    const char *id = ref->id;
    int found = meeting_store_get(db, meeting_number(id), id, m);
    if (found < 0)
        return perr_set(e, PERR_INTERNAL, "Reading the meeting failed.");
    if (!found || m->kind != kind || strcmp(m->account_id, c->account_id) != 0 || (m->deleted_at && !with_deleted)) {
        meeting_clear(m);
        return not_found(e, kind, id);
    }
    if (!admin && strcmp(m->host_id, c->user_id) != 0) {
        meeting_clear(m);
        perr_set(e, PERR_FORBIDDEN, "Only an account-level scope allows acting on another user's %s.",
                 kind_names[kind]);
        e->zoom_code = API_NEEDS_ADMIN;
        return -1;
    }
    return 0;
}

int meeting_find(struct db *db, const char *id, struct meeting *m)
{
    return meeting_store_get(db, meeting_number(id), id, m);
}

int meeting_set_status(struct db *db, int64_t id, const char *status)
{
    struct meeting_state was;
    meeting_store_state(db, id, &was); /* none read: no count moves */
    if (meeting_store_set_status(db, id, status, clock_now()) != 0)
        return -1;
    int ended_before = strcmp(was.status, "ended") == 0, ended_now = strcmp(status, "ended") == 0;
    if (!was.host_id[0] || was.deleted || ended_before == ended_now)
        return 0;
    return meeting_store_count_scheduled(db, was.host_id, was.kind, ended_now ? -1 : 1);
}

void api_operator(struct db *db, const struct api_caller *c, char email[USER_EMAIL_MAX + 1])
{
    struct user u;
    if (user_find(db, c->user_id, &u) == 1)
        snprintf(email, USER_EMAIL_MAX + 1, "%s", u.email);
    else
        email[0] = '\0';
}

/* ---- rendering ------------------------------------------------------------- */

void meeting_copy_member(json_t *dst, const json_t *src, const char *key)
{
    json_t *v = json_object_get(src, key);
    if (v)
        json_object_set(dst, key, v);
}

void meeting_join_path(const struct meeting *m, char *out, size_t size)
{
    const char *pwd = json_string_value(json_object_get(m->doc, "encrypted_password"));
    if (pwd && *pwd)
        snprintf(out, size, "/%s/%lld?pwd=%s", m->kind == KIND_WEBINAR ? "w" : "j", (long long)m->id, pwd);
    else
        snprintf(out, size, "/%s/%lld", m->kind == KIND_WEBINAR ? "w" : "j", (long long)m->id);
}

json_t *meeting_join_url(const struct meeting *m)
{
    char path[600], url[800];
    meeting_join_path(m, path, sizeof path);
    snprintf(url, sizeof url, "%s%s", urls_web(), path);
    return json_string(url);
}

json_t *meeting_start_url(const struct meeting *m)
{
    char zak[1024], url[1600];
    if (zak_mint(m->host_id, m->account_id, m->id, ZAK_TTL_DEFAULT, zak, sizeof zak) != 0)
        zak[0] = '\0';
    snprintf(url, sizeof url, "%s/s/%lld?zak=%s", urls_web(), (long long)m->id, zak);
    return json_string(url);
}

json_t *meeting_object_build(struct db *db, const struct meeting *m, const struct user *host, int marked)
{
    struct user found;
    if (!marked && !host && user_find(db, m->host_id, &found) == 1)
        host = &found;
    const json_t *d = m->doc;
    json_t *o = json_object();
    json_object_set_new(o, "uuid", json_string(m->uuid));
    json_object_set_new(o, "id", json_integer(m->id));
    json_object_set_new(o, "host_id", json_string(m->host_id));
    json_object_set_new(o, "host_email", json_string(marked ? "\x01" : host ? host->email : ""));
    meeting_copy_member(o, d, "assistant_id");
    meeting_copy_member(o, d, "topic");
    json_object_set_new(o, "type", json_integer(m->type));
    if (m->kind == KIND_MEETING)
        json_object_set_new(o, "status", json_string(marked ? "\x01"
                                                     : strcmp(m->status, "started") == 0 ? "started"
                                                                                        : "waiting"));
    meeting_copy_member(o, d, "start_time");
    meeting_copy_member(o, d, "duration");
    meeting_copy_member(o, d, "timezone");
    meeting_copy_member(o, d, "agenda");
    json_object_set_new(o, "created_at", time_json(m->created_at));
    json_object_set_new(o, "start_url", marked ? json_string("\x01") : meeting_start_url(m));
    if (marked) {
        char path[600], url[608];
        meeting_join_path(m, path, sizeof path);
        snprintf(url, sizeof url, "\x01%s", path);
        json_object_set_new(o, "join_url", json_string(url));
    } else {
        json_object_set_new(o, "join_url", meeting_join_url(m));
    }
    meeting_copy_member(o, d, "registration_url");
    meeting_copy_member(o, d, "password");
    if (m->kind == KIND_MEETING) {
        meeting_copy_member(o, d, "h323_password");
        meeting_copy_member(o, d, "pstn_password");
        meeting_copy_member(o, d, "encrypted_password");
    } else {
        meeting_copy_member(o, d, "registrants_confirmation_email");
    }
    meeting_copy_member(o, d, "occurrences");
    meeting_copy_member(o, d, "recurrence");
    meeting_copy_member(o, d, "settings");
    meeting_copy_member(o, d, "tracking_fields");
    if (m->kind == KIND_MEETING)
        meeting_copy_member(o, d, "pre_schedule");
    else {
        json_object_set_new(o, "is_simulive", json_false());
        meeting_copy_member(o, d, "template_id");
    }
    return o;
}

json_t *meeting_object(struct db *db, const struct meeting *m, const struct user *host)
{
    return meeting_object_build(db, m, host, 0);
}

static int (*limits_on)(const char *account_id);

void meetings_daily_limit_from(int (*enabled)(const char *account_id)) { limits_on = enabled; }

/* Counts a create or update against the host's daily allowance (§2.3), when
 * rate limits are on for the account, inside the caller's transaction. */
static int count_daily(struct db *db, const char *account_id, const char *host_id, struct perr *e)
{
    if (!limits_on || !limits_on(account_id))
        return 0;
    int64_t n;
    if (meeting_store_count_write(db, host_id, clock_now() / 86400, &n) != 0)
        return perr_set(e, PERR_INTERNAL, "Counting the daily limit failed.");
    if (n > DAILY_CREATE_UPDATE_LIMIT) {
        perr_set(e, PERR_RATE_LIMITED,
                 "You have exceeded the daily rate limit (%d) of Meeting Create/Update API requests permitted for "
                 "this particular user. You may resume these requests at GMT 00:00:00.",
                 DAILY_CREATE_UPDATE_LIMIT);
        e->zoom_code = ZOOM_RATE_LIMITED;
        return -1;
    }
    return 0;
}

static json_t *event_object(const struct meeting *m, const char *const *fields)
{
    json_t *o = json_object();
    json_object_set_new(o, "uuid", json_string(m->uuid));
    json_object_set_new(o, "id", json_integer(m->id));
    json_object_set_new(o, "host_id", json_string(m->host_id));
    for (const char *const *f = fields; *f; f++) {
        if (strcmp(*f, "type") == 0)
            json_object_set_new(o, "type", json_integer(m->type));
        else if (strcmp(*f, "join_url") == 0)
            json_object_set_new(o, "join_url", meeting_join_url(m));
        else
            meeting_copy_member(o, m->doc, *f);
    }
    return o;
}

static int emit(struct db *db, const struct api_caller *c, const struct meeting *m, const char *what, json_t *object,
                json_t *old_object)
{
    char event[48], email[USER_EMAIL_MAX + 1];
    snprintf(event, sizeof event, "%s.%s", kind_names[m->kind], what);
    api_operator(db, c, email);
    json_t *p = json_object();
    json_object_set_new(p, "account_id", json_string(m->account_id));
    json_object_set_new(p, "operator", json_string(email));
    json_object_set_new(p, "operator_id", json_string(c->user_id));
    json_object_set_new(p, "object", object);
    if (old_object) {
        json_object_set_new(p, "time_stamp", json_integer(clock_now_ms()));
        json_object_set_new(p, "old_object", old_object);
    }
    return events_emit(db, m->account_id, NULL, event, p);
}

static int64_t new_number(void)
{
    uint64_t r;
    crypto_random(&r, sizeof r);
    return 70000000000LL + (int64_t)(r % 29999999999ULL);
}

static void new_uuid(char out[32])
{
    uint8_t b[16];
    crypto_random(b, sizeof b);
    crypto_b64(out, 32, b, sizeof b);
}

/* ---- operations ------------------------------------------------------------ */

/* The document's members a list item shows (meeting_list.c reads this
 * instead of the whole document); the join URL needs the password. */
static char *summary_dump(const json_t *doc)
{
    static const char *const members[] = {"topic",    "start_time", "duration", "timezone",
                                          "agenda",   "encrypted_password", NULL};
    json_t *o = json_object();
    for (const char *const *k = members; *k; k++)
        meeting_copy_member(o, doc, *k);
    char *text = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    return text;
}

struct create_tx {
    struct meeting *m;
    const char *text, *summary;
    const struct api_caller *c;
    struct perr *e;
    int ran;
};

/* Stores a new meeting under a fresh number, with its texts, count and event. */
static int create_in_tx(struct db *db, void *arg)
{
    struct create_tx *t = arg;
    struct meeting *m = t->m;
    t->ran = 1;
    if (count_daily(db, m->account_id, m->host_id, t->e) != 0)
        return -1;
    int rc = -1;
    for (int attempt = 0; attempt < 8; attempt++) {
        m->id = new_number();
        new_uuid(m->uuid);
        int ins = meeting_store_insert(db, m, t->text, t->summary);
        if (ins == DB_DONE) {
            rc = meeting_texts_store(db, m) == 0 ? meeting_store_count_scheduled(db, m->host_id, m->kind, 1) : -1;
            break;
        }
        if (ins != DB_CONSTRAINT)
            break;
    }
    if (rc != 0)
        return perr_set(t->e, PERR_INTERNAL, "Storing the meeting failed.");
    static const char *const created_fields[] = {"topic", "type", "start_time", "duration", "timezone",
                                                 "join_url", "password", "settings", "recurrence", "occurrences",
                                                 NULL};
    json_t *object = event_object(m, created_fields);
    json_t *s = json_object_get(object, "settings");
    if (s) { /* the event carries only these settings */
        const char *alt = json_string_value(json_object_get(s, "alternative_hosts"));
        json_object_set_new(object, "settings",
                            json_pack("{s:b,s:s}", "use_pmi", json_is_true(json_object_get(s, "use_pmi")),
                                      "alternative_hosts", alt ? alt : ""));
    }
    if (emit(db, t->c, m, "created", object, NULL) != 0)
        return perr_set(t->e, PERR_INTERNAL, "Committing the meeting failed.");
    return 0;
}

int meeting_create(struct db *db, const struct meeting_ref *ref, const struct user *host_in, json_t *body, json_t **out,
                   struct perr *e)
{
    const struct api_caller *c = ref->caller;
    int admin = ref->admin;
    enum meeting_kind kind = ref->kind;
    const json_t *schema = schema_of(kind == KIND_WEBINAR ? "webinarCreate" : "meetingCreate");
    if (schema && schema_validate(schema, body, e) != 0)
        return -1;

    struct user host = *host_in;
    const char *schedule_for = json_string_value(json_object_get(body, "schedule_for"));
    if (schedule_for && *schedule_for) {
        struct user other;
        if (user_find(db, schedule_for, &other) != 1 || strcmp(other.account_id, c->account_id) != 0) {
            perr_field(e, "schedule_for", "The value that you entered for the schedule_for field is invalid.");
            e->zoom_code = ZOOM_VALIDATION_FAILED;
            return -1;
        }
        if (!admin && strcmp(other.id, c->user_id) != 0) {
            perr_set(e, PERR_FORBIDDEN, "Scheduling for another user needs an account-level scope.");
            e->zoom_code = API_NEEDS_ADMIN;
            return -1;
        }
        host = other;
    }
    int type = json_is_integer(json_object_get(body, "type")) ? (int)json_integer_value(json_object_get(body, "type"))
                                                               : kind == KIND_WEBINAR ? 5 : 2;
    if (kind == KIND_MEETING && type == 1 && schedule_for && *schedule_for)
        return zoom_error(e, ZOOM_MEETING_REFUSED, "Instant meetings do not support the schedule_for parameter; you cannot schedule "
                                   "an instant meeting for another user.%s",
                          "");
    if (kind == KIND_WEBINAR && host.type != 2) {
        perr_set(e, PERR_INVALID,
                 "Subscription plan for webinar is missing. Enable webinar for this user once the subscription "
                 "plan is added:%.30s.",
                 host.id);
        e->zoom_code = ZOOM_NO_PERMISSION;
        return -1;
    }

    json_t *doc = json_object();
    json_object_set_new(doc, "topic", json_string(kind == KIND_WEBINAR ? "Zoom Webinar" : "Zoom Meeting"));
    json_object_set_new(doc, "type", json_integer(type));
    json_object_set_new(doc, "duration", json_integer(60));
    json_object_set_new(doc, "timezone", json_string(host.timezone[0] ? host.timezone : "UTC"));
    json_object_set_new(doc, "agenda", json_string(""));
    json_object_set_new(doc, "settings",
                        meeting_default_settings(kind));
    if (kind == KIND_MEETING)
        json_object_set_new(doc, "pre_schedule", json_false());
    else
        json_object_set_new(doc, "registrants_confirmation_email", json_true());
    if (meeting_apply_body(doc, body, kind, e) != 0) {
        json_decref(doc);
        return -1;
    }
    json_object_set_new(doc, "type", json_integer(type));
    const char *pw = json_string_value(json_object_get(body, "password"));
    char generated[8];
    meeting_random_chars(generated, 6, "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789");
    meeting_set_password(doc, pw ? pw : generated);

    int64_t now = clock_now(), start;
    if (meeting_derive(doc, kind, type, now, &start, e) != 0) {
        json_decref(doc);
        e->zoom_code = ZOOM_VALIDATION_FAILED;
        return -1;
    }

    struct meeting m = {0};
    m.kind = kind;
    m.type = type;
    m.start_time = start;
    m.created_at = m.updated_at = now;
    snprintf(m.status, sizeof m.status, "waiting");
    memcpy(m.account_id, host.account_id, sizeof m.account_id);
    memcpy(m.host_id, host.id, sizeof m.host_id);
    m.doc = doc;
    char *text = json_dumps(doc, JSON_COMPACT), *summary = summary_dump(doc);
    if (!text || !summary) {
        free(text);
        free(summary);
        meeting_clear(&m);
        return perr_set(e, PERR_INTERNAL, "Out of memory.");
    }
    struct create_tx t = {&m, text, summary, c, e, 0};
    int rc = db_transaction(db, create_in_tx, &t);
    if (rc != 0) {
        rc = api_tx_error(e, t.ran, "Committing the meeting failed.");
        goto out;
    }
    *out = meeting_object(db, &m, &host);
out:
    free(text);
    free(summary);
    meeting_clear(&m);
    return rc;
}

int meeting_get(struct db *db, const struct meeting_ref *ref, const char *occurrence_id, char **text, size_t *len,
                struct perr *e)
{
    if (!(occurrence_id && *occurrence_id)) {
        int served = meeting_get_stored(db, ref, text, len, e);
        if (served != 0)
            return served > 0 ? 0 : -1;
    }
    struct meeting m;
    if (meeting_load(db, ref, 0, &m, e) != 0)
        return -1;
    if (occurrence_id && *occurrence_id) {
        json_t *hit = meeting_occurrence(m.doc, occurrence_id);
        if (!hit) {
            meeting_clear(&m);
            return zoom_error(e, ZOOM_MEETING_REFUSED, "Invalid occurrence_id.%s", "");
        }
        json_object_set(m.doc, "start_time", json_object_get(hit, "start_time"));
        json_object_set(m.doc, "duration", json_object_get(hit, "duration"));
    }
    json_t *o = meeting_object(db, &m, NULL);
    meeting_clear(&m);
    *text = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    if (!*text)
        return perr_set(e, PERR_INTERNAL, "Out of memory.");
    *len = strlen(*text);
    return 0;
}

static int store_doc(struct db *db, const struct meeting *m, int64_t start)
{
    char *text = json_dumps(m->doc, JSON_COMPACT), *summary = summary_dump(m->doc);
    int rc = text && summary ? meeting_store_update(db, m, start, text, summary, clock_now()) : -1;
    free(text);
    free(summary);
    return rc == 0 ? meeting_texts_store(db, m) : -1;
}

/* The members of `after` that differ from `before` (top level), each side's values. */
static void diff(const json_t *before, const json_t *after, json_t *changed, json_t *old)
{
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)after, k, v)
    {
        json_t *was = json_object_get(before, k);
        if (was && json_equal(was, v))
            continue;
        json_object_set(changed, k, v);
        if (was)
            json_object_set(old, k, was);
    }
}

struct update_tx {
    struct meeting *m;
    const json_t *before;
    int64_t start;
    const struct api_caller *c;
    struct perr *e;
    int ran;
};

static int update_in_tx(struct db *db, void *arg)
{
    struct update_tx *t = arg;
    t->ran = 1;
    if (count_daily(db, t->m->account_id, t->m->host_id, t->e) != 0)
        return -1;
    if (store_doc(db, t->m, t->start) != 0)
        return perr_set(t->e, PERR_INTERNAL, "Storing the meeting failed.");
    json_t *changed = json_pack("{s:I}", "id", (json_int_t)t->m->id), *old = json_pack("{s:I}", "id", (json_int_t)t->m->id);
    diff(t->before, t->m->doc, changed, old);
    if (emit(db, t->c, t->m, "updated", changed, old) != 0)
        return perr_set(t->e, PERR_INTERNAL, "Committing the meeting failed.");
    return 0;
}

int meeting_update(struct db *db, const struct meeting_ref *ref, const char *occurrence_id, json_t *body,
                   struct perr *e)
{
    const struct api_caller *c = ref->caller;
    enum meeting_kind kind = ref->kind;
    const json_t *schema = schema_of(kind == KIND_WEBINAR ? "webinarUpdate" : "meetingUpdate");
    if (schema && schema_validate(schema, body, e) != 0)
        return -1;
    struct meeting m;
    if (meeting_load(db, ref, 0, &m, e) != 0)
        return -1;
    int rc = -1;
    json_t *before = json_deep_copy(m.doc);
    if (strcmp(m.status, "started") == 0) {
        zoom_error(e, ZOOM_MEETING_REFUSED, "You cannot update or delete meetings that have started using this method.%s", "");
        goto out;
    }
    if (occurrence_id && *occurrence_id) {
        /* an occurrence changes alone: its start time and duration */
        json_t *hit = meeting_occurrence(m.doc, occurrence_id);
        if (!hit) {
            zoom_error(e, ZOOM_MEETING_REFUSED, "Invalid occurrence_id.%s", "");
            goto out;
        }
        const char *st = json_string_value(json_object_get(body, "start_time"));
        int64_t t;
        if (st && time_parse(st, json_string_value(json_object_get(m.doc, "timezone")), &t) != 0) {
            perr_field(e, "start_time", "must be a date-time");
            e->zoom_code = ZOOM_VALIDATION_FAILED;
            goto out;
        }
        if (st)
            json_object_set_new(hit, "start_time", time_json(t));
        if (json_object_get(body, "duration"))
            json_object_set(hit, "duration", json_object_get(body, "duration"));
    } else {
        if (meeting_apply_body(m.doc, body, kind, e) != 0) {
            e->zoom_code = ZOOM_VALIDATION_FAILED;
            goto out;
        }
        if (json_object_get(body, "password")) {
            const char *pw = json_string_value(json_object_get(body, "password"));
            meeting_set_password(m.doc, pw ? pw : "");
        }
        if (json_is_integer(json_object_get(body, "type")))
            m.type = (int)json_integer_value(json_object_get(body, "type"));
    }
    int valid_type = kind == KIND_MEETING ? (m.type == 1 || m.type == 2 || m.type == 3 || m.type == 8)
                                          : (m.type == 5 || m.type == 6 || m.type == 9);
    if (!valid_type) {
        perr_field(e, "type", "is not a %s type", kind_names[kind]);
        e->zoom_code = ZOOM_VALIDATION_FAILED;
        goto out;
    }
    int64_t start;
    if (meeting_derive(m.doc, kind, m.type, m.start_time, &start, e) != 0) {
        e->zoom_code = ZOOM_VALIDATION_FAILED;
        goto out;
    }
    struct update_tx t = {&m, before, start, c, e, 0};
    if (db_transaction(db, update_in_tx, &t) != 0) {
        api_tx_error(e, t.ran, "Committing the meeting failed.");
        goto out;
    }
    rc = 0;
out:
    json_decref(before);
    meeting_clear(&m);
    return rc;
}

struct delete_tx {
    struct meeting *m;
    const char *occurrence_id;
    const struct api_caller *c;
    struct perr *e;
    int ran;
};

/* Deletes one occurrence (marked in the document) or the whole meeting, with the event. */
static int delete_in_tx(struct db *db, void *arg)
{
    static const char *const deleted_fields[] = {"topic", "type", "start_time", "duration", "timezone", NULL};
    struct delete_tx *t = arg;
    struct meeting *m = t->m;
    t->ran = 1;
    if (t->occurrence_id && *t->occurrence_id) {
        json_t *hit = meeting_occurrence(m->doc, t->occurrence_id);
        if (!hit)
            return zoom_error(t->e, ZOOM_MEETING_REFUSED, "Invalid occurrence_id.%s", "");
        json_object_set_new(hit, "status", json_string("deleted"));
        json_t *object = event_object(m, deleted_fields);
        json_object_set_new(object, "occurrences", json_pack("[O]", hit));
        if (store_doc(db, m, m->start_time) != 0 || emit(db, t->c, m, "deleted", object, NULL) != 0)
            return perr_set(t->e, PERR_INTERNAL, "Deleting the occurrence failed.");
        return 0;
    }
    if (meeting_store_mark_deleted(db, m->id, clock_now()) != 0 ||
        meeting_store_count_scheduled(db, m->host_id, m->kind, -1) != 0 ||
        emit(db, t->c, m, "deleted", event_object(m, deleted_fields), NULL) != 0)
        return perr_set(t->e, PERR_INTERNAL, "Deleting the meeting failed.");
    return 0;
}

int meeting_delete(struct db *db, const struct meeting_ref *ref, const char *occurrence_id, struct perr *e)
{
    const struct api_caller *c = ref->caller;
    enum meeting_kind kind = ref->kind;
    struct meeting m;
    if (meeting_load(db, ref, 0, &m, e) != 0)
        return -1;
    int rc = -1;
    if (strcmp(m.status, "started") == 0) {
        zoom_error(e, ZOOM_MEETING_IN_PROGRESS, kind == KIND_WEBINAR ? "Sorry, you cannot delete this webinar since it is in progress.%s"
                                                 : "Sorry, you cannot delete this meeting since it is in progress.%s",
                   "");
        goto out;
    }
    if (strcmp(m.status, "ended") == 0) {
        zoom_error(e, ZOOM_MEETING_ENDED, kind == KIND_WEBINAR ? "Sorry, you cannot delete this webinar since it has ended.%s"
                                                 : "Sorry, you cannot delete this meeting since it has ended.%s",
                   "");
        goto out;
    }
    struct delete_tx t = {&m, occurrence_id, c, e, 0};
    if (db_transaction(db, delete_in_tx, &t) != 0) {
        api_tx_error(e, t.ran, "Committing the deletion failed.");
        goto out;
    }
    rc = 0;
out:
    meeting_clear(&m);
    return rc;
}

struct recover_tx {
    const struct meeting *m;
    const struct api_caller *c;
    int ran;
};

static int recover_in_tx(struct db *db, void *arg)
{
    static const char *const recovered_fields[] = {"topic", "type", "start_time", "duration", "timezone", NULL};
    struct recover_tx *t = arg;
    const struct meeting *m = t->m;
    t->ran = 1;
    if (meeting_store_recover(db, m->id, clock_now()) != 0 ||
        (strcmp(m->status, "ended") != 0 && meeting_store_count_scheduled(db, m->host_id, m->kind, 1) != 0) ||
        emit(db, t->c, m, "recovered", event_object(m, recovered_fields), NULL) != 0)
        return -1;
    return 0;
}

int meeting_status(struct db *db, const struct meeting_ref *ref, json_t *body, int *end_instance, struct perr *e)
{
    const struct api_caller *c = ref->caller;
    enum meeting_kind kind = ref->kind;
    const char *id = ref->id;
    *end_instance = 0;
    const json_t *schema = schema_of(kind == KIND_WEBINAR ? "webinarStatus" : "meetingStatus");
    if (schema && schema_validate(schema, body, e) != 0)
        return -1;
    const char *action = json_string_value(json_object_get(body, "action"));
    if (!action) {
        perr_field(e, "action", "is required");
        e->zoom_code = ZOOM_VALIDATION_FAILED;
        return -1;
    }
    int recover = strcmp(action, "recover") == 0;
    if (recover && kind == KIND_WEBINAR) {
        perr_field(e, "action", "must be end");
        e->zoom_code = ZOOM_VALIDATION_FAILED;
        return -1;
    }
    struct meeting m;
    if (meeting_load(db, ref, recover, &m, e) != 0)
        return -1;
    int rc = -1;
    if (recover) {
        if (!m.deleted_at) {
            zoom_error(e, ZOOM_MEETING_REFUSED, "Meeting %.30s is not deleted.", id);
            goto out;
        }
        if (clock_now() - m.deleted_at > RECOVER_WINDOW_S) {
            not_found(e, kind, id);
            goto out;
        }
        struct recover_tx t = {&m, c, 0};
        if (db_transaction(db, recover_in_tx, &t) != 0) {
            perr_set(e, PERR_INTERNAL, "%s", t.ran ? "Recovering the meeting failed." : "The store is busy.");
            goto out;
        }
        rc = 0;
        goto out;
    }
    /* end: a meeting in progress ends as the simulation ends it (its instance, participants and
     * events), which the caller runs; ending one that is not in progress changes nothing */
    *end_instance = strcmp(m.status, "started") == 0;
    rc = 0;
out:
    meeting_clear(&m);
    return rc;
}

