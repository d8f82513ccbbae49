/* Reading a request: headers, query strings and forms, JSON bodies, Basic and
 * Bearer credentials, cookies. Every reader is bounded and reports what was
 * wrong instead of guessing. Percent-decoding is uriparser's, JSON is jansson's. */
#include "http/pico.h"
#include "http/http.h"

#include "core/uri.h"

#include <ctype.h>
#include <sodium.h>
#include <string.h>

const char *http_header(struct http_req *r, const h2o_token_t *token, size_t *len)
{
    ssize_t i = h2o_find_header(&r->h->headers, token, -1);
    if (i < 0)
        return NULL;
    if (len)
        *len = r->h->headers.entries[i].value.len;
    return r->h->headers.entries[i].value.base;
}

const char *http_header_by_name(struct http_req *r, const char *name, size_t *len)
{
    ssize_t i = h2o_find_header_by_str(&r->h->headers, name, strlen(name), -1);
    if (i < 0)
        return NULL;
    if (len)
        *len = r->h->headers.entries[i].value.len;
    return r->h->headers.entries[i].value.base;
}

int http_content_type_is(struct http_req *r, const char *type)
{
    size_t len;
    const char *v = http_header(r, H2O_TOKEN_CONTENT_TYPE, &len);
    if (!v)
        return 0;
    size_t n = 0;
    while (n < len && v[n] != ';' && v[n] != ' ' && v[n] != '\t')
        n++;
    return h2o_lcstris(v, n, type, strlen(type));
}

char *http_strdup(struct http_req *r, const char *s, size_t n) { return h2o_strdup(&r->h->pool, s, n).base; }


int http_head_inspect(h2o_req_t *req, struct http_head *out)
{
    memset(out, 0, sizeof *out);
    if (req->version >= 0x200 || !req->conn->callbacks->get_socket)
        return 0;
    h2o_socket_t *sock = req->conn->callbacks->get_socket(req->conn);
    if (!sock || !sock->input || !sock->input->size)
        return 0;
    /* h2o consumes a request's bytes from the input only once its response is
     * sent, and decodes a chunked body in place after the head: the head of the
     * request being handled starts the buffer. */
    struct phr_header headers[H2O_MAX_HEADERS];
    size_t nheaders = H2O_MAX_HEADERS, mlen, plen;
    const char *method, *path;
    int minor;
    size_t len = sock->input->size < H2O_MAX_REQLEN ? sock->input->size : H2O_MAX_REQLEN;
    int n = phr_parse_request(sock->input->bytes, len, &method, &mlen, &path, &plen, &minor, headers, &nheaders, 0);
    if (n <= 0)
        return 0;
    out->size = (size_t)n;
    const struct phr_header *length = NULL;
    for (size_t i = 0; i < nheaders; i++) {
        const struct phr_header *h = &headers[i];
        if (!h->name)
            continue;
        if (h2o_lcstris(h->name, h->name_len, H2O_STRLIT("transfer-encoding"))) {
            out->transfer_encodings++;
        } else if (h2o_lcstris(h->name, h->name_len, H2O_STRLIT("content-length"))) {
            out->content_lengths++;
            if (length && !h2o_memis(length->value, length->value_len, h->value, h->value_len))
                out->lengths_differ = 1;
            length = h;
        }
    }
    return 1;
}

/* 1 when `s` is valid UTF-8 without NUL bytes. jansson validates UTF-8 when it
 * makes a string, so plaza asks it rather than decoding by hand. */
static int text_ok(const char *s, size_t n)
{
    if (memchr(s, '\0', n))
        return 0;
    json_t *j = json_stringn(s, n);
    if (!j)
        return 0;
    json_decref(j);
    return 1;
}

/* Percent-decodes one form component ('+' is a space) into the pool. */
static const char *form_decode(h2o_mem_pool_t *pool, const char *s, size_t n, size_t *out_len)
{
    char *copy = h2o_mem_alloc_pool(pool, n + 1);
    memcpy(copy, s, n);
    long len = uri_decode(copy, n, 1);
    if (len < 0)
        return NULL;
    *out_len = (size_t)len;
    return copy;
}

int http_form_parse(h2o_mem_pool_t *pool, const char *s, size_t n, struct http_form *out, struct perr *e)
{
    out->n = 0;
    size_t i = 0;
    while (i < n) {
        size_t end = i;
        while (end < n && s[end] != '&')
            end++;
        if (end > i) {
            if (out->n == HTTP_FORM_MAX)
                return perr_set(e, PERR_LIMIT, "Too many parameters (at most %d).", HTTP_FORM_MAX);
            size_t eq = i;
            while (eq < end && s[eq] != '=')
                eq++;
            struct http_kv *kv = &out->kv[out->n];
            kv->key = form_decode(pool, s + i, eq - i, &kv->key_len);
            kv->val = eq < end ? form_decode(pool, s + eq + 1, end - eq - 1, &kv->val_len) : "";
            if (eq >= end)
                kv->val_len = 0;
            if (!kv->key || !kv->val)
                return perr_set(e, PERR_INVALID, "Malformed percent-encoding in parameters.");
            if (!text_ok(kv->key, kv->key_len) || !text_ok(kv->val, kv->val_len))
                return perr_set(e, PERR_INVALID, "Parameters must be UTF-8 text without NUL bytes.");
            out->n++;
        }
        i = end + 1;
    }
    return 0;
}

