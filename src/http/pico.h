/* h2o parses HTTP/1 with picohttpparser, which libh2o-evloop carries and
 * exports, but Debian installs no picohttpparser.h: these two declarations are
 * that header's, as h2o 2.2.5 ships it. */
#ifndef PLAZA_PICO_H
#define PLAZA_PICO_H

#include <stddef.h>

struct phr_header {
    const char *name;
    size_t name_len;
    const char *value;
    size_t value_len;
};

int phr_parse_request(const char *buf, size_t len, const char **method, size_t *method_len, const char **path,
                      size_t *path_len, int *minor_version, struct phr_header *headers, size_t *num_headers,
                      size_t last_len);

#endif
