/* The SQL of meetings and webinars: rows with the indexed fields in columns and
 * the rest of Zoom's object as a JSON document, the counts kept with each
 * change, the texts rendered with each change, and the list pages read through
 * the (host, kind, deleted_at, start_time, id, status, type) index. */
#include "api/meetings_store.h"
#include "core/db.h"

#include <stdlib.h>
#include <string.h>

static const char *const kind_names[] = {"meeting", "webinar"};

static enum meeting_kind kind_of(const char *name)
{
    return name && strcmp(name, "webinar") == 0 ? KIND_WEBINAR : KIND_MEETING;
}

#define MEETING_COLUMNS                                                                                           \
    "id, uuid, kind, account_id, host_id, type, status, start_time, doc, created_at, updated_at, deleted_at"

static int meeting_from_row(struct db_stmt *st, struct meeting *m)
{
    memset(m, 0, sizeof *m);
    m->id = db_int(st, 0);
    db_copy(st, 1, m->uuid, sizeof m->uuid);
    m->kind = kind_of(db_text(st, 2));
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

int meeting_store_get(struct db *db, int64_t number, const char *uuid, struct meeting *m)
{
    memset(m, 0, sizeof *m);
    struct db_stmt *st = number > 0
                             ? db_query(db, "SELECT " MEETING_COLUMNS " FROM meetings WHERE id = ?", "i", number)
                             : db_query(db, "SELECT " MEETING_COLUMNS " FROM meetings WHERE uuid = ?", "s", uuid);
    if (!st)
        return -1;
    int rc = db_step(st);
    int ok = rc == DB_ROW && meeting_from_row(st, m) == 0;
    db_done(st);
    if (rc == DB_ROW && !ok)
        meeting_clear(m);
    return ok ? 1 : rc == DB_DONE || rc == DB_ROW ? 0 : -1;
}

int meeting_store_state(struct db *db, int64_t id, struct meeting_state *out)
{
    memset(out, 0, sizeof *out);
    struct db_stmt *st =
        db_query(db, "SELECT status, host_id, kind, deleted_at IS NOT NULL FROM meetings WHERE id = ?", "i", id);
    int rc = st ? db_step(st) : DB_ERROR;
    if (rc == DB_ROW) {
        db_copy(st, 0, out->status, sizeof out->status);
        db_copy(st, 1, out->host_id, sizeof out->host_id);
        out->kind = kind_of(db_text(st, 2));
        out->deleted = (int)db_int(st, 3);
    }
    db_done(st);
    return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

int meeting_store_set_status(struct db *db, int64_t id, const char *status, int64_t now)
{
    return db_run(db, "UPDATE meetings SET status = ?, updated_at = ? WHERE id = ?", "sii", status, now, id) == DB_DONE
               ? 0
               : -1;
}

int meeting_store_insert(struct db *db, const struct meeting *m, const char *doc, const char *summary)
{
    return db_run(db,
                  "INSERT INTO meetings (id, uuid, kind, account_id, host_id, type, status, start_time, doc, "
                  "summary, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'waiting', ?, ?, ?, ?, ?)",
                  "issssnissii", m->id, m->uuid, kind_names[m->kind], m->account_id, m->host_id, m->type,
                  m->start_time, doc, summary, m->created_at, m->updated_at);
}

int meeting_store_update(struct db *db, const struct meeting *m, int64_t start, const char *doc, const char *summary,
                         int64_t now)
{
    return db_run(db,
                  "UPDATE meetings SET type = ?, start_time = ?, doc = ?, summary = ?, "
                  "updated_at = ? WHERE id = ?",
                  "nissii", m->type, start, doc, summary, now, m->id) == DB_DONE
               ? 0
               : -1;
}

int meeting_store_mark_deleted(struct db *db, int64_t id, int64_t now)
{
    return db_run(db, "UPDATE meetings SET deleted_at = ?, updated_at = ? WHERE id = ?", "iii", now, now, id) ==
                   DB_DONE
               ? 0
               : -1;
}

int meeting_store_recover(struct db *db, int64_t id, int64_t now)
{
    return db_run(db, "UPDATE meetings SET deleted_at = NULL, updated_at = ? WHERE id = ?", "ii", now, id) == DB_DONE
               ? 0
               : -1;
}

int meeting_store_count_scheduled(struct db *db, const char *host_id, enum meeting_kind kind, int delta)
{
    return db_run(db,
                  "INSERT INTO meeting_counts (host_id, kind, scheduled) VALUES (?, ?, ?) "
                  "ON CONFLICT (host_id, kind) DO UPDATE SET scheduled = meeting_counts.scheduled + excluded.scheduled",
                  "ssn", host_id, kind_names[kind], delta) == DB_DONE
               ? 0
               : -1;
}

int meeting_store_scheduled(struct db *db, const char *host_id, enum meeting_kind kind, int64_t *total)
{
    struct db_stmt *st = db_query(db, "SELECT scheduled FROM meeting_counts WHERE host_id = ? AND kind = ?", "ss",
                                  host_id, kind_names[kind]);
    int rc = st ? db_step(st) : DB_ERROR;
    if (rc == DB_ROW || rc == DB_DONE)
        *total = rc == DB_ROW ? db_int(st, 0) : 0;
    db_done(st);
    return rc == DB_ROW || rc == DB_DONE ? 0 : -1;
}

int meeting_store_count_write(struct db *db, const char *user_id, int64_t day, int64_t *count)
{
    struct db_stmt *st = db_query(db,
                                  "INSERT INTO daily_counts (user_id, day, what, count) VALUES (?, ?, 'meeting_write', 1) "
                                  "ON CONFLICT (user_id, day, what) DO UPDATE SET count = daily_counts.count + 1 "
                                  "RETURNING count",
                                  "si", user_id, day);
    int ok = st && db_step(st) == DB_ROW;
    if (ok)
        *count = db_int(st, 0);
    db_done(st);
    return ok ? 0 : -1;
}

/* ---- lists ------------------------------------------------------------------ */

/* which statuses and times each list type takes (Zoom's descriptions, §2.8), one statement each so that
 * SQLite filters inside the (host, kind, deleted_at, start_time, id, status, type) index */
#define LIST_WHERE                                                                                                \
    "FROM meetings WHERE host_id = ? AND kind = ? AND deleted_at IS NULL AND start_time >= ? AND start_time < ? "
#define SCHEDULED "AND status <> 'ended' "
#define LIVE "AND status = 'started' "
#define UPCOMING "AND status <> 'ended' AND (status = 'started' OR start_time >= ? OR type IN (3, 6)) "
#define PREVIOUS "AND (status = 'ended' OR (status = 'waiting' AND start_time < ? AND type NOT IN (3, 6))) "
/* A page: the page's meetings with their items from meeting_texts (a meeting without one, written before
 * migration 16, is read whole by the caller). SQLite walks the index in order and joins as it goes, stopping
 * at the page's end. PostgreSQL sorts the host's rows instead, so there the page is cut from the meetings
 * alone before the join, or it would join every meeting of the host: the one statement that differs. */
#define PAGE_JOINED "SELECT meetings.id, meetings.start_time, t.item_head, t.item_tail " \
    "FROM meetings LEFT JOIN meeting_texts t ON t.meeting_id = meetings.id WHERE host_id = ? AND kind = ? "      \
    "AND deleted_at IS NULL AND start_time >= ? AND start_time < ? "
#define PAGE_JOINED_TAIL "AND (start_time > ? OR (start_time = ? AND id > ?)) ORDER BY start_time, id LIMIT ? OFFSET ?"
#define PAGE_CUT "SELECT m.id, m.start_time, t.item_head, t.item_tail FROM (SELECT id, start_time " LIST_WHERE
#define PAGE_CUT_TAIL                                                                                             \
    "AND (start_time > ? OR (start_time = ? AND id > ?)) ORDER BY start_time, id LIMIT ? OFFSET ?) AS m "        \
    "LEFT JOIN meeting_texts t ON t.meeting_id = m.id ORDER BY m.start_time, m.id"
#define LIST_SQL(filter, now) {"SELECT count(*) " LIST_WHERE filter, PAGE_JOINED filter PAGE_JOINED_TAIL, \
                               PAGE_CUT filter PAGE_CUT_TAIL, now}
static const struct {
    const char *count, *page, *page_cut;
    int needs_now;
} list_sql[] = {
    [LIST_SCHEDULED] = LIST_SQL(SCHEDULED, 0),
    [LIST_LIVE] = LIST_SQL(LIVE, 0),
    [LIST_UPCOMING] = LIST_SQL(UPCOMING, 1),
    [LIST_UPCOMING_MEETINGS] = LIST_SQL(UPCOMING, 1),
    [LIST_PREVIOUS] = LIST_SQL(PREVIOUS, 1),
};

int meeting_store_list_count(struct db *db, const struct meeting_list_rows *q, int64_t *total)
{
    const char *sql = list_sql[q->type].count, *kind = kind_names[q->kind];
    struct db_stmt *st = list_sql[q->type].needs_now
                             ? db_query(db, sql, "ssiii", q->host_id, kind, q->from, q->to, q->now)
                             : db_query(db, sql, "ssii", q->host_id, kind, q->from, q->to);
    int ok = st && db_step(st) == DB_ROW;
    if (ok)
        *total = db_int(st, 0);
    db_done(st);
    return ok ? 0 : -1;
}

int meeting_store_list(struct db *db, const struct meeting_list_rows *q,
                       int (*fn)(const struct meeting_list_row *row, void *arg), void *arg)
{
    const char *sql = db_engine(db) == DB_POSTGRES ? list_sql[q->type].page_cut : list_sql[q->type].page,
               *kind = kind_names[q->kind];
    struct db_stmt *st = list_sql[q->type].needs_now
                             ? db_query(db, sql, "ssiiiiiiii", q->host_id, kind, q->from, q->to, q->now, q->after_time,
                                        q->after_time, q->after_id, q->limit, q->offset)
                             : db_query(db, sql, "ssiiiiiii", q->host_id, kind, q->from, q->to, q->after_time,
                                        q->after_time, q->after_id, q->limit, q->offset);
    if (!st)
        return -1;
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        struct meeting_list_row row = {db_int(st, 0), db_int(st, 1), NULL, NULL};
        if (!db_is_null(st, 2)) {
            row.item_head = db_text(st, 2);
            row.item_tail = db_text(st, 3);
        }
        if (fn(&row, arg) != 0)
            break;
    }
    db_done(st);
    return rc == DB_ROW || rc == DB_DONE ? 0 : -1;
}

