/* Registrants of meetings and webinars, and webinar panelists (zoom-wire
 * §2.8–§2.9). Registration exists only when the meeting's approval_type is 0
 * (automatic) or 1 (manual); the status endpoint approves, denies or cancels. */
#include "api/api.h"
#include "api/timeutil.h"
#include "core/zoom_codes.h"
#include "api/paging.h"
#include "api/request_schema.h"
#include "core/urls.h"
#include "core/clock.h"
#include "core/config.h"
#include "core/db.h"
#include "api/registrants_store.h"
#include "events/events.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STATUS_BATCH_MAX 30 /* registrants per status call */
#define PANELISTS_MAX 100   /* per webinar */
#define PANELIST_BATCH_MAX 30

static const char *const kind_names[] = {"meeting", "webinar"};

static int zoom_error(struct perr *e, int code, const char *fmt, const char *arg)
{
    perr_set(e, PERR_INVALID, fmt, arg);
    e->zoom_code = code;
    return -1;
}

static int approval_type(const struct meeting *m)
{
    json_t *v = json_object_get(json_object_get(m->doc, "settings"), "approval_type");
    return json_is_integer(v) ? (int)json_integer_value(v) : 2;
}

static json_t *registrant_join_url(const struct meeting *m, const char *registrant_id)
{
    char url[600];
    snprintf(url, sizeof url, "%s/%s/%lld?tk=%s", urls_web(), m->kind == KIND_WEBINAR ? "w" : "j",
             (long long)m->id, registrant_id);
    return json_string(url);
}

/* Fields of a registrant besides names and e-mail, in Zoom's order. */
static const char *const extra_fields[] = {"address", "city", "country", "zip", "state", "phone", "industry", "org",
                                           "job_title", "purchasing_time_frame", "role_in_purchase_process",
                                           "no_of_employees", "comments", NULL};

static json_t *registrant_object(const struct meeting *m, const char *id, const char *status, json_t *doc,
                                 int64_t create_time)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_string(id));
    json_object_set(o, "email", json_object_get(doc, "email"));
    json_object_set(o, "first_name", json_object_get(doc, "first_name"));
    json_t *last = json_object_get(doc, "last_name");
    json_object_set_new(o, "last_name", last ? json_incref(last) : json_string(""));
    for (const char *const *f = extra_fields; *f; f++) {
        json_t *v = json_object_get(doc, *f);
        json_object_set_new(o, *f, v ? json_incref(v) : json_string(""));
    }
    json_t *cq = json_object_get(doc, "custom_questions");
    json_object_set_new(o, "custom_questions", cq ? json_incref(cq) : json_array());
    json_object_set_new(o, "status", json_string(status));
    json_object_set_new(o, "create_time", time_json(create_time));
    json_object_set_new(o, "join_url", registrant_join_url(m, id));
    json_object_set(o, "participant_pin_code", json_object_get(doc, "participant_pin_code"));
    return o;
}

static json_t *event_meeting_object(const struct meeting *m)
{
    json_t *o = json_object();
    json_object_set_new(o, "uuid", json_string(m->uuid));
    json_object_set_new(o, "id", json_integer(m->id));
    json_object_set_new(o, "host_id", json_string(m->host_id));
    static const char *const fields[] = {"topic", "start_time", "duration", "timezone", "occurrences", NULL};
    json_object_set_new(o, "type", json_integer(m->type));
    for (const char *const *f = fields; *f; f++)
        if (json_object_get(m->doc, *f))
            json_object_set(o, *f, json_object_get(m->doc, *f));
    return o;
}

static int emit_registrant(struct db *db, const struct meeting *m, const char *what, json_t *registrant)
{
    char event[48];
    snprintf(event, sizeof event, "%s.registration_%s", kind_names[m->kind], what);
    json_t *object = event_meeting_object(m);
    json_object_set_new(object, "registrant", registrant);
    return events_emit(db, m->account_id, NULL, event,
                       json_pack("{s:s,s:o}", "account_id", m->account_id, "object", object));
}

/* 1 when `id` is one of the comma-separated ids of `list`. */
static int listed(const char *list, const char *id)
{
    size_t n = strlen(id);
    for (const char *p = list; *p;) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len == n && strncmp(p, id, n) == 0)
            return 1;
        if (!end)
            break;
        p = end + 1;
    }
    return 0;
}

