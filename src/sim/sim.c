/* Meeting simulation: instances and participants, and the events Zoom sends
 * for them (meeting.started/ended, meeting.participant_joined/left,
 * webinar.started/ended, recording.completed). */
#include "sim/sim.h"
#include "api/api.h"
#include "core/clock.h"
#include "core/db.h"
#include "events/events.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PARTICIPANTS_MAX 1000 /* per instance */

static const char *const kind_names[] = {"meeting", "webinar"};

static json_t *time_json(int64_t t)
{
    char buf[21];
    clock_format(t, buf);
    return json_string(buf);
}

static int load(struct db *db, const char *id, struct meeting *m, struct perr *e)
{
    int found = meeting_find(db, id, m);
    if (found < 0)
        return perr_set(e, PERR_INTERNAL, "Reading the meeting failed.");
    if (found == 0 || m->deleted_at) {
        if (found)
            meeting_clear(m);
        return perr_set(e, PERR_NOT_FOUND, "Meeting %.30s does not exist.", id);
    }
    return 0;
}

/* The current instance: 1 found (uuid, started_at filled), 0 none running. */
static int running_instance(struct db *db, int64_t meeting_id, char uuid[32], int64_t *started_at)
{
    struct db_stmt *st = db_query(db,
                                  "SELECT uuid, started_at FROM meeting_instances WHERE meeting_id = ? AND ended_at IS "
                                  "NULL ORDER BY seq DESC LIMIT 1",
                                  "i", meeting_id);
    int found = st && db_step(st) == DB_ROW;
    if (found) {
        db_copy(st, 0, uuid, 32);
        *started_at = db_int(st, 1);
    }
    db_done(st);
    return found;
}

/* The object of started/ended events, in the order of Zoom's sample (§3.5). */
static json_t *event_object(const struct meeting *m, const char *uuid, int64_t started_at)
{
    char id[24];
    snprintf(id, sizeof id, "%lld", (long long)m->id);
    json_t *o = json_object();
    json_t *duration = json_object_get(m->doc, "duration");
    json_object_set_new(o, "duration", duration ? json_incref(duration) : json_integer(0));
    json_object_set_new(o, "start_time", time_json(started_at));
    json_t *tz = json_object_get(m->doc, "timezone");
    json_object_set_new(o, "timezone", tz ? json_incref(tz) : json_string(""));
    json_object_set(o, "topic", json_object_get(m->doc, "topic"));
    json_object_set_new(o, "id", json_string(id));
    json_object_set_new(o, "type", json_integer(m->type));
    json_object_set_new(o, "uuid", json_string(uuid));
    json_object_set_new(o, "host_id", json_string(m->host_id));
    return o;
}

static int emit(struct db *db, const struct meeting *m, const char *what, json_t *object)
{
    char event[48];
    snprintf(event, sizeof event, "%s.%s", kind_names[m->kind], what);
    return events_emit(db, m->account_id, NULL, event,
                       json_pack("{s:s,s:o}", "account_id", m->account_id, "object", object));
}

static json_t *instance_json(const struct meeting *m, const char *uuid, int64_t started_at, int64_t ended_at)
{
    json_t *o = json_pack("{s:I,s:s,s:s,s:o}", "meeting_id", (json_int_t)m->id, "uuid", uuid, "kind",
                          kind_names[m->kind], "started_at", time_json(started_at));
    json_object_set_new(o, "ended_at", ended_at ? time_json(ended_at) : json_null());
    return o;
}

int sim_start(struct db *db, const char *meeting, json_t **out, struct perr *e)
{
    struct meeting m;
    if (load(db, meeting, &m, e) != 0)
        return -1;
    int rc = -1;
    char uuid[32];
    int64_t since, now = clock_now();
    if (strcmp(m.status, "started") == 0 || running_instance(db, m.id, uuid, &since)) {
        perr_set(e, PERR_CONFLICT, "The %s is already in progress.", kind_names[m.kind]);
        goto out;
    }
    /* the first instance of a meeting carries the meeting's UUID; later ones get their own */
    int64_t seq = 0;
    struct db_stmt *st = db_query(db, "SELECT count(*) FROM meeting_instances WHERE meeting_id = ?", "i", m.id);
    if (st && db_step(st) == DB_ROW)
        seq = db_int(st, 0);
    db_done(st);
    if (seq == 0) {
        snprintf(uuid, sizeof uuid, "%s", m.uuid);
    } else {
        uint8_t b[16];
        crypto_random(b, sizeof b);
        crypto_b64(uuid, sizeof uuid, b, sizeof b);
    }
    if (db_begin(db) != DB_DONE) {
        perr_set(e, PERR_INTERNAL, "The store is busy.");
        goto out;
    }
    if (db_run(db, "INSERT INTO meeting_instances (uuid, meeting_id, started_at, seq) VALUES (?, ?, ?, ?)", "siii",
               uuid, m.id, now, seq + 1) != DB_DONE ||
        meeting_set_status(db, m.id, "started") != 0 || emit(db, &m, "started", event_object(&m, uuid, now)) != 0 ||
        db_commit(db) != DB_DONE) {
        db_rollback(db);
        perr_set(e, PERR_INTERNAL, "Starting the meeting failed.");
        goto out;
    }
    *out = instance_json(&m, uuid, now, 0);
    rc = 0;
out:
    meeting_clear(&m);
    return rc;
}

