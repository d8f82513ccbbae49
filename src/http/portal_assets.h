/* The web portal's static files (web/), embedded at build time by
 * tools/genassets.c into build/gen/assets.c; served by h_portal.c. */
#ifndef PLAZA_PORTAL_ASSETS_H
#define PLAZA_PORTAL_ASSETS_H

#include <stddef.h>

struct portal_asset {
    const char *path;         /* relative to web/: "index.html", "pages/apps.js" */
    const char *content_type; /* with the charset for text */
    const unsigned char *bytes;
    size_t length;
    const char *etag; /* quoted: "\"<hex of SHA-256, first 128 bits>\"" */
};

extern const struct portal_asset portal_assets[];
extern const size_t portal_assets_count;

#endif
