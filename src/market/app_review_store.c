/* Statements on app_versions and app_transitions (app_review_store.h). */
#include "market/app_review_store.h"
#include "core/db.h"

#include <stdio.h>
#include <string.h>

/* ---- versions ------------------------------------------------------------------ */

int version_store_open(struct db *db, const char *app_id, int version, const char *scopes, int64_t now)
{
    return db_run(db,
                  "INSERT INTO app_versions (app_id, version, status, scopes, snapshot, created_at) "
                  "VALUES (?, ?, 'draft', ?, '{}', ?) ON CONFLICT (app_id, version) DO NOTHING",
                  "snsi", app_id, version, scopes, now);
}

int version_store_submit(struct db *db, const char *app_id, int version, const char *scopes, const char *snapshot,
                         int64_t now)
{
    return db_run(db,
                  "INSERT INTO app_versions (app_id, version, status, scopes, snapshot, created_at, submitted_at) "
                  "VALUES (?, ?, 'draft', ?, ?, ?, ?) ON CONFLICT (app_id, version) DO UPDATE SET "
                  "scopes = excluded.scopes, snapshot = excluded.snapshot, submitted_at = excluded.submitted_at, "
                  "decided_at = NULL",
                  "snssii", app_id, version, scopes, snapshot, now, now);
}

int version_store_move(struct db *db, const char *app_id, int version, const char *to, int64_t now)
{
    return db_run(db,
                  "UPDATE app_versions SET status = ?, "
                  "decided_at = CASE WHEN ? IN ('approved', 'rejected') THEN ? ELSE decided_at END, "
                  "published_at = CASE WHEN ? = 'published' THEN ? ELSE published_at END "
                  "WHERE app_id = ? AND version = ?",
                  "ssisisn", to, to, now, to, now, app_id, version);
}

int version_store_supersede(struct db *db, const char *app_id, int live, int version)
{
    return db_run(db,
                  "UPDATE app_versions SET status = 'superseded' WHERE app_id = ? AND version = ? AND version <> ?",
                  "snn", app_id, live, version);
}

int version_store_scopes(struct db *db, const char *app_id, int version, char *scopes, size_t size)
{
    struct db_stmt *st =
        db_query(db, "SELECT scopes FROM app_versions WHERE app_id = ? AND version = ?", "sn", app_id, version);
    if (!st)
        return -1;
    int rc = db_step(st);
    if (rc == DB_ROW && scopes)
        snprintf(scopes, size, "%s", db_text(st, 0));
    db_done(st);
    return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

static int64_t opt_int(struct db_stmt *st, int col) { return db_is_null(st, col) ? 0 : db_int(st, col); }

int version_store_list(struct db *db, const char *app_id, struct app_version *out, int max, int *n)
{
    *n = 0;
    struct db_stmt *st = db_query(db,
                                  "SELECT version, status, scopes, created_at, submitted_at, decided_at, published_at "
                                  "FROM app_versions WHERE app_id = ? ORDER BY version DESC LIMIT ?",
                                  "sn", app_id, max);
    if (!st)
        return -1;
    while (*n < max && db_step(st) == DB_ROW) {
        struct app_version *v = &out[(*n)++];
        memset(v, 0, sizeof *v);
        v->version = (int)db_int(st, 0);
        db_copy(st, 1, v->status, sizeof v->status);
        db_copy(st, 2, v->scopes, sizeof v->scopes);
        v->created_at = db_int(st, 3);
        v->submitted_at = opt_int(st, 4);
        v->decided_at = opt_int(st, 5);
        v->published_at = opt_int(st, 6);
    }
    db_done(st);
    return 0;
}

/* ---- transitions --------------------------------------------------------------- */

int transition_store_insert(struct db *db, const struct transition_new *t)
{
    return db_run(db,
                  "INSERT INTO app_transitions (app_id, version, from_status, to_status, actor_kind, actor_id, notes, "
                  "sections, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  "snssssssi", t->app_id, t->version, t->from, t->to, t->actor_kind, t->actor_id, t->notes,
                  t->sections, t->at);
}

int transition_store_ever_approved(struct db *db, const char *app_id)
{
    struct db_stmt *st = db_query(db, "SELECT 1 FROM app_transitions WHERE app_id = ? AND to_status = 'approved'",
                                  "s", app_id);
    if (!st)
        return -1;
    int rc = db_step(st);
    db_done(st);
    return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

#define TRANSITION_COLUMNS "id, version, from_status, to_status, actor_kind, actor_id, notes, sections, at"

static void transition_from_row(struct db_stmt *st, struct app_transition *t)
{
    t->id = db_int(st, 0);
    t->version = (int)db_int(st, 1);
    db_copy(st, 2, t->from, sizeof t->from);
    db_copy(st, 3, t->to, sizeof t->to);
    db_copy(st, 4, t->actor_kind, sizeof t->actor_kind);
    db_copy(st, 5, t->actor_id, sizeof t->actor_id);
    db_copy(st, 6, t->notes, sizeof t->notes);
    db_copy(st, 7, t->sections, sizeof t->sections);
    t->at = db_int(st, 8);
    t->actor_email[0] = '\0';
}

int transition_store_list(struct db *db, const char *app_id, struct app_transition *out, int max, int *n)
{
    *n = 0;
    struct db_stmt *st = db_query(
        db, "SELECT " TRANSITION_COLUMNS " FROM app_transitions WHERE app_id = ? ORDER BY id LIMIT ?", "sn", app_id, max);
    if (!st)
        return -1;
    int rc;
    while (*n < max && (rc = db_step(st)) == DB_ROW)
        transition_from_row(st, &out[(*n)++]);
    db_done(st);
    return 0;
}

int transition_store_last_decision(struct db *db, const char *app_id, struct app_transition *out)
{
    struct db_stmt *st = db_query(db,
                                  "SELECT " TRANSITION_COLUMNS " FROM app_transitions WHERE app_id = ? AND "
                                  "to_status IN ('approved', 'rejected') ORDER BY id DESC LIMIT 1",
                                  "s", app_id);
    if (!st)
        return -1;
    int rc = db_step(st);
    if (rc == DB_ROW)
        transition_from_row(st, out);
    db_done(st);
    return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

int transition_store_submitter(struct db *db, const char *app_id, int version, char *out, size_t size)
{
    struct db_stmt *st = db_query(db,
                                  "SELECT actor_id FROM app_transitions WHERE app_id = ? AND version = ? AND "
                                  "to_status = 'submitted' ORDER BY id DESC LIMIT 1",
                                  "sn", app_id, version);
    if (!st)
        return -1;
    int rc = db_step(st);
    if (rc == DB_ROW)
        db_copy(st, 0, out, (unsigned)size);
    db_done(st);
    return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}