static json_t *participant_json(struct db_stmt *st)
{
    /* columns: id, number, user_id, name, email, joined_at, left_at */
    json_t *o = json_pack("{s:s,s:I,s:s,s:s,s:s,s:o}", "id", db_text(st, 0), "number", (json_int_t)db_int(st, 1),
                          "user_id", db_text(st, 2), "name", db_text(st, 3), "email", db_text(st, 4), "joined_at",
                          time_json(db_int(st, 5)));
    json_object_set_new(o, "left_at", db_is_null(st, 6) ? json_null() : time_json(db_int(st, 6)));
    return o;
}

/* The participant part of joined/left events (§3.5). */
static json_t *event_participant(const char *pid, int64_t number, const char *user_id, const char *name,
                                 const char *email, const char *time_key, int64_t at)
{
    char num[24];
    snprintf(num, sizeof num, "%lld", (long long)number);
    json_t *p = json_object();
    json_object_set_new(p, "user_id", json_string(num));
    json_object_set_new(p, "user_name", json_string(name));
    json_object_set_new(p, "id", json_string(user_id));
    json_object_set_new(p, "participant_uuid", json_string(pid));
    json_object_set_new(p, time_key, time_json(at));
    if (strcmp(time_key, "leave_time") == 0)
        json_object_set_new(p, "leave_reason", json_string("left the meeting"));
    json_object_set_new(p, "email", json_string(email));
    json_object_set_new(p, "participant_user_id", json_string(user_id));
    return p;
}

static json_t *participant_event(const struct meeting *m, const char *uuid, int64_t started_at, json_t *participant)
{
    char id[24];
    snprintf(id, sizeof id, "%lld", (long long)m->id);
    json_t *o = json_object();
    json_object_set_new(o, "uuid", json_string(uuid));
    json_object_set_new(o, "id", json_string(id));
    json_object_set_new(o, "host_id", json_string(m->host_id));
    json_object_set(o, "topic", json_object_get(m->doc, "topic"));
    json_object_set_new(o, "type", json_integer(m->type));
    json_object_set_new(o, "start_time", time_json(started_at));
    json_t *tz = json_object_get(m->doc, "timezone");
    json_object_set_new(o, "timezone", tz ? json_incref(tz) : json_string(""));
    json_t *duration = json_object_get(m->doc, "duration");
    json_object_set_new(o, "duration", duration ? json_incref(duration) : json_integer(0));
    json_object_set_new(o, "participant", participant);
    return o;
}