static int load_registrable(struct db *db, const struct meeting_ref *ref, struct meeting *m, struct perr *e)
{
    if (meeting_load(db, ref, 0, m, e) != 0)
        return -1;
    if (approval_type(m) == 2) {
        meeting_clear(m);
        return zoom_error(e, ZOOM_MEETING_REFUSED,
                          ref->kind == KIND_WEBINAR ? "This webinar does not have registration as required: %.30s."
                                               : "This meeting does not have registration as required: %.30s.",
                          ref->id);
    }
    return 0;
}

struct register_tx {
    const struct meeting *m;
    struct registrant_new r;
    json_t *doc;
    int ran;
};

static int register_in_tx(struct db *db, void *arg)
{
    struct register_tx *t = arg;
    t->ran = 1;
    if (registrant_store_insert(db, &t->r) != 0)
        return -1;
    return emit_registrant(db, t->m, "created",
                           registrant_object(t->m, t->r.id, t->r.status, t->doc, t->r.create_time));
}

int registrant_create(struct db *db, const struct meeting_ref *ref, const char *occurrence_ids, json_t *body,
                      json_t **out, struct perr *e)
{
    enum meeting_kind kind = ref->kind;
    const json_t *schema = schema_of(kind == KIND_WEBINAR ? "webinarRegistrantCreate" : "meetingRegistrantCreate");
    if (schema && schema_validate(schema, body, e) != 0)
        return -1;
    const char *email_in = json_string_value(json_object_get(body, "email"));
    if (!email_in || !*email_in) { /* the schema requires it; keep the check local too */
        perr_field(e, "email", "is required");
        e->zoom_code = ZOOM_VALIDATION_FAILED;
        return -1;
    }
    struct meeting m;
    if (load_registrable(db, ref, &m, e) != 0)
        return -1;
    int rc = -1;
    char email[USER_EMAIL_MAX + 1];
    snprintf(email, sizeof email, "%s", email_in);
    for (char *p = email; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
    struct user host;
    if (strcmp(m.status, "ended") == 0 && kind == KIND_WEBINAR) {
        zoom_error(e, ZOOM_WEBINAR_OVER, "Webinar is over, you cannot register now. If you have any questions, contact the webinar "
                            "host.%s",
                   "");
        goto out;
    }
    if (user_find(db, m.host_id, &host) == 1 && strcmp(host.email, email) == 0) {
        zoom_error(e, ZOOM_HOST_CANNOT_REGISTER, "Host cannot register.%s", "");
        goto out;
    }

    /* the same e-mail registering again gets its existing registration back */
    char rid[ID_LEN] = "";
    json_t *doc = NULL;
    registrant_store_find(db, m.id, email, rid, &doc);

    if (!doc) {
        doc = json_deep_copy(body);
        json_object_set_new(doc, "email", json_string(email));
        json_object_del(doc, "auto_approve");
        uint32_t pin;
        crypto_random(&pin, sizeof pin);
        json_object_set_new(doc, "participant_pin_code", json_integer(100000 + pin % 900000));
        ids_new(rid);
        int manual = approval_type(&m) == 1 && !json_is_true(json_object_get(body, "auto_approve"));
        const char *status = manual ? "pending" : "approved";
        char *text = json_dumps(doc, JSON_COMPACT);
        int64_t now = clock_now();
        if (!text) {
            perr_set(e, PERR_INTERNAL, "The store is busy.");
            goto out_doc;
        }
        struct register_tx t = {&m, {rid, m.id, email, status, text, now}, doc, 0};
        int stored = db_transaction(db, register_in_tx, &t);
        free(text);
        if (stored != 0) {
            perr_set(e, PERR_INTERNAL, "%s", t.ran ? "Storing the registrant failed." : "The store is busy.");
            goto out_doc;
        }
    }

    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(m.id));
    json_object_set_new(o, "join_url", registrant_join_url(&m, rid));
    json_object_set_new(o, "registrant_id", json_string(rid));
    if (json_object_get(m.doc, "start_time"))
        json_object_set(o, "start_time", json_object_get(m.doc, "start_time"));
    json_object_set(o, "topic", json_object_get(m.doc, "topic"));
    json_t *occ = json_object_get(m.doc, "occurrences");
    if (occ) {
        json_t *picked = json_array(), *x;
        size_t i;
        json_array_foreach(occ, i, x)
        {
            const char *oid = json_string_value(json_object_get(x, "occurrence_id"));
            if (!occurrence_ids || (oid && listed(occurrence_ids, oid)))
                json_array_append(picked, x);
        }
        json_object_set_new(o, "occurrences", picked);
    }
    json_object_set(o, "participant_pin_code", json_object_get(doc, "participant_pin_code"));
    *out = o;
    rc = 0;
out_doc:
    json_decref(doc);
out:
    meeting_clear(&m);
    return rc;
}

