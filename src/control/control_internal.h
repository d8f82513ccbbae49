/* Helpers the control handlers share: reading JSON members with field-level
 * errors, pagination, and rendering the domain's structs. */
#ifndef PLAZA_CONTROL_INTERNAL_H
#define PLAZA_CONTROL_INTERNAL_H

#include "control/control.h"
#include "market/market.h"

#define PAGE_SIZE_DEFAULT 30
#define PAGE_SIZE_MAX 300

/* Refuses members not in `allowed` (NULL-terminated), naming each. */
int in_only(json_t *o, const char *const *allowed, struct perr *e);
/* A string member: NULL when absent; a field error when present and not a string. */
const char *in_str(json_t *o, const char *key, const char *field, struct perr *e);
/* A boolean member: -1 when absent. */
int in_bool(json_t *o, const char *key, struct perr *e);
/* Where the strings of an array member go: up to `max` of them at `items`
 * (borrowed), their count in *n. */
struct in_list {
    const char **items;
    int max;
    int *n;
};
/* An array member of at most into->max strings into into->items, *into->n of
 * them: 1 when present, 0 when absent or null; field errors name `key` ("an
 * array of at most max <what>") or `key[i]`. */
int in_strs(json_t *o, const char *key, const struct in_list *into, const char *what, struct perr *e);
/* An object member or NULL. */
json_t *in_obj(json_t *o, const char *key, struct perr *e);

/* page_size and next_page_token from the query (the token is opaque: the last id). */
int in_page(struct http_req *r, int *size, const char **after, struct perr *e);

json_t *out_time(int64_t t);
json_t *out_account(const struct account *a);
json_t *out_user(const struct user *u);
json_t *out_app(const struct app_details *d, const char *secret /* NULL unless just made */);
json_t *out_app_summary(const struct app *a);
/* The install link (zoom-wire §1.1): /oauth/authorize with the client id and, when not "", the redirect URL. */
json_t *out_authorize_url(const char *client_id, const char *redirect_url);

/* The holders of a plaza-wide role; granting and taking it (c_session.c). */
int c_role_list(struct http_req *r, enum plaza_role role);
int c_role_put(struct http_req *r, enum plaza_role role);
int c_role_delete(struct http_req *r, enum plaza_role role);

/* Sends the error (problem+json) and returns 0, for `return fail(r, &e);`. */
int fail(struct http_req *r, const struct perr *e);

#endif
