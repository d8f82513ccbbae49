/* Zoom's hostnames divide the work: zoom.us (and its other subdomains) serves
 * OAuth, the sign-in and consent pages and the pages plaza writes URLs for;
 * api.zoom.us serves the REST API; marketplace.zoom.us the portal (not yet).
 * Any other Host (the plain origin, the public URL's host) serves everything. */
#ifndef PLAZA_HOSTS_H
#define PLAZA_HOSTS_H

#include <stddef.h>

enum zoom_host { HOST_OTHER, HOST_WEB, HOST_API, HOST_MARKETPLACE };

/* Classifies a Host header (any case, a port, a trailing dot, an IPv6
 * literal); *port is its port, 0 when it names none. */
enum zoom_host hosts_classify(const char *authority, size_t n, int *port);

/* NULL when `host` serves `path`; else what to tell the caller: which host
 * serves it. */
const char *hosts_refusal(enum zoom_host host, const char *path, size_t n);

#endif
