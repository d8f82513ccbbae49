/* What every fuzz target shares: the keys a started server would have loaded
 * (fixed here, so a crash replays the same way), quiet logging, an assertion
 * that stops the run on a broken invariant, and splitting an input into
 * NUL-terminated parts. Targets call plaza's own functions; nothing here
 * reimplements them. */
#ifndef PLAZA_FUZZ_H
#define PLAZA_FUZZ_H

#include "core/config.h"
#include "core/crypto.h"
#include "core/log.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A broken invariant: libFuzzer keeps the input as a crash. */
#define FUZZ_ASSERT(cond)                                                                                         \
    do {                                                                                                          \
        if (!(cond)) {                                                                                            \
            fprintf(stderr, "fuzz: %s:%d: invariant broken: %s\n", __FILE__, __LINE__, #cond);                  \
            abort();                                                                                              \
        }                                                                                                         \
    } while (0)

#define FUZZ_TOKEN_KID "11111111-2222-3333-4444-555555555555"

/* Keys and logging, once per process. */
static inline void fuzz_setup(void)
{
    static int done;
    if (done)
        return;
    done = 1;
    log_set_level((enum log_level)(LOG_ERROR + 1)); /* nothing: plaza's error logs are expected here */
    if (crypto_init() != 0)
        abort();
    struct config *c = config_edit();
    config_defaults(c);
    memset(c->hash_key, 0x11, sizeof c->hash_key);
    for (size_t i = 0; i < sizeof c->token_key; i++)
        c->token_key[i] = (uint8_t)(i * 7 + 3);
    memset(c->seal_key, 0x22, sizeof c->seal_key);
    snprintf(c->token_kid, sizeof c->token_kid, "%s", FUZZ_TOKEN_KID);
}

/* A NUL-terminated copy of n bytes (the caller frees). */
static inline char *fuzz_strndup(const uint8_t *p, size_t n)
{
    char *s = malloc(n + 1);
    if (!s)
        abort();
    memcpy(s, p, n);
    s[n] = '\0';
    return s;
}

/* Splits data at each `sep` into at most `max` parts (the last takes the
 * rest); each part is a NUL-terminated copy the caller frees with
 * fuzz_free_parts. Returns the number of parts (at least 1). */
static inline size_t fuzz_split(const uint8_t *data, size_t size, uint8_t sep, char **parts, size_t *lens, size_t max)
{
    size_t n = 0, start = 0;
    for (size_t i = 0; i < size && n + 1 < max; i++)
        if (data[i] == sep) {
            lens[n] = i - start;
            parts[n++] = fuzz_strndup(data + start, i - start);
            start = i + 1;
        }
    lens[n] = size - start;
    parts[n++] = fuzz_strndup(data + start, size - start);
    return n;
}

static inline void fuzz_free_parts(char **parts, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(parts[i]);
}

#endif
