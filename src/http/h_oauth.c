/* /oauth: the authorize page with sign-in and consent, and Zoom's token,
 * revoke and data-compliance endpoints (zoom-wire §1). */
#include "core/urls.h"
#include "core/zoom_codes.h"
#include "core/config.h"
#include "core/uri.h"
#include "http/handlers.h"
#include "http/pages.h"
#include "oauth/oauth.h"

#include <stdio.h>
#include <string.h>

#define FORM_TYPE "application/x-www-form-urlencoded"

static int error_page(struct http_req *r, const struct perr *e)
{
    size_t len;
    int status = http_status_of(e->kind);
    if (e->kind == PERR_INTERNAL)
        log_error("request %s: %s", r->request_id, e->message);
    const char *html = pages_error(&r->h->pool, e->zoom_code, e->message, &len);
    http_send_page(r, status, html, len);
    return 0;
}

/* Reads the authorize parameters of a query string; duplicates are refused. */
static int authz_from_form(const struct http_form *f, struct oauth_authz_req *in, struct perr *e)
{
    static const char *const names[] = {"response_type", "client_id", "redirect_uri", "state",
                                        "code_challenge", "code_challenge_method", "scope", "plaza_link"};
    const char **slots[] = {&in->response_type, &in->client_id, &in->redirect_uri, &in->state,
                            &in->code_challenge, &in->code_challenge_method, &in->scope, &in->plaza_link};
    memset(in, 0, sizeof *in);
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (http_form_get(f, names[i], slots[i]) < 0) {
            perr_set(e, PERR_INVALID, "Duplicate parameter: %s", names[i]);
            e->zoom_code = ZOOM_OAUTH_INVALID_REQUEST;
            return -1;
        }
    }
    return 0;
}

/* The query string of the original authorize request, to carry through forms. */
static const char *raw_query(struct http_req *r)
{
    h2o_req_t *h = r->h;
    if (h->query_at == SIZE_MAX)
        return "";
    return http_strdup(r, h->path.base + h->query_at + 1, h->path.len - h->query_at - 1);
}

static int render_consent(struct http_req *r, const struct oauth_authz *a, const struct user *u, const char *query,
                          const char *csrf)
{
    struct page_scope scopes[APP_MAX_SCOPES];
    int n = 0;
    char *list = http_strdup(r, a->scopes, strlen(a->scopes));
    char *save;
    for (char *s = strtok_r(list, " ", &save); s && n < APP_MAX_SCOPES; s = strtok_r(NULL, " ", &save)) {
        scopes[n].scope = s;
        scopes[n].words = oauth_scope_words(s);
        n++;
    }
    struct account acc;
    struct perr ignore = {0};
    const char *developer = account_get(r->db, a->app.account_id, &acc, &ignore) == 0 ? acc.name : "unknown";
    size_t len;
    struct page_consent consent = {a->app.name, developer, u->email, scopes, n};
    struct page_form form = {query, csrf};
    const char *html = pages_consent(&r->h->pool, &consent, &form, &len);
    http_send_page(r, 200, html, len);
    return 0;
}

static int render_signin(struct http_req *r, const struct oauth_authz *a, const char *query, const char *email,
                         const char *error, int status)
{
    /* double-submit CSRF token for the sign-in form, before any session exists */
    const char *csrf = http_form_csrf(r);
    size_t len;
    struct page_form form = {query, csrf};
    const char *html = pages_signin(&r->h->pool, a->app.name, &form, email, error, &len);
    http_send_page(r, status, html, len);
    return 0;
}

/* Runs the authorize checks on a carried query string. */
static int check_query(struct http_req *r, const char *query, struct oauth_authz *a, struct perr *e)
{
    struct http_form f;
    struct oauth_authz_req in;
    /* a query string is percent-encoded ASCII; anything else was not made by a browser */
    for (const char *p = query; *p; p++) {
        if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7f) {
            perr_set(e, PERR_INVALID, "The authorization request is malformed.");
            e->zoom_code = ZOOM_OAUTH_INVALID_REQUEST;
            return -1;
        }
    }
    if (http_form_parse(&r->h->pool, query, strlen(query), &f, e) != 0) {
        e->zoom_code = ZOOM_OAUTH_INVALID_REQUEST;
        return -1;
    }
    if (authz_from_form(&f, &in, e) != 0)
        return -1;
    return oauth_authorize_check(r->db, &in, a, e);
}

