/* /_plaza/apps/{id}/checklist, submit, withdraw, review, publish, history,
 * versions, and /_plaza/reviewers: the submission and review process. */
#include "control/c_market_internal.h"
#include "http/access.h"

#include <stdio.h>
#include <string.h>

#define HISTORY_MAX 500
#define VERSIONS_MAX 100

int c_market_checklist(struct http_req *r)
{
    struct perr e = {0};
    struct app a;
    struct checklist *c = h2o_mem_alloc_pool(&r->h->pool, sizeof *c);
    if (app_get(r->db, r->params[0], &a, &e) != 0 || app_checklist(r->db, a.id, c, &e) != 0)
        return fail(r, &e);
    json_t *o = out_checklist(&a, app_current_version(r->db, a.id), c);
    json_object_set_new(o, "last_review", out_last_review(r->db, a.id));
    http_send_json(r, 200, o);
    return 0;
}

/* An optional JSON body of the given fields (absent: {}). */
static json_t *optional_body(struct http_req *r, const char *const *fields, struct perr *e)
{
    if (!r->h->entity.base || r->h->entity.len == 0)
        return json_object();
    json_t *body = http_json_body(r, e);
    if (body && in_only(body, fields, e) != 0) {
        json_decref(body);
        return NULL;
    }
    return body;
}

/* The answer to a transition: the app as it is now. */
static int send_app(struct http_req *r, const struct app *a)
{
    json_t *o = out_app_summary(a);
    json_object_set_new(o, "last_review", out_last_review(r->db, a->id));
    http_send_json(r, 200, o);
    return 0;
}

int c_market_submit(struct http_req *r)
{
    static const char *const fields[] = {"actor", "notes", NULL};
    struct perr e = {0};
    json_t *body = optional_body(r, fields, &e);
    if (!body)
        return fail(r, &e);
    struct app a;
    struct checklist *c = h2o_mem_alloc_pool(&r->h->pool, sizeof *c);
    struct submit_check check = {c, 0};
    struct app_step step;
    step.actor = in_actor(r, body, &e); /* before notes: the errors are listed in this order */
    step.notes = in_str(body, "notes", NULL, &e);
    int rc = e.kind == PERR_NONE ? app_submit(r->db, r->params[0], &step, &a, &check, &e) : -1;
    json_decref(body);
    if (rc == 0)
        return send_app(r, &a);
    if (!check.not_ready)
        return fail(r, &e);
    /* refused with the whole checklist: every missing field, not just the first few */
    struct app cur;
    struct perr ignore = {0};
    if (app_get(r->db, r->params[0], &cur, &ignore) != 0)
        return fail(r, &e);
    json_t *errors = json_array();
    for (int i = 0; i < CHECK_SECTION_COUNT; i++)
        for (int k = 0; c->sections[i].required && k < c->sections[i].nitems; k++)
            json_array_append_new(errors, json_pack("{s:s,s:s}", "field", c->sections[i].items[k].field, "message",
                                                    c->sections[i].items[k].message));
    http_send_problem_json(r, 422,
                           json_pack("{s:s,s:s,s:i,s:s,s:o,s:o}", "type", "urn:plaza:problem:not-ready", "title",
                                     "The app is not ready for submission.", "status", 422, "detail", e.message,
                                     "errors", errors, "checklist",
                                     out_checklist(&cur, app_current_version(r->db, cur.id), c)));
    return 0;
}

typedef int (*simple_step)(struct db *db, const char *app_id, const struct app_step *step, struct app *out,
                           struct perr *e);

static int run_step(struct http_req *r, simple_step fn)
{
    static const char *const fields[] = {"actor", "notes", NULL};
    struct perr e = {0};
    json_t *body = optional_body(r, fields, &e);
    if (!body)
        return fail(r, &e);
    struct app a;
    struct app_step step;
    step.actor = in_actor(r, body, &e); /* before notes: the errors are listed in this order */
    step.notes = in_str(body, "notes", NULL, &e);
    int rc = e.kind == PERR_NONE ? fn(r->db, r->params[0], &step, &a, &e) : -1;
    json_decref(body);
    return rc == 0 ? send_app(r, &a) : fail(r, &e);
}

