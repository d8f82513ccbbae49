/* Small per-thread caches for the hot path: each event-loop thread keeps its
 * own, so lookups take no lock. An entry is found by its key and is valid
 * only while the version it was stored with is current (callers bump a
 * version when the underlying data changes). Keys are hashed with SipHash
 * (libsodium's crypto_shorthash) under a per-process random key. */
#ifndef PLAZA_TCACHE_H
#define PLAZA_TCACHE_H

#include <stddef.h>
#include <stdint.h>

enum tcache_slot { TCACHE_TOKENS, TCACHE_USERS, TCACHE_SLOTS };

#define TCACHE_KEY_MAX 2048   /* longer keys are not cached */
#define TCACHE_VALUE_MAX 4096 /* longer values are not cached */

/* The value under `key` if stored with `version`, else NULL. Valid until the
 * next tcache call on this thread. */
const void *tcache_get(enum tcache_slot slot, const void *key, size_t klen, uint64_t version, size_t *vlen);
void tcache_put(enum tcache_slot slot, const void *key, size_t klen, uint64_t version, const void *value,
                size_t vlen);

/* Frees this thread's caches (at thread end). */
void tcache_thread_free(void);

#endif
