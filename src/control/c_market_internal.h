/* What the Marketplace-lifecycle handlers (control/c_market_*.c) share:
 * rendering the lifecycle's structs as JSON. */
#ifndef PLAZA_CONTROL_MARKET_INTERNAL_H
#define PLAZA_CONTROL_MARKET_INTERNAL_H

#include "control/control_internal.h"

json_t *out_checklist(const struct app *a, int version, const struct checklist *c);
json_t *out_media(const struct media *m);
json_t *out_domain(const struct app_domain *d);
json_t *out_link(const struct app_link *l);
json_t *out_share_request(const struct share_request *s);
json_t *out_transition(const struct app_transition *t);
/* The app's newest review decision as the developer sees it ({decision,
 * version, by, notes, sections, at}), or JSON null. */
json_t *out_last_review(struct db *db, const char *app_id);

/* An app as the control API shows it (out_app), its credentials as the
 * rules allow: production ones shown once the app is approved, with whether
 * their secret was issued; and the newest review decision. */
json_t *out_app_market(struct db *db, const struct app_details *d, const char *secret);
json_t *out_tab(struct db *db, const char *app_id, const struct app_tab *t, const struct app_details *d);

/* The body's optional "actor" (a user id or e-mail; absent: the operator). */
/* The acting user a body names (`actor`): a signed-in user is always themselves (http/access.h). */
const char *in_actor(struct http_req *r, json_t *body, struct perr *e);
/* The same from the query (`?actor=`), for DELETE. */
const char *in_actor_query(struct http_req *r, struct perr *e);

#endif
