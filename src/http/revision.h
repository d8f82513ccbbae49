/* Optimistic concurrency on an app and its parts (docs/marketplace.md, "Two
 * editors"): the routes marked ROUTE_APP_REVISION answer ETag "r<revision>";
 * a change runs in one transaction with the check of its If-Match and the
 * revision's move, so of two writers that read the same revision one wins
 * and the other is answered 412 with nothing changed. */
#ifndef PLAZA_HTTP_REVISION_H
#define PLAZA_HTTP_REVISION_H

#include "http/http.h"

/* Runs the route's handler under those rules (the app's id is r->params[0]). */
void revision_run(struct http_req *r);

#endif
