/* URL checks for app configuration and redirect matching. */
#include "market/urls.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int get_part(CURLU *h, CURLUPart part, char *dst, size_t size)
{
    char *v = NULL;
    CURLUcode rc = curl_url_get(h, part, &v, 0);
    if (rc != CURLUE_OK) {
        dst[0] = '\0';
        return rc;
    }
    int ok = strlen(v) < size;
    if (ok)
        memcpy(dst, v, strlen(v) + 1);
    curl_free(v);
    return ok ? CURLUE_OK : -1;
}

int url_parse(const char *url, struct url_parts *out)
{
    memset(out, 0, sizeof *out);
    size_t n = strlen(url);
    if (n == 0 || n > URL_MAX)
        return -1;
    for (size_t i = 0; i < n; i++) /* no spaces or controls: libcurl would tolerate some */
        if ((unsigned char)url[i] <= 0x20 || url[i] == 0x7f)
            return -1;
    if (memchr(url, '#', n)) /* libcurl reports an empty fragment as none; no fragment at all is the rule */
        return -1;

    CURLU *h = curl_url();
    if (!h)
        return -1;
    int rc = -1;
    char tmp[URL_MAX + 1];
    if (curl_url_set(h, CURLUPART_URL, url, 0) != CURLUE_OK)
        goto out;
    if (get_part(h, CURLUPART_SCHEME, out->scheme, sizeof out->scheme) != CURLUE_OK ||
        (strcmp(out->scheme, "http") != 0 && strcmp(out->scheme, "https") != 0))
        goto out;
    if (get_part(h, CURLUPART_HOST, out->host, sizeof out->host) != CURLUE_OK || out->host[0] == '\0')
        goto out;
    if (get_part(h, CURLUPART_USER, tmp, sizeof tmp) != CURLUE_NO_USER ||
        get_part(h, CURLUPART_FRAGMENT, tmp, sizeof tmp) != CURLUE_NO_FRAGMENT)
        goto out;
    /* the URL given must not be relative or scheme-less: libcurl guesses those */
    if (strncmp(url, out->scheme, strlen(out->scheme)) != 0 || strncmp(url + strlen(out->scheme), "://", 3) != 0)
        goto out;
    for (char *p = out->host; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    if (get_part(h, CURLUPART_PORT, tmp, sizeof tmp) == CURLUE_OK)
        out->port = atoi(tmp);
    else
        out->port = strcmp(out->scheme, "https") == 0 ? 443 : 80;
    if (get_part(h, CURLUPART_PATH, out->path, sizeof out->path) != CURLUE_OK)
        goto out;
    out->has_query = get_part(h, CURLUPART_QUERY, tmp, sizeof tmp) == CURLUE_OK;
    rc = 0;
out:
    curl_url_cleanup(h);
    return rc;
}

int url_is_loopback(const struct url_parts *u)
{
    struct in_addr v4;
    if (strcmp(u->host, "localhost") == 0 || strcmp(u->host, "[::1]") == 0 || strcmp(u->host, "::1") == 0)
        return 1;
    /* an address in 127.0.0.0/8, not a name that merely starts with "127." */
    return inet_pton(AF_INET, u->host, &v4) == 1 && (ntohl(v4.s_addr) >> 24) == 127;
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
