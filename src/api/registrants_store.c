/* The SQL of registrants and panelists: each kept with its document as JSON
 * text and a sequence number per meeting that orders its list. */
#include "api/registrants_store.h"
#include "core/db.h"

#include <string.h>

int registrant_store_find(struct db *db, int64_t meeting_id, const char *email, char id[ID_LEN], json_t **doc)
{
    *doc = NULL;
    struct db_stmt *st =
        db_query(db, "SELECT id, doc FROM registrants WHERE meeting_id = ? AND email = ?", "is", meeting_id, email);
    int found = st && db_step(st) == DB_ROW;
    if (found) {
        db_copy(st, 0, id, ID_LEN);
        *doc = json_loads(db_text(st, 1), 0, NULL);
    }
    db_done(st);
    return found;
}

int registrant_store_insert(struct db *db, const struct registrant_new *r)
{
    return db_run(db,
                  "INSERT INTO registrants (id, meeting_id, email, status, doc, create_time, seq) VALUES "
                  "(?, ?, ?, ?, ?, ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM registrants WHERE meeting_id = ?))",
                  "sisssii", r->id, r->meeting_id, r->email, r->status, r->doc, r->create_time, r->meeting_id) ==
                   DB_DONE
               ? 0
               : -1;
}

int64_t registrant_store_count(struct db *db, int64_t meeting_id, const char *status)
{
    int64_t total = 0;
    struct db_stmt *st =
        db_query(db, "SELECT count(*) FROM registrants WHERE meeting_id = ? AND status = ?", "is", meeting_id, status);
    if (st && db_step(st) == DB_ROW)
        total = db_int(st, 0);
    db_done(st);
    return total;
}

void registrant_store_page(struct db *db, const struct registrant_page *q,
                           int (*fn)(const struct registrant_row *row, void *arg), void *arg)
{
    struct db_stmt *st = db_query(db,
                                  "SELECT id, status, doc, create_time, seq FROM registrants WHERE meeting_id = ? AND "
                                  "status = ? AND seq > ? ORDER BY seq LIMIT ? OFFSET ?",
                                  "isiii", q->meeting_id, q->status, q->after_seq, q->limit, q->offset);
    while (st && db_step(st) == DB_ROW) {
        struct registrant_row row = {db_text(st, 0), db_text(st, 1), db_text(st, 2), db_int(st, 3), db_int(st, 4)};
        if (fn(&row, arg) != 0)
            break;
    }
    db_done(st);
}

void registrant_store_set_status(struct db *db, const struct registrant_status_change *c,
                                 void (*fn)(const struct registrant_row *row, void *arg), void *arg)
{
    struct db_stmt *st =
        !c->every
            ? db_query(db,
                       "UPDATE registrants SET status = ? WHERE meeting_id = ? AND (id = ? OR email = ?) "
                       "AND status IN (?, ?) RETURNING id, doc, create_time",
                       "sissss", c->to, c->meeting_id, c->id, c->email, c->from_a, c->from_b)
            : db_query(db,
                       "UPDATE registrants SET status = ? WHERE meeting_id = ? AND status IN (?, ?) "
                       "RETURNING id, doc, create_time",
                       "siss", c->to, c->meeting_id, c->from_a, c->from_b);
    while (st && db_step(st) == DB_ROW) {
        struct registrant_row row = {db_text(st, 0), c->to, db_text(st, 1), db_int(st, 2), 0};
        fn(&row, arg);
    }
    db_done(st);
}

/* ---- panelists ------------------------------------------------------------------ */

void panelist_store_list(struct db *db, int64_t webinar_id, void (*fn)(const char *id, const char *doc, void *arg),
                         void *arg)
{
    struct db_stmt *st = db_query(db, "SELECT id, doc FROM panelists WHERE webinar_id = ? ORDER BY seq", "i", webinar_id);
    while (st && db_step(st) == DB_ROW)
        fn(db_text(st, 0), db_text(st, 1), arg);
    db_done(st);
}

int64_t panelist_store_count(struct db *db, int64_t webinar_id)
{
    int64_t count = 0;
    struct db_stmt *st = db_query(db, "SELECT count(*) FROM panelists WHERE webinar_id = ?", "i", webinar_id);
    if (st && db_step(st) == DB_ROW)
        count = db_int(st, 0);
    db_done(st);
    return count;
}

int panelist_store_has(struct db *db, int64_t webinar_id, const char *email)
{
    struct db_stmt *st = db_query(db, "SELECT 1 FROM panelists WHERE webinar_id = ? AND lower(email) = lower(?)",
                                  "is", webinar_id, email);
    int found = st && db_step(st) == DB_ROW;
    db_done(st);
    return found;
}

int panelist_store_put(struct db *db, const char *id, int64_t webinar_id, const char *email, const char *doc,
                       int64_t now)
{
    return db_run(db,
                  "INSERT INTO panelists (id, webinar_id, email, doc, created_at, seq) VALUES (?, ?, ?, ?, "
                  "?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM panelists WHERE webinar_id = ?)) "
                  "ON CONFLICT (webinar_id, email) DO UPDATE SET doc = excluded.doc",
                  "sissii", id, webinar_id, email, doc, now, webinar_id) == DB_DONE
               ? 0
               : -1;
}

int64_t panelist_store_remove(struct db *db, int64_t webinar_id, const char *id)
{
    int rc = id ? db_run(db, "DELETE FROM panelists WHERE webinar_id = ? AND id = ?", "is", webinar_id, id)
                : db_run(db, "DELETE FROM panelists WHERE webinar_id = ?", "i", webinar_id);
    return rc == DB_DONE ? db_changes(db) : -1;
}