int c_market_withdraw(struct http_req *r) { return run_step(r, app_withdraw); }
int c_market_publish(struct http_req *r) { return run_step(r, app_publish); }

int c_market_review(struct http_req *r)
{
    static const char *const fields[] = {"decision", "notes", "sections", "reviewer", NULL};
    struct perr e = {0};
    json_t *body = http_json_body(r, &e);
    if (!body)
        return fail(r, &e);
    struct app_review in = {0};
    in_only(body, fields, &e);
    in.decision = in_str(body, "decision", NULL, &e);
    in.notes = in_str(body, "notes", NULL, &e);
    in.reviewer = access_acting_user(r, in_str(body, "reviewer", NULL, &e), "reviewer", &e);
    json_t *sections = in_obj(body, "sections", &e);
    const char *name;
    json_t *v;
    json_object_foreach(sections, name, v)
    {
        if (in.nsections == REVIEW_SECTIONS_MAX) {
            perr_field(&e, "sections", "at most %d sections", REVIEW_SECTIONS_MAX);
            break;
        }
        in.section[in.nsections] = name;
        in.reason[in.nsections++] = json_is_string(v) ? json_string_value(v) : NULL;
    }
    struct app a;
    int rc = e.kind == PERR_NONE ? app_review(r->db, r->params[0], &in, &a, &e) : -1;
    json_decref(body);
    return rc == 0 ? send_app(r, &a) : fail(r, &e);
}

int c_market_history(struct http_req *r)
{
    struct perr e = {0};
    struct app_transition *t = h2o_mem_alloc_pool(&r->h->pool, sizeof *t * HISTORY_MAX);
    int n;
    if (app_history(r->db, r->params[0], t, HISTORY_MAX, &n, &e) != 0)
        return fail(r, &e);
    json_t *items = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(items, out_transition(&t[i]));
    http_send_json(r, 200, json_pack("{s:s,s:o}", "app_id", r->params[0], "transitions", items));
    return 0;
}

int c_market_versions(struct http_req *r)
{
    struct perr e = {0};
    struct app_version *v = h2o_mem_alloc_pool(&r->h->pool, sizeof *v * VERSIONS_MAX);
    int n;
    if (app_versions(r->db, r->params[0], v, VERSIONS_MAX, &n, &e) != 0)
        return fail(r, &e);
    int live = app_live_version(r->db, r->params[0], NULL, 0);
    json_t *items = json_array();
    for (int i = 0; i < n; i++) {
        json_t *scopes = json_array();
        char buf[SCOPES_STR_MAX], *save;
        snprintf(buf, sizeof buf, "%s", v[i].scopes);
        for (char *s = strtok_r(buf, " ", &save); s; s = strtok_r(NULL, " ", &save))
            json_array_append_new(scopes, json_string(s));
        json_array_append_new(items, json_pack("{s:i,s:s,s:b,s:o,s:o,s:o,s:o,s:o}", "version", v[i].version,
                                               "status", v[i].status, "live", v[i].version == live, "scopes", scopes,
                                               "created_at", out_time(v[i].created_at), "submitted_at",
                                               out_time(v[i].submitted_at), "decided_at", out_time(v[i].decided_at),
                                               "published_at", out_time(v[i].published_at)));
    }
    http_send_json(r, 200, json_pack("{s:s,s:o}", "app_id", r->params[0], "versions", items));
    return 0;
}

int c_market_reviewers_list(struct http_req *r) { return c_role_list(r, PLAZA_REVIEWER); }
int c_market_reviewer_put(struct http_req *r) { return c_role_put(r, PLAZA_REVIEWER); }
int c_market_reviewer_delete(struct http_req *r) { return c_role_delete(r, PLAZA_REVIEWER); }
