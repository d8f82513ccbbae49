/* Past meetings and webinars (sim.h): the REST API's view of the instances the
 * simulation ended, with who took part. A meeting number names its latest
 * ended instance, a UUID (double-encoded or not) that instance; an instance
 * still running is not past. */
#include "sim/sim.h"
#include "sim/sim_store.h"
#include "api/paging.h"
#include "api/timeutil.h"
#include "core/clock.h"
#include "core/zoom_codes.h"
#include "market/market.h"

#include <stdio.h>
#include <string.h>

#define YEAR_SECONDS (365 * 86400)

/* An ended instance with its meeting (m.doc owned: meeting_clear). */
struct ended {
    struct meeting m;
    char uuid[32];
    int64_t started_at, ended_at;
};

static int not_ended(struct perr *e, enum meeting_kind kind)
{
    perr_set(e, PERR_NOT_FOUND, "%s",
             kind == KIND_WEBINAR ? "Webinar does not exist or has not ended."
                                  : "The meeting ID is invalid or the meeting has not ended.");
    e->zoom_code = ZOOM_MEETING_NOT_FOUND;
    return -1;
}

static void take_instance(const char *uuid, int64_t started_at, int64_t ended_at, void *arg)
{
    struct ended *x = arg;
    snprintf(x->uuid, sizeof x->uuid, "%s", uuid);
    x->started_at = started_at;
    x->ended_at = ended_at;
}

/* The ended instance the path names, the caller's to read (meeting_load's checks, deleted meetings
 * included: their past stays), started within the last year. */
static int find_ended(struct db *db, const struct meeting_ref *ref, struct ended *out, struct perr *e)
{
    char id[API_UUID_PARAM_MAX], number[24];
    api_uuid_param(ref->id, id);
    struct meeting_ref by_number = *ref;
    memset(out, 0, sizeof *out);
    if (meeting_number(id)) {
        by_number.id = id;
    } else {
        int64_t meeting_id;
        int found = strlen(id) < sizeof out->uuid
                        ? sim_store_instance(db, id, &meeting_id, &out->started_at, &out->ended_at)
                        : 0;
        if (found < 0)
            return perr_set(e, PERR_INTERNAL, "Reading the instance failed.");
        if (!found || !out->ended_at)
            return not_ended(e, ref->kind);
        memcpy(out->uuid, id, strlen(id) + 1); /* shorter than uuid: checked above */
        snprintf(number, sizeof number, "%lld", (long long)meeting_id);
        by_number.id = number;
    }
    if (meeting_load(db, &by_number, 1, &out->m, e) != 0) {
        if (out->uuid[0] && e->kind == PERR_NOT_FOUND) { /* another account's instance: no number told */
            *e = (struct perr){0};
            return not_ended(e, ref->kind);
        }
        return -1;
    }
    if (!out->uuid[0]) {
        if (sim_store_ended(db, out->m.id, 1, take_instance, out) != 0) {
            meeting_clear(&out->m);
            return perr_set(e, PERR_INTERNAL, "Reading the instances failed.");
        }
        if (!out->uuid[0]) {
            meeting_clear(&out->m);
            return not_ended(e, ref->kind);
        }
    }
    if (out->started_at < clock_now() - YEAR_SECONDS) {
        meeting_clear(&out->m);
        perr_set(e, PERR_INVALID, "Can not access a %s a year ago.", ref->kind == KIND_WEBINAR ? "webinar" : "meeting");
        e->zoom_code = ZOOM_PAST_TOO_OLD;
        return -1;
    }
    return 0;
}

/* Reports are for paid plans only: 0, or -1 with Zoom's refusal. */
static int paid(struct db *db, const char *account_id, struct perr *e)
{
    int is_paid = account_paid(db, account_id, e);
    if (is_paid < 0)
        return -1;
    if (!is_paid) { /* Zoom: a Pro plan or higher */
        perr_set(e, PERR_INVALID, "Only available for paid account: %s.", account_id);
        e->zoom_code = ZOOM_NO_PERMISSION;
        return -1;
    }
    return 0;
}

int past_meeting_get(struct db *db, const struct meeting_ref *ref, int report, json_t **out, struct perr *e)
{
    struct ended x;
    if (find_ended(db, ref, &x, e) != 0)
        return -1;
    if (report && paid(db, x.m.account_id, e) != 0) {
        meeting_clear(&x.m);
        return -1;
    }
    struct user host;
    int64_t count = 0, seconds = 0;
    if (user_find(db, x.m.host_id, &host) != 1 ||
        participant_store_totals(db, x.uuid, x.ended_at, &count, &seconds) != 0) {
        meeting_clear(&x.m);
        return perr_set(e, PERR_INTERNAL, "Reading the past meeting failed.");
    }
    const char *topic = json_string_value(json_object_get(x.m.doc, "topic"));
    char name[sizeof host.first_name + sizeof host.last_name + 1];
    snprintf(name, sizeof name, "%s%s%s", host.first_name, host.first_name[0] && host.last_name[0] ? " " : "",
             host.last_name);
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(x.m.id));
    json_object_set_new(o, "uuid", json_string(x.uuid));
    json_object_set_new(o, "duration", json_integer((x.ended_at - x.started_at + 59) / 60));
    json_object_set_new(o, "start_time", time_json(x.started_at));
    json_object_set_new(o, "end_time", time_json(x.ended_at));
    if (!report)
        json_object_set_new(o, "host_id", json_string(x.m.host_id));
    json_object_set_new(o, "dept", json_string(host.dept));
    json_object_set_new(o, "participants_count", json_integer(count));
    if (!report)
        json_object_set_new(o, "source", json_string("Zoom"));
    json_object_set_new(o, "topic", json_string(topic ? topic : ""));
    json_object_set_new(o, "total_minutes", json_integer((seconds + 59) / 60));
    json_object_set_new(o, "type", json_integer(x.m.type));
    json_object_set_new(o, "user_email", json_string(host.email));
    json_object_set_new(o, "user_name", json_string(name));
    if (report) {
        json_t *tracking = json_object_get(x.m.doc, "tracking_fields");
        json_object_set_new(o, "custom_keys", json_array());
        json_object_set_new(o, "tracking_fields", json_is_array(tracking) ? json_deep_copy(tracking) : json_array());
    }
    meeting_clear(&x.m);
    *out = o;
    return 0;
}

