/* Listing a host's meetings or webinars (zoom-wire §2.4, §2.8): Zoom's list
 * types, keyset pages under signed tokens, total_records and page_count. */
#include "api/meetings_internal.h"
#include "core/zoom_codes.h"
#include "core/urls.h"
#include "api/paging.h"
#include "core/clock.h"
#include "api/meetings_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const kind_names[] = {"meeting", "webinar"};

/* A page's items as they are read: each copied as stored, with the origin of
 * its join URL put in, with no allocation of its own. */
struct page_items {
    struct db *db;
    struct meeting_text items;
    const char *origin; /* the escaped origin, without its quotes */
    size_t origin_len;
    int size, n, more, failed;
    int64_t last_id, last_start;
};

static int add_item(const struct meeting_list_row *row, void *arg)
{
    struct page_items *p = arg;
    if (p->n == p->size) {
        p->more = 1;
        return 1;
    }
    if (p->n > 0)
        p->failed |= meeting_text_add(&p->items, ",", 1);
    if (row->item_head) {
        p->failed |= meeting_text_add(&p->items, row->item_head, strlen(row->item_head)) |
                     meeting_text_add(&p->items, p->origin, p->origin_len);
        p->failed |= meeting_text_add(&p->items, row->item_tail, strlen(row->item_tail));
    } else { /* written before migration 16: rendered here */
        struct meeting m;
        char id[24];
        snprintf(id, sizeof id, "%lld", (long long)row->id);
        int ok = meeting_find(p->db, id, &m) == 1;
        json_t *item = ok ? meeting_summary(&m) : NULL;
        char *one = item ? json_dumps(item, JSON_COMPACT) : NULL;
        p->failed |= !one || meeting_text_add(&p->items, one, strlen(one));
        free(one);
        json_decref(item);
        meeting_clear(&m);
    }
    p->last_id = row->id;
    p->last_start = row->start_time;
    p->n++;
    return p->failed;
}

/* ---- listing ---------------------------------------------------------------- */

static int day_start(const char *s, int64_t *out)
{
    struct tm tm = {0};
    const char *end = s ? strptime(s, "%Y-%m-%d", &tm) : NULL;
    if (!end || *end)
        return -1;
    *out = (int64_t)timegm(&tm);
    return 0;
}

int meeting_list(struct db *db, const struct user *host, const struct meeting_list_query *q, char **out, size_t *len,
                 struct perr *e)
{
    enum meeting_kind kind = q->kind;
    static const char *const types[] = {"scheduled", "live", "upcoming", "upcoming_meetings", "previous_meetings",
                                        NULL};
    const char *type = q->type && *q->type ? q->type : "scheduled";
    int t = 0;
    while (types[t] && strcmp(types[t], type) != 0)
        t++;
    if (!types[t] || (kind == KIND_WEBINAR && t != 0 && t != 2)) {
        perr_field(e, "type", kind == KIND_WEBINAR ? "must be scheduled or upcoming"
                                                   : "must be scheduled, live, upcoming, upcoming_meetings or "
                                                     "previous_meetings");
        e->zoom_code = ZOOM_VALIDATION_FAILED;
        return -1;
    }
    struct page_query page;
    if (page_parse(q->page_size, q->page_number, q->next_page_token, &page, e) != 0)
        return -1;
    int64_t from = 0, to = INT64_MAX;
    if (q->from && day_start(q->from, &from) != 0) {
        perr_field(e, "from", "must be a date: yyyy-mm-dd");
        e->zoom_code = ZOOM_VALIDATION_FAILED;
        return -1;
    }
    if (q->to) {
        if (day_start(q->to, &to) != 0) {
            perr_field(e, "to", "must be a date: yyyy-mm-dd");
            e->zoom_code = ZOOM_VALIDATION_FAILED;
            return -1;
        }
        to += 86400;
    }
    char list[24];
    snprintf(list, sizeof list, "%s-%d", kind_names[kind], t);
    /* the token carries where the last page ended, the count and the page number: later pages need no count */
    int64_t after_time = INT64_MIN, after_id = 0, total = -1;
    int number = page.number ? page.number : 1;
    if (page.token) {
        char k2[65];
        long long id = 0, count = 0;
        int pageno = 0;
        if (page_token_read(page.token, list, &after_time, k2, e) != 0)
            return -1;
        if (sscanf(k2, "%lld:%lld:%d", &id, &count, &pageno) != 3 || count < 0 || pageno < 1) {
            perr_set(e, PERR_INVALID, "The next page token is invalid or expired.");
            e->zoom_code = ZOOM_VALIDATION_FAILED;
            return -1;
        }
        after_id = id;
        total = count;
        number = pageno + 1;
    }
    struct meeting_list_rows rows = {host->id, kind, (enum meeting_list_type)t, from, to, clock_now(),
                                     after_time, after_id, (int64_t)page.size + 1, 0};
    if (total < 0 && t == 0 && !q->from && !q->to) /* the default list: the count kept with every change */
        meeting_store_scheduled(db, host->id, kind, &total);
    if (total < 0 && meeting_store_list_count(db, &rows, &total) != 0)
        return perr_set(e, PERR_INTERNAL, "Listing failed.");

    rows.offset = !page.token && page.number > 1 ? (int64_t)(page.number - 1) * page.size : 0;
    /* the items as stored, each with the origin of its join URL put in (rows written before migration 16
     * are rendered here); then the page's other members around them */
    json_t *base = json_string(urls_web());
    char *origin = base ? json_dumps(base, JSON_COMPACT | JSON_ENCODE_ANY) : NULL; /* escaped like the rest */
    json_decref(base);
    struct page_items p = {.db = db, .origin = origin ? origin + 1 : NULL, .origin_len = origin ? strlen(origin) - 2 : 0,
                           .size = page.size, .failed = !origin};
    int listed = p.failed ? 0 : meeting_store_list(db, &rows, add_item, &p);
    free(origin);
    struct meeting_text items = p.items;
    int more = p.more;
    int64_t last_id = p.last_id, last_start = p.last_start;
    if (p.failed || listed != 0) {
        free(items.s);
        return perr_set(e, PERR_INTERNAL, "Listing failed.");
    }
    char token[PAGE_TOKEN_MAX] = "";
    if (more) {
        char k2[64];
        snprintf(k2, sizeof k2, "%lld:%lld:%d", (long long)last_id, (long long)total, number);
        page_token_make(list, last_start, k2, token);
    }
    int64_t pages = (total + page.size - 1) / page.size;
    json_t *o = json_object();
    json_object_set_new(o, "page_size", json_integer(page.size));
    json_object_set_new(o, "total_records", json_integer(total));
    json_object_set_new(o, "next_page_token", json_string(token));
    json_object_set_new(o, "page_count", json_integer(pages));
    json_object_set_new(o, "page_number", json_integer(number));
    json_object_set_new(o, kind == KIND_WEBINAR ? "webinars" : "meetings", json_array());
    char *outer = json_dumps(o, JSON_COMPACT); /* ends with the empty array: ...,"meetings":[]} */
    json_decref(o);
    size_t on = outer ? strlen(outer) : 0;
    struct meeting_text page_text = {0};
    int failed = on < 3 || meeting_text_add(&page_text, outer, on - 2) || meeting_text_add(&page_text, items.s ? items.s : "", items.n) ||
             meeting_text_add(&page_text, "]}", 2);
    free(outer);
    free(items.s);
    if (failed) {
        free(page_text.s);
        return perr_set(e, PERR_INTERNAL, "Out of memory.");
    }
    *out = page_text.s;
    *len = page_text.n;
    return 0;
}
