/* Cryptographic primitives, all from OpenSSL and libsodium: random bytes,
 * SHA-256, HMAC, constant-time comparison, argon2id password hashes,
 * base64url and hex. Nothing here is home-made. */
#ifndef PLAZA_CRYPTO_H
#define PLAZA_CRYPTO_H

#include <stddef.h>
#include <stdint.h>

#define CRYPTO_HASH_HEX 65      /* 64 hex digits of a SHA-256/HMAC-SHA256 and a NUL */
#define CRYPTO_PASSWORD_HASH 128 /* room for an argon2id encoded string */

int crypto_init(void);

/* Fills `buf` from the OS-seeded CSPRNG; aborts if it cannot (never returns weak bytes). */
void crypto_random(void *buf, size_t n);

/* `nbytes` random bytes as unpadded base64url into `out` (size >= 4*nbytes/3 + 2). */
void crypto_token(char *out, size_t out_size, size_t nbytes);

/* Unpadded base64url of `in`; returns the length written, or 0 if `out` is too small. */
size_t crypto_b64url(char *out, size_t out_size, const void *in, size_t n);

/* Padded standard base64 (Zoom's meeting UUIDs); length written, 0 if too small. */
size_t crypto_b64(char *out, size_t out_size, const void *in, size_t n);

void crypto_sha256(const void *msg, size_t n, uint8_t out[32]);
void crypto_hmac_sha256(const void *key, size_t klen, const void *msg, size_t n, uint8_t out[32]);
/* A run of bytes that someone else owns. */
struct crypto_bytes {
    const void *p;
    size_t n;
};
/* HMAC-SHA256 over a || b, without joining them. */
void crypto_hmac_sha256_parts(const void *key, size_t klen, struct crypto_bytes a, struct crypto_bytes b,
                              uint8_t out[32]);
void crypto_hex(char *out, const uint8_t *in, size_t n); /* out holds 2n+1 */
int crypto_unhex(uint8_t *out, size_t n, const char *hex); /* exactly n bytes; 0 on success */

/* The keyed hash plaza stores instead of a secret: hex(HMAC-SHA256(key, secret)). */
void crypto_secret_hash(const uint8_t key[32], const char *secret, size_t n, char out[CRYPTO_HASH_HEX]);

/* Secrets plaza must be able to use again (webhook signing keys) are kept
 * encrypted with a key of the store (XSalsa20-Poly1305, libsodium's
 * secretbox), as hex of nonce || ciphertext. `out` holds
 * crypto_sealed_size(strlen(plain)). 0 on success. */
size_t crypto_sealed_size(size_t plain_len);
int crypto_seal(const uint8_t key[32], const char *plain, char *out, size_t size);
/* Decrypts what crypto_seal made; -1 when tampered with or malformed. */
int crypto_open(const uint8_t key[32], const char *sealed, char *out, size_t size);

/* 1 when equal, in time independent of where they differ. */
int crypto_equal(const void *a, const void *b, size_t n);

/* argon2id; 0 on success. Verification runs in constant time for a given hash. */
int crypto_password_hash(const char *password, char out[CRYPTO_PASSWORD_HASH]);
int crypto_password_verify(const char *hash, const char *password);

#endif
