/* What a meeting answers, rendered with each change and kept in meeting_texts
 * (migration 16): its list item, split around its join URL's origin, and its
 * object, with marks where each request puts in the host's e-mail, the status,
 * the start URL (a fresh ZAK) and the join URL's origin. A page of meetings and
 * a GET then copy text instead of parsing and rendering documents; meetings
 * without texts (written before) take the rendering path. */
#include "api/meetings_internal.h"
#include "api/meetings_store.h"
#include "core/urls.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int meeting_text_add(struct meeting_text *t, const char *s, size_t n)
{
    if (t->n + n + 1 > t->cap) {
        size_t cap = t->cap ? t->cap : 4096;
        while (cap < t->n + n + 1)
            cap *= 2;
        char *grown = realloc(t->s, cap);
        if (!grown)
            return 1;
        t->s = grown;
        t->cap = cap;
    }
    memcpy(t->s + t->n, s, n);
    t->n += n;
    t->s[t->n] = '\0';
    return 0;
}

json_t *meeting_summary(const struct meeting *m)
{
    json_t *o = json_object();
    json_object_set_new(o, "uuid", json_string(m->uuid));
    json_object_set_new(o, "id", json_integer(m->id));
    json_object_set_new(o, "host_id", json_string(m->host_id));
    meeting_copy_member(o, m->doc, "topic");
    json_object_set_new(o, "type", json_integer(m->type));
    meeting_copy_member(o, m->doc, "start_time");
    meeting_copy_member(o, m->doc, "duration");
    meeting_copy_member(o, m->doc, "timezone");
    meeting_copy_member(o, m->doc, "agenda");
    json_object_set_new(o, "created_at", time_json(m->created_at));
    json_object_set_new(o, "join_url", meeting_join_url(m));
    if (m->kind == KIND_WEBINAR)
        json_object_set_new(o, "is_simulive", json_false());
    return o;
}

int meeting_item_text(const struct meeting *m, char **head, char **tail)
{
    /* the item with \x01 standing for the origin: jansson writes it "\u0001", and an unescaped
     * `"join_url":"` occurs only where the key is */
    static const char mark[] = "\"join_url\":\"\\u0001";
    char path[600], marked[608];
    meeting_join_path(m, path, sizeof path);
    snprintf(marked, sizeof marked, "\x01%s", path);
    json_t *o = meeting_summary(m);
    json_object_set_new(o, "join_url", json_string(marked));
    char *text = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    char *at = text ? strstr(text, mark) : NULL;
    *head = *tail = NULL;
    if (at) {
        size_t keep = (size_t)(at - text) + sizeof mark - 1 - 6; /* through `"join_url":"` */
        *head = strndup(text, keep);
        *tail = strdup(at + sizeof mark - 1);
    }
    free(text);
    if (!*head || !*tail) {
        free(*head);
        free(*tail);
        *head = *tail = NULL;
        return -1;
    }
    return 0;
}

char *meeting_object_text(const struct meeting *m)
{
    json_t *o = meeting_object_build(NULL, m, NULL, 1);
    char *text = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    return text;
}

/* The marks of a stored object, in the order they occur: the members before them hold no unescaped quote
 * (strings are escaped), so the first match of each is the top-level member. */
static const struct {
    const char *mark;
    int whole; /* the mark is the whole value (else the value's start: the join URL's origin) */
} object_marks[] = {
    {"\"host_email\":\"\\u0001\"", 1},
    {"\"status\":\"\\u0001\"", 1},
    {"\"start_url\":\"\\u0001\"", 1},
    {"\"join_url\":\"\\u0001", 0},
};

/* A string value as JSON writes it, without its quotes; NULL when out of memory. */
static char *json_escaped(const char *s)
{
    json_t *v = json_string(s);
    char *text = v ? json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY) : NULL;
    json_decref(v);
    if (text) {
        size_t n = strlen(text);
        memmove(text, text + 1, n - 2);
        text[n - 2] = '\0';
    }
    return text;
}

/* The stored object with this request's values put in; NULL when a mark is missing or out of memory. */
static char *object_fill(struct db *db, const char *stored, const struct meeting *m, size_t *len)
{
    struct user host;
    json_t *start = meeting_start_url(m);
    const char *raw[] = {user_find(db, m->host_id, &host) == 1 ? host.email : "",
                         strcmp(m->status, "started") == 0 ? "started" : "waiting", json_string_value(start),
                         urls_web()};
    struct meeting_text out = {0};
    size_t at = 0;
    int failed = !raw[2];
    for (size_t i = 0; i < sizeof object_marks / sizeof object_marks[0] && !failed; i++) {
        if (i == 1 && m->kind != KIND_MEETING)
            continue; /* webinars have no status */
        const char *mark = object_marks[i].mark, *hit = strstr(stored + at, mark);
        char *value = hit ? json_escaped(raw[i]) : NULL;
        size_t ml = strlen(mark), keep = hit ? (size_t)(hit - stored) - at + ml - (object_marks[i].whole ? 7 : 6) : 0;
        failed = !value || meeting_text_add(&out, stored + at, keep) || meeting_text_add(&out, value, strlen(value)) ||
                 (object_marks[i].whole && meeting_text_add(&out, "\"", 1));
        free(value);
        at = hit ? (size_t)(hit - stored) + ml : at;
    }
    json_decref(start);
    if (failed || meeting_text_add(&out, stored + at, strlen(stored + at))) {
        free(out.s);
        return NULL;
    }
    *len = out.n;
    return out.s;
}

int meeting_get_stored(struct db *db, const struct meeting_ref *ref, char **out, size_t *len, struct perr *e)
{
    const struct api_caller *c = ref->caller;
    int admin = ref->admin;
    enum meeting_kind kind = ref->kind;
    const char *id = ref->id;
    struct meeting_stored row;
    int found = meeting_store_get_stored(db, meeting_number(id), id, &row);
    if (found <= 0)
        return found == 0 ? 0 : perr_set(e, PERR_INTERNAL, "Reading the meeting failed."); /* 0: meeting_load answers */
    struct meeting m = {0};
    m.id = row.id;
    m.kind = row.kind;
    memcpy(m.account_id, row.account_id, sizeof m.account_id);
    memcpy(m.host_id, row.host_id, sizeof m.host_id);
    memcpy(m.status, row.status, sizeof m.status);
    int usable = row.object_text && m.kind == kind && strcmp(m.account_id, c->account_id) == 0 && !row.deleted &&
                 (admin || strcmp(m.host_id, c->user_id) == 0);
    if (!usable) {
        free(row.object_text);
        return 0; /* refusals are meeting_load's, in its words */
    }
    *out = object_fill(db, row.object_text, &m, len);
    free(row.object_text);
    return *out ? 1 : 0;
}

int meeting_texts_store(struct db *db, const struct meeting *m)
{
    char *head = NULL, *tail = NULL, *object = meeting_object_text(m);
    int rc = object && meeting_item_text(m, &head, &tail) == 0
                 ? meeting_store_put_texts(db, m->id, head, tail, object)
                 : -1;
    free(head);
    free(tail);
    free(object);
    return rc;
}
