/* Versions of an app: the snapshot taken at each submission, the live
 * (published) version whose scopes outside accounts get, and the edit rules:
 * no edits while a version is submitted, in review or approved; an edit of a
 * published app opens the next version as a draft, while installs of the
 * live one keep working. */
#include "core/clock.h"
#include "core/db.h"
#include "market/market.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int app_edit_check(struct db *db, const struct app *a, struct perr *e)
{
    (void)db;
    enum app_state s;
    if (app_state_parse(a->status, &s) != 0)
        s = APP_DRAFT;
    if (app_state_next(s, APP_EV_EDIT) >= 0)
        return 0;
    perr_set(e, PERR_CONFLICT, "App %s is %s: it cannot be edited until it is %s.", a->id, a->status,
             s == APP_APPROVED ? "published or withdrawn" : "withdrawn or decided");
    perr_field(e, "status", "is %s; withdraw the submission to edit the app", a->status);
    e->kind = PERR_CONFLICT;
    return -1;
}

int app_edit_done(struct db *db, const struct app *before)
{
    if (strcmp(before->status, "published") == 0) {
        int64_t now = clock_now();
        struct db_stmt *st = db_query(db,
                                      "UPDATE apps SET version = version + 1, status = 'draft', updated_at = ? "
                                      "WHERE id = ? AND status = 'published' RETURNING version",
                                      "is", now, before->id);
        int version = st && db_step(st) == DB_ROW ? (int)db_int(st, 0) : 0;
        db_done(st);
        if (!version)
            return -1;
        char scopes[SCOPES_STR_MAX];
        char notes[80];
        snprintf(notes, sizeof notes, "An edit of the published app opened version %d.", version);
        if (app_scopes(db, before->id, scopes, sizeof scopes) != 0 ||
            db_run(db,
                   "INSERT INTO app_versions (app_id, version, status, scopes, snapshot, created_at) "
                   "VALUES (?, ?, 'draft', ?, '{}', ?) ON CONFLICT (app_id, version) DO NOTHING",
                   "snsi", before->id, version, scopes, now) != DB_DONE ||
            db_run(db,
                   "INSERT INTO app_transitions (app_id, version, from_status, to_status, actor_kind, actor_id, "
                   "notes, sections, at) VALUES (?, ?, 'published', 'draft', 'developer', '', ?, '', ?)",
                   "snsi", before->id, version, notes, now) != DB_DONE)
            return -1;
    }
    return link_recheck(db, before->id);
}

int app_current_version(struct db *db, const char *app_id)
{
    struct db_stmt *st = db_query(db, "SELECT version FROM apps WHERE id = ?", "s", app_id);
    int v = st && db_step(st) == DB_ROW ? (int)db_int(st, 0) : 0;
    db_done(st);
    return v;
}

int app_live_version(struct db *db, const char *app_id, char *scopes, size_t size)
{
    if (scopes)
        scopes[0] = '\0';
    struct db_stmt *st = db_query(db,
                                  "SELECT v.version, v.scopes FROM apps a JOIN app_versions v ON v.app_id = a.id AND "
                                  "v.version = a.live_version WHERE a.id = ?",
                                  "s", app_id);
    int v = 0;
    if (st && db_step(st) == DB_ROW) {
        v = (int)db_int(st, 0);
        if (scopes)
            snprintf(scopes, size, "%s", db_text(st, 1));
    }
    db_done(st);
    return v;
}

static int64_t opt_int(struct db_stmt *st, int col) { return db_is_null(st, col) ? 0 : db_int(st, col); }

int app_versions(struct db *db, const char *app_id, struct app_version *out, int max, int *n, struct perr *e)
{
    struct app a;
    *n = 0;
    if (app_get(db, app_id, &a, e) != 0)
        return -1;
    struct db_stmt *st = db_query(db,
                                  "SELECT version, status, scopes, created_at, submitted_at, decided_at, published_at "
                                  "FROM app_versions WHERE app_id = ? ORDER BY version DESC LIMIT ?",
                                  "sn", app_id, max);
    if (!st)
        return perr_set(e, PERR_INTERNAL, "Listing versions failed.");
    int current = app_current_version(db, app_id), seen_current = 0;
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
        seen_current |= v->version == current;
    }
    db_done(st);
    if (!seen_current && *n < max) { /* a first draft, never submitted: no row yet */
        memmove(out + 1, out, sizeof *out * (size_t)*n);
        memset(out, 0, sizeof *out);
        out->version = current;
        snprintf(out->status, sizeof out->status, "%s", a.status);
        app_scopes(db, app_id, out->scopes, sizeof out->scopes);
        out->created_at = a.created_at;
        (*n)++;
    }
    return 0;
}
