/* Thin wrappers over uriparser. */
#include "core/uri.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uriparser/Uri.h>

long uri_decode(char *s, size_t n, int plus_is_space)
{
    for (size_t i = 0; i < n; i++) /* uriparser passes malformed escapes through; plaza refuses them */
        if (s[i] == '%' && (i + 2 >= n || !isxdigit((unsigned char)s[i + 1]) || !isxdigit((unsigned char)s[i + 2])))
            return -1;
    s[n] = '\0';
    if (memchr(s, '\0', n)) /* a raw NUL was already in the input */
        return -1;
    const char *end = uriUnescapeInPlaceExA(s, plus_is_space ? URI_TRUE : URI_FALSE, URI_BR_DONT_TOUCH);
    return end ? (long)(end - s) : -1;
}

long uri_encode(const char *in, char *out, size_t size)
{
    size_t n = strlen(in);
    if (size < 3 * n + 1)
        return -1;
    char *end = uriEscapeExA(in, in + n, out, URI_FALSE, URI_FALSE);
    *end = '\0';
    return (long)(end - out);
}

static int copy_range(const UriTextRangeA *r, char *dst, size_t size)
{
    size_t n = r->first ? (size_t)(r->afterLast - r->first) : 0;
    if (n >= size)
        return -1;
    if (n)
        memcpy(dst, r->first, n);
    dst[n] = '\0';
    return 0;
}

int uri_parse(const char *url, struct uri_parts *out)
{
    memset(out, 0, sizeof *out);
    out->ipv4[0] = -1;
    UriUriA u;
    const char *err = NULL;
    if (uriParseSingleUriA(&u, url, &err) != URI_SUCCESS)
        return -1;
    int rc = -1;
    if (copy_range(&u.scheme, out->scheme, sizeof out->scheme) != 0 ||
        copy_range(&u.hostText, out->host, sizeof out->host) != 0 || !out->host[0])
        goto out;
    for (char *p = out->scheme; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    for (char *p = out->host; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    if (strcmp(out->scheme, "http") != 0 && strcmp(out->scheme, "https") != 0)
        goto out;
    out->has_user = u.userInfo.first != NULL;
    out->has_query = u.query.first != NULL;
    out->has_fragment = u.fragment.first != NULL;
    if (u.hostData.ip4)
        for (int i = 0; i < 4; i++)
            out->ipv4[i] = u.hostData.ip4->data[i];
    char port[8];
    if (copy_range(&u.portText, port, sizeof port) != 0)
        goto out;
    if (port[0]) {
        char *end;
        long p = strtol(port, &end, 10);
        if (*end || p < 1 || p > 65535)
            goto out;
        out->port = (int)p;
    } else {
        out->port = strcmp(out->scheme, "https") == 0 ? 443 : 80;
    }
    /* the path: its segments joined, "/" when there are none */
    size_t len = 0;
    for (UriPathSegmentA *seg = u.pathHead; seg; seg = seg->next) {
        size_t n = (size_t)(seg->text.afterLast - seg->text.first);
        if (len + n + 2 > sizeof out->path)
            goto out;
        out->path[len++] = '/';
        memcpy(out->path + len, seg->text.first, n);
        len += n;
    }
    if (len == 0)
        out->path[len++] = '/';
    out->path[len] = '\0';
    rc = 0;
out:
    uriFreeUriMembersA(&u);
    return rc;
}
