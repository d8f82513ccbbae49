/* A cloud recording file's bytes at its download_url (/rec/download/{fileId},
 * /rec/webhook_download/{fileId}): to an OAuth access token or the recording's
 * download_token, given as `Authorization: Bearer` or `?access_token=`, and to
 * nobody else (401, Zoom's shape). One byte range (RFC 9110 §14) is served as
 * 206; a list of ranges is answered whole (200), which the RFC allows. */
#include "api/api.h"
#include "core/clock.h"
#include "core/zoom_codes.h"
#include "http/handlers.h"
#include "http/http.h"
#include "http/pages.h"
#include "oauth/oauth.h"

#include <h2o.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CREDENTIAL_MAX 4096

enum http_range http_range_parse(const char *h, size_t len, size_t size, size_t *first, size_t *last)
{
    char v[128];
    if (!h)
        return RANGE_NONE;
    if (len >= sizeof v || len < 7 || strncmp(h, "bytes=", 6) != 0)
        return RANGE_NONE; /* another unit or a header too long: ignored (§14.2) */
    memcpy(v, h + 6, len - 6);
    v[len - 6] = '\0';
    if (strchr(v, ','))
        return RANGE_NONE; /* several ranges: answered whole */
    char *dash = strchr(v, '-'), *end;
    if (!dash)
        return RANGE_BAD;
    *dash = '\0';
    const char *a = v, *b = dash + 1;
    if (strspn(a, "0123456789") != strlen(a) || strspn(b, "0123456789") != strlen(b) || (!*a && !*b) ||
        strlen(a) > 18 || strlen(b) > 18)
        return RANGE_BAD;
    if (!*a) { /* the last n bytes */
        unsigned long long n = strtoull(b, &end, 10);
        if (n == 0 || size == 0)
            return RANGE_BAD;
        *first = n >= size ? 0 : size - (size_t)n;
        *last = size - 1;
        return RANGE_ONE;
    }
    unsigned long long f = strtoull(a, &end, 10), l = *b ? strtoull(b, &end, 10) : (unsigned long long)size - 1;
    if (f >= size || l < f)
        return RANGE_BAD;
    *first = (size_t)f;
    *last = l >= size ? size - 1 : (size_t)l;
    return RANGE_ONE;
}

/* The credential of the request: the bearer token, else ?access_token=. */
static const char *credential(struct http_req *r, char *buf, size_t size)
{
    size_t n = 0;
    const char *tok = http_bearer(r, &n);
    if (!tok) {
        const char *q = NULL;
        if (http_query(r, "access_token", &q) != 1 || !q)
            return NULL;
        tok = q;
        n = strlen(q);
    }
    if (n == 0 || n >= size)
        return NULL;
    memcpy(buf, tok, n);
    buf[n] = '\0';
    return buf;
}

int h_rec_download(struct http_req *r)
{
    char cred[CREDENTIAL_MAX];
    const char *tok = credential(r, cred, sizeof cred);
    if (!tok) {
        http_send_zoom_error(r, 401, ZOOM_ACCESS_TOKEN_INVALID, "Invalid access token.", NULL);
        return 0;
    }
    /* an OAuth access token first; else perhaps the recording's download_token */
    struct oauth_access a;
    int oauth = oauth_access_verify(r->db, tok, strlen(tok), &a) == OAUTH_TOKEN_OK;
    struct recording_reader reader = {a.account_id, a.user_id, a.scopes};
    struct recording_bytes b;
    struct perr e = {0};
    if (recording_download(r->db, r->params[0], oauth ? &reader : NULL, tok, &b, &e) != 0) {
        int status = e.kind == PERR_NOT_FOUND ? 404 : e.kind == PERR_UNAUTHORIZED ? 401 : 500;
        http_send_zoom_error(r, status, e.zoom_code ? e.zoom_code : ZOOM_ACCESS_TOKEN_INVALID, e.message, NULL);
        return 0;
    }
    size_t len = 0, first = 0, last = b.size ? b.size - 1 : 0;
    const char *range_header = http_header(r, H2O_TOKEN_RANGE, &len);
    enum http_range range = http_range_parse(range_header, len, b.size, &first, &last);
    http_add_header(r, H2O_TOKEN_ACCEPT_RANGES, "bytes");
    http_add_header_by_name(r, "x-content-type-options", "nosniff");
    char cr[80];
    if (range == RANGE_BAD) {
        free(b.data);
        snprintf(cr, sizeof cr, "bytes */%zu", b.size);
        http_add_header(r, H2O_TOKEN_CONTENT_RANGE, http_strdup(r, cr, strlen(cr)));
        http_send_text(r, 416, "text/plain", "Range Not Satisfiable\n", 22);
        return 0;
    }
    size_t n = range == RANGE_ONE ? last - first + 1 : b.size;
    char *body = h2o_mem_alloc_pool(&r->h->pool, n ? n : 1);
    memcpy(body, (char *)b.data + (range == RANGE_ONE ? first : 0), n);
    free(b.data);
    const char *type = http_strdup(r, b.content_type, strlen(b.content_type));
    if (range == RANGE_ONE) {
        snprintf(cr, sizeof cr, "bytes %zu-%zu/%zu", first, last, b.size);
        http_add_header(r, H2O_TOKEN_CONTENT_RANGE, http_strdup(r, cr, strlen(cr)));
        http_send_text(r, 206, type, body, n);
    } else {
        http_send_text(r, 200, type, body, n);
    }
    return 0;
}

