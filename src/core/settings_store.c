/* The statements on the tables clock and meta, and the store's readiness
 * check. */
#include "core/settings_store.h"
#include "core/db.h"

int clock_store_offset(struct db *db, int64_t *offset)
{
    struct db_stmt *st = db_query(db, "SELECT offset_s FROM clock WHERE id = 1", "");
    if (!st)
        return -1;
    *offset = 0;
    if (db_step(st) == DB_ROW)
        *offset = db_int(st, 0);
    db_done(st);
    return 0;
}

int64_t clock_store_advance(struct db *db, int64_t seconds)
{
    struct db_stmt *st = db_query(db,
                                  "INSERT INTO clock (id, offset_s) VALUES (1, ?) "
                                  "ON CONFLICT (id) DO UPDATE SET offset_s = clock.offset_s + excluded.offset_s "
                                  "RETURNING offset_s",
                                  "i", seconds);
    int64_t next = st && db_step(st) == DB_ROW ? db_int(st, 0) : -1;
    db_done(st);
    return next;
}

int meta_store_get(struct db *db, const char *key, char *value, size_t size)
{
    struct db_stmt *st = db_query(db, "SELECT value FROM meta WHERE key = ?", "s", key);
    if (!st)
        return -1;
    int found = db_step(st) == DB_ROW;
    if (found)
        db_copy(st, 0, value, (unsigned)size);
    db_done(st);
    return found;
}

int meta_store_add(struct db *db, const char *key, const char *value)
{
    return db_run(db, "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING", "ss", key, value) ==
                   DB_DONE
               ? 0
               : -1;
}

int store_answers(struct db *db)
{
    struct db_stmt *st = db_query(db, "SELECT 1", "");
    int ok = st && db_step(st) == DB_ROW;
    db_done(st);
    return ok;
}
