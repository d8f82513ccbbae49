/* The store of an app's review: its versions (app_versions) and the record
 * of every move between states (app_transitions). Lookups return 1 (found),
 * 0 (none) or -1 (store error); writes DB_DONE or DB_ERROR (core/db.h). */
#ifndef PLAZA_APP_REVIEW_STORE_H
#define PLAZA_APP_REVIEW_STORE_H

#include "market/market.h"

#include <stddef.h>
#include <stdint.h>

struct db;

/* ---- versions ------------------------------------------------------------------ */

/* A draft version opened by an edit of the published app; nothing when it exists. */
int version_store_open(struct db *db, const char *app_id, int version, const char *scopes, int64_t now);
/* The version as submitted (its scopes and snapshot), undecided again. */
int version_store_submit(struct db *db, const char *app_id, int version, const char *scopes, const char *snapshot,
                         int64_t now);
/* The version's status follows the app's to `to`, with the time of a decision or publication. */
int version_store_move(struct db *db, const char *app_id, int version, const char *to, int64_t now);
/* The version that was live (`live`) is superseded, unless it is `version` itself. */
int version_store_supersede(struct db *db, const char *app_id, int live, int version);
/* One version's scopes, space-separated, into scopes (size bytes; NULL: not wanted). */
int version_store_scopes(struct db *db, const char *app_id, int version, char *scopes, size_t size);
/* The app's versions, newest first, at most max. 0 or -1. */
int version_store_list(struct db *db, const char *app_id, struct app_version *out, int max, int *n);

/* ---- transitions --------------------------------------------------------------- */

struct transition_new {
    const char *app_id;
    int version;
    const char *from, *to;
    const char *actor_kind, *actor_id;
    const char *notes, *sections; /* "" when none */
    int64_t at;
};
int transition_store_insert(struct db *db, const struct transition_new *t);
/* 1 when the app was ever moved to approved, 0 not, -1 on error. */
int transition_store_ever_approved(struct db *db, const char *app_id);
/* The app's transitions, oldest first, at most max (actor_email left empty): 0 with *n set, or -1. */
int transition_store_list(struct db *db, const char *app_id, struct app_transition *out, int max, int *n);
/* The app's newest approval or rejection: 1 found, 0 none, -1 failed. */
int transition_store_last_decision(struct db *db, const char *app_id, struct app_transition *out);
/* Who submitted the app's version last (actor_id, "operator" or a user id, into out): 1, 0 never, -1 failed. */
int transition_store_submitter(struct db *db, const char *app_id, int version, char *out, size_t size);

#endif
