/* The SQL of cloud recordings and their files. A file is live until it is
 * trashed (trashed_at); a recording is listed while it has files of the kind
 * asked for. */
#include "api/recordings_store.h"
#include "core/db.h"

#include <string.h>

int recording_store_insert(struct db *db, const struct recording_row *r, int64_t now)
{
    return db_run(db,
                  "INSERT INTO recordings (uuid, meeting_id, account_id, host_id, start_time, duration, password, "
                  "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                  "sissiisi", r->uuid, r->meeting_id, r->account_id, r->host_id, r->start_time, r->duration,
                  r->password, now) == DB_DONE
               ? 0
               : -1;
}

int recording_store_add_file(struct db *db, const struct recording_file *f)
{
    return db_run(db,
                  "INSERT INTO recording_files (id, recording_uuid, kind, file_type, recording_type, file_name, "
                  "file_size, recording_start, recording_end, status, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
                  "'completed', ?)",
                  "ssssssiiin", f->id, f->recording_uuid, f->kind, f->file_type, f->recording_type, f->file_name,
                  f->size, f->start, f->end, f->seq) == DB_DONE
               ? 0
               : -1;
}

int recording_store_add_media(struct db *db, const char *file_id, const char *content_type, const void *data,
                              size_t size)
{
    return db_run(db, "INSERT INTO recording_media (file_id, content_type, data) VALUES (?, ?, ?)", "ssb", file_id,
                  content_type, data, size) == DB_DONE
               ? 0
               : -1;
}

int recording_store_media(struct db *db, const char *file_id,
                          void (*fn)(const struct recording_media *m, void *arg), void *arg)
{
    struct db_stmt *st = db_query(db,
                                  "SELECT f.id, f.recording_uuid, r.account_id, r.host_id, f.file_type, "
                                  "m.content_type, m.data FROM recording_media m "
                                  "JOIN recording_files f ON f.id = m.file_id "
                                  "JOIN recordings r ON r.uuid = f.recording_uuid "
                                  "WHERE m.file_id = ? AND f.trashed_at IS NULL",
                                  "s", file_id);
    int found = 0;
    if (st && db_step(st) == DB_ROW) {
        struct recording_media m = {db_text(st, 0), db_text(st, 1), db_text(st, 2), db_text(st, 3),
                                    db_text(st, 4), db_text(st, 5), NULL, 0};
        m.data = db_blob(st, 6, &m.size);
        fn(&m, arg);
        found = 1;
    }
    db_done(st);
    return found;
}

void recording_store_files(struct db *db, const char *uuid, int trash,
                           void (*fn)(const struct recording_file *f, void *arg), void *arg)
{
    struct db_stmt *st = db_query(db,
                                  "SELECT id, kind, file_type, recording_type, file_name, file_size, recording_start, "
                                  "recording_end, status, trashed_at FROM recording_files WHERE recording_uuid = ? AND "
                                  "(CASE WHEN trashed_at IS NULL THEN 0 ELSE 1 END) = ? ORDER BY seq",
                                  "sn", uuid, trash);
    while (st && db_step(st) == DB_ROW) {
        struct recording_file f = {
            .id = db_text(st, 0),
            .recording_uuid = uuid,
            .kind = db_text(st, 1),
            .file_type = db_text(st, 2),
            .recording_type = db_text(st, 3),
            .file_name = db_text(st, 4),
            .size = db_int(st, 5),
            .start = db_int(st, 6),
            .end = db_int(st, 7),
            .status = db_text(st, 8),
            .trashed = !db_is_null(st, 9),
        };
        f.trashed_at = f.trashed ? db_int(st, 9) : 0;
        fn(&f, arg);
    }
    db_done(st);
}

#define REC_COLUMNS "uuid, meeting_id, account_id, host_id, start_time, duration, password"

static void row_of(struct db_stmt *st, struct recording_row *r)
{
    memset(r, 0, sizeof *r);
    db_copy(st, 0, r->uuid, sizeof r->uuid);
    r->meeting_id = db_int(st, 1);
    db_copy(st, 2, r->account_id, sizeof r->account_id);
    db_copy(st, 3, r->host_id, sizeof r->host_id);
    r->start_time = db_int(st, 4);
    r->duration = db_int(st, 5);
    db_copy(st, 6, r->password, sizeof r->password);
}

