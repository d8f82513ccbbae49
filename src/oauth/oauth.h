/* Zoom's OAuth 2.0 (zoom-wire §1): the authorization request and consent,
 * the token grants, revocation, the Data Compliance call, access tokens, and
 * the browser sessions of people who sign in to consent. Plain structs in and
 * out, struct perr on failure (perr.error carries OAuth's error string,
 * perr.zoom_code Zoom's 47xx code); nothing here knows HTTP. */
#ifndef PLAZA_OAUTH_H
#define PLAZA_OAUTH_H

#include "core/err.h"
#include "core/ids.h"
#include "market/market.h"

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#define ACCESS_TOKEN_TTL_S 3599 /* zoom-wire §1.2: expires_in 3599 */
#define AUTH_CODE_TTL_S 300     /* §1.3: five minutes, single use */
#define SESSION_TTL_S (12 * 3600)
#define TOKEN_MAX 4096 /* bytes of an access or refresh token */
#define STATE_MAX 2048

/* ---- access tokens (oauth/tokens.c) ---------------------------------------- */

enum token_type { TOKEN_USER = 0, TOKEN_CLIENT = 1, TOKEN_ACCOUNT = 3 };

struct oauth_access {
    char client_id[ID_LEN], user_id[ID_LEN], account_id[ID_LEN];
    int64_t install_id;
    uint32_t generation;
    enum token_type type;
    int64_t iat, exp;
    int refresh; /* 1 for a refresh token (never accepted as an access token) */
    char scopes[SCOPES_STR_MAX];
};

enum oauth_verdict { OAUTH_TOKEN_OK, OAUTH_TOKEN_INVALID, OAUTH_TOKEN_EXPIRED };

/* Verifies signature, expiry (virtual clock) and the install's generation
 * without touching the store. */
enum oauth_verdict oauth_access_verify(struct db *db, const char *token, size_t len, struct oauth_access *out);

/* ---- the authorization request (oauth/authorize.c) ------------------------- */

struct oauth_authz_req {
    const char *response_type, *client_id, *redirect_uri, *state, *code_challenge, *code_challenge_method, *scope;
    const char *plaza_link; /* the token of a Publishable URL, when the request came from one */
};

struct oauth_authz {
    struct app app;
    enum app_env env;
    char client_id[ID_LEN];
    char redirect_uri[URL_MAX + 1]; /* as the client sent it ("" when absent) */
    char redirect_to[URL_MAX + 1];  /* where the browser goes back */
    int has_state;
    char state[STATE_MAX + 1];
    char challenge[129], method[8]; /* PKCE; challenge "" when not used */
    char scopes[SCOPES_STR_MAX];    /* what consent would grant */
    char link[48];                  /* a Publishable URL's token, "" when none */
};

/* Checks client, redirect URI, response type, PKCE and scopes. Errors are for
 * an error page, never a redirect (zoom_code 4700, 4702, 4709). */
int oauth_authorize_check(struct db *db, const struct oauth_authz_req *in, struct oauth_authz *out, struct perr *e);

/* Whether `user` may install the app: the Marketplace's rules
 * (market_may_install: published, shared, pre-approved, Publishable URL
 * still valid); admin-managed apps need an owner or admin. */
int oauth_user_may_install(struct db *db, const struct oauth_authz *a, const struct user *u, struct perr *e);

/* Narrows a->scopes to what this user would be granted: outside the
 * developer's account a published app offers only its live version's scopes.
 * Fails (4700) when none of the requested scopes is live. */
int oauth_scopes_for_user(struct db *db, struct oauth_authz *a, const struct user *u, struct perr *e);

/* 1 when the user (or their account, for admin-managed apps) already granted
 * every scope of `a` to the app in an active install. */
int oauth_already_granted(struct db *db, const struct oauth_authz *a, const struct user *u);

/* Where a redirect URL is written. */
struct oauth_redirect {
    char *location; /* receives the URL */
    size_t size;    /* of `location` */
};
/* The person's answer: approve installs and issues a code, deny does not.
 * Either way `to` receives the redirect (code and state, or
 * error=access_denied and state). Runs every check again. */
int oauth_decide(struct db *db, const struct oauth_authz *a, const struct user *u, int approve,
                 const struct oauth_redirect *to, struct perr *e);

/* The scope list as people read it: one line per scope. */
const char *oauth_scope_words(const char *scope);

/* ---- the token endpoint (oauth/grants.c) ----------------------------------- */

