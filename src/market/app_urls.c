/* URL checks for app configuration and redirect matching. Parsing is
 * uriparser's (core/uri.h). */
#include "market/app_urls.h"
#include "core/uri.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

int url_parse(const char *url, struct url_parts *out)
{
    memset(out, 0, sizeof *out);
    size_t n = strlen(url);
    if (n == 0 || n > URL_MAX)
        return -1;
    for (size_t i = 0; i < n; i++) /* no spaces or controls anywhere */
        if ((unsigned char)url[i] <= 0x20 || url[i] == 0x7f)
            return -1;
    struct uri_parts u;
    if (uri_parse(url, &u) != 0 || u.has_user || u.has_fragment || memchr(url, '#', n))
        return -1;
    /* absolute URLs only, scheme written out: "https://host/..." */
    size_t sl = strlen(u.scheme);
    if (strncasecmp(url, u.scheme, sl) != 0 || strncmp(url + sl, "://", 3) != 0)
        return -1;
    /* a host is a DNS name or an IP address: uriparser also takes escapes and
     * sub-delimiters ("evil.com%2f.example.com", "e!am"), which a browser
     * decodes or refuses, so the host checked would not be the one reached */
    if (strspn(u.host, "abcdefghijklmnopqrstuvwxyz0123456789.-_:") != strlen(u.host))
        return -1;
    snprintf(out->scheme, sizeof out->scheme, "%s", u.scheme);
    snprintf(out->host, sizeof out->host, "%s", u.host);
    snprintf(out->path, sizeof out->path, "%s", u.path);
    out->port = u.port;
    out->has_query = u.has_query;
    out->is_ipv4_loopback = u.ipv4[0] == 127;
    return 0;
}

int url_is_loopback(const struct url_parts *u)
{
    /* an address in 127.0.0.0/8, not a name that merely starts with "127." */
    return strcmp(u->host, "localhost") == 0 || strcmp(u->host, "::1") == 0 || u->is_ipv4_loopback;
}

const char *url_app_check(const char *url)
{
    struct url_parts u;
    if (url_parse(url, &u) != 0)
        return "must be an absolute http(s) URL without user information or fragment";
    if (strcmp(u.scheme, "https") != 0 && !url_is_loopback(&u))
        return "must use https (http is allowed only for loopback hosts)";
    return NULL;
}

/* host equals base, or (when allowed) ends with "." + base */
static int host_matches(const char *host, const char *base, int subdomain_check)
{
    if (strcmp(host, base) == 0)
        return 1;
    if (subdomain_check)
        return 0;
    size_t h = strlen(host), b = strlen(base);
    return h > b + 1 && host[h - b - 1] == '.' && strcmp(host + h - b, base) == 0;
}

int url_redirect_allowed(const char *redirect_uri, const char *const *allowed, size_t n, int strict_mode,
                         int subdomain_check)
{
    struct url_parts want;
    if (url_parse(redirect_uri, &want) != 0)
        return 0;
    for (size_t i = 0; i < n; i++) {
        if (strict_mode) {
            if (strcmp(redirect_uri, allowed[i]) == 0)
                return 1;
            continue;
        }
        struct url_parts entry;
        if (url_parse(allowed[i], &entry) != 0)
            continue;
        if (strcmp(want.scheme, entry.scheme) != 0 || want.port != entry.port ||
            !host_matches(want.host, entry.host, subdomain_check))
            continue;
        if (strcmp(entry.path, "/") == 0 || strcmp(entry.path, want.path) == 0)
            return 1;
    }
    return 0;
}
