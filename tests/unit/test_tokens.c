/* Covers oauth/tokens.c: minting access and refresh tokens and oauth_access_verify (signature, expiry, generation). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/clock.h"
#include "core/config.h"
#include "core/db.h"
#include "oauth/oauth_internal.h"

#include <jansson.h>
#include <jwt.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CLIENT_ID "cl1entIdAAAAAAAAAAAAAA"
#define USER_ID "us3rIdAAAAAAAAAAAAAAAA"
#define ACCOUNT_ID "acc0untIdAAAAAAAAAAAAA"
#define GRANT_ID "gr4ntIdAAAAAAAAAAAAAAAAAAAAAAAAA"
#define SCOPES "user:read meeting:read"
#define KID "11111111-2222-3333-4444-555555555555"

static struct db *db;

static int group_setup(void **state)
{
    (void)state;
    if (crypto_init() != 0)
        return -1;
    struct config *c = config_edit();
    config_defaults(c);
    memset(c->hash_key, 0x11, sizeof c->hash_key);
    for (size_t i = 0; i < sizeof c->token_key; i++)
        c->token_key[i] = (uint8_t)(i * 7 + 3);
    snprintf(c->token_kid, sizeof c->token_kid, "%s", KID);
    if (db_open(&db, ":memory:") != DB_DONE || db_migrate(db) != DB_DONE)
        return -1;
    return clock_load(db);
}

static int group_teardown(void **state)
{
    (void)state;
    installs_free();
    db_close(db);
    return 0;
}

/* An install whose generation is published, as installs_load would. */
static struct install install_with(int64_t id, uint32_t generation)
{
    struct install ins;
    memset(&ins, 0, sizeof ins);
    ins.id = id;
    ins.generation = generation;
    snprintf(ins.account_id, sizeof ins.account_id, "%s", ACCOUNT_ID);
    snprintf(ins.user_id, sizeof ins.user_id, "%s", USER_ID);
    snprintf(ins.scopes, sizeof ins.scopes, "%s", SCOPES);
    install_publish(id, generation);
    return ins;
}

static void mint(const struct install *ins, enum token_type type, char out[TOKEN_MAX])
{
    struct token_subject subject = {ins, CLIENT_ID, USER_ID, type, GRANT_ID};
    assert_int_equal(token_mint_access(&subject, SCOPES, out), 0);
}

static enum oauth_verdict verify(const char *token, struct oauth_access *out)
{
    return oauth_access_verify(db, token, strlen(token), out);
}

/* The JSON of one dot-separated part of a JWS. */
static json_t *jws_part(const char *token, int part)
{
    const char *p = token;
    for (int i = 0; i < part; i++) {
        p = strchr(p, '.');
        assert_non_null(p);
        p++;
    }
    const char *end = strchr(p, '.');
    size_t n = end ? (size_t)(end - p) : strlen(p);
    unsigned char bin[2048];
    size_t got = 0;
    assert_int_equal(
        sodium_base642bin(bin, sizeof bin, p, n, NULL, &got, NULL, sodium_base64_VARIANT_URLSAFE_NO_PADDING), 0);
    json_error_t err;
    json_t *j = json_loadb((const char *)bin, got, 0, &err);
    assert_non_null(j);
    return j;
}

