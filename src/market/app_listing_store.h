/* The store of what a developer prepares for an app's listing and its
 * submission: the section document (app_sections), the Production tab's
 * document (app_env_tabs), uploaded media (app_media) and the verification
 * of the domains its URLs use (app_domains). Lookups return 1 (found), 0
 * (none) or -1 (store error); writes DB_DONE, DB_CONSTRAINT or DB_ERROR
 * (core/db.h). */
#ifndef PLAZA_APP_LISTING_STORE_H
#define PLAZA_APP_LISTING_STORE_H

#include "market/market.h"

#include <stddef.h>
#include <stdint.h>

struct db;

/* ---- documents: sections and the Production tab --------------------------------------- */

/* The app's section document into *doc (a new reference; NULL when it does not parse). */
int section_store_get(struct db *db, const char *app_id, json_t **doc);
/* Writes the section document (JSON text). */
int section_store_put(struct db *db, const char *app_id, const char *doc, int64_t now);
/* The environment's tab document into *doc (a new reference; NULL when it does not parse). */
int tab_store_get(struct db *db, const char *app_id, enum app_env env, json_t **doc);
int tab_store_put(struct db *db, const char *app_id, enum app_env env, const char *doc, int64_t now);

/* ---- media --------------------------------------------------------------------- */

/* How many items of `kind` the app has (0 on error). */
int media_store_count(struct db *db, const char *app_id, enum media_kind kind);
/* The app's items by kind into counts[enum media_kind]. 0 or -1. */
int media_store_counts(struct db *db, const char *app_id, int counts[MEDIA_KIND_COUNT]);
/* The app's items in their order, at most max. 0 or -1. */
int media_store_list(struct db *db, const char *app_id, struct media *out, int max, int *n);
int media_store_find(struct db *db, const char *app_id, const char *media_id, struct media *out);
/* The item and its bytes, malloc'd into *data (the caller frees; NULL when out of memory). */
int media_store_read(struct db *db, const char *app_id, const char *media_id, struct media *out, void **data,
                     size_t *n);
/* A new item with its bytes, at place `seq` in the list (0: after the others). */
int media_store_insert(struct db *db, const struct media *m, const void *data, size_t n, int64_t seq);
/* Removes an item, giving its place in the list: 1 removed, 0 none, -1 on error. */
int media_store_take(struct db *db, const char *app_id, const char *media_id, int64_t *seq);
/* Removes every item of `kind`. */
int media_store_remove_kind(struct db *db, const char *app_id, enum media_kind kind);
/* 1 removed, 0 none, -1 on error. */
int media_store_delete(struct db *db, const char *app_id, const char *media_id);

/* ---- domains ------------------------------------------------------------------- */

/* Fills the stored state (verified, method, times, last error) of d->origin; left as it is when none. */
void domain_store_get(struct db *db, const char *app_id, struct app_domain *d);
/* Records a check of d->origin at `now`: verified then when d->verified. */
int domain_store_put(struct db *db, const char *app_id, const struct app_domain *d, int64_t now);

#endif
