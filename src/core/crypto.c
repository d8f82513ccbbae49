/* Thin wrappers over libsodium: the OS's random generator (getrandom),
 * SHA-256, HMAC-SHA256, argon2id, constant-time comparison, base64 and hex.
 * libsodium rather than OpenSSL here because it needs no initialisation of
 * providers and DRBGs: plaza starts faster and idles smaller (bench/README.md).
 * OpenSSL still signs and verifies JWTs, through libjwt. */
#include "core/crypto.h"
#include "core/log.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

/* OWASP's argon2id floor: 2 passes over 19 MiB. Interactive without being weak. */
#define PASSWORD_OPSLIMIT 2
#define PASSWORD_MEMLIMIT (19u * 1024 * 1024)

int crypto_init(void) { return sodium_init() < 0 ? -1 : 0; }

void crypto_random(void *buf, size_t n)
{
    randombytes_buf(buf, n); /* getrandom(2); libsodium aborts rather than return weak bytes */
}

size_t crypto_b64url(char *out, size_t out_size, const void *in, size_t n)
{
    size_t need = sodium_base64_encoded_len(n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    if (out_size < need)
        return 0;
    sodium_bin2base64(out, out_size, in, n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    return strlen(out);
}

size_t crypto_b64(char *out, size_t out_size, const void *in, size_t n)
{
    if (out_size < sodium_base64_encoded_len(n, sodium_base64_VARIANT_ORIGINAL))
        return 0;
    sodium_bin2base64(out, out_size, in, n, sodium_base64_VARIANT_ORIGINAL);
    return strlen(out);
}

void crypto_token(char *out, size_t out_size, size_t nbytes)
{
    uint8_t buf[96];
    if (nbytes > sizeof buf)
        abort();
    crypto_random(buf, nbytes);
    if (!crypto_b64url(out, out_size, buf, nbytes))
        abort();
    sodium_memzero(buf, sizeof buf);
}

void crypto_sha256(const void *msg, size_t n, uint8_t out[32]) { crypto_hash_sha256(out, msg, n); }

void crypto_hmac_sha256(const void *key, size_t klen, const void *msg, size_t n, uint8_t out[32])
{
    crypto_auth_hmacsha256_state st;
    crypto_auth_hmacsha256_init(&st, key, klen);
    crypto_auth_hmacsha256_update(&st, msg, n);
    crypto_auth_hmacsha256_final(&st, out);
    sodium_memzero(&st, sizeof st);
}

void crypto_hmac_sha256_parts(const void *key, size_t klen, struct crypto_bytes a, struct crypto_bytes b,
                              uint8_t out[32])
{
    crypto_auth_hmacsha256_state st;
    crypto_auth_hmacsha256_init(&st, key, klen);
    crypto_auth_hmacsha256_update(&st, a.p, a.n);
    crypto_auth_hmacsha256_update(&st, b.p, b.n);
    crypto_auth_hmacsha256_final(&st, out);
    sodium_memzero(&st, sizeof st);
}

void crypto_hex(char *out, const uint8_t *in, size_t n) { sodium_bin2hex(out, 2 * n + 1, in, n); }

int crypto_unhex(uint8_t *out, size_t n, const char *hex)
{
    size_t got = 0;
    if (sodium_hex2bin(out, n, hex, strlen(hex), NULL, &got, NULL) != 0 || got != n)
        return -1;
    return 0;
}

void crypto_secret_hash(const uint8_t key[32], const char *secret, size_t n, char out[CRYPTO_HASH_HEX])
{
    uint8_t mac[32];
    crypto_hmac_sha256(key, 32, secret, n, mac);
    crypto_hex(out, mac, sizeof mac);
}

size_t crypto_sealed_size(size_t plain_len)
{
    return 2 * (crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plain_len) + 1;
}

int crypto_seal(const uint8_t key[32], const char *plain, char *out, size_t size)
{
    size_t n = strlen(plain), clen = crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + n;
    if (size < 2 * clen + 1 || n > 4096)
        return -1;
    unsigned char buf[crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + 4096];
    randombytes_buf(buf, crypto_secretbox_NONCEBYTES);
    crypto_secretbox_easy(buf + crypto_secretbox_NONCEBYTES, (const unsigned char *)plain, n, buf, key);
    sodium_bin2hex(out, size, buf, clen);
    return 0;
}

int crypto_open(const uint8_t key[32], const char *sealed, char *out, size_t size)
{
    unsigned char buf[crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + 4096];
    size_t clen = 0;
    if (sodium_hex2bin(buf, sizeof buf, sealed, strlen(sealed), NULL, &clen, NULL) != 0 ||
        clen < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES)
        return -1;
    size_t n = clen - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES;
    if (n + 1 > size ||
        crypto_secretbox_open_easy((unsigned char *)out, buf + crypto_secretbox_NONCEBYTES,
                                   clen - crypto_secretbox_NONCEBYTES, buf, key) != 0)
        return -1;
    out[n] = '\0';
    return 0;
}

int crypto_equal(const void *a, const void *b, size_t n) { return sodium_memcmp(a, b, n) == 0; }

int crypto_password_hash(const char *password, char out[CRYPTO_PASSWORD_HASH])
{
    _Static_assert(CRYPTO_PASSWORD_HASH >= crypto_pwhash_STRBYTES, "room for the encoded hash");
    return crypto_pwhash_str_alg(out, password, strlen(password), PASSWORD_OPSLIMIT, PASSWORD_MEMLIMIT,
                                 crypto_pwhash_ALG_ARGON2ID13);
}

int crypto_password_verify(const char *hash, const char *password)
{
    return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}
