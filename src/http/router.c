/* Matching a request against the route table: split the raw path into
 * segments, compare literals, decode captures. Linear over the table; the
 * table is small and the comparisons are short. */
#include "http/router.h"

#include "core/uri.h"

#include <stdio.h>
#include <string.h>

#define MAX_SEGMENTS 12

struct segments {
    int n;
    h2o_iovec_t s[MAX_SEGMENTS];
};

static int split(const char *p, size_t len, struct segments *out)
{
    out->n = 0;
    if (len == 0 || p[0] != '/')
        return -1;
    size_t i = 1;
    for (;;) {
        size_t end = i;
        while (end < len && p[end] != '/')
            end++;
        if (out->n == MAX_SEGMENTS)
            return -1;
        out->s[out->n++] = h2o_iovec_init(p + i, end - i);
        if (end >= len)
            break;
        i = end + 1;
    }
    /* "/v2/users/" has a trailing empty segment; keep it so it does not match "/v2/users" */
    return 0;
}

static int pattern_matches(const char *pattern, const struct segments *req, h2o_iovec_t *caps, int *ncaps)
{
    int seg = 0;
    *ncaps = 0;
    const char *p = pattern + 1;
    for (;;) {
        const char *end = strchr(p, '/');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        if (seg >= req->n)
            return 0;
        if (n > 0 && p[0] == '{') {
            if (req->s[seg].len == 0 || *ncaps == HTTP_MAX_PARAMS)
                return 0;
            caps[(*ncaps)++] = req->s[seg];
        } else if (req->s[seg].len != n || memcmp(req->s[seg].base, p, n) != 0) {
            return 0;
        }
        seg++;
        if (!end)
            break;
        p = end + 1;
    }
    return seg == req->n;
}

enum route_match router_match(h2o_mem_pool_t *pool, h2o_iovec_t method, h2o_iovec_t path, const struct route **route,
                              const char **params, int *nparams)
{
    struct segments segs;
    *route = NULL;
    *nparams = 0;
    if (split(path.base, path.len, &segs) != 0)
        return ROUTE_NO_PATH;

    const struct route *path_only = NULL;
    h2o_iovec_t caps[HTTP_MAX_PARAMS];
    int ncaps;
    for (size_t i = 0; i < routes_count; i++) {
        const struct route *rt = &routes[i];
        if (!pattern_matches(rt->pattern, &segs, caps, &ncaps))
            continue;
        if (!h2o_memis(method.base, method.len, rt->method, strlen(rt->method))) {
            if (!path_only)
                path_only = rt;
            continue;
        }
        for (int c = 0; c < ncaps; c++) {
            char *dec = h2o_mem_alloc_pool(pool, caps[c].len + 1);
            memcpy(dec, caps[c].base, caps[c].len);
            long n = uri_decode(dec, caps[c].len, 0);
            if (n < 0)
                return ROUTE_NO_PATH;
            params[c] = dec;
            /* a path names nothing with an encoded NUL or invalid UTF-8 (jansson validates it) */
            json_t *text = json_stringn(params[c], (size_t)n);
            int ok = text && !memchr(params[c], '\0', (size_t)n);
            json_decref(text);
            if (!ok)
                return ROUTE_NO_PATH;
        }
        *nparams = ncaps;
        *route = rt;
        return ROUTE_FOUND;
    }
    if (path_only) {
        *route = path_only;
        return ROUTE_NO_METHOD;
    }
    return ROUTE_NO_PATH;
}

void router_allow(h2o_iovec_t path, char *out, size_t size)
{
    struct segments segs;
    h2o_iovec_t caps[HTTP_MAX_PARAMS];
    int ncaps;
    size_t len = 0;
    out[0] = '\0';
    if (split(path.base, path.len, &segs) != 0)
        return;
    for (size_t i = 0; i < routes_count; i++) {
        if (!pattern_matches(routes[i].pattern, &segs, caps, &ncaps) || strstr(out, routes[i].method))
            continue;
        int n = snprintf(out + len, size - len, "%s%s", len ? ", " : "", routes[i].method);
        if (n < 0 || (size_t)n >= size - len)
            break;
        len += (size_t)n;
    }
}

static int has_prefix(h2o_iovec_t path, const char *prefix)
{
    size_t n = strlen(prefix);
    return path.len >= n && memcmp(path.base, prefix, n) == 0;
}

enum surface router_surface_of(h2o_iovec_t path)
{
    if (has_prefix(path, "/v2/") || h2o_memis(path.base, path.len, H2O_STRLIT("/v2")))
        return SURFACE_API;
    if (has_prefix(path, "/oauth/"))
        return SURFACE_OAUTH;
    if (has_prefix(path, "/_plaza/") || h2o_memis(path.base, path.len, H2O_STRLIT("/_plaza")))
        return SURFACE_CONTROL;
    if (has_prefix(path, "/marketplace/"))
        return SURFACE_PAGE;
    return SURFACE_PLAIN;
}

size_t router_index(const struct route *r) { return (size_t)(r - routes); }
