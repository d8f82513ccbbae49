/* The HTTP layer's face: the request a handler sees, the helpers that parse
 * it, and the helpers that answer in the shape of each surface (Zoom's OAuth
 * errors, Zoom's REST errors, problem+json, HTML). Handlers are thin: parse
 * into a plain struct, call one domain function, render. */
#ifndef PLAZA_HTTP_H
#define PLAZA_HTTP_H

#include "core/err.h"
#include "core/ids.h"

#include <h2o.h>
#include <jansson.h>
#include <stdint.h>

struct db;
struct route;
struct http_thread;

/* Which of plaza's surfaces a route belongs to; decides the error shape. */
enum surface {
    SURFACE_OAUTH,   /* zoom.us/oauth: {"reason","error"} */
    SURFACE_API,     /* api.zoom.us/v2: {"code","message"} */
    SURFACE_CONTROL, /* /_plaza: application/problem+json */
    SURFACE_PAGE,    /* HTML for people */
    SURFACE_PLAIN,   /* /healthz, /metrics */
};

#define HTTP_MAX_PARAMS 4
#define HTTP_FORM_MAX 64         /* parameters in one query string or form */
#define HTTP_JSON_MAX_BODY 65536 /* bytes of a JSON body (/v2, /_plaza) or a sign-in or consent form */
#define HTTP_FORM_MAX_BODY 16384 /* bytes of a body to /oauth/token, /oauth/revoke, /oauth/data/compliance */
#define HTTP_JSON_MAX_DEPTH 16
#define HTTP_MAX_HEAD 16384 /* bytes of a request line and its headers; more is 431 */

struct http_kv {
    const char *key, *val; /* decoded, NUL-terminated, in the request pool */
    size_t key_len, val_len;
};

struct http_form {
    int n;
    struct http_kv kv[HTTP_FORM_MAX];
};

/* The authenticated caller of a /v2 route (filled by the dispatcher). */
struct http_token {
    char client_id[ID_LEN], user_id[ID_LEN], account_id[ID_LEN];
    int64_t install_id;
    int type; /* 0 user authorization, 1 client credentials, 3 account credentials */
    const char *scopes; /* space-separated, request pool */
};

/* Who calls a /_plaza route, as http/access.c found out: the operator's admin
 * key, or a person by the portal's session cookie or a personal access token. */
enum principal_kind { PRINCIPAL_NONE, PRINCIPAL_KEY, PRINCIPAL_USER };
enum principal_via { VIA_NONE, VIA_KEY, VIA_SESSION, VIA_TOKEN };
struct http_principal {
    enum principal_kind kind;
    enum principal_via via;
    char user_id[ID_LEN], account_id[ID_LEN];
    int role;               /* the user's enum user_role */
    int reviewer, operator; /* plaza-wide roles; the admin key is the operator */
};

/* The double-submit CSRF cookie of the server's own forms (sign-in, join), before any session exists. */
#define HTTP_FORM_CSRF_COOKIE "plaza_csrf"

/* The cookie of a signed-in person: the OAuth sign-in page and the portal share it. */
#define HTTP_SESSION_COOKIE "plaza_session"

struct http_req {
    h2o_req_t *h;
    struct db *db;
    const struct route *route;
    int nparams;
    const char *params[HTTP_MAX_PARAMS]; /* decoded path parameters, in route order */
    struct http_form query;
    struct http_token token;
    struct http_principal who; /* /_plaza routes */
    char request_id[33];
    int status; /* what was sent, for the access log and metrics */
    struct http_thread *thread;
    size_t route_index;
    int64_t started_us;
    int zoom_host, zoom_port; /* came to one of Zoom's hostnames (hosts.h), and the port its Host named */
    char etag[24];            /* sent as ETag when the answer is a success (http/revision.c), or "" */
    /* called with the status just before the answer leaves (http/revision.c gives a failed change's revision
     * back there, so that no client sees the answer before that is done), or NULL */
    void (*before_answer)(struct http_req *r, int status);
    int64_t claimed_revision;
};

typedef int (*http_handler)(struct http_req *r);

/* --- reading the request --------------------------------------------------- */

/* What an HTTP/1 request head says about its framing, which h2o does not
 * show: it keeps neither Content-Length nor Transfer-Encoding in req->headers,
 * and silently prefers one when both (or two lengths) are sent. */
struct http_head {
    size_t size;            /* request line and headers, with the empty line */
    int content_lengths;    /* Content-Length fields */
    int lengths_differ;     /* two of them with different values */
    int transfer_encodings; /* Transfer-Encoding fields */
};

/* Reads the head of `req` again from the connection's input, where h2o keeps
 * it until the response is sent. 1 filled; 0 when there is no HTTP/1 head
 * (HTTP/2 has no such framing). */