/* Where a user who already granted everything goes: straight back with a code. */
static int redirect_with_code(struct http_req *r, const struct oauth_authz *a, const struct user *u, int approve)
{
    struct perr e = {0};
    char location[URL_MAX + 3 * STATE_MAX + 256]; /* state is percent-encoded: up to three bytes each */
    struct oauth_redirect to = {location, sizeof location};
    if (oauth_decide(r->db, a, u, approve, &to, &e) != 0)
        return error_page(r, &e);
    http_redirect(r, 302, http_strdup(r, location, strlen(location)));
    return 0;
}

int h_oauth_authorize(struct http_req *r)
{
    struct perr e = {0};
    struct oauth_authz_req in;
    struct oauth_authz *a = h2o_mem_alloc_pool(&r->h->pool, sizeof *a);
    if (authz_from_form(&r->query, &in, &e) != 0 || oauth_authorize_check(r->db, &in, a, &e) != 0)
        return error_page(r, &e);

    struct user u;
    char csrf[SESSION_TOKEN_LEN];
    if (!session_get(r->db, http_cookie(r, HTTP_SESSION_COOKIE), &u, csrf))
        return render_signin(r, a, raw_query(r), NULL, NULL, 200);
    if (oauth_user_may_install(r->db, a, &u, &e) != 0 || oauth_scopes_for_user(r->db, a, &u, &e) != 0)
        return error_page(r, &e);
    if (oauth_already_granted(r->db, a, &u))
        return redirect_with_code(r, a, &u, 1);
    return render_consent(r, a, &u, raw_query(r), csrf);
}

/* Reads a POSTed form of the consent pages. */
static int page_form(struct http_req *r, struct http_form *f, struct perr *e)
{
    if (!http_content_type_is(r, FORM_TYPE)) {
        perr_set(e, PERR_INVALID, "The form must be sent as %s.", FORM_TYPE);
        return -1;
    }
    h2o_iovec_t body = r->h->entity;
    if (http_form_parse(&r->h->pool, body.base ? body.base : "", body.len, f, e) != 0)
        return -1;
    return 0;
}

static const char *field(const struct http_form *f, const char *name)
{
    const char *v = NULL;
    return http_form_get(f, name, &v) == 1 ? v : NULL;
}


int h_oauth_signin(struct http_req *r)
{
    struct perr e = {0};
    struct http_form f;
    if (page_form(r, &f, &e) != 0)
        return error_page(r, &e);
    const char *query = field(&f, "q");
    struct oauth_authz *a = h2o_mem_alloc_pool(&r->h->pool, sizeof *a);
    if (!query) {
        perr_set(&e, PERR_INVALID, "The sign-in form is incomplete.");
        return error_page(r, &e);
    }
    if (check_query(r, query, a, &e) != 0)
        return error_page(r, &e);
    if (!http_same_token(field(&f, "csrf_token"), http_cookie(r, HTTP_FORM_CSRF_COOKIE))) {
        perr_set(&e, PERR_FORBIDDEN, "The form expired or did not come from this site. Please try again.");
        return render_signin(r, a, query, field(&f, "email"), e.message, 403);
    }
    char token[SESSION_TOKEN_LEN];
    struct user u;
    if (session_create(r->db, field(&f, "email"), field(&f, "password"), token, &u, &e) != 0) {
        if (e.kind == PERR_INTERNAL)
            return error_page(r, &e);
        return render_signin(r, a, query, field(&f, "email"), e.message, http_status_of(e.kind));
    }
    http_set_cookie(r, HTTP_SESSION_COOKIE, token, SESSION_TTL_S);
    http_set_cookie(r, HTTP_FORM_CSRF_COOKIE, "", 0);
    size_t n = strlen(query) + 32;
    char *location = h2o_mem_alloc_pool(&r->h->pool, n);
    snprintf(location, n, "/oauth/authorize?%s", query);
    http_redirect(r, 303, location);
    return 0;
}