/* ---- texts ------------------------------------------------------------------- */

int meeting_store_put_texts(struct db *db, int64_t id, const char *item_head, const char *item_tail,
                            const char *object_text)
{
    return db_run(db,
                  "INSERT INTO meeting_texts (meeting_id, item_head, item_tail, object_text) "
                  "VALUES (?, ?, ?, ?) ON CONFLICT (meeting_id) DO UPDATE SET item_head = excluded.item_head, "
                  "item_tail = excluded.item_tail, object_text = excluded.object_text",
                  "isss", id, item_head, item_tail, object_text) == DB_DONE
               ? 0
               : -1;
}

int meeting_store_get_stored(struct db *db, int64_t number, const char *uuid, struct meeting_stored *out)
{
    memset(out, 0, sizeof *out);
    struct db_stmt *st =
        number > 0
            ? db_query(db, "SELECT m.id, m.kind, m.account_id, m.host_id, m.status, m.deleted_at, t.object_text "
                           "FROM meetings m LEFT JOIN meeting_texts t ON t.meeting_id = m.id WHERE m.id = ?",
                       "i", number)
            : db_query(db, "SELECT m.id, m.kind, m.account_id, m.host_id, m.status, m.deleted_at, t.object_text "
                           "FROM meetings m LEFT JOIN meeting_texts t ON t.meeting_id = m.id WHERE m.uuid = ?",
                       "s", uuid);
    if (!st)
        return -1;
    int rc = db_step(st);
    if (rc == DB_ROW) {
        out->id = db_int(st, 0);
        out->kind = kind_of(db_text(st, 1));
        db_copy(st, 2, out->account_id, sizeof out->account_id);
        db_copy(st, 3, out->host_id, sizeof out->host_id);
        db_copy(st, 4, out->status, sizeof out->status);
        out->deleted = !db_is_null(st, 5);
        out->object_text = db_is_null(st, 6) ? NULL : strdup(db_text(st, 6));
    }
    db_done(st);
    return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}
