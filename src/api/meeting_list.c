/* Listing a host's meetings or webinars (zoom-wire §2.4, §2.8): Zoom's list
 * types, keyset pages under signed tokens, total_records and page_count. */
#include "api/meetings_internal.h"
#include "core/zoom_codes.h"
#include "core/urls.h"
#include "api/paging.h"
#include "core/clock.h"
#include "core/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const kind_names[] = {"meeting", "webinar"};

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

int meeting_list(struct db *db, enum meeting_kind kind, const struct user *host, const struct meeting_list_query *q,
                 char **out, size_t *len, struct perr *e)
{
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
    int64_t now = clock_now();
    /* which statuses and times each list type takes (Zoom's descriptions, §2.8), one statement each so that
     * SQLite filters inside the (host, kind, deleted_at, start_time, id, status, type) index */
#define LIST_FROM "FROM meetings LEFT JOIN meeting_texts t ON t.meeting_id = meetings.id WHERE host_id = ? AND kind = ? AND deleted_at IS NULL AND start_time >= ? AND start_time < ? "
#define LIST_PAGE "AND (start_time > ? OR (start_time = ? AND id > ?)) ORDER BY start_time, id LIMIT ? OFFSET ?"
#define SCHEDULED "AND status <> 'ended' "
#define LIVE "AND status = 'started' "
#define UPCOMING "AND status <> 'ended' AND (status = 'started' OR start_time >= ? OR type IN (3, 6)) "
#define PREVIOUS "AND (status = 'ended' OR (status = 'waiting' AND start_time < ? AND type NOT IN (3, 6))) "
    /* a page reads the summary stored with each change, not the whole document with its settings
     * (rows written before migration 11 have none: their document stands in) */
    /* the index (host, kind, deleted_at, start_time, id, status, type) holds all the page needs of meetings;
     * the items come from meeting_texts; a meeting without one (written before migration 16) is read whole */
#define SUMMARY_COLUMNS "meetings.id, meetings.start_time, t.item_head, t.item_tail"
    static const struct {
        const char *count, *page;
        int needs_now;
    } sql[] = {
        {"SELECT count(*) " LIST_FROM SCHEDULED, "SELECT " SUMMARY_COLUMNS " " LIST_FROM SCHEDULED LIST_PAGE, 0},
        {"SELECT count(*) " LIST_FROM LIVE, "SELECT " SUMMARY_COLUMNS " " LIST_FROM LIVE LIST_PAGE, 0},
        {"SELECT count(*) " LIST_FROM UPCOMING, "SELECT " SUMMARY_COLUMNS " " LIST_FROM UPCOMING LIST_PAGE, 1},
        {"SELECT count(*) " LIST_FROM UPCOMING, "SELECT " SUMMARY_COLUMNS " " LIST_FROM UPCOMING LIST_PAGE, 1},
        {"SELECT count(*) " LIST_FROM PREVIOUS, "SELECT " SUMMARY_COLUMNS " " LIST_FROM PREVIOUS LIST_PAGE, 1},
    };
    struct db_stmt *st;
    if (total < 0 && t == 0 && !q->from && !q->to) { /* the default list: the count kept with every change */
        st = db_query(db, "SELECT scheduled FROM meeting_counts WHERE host_id = ? AND kind = ?", "ss", host->id,
                      kind_names[kind]);
        int rc = st ? db_step(st) : DB_ERROR;
        if (rc == DB_ROW || rc == DB_DONE)
            total = rc == DB_ROW ? db_int(st, 0) : 0;
        db_done(st);
    }
    if (total < 0) {
        st = sql[t].needs_now ? db_query(db, sql[t].count, "ssiii", host->id, kind_names[kind], from, to, now)
                              : db_query(db, sql[t].count, "ssii", host->id, kind_names[kind], from, to);
        if (!st || db_step(st) != DB_ROW) {
            db_done(st);
            return perr_set(e, PERR_INTERNAL, "Listing failed.");
        }
        total = db_int(st, 0);
        db_done(st);
    }

    int64_t offset = !page.token && page.number > 1 ? (int64_t)(page.number - 1) * page.size : 0;
    st = sql[t].needs_now ? db_query(db, sql[t].page, "ssiiiiiiii", host->id, kind_names[kind], from, to, now,
                                     after_time, after_time, after_id, (int64_t)page.size + 1, offset)
                          : db_query(db, sql[t].page, "ssiiiiiii", host->id, kind_names[kind], from, to, after_time,
                                     after_time, after_id, (int64_t)page.size + 1, offset);
    if (!st)
        return perr_set(e, PERR_INTERNAL, "Listing failed.");
    /* the items as stored, each with the origin of its join URL put in (rows written before migration 16
     * are rendered here); then the page's other members around them */
    struct meeting_text items = {0};
    json_t *base = json_string(urls_web());
    char *origin = base ? json_dumps(base, JSON_COMPACT | JSON_ENCODE_ANY) : NULL; /* escaped like the rest */
    json_decref(base);
    size_t origin_len = origin ? strlen(origin) - 2 : 0; /* without its quotes */
    int n = 0, more = 0, rc, failed = !origin;
    int64_t last_id = 0, last_start = 0;
    while (!failed && (rc = db_step(st)) == DB_ROW) {
        if (n == page.size) {
            more = 1;
            break;
        }
        if (n > 0)
            failed |= meeting_text_add(&items, ",", 1);
        if (!db_is_null(st, 2)) {
            const char *head = db_text(st, 2);
            failed |= meeting_text_add(&items, head, strlen(head)) | meeting_text_add(&items, origin + 1, origin_len);
            const char *tail = db_text(st, 3);
            failed |= meeting_text_add(&items, tail, strlen(tail));
        } else {
            struct meeting m;
            char id[24];
            snprintf(id, sizeof id, "%lld", (long long)db_int(st, 0));
            int ok = meeting_find(db, id, &m) == 1;
            json_t *item = ok ? meeting_summary(&m) : NULL;
            char *one = item ? json_dumps(item, JSON_COMPACT) : NULL;
            failed |= !one || meeting_text_add(&items, one, strlen(one));
            free(one);
            json_decref(item);
            meeting_clear(&m);
        }
        last_id = db_int(st, 0);
        last_start = db_int(st, 1);
        n++;
    }
    db_done(st);
    free(origin);
    if (failed || (rc != DB_ROW && rc != DB_DONE)) {
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
    failed = on < 3 || meeting_text_add(&page_text, outer, on - 2) || meeting_text_add(&page_text, items.s ? items.s : "", items.n) ||
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
