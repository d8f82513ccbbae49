/* Answering a request, in the shape each surface's clients expect. The one
 * mapping from domain errors to HTTP lives here (http_send_error). */
#include "http/http.h"
#include "core/zoom_codes.h"
#include "http/router.h"
#include "core/config.h"
#include "core/crypto.h"
#include "http/pages.h"

#include <stdio.h>
#include <string.h>

#define JSON_TYPE "application/json;charset=UTF-8"

/* h2o keeps pointers to header names and values: they must live in the pool.
 * Control characters never reach the wire, whatever a caller passes: no
 * header can be split or injected through a value. */
static h2o_iovec_t header_value(struct http_req *r, const char *value)
{
    h2o_iovec_t v = h2o_strdup(&r->h->pool, value, strlen(value));
    for (size_t i = 0; i < v.len; i++)
        if ((unsigned char)v.base[i] < 0x20 || v.base[i] == 0x7f)
            v.base[i] = '?';
    return v;
}

void http_add_header(struct http_req *r, const h2o_token_t *token, const char *value)
{
    h2o_iovec_t v = header_value(r, value);
    h2o_add_header(&r->h->pool, &r->h->res.headers, token, NULL, v.base, v.len);
}

void http_add_header_by_name(struct http_req *r, const char *name, const char *value)
{
    h2o_iovec_t n = h2o_strdup(&r->h->pool, name, strlen(name));
    h2o_iovec_t v = header_value(r, value);
    h2o_add_header_by_str(&r->h->pool, &r->h->res.headers, n.base, n.len, 0, NULL, v.base, v.len);
}

static const char *reason_of(int status)
{
    switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 204: return "No Content";
    case 302: return "Found";
    case 303: return "See Other";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 409: return "Conflict";
    case 412: return "Precondition Failed";
    case 413: return "Payload Too Large";
    case 415: return "Unsupported Media Type";
    case 422: return "Unprocessable Entity";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return "Status";
    }
}

static void finish(struct http_req *r, int status, const char *body, size_t len)
{
    if (r->before_answer) {
        r->before_answer(r, status);
        r->before_answer = NULL;
    }
    r->status = status;
    r->h->res.status = status;
    r->h->res.reason = reason_of(status);
    if (r->route && (r->route->surface == SURFACE_API || r->route->surface == SURFACE_OAUTH)) {
        char v[80];
        snprintf(v, sizeof v, "v=2.0;clid=plaza;rid=WEB_%s", r->request_id);
        http_add_header_by_name(r, "x-zm-trackingid", v);
    }
    if (r->etag[0] && status >= 200 && status < 300)
        http_add_header(r, H2O_TOKEN_ETAG, r->etag);
    r->h->res.content_length = len;
    h2o_send_inline(r->h, body, len);
}

void http_send_text(struct http_req *r, int status, const char *type, const char *body, size_t len)
{
    if (type)
        http_add_header(r, H2O_TOKEN_CONTENT_TYPE, type);
    finish(r, status, body, len);
}

static void send_json_typed(struct http_req *r, int status, json_t *body, const char *type)
{
    /* compact, order-preserving, UTF-8 kept as is, '/' not escaped: what JSON.stringify prints */
    char *s = json_dumps(body, JSON_COMPACT);
    json_decref(body);
    if (!s) {
        http_send_text(r, 500, "text/plain", "out of memory\n", 14);
        return;
    }
    size_t n = strlen(s);
    char *copy = http_strdup(r, s, n);
    free(s);
    http_send_text(r, status, type, copy, n);
}

void http_send_json(struct http_req *r, int status, json_t *body) { send_json_typed(r, status, body, JSON_TYPE); }

void http_send_json_text(struct http_req *r, int status, const char *text, size_t len)
{
    http_send_text(r, status, JSON_TYPE, text, len);
}

void http_send_problem_json(struct http_req *r, int status, json_t *body)
{
    send_json_typed(r, status, body, "application/problem+json");
}

void http_send_empty(struct http_req *r, int status) { finish(r, status, "", 0); }

void http_redirect(struct http_req *r, int status, const char *location)
{
    http_add_header(r, H2O_TOKEN_LOCATION, location);
    http_add_header(r, H2O_TOKEN_CACHE_CONTROL, "no-store");
    finish(r, status, "", 0);
}

int http_status_of(enum perr_kind kind)
{
    switch (kind) {
    case PERR_NONE:
        return 200;
    case PERR_INVALID:
        return 400;
    case PERR_UNAUTHORIZED:
        return 401;
    case PERR_FORBIDDEN:
        return 403;
    case PERR_NOT_FOUND:
        return 404;
    case PERR_CONFLICT:
        return 409;
    case PERR_UNPROCESSABLE:
        return 422;
    case PERR_LIMIT:
        return 413;
    case PERR_RATE_LIMITED:
        return 429;
    case PERR_INTERNAL:
        break;
    }
    return 500;
}

static json_t *field_errors(const struct perr *e)
{
    json_t *a = json_array();
    for (int i = 0; i < e->nfields; i++)
        json_array_append_new(a, json_pack("{s:s,s:s}", "field", e->fields[i].field, "message", e->fields[i].message));
    for (int i = 0; e->more && i < e->nmore; i++)
        json_array_append_new(a, json_pack("{s:s,s:s}", "field", e->more[i].field, "message", e->more[i].message));
    return a;
}

void http_send_zoom_error(struct http_req *r, int status, int code, const char *message, const struct perr *fields)
{
    json_t *body = json_pack("{s:i,s:s}", "code", code, "message", message);
    if (fields && fields->nfields > 0)
        json_object_set_new(body, "errors", field_errors(fields));
    http_send_json(r, status, body);
}

