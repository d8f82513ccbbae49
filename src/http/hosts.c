#include "http/hosts.h"
#include "tls/tls.h"

#include <string.h>

enum zoom_host hosts_classify(const char *a, size_t n, int *port)
{
    *port = 0;
    if (n == 0 || n > 255 || a[0] == '[')
        return HOST_OTHER; /* no Host (HTTP/1.0), or an IPv6 literal: not one of Zoom's names */
    char host[256];
    size_t hn = n;
    const char *colon = memchr(a, ':', n);
    if (colon) {
        /* the name decides the host; a port that is not one is left out (0) */
        hn = (size_t)(colon - a);
        int p = 0;
        size_t digits = n - hn - 1;
        int valid = digits > 0 && digits <= 5;
        for (size_t i = 0; i < digits && valid; i++) {
            char ch = colon[1 + i];
            valid = ch >= '0' && ch <= '9';
            p = p * 10 + (ch - '0');
        }
        *port = valid && p >= 1 && p <= 65535 ? p : 0;
    }
    for (size_t i = 0; i < hn; i++)
        host[i] = (char)(a[i] >= 'A' && a[i] <= 'Z' ? a[i] + 32 : a[i]);
    if (hn > 0 && host[hn - 1] == '.')
        hn--;
    host[hn] = '\0';
    if (!tls_is_zoom_host(host)) {
        *port = 0;
        return HOST_OTHER;
    }
    if (strcmp(host, "api.zoom.us") == 0)
        return HOST_API;
    if (strcmp(host, "marketplace.zoom.us") == 0)
        return HOST_MARKETPLACE;
    return HOST_WEB;
}

static int prefixed(const char *path, size_t n, const char *prefix)
{
    size_t k = strlen(prefix);
    return n >= k && memcmp(path, prefix, k) == 0;
}

/* The pages plaza serves, or writes URLs for, on zoom.us. */
static int web_path(const char *path, size_t n)
{
    static const char *const prefixes[] = {"/oauth/", "/p/", "/j/", "/w/", "/s/", "/rec/", "/meeting/register/",
                                           "/webinar/register/"};
    for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++)
        if (prefixed(path, n, prefixes[i]))
            return 1;
    return 0;
}

static int api_path(const char *path, size_t n)
{
    return prefixed(path, n, "/v2/") || (n == 3 && memcmp(path, "/v2", 3) == 0);
}

const char *hosts_refusal(enum zoom_host host, const char *path, size_t n)
{
    switch (host) {
    case HOST_OTHER:
        return NULL;
    case HOST_API:
        if (api_path(path, n))
            return NULL;
        return web_path(path, n) ? "This is served at zoom.us, not api.zoom.us."
                                 : "api.zoom.us serves the REST API (/v2) only.";
    case HOST_WEB:
        if (web_path(path, n))
            return NULL;
        return api_path(path, n) ? "The REST API is served at api.zoom.us." : "Not served at Zoom's hostnames.";
    case HOST_MARKETPLACE:
        return "marketplace.zoom.us: plaza's Marketplace portal is served at /marketplace on plaza's own address (its public URL), with the control API it calls.";
    }
    return NULL;
}
