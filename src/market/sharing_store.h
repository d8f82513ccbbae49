/* The store of what an app shares beyond its account: the app_links
 * (Publishable URLs), share_requests and market_settings tables. Only
 * market/sharing_store.c reads or writes them. Lookups return 1 found, 0 not,
 * -1 when the store failed; the rest 0 done, -1 failed, unless said otherwise. */
#ifndef PLAZA_SHARING_STORE_H
#define PLAZA_SHARING_STORE_H

#include "market/market.h"

struct db;

/* ---- Publishable URLs -------------------------------------------------------- */

/* Replaces the app's link by a new, valid one. */
int link_store_put(struct db *db, const char *app_id, const char *token, enum app_env env, const char *fingerprint,
                   int64_t at);
/* The app's link (token, env, created_at, invalidated_at, reason; url and
 * state are the caller's): 1 found, 0 none, -1 failed. */
int link_store_get(struct db *db, const char *app_id, struct app_link *out);
/* The fingerprint of the app's link while it is valid. */
int link_store_fingerprint(struct db *db, const char *app_id, char *out, size_t size);
/* The app's link goes stale at `at`, for `reason`. */
int link_store_invalidate(struct db *db, const char *app_id, int64_t at, const char *reason);

/* ---- private sharing requests ------------------------------------------------ */

/* Stores a pending request made by `requested_by` at `at` (in->actor is not
 * stored): 0, 1 when the app already has a pending one, -1 on failure. */
int share_request_store_insert(struct db *db, const char *id, const char *app_id, const struct share_request_new *in,
                               const char *requested_by, int64_t at);
int share_request_store_get(struct db *db, const char *id, struct share_request *out);
/* Decides a request still pending; one decided meanwhile is left as it is. */
int share_request_store_approve(struct db *db, const char *id, int64_t at, const char *notes, int valid_days,
                                int64_t expires_at);
int share_request_store_deny(struct db *db, const char *id, int64_t at, const char *notes);
/* Requests (of the app, in the status; NULL: any), newest first, at most `max`. */
int share_request_store_list(struct db *db, const char *app_id, const char *status, struct share_request *out, int max,
                             int *n);
/* The end of the app's newest approved window, 0 when none (or the store failed). */
int64_t share_request_store_expires_at(struct db *db, const char *app_id);

/* ---- market settings --------------------------------------------------------- */

/* Fills the settings the store holds; the others keep what `out` had. */
int market_settings_store_get(struct db *db, struct market_settings *out);
int market_settings_store_set_accept(struct db *db, int accept_share_requests);
int market_settings_store_set_share_days(struct db *db, int share_days);

#endif
