/* The pages a meeting's join_url opens (/j/{id}, and /w/{id} for webinars):
 * what the meeting is, a form for a guest's name, e-mail and, when the link
 * carries none, the passcode; posting it joins the simulated meeting as a
 * participant, as a person clicking the link in Zoom would. And the page its
 * start_url opens (/s/{id}?zak=): the host's button that starts it. */
#include "api/api.h"
#include "api/zak.h"
#include "core/clock.h"
#include "core/zoom_codes.h"
#include "http/handlers.h"
#include "http/pages.h"
#include "market/market.h"
#include "sim/sim.h"

#include <string.h>

#define JOIN_NAME_MAX 64

/* The meeting of the path, or an error page answered (-1). */
static int meeting_of(struct http_req *r, struct meeting *m)
{
    if (meeting_find(r->db, r->params[0], m) == 1 && !m->deleted_at)
        return 0;
    if (m->doc)
        meeting_clear(m);
    size_t len;
    const char *html = pages_error(&r->h->pool, ZOOM_MEETING_NOT_FOUND, "This meeting link is not valid.", &len);
    http_send_page(r, 404, html, len);
    return -1;
}

static const char *doc_str(const struct meeting *m, const char *key)
{
    const char *v = json_string_value(json_object_get(m->doc, key));
    return v ? v : "";
}

/* The form, with what was tried and why it was refused. */
static int show(struct http_req *r, const struct meeting *m, struct page_join *j, int status)
{
    struct user host;
    j->action = http_strdup(r, r->h->path.base, r->h->query_at != SIZE_MAX ? r->h->query_at : r->h->path.len);
    j->topic = http_strdup(r, doc_str(m, "topic"), strlen(doc_str(m, "topic")));
    j->host = user_find(r->db, m->host_id, &host) == 1 ? http_strdup(r, host.display_name, strlen(host.display_name))
                                                      : "the host";
    j->state = strcmp(m->status, "started") == 0 ? "in progress" : "waiting for the host to start it";
    j->csrf = http_form_csrf(r);
    size_t len;
    const char *html = pages_join(&r->h->pool, j, &len);
    http_send_page(r, status, html, len);
    return 0;
}

int h_join_page(struct http_req *r)
{
    struct meeting m = {0};
    if (meeting_of(r, &m) != 0)
        return 0;
    const char *pwd = NULL;
    http_query(r, "pwd", &pwd);
    struct page_join j = {.pwd = pwd && *pwd ? pwd : NULL};
    if (!*doc_str(&m, "password"))
        j.pwd = ""; /* no passcode to ask for */
    show(r, &m, &j, 200);
    meeting_clear(&m);
    return 0;
}

static const char *form_value(const struct http_form *f, const char *key)
{
    const char *v = NULL;
    return http_form_get(f, key, &v) == 1 ? v : NULL;
}

/* The passcode is right: the link's encrypted one, or the one typed. */
static int passcode_ok(const struct meeting *m, const struct http_form *f)
{
    const char *plain = doc_str(m, "password"), *sealed = doc_str(m, "encrypted_password");
    const char *pwd = form_value(f, "pwd"), *typed = form_value(f, "passcode");
    if (!*plain)
        return 1;
    return (pwd && *pwd && http_same_token(pwd, sealed)) || (typed && http_same_token(typed, plain));
}

int h_join_submit(struct http_req *r)
{
    struct meeting m = {0};
    if (meeting_of(r, &m) != 0)
        return 0;
    struct http_form f;
    struct perr e = {0};
    h2o_iovec_t body = r->h->entity;
    if (!body.base || http_form_parse(&r->h->pool, body.base, body.len, &f, &e) != 0)
        memset(&f, 0, sizeof f);
    const char *name = form_value(&f, "name"), *email = form_value(&f, "email"), *pwd = form_value(&f, "pwd");
    struct page_join j = {.pwd = pwd, .name = name, .email = email};
    int status = 400;
    json_t *joined = NULL;
    if (!http_same_token(form_value(&f, "csrf_token"), http_cookie(r, HTTP_FORM_CSRF_COOKIE))) {
        j.error = "The form expired: please try again.";
        status = 403;
    } else if (!name || !*name || strlen(name) > JOIN_NAME_MAX) {
        j.error = "Give your name (at most 64 characters).";
    } else if (email && *email && !user_email_valid(email)) {
        j.error = "That e-mail address is not valid.";
    } else if (!passcode_ok(&m, &f)) {
        j.error = "The meeting passcode is wrong.";
        status = 403;
    } else if (sim_join(r->db, r->params[0], name, email && *email ? email : NULL, &joined, &e) != 0) {
        j.error = e.message;
        status = http_status_of(e.kind);
    }
    if (j.error) {
        show(r, &m, &j, status);
    } else {
        size_t len;
        const char *pid = json_string_value(json_object_get(joined, "id"));
        const char *html = pages_joined(&r->h->pool, doc_str(&m, "topic"), name, pid ? pid : "", &len);
        http_send_page(r, 201, html, len);
    }
    json_decref(joined);
    meeting_clear(&m);
    return 0;
}

