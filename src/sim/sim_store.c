/* The SQL of simulated meetings: instances, participants, and what they say and write in the chat. */
#include "sim/sim_store.h"
#include "core/clock.h"
#include "core/db.h"


int sim_store_running(struct db *db, int64_t meeting_id, char uuid[32], int64_t *started_at)
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

int64_t sim_store_instances(struct db *db, int64_t meeting_id)
{
    int64_t n = 0;
    struct db_stmt *st = db_query(db, "SELECT count(*) FROM meeting_instances WHERE meeting_id = ?", "i", meeting_id);
    if (st && db_step(st) == DB_ROW)
        n = db_int(st, 0);
    db_done(st);
    return n;
}

int sim_store_last(struct db *db, int64_t meeting_id, char uuid[32], int64_t *started_at, int64_t *ended_at)
{
    struct db_stmt *st = db_query(db,
                                  "SELECT uuid, started_at, ended_at FROM meeting_instances WHERE meeting_id = ? "
                                  "ORDER BY started_at DESC, seq DESC LIMIT 1",
                                  "i", meeting_id);
    int found = st && db_step(st) == DB_ROW;
    if (found) {
        db_copy(st, 0, uuid, 32);
        *started_at = db_int(st, 1);
        *ended_at = db_is_null(st, 2) ? 0 : db_int(st, 2);
    }
    db_done(st);
    return found;
}

int sim_store_overlap(struct db *db, int64_t meeting_id, int64_t from, int64_t to, char uuid[32], int64_t *started_at,
                      int64_t *ended_at)
{
    struct db_stmt *st = db_query(db,
                                  "SELECT uuid, started_at, ended_at FROM meeting_instances WHERE meeting_id = ? "
                                  "AND started_at <= ? AND (ended_at IS NULL OR ended_at >= ?) "
                                  "ORDER BY started_at LIMIT 1",
                                  "iii", meeting_id, to, from);
    if (!st)
        return -1;
    int rc = db_step(st);
    int found = rc == DB_ROW;
    if (found) {
        db_copy(st, 0, uuid, 32);
        *started_at = db_int(st, 1);
        *ended_at = db_is_null(st, 2) ? clock_now() : db_int(st, 2);
    }
    db_done(st);
    return found ? 1 : rc == DB_DONE ? 0 : -1;
}

int sim_store_open(struct db *db, const char *uuid, int64_t meeting_id, int64_t started_at, int64_t seq)
{
    return db_run(db, "INSERT INTO meeting_instances (uuid, meeting_id, started_at, seq) VALUES (?, ?, ?, ?)", "siii",
                  uuid, meeting_id, started_at, seq) == DB_DONE
               ? 0
               : -1;
}

int sim_store_close(struct db *db, const char *uuid, int64_t ended_at)
{
    return db_run(db, "UPDATE meeting_instances SET ended_at = ? WHERE uuid = ?", "is", ended_at, uuid) == DB_DONE
               ? 0
               : -1;
}

int sim_store_drop(struct db *db, const char *uuid)
{
    return db_run(db, "DELETE FROM meeting_instances WHERE uuid = ?", "s", uuid) == DB_DONE ? 0 : -1;
}

int sim_store_instance(struct db *db, const char *uuid, int64_t *meeting_id, int64_t *started_at, int64_t *ended_at)
{
    struct db_stmt *st =
        db_query(db, "SELECT meeting_id, started_at, ended_at FROM meeting_instances WHERE uuid = ?", "s", uuid);
    if (!st)
        return -1;
    int rc = db_step(st), found = rc == DB_ROW;
    if (found) {
        *meeting_id = db_int(st, 0);
        *started_at = db_int(st, 1);
        *ended_at = db_is_null(st, 2) ? 0 : db_int(st, 2);
    }
    db_done(st);
    return found ? 1 : rc == DB_DONE ? 0 : -1;
}

