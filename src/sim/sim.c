/* Meeting simulation: instances and participants, and the events Zoom sends
 * for them (meeting.started/ended, meeting.participant_joined/left,
 * webinar.started/ended, recording.completed). */
#include "sim/sim.h"
#include "api/timeutil.h"
#include "api/api.h"
#include "api/registrants_store.h"
#include "core/clock.h"
#include "core/db.h"
#include "sim/sim_store.h"
#include "events/events.h"
#include "media/media.h"

#include <libavutil/mem.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PARTICIPANTS_MAX 1000 /* per instance */

static const char *const kind_names[] = {"meeting", "webinar"};

/* The time a step happens at: the virtual now, or, while a scenario is
 * replayed in the past, the step's past time (this thread only: expiries
 * elsewhere keep reading the virtual now). */
static _Thread_local int64_t stamp;

int64_t sim_time(void) { return stamp ? stamp : clock_now(); }
void sim_stamp(int64_t t) { stamp = t; }

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

struct start_tx {
    const struct meeting *m;
    const char *uuid;
    int64_t now, seq;
    int ran;
};

static int start_in_tx(struct db *db, void *arg)
{
    struct start_tx *t = arg;
    t->ran = 1;
    /* a start in the past leaves the meeting as it is now: it is not in progress now */
    if (sim_store_open(db, t->uuid, t->m->id, t->now, t->seq) != 0 ||
        (!stamp && meeting_set_status(db, t->m->id, "started") != 0) ||
        emit(db, t->m, "started", event_object(t->m, t->uuid, t->now)) != 0)
        return -1;
    return 0;
}

int sim_start(struct db *db, const char *meeting, json_t **out, struct perr *e)
{
    struct meeting m;
    if (load(db, meeting, &m, e) != 0)
        return -1;
    int rc = -1;
    char uuid[32];
    int64_t since, now = sim_time();
    if (strcmp(m.status, "started") == 0 || sim_store_running(db, m.id, uuid, &since)) {
        perr_set(e, PERR_CONFLICT, "The %s is already in progress.", kind_names[m.kind]);
        goto out;
    }
    /* the first instance of a meeting carries the meeting's UUID; later ones get their own */
    int64_t seq = sim_store_instances(db, m.id);
    if (seq == 0) {
        snprintf(uuid, sizeof uuid, "%s", m.uuid);
    } else {
        uint8_t b[16];
        crypto_random(b, sizeof b);
        crypto_b64(uuid, sizeof uuid, b, sizeof b);
    }
    struct start_tx t = {&m, uuid, now, seq + 1, 0};
    if (db_transaction(db, start_in_tx, &t) != 0) {
        perr_set(e, PERR_INTERNAL, "%s", t.ran ? "Starting the meeting failed." : "The store is busy.");
        goto out;
    }
    *out = instance_json(&m, uuid, now, 0);
    rc = 0;
out:
    meeting_clear(&m);
    return rc;
}

static json_t *participant_json(const struct participant_row *r)
{
    json_t *o = json_pack("{s:s,s:I,s:s,s:s,s:s,s:o}", "id", r->id, "number", (json_int_t)r->number, "user_id",
                          r->user_id, "name", r->name, "email", r->email, "joined_at", time_json(r->joined_at));
    json_object_set_new(o, "left_at", r->left_at ? time_json(r->left_at) : json_null());
    json_object_set_new(o, "role", json_string(r->role ? r->role : "attendee"));
    return o;
}

/* The participant as the control API shows it, and its number. */
struct joined {
    json_t *json;
    int64_t number;
};

static void take_joined(const struct participant_row *r, void *arg)
{
    struct joined *j = arg;
    j->json = participant_json(r);
    j->number = r->number;
}

