/* The store of registrants of meetings and webinars (registrants) and of
 * webinar panelists (panelists). Only api/registrants_store.c touches them. */
#ifndef PLAZA_REGISTRANTS_STORE_H
#define PLAZA_REGISTRANTS_STORE_H

#include "api/api.h"

#include <stdint.h>

struct db;

/* A registrant as read: the strings are borrowed until the callback returns. */
struct registrant_row {
    const char *id, *status, *doc; /* doc: the registration as JSON text */
    int64_t create_time, seq;
};

/* The registration of `email` (lower case) for the meeting: 1 with its id and
 * document (parsed, the caller releases; NULL when unreadable), 0 none. */
int registrant_store_find(struct db *db, int64_t meeting_id, const char *email, char id[ID_LEN], json_t **doc);

struct registrant_new {
    const char *id;
    int64_t meeting_id;
    const char *email, *status, *doc;
    int64_t create_time;
};
/* Adds a registrant after the meeting's last one: 0 or -1. */
int registrant_store_insert(struct db *db, const struct registrant_new *r);

/* The number of registrants of the meeting with this status (0 when the store fails). */
int64_t registrant_store_count(struct db *db, int64_t meeting_id, const char *status);

struct registrant_page {
    int64_t meeting_id;
    const char *status;
    int64_t after_seq, limit, offset;
};
/* Calls fn for each registrant of the page in registration order until fn returns nonzero. */
void registrant_store_page(struct db *db, const struct registrant_page *q,
                           int (*fn)(const struct registrant_row *row, void *arg), void *arg);

struct registrant_status_change {
    int64_t meeting_id;
    const char *to, *from_a, *from_b; /* the new status, for registrants in either old one */
    int every;                        /* 1: every such registrant; 0: the one below */
    const char *id, *email;           /* the registrant by id or e-mail, neither NULL */
};
/* Changes the status and calls fn for each registrant changed (id, doc and create_time set). */
void registrant_store_set_status(struct db *db, const struct registrant_status_change *c,
                                 void (*fn)(const struct registrant_row *row, void *arg), void *arg);

/* ---- panelists ------------------------------------------------------------------ */

/* Calls fn(id, doc) for each panelist of the webinar in the order they were added. */
void panelist_store_list(struct db *db, int64_t webinar_id, void (*fn)(const char *id, const char *doc, void *arg),
                         void *arg);
/* The number of panelists of the webinar (0 when the store fails). */
int64_t panelist_store_count(struct db *db, int64_t webinar_id);
/* 1 when the e-mail (any case) is one of the webinar's panelists, 0 not. */
int panelist_store_has(struct db *db, int64_t webinar_id, const char *email);
/* Adds a panelist, or replaces the document of the one with this e-mail: 0 or -1. */
int panelist_store_put(struct db *db, const char *id, int64_t webinar_id, const char *email, const char *doc,
                       int64_t now);
/* Removes one panelist (id) or all (id NULL): the number removed, or -1. */
int64_t panelist_store_remove(struct db *db, int64_t webinar_id, const char *id);

#endif
