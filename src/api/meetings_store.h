/* The store of meetings and webinars: their rows (meetings), the counts kept
 * with each change (meeting_counts, daily_counts) and the texts rendered with
 * each change (meeting_texts). Only api/meetings_store.c touches these tables. */
#ifndef PLAZA_MEETINGS_STORE_H
#define PLAZA_MEETINGS_STORE_H

#include "api/api.h"

#include <stdint.h>

struct db;

/* A meeting by number (number > 0) or else by UUID, deleted or not: 1 found
 * (m filled, its doc owned), 0 none or its document unreadable, -1 failed. */
int meeting_store_get(struct db *db, int64_t number, const char *uuid, struct meeting *m);

/* What a status change needs to know of the meeting before it. */
struct meeting_state {
    char status[12], host_id[ID_LEN];
    enum meeting_kind kind;
    int deleted;
};
/* 1 found, 0 not, -1 failed. */
int meeting_store_state(struct db *db, int64_t id, struct meeting_state *out);
int meeting_store_set_status(struct db *db, int64_t id, const char *status, int64_t now);

/* A new row from m (id, uuid, kind, account, host, type, start_time, created_at
 * and updated_at) with its document and list summary as JSON text: DB_DONE,
 * DB_CONSTRAINT when the number or UUID is taken, or DB_ERROR. */
int meeting_store_insert(struct db *db, const struct meeting *m, const char *doc, const char *summary);
/* The type, start time, document and summary after a change: 0 or -1. */
int meeting_store_update(struct db *db, const struct meeting *m, int64_t start, const char *doc, const char *summary,
                         int64_t now);
/* Deletes (deleted_at = now) or recovers (deleted_at NULL) a meeting: 0 or -1. */
int meeting_store_mark_deleted(struct db *db, int64_t id, int64_t now);
int meeting_store_recover(struct db *db, int64_t id, int64_t now);

/* Moves a host's count of scheduled meetings by delta: 0 or -1. */
int meeting_store_count_scheduled(struct db *db, const char *host_id, enum meeting_kind kind, int delta);
/* The host's count of scheduled meetings as kept: 0 (*total set, 0 when none kept) or -1. */
int meeting_store_scheduled(struct db *db, const char *host_id, enum meeting_kind kind, int64_t *total);
/* Adds one to the user's meeting creates and updates of `day`: 0 with the new count, or -1. */
int meeting_store_count_write(struct db *db, const char *user_id, int64_t day, int64_t *count);

/* ---- lists (zoom-wire §2.8 List) -------------------------------------------- */

/* In the order of the list types' names in meeting_list. */
enum meeting_list_type { LIST_SCHEDULED, LIST_LIVE, LIST_UPCOMING, LIST_UPCOMING_MEETINGS, LIST_PREVIOUS };

struct meeting_list_rows {
    const char *host_id;
    enum meeting_kind kind;
    enum meeting_list_type type;
    int64_t from, to, now;        /* start times in [from, to); now for upcoming and previous */
    int64_t after_time, after_id; /* keyset: rows after (start_time, id) */
    int64_t limit, offset;
};

/* One row of a page: its texts are borrowed until the callback returns, and
 * NULL for a meeting without texts (written before migration 16). */
struct meeting_list_row {
    int64_t id, start_time;
    const char *item_head, *item_tail;
};

/* The number of meetings of the list (keyset, limit and offset ignored): 0 or -1. */
int meeting_store_list_count(struct db *db, const struct meeting_list_rows *q, int64_t *total);
/* Calls fn for each row of the page in (start_time, id) order until fn
 * returns nonzero: 0, or -1 when the store failed. */
int meeting_store_list(struct db *db, const struct meeting_list_rows *q,
                       int (*fn)(const struct meeting_list_row *row, void *arg), void *arg);

/* ---- texts (migration 16) ----------------------------------------------------- */

int meeting_store_put_texts(struct db *db, int64_t id, const char *item_head, const char *item_tail,
                            const char *object_text);

/* A meeting's owner and state with its stored object text (malloc'd, the
 * caller frees; NULL when it has none). */
struct meeting_stored {
    int64_t id;
    enum meeting_kind kind;
    char account_id[ID_LEN], host_id[ID_LEN], status[12];
    int deleted;
    char *object_text;
};
/* By number (number > 0) or else by UUID: 1 found, 0 not, -1 failed. */
int meeting_store_get_stored(struct db *db, int64_t number, const char *uuid, struct meeting_stored *out);

#endif
