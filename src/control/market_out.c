/* Rendering the Marketplace lifecycle (checklists, media, domains, links,
 * sharing requests, transitions) for the control API. */
#include "control/market_internal.h"

#include <string.h>

const char *in_actor(json_t *body, struct perr *e) { return in_str(body, "actor", NULL, e); }


json_t *out_checklist(const struct app *a, int version, const struct checklist *c)
{
    json_t *sections = json_array();
    for (int i = 0; i < CHECK_SECTION_COUNT; i++) {
        const struct checklist_section_state *s = &c->sections[i];
        json_t *missing = json_array();
        for (int k = 0; k < s->nitems; k++)
            json_array_append_new(missing,
                                  json_pack("{s:s,s:s}", "field", s->items[k].field, "message", s->items[k].message));
        json_array_append_new(sections, json_pack("{s:s,s:b,s:s,s:o}", "section", s->name, "required", s->required,
                                                  "status", s->ready ? "ready" : "not_ready", "missing", missing));
    }
    return json_pack("{s:s,s:i,s:s,s:b,s:b,s:o}", "app_id", a->id, "version", version, "status", a->status, "ready",
                     c->ready, "security_review", c->security_review, "sections", sections);
}

json_t *out_media(const struct media *m)
{
    json_t *o = json_pack("{s:s,s:s,s:s,s:s,s:I,s:s,s:o}", "id", m->id, "kind", media_kind_name(m->kind), "filename",
                          m->filename, "content_type", m->content_type, "size", (json_int_t)m->size, "sha256",
                          m->sha256, "created_at", out_time(m->created_at));
    if (m->width)
        json_object_set_new(o, "width", json_integer(m->width));
    if (m->height)
        json_object_set_new(o, "height", json_integer(m->height));
    return o;
}

json_t *out_domain(const struct app_domain *d)
{
    return json_pack("{s:s,s:s,s:b,s:s?,s:o,s:o,s:s?}", "origin", d->origin, "used_by", d->used_by, "verified",
                     d->verified, "method", d->verified ? d->method : NULL, "verified_at", out_time(d->verified_at),
                     "checked_at", out_time(d->checked_at), "last_error",
                     d->last_error[0] ? d->last_error : NULL);
}

json_t *out_link(const struct app_link *l)
{
    return json_pack("{s:s,s:s,s:b,s:s,s:s?,s:s,s:o,s:o,s:o}", "url", l->url, "environment", app_env_name(l->env),
                     "valid", l->valid, "state", l->state, "invalid_reason", l->reason[0] ? l->reason : NULL,
                     "installs", l->audience, "created_at", out_time(l->created_at), "invalidated_at",
                     out_time(l->invalidated_at), "sharing_expired_at", out_time(l->sharing_expired_at));
}

json_t *out_share_request(const struct share_request *s)
{
    return json_pack("{s:s,s:s,s:s,s:b,s:i,s:s,s:i,s:s,s:s,s:o,s:o,s:s,s:o,s:o}", "id", s->id, "app_id", s->app_id,
                     "status", s->status, "will_publish", s->will_publish, "customers", s->customers, "customer_type",
                     s->customer_type, "duration_days", s->duration_days, "reason", s->reason, "requested_by",
                     s->requested_by, "requested_at", out_time(s->requested_at), "decided_at",
                     out_time(s->decided_at), "decision_notes", s->decision_notes, "valid_days",
                     s->valid_days ? json_integer(s->valid_days) : json_null(), "expires_at",
                     out_time(s->expires_at));
}

json_t *out_transition(const struct app_transition *t)
{
    json_t *sections = t->sections[0] ? json_loads(t->sections, 0, NULL) : NULL;
    return json_pack("{s:I,s:i,s:s,s:s,s:{s:s,s:s},s:s,s:o,s:o}", "id", (json_int_t)t->id, "version", t->version,
                     "from", t->from, "to", t->to, "by", "kind", t->actor_kind, "id", t->actor_id, "notes", t->notes,
                     "sections", sections ? sections : json_object(), "at", out_time(t->at));
}
