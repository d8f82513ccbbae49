/* Covers core/crypto.c: keyed secret hashes, constant-time compare, base64url, SHA-256, hex, argon2id passwords. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/crypto.h"

#include <string.h>

static int setup(void **state)
{
    (void)state;
    return crypto_init();
}

static size_t b64url(char *out, size_t size, const char *in) { return crypto_b64url(out, size, in, strlen(in)); }

/* ---- crypto_secret_hash ---------------------------------------------------- */

static void secret_hash_matches_hmac_sha256_vector(void **state)
{
    (void)state;
    /* hex(HMAC-SHA256(32 × 0x0b, "Hi There")), computed with Python's hmac module */
    uint8_t key[32];
    memset(key, 0x0b, sizeof key);
    char out[CRYPTO_HASH_HEX];
    crypto_secret_hash(key, "Hi There", 8, out);
    assert_string_equal(out, "198a607eb44bfbc69903a0f1cf2bbdc5ba0aa3f3d9ae3c1c7a3b1696a0b68cf7");
    crypto_secret_hash(key, "", 0, out);
    assert_string_equal(out, "5177e637aaac0b50e5dca8bb05b0b571444bd59b9b0d834d50681af21fc14b1e");
}

static void secret_hash_is_deterministic(void **state)
{
    (void)state;
    uint8_t key[32];
    for (int i = 0; i < 32; i++)
        key[i] = (uint8_t)i;
    char a[CRYPTO_HASH_HEX], b[CRYPTO_HASH_HEX];
    crypto_secret_hash(key, "client-secret", 13, a);
    crypto_secret_hash(key, "client-secret", 13, b);
    assert_string_equal(a, b);
    assert_string_equal(a, "136b906144801d6aa33956d63bcc765f49fa049c6e04530c3fb5c509f3678c69");
    assert_int_equal(strlen(a), CRYPTO_HASH_HEX - 1);
}

static void secret_hash_depends_on_key(void **state)
{
    (void)state;
    uint8_t k1[32], k2[32];
    memset(k1, 0x01, sizeof k1);
    memcpy(k2, k1, sizeof k2);
    k2[31] ^= 0x80; /* the last byte of the key matters too */
    char a[CRYPTO_HASH_HEX], b[CRYPTO_HASH_HEX];
    crypto_secret_hash(k1, "secret", 6, a);
    crypto_secret_hash(k2, "secret", 6, b);
    assert_string_not_equal(a, b);
}

static void secret_hash_depends_on_every_byte_of_secret(void **state)
{
    (void)state;
    uint8_t key[32];
    memset(key, 0x22, sizeof key);
    char a[CRYPTO_HASH_HEX], b[CRYPTO_HASH_HEX], c[CRYPTO_HASH_HEX];
    crypto_secret_hash(key, "secret", 6, a);
    crypto_secret_hash(key, "secreT", 6, b);
    crypto_secret_hash(key, "secret", 5, c); /* only the given length is hashed */
    assert_string_not_equal(a, b);
    assert_string_not_equal(a, c);
}

/* ---- crypto_equal ---------------------------------------------------------- */

static void equal_compares_all_bytes(void **state)
{
    (void)state;
    assert_true(crypto_equal("abcdef", "abcdef", 6));
    assert_false(crypto_equal("abcdef", "abcdeX", 6));
    assert_false(crypto_equal("abcdef", "Xbcdef", 6));
    assert_true(crypto_equal("abcdef", "abcdeX", 5));
    const uint8_t z1[4] = {0, 0, 0, 0}, z2[4] = {0, 0, 0, 1};
    assert_true(crypto_equal(z1, z1, 4));
    assert_false(crypto_equal(z1, z2, 4));
}

/* ---- crypto_b64url --------------------------------------------------------- */

static void b64url_matches_rfc4648_vectors_without_padding(void **state)
{
    (void)state;
    char out[32];
    assert_int_equal(b64url(out, sizeof out, "f"), 2);
    assert_string_equal(out, "Zg");
    assert_int_equal(b64url(out, sizeof out, "fo"), 3);
    assert_string_equal(out, "Zm8");
    assert_int_equal(b64url(out, sizeof out, "foo"), 4);
    assert_string_equal(out, "Zm9v");
    assert_int_equal(b64url(out, sizeof out, "foob"), 6);
    assert_string_equal(out, "Zm9vYg");
    assert_int_equal(b64url(out, sizeof out, "fooba"), 7);
    assert_string_equal(out, "Zm9vYmE");
    assert_int_equal(b64url(out, sizeof out, "foobar"), 8);
    assert_string_equal(out, "Zm9vYmFy");
}

static void b64url_uses_url_safe_alphabet(void **state)
{
    (void)state;
    char out[32];
    const uint8_t in[] = {0xfb, 0xff, 0xbf}; /* standard base64: "+/+/" */
    assert_int_equal(crypto_b64url(out, sizeof out, in, sizeof in), 4);
    assert_string_equal(out, "-_-_");
    const uint8_t two[] = {0xfb, 0xff}; /* standard: "+/8=" */
    assert_int_equal(crypto_b64url(out, sizeof out, two, sizeof two), 3);
    assert_string_equal(out, "-_8");
}

