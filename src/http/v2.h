/* What the /v2 handlers share: the caller from the token, the target user of
 * a /users/{userId} path, whether the caller holds an account-level scope, and
 * answering domain errors the way api.zoom.us does. */
#ifndef PLAZA_V2_H
#define PLAZA_V2_H

#include "api/api.h"
#include "http/handlers.h"

struct api_caller v2_caller(struct http_req *r);

/* 1 when the token carries one of the route's :admin scopes. */
int v2_admin(struct http_req *r);

/* Resolves r->params[0] as a userId; answers and returns -1 when it cannot. */
int v2_target_user(struct http_req *r, struct user *u);

/* The body as JSON for a /v2 call; answers 300 and returns NULL when it is not. */
json_t *v2_body(struct http_req *r);

/* Answers a domain error (API_NEEDS_ADMIN becomes 4711 listing :admin scopes). Returns 0. */
int v2_fail(struct http_req *r, const struct perr *e);

/* The query parameter or NULL; a parameter given twice is answered as 300 and *bad set. */
const char *v2_query(struct http_req *r, const char *name, int *bad);

/* Checks the query against the operation's parameters in Zoom's OpenAPI file
 * (types, enums, bounds); 0, or -1 after answering 400 {"code":300,...}. */
int v2_check_query(struct http_req *r);

#endif