void http_send_oauth_error(struct http_req *r, int status, const char *reason, const char *error)
{
    http_add_header(r, H2O_TOKEN_CACHE_CONTROL, "no-store");
    http_send_json(r, status, json_pack("{s:s,s:s}", "reason", reason, "error", error));
}

static const char *problem_slug(enum perr_kind kind)
{
    switch (kind) {
    case PERR_INVALID:
        return "invalid-request";
    case PERR_UNAUTHORIZED:
        return "unauthorized";
    case PERR_FORBIDDEN:
        return "forbidden";
    case PERR_NOT_FOUND:
        return "not-found";
    case PERR_CONFLICT:
        return "conflict";
    case PERR_UNPROCESSABLE:
        return "unprocessable";
    case PERR_LIMIT:
    case PERR_RATE_LIMITED:
        return "limit-exceeded";
    default:
        return "internal-error";
    }
}

static const char *problem_title(enum perr_kind kind)
{
    switch (kind) {
    case PERR_INVALID:
        return "The request is not valid.";
    case PERR_UNAUTHORIZED:
        return "The admin key is missing or wrong.";
    case PERR_FORBIDDEN:
        return "This is not allowed.";
    case PERR_NOT_FOUND:
        return "No such resource.";
    case PERR_CONFLICT:
        return "This clashes with the current state.";
    case PERR_UNPROCESSABLE:
        return "The request cannot be carried out in this state.";
    case PERR_LIMIT:
    case PERR_RATE_LIMITED:
        return "A limit was exceeded.";
    default:
        return "plaza failed to handle the request.";
    }
}

void http_send_problem(struct http_req *r, const struct perr *e)
{
    int status = e->status ? e->status : http_status_of(e->kind);
    char type[64];
    snprintf(type, sizeof type, "urn:plaza:problem:%s", problem_slug(e->kind));
    json_t *body = json_pack("{s:s,s:s,s:i,s:s}", "type", type, "title", problem_title(e->kind), "status", status,
                             "detail", e->message);
    if (e->nfields > 0)
        json_object_set_new(body, "errors", field_errors(e));
    if (e->zoom_code)
        json_object_set_new(body, "zoom_code", json_integer(e->zoom_code));
    if (e->error[0])
        json_object_set_new(body, "error", json_string(e->error));
    if (e->kind == PERR_UNAUTHORIZED)
        http_add_header(r, H2O_TOKEN_WWW_AUTHENTICATE, "Bearer realm=\"plaza\"");
    http_send_problem_json(r, status, body);
}

void http_send_error(struct http_req *r, const struct perr *e)
{
    int status = e->status ? e->status : http_status_of(e->kind);
    if (e->kind == PERR_INTERNAL)
        log_error("request %s failed: %s", r->request_id, e->message);
    switch (r->route ? r->route->surface : SURFACE_PLAIN) {
    case SURFACE_API: {
        int code = e->zoom_code ? e->zoom_code : e->kind == PERR_INVALID ? ZOOM_VALIDATION_FAILED : status;
        http_send_zoom_error(r, status, code, e->message, e);
        return;
    }
    case SURFACE_OAUTH:
        http_send_oauth_error(r, status, e->message, e->error[0] ? e->error : "invalid_request");
        return;
    case SURFACE_CONTROL:
        http_send_problem(r, e);
        return;
    case SURFACE_PAGE: {
        size_t len;
        const char *html = pages_error(&r->h->pool, e->zoom_code, e->message, &len);
        http_add_header(r, H2O_TOKEN_CACHE_CONTROL, "no-store");
        http_send_text(r, status, "text/html; charset=utf-8", html, len);
        return;
    }
    case SURFACE_PLAIN:
        break;
    }
    char line[300];
    int n = snprintf(line, sizeof line, "%s\n", e->message);
    http_send_text(r, status, "text/plain; charset=utf-8", http_strdup(r, line, (size_t)n), (size_t)n);
}

void http_set_cookie(struct http_req *r, const char *name, const char *value, int max_age)
{
    const char *secure = strncmp(config()->public_url, "https:", 6) == 0 ? "; Secure" : "";
    char buf[256];
    snprintf(buf, sizeof buf, "%s=%s; Path=/; HttpOnly; SameSite=Lax%s; Max-Age=%d", name, value, secure, max_age);
    http_add_header(r, H2O_TOKEN_SET_COOKIE, buf);
}

void http_send_page(struct http_req *r, int status, const char *html, size_t len)
{
    http_add_header(r, H2O_TOKEN_CACHE_CONTROL, "no-store");
    http_add_header_by_name(r, "x-frame-options", "DENY"); /* no clickjacking of the pages' buttons */
    http_add_header_by_name(r, "content-security-policy", "default-src 'none'; style-src 'unsafe-inline'; "
                                                          "media-src 'self'; frame-ancestors 'none'; base-uri 'none'");
    http_add_header_by_name(r, "referrer-policy", "no-referrer");
    http_send_text(r, status, "text/html; charset=utf-8", html, len);
}

#define FORM_CSRF_LEN 44 /* 43 characters and a NUL */

const char *http_form_csrf(struct http_req *r)
{
    const char *have = http_cookie(r, HTTP_FORM_CSRF_COOKIE);
    char *csrf = h2o_mem_alloc_pool(&r->h->pool, FORM_CSRF_LEN);
    if (have && strlen(have) == FORM_CSRF_LEN - 1)
        memcpy(csrf, have, FORM_CSRF_LEN);
    else
        crypto_token(csrf, FORM_CSRF_LEN, 32);
    http_set_cookie(r, HTTP_FORM_CSRF_COOKIE, csrf, 3600);
    return csrf;
}

int http_same_token(const char *a, const char *b)
{
    return a && b && strlen(a) == strlen(b) && strlen(a) > 0 && crypto_equal(a, b, strlen(a));
}