static void add_instance(const char *uuid, int64_t started_at, int64_t ended_at, void *arg)
{
    (void)ended_at;
    json_array_append_new(arg, json_pack("{s:s,s:o}", "uuid", uuid, "start_time", time_json(started_at)));
}

int past_instances(struct db *db, const struct meeting_ref *ref, json_t **out, struct perr *e)
{
    struct meeting m;
    if (!meeting_number(ref->id)) { /* the path takes the number only */
        perr_set(e, PERR_NOT_FOUND, "%s %.30s does not exist.", ref->kind == KIND_WEBINAR ? "Webinar" : "Meeting",
                 ref->id);
        e->zoom_code = ZOOM_MEETING_NOT_FOUND;
        return -1;
    }
    if (meeting_load(db, ref, 1, &m, e) != 0)
        return -1;
    json_t *list = json_array();
    int rc = sim_store_ended(db, m.id, PAST_INSTANCES_MAX, add_instance, list);
    meeting_clear(&m);
    if (rc != 0) {
        json_decref(list);
        return perr_set(e, PERR_INTERNAL, "Reading the instances failed.");
    }
    *out = json_pack("{s:o}", ref->kind == KIND_WEBINAR ? "webinars" : "meetings", list);
    return 0;
}

/* A page of participants as they are read. */
struct participant_items {
    struct db *db;
    const char *account_id;
    int report;
    json_t *items;
    int size, n, more;
    int64_t last;
};

static void add_participant(const struct participant_row *r, void *arg)
{
    struct participant_items *p = arg;
    if (p->n == p->size) {
        p->more = 1;
        return;
    }
    /* Zoom's e-mail display rule: only users of the host's account show theirs */
    struct user u;
    int ours = r->user_id[0] && user_find(p->db, r->user_id, &u) == 1 && strcmp(u.account_id, p->account_id) == 0;
    char number[24];
    snprintf(number, sizeof number, "%lld", (long long)r->number);
    json_t *o = json_object();
    json_object_set_new(o, "id", json_string(r->user_id));
    if (p->report)
        json_object_set_new(o, "participant_user_id", json_string(r->user_id));
    json_object_set_new(o, "name", json_string(r->name));
    json_object_set_new(o, "user_id", json_string(number));
    json_object_set_new(o, "user_email", json_string(ours ? r->email : ""));
    json_object_set_new(o, "join_time", time_json(r->joined_at));
    json_object_set_new(o, "leave_time", time_json(r->left_at));
    json_object_set_new(o, "duration", json_integer(r->left_at - r->joined_at));
    json_object_set_new(o, "failover", json_false());
    json_object_set_new(o, "status", json_string("in_meeting"));
    json_array_append_new(p->items, o);
    p->last = r->number;
    p->n++;
}

int past_participants(struct db *db, const struct meeting_ref *ref, const struct past_query *q, int report,
                      json_t **out, struct perr *e)
{
    struct page_query page;
    if (page_parse(q->page_size, NULL, q->next_page_token, &page, e) != 0)
        return -1;
    struct ended x;
    if (find_ended(db, ref, &x, e) != 0)
        return -1;
    int rc = -1;
    int64_t after = 0, count = 0, seconds = 0;
    char k2[65];
    if (paid(db, x.m.account_id, e) != 0)
        goto out;
    /* the token names its instance: another instance's is no token here */
    if (page.token && page_token_read(page.token, "past-participants", &after, k2, e) != 0)
        goto out;
    if (page.token && strcmp(k2, x.uuid) != 0) {
        perr_set(e, PERR_INVALID, "The next page token is invalid or expired.");
        e->zoom_code = ZOOM_VALIDATION_FAILED;
        goto out;
    }
    if (participant_store_totals(db, x.uuid, x.ended_at, &count, &seconds) != 0) {
        perr_set(e, PERR_INTERNAL, "Reading the participants failed.");
        goto out;
    }
    struct participant_items p = {db, x.m.account_id, report, json_array(), page.size, 0, 0, 0};
    /* Zoom: "the API doesn't return results if there's only one participant in a meeting" */
    if (count > 1 && participant_store_page(db, x.uuid, after, page.size + 1, add_participant, &p) != 0) {
        json_decref(p.items);
        perr_set(e, PERR_INTERNAL, "Reading the participants failed.");
        goto out;
    }
    if (count <= 1)
        count = 0;
    char next[PAGE_TOKEN_MAX] = "";
    if (p.more)
        page_token_make("past-participants", p.last, x.uuid, next);
    json_t *o = json_object();
    page_members(o, next, &page, count, 0);
    json_object_set_new(o, "participants", p.items);
    *out = o;
    rc = 0;
out:
    meeting_clear(&x.m);
    return rc;
}