int sim_store_ended(struct db *db, int64_t meeting_id, int limit,
                    void (*fn)(const char *uuid, int64_t started_at, int64_t ended_at, void *arg), void *arg)
{
    struct db_stmt *st = db_query(db,
                                  "SELECT uuid, started_at, ended_at FROM meeting_instances WHERE meeting_id = ? AND "
                                  "ended_at IS NOT NULL ORDER BY started_at DESC, seq DESC LIMIT ?",
                                  "ii", meeting_id, (int64_t)limit);
    if (!st)
        return -1;
    int rc;
    while ((rc = db_step(st)) == DB_ROW)
        fn(db_text(st, 0), db_int(st, 1), db_int(st, 2), arg);
    db_done(st);
    return rc == DB_DONE ? 0 : -1;
}

/* ---- participants ------------------------------------------------------------ */

int64_t participant_store_present(struct db *db, const char *instance_uuid)
{
    int64_t count = 0;
    struct db_stmt *st = db_query(db, "SELECT count(*) FROM participants WHERE instance_uuid = ? AND left_at IS NULL",
                                  "s", instance_uuid);
    if (st && db_step(st) == DB_ROW)
        count = db_int(st, 0);
    db_done(st);
    return count;
}

/* columns: id, number, user_id, name, email, joined_at, left_at */
static struct participant_row row_of(struct db_stmt *st)
{
    struct participant_row r = {db_text(st, 0), db_int(st, 1), db_text(st, 2), db_text(st, 3),
                                db_text(st, 4), db_int(st, 5), db_is_null(st, 6) ? 0 : db_int(st, 6),
                                db_text(st, 7)};
    return r;
}

int participant_store_join(struct db *db, const struct participant_new *p,
                           void (*fn)(const struct participant_row *row, void *arg), void *arg)
{
    struct db_stmt *st =
        db_query(db,
                 "INSERT INTO participants (id, instance_uuid, number, user_id, name, email, joined_at, role) "
                 "VALUES (?, ?, 16778240 + (SELECT count(*) FROM participants WHERE instance_uuid = ?), ?, ?, ?, ?, ?) "
                 "RETURNING id, number, user_id, name, email, joined_at, left_at, role",
                 "ssssssis", p->id, p->instance_uuid, p->instance_uuid, p->user_id, p->name, p->email, p->joined_at,
                 p->role);
    int ok = st && db_step(st) == DB_ROW;
    if (ok) {
        struct participant_row r = row_of(st);
        fn(&r, arg);
    }
    db_done(st);
    return ok;
}

int participant_store_leave(struct db *db, const char *instance_uuid, const char *id, int64_t now,
                            void (*fn)(const struct participant_row *row, void *arg), void *arg)
{
    struct db_stmt *st =
        id ? db_query(db,
                      "UPDATE participants SET left_at = ? WHERE instance_uuid = ? AND id = ? AND left_at IS NULL "
                      "RETURNING id, number, user_id, name, email",
                      "iss", now, instance_uuid, id)
           : db_query(db,
                      "UPDATE participants SET left_at = ? WHERE instance_uuid = ? AND left_at IS NULL "
                      "RETURNING id, number, user_id, name, email",
                      "is", now, instance_uuid);
    if (!st)
        return -1;
    while (db_step(st) == DB_ROW) {
        struct participant_row r = {db_text(st, 0), db_int(st, 1), db_text(st, 2), db_text(st, 3), db_text(st, 4),
                                    0, now};
        fn(&r, arg);
    }
    db_done(st);
    return 0;
}

void participant_store_people(struct db *db, const char *instance_uuid,
                              void (*fn)(const char *name, const char *email, void *arg), void *arg)
{
    struct db_stmt *st = db_query(db, "SELECT DISTINCT name, email FROM participants WHERE instance_uuid = ? LIMIT 64",
                                  "s", instance_uuid);
    while (st && db_step(st) == DB_ROW)
        fn(db_text(st, 0), db_text(st, 1), arg);
    db_done(st);
}