/* Reads the one row of st into out: 1, or 0 when there is none. */
static int one_row(struct db_stmt *st, struct recording_row *out)
{
    int found = st && db_step(st) == DB_ROW;
    if (found)
        row_of(st, out);
    db_done(st);
    return found;
}

int recording_store_latest(struct db *db, int64_t meeting_id, struct recording_row *out)
{
    return one_row(db_query(db,
                            "SELECT " REC_COLUMNS " FROM recordings WHERE meeting_id = ? AND EXISTS (SELECT 1 FROM "
                            "recording_files f WHERE f.recording_uuid = recordings.uuid AND f.trashed_at IS NULL) "
                            "ORDER BY start_time DESC LIMIT 1",
                            "i", meeting_id),
                   out);
}

int recording_store_of_file(struct db *db, const char *file_id, struct recording_row *out)
{
    return one_row(db_query(db,
                            "SELECT " REC_COLUMNS " FROM recordings WHERE uuid = (SELECT recording_uuid FROM "
                            "recording_files WHERE id = ? AND trashed_at IS NULL)",
                            "s", file_id),
                   out);
}

int recording_store_get(struct db *db, const char *uuid, struct recording_row *out)
{
    return one_row(db_query(db, "SELECT " REC_COLUMNS " FROM recordings WHERE uuid = ?", "s", uuid), out);
}

#define REC_WHERE                                                                                                 \
    "FROM recordings WHERE account_id = ? AND (? = '' OR host_id = ?) AND start_time >= ? AND start_time < ? AND (? = 0 OR meeting_id = ?) "     \
    "AND EXISTS (SELECT 1 FROM recording_files f WHERE f.recording_uuid = recordings.uuid AND "                  \
    "(CASE WHEN f.trashed_at IS NULL THEN 0 ELSE 1 END) = ?) "

int64_t recording_store_count(struct db *db, const struct recording_filter *f)
{
    int64_t total = 0;
    const char *host = f->host_id ? f->host_id : "";
    struct db_stmt *st = db_query(db, "SELECT count(*) " REC_WHERE, "sssiiiin", f->account_id, host, host, f->from, f->to,
                                  f->meeting_id, f->meeting_id, f->trash);
    if (st && db_step(st) == DB_ROW)
        total = db_int(st, 0);
    db_done(st);
    return total;
}

void recording_store_page(struct db *db, const struct recording_filter *f,
                          int (*fn)(const struct recording_row *r, void *arg), void *arg)
{
    const char *host = f->host_id ? f->host_id : "";
    struct db_stmt *st =
        db_query(db,
                 "SELECT " REC_COLUMNS " " REC_WHERE
                 "AND (start_time < ? OR (start_time = ? AND uuid < ?)) ORDER BY start_time DESC, uuid DESC LIMIT ?",
                 "sssiiiiniisi", f->account_id, host, host, f->from, f->to, f->meeting_id, f->meeting_id, f->trash, f->after_time,
                 f->after_time, f->after_uuid, f->limit);
    while (st && db_step(st) == DB_ROW) {
        struct recording_row r;
        row_of(st, &r);
        if (fn(&r, arg) != 0)
            break;
    }
    db_done(st);
}

int64_t recording_store_trash_file(struct db *db, const char *uuid, const char *file_id, int64_t now)
{
    return db_run(db,
                  "UPDATE recording_files SET trashed_at = ? WHERE recording_uuid = ? AND id = ? AND "
                  "trashed_at IS NULL",
                  "iss", now, uuid, file_id) == DB_DONE
               ? db_changes(db)
               : -1;
}

int64_t recording_store_delete_file(struct db *db, const char *uuid, const char *file_id)
{
    return db_run(db, "DELETE FROM recording_files WHERE recording_uuid = ? AND id = ?", "ss", uuid, file_id) ==
                   DB_DONE
               ? db_changes(db)
               : -1;
}

int recording_store_trash(struct db *db, const char *uuid, int64_t now)
{
    return db_run(db, "UPDATE recording_files SET trashed_at = ? WHERE recording_uuid = ? AND trashed_at IS NULL",
                  "is", now, uuid) == DB_DONE
               ? 0
               : -1;
}

int recording_store_delete(struct db *db, const char *uuid)
{
    return db_run(db, "DELETE FROM recordings WHERE uuid = ?", "s", uuid) == DB_DONE ? 0 : -1;
}
