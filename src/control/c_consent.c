/* POST /_plaza/oauth/consent: the consent a person would give in the browser,
 * for tests and CI without one. Every check /oauth/authorize makes applies. */
#include "control/control_internal.h"
#include "oauth/oauth.h"

#include <stdio.h>
#include <string.h>

/* Parses the authorize URL's query (a full URL, a path, or just the query). */
static int authz_of_url(struct http_req *r, const char *url, struct oauth_authz_req *in, struct perr *e)
{
    const char *q = strchr(url, '?');
    q = q ? q + 1 : url;
    const char *hash = strchr(q, '#');
    size_t n = hash ? (size_t)(hash - q) : strlen(q);
    struct http_form *f = h2o_mem_alloc_pool(&r->h->pool, sizeof *f);
    if (http_form_parse(&r->h->pool, q, n, f, e) != 0)
        return perr_field(e, "authorize_url", "%s", e->message);
    static const char *const names[] = {"response_type", "client_id", "redirect_uri", "state",
                                        "code_challenge", "code_challenge_method", "scope", "plaza_link"};
    const char **slots[] = {&in->response_type, &in->client_id, &in->redirect_uri, &in->state,
                            &in->code_challenge, &in->code_challenge_method, &in->scope, &in->plaza_link};
    memset(in, 0, sizeof *in);
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (http_form_get(f, names[i], slots[i]) < 0)
            return perr_field(e, "authorize_url", "parameter %s is given twice", names[i]);
    return 0;
}

int c_oauth_consent(struct http_req *r)
{
    static const char *const fields[] = {"user", "authorize_url", "decision", NULL};
    struct perr e = {0};
    json_t *body = http_json_body(r, &e);
    if (!body)
        return fail(r, &e);
    in_only(body, fields, &e);
    const char *user = in_str(body, "user", NULL, &e);
    const char *url = in_str(body, "authorize_url", NULL, &e);
    const char *decision = in_str(body, "decision", NULL, &e);
    if (!user)
        perr_field(&e, "user", "is required: a user id or e-mail");
    if (!url)
        perr_field(&e, "authorize_url", "is required");
    if (!decision || (strcmp(decision, "approve") != 0 && strcmp(decision, "deny") != 0))
        perr_field(&e, "decision", "must be approve or deny");

    struct user u;
    struct oauth_authz_req in;
    struct oauth_authz *a = h2o_mem_alloc_pool(&r->h->pool, sizeof *a);
    char location[URL_MAX + 3 * STATE_MAX + 256]; /* state is percent-encoded: up to three bytes each */
    int rc = -1;
    if (e.kind != PERR_NONE)
        goto out;
    int found = strlen(user) <= USER_EMAIL_MAX ? user_find(r->db, user, &u) : 0;
    if (found != 1) {
        perr_field(&e, "user", "no such user");
        e.kind = PERR_NOT_FOUND;
        snprintf(e.message, sizeof e.message, "User %.200s does not exist.", user);
        goto out;
    }
    if (authz_of_url(r, url, &in, &e) != 0 || oauth_authorize_check(r->db, &in, a, &e) != 0 ||
        oauth_decide(r->db, a, &u, strcmp(decision, "approve") == 0, &(struct oauth_redirect){location, sizeof location},
                     &e) != 0)
        goto out;
    rc = 0;
out:
    json_decref(body);
    if (rc != 0)
        return fail(r, &e);
    http_send_json(r, 200, json_pack("{s:s}", "redirect_to", location));
    return 0;
}
