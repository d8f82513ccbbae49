/* The web portal (/marketplace): the page shell and its static files, as
 * embedded from web/ (portal_assets.h). The portal is a client of the control
 * API in the browser; this file only serves bytes, with a strict CSP. */
#include "http/handlers.h"
#include "http/portal_assets.h"

#include <stdio.h>
#include <string.h>

#define PORTAL_CSP                                                                                                \
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; " \
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
#define PORTAL_SHELL "index.html"
#define PORTAL_PATH_MAX 256

static const struct portal_asset *asset_find(const char *path)
{
    for (size_t i = 0; i < portal_assets_count; i++)
        if (strcmp(portal_assets[i].path, path) == 0)
            return &portal_assets[i];
    return NULL;
}

/* Every portal answer, found or not. */
static void add_security_headers(struct http_req *r)
{
    http_add_header_by_name(r, "content-security-policy", PORTAL_CSP);
    http_add_header_by_name(r, "referrer-policy", "same-origin");
    http_add_header_by_name(r, "x-content-type-options", "nosniff");
}

/* Whether one entry of If-None-Match (a comma-separated list, weak or
 * strong, or "*") names `etag`: RFC 9110 §13.1.2 compares weakly. */
static int etag_listed(const char *list, size_t n, const char *etag)
{
    size_t elen = strlen(etag);
    size_t i = 0;
    while (i < n) {
        while (i < n && (list[i] == ' ' || list[i] == '\t' || list[i] == ','))
            i++;
        size_t start = i;
        while (i < n && list[i] != ',')
            i++;
        size_t end = i;
        while (end > start && (list[end - 1] == ' ' || list[end - 1] == '\t'))
            end--;
        if (end - start >= 2 && list[start] == 'W' && list[start + 1] == '/')
            start += 2;
        if ((end - start == 1 && list[start] == '*') || (end - start == elen && memcmp(list + start, etag, elen) == 0))
            return 1;
    }
    return 0;
}

static int send_asset(struct http_req *r, const struct portal_asset *a)
{
    add_security_headers(r);
    if (!a) {
        static const char missing[] = "Not found.\n";
        http_add_header(r, H2O_TOKEN_CACHE_CONTROL, "no-store");
        http_send_text(r, 404, "text/plain; charset=utf-8", missing, sizeof missing - 1);
        return 0;
    }
    http_add_header(r, H2O_TOKEN_CACHE_CONTROL, "no-cache");
    http_add_header(r, H2O_TOKEN_ETAG, a->etag);
    size_t n;
    const char *inm = http_header(r, H2O_TOKEN_IF_NONE_MATCH, &n);
    if (inm && etag_listed(inm, n, a->etag)) {
        http_send_empty(r, 304);
        return 0;
    }
    http_send_text(r, 200, a->content_type, (const char *)a->bytes, a->length);
    return 0;
}

int h_portal_index(struct http_req *r) { return send_asset(r, asset_find(PORTAL_SHELL)); }

int h_portal_asset(struct http_req *r)
{
    const char *file = r->nparams > 0 ? r->params[0] : "";
    return send_asset(r, asset_find(file));
}

/* One folder down: /marketplace/assets/pages/apps.js. */
int h_portal_asset_nested(struct http_req *r)
{
    char path[PORTAL_PATH_MAX];
    const struct portal_asset *a = NULL;
    if (r->nparams > 1 && !strchr(r->params[0], '/')) {
        int n = snprintf(path, sizeof path, "%s/%s", r->params[0], r->params[1]);
        if (n > 0 && (size_t)n < sizeof path)
            a = asset_find(path);
    }
    return send_asset(r, a);
}
