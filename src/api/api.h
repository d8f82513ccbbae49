/* Zoom's REST API v2 resources (zoom-wire §2): who a path's userId names for
 * a given caller, and the objects in Zoom's shapes. Plain structs and jansson
 * values in and out; nothing here knows HTTP. */
#ifndef PLAZA_API_H
#define PLAZA_API_H

#include "core/err.h"
#include "market/market.h"

#include <jansson.h>

/* The caller of a /v2 request, from its verified access token. */
struct api_caller {
    const char *user_id, *account_id, *client_id;
    const char *scopes; /* space-separated */
    int type;           /* enum token_type */
};

/* Resolves a userId path parameter ("me", a user id or an e-mail) to a user
 * of the caller's account. *is_self tells whether it is the caller's own user.
 * Unknown users, and users of other accounts, are 404/1001. */
int api_user_resolve(struct db *db, const struct api_caller *c, const char *user_param, struct user *out,
                     int *is_self, struct perr *e);

/* GET /users/{userId}: the user object, key order as Zoom's (zoom-wire §2.7). */
json_t *api_user_object(const struct user *u);

#endif
