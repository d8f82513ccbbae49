/* Who calls a /_plaza route and whether they may: the admin key, a personal
 * access token or the portal's session cookie (with its CSRF token on every
 * change), checked against the route's `access` (router.h) in one place. */
#ifndef PLAZA_ACCESS_H
#define PLAZA_ACCESS_H

#include "http/http.h"

/* The CSRF header the portal sends with every change made with its cookie. */
#define ACCESS_CSRF_HEADER "x-csrf-token"

/* Finds the caller and applies the route's rule: 0 to go on, -1 answered. */
int access_check(struct http_req *r);

/* 1 when the caller may act as the operator (the admin key, or the operator role). */
int access_is_operator(const struct http_req *r);

/* The user who acts, for calls that name one (`actor`, `reviewer`): a
 * signed-in user acts as themselves, and naming anyone else is refused
 * (field `field`); the operator acts as whoever the body names (`named`,
 * NULL: the operator). Returns what to pass on; NULL with `e` set when refused,
 * or when the operator acts. */
const char *access_acting_user(const struct http_req *r, const char *named, const char *field, struct perr *e);

#endif
