/* The HTML pages of the OAuth flow: sign-in, consent, and Zoom's error page.
 * Every value is HTML-escaped; pages live in the request pool. */
#ifndef PLAZA_PAGES_H
#define PLAZA_PAGES_H

#include <h2o.h>

struct page_scope {
    const char *scope, *words;
};

/* `query` is the authorize request to come back to; `error` may be NULL. */
const char *pages_signin(h2o_mem_pool_t *pool, const char *app_name, const char *query, const char *csrf,
                         const char *email, const char *error, size_t *len);

const char *pages_consent(h2o_mem_pool_t *pool, const char *app_name, const char *developer, const char *user_email,
                          const struct page_scope *scopes, int nscopes, const char *query, const char *csrf,
                          size_t *len);

/* "Oops! We were unable to complete your request." with Zoom's code, e.g. (4,700). */
const char *pages_error(h2o_mem_pool_t *pool, int zoom_code, const char *message, size_t *len);

#endif
