/* URL rules of the Marketplace: what a valid app URL is, and whether a
 * redirect_uri matches an app's redirect URL and allow list. Parsing is
 * uriparser's. */
#ifndef PLAZA_URLS_H
#define PLAZA_URLS_H

#include <stddef.h>

#define URL_MAX 2048

struct url_parts {
    char scheme[8];
    char host[256]; /* lower-case */
    int port;       /* explicit or the scheme's default */
    char path[URL_MAX + 1];
    int has_query;
    int is_ipv4_loopback;
};

/* Splits `url`; 0 when it is an absolute http(s) URL with a host (a DNS name
 * or an IP address, no escapes), no user information and no fragment, at
 * most URL_MAX bytes. */
int url_parse(const char *url, struct url_parts *out);

/* 1 when the host is a loopback name or address (localhost, 127.0.0.0/8, ::1). */
int url_is_loopback(const struct url_parts *u);

/* Whether `url` is acceptable as an app URL: https, or http on loopback.
 * Returns NULL when fine, else a sentence saying why not. */
const char *url_app_check(const char *url);

/* Whether redirect_uri may receive codes, given the app's redirect URL and
 * allow list (`allowed`, n entries).
 *  - strict mode: byte-for-byte equal to an entry;
 *  - otherwise scheme, port and path must equal an entry's (an entry without
 *    a path allows any path on its origin), and the query may differ;
 *  - subdomain check: the host must equal the entry's; without it, a
 *    subdomain of the entry's host is accepted too. */
int url_redirect_allowed(const char *redirect_uri, const char *const *allowed, size_t n, int strict_mode,
                         int subdomain_check);

#endif
