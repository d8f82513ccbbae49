/* The SQL of a user's settings, assistants, profile picture and chatbot
 * messages. */
#include "api/user_data_store.h"
#include "core/db.h"

#include <stdlib.h>
#include <string.h>

char *user_settings_store_get(struct db *db, const char *user_id)
{
    char *doc = NULL;
    struct db_stmt *st = db_query(db, "SELECT doc FROM user_settings WHERE user_id = ?", "s", user_id);
    if (st && db_step(st) == DB_ROW && db_text(st, 0))
        doc = strdup(db_text(st, 0));
    db_done(st);
    return doc;
}

int user_settings_store_put(struct db *db, const char *user_id, const char *doc)
{
    return db_run(db,
                  "INSERT INTO user_settings (user_id, doc) VALUES (?, ?) "
                  "ON CONFLICT (user_id) DO UPDATE SET doc = excluded.doc",
                  "ss", user_id, doc) == DB_DONE
               ? 0
               : -1;
}

/* ---- assistants ------------------------------------------------------------------ */

int assistant_store_add(struct db *db, const char *user_id, const char *assistant_id, int64_t now)
{
    return db_run(db,
                  "INSERT INTO assistants (user_id, assistant_id, created_at) VALUES (?, ?, ?) "
                  "ON CONFLICT (user_id, assistant_id) DO NOTHING",
                  "ssi", user_id, assistant_id, now) == DB_DONE
               ? 0
               : -1;
}

int assistant_store_each(struct db *db, const char *user_id,
                         void (*fn)(const char *assistant_id, int64_t created_at, void *arg), void *arg)
{
    struct db_stmt *st = db_query(
        db, "SELECT assistant_id, created_at FROM assistants WHERE user_id = ? ORDER BY created_at, assistant_id", "s",
        user_id);
    if (!st)
        return -1;
    int rc;
    while ((rc = db_step(st)) == DB_ROW)
        fn(db_text(st, 0), db_int(st, 1), arg);
    db_done(st);
    return rc == DB_DONE ? 0 : -1;
}

int64_t assistant_store_remove(struct db *db, const char *user_id, const char *assistant_id)
{
    int rc = assistant_id
                 ? db_run(db, "DELETE FROM assistants WHERE user_id = ? AND assistant_id = ?", "ss", user_id, assistant_id)
                 : db_run(db, "DELETE FROM assistants WHERE user_id = ?", "s", user_id);
    return rc == DB_DONE ? db_changes(db) : -1;
}

/* ---- pictures --------------------------------------------------------------------- */

int picture_store_put(struct db *db, const struct user_picture *p)
{
    return db_run(db,
                  "INSERT INTO user_pictures (user_id, file, content_type, width, height, size, data, created_at) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (user_id) DO UPDATE SET file = excluded.file, "
                  "content_type = excluded.content_type, width = excluded.width, height = excluded.height, "
                  "size = excluded.size, data = excluded.data, created_at = excluded.created_at",
                  "sssnnibi", p->user_id, p->file, p->content_type, p->width, p->height, (int64_t)p->size, p->data,
                  p->size, p->created_at) == DB_DONE
               ? 0
               : -1;
}

int picture_store_delete(struct db *db, const char *user_id)
{
    return db_run(db, "DELETE FROM user_pictures WHERE user_id = ?", "s", user_id) == DB_DONE ? 0 : -1;
}

int picture_store_get(struct db *db, const char *user_id, const char *file, char content_type[48], void **data,
                      size_t *n)
{
    *data = NULL;
    *n = 0;
    struct db_stmt *st = db_query(db, "SELECT content_type, data FROM user_pictures WHERE user_id = ? AND file = ?",
                                  "ss", user_id, file);
    if (!st)
        return -1;
    int rc = db_step(st);
    if (rc == DB_ROW) {
        db_copy(st, 0, content_type, 48);
        size_t len;
        const void *p = db_blob(st, 1, &len);
        if ((*data = malloc(len ? len : 1)) != NULL) {
            memcpy(*data, p, len);
            *n = len;
        }
    }
    db_done(st);
    return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

/* ---- chat messages ------------------------------------------------------------------ */

int chat_store_insert(struct db *db, const struct chat_row *m)
{
    return db_run(db,
                  "INSERT INTO chat_messages (message_id, app_id, env, account_id, user_id, direction, robot_jid, "
                  "to_jid, user_jid, visible_to_user, is_markdown, body, sent_at) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  "ssssssssssnsi", m->message_id, m->app_id, m->env, m->account_id, m->user_id, m->direction,
                  m->robot_jid, m->to_jid, m->user_jid, m->visible_to_user, m->is_markdown, m->body,
                  m->sent_at) == DB_DONE
               ? 0
               : -1;
}

#define ROW_COLUMNS                                                                                                 \
    "message_id, app_id, env, account_id, user_id, direction, robot_jid, to_jid, user_jid, visible_to_user, "      \
    "is_markdown, body, sent_at, seq"

static void chat_row_of(struct db_stmt *st, struct chat_row *m)
{
    m->message_id = db_text(st, 0);
    m->app_id = db_text(st, 1);
    m->env = db_text(st, 2);
    m->account_id = db_text(st, 3);
    m->user_id = db_text(st, 4);
    m->direction = db_text(st, 5);
    m->robot_jid = db_text(st, 6);
    m->to_jid = db_text(st, 7);
    m->user_jid = db_text(st, 8);
    m->visible_to_user = db_is_null(st, 9) ? NULL : db_text(st, 9);
    m->is_markdown = (int)db_int(st, 10);
    m->body = db_text(st, 11);
    m->sent_at = db_int(st, 12);
    m->seq = db_int(st, 13);
}

int chat_store_get(struct db *db, const char *message_id, void (*fn)(const struct chat_row *m, void *arg), void *arg)
{
    struct db_stmt *st = db_query(db, "SELECT " ROW_COLUMNS " FROM chat_messages WHERE message_id = ?", "s", message_id);
    int found = st && db_step(st) == DB_ROW;
    if (found) {
        struct chat_row m;
        chat_row_of(st, &m);
        fn(&m, arg);
    }
    db_done(st);
    return found;
}

int chat_store_list(struct db *db, const struct chat_page *q, int (*fn)(const struct chat_row *m, void *arg),
                    void *arg)
{
    struct db_stmt *st = db_query(db,
                                  "SELECT " ROW_COLUMNS " FROM chat_messages WHERE app_id = ? AND (? = '' OR "
                                  "user_id = ?) AND seq > ? ORDER BY seq LIMIT ?",
                                  "sssin", q->app_id, q->user_id, q->user_id, q->after, q->limit);
    if (!st)
        return -1;
    while (db_step(st) == DB_ROW) {
        struct chat_row m;
        chat_row_of(st, &m);
        if (fn(&m, arg) != 0)
            break;
    }
    db_done(st);
    return 0;
}