int h_oauth_consent(struct http_req *r)
{
    struct perr e = {0};
    struct http_form f;
    if (page_form(r, &f, &e) != 0)
        return error_page(r, &e);
    struct user u;
    char csrf[SESSION_TOKEN_LEN];
    if (!session_get(r->db, http_cookie(r, HTTP_SESSION_COOKIE), &u, csrf)) {
        perr_set(&e, PERR_UNAUTHORIZED, "Your session has ended. Start the installation again.");
        return error_page(r, &e);
    }
    if (!http_same_token(field(&f, "csrf_token"), csrf)) {
        perr_set(&e, PERR_FORBIDDEN, "The form expired or did not come from this site. Start the installation again.");
        return error_page(r, &e);
    }
    const char *query = field(&f, "q"), *decision = field(&f, "decision");
    struct oauth_authz *a = h2o_mem_alloc_pool(&r->h->pool, sizeof *a);
    if (!query || !decision || (strcmp(decision, "allow") != 0 && strcmp(decision, "deny") != 0)) {
        perr_set(&e, PERR_INVALID, "The consent form is incomplete.");
        return error_page(r, &e);
    }
    if (check_query(r, query, a, &e) != 0)
        return error_page(r, &e);
    return redirect_with_code(r, a, &u, strcmp(decision, "allow") == 0);
}

/* ---- token, revoke, compliance --------------------------------------------- */

/* Parameters come from the query string or a form body (zoom-wire §1.2); a
 * parameter given twice, in either or both, is refused. */
struct params {
    struct http_form body;
    int has_body;
};

static int read_params(struct http_req *r, struct params *p, struct perr *e)
{
    h2o_iovec_t body = r->h->entity;
    p->body.n = 0;
    p->has_body = 0;
    if (body.base && body.len > 0) {
        /* zoomapi sends an empty JSON body with the parameters in the query; a non-empty one must be a form */
        if (!http_content_type_is(r, FORM_TYPE)) {
            perr_set(e, PERR_INVALID, "Content-Type must be %s", FORM_TYPE);
            snprintf(e->error, sizeof e->error, "invalid_request");
            return -1;
        }
        if (http_form_parse(&r->h->pool, body.base, body.len, &p->body, e) != 0) {
            snprintf(e->error, sizeof e->error, "invalid_request");
            return -1;
        }
        p->has_body = 1;
    }
    return 0;
}

static int param(struct http_req *r, const struct params *p, const char *name, const char **out, struct perr *e)
{
    const char *q = NULL, *b = NULL;
    int nq = http_form_get(&r->query, name, &q);
    int nb = http_form_get(&p->body, name, &b);
    *out = NULL;
    if (nq < 0 || nb < 0 || (nq == 1 && nb == 1)) {
        perr_set(e, PERR_INVALID, "Duplicate parameter: %s", name);
        snprintf(e->error, sizeof e->error, "invalid_request");
        return -1;
    }
    *out = nq == 1 ? q : nb == 1 ? b : NULL;
    return 0;
}

/* The client's Basic credentials. RFC 6749 §2.3.1: the client id and secret
 * are form-encoded before they go into the header, and strict clients do
 * encode them ("-" as %2D, "_" as %5F); they are decoded here, so a client
 * that encodes and one that does not (Zoom's ids and secrets have nothing
 * that needs it) both authenticate. 1 found, 0 absent, -1 malformed. */
static int basic_client(struct http_req *r, char *id, size_t idlen, char *secret, size_t slen)
{
    int basic = http_basic_auth(r, id, idlen, secret, slen);
    if (basic != 1)
        return basic;
    size_t n = strlen(id), m = strlen(secret);
    long dn = uri_decode(id, n, 1), dm = uri_decode(secret, m, 1);
    /* a decoded NUL would cut the value short where it is compared: refused */
    if (dn < 0 || dm < 0 || strlen(id) != (size_t)dn || strlen(secret) != (size_t)dm)
        return -1;
    return 1;
}

/* An app's client id and secret, as the request gives them. */
struct client_pair {
    char id[128], secret[256];
};

/* Client credentials from the Basic header or the client_id/client_secret
 * parameters; both ways at once must agree. */
