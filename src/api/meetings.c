/* Meetings and webinars (zoom-wire §2.8–§2.9): create, read, update, delete,
 * end/recover (listing is in meeting_list.c, the document's rules in
 * meeting_doc.c). Each row keeps the indexed fields in columns and the rest of
 * Zoom's object as a JSON document; responses are rendered in Zoom's key
 * order. Every change writes its event in the same transaction. */
#include "api/meetings_internal.h"
#include "core/zoom_codes.h"
#include "api/paging.h"
#include "http/ratelimit.h"
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

static int internal(struct db *db, struct perr *e, const char *what)
{
    db_rollback(db);
    return perr_set(e, PERR_INTERNAL, "%s", what);
}

int meeting_from_row(struct db_stmt *st, struct meeting *m)
{
    memset(m, 0, sizeof *m);
    m->id = db_int(st, 0);
    db_copy(st, 1, m->uuid, sizeof m->uuid);
    m->kind = strcmp(db_text(st, 2), "webinar") == 0 ? KIND_WEBINAR : KIND_MEETING;
    db_copy(st, 3, m->account_id, sizeof m->account_id);
    db_copy(st, 4, m->host_id, sizeof m->host_id);
    m->type = (int)db_int(st, 5);
    db_copy(st, 6, m->status, sizeof m->status);
    m->start_time = db_int(st, 7);
    m->doc = json_loads(db_text(st, 8), 0, NULL);
    m->created_at = db_int(st, 9);
    m->updated_at = db_int(st, 10);
    m->deleted_at = db_is_null(st, 11) ? 0 : db_int(st, 11);
    return m->doc ? 0 : -1;
}

