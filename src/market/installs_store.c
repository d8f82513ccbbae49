/* The installs, account_app_policies and preapproved_apps tables: every
 * statement on them, rows in and out as market.h's structs. */
#include "market/installs_store.h"
#include "core/db.h"

#include <string.h>

/* 1 when a statement yields a row, 0 when none, -1 when it failed; done with it either way. */
static int exists(struct db_stmt *st)
{
    if (!st)
        return -1;
    int rc = db_step(st);
    db_done(st);
    return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

/* ---- installs ---------------------------------------------------------------- */

#define INSTALL_COLUMNS                                                                                           \
    "id, app_id, env, account_id, user_id, installed_by, scopes, generation, created_at, updated_at, revoked_at"

static void install_from_row(struct db_stmt *st, struct install *out)
{
    memset(out, 0, sizeof *out);
    out->id = db_int(st, 0);
    db_copy(st, 1, out->app_id, sizeof out->app_id);
    char env[16];
    db_copy(st, 2, env, sizeof env);
    app_env_parse(env, &out->env);
    db_copy(st, 3, out->account_id, sizeof out->account_id);
    db_copy(st, 4, out->user_id, sizeof out->user_id);
    db_copy(st, 5, out->installed_by, sizeof out->installed_by);
    db_copy(st, 6, out->scopes, sizeof out->scopes);
    out->generation = (uint32_t)db_int(st, 7);
    out->created_at = db_int(st, 8);
    out->updated_at = db_int(st, 9);
    out->revoked_at = db_is_null(st, 10) ? 0 : db_int(st, 10);
}

/* Reads the next row of a statement over INSTALL_COLUMNS: 1 read, 0 done, -1 error. */
static int install_next(struct db_stmt *st, struct install *out)
{
    int rc = db_step(st);
    if (rc == DB_ROW)
        install_from_row(st, out);
    return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

static int install_one(struct db_stmt *st, struct install *out)
{
    if (!st)
        return -1;
    int rc = install_next(st, out);
    db_done(st);
    return rc;
}

int install_store_state(struct db *db, int64_t id, uint32_t *generation, int *revoked)
{
    struct db_stmt *st = db_query(db, "SELECT generation, revoked_at FROM installs WHERE id = ?", "i", id);
    if (!st)
        return -1;
    int rc = db_step(st);
    if (rc == DB_ROW) {
        *generation = (uint32_t)db_int(st, 0);
        *revoked = !db_is_null(st, 1);
    }
    db_done(st);
    return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

int install_store_each_state(struct db *db, void (*fn)(int64_t id, uint32_t generation, int revoked, void *arg),
                             void *arg)
{
    struct db_stmt *st = db_query(db, "SELECT id, generation, revoked_at FROM installs", "");
    if (!st)
        return -1;
    int rc;
    while ((rc = db_step(st)) == DB_ROW)
        fn(db_int(st, 0), (uint32_t)db_int(st, 1), !db_is_null(st, 2), arg);
    db_done(st);
    return rc == DB_DONE ? 0 : -1;
}

int install_store_active_app_ids(struct db *db, const char *account_id, const char *after, char (*ids)[ID_LEN],
                                 int max, int *n)
{
    *n = 0;
    struct db_stmt *st = db_query(db,
                                  "SELECT DISTINCT app_id FROM installs WHERE account_id = ? AND revoked_at IS NULL "
                                  "AND app_id > ? ORDER BY app_id LIMIT ?",
                                  "ssn", account_id, after, max);
    if (!st)
        return -1;
    int rc;
    while ((rc = db_step(st)) == DB_ROW && *n < max)
        db_copy(st, 0, ids[(*n)++], ID_LEN);
    db_done(st);
    return rc == DB_ROW || rc == DB_DONE ? 0 : -1;
}

int install_store_each_of_account(struct db *db, const char *account_id, void (*fn)(int64_t id, void *arg),
                                  void *arg)
{
    struct db_stmt *st = db_query(db, "SELECT id FROM installs WHERE account_id = ?", "s", account_id);
    if (!st)
        return -1;
    int rc;
    while ((rc = db_step(st)) == DB_ROW)
        fn(db_int(st, 0), arg);
    db_done(st);
    return rc == DB_DONE ? 0 : -1;
}

int install_store_each_of_app(struct db *db, const char *app_id, void (*fn)(int64_t id, void *arg), void *arg)
{
    struct db_stmt *st = db_query(db, "SELECT id FROM installs WHERE app_id = ?", "s", app_id);
    if (!st)
        return -1;
    int rc;
    while ((rc = db_step(st)) == DB_ROW)
        fn(db_int(st, 0), arg);
    db_done(st);
    return rc == DB_DONE ? 0 : -1;
}

int install_store_find(struct db *db, const char *app_id, enum app_env env, const char *account_id,
                       const char *user_id, struct install *out)
{
    return install_one(db_query(db,
                                "SELECT " INSTALL_COLUMNS " FROM installs WHERE app_id = ? AND env = ? AND "
                                "account_id = ? AND user_id = ?",
                                "ssss", app_id, app_env_name(env), account_id, user_id),
                       out);
}

int install_store_get(struct db *db, int64_t id, struct install *out)
{
    return install_one(db_query(db, "SELECT " INSTALL_COLUMNS " FROM installs WHERE id = ?", "i", id), out);
}

int install_store_upsert(struct db *db, const struct install_new *in, struct install *out)
{
    /* a revoked install comes back with a new generation; an active one keeps its own */
    int rc = install_one(db_query(db,
                                  "INSERT INTO installs (app_id, env, account_id, user_id, installed_by, scopes, "
                                  "generation, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?) "
                                  "ON CONFLICT (app_id, env, account_id, user_id) DO UPDATE SET "
                                  "installed_by = excluded.installed_by, scopes = excluded.scopes, "
                                  "generation = CASE WHEN installs.revoked_at IS NULL THEN installs.generation "
                                  "ELSE installs.generation + 1 END, "
                                  "updated_at = excluded.updated_at, revoked_at = NULL "
                                  "RETURNING " INSTALL_COLUMNS,
                                  "ssssssii", in->app_id, app_env_name(in->env), in->account_id, in->user_id,
                                  in->installed_by, in->scopes, in->at, in->at),
                         out);
    return rc == 1 ? 0 : -1;
}

int install_store_bump(struct db *db, int64_t id, int64_t at, uint32_t *generation, int *revoked)
{
    struct db_stmt *st = db_query(db,
                                  "UPDATE installs SET generation = generation + 1, updated_at = ? WHERE id = ? "
                                  "RETURNING generation, revoked_at",
                                  "ii", at, id);
    if (!st)
        return -1;
    int rc = db_step(st);
    if (rc == DB_ROW) {
        *generation = (uint32_t)db_int(st, 0);
        *revoked = !db_is_null(st, 1);
    }
    db_done(st);
    return rc == DB_ROW ? 0 : -1;
}

int install_store_revoke(struct db *db, int64_t id, int64_t at, uint32_t *generation)
{
    struct db_stmt *st = db_query(db,
                                  "UPDATE installs SET generation = generation + 1, revoked_at = COALESCE(revoked_at, "
                                  "?), updated_at = ? WHERE id = ? RETURNING generation",
                                  "iii", at, at, id);
    int ok = st && db_step(st) == DB_ROW;
    if (ok)
        *generation = (uint32_t)db_int(st, 0);
    db_done(st);
    return ok ? 0 : -1;
}

int install_store_list(struct db *db, const struct install_filter *f, struct install *out, int max, int *n)
{
    *n = 0;
    struct db_stmt *st = db_query(db,
                                  "SELECT " INSTALL_COLUMNS " FROM installs WHERE (? IS NULL OR app_id = ?) AND "
                                  "(? IS NULL OR account_id = ?) AND (? IS NULL OR user_id = ? OR installed_by = ?) "
                                  "AND id > ? ORDER BY id LIMIT ?",
                                  "sssssssin", f->app_id, f->app_id, f->account_id, f->account_id, f->user_id,
                                  f->user_id, f->user_id, f->after, max);
    if (!st)
        return -1;
    while (*n < max && install_next(st, &out[*n]) == 1)
        (*n)++;
    db_done(st);
    return 0;
}

int install_store_shared_active(struct db *db, const char *app_id, const char *account_id)
{
    return exists(db_query(db,
                           "SELECT 1 FROM installs WHERE app_id = ? AND env = 'development' AND account_id = ? "
                           "AND via = 'shared' AND revoked_at IS NULL",
                           "ss", app_id, account_id));
}

int install_store_note(struct db *db, int64_t id, int app_version, const char *via)
{
    return db_run(db, "UPDATE installs SET app_version = ?, via = COALESCE(via, ?) WHERE id = ?", "nsi", app_version,
                  via, id) == DB_DONE
               ? 0
               : -1;
}

int install_store_list_app(struct db *db, const char *app_id, struct market_install *out, int max, int *n)
{
    *n = 0;
    struct db_stmt *st = db_query(db, "SELECT " INSTALL_COLUMNS ", app_version, via FROM installs "
                                      "WHERE app_id = ? ORDER BY id LIMIT ?",
                                  "sn", app_id, max);
    if (!st)
        return -1;
    while (*n < max && db_step(st) == DB_ROW) {
        struct market_install *m = &out[(*n)++];
        memset(m, 0, sizeof *m);
        install_from_row(st, &m->ins);
        m->app_version = db_is_null(st, 11) ? 0 : (int)db_int(st, 11);
        db_copy(st, 12, m->via, sizeof m->via);
    }
    db_done(st);
    return 0;
}

/* ---- pre-approval ------------------------------------------------------------ */

int app_policy_store_requires_preapproval(struct db *db, const char *account_id)
{
    struct db_stmt *st =
        db_query(db, "SELECT require_preapproval FROM account_app_policies WHERE account_id = ?", "s", account_id);
    int yes = st && db_step(st) == DB_ROW && db_int(st, 0) != 0;
    db_done(st);
    return yes;
}

int app_policy_store_set(struct db *db, const char *account_id, int require, const char *updated_by, int64_t at)
{
    return db_run(db,
                  "INSERT INTO account_app_policies (account_id, require_preapproval, updated_by, updated_at) "
                  "VALUES (?, ?, ?, ?) ON CONFLICT (account_id) DO UPDATE SET require_preapproval = "
                  "excluded.require_preapproval, updated_by = excluded.updated_by, updated_at = excluded.updated_at",
                  "snsi", account_id, require ? 1 : 0, updated_by, at) == DB_DONE
               ? 0
               : -1;
}

int preapproval_store_has(struct db *db, const char *account_id, const char *app_id)
{
    return exists(
        db_query(db, "SELECT 1 FROM preapproved_apps WHERE account_id = ? AND app_id = ?", "ss", account_id, app_id));
}

int preapproval_store_count(struct db *db, const char *account_id)
{
    struct db_stmt *st = db_query(db, "SELECT count(*) FROM preapproved_apps WHERE account_id = ?", "s", account_id);
    int count = st && db_step(st) == DB_ROW ? (int)db_int(st, 0) : 0;
    db_done(st);
    return count;
}

int preapproval_store_add(struct db *db, const char *account_id, const char *app_id, const char *approved_by,
                          int64_t at)
{
    return db_run(db,
                  "INSERT INTO preapproved_apps (account_id, app_id, approved_by, approved_at) VALUES (?, ?, ?, ?) "
                  "ON CONFLICT (account_id, app_id) DO NOTHING",
                  "sssi", account_id, app_id, approved_by, at) == DB_DONE
               ? 0
               : -1;
}

int preapproval_store_remove(struct db *db, const char *account_id, const char *app_id)
{
    return db_run(db, "DELETE FROM preapproved_apps WHERE account_id = ? AND app_id = ?", "ss", account_id, app_id) ==
                   DB_DONE
               ? 0
               : -1;
}

int preapproval_store_list(struct db *db, const char *account_id, char (*app_ids)[ID_LEN], int max, int *n)
{
    *n = 0;
    struct db_stmt *st = db_query(
        db, "SELECT app_id FROM preapproved_apps WHERE account_id = ? ORDER BY approved_at, app_id LIMIT ?", "sn",
        account_id, max);
    if (!st)
        return -1;
    while (*n < max && db_step(st) == DB_ROW)
        db_copy(st, 0, app_ids[(*n)++], ID_LEN);
    db_done(st);
    return 0;
}
