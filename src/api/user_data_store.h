/* The store of what the REST API keeps for a user besides the user itself:
 * settings (user_settings), assistants (assistants), the profile picture
 * (user_pictures) and chatbot messages (chat_messages). Only
 * api/user_data_store.c touches these tables. */
#ifndef PLAZA_USER_DATA_STORE_H
#define PLAZA_USER_DATA_STORE_H

#include "api/api.h"

#include <stddef.h>
#include <stdint.h>

struct db;

/* The user's changed settings as JSON text, malloc'd (the caller frees);
 * NULL when there are none. */
char *user_settings_store_get(struct db *db, const char *user_id);
/* Replaces the user's changed settings: 0 or -1. */
int user_settings_store_put(struct db *db, const char *user_id, const char *doc);

/* Adds an assistant (none when already one): 0 or -1. */
int assistant_store_add(struct db *db, const char *user_id, const char *assistant_id, int64_t now);
/* Calls fn with each of the user's assistants and when it was added, oldest first: 0 or -1. */
int assistant_store_each(struct db *db, const char *user_id,
                         void (*fn)(const char *assistant_id, int64_t created_at, void *arg), void *arg);
/* Removes one assistant (assistant_id) or all (NULL): the number removed, or -1. */
int64_t assistant_store_remove(struct db *db, const char *user_id, const char *assistant_id);

/* The user's picture, replacing the one before: 0 or -1. */
struct user_picture {
    const char *user_id, *file, *content_type;
    int width, height;
    const void *data;
    size_t size;
    int64_t created_at;
};
int picture_store_put(struct db *db, const struct user_picture *p);
int picture_store_delete(struct db *db, const char *user_id);
/* The bytes of the user's picture `file`: 1 with its type and the bytes
 * malloc'd into *data (the caller frees; NULL when out of memory), 0 when
 * there is none, -1 failed. */
int picture_store_get(struct db *db, const char *user_id, const char *file, char content_type[48], void **data,
                      size_t *n);

/* A message between a chatbot and a user; as read, the strings are borrowed
 * until the callback returns. */
struct chat_row {
    const char *message_id, *app_id, *env, *account_id, *user_id, *direction;
    const char *robot_jid, *to_jid, *user_jid, *visible_to_user; /* visible_to_user may be NULL */
    int is_markdown;
    const char *body;
    int64_t sent_at; /* ms */
    int64_t seq;     /* as read: the message's place in the list */
};

int chat_store_insert(struct db *db, const struct chat_row *m);
/* Calls fn with the message: 1 found, 0 not. */
int chat_store_get(struct db *db, const char *message_id, void (*fn)(const struct chat_row *m, void *arg), void *arg);
/* Messages of the app's bot with one user, or all when user_id is "", after
 * seq `after`, oldest first, at most `limit`. */
struct chat_page {
    const char *app_id, *user_id;
    int64_t after;
    int limit;
};
/* Calls fn for each message of the page until fn returns nonzero: 0, or -1 when the store failed. */
int chat_store_list(struct db *db, const struct chat_page *q, int (*fn)(const struct chat_row *m, void *arg),
                    void *arg);

#endif
