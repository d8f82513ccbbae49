/* What the files of oauth/ share and nobody else calls. */
#ifndef PLAZA_OAUTH_INTERNAL_H
#define PLAZA_OAUTH_INTERNAL_H

#include "oauth/oauth.h"

#define GRANT_ID_LEN 33 /* the `code` claim: 32 characters and a NUL */

/* Whom a token speaks for: the claims access and refresh tokens share. */
struct token_subject {
    const struct install *ins;
    const char *client_id, *user_id;
    enum token_type type;
    const char *grant_id;
};

/* Mints an HS512 access token for the subject's install, with `scopes` (zoom-wire §1.5 claims). */
int token_mint_access(const struct token_subject *subject, const char *scopes, char out[TOKEN_MAX]);

/* Mints a refresh token (JWS-shaped, random) and returns it with its keyed hash. */
int token_mint_refresh(const struct install *ins, const char *client_id, const char *user_id, const char *grant_id,
                       char out[TOKEN_MAX], char hash[CRYPTO_HASH_HEX]);

/* Reads the claims of a token plaza signed, ignoring expiry (for revocation). */
int token_peek(const char *token, struct oauth_access *out);

/* RFC 7636: 1 when `verifier` answers `challenge` under `method` (S256 or plain). */
int pkce_verify(const char *challenge, const char *method, const char *verifier);
/* 1 when `s` is a well-formed challenge or verifier: 43..128 unreserved characters. */
int pkce_well_formed(const char *s);

/* Keyed hash of a code, refresh token or session token. */
void secret_hash(const char *secret, char out[CRYPTO_HASH_HEX]);

#endif
