/* Sessions of people signed in to the consent pages. The cookie carries a
 * random token; the store keeps its keyed hash, the user, a CSRF token for
 * the session's forms, and an expiry on the virtual clock. */
#include "core/clock.h"
#include "oauth/oauth_internal.h"
#include "oauth/oauth_store.h"

#include <string.h>

/* The address as the failures are counted: lower case, bounded. 0 when it cannot be an address. */
static int signin_key(const char *email, char out[USER_EMAIL_MAX + 1])
{
    size_t n = strlen(email);
    if (n == 0 || n > USER_EMAIL_MAX)
        return 0;
    for (size_t i = 0; i <= n; i++)
        out[i] = (char)(email[i] >= 'A' && email[i] <= 'Z' ? email[i] - 'A' + 'a' : email[i]);
    return 1;
}

/* Seconds still to wait before the key (an address) may try again (0: now). */
int64_t tries_wait(struct db *db, const char *key)
{
    int failures = 0;
    int64_t last = 0;
    if (signin_store_get(db, key, &failures, &last) != 1 || failures < SIGNIN_FREE_FAILURES)
        return 0;
    int doublings = failures - SIGNIN_FREE_FAILURES;
    int64_t backoff = doublings >= 5 ? 900 : (int64_t)30 << doublings;
    if (backoff > 900)
        backoff = 900;
    int64_t left = last + backoff - clock_now();
    return left > 0 ? left : 0;
}

int signin_check(struct db *db, const char *email, const char *password, struct user *u, struct perr *e)
{
    char key[USER_EMAIL_MAX + 1];
    if (!email || !password || !signin_key(email, key))
        return perr_set(e, PERR_UNAUTHORIZED, "The e-mail address or password is not right.");
    int64_t wait = tries_wait(db, key);
    if (wait > 0) {
        return perr_set(e, PERR_RATE_LIMITED, "Too many failed sign-ins for this address: try again in %lld seconds.",
                        (long long)wait);
    }
    if (!user_check_password(db, email, password, u)) {
        tries_failed(db, key);
        return perr_set(e, PERR_UNAUTHORIZED, "The e-mail address or password is not right.");
    }
    tries_clear(db, key);
    return 0;
}

void tries_failed(struct db *db, const char *key) { signin_store_fail(db, key, clock_now()); }
void tries_clear(struct db *db, const char *key) { signin_store_clear(db, key); }

int session_create(struct db *db, const char *email, const char *password, char token[SESSION_TOKEN_LEN],
                   struct user *u, struct perr *e)
{
    if (signin_check(db, email, password, u, e) != 0)
        return -1;
    char hash[CRYPTO_HASH_HEX], csrf[SESSION_TOKEN_LEN];
    crypto_token(token, SESSION_TOKEN_LEN, 32);
    crypto_token(csrf, sizeof csrf, 32);
    secret_hash(token, hash);
    int64_t now = clock_now();
    if (session_store_add(db, hash, u->id, csrf, now + SESSION_TTL_S, now) != 0)
        return perr_set(e, PERR_INTERNAL, "Storing the session failed.");
    user_touch_login(db, u->id);
    return 0;
}

int session_get(struct db *db, const char *token, struct user *u, char csrf[SESSION_TOKEN_LEN])
{
    if (!token || strlen(token) != SESSION_TOKEN_LEN - 1)
        return 0;
    char hash[CRYPTO_HASH_HEX], user_id[ID_LEN];
    secret_hash(token, hash);
    return session_store_get(db, hash, clock_now(), user_id, csrf, SESSION_TOKEN_LEN) == 1 &&
           user_find(db, user_id, u) == 1;
}

int session_expiry(struct db *db, const char *token, int64_t *expires_at)
{
    if (!token || strlen(token) != SESSION_TOKEN_LEN - 1)
        return 0;
    char hash[CRYPTO_HASH_HEX];
    secret_hash(token, hash);
    return session_store_expiry(db, hash, clock_now(), expires_at) == 1;
}

void session_delete(struct db *db, const char *token)
{
    char hash[CRYPTO_HASH_HEX];
    if (!token)
        return;
    secret_hash(token, hash);
    session_store_delete(db, hash);
}
