/* Direct-mapped per-thread caches: an entry per slot index, replaced on
 * collision. Memory is allocated on first use and bounded per thread by
 * ENTRIES * (key + value) bytes. */
#include "core/tcache.h"

#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#define ENTRIES 256

struct entry {
    uint64_t hash, version;
    size_t klen, vlen;
    char *key, *value; /* one allocation: key then value */
};

struct cache {
    struct entry e[ENTRIES];
};

static _Thread_local struct cache *caches[TCACHE_SLOTS];
static unsigned char hash_key[crypto_shorthash_KEYBYTES];
static pthread_once_t key_once = PTHREAD_ONCE_INIT;

static void make_key(void) { randombytes_buf(hash_key, sizeof hash_key); }

static uint64_t hash_of(const void *key, size_t klen)
{
    uint64_t h;
    pthread_once(&key_once, make_key);
    crypto_shorthash((unsigned char *)&h, key, klen, hash_key);
    return h;
}

const void *tcache_get(enum tcache_slot slot, const void *key, size_t klen, uint64_t version, size_t *vlen)
{
    struct cache *c = caches[slot];
    if (!c || klen > TCACHE_KEY_MAX)
        return NULL;
    uint64_t h = hash_of(key, klen);
    struct entry *e = &c->e[h % ENTRIES];
    if (!e->key || e->hash != h || e->version != version || e->klen != klen || memcmp(e->key, key, klen) != 0)
        return NULL;
    *vlen = e->vlen;
    return e->value;
}

void tcache_put(enum tcache_slot slot, const void *key, size_t klen, uint64_t version, const void *value,
                size_t vlen)
{
    if (klen > TCACHE_KEY_MAX || vlen > TCACHE_VALUE_MAX)
        return;
    if (!caches[slot] && !(caches[slot] = calloc(1, sizeof *caches[slot])))
        return;
    uint64_t h = hash_of(key, klen);
    struct entry *e = &caches[slot]->e[h % ENTRIES];
    char *mem = realloc(e->key, klen + vlen + 1);
    if (!mem) {
        free(e->key);
        memset(e, 0, sizeof *e);
        return;
    }
    memcpy(mem, key, klen);
    memcpy(mem + klen, value, vlen);
    mem[klen + vlen] = '\0';
    e->key = mem;
    e->value = mem + klen;
    e->hash = h;
    e->version = version;
    e->klen = klen;
    e->vlen = vlen;
}

void tcache_thread_free(void)
{
    for (int s = 0; s < TCACHE_SLOTS; s++) {
        if (!caches[s])
            continue;
        for (int i = 0; i < ENTRIES; i++)
            free(caches[s]->e[i].key);
        free(caches[s]);
        caches[s] = NULL;
    }
}