int meeting_load(struct db *db, const struct api_caller *c, int admin, enum meeting_kind kind, const char *id,
                 int with_deleted, struct meeting *m, struct perr *e)
{
    memset(m, 0, sizeof *m);
    char *end;
    long long num = strtoll(id, &end, 10);
    struct db_stmt *st;
    if (*id && *end == '\0' && num > 0)
        st = db_query(db, "SELECT " MEETING_COLUMNS " FROM meetings WHERE id = ?", "i", (int64_t)num);
    else
        st = db_query(db, "SELECT " MEETING_COLUMNS " FROM meetings WHERE uuid = ?", "s", id);
    if (!st)
        return perr_set(e, PERR_INTERNAL, "Reading the meeting failed.");
    int rc = db_step(st);
    int ok = rc == DB_ROW && meeting_from_row(st, m) == 0;
    db_done(st);
    if (rc != DB_ROW && rc != DB_DONE)
        return perr_set(e, PERR_INTERNAL, "Reading the meeting failed.");
    if (!ok || m->kind != kind || strcmp(m->account_id, c->account_id) != 0 || (m->deleted_at && !with_deleted)) {
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
    memset(m, 0, sizeof *m);
    char *end;
    long long num = strtoll(id, &end, 10);
    struct db_stmt *st = *id && *end == '\0' && num > 0
                             ? db_query(db, "SELECT " MEETING_COLUMNS " FROM meetings WHERE id = ?", "i", (int64_t)num)
                             : db_query(db, "SELECT " MEETING_COLUMNS " FROM meetings WHERE uuid = ?", "s", id);
    if (!st)
        return -1;
    int rc = db_step(st);
    int ok = rc == DB_ROW && meeting_from_row(st, m) == 0;
    db_done(st);
    if (rc == DB_ROW && !ok)
        meeting_clear(m);
    return ok ? 1 : rc == DB_DONE || rc == DB_ROW ? 0 : -1;
}

/* Moves a host's count of scheduled meetings (meeting_counts) by delta, in the caller's transaction. */
static int count_scheduled(struct db *db, const char *host_id, enum meeting_kind kind, int delta)
{
    return db_run(db,
                  "INSERT INTO meeting_counts (host_id, kind, scheduled) VALUES (?, ?, ?) "
                  "ON CONFLICT (host_id, kind) DO UPDATE SET scheduled = meeting_counts.scheduled + excluded.scheduled",
                  "ssn", host_id, kind_names[kind], delta) == DB_DONE
               ? 0
               : -1;
}

int meeting_set_status(struct db *db, int64_t id, const char *status)
{
    char was[12] = "", host[ID_LEN] = "", kind[12] = "";
    int deleted = 0;
    struct db_stmt *st =
        db_query(db, "SELECT status, host_id, kind, deleted_at IS NOT NULL FROM meetings WHERE id = ?", "i", id);
    if (st && db_step(st) == DB_ROW) {
        db_copy(st, 0, was, sizeof was);
        db_copy(st, 1, host, sizeof host);
        db_copy(st, 2, kind, sizeof kind);
        deleted = (int)db_int(st, 3);
    }
    db_done(st);
    if (db_run(db, "UPDATE meetings SET status = ?, updated_at = ? WHERE id = ?", "sii", status, clock_now(), id) !=
        DB_DONE)
        return -1;
    int ended_before = strcmp(was, "ended") == 0, ended_now = strcmp(status, "ended") == 0;
    if (!host[0] || deleted || ended_before == ended_now)
        return 0;
    return count_scheduled(db, host, strcmp(kind, "webinar") == 0 ? KIND_WEBINAR : KIND_MEETING,
                           ended_now ? -1 : 1);
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

json_t *meeting_time_json(int64_t t)
{
    char buf[21];
    clock_format(t, buf);
    return json_string(buf);
}

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
    json_object_set_new(o, "created_at", meeting_time_json(m->created_at));
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

/* Counts a create or update against the host's daily allowance (§2.3), when
 * rate limits are on for the account. */
static int count_daily(struct db *db, const char *account_id, const char *host_id, struct perr *e)
{
    if (!ratelimit_enabled(account_id))
        return 0;
    int64_t day = clock_now() / 86400;
    struct db_stmt *st = db_query(db,
                                  "INSERT INTO daily_counts (user_id, day, what, count) VALUES (?, ?, 'meeting_write', 1) "
                                  "ON CONFLICT (user_id, day, what) DO UPDATE SET count = daily_counts.count + 1 "
                                  "RETURNING count",
                                  "si", host_id, day);
    if (!st || db_step(st) != DB_ROW) {
        db_done(st);
        return internal(db, e, "Counting the daily limit failed.");
    }
    int64_t n = db_int(st, 0);
    db_done(st);
    if (n > DAILY_CREATE_UPDATE_LIMIT) {
        db_rollback(db);
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

int meeting_create(struct db *db, const struct api_caller *c, int admin, enum meeting_kind kind,
                   const struct user *host_in, json_t *body, json_t **out, struct perr *e)
{
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
    if (db_begin(db) != DB_DONE) {
        free(text);
        free(summary);
        meeting_clear(&m);
        return perr_set(e, PERR_INTERNAL, "The store is busy.");
    }
    int rc = -1;
    if (count_daily(db, host.account_id, host.id, e) != 0)
        goto out;
    for (int attempt = 0; attempt < 8; attempt++) {
        m.id = new_number();
        new_uuid(m.uuid);
        int ins = db_run(db,
                         "INSERT INTO meetings (id, uuid, kind, account_id, host_id, type, status, start_time, doc, "
                         "summary, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'waiting', ?, ?, ?, ?, ?)",
                         "issssnissii", m.id, m.uuid, kind_names[kind], m.account_id, m.host_id, type, start,
                         text, summary, now, now);
        if (ins == DB_DONE) {
            rc = meeting_texts_store(db, &m) == 0 ? count_scheduled(db, m.host_id, kind, 1) : -1;
            break;
        }
        if (ins != DB_CONSTRAINT)
            break;
    }
    if (rc != 0) {
        internal(db, e, "Storing the meeting failed.");
        goto out;
    }
    static const char *const created_fields[] = {"topic", "type", "start_time", "duration", "timezone",
                                                 "join_url", "password", "settings", "recurrence", "occurrences",
                                                 NULL};
    json_t *object = event_object(&m, created_fields);
    json_t *s = json_object_get(object, "settings");
    if (s) { /* the event carries only these settings */
        const char *alt = json_string_value(json_object_get(s, "alternative_hosts"));
        json_object_set_new(object, "settings",
                            json_pack("{s:b,s:s}", "use_pmi", json_is_true(json_object_get(s, "use_pmi")),
                                      "alternative_hosts", alt ? alt : ""));
    }
    if (emit(db, c, &m, "created", object, NULL) != 0 || db_commit(db) != DB_DONE) {
        rc = internal(db, e, "Committing the meeting failed.");
        goto out;
    }
    *out = meeting_object(db, &m, &host);
out:
    free(text);
    free(summary);
    meeting_clear(&m);
    return rc;
}

int meeting_get(struct db *db, const struct api_caller *c, int admin, enum meeting_kind kind, const char *id,
                const char *occurrence_id, char **text, size_t *len, struct perr *e)
{
    if (!(occurrence_id && *occurrence_id)) {
        int served = meeting_get_stored(db, c, admin, kind, id, text, len, e);
        if (served != 0)
            return served > 0 ? 0 : -1;
    }
    struct meeting m;
    if (meeting_load(db, c, admin, kind, id, 0, &m, e) != 0)
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
    int rc = text && summary ? db_run(db,
                                      "UPDATE meetings SET type = ?, start_time = ?, doc = ?, summary = ?, "
                                      "updated_at = ? WHERE id = ?",
                                      "nissii", m->type, start, text, summary, clock_now(), m->id)
                             : DB_ERROR;
    free(text);
    free(summary);
    return rc == DB_DONE ? meeting_texts_store(db, m) : -1;
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

int meeting_update(struct db *db, const struct api_caller *c, int admin, enum meeting_kind kind, const char *id,
                   const char *occurrence_id, json_t *body, struct perr *e)
{
    const json_t *schema = schema_of(kind == KIND_WEBINAR ? "webinarUpdate" : "meetingUpdate");
    if (schema && schema_validate(schema, body, e) != 0)
        return -1;
    struct meeting m;
    if (meeting_load(db, c, admin, kind, id, 0, &m, e) != 0)
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
            json_object_set_new(hit, "start_time", meeting_time_json(t));
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
    if (db_begin(db) != DB_DONE) {
        perr_set(e, PERR_INTERNAL, "The store is busy.");
        goto out;
    }
    if (count_daily(db, m.account_id, m.host_id, e) != 0)
        goto out;
    if (store_doc(db, &m, start) != 0) {
        internal(db, e, "Storing the meeting failed.");
        goto out;
    }
    json_t *changed = json_pack("{s:I}", "id", (json_int_t)m.id), *old = json_pack("{s:I}", "id", (json_int_t)m.id);
    diff(before, m.doc, changed, old);
    if (emit(db, c, &m, "updated", changed, old) != 0 || db_commit(db) != DB_DONE) {
        internal(db, e, "Committing the meeting failed.");
        goto out;
    }
    rc = 0;
out:
    json_decref(before);
    meeting_clear(&m);
    return rc;
}

int meeting_delete(struct db *db, const struct api_caller *c, int admin, enum meeting_kind kind, const char *id,
                   const char *occurrence_id, struct perr *e)
{
    struct meeting m;
    if (meeting_load(db, c, admin, kind, id, 0, &m, e) != 0)
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
    static const char *const deleted_fields[] = {"topic", "type", "start_time", "duration", "timezone", NULL};
    if (db_begin(db) != DB_DONE) {
        perr_set(e, PERR_INTERNAL, "The store is busy.");
        goto out;
    }
    if (occurrence_id && *occurrence_id) {
        json_t *hit = meeting_occurrence(m.doc, occurrence_id);
        if (!hit) {
            db_rollback(db);
            zoom_error(e, ZOOM_MEETING_REFUSED, "Invalid occurrence_id.%s", "");
            goto out;
        }
        json_object_set_new(hit, "status", json_string("deleted"));
        json_t *object = event_object(&m, deleted_fields);
        json_object_set_new(object, "occurrences", json_pack("[O]", hit));
        if (store_doc(db, &m, m.start_time) != 0 || emit(db, c, &m, "deleted", object, NULL) != 0) {
            internal(db, e, "Deleting the occurrence failed.");
            goto out;
        }
    } else if (db_run(db, "UPDATE meetings SET deleted_at = ?, updated_at = ? WHERE id = ?", "iii", clock_now(),
                      clock_now(), m.id) != DB_DONE ||
               count_scheduled(db, m.host_id, kind, -1) != 0 ||
               emit(db, c, &m, "deleted", event_object(&m, deleted_fields), NULL) != 0) {
        internal(db, e, "Deleting the meeting failed.");
        goto out;
    }
    if (db_commit(db) != DB_DONE) {
        internal(db, e, "Committing the deletion failed.");
        goto out;
    }
    rc = 0;
out:
    meeting_clear(&m);
    return rc;
}

int meeting_status(struct db *db, const struct api_caller *c, int admin, enum meeting_kind kind, const char *id,
                   json_t *body, int *end_instance, struct perr *e)
{
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
    if (meeting_load(db, c, admin, kind, id, recover, &m, e) != 0)
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
        static const char *const recovered_fields[] = {"topic", "type", "start_time", "duration", "timezone", NULL};
        if (db_begin(db) != DB_DONE) {
            perr_set(e, PERR_INTERNAL, "The store is busy.");
            goto out;
        }
        if (db_run(db, "UPDATE meetings SET deleted_at = NULL, updated_at = ? WHERE id = ?", "ii", clock_now(),
                   m.id) != DB_DONE ||
            (strcmp(m.status, "ended") != 0 && count_scheduled(db, m.host_id, kind, 1) != 0) ||
            emit(db, c, &m, "recovered", event_object(&m, recovered_fields), NULL) != 0 ||
            db_commit(db) != DB_DONE) {
            internal(db, e, "Recovering the meeting failed.");
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