/* ---- the share_url and play_url pages ------------------------------------------- */

static const char *form_value(const struct http_form *f, const char *key)
{
    const char *v = NULL;
    return http_form_get(f, key, &v) == 1 ? v : NULL;
}

/* The page of the recording the path names (share: its share token; else a file id), opened with
 * `passcode` (NULL: none given yet); `error` overrides the refusal's words. */
static int view_page(struct http_req *r, int share, const char *passcode, const char *error, int csrf_bad)
{
    struct recording_view *v = h2o_mem_alloc_pool(&r->h->pool, sizeof *v);
    struct perr e = {0};
    int rc = recording_view(r->db, share ? r->params[0] : NULL, share ? NULL : r->params[0],
                            csrf_bad ? NULL : passcode, v, &e);
    size_t len;
    if (rc != 0 && e.kind != PERR_FORBIDDEN && e.kind != PERR_RATE_LIMITED) {
        const char *html = pages_error(&r->h->pool, e.zoom_code, e.message, &len);
        http_send_page(r, e.kind == PERR_NOT_FOUND ? 404 : 500, html, len);
        return 0;
    }
    int refused = rc != 0 && (passcode || csrf_bad); /* a try that failed, not the first look */
    char start[21];
    clock_format(v->start_time, start);
    struct page_recording p = {
        .action = http_strdup(r, r->h->path.base, r->h->query_at != SIZE_MAX ? r->h->query_at : r->h->path.len),
        .csrf = http_form_csrf(r),
        .error = error ? error : refused ? http_strdup(r, e.message, strlen(e.message)) : NULL,
        .start = http_strdup(r, start, strlen(start)),
        .view = v,
        .unlocked = rc == 0,
    };
    const char *html = pages_recording(&r->h->pool, &p, &len);
    http_send_page(r, rc == 0 ? 200 : !refused ? 200 : http_status_of(e.kind), html, len);
    return 0;
}

/* GET: opened as the link is, with ?pwd= when Zoom's link carries the passcode. */
static int view_get(struct http_req *r, int share)
{
    const char *pwd = NULL;
    if (http_query(r, "pwd", &pwd) != 1 || (pwd && !*pwd))
        pwd = NULL;
    return view_page(r, share, pwd, NULL, 0);
}

/* POST: the passcode form. */
static int view_post(struct http_req *r, int share)
{
    struct http_form f;
    struct perr e = {0};
    h2o_iovec_t body = r->h->entity;
    if (!body.base || http_form_parse(&r->h->pool, body.base, body.len, &f, &e) != 0)
        memset(&f, 0, sizeof f);
    if (!http_same_token(form_value(&f, "csrf_token"), http_cookie(r, HTTP_FORM_CSRF_COOKIE)))
        return view_page(r, share, NULL, "The form expired: please try again.", 1);
    const char *passcode = form_value(&f, "passcode");
    return view_page(r, share, passcode ? passcode : "", NULL, 0);
}

int h_rec_share_page(struct http_req *r) { return view_get(r, 1); }
int h_rec_share_submit(struct http_req *r) { return view_post(r, 1); }
int h_rec_play_page(struct http_req *r) { return view_get(r, 0); }
int h_rec_play_submit(struct http_req *r) { return view_post(r, 0); }