struct oauth_token_req {
    const char *grant_type, *code, *redirect_uri, *code_verifier, *refresh_token, *account_id;
    const char *client_id, *client_secret;
};

struct oauth_token_resp {
    char access_token[TOKEN_MAX];
    char refresh_token[TOKEN_MAX]; /* "" for grants without one */
    int expires_in;
    char scope[SCOPES_STR_MAX];
};

int oauth_token(struct db *db, const struct oauth_token_req *in, struct oauth_token_resp *out, struct perr *e);

/* ---- revocation and compliance (oauth/revoke.c) ---------------------------- */

int oauth_revoke(struct db *db, const char *client_id, const char *client_secret, const char *token, struct perr *e);

/* Removes an install ("remove app"): its tokens stop working, the app is sent
 * app_deauthorized (zoom-wire §3.6), and a deauthorization record awaits the
 * app's Data Compliance call. Removing it again changes nothing. */
int oauth_uninstall(struct db *db, int64_t install_id, struct perr *e);
/* The same, by removed_by (a user's id or e-mail, or "operator"): when that is
 * not the install's own user, the user is told (the mailbox, "app removed"). */
int oauth_remove_install(struct db *db, int64_t install_id, const char *removed_by, struct perr *e);

/* Deauthorization records: open, overdue (10 days of virtual time without
 * compliance) or completed. status NULL lists all. */
int oauth_deauthorizations(struct db *db, const char *app_id, const char *status, json_t **out, struct perr *e);

/* Records a Data Compliance call (zoom-wire §1.7); `body` is the parsed JSON. */
int oauth_compliance(struct db *db, const char *client_id, const char *client_secret, json_t *body, struct perr *e);

/* ---- browser sessions (oauth/sessions.c) ----------------------------------- */

#define SESSION_TOKEN_LEN 44 /* 43 characters and a NUL */

/* Checks an e-mail address and password, slowed down after failures (below): 0 with *u, or -1 with `e`. */
int signin_check(struct db *db, const char *email, const char *password, struct user *u, struct perr *e);
/* Signs in by e-mail and password: a new session whose token goes in a cookie. */
int session_create(struct db *db, const char *email, const char *password, char token[SESSION_TOKEN_LEN],
                   struct user *u, struct perr *e);
/* The user and CSRF token of a live session. 1 found, 0 not. */
int session_get(struct db *db, const char *token, struct user *u, char csrf[SESSION_TOKEN_LEN]);
void session_delete(struct db *db, const char *token);
/* When the live session ends (virtual time): 1, 0 when it is not live. */
int session_expiry(struct db *db, const char *token, int64_t *expires_at);

/* Failed sign-ins slow down the next ones for that address: after
 * SIGNIN_FREE_FAILURES failures in a row, each attempt waits 30 s of virtual
 * time after the last failure, doubling per further failure up to 15 min. */
#define SIGNIN_FREE_FAILURES 5
/* The same for other secrets people type (a recording's passcode), counted per `key` (at most
 * USER_EMAIL_MAX bytes, e.g. "rec:" and the recording's UUID): the seconds to wait before the
 * next try may be checked (0: now), a failed try, a right one. */
int64_t tries_wait(struct db *db, const char *key);
void tries_failed(struct db *db, const char *key);
void tries_clear(struct db *db, const char *key);

/* ---- personal access tokens (oauth/pat.c) ------------------------------------ */

#define PAT_PREFIX "plz_"
#define PAT_TOKEN_LEN 48 /* "plz_", 43 characters and a NUL */
#define PAT_NAME_MAX 80
#define PAT_MAX_PER_USER 50

struct access_token_row {
    char id[ID_LEN], user_id[ID_LEN];
    char name[PAT_NAME_MAX + 1];
    int64_t created_at, last_used_at; /* last_used_at 0 when never */
};

/* A new token for `u` named `name`; the token is returned once, the store keeps its keyed hash. */
int pat_create(struct db *db, const struct user *u, const char *name, struct access_token_row *out,
               char token[PAT_TOKEN_LEN], struct perr *e);
int pat_list(struct db *db, const char *user_id, struct access_token_row *out, int max, int *n, struct perr *e);
int pat_revoke(struct db *db, const char *user_id, const char *id, struct perr *e);
/* The user a token speaks for: 1 with *u, 0 when it is not a live token. */
int pat_verify(struct db *db, const char *token, size_t n, struct user *u);

#endif