static void b64url_json(json_t *j, char *out, size_t size)
{
    char *s = json_dumps(j, JSON_COMPACT);
    assert_non_null(s);
    sodium_bin2base64(out, size, (const unsigned char *)s, strlen(s), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    free(s);
}

/* The token with its payload replaced by `payload`, header and signature kept. */
static void swap_payload(const char *token, json_t *payload, char out[TOKEN_MAX])
{
    const char *dot1 = strchr(token, '.');
    const char *dot2 = strrchr(token, '.');
    assert_true(dot1 && dot2 && dot1 != dot2);
    char enc[TOKEN_MAX];
    b64url_json(payload, enc, sizeof enc);
    int n = snprintf(out, TOKEN_MAX, "%.*s.%s%s", (int)(dot1 - token), token, enc, dot2);
    assert_true(n > 0 && n < TOKEN_MAX);
}

static void access_token_verifies_with_its_claims(void **state)
{
    (void)state;
    struct install ins = install_with(101, 1);
    char tok[TOKEN_MAX];
    mint(&ins, TOKEN_USER, tok);
    struct oauth_access a;
    assert_int_equal(verify(tok, &a), OAUTH_TOKEN_OK);
    assert_string_equal(a.client_id, CLIENT_ID);
    assert_string_equal(a.user_id, USER_ID);
    assert_string_equal(a.account_id, ACCOUNT_ID);
    assert_string_equal(a.scopes, SCOPES);
    assert_int_equal(a.install_id, 101);
    assert_int_equal(a.generation, 1);
    assert_int_equal(a.type, TOKEN_USER);
    assert_int_equal(a.refresh, 0);
    assert_int_equal(a.exp - a.iat, ACCESS_TOKEN_TTL_S);
    int64_t now = clock_now();
    assert_true(a.iat <= now && a.iat >= now - 5);
}

static void access_token_keeps_its_type(void **state)
{
    (void)state;
    struct install ins = install_with(102, 1);
    char tok[TOKEN_MAX];
    struct oauth_access a;
    mint(&ins, TOKEN_ACCOUNT, tok);
    assert_int_equal(verify(tok, &a), OAUTH_TOKEN_OK);
    assert_int_equal(a.type, TOKEN_ACCOUNT);
    mint(&ins, TOKEN_CLIENT, tok);
    assert_int_equal(verify(tok, &a), OAUTH_TOKEN_OK);
    assert_int_equal(a.type, TOKEN_CLIENT);
}

static void access_token_header_is_zooms(void **state)
{
    (void)state;
    struct install ins = install_with(103, 1);
    char tok[TOKEN_MAX];
    mint(&ins, TOKEN_USER, tok);
    json_t *h = jws_part(tok, 0);
    assert_string_equal(json_string_value(json_object_get(h, "alg")), "HS512");
    assert_string_equal(json_string_value(json_object_get(h, "sv")), "000001");
    assert_string_equal(json_string_value(json_object_get(h, "v")), "2.0");
    assert_string_equal(json_string_value(json_object_get(h, "kid")), KID);
    json_decref(h);
}

static void access_token_payload_has_zoom_claims(void **state)
{
    (void)state;
    struct install ins = install_with(104, 7);
    char tok[TOKEN_MAX];
    mint(&ins, TOKEN_USER, tok);
    json_t *p = jws_part(tok, 1);
    assert_string_equal(json_string_value(json_object_get(p, "aud")), "https://oauth.zoom.us");
    assert_string_equal(json_string_value(json_object_get(p, "iss")), "zm:cid:" CLIENT_ID);
    assert_string_equal(json_string_value(json_object_get(p, "uid")), USER_ID);
    assert_string_equal(json_string_value(json_object_get(p, "aid")), ACCOUNT_ID);
    assert_string_equal(json_string_value(json_object_get(p, "code")), GRANT_ID);
    assert_int_equal(json_integer_value(json_object_get(p, "gno")), 7);
    assert_int_equal(json_integer_value(json_object_get(p, "type")), TOKEN_USER);
    json_int_t iat = json_integer_value(json_object_get(p, "iat"));
    assert_int_equal(json_integer_value(json_object_get(p, "nbf")), iat);
    assert_int_equal(json_integer_value(json_object_get(p, "exp")), iat + ACCESS_TOKEN_TTL_S);
    const char *auid = json_string_value(json_object_get(p, "auid"));
    assert_non_null(auid);
    assert_int_equal(strlen(auid), 32);
    assert_null(json_object_get(p, "jti"));
    json_decref(p);
}

static void access_token_expires_after_ttl_on_virtual_clock(void **state)
{
    (void)state;
    struct install ins = install_with(105, 1);
    char tok[TOKEN_MAX];
    mint(&ins, TOKEN_USER, tok);
    struct oauth_access a;
    assert_int_equal(verify(tok, &a), OAUTH_TOKEN_OK);
    /* well inside the hour: still good */
    assert_int_equal(clock_advance(db, ACCESS_TOKEN_TTL_S - 600), 0);
    assert_int_equal(verify(tok, &a), OAUTH_TOKEN_OK);
    /* ACCESS_TOKEN_TTL_S after minting in total: exp has been reached */
    assert_int_equal(clock_advance(db, 600), 0);
    assert_int_equal(verify(tok, &a), OAUTH_TOKEN_EXPIRED);
    assert_int_equal(clock_advance(db, 3600 * 24 * 365), 0);
    assert_int_equal(verify(tok, &a), OAUTH_TOKEN_EXPIRED);
    /* a token minted now is good again */
    mint(&ins, TOKEN_USER, tok);
    assert_int_equal(verify(tok, &a), OAUTH_TOKEN_OK);
}

static void access_token_refused_after_generation_bump(void **state)
{
    (void)state;
    struct install ins = install_with(106, 1);
    char old[TOKEN_MAX], fresh[TOKEN_MAX];
    struct oauth_access a;
    mint(&ins, TOKEN_USER, old);
    assert_int_equal(verify(old, &a), OAUTH_TOKEN_OK);
    install_publish(106, 2);
    assert_int_equal(verify(old, &a), OAUTH_TOKEN_INVALID);
    ins.generation = 2;
    mint(&ins, TOKEN_USER, fresh);
    assert_int_equal(verify(fresh, &a), OAUTH_TOKEN_OK);
    /* the next bump kills the token minted after the first one as well */
    install_publish(106, 3);
    assert_int_equal(verify(old, &a), OAUTH_TOKEN_INVALID);
    assert_int_equal(verify(fresh, &a), OAUTH_TOKEN_INVALID);
}

static void access_token_refused_for_revoked_or_unknown_install(void **state)
{
    (void)state;
    struct install ins = install_with(107, 1);
    char tok[TOKEN_MAX];
    struct oauth_access a;
    mint(&ins, TOKEN_USER, tok);
    install_publish(107, INSTALL_DEAD);
    assert_int_equal(verify(tok, &a), OAUTH_TOKEN_INVALID);

    struct install never = ins; /* never published */
    never.id = 4000000;
    mint(&never, TOKEN_USER, tok);
    assert_int_equal(verify(tok, &a), OAUTH_TOKEN_INVALID);
}

static void refresh_token_is_never_an_access_token(void **state)
{
    (void)state;
    struct install ins = install_with(108, 1);
    char tok[TOKEN_MAX], hash[CRYPTO_HASH_HEX];
    assert_int_equal(token_mint_refresh(&ins, CLIENT_ID, USER_ID, GRANT_ID, tok, hash), 0);
    struct oauth_access a;
    assert_int_equal(verify(tok, &a), OAUTH_TOKEN_INVALID);
    /* it is a token plaza signed, and says it is a refresh token */
    assert_int_equal(token_peek(tok, &a), 0);
    assert_int_equal(a.refresh, 1);
    assert_int_equal(a.exp - a.iat, config()->refresh_ttl_s);
}

static void refresh_token_hash_is_keyed_hash_of_the_token(void **state)
{
    (void)state;
    struct install ins = install_with(109, 1);
    char t1[TOKEN_MAX], t2[TOKEN_MAX], h1[CRYPTO_HASH_HEX], h2[CRYPTO_HASH_HEX], expect[CRYPTO_HASH_HEX];
    assert_int_equal(token_mint_refresh(&ins, CLIENT_ID, USER_ID, GRANT_ID, t1, h1), 0);
    assert_int_equal(token_mint_refresh(&ins, CLIENT_ID, USER_ID, GRANT_ID, t2, h2), 0);
    secret_hash(t1, expect);
    assert_string_equal(h1, expect);
    assert_int_equal(strlen(h1), 64);
    /* two refresh tokens for the same grant in the same second still differ */
    assert_string_not_equal(t1, t2);
    assert_string_not_equal(h1, h2);
}

static void access_token_with_tampered_signature_is_invalid(void **state)
{
    (void)state;
    struct install ins = install_with(110, 1);
    char tok[TOKEN_MAX];
    mint(&ins, TOKEN_USER, tok);
    struct oauth_access a;
    char *sig = strrchr(tok, '.') + 1;
    size_t n = strlen(sig);
    assert_true(n > 40);
    /* change a character in the middle (the last one carries padding bits) */
    sig[n / 2] = sig[n / 2] == 'A' ? 'B' : 'A';
    assert_int_equal(verify(tok, &a), OAUTH_TOKEN_INVALID);
    /* no signature at all */
    mint(&ins, TOKEN_USER, tok);
    strrchr(tok, '.')[1] = '\0';
    assert_int_equal(verify(tok, &a), OAUTH_TOKEN_INVALID);
}

static void access_token_with_tampered_payload_is_invalid(void **state)
{
    (void)state;
    struct install ins = install_with(111, 1);
    char tok[TOKEN_MAX], forged[TOKEN_MAX];
    struct oauth_access a;
    mint(&ins, TOKEN_USER, tok);

    json_t *p = jws_part(tok, 1);
    /* unchanged payload re-encoded: still valid, so the forgeries below fail for their change */
    swap_payload(tok, p, forged);
    assert_int_equal(verify(forged, &a), OAUTH_TOKEN_OK);

    json_object_set_new(p, "scp", json_string(SCOPES " user:write:admin"));
    swap_payload(tok, p, forged);
    assert_int_equal(verify(forged, &a), OAUTH_TOKEN_INVALID);

    json_object_set_new(p, "scp", json_string(SCOPES));
    json_object_set_new(p, "exp", json_integer(json_integer_value(json_object_get(p, "exp")) + 86400));
    swap_payload(tok, p, forged);
    assert_int_equal(verify(forged, &a), OAUTH_TOKEN_INVALID);
    json_decref(p);
}

static void access_token_refuses_other_algorithms_and_keys(void **state)
{
    (void)state;
    struct install ins = install_with(112, 1);
    char tok[TOKEN_MAX];
    mint(&ins, TOKEN_USER, tok);
    json_t *claims = jws_part(tok, 1);
    char *claims_s = json_dumps(claims, JSON_COMPACT);
    json_decref(claims);
    assert_non_null(claims_s);

    const struct config *c = config();
    uint8_t other_key[64];
    memset(other_key, 0x42, sizeof other_key);
    struct {
        jwt_alg_t alg;
        const uint8_t *key;
        int len;
    } cases[] = {
        {JWT_ALG_HS256, c->token_key, sizeof c->token_key}, /* right key, weaker algorithm */
        {JWT_ALG_HS384, c->token_key, sizeof c->token_key},
        {JWT_ALG_HS512, other_key, sizeof other_key}, /* right algorithm, wrong key */
        {JWT_ALG_NONE, NULL, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        jwt_t *jwt = NULL;
        assert_int_equal(jwt_new(&jwt), 0);
        assert_int_equal(jwt_add_grants_json(jwt, claims_s), 0);
        assert_int_equal(jwt_set_alg(jwt, cases[i].alg, cases[i].key, cases[i].len), 0);
        char *forged = jwt_encode_str(jwt);
        jwt_free(jwt);
        assert_non_null(forged);
        struct oauth_access a;
        enum oauth_verdict v = oauth_access_verify(db, forged, strlen(forged), &a);
        free(forged);
        if (v != OAUTH_TOKEN_INVALID)
            fail_msg("case %zu accepted", i);
    }
    free(claims_s);
}

/* found by tests/fuzz/fuzz_jwt.c: libjwt reads "alg" ignoring case, but RFC 7515 §4.1.1 makes it
 * case-sensitive, so a header saying "hS512" is no HS512 token even with the right signature */
static void access_token_refuses_alg_in_another_case(void **state)
{
    (void)state;
    struct install ins = install_with(113, 1);
    char tok[TOKEN_MAX];
    mint(&ins, TOKEN_USER, tok);
    struct oauth_access a;
    assert_int_equal(oauth_access_verify(db, tok, strlen(tok), &a), OAUTH_TOKEN_OK);
    json_t *header = jws_part(tok, 0);
    json_object_set_new(header, "alg", json_string("hS512"));
    char forged[TOKEN_MAX], enc[TOKEN_MAX];
    b64url_json(header, enc, sizeof enc);
    json_decref(header);
    const char *dot1 = strchr(tok, '.'), *dot2 = strrchr(tok, '.');
    int n = snprintf(forged, sizeof forged, "%s%.*s", enc, (int)(dot2 - dot1), dot1);
    assert_true(n > 0 && (size_t)n < sizeof forged);
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int maclen = 0;
    const struct config *c = config();
    assert_non_null(HMAC(EVP_sha512(), c->token_key, sizeof c->token_key, (unsigned char *)forged, (size_t)n, mac,
                         &maclen));
    forged[n] = '.';
    sodium_bin2base64(forged + n + 1, sizeof forged - (size_t)n - 1, mac, maclen,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    assert_int_equal(oauth_access_verify(db, forged, strlen(forged), &a), OAUTH_TOKEN_INVALID);
    assert_int_equal(token_peek(forged, &a), -1);
}

static void access_verify_reads_only_the_given_length(void **state)
{
    (void)state;
    struct install ins = install_with(113, 1);
    char tok[TOKEN_MAX + 8];
    mint(&ins, TOKEN_USER, tok);
    size_t n = strlen(tok);
    struct oauth_access a;
    memcpy(tok + n, " junk", 6);
    assert_int_equal(oauth_access_verify(db, tok, n, &a), OAUTH_TOKEN_OK);
    assert_int_equal(oauth_access_verify(db, tok, n - 1, &a), OAUTH_TOKEN_INVALID);
    assert_int_equal(oauth_access_verify(db, tok, n + 5, &a), OAUTH_TOKEN_INVALID);
}

static void access_verify_refuses_empty_oversized_and_garbage(void **state)
{
    (void)state;
    struct oauth_access a;
    assert_int_equal(oauth_access_verify(db, "", 0, &a), OAUTH_TOKEN_INVALID);
    assert_int_equal(verify("not-a-token", &a), OAUTH_TOKEN_INVALID);
    assert_int_equal(verify("a.b.c", &a), OAUTH_TOKEN_INVALID);
    assert_int_equal(verify("..", &a), OAUTH_TOKEN_INVALID);
    static char big[TOKEN_MAX + 1];
    memset(big, 'a', TOKEN_MAX);
    big[TOKEN_MAX] = '\0';
    assert_int_equal(oauth_access_verify(db, big, TOKEN_MAX, &a), OAUTH_TOKEN_INVALID);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(access_token_verifies_with_its_claims),
        cmocka_unit_test(access_token_keeps_its_type),
        cmocka_unit_test(access_token_header_is_zooms),
        cmocka_unit_test(access_token_payload_has_zoom_claims),
        cmocka_unit_test(access_token_expires_after_ttl_on_virtual_clock),
        cmocka_unit_test(access_token_refused_after_generation_bump),
        cmocka_unit_test(access_token_refused_for_revoked_or_unknown_install),
        cmocka_unit_test(refresh_token_is_never_an_access_token),
        cmocka_unit_test(refresh_token_hash_is_keyed_hash_of_the_token),
        cmocka_unit_test(access_token_with_tampered_signature_is_invalid),
        cmocka_unit_test(access_token_with_tampered_payload_is_invalid),
        cmocka_unit_test(access_token_refuses_other_algorithms_and_keys),
        cmocka_unit_test(access_token_refuses_alg_in_another_case),
        cmocka_unit_test(access_verify_reads_only_the_given_length),
        cmocka_unit_test(access_verify_refuses_empty_oversized_and_garbage),
    };
    return cmocka_run_group_tests_name("tokens", tests, group_setup, group_teardown);
}