int sim_join(struct db *db, const char *meeting, const char *name, const char *email, json_t **out, struct perr *e)
{
    if (!name || !*name || strlen(name) > 128)
        perr_field(e, "name", "is required, at most 128 characters");
    if (email && strlen(email) > USER_EMAIL_MAX)
        perr_field(e, "email", "must be at most %d characters", USER_EMAIL_MAX);
    if (e->kind != PERR_NONE)
        return -1;
    struct meeting m;
    if (load(db, meeting, &m, e) != 0)
        return -1;
    int rc = -1;
    char uuid[32], pid[ID_LEN], user_id[ID_LEN] = "";
    int64_t started_at, now = clock_now(), count = 0;
    if (!running_instance(db, m.id, uuid, &started_at)) {
        perr_set(e, PERR_CONFLICT, "The %s is not in progress: start it first.", kind_names[m.kind]);
        goto out;
    }
    struct user u; /* a participant whose e-mail is a plaza user joins as that user */
    if (email && *email && user_find(db, email, &u) == 1)
        memcpy(user_id, u.id, sizeof user_id);
    struct db_stmt *st =
        db_query(db, "SELECT count(*) FROM participants WHERE instance_uuid = ? AND left_at IS NULL", "s", uuid);
    if (st && db_step(st) == DB_ROW)
        count = db_int(st, 0);
    db_done(st);
    if (count >= PARTICIPANTS_MAX) {
        perr_set(e, PERR_LIMIT, "The %s already has %d participants.", kind_names[m.kind], PARTICIPANTS_MAX);
        goto out;
    }
    ids_new(pid);
    if (db_begin(db) != DB_DONE) {
        perr_set(e, PERR_INTERNAL, "The store is busy.");
        goto out;
    }
    st = db_query(db,
                  "INSERT INTO participants (id, instance_uuid, number, user_id, name, email, joined_at) VALUES (?, ?, "
                  "16778240 + (SELECT count(*) FROM participants WHERE instance_uuid = ?), ?, ?, ?, ?) "
                  "RETURNING id, number, user_id, name, email, joined_at, left_at",
                  "ssssssi", pid, uuid, uuid, user_id, name, email ? email : "", now);
    int ok = st && db_step(st) == DB_ROW;
    json_t *p = ok ? participant_json(st) : NULL;
    int64_t number = ok ? db_int(st, 1) : 0;
    db_done(st);
    if (ok && m.kind == KIND_MEETING) /* webinar attendees have no such events in plaza */
        ok = emit(db, &m, "participant_joined",
                  participant_event(&m, uuid, started_at,
                                    event_participant(pid, number, user_id, name, email ? email : "", "join_time",
                                                      now))) == 0;
    if (!ok || db_commit(db) != DB_DONE) {
        db_rollback(db);
        json_decref(p);
        perr_set(e, PERR_INTERNAL, "Joining failed.");
        goto out;
    }
    *out = p;
    rc = 0;
out:
    meeting_clear(&m);
    return rc;
}

/* Marks one participant (or all, pid NULL) as left, with events. Inside a transaction. */
static int leave_all(struct db *db, const struct meeting *m, const char *uuid, int64_t started_at, const char *pid,
                     int64_t now, int *changed)
{
    struct db_stmt *st =
        pid ? db_query(db,
                       "UPDATE participants SET left_at = ? WHERE instance_uuid = ? AND id = ? AND left_at IS NULL "
                       "RETURNING id, number, user_id, name, email",
                       "iss", now, uuid, pid)
            : db_query(db,
                       "UPDATE participants SET left_at = ? WHERE instance_uuid = ? AND left_at IS NULL "
                       "RETURNING id, number, user_id, name, email",
                       "is", now, uuid);
    if (!st)
        return -1;
    json_t *events = json_array();
    while (db_step(st) == DB_ROW) {
        (*changed)++;
        json_array_append_new(events, event_participant(db_text(st, 0), db_int(st, 1), db_text(st, 2), db_text(st, 3),
                                                        db_text(st, 4), "leave_time", now));
    }
    db_done(st);
    size_t i;
    json_t *p;
    int rc = 0;
    json_array_foreach(events, i, p)
    {
        if (m->kind == KIND_MEETING && rc == 0)
            rc = emit(db, m, "participant_left", participant_event(m, uuid, started_at, json_incref(p)));
    }
    json_decref(events);
    return rc;
}

int sim_leave(struct db *db, const char *meeting, const char *participant_id, struct perr *e)
{
    struct meeting m;
    if (load(db, meeting, &m, e) != 0)
        return -1;
    int rc = -1, changed = 0;
    char uuid[32];
    int64_t started_at;
    if (!running_instance(db, m.id, uuid, &started_at)) {
        perr_set(e, PERR_CONFLICT, "The %s is not in progress.", kind_names[m.kind]);
        goto out;
    }
    if (db_begin(db) != DB_DONE) {
        perr_set(e, PERR_INTERNAL, "The store is busy.");
        goto out;
    }
    if (leave_all(db, &m, uuid, started_at, participant_id, clock_now(), &changed) != 0) {
        db_rollback(db);
        perr_set(e, PERR_INTERNAL, "Leaving failed.");
        goto out;
    }
    if (changed == 0) {
        db_rollback(db);
        perr_set(e, PERR_NOT_FOUND, "No participant %.40s is in the %s.", participant_id, kind_names[m.kind]);
        goto out;
    }
    if (db_commit(db) != DB_DONE) {
        db_rollback(db);
        perr_set(e, PERR_INTERNAL, "Leaving failed.");
        goto out;
    }
    rc = 0;
out:
    meeting_clear(&m);
    return rc;
}

