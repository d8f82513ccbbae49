/* Covers oauth/pkce.c: RFC 7636 code_verifier checks for S256 and plain, and what a verifier may look like. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "oauth/oauth_internal.h"

#include <string.h>

/* RFC 7636 Appendix B: the verifier is base64url of the 32 octets listed there, and the
 * challenge base64url(SHA-256(verifier)). Both checked independently with Python's hashlib. */
#define RFC_VERIFIER "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
#define RFC_CHALLENGE "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"

static int setup(void **state)
{
    (void)state;
    return crypto_init();
}

static void pkce_s256_accepts_rfc7636_appendix_b_vector(void **state)
{
    (void)state;
    assert_true(pkce_verify(RFC_CHALLENGE, "S256", RFC_VERIFIER));
}

static void pkce_s256_refuses_wrong_verifier(void **state)
{
    (void)state;
    /* last character changed */
    assert_false(pkce_verify(RFC_CHALLENGE, "S256", "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXl"));
    /* first character changed */
    assert_false(pkce_verify(RFC_CHALLENGE, "S256", "eBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"));
    /* one character longer */
    assert_false(pkce_verify(RFC_CHALLENGE, "S256", RFC_VERIFIER "A"));
}

static void pkce_s256_refuses_challenge_sent_back_as_verifier(void **state)
{
    (void)state;
    assert_false(pkce_verify(RFC_CHALLENGE, "S256", RFC_CHALLENGE));
}

static void pkce_s256_refuses_truncated_or_extended_challenge(void **state)
{
    (void)state;
    assert_false(pkce_verify("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-c", "S256", RFC_VERIFIER));
    assert_false(pkce_verify(RFC_CHALLENGE "=", "S256", RFC_VERIFIER));
    assert_false(pkce_verify("", "S256", RFC_VERIFIER));
}

static void pkce_s256_refuses_padded_or_standard_base64_challenge(void **state)
{
    (void)state;
    /* the same digest in standard base64: '-' becomes '+', and padding is added */
    assert_false(pkce_verify("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw+cM=", "S256", RFC_VERIFIER));
}

static void pkce_plain_accepts_identical_verifier(void **state)
{
    (void)state;
    assert_true(pkce_verify(RFC_VERIFIER, "plain", RFC_VERIFIER));
}

static void pkce_plain_refuses_different_verifier(void **state)
{
    (void)state;
    assert_false(pkce_verify(RFC_VERIFIER, "plain", "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXl"));
    /* a verifier that the challenge is a prefix of, and the reverse */
    assert_false(pkce_verify(RFC_VERIFIER, "plain", RFC_VERIFIER "x"));
    assert_false(pkce_verify(RFC_VERIFIER "x", "plain", RFC_VERIFIER));
}

static void pkce_plain_refuses_s256_answer(void **state)
{
    (void)state;
    /* a client that sent an S256 challenge cannot switch to plain by sending the challenge */
    assert_false(pkce_verify(RFC_CHALLENGE, "plain", RFC_VERIFIER));
}

static void pkce_refuses_unknown_methods(void **state)
{
    (void)state;
    assert_false(pkce_verify(RFC_CHALLENGE, "s256", RFC_VERIFIER));
    assert_false(pkce_verify(RFC_CHALLENGE, "SHA256", RFC_VERIFIER));
    assert_false(pkce_verify(RFC_CHALLENGE, "S512", RFC_VERIFIER));
    assert_false(pkce_verify(RFC_CHALLENGE, "", RFC_VERIFIER));
    assert_false(pkce_verify(RFC_VERIFIER, "PLAIN", RFC_VERIFIER));
    assert_false(pkce_verify(RFC_VERIFIER, "none", RFC_VERIFIER));
}

static void pkce_refuses_missing_verifier(void **state)
{
    (void)state;
    assert_false(pkce_verify(RFC_CHALLENGE, "S256", NULL));
    assert_false(pkce_verify("", "plain", ""));
}

static void pkce_well_formed_accepts_43_to_128_unreserved_characters(void **state)
{
    (void)state;
    char s[130];
    memset(s, 'a', sizeof s);
    s[43] = '\0';
    assert_true(pkce_well_formed(s));
    s[43] = 'a';
    s[128] = '\0';
    assert_true(pkce_well_formed(s));
    assert_true(pkce_well_formed("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopq-._~0123456789"));
}

static void pkce_well_formed_refuses_too_short_and_too_long(void **state)
{
    (void)state;
    char s[130];
    memset(s, 'a', sizeof s);
    s[42] = '\0';
    assert_false(pkce_well_formed(s));
    s[42] = 'a';
    s[129] = '\0';
    assert_false(pkce_well_formed(s));
    assert_false(pkce_well_formed(""));
}

static void pkce_well_formed_refuses_characters_outside_unreserved(void **state)
{
    (void)state;
    const char bad[] = {'+', '/', '=', ' ', '%', '!', '*', '\t', '\x7f', '\xc3', '#', '?', '&'};
    for (size_t i = 0; i < sizeof bad; i++) {
        char s[44];
        memcpy(s, RFC_VERIFIER, 44);
        s[20] = bad[i];
        assert_false(pkce_well_formed(s));
    }
}

static void pkce_verify_refuses_malformed_verifier_even_when_plain_matches(void **state)
{
    (void)state;
    char s[130];
    memset(s, 'a', sizeof s);
    s[42] = '\0'; /* 42 characters: one too few */
    assert_false(pkce_verify(s, "plain", s));
    s[42] = 'a';
    s[129] = '\0'; /* 129 characters: one too many */
    assert_false(pkce_verify(s, "plain", s));
    const char *slashy = "dBjftJeZ4CVP/mB92K27uhbUJU1p1r+wW1gFWFOEjXk";
    assert_false(pkce_verify(slashy, "plain", slashy));
}

static void pkce_s256_accepts_longest_verifier(void **state)
{
    (void)state;
    char v[129];
    memset(v, '~', 128);
    v[128] = '\0';
    uint8_t digest[32];
    char challenge[48];
    crypto_sha256(v, 128, digest);
    assert_int_equal(crypto_b64url(challenge, sizeof challenge, digest, sizeof digest), 43);
    assert_true(pkce_verify(challenge, "S256", v));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(pkce_s256_accepts_rfc7636_appendix_b_vector),
        cmocka_unit_test(pkce_s256_refuses_wrong_verifier),
        cmocka_unit_test(pkce_s256_refuses_challenge_sent_back_as_verifier),
        cmocka_unit_test(pkce_s256_refuses_truncated_or_extended_challenge),
        cmocka_unit_test(pkce_s256_refuses_padded_or_standard_base64_challenge),
        cmocka_unit_test(pkce_plain_accepts_identical_verifier),
        cmocka_unit_test(pkce_plain_refuses_different_verifier),
        cmocka_unit_test(pkce_plain_refuses_s256_answer),
        cmocka_unit_test(pkce_refuses_unknown_methods),
        cmocka_unit_test(pkce_refuses_missing_verifier),
        cmocka_unit_test(pkce_well_formed_accepts_43_to_128_unreserved_characters),
        cmocka_unit_test(pkce_well_formed_refuses_too_short_and_too_long),
        cmocka_unit_test(pkce_well_formed_refuses_characters_outside_unreserved),
        cmocka_unit_test(pkce_verify_refuses_malformed_verifier_even_when_plain_matches),
        cmocka_unit_test(pkce_s256_accepts_longest_verifier),
    };
    return cmocka_run_group_tests_name("pkce", tests, setup, NULL);
}
