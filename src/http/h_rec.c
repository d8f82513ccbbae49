/* A cloud recording file's bytes at its download_url (/rec/download/{fileId},
 * /rec/webhook_download/{fileId}): to an OAuth access token or the recording's
 * download_token, given as `Authorization: Bearer` or `?access_token=`, and to
 * nobody else (401, Zoom's shape). One byte range (RFC 9110 §14) is served as
 * 206; a list of ranges is answered whole (200), which the RFC allows. */
#include "api/api.h"
#include "core/zoom_codes.h"
#include "http/handlers.h"
#include "http/http.h"
#include "oauth/oauth.h"

#include <h2o.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CREDENTIAL_MAX 4096

enum range_kind { RANGE_NONE, RANGE_ONE, RANGE_BAD };

/* Reads a Range header against a body of size bytes: RANGE_ONE with [first, last]. */
static enum range_kind parse_range(const char *h, size_t len, size_t size, size_t *first, size_t *last)
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
    enum range_kind range = parse_range(range_header, len, b.size, &first, &last);
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