static void b64url_refuses_too_small_buffer(void **state)
{
    (void)state;
    char out[8];
    memset(out, 'x', sizeof out);
    /* "foobar" needs 8 characters and a NUL */
    assert_int_equal(crypto_b64url(out, 8, "foobar", 6), 0);
    char ok[9];
    assert_int_equal(crypto_b64url(ok, sizeof ok, "foobar", 6), 8);
}

static void b64url_of_sha256_is_43_characters(void **state)
{
    (void)state;
    uint8_t d[32];
    char out[48];
    crypto_sha256("abc", 3, d);
    assert_int_equal(crypto_b64url(out, sizeof out, d, sizeof d), 43);
    assert_string_equal(out, "ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0");
}

/* ---- crypto_sha256, crypto_hex, crypto_unhex ------------------------------- */

static void sha256_matches_fips_vectors(void **state)
{
    (void)state;
    uint8_t d[32];
    char hex[65];
    crypto_sha256("abc", 3, d);
    crypto_hex(hex, d, sizeof d);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    crypto_sha256("", 0, d);
    crypto_hex(hex, d, sizeof d);
    assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

static void unhex_decodes_exact_length(void **state)
{
    (void)state;
    uint8_t out[4];
    assert_int_equal(crypto_unhex(out, 4, "deadBEEF"), 0);
    const uint8_t want[4] = {0xde, 0xad, 0xbe, 0xef};
    assert_memory_equal(out, want, 4);
}

static void unhex_round_trips_hex(void **state)
{
    (void)state;
    uint8_t in[16], back[16];
    for (int i = 0; i < 16; i++)
        in[i] = (uint8_t)(i * 17);
    char hex[33];
    crypto_hex(hex, in, sizeof in);
    assert_int_equal(crypto_unhex(back, sizeof back, hex), 0);
    assert_memory_equal(in, back, sizeof in);
}

static void unhex_refuses_wrong_length(void **state)
{
    (void)state;
    uint8_t out[4];
    assert_int_not_equal(crypto_unhex(out, 4, "deadbe"), 0);     /* too short */
    assert_int_not_equal(crypto_unhex(out, 4, "deadbeef00"), 0); /* too long */
    assert_int_not_equal(crypto_unhex(out, 4, "deadbeef0"), 0);  /* odd, too long */
    assert_int_not_equal(crypto_unhex(out, 4, "deadbee"), 0);    /* odd, too short */
    assert_int_not_equal(crypto_unhex(out, 4, ""), 0);
}

static void unhex_refuses_non_hex_characters(void **state)
{
    (void)state;
    uint8_t out[4];
    assert_int_not_equal(crypto_unhex(out, 4, "deadbeeg"), 0);
    assert_int_not_equal(crypto_unhex(out, 4, "dead beef"), 0);
    assert_int_not_equal(crypto_unhex(out, 4, "de:ad:be:ef"), 0);
    assert_int_not_equal(crypto_unhex(out, 4, "0xdeadbe"), 0);
}

/* ---- argon2id passwords ---------------------------------------------------- */

static void password_hash_round_trips_and_refuses_wrong_password(void **state)
{
    (void)state;
    char h1[CRYPTO_PASSWORD_HASH], h2[CRYPTO_PASSWORD_HASH];
    assert_int_equal(crypto_password_hash("correct horse battery staple", h1), 0);
    assert_memory_equal(h1, "$argon2id$", 10);
    assert_true(crypto_password_verify(h1, "correct horse battery staple"));
    assert_false(crypto_password_verify(h1, "correct horse battery stapl"));
    assert_false(crypto_password_verify(h1, "Correct horse battery staple"));
    assert_false(crypto_password_verify(h1, ""));
    /* a fresh salt each time */
    assert_int_equal(crypto_password_hash("correct horse battery staple", h2), 0);
    assert_string_not_equal(h1, h2);
    assert_true(crypto_password_verify(h2, "correct horse battery staple"));
}

static void password_verify_refuses_malformed_hash(void **state)
{
    (void)state;
    assert_false(crypto_password_verify("", "pw"));
    assert_false(crypto_password_verify("pw", "pw"));
    assert_false(crypto_password_verify("$argon2id$v=19$m=19456,t=2,p=1$garbage", "pw"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(secret_hash_matches_hmac_sha256_vector),
        cmocka_unit_test(secret_hash_is_deterministic),
        cmocka_unit_test(secret_hash_depends_on_key),
        cmocka_unit_test(secret_hash_depends_on_every_byte_of_secret),
        cmocka_unit_test(equal_compares_all_bytes),
        cmocka_unit_test(b64url_matches_rfc4648_vectors_without_padding),
        cmocka_unit_test(b64url_uses_url_safe_alphabet),
        cmocka_unit_test(b64url_refuses_too_small_buffer),
        cmocka_unit_test(b64url_of_sha256_is_43_characters),
        cmocka_unit_test(sha256_matches_fips_vectors),
        cmocka_unit_test(unhex_decodes_exact_length),
        cmocka_unit_test(unhex_round_trips_hex),
        cmocka_unit_test(unhex_refuses_wrong_length),
        cmocka_unit_test(unhex_refuses_non_hex_characters),
        cmocka_unit_test(password_hash_round_trips_and_refuses_wrong_password),
        cmocka_unit_test(password_verify_refuses_malformed_hash),
    };
    return cmocka_run_group_tests_name("crypto", tests, setup, NULL);
}
