/* Statements on app_sections, app_env_tabs, app_media and app_domains (app_listing_store.h). */
#include "market/app_listing_store.h"
#include "core/db.h"

#include <stdlib.h>
#include <string.h>

/* ---- documents: sections and the Production tab --------------------------------------- */

int section_store_get(struct db *db, const char *app_id, json_t **doc)
{
    *doc = NULL;
    struct db_stmt *st = db_query(db, "SELECT doc FROM app_sections WHERE app_id = ?", "s", app_id);
    if (!st)
        return -1;
    int rc = db_step(st);
    if (rc == DB_ROW)
        *doc = json_loads(db_text(st, 0), 0, NULL);
    db_done(st);
    return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

int section_store_put(struct db *db, const char *app_id, const char *doc, int64_t now)
{
    return db_run(db,
                  "INSERT INTO app_sections (app_id, doc, updated_at) VALUES (?, ?, ?) ON CONFLICT (app_id) DO "
                  "UPDATE SET doc = excluded.doc, updated_at = excluded.updated_at",
                  "ssi", app_id, doc, now);
}

int tab_store_get(struct db *db, const char *app_id, enum app_env env, json_t **doc)
{
    *doc = NULL;
    struct db_stmt *st =
        db_query(db, "SELECT doc FROM app_env_tabs WHERE app_id = ? AND env = ?", "ss", app_id, app_env_name(env));
    if (!st)
        return -1;
    int rc = db_step(st);
    if (rc == DB_ROW)
        *doc = json_loads(db_text(st, 0), 0, NULL);
    db_done(st);
    return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

int tab_store_put(struct db *db, const char *app_id, enum app_env env, const char *doc, int64_t now)
{
    return db_run(db,
                  "INSERT INTO app_env_tabs (app_id, env, doc, updated_at) VALUES (?, ?, ?, ?) "
                  "ON CONFLICT (app_id, env) DO UPDATE SET doc = excluded.doc, updated_at = excluded.updated_at",
                  "sssi", app_id, app_env_name(env), doc, now);
}

/* ---- media --------------------------------------------------------------------- */

#define MEDIA_COLUMNS "id, app_id, kind, filename, content_type, width, height, size, sha256, created_at"

static void media_from_row(struct db_stmt *st, struct media *m)
{
    char kind[48];
    memset(m, 0, sizeof *m);
    db_copy(st, 0, m->id, sizeof m->id);
    db_copy(st, 1, m->app_id, sizeof m->app_id);
    db_copy(st, 2, kind, sizeof kind);
    media_kind_parse(kind, &m->kind);
    db_copy(st, 3, m->filename, sizeof m->filename);
    db_copy(st, 4, m->content_type, sizeof m->content_type);
    m->width = (int)db_int(st, 5);
    m->height = (int)db_int(st, 6);
    m->size = db_int(st, 7);
    db_copy(st, 8, m->sha256, sizeof m->sha256);
    m->created_at = db_int(st, 9);
}

int media_store_count(struct db *db, const char *app_id, enum media_kind kind)
{
    struct db_stmt *st = db_query(db, "SELECT count(*) FROM app_media WHERE app_id = ? AND kind = ?", "ss", app_id,
                                  media_kind_name(kind));
    int c = st && db_step(st) == DB_ROW ? (int)db_int(st, 0) : 0;
    db_done(st);
    return c;
}

int media_store_counts(struct db *db, const char *app_id, int counts[MEDIA_KIND_COUNT])
{
    memset(counts, 0, sizeof(int) * MEDIA_KIND_COUNT);
    struct db_stmt *st = db_query(db, "SELECT kind, count(*) FROM app_media WHERE app_id = ? GROUP BY kind", "s",
                                  app_id);
    if (!st)
        return -1;
    while (db_step(st) == DB_ROW) {
        enum media_kind k;
        if (media_kind_parse(db_text(st, 0), &k) == 0)
            counts[k] = (int)db_int(st, 1);
    }
    db_done(st);
    return 0;
}

int media_store_list(struct db *db, const char *app_id, struct media *out, int max, int *n)
{
    *n = 0;
    struct db_stmt *st = db_query(db, "SELECT " MEDIA_COLUMNS " FROM app_media WHERE app_id = ? ORDER BY seq LIMIT ?",
                                  "sn", app_id, max);
    if (!st)
        return -1;
    while (*n < max && db_step(st) == DB_ROW)
        media_from_row(st, &out[(*n)++]);
    db_done(st);
    return 0;
}

int media_store_find(struct db *db, const char *app_id, const char *media_id, struct media *out)
{
    struct db_stmt *st =
        db_query(db, "SELECT " MEDIA_COLUMNS " FROM app_media WHERE app_id = ? AND id = ?", "ss", app_id, media_id);
    if (!st)
        return -1;
    int rc = db_step(st);
    if (rc == DB_ROW)
        media_from_row(st, out);
    db_done(st);
    return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

int media_store_read(struct db *db, const char *app_id, const char *media_id, struct media *out, void **data,
                     size_t *n)
{
    *data = NULL;
    *n = 0;
    struct db_stmt *st = db_query(db, "SELECT " MEDIA_COLUMNS ", data FROM app_media WHERE app_id = ? AND id = ?",
                                  "ss", app_id, media_id);
    if (!st)
        return -1;
    int rc = db_step(st);
    if (rc == DB_ROW) {
        media_from_row(st, out);
        size_t len;
        const void *p = db_blob(st, 10, &len);
        if ((*data = malloc(len ? len : 1)) != NULL) {
            memcpy(*data, p, len);
            *n = len;
        }
    }
    db_done(st);
    return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

int media_store_insert(struct db *db, const struct media *m, const void *data, size_t n, int64_t seq)
{
    return db_run(db,
                  "INSERT INTO app_media (id, app_id, kind, filename, content_type, width, height, size, sha256, "
                  "data, created_at, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                  "CASE WHEN ? > 0 THEN ? ELSE (SELECT COALESCE(max(seq), 0) + 1 FROM app_media WHERE app_id = ?) END)",
                  "sssssnnisbiiis", m->id, m->app_id, media_kind_name(m->kind), m->filename, m->content_type,
                  m->width, m->height, m->size, m->sha256, data, n, m->created_at, seq, seq, m->app_id);
}

int media_store_take(struct db *db, const char *app_id, const char *media_id, int64_t *seq)
{
    struct db_stmt *st =
        db_query(db, "DELETE FROM app_media WHERE app_id = ? AND id = ? RETURNING seq", "ss", app_id, media_id);
    if (!st)
        return -1;
    int rc = db_step(st);
    if (rc == DB_ROW)
        *seq = db_int(st, 0);
    db_done(st);
    return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

int media_store_remove_kind(struct db *db, const char *app_id, enum media_kind kind)
{
    return db_run(db, "DELETE FROM app_media WHERE app_id = ? AND kind = ?", "ss", app_id, media_kind_name(kind));
}

int media_store_delete(struct db *db, const char *app_id, const char *media_id)
{
    if (db_run(db, "DELETE FROM app_media WHERE app_id = ? AND id = ?", "ss", app_id, media_id) != DB_DONE)
        return -1;
    return db_changes(db) != 0;
}

/* ---- domains ------------------------------------------------------------------- */

void domain_store_get(struct db *db, const char *app_id, struct app_domain *d)
{
    struct db_stmt *st = db_query(db,
                                  "SELECT verified_at, method, checked_at, last_error FROM app_domains "
                                  "WHERE app_id = ? AND origin = ?",
                                  "ss", app_id, d->origin);
    if (st && db_step(st) == DB_ROW) {
        d->verified = !db_is_null(st, 0);
        d->verified_at = d->verified ? db_int(st, 0) : 0;
        db_copy(st, 1, d->method, sizeof d->method);
        d->checked_at = db_is_null(st, 2) ? 0 : db_int(st, 2);
        db_copy(st, 3, d->last_error, sizeof d->last_error);
    }
    db_done(st);
}

int domain_store_put(struct db *db, const char *app_id, const struct app_domain *d, int64_t now)
{
    return db_run(db,
                  "INSERT INTO app_domains (app_id, origin, verified_at, method, checked_at, last_error) "
                  "VALUES (?, ?, CASE WHEN ? = 1 THEN ? END, ?, ?, ?) ON CONFLICT (app_id, origin) DO UPDATE SET "
                  "verified_at = excluded.verified_at, method = excluded.method, checked_at = excluded.checked_at, "
                  "last_error = excluded.last_error",
                  "ssnisis", app_id, d->origin, d->verified, now, d->verified ? d->method : NULL, now, d->last_error);
}
