/* What the Marketplace-lifecycle handlers (control/market_*.c) share:
 * rendering the lifecycle's structs as JSON. */
#ifndef PLAZA_CONTROL_MARKET_INTERNAL_H
#define PLAZA_CONTROL_MARKET_INTERNAL_H

#include "control/internal.h"

json_t *out_checklist(const struct app *a, int version, const struct checklist *c);
json_t *out_media(const struct media *m);
json_t *out_domain(const struct app_domain *d);
json_t *out_link(const struct app_link *l);
json_t *out_share_request(const struct share_request *s);
json_t *out_transition(const struct app_transition *t);

/* The body's optional "actor" (a user id or e-mail; absent: the operator). */
const char *in_actor(json_t *body, struct perr *e);

#endif