void participant_store_list(struct db *db, const char *instance_uuid,
                            void (*fn)(const struct participant_row *row, void *arg), void *arg)
{
    struct db_stmt *st = db_query(db,
                                  "SELECT id, number, user_id, name, email, joined_at, left_at, role FROM participants "
                                  "WHERE instance_uuid = ? ORDER BY number",
                                  "s", instance_uuid);
    while (st && db_step(st) == DB_ROW) {
        struct participant_row r = row_of(st);
        fn(&r, arg);
    }
    db_done(st);
}

int participant_store_page(struct db *db, const char *instance_uuid, int64_t after, int limit,
                           void (*fn)(const struct participant_row *row, void *arg), void *arg)
{
    struct db_stmt *st = db_query(db,
                                  "SELECT id, number, user_id, name, email, joined_at, left_at, role FROM participants "
                                  "WHERE instance_uuid = ? AND number > ? ORDER BY number LIMIT ?",
                                  "sii", instance_uuid, after, (int64_t)limit);
    if (!st)
        return -1;
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        struct participant_row r = row_of(st);
        fn(&r, arg);
    }
    db_done(st);
    return rc == DB_DONE ? 0 : -1;
}

int participant_store_totals(struct db *db, const char *instance_uuid, int64_t now, int64_t *count, int64_t *seconds)
{
    struct db_stmt *st = db_query(db,
                                  "SELECT count(*), coalesce(sum(coalesce(left_at, ?) - joined_at), 0) FROM "
                                  "participants WHERE instance_uuid = ?",
                                  "is", now, instance_uuid);
    int ok = st && db_step(st) == DB_ROW;
    if (ok) {
        *count = db_int(st, 0);
        *seconds = db_int(st, 1);
    }
    db_done(st);
    return ok ? 0 : -1;
}

int participant_store_find(struct db *db, const char *instance_uuid, const char *id, char *name, size_t size,
                           int64_t *left_at)
{
    struct db_stmt *st =
        db_query(db, "SELECT name, left_at FROM participants WHERE instance_uuid = ? AND id = ?", "ss", instance_uuid, id);
    int found = st && db_step(st) == DB_ROW;
    if (found) {
        db_copy(st, 0, name, (unsigned)size);
        *left_at = db_is_null(st, 1) ? 0 : db_int(st, 1);
    }
    db_done(st);
    return found;
}

int line_store_add(struct db *db, const char *instance_uuid, const struct line_row *l)
{
    return db_run(db,
                  "INSERT INTO meeting_lines (instance_uuid, kind, participant_id, name, text, at) "
                  "VALUES (?, ?, ?, ?, ?, ?)",
                  "sssssi", instance_uuid, l->kind, l->participant_id, l->name, l->text, l->at) == DB_DONE
               ? 0
               : -1;
}

int64_t line_store_count(struct db *db, const char *instance_uuid)
{
    struct db_stmt *st = db_query(db, "SELECT count(*) FROM meeting_lines WHERE instance_uuid = ?", "s", instance_uuid);
    int64_t n = st && db_step(st) == DB_ROW ? db_int(st, 0) : -1;
    db_done(st);
    return n;
}

void line_store_list(struct db *db, const char *instance_uuid, void (*fn)(const struct line_row *row, void *arg),
                     void *arg)
{
    struct db_stmt *st = db_query(db,
                                  "SELECT kind, participant_id, name, text, at FROM meeting_lines "
                                  "WHERE instance_uuid = ? ORDER BY id",
                                  "s", instance_uuid);
    while (st && db_step(st) == DB_ROW) {
        struct line_row r = {db_text(st, 0), db_text(st, 1), db_text(st, 2), db_text(st, 3), db_int(st, 4)};
        fn(&r, arg);
    }
    db_done(st);
}
