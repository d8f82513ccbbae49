/* The HTML pages of the OAuth flow: sign-in, consent, and Zoom's error page.
 * Every value is HTML-escaped; pages live in the request pool. */
#ifndef PLAZA_PAGES_H
#define PLAZA_PAGES_H

#include <h2o.h>

struct page_scope {
    const char *scope, *words;
};

/* What the sign-in and consent forms post back: the authorize request to
 * come back to and the CSRF token. */
struct page_form {
    const char *query, *csrf;
};

/* `email` (the one tried before) and `error` may be NULL. */
const char *pages_signin(h2o_mem_pool_t *pool, const char *app_name, const struct page_form *form, const char *email,
                         const char *error, size_t *len);

/* Who asks for what: the app, its developer's account, the signed-in user,
 * and each scope with the words that explain it. */
struct page_consent {
    const char *app_name, *developer, *user_email;
    const struct page_scope *scopes;
    int nscopes;
};

const char *pages_consent(h2o_mem_pool_t *pool, const struct page_consent *consent, const struct page_form *form,
                          size_t *len);

/* The page a meeting's join_url opens: what the meeting is, and a form for a
 * guest's name (and e-mail) and, when the link carries none, the passcode. */
struct page_join {
    const char *action; /* the form's path: "/j/123" */
    const char *topic, *host, *state; /* state: "waiting for the host", "in progress" */
    const char *csrf, *pwd;           /* pwd: the link's encrypted passcode, or NULL to ask for it */
    const char *name, *email, *error; /* as tried before, or NULL */
};
const char *pages_join(h2o_mem_pool_t *pool, const struct page_join *join, size_t *len);
/* After joining: who, in what, and the participant id the events carry. */
const char *pages_joined(h2o_mem_pool_t *pool, const char *topic, const char *name, const char *participant_id,
                         size_t *len);

/* A meeting's start_url: who starts what, and a button that posts the ZAK
 * back (a GET never starts a meeting: link previews fetch it). */
struct page_start {
    const char *action, *topic, *host, *csrf, *zak, *error;
};
const char *pages_start(h2o_mem_pool_t *pool, const struct page_start *start, size_t *len);
/* After starting: the instance's UUID, or that it was already in progress. */
const char *pages_started(h2o_mem_pool_t *pool, const char *topic, const char *uuid, int already, size_t *len);

/* A recording's share_url or play_url page: what it is and, locked, a form for
 * its passcode; unlocked, a player for each file (the media fetched from
 * /rec/download/{id} with the view's download token) and its download link. */
struct recording_view;
struct page_recording {
    const char *action, *csrf, *error; /* the passcode form's path and token; why the last try failed, or NULL */
    const char *start;                 /* the recording's start, "yyyy-MM-ddTHH:mm:ssZ" */
    const struct recording_view *view;
    int unlocked;
};
const char *pages_recording(h2o_mem_pool_t *pool, const struct page_recording *p, size_t *len);

/* "Oops! We were unable to complete your request." with Zoom's code, e.g. (4,700). */
const char *pages_error(h2o_mem_pool_t *pool, int zoom_code, const char *message, size_t *len);

#endif
