/* multipart/form-data: the boundary, then a walk from delimiter to delimiter
 * (RFC 2046 §5.1.1, RFC 7578). Each part's headers are read only for
 * Content-Disposition (form-data, name, filename) and Content-Type; every
 * length is bounded and the body is never copied. See multipart.h for why
 * this is not a library. */
#include "http/multipart.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static int is_space(char c) { return c == ' ' || c == '\t'; }

/* RFC 2046 bchars: digits, letters and '()+_,-./:=? and space (not last). */
static int bchar(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || strchr("'()+_,-./:=? ", c);
}

/* The value of parameter `key` in "type; k=v; k2=\"v 2\"" (from `p` to `end`)
 * into out; 1 found, 0 not, -1 malformed or too long. */
static int param(const char *p, const char *end, const char *key, char *out, size_t size)
{
    size_t klen = strlen(key);
    const char *semi = memchr(p, ';', (size_t)(end - p));
    while (semi) {
        p = semi + 1;
        while (p < end && is_space(*p))
            p++;
        const char *eq = memchr(p, '=', (size_t)(end - p));
        if (!eq)
            return -1;
        const char *kend = eq;
        while (kend > p && is_space(kend[-1]))
            kend--;
        int match = (size_t)(kend - p) == klen && strncasecmp(p, key, klen) == 0;
        const char *v = eq + 1;
        while (v < end && is_space(*v))
            v++;
        size_t n = 0;
        if (v < end && *v == '"') { /* quoted-string, with \-escapes */
            for (v++; v < end && *v != '"'; v++) {
                if (*v == '\\' && v + 1 < end)
                    v++;
                if (match && n + 1 >= size)
                    return -1;
                if (match)
                    out[n++] = *v;
            }
            if (v >= end)
                return -1;
            v++;
        } else {
            for (; v < end && *v != ';' && !is_space(*v); v++) {
                if (match && n + 1 >= size)
                    return -1;
                if (match)
                    out[n++] = *v;
            }
        }
        if (match) {
            out[n] = '\0';
            return 1;
        }
        semi = memchr(v, ';', (size_t)(end - v));
    }
    return 0;
}

int multipart_boundary(const char *ct, size_t len, char out[MULTIPART_BOUNDARY_MAX + 1])
{
    static const char type[] = "multipart/form-data";
    size_t tlen = sizeof type - 1;
    if (len < tlen || strncasecmp(ct, type, tlen) != 0 || (len > tlen && ct[tlen] != ';' && !is_space(ct[tlen])))
        return -1;
    if (param(ct, ct + len, "boundary", out, MULTIPART_BOUNDARY_MAX + 1) != 1)
        return -1;
    size_t n = strlen(out);
    if (n == 0 || out[n - 1] == ' ')
        return -1;
    for (size_t i = 0; i < n; i++)
        if (!bchar(out[i]))
            return -1;
    return 0;
}

static const char *find(const char *hay, size_t n, const char *needle, size_t m)
{
    return m <= n ? memmem(hay, n, needle, m) : NULL;
}

/* Reads one part's headers (`h` to `end`, CRLF-separated) into `part`. */
static int part_headers(const char *h, const char *end, struct multipart_part *part, struct perr *e)
{
    int disposition = 0;
    while (h < end) {
        const char *eol = find(h, (size_t)(end - h), "\r\n", 2);
        if (!eol)
            eol = end;
        const char *colon = memchr(h, ':', (size_t)(eol - h));
        if (!colon)
            return perr_set(e, PERR_INVALID, "A part header has no colon.");
        size_t klen = (size_t)(colon - h);
        const char *v = colon + 1;
        while (v < eol && is_space(*v))
            v++;
        if (klen == 19 && strncasecmp(h, "Content-Disposition", 19) == 0) {
            if ((size_t)(eol - v) < 9 || strncasecmp(v, "form-data", 9) != 0)
                return perr_set(e, PERR_INVALID, "A part's Content-Disposition is not form-data.");
            if (param(v, eol, "name", part->name, sizeof part->name) != 1)
                return perr_set(e, PERR_INVALID, "A part has no name (at most %d characters).", MULTIPART_NAME_MAX);
            int f = param(v, eol, "filename", part->filename, sizeof part->filename);
            if (f < 0)
                return perr_set(e, PERR_INVALID, "A part's filename is malformed or longer than %d characters.",
                                MULTIPART_FILENAME_MAX);
            part->has_filename = f == 1;
            disposition = 1;
        } else if (klen == 12 && strncasecmp(h, "Content-Type", 12) == 0) {
            size_t n = (size_t)(eol - v);
            if (n >= sizeof part->content_type)
                return perr_set(e, PERR_INVALID, "A part's Content-Type is too long.");
            memcpy(part->content_type, v, n);
            part->content_type[n] = '\0';
        }
        h = eol + 2;
    }
    return disposition ? 0 : perr_set(e, PERR_INVALID, "A part has no Content-Disposition.");
}

int multipart_find(const char *body, size_t n, const char *boundary, const char *name, struct multipart_part *out,
                   struct perr *e)
{
    char delim[MULTIPART_BOUNDARY_MAX + 5]; /* CRLF "--" boundary */
    int dlen = snprintf(delim, sizeof delim, "\r\n--%s", boundary);
    if (dlen < 5 || (size_t)dlen >= sizeof delim)
        return perr_set(e, PERR_INVALID, "The multipart boundary is not valid.");
    /* the first delimiter may open the body (no CRLF before it) or follow a preamble */
    const char *p;
    if (n >= (size_t)dlen - 2 && memcmp(body, delim + 2, (size_t)dlen - 2) == 0)
        p = body + dlen - 2;
    else if ((p = find(body, n, delim, (size_t)dlen)) != NULL)
        p += dlen;
    else
        return perr_set(e, PERR_INVALID, "The body has no multipart boundary %s.", boundary);
    const char *end = body + n;
    int found = 0;
    for (;;) {
        if (end - p >= 2 && p[0] == '-' && p[1] == '-')
            return found; /* the close delimiter */
        while (p < end && is_space(*p))
            p++;
        if (end - p < 2 || p[0] != '\r' || p[1] != '\n')
            return perr_set(e, PERR_INVALID, "The multipart body ends without its closing boundary.");
        p += 2;
        const char *hend = find(p, (size_t)(end - p), "\r\n\r\n", 4);
        const char *data;
        if (p + 2 <= end && p[0] == '\r' && p[1] == '\n') { /* no headers at all */
            hend = p;
            data = p + 2;
        } else {
            if (!hend || hend - p > MULTIPART_HEADERS_MAX)
                return perr_set(e, PERR_INVALID, "A part's headers are missing their end or longer than %d bytes.",
                                MULTIPART_HEADERS_MAX);
            data = hend + 4;
        }
        const char *next = find(data, (size_t)(end - data), delim, (size_t)dlen);
        if (!next)
            return perr_set(e, PERR_INVALID, "The multipart body ends without its closing boundary.");
        struct multipart_part part;
        memset(&part, 0, sizeof part);
        if (part_headers(p, hend, &part, e) != 0)
            return -1;
        if (strcmp(part.name, name) == 0) {
            if (found)
                return perr_set(e, PERR_INVALID, "The part %s is given twice.", name);
            part.data = data;
            part.len = (size_t)(next - data);
            *out = part;
            found = 1;
        }
        p = next + dlen;
    }
}