/* A page of registrants as they are read. */
struct registrant_items {
    const struct meeting *m;
    json_t *items;
    int size, n, more;
    int64_t last;
};

static int add_registrant(const struct registrant_row *row, void *arg)
{
    struct registrant_items *p = arg;
    if (p->n == p->size) {
        p->more = 1;
        return 1;
    }
    json_t *doc = json_loads(row->doc, 0, NULL);
    if (!doc)
        return 0;
    json_array_append_new(p->items, registrant_object(p->m, row->id, row->status, doc, row->create_time));
    json_decref(doc);
    p->last = row->seq;
    p->n++;
    return 0;
}

int registrant_list(struct db *db, const struct meeting_ref *ref, const struct registrant_list_query *q, json_t **out,
                    struct perr *e)
{
    const char *status = q->status;
    if (!status || !*status)
        status = "approved";
    if (strcmp(status, "approved") != 0 && strcmp(status, "pending") != 0 && strcmp(status, "denied") != 0) {
        perr_field(e, "status", "must be pending, approved or denied");
        e->zoom_code = ZOOM_VALIDATION_FAILED;
        return -1;
    }
    struct page_query page;
    if (page_parse(q->page_size, q->page_number, q->next_page_token, &page, e) != 0)
        return -1;
    struct meeting m;
    if (load_registrable(db, ref, &m, e) != 0)
        return -1;
    char list[48];
    snprintf(list, sizeof list, "reg-%lld-%s", (long long)m.id, status);
    int64_t after = 0;
    char k2[65];
    if (page.token && page_token_read(page.token, list, &after, k2, e) != 0) {
        meeting_clear(&m);
        return -1;
    }
    int64_t total = registrant_store_count(db, m.id, status);
    int64_t offset = !page.token && page.number > 1 ? (int64_t)(page.number - 1) * page.size : 0;
    struct registrant_page rows = {m.id, status, after, (int64_t)page.size + 1, offset};
    struct registrant_items p = {&m, json_array(), page.size, 0, 0, 0};
    registrant_store_page(db, &rows, add_registrant, &p);
    json_t *items = p.items;
    char next[PAGE_TOKEN_MAX] = "";
    if (p.more)
        page_token_make(list, p.last, "", next);
    json_t *o = json_object();
    page_members(o, next, &page, total, 1);
    json_object_set_new(o, "registrants", items);
    *out = o;
    meeting_clear(&m);
    return 0;
}

struct status_tx {
    struct db *db;
    const struct meeting *m;
    const json_t *list;
    struct registrant_status_change change;
    const char *what; /* the event: registration_approved, _denied or _cancelled */
    int failed, ran;
};

static void emit_changed(const struct registrant_row *row, void *arg)
{
    struct status_tx *t = arg;
    json_t *doc = json_loads(row->doc, 0, NULL);
    if (doc) {
        t->failed |= emit_registrant(t->db, t->m, t->what, registrant_object(t->m, row->id, row->status, doc,
                                                                          row->create_time));
        json_decref(doc);
    }
}

/* Changes each listed registrant (or, with no list, every one it can), with an event each. */
static int status_in_tx(struct db *db, void *arg)
{
    struct status_tx *t = arg;
    t->db = db;
    t->ran = 1;
    size_t n = t->list ? json_array_size(t->list) : 0;
    for (size_t i = 0; i < n; i++) {
        json_t *item = json_array_get(t->list, i);
        const char *rid = json_string_value(json_object_get(item, "id"));
        const char *email = json_string_value(json_object_get(item, "email"));
        t->change.id = rid ? rid : "";
        t->change.email = email ? email : "";
        registrant_store_set_status(db, &t->change, emit_changed, t);
    }
    if (n == 0) { /* no list: the action applies to every registrant it can */
        t->change.every = 1;
        registrant_store_set_status(db, &t->change, emit_changed, t);
    }
    return t->failed ? -1 : 0;
}

