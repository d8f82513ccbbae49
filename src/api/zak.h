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

/* A ZAK plaza minted and not expired: 0 with its user (uid, at most user_size
 * bytes with the NUL) and meeting (mnum, 0 for a plain ZAK); -1 when it is
 * not one of plaza's ZAKs, -2 when it has expired. */
int zak_check(const char *zak, char *user_id, size_t user_size, int64_t *meeting_id);

#endif
