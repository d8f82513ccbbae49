/* multipart/form-data bodies (RFC 7578), only as far as plaza needs them: the
 * boundary from a Content-Type value, and one named part of a buffered body.
 * Neither h2o 2.2.5 nor the Debian packages plaza builds on offer this (the
 * Debian candidates, GMime and mimetic, are whole e-mail MIME libraries, one
 * on GLib, one in C++), so this is a boundary splitter over a body h2o has
 * already read, not an HTTP parser. */
#ifndef PLAZA_MULTIPART_H
#define PLAZA_MULTIPART_H

#include "core/err.h"

#include <stddef.h>

#define MULTIPART_BOUNDARY_MAX 70 /* RFC 2046 §5.1.1 */
#define MULTIPART_NAME_MAX 64
#define MULTIPART_FILENAME_MAX 255
#define MULTIPART_HEADERS_MAX 8192 /* bytes of one part's headers */

struct multipart_part {
    char name[MULTIPART_NAME_MAX + 1];
    char filename[MULTIPART_FILENAME_MAX + 1]; /* "" when the part has none */
    int has_filename;
    char content_type[128]; /* "" when the part has none */
    const char *data;       /* into the body */
    size_t len;
};

/* The boundary of a "multipart/form-data; boundary=..." value (quoted or
 * not) into out. 0 on success, -1 when the value is not multipart/form-data
 * or has no valid boundary. */
int multipart_boundary(const char *content_type, size_t len, char out[MULTIPART_BOUNDARY_MAX + 1]);

/* The part named `name`: 1 found, 0 not there, -1 when the body is not a
 * well-formed multipart body or names the part twice (`e` says why). */
int multipart_find(const char *body, size_t n, const char *boundary, const char *name, struct multipart_part *out,
                   struct perr *e);

#endif