int registrant_status(struct db *db, const struct meeting_ref *ref, json_t *body, struct perr *e)
{
    const json_t *schema = schema_of(ref->kind == KIND_WEBINAR ? "webinarRegistrantStatus" : "meetingRegistrantStatus");
    if (schema && schema_validate(schema, body, e) != 0)
        return -1;
    const char *action = json_string_value(json_object_get(body, "action"));
    json_t *list = json_object_get(body, "registrants");
    if (!action || (strcmp(action, "approve") != 0 && strcmp(action, "deny") != 0 && strcmp(action, "cancel") != 0))
        perr_field(e, "action", "must be approve, deny or cancel");
    if (list && (!json_is_array(list) || json_array_size(list) > STATUS_BATCH_MAX))
        perr_field(e, "registrants", "must be an array of at most %d registrants", STATUS_BATCH_MAX);
    if (e->kind != PERR_NONE) {
        e->zoom_code = ZOOM_VALIDATION_FAILED;
        return -1;
    }
    struct meeting m;
    if (load_registrable(db, ref, &m, e) != 0)
        return -1;
    /* approve: pending or denied become approved; deny: pending become denied;
     * cancel: approved become denied (the registration is withdrawn) */
    const char *to = strcmp(action, "approve") == 0 ? "approved" : "denied";
    const char *from_a = strcmp(action, "approve") == 0 ? "pending" : strcmp(action, "deny") == 0 ? "pending"
                                                                                                   : "approved";
    const char *from_b = strcmp(action, "approve") == 0 ? "denied" : from_a;
    const char *what = strcmp(action, "approve") == 0 ? "approved" : strcmp(action, "deny") == 0 ? "denied"
                                                                                                  : "cancelled";
    int rc = -1;
    struct status_tx t = {db, &m, list, {m.id, to, from_a, from_b, 0, "", ""}, what, 0, 0};
    if (db_transaction(db, status_in_tx, &t) != 0) {
        perr_set(e, PERR_INTERNAL, "%s", t.ran ? "Committing the status failed." : "The store is busy.");
        goto out;
    }
    rc = 0;
out:
    meeting_clear(&m);
    return rc;
}

/* ---- panelists -------------------------------------------------------------- */

static const char *const panelist_fields[] = {"virtual_background_id", "name_tag_id", "name_tag_name",
                                              "name_tag_pronouns", "name_tag_description", NULL};

struct panelist_items {
    const struct meeting *m;
    json_t *items;
};

static void add_panelist(const char *id, const char *text, void *arg)
{
    struct panelist_items *p = arg;
    json_t *doc = json_loads(text, 0, NULL);
    if (!doc)
        return;
    json_t *o = json_object();
    json_object_set_new(o, "id", json_string(id));
    json_object_set(o, "email", json_object_get(doc, "email"));
    json_object_set(o, "name", json_object_get(doc, "name"));
    json_object_set_new(o, "join_url", registrant_join_url(p->m, id));
    for (const char *const *f = panelist_fields; *f; f++) {
        json_t *v = json_object_get(doc, *f);
        json_object_set_new(o, *f, v ? json_incref(v) : json_string(""));
    }
    json_array_append_new(p->items, o);
    json_decref(doc);
}

int panelist_list(struct db *db, const struct meeting_ref *webinar_in, json_t **out, struct perr *e)
{
    struct meeting_ref webinar = *webinar_in;
    webinar.kind = KIND_WEBINAR;
    struct meeting m;
    if (meeting_load(db, &webinar, 0, &m, e) != 0)
        return -1;
    struct panelist_items p = {&m, json_array()};
    panelist_store_list(db, m.id, add_panelist, &p);
    json_t *items = p.items;
    *out = json_pack("{s:o,s:I}", "panelists", items, "total_records", (json_int_t)json_array_size(items));
    meeting_clear(&m);
    return 0;
}

struct panelists_tx {
    const json_t *list;
    int64_t webinar_id, now;
    int ran, failed;
};