static int client_credentials(struct http_req *r, const struct params *p, struct client_pair *c, struct perr *e)
{
    char *id = c->id, *secret = c->secret;
    size_t idlen = sizeof c->id, slen = sizeof c->secret;
    const char *fid, *fsecret;
    if (param(r, p, "client_id", &fid, e) != 0 || param(r, p, "client_secret", &fsecret, e) != 0)
        return -1;
    int basic = basic_client(r, id, idlen, secret, slen);
    if (basic < 0 || (basic == 1 && ((fid && strcmp(fid, id) != 0) || (fsecret && strcmp(fsecret, secret) != 0)))) {
        perr_set(e, PERR_INVALID, "Invalid client_id or client_secret");
        snprintf(e->error, sizeof e->error, "invalid_client");
        return -1;
    }
    if (basic == 0) {
        snprintf(id, idlen, "%s", fid ? fid : "");
        snprintf(secret, slen, "%s", fsecret ? fsecret : "");
    }
    return 0;
}

int h_oauth_token(struct http_req *r)
{
    struct perr e = {0};
    struct params p;
    struct oauth_token_req in = {0};
    struct client_pair c;
    if (read_params(r, &p, &e) != 0 || client_credentials(r, &p, &c, &e) != 0 ||
        param(r, &p, "grant_type", &in.grant_type, &e) != 0 || param(r, &p, "code", &in.code, &e) != 0 ||
        param(r, &p, "redirect_uri", &in.redirect_uri, &e) != 0 ||
        param(r, &p, "code_verifier", &in.code_verifier, &e) != 0 ||
        param(r, &p, "refresh_token", &in.refresh_token, &e) != 0 ||
        param(r, &p, "account_id", &in.account_id, &e) != 0) {
        http_send_error(r, &e);
        return 0;
    }
    in.client_id = c.id;
    in.client_secret = c.secret;
    struct oauth_token_resp *out = h2o_mem_alloc_pool(&r->h->pool, sizeof *out);
    if (oauth_token(r->db, &in, out, &e) != 0) {
        http_send_error(r, &e);
        return 0;
    }
    /* zoom-wire §1.2: key order and types as Zoom sends them */
    json_t *body = json_object();
    json_object_set_new(body, "access_token", json_string(out->access_token));
    json_object_set_new(body, "token_type", json_string("bearer"));
    if (out->refresh_token[0])
        json_object_set_new(body, "refresh_token", json_string(out->refresh_token));
    json_object_set_new(body, "expires_in", json_integer(out->expires_in));
    json_object_set_new(body, "scope", json_string(out->scope));
    json_object_set_new(body, "api_url", json_string(urls_api()));
    http_add_header(r, H2O_TOKEN_CACHE_CONTROL, "no-store");
    http_add_header_by_name(r, "pragma", "no-cache");
    http_send_json(r, 200, body);
    return 0;
}

int h_oauth_revoke(struct http_req *r)
{
    struct perr e = {0};
    struct params p;
    const char *token;
    struct client_pair c;
    if (read_params(r, &p, &e) != 0 || client_credentials(r, &p, &c, &e) != 0 ||
        param(r, &p, "token", &token, &e) != 0 || oauth_revoke(r->db, c.id, c.secret, token, &e) != 0) {
        http_send_error(r, &e);
        return 0;
    }
    http_send_json(r, 200, json_pack("{s:s}", "status", "success"));
    return 0;
}

int h_oauth_compliance(struct http_req *r)
{
    struct perr e = {0};
    char id[128], secret[256];
    int basic = basic_client(r, id, sizeof id, secret, sizeof secret);
    if (basic != 1) {
        perr_set(&e, PERR_INVALID, "Invalid client_id or client_secret");
        snprintf(e.error, sizeof e.error, "invalid_client");
        http_send_error(r, &e);
        return 0;
    }
    json_t *body = http_json_body(r, &e);
    if (!body) {
        snprintf(e.error, sizeof e.error, "invalid_request");
        e.nfields = 0;
        http_send_error(r, &e);
        return 0;
    }
    int rc = oauth_compliance(r->db, id, secret, body, &e);
    json_decref(body);
    if (rc != 0) {
        http_send_error(r, &e);
        return 0;
    }
    http_send_json(r, 200, json_pack("{s:s}", "status", "success"));
    return 0;
}