int sim_end(struct db *db, const char *meeting, int record, json_t **out, struct perr *e)
{
    struct meeting m;
    if (load(db, meeting, &m, e) != 0)
        return -1;
    int rc = -1, changed = 0;
    char uuid[32];
    int64_t started_at, now = clock_now();
    if (!running_instance(db, m.id, uuid, &started_at)) {
        perr_set(e, PERR_CONFLICT, "The %s is not in progress.", kind_names[m.kind]);
        goto out;
    }
    if (record < 0) {
        const char *auto_rec =
            json_string_value(json_object_get(json_object_get(m.doc, "settings"), "auto_recording"));
        record = auto_rec && strcmp(auto_rec, "cloud") == 0;
    }
    /* who was there, for their audio files */
    struct recording_participant people[64];
    char names[64][129], emails[64][USER_EMAIL_MAX + 1];
    int npeople = 0;
    struct db_stmt *st =
        db_query(db, "SELECT DISTINCT name, email FROM participants WHERE instance_uuid = ? LIMIT 64", "s", uuid);
    while (st && db_step(st) == DB_ROW && npeople < 64) {
        db_copy(st, 0, names[npeople], sizeof names[0]);
        db_copy(st, 1, emails[npeople], sizeof emails[0]);
        people[npeople].name = names[npeople];
        people[npeople].email = emails[npeople];
        npeople++;
    }
    db_done(st);

    if (db_begin(db) != DB_DONE) {
        perr_set(e, PERR_INTERNAL, "The store is busy.");
        goto out;
    }
    /* a scheduled meeting is over once it ends; recurring ones and PMIs wait for the next time */
    const char *status = m.type == 2 || m.type == 1 || m.type == 5 ? "ended" : "waiting";
    json_t *ended = event_object(&m, uuid, started_at);
    json_object_set_new(ended, "end_time", time_json(now));
    if (leave_all(db, &m, uuid, started_at, NULL, now, &changed) != 0 ||
        db_run(db, "UPDATE meeting_instances SET ended_at = ? WHERE uuid = ?", "is", now, uuid) != DB_DONE ||
        meeting_set_status(db, m.id, status) != 0 || emit(db, &m, "ended", ended) != 0 ||
        (record && recording_create(db, &m, uuid, started_at, now, people, npeople, e) != 0) ||
        db_commit(db) != DB_DONE) {
        db_rollback(db);
        if (e->kind == PERR_NONE)
            perr_set(e, PERR_INTERNAL, "Ending the meeting failed.");
        goto out;
    }
    *out = instance_json(&m, uuid, started_at, now);
    json_object_set_new(*out, "recorded", json_boolean(record));
    rc = 0;
out:
    meeting_clear(&m);
    return rc;
}

int sim_status(struct db *db, const struct api_caller *c, int admin, enum meeting_kind kind, const char *id,
               json_t *body, struct perr *e)
{
    int end = 0;
    if (meeting_status(db, c, admin, kind, id, body, &end, e) != 0)
        return -1;
    if (!end)
        return 0;
    json_t *ended = NULL;
    int rc = sim_end(db, id, -1, &ended, e);
    json_decref(ended);
    return rc;
}

int sim_state(struct db *db, const char *meeting, json_t **out, struct perr *e)
{
    struct meeting m;
    if (load(db, meeting, &m, e) != 0)
        return -1;
    struct db_stmt *st = db_query(db,
                                  "SELECT uuid, started_at, ended_at FROM meeting_instances WHERE meeting_id = ? "
                                  "ORDER BY seq DESC LIMIT 1",
                                  "i", m.id);
    json_t *o = json_pack("{s:I,s:s,s:s}", "meeting_id", (json_int_t)m.id, "kind", kind_names[m.kind], "status",
                          m.status);
    char uuid[32] = "";
    if (st && db_step(st) == DB_ROW) {
        db_copy(st, 0, uuid, sizeof uuid);
        json_object_set_new(o, "instance",
                            instance_json(&m, uuid, db_int(st, 1), db_is_null(st, 2) ? 0 : db_int(st, 2)));
    } else {
        json_object_set_new(o, "instance", json_null());
    }
    db_done(st);
    json_t *people = json_array();
    st = db_query(db,
                  "SELECT id, number, user_id, name, email, joined_at, left_at FROM participants WHERE instance_uuid = ? "
                  "ORDER BY number",
                  "s", uuid);
    while (st && db_step(st) == DB_ROW)
        json_array_append_new(people, participant_json(st));
    db_done(st);
    json_object_set_new(o, "participants", people);
    meeting_clear(&m);
    *out = o;
    return 0;
}