/* Adds each panelist of the list (an e-mail already there gets the new document). */
static int panelists_in_tx(struct db *db, void *arg)
{
    struct panelists_tx *t = arg;
    t->ran = 1;
    size_t i;
    json_t *p;
    json_array_foreach(t->list, i, p)
    {
        char pid[ID_LEN], email[USER_EMAIL_MAX + 1];
        ids_new(pid);
        snprintf(email, sizeof email, "%s", json_string_value(json_object_get(p, "email")));
        for (char *q = email; *q; q++)
            if (*q >= 'A' && *q <= 'Z')
                *q = (char)(*q - 'A' + 'a');
        json_t *doc = json_deep_copy(p);
        json_object_set_new(doc, "email", json_string(email));
        char *text = json_dumps(doc, JSON_COMPACT);
        json_decref(doc);
        int r = text ? panelist_store_put(db, pid, t->webinar_id, email, text, t->now) : -1;
        free(text);
        if (r != 0) {
            t->failed = 1;
            return -1;
        }
    }
    return 0;
}

int panelist_add(struct db *db, const struct meeting_ref *webinar_in, json_t *body, json_t **out, struct perr *e)
{
    const json_t *schema = schema_of("webinarPanelistCreate");
    if (schema && schema_validate(schema, body, e) != 0)
        return -1;
    json_t *list = json_object_get(body, "panelists");
    if (!json_is_array(list) || json_array_size(list) == 0 || json_array_size(list) > PANELIST_BATCH_MAX) {
        perr_field(e, "panelists", "must be an array of 1 to %d panelists", PANELIST_BATCH_MAX);
        e->zoom_code = ZOOM_VALIDATION_FAILED;
        return -1;
    }
    size_t i;
    json_t *p;
    json_array_foreach(list, i, p)
    {
        char f[48];
        snprintf(f, sizeof f, "panelists[%zu]", i);
        if (!json_is_string(json_object_get(p, "email")) || !json_is_string(json_object_get(p, "name")))
            perr_field(e, f, "needs a name and an email");
    }
    if (e->kind != PERR_NONE) {
        e->zoom_code = ZOOM_VALIDATION_FAILED;
        return -1;
    }
    struct meeting_ref webinar = *webinar_in;
    webinar.kind = KIND_WEBINAR;
    struct meeting m;
    if (meeting_load(db, &webinar, 0, &m, e) != 0)
        return -1;
    int rc = -1;
    int64_t count = panelist_store_count(db, m.id), now = clock_now();
    if (count + (int64_t)json_array_size(list) > PANELISTS_MAX) {
        zoom_error(e, ZOOM_MEETING_REFUSED, "You have reached the limit for the number of panelists you can add. Contact Zoom "
                            "Support for more information.%s",
                   "");
        goto out;
    }
    struct panelists_tx t = {list, m.id, now, 0};
    if (db_transaction(db, panelists_in_tx, &t) != 0) {
        perr_set(e, PERR_INTERNAL, "%s",
                 !t.ran ? "The store is busy."
                 : t.failed ? "Storing the panelist failed." : "Committing the panelists failed.");
        goto out;
    }
    char idtext[24];
    snprintf(idtext, sizeof idtext, "%lld", (long long)m.id);
    *out = json_pack("{s:s,s:o}", "id", idtext, "updated_at", time_json(now));
    rc = 0;
out:
    meeting_clear(&m);
    return rc;
}

int panelist_remove(struct db *db, const struct meeting_ref *webinar_in, const char *panelist_id, struct perr *e)
{
    struct meeting_ref webinar = *webinar_in;
    webinar.kind = KIND_WEBINAR;
    struct meeting m;
    if (meeting_load(db, &webinar, 0, &m, e) != 0)
        return -1;
    int64_t removed = panelist_store_remove(db, m.id, panelist_id);
    meeting_clear(&m);
    if (removed < 0)
        return perr_set(e, PERR_INTERNAL, "Removing panelists failed.");
    if (panelist_id && removed == 0) {
        perr_set(e, PERR_NOT_FOUND, "Panelist %.40s does not exist.", panelist_id);
        e->zoom_code = ZOOM_MEETING_NOT_FOUND;
        return -1;
    }
    return 0;
}