/* ---- the start_url: /s/{id}?zak= -------------------------------------------------- */

/* The ZAK is the host's, for this meeting (or a plain one of the host): NULL, or why not. */
static const char *zak_refusal(const struct meeting *m, const char *zak)
{
    struct zak_claims zc;
    int rc = zak_check(zak, &zc);
    if (rc != 0 && zc.exp && zc.exp <= clock_now()) /* a good ZAK, but too old */
        return "This start link has expired: get a new start_url from the API.";
    if (rc != 0)
        return "This start link is not valid.";
    if (strcmp(zc.user_id, m->host_id) != 0 || (zc.meeting_id && zc.meeting_id != m->id))
        return "This start link is for another meeting or host.";
    return NULL;
}

/* The start page for a valid ZAK; an expired or foreign one gets an error page. */
static int show_start(struct http_req *r, const struct meeting *m, const char *zak, const char *error, int status)
{
    struct user host;
    const char *why = zak_refusal(m, zak);
    if (why) {
        size_t len;
        const char *html = pages_error(&r->h->pool, ZOOM_NO_PERMISSION, why, &len);
        http_send_page(r, 403, html, len);
        return 0;
    }
    struct page_start st = {
        .action = http_strdup(r, r->h->path.base, r->h->query_at != SIZE_MAX ? r->h->query_at : r->h->path.len),
        .topic = doc_str(m, "topic"),
        .host = user_find(r->db, m->host_id, &host) == 1 ? http_strdup(r, host.display_name, strlen(host.display_name))
                                                         : "the host",
        .csrf = http_form_csrf(r),
        .zak = zak,
        .error = error,
    };
    size_t len;
    const char *html = pages_start(&r->h->pool, &st, &len);
    http_send_page(r, status, html, len);
    return 0;
}

int h_start_page(struct http_req *r)
{
    struct meeting m = {0};
    if (meeting_of(r, &m) != 0)
        return 0;
    const char *zak = NULL;
    http_query(r, "zak", &zak);
    show_start(r, &m, zak, NULL, 200);
    meeting_clear(&m);
    return 0;
}

int h_start_submit(struct http_req *r)
{
    struct meeting m = {0};
    if (meeting_of(r, &m) != 0)
        return 0;
    struct http_form f;
    struct perr e = {0};
    h2o_iovec_t body = r->h->entity;
    if (!body.base || http_form_parse(&r->h->pool, body.base, body.len, &f, &e) != 0)
        memset(&f, 0, sizeof f);
    const char *zak = form_value(&f, "zak");
    json_t *started = NULL;
    if (!http_same_token(form_value(&f, "csrf_token"), http_cookie(r, HTTP_FORM_CSRF_COOKIE))) {
        show_start(r, &m, zak, "The form expired: please try again.", 403);
    } else if (zak_refusal(&m, zak)) {
        show_start(r, &m, zak, NULL, 403); /* answers the refusal's page */
    } else if (sim_start(r->db, r->params[0], &started, &e) == 0) {
        size_t len;
        const char *uuid = json_string_value(json_object_get(started, "uuid"));
        const char *html = pages_started(&r->h->pool, doc_str(&m, "topic"), uuid ? uuid : "", 0, &len);
        http_send_page(r, 201, html, len);
    } else if (e.kind == PERR_CONFLICT && sim_state(r->db, r->params[0], &started, &e) == 0) {
        /* the host opening the link of a meeting in progress is back in it, as in Zoom */
        size_t len;
        const char *uuid = json_string_value(json_object_get(json_object_get(started, "instance"), "uuid"));
        const char *html = pages_started(&r->h->pool, doc_str(&m, "topic"), uuid ? uuid : "", 1, &len);
        http_send_page(r, 200, html, len);
    } else {
        show_start(r, &m, zak, e.message, http_status_of(e.kind));
    }
    json_decref(started);
    meeting_clear(&m);
    return 0;
}
