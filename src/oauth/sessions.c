/* Sessions of people signed in to the consent pages. The cookie carries a
 * random token; the store keeps its keyed hash, the user, a CSRF token for
 * the session's forms, and an expiry on the virtual clock. */
#include "core/clock.h"
#include "oauth/oauth_internal.h"
#include "oauth/oauth_store.h"

#include <string.h>

int session_create(struct db *db, const char *email, const char *password, char token[SESSION_TOKEN_LEN],
                   struct user *u, struct perr *e)
{
    if (!email || !password || !user_check_password(db, email, password, u))
        return perr_set(e, PERR_UNAUTHORIZED, "The e-mail address or password is not right.");
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

void session_delete(struct db *db, const char *token)
{
    char hash[CRYPTO_HASH_HEX];
    if (!token)
        return;
    secret_hash(token, hash);
    session_store_delete(db, hash);
}