int http_form_get(const struct http_form *f, const char *key, const char **val)
{
    int found = 0;
    for (int i = 0; i < f->n; i++) {
        if (strcmp(f->kv[i].key, key) != 0)
            continue;
        if (found)
            return -1;
        found = 1;
        *val = f->kv[i].val;
    }
    return found;
}

int http_query(struct http_req *r, const char *key, const char **val) { return http_form_get(&r->query, key, val); }

static int json_depth(json_t *j)
{
    int max = 0;
    if (json_is_object(j)) {
        const char *k;
        json_t *v;
        json_object_foreach(j, k, v)
        {
            int d = json_depth(v);
            if (d > max)
                max = d;
        }
        return max + 1;
    }
    if (json_is_array(j)) {
        size_t i;
        json_t *v;
        json_array_foreach(j, i, v)
        {
            int d = json_depth(v);
            if (d > max)
                max = d;
        }
        return max + 1;
    }
    return 0;
}

json_t *http_json_body(struct http_req *r, struct perr *e)
{
    h2o_iovec_t body = r->h->entity;
    if (body.base == NULL || body.len == 0) {
        perr_set(e, PERR_INVALID, "Request Body should be a valid JSON object.");
        return NULL;
    }
    if (body.len > HTTP_JSON_MAX_BODY) {
        perr_set(e, PERR_LIMIT, "Request body is larger than %d bytes.", HTTP_JSON_MAX_BODY);
        return NULL;
    }
    size_t ctlen;
    const char *ct = http_header(r, H2O_TOKEN_CONTENT_TYPE, &ctlen);
    if (ct && !http_content_type_is(r, "application/json")) {
        perr_set(e, PERR_INVALID, "Content-Type must be application/json.");
        e->status = 415;
        return NULL;
    }
    json_error_t err;
    /* jansson rejects invalid UTF-8 and (without JSON_ALLOW_NUL) "\u0000" */
    json_t *j = json_loadb(body.base, body.len, JSON_REJECT_DUPLICATES, &err);
    if (!j) {
        perr_set(e, PERR_INVALID, "Request Body should be a valid JSON object.");
        perr_field(e, "body", "%s (at byte %d)", err.text, err.position);
        return NULL;
    }
    if (!json_is_object(j)) {
        json_decref(j);
        perr_set(e, PERR_INVALID, "Request Body should be a valid JSON object.");
        return NULL;
    }
    if (json_depth(j) > HTTP_JSON_MAX_DEPTH) {
        json_decref(j);
        perr_set(e, PERR_INVALID, "Request body nests deeper than %d levels.", HTTP_JSON_MAX_DEPTH);
        return NULL;
    }
    return j;
}

int http_basic_auth(struct http_req *r, char *user, size_t ulen, char *pass, size_t plen)
{
    size_t len;
    const char *v = http_header(r, H2O_TOKEN_AUTHORIZATION, &len);
    if (!v)
        return 0;
    if (len < 6 || !h2o_lcstris(v, 6, "basic ", 6))
        return 0;
    v += 6, len -= 6;
    while (len && *v == ' ')
        v++, len--;
    unsigned char buf[512];
    size_t got;
    if (len == 0 || len > 680 ||
        sodium_base642bin(buf, sizeof buf - 1, v, len, NULL, &got, NULL, sodium_base64_VARIANT_ORIGINAL) != 0)
        return -1;
    unsigned char *colon = memchr(buf, ':', got);
    if (!colon)
        return -1;
    size_t un = (size_t)(colon - buf), pn = got - un - 1;
    if (un >= ulen || pn >= plen || !text_ok((char *)buf, got))
        return -1;
    memcpy(user, buf, un);
    user[un] = '\0';
    memcpy(pass, colon + 1, pn);
    pass[pn] = '\0';
    sodium_memzero(buf, sizeof buf);
    return 1;
}

const char *http_bearer(struct http_req *r, size_t *len)
{
    size_t n;
    const char *v = http_header(r, H2O_TOKEN_AUTHORIZATION, &n);
    if (!v || n < 7 || !h2o_lcstris(v, 7, "bearer ", 7))
        return NULL;
    v += 7, n -= 7;
    while (n && *v == ' ')
        v++, n--;
    while (n && v[n - 1] == ' ')
        n--;
    if (n == 0)
        return NULL;
    *len = n;
    return v;
}

const char *http_cookie(struct http_req *r, const char *name)
{
    size_t nlen = strlen(name);
    for (ssize_t i = -1; (i = h2o_find_header(&r->h->headers, H2O_TOKEN_COOKIE, i)) != -1;) {
        h2o_iovec_t iter = r->h->headers.entries[i].value;
        const char *tok;
        size_t toklen;
        h2o_iovec_t value;
        while ((tok = h2o_next_token(&iter, ';', &toklen, &value)) != NULL) {
            if (toklen == nlen && memcmp(tok, name, nlen) == 0 && value.base)
                return http_strdup(r, value.base, value.len);
        }
    }
    return NULL;
}

int http_query_set(struct http_req *r, const char *key, const char *val)
{
    struct http_form *f = &r->query;
    size_t klen = strlen(key);
    for (int i = 0; i < f->n; i++)
        if (f->kv[i].key_len == klen && memcmp(f->kv[i].key, key, klen) == 0) {
            f->kv[i].val = val;
            f->kv[i].val_len = strlen(val);
            return 0;
        }
    if (f->n == HTTP_FORM_MAX)
        return -1;
    f->kv[f->n++] = (struct http_kv){key, val, klen, strlen(val)};
    return 0;
}
