/* Rendering the Marketplace lifecycle (checklists, media, domains, links,
 * sharing requests, transitions) for the control API. */
#include "control/c_market_internal.h"
#include "http/access.h"

#include <string.h>

const char *in_actor(struct http_req *r, json_t *body, struct perr *e)
{
    return access_acting_user(r, in_str(body, "actor", NULL, e), "actor", e);
}

const char *in_actor_query(struct http_req *r, struct perr *e)
{
    const char *actor = NULL;
    if (http_query(r, "actor", &actor) < 0) {
        perr_field(e, "actor", "may be given once");
        return NULL;
    }
    return access_acting_user(r, actor, "actor", e);
}


/* One environment's credentials: hidden until released, with their state. */
static json_t *out_credential(struct db *db, const char *app_id, enum app_env env, json_t *shown)
{
    struct credential_state cs;
    if (app_credential_state(db, app_id, env, &cs) != 0 || !cs.exists)
        return json_incref(shown); /* nothing more to say */
    if (!cs.released)
        return json_pack("{s:s,s:n,s:s}", "status", "awaiting_approval", "client_id", "message",
                         "production credentials are shown, and their secret issued, once the app is approved "
                         "(the checklist and the review judge the Production tab)");
    json_t *o = json_deep_copy(shown);
    json_object_set_new(o, "status", json_string("active"));
    json_object_set_new(o, "secret_issued", json_boolean(cs.secret_issued));
    if (!cs.secret_issued)
        json_object_set_new(o, "message",
                            json_string("the app is approved: issue the production secret with POST "
                                        "/_plaza/apps/{id}/credentials/production/secret"));
    return o;
}

json_t *out_app_market(struct db *db, const struct app_details *d, const char *secret)
{
    json_t *o = out_app(d, secret);
    json_t *creds = json_object_get(o, "credentials");
    json_t *prod = json_object_get(creds, "production");
    if (prod)
        json_object_set_new(creds, "production", out_credential(db, d->app.id, ENV_PRODUCTION, prod));
    json_object_set_new(o, "last_review", out_last_review(db, d->app.id));
    return o;
}

json_t *out_tab(struct db *db, const char *app_id, const struct app_tab *t, const struct app_details *d)
{
    json_t *scopes = json_array();
    for (int i = 0; i < t->nscopes; i++)
        json_array_append_new(scopes, json_pack("{s:s,s:s}", "scope", t->scopes[i].scope, "description",
                                                t->scopes[i].description));
    const struct app_urls *u = &d->urls[t->env];
    json_t *allow = json_array();
    for (int i = 0; i < u->nallow; i++)
        json_array_append_new(allow, json_string(u->allow[i]));
    json_t *shown = json_null();
    for (int i = 0; i < d->ncreds; i++)
        if (d->creds[i].env == t->env) {
            json_decref(shown);
            shown = json_pack("{s:s,s:o,s:o}", "client_id", d->creds[i].client_id, "created_at",
                              out_time(d->creds[i].created_at), "rotated_at", out_time(d->creds[i].rotated_at));
        }
    json_t *creds = json_is_null(shown) ? json_pack("{s:s}", "status", "not_created")
                                        : out_credential(db, app_id, t->env, shown);
    json_decref(shown);
    return json_pack("{s:s,s:s,s:o,s:s,s:o,s:{s:b,s:b},s:o,s:b,s:s}", "app_id", app_id, "environment",
                     app_env_name(t->env), "credentials", creds, "redirect_url", u->redirect_url, "allow_list", allow,
                     "features", "meeting_sdk", t->meeting_sdk, "device_oauth", t->device_oauth, "scopes", scopes,
                     "reviewed", t->env == ENV_PRODUCTION, "rule",
                     t->env == ENV_PRODUCTION
                         ? "the checklist and the review judge this tab; its credentials work once the app is "
                           "approved, in other accounts once it is published"
                         : "its credentials install only users of the app's own account (and, while a sharing "
                           "request is approved, the accounts it is shared with)");
}

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
    return json_pack("{s:I,s:i,s:s,s:s,s:{s:s,s:s,s:s?},s:s,s:o,s:o}", "id", (json_int_t)t->id, "version",
                     t->version, "from", t->from, "to", t->to, "by", "kind", t->actor_kind, "id", t->actor_id, "email",
                     t->actor_email[0] ? t->actor_email : NULL, "notes", t->notes, "sections",
                     sections ? sections : json_object(), "at", out_time(t->at));
}

json_t *out_last_review(struct db *db, const char *app_id)
{
    struct app_transition t;
    if (app_last_decision(db, app_id, &t) != 1)
        return json_null();
    json_t *o = out_transition(&t);
    json_object_set_new(o, "decision", json_string(strcmp(t.to, "rejected") == 0 ? "rejected" : "approved"));
    json_object_del(o, "id");
    json_object_del(o, "from");
    json_object_del(o, "to");
    return o;
}
