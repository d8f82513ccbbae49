/* Percent-encoding and URL parsing, by uriparser (RFC 3986). */
#ifndef PLAZA_URI_H
#define PLAZA_URI_H

#include <stddef.h>

/* Decodes n bytes of `s` in place (a '+' becomes a space when plus_is_space)
 * and NUL-terminates. Returns the decoded length, or -1 when an escape is
 * malformed ("%", "%4", "%zz"). The result may hold NUL bytes: callers check. */
long uri_decode(char *s, size_t n, int plus_is_space);

/* Percent-encodes `in` for a query value into `out`. Returns the length, or
 * -1 when `out` (size bytes) is too small (it needs 3 * strlen(in) + 1). */
long uri_encode(const char *in, char *out, size_t size);

struct uri_parts {
    char scheme[8];
    char host[256]; /* lower-case, IPv6 without brackets */
    int port;       /* explicit, or the scheme's default (http 80, https 443) */
    char path[2049];
    int has_query, has_user, has_fragment;
    int ipv4[4];    /* when the host is an IPv4 address, its bytes; else ipv4[0] = -1 */
};

/* Parses an absolute http(s) URL; 0 on success. */
int uri_parse(const char *url, struct uri_parts *out);

#endif