/* The participant part of joined/left events (§3.5): participant `r`, and its `time_key` at `at`. */
static json_t *event_participant(const struct participant_row *r, const char *time_key, int64_t at)
{
    const char *pid = r->id, *user_id = r->user_id, *name = r->name, *email = r->email;
    char num[24];
    snprintf(num, sizeof num, "%lld", (long long)r->number);
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

struct join_tx {
    const struct meeting *m;
    struct participant_new p;
    int64_t started_at;
    struct joined joined;
    int ran;
};

static int join_in_tx(struct db *db, void *arg)
{
    struct join_tx *t = arg;
    const struct participant_new *p = &t->p;
    t->ran = 1;
    if (!participant_store_join(db, p, take_joined, &t->joined))
        return -1;
    struct participant_row joined = {p->id, t->joined.number, p->user_id, p->name, p->email, p->joined_at, 0};
    return emit(db, t->m, "participant_joined",
                participant_event(t->m, p->instance_uuid, t->started_at,
                                  event_participant(&joined, "join_time", p->joined_at))) == 0
               ? 0
               : -1;
}

int sim_join(struct db *db, const char *meeting, const char *name, const char *email, json_t **out, struct perr *e)
{
    return sim_join_as(db, meeting, name, email, NULL, out, e);
}

/* The role a participant joins in: the host's user is the host; in a webinar a
 * panelist must be one of its panelists; everyone else attends. NULL, or why not. */
static const char *role_of(struct db *db, const struct meeting *m, const char *asked, const char *user_id,
                           const char *email)
{
    if (user_id && *user_id && strcmp(user_id, m->host_id) == 0 && (!asked || strcmp(asked, "host") == 0))
        return "host";
    if (!asked || strcmp(asked, "attendee") == 0)
        return "attendee";
    if (strcmp(asked, "panelist") == 0 && m->kind == KIND_WEBINAR && email && *email &&
        panelist_store_has(db, m->id, email))
        return "panelist";
    return NULL;
}

int sim_join_as(struct db *db, const char *meeting, const char *name, const char *email, const char *role,
                json_t **out, struct perr *e)
{
    if (role && strcmp(role, "attendee") != 0 && strcmp(role, "panelist") != 0 && strcmp(role, "host") != 0)
        perr_field(e, "role", "must be attendee, panelist or host");
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
    int64_t started_at, now = sim_time(), count = 0;
    if (!sim_store_running(db, m.id, uuid, &started_at)) {
        perr_set(e, PERR_CONFLICT, "The %s is not in progress: start it first.", kind_names[m.kind]);
        goto out;
    }
    struct user u; /* a participant whose e-mail is a plaza user joins as that user */
    if (email && *email && user_find(db, email, &u) == 1)
        memcpy(user_id, u.id, sizeof user_id);
    const char *as = role_of(db, &m, role, user_id, email);
    if (!as) {
        if (strcmp(role, "host") == 0)
            perr_field(e, "role", "host is the %s host's own role: join with the host's e-mail", kind_names[m.kind]);
        else if (m.kind != KIND_WEBINAR)
            perr_field(e, "role", "panelist is a webinar role; a meeting's participants attend");
        else
            perr_field(e, "role", "panelist needs the e-mail of one of the webinar's panelists");
        goto out;
    }
    count = participant_store_present(db, uuid);
    if (count >= PARTICIPANTS_MAX) {
        perr_set(e, PERR_LIMIT, "The %s already has %d participants.", kind_names[m.kind], PARTICIPANTS_MAX);
        goto out;
    }
    ids_new(pid);
    struct join_tx t = {&m, {pid, uuid, user_id, name, email ? email : "", now, as}, started_at, {NULL, 0}, 0};
    if (db_transaction(db, join_in_tx, &t) != 0) {
        json_decref(t.joined.json);
        perr_set(e, PERR_INTERNAL, "%s", t.ran ? "Joining failed." : "The store is busy.");
        goto out;
    }
    char audio[1024]; /* where this participant hears the meeting (sim_audio.c) */
    sim_audio_url(m.id, uuid, pid, audio, sizeof audio);
    json_object_set_new(t.joined.json, "audio_url", json_string(audio));
    *out = t.joined.json;
    rc = 0;
out:
    meeting_clear(&m);
    return rc;
}

/* The participant parts of the left events, as participants leave. */
struct left {
    json_t *events;
    int n;
};

static void add_left(const struct participant_row *r, void *arg)
{
    struct left *l = arg;
    l->n++;
    json_array_append_new(l->events, event_participant(r, "leave_time", r->left_at));
}

/* An instance of a meeting that is running: its uuid and when it started. */
struct running_instance {
    const struct meeting *m;
    const char *uuid;
    int64_t started_at;
};

/* Marks one participant (or all, pid NULL) of instance `in` as left at `now`, with events. Inside a
 * transaction. */
static int leave_all(struct db *db, const struct running_instance *in, const char *pid, int64_t now, int *changed)
{
    const struct meeting *m = in->m;
    const char *uuid = in->uuid;
    int64_t started_at = in->started_at;
    struct left l = {json_array(), 0};
    if (participant_store_leave(db, uuid, pid, now, add_left, &l) != 0) {
        json_decref(l.events);
        return -1;
    }
    *changed += l.n;
    json_t *events = l.events;
    size_t i;
    json_t *p;
    int rc = 0;
    json_array_foreach(events, i, p)
    {
        if (rc == 0)
            rc = emit(db, m, "participant_left", participant_event(m, uuid, started_at, json_incref(p)));
    }
    json_decref(events);
    return rc;
}

struct leave_tx {
    const struct meeting *m;
    const char *uuid;
    int64_t started_at;
    const char *participant_id;
    struct perr *e;
    int ran;
};

static int leave_in_tx(struct db *db, void *arg)
{
    struct leave_tx *t = arg;
    int changed = 0;
    t->ran = 1;
    struct running_instance in = {t->m, t->uuid, t->started_at};
    if (leave_all(db, &in, t->participant_id, sim_time(), &changed) != 0)
        return -1;
    if (changed == 0)
        return perr_set(t->e, PERR_NOT_FOUND, "No participant %.40s is in the %s.", t->participant_id,
                        kind_names[t->m->kind]);
    return 0;
}

int sim_leave(struct db *db, const char *meeting, const char *participant_id, struct perr *e)
{
    struct meeting m;
    if (load(db, meeting, &m, e) != 0)
        return -1;
    int rc = -1;
    char uuid[32];
    int64_t started_at;
    if (!sim_store_running(db, m.id, uuid, &started_at)) {
        perr_set(e, PERR_CONFLICT, "The %s is not in progress.", kind_names[m.kind]);
        goto out;
    }
    struct leave_tx t = {&m, uuid, started_at, participant_id, e, 0};
    if (db_transaction(db, leave_in_tx, &t) != 0) {
        if (e->kind == PERR_NONE)
            perr_set(e, PERR_INTERNAL, "%s", t.ran ? "Leaving failed." : "The store is busy.");
        goto out;
    }
    rc = 0;
out:
    meeting_clear(&m);
    return rc;
}

/* Who was there, for their audio files. */
struct people {
    struct recording_participant list[64];
    char names[64][129], emails[64][USER_EMAIL_MAX + 1];
    int n;
};

static void add_person(const char *name, const char *email, void *arg)
{
    struct people *p = arg;
    if (p->n >= 64)
        return;
    snprintf(p->names[p->n], sizeof p->names[0], "%s", name ? name : "");
    snprintf(p->emails[p->n], sizeof p->emails[0], "%s", email ? email : "");
    p->list[p->n].name = p->names[p->n];
    p->list[p->n].email = p->emails[p->n];
    p->n++;
}

/* The say and chat lines of an instance, copied, for its recording's media. */
struct media_lines {
    int64_t started_at;
    struct media_line says[MEDIA_MAX_LINES], chats[MEDIA_MAX_LINES];
    int nsays, nchats;
    int failed;
};

static void add_media_line(const struct line_row *row, void *arg)
{
    struct media_lines *l = arg;
    int say = strcmp(row->kind, "say") == 0;
    int *n = say ? &l->nsays : &l->nchats;
    if (*n >= MEDIA_MAX_LINES)
        return;
    struct media_line *m = (say ? l->says : l->chats) + *n;
    m->offset = row->at - l->started_at;
    m->name = strdup(row->name);
    m->text = strdup(row->text);
    (*n)++;
    if (!m->name || !m->text)
        l->failed = 1;
}

static void media_lines_free(struct media_lines *l)
{
    for (int i = 0; i < l->nsays; i++) {
        free((char *)l->says[i].name);
        free((char *)l->says[i].text);
    }
    for (int i = 0; i < l->nchats; i++) {
        free((char *)l->chats[i].name);
        free((char *)l->chats[i].text);
    }
}

/* Renders the recording's media before the ending transaction (encoding takes
 * a while, and needs no store): the whole, and each participant's own audio. */
static int render_media(struct db *db, const char *uuid, int64_t started_at, int64_t now, const struct people *people,
                        struct media_out *media, uint8_t **person_m4a, size_t *person_len)
{
    struct media_lines *l = calloc(1, sizeof *l);
    if (!l)
        return -1;
    l->started_at = started_at;
    line_store_list(db, uuid, add_media_line, l);
    int rc = -1;
    if (!l->failed && media_render(now - started_at, l->says, l->nsays, l->chats, l->nchats, media) == 0) {
        const char *names[MEDIA_MAX_PERSON_FILES];
        int n = people->n < MEDIA_MAX_PERSON_FILES ? people->n : MEDIA_MAX_PERSON_FILES;
        for (int i = 0; i < n; i++)
            names[i] = people->list[i].name;
        rc = media_render_people(media, l->says, l->nsays, names, n, person_m4a, person_len);
    }
    media_lines_free(l);
    free(l);
    return rc;
}

struct end_tx {
    const struct meeting *m;
    const char *uuid;
    int64_t started_at, now;
    int record;
    const struct people *people;
    const struct media_out *media;
    uint8_t *const *person_m4a;
    const size_t *person_len;
    struct perr *e;
    int ran;
};

/* 1 when `uuid` is the meeting's latest instance: the meeting's status follows it, and not an instance
 * replayed in the past before a later one. */
static int latest_instance(struct db *db, int64_t meeting_id, const char *uuid)
{
    char last[32];
    int64_t started_at, ended_at;
    return !stamp || (sim_store_last(db, meeting_id, last, &started_at, &ended_at) && strcmp(last, uuid) == 0);
}

/* Everyone leaves, the instance closes, the meeting's status follows, and the recording is made. */
static int end_in_tx(struct db *db, void *arg)
{
    struct end_tx *t = arg;
    const struct meeting *m = t->m;
    int changed = 0;
    t->ran = 1;
    /* a scheduled meeting is over once it ends; recurring ones and PMIs wait for the next time */
    const char *status = m->type == 2 || m->type == 1 || m->type == 5 ? "ended" : "waiting";
    json_t *ended = event_object(m, t->uuid, t->started_at);
    json_object_set_new(ended, "end_time", time_json(t->now));
    struct running_instance in = {m, t->uuid, t->started_at};
    if (leave_all(db, &in, NULL, t->now, &changed) != 0) {
        json_decref(ended);
        return -1;
    }
    if (sim_store_close(db, t->uuid, t->now) != 0 ||
        (latest_instance(db, m->id, t->uuid) && meeting_set_status(db, m->id, status) != 0)) {
        json_decref(ended);
        return -1;
    }
    struct recorded_instance instance = {t->uuid,          t->started_at, t->now,        t->people->list,
                                         t->people->n,     t->media,      t->person_m4a, t->person_len};
    if (emit(db, m, "ended", ended) != 0 || (t->record && recording_create(db, m, &instance, t->e) != 0))
        return -1;
    return 0;
}

int sim_end(struct db *db, const char *meeting, int record, json_t **out, struct perr *e)
{
    struct meeting m;
    if (load(db, meeting, &m, e) != 0)
        return -1;
    int rc = -1;
    char uuid[32];
    int64_t started_at, now = sim_time(), now_ms = stamp ? now * 1000 : clock_now_ms();
    if (stamp == 0)
        now = now_ms / 1000;
    if (!sim_store_running(db, m.id, uuid, &started_at)) {
        perr_set(e, PERR_CONFLICT, "The %s is not in progress.", kind_names[m.kind]);
        goto out;
    }
    if (record < 0) {
        const char *auto_rec =
            json_string_value(json_object_get(json_object_get(m.doc, "settings"), "auto_recording"));
        record = auto_rec && strcmp(auto_rec, "cloud") == 0;
    }
    /* who was there, for their audio files */
    struct people people = {.n = 0};
    participant_store_people(db, uuid, add_person, &people);

    struct media_out media = {0};
    uint8_t *person_m4a[64] = {0};
    size_t person_len[64] = {0};
    int failed = 0;
    if (record && render_media(db, uuid, started_at, now, &people, &media, person_m4a, person_len) != 0) {
        perr_set(e, PERR_INTERNAL, "Rendering the recording's media failed.");
        failed = 1;
    }
    struct end_tx t = {&m, uuid, started_at, now, record, &people, &media, person_m4a, person_len, e, 0};
    events_stamp(now_ms); /* rendering took real time: meeting.ended is when it ended */
    int ended = failed ? 0 : db_transaction(db, end_in_tx, &t);
    events_stamp(0);
    if (!failed && ended != 0) {
        failed = 1;
        if (e->kind == PERR_NONE)
            perr_set(e, PERR_INTERNAL, "%s", t.ran ? "Ending the meeting failed." : "The store is busy.");
    }
    media_free(&media);
    for (int i = 0; i < 64; i++)
        av_free(person_m4a[i]);
    if (failed)
        goto out;
    *out = instance_json(&m, uuid, started_at, now);
    json_object_set_new(*out, "recorded", json_boolean(record));
    rc = 0;
out:
    meeting_clear(&m);
    return rc;
}

int sim_past_check(struct db *db, const char *meeting, int64_t from, int64_t to, struct perr *e)
{
    struct meeting m;
    if (load(db, meeting, &m, e) != 0)
        return -1;
    char uuid[32];
    int64_t since, other_from = 0, other_to = 0;
    int rc = 0, found;
    if (strcmp(m.status, "started") == 0 || sim_store_running(db, m.id, uuid, &since)) {
        rc = perr_set(e, PERR_CONFLICT, "The %s is in progress: end it before replaying one in the past.",
                      kind_names[m.kind]);
    } else if ((found = sim_store_overlap(db, m.id, from, to, uuid, &other_from, &other_to)) < 0) {
        rc = perr_set(e, PERR_INTERNAL, "Reading the %s's instances failed.", kind_names[m.kind]);
    } else if (found) {
        char a[21], b[21];
        clock_format(other_from, a);
        clock_format(other_to, b);
        perr_set(e, PERR_CONFLICT, "The %s already has an instance in that time.", kind_names[m.kind]);
        rc = perr_field(e, "at", "the timeline overlaps the %s's instance %s from %s to %s", kind_names[m.kind], uuid,
                        a, b);
    }
    meeting_clear(&m);
    return rc;
}

int sim_status(struct db *db, const struct meeting_ref *ref, json_t *body, struct perr *e)
{
    int end = 0;
    if (meeting_status(db, ref, body, &end, e) != 0)
        return -1;
    if (!end)
        return 0;
    json_t *ended = NULL;
    int rc = sim_end(db, ref->id, -1, &ended, e);
    json_decref(ended);
    return rc;
}

static void add_participant(const struct participant_row *r, void *arg)
{
    json_array_append_new(arg, participant_json(r));
}

static json_t *line_json(const struct line_row *l)
{
    return json_pack("{s:s,s:o,s:s,s:s,s:s}", "kind", l->kind, "at", time_json(l->at), "participant_id",
                     l->participant_id, "name", l->name, "text", l->text);
}

/* The line's checks: a known kind, a text that fits and has no control characters but tabs. */
static int line_input(const struct sim_line *in, struct perr *e)
{
    if (!in->kind || (strcmp(in->kind, "say") != 0 && strcmp(in->kind, "chat") != 0))
        perr_field(e, "kind", "must be say or chat");
    if (!in->participant_id || !*in->participant_id)
        perr_field(e, "participant_id", "is required: a participant present in the meeting");
    size_t n = in->text ? strlen(in->text) : 0;
    if (n == 0 || n > SIM_LINE_MAX)
        perr_field(e, "text", "is required: 1 to %d bytes", SIM_LINE_MAX);
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)in->text[i] < 0x20 && in->text[i] != '\t') {
            perr_field(e, "text", "must be one line without control characters");
            break;
        }
    return e->kind == PERR_NONE ? 0 : -1;
}

