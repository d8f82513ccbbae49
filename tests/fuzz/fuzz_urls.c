/* Redirect URIs and allow lists (market/app_urls.c over core/uri.c, uriparser
 * underneath). Input lines: the redirect_uri a client sends, then the app's
 * redirect URL and allow list entries. Every line goes through url_parse,
 * url_app_check and percent-encoding both ways; the redirect_uri is matched
 * against the entries in the four modes (strict or not, subdomain check or
 * not). Invariants: what strict mode accepts, the lenient modes accept too;
 * what the subdomain check accepts, its absence accepts too; whatever is
 * accepted leads to an entry's scheme and port, on its host or (without the
 * subdomain check) a subdomain of it, never to user information or a
 * fragment, and the host is a plain name or address (no escapes a browser
 * would decode into another host). */
#include "core/uri.h"
#include "fuzz.h"
#include "market/app_urls.h"

#define ENTRIES_MAX 12

/* The redirect is on an entry's origin (or a subdomain when allowed). */
static int leads_to_entry(const struct url_parts *want, const char *const *allowed, size_t n, int subdomain_check)
{
    for (size_t i = 0; i < n; i++) {
        struct url_parts e;
        if (url_parse(allowed[i], &e) != 0 || strcmp(e.scheme, want->scheme) != 0 || e.port != want->port)
            continue;
        size_t h = strlen(want->host), b = strlen(e.host);
        if (strcmp(want->host, e.host) == 0 ||
            (!subdomain_check && h > b + 1 && want->host[h - b - 1] == '.' && strcmp(want->host + h - b, e.host) == 0))
            return 1;
    }
    return 0;
}

static void check_line(const char *s, size_t n)
{
    struct url_parts u;
    if (url_parse(s, &u) == 0) {
        FUZZ_ASSERT(strcmp(u.scheme, "http") == 0 || strcmp(u.scheme, "https") == 0);
        FUZZ_ASSERT(u.host[0] != '\0' && u.port >= 1 && u.port <= 65535 && u.path[0] == '/');
        FUZZ_ASSERT(!strchr(s, '#') && strlen(s) <= URL_MAX);
        /* a host is a DNS name or an IP address: what the browser will go to is what was checked */
        FUZZ_ASSERT(strspn(u.host, "abcdefghijklmnopqrstuvwxyz0123456789.-_:") == strlen(u.host));
        url_is_loopback(&u);
    }
    const char *why = url_app_check(s);
    if (!why)
        FUZZ_ASSERT(url_parse(s, &u) == 0);
    /* percent-encoding round trip */
    if (n <= 1024 && strlen(s) == n) {
        char enc[3 * 1024 + 1];
        long e = uri_encode(s, enc, sizeof enc);
        FUZZ_ASSERT(e >= 0 && (size_t)e == strlen(enc));
        long d = uri_decode(enc, (size_t)e, 0);
        FUZZ_ASSERT(d == (long)n && memcmp(enc, s, n) == 0);
    }
    char *copy = fuzz_strndup((const uint8_t *)s, n);
    long d = uri_decode(copy, n, 1);
    FUZZ_ASSERT(d <= (long)n);
    free(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_setup();
    char *parts[ENTRIES_MAX + 1];
    size_t lens[ENTRIES_MAX + 1];
    size_t n = fuzz_split(data, size, '\n', parts, lens, ENTRIES_MAX + 1);
    for (size_t i = 0; i < n; i++)
        check_line(parts[i], lens[i]);

    const char *redirect = parts[0];
    const char *const *allowed = (const char *const *)parts + 1;
    size_t na = n - 1;
    int ok[2][2]; /* [strict][subdomain_check] */
    for (int strict = 0; strict < 2; strict++)
        for (int sub = 0; sub < 2; sub++)
            ok[strict][sub] = url_redirect_allowed(redirect, allowed, na, strict, sub);
    struct url_parts want;
    int parses = url_parse(redirect, &want) == 0;
    for (int strict = 0; strict < 2; strict++)
        for (int sub = 0; sub < 2; sub++)
            if (ok[strict][sub])
                FUZZ_ASSERT(parses && leads_to_entry(&want, allowed, na, sub || strict));
    FUZZ_ASSERT(!ok[0][1] || ok[0][0]);
    FUZZ_ASSERT(!ok[1][0] || (ok[0][0] && ok[0][1]));
    fuzz_free_parts(parts, n);
    return 0;
}
