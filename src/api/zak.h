/* Zoom Access Keys (zoom-wire §1.8): HS256 JWTs naming a user (and, in a
 * start_url, the meeting), minted by plaza and never verified by clients;
 * plaza checks them where a host starts a meeting with one. */
#ifndef PLAZA_ZAK_H
#define PLAZA_ZAK_H

#include <stddef.h>
#include <stdint.h>

#define ZAK_TTL_DEFAULT 7200
#define ZAK_TTL_MAX (365LL * 24 * 3600)

/* meeting_id 0: a plain ZAK (GET /users/{userId}/token?type=zak). 0 on success. */
int zak_mint(const char *user_id, const char *account_id, int64_t meeting_id, int64_t ttl, char *out, size_t size);

/* What a valid ZAK says: its user, account and (from a start_url) meeting, 0 when it names none. */
struct zak_claims {
    char user_id[64], account_id[64];
    int64_t meeting_id, exp;
};
/* 0 when `zak` is a ZAK plaza minted (HS256 with its key, aud "clientsm") and
 * not expired at the virtual now; -1 otherwise. */
int zak_check(const char *zak, struct zak_claims *out);

#endif