int sim_line(struct db *db, const char *meeting, const struct sim_line *in, json_t **out, struct perr *e)
{
    if (line_input(in, e) != 0)
        return -1;
    struct meeting m;
    if (load(db, meeting, &m, e) != 0)
        return -1;
    char uuid[32], name[256];
    int64_t started_at, left_at = 0;
    int rc = -1;
    if (!sim_store_running(db, m.id, uuid, &started_at))
        perr_set(e, PERR_CONFLICT, "The %s is not in progress.", kind_names[m.kind]);
    else if (strlen(in->participant_id) >= ID_LEN ||
             !participant_store_find(db, uuid, in->participant_id, name, sizeof name, &left_at))
        perr_field(e, "participant_id", "is not a participant of this %s", kind_names[m.kind]);
    else if (left_at)
        perr_set(e, PERR_CONFLICT, "Participant %s has left the %s.", in->participant_id, kind_names[m.kind]);
    else if (line_store_count(db, uuid) >= SIM_LINES_MAX)
        perr_set(e, PERR_LIMIT, "The %s already has %d lines.", kind_names[m.kind], SIM_LINES_MAX);
    else {
        struct line_row l = {in->kind, in->participant_id, name, in->text, sim_time()};
        if (line_store_add(db, uuid, &l) != 0)
            perr_set(e, PERR_INTERNAL, "Storing the line failed.");
        else {
            *out = line_json(&l);
            rc = 0;
        }
    }
    meeting_clear(&m);
    return rc;
}

static void add_line(const struct line_row *l, void *arg) { json_array_append_new(arg, line_json(l)); }

int sim_state(struct db *db, const char *meeting, json_t **out, struct perr *e)
{
    struct meeting m;
    if (load(db, meeting, &m, e) != 0)
        return -1;
    json_t *o = json_pack("{s:I,s:s,s:s}", "meeting_id", (json_int_t)m.id, "kind", kind_names[m.kind], "status",
                          m.status);
    char uuid[32] = "";
    int64_t started_at, ended_at;
    if (sim_store_last(db, m.id, uuid, &started_at, &ended_at))
        json_object_set_new(o, "instance", instance_json(&m, uuid, started_at, ended_at));
    else
        json_object_set_new(o, "instance", json_null());
    json_t *people = json_array();
    participant_store_list(db, uuid, add_participant, people);
    json_object_set_new(o, "participants", people);
    json_t *lines = json_array();
    line_store_list(db, uuid, add_line, lines);
    json_object_set_new(o, "lines", lines);
    meeting_clear(&m);
    *out = o;
    return 0;
}
