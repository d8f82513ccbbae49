/* The accounts, users, marketplace_permissions and reviewers tables: every
 * statement on them, rows in and out as market.h's structs. */
#include "market/accounts_store.h"
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

/* ---- accounts ---------------------------------------------------------------- */

#define ACCOUNT_COLUMNS "id, name, plan, created_at, rate_limits"

static void account_from_row(struct db_stmt *st, struct account *a)
{
    memset(a, 0, sizeof *a);
    db_copy(st, 0, a->id, sizeof a->id);
    db_copy(st, 1, a->name, sizeof a->name);
    db_copy(st, 2, a->plan, sizeof a->plan);
    a->created_at = db_int(st, 3);
    db_copy(st, 4, a->rate_limits, sizeof a->rate_limits);
}

int account_store_insert(struct db *db, const struct account *a)
{
    return db_run(db, "INSERT INTO accounts (id, name, plan, created_at) VALUES (?, ?, ?, ?)", "sssi", a->id, a->name,
                  a->plan, a->created_at) == DB_DONE
               ? 0
               : -1;
}

int account_store_get(struct db *db, const char *id, struct account *out)
{
    struct db_stmt *st = db_query(db, "SELECT " ACCOUNT_COLUMNS " FROM accounts WHERE id = ?", "s", id);
    if (!st)
        return -1;
    int rc = db_step(st);
    if (rc == DB_ROW)
        account_from_row(st, out);
    db_done(st);
    return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

int account_store_list(struct db *db, const char *after, struct account *out, int max, int *n)
{
    struct db_stmt *st =
        db_query(db, "SELECT " ACCOUNT_COLUMNS " FROM accounts WHERE id > ? ORDER BY id LIMIT ?", "sn", after, max);
    *n = 0;
    if (!st)
        return -1;
    int rc;
    while ((rc = db_step(st)) == DB_ROW)
        account_from_row(st, &out[(*n)++]);
    db_done(st);
    return rc == DB_DONE ? 0 : -1;
}

int account_store_update(struct db *db, const char *id, const char *name, const char *plan, const char *rate_limits)
{
    return db_run(db,
                  "UPDATE accounts SET name = COALESCE(?, name), plan = COALESCE(?, plan), "
                  "rate_limits = CASE WHEN ? = 1 THEN NULLIF(?, '') ELSE rate_limits END WHERE id = ?",
                  "ssnss", name, plan, rate_limits ? 1 : 0, rate_limits ? rate_limits : "", id) == DB_DONE
               ? 0
               : -1;
}

int account_store_delete(struct db *db, const char *id)
{
    return db_run(db, "DELETE FROM accounts WHERE id = ?", "s", id) == DB_DONE ? 0 : -1;
}

int account_store_rate_limits(struct db *db, void (*fn)(const char *account_id, const char *mode, void *arg),
                              void *arg)
{
    struct db_stmt *st = db_query(db, "SELECT id, rate_limits FROM accounts WHERE rate_limits IS NOT NULL", "");
    if (!st)
        return -1;
    while (db_step(st) == DB_ROW)
        fn(db_text(st, 0), db_text(st, 1), arg);
    db_done(st);
    return 0;
}

/* ---- users ------------------------------------------------------------------- */

#define USER_COLUMNS                                                                                              \
    "id, account_id, email, first_name, last_name, display_name, role, type, pmi, timezone, language, dept, "   \
    "job_title, location, phone_number, status, created_at, last_login_at, password_hash, extra"
#define USER_PASSWORD_HASH_COLUMN 18

static void user_from_row(struct db_stmt *st, struct user *u)
{
    memset(u, 0, sizeof *u);
    db_copy(st, 0, u->id, sizeof u->id);
    db_copy(st, 1, u->account_id, sizeof u->account_id);
    db_copy(st, 2, u->email, sizeof u->email);
    db_copy(st, 3, u->first_name, sizeof u->first_name);
    db_copy(st, 4, u->last_name, sizeof u->last_name);
    db_copy(st, 5, u->display_name, sizeof u->display_name);
    char role[8];
    db_copy(st, 6, role, sizeof role);
    user_role_parse(role, &u->role);
    u->type = (int)db_int(st, 7);
    u->pmi = db_int(st, 8);
    db_copy(st, 9, u->timezone, sizeof u->timezone);
    db_copy(st, 10, u->language, sizeof u->language);
    db_copy(st, 11, u->dept, sizeof u->dept);
    db_copy(st, 12, u->job_title, sizeof u->job_title);
    db_copy(st, 13, u->location, sizeof u->location);
    db_copy(st, 14, u->phone_number, sizeof u->phone_number);
    db_copy(st, 15, u->status, sizeof u->status);
    u->created_at = db_int(st, 16);
    u->last_login_at = db_is_null(st, 17) ? 0 : db_int(st, 17);
    u->has_password = !db_is_null(st, USER_PASSWORD_HASH_COLUMN);
    db_copy(st, 19, u->extra, sizeof u->extra);
}

static int user_one(struct db_stmt *st, struct user *out)
{
    if (!st)
        return -1;
    int rc = db_step(st);
    if (rc == DB_ROW)
        user_from_row(st, out);
    db_done(st);
    return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

int user_store_insert(struct db *db, const struct user *u, const char *password_hash)
{
    int rc = db_run(db,
                    "INSERT INTO users (" USER_COLUMNS ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                    "?, NULL, ?, '{}')",
                    "sssssssnisssssssis", u->id, u->account_id, u->email, u->first_name, u->last_name,
                    u->display_name, user_role_name(u->role), u->type, u->pmi, u->timezone, u->language, u->dept,
                    u->job_title, u->location, u->phone_number, u->status, u->created_at, password_hash);
    return rc == DB_DONE ? 0 : rc == DB_CONSTRAINT ? 1 : -1;
}

int user_store_by_id(struct db *db, const char *id, struct user *out)
{
    return user_one(db_query(db, "SELECT " USER_COLUMNS " FROM users WHERE id = ?", "s", id), out);
}

int user_store_by_email(struct db *db, const char *email, struct user *out)
{
    return user_one(db_query(db, "SELECT " USER_COLUMNS " FROM users WHERE email = ?", "s", email), out);
}

int user_store_by_lower_id(struct db *db, const char *account_id, const char *lower_id, struct user *out)
{
    return user_one(db_query(db, "SELECT " USER_COLUMNS " FROM users WHERE account_id = ? AND lower(id) = ?", "ss",
                             account_id, lower_id),
                    out);
}

int user_store_owner_of(struct db *db, const char *account_id, struct user *out)
{
    return user_one(
        db_query(db, "SELECT " USER_COLUMNS " FROM users WHERE account_id = ? AND role = 'owner'", "s", account_id),
        out);
}

int user_store_managers(struct db *db, const char *account_id, struct user *out, int max, int *n)
{
    struct db_stmt *st = db_query(db,
                                  "SELECT " USER_COLUMNS " FROM users WHERE account_id = ? AND role IN ('owner', "
                                  "'admin') ORDER BY role DESC, id LIMIT ?",
                                  "sn", account_id, max);
    *n = 0;
    if (!st)
        return -1;
    int rc;
    while ((rc = db_step(st)) == DB_ROW)
        user_from_row(st, &out[(*n)++]);
    db_done(st);
    return rc == DB_DONE ? 0 : -1;
}

#define USER_FILTER "account_id = ? AND (? = '' OR status = ?) AND (? = '' OR role = ?)"

int user_store_list(struct db *db, const struct user_store_filter *f, struct user *out, int max, int *n)
{
    const char *status = f->status ? f->status : "", *role = f->role ? f->role : "";
    struct db_stmt *st = db_query(db,
                                  "SELECT " USER_COLUMNS " FROM users WHERE " USER_FILTER " AND id > ? ORDER BY id "
                                  "LIMIT ? OFFSET ?",
                                  "ssssssni", f->account_id, status, status, role, role, f->after ? f->after : "", max,
                                  f->offset);
    *n = 0;
    if (!st)
        return -1;
    int rc;
    while ((rc = db_step(st)) == DB_ROW)
        user_from_row(st, &out[(*n)++]);
    db_done(st);
    return rc == DB_DONE ? 0 : -1;
}

int64_t user_store_count(struct db *db, const struct user_store_filter *f)
{
    const char *status = f->status ? f->status : "", *role = f->role ? f->role : "";
    int64_t total = -1;
    struct db_stmt *st = db_query(db, "SELECT count(*) FROM users WHERE " USER_FILTER, "sssss", f->account_id, status,
                                  status, role, role);
    if (st && db_step(st) == DB_ROW)
        total = db_int(st, 0);
    db_done(st);
    return total;
}

int user_store_with_password(struct db *db, const char *email, struct user *out, char hash[CRYPTO_PASSWORD_HASH])
{
    struct db_stmt *st =
        db_query(db, "SELECT " USER_COLUMNS " FROM users WHERE email = ? AND password_hash IS NOT NULL", "s", email);
    if (!st)
        return -1;
    int rc = db_step(st);
    if (rc == DB_ROW) {
        user_from_row(st, out);
        db_copy(st, USER_PASSWORD_HASH_COLUMN, hash, CRYPTO_PASSWORD_HASH);
    }
    db_done(st);
    return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

int user_store_touch_login(struct db *db, const char *user_id, int64_t at)
{
    return db_run(db, "UPDATE users SET last_login_at = ? WHERE id = ?", "is", at, user_id) == DB_DONE ? 0 : -1;
}

int user_store_save(struct db *db, const struct user *u)
{
    int rc = db_run(db,
                    "UPDATE users SET first_name = ?, last_name = ?, display_name = ?, type = ?, pmi = ?, "
                    "timezone = ?, language = ?, dept = ?, job_title = ?, location = ?, phone_number = ?, extra = ? "
                    "WHERE id = ?",
                    "sssnissssssss", u->first_name, u->last_name, u->display_name, u->type, u->pmi, u->timezone,
                    u->language, u->dept, u->job_title, u->location, u->phone_number, u->extra, u->id);
    return rc == DB_DONE ? 0 : rc == DB_CONSTRAINT ? 1 : -1;
}

/* ---- the Marketplace permissions role ---------------------------------------- */

int permission_store_has(struct db *db, const char *account_id, const char *user_id)
{
    return exists(db_query(db, "SELECT 1 FROM marketplace_permissions WHERE account_id = ? AND user_id = ?", "ss",
                           account_id, user_id));
}

int permission_store_grant(struct db *db, const char *account_id, const char *user_id, const char *granted_by,
                           int64_t at)
{
    return db_run(db,
                  "INSERT INTO marketplace_permissions (account_id, user_id, granted_by, granted_at) "
                  "VALUES (?, ?, ?, ?) ON CONFLICT (account_id, user_id) DO NOTHING",
                  "sssi", account_id, user_id, granted_by, at) == DB_DONE
               ? 0
               : -1;
}

int permission_store_revoke(struct db *db, const char *account_id, const char *user_id)
{
    if (db_run(db, "DELETE FROM marketplace_permissions WHERE account_id = ? AND user_id = ?", "ss", account_id,
               user_id) != DB_DONE)
        return -1;
    return db_changes(db) != 0;
}

int permission_store_list(struct db *db, const char *account_id, char (*user_ids)[ID_LEN], int max, int *n)
{
    struct db_stmt *st = db_query(db,
                                  "SELECT user_id FROM marketplace_permissions WHERE account_id = ? "
                                  "ORDER BY granted_at, user_id LIMIT ?",
                                  "sn", account_id, max);
    *n = 0;
    if (!st)
        return -1;
    while (*n < max && db_step(st) == DB_ROW)
        db_copy(st, 0, user_ids[(*n)++], ID_LEN);
    db_done(st);
    return 0;
}

/* ---- reviewers --------------------------------------------------------------- */

/* The two plaza-wide role tables have the same shape; their statements differ only in the table's name. */
static const char *const role_sql[][4] = {
    {"SELECT 1 FROM reviewers WHERE user_id = ?",
     "INSERT INTO reviewers (user_id, added_at) VALUES (?, ?) ON CONFLICT (user_id) DO NOTHING",
     "DELETE FROM reviewers WHERE user_id = ?", "SELECT user_id FROM reviewers ORDER BY added_at, user_id LIMIT ?"},
    {"SELECT 1 FROM operators WHERE user_id = ?",
     "INSERT INTO operators (user_id, added_at) VALUES (?, ?) ON CONFLICT (user_id) DO NOTHING",
     "DELETE FROM operators WHERE user_id = ?", "SELECT user_id FROM operators ORDER BY added_at, user_id LIMIT ?"},
};

int role_store_has(struct db *db, enum plaza_role role, const char *user_id)
{
    return exists(db_query(db, role_sql[role][0], "s", user_id));
}

int role_store_add(struct db *db, enum plaza_role role, const char *user_id, int64_t at)
{
    return db_run(db, role_sql[role][1], "si", user_id, at) == DB_DONE ? 0 : -1;
}

int role_store_remove(struct db *db, enum plaza_role role, const char *user_id)
{
    return db_run(db, role_sql[role][2], "s", user_id) == DB_DONE ? 0 : -1;
}

int role_store_list(struct db *db, enum plaza_role role, char (*user_ids)[ID_LEN], int max, int *n)
{
    struct db_stmt *st = db_query(db, role_sql[role][3], "n", max);
    *n = 0;
    if (!st)
        return -1;
    while (*n < max && db_step(st) == DB_ROW)
        db_copy(st, 0, user_ids[(*n)++], ID_LEN);
    db_done(st);
    return 0;
}