int http_head_inspect(h2o_req_t *req, struct http_head *out);

/* The header's value, or NULL (length in *len when len is not NULL). */
const char *http_header(struct http_req *r, const h2o_token_t *token, size_t *len);
/* The same for a header h2o has no token for, by its lower-case name. */
const char *http_header_by_name(struct http_req *r, const char *name, size_t *len);

/* Whether the request's media type (ignoring parameters) is `type`. */
int http_content_type_is(struct http_req *r, const char *type);

/* Decodes an application/x-www-form-urlencoded string into `out`. Fails on
 * more than HTTP_FORM_MAX pairs, bad percent-escapes, NUL bytes or invalid
 * UTF-8; the message names the problem. */
int http_form_parse(h2o_mem_pool_t *pool, const char *s, size_t n, struct http_form *out, struct perr *e);

/* The value of `key` in `f`: 1 found (once), 0 absent, -1 given twice. */
int http_form_get(const struct http_form *f, const char *key, const char **val);

/* The query parameter, like http_form_get. */
int http_query(struct http_req *r, const char *key, const char **val);

/* The body as JSON (an object), bounded in size and depth. NULL with `e` set
 * when it is missing, too big, not JSON, not an object or too deep. */
json_t *http_json_body(struct http_req *r, struct perr *e);

/* Credentials from an `Authorization: Basic` header. 1 found and decoded,
 * 0 absent, -1 malformed. Both outputs are NUL-terminated and bounded. */
int http_basic_auth(struct http_req *r, char *user, size_t ulen, char *pass, size_t plen);

/* The token of an `Authorization: Bearer` header, or NULL. */
const char *http_bearer(struct http_req *r, size_t *len);

/* The value of cookie `name`, or NULL. */
const char *http_cookie(struct http_req *r, const char *name);

/* Sets a cookie for the whole site: HttpOnly, SameSite=Lax, and Secure when the public URL is https.
 * max_age 0 clears it. */
void http_set_cookie(struct http_req *r, const char *name, const char *value, int max_age);

/* A server-rendered page (pages.h): no caching, no framing, a CSP that allows no script. */
void http_send_page(struct http_req *r, int status, const char *html, size_t len);
/* The CSRF token for a form of a page: the request's cookie's, or a new one, set for an hour. */
const char *http_form_csrf(struct http_req *r);
/* Whether a form's token equals the cookie's, in constant time; NULLs and empty strings never match. */
int http_same_token(const char *a, const char *b);

/* A Range header (RFC 9110 §14) against a body of `size` bytes (h2o parses
 * none for generated bodies): RANGE_ONE with [first, last] inside the body,
 * RANGE_BAD (416) for one that cannot be satisfied or is malformed, RANGE_NONE
 * (answered whole) for none, another unit or a list of ranges. h_rec.c. */
enum http_range { RANGE_NONE, RANGE_ONE, RANGE_BAD };
enum http_range http_range_parse(const char *h, size_t len, size_t size, size_t *first, size_t *last);

/* Sets (or adds) a query parameter, for what the access rules fill in. 0, or -1 when the query is full. */
int http_query_set(struct http_req *r, const char *key, const char *val);

/* A NUL-terminated copy in the request pool. */
char *http_strdup(struct http_req *r, const char *s, size_t n);

/* --- answering ------------------------------------------------------------- */

void http_add_header(struct http_req *r, const h2o_token_t *token, const char *value);
void http_add_header_by_name(struct http_req *r, const char *name, const char *value);

/* Sends `body` (a reference is taken and released) with the given content type. */
void http_send_json(struct http_req *r, int status, json_t *body);
/* JSON already written (copied). */
void http_send_json_text(struct http_req *r, int status, const char *text, size_t len);
void http_send_problem_json(struct http_req *r, int status, json_t *body);
void http_send_text(struct http_req *r, int status, const char *type, const char *body, size_t len);
void http_send_empty(struct http_req *r, int status);
void http_redirect(struct http_req *r, int status, const char *location);

/* Zoom's REST error: {"code":..,"message":..[,"errors":[..]]} */
void http_send_zoom_error(struct http_req *r, int status, int code, const char *message, const struct perr *fields);
/* Zoom's token-endpoint error: {"reason":..,"error":..} */
void http_send_oauth_error(struct http_req *r, int status, const char *reason, const char *error);
/* An RFC 9457 problem from a domain error. */
void http_send_problem(struct http_req *r, const struct perr *e);

/* The domain error in the shape of the route's surface. */
void http_send_error(struct http_req *r, const struct perr *e);

/* HTTP status for a domain error kind. */
int http_status_of(enum perr_kind kind);

#endif
